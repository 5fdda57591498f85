# The kernel view's words: the `kernel:` lines under the calls and the
# ledger at the end of a run (render/kernel.rs, render/notify.rs). Object
# names, numbers, flags and calls are arguments and stay as the trace
# writes them.

# A ring in a shared segment (lab 10's layout). $fill: one of ring-empty,
# ring-full, ring-filled, ring-producer-ahead, ring-consumer-ahead.
ring = ring of { $slots } slots: { $fill }
ring-counters = { $written } written, { $taken } taken
ring-empty = empty ({ $counters })
ring-full = full ({ $counters })
ring-filled = { $items } full ({ $counters })
ring-producer-ahead = { $items } items in it ({ $counters }): the producer wrote over items not yet taken
ring-consumer-ahead = { $counters }: the consumer took { $items } more than were written

# Counts and words the lines share.
kernel-bytes = { $n ->
        [one] { $n } byte
       *[other] { $n } bytes
    }
kernel-size-bytes = { $n } bytes
kernel-size-unknown = size unknown
kernel-none = none
kernel-none-yet = none yet
kernel-held-by = held by { $holders }
kernel-end-read = read
kernel-end-write = write
kernel-end-both = read+write
# $end: kernel-end-read, kernel-end-write or kernel-end-both.
kernel-end-of = { $end } end
kernel-at = at { $address }
kernel-read-only = read-only

# A pipe or FIFO.
kernel-ends = read end: { $read }; write end: { $write }
kernel-ends-both = read+write: { $both }
kernel-pipe-empty = empty
kernel-pipe-buffered = { $bytes } buffered
kernel-pipe-unknown-bytes = holding an unknown number of bytes
kernel-no-process-has-it-open = no process has it open
kernel-pipe-in-flight = { $end } end in flight in socket:[{ $queue }]'s queue (sent by { $pid } fd { $fd }): the kernel keeps it open
kernel-pipe-reader-gets-eof = (a reader gets EOF once it is empty)
kernel-fifo-reader-gets-eof = (unless a writer is still opening it, a reader gets EOF once it is empty)
kernel-pipe-writer-gets-sigpipe = (a writer gets SIGPIPE/EPIPE)
kernel-fifo-writer-gets-sigpipe = (unless a reader is still opening it, a writer gets SIGPIPE/EPIPE)

# System V objects.
kernel-msg-queue = msg queue { $msqid } (key { $key }, mode { $mode }): { $messages ->
        [one] { $messages } message
       *[other] { $messages } messages
    }, { $bytes } of text; last msgsnd by { $sender }, last msgrcv by { $receiver }
kernel-sem-unreadable = values unreadable
kernel-sem-waiting-to-take = { $count } waiting to take
kernel-sem-waiting-for-zero = { $count } waiting for zero
kernel-sem-last-changed-by = last changed by { $pid }
kernel-only-zeros = only zeros
kernel-then-zeros = then zeros
kernel-bytes-read = ({ $read } of { $size } bytes read)
kernel-shm = shm segment { $shmid } (key { $key }, mode { $mode }, { $size }): { $attached }; created by { $creator }, last shmat/shmdt by { $last }
kernel-shm-attachments = { $count ->
        [one] { $count } attachment
       *[other] { $count } attachments
    }
kernel-shm-detaching = ({ $pids } detached already: its shmdt returns later in the trace)
kernel-shm-removed = removed: freed at the last detach
kernel-shm-mapped = mapped in { $pid } at { $start }-{ $end } ({ $access })
# $ring: "; " and the ring, when the segment holds one, else nothing.
kernel-shm-holds = holds { $contents }{ $ring }

# POSIX objects.
kernel-posix-mq = POSIX mq { $name }: { $messages ->
        [one] { $messages } message
       *[other] { $messages } messages
    } (at most { $max }, each up to { $size })
kernel-posix-mq-bytes = { $bytes } in all
kernel-posix-mq-notify = mq_notify registered by { $pid }
kernel-posix-shm-users = open by { $open }; mapped by { $mapped }
kernel-posix-shm-held = held { $contents } when { $pid } unmapped it

