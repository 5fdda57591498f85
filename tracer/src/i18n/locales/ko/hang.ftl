# 멈춤 보고(hang report): 시간이 다 되었을 때 각 스레드가 어느 호출에서
# 기다리는지(render/hang.rs)와 짐작되는 실수(event/hang.rs, Diagnosis).
# 진단은 영어판처럼 마지막 마침표 없이 끝냅니다(사실 줄과 같은 모양).

hang-pid = pid { $pid }
hang-pid-thread = pid { $pid } 스레드 { $tid }
hang-blocked-in = { $who }: { $call }에서 블록됨
hang-not-in-call = { $who }: 시스템 콜 밖에 있음
hang-sleeping-in = 커널의 { $wchan }에서 잠듦
hang-likely-mistake = 짐작되는 실수: { $mistake }

hang-state-running = 실행 중
hang-state-sleeping = 잠듦
hang-state-disk-sleep = 시그널로 깨울 수 없는 잠
hang-state-stopped = 정지됨
hang-state-tracing-stop = 트레이서가 정지시킴
hang-state-zombie = 좀비
hang-state-other = 그 밖의 상태

diag-fifo-no-peer-writing = FIFO를 쓰기용으로 열려고 하는데, 읽기용(O_RDONLY)으로 여는 프로세스가 없습니다. 반대쪽 프로세스가 실행되고 있는지, 같은 경로를 여는지, 반대 방향으로 여는지 확인하십시오
diag-fifo-no-peer-reading = FIFO를 읽기용으로 열려고 하는데, 쓰기용(O_WRONLY)으로 여는 프로세스가 없습니다. 반대쪽 프로세스가 실행되고 있는지, 같은 경로를 여는지, 반대 방향으로 여는지 확인하십시오
diag-pipe-nobody-reads-own = 아무도 파이프를 읽지 않습니다. 하나뿐인 읽기 끝을 pid { $pid } 프로세스 자신이 쥐고 있는데, 이 프로세스는 쓰느라 바쁩니다. 읽는 쪽은 다른 프로세스여야 하고, pid { $pid } 프로세스는 자기 읽기 끝을 닫아야 합니다
diag-pipe-nobody-reads-others = 이제 아무도 파이프를 읽지 않습니다. 읽기 끝을 쥔 { $readers } 프로세스가 파이프를 읽지 않고 있습니다(그 프로세스가 어디서 기다리는지는 이 보고에서 보십시오)
diag-pipe-full-own-read-end = { $object } 안이 가득 찼는데, 하나뿐인 읽기 끝은 이 프로세스 자신의 fd { $fd }입니다. 다른 어떤 프로세스도 빈자리를 만들지 않으므로 블로킹 write는 영원히 기다립니다
diag-pipe-opened-read-write = pid { $pid } 프로세스는 { $object }을(를) 읽기와 쓰기 모두(O_RDWR)로 열었습니다(fd { $fd }). 자기 자신도 쓰는 쪽이므로 EOF는 결코 오지 않습니다. 읽으려면 O_RDONLY로 여십시오
diag-pipe-own-write-end = pid { $pid } 프로세스가 아직 { $object }의 쓰기 끝(fd { $fd })을 쥐고 있습니다. EOF는 모든 쓰기 끝이 닫혀야 오므로, EOF까지 읽기 전에 먼저 이 쓰기 끝(fd { $fd })을 닫으십시오
# $writers: diag-pipe-writer 항목들을 ", "로 이은 목록.
diag-pipe-writers-idle = 쓰기 끝을 쥔 프로세스({ $writers })가 쓰지도 닫지도 않습니다. 쓰지 않는 모든 프로세스에서 쓰기 끝을 닫으십시오
diag-pipe-writer = pid { $pid } fd { $fd }
diag-queue-empty = 큐가 비어 있고, 이제 어떤 프로세스도 이 큐에 보내지 않습니다
# $types: 큐에 있는 타입들을 ", "로 이은 목록; $count: 서로 다른 타입의 수(한국어판은 쓰지 않음).
diag-msg-type-absent = 타입 { $msgtyp }인 메시지가 큐에 없습니다. 보내는 쪽과 받는 쪽이 쓰는 타입을 확인하십시오
diag-msg-type-absent-queue = 타입 { $msgtyp }인 메시지가 큐에 없습니다. 큐에 있는 메시지의 타입은 { $types }입니다(msgrcv의 MSG_COPY로 큐에서 직접 읽었습니다). 보내는 쪽과 받는 쪽이 쓰는 타입을 확인하십시오
diag-msg-type-absent-trace = 타입 { $msgtyp }인 메시지가 큐에 없습니다. 트레이스에 기록된 msgsnd와 msgrcv로 보면 큐에 있는 메시지의 타입은 { $types }입니다({ $why }). 보내는 쪽과 받는 쪽이 쓰는 타입을 확인하십시오
diag-msg-type-absent-unknown = 타입 { $msgtyp }인 메시지가 큐에 없습니다(어떤 타입이 있는지는 알 수 없습니다: { $why }). 보내는 쪽과 받는 쪽이 쓰는 타입을 확인하십시오
diag-sem-never-initialised = 세마포어 { $semnum }번은 초기화된 적이 없습니다. 만들어질 때의 0 그대로이고 semctl(SETVAL)도 semop도 값을 바꾼 적이 없으므로, 잠그려는 프로세스는 모두 기다립니다. 어느 프로세스도 쓰기 전에 SETVAL로 1로 초기화하십시오
diag-sem-set-to-zero = 세마포어 { $semnum }번은 처음부터 획득된 상태입니다. pid { $by } 프로세스가 0으로 정했고 이 집합에서 성공한 semop이 하나도 없으므로, 잠그려는 프로세스는 모두 기다립니다. 풀린 잠금은 1에서 시작합니다
diag-sem-never-released-by = 세마포어가 0에 머물러 있습니다. 마지막으로 값을 바꾼(획득한) 것은 pid { $pid } 프로세스이고, 아무도 반납하지 않았습니다(+1을 빠뜨렸거나, 그 프로세스가 SEM_UNDO 없이 끝났습니다)
diag-sem-never-released = 세마포어가 0에 머물러 있습니다. 어느 프로세스가 획득한 뒤 반납하지 않았습니다(+1을 빠뜨렸거나, 그 프로세스가 SEM_UNDO 없이 끝났습니다)
diag-signal-never-sent = 기다리는 시그널을 보내는 프로세스가 없거나, 그 시그널이 블록되어 있습니다
diag-no-client = 연결한 클라이언트가 없습니다. 클라이언트가 실행되고 있는지, 이 경로로 연결하는지 확인하십시오
diag-inotify-no-event = 감시(watch)가 요청한 이벤트가 하나도 일어나지 않았습니다. 이벤트 마스크(예: 이름을 바꿔 그 자리에 옮겨 놓은 파일은 IN_CREATE가 아니라 IN_MOVED_TO입니다)와 감시하는 경로를 확인하십시오
diag-busy-loop-at = 바쁜 루프(busy loop)입니다({ $place }). 커널에서 한 번도 기다리지 않고 돌기만 합니다
diag-busy-loop = 바쁜 루프(busy loop)입니다. 커널에서 한 번도 기다리지 않고 돌기만 합니다
diag-signalfd-not-blocked = signalfd(fd { $fd })를 기다리지만 { $signals } 시그널이 블록되어 있지 않습니다. 블록되지 않은 시그널은 읽히기를 기다리지 않고 바로 전달됩니다(핸들러나 기본 동작). 시그널이 도착하기 전에 sigprocmask로 미리 블록하십시오
diag-epoll-watches-hung-up = 에지 트리거(edge-triggered)로 감시하던 fd { $fd }({ $object })의 반대쪽이 끊겼습니다. epoll은 EPOLLHUP을 한 번 보고했고 다시는 보고하지 않으므로, 이 기다림은 헛됩니다. epoll_wait가 EPOLLHUP을 보고하면(또는 read가 0을 돌려주면) 그 디스크립터를 관심 목록에서 빼거나(EPOLL_CTL_DEL) 닫으십시오
diag-futex-word-changed = 잃어버린 깨우기(lost wake-up)입니다. futex 워드가 { $slept_on }일 때 잠들었는데 지금 워드는 { $now }이고, 어떤 FUTEX_WAKE도 닿지 않았습니다(워드를 바꾼 프로세스가 깨우지 않았거나, 다른 프로세스에는 결코 닿지 않는 비공개 futex로 깨웠습니다)
hang-heading = 시간이 다 되었습니다. 각 스레드가 있던 곳:
hang-heading-interrupted = { $signal } 시그널이 왔을 때 각 스레드가 있던 곳(모두 호출 안에서 블록되어 있었거나, 한동안 호출이 없었습니다):

