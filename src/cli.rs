//! The command line, as clap types. `main` turns these into plain
//! configuration; nothing else in ipclab depends on clap.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// A kernel-facing teaching lab for Linux inter-process communication.
#[derive(Debug, Parser)]
#[command(name = "ipclab", version, about, propagate_version = true)]
pub struct Cli {
    /// The language of ipclab's messages, lessons and hints: ko or en (else
    /// IPCLAB_LANG, else the locale: LC_ALL, LC_MESSAGES, LANG; else en).
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

/// The command line as clap shows it in `lang`. In English, the doc comments
/// above, as clap renders them. In another language, from the catalogue
/// (`cli.ftl`): each command's about (`cli-about`, `cli-NAME-about`), each
/// argument's help (`cli-NAME-ARG`, else `cli-arg-ARG` for one several commands
/// share), clap's own words (its headings, `--help`, `--version`, the `help`
/// command) and the default and possible values (`[default: 32]`) in the
/// words of that language. Built before parsing: the language comes from
/// `--lang`, read by hand, or the environment.
pub fn command(lang: crate::lang::Lang) -> clap::Command {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    if lang == crate::lang::Lang::En {
        return cmd;
    }
    // Built first, so that clap's own `--help`, `--version`, `help` command
    // and the global options copied into every command are there to translate.
    cmd.build();
    // clap keeps headings as `&'static str`: the three, once per run.
    let heading = |id: &str| -> &'static str {
        Box::leak(crate::i18n::try_message(lang, id).unwrap_or_else(|| id.to_string()).into_boxed_str())
    };
    let headings = Headings {
        commands: heading("cli-heading-commands"),
        arguments: heading("cli-heading-arguments"),
        options: heading("cli-heading-options"),
    };
    localize(cmd, true, lang, &headings)
}

/// clap's headings, in the language shown.
struct Headings {
    commands: &'static str,
    arguments: &'static str,
    options: &'static str,
}

/// The catalogue's id of a command: `cli` for ipclab itself, `cli-NAME`.
fn command_key(cmd: &clap::Command, root: bool) -> String {
    if root { "cli".to_string() } else { format!("cli-{}", cmd.get_name().trim_start_matches('_')) }
}

/// An argument's help in `lang`: `KEY-ARG` (one command's), else `cli-arg-ARG`
/// (the same words in every command that has it).
pub fn arg_help(lang: crate::lang::Lang, key: &str, arg: &clap::Arg) -> Option<String> {
    arg_message(lang, key, arg, "")
}

/// The long help of an argument that has one (`--help` beside `-h`): the
/// same ids, `-long` after them.
pub fn arg_long_help(lang: crate::lang::Lang, key: &str, arg: &clap::Arg) -> Option<String> {
    arg_message(lang, key, arg, "-long")
}

fn arg_message(lang: crate::lang::Lang, key: &str, arg: &clap::Arg, suffix: &str) -> Option<String> {
    let id = arg.get_id().as_str().replace('_', "-");
    crate::i18n::try_message(lang, &format!("{key}-{id}{suffix}"))
        .or_else(|| crate::i18n::try_message(lang, &format!("cli-arg-{id}{suffix}")))
}

