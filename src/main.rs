//! The `ipclab` command: parses the command line and runs one command.
//! Errors are printed once, on one line, prefixed with the program name.

mod clean;
mod cli;
mod diagram;
mod grade;
mod labs;
mod run;
mod trace;

use std::process::ExitCode;

use clap::Parser;

/// An error for the user: one line, and the exit status that goes with it.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub code: u8,
}

impl Failure {
    pub fn new(code: u8, message: impl Into<String>) -> Self {
        Failure { message: message.into(), code }
    }

    /// A mistake in how ipclab was called (exit status 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Failure::new(2, message)
    }
}

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_failure(e),
    };
    let result = match cli.command {
        cli::Command::Trace(args) => trace::trace_command(args),
        cli::Command::List => run::list_command(),
        cli::Command::Run(args) => run::run_command(args),
        cli::Command::Lesson(args) => run::lesson_command(args),
        cli::Command::Hint(args) => run::hint_command(args),
        cli::Command::Clean(args) => clean::clean_command(args),
        cli::Command::Check(args) => check_command(args),
        cli::Command::Grade(args) => grade_command(args),
        cli::Command::Starter(args) => grade::commands::starter(&args.out),
        cli::Command::Diagram(args) => diagram::diagram_command(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            eprintln!("ipclab: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

/// A time limit given on the command line.
fn seconds(secs: Option<f64>) -> Result<Option<std::time::Duration>, Failure> {
    match secs {
        None => Ok(None),
        Some(s) if s > 0.0 && s.is_finite() => Ok(Some(std::time::Duration::from_secs_f64(s))),
        Some(s) => Err(Failure::usage(format!("--timeout must be a positive number of seconds, not {s}"))),
    }
}

fn check_command(args: cli::CheckArgs) -> Result<u8, Failure> {
    let options =
        grade::commands::GradeOptions { timeout: seconds(args.timeout)?, program: args.program, show_build: false };
    grade::commands::check(&args.lab, args.json, options)
}

fn grade_command(args: cli::GradeArgs) -> Result<u8, Failure> {
    let options = grade::commands::GradeOptions { timeout: seconds(args.timeout)?, ..Default::default() };
    grade::commands::grade(&args.labs, args.json, options)
}

/// Help and version go to stdout as clap writes them; a usage error becomes
/// one line on stderr and exit status 2.
fn clap_failure(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            }
        }
        _ => {
            eprintln!("ipclab: {}", usage_line(&e.render().to_string(), subcommand().as_deref()));
            ExitCode::from(2)
        }
    }
}

/// The subcommand the user typed (`check` in `ipclab check --bogus`), if
/// the first argument names one.
fn subcommand() -> Option<String> {
    use clap::CommandFactory;
    let first = std::env::args_os().nth(1)?.into_string().ok()?;
    cli::Cli::command().get_subcommands().any(|c| c.get_name() == first).then_some(first)
}

/// One line from clap's rendering of a usage error: its first paragraph
/// (a missing argument is named on the line after the message), and where
/// to read more (`ipclab check --help` for a mistake in `ipclab check`).
fn usage_line(rendered: &str, subcommand: Option<&str>) -> String {
    let message: Vec<&str> =
        rendered.lines().map(str::trim).take_while(|l| !l.is_empty()).filter(|l| !l.starts_with("tip:")).collect();
    let message = message.join(" ");
    let message = message.strip_prefix("error: ").unwrap_or(&message);
    let message = if message.is_empty() { "invalid arguments" } else { message };
    match subcommand {
        Some(sub) => format!("{message} (see ipclab {sub} --help)"),
        None => format!("{message} (see ipclab --help)"),
    }
}
