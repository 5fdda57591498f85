# What `ipclab run`, `hint` and `lesson` tell the student around the trace
# (src/run.rs, src/watch.rs, src/lesson.rs).

run-panicked = lab { $lab } panicked: the message above names the function and the line (exit status 101)
run-failed = lab { $lab } failed with exit status { $code }
run-killed-by = lab { $lab } was killed by { $signal }
run-killed-by-core = lab { $lab } was killed by { $signal } (core dumped)
run-timed-out = lab { $lab } did not finish within { $secs } s: it was killed with everything it started
run-removed-empty-dir = removed the empty run directory { $dir }

# The leak line. $objects: the leaks, each a run-leak-object, joined with ", ";
# $count: how many.
run-leak-object = { $name } (created by { $pid } with { $call })
run-leak-what = { $count ->
        [one] { $objects }
       *[other] { $count } objects: { $objects }
    }
run-leak-kept = { $count ->
        [one] it is still there (--keep-leaks)
       *[other] they are still there (--keep-leaks)
    }
run-leak-kept-remove = still there (--keep-leaks); remove with: { $commands }
run-leak-removed = { $count ->
        [one] ipclab removed it after the run (--keep-leaks leaves it)
       *[other] ipclab removed them after the run (--keep-leaks leaves them)
    }
run-leak-ended = LEAKED: lab { $lab } ended leaving { $what } in the kernel, never removed: { $after }; ipclab exits with status { $status }
run-leak-stopped = LEAKED: lab { $lab } was stopped before it removed { $what }: { $after }

# The notices of a run (watch.rs).
run-quiet = no system call for { $quiet } s: the lab is waiting (or running without calls). At { $limit } s ipclab stops it and says where each process waits; Ctrl-C stops it now (--timeout SECS sets the limit)
run-panic-folded = panicked: { $count } calls of its panic handler folded (symbolising the program to name the function, writing the message shown on the lab's standard error)
run-panic-folded-short = panicked: { $count } calls of its panic handler folded

# ipclab hint
hint-none = lab { $lab } has no hints ({ $path } is missing)
hint-empty = lab { $lab } has no hints in { $path }
hint-heading = Hint { $index } of { $count } for lab { $lab }:
hint-heading-for = Hint { $index } of { $count } for lab { $lab } (for `{ $check }`, which your last `ipclab check { $number }` failed):
hint-all-seen = (You have seen every hint of this lab. `ipclab lesson { $number }` has the whole lesson; `ipclab hint { $number } --reset` starts the hints again.)

# ipclab lesson and hint, when the language asked for has no edition yet.
lesson-untranslated-hints = lab { $lab } has no { $translated } yet: showing { $file }
lesson-untranslated-lesson = lab { $lab } has no { $translated } yet: showing { $file }
