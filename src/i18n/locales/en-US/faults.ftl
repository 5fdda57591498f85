# What should not happen but is reported (internal faults): the sandboxed
# grader that failed or answered wrongly, a namespace or mount refused, a
# toolchain missing; the grader's build set-up errors; and the summary lines
# of `grade --class`, `starter` and `--exercism`. $error is the system's text.

# The process that grades one lab in its sandbox (grade/sandbox/mod.rs).
fault-probe-answered = the sandbox probe answered { $answer }
fault-own-program = cannot find ipclab's own program: { $error }
fault-grader-start = cannot start ipclab { $command }: { $error }
fault-grader-overran = ipclab { $command } took { $secs } s longer than the lab's time limit and was killed
fault-grader-wait = cannot wait for ipclab { $command }: { $error }
# $detail is empty or ": " and the first line it wrote on standard error.
fault-grader-failed = ipclab { $command } failed (status { $code }){ $detail }
fault-grader-killed = ipclab { $command } was killed ({ $status }){ $detail }
fault-grader-no-result = ipclab { $command } gave no result ({ $error }){ $detail }
# $why is one of fault-sent-*.
fault-grader-sent = ipclab's grader of this lab { $why }
fault-grader-probe = ipclab's grader of this lab answered a probe
fault-sent-other-lab = sent the result of { $sent } instead of { $lab }
fault-sent-no-checks = sent no checks
fault-sent-count = sent { $sent } checks instead of { $expected }
fault-sent-check = sent check { $sent } where { $expected } was expected
fault-sent-no-verdict = sent a check without a verdict

# Inside the sandbox (grade/sandbox/inside.rs, bwrap.rs).
fault-request-not-json = a request that is not JSON: { $error }
fault-request-no-program = a request without a program
fault-request-incomplete = an incomplete request
fault-no-checks = ipclab has no checks for lab { $lab }
fault-open = cannot open { $path }: { $error }
fault-unshare = cannot make new namespaces (unshare: { $error }): user namespaces are not allowed here
fault-fork-namespaces = cannot fork into the new namespaces: { $error }
fault-mount = cannot mount { $what } in the new namespaces: { $error }
fault-loopback = cannot bring up the loopback interface ({ $call }: { $error })
fault-copy-program = cannot copy the lab's program: { $error }
fault-program-dir = cannot create the program directory: { $error }
fault-run = cannot run { $path }: { $error }
fault-bwrap-fails = bubblewrap fails here: { $error }
fault-bwrap-fails-silently = bubblewrap fails here: no message
fault-no-bwrap = bubblewrap (bwrap) is not installed: install it (apt-get install bubblewrap)

# Building a submission (grade/submission/package.rs) and a lab (build.rs).
fault-no-cache-dir = no cache directory: set HOME or IPCLAB_CACHE_DIR
fault-run-rustc = cannot run rustc to build the submissions: { $error }
fault-no-toolchain = no cargo and rustc in the toolchain at { $dir }
fault-no-dependency = no { $name } in Cargo.toml
fault-run-cargo = cannot run cargo to build the submission: { $error }
fault-build-too-long = the build took longer than { $secs } s and was stopped (0 points)
fault-lock = cannot lock { $path }: { $error }
fault-prepare = cannot prepare { $dir }: { $error }
fault-prepare-build = cannot prepare the build in { $dir }: { $error }
fault-cargo-failed = cargo failed
fault-dependencies = cannot compile the labs' dependencies: { $why }
fault-cargo-silent = cargo built nothing and said no more
fault-cargo-build-failed = cargo build failed
fault-copy = cannot copy { $from } to { $to }: { $error }

# The handout (grade/starter.rs): a solution region marked wrongly in the project.
starter-region-nested = { $file }:{ $line }: a solution region starts inside the one opened on line { $open }
starter-region-unopened = { $file }:{ $line }: `{ $end }` with no region open
starter-region-unclosed = { $file }:{ $line }: a solution region is never closed with `{ $end }`
starter-written = wrote the handout to { $dir }: { $files } files; { $regions } solution regions in { $labs } labs replaced by todo!()

# `grade --class` (grade/commands.rs) and `--exercism` (grade/exercism.rs).
class-graded-all = graded { $graded } submissions into { $dir } (all of them), summary in { $summary }
class-graded-some = graded { $graded } submissions into { $dir } ({ $failed } could not be graded), summary in { $summary }
exercism-cleaned = ipclab removed what the lab left: { $objects }
exercism-nothing = nothing to grade
