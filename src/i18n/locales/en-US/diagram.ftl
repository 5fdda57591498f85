# The diagram's own words (src/diagram): lane titles, the labels of the
# steps, the bars along a lane, how lanes end, the hang report's box, the
# legend, the title lines and the HTML page's controls. What the trace says
# (call names, decoded calls, flags, errno names, pids, payloads) stays as
# it is in every language.

# Lane titles (the header's first line).
diagram-lane-pipe = pipe
diagram-lane-fifo = FIFO
diagram-lane-msg-queue = SysV msg queue
diagram-lane-sem-set = SysV semaphores
diagram-lane-shm = SysV shm segment
diagram-lane-posix-mq = POSIX msg queue
diagram-lane-posix-shm = POSIX shm
diagram-lane-posix-sem = POSIX semaphore
diagram-lane-unix-socket = Unix socket
diagram-lane-ip-socket = IP socket
diagram-lane-file = file
diagram-lane-file-locked = file (locked)
diagram-lane-listening = listening socket
# $kind: diagram-lane-unix-socket or diagram-lane-ip-socket.
diagram-lane-bound = { $kind }, bound
diagram-lane-socket-pair = socket pair
# $number: empty, or a space and the connection's number when there are several.
diagram-lane-connection-to = connection{ $number } to { $via }
diagram-lane-connection-accepted = connection{ $number } accepted on { $via }
diagram-lane-program = (program)

# Labels of steps. $failure: empty, or ` = -1 ERRNO`.
diagram-interrupted = interrupted by a signal ({ $errno })
diagram-call-on = { $call } on { $kind }
diagram-call-interrupted = { $call } interrupted by a signal
diagram-call-returns = { $call } returns{ $failure }
diagram-thread-step = thread { $tid }: { $label }
diagram-detail-thread = (thread { $tid })
diagram-pipe-read = fd { $fd } (read)
diagram-pipe-write = fd { $fd } (write)
diagram-accepted = { $call } → fd { $fd }: a new connection
diagram-close-read-end = close fd { $fd } (read end)
diagram-close-write-end = close fd { $fd } (write end)
diagram-semget = { $call } → { $id } ({ $n } sem)
diagram-sem-wait-zero = wait for 0
diagram-futex-wake-post = futex wake (a post wakes a waiter)
diagram-futex-wait-post = futex wait (sleeps until a post)
diagram-futex-wake-woken = futex wake +{ $offset }: { $woken } woken
diagram-futex-wait-while = futex wait +{ $offset } while { $value }
diagram-kill-own-group = to its own process group
diagram-kill-everyone = to every process it may signal
diagram-kill-group = to process group { $group }
diagram-kill-self = to itself
diagram-kill-untraced = to pid { $pid }, not traced
diagram-handler = { $signal } handler
diagram-handler-returns = { $handler } returns
# $status: empty, or a space and the child's status as wait4 wrote it.
diagram-reaps = { $call } reaps { $child }{ $status }
diagram-child-gets = child gets { $fds }
diagram-cut-short = { $ret } of { $count } B, cut short by --inject
diagram-cut-count = (--inject cut the count { $count } to { $given })
diagram-passing = passing { $fds }
diagram-receiving = receiving { $fds }
diagram-eof = → 0: end of file
diagram-flock-unlock = flock unlock
diagram-flock-exclusive = flock exclusive
diagram-flock-shared = flock shared
diagram-lock-write = lock (write)
diagram-lock-read = lock (read)
diagram-mmap = { $call } { $len } B ({ $prot })
diagram-prot-read = read
diagram-prot-write = write
diagram-prot-exec = exec
diagram-prot-none = none
diagram-unlock = unlock
diagram-lock = lock
diagram-test-lock = test lock
diagram-lock-waiting = { $what }, waiting
diagram-only-zero-bytes = only zero bytes
diagram-bytes = bytes { $hex }
diagram-holds = holds { $what }

# What --inject did.
diagram-held = held { $ms } ms by --inject
diagram-ran-held = { $call } ran, { $held }{ $failure }
diagram-call-held = { $call } { $held }
# $call: the call's name with the object it named (`read fd 3`).
diagram-did-not-run = { $call } did not run (--inject { $errno })
diagram-injected-signal = { $signal } at the entry of { $call } (--inject)

