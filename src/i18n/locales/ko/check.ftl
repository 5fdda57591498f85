# `ipclab check`와 `grade`가 학생에게 하는 말: 검사 결과의 각 부분, 보고서의
# 줄, 실행이 일찍 멈춘 까닭, 모든 실습이 함께 쓰는 검사
# (src/grade/check.rs, report.rs, model/ends.rs).

finding-expected = 기대한 것: { $expected }.
finding-found = 트레이스에 나온 것: { $found }
finding-mistake = 짐작되는 실수: { $mistake }
finding-not-reached = 도달하지 못함: { $why }
finding-not-reached-expects = 이 검사가 기대하는 것은 { $expected }입니다. 실행이 그 지점까지 가야 판정할 수 있으니, 실행을 멈춘 문제를 먼저 고치십시오.
finding-internal-expected = 검사가 실행되는 것
finding-internal-found = ipclab 채점기 내부의 오류

report-stopped-early = 실행이 일찍 멈췄습니다: { $why }
report-unreached-legend = ----로 표시된 검사는 실행이 도달하지 못한 부분을 판정합니다.
report-not-reached-as-above = 도달하지 못함: 위와 같습니다.
report-cleaned = (실행이 끝난 뒤 ipclab이 실습이 남긴 것을 제거했습니다: { $objects })
report-score = 점수: { $score }/{ $max }
grade-out-of-time = 채점하지 않음: 이 실습의 차례가 오기 전에 제출물의 시간 제한이 다 되었습니다.

# 실행이 일찍 멈춘 까닭(근본 원인 줄).
stopped-failed-then-hung = { $why }. 그 뒤 실습의 나머지가 멈춰, { $secs }초 뒤에 강제 종료되었습니다
stopped-hung = 실습이 멈춰, { $secs }초 뒤에 강제 종료되었습니다. 짐작되는 원인: { $cause }
stopped-too-many-tasks = 실습이 한꺼번에 { $n }를 넘게 가지고 있어 강제 종료되었습니다. 포크 폭탄(fork bomb)일 수 있습니다
stopped-interrupted = 채점이 { $signal } 시그널로 중단되었습니다
hang-no-blocked = (호출 안에서 블록된 프로세스가 없었습니다)
cut-calls-dropped = 실습이 채점이 보관하는 { $kept }개보다 시스템 콜을 { $dropped }개 더 했습니다(기다림 없는 호출 루프?). 그 뒤에 한 일은 트레이스에 없습니다
hang-calls-dropped = (호출이 너무 많아 채점기는 처음 { $kept }개만 보관했습니다. 기다리지 않고 호출을 되풀이하는 루프일 수 있습니다)
hang-cause-spins = 어느 프로세스가 한 번도 기다리지 않고 돌고 있습니다(바쁜 대기 또는 끝없는 루프)
hang-cause-waits = 어느 프로세스가 다른 어떤 프로세스도 해 주지 않을 일을 기다립니다

# 프로세스가 누구인지, 그리고 왜 그 자리를 넘어가지 못했는지.
# $role: 실습이 정한 역할(server, consumer...) 또는 exec한 프로그램의 첫 인자.
who-parent = 부모 프로세스(pid { $pid })
who-role = { $role ->
        [coordinator] 코디네이터
        [server] 서버
        [client] 클라이언트
        [producer] 생산자
        [consumer] 소비자
        [sender] 보내는 쪽
        [receiver] 받는 쪽
        [reader] 읽는 쪽
        [writer] 쓰는 쪽
       *[other] { $role }
    } 프로세스(pid { $pid })
who-child = 자식 프로세스(pid { $pid })
when-killed-timeout = { $secs }초가 지나 실습이 강제 종료될 때
when-killed-tasks = 실습이 한꺼번에 { $n }를 넘게 가지고 있어 강제 종료될 때
when-killed-interrupted = 채점이 { $signal } 시그널로 중단될 때
when-killed = 실습이 강제 종료될 때
cut-blocked = { $when } { $who }는 아직 { $call }에서 블록되어 있었습니다
cut-spinning-at = { $when } { $who }는 아직 { $place }에서 자기 코드를 실행하고 있었습니다
cut-spinning = { $when } { $who }는 시스템 콜 없이 아직 자기 코드를 실행하고 있었습니다
cut-panicked-said = { $who }가 패닉했습니다: { $message }
cut-panicked = { $who }가 패닉했습니다(종료 상태 101)
# 뒤에 실습이 쓴 말이 붙는 메시지는 "...습니다: "로 끝나야 합니다(tests/grade_mutants.rs).
cut-failed-said = { $who }가 종료 상태 { $code }(으)로 끝났습니다: { $said }
cut-failed = { $who }가 끝났습니다(종료 상태 { $code })
cut-signaled = { $who }가 { $signal } 시그널로 종료되었습니다
cut-running = 실습의 첫 프로세스가 끝났을 때 { $who }는 아직 실행 중이었습니다

# 모든 실습의 첫 검사(runs)와, 실습의 프로세스들이 어떻게 끝났는지.
check-runs = 실습이 끝까지 실행되고 강의가 보여 주는 내용을 출력합니다
runs-ipc-expected = 실습이 커널을 거쳐 통신하는 것({ $calls })
runs-ipc-found = 이 호출 중 성공한 것이 하나도 없습니다. 줄은 출력되었지만 IPC는 일어나지 않았습니다
runs-ipc-mistake = 설명하는 일을 하지 않고 출력만 씁니다. 실습은 출력이 말하는 호출을 실제로 해야 합니다
runs-timeout-expected = 실습이 { $secs }초 안에 끝나는 것
runs-timeout-found = { $secs }초가 지나도 아직 실행 중이어서, 실습이 시작한 모든 것과 함께 강제 종료되었습니다:
    { "  " }{ $report }