# Sockets.
kernel-socket-bound = bound to { $path }
kernel-socket-not-bound = not bound
kernel-socket-peer-to-read = with { $bytes } to read
kernel-socket-peer-closed = its peer was closed: a read gets EOF once nothing is left, a write fails with EPIPE
kernel-socket-peer-in-backlog = its peer waits in the listener's queue for accept
kernel-socket-backlog = { $count ->
        [one] { $count } connection
       *[other] { $count } connections
    } waiting for accept (backlog { $backlog })
kernel-socket-to-read = { $bytes } to read

# Signals.
kernel-signals-all = all
kernel-signals-all-except = all except { $missing }
kernel-signal-gets = gets { $signal }: { $what }
kernel-signal-handler-runs = its handler runs
kernel-signal-ignored = ignored (SIG_IGN)
kernel-signal-default-action = default action: { $action }
kernel-action-terminate = terminate
kernel-action-core = core
kernel-action-ignore = ignore
kernel-action-stop = stop
kernel-action-continue = continue
kernel-signal-masks = signals blocked { $blocked }; caught { $caught }; ignored { $ignored }; pending { $pending }

# Descriptors: inherited at fork, passed in a message, closed at execve.
kernel-inherited = { $child } inherited from { $parent }: { $what }
kernel-passed-became = { $what }: { $pid } fd { $fd } became { $to_pid } fd { $to_fd }
kernel-passage-sent = socket:[{ $queue }] now holds a message carrying { $fds }: the kernel keeps { $count ->
        [one] it
       *[other] them
    } open until a recvmsg takes { $count ->
        [one] it
       *[other] them
    }
