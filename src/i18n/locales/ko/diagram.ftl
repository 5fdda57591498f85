# 다이어그램 자신의 말(src/diagram): 레인 제목, 단계의 이름표, 레인을 따라
# 그리는 막대, 레인이 끝나는 모습, 멈춤 보고 상자, 범례, 제목 줄, HTML
# 페이지의 조작 단추. 트레이스가 말하는 것(호출 이름, 해독한 호출, 플래그,
# errno 이름, pid, 데이터)은 어느 언어에서나 그대로 둡니다.

# 레인 제목(머리 상자의 첫 줄).
diagram-lane-pipe = 파이프
diagram-lane-fifo = FIFO
diagram-lane-msg-queue = System V 메시지 큐
diagram-lane-sem-set = System V 세마포어 집합
diagram-lane-shm = System V 공유 메모리
diagram-lane-posix-mq = POSIX 메시지 큐
diagram-lane-posix-shm = POSIX 공유 메모리
diagram-lane-posix-sem = POSIX 세마포어
diagram-lane-unix-socket = 유닉스 소켓
diagram-lane-ip-socket = IP 소켓
diagram-lane-file = 파일
diagram-lane-file-locked = 파일(잠금)
diagram-lane-listening = 연결 대기 소켓
# $kind: diagram-lane-unix-socket 또는 diagram-lane-ip-socket.
diagram-lane-bound = { $kind }(bind됨)
diagram-lane-socket-pair = 소켓 쌍
# $number: 빈 문자열, 또는 연결이 여럿일 때 빈칸과 그 연결의 번호.
diagram-lane-connection-to = { $via }에 맺은 연결{ $number }
diagram-lane-connection-accepted = { $via }에서 accept한 연결{ $number }
diagram-lane-program = (프로그램)

# 단계의 이름표. $failure: 빈 문자열, 또는 ` = -1 ERRNO`.
diagram-interrupted = 시그널로 중단됨({ $errno })
diagram-call-on = { $kind }에서 { $call }
diagram-call-interrupted = { $call }: 시그널로 중단됨
diagram-call-returns = { $call } 반환{ $failure }
diagram-thread-step = 스레드 { $tid }: { $label }
diagram-detail-thread = (스레드 { $tid })
diagram-pipe-read = fd { $fd }(읽기)
diagram-pipe-write = fd { $fd }(쓰기)
diagram-accepted = { $call } → fd { $fd }: 새 연결
diagram-close-read-end = close fd { $fd }(읽기 끝)
diagram-close-write-end = close fd { $fd }(쓰기 끝)
diagram-semget = { $call } → { $id }(세마포어 { $n }개)
diagram-sem-wait-zero = 0이 되기를 기다림
diagram-futex-wake-post = futex wake(post가 기다리는 쪽을 깨움)
diagram-futex-wait-post = futex wait(post가 올 때까지 잠듦)
diagram-futex-wake-woken = futex wake +{ $offset }: { $woken }개를 깨움
diagram-futex-wait-while = futex wait +{ $offset }, 값이 { $value }인 동안
diagram-kill-own-group = 자기 프로세스 그룹에게
diagram-kill-everyone = 시그널을 보낼 수 있는 모든 프로세스에게
diagram-kill-group = 프로세스 그룹 { $group }에게
diagram-kill-self = 자기 자신에게
diagram-kill-untraced = 트레이스하지 않는 pid { $pid } 프로세스에게
diagram-handler = { $signal } 핸들러
diagram-handler-returns = { $handler } 반환
# $status: 빈 문자열, 또는 빈칸과 wait4가 쓴 자식의 상태.
diagram-reaps = { $call }: pid { $child } 프로세스를 회수{ $status }
diagram-child-gets = 자식이 물려받은 디스크립터 { $fds }
diagram-cut-short = { $count } B 중 { $ret } B, --inject가 짧게 자름
diagram-cut-count = (--inject가 count를 { $count }에서 { $given }(으)로 줄임)
diagram-passing = 건넴: { $fds }
diagram-receiving = 받음: { $fds }
diagram-eof = → 0: 파일 끝(EOF)
diagram-flock-unlock = flock 잠금 해제
diagram-flock-exclusive = flock 배타 잠금
diagram-flock-shared = flock 공유 잠금
diagram-lock-write = 잠금(쓰기)
diagram-lock-read = 잠금(읽기)
diagram-mmap = { $call } { $len } B({ $prot })
diagram-prot-read = 읽기
diagram-prot-write = 쓰기
diagram-prot-exec = 실행
diagram-prot-none = 접근 불가
diagram-unlock = 잠금 해제
diagram-lock = 잠금
diagram-test-lock = 잠금 검사
diagram-lock-waiting = { $what }, 기다림
diagram-only-zero-bytes = 0 바이트뿐
diagram-bytes = 바이트 { $hex }
diagram-holds = 담긴 값: { $what }

