# 실습 09의 검사(src/grade/labs/lab09.rs). 방식의 이름은 실습의 표가
# 출력하는 이름 그대로 둡니다(pipe, FIFO, System V msg, POSIX mq, shm ring...).

check-09-runs = 실습이 모든 시행을 끝까지 치르고, 두 표를 출력하고, 차트를 씁니다
check-09-pipe = 파이프: 시행마다 부모는 메시지를 통째로 한 파이프에 쓰고 에코를 다른 파이프에서 통째로 읽습니다. 자식은 그 반대입니다
check-09-fifo = FIFO: 같은 주고받기를 두 FIFO로 합니다
check-09-sysv-msg = System V 큐: 메시지마다 msgsnd 한 번과 msgrcv 한 번, 자식 쪽으로는 타입 1, 돌아오는 쪽은 타입 2
check-09-posix-mq = POSIX 큐: 메시지마다 mq_send 한 번과 mq_receive 한 번
check-09-shm-ring = 공유 메모리 링: 링이 가득 차면 send는 `read` futex에서 잠듭니다(깊이 측정은 거기서 시간 초과로 끝납니다). 읽을 것이 없는 받는 쪽은 `written`에서 FUTEX_WAIT로 잠듭니다. 모든 futex는 공유 futex이며(FUTEX_PRIVATE_FLAG 없음) 링의 네 워드 중 하나입니다
check-09-sockets = 유닉스 도메인 소켓과 TCP: 각 프로세스가 자기 끝에서 메시지를 통째로 쓰고 통째로 읽습니다
check-09-file = 파일: 쓰는 쪽의 오프셋에 pwrite하고, 메시지가 다 모일 때까지 pread하며, 새로 읽은 것이 없는 pread 다음에는 곧바로 다시 시도하지 않고 inotify 디스크립터를 read합니다(잠듭니다)
check-09-everything-removed = 모든 시행의 큐, 세그먼트, FIFO, 파일을 모두 지웁니다

lab09-complete-trials = { $mech }의 시행 { $trials }번이 모두 끝까지 치러지는 것
lab09-trial-incomplete = { $mech }의 한 시행이 끝나지 않았습니다
lab09-trials = { $mech }의 시행 { $trials }번
lab09-trials-ran = { $mech }의 시행 { $trials }번 중 { $n }번만 치러졌습니다
lab09-stream-expected = { $mech }의 시행마다 { $who }가 { $sent }바이트를 보내고 { $received }바이트를 받는 것({ $small }바이트 왕복 { $rounds }번, { $large }바이트 메시지 { $rounds }개, 답 두 개)
lab09-stream-found = { $sent }바이트를 보내고 { $received }바이트를 받았습니다
lab09-whole-message = send나 receive가 메시지를 통째로 옮기지 않습니다(다 쓸 때까지 쓰고, 버퍼가 찰 때까지 읽으십시오)
lab09-queue-expected = { $mech }의 시행마다 { $who }가 메시지 하나에 한 번씩 { $send } 호출을 { $sends }번, { $receive } 호출을 { $receives }번 하는 것
lab09-queue-found = 보낸 호출 { $sent }번, 받은 호출 { $received }번
lab09-send-type = { $who }가 타입 { $kind }로 보내는 것
lab09-tx-type = 끝의 tx_type을 쓰십시오. 방향마다 타입이 하나입니다
lab09-receive-type = { $who }가 타입 { $kind }를 받는 것
lab09-rx-type = 끝의 rx_type을 쓰십시오. 타입 0으로 받으면 자기가 보낸 메시지를 도로 가져올 수 있습니다
lab09-word-child-written = 자식에게 가는 링의 `written`
lab09-word-child-read = 자식에게 가는 링의 `read`
lab09-word-parent-written = 부모에게 가는 링의 `written`
lab09-word-parent-read = 부모에게 가는 링의 `read`
lab09-word-none = 링의 어느 워드도 아닌 곳
lab09-futex-shared = 링의 모든 futex가 두 프로세스 사이의 공유 futex인 것
lab09-futex-private = FUTEX_PRIVATE_FLAG: 커널은 비공개 futex를 호출한 프로세스 자신의 메모리로 찾으므로, 다른 프로세스의 깨우기는 잠든 쪽에 결코 닿지 않습니다
lab09-four-words = 링의 모든 futex가 링의 네 워드 중 하나인 것({ $base }에 붙인 세그먼트의 오프셋 0, 64, 128, 192)
lab09-offset = { $call }(오프셋 { $offset })
lab09-ring-shmget = 부모 프로세스가 shmget으로 링의 세그먼트를 만드는 것
lab09-no-shmget = shmget 호출이 없습니다
lab09-ring-shmat = 부모 프로세스가 fork하기 전에 링의 세그먼트를 붙이는(shmat) 것
lab09-no-shmat-after = shmget 뒤에 shmat이 없습니다
lab09-depth-expected = 깊이 측정이 링의 슬롯 { $depth }개를 채운 뒤 링이 가득 찬 것을 아는 것: 다음 send는 { $word }(오프셋 { $offset })에서 시간 제한 0으로 잠들고, FUTEX_WAIT는 시간 초과(ETIMEDOUT)로 끝납니다
lab09-never-waited = 깊이 측정의 send가 한 번도 기다리지 않았습니다
lab09-ring-full = 링이 가득 차도(written - read == slots) send가 기다리지 않습니다. 받는 쪽이 아직 읽지 않은 메시지를 덮어쓰게 됩니다
lab09-ring-attach = 부모 프로세스가 fork하기 전에 링의 세그먼트를 붙이는 것
lab09-no-shmat-trial = 그 시행에 shmat이 없습니다
lab09-woken-expected = { $word }에서 잠든 프로세스를, 그 워드를 움직인 다른 프로세스가 깨우는 것
lab09-still-asleep = { $call }
    실행이 종료될 때 아직 잠들어 있었습니다
