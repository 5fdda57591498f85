# Lab 11's checks (src/grade/labs/lab11.rs).

check-11-capacity-measured = part 1: with the write end non-blocking, writes go in until one fails with EAGAIN, and they add up to what the kernel holds in the pipe then
check-11-waits-for-room = part 2: a writer whose write fails with EAGAIN waits with poll (POLLOUT) before it writes again, never trying again at once
check-11-writes-whole = part 2: each record of PIPE_BUF bytes goes out in one write, and the 64 KiB message in partial writes that each take up where the last stopped
check-11-reads-until-eagain = part 3: the pipe and the socket are watched edge-triggered, and each time epoll_wait reports one, the loop reads it until read fails with EAGAIN or returns 0
check-11-handles-hangup = part 3: once a stream hangs up (EPOLLHUP, or a read returns 0), the loop removes it from the epoll instance or closes it before it waits again
check-11-eventfd-counts = part 3: the eventfd is in the epoll instance, and what its reads return adds up to what the children added
check-11-sigchld-as-data = part 3: SIGCHLD is blocked, never delivered, and read from the signalfd; each child is reaped after the signalfd reported it

lab11-pipe-expected = the parent (pid { $pid }) to make the pipe of part { $part }
lab11-pipe-never = it made { $n } pipe(s): part { $part } never started
lab11-two-descriptors = a pipe's two descriptors
lab11-fork-expected = the parent (pid { $pid }) to fork { $what }
lab11-fork-found = it created { $n } process(es)

lab11-capacity-expected = the parent to make the write end { $end } non-blocking, then to write into the pipe until a write fails with EAGAIN
lab11-still-blocked = { $call } was still blocked when the run was killed
lab11-still-blocks = the write end still blocks: a write into a full pipe waits for a reader; set O_NONBLOCK first (fcntl F_SETFL), and it fails with EAGAIN instead
lab11-none-eagain = { $n } writes, and none failed with EAGAIN
lab11-stopped-early = the loop stopped before the pipe was full: go on until the kernel says EAGAIN
lab11-held = the writes before { $call } took { $held } bytes, and the kernel view read { $bytes } bytes in the pipe
lab11-no-write-before = no write succeeded before { $call }

lab11-first-writer = part 2's first writer
lab11-second-writer = part 2's second writer
lab11-room-expected = the writer (pid { $pid }), each time a write to { $end } fails with EAGAIN, to wait with poll (POLLOUT) before writing again
lab11-no-eagain = no write of pid { $pid } to { $end } failed with EAGAIN
lab11-blocking-end = its write end is blocking: a write into the full pipe then waits inside the kernel; make it non-blocking and wait with poll
lab11-retried-at-once = { $n } of its { $full } writes that failed with EAGAIN were tried again at once, with no poll between
lab11-busy-polling = busy polling: trying again at once burns the CPU until the reader makes room; poll(POLLOUT) sleeps until it does
lab11-record-expected = the writer (pid { $pid }) to write each record of { $record } bytes (PIPE_BUF) with one write
lab11-record-pieces = a record in pieces: the kernel keeps one write of up to PIPE_BUF bytes whole, never two, so the other writer's bytes can fall between the pieces
lab11-whole-expected = the writer (pid { $pid }) to send { $records } records of { $record } bytes, then its message of { $message } bytes in writes that each take up where the last stopped
lab11-records-sent = { $sent } of its writes of { $record } bytes succeeded
lab11-after-done = after { $done } bytes of the message had gone, { $call }
lab11-send-rest = after a partial write, send the rest of the message from where it stopped, not the whole of it again
lab11-took = its writes took { $done } bytes of the message
lab11-partial-write = a write to a non-blocking pipe may take only part of the bytes: look at what it returned, and send the rest

lab11-pair-expected = the parent to make part 3's socket pair
lab11-no-pair = no socketpair after part 3's pipe
lab11-epoll-wait-expected = the parent to wait in epoll_wait in part 3
lab11-no-epoll-wait = no epoll_wait call
lab11-edge-expected = { $stream } to be added to the epoll instance with EPOLLET (edge-triggered)
lab11-epoll-ctls = the parent's epoll_ctl calls
lab11-watch-edge = watch each stream edge-triggered (EPOLLIN|EPOLLET), as the lab asks: then each new arrival is reported once
lab11-drain-expected = each time epoll_wait reports { $target }, reads of it until one fails with EAGAIN or returns 0
lab11-reads-then-waited = { $n } read(s) of { $target } after this epoll_wait, the last of them taking bytes, then the loop waited again
lab11-read-until-eagain = edge-triggered epoll reports a stream again only when new bytes arrive: what a read leaves behind waits there, unseen; read until EAGAIN

lab11-hangup-expected = once { $stream } hangs up (EPOLLHUP, or a read returning 0), the loop to remove it from the epoll instance (EPOLL_CTL_DEL) or close it before it waits again
lab11-no-hangup = epoll_wait never reported a hang-up of { $stream }, and no read of it returned 0
lab11-then = , then { $call }
lab11-hangup-ignored = the hang-up is ignored: epoll reports EPOLLHUP whether asked or not, level-triggered every time (a busy loop), edge-triggered once (then the loop waits forever for a stream that is gone)

lab11-eventfd-expected = the eventfd added to the epoll instance, and its reads to return, all together, what the children added to it
lab11-add-eventfd = add the eventfd to the epoll instance, so that the loop wakes when a child counts
lab11-pipe-writer = part 3's pipe writer
lab11-socket-writer = part 3's socket writer
lab11-last-reading = ; the kernel view's last reading: { $reading }
lab11-added-taken = the children added { $added }, and the parent's reads took { $taken }{ $last }
lab11-counter-not-queue = an eventfd is a counter, not a queue: one read returns the sum of every write since the last read, and resets it; read it until the counts are all in

lab11-sigchld-expected = SIGCHLD blocked before part 3's children are forked, so that it waits in the signalfd as data; each child reaped after a read of the signalfd reported it
lab11-kernel-line = {" "}(kernel: { $line })
lab11-delivered = SIGCHLD was delivered to the parent as a signal (event { $event }){ $after }
lab11-after = , after { $call }
lab11-not-blocked = SIGCHLD is not blocked: it is delivered (and, by default, thrown away) instead of waiting for the signalfd, which never becomes readable; block it with sigprocmask before the children can end
lab11-no-signal-read = no read of the signalfd returned a signal
lab11-reaped-early = { $call }, before the signalfd reported anything
lab11-reap-after = reap when the signalfd says a child changed state, not before
lab11-never-reaped = child { $pid } was never reaped
lab11-not-queued = signals of one kind are not queued: one read of the signalfd may stand for two children; reap with WNOHANG until there is nobody left
