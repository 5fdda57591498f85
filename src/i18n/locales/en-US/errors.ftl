# ipclab's one-line errors (exit.rs, Failure): main prints them after
# "ipclab: ". File names, flags, call names and the OS's error texts
# ($error, from the system) are arguments and stay as they are.

err-no-program = no program to trace was given
err-timeout = --timeout must be a positive number of seconds, not { $value }
err-time-limit = a time limit must be a positive number of seconds, not { $value }
err-max-procs = --max-procs must be at least 1
err-jobs = --jobs must be at least 1
err-signals = cannot handle signals: { $error }
err-write-trace = cannot write the trace to { $path }: { $error }

err-read-labs = cannot read the labs in { $dir }: { $error }
err-no-lab = no lab called '{ $name }': the labs are { $labs }
err-read-lesson = cannot read the lesson { $path }: { $error }

# Building a lab (build.rs); $detail is err-see-errors-above or the compiler's first error.
err-run-cargo = cannot run cargo to build lab { $lab }: { $error }
err-cargo = cargo failed: { $error }
err-does-not-compile = lab { $lab } does not compile ({ $detail }): fix { $path }
err-see-errors-above = see the errors above
err-cargo-no-path = cargo built lab { $lab } but did not say where

err-no-ledger-dir = no place for ledgers: set HOME or IPCLAB_LEDGER_DIR
err-read-ledgers = cannot read the ledgers in { $dir }: { $error }

# check and grade (grade/).
err-no-checks = ipclab has no checks for lab { $lab }
err-no-checks-short = no checks for lab { $lab }
err-no-program-file = --program { $path }: no such file
err-check-interrupted = check interrupted: the lab was killed
err-no-labs-to-grade = no labs to grade in { $dir }
err-program-one-lab = --program grades one lab: name it
err-no-submission-dir = --submission { $dir }: no such directory
err-no-class-dir = --class { $dir }: no such directory
err-class-cannot-read = --class { $dir }: cannot read it: { $error }
err-class-empty = --class { $dir }: no submission folders in it
err-class-interrupted = grading the class was interrupted
err-grading-interrupted = grading interrupted: the lab being graded was killed
err-exercism-no-input = --exercism: input directory { $dir } does not exist
err-create-output-dir = cannot create the output directory { $dir }: { $error }
err-create = cannot create { $path }: { $error }
err-write-file = cannot write { $path }: { $error }
err-cannot-sandbox = cannot sandbox the labs on this machine: { $why }
err-cannot-sandbox-or = cannot sandbox the labs on this machine: { $why }; or grade with --unsandboxed, trusting the code
err-cannot-grade = cannot grade on this machine: { $why }
err-scenario-wrong = the course's scenario is wrong: { $error }
err-build-submission = cannot build the submission { $dir }: { $why }
err-no-pass-status = { $error }; the list shows no pass status

# ipclab diagram (diagram/mod.rs).
err-diagram-format = cannot draw { $path }: the diagram's format follows the file's extension, .svg, .html or .mmd
err-diagram-limit = --diagram-limit must be at least 1 (rows drawn)
err-standard-input = standard input
err-read = cannot read { $name }: { $error }
err-read-trace = cannot read the trace { $name }: { $error }
err-not-json = { $name } line { $line }: not JSON ({ $error }); draw the trace `ipclab trace --json -o FILE` writes
err-not-record = { $name } line { $line }: not a trace record (every line of `ipclab trace --json` has "type" and "pid")
err-no-records = { $name } holds no trace records: nothing to draw
err-write-diagram = cannot write the diagram to { $path }: { $error }

# Why a lab has no result (a check report's line, grade/).
err-lab-not-run = lab { $lab } could not be run: { $error }

# Why a submitted lab gets no score (grade/submission/mod.rs): the grade
# report's error of the lab.
sub-lab-folder = the lab's folder
sub-symlink = { $path }: { $what } is a symbolic link; only regular files are graded (0 points: submit the file itself)
sub-not-file = { $path }: { $what } is not a regular file (0 points)
sub-not-dir = { $path }: { $what } is not a directory (0 points)
sub-link = { $path }: a symbolic link; only regular files are graded (0 points: submit the file itself)
sub-unreadable = { $path }: { $why } (0 points)
sub-cannot-read = cannot be read: { $error }
sub-not-regular = not a regular file
sub-too-large = labs/{ $folder }: its sources are larger than { $kib } KiB (0 points)
sub-missing = { $path } is missing from the submission (0 points)
sub-missing-other = { $path } is missing from the submission (0 points); it has labs/{ $other }, which is not a lab's folder
# Then, on the next lines, the compiler's errors.
sub-does-not-compile = lab { $lab } does not compile:
sub-no-program = the build gave no program for this lab

# ipclab starter (grade/starter.rs).
err-starter-exists = { $dir } already exists and is not an empty directory: choose a new one
err-starter-inside = { $dir } is inside the project: write the handout somewhere else
err-read-project = cannot read the project at { $dir }: { $error }
# A lab the sandboxed grader could not grade (grade/sandbox/mod.rs).
err-not-graded = the lab could not be graded: { $why }

# What `ipclab run` says, before a lab starts, of the objects a killed run
# left behind (clean.rs): $object is the object, $from one of leftover-from-*.
leftover-from-command = left by `{ $command }`, which was killed
leftover-from-run = left by a killed run
leftover-removed = removed { $object } ({ $from })
leftover-left-alone = left alone { $object } ({ $from }): what is there now is not the run's: { $why }
leftover-not-removed = could not remove { $object } ({ $from }): { $why }; by hand: { $command }

# A mistake on the command line (main.rs, usage_line), from what clap found
# wrong; $why is the value parser's own text.
usage-see-help = { $message } (see { $command } --help)
usage-missing = the following required arguments were not provided: { $args }
usage-no-value = a value is required for '{ $arg }' but none was supplied
usage-invalid-value = invalid value '{ $value }' for '{ $arg }'
usage-invalid-value-why = invalid value '{ $value }' for '{ $arg }': { $why }
usage-possible-values = [possible values: { $values }]
usage-unexpected = unexpected argument '{ $arg }' found
usage-too-many = unexpected value '{ $value }' for '{ $arg }' found; no more were expected
usage-twice = the argument '{ $arg }' cannot be used multiple times
usage-conflict = the argument '{ $arg }' cannot be used with '{ $prior }'
usage-conflict-others = the argument '{ $arg }' cannot be used with one or more of the other arguments
usage-unknown-subcommand = unrecognized subcommand '{ $sub }'
usage-unknown-subcommand-bare = unrecognized subcommand
