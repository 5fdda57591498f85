# What `ipclab check` and `grade` tell the student: a finding's parts, the
# report's lines, why the run stopped early, and the checks every lab shares
# (src/grade/check.rs, report.rs, model/ends.rs).

finding-expected = Expected { $expected }.
finding-found = The trace shows { $found }
finding-mistake = Likely mistake: { $mistake }
finding-not-reached = Not reached: { $why }
finding-not-reached-expects = This check expects { $expected }; it is judged once the run gets that far: fix what stopped it first.
finding-internal-expected = the check to run
finding-internal-found = an internal error in ipclab's grader

report-stopped-early = The run stopped early: { $why }
report-unreached-legend = Checks marked ---- judge parts of the lab it never reached.
report-not-reached-as-above = Not reached: as above.
report-cleaned = (after the run ipclab removed what the lab left: { $objects })
report-score = Score: { $score }/{ $max }
grade-out-of-time = not graded: the submission's time limit ran out before this lab's turn

# Why the run stopped early (the root cause line).
stopped-failed-then-hung = { $why }; the rest of the lab then hung, and was killed after { $secs } s
stopped-hung = it hung, and was killed after { $secs } s. Likely cause: { $cause }
stopped-too-many-tasks = it held more than { $n } at once, and was killed (a fork bomb?)
stopped-interrupted = grading was interrupted by { $signal }
hang-no-blocked = (no process was blocked in a call)
cut-calls-dropped = the lab made { $dropped } system calls more than the { $kept } grading keeps (a loop of calls with no wait?), and what it did after them is not in the trace
hang-calls-dropped = (it made so many calls that grading kept only the first { $kept }: a loop of calls with no wait?)
hang-cause-spins = a process loops without ever waiting (busy polling or an endless loop)
hang-cause-waits = a process waits for something no other process will do

# Who a process is, and why it never got past where it was.
who-parent = the parent (pid { $pid })
who-role = the { $role } (pid { $pid })
who-child = the child (pid { $pid })
when-killed-timeout = when the lab was killed after { $secs } s
when-killed-tasks = when the lab was killed for holding more than { $n } at once
when-killed-interrupted = when grading was interrupted by { $signal }
when-killed = when the lab was killed
cut-blocked = { $who } was still blocked in { $call } { $when }
cut-spinning-at = { $who } was still running its own code, in { $place }, { $when }
cut-spinning = { $who } was still running its own code, making no system call, { $when }
cut-panicked-said = { $who } panicked: { $message }
cut-panicked = { $who } panicked (exit status 101)
cut-failed-said = { $who } stopped with exit status { $code }: { $said }
cut-failed = { $who } stopped with exit status { $code }
cut-signaled = { $who } was killed by { $signal }
cut-running = { $who } was still running when the lab's first process ended

# The check every lab has first (runs) and how the lab's processes ended.
check-runs = the lab runs to completion and prints what the lesson shows
runs-ipc-expected = the lab to communicate through the kernel ({ $calls })
runs-ipc-found = none of these calls succeeded: the lines were printed, but no IPC happened
runs-ipc-mistake = the output is written without doing what it describes: the lab must make the calls it reports
runs-timeout-expected = the lab to finish within { $secs } s
runs-timeout-found = it was still running after { $secs } s, and was killed with everything it started:
    { "  " }{ $report }
runs-timeout-mistake-failed = { $why }; the others waited for what it was to do
runs-tasks-expected = at most { $n } at once
runs-tasks-found = more than { $n } were alive at once, so the lab was killed with all of them
runs-tasks-mistake = a fork bomb: fork in a loop, or a child that goes on running the parent's code instead of exiting
runs-complete-expected = the lab to run to completion
runs-panicked-found = it panicked: { $message }
runs-todo-mistake = this part is still a todo!(): write it
runs-panic-mistake = read the panic message and the line it names
runs-status-expected = the lab to exit with status 0
runs-status-found = it exited with status { $code }: { $stderr }
runs-signal-found = it was killed by { $signal }
runs-signal-found-said = it was killed by { $signal }: { $stderr }
runs-oom-mistake = the lab ran out of memory (each process may use { $mib } MiB)
runs-interrupted-found = grading was interrupted by { $signal }
child-expected = every process to end with status 0
child-panicked = { $who } panicked{ $detail }
child-status = { $who } exited with status { $code }{ $detail }
child-signal = { $who } was killed by { $signal }
child-parent-failed = { $child }, and { $parent } failed because of it
output-expected = the output to include the line { $line }
output-found = the lab printed:
    { $output }

# Every object the lab creates is removed.
removed-expected-create = the lab to create and then remove a { $what }
removed-found-none = no { $what } was created
removed-expected = every { $what } the lab creates to be removed before it ends
removed-leak = { $object } was created by { $call } and never removed (no { $remover })
removed-leak-ledger = { $object } was created by pid { $pid } { $call } and was still there when the run ended (no { $remover })
removed-mistake-ipc = the { $remover } call was forgotten: the { $noun } outlives the program, until reboot (see ipcs) (ipclab removed it after grading)
removed-mistake-posix = the { $remover } call was forgotten: the { $noun } outlives the program, until reboot (ipclab removed it after grading)
removed-mistake-file = the { $remover } call was forgotten: the { $noun } outlives the program, in the directory (ipclab removed it after grading)

# The kinds of objects a lab creates (model/objects.rs).
noun-msg-queue = System V message queue
noun-shm-segment = System V shared memory segment
noun-sem-set = System V semaphore set
noun-posix-queue = POSIX message queue
noun-posix-shm = POSIX shared memory object
noun-fifo = FIFO
noun-socket-file = socket file
noun-file = file
noun-dir = directory
budget-processes = { $n ->
        [one] { $n } process
       *[other] { $n } processes
    }
budget-threads = { $n ->
        [one] { $n } thread
       *[other] { $n } threads
    }

# A robustness check, judged on the lab's run under `--inject` rules
# (src/grade/mod.rs). $options: the rules as `--inject SPEC` options.
scenario-judged-on = Judged on a run with { $options } (try: ipclab run { $lab } { $options }).
scenario-failed = the run with { $options } failed: { $why }
scenario-run-expected = the lab to run under injected failures
scenario-not-rerun = the normal run was killed ({ $why }), so it is not run again under { $options }
scenario-cope-expected = the lab to cope with { $options }

# Where a lab panicked, after its panic message (grade/model/ends.rs): $place
# is FILE:LINE:COLUMN, $function the lab's function that panicked.
panic-at = at { $place }
panic-in-at = in { $function }, at { $place }
# After `= ` in a quoted call that never returned (grade/quote.rs); the
# tracer's CallStyle::QUOTE says the same.
quote-unfinished = ? (it never returned)
