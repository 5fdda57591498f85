//! The `ipclab` command: parses the command line and runs one command.
//! Errors are printed once, on one line, prefixed with the program name.

mod build;
mod clean;
mod cli;
mod color;
mod diagram;
mod exit;
mod grade;
mod i18n;
mod labs;
mod lang;
mod lesson;
mod progress;
mod run;
mod trace;
mod watch;

use std::process::ExitCode;

use exit::{CommandResult, Exit, Failure};

fn main() -> ExitCode {
    // Help is shown while parsing: its language is read before clap runs.
    let early = lang::resolve_now(lang_flag(std::env::args_os().skip(1)));
    let cli = match parse(cli::command(early)) {
        Ok(cli) => cli,
        Err(e) => return clap_failure(e),
    };
    color::choose(cli.color);
    let lang = cli.lang.map(|l| match l {
        cli::LangChoice::Ko => lang::Lang::Ko,
        cli::LangChoice::En => lang::Lang::En,
    });
    if let Some(warning) = lang::choose(lang) {
        eprintln!("ipclab: {warning}");
    }
    let result = match cli.command {
        cli::Command::Trace(args) => trace::trace_command(args),
        cli::Command::List => grade::commands::list(),
        cli::Command::Run(args) => run::run_command(args),
        cli::Command::Lesson(args) => lesson::lesson_command(args),
        cli::Command::Hint(args) => run::hint_command(args),
        cli::Command::Clean(args) => clean::clean_command(args),
        cli::Command::Check(args) => check_command(args),
        cli::Command::Grade(args) => grade_command(args),
        cli::Command::Starter(args) => grade::commands::starter(&args.out),
        cli::Command::Diagram(args) => diagram::diagram_command(&args.trace, &args.output, args.limit),
        cli::Command::GradeLab => return grade::sandbox::serve(),
    };
    match result {
        Ok(exit) => ExitCode::from(exit.code()),
        Err(f) => {
            eprintln!("ipclab: {}", f.message);
            ExitCode::from(f.exit.code())
        }
    }
}

/// The command line, parsed with `cmd` (the clap command in the language of
/// its help).
fn parse(mut cmd: clap::Command) -> Result<cli::Cli, clap::Error> {
    use clap::FromArgMatches;
    let mut matches = cmd.try_get_matches_from_mut(std::env::args_os())?;
    cli::Cli::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut cmd))
}

/// A time limit given on the command line.
fn seconds(secs: Option<f64>) -> Result<Option<std::time::Duration>, Failure> {
    match secs {
        None => Ok(None),
        Some(s) if s > 0.0 && s.is_finite() => Ok(Some(std::time::Duration::from_secs_f64(s))),
        Some(s) => Err(Failure::usage(i18n::tr!("err-time-limit", value = s.to_string()))),
    }
}

fn check_command(args: cli::CheckArgs) -> CommandResult {
    let options = grade::commands::GradeOptions {
        timeout: seconds(args.timeout)?,
        program: args.program,
        show_build: false,
        sandbox: grade::sandbox::Mode::Unsandboxed,
    };
    grade::commands::check(&args.lab, args.json, options)
}

fn grade_command(args: cli::GradeArgs) -> CommandResult {
    let sandbox = if args.unsandboxed { grade::sandbox::Mode::Unsandboxed } else { grade::sandbox::Mode::Sandboxed };
    let options = grade::commands::GradeOptions { timeout: seconds(args.timeout)?, sandbox, ..Default::default() };
    let format = match (args.json, args.classroom) {
        (_, true) => grade::report::Format::Classroom,
        (true, false) => grade::report::Format::Json,
        (false, false) => grade::report::Format::Table,
    };
    if let Some(dir) = &args.submission {
        return grade::commands::grade_submission(dir, format, options);
    }
    if let Some([slug, input, output]) = args.exercism.as_deref() {
        let slug = slug.to_string_lossy();
        return grade::commands::grade_exercism(&slug, input, output, options);
    }
    if let (Some(dir), Some(out)) = (&args.class, &args.out) {
        let jobs = match args.jobs {
            Some(0) => return Err(Failure::usage(i18n::tr!("err-jobs"))),
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(1, |n| n.get().div_ceil(2)),
        };
        let submission_timeout = seconds(args.submission_timeout)?.unwrap_or(grade::class::SUBMISSION_TIMEOUT);
        let class = grade::class::ClassOptions { jobs, submission_timeout, timeout: options.timeout, sandbox };
        return grade::commands::grade_class(dir, out, class);
    }
    grade::commands::grade(&args.labs, format, options)
}

