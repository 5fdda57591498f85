//! The command line, as clap types. `main` turns these into plain
//! configuration; nothing else in ipclab depends on clap.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// A kernel-facing teaching lab for Linux inter-process communication.
#[derive(Debug, Parser)]
#[command(name = "ipclab", version, about, propagate_version = true)]
pub struct Cli {
    /// The language of the lessons and hints: ko or en (else IPCLAB_LANG, else
    /// the locale: LC_ALL, LC_MESSAGES, LANG; else en).
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<LangChoice>,
    #[command(subcommand)]
    pub command: Command,
    /// Colour the output: auto (a terminal that shows colour), always or never.
    #[arg(long, value_enum, global = true, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a program under the tracer: every call of every process, decoded.
    Trace(TraceArgs),
    /// List the labs in teaching order.
    List,
    /// Build a lab and run it under the tracer.
    Run(RunArgs),
    /// Show a lab's lesson.
    Lesson(LabArg),
    /// Show the next hint for a lab.
    Hint(HintArgs),
    /// Remove the IPC objects earlier traced runs left behind (also runs that were killed).
    Clean(CleanArgs),
    /// Run a lab's checks: how it uses the kernel, judged from its trace.
    Check(CheckArgs),
    /// Run every lab's checks: a score table, or JSON for autograders.
    Grade(GradeArgs),
    /// Write the student handout: this project with every solution replaced by todo!().
    Starter(StarterArgs),
    /// Grade one lab inside namespaces of its own (run by `ipclab grade`).
    #[command(name = "__grade-lab", hide = true)]
    GradeLab,
    /// Draw a trace recorded with `--json` as a sequence diagram (.svg, .html or .mmd).
    Diagram(DiagramArgs),
}

#[derive(Debug, Args)]
pub struct DiagramArgs {
    /// The trace: the JSON lines of `ipclab trace --json -o FILE` (or - for standard input).
    #[arg(value_name = "TRACE")]
    pub trace: PathBuf,
    /// The diagram to write; its extension gives the format: .svg, .html or .mmd.
    #[arg(short = 'o', long = "output", value_name = "FILE", required = true)]
    pub output: PathBuf,
    /// Draw at most N rows (repeated rounds count once); the hang report is always drawn.
    #[arg(long = "diagram-limit", value_name = "N", default_value_t = crate::diagram::DEFAULT_LIMIT)]
    pub limit: usize,
}

#[derive(Debug, Args)]
pub struct CleanArgs {
    /// Only say what would be removed.
    #[arg(long = "dry-run")]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The lab: its number (01 or 1), its topic (pipe) or its folder (01_pipe).
    pub lab: String,
    /// Write the result as JSON (the format of `ipclab grade --json`).
    #[arg(long)]
    pub json: bool,
    /// Kill the lab after SECS seconds instead of its own time limit.
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<f64>,
    /// Check this program as the lab instead of building labs/NN_name
    /// (e.g. a copy built elsewhere).
    #[arg(long, value_name = "PATH")]
    pub program: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct GradeArgs {
    /// Only these labs (default: every lab).
    #[arg(value_name = "LAB")]
    pub labs: Vec<String>,
    /// Write the results as one JSON document (see docs/instructors.md).
    #[arg(long)]
    pub json: bool,
    /// Kill each lab after SECS seconds instead of its own time limit.
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<f64>,
    /// Write JSON for GitHub Classroom's reporter: one test per point, so that its
    /// console (tests passed) and the points it posts agree.
    #[arg(long, conflicts_with_all = ["json", "class", "exercism"])]
    pub classroom: bool,
    /// Run the labs without the sandbox, as the grading user (only for code you trust).
    #[arg(long)]
    pub unsandboxed: bool,
    /// Grade the submission in DIR: the .rs files of its labs/NN_name folders only, built and
    /// graded with this build's graders.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["labs", "class", "exercism"])]
    pub submission: Option<PathBuf>,
    /// Grade every subfolder of DIR as one submission; results go to --out.
    #[arg(long, value_name = "DIR", requires = "out", conflicts_with_all = ["labs", "exercism", "json"])]
    pub class: Option<PathBuf>,
    /// Where --class writes NAME.json for each submission and summary.csv.
    #[arg(long, value_name = "RESULTS", requires = "class")]
    pub out: Option<PathBuf>,
    /// How many submissions --class grades at once.
    #[arg(long, value_name = "N", requires = "class")]
    pub jobs: Option<usize>,
    /// The time limit of one whole submission (build and every lab) with --class.
    #[arg(long = "submission-timeout", value_name = "SECS", requires = "class")]
    pub submission_timeout: Option<f64>,
    /// Run as an Exercism test runner: grade INPUT_DIR, write OUTPUT_DIR/results.json.
    #[arg(long, num_args = 3, value_names = ["SLUG", "INPUT_DIR", "OUTPUT_DIR"], conflicts_with_all = ["labs", "json"])]
    pub exercism: Option<Vec<PathBuf>>,
}

#[derive(Debug, Args)]
pub struct StarterArgs {
    /// Where to write the handout (must not exist, or be empty).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct LabArg {
    /// The lab: its number (01 or 1), its topic (pipe) or its folder (01_pipe).
    pub lab: String,
}

#[derive(Debug, Args)]
pub struct HintArgs {
    /// The lab: its number (01 or 1), its topic (pipe) or its folder (01_pipe).
    pub lab: String,
    /// Start again from the first hint.
    #[arg(long)]
    pub reset: bool,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The lab: its number (01 or 1), its topic (pipe) or its folder (01_pipe).
    pub lab: String,
    /// Show every call, including the loader's and the Rust runtime's start-up.
    #[arg(long)]
    pub all: bool,
    /// Leave the IPC objects the lab failed to remove in the kernel (to look
    /// at them with ipcs), instead of removing them after the run.
    #[arg(long = "keep-leaks", conflicts_with = "cleanup")]
    pub keep_leaks: bool,
    /// Run this program as the lab instead of building labs/NN_name (as
    /// `check --program` does; the lesson tests run planted mistakes with it).
    #[arg(long, value_name = "PATH", hide = true)]
    pub program: Option<PathBuf>,
    #[command(flatten)]
    pub options: TraceOptions,
    /// Arguments for the lab's program (after --).
    #[arg(last = true, value_name = "ARGS")]
    pub args: Vec<OsString>,
}

/// A language of the course (`--lang`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangChoice {
    /// Korean (한국어).
    Ko,
    /// English.
    En,
}

