# The hang report's facts: what the kernel says about the object each
# blocked thread waits on, one line each under its head (event/hang.rs, Fact).

fact-fifo-open-blocks = opening a FIFO blocks until another process opens its other end
fact-waiting-for-child = waiting for a child process to change state
# $children: fact-child-blocked items joined with ", ".
fact-children-blocked = its children are blocked too: { $children }
fact-child-blocked = pid { $pid } (blocked in { $call })
fact-sysv-queue-full = the queue holds { $messages } messages, { $bytes } bytes: it is full
fact-sysv-queue-holds = the queue holds { $messages } messages ({ $bytes } bytes)
fact-last-sent-by = last sent to by pid { $pid }
fact-sysv-queue-gone = the queue no longer exists
fact-queue-unreadable = cannot read the queue: { $why }
fact-posix-queue-holds = the queue holds { $messages } of at most { $max } messages
fact-waiting-for-client = waiting for a client to connect
fact-sleeping = sleeping
fact-waiting-for-readiness = waiting until one of several descriptors is ready
fact-waiting-for-file-lock = waiting for a file lock another process holds (see /proc/locks)
fact-pipe-full = { $object } is full: { $bytes } bytes wait to be read
# $holders: each process once, fact-holder-fd or fact-holder-fds, joined with ", ".
fact-read-end-open-in = read end open in: { $holders }
fact-write-end-open-in = its write end is open in: { $holders }
fact-holder-fd = pid { $pid } fd { $fd }
# $fds: all but the last fd, joined with ", ".
fact-holder-fds = pid { $pid } fds { $fds } and { $last }
fact-pipe-empty = { $object } is empty
fact-pipe-holds = { $object } holds { $bytes } bytes
fact-no-write-end = no process holds its write end
fact-socket-queues = { $object }: { $to_read } bytes to read, { $unsent } bytes unsent
fact-socket-queues-peer = { $object }: { $to_read } bytes to read, { $unsent } bytes unsent, peer socket:[{ $peer }]
fact-waiting-for-inotify = waiting for an inotify event on the watched paths
# $values: fact-sem-value items joined with "; ".
fact-sem-values = values: { $values }
fact-sem-value = sem { $num } = { $value } ({ $waiting } waiting, last changed by pid { $pid })
fact-sem-value-unchanged = sem { $num } = { $value } ({ $waiting } waiting, never changed since it was made)
# $watched: fact-watched* items joined with ", ".
fact-watches = it watches { $watched }
fact-watches-nothing = it watches nothing
fact-watched = fd { $fd } { $object } ({ $events })
fact-watched-signalfd = fd { $fd } { $object } ({ $events }): reads { $mask }, of which { $open } is not blocked
fact-watched-hung-up = fd { $fd } { $object } ({ $events }): hung up (nobody left to write, nothing left to read)
fact-futex-in-user-space = waiting on a futex: a lock or condition variable in user space
fact-futex-held = waiting on a futex: a lock, condition variable or thread join in user space (another thread holds it)
# $ring: the ring, as the kernel view writes it (ring-*).
fact-ring = the { $ring }
fact-futex-unchanged = the word still holds { $now }, the value it went to sleep on: no process changed it
fact-futex-changed = the word holds { $now } now; it went to sleep while it held { $slept_on }
fact-waiting-for-signal = waiting for a signal
fact-signal-masks = blocked signals: { $blocked }; caught: { $caught }
fact-pending-blocked = pending (blocked, so not delivered): { $signals }
fact-running-own-code-in = running its own code, making no system call: in { $place }
fact-running-own-code-at = running its own code, making no system call (at address { $address })
fact-running-user-space = running in user space, making no system call
fact-running-between-calls = running its own code between two calls (its last call was less than a second ago)
fact-stopped-by-signal = stopped by a signal (SIGSTOP?): nobody sent SIGCONT
fact-catches-signal = it catches { $signal }: the one just sent may be what it waited for
