# 커널 뷰(kernel view)의 말: 호출 아래의 `kernel:` 줄과 실행 끝의 장부(ledger)
# (render/kernel.rs, render/notify.rs). 객체 이름, 수, 플래그, 호출은 인자로
# 들어가 트레이스가 쓰는 그대로 남습니다. pid는 숫자만 들어오므로, 조사는
# "{ $pid } 프로세스가"처럼 낱말 뒤에 붙입니다.

# 공유 세그먼트 안의 링(실습 10의 배치). $fill: ring-empty, ring-full,
# ring-filled, ring-producer-ahead, ring-consumer-ahead 가운데 하나.
ring = 슬롯 { $slots }개짜리 링: { $fill }
ring-counters = { $written }개 씀, { $taken }개 꺼냄
ring-empty = 비어 있음({ $counters })
ring-full = 가득 참({ $counters })
ring-filled = { $items }개 차 있음({ $counters })
ring-producer-ahead = { $items }개 들어 있음({ $counters }): 생산자가 아직 꺼내지 않은 항목 위에 덮어썼습니다
ring-consumer-ahead = { $counters }: 소비자가 쓴 것보다 { $items }개 더 꺼냈습니다

# 여러 줄이 함께 쓰는 수와 말.
kernel-bytes = { $n }바이트
kernel-size-bytes = { $n }바이트
kernel-size-unknown = 크기 모름
kernel-none = 없음
kernel-none-yet = 아직 없음
kernel-held-by = 쥔 프로세스: { $holders }
kernel-end-read = 읽기
kernel-end-write = 쓰기
kernel-end-both = 읽기+쓰기
# $end: kernel-end-read, kernel-end-write 또는 kernel-end-both.
kernel-end-of = { $end } 끝
kernel-at = 주소 { $address }
kernel-read-only = 읽기 전용

# 파이프(pipe)와 FIFO.
kernel-ends = 읽기 끝: { $read }; 쓰기 끝: { $write }
kernel-ends-both = 읽기+쓰기: { $both }
kernel-pipe-empty = 비어 있음
kernel-pipe-buffered = { $bytes } 들어 있음
kernel-pipe-unknown-bytes = 몇 바이트가 들어 있는지 알 수 없음
kernel-no-process-has-it-open = 열어 둔 프로세스 없음
kernel-pipe-in-flight = { $end } 끝이 socket:[{ $queue }]의 큐에 실려 전달 중(보낸 쪽 { $pid } fd { $fd }): 커널이 이 끝을 열어 둡니다
kernel-pipe-reader-gets-eof = (비고 나면 읽는 쪽은 EOF를 받습니다)
kernel-fifo-reader-gets-eof = (여는 중인 쓰는 쪽이 없다면, 비고 나면 읽는 쪽은 EOF를 받습니다)
kernel-pipe-writer-gets-sigpipe = (쓰는 쪽은 SIGPIPE/EPIPE를 받습니다)
kernel-fifo-writer-gets-sigpipe = (여는 중인 읽는 쪽이 없다면, 쓰는 쪽은 SIGPIPE/EPIPE를 받습니다)

# System V 객체.
kernel-msg-queue = msg queue { $msqid } (key { $key }, mode { $mode }): 메시지 { $messages }개, 본문 { $bytes }; 마지막으로 msgsnd한 프로세스 { $sender }, 마지막으로 msgrcv한 프로세스 { $receiver }
kernel-sem-unreadable = 값을 읽을 수 없음
kernel-sem-waiting-to-take = 획득을 기다리는 프로세스 { $count }개
kernel-sem-waiting-for-zero = 0이 되기를 기다리는 프로세스 { $count }개
kernel-sem-last-changed-by = 마지막으로 바꾼 프로세스 { $pid }
kernel-only-zeros = 모두 0
kernel-then-zeros = 그 뒤는 모두 0
kernel-bytes-read = ({ $size }바이트 중 { $read }바이트 읽음)
kernel-shm = shm segment { $shmid } (key { $key }, mode { $mode }, { $size }): { $attached }; 만든 프로세스 { $creator }, 마지막으로 shmat/shmdt한 프로세스 { $last }
kernel-shm-attachments = 붙어 있는 수 { $count }
kernel-shm-detaching = ({ $pids } 프로세스는 이미 뗐음: 그 shmdt가 돌아오는 것은 트레이스에서 뒤에 나옵니다)
kernel-shm-removed = 제거됨: 마지막으로 뗄 때 해제됩니다
kernel-shm-mapped = { $pid } 프로세스의 { $start }-{ $end }에 매핑됨({ $access })
# $ring: 세그먼트에 링이 있으면 "; "와 그 링, 없으면 빈 문자열.
kernel-shm-holds = 내용: { $contents }{ $ring }

