# `ipclab clean`'s report (clean.rs): one line per object a killed run left,
# per run still going, per directory removed. $object is the object as the
# ledger names it (`msg queue 32768`), $why the reason (kernel's mismatch-*,
# or the system's error), $command the shell command that removes it.
clean-from-run = left by `{ $command }` (ipclab pid { $pid })
clean-from-unknown = left by an unknown run
clean-created = created by { $pid } ({ $call })
clean-removed = removed { $object }: { $created }, { $from }
clean-would-remove = would remove { $object }: { $created }, { $from }
clean-already-gone = already gone: { $object }: { $created }, { $from }
clean-left-alone = left alone: { $object }: { $created }, { $from }; what is there now is not the run's: { $why }
clean-not-removed = could not remove { $object }: { $why }; by hand: { $command }
clean-still-running = left alone: the objects of `{ $command }` (ipclab pid { $pid }), which is still running
clean-run-dir = removed the empty run directory { $dir } (its lab is over)
clean-grading-dir = removed the grading directory { $dir } (its grader was killed)
clean-grading-dir-dry = would remove the grading directory { $dir } (its grader was killed)
clean-nothing = nothing to clean: no traced run left IPC objects behind