/// Help and version go to stdout as clap writes them; a usage error becomes
/// one line on stderr and [`Exit::Usage`].
fn clap_failure(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                ExitCode::from(Exit::Usage.code())
            } else {
                ExitCode::from(Exit::Success.code())
            }
        }
        _ => {
            // clap stopped before `--lang` was read: read it by hand.
            if let Some(warning) = lang::choose(lang_flag(std::env::args_os().skip(1))) {
                eprintln!("ipclab: {warning}");
            }
            eprintln!("ipclab: {}", usage_line(&e, subcommand().as_deref(), lang::current()));
            ExitCode::from(Exit::Usage.code())
        }
    }
}

/// The `--lang` of a command line clap refused: `--lang ko` or
/// `--lang=ko` before any `--` (what follows is the traced program's).
/// None when absent or not `ko`/`en` (the environment then decides).
fn lang_flag(args: impl Iterator<Item = std::ffi::OsString>) -> Option<lang::Lang> {
    let args: Vec<String> = args.map(|a| a.to_string_lossy().into_owned()).take_while(|a| a != "--").collect();
    let value = args.iter().enumerate().find_map(|(i, a)| match a.strip_prefix("--lang") {
        Some("") => args.get(i + 1).map(String::as_str),
        Some(rest) => rest.strip_prefix('='),
        None => None,
    })?;
    match value {
        "ko" => Some(lang::Lang::Ko),
        "en" => Some(lang::Lang::En),
        _ => None,
    }
}

/// The subcommand the user typed (`check` in `ipclab check --bogus`), if
/// the first argument names one.
fn subcommand() -> Option<String> {
    use clap::CommandFactory;
    let first = std::env::args_os().nth(1)?.into_string().ok()?;
    cli::Cli::command().get_subcommands().any(|c| c.get_name() == first).then_some(first)
}

