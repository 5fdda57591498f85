# The hang report: what each thread waits in when time runs out
# (render/hang.rs), and the likely mistake (event/hang.rs, Diagnosis).

hang-pid = pid { $pid }
hang-pid-thread = pid { $pid } thread { $tid }
hang-blocked-in = { $who }: blocked in { $call }
hang-not-in-call = { $who }: not in a system call
hang-sleeping-in = sleeping in { $wchan }
hang-likely-mistake = likely mistake: { $mistake }

hang-state-running = running
hang-state-sleeping = sleeping
hang-state-disk-sleep = in uninterruptible sleep
hang-state-stopped = stopped
hang-state-tracing-stop = stopped by the tracer
hang-state-zombie = zombie
hang-state-other = other

diag-fifo-no-peer-writing = it opens the FIFO for writing, and no process opens it for reading (O_RDONLY): does the other side run, open the same path, and open it the other way?
diag-fifo-no-peer-reading = it opens the FIFO for reading, and no process opens it for writing (O_WRONLY): does the other side run, open the same path, and open it the other way?
diag-pipe-nobody-reads-own = nobody reads the pipe: pid { $pid } holds its only read end itself, and it is busy writing; the reader must be another process, and pid { $pid } close its read end
diag-pipe-nobody-reads-others = nobody reads the pipe any more: { $readers } holding its read end { $count ->
        [one] is
       *[other] are
    } not reading it (see where { $count ->
        [one] it waits
       *[other] they wait
    } in this report)
diag-pipe-full-own-read-end = { $object } is full and the only read end is this process's own fd { $fd }: no other process will ever make room, so a blocking write waits forever
diag-pipe-opened-read-write = pid { $pid } opened { $object } for reading and writing (O_RDWR) on fd { $fd }: it is a writer itself, so end of file can never come; open it O_RDONLY to read
diag-pipe-own-write-end = pid { $pid } still holds the write end fd { $fd } of { $object }: end of file comes only when every write end is closed, so close fd { $fd } before reading until EOF
# $writers: the list of diag-pipe-writer items, joined with ", ".
diag-pipe-writers-idle = { $writers } never writes or closes it: close the write end in every process that does not write
diag-pipe-writer = pid { $pid } fd { $fd }
diag-queue-empty = the queue is empty and no process sends to it any more
# $types: the queued types, joined with ", "; $count: how many distinct.
diag-msg-type-absent = no message of type { $msgtyp } is queued: check the types sender and receiver use
diag-msg-type-absent-queue = no message of type { $msgtyp } is queued; the queue holds { $count ->
        [one] type
       *[other] types
    } { $types } (read from the queue with msgrcv MSG_COPY): check the types sender and receiver use
diag-msg-type-absent-trace = no message of type { $msgtyp } is queued; by the trace's record of msgsnd and msgrcv, the queue holds { $count ->
        [one] type
       *[other] types
    } { $types } ({ $why }): check the types sender and receiver use
diag-msg-type-absent-unknown = no message of type { $msgtyp } is queued (which types are, is not known: { $why }): check the types sender and receiver use
diag-sem-never-initialised = semaphore { $semnum } was never initialised: it is 0 as it was made, no semctl(SETVAL) and no semop ever changed it, so every lock waits; set it to 1 with SETVAL before any process uses it
diag-sem-set-to-zero = semaphore { $semnum } starts taken: pid { $by } set it to 0 and no semop on the set ever succeeded, so every lock waits; a free lock starts at 1
diag-sem-never-released-by = the semaphore stays at 0: pid { $pid } changed it last (took it) and nobody gave it back (a missing +1, or it died without SEM_UNDO)
diag-sem-never-released = the semaphore stays at 0: a process took it and never gave it back (a missing +1, or it died without SEM_UNDO)
diag-signal-never-sent = no process sends the signal it waits for, or the signal is blocked
diag-no-client = no client connected: is the client running, and connecting to this path?
diag-inotify-no-event = nothing happened that the watch asked for: check the event mask (e.g. a file renamed into place is IN_MOVED_TO, not IN_CREATE) and the watched path
diag-busy-loop-at = a busy loop in { $place }: it spins without ever waiting in the kernel
diag-busy-loop = a busy loop: it spins without ever waiting in the kernel
diag-signalfd-not-blocked = it waits for the signalfd (fd { $fd }), but { $signals } is not blocked: such a signal is delivered (its handler or default action) instead of waiting to be read; block it with sigprocmask before it can arrive
diag-epoll-watches-hung-up = fd { $fd } ({ $object }) hung up while still watched edge-triggered: epoll reported EPOLLHUP once and never will again, so this wait is for nothing; when epoll_wait reports EPOLLHUP (or a read returns 0), remove the descriptor (EPOLL_CTL_DEL) or close it
diag-futex-word-changed = a lost wake-up: it went to sleep while the word held { $slept_on }, the word holds { $now } now, and no FUTEX_WAKE reached it (the process that changed the word did not wake it, or woke it through a private futex, which never reaches another process)
hang-heading = time ran out; where each thread was:
hang-heading-interrupted = where each thread was when { $signal } came (each was blocked in a call, or had made none for a while):

# The line when ipclab is asked to stop (Ctrl-C) and gives the program a grace.
interrupted-grace = interrupted by { $signal }: the program gets it too, and { $secs } s to end on its own ({ $signal } again kills it now)

# The loop's own notes (`ipclab: ...` lines in the trace).
note-over-processes = the traced program holds more than { $count } processes at once (a fork bomb? --max-procs and --max-threads raise the limits): killing it
note-over-threads = the traced program holds more than { $count } threads at once (--max-procs and --max-threads raise the limits): killing it
note-signal-again = { $signal } again: killing the program now
note-grace-over = the program had not ended { $secs } s after { $signal }: killing it
note-sent-on = { $signal } came to ipclab alone: sent it on to the program (pid { $pid })
note-waitpid-failed = waitpid failed: { $error }
note-ledger-unwritable = cannot keep the ledger in { $dir }: { $error } (ipclab clean will not know this run)
# The kernel view's notes at the end of a run (kernel/view/ledger.rs):
# $object as the ledger names it, $why one of kernel's mismatch-*.
note-cleanup-failed = --cleanup could not remove { $object }: { $error }
note-not-the-runs = { $object }: what is there now is not the run's ({ $why }): left alone
note-cannot-tell = cannot tell whether { $object } outlived the run: { $error }
