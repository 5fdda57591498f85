# The command line's help (cli.rs, `command`): what `ipclab --help` and each
# command's `--help` show. The English is what clap renders from the doc
# comments of cli.rs (a test keeps them equal); only other languages are
# shown from here. cli-NAME-about: a command's one line; cli-NAME-ARG: an
# argument of one command; cli-arg-ARG: an argument several commands share.

# clap's own words.
cli-usage-heading = Usage:
cli-heading-commands = Commands
cli-heading-arguments = Arguments
cli-heading-options = Options
cli-default = [default: { $value }]
cli-arg-help = Print help (see more with '--help')
cli-arg-help-long = Print help (see a summary with '-h')
cli-arg-version = Print version
cli-help-about = Print this message or the help of the given subcommand(s)
cli-help-subcommand = Print help for the subcommand(s)

cli-about = A kernel-facing teaching lab for Linux inter-process communication
cli-arg-lang = The language of ipclab's messages, lessons and hints: ko or en (else IPCLAB_LANG, else the locale: LC_ALL, LC_MESSAGES, LANG; else en)
cli-arg-color = Colour the output: auto (a terminal that shows colour), always or never
cli-arg-lab = The lab: its number (01 or 1), its topic (pipe) or its folder (01_pipe)

cli-trace-about = Run a program under the tracer: every call of every process, decoded
cli-trace-command = The program to run and its arguments (options for ipclab go before it, or before `--`)
cli-arg-filter = Trace only these calls or classes: ipc, pipe, process, signal, network, file, desc, memory, or call names (e.g. msgsnd,shmat)
cli-arg-inject = Make calls fail, come back short, wait or be signalled (repeatable): CALLS:WHAT[:when=N|N+|N+S]; CALLS as -e takes them, WHAT an errno name (EINTR...), short, delay=MS or signal=SIG; e.g. write:short, msgrcv:EINTR:when=1. See docs/trace-format.md
cli-arg-output = Write the trace to FILE instead of standard error
cli-arg-string-limit = Show at most N bytes of each string or buffer
cli-arg-json = Write JSON lines (one object per event) instead of text
cli-arg-summary-only = Print only a summary of calls per process at the end
cli-arg-summary = Print the trace and, at the end, a summary of calls per process
cli-arg-timeout = Kill the traced program after SECS seconds and report where it was blocked
cli-arg-max-procs = Kill the traced program if it has more than N processes at once (default: from the machine's limits, see docs/reliability.md)
cli-arg-max-threads = Kill the traced program if it has more than N threads at once, besides each process's first (default: from the machine's limits)
cli-arg-no-kernel = Hide the kernel view: no `kernel:` lines under the calls and no ledger of objects at the end (the trace runs a little faster)
cli-arg-cleanup = At the end, remove the IPC objects the run created and left behind (never an object it did not create)
cli-arg-diagram = Also draw the run as a sequence diagram of processes and kernel objects; FILE's extension gives the format: .svg, .html or .mmd
cli-arg-diagram-limit = Draw at most N rows in the diagram (repeated rounds count once)

cli-list-about = List the labs in teaching order

cli-run-about = Build a lab and run it under the tracer
cli-run-all = Show every call, including the loader's and the Rust runtime's start-up
cli-run-keep-leaks = Leave the IPC objects the lab failed to remove in the kernel (to look at them with ipcs), instead of removing them after the run
cli-run-args = Arguments for the lab's program (after --)

cli-lesson-about = Show a lab's lesson

cli-hint-about = Show the next hint for a lab
cli-hint-reset = Start again from the first hint

cli-clean-about = Remove the IPC objects earlier traced runs left behind (also runs that were killed)
cli-clean-dry-run = Only say what would be removed

cli-check-about = Run a lab's checks: how it uses the kernel, judged from its trace
cli-check-json = Write the result as JSON (the format of `ipclab grade --json`)
cli-check-timeout = Kill the lab after SECS seconds instead of its own time limit
cli-check-program = Check this program as the lab instead of building labs/NN_name (e.g. a copy built elsewhere)

cli-grade-about = Run every lab's checks: a score table, or JSON for autograders
cli-grade-labs = Only these labs (default: every lab)
cli-grade-json = Write the results as one JSON document (see docs/instructors.md)
cli-grade-timeout = Kill each lab after SECS seconds instead of its own time limit
cli-grade-classroom = Write JSON for GitHub Classroom's reporter: one test per point, so that its console (tests passed) and the points it posts agree
cli-grade-unsandboxed = Run the labs without the sandbox, as the grading user (only for code you trust)
cli-grade-submission = Grade the submission in DIR: the .rs files of its labs/NN_name folders only, built and graded with this build's graders
cli-grade-class = Grade every subfolder of DIR as one submission; results go to --out
cli-grade-out = Where --class writes NAME.json for each submission and summary.csv
cli-grade-jobs = How many submissions --class grades at once
cli-grade-submission-timeout = The time limit of one whole submission (build and every lab) with --class
cli-grade-exercism = Run as an Exercism test runner: grade INPUT_DIR, write OUTPUT_DIR/results.json

cli-starter-about = Write the student handout: this project with every solution replaced by todo!()
cli-starter-out = Where to write the handout (must not exist, or be empty)

cli-diagram-about = Draw a trace recorded with `--json` as a sequence diagram (.svg, .html or .mmd)
cli-diagram-trace = The trace: the JSON lines of `ipclab trace --json -o FILE` (or - for standard input)
cli-diagram-output = The diagram to write; its extension gives the format: .svg, .html or .mmd
cli-diagram-limit = Draw at most N rows (repeated rounds count once); the hang report is always drawn