kernel-passage-received = received from socket:[{ $queue }]: { $fds } (the same open { $count ->
        [one] file
       *[other] files
    }, under a number of the receiver's own)
kernel-passage-truncated = MSG_CTRUNC: no room in the control buffer for { $fds }: the kernel closed { $count ->
        [one] it
       *[other] them
    }
kernel-passage-discarded = socket:[{ $queue }] was closed with { $fds } unread in its queue: the kernel closed { $count ->
        [one] it
       *[other] them
    }
kernel-exec-keeps-none = it holds none of the run's objects now
kernel-exec-keeps = it keeps { $fds }
kernel-exec-closed-none = { $pid } after execve: { $kept }
kernel-exec-closed = { $pid }'s execve closed its close-on-exec descriptors: { $fds }; { $kept }

# Processes.
kernel-zombie = { $zombie } is a zombie: it exited, and stays in the process table until its parent { $parent } calls wait
kernel-reaped = zombie { $zombie } reaped by { $by }: gone from the process table
kernel-unavailable = (not readable: { $reason })

# An object that is gone, or whose name is.
kernel-gone-shm-freed = { $name } freed: removed before, and this was its last detach
kernel-gone-closed = { $name } closed: no process holds it any more, the kernel freed it
kernel-gone-removed = { $name } removed
kernel-unlinked-line = { $name } unlinked: { $rest }
kernel-unlinked-mq-open = the name is gone; the queue lives on while descriptors are open, and one is
kernel-unlinked-mq-freed = the name is gone, and no traced process has a descriptor on the queue: it is freed, nothing is left
kernel-unlinked-mq = the name is gone; the queue lives on while descriptors are open
kernel-unlinked-shm-open = the name is gone; the memory lives on while it is open or mapped, and it is
kernel-unlinked-shm-freed = the name is gone, and no traced process has it open or mapped: it is freed, nothing is left
kernel-unlinked-shm = the name is gone; the memory lives on while it is open or mapped
kernel-unlinked-socket-open = no one can connect by that name any more; the socket bound to it is still open
kernel-unlinked-socket-closed = no one can connect by that name any more; the socket bound to it was already closed: nothing is left
kernel-unlinked-socket = no one can connect by that name any more
kernel-unlinked-freed = the name is gone, and no traced process has a descriptor on it: nothing is left
kernel-unlinked = the name is gone; open descriptors still work

# File locks. $on: kernel-lock-on-description or nothing.
kernel-locks = locks on { $path }: { $locks }
kernel-lock-holds = { $who } holds { $what } ({ $kind }, { $range }{ $on })
kernel-lock-waits = { $who } waits for { $what } ({ $kind }, { $range }{ $on })
kernel-lock-on-description = , on the open file description of { $holders }
kernel-lock-a-description = an open file description
kernel-lock-the-description = the open file description of { $holders }
kernel-lock-whole-file = whole file
kernel-lock-to-end = bytes { $start } to the end
kernel-lock-range = bytes { $start } to { $end }

# eventfd, epoll, signalfd, futex.
kernel-eventfd-semaphore = (EFD_SEMAPHORE: a read takes 1)
kernel-eventfd-counter = counter { $count }
kernel-epoll-watches = watches { $watched }
kernel-epoll-nothing = nothing
kernel-signalfd-reads = reads { $mask }
kernel-signalfd-not-blocked = not blocked in { $pid }: { $signals } (delivered as a signal instead: its handler or default action, never read here)
kernel-signalfd-pending = pending { $signals }
kernel-futex-held-holds = held { $was } when it called { $op }, and holds { $now } now
kernel-futex-held = held { $was } when it called { $op }
kernel-futex-holds-after = holds { $now } after { $op }
kernel-futex-unreadable = could not be read ({ $op })
kernel-futex-ring-was-now = the ring of { $slots } slots was { $was }, now { $now }
kernel-futex-ring-was = the ring of { $slots } slots was { $was }
kernel-futex-ring = the { $ring }
kernel-futex-private = FUTEX_PRIVATE_FLAG: a wake reaches only threads of the caller's own process, never another process mapping the segment

# The ledger at the end of a run.
ledger-heading = ledger: the kernel objects this run created
ledger-line = created by { $pid } ({ $call }), used by { $users }; { $fate }
ledger-removed-by = removed by { $pid } ({ $call })
ledger-closed-at-exit = last end closed when { $pid } exited
ledger-closed-by = last end closed by { $pid } ({ $call })
ledger-ended = gone by the end of the run
ledger-leaked-cleaned = LEAKED: outlived the run; ipclab removed it afterwards
ledger-leaked = LEAKED: still exists after the run
ledger-remove-with = remove it with: { $command }
ledger-passed = a descriptor on it passed (SCM_RIGHTS) from { $passes }
ledger-passed-from-to = { $from } to { $to }
ledger-and-others = and others
ledger-folded-closed = { $count } more { $kind }s, created by { $creators }: each its last descriptor closed during the run (counted, not listed one by one)
ledger-folded-removed = { $count } more { $kind }s, created by { $creators }: each removed during the run (counted, not listed one by one)
ledger-end-none = ledger: the run created no IPC objects
ledger-end-clean = ledger: { $objects ->
        [one] { $objects } object
       *[other] { $objects } objects
    } created, none left behind
ledger-end-all-cleaned = ledger: { $objects ->
        [one] { $objects } object
       *[other] { $objects } objects
    } created, { $leaked } outlived the run and ipclab removed { $leaked ->
        [one] it
       *[other] them
    }
ledger-end-leaked = ledger: { $objects ->
        [one] { $objects } object
       *[other] { $objects } objects
    } created, { $leaked } outlived the run: remove them with `ipclab clean` or the commands above
ledger-end-leaked-some-cleaned = ledger: { $objects ->
        [one] { $objects } object
       *[other] { $objects } objects
    } created, { $leaked } outlived the run ({ $cleaned } removed by ipclab): remove them with `ipclab clean` or the commands above

# Why what is at a recorded object's place now is not proven the run's
# (kernel/ledger.rs, Mismatch): `ipclab clean` and the ledger leave it alone.
mismatch-another-queue = the id now names another queue (another key, creator or creation time)
mismatch-another-sem-set = the id now names another set (another key, creator or change time)
mismatch-another-segment = the id now names another segment (another key, creator or creation time)
mismatch-queue-remade = a queue of that name was made again since
mismatch-another-file = another file is at that path now
mismatch-no-creation-time = the run recorded no creation time for it (an older ledger), so it is not proven the run's
mismatch-inode-reused = a file made later got the same inode number
mismatch-changed-since = its change time moved since the run made it, and its filesystem records no birth time
