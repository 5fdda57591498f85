# 실습 11의 검사(src/grade/labs/lab11.rs).

check-11-capacity-measured = 1부: 쓰기 끝(write end)을 논블로킹(non-blocking)으로 두고 write 하나가 EAGAIN으로 실패할 때까지 쓰며, 그때까지 쓴 양이 그 순간 커널이 파이프(pipe)에 담고 있는 양과 같습니다
check-11-waits-for-room = 2부: write가 EAGAIN으로 실패한 쓰는 쪽은 다시 쓰기 전에 poll(POLLOUT)로 기다리고, 곧바로 다시 시도하지 않습니다
check-11-writes-whole = 2부: PIPE_BUF바이트짜리 레코드(record)는 저마다 write 한 번으로 나가고, 64 KiB 메시지는 앞선 write가 멈춘 곳에서 이어 가는 부분 쓰기(partial write)들로 나갑니다
check-11-reads-until-eagain = 3부: 파이프와 소켓을 에지 트리거(edge-triggered)로 지켜보고, epoll_wait가 그중 하나를 알릴 때마다 루프가 read가 EAGAIN으로 실패하거나 0을 돌려줄 때까지 그것을 읽습니다
check-11-handles-hangup = 3부: 스트림(stream)이 끊기면(EPOLLHUP, 또는 read가 0을 돌려주면) 루프가 다시 기다리기 전에 그것을 epoll 인스턴스(instance)에서 빼거나 닫습니다
check-11-eventfd-counts = 3부: eventfd가 epoll 인스턴스에 들어 있고, 그 read들이 돌려준 값의 합이 자식들이 더한 값과 같습니다
check-11-sigchld-as-data = 3부: SIGCHLD는 블록되어(blocked) 전달되지 않고 signalfd에서 읽힙니다. 각 자식은 signalfd가 알린 뒤에 회수합니다(reap)

lab11-pipe-expected = 부모 프로세스(pid { $pid })가 { $part }부의 파이프(pipe)를 만드는 것
lab11-pipe-never = 파이프를 { $n }개 만들었습니다. { $part }부는 시작되지 않았습니다
lab11-two-descriptors = 파이프의 파일 디스크립터(file descriptor, fd) 두 개
lab11-fork-expected = 부모 프로세스(pid { $pid })가 { $what }을(를) fork하는 것
lab11-fork-found = 프로세스를 { $n }개 만들었습니다

lab11-capacity-expected = 부모가 쓰기 끝(write end) { $end }을(를) 논블로킹(non-blocking)으로 만들고, write가 EAGAIN으로 실패할 때까지 파이프에 쓰는 것
lab11-still-blocked = 실행이 강제 종료될 때 { $call }은(는) 아직 블록되어 있었습니다
lab11-still-blocks = 쓰기 끝이 아직 블로킹(blocking)입니다. 가득 찬 파이프에 쓰면 읽는 쪽을 기다립니다. 먼저 O_NONBLOCK을 켜면(fcntl F_SETFL) 그 대신 EAGAIN으로 실패합니다
lab11-none-eagain = write { $n }번, EAGAIN으로 실패한 것은 없습니다
lab11-stopped-early = 파이프가 차기 전에 루프가 멈췄습니다. 커널이 EAGAIN이라고 할 때까지 계속 쓰십시오
lab11-held = { $call } 앞의 write들이 { $held }바이트를 넣었는데, 커널 뷰가 읽은 파이프 안의 양은 { $bytes }바이트입니다
lab11-no-write-before = { $call } 앞에 성공한 write가 없습니다

lab11-first-writer = 2부의 첫째 쓰는 쪽
lab11-second-writer = 2부의 둘째 쓰는 쪽
lab11-room-expected = 쓰는 쪽(pid { $pid })이 { $end }에 대한 write가 EAGAIN으로 실패할 때마다, 다시 쓰기 전에 poll(POLLOUT)로 기다리는 것
lab11-no-eagain = pid { $pid } 프로세스가 { $end }에 한 write 가운데 EAGAIN으로 실패한 것이 없습니다
lab11-blocking-end = 쓰기 끝이 블로킹(blocking)입니다. 그러면 가득 찬 파이프에 대한 write가 커널 안에서 기다립니다. 논블로킹(non-blocking)으로 만들고 poll로 기다리십시오
lab11-retried-at-once = EAGAIN으로 실패한 write { $full }번 가운데 { $n }번을 poll 없이 곧바로 다시 시도했습니다
lab11-busy-polling = 바쁜 대기(busy polling)입니다. 곧바로 다시 시도하면 읽는 쪽이 자리를 낼 때까지 CPU를 태웁니다. poll(POLLOUT)은 자리가 날 때까지 잠듭니다
lab11-record-expected = 쓰는 쪽(pid { $pid })이 { $record }바이트(PIPE_BUF)짜리 레코드(record)를 저마다 write 한 번으로 쓰는 것
lab11-record-pieces = 레코드를 조각내어 씁니다. 커널은 PIPE_BUF바이트까지의 write 한 번을 온전히 지켜 주지만 두 번은 아닙니다. 그래서 다른 쓰는 쪽의 바이트가 조각 사이에 끼어들 수 있습니다
lab11-whole-expected = 쓰는 쪽(pid { $pid })이 { $record }바이트짜리 레코드 { $records }개를 보내고, 이어서 { $message }바이트짜리 메시지를 앞선 write가 멈춘 곳에서 이어 가는 write들로 보내는 것
lab11-records-sent = { $record }바이트 write 가운데 성공한 것이 { $sent }번입니다
lab11-after-done = 메시지 가운데 { $done }바이트가 나간 뒤: { $call }
lab11-send-rest = 부분 쓰기(partial write) 뒤에는 메시지 전체를 다시 보내지 말고, 멈춘 곳부터 나머지를 보내십시오
lab11-took = write들이 메시지 가운데 { $done }바이트를 넣었습니다
lab11-partial-write = 논블로킹 파이프에 대한 write는 바이트의 일부만 넣을 수 있습니다. 돌려준 값을 보고 나머지를 보내십시오

