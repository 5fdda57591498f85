# 멈춤 보고의 사실들: 블록된 스레드가 기다리는 객체에 대해 커널이 알려 주는 것,
# 스레드의 머리 줄 아래에 한 줄씩(event/hang.rs, Fact).

fact-fifo-open-blocks = FIFO를 여는 호출은 다른 프로세스가 반대쪽 끝을 열 때까지 블록됩니다
fact-waiting-for-child = 자식 프로세스의 상태가 바뀌기를 기다리는 중입니다
# $children: fact-child-blocked 항목들을 ", "로 이은 목록.
fact-children-blocked = 자식 프로세스도 블록되어 있습니다: { $children }
fact-child-blocked = pid { $pid }({ $call }에서 블록됨)
fact-sysv-queue-full = 큐에 메시지 { $messages }개, { $bytes }바이트가 있어 가득 찼습니다
fact-sysv-queue-holds = 큐에 메시지 { $messages }개({ $bytes }바이트)가 있습니다
fact-last-sent-by = 마지막으로 이 큐에 보낸 프로세스는 pid { $pid }입니다
fact-sysv-queue-gone = 큐가 더는 존재하지 않습니다
fact-queue-unreadable = 큐를 읽을 수 없습니다: { $why }
fact-posix-queue-holds = 큐에 메시지가 { $messages }개 있습니다(최대 { $max }개)
fact-waiting-for-client = 클라이언트가 연결하기를 기다리는 중입니다
fact-sleeping = 잠들어 있습니다
fact-waiting-for-readiness = 여러 디스크립터 중 하나가 준비되기를 기다리는 중입니다
fact-waiting-for-file-lock = 다른 프로세스가 쥔 파일 잠금(file lock)을 기다리는 중입니다(/proc/locks 참고)
fact-pipe-full = { $object } 안이 가득 찼습니다. { $bytes }바이트가 읽히기를 기다립니다
# $holders: 프로세스마다 한 번씩, fact-holder-fd 또는 fact-holder-fds를 ", "로 이은 목록.
fact-read-end-open-in = 읽기 끝을 쥔 프로세스: { $holders }
fact-write-end-open-in = 쓰기 끝을 쥔 프로세스: { $holders }
fact-holder-fd = pid { $pid } fd { $fd }
# $fds: 마지막을 뺀 fd들을 ", "로 이은 것. 목록 안에서 프로세스가 갈리도록 마지막 앞에 "및".
fact-holder-fds = pid { $pid } fd { $fds } 및 { $last }
fact-pipe-empty = { $object } 안이 비어 있습니다
fact-pipe-holds = { $object } 안에 { $bytes }바이트가 있습니다
fact-no-write-end = 쓰기 끝을 쥔 프로세스가 없습니다
fact-socket-queues = { $object }: 읽을 데이터 { $to_read }바이트, 아직 보내지 못한 데이터 { $unsent }바이트
fact-socket-queues-peer = { $object }: 읽을 데이터 { $to_read }바이트, 아직 보내지 못한 데이터 { $unsent }바이트, 상대 소켓 socket:[{ $peer }]
fact-waiting-for-inotify = 감시하는 경로에서 inotify 이벤트를 기다리는 중입니다
# $values: fact-sem-value 항목들을 "; "로 이은 목록.
fact-sem-values = 세마포어 값: { $values }
fact-sem-value = sem { $num } = { $value }(기다리는 프로세스 { $waiting }개, 마지막으로 바꾼 프로세스 pid { $pid })
fact-sem-value-unchanged = sem { $num } = { $value }(기다리는 프로세스 { $waiting }개, 만들어진 뒤 한 번도 바뀌지 않음)
# $watched: fact-watched* 항목들을 ", "로 이은 목록.
fact-watches = 감시하는 디스크립터: { $watched }
fact-watches-nothing = 감시하는 디스크립터가 없습니다
fact-watched = fd { $fd } { $object }({ $events })
fact-watched-signalfd = fd { $fd } { $object }({ $events }): 읽는 시그널 { $mask } 가운데 { $open } 시그널은 블록되어 있지 않습니다
fact-watched-hung-up = fd { $fd } { $object }({ $events }): 끊김(쓸 프로세스도 읽을 데이터도 남지 않음)
fact-futex-in-user-space = futex에서 기다리는 중입니다: 사용자 공간(user space)의 잠금이나 조건 변수
fact-futex-held = futex에서 기다리는 중입니다: 사용자 공간의 잠금, 조건 변수 또는 스레드 join(다른 스레드가 쥐고 있음)
# $ring: 커널 뷰가 쓰는 그대로의 링(ring-*).
fact-ring = 세그먼트의 { $ring }
fact-futex-unchanged = futex 워드는 아직 잠들 때의 값 { $now } 그대로입니다. 어떤 프로세스도 바꾸지 않았습니다
fact-futex-changed = futex 워드의 값은 지금 { $now }이고, 잠들 때의 값은 { $slept_on }입니다
fact-waiting-for-signal = 시그널을 기다리는 중입니다
fact-signal-masks = 블록된 시그널: { $blocked }; 핸들러로 잡는 시그널: { $caught }
fact-pending-blocked = 보류 중인 시그널(블록되어 있어 전달되지 않음): { $signals }
fact-running-own-code-in = 시스템 콜 없이 자기 코드를 실행하는 중입니다: { $place }
fact-running-own-code-at = 시스템 콜 없이 자기 코드를 실행하는 중입니다(주소 { $address })
fact-running-user-space = 시스템 콜 없이 사용자 공간에서 실행하는 중입니다
fact-running-between-calls = 두 시스템 콜 사이에서 자기 코드를 실행하는 중입니다(마지막 호출이 1초도 지나지 않았습니다)
fact-stopped-by-signal = 시그널(SIGSTOP?)로 정지되어 있습니다. 아무도 SIGCONT를 보내지 않았습니다
fact-catches-signal = { $signal } 시그널을 핸들러로 잡습니다. 방금 보낸 시그널이 이 프로세스가 기다리던 것일 수 있습니다