# The line when ipclab is asked to stop (Ctrl-C) and gives the program a grace.
interrupted-grace = { $signal } 시그널로 중단 요청을 받았습니다. 프로그램도 이 시그널을 받으며, 스스로 끝날 시간 { $secs }초를 줍니다({ $signal } 시그널을 한 번 더 보내면 바로 강제 종료합니다)

# 추적 루프 자신의 알림(추적 안의 `ipclab: ...` 줄).
note-over-processes = 추적 중인 프로그램이 한꺼번에 프로세스를 { $count }개보다 많이 가졌습니다(포크 폭탄(fork bomb)일까요? --max-procs와 --max-threads로 한도를 올릴 수 있습니다). 강제 종료합니다
note-over-threads = 추적 중인 프로그램이 한꺼번에 스레드를 { $count }개보다 많이 가졌습니다(--max-procs와 --max-threads로 한도를 올릴 수 있습니다). 강제 종료합니다
note-signal-again = { $signal } 시그널이 한 번 더 왔습니다. 프로그램을 지금 강제 종료합니다
note-grace-over = 프로그램이 { $signal } 시그널을 받고 { $secs }초가 지나도 끝나지 않았습니다. 강제 종료합니다
note-sent-on = { $signal } 시그널이 ipclab에만 왔습니다. 프로그램(pid { $pid })에 전달했습니다
note-waitpid-failed = waitpid가 실패했습니다: { $error }
note-ledger-unwritable = { $dir }에 장부(ledger)를 둘 수 없습니다: { $error } (ipclab clean은 이 실행을 모릅니다)
# 실행 끝에 커널 뷰가 남기는 말(kernel/view/ledger.rs): $object는 장부가 부르는
# 이름, $why는 kernel의 mismatch-* 가운데 하나입니다.
note-cleanup-failed = --cleanup이 { $object }을(를) 제거하지 못했습니다: { $error }
note-not-the-runs = { $object }: 지금 그 자리에 있는 것은 이 실행의 것이 아니어서({ $why }) 그대로 두었습니다
note-cannot-tell = { $object }이(가) 실행 뒤에도 남았는지 알 수 없습니다: { $error }