lab11-pair-expected = 부모가 3부의 소켓 쌍(socketpair)을 만드는 것
lab11-no-pair = 3부의 파이프 뒤에 socketpair가 없습니다
lab11-epoll-wait-expected = 부모가 3부에서 epoll_wait로 기다리는 것
lab11-no-epoll-wait = epoll_wait 호출이 없습니다
lab11-edge-expected = { $stream }을(를) EPOLLET(에지 트리거, edge-triggered)로 epoll 인스턴스에 넣는 것
lab11-epoll-ctls = 부모의 epoll_ctl 호출
lab11-watch-edge = 실습이 요구하는 대로 각 스트림을 에지 트리거(EPOLLIN|EPOLLET)로 지켜보십시오. 그러면 새로 도착한 것이 한 번씩 알려집니다
lab11-drain-expected = epoll_wait가 { $target }을(를) 알릴 때마다, read가 EAGAIN으로 실패하거나 0을 돌려줄 때까지 그것을 읽는 것
lab11-reads-then-waited = 이 epoll_wait 뒤에 { $target }에서 read { $n }번, 그 마지막 read도 바이트를 가져왔는데 루프가 다시 기다렸습니다
lab11-read-until-eagain = 에지 트리거(edge-triggered) epoll은 새 바이트가 도착할 때만 스트림을 다시 알립니다. read가 남긴 것은 아무도 모른 채 그대로 남습니다. EAGAIN이 나올 때까지 읽으십시오

lab11-hangup-expected = { $stream }이(가) 끊기면(EPOLLHUP, 또는 read가 0을 돌려주면), 루프가 다시 기다리기 전에 그것을 epoll 인스턴스에서 빼거나(EPOLL_CTL_DEL) 닫는 것
lab11-no-hangup = epoll_wait가 { $stream }의 끊김(hang-up)을 한 번도 알리지 않았고, 그것에 대한 read가 0을 돌려준 적도 없습니다
lab11-then = , 그다음 { $call }
lab11-hangup-ignored = 끊김(hang-up)을 무시합니다. epoll은 요청하지 않아도 EPOLLHUP을 알립니다. 레벨 트리거(level-triggered)면 매번 알려서 바쁜 루프가 되고, 에지 트리거면 한 번만 알려서 루프가 사라진 스트림을 영원히 기다립니다

lab11-eventfd-expected = eventfd를 epoll 인스턴스에 넣고, 그 read들이 돌려준 값의 합이 자식들이 더한 값과 같은 것
lab11-add-eventfd = 자식이 셀 때 루프가 깨어나도록 eventfd를 epoll 인스턴스에 넣으십시오
lab11-pipe-writer = 3부의 파이프에 쓰는 자식
lab11-socket-writer = 3부의 소켓에 쓰는 자식
lab11-last-reading = . 커널 뷰가 마지막으로 읽은 상태: { $reading }
lab11-added-taken = 자식들은 { $added }을(를) 더했는데, 부모의 read들은 { $taken }을(를) 가져갔습니다{ $last }
lab11-counter-not-queue = eventfd는 큐(queue)가 아니라 카운터(counter)입니다. read 한 번은 지난 read 뒤의 모든 write를 합한 값을 돌려주고 0으로 되돌립니다. 더한 값이 모두 들어올 때까지 읽으십시오

lab11-sigchld-expected = 3부의 자식들을 fork하기 전에 SIGCHLD를 블록해서(block) 그것이 signalfd에 데이터로 기다리게 하고, 각 자식은 signalfd의 read가 알린 뒤에 회수하는(reap) 것
lab11-kernel-line = {" "}(커널: { $line })
lab11-delivered = SIGCHLD가 부모에게 시그널(signal)로 전달되었습니다(이벤트 { $event }){ $after }
lab11-after = . signalfd는 그보다 먼저 만들었습니다: { $call }
lab11-not-blocked = SIGCHLD가 블록되어 있지 않습니다. 그래서 signalfd에서 기다리지 않고 전달되며(기본 동작으로 버려집니다), signalfd는 결코 읽을 수 있게 되지 않습니다. 자식들이 끝날 수 있기 전에 sigprocmask로 블록하십시오
lab11-no-signal-read = signalfd의 read 가운데 시그널을 돌려준 것이 없습니다
lab11-reaped-early = { $call }: signalfd가 아무것도 알리기 전입니다
lab11-reap-after = signalfd가 자식의 상태가 바뀌었다고 알린 뒤에 회수하십시오. 그 전에는 안 됩니다
lab11-never-reaped = 자식 { $pid } 프로세스를 끝내 회수하지 않았습니다
lab11-not-queued = 같은 종류의 시그널은 쌓이지(queue) 않습니다. signalfd의 read 한 번이 두 자식을 대신할 수 있으니, 남은 자식이 없을 때까지 WNOHANG으로 회수하십시오