fn localize(cmd: clap::Command, root: bool, lang: crate::lang::Lang, headings: &Headings) -> clap::Command {
    let key = command_key(&cmd, root);
    let t = |id: &str| crate::i18n::try_message(lang, id).unwrap_or_else(|| id.to_string());
    let mut cmd = cmd
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
            t("cli-usage-heading")
        ))
        .subcommand_help_heading(headings.commands)
        .mut_args(|arg| {
            let heading = if arg.is_positional() { headings.arguments } else { headings.options };
            let mut arg = arg.help_heading(heading);
            if arg.is_hide_set() {
                return arg;
            }
            let Some(mut help) = arg_help(lang, &key, &arg) else { return arg };
            // A flag's `false` is not shown, as clap does not show it.
            let takes_values = arg.get_action().takes_values();
            if takes_values && !arg.is_hide_default_value_set() && !arg.get_default_values().is_empty() {
                let values: Vec<String> =
                    arg.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
                help.push(' ');
                help.push_str(&crate::i18n::tr_in!(lang, "cli-default", value = values.join(", ")));
                arg = arg.hide_default_value(true);
            }
            let possible: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            if !arg.is_hide_possible_values_set() && !possible.is_empty() {
                help.push(' ');
                help.push_str(&crate::i18n::tr_in!(lang, "usage-possible-values", values = possible.join(", ")));
                arg = arg.hide_possible_values(true);
            }
            let long = arg.get_long_help().is_some().then(|| arg_long_help(lang, &key, &arg).unwrap_or(help.clone()));
            let arg = arg.help(help);
            match long {
                Some(long) => arg.long_help(long),
                None => arg,
            }
        });
    if !cmd.is_hide_set()
        && let Some(about) = crate::i18n::try_message(lang, &format!("{key}-about"))
    {
        let long = cmd.get_long_about().is_some();
        cmd = cmd.about(about.clone());
        if long {
            cmd = cmd.long_about(about);
        }
    }
    cmd.mut_subcommands(|sub| localize(sub, false, lang, headings))
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;
    use crate::lang::Lang;

    /// Every command clap shows, with its catalogue key: ipclab, its
    /// commands, and `help`'s (hidden ones left out).
    fn commands(cmd: &clap::Command, root: bool, out: &mut Vec<(String, clap::Command)>) {
        if cmd.is_hide_set() {
            return;
        }
        out.push((command_key(cmd, root), cmd.clone()));
        for sub in cmd.get_subcommands() {
            commands(sub, false, out);
        }
    }

    fn built(lang: Lang) -> Vec<(String, clap::Command)> {
        let mut cmd = command(lang);
        cmd.build();
        let mut out = Vec::new();
        commands(&cmd, true, &mut out);
        out
    }

    #[test]
    fn the_english_catalogue_of_the_command_line_is_what_clap_shows() {
        // English help is clap's rendering of the doc comments; the
        // catalogue's English must say the same, so that the Korean is a
        // translation of what English readers see (and every argument has one).
        let mut wrong = Vec::new();
        for (key, cmd) in built(Lang::En) {
            if let Some(about) = cmd.get_about() {
                let ours = crate::i18n::try_message(Lang::En, &format!("{key}-about"));
                if ours.as_deref() != Some(&about.to_string()) {
                    wrong.push(format!("{key}-about = {about}"));
                }
            }
            for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                let Some(help) = arg.get_help() else { continue };
                if arg_help(Lang::En, &key, arg).as_deref() != Some(&help.to_string()) {
                    wrong.push(format!("{key}-{} = {help}", arg.get_id().as_str().replace('_', "-")));
                }
                if let Some(long) = arg.get_long_help() {
                    if arg_long_help(Lang::En, &key, arg).as_deref() != Some(&long.to_string()) {
                        wrong.push(format!("{key}-{}-long = {long}", arg.get_id().as_str().replace('_', "-")));
                    }
                }
            }
        }
        assert!(wrong.is_empty(), "cli.ftl differs from the help clap shows:\n{}", wrong.join("\n"));
    }

    #[test]
    fn in_korean_every_about_and_help_of_the_command_line_is_korean() {
        let hangul = |s: &str| s.chars().any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c));
        for (key, mut cmd) in built(Lang::Ko) {
            if let Some(about) = cmd.get_about() {
                assert!(hangul(&about.to_string()), "{key}: {about}");
            }
            for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
                assert!(hangul(&help), "{key} {}: {help:?}", arg.get_id());
                let shown = arg.get_action().takes_values() && !arg.get_default_values().is_empty();
                assert!(
                    !shown || arg.is_hide_default_value_set(),
                    "{key} {}: clap would add [default: ]",
                    arg.get_id()
                );
            }
            let text = cmd.render_help().to_string();
            for english in ["Usage:", "Options:", "Arguments:", "Commands:", "[default:", "[possible values:", "Print"]
            {
                assert!(!text.contains(english), "{key}: {english} in\n{text}");
            }
        }
    }

    #[test]
    fn english_help_is_clap_s_own() {
        let mut ours = command(Lang::En);
        let mut clap = Cli::command();
        assert_eq!(ours.render_long_help().to_string(), clap.render_long_help().to_string());
    }
}