runs-timeout-mistake-failed = { $why }. 나머지 프로세스는 그 프로세스가 할 일을 기다렸습니다
runs-tasks-expected = 한꺼번에 { $n } 이하인 것
runs-tasks-found = 한꺼번에 { $n }가 넘게 살아 있어, 실습을 그 모두와 함께 강제 종료했습니다
runs-tasks-mistake = 포크 폭탄(fork bomb)입니다. 루프 안에서 fork하거나, 자식이 끝나지 않고 부모의 코드를 계속 실행합니다
runs-complete-expected = 실습이 끝까지 실행되는 것
runs-panicked-found = 패닉했습니다: { $message }
runs-todo-mistake = 이 부분은 아직 todo!()입니다. 코드를 작성하십시오
runs-panic-mistake = 패닉 메시지와 그 메시지가 가리키는 줄을 읽어 보십시오
runs-status-expected = 실습이 종료 상태 0으로 끝나는 것
runs-status-found = 종료 상태 { $code }(으)로 끝났습니다: { $stderr }
runs-signal-found = { $signal } 시그널로 종료되었습니다
runs-signal-found-said = { $signal } 시그널로 종료되었습니다: { $stderr }
runs-oom-mistake = 실습의 메모리가 모자랐습니다(프로세스마다 { $mib } MiB까지 쓸 수 있습니다)
runs-interrupted-found = 채점이 { $signal } 시그널로 중단되었습니다
child-expected = 모든 프로세스가 종료 상태 0으로 끝나는 것
child-panicked = { $who }가 패닉했습니다{ $detail }
child-status = { $who }가 종료 상태 { $code }(으)로 끝났습니다{ $detail }
child-signal = { $who }가 { $signal } 시그널로 종료되었습니다
child-parent-failed = { $child }. 그 때문에 { $parent }도 실패했습니다
output-expected = 출력에 { $line } 줄이 있는 것
output-found = 실습이 출력한 내용:
    { $output }

# 실습이 만든 객체는 모두 제거해야 합니다.
removed-expected-create = 실습이 { $what }을(를) 만들었다가 제거하는 것
removed-found-none = { $what }을(를) 만들지 않았습니다
removed-expected = 실습이 만든 { $what }을(를) 모두 끝나기 전에 제거하는 것
removed-leak = { $object }: { $call } 호출로 만든 뒤 제거하지 않았습니다({ $remover } 없음)
removed-leak-ledger = { $object }: pid { $pid } 프로세스가 { $call } 호출로 만들었고, 실행이 끝났을 때도 남아 있었습니다({ $remover } 없음)
removed-mistake-ipc = { $remover } 호출을 빠뜨렸습니다. { $noun }은(는) 프로그램이 끝나도 재부팅할 때까지 남습니다(ipcs로 확인할 수 있습니다). 채점이 끝난 뒤 ipclab이 제거했습니다
removed-mistake-posix = { $remover } 호출을 빠뜨렸습니다. { $noun }은(는) 프로그램이 끝나도 재부팅할 때까지 남습니다. 채점이 끝난 뒤 ipclab이 제거했습니다
removed-mistake-file = { $remover } 호출을 빠뜨렸습니다. { $noun }은(는) 프로그램이 끝나도 디렉터리에 남습니다. 채점이 끝난 뒤 ipclab이 제거했습니다

# 실습이 만드는 객체의 종류(model/objects.rs).
noun-msg-queue = System V 메시지 큐
noun-shm-segment = System V 공유 메모리 세그먼트
noun-sem-set = System V 세마포어 집합
noun-posix-queue = POSIX 메시지 큐
noun-posix-shm = POSIX 공유 메모리 객체
noun-fifo = FIFO
noun-socket-file = 소켓 파일
noun-file = 파일
noun-dir = 디렉터리
budget-processes = 프로세스 { $n }개
budget-threads = 스레드 { $n }개

# 견고성(robustness) 검사: `--inject` 규칙으로 실습을 다시 실행해 판정합니다
# (src/grade/mod.rs). $options: `--inject SPEC` 옵션으로 쓴 규칙.
scenario-judged-on = 이 검사는 { $options } 옵션으로 고장을 주입한(inject) 실행에서 판정했습니다(직접 해 보기: ipclab run { $lab } { $options }).
scenario-failed = { $options } 옵션으로 한 실행이 실패했습니다: { $why }
scenario-run-expected = 고장을 주입한(inject) 상태에서 실습이 실행되는 것
scenario-not-rerun = 보통 실행이 강제 종료되었으므로({ $why }), { $options } 옵션으로 다시 실행하지 않았습니다
scenario-cope-expected = 실습이 { $options } 옵션으로 주입한 고장을 견디는 것

# 실습이 패닉한 곳, 패닉 메시지 뒤에 붙습니다(grade/model/ends.rs): $place는
# FILE:LINE:COLUMN, $function은 패닉한 실습의 함수입니다.
panic-at = { $place }에서
panic-in-at = { $function } 함수, { $place }에서
# 끝내 돌아오지 않은 호출을 인용할 때 `= ` 뒤에 붙는 말(grade/quote.rs).
quote-unfinished = ? (돌아오지 않았습니다)