# POSIX 객체.
kernel-posix-mq = POSIX mq { $name }: 메시지 { $messages }개(최대 { $max }개, 하나에 { $size }까지)
kernel-posix-mq-bytes = 합계 { $bytes }
kernel-posix-mq-notify = mq_notify를 등록한 프로세스 { $pid }
kernel-posix-shm-users = 연 프로세스: { $open }; 매핑한 프로세스: { $mapped }
kernel-posix-shm-held = { $pid } 프로세스가 매핑을 풀 때의 내용: { $contents }

# 소켓(socket).
kernel-socket-bound = { $path }에 묶여 있음
kernel-socket-not-bound = 주소에 묶여 있지 않음
kernel-socket-peer-to-read = (읽을 데이터 { $bytes })
kernel-socket-peer-closed = 상대 소켓이 닫혔습니다: 남은 것이 없으면 read는 EOF를 받고, write는 EPIPE로 실패합니다
kernel-socket-peer-in-backlog = 상대 소켓은 연결 대기 소켓의 큐에서 accept를 기다립니다
kernel-socket-backlog = accept를 기다리는 연결 { $count }개(백로그 { $backlog })
kernel-socket-to-read = 읽을 데이터 { $bytes }

# 시그널(signal).
kernel-signals-all = 모두
kernel-signals-all-except = { $missing } 외 모두
kernel-signal-gets = { $signal } 받음: { $what }
kernel-signal-handler-runs = 핸들러가 실행됨
kernel-signal-ignored = 무시됨(SIG_IGN)
kernel-signal-default-action = 기본 동작: { $action }
kernel-action-terminate = 종료(terminate)
kernel-action-core = 코어 덤프 후 종료(core)
kernel-action-ignore = 무시(ignore)
kernel-action-stop = 정지(stop)
kernel-action-continue = 계속(continue)
kernel-signal-masks = 블록된 시그널: { $blocked }; 핸들러로 잡는 시그널: { $caught }; 무시하는 시그널: { $ignored }; 보류 중인 시그널: { $pending }

# 디스크립터: fork에서 상속되고, 메시지로 건네지고, execve에서 닫힘.
kernel-inherited = { $child } 프로세스가 { $parent } 프로세스에게서 상속받음: { $what }
kernel-passed-became = { $what }: { $pid } fd { $fd } → { $to_pid } fd { $to_fd }
kernel-passage-sent = 이제 socket:[{ $queue }]의 큐에 { $fds }을(를) 실은 메시지가 있습니다. recvmsg가 가져갈 때까지 커널이 열어 둡니다
kernel-passage-received = socket:[{ $queue }]에서 받음: { $fds }(같은 열린 파일을 받는 쪽 자신의 번호로)
kernel-passage-truncated = MSG_CTRUNC: 제어 버퍼에 { $fds }을(를) 담을 자리가 없어 커널이 닫았습니다
kernel-passage-discarded = socket:[{ $queue }] 소켓이 큐에 { $fds }을(를) 읽히지 않은 채 남기고 닫혀, 커널이 닫았습니다
kernel-exec-keeps-none = 이제 이 실행의 객체를 하나도 쥐고 있지 않습니다
kernel-exec-keeps = 계속 쥐고 있는 것: { $fds }
kernel-exec-closed-none = { $pid } 프로세스의 execve 뒤: { $kept }
kernel-exec-closed = { $pid } 프로세스의 execve가 close-on-exec 디스크립터를 닫았습니다: { $fds }; { $kept }

# 프로세스.
kernel-zombie = { $zombie } 프로세스는 좀비(zombie)입니다. 끝났지만, 부모 { $parent } 프로세스가 wait를 호출할 때까지 프로세스 테이블에 남습니다
kernel-reaped = 좀비 { $zombie } 프로세스를 { $by } 프로세스가 회수했습니다(reap). 프로세스 테이블에서 사라졌습니다
kernel-unavailable = (읽을 수 없음: { $reason })