# --inject가 한 일.
diagram-held = --inject가 { $ms } ms 붙잡음
diagram-ran-held = { $call } 실행됨, { $held }{ $failure }
diagram-call-held = { $call }: { $held }
# $call: 호출 이름과 그 호출이 가리킨 객체(`read fd 3`).
diagram-did-not-run = { $call } 실행되지 않음(--inject { $errno })
diagram-injected-signal = { $call } 진입 때 보낸 { $signal }(--inject)

# 스레드, 시그널, 종료.
diagram-thread-starts = 스레드 { $child } 시작({ $via } CLONE_THREAD)
diagram-thread-starts-by = 스레드 { $child } 시작(스레드 { $tid }의 { $via } CLONE_THREAD)
diagram-thread-ends = 스레드 { $tid } 끝남({ $how })
diagram-signal-detail = --- { $signal }({ $code }), 보낸 프로세스 { $sender } ---
diagram-signal-arrives = { $signal } 도착
diagram-sigchld = SIGCHLD: 자식 { $child } 끝남
# $label: diagram-signal-arrives나 diagram-sigchld, 그리고 보낸 쪽.
diagram-from-ipclab = { $label }(ipclab이 보냄)
diagram-from = { $label }(pid { $pid } 프로세스가 보냄)
diagram-handler-runs = { $label }: 핸들러 실행
diagram-ignored = { $label }(무시됨)
diagram-default-action = { $label }: 기본 동작, { $action }
diagram-exit = 종료 상태 { $code }
diagram-killed-by = { $signal } 시그널로 종료됨
diagram-killed-by-core = { $signal } 시그널로 종료됨(코어 덤프)

# 레인을 따라 그리는 막대.
diagram-blocked-in = { $call }에서 블록됨
diagram-sleeping-in = { $call }에서 잠듦
diagram-thread-span = 스레드 { $tid }: { $what }
diagram-zombie = 좀비
diagram-zombie-not-reaped = 좀비: 회수되지 않음
diagram-zombie-never-reaped = 좀비: 부모가 끝내 회수하지 않음
diagram-never-returned = { $call }에서 블록됨: 끝내 돌아오지 않음

# 멈춤 보고.
diagram-hang-heading = 시간이 다 되어 ipclab이 프로그램을 강제 종료했습니다. 각 스레드가 있던 곳:
diagram-hang-blocked = pid { $pid }: { $call }에서 블록됨
diagram-hang-between = pid { $pid }: 시스템 콜 밖에 있음
diagram-time-ran-out = 시간이 다 되었습니다
diagram-waits-in = { $call }에서 기다림