# Threads, signals, exits.
diagram-thread-starts = thread { $child } starts ({ $via } CLONE_THREAD)
diagram-thread-starts-by = thread { $child } starts ({ $via } CLONE_THREAD by thread { $tid })
diagram-thread-ends = thread { $tid } ends ({ $how })
diagram-signal-detail = --- { $signal } ({ $code }) from { $sender } ---
diagram-signal-arrives = { $signal } arrives
diagram-sigchld = SIGCHLD: child { $child } ended
# $label: diagram-signal-arrives or diagram-sigchld, and who sent it.
diagram-from-ipclab = { $label } (from ipclab)
diagram-from = { $label } (from { $pid })
diagram-handler-runs = { $label }: handler runs
diagram-ignored = { $label } (ignored)
diagram-default-action = { $label }: default action, { $action }
diagram-exit = exit { $code }
diagram-killed-by = killed by { $signal }
diagram-killed-by-core = killed by { $signal } (core dumped)

# Bars along a lane.
diagram-blocked-in = blocked in { $call }
diagram-sleeping-in = sleeping in { $call }
diagram-thread-span = thread { $tid } { $what }
diagram-zombie = zombie
diagram-zombie-not-reaped = zombie: not reaped
diagram-zombie-never-reaped = zombie: never reaped by its parent
diagram-never-returned = blocked in { $call }: never returned

# The hang report.
diagram-hang-heading = time ran out: ipclab killed the program; where each thread was:
diagram-hang-blocked = pid { $pid } is blocked in { $call }
diagram-hang-between = pid { $pid } is between calls
diagram-time-ran-out = time ran out
diagram-waits-in = waits in { $call }

# How an object's lane ends.
diagram-removed-by = removed by { $pid } ({ $call })
diagram-freed-at-exit = freed when { $pid } exited
diagram-freed-closed-by = freed: last descriptor closed by { $pid } ({ $call })
diagram-gone-by-end = gone by the end of the run
diagram-removed = removed
diagram-freed-no-descriptor = freed: no descriptor left
diagram-name-removed = name removed
diagram-gone = gone
diagram-leaked = LEAKED: still in the kernel after the run
diagram-leak-cleaned = ipclab removed it after the run
diagram-leak-remove = remove it: { $command }
diagram-leak-remove-with = remove it with { $command }
diagram-leak-nobody = nobody removed it
diagram-mermaid-leaked = LEAKED: still in the kernel after the run, { $how }

# The ledger's line, above the drawing.
diagram-ledger-clean = ledger: { $objects } kernel { $objects ->
        [one] object
       *[other] objects
    } created, none left behind
diagram-ledger-cleaned = ledger: { $objects } kernel { $objects ->
        [one] object
       *[other] objects
    } created, { $leaked } leaked ({ $cleaned } removed by ipclab after the run)
diagram-ledger-leaked = ledger: { $objects } kernel { $objects ->
        [one] object
       *[other] objects
    } created, { $leaked } leaked

# Rounds drawn once, the row limit.
diagram-fold-says = these { $steps } steps came { $times } times in a row, alike but for their data: drawn once
diagram-fold-says-fresh = these { $steps } steps came { $times } times in a row, alike but for their data, each round with new objects of its own (only the first round's are drawn): drawn once
diagram-rounds = rounds
diagram-gap = ⋮  { $steps } more { $steps ->
        [one] step
       *[other] steps
    } not drawn: the drawing stops after { $limit } rows (--diagram-limit)  ⋮
diagram-mermaid-loop = × { $times } rounds
diagram-mermaid-loop-fresh = × { $times } rounds, each with new objects
diagram-mermaid-gap = { $steps } more steps not drawn (--diagram-limit { $limit })

# The title lines.
diagram-summary = ipclab diagram of { $program }: { $processes } { $processes ->
        [one] process
       *[other] processes
    }, { $objects } kernel { $objects ->
        [one] object
       *[other] objects
    }, { $records } trace { $records ->
        [one] record
       *[other] records
    }
diagram-a-run = a run
diagram-how-to-read = Time runs down; one row per step; hover a row for the whole call and what the kernel held.

# The legend.
diagram-legend-data = data into or out of an object
diagram-legend-signal = signal
diagram-legend-blocked = blocked in a call
diagram-legend-handler = signal handler
diagram-legend-fold = × N: repeated rounds drawn once
diagram-legend-leak = leaked object
diagram-legend-delay = held by --inject
diagram-legend-skipped = made to fail by --inject: did not run

# The HTML page's controls. $row and $rows in the two position messages
# become the script's numbers.
diagram-html-show = Show
diagram-html-every-lane = every lane
diagram-html-back = ◀ back
diagram-html-forward = forward ▶
diagram-html-help = Hover a row for its whole call and what the kernel held; click a row, or use the arrow keys, to step through the run.
diagram-html-position = row { $row } of { $rows }
diagram-html-rows = { $rows } rows
