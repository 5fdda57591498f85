# 실습 02의 검사(src/grade/labs/lab02.rs).

check-02-fifo-created = 코디네이터가 읽는 쪽과 쓰는 쪽을 시작하기 전에 mkfifo로 모드 0600인 FIFO를 만듭니다
check-02-opens-one-way = 쓰는 쪽은 경로로 FIFO를 쓰기 전용으로, 읽는 쪽은 읽기 전용으로 엽니다
check-02-lines-arrive = 쓰는 쪽이 세 줄을 쓰고 읽는 쪽이 그 모두를 순서대로 읽습니다
check-02-reader-sees-eof = 읽는 쪽이 read()가 0(EOF)을 돌려줄 때까지 읽습니다
check-02-fifo-removed = 두 역할이 모두 끝난 뒤 unlink로 FIFO의 이름을 지웁니다

lab02-fifo-expected = 코디네이터가 mkfifo(mknodat S_IFIFO)로 FIFO를 만드는 것
lab02-no-fifo = FIFO를 만들지 않았습니다
lab02-one-fifo = FIFO가 꼭 하나인 것
lab02-mknodat-calls = mknodat 호출 { $n }개
lab02-coordinator-creates = 코디네이터가 FIFO를 만드는 것
lab02-s-ififo = FIFO(S_IFIFO)를 만드는 것
lab02-not-a-fifo = mknod가 FIFO가 아닌 다른 것을 만들었습니다
lab02-mode-expected = FIFO의 모드가 0600인 것(이 사용자만 열 수 있습니다)
lab02-mode-mistake = 모드 { $mode }: 다른 사용자가 데이터를 읽거나 자기 데이터를 끼워 넣을 수 있습니다
lab02-before-roles = 역할 프로세스가 시작하기 전에 FIFO가 있는 것
lab02-no-fifo-at-path = 역할 프로세스가 그 경로에서 FIFO를 찾지 못합니다
lab02-start-role = 코디네이터가 { $role ->
        [reader] 읽는 쪽
       *[other] 쓰는 쪽
    }을 시작하는 것(이 프로그램을 `{ $role } PATH` 인자로 다시 실행합니다)
lab02-no-such-process = 그런 프로세스가 없습니다
lab02-open-read = 읽는 쪽(pid { $pid })이 { $path }을(를) 읽기 전용(O_RDONLY)으로 여는 것
lab02-open-write = 쓰는 쪽(pid { $pid })이 { $path }을(를) 쓰기 전용(O_WRONLY)으로 여는 것
lab02-never-opened = { $role ->
        [reader] 읽는 쪽
       *[other] 쓰는 쪽
    }은 FIFO를 한 번도 열지 않았습니다
lab02-rdwr = O_RDWR: 그러면 { $role ->
        [reader] 읽는 쪽
       *[other] 쓰는 쪽
    } 자신이 쓰기 끝을 쥐게 되어, 읽는 쪽의 read는 EOF를 보지 못합니다
lab02-same-way = 두 역할이 FIFO를 같은 방식으로 열었습니다. 둘 다 open()에서 반대쪽 끝을 영원히 기다립니다
lab02-nonblock = O_NONBLOCK: open이 반대쪽을 기다리지 않습니다(쓰는 쪽의 open은 ENXIO로 실패합니다)
lab02-open-unfinished = open이 끝나지 않았습니다. 반대쪽 끝을 연 프로세스가 없습니다
lab02-writes-expected = 쓰는 쪽이 세 줄을 한 줄에 write(2) 한 번씩 쓰는 것
lab02-writes-found = write { $n }번, 쓴 내용 { $text }
lab02-reads-expected = 읽는 쪽이 { $text }을(를) 읽는 것
lab02-reads-found = 읽은 내용 { $text }
lab02-unlink-expected = 두 역할이 모두 끝난 뒤 FIFO를 unlink하는 것
lab02-unlink-found = { $call }: 한 역할이 끝나기 전입니다
lab02-unlink-early = 너무 일찍 unlink했습니다. 아직 FIFO를 열지 않은 역할은 FIFO를 찾지 못합니다
