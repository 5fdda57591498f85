# 실습 06의 검사(src/grade/labs/lab06.rs).

check-06-handlers-installed = sigaction으로 SA_RESTART 핸들러를 설치합니다: 부모는 fork하기 전에 SIGCHLD, 자식은 SIGUSR1과 SIGUSR2
check-06-blocked-before-fork = 부모가 fork하기 전에 sigprocmask로 SIGUSR1, SIGUSR2, SIGCHLD를 블록합니다
check-06-not-queued = 부모가 SIGUSR1을 세 번, 그다음 SIGUSR2를 보냅니다. 블록된 SIGUSR1은 한 번만 전달됩니다(시그널은 큐에 쌓이지 않습니다)
check-06-waits-with-sigsuspend = 각 프로세스가 기다리는 시그널만 블록을 푼 마스크로 sigsuspend에서 기다립니다
check-06-handlers-async-signal-safe = 핸들러는 시스템 콜을 하지 않습니다(출력도, 메모리 할당도 없이). 원자 변수만 설정합니다
check-06-reaps-child = SIGCHLD를 받은 뒤 부모가 waitpid로 자식을 회수합니다

lab06-a-child = 자식 프로세스
lab06-install = { $who }가 sigaction과 SA_RESTART로 { $signal } 핸들러를 설치하는 것
lab06-install-before-fork = { $who }가 fork하기 전에 sigaction과 SA_RESTART로 { $signal } 핸들러를 설치하는 것
lab06-its-sigactions = 그 프로세스의 sigaction 호출
lab06-no-sigaction = sigaction 호출이 없습니다
lab06-sa-restart = SA_RESTART가 없으면 핸들러에 끊긴 호출은 EINTR로 실패합니다
lab06-sigchld-lost = 핸들러가 생기기 전에 온 SIGCHLD는 사라집니다
lab06-block-expected = 부모 프로세스가 fork하기 전에 sigprocmask(SIG_BLOCK, [USR1 USR2 CHLD])를 호출하는 것
lab06-not-blocked = fork하기 전에 블록되지 않은 시그널: { $signals }
lab06-default-action = 자식이 핸들러를 설치하기 전에 도착한 시그널은 기본 동작을 따릅니다(SIGUSR1은 프로세스를 끝냅니다)
lab06-kill-expected = 부모 프로세스가 kill({ $child }, SIGUSR1)을 세 번, 그다음 kill({ $child }, SIGUSR2)를 호출하는 것
lab06-kills = 자식에게 보낸 kill 호출 { $n }개
lab06-delivered-expected = 자식에게 SIGUSR1과 SIGUSR2가 한 번씩 전달되는 것(블록된 SIGUSR1 세 개는 보류 중인 시그널 하나가 됩니다)
lab06-delivered = SIGUSR1은 { $usr1 }번, SIGUSR2는 { $usr2 }번 전달되었습니다
lab06-suspend-expected = { $who }가 { $awaited }을(를) 들이는 마스크로 sigsuspend에서 기다리는 것
lab06-suspend-expected-blocked = { $who }가 { $awaited }은(는) 들이고 { $blocked }은(는) 블록한 채로 두는 마스크로 sigsuspend에서 기다리는 것
lab06-pause = 플래그를 확인한 다음 pause()를 부릅니다. 그 사이에 온 시그널은 놓치고, 프로세스는 영원히 잠듭니다
lab06-no-sigsuspend = { $who }는 sigsuspend를 한 번도 호출하지 않았습니다
lab06-spinning = 플래그를 돌면서 기다리거나, 아예 기다리지 않습니다
lab06-still-masked = sigsuspend가 기다리는 마스크에 { $awaited }이(가) 아직 들어 있어서 결코 도착할 수 없습니다. 마스크에서 빼십시오
lab06-stay-blocked = { $awaited }을(를) 기다리는 동안 { $blocked }은(는) 블록된 채로 있어야 합니다
lab06-handler-expected = 시그널 핸들러 안에서는(시그널이 전달된 때부터 rt_sigreturn까지) 시스템 콜이 없는 것
lab06-handler-calls = pid { $pid } 프로세스가 { $time } s에 { $signal }을(를) 받고, 핸들러가 돌아가기(rt_sigreturn) 전에 호출을 { $n }개 했습니다
lab06-handler-prints = 핸들러가 출력합니다. println!은 비동기 시그널 안전하지 않습니다(stdout 잠금을 잡으므로 교착 상태에 빠질 수 있습니다). 원자 플래그만 설정하고 출력은 본 코드에서 하십시오
lab06-handler-unsafe = 핸들러가 비동기 시그널 안전하지 않은 함수를 부릅니다. 핸들러에서는 원자 변수만 건드리십시오
lab06-handlers-run = 핸들러가 실행되는 것
lab06-none-delivered = 핸들러가 처리한 시그널이 하나도 전달되지 않았습니다