# 사라진 객체, 또는 이름이 사라진 객체.
kernel-gone-shm-freed = { $name } 해제됨: 전에 제거되었고, 이것이 마지막 떼기였습니다
kernel-gone-closed = { $name } 닫힘: 이제 쥔 프로세스가 없어 커널이 해제했습니다
kernel-gone-removed = { $name } 제거됨
kernel-unlinked-line = { $name } unlink됨: { $rest }
kernel-unlinked-mq-open = 이름은 사라졌습니다. 큐는 디스크립터가 열려 있는 동안 남는데, 지금 열린 디스크립터가 있습니다
kernel-unlinked-mq-freed = 이름은 사라졌고, 트레이스한 어느 프로세스도 큐의 디스크립터를 쥐고 있지 않습니다: 해제되어 아무것도 남지 않았습니다
kernel-unlinked-mq = 이름은 사라졌습니다. 큐는 디스크립터가 열려 있는 동안 남습니다
kernel-unlinked-shm-open = 이름은 사라졌습니다. 메모리는 열려 있거나 매핑되어 있는 동안 남는데, 지금 그렇습니다
kernel-unlinked-shm-freed = 이름은 사라졌고, 트레이스한 어느 프로세스도 열거나 매핑하고 있지 않습니다: 해제되어 아무것도 남지 않았습니다
kernel-unlinked-shm = 이름은 사라졌습니다. 메모리는 열려 있거나 매핑되어 있는 동안 남습니다
kernel-unlinked-socket-open = 이제 그 이름으로는 아무도 연결할 수 없습니다. 그 이름에 묶인 소켓은 아직 열려 있습니다
kernel-unlinked-socket-closed = 이제 그 이름으로는 아무도 연결할 수 없습니다. 그 이름에 묶인 소켓은 이미 닫혔습니다: 아무것도 남지 않았습니다
kernel-unlinked-socket = 이제 그 이름으로는 아무도 연결할 수 없습니다
kernel-unlinked-freed = 이름은 사라졌고, 트레이스한 어느 프로세스도 디스크립터를 쥐고 있지 않습니다: 아무것도 남지 않았습니다
kernel-unlinked = 이름은 사라졌습니다. 열린 디스크립터는 계속 쓸 수 있습니다

# 파일 잠금(file lock). $on: kernel-lock-on-description 또는 빈 문자열.
kernel-locks = { $path }의 잠금: { $locks }
kernel-lock-holds = { $who }: { $what } 잠금을 쥠({ $kind }, { $range }{ $on })
kernel-lock-waits = { $who }: { $what } 잠금을 기다림({ $kind }, { $range }{ $on })
kernel-lock-on-description = , { $holders }의 열린 파일 기술(open file description)을 통해
kernel-lock-a-description = 어느 열린 파일 기술
kernel-lock-the-description = { $holders }의 열린 파일 기술(open file description)
kernel-lock-whole-file = 파일 전체
kernel-lock-to-end = { $start }바이트부터 끝까지
kernel-lock-range = { $start }바이트부터 { $end }바이트까지

# eventfd, epoll, signalfd, futex.
kernel-eventfd-semaphore = (EFD_SEMAPHORE: read 한 번에 1씩 가져감)
kernel-eventfd-counter = 카운터 { $count }
kernel-epoll-watches = 감시 대상: { $watched }
kernel-epoll-nothing = 없음
kernel-signalfd-reads = 읽는 시그널 { $mask }
kernel-signalfd-not-blocked = { $pid } 프로세스에서 블록되지 않음: { $signals }(읽히지 않고 시그널로 전달됩니다: 핸들러나 기본 동작. 여기서는 결코 읽히지 않음)
kernel-signalfd-pending = 보류 중 { $signals }
kernel-futex-held-holds = 값은 { $op } 호출 때 { $was }, 지금은 { $now }
kernel-futex-held = 값은 { $op } 호출 때 { $was }
kernel-futex-holds-after = 값은 { $op } 뒤에 { $now }
kernel-futex-unreadable = 읽을 수 없음({ $op })
kernel-futex-ring-was-now = 슬롯 { $slots }개짜리 링: 그때 { $was }, 지금 { $now }
kernel-futex-ring-was = 슬롯 { $slots }개짜리 링: 그때 { $was }
kernel-futex-ring = { $ring }
kernel-futex-private = FUTEX_PRIVATE_FLAG: 깨우기는 호출한 프로세스 자신의 스레드에만 닿고, 세그먼트를 매핑한 다른 프로세스에는 결코 닿지 않습니다