# 객체의 레인이 끝나는 모습.
diagram-removed-by = pid { $pid } 프로세스가 제거함({ $call })
diagram-freed-at-exit = pid { $pid } 프로세스가 끝날 때 해제됨
diagram-freed-closed-by = 해제됨: pid { $pid } 프로세스가 마지막 디스크립터를 닫음({ $call })
diagram-gone-by-end = 실행이 끝날 때는 이미 없음
diagram-removed = 제거됨
diagram-freed-no-descriptor = 해제됨: 남은 디스크립터 없음
diagram-name-removed = 이름이 제거됨
diagram-gone = 사라짐
diagram-leaked = LEAKED(누수): 실행이 끝난 뒤에도 커널에 남음
diagram-leak-cleaned = 실행이 끝난 뒤 ipclab이 제거함
diagram-leak-remove = 제거하는 명령: { $command }
diagram-leak-remove-with = 제거하는 명령: { $command }
diagram-leak-nobody = 아무도 제거하지 않음
diagram-mermaid-leaked = LEAKED(누수): 실행이 끝난 뒤에도 커널에 남음, { $how }

# 그림 위의 장부(ledger) 줄.
diagram-ledger-clean = ledger: 커널 객체 { $objects }개를 만들었고, 남긴 것은 없습니다
diagram-ledger-cleaned = ledger: 커널 객체 { $objects }개를 만들었고, { $leaked }개를 남겼습니다(그중 { $cleaned }개는 실행이 끝난 뒤 ipclab이 제거)
diagram-ledger-leaked = ledger: 커널 객체 { $objects }개를 만들었고, { $leaked }개를 남겼습니다

# 한 번만 그린 되풀이, 줄 수 제한.
diagram-fold-says = 이 { $steps }단계가 데이터만 다르게 { $times }번 잇달아 나왔습니다: 한 번만 그립니다
diagram-fold-says-fresh = 이 { $steps }단계가 데이터만 다르게 { $times }번 잇달아 나왔고, 회마다 새 객체를 만들었습니다(첫 회의 객체만 그립니다): 한 번만 그립니다
diagram-rounds = 회 반복
diagram-gap = ⋮  { $steps }단계를 더 그리지 않았습니다: { $limit }줄까지만 그립니다(--diagram-limit)  ⋮
diagram-mermaid-loop = × { $times }회 반복
diagram-mermaid-loop-fresh = × { $times }회 반복, 회마다 새 객체
diagram-mermaid-gap = { $steps }단계를 더 그리지 않았습니다(--diagram-limit { $limit })

# 제목 줄.
diagram-summary = ipclab 다이어그램, { $program }: 프로세스 { $processes }개, 커널 객체 { $objects }개, 트레이스 레코드 { $records }개
diagram-a-run = 한 실행
diagram-how-to-read = 시간은 위에서 아래로 흐르고, 한 줄이 한 단계입니다. 줄에 마우스를 올리면 호출 전체와 그때 커널이 쥐고 있던 것을 보여 줍니다.

# 범례.
diagram-legend-data = 객체로 들어가거나 객체에서 나오는 데이터
diagram-legend-signal = 시그널
diagram-legend-blocked = 호출에서 블록됨
diagram-legend-handler = 시그널 핸들러
diagram-legend-fold = × N: 되풀이를 한 번만 그림
diagram-legend-leak = 누수된 객체
diagram-legend-delay = --inject가 붙잡음
diagram-legend-skipped = --inject가 실패시킴: 실행되지 않음

# HTML 페이지의 조작 단추. 위치 메시지 두 개의 $row와 $rows는 스크립트가
# 채우는 숫자입니다.
diagram-html-show = 보기
diagram-html-every-lane = 모든 레인
diagram-html-back = ◀ 이전
diagram-html-forward = 다음 ▶
diagram-html-help = 줄에 마우스를 올리면 호출 전체와 그때 커널이 쥐고 있던 것을 보여 줍니다. 줄을 누르거나 화살표 키로 실행을 한 단계씩 따라가십시오.
diagram-html-position = { $rows }줄 중 { $row }번째 줄
diagram-html-rows = { $rows }줄