/// When to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When writing to a terminal that shows colour (NO_COLOR not set, TERM
    /// set and not dumb).
    Auto,
    Always,
    Never,
}

/// Options that shape a trace, shared by `trace` and the lab commands.
#[derive(Debug, Clone, Args)]
pub struct TraceOptions {
    /// Trace only these calls or classes: ipc, pipe, process, signal,
    /// network, file, desc, memory, or call names (e.g. msgsnd,shmat).
    #[arg(short = 'e', long = "trace", value_name = "EXPR")]
    pub filter: Option<String>,
    /// Make calls fail, come back short, wait or be signalled (repeatable):
    /// CALLS:WHAT[:when=N|N+|N+S]; CALLS as -e takes them, WHAT an errno
    /// name (EINTR...), short, delay=MS or signal=SIG; e.g. write:short,
    /// msgrcv:EINTR:when=1. See docs/trace-format.md.
    #[arg(long = "inject", value_name = "SPEC")]
    pub inject: Vec<String>,
    /// Write the trace to FILE instead of standard error.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Show at most N bytes of each string or buffer.
    #[arg(short = 's', long = "string-limit", value_name = "N", default_value_t = 32)]
    pub string_limit: usize,
    /// Write JSON lines (one object per event) instead of text.
    #[arg(long)]
    pub json: bool,
    /// Print only a summary of calls per process at the end.
    #[arg(short = 'c', long = "summary-only", conflicts_with = "summary")]
    pub summary_only: bool,
    /// Print the trace and, at the end, a summary of calls per process.
    #[arg(short = 'C', long = "summary")]
    pub summary: bool,
    /// Kill the traced program after SECS seconds and report where it was blocked.
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<f64>,
    /// Kill the traced program if it has more than N processes at once
    /// (default: from the machine's limits, see docs/reliability.md).
    #[arg(long = "max-procs", value_name = "N")]
    pub max_procs: Option<usize>,
    /// Kill the traced program if it has more than N threads at once,
    /// besides each process's first (default: from the machine's limits).
    #[arg(long = "max-threads", value_name = "N")]
    pub max_threads: Option<usize>,
    /// Hide the kernel view: no `kernel:` lines under the calls and no
    /// ledger of objects at the end (the trace runs a little faster).
    #[arg(long = "no-kernel")]
    pub no_kernel: bool,
    /// At the end, remove the IPC objects the run created and left behind
    /// (never an object it did not create).
    #[arg(long, conflicts_with = "no_kernel")]
    pub cleanup: bool,
    /// Also draw the run as a sequence diagram of processes and kernel
    /// objects; FILE's extension gives the format: .svg, .html or .mmd.
    #[arg(long, value_name = "FILE")]
    pub diagram: Option<PathBuf>,
    /// Draw at most N rows in the diagram (repeated rounds count once).
    #[arg(long = "diagram-limit", value_name = "N", default_value_t = crate::diagram::DEFAULT_LIMIT)]
    pub diagram_limit: usize,
    /// With -e, stop at every call anyway instead of using a seccomp filter
    /// (slower; for comparing the two).
    #[arg(long = "no-seccomp", hide = true)]
    pub no_seccomp: bool,
}

#[derive(Debug, Args)]
pub struct TraceArgs {
    #[command(flatten)]
    pub options: TraceOptions,
    /// The program to run and its arguments (options for ipclab go before it,
    /// or before `--`).
    #[arg(required = true, trailing_var_arg = true, value_name = "CMD")]
    pub command: Vec<OsString>,
}