# 실행 끝의 장부(ledger).
ledger-heading = ledger: 이 실행이 만든 커널 객체의 장부
ledger-line = 만든 프로세스 { $pid }({ $call }), 쓴 프로세스 { $users }; { $fate }
ledger-removed-by = { $pid } 프로세스가 제거함({ $call })
ledger-closed-at-exit = { $pid } 프로세스가 끝날 때 마지막 끝이 닫힘
ledger-closed-by = { $pid } 프로세스가 마지막 끝을 닫음({ $call })
ledger-ended = 실행이 끝날 때는 이미 없었음
ledger-leaked-cleaned = LEAKED(누수): 실행이 끝난 뒤에도 남아 있어 ipclab이 제거했습니다
ledger-leaked = LEAKED(누수): 실행이 끝난 뒤에도 남아 있습니다
ledger-remove-with = 제거하는 명령: { $command }
ledger-passed = 이 객체의 디스크립터가 건네졌습니다(SCM_RIGHTS): { $passes }
ledger-passed-from-to = { $from } → { $to }
ledger-and-others = 외 여러 프로세스
ledger-folded-closed = { $kind } { $count }개 더, 만든 프로세스 { $creators }: 모두 실행 중에 마지막 디스크립터가 닫힘(하나씩 나열하지 않고 센 것)
ledger-folded-removed = { $kind } { $count }개 더, 만든 프로세스 { $creators }: 모두 실행 중에 제거됨(하나씩 나열하지 않고 센 것)
ledger-end-none = ledger: 이 실행은 IPC 객체를 만들지 않았습니다
ledger-end-clean = ledger: 객체 { $objects }개를 만들었고, 남긴 것은 없습니다
ledger-end-all-cleaned = ledger: 객체 { $objects }개를 만들었고, { $leaked }개가 실행이 끝난 뒤에도 남아 ipclab이 제거했습니다
ledger-end-leaked = ledger: 객체 { $objects }개를 만들었고, { $leaked }개가 실행이 끝난 뒤에도 남았습니다: `ipclab clean`이나 위의 명령으로 제거하십시오
ledger-end-leaked-some-cleaned = ledger: 객체 { $objects }개를 만들었고, { $leaked }개가 실행이 끝난 뒤에도 남았습니다(그중 { $cleaned }개는 ipclab이 제거): `ipclab clean`이나 위의 명령으로 제거하십시오

# 기록된 객체의 자리에 지금 있는 것이 그 실행의 것이라고 증명되지 않는 까닭
# (kernel/ledger.rs, Mismatch): `ipclab clean`과 장부는 그것을 그대로 둡니다.
mismatch-another-queue = 그 id는 이제 다른 큐를 가리킵니다(키, 만든 사용자 또는 만든 시각이 다릅니다)
mismatch-another-sem-set = 그 id는 이제 다른 세마포어 집합을 가리킵니다(키, 만든 사용자 또는 변경 시각이 다릅니다)
mismatch-another-segment = 그 id는 이제 다른 세그먼트를 가리킵니다(키, 만든 사용자 또는 만든 시각이 다릅니다)
mismatch-queue-remade = 그 뒤에 같은 이름의 큐가 다시 만들어졌습니다
mismatch-another-file = 지금 그 경로에는 다른 파일이 있습니다
mismatch-no-creation-time = 실행이 그 파일을 만든 시각을 기록하지 않아서(예전 장부) 그 실행의 것이라고 증명할 수 없습니다
mismatch-inode-reused = 나중에 만든 파일이 같은 inode 번호를 받았습니다
mismatch-changed-since = 실행이 만든 뒤로 변경 시각(ctime)이 바뀌었고, 그 파일 시스템은 만든 시각을 기록하지 않습니다