/// A usage error on one line, from its kind and context (what clap found
/// wrong, and with which argument), and where to read more (`ipclab check
/// --help` for a mistake in `ipclab check`).
fn usage_line(e: &clap::Error, subcommand: Option<&str>, lang: lang::Lang) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let get = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(" ")),
        Some(ContextValue::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let (arg, value) = (get(ContextKind::InvalidArg), get(ContextKind::InvalidValue));
    let message = match (e.kind(), arg, value) {
        (ErrorKind::MissingRequiredArgument, Some(args), _) => {
            i18n::tr_in!(lang, "usage-missing", args = args)
        }
        (ErrorKind::InvalidValue, Some(arg), Some(value)) if value.is_empty() => {
            i18n::tr_in!(lang, "usage-no-value", arg = arg)
        }
        (ErrorKind::InvalidValue | ErrorKind::ValueValidation, Some(arg), Some(value)) => {
            // Why the value parser refused it is the parser's (Rust's) English.
            let mut m = match std::error::Error::source(e) {
                Some(why) => {
                    i18n::tr_in!(lang, "usage-invalid-value-why", value = value, arg = arg, why = why.to_string())
                }
                None => i18n::tr_in!(lang, "usage-invalid-value", value = value, arg = arg),
            };
            if let Some(valid) = e.get(ContextKind::ValidValue).and_then(|_| get(ContextKind::ValidValue)) {
                m.push(' ');
                m.push_str(&i18n::tr_in!(lang, "usage-possible-values", values = valid.replace(' ', ", ")));
            }
            m
        }
        (ErrorKind::UnknownArgument, Some(arg), _) => i18n::tr_in!(lang, "usage-unexpected", arg = arg),
        (ErrorKind::TooManyValues, Some(arg), Some(value)) => {
            i18n::tr_in!(lang, "usage-too-many", value = value, arg = arg)
        }
        (ErrorKind::ArgumentConflict, Some(arg), _) => match get(ContextKind::PriorArg) {
            Some(prior) if prior == arg => i18n::tr_in!(lang, "usage-twice", arg = arg),
            Some(prior) => i18n::tr_in!(lang, "usage-conflict", arg = arg, prior = prior),
            None => i18n::tr_in!(lang, "usage-conflict-others", arg = arg),
        },
        (ErrorKind::InvalidSubcommand, _, _) => match get(ContextKind::InvalidSubcommand) {
            Some(sub) => i18n::tr_in!(lang, "usage-unknown-subcommand", sub = sub),
            None => i18n::tr_in!(lang, "usage-unknown-subcommand-bare"),
        },
        // Kinds ipclab's options do not produce: clap's own words.
        (kind, _, _) => kind.as_str().unwrap_or("invalid arguments").to_string(),
    };
    let command = match subcommand {
        Some(sub) => format!("ipclab {sub}"),
        None => "ipclab".to_string(),
    };
    i18n::tr_in!(lang, "usage-see-help", message = message, command = command)
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    fn line(args: &[&str]) -> String {
        let e = cli::Cli::try_parse_from(args).expect_err("a usage error");
        usage_line(&e, args.get(1).copied(), lang::Lang::En)
    }

    #[test]
    fn a_usage_error_is_one_line_naming_the_argument() {
        assert_eq!(
            line(&["ipclab", "check"]),
            "the following required arguments were not provided: <LAB> (see ipclab check --help)"
        );
        assert_eq!(
            line(&["ipclab", "trace", "--bogus", "--", "true"]),
            "unexpected argument '--bogus' found (see ipclab trace --help)"
        );
        assert_eq!(
            line(&["ipclab", "trace", "-s"]),
            "a value is required for '--string-limit <N>' but none was supplied (see ipclab trace --help)"
        );
        assert_eq!(
            line(&["ipclab", "trace", "--color", "pink", "true"]),
            "invalid value 'pink' for '--color <WHEN>' [possible values: auto, always, never] (see ipclab trace --help)"
        );
        assert!(
            line(&["ipclab", "trace", "-s", "many", "true"])
                .starts_with("invalid value 'many' for '--string-limit <N>': invalid digit")
        );
        let unknown = cli::Cli::try_parse_from(["ipclab", "frobnicate"]).expect_err("a usage error");
        assert_eq!(
            usage_line(&unknown, None, lang::Lang::En),
            "unrecognized subcommand 'frobnicate' (see ipclab --help)"
        );
        assert_eq!(
            line(&["ipclab", "trace", "-c", "-C", "true"]),
            "the argument '--summary-only' cannot be used with '--summary' (see ipclab trace --help)"
        );
    }

    #[test]
    fn a_usage_error_is_told_in_korean_under_lang_ko() {
        let ko = |args: &[&str]| {
            let e = cli::Cli::try_parse_from(args).expect_err("a usage error");
            usage_line(&e, args.get(1).copied(), lang::Lang::Ko)
        };
        assert_eq!(ko(&["ipclab", "check"]), "꼭 필요한 인자가 빠졌습니다: <LAB> (ipclab check --help를 보십시오)");
        assert_eq!(
            ko(&["ipclab", "trace", "--color", "pink", "true"]),
            "'--color <WHEN>'에 'pink'은(는) 쓸 수 없습니다 [쓸 수 있는 값: auto, always, never] (ipclab trace --help를 \
             보십시오)"
        );
        assert!(ko(&["ipclab", "trace", "--bogus", "--", "true"]).starts_with("알 수 없는 인자 '--bogus'"));
    }

    #[test]
    fn the_lang_of_a_refused_command_line_is_read_before_its_program() {
        let flag = |args: &[&str]| lang_flag(args.iter().map(std::ffi::OsString::from));
        assert_eq!(flag(&["--lang", "ko", "check"]), Some(lang::Lang::Ko));
        assert_eq!(flag(&["check", "--bogus", "--lang=ko"]), Some(lang::Lang::Ko));
        assert_eq!(flag(&["--lang", "en", "check"]), Some(lang::Lang::En));
        assert_eq!(flag(&["--lang", "fr", "check"]), None);
        assert_eq!(flag(&["--lang"]), None);
        assert_eq!(flag(&["trace", "--bogus", "--", "prog", "--lang", "ko"]), None, "the program's own arguments");
    }

    #[test]
    fn color_is_accepted_by_every_command_before_or_after_it() {
        use cli::{ColorChoice, Command};
        let cases: &[&[&str]] = &[
            &["ipclab", "check", "01", "--color", "never"],
            &["ipclab", "list", "--color", "never"],
            &["ipclab", "lesson", "01", "--color", "never"],
            &["ipclab", "hint", "01", "--color", "never"],
            &["ipclab", "grade", "--color", "never"],
            &["ipclab", "clean", "--color", "never"],
            &["ipclab", "starter", "--out", "x", "--color", "never"],
            &["ipclab", "diagram", "t.jsonl", "-o", "d.svg", "--color", "never"],
            &["ipclab", "run", "01", "--color", "never"],
            &["ipclab", "trace", "--color", "never", "true"],
            &["ipclab", "--color", "never", "list"],
        ];
        for args in cases {
            let cli = cli::Cli::try_parse_from(*args).unwrap_or_else(|e| panic!("{args:?}: {e}"));
            assert_eq!(cli.color, ColorChoice::Never, "{args:?}");
        }
        let run = cli::Cli::try_parse_from(["ipclab", "run", "01"]).unwrap();
        assert_eq!(run.color, ColorChoice::Auto);
        assert!(matches!(run.command, Command::Run(_)));
    }

    #[test]
    fn contradictory_flags_are_a_usage_error() {
        assert_eq!(
            line(&["ipclab", "run", "01", "--cleanup", "--keep-leaks"]),
            "the argument '--cleanup' cannot be used with '--keep-leaks' (see ipclab run --help)"
        );
    }
}
