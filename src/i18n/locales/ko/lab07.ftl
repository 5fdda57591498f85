# 실습 07의 검사(src/grade/labs/lab07.rs).

check-07-pair-both-ways = 소켓 쌍(socketpair)에서 각 프로세스가 상대의 끝을 닫고, 부모는 같은 소켓으로 ping을 보내고 pong을 읽습니다
check-07-server-listens = 클라이언트가 시작하기 전에, 서버가 AF_UNIX 스트림 소켓(stream socket)을 만들어 경로에 묶고(bind) listen합니다
check-07-client-connects = 클라이언트가 서버의 경로로 connect하고, 각 부분을 저마다 write 한 번으로 씁니다
check-07-one-byte-stream = 서버가 연결을 accept하고 파일 끝(end of file, EOF)까지 읽습니다. write 세 번이 스트림(stream) 하나로 도착합니다
check-07-socket-file-removed = unlink로 소켓 파일(socket file)을 지웁니다(소켓을 닫아도 파일은 지워지지 않습니다)
check-07-short-reads = 모든 read가 많아야 2바이트를 돌려주는 실행(--inject read,recvfrom:short=2)에서도, ping과 pong이 온전히 도착하고 서버가 스트림 전체를 읽습니다

lab07-pair-expected = 부모가 소켓 쌍(socketpair)을 만드는 것
lab07-no-pair = socketpair 호출이 없습니다
lab07-two-sockets = socketpair가 소켓 두 개를 돌려주는 것
lab07-pair-child = 소켓 쌍을 함께 쓸 자식
lab07-close-other-expected = { $who }가 자기 끝을 사용하기 전에 상대 프로세스의 끝(fd { $fd })을 닫는 것
lab07-never-closed = { $who }는 fd { $fd }을(를) 한 번도 닫지 않았습니다
lab07-end-kept = 엉뚱한 프로세스가 끝 하나를 열어 둔 채입니다. 그러면 상대는 파일 끝(end of file, EOF)을 결코 보지 못합니다
lab07-close-first = { $who }가 fd { $fd }을(를) 먼저 닫는 것
lab07-in-order = 호출한 순서
lab07-ping-pong-expected = 부모는 자기 끝에 "ping"을 쓰고 "pong"을 읽으며, 자식은 자기 끝에서 "ping"을 읽고 "pong"을 쓰는 것
lab07-calls-on-pair = 소켓 쌍에 한 호출
lab07-read-all-expected = { $who }가 소켓 쌍의 자기 끝(fd { $fd })에서 { $message }을(를) 모두 읽는 것
lab07-it-read = 읽은 내용 { $text }
lab07-one-read = read 한 번으로 메시지 전체를 받았다고 여겼습니다. 스트림 소켓(stream socket)의 read는 메시지의 일부만 돌려줄 수 있으니, 메시지의 4바이트가 다 올 때까지 읽으십시오

lab07-listener-expected = 부모가 socket(AF_UNIX, SOCK_STREAM, 0)을 만들어 경로에 묶고(bind), listen(fd, 1)하는 것
lab07-no-bind = 성공한 bind가 없습니다
lab07-not-its-socket = { $call }: 자기가 만들지 않은 소켓입니다
lab07-no-listen = { $call }: 그리고 listen({ $fd }, ...)이 없습니다
lab07-without-listen = listen이 없으면 connect는 ECONNREFUSED로 실패합니다
lab07-a-client = 클라이언트
lab07-listen-first = 클라이언트가 시작하기 전에 서버가 listen하는 것
lab07-connect-early = 아무도 listen하기 전에 클라이언트가 connect할 수 있습니다. 그러면 ECONNREFUSED입니다
lab07-bound-to-path = 소켓이 경로에 묶여(bind) 있는 것
lab07-connect-expected = 클라이언트가 { $path }(으)로 connect하는 것
lab07-no-connect = 성공한 connect가 없습니다
lab07-parts-expected = 클라이언트가 "one", "two", "three"를 저마다 write 한 번으로 쓰는 것
lab07-writes = write { $n }번
lab07-separate-writes = 각 부분을 따로 write해야 읽는 쪽이 그것을 스트림(stream) 하나로 받는다는 것을 보여 줄 수 있습니다

lab07-read-accepted = 서버가 accept가 돌려준 소켓에서 읽는 것
lab07-reads-listener = 연결 대기 소켓(listening socket)에서 읽습니다. 데이터는 accept가 돌려주는 연결로 옵니다
lab07-accept-expected = 서버가 연결 대기 소켓(listening socket)에서 연결 하나를 accept하는 것
lab07-no-accept = 성공한 accept가 없습니다
lab07-stream-expected = 서버가 연결에서 read가 0을 돌려줄 때까지 "onetwothree"를 읽는 것
lab07-its-reads = 그 프로세스의 read 호출
lab07-no-read = read 호출이 없습니다
lab07-read-loop = read()가 0을 돌려줄 때까지 루프에서 읽으십시오. 스트림 소켓(stream socket)은 메시지 경계를 지키지 않습니다
lab07-close-conn = 서버가 연결을 닫는 것
lab07-conn-open = fd { $fd }을(를) 끝내 닫지 않았습니다