lab09-still-asleep-no-wake = { $call }
    실행이 종료될 때 아직 잠들어 있었고, 그 워드에 대한 FUTEX_WAKE는 한 번도 오지 않았습니다
lab09-lost-wakeup = 깨우기를 잃었습니다. 다른 프로세스가 { $word }을(를) 움직이고 플래그를 확인한 뒤에 { $sleeper ->
        [receiver] 받는 쪽이
       *[other] 보내는 쪽이
    } 잠들었습니다. FUTEX_WAIT 전에 플래그를 세운 다음 워드를 한 번 더 확인하십시오
lab09-never-wakes = { $sleeper ->
        [receiver] send가
       *[other] receive가
    } { $word }을(를) 움직이지만, 거기서 잠든 { $sleeper ->
        [receiver] 받는 쪽을
       *[other] 보내는 쪽을
    } 깨우지 않습니다(wake_if_asleep)
lab09-receiver-sleeps = 링이 빈 것을 본 받는 쪽이 보내는 쪽이 깨울 때까지 자기 링의 `written` 워드에서 futex(FUTEX_WAIT)로 잠드는 것
lab09-never-slept = 왕복 { $rounds }번짜리 시행 { $n }번 동안 어떤 받는 쪽도 `written` 워드에서 잠들지 않았습니다
lab09-spins = 링이 비어도 받는 쪽이 잠들지 않고 돌면서 기다립니다. CPU 하나를 태웁니다(CPU가 하나뿐이면 보내는 쪽이 실행될 시간을 빼앗습니다)
lab09-nothing = 아무것도 없음
lab09-inotify-expected = 새로 읽은 것이 없는(= 0) pread 다음에, 쓰는 쪽의 다음 write까지 잠드는 받는 쪽의 inotify 디스크립터 read가 오는 것
lab09-followed-by = { $call }
    그다음: { $after }
lab09-file-polls = 받는 쪽이 폴링합니다. inotify 디스크립터의 read에서 잠들지 않고 곧바로 파일을 다시 시도합니다(바쁜 루프는 CPU 하나를 태우고, CPU가 하나뿐이면 쓰는 쪽을 늦춥니다)
lab09-all-trials = 실습이 시행 { $n }번을 모두 치러서, 각 시행이 만들고 지운 것을 판정할 수 있는 것
lab09-removed-what = 큐, 세그먼트, FIFO, 파일
