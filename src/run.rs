//! `ipclab run`, `lesson` and `hint`: what a student does with a lab.
//! Running builds the lab with cargo (its errors shown as cargo shows
//! them), then runs it under the tracer from the lab's own `main` on.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use owo_colors::OwoColorize;
use tracer::ptrace::Outcome;

use crate::build::{BuildOutput, build};
use crate::cli::{ColorChoice, HintArgs, LabArg, RunArgs};
use crate::color::{Stream, use_color};
use crate::exit::{CommandResult, Exit, Failure};
use crate::labs::{self, Edition, Lab, course, display_path};
use crate::lang::{self, Lang};
use crate::trace;

/// How long a lab may run before ipclab reports where it hangs and kills
/// it: what the course says, or [`course::RUN_TIMEOUT`] for a lab it does
/// not know.
pub fn default_timeout(lab: &Lab) -> Duration {
    course::descriptor(&lab.dir).map_or(course::RUN_TIMEOUT, |d| d.run_timeout)
}

/// What happened to a lab run, in one line for the student.
pub fn describe_lab_outcome(lab: &Lab, outcome: Outcome, timeout: Duration) -> Option<String> {
    Some(match outcome {
        Outcome::Exited(0) => return None,
        Outcome::Exited(101) => format!("lab {} panicked: the message above says where (exit status 101)", lab.dir),
        Outcome::Exited(code) => format!("lab {} failed with exit status {code}", lab.dir),
        Outcome::Signaled { signal, core_dumped } => format!(
            "lab {} was killed by {}{}",
            lab.dir,
            tracer::decode::signal_name(signal),
            if core_dumped { " (core dumped)" } else { "" }
        ),
        Outcome::TimedOut => format!(
            "lab {} did not finish within {} s: it was killed with everything it started",
            lab.dir,
            timeout.as_secs_f64()
        ),
        other => trace::describe_outcome(other)?,
    })
}

pub fn run_command(args: RunArgs) -> CommandResult {
    let root = labs::project_root();
    let catalog = labs::catalog(&root)?;
    let lab = labs::find(&catalog, &args.lab)?;
    let mut command = Vec::new();
    let exe = match &args.program {
        Some(program) => program.clone(),
        None => build(&root, lab, BuildOutput::Show)?,
    };
    command.push(exe.into_os_string());
    if args.args.is_empty() {
        let defaults = course::descriptor(&lab.dir).map_or(&[][..], |d| d.run_args);
        command.extend(defaults.iter().map(OsString::from));
    } else {
        command.extend(args.args.iter().cloned());
    }
    let mut config = trace::config(&args.options, &command)?;
    if !args.all {
        config.start_marker = Some(lab.dir.clone());
    }
    let timeout = config.timeout.unwrap_or_else(|| default_timeout(lab));
    config.timeout = Some(timeout);
    // What earlier runs were killed before removing goes first.
    crate::clean::clean_leftovers_quietly();
    let mut options = args.options.clone();
    // A lab's leaks are reported in the ledger and removed, unless asked.
    options.cleanup = !options.no_kernel && !args.keep_leaks;
    let output = trace::Output::open(&options)?;
    tracer::ptrace::catch_termination_signals().map_err(|e| Failure::failed(format!("cannot handle signals: {e}")))?;
    let outcome = trace::traced_run(&config, &options, output)?;
    if let Some(text) = describe_lab_outcome(lab, outcome, timeout) {
        eprintln!("ipclab: {text}");
    }
    // A lab killed at its timeout, or whose leaked files were just removed,
    // could not remove its run directory: it is empty now.
    if options.cleanup {
        for dir in crate::clean::remove_empty_run_dirs() {
            eprintln!("ipclab: removed the empty run directory {}", dir.display());
        }
    }
    Ok(Exit::of_outcome(outcome))
}

pub fn lesson_command(args: LabArg) -> CommandResult {
    let root = labs::project_root();
    let catalog = labs::catalog(&root)?;
    let lab = labs::find(&catalog, &args.lab)?;
    let edition = lab.lesson_in(lang::current());
    let text = std::fs::read_to_string(&edition.path)
        .map_err(|e| Failure::failed(format!("cannot read the lesson {}: {e}", display_path(&edition.path))))?;
    say_if_untranslated(lab, &edition, "README.md");
    let color = use_color(ColorChoice::Auto, Stream::Stdout);
    let mut out = std::io::stdout().lock();
    let mut in_code = false;
    let mut in_comment = false;
    for line in text.lines() {
        // HTML comments (the excerpt markers) are for the lesson tests, not
        // for the student.
        if !in_code && (in_comment || line.trim_start().starts_with("<!--")) {
            in_comment = !line.contains("-->");
            continue;
        }
        if line.starts_with("```") {
            in_code = !in_code;
        }
        let _ = if color && !in_code && line.starts_with('#') {
            writeln!(out, "{}", line.bold())
        } else if color && in_code {
            writeln!(out, "{}", line.dimmed())
        } else {
            writeln!(out, "{line}")
        };
    }
    Ok(Exit::Success)
}

/// One line on standard error when the lab has no edition of `file` in the
/// language asked for, in that language, before the English one is shown.
fn say_if_untranslated(lab: &Lab, edition: &Edition, file: &str) {
    let Some(lang) = edition.missing else { return };
    let translated = lang.file_name(file);
    let line = match (lang, file) {
        (Lang::Ko, "HINTS.md") => {
            format!("실습 {}의 힌트는 아직 한국어판({translated})이 없어 영어판을 보여 줍니다.", lab.dir)
        }
        (Lang::Ko, _) => format!("실습 {}의 강의는 아직 한국어판({translated})이 없어 영어판을 보여 줍니다.", lab.dir),
        (Lang::En, _) => format!("lab {} has no {translated} yet: showing {file}", lab.dir),
    };
    eprintln!("ipclab: {line}");
}

/// Whether a line of HINTS.md (`## Hint 2`) or HINTS.ko.md (`## 힌트 2`)
/// heads a hint.
fn is_hint_heading(line: &str) -> bool {
    let line = line.trim_start();
    line.to_ascii_lowercase().starts_with("## hint") || line.starts_with("## 힌트")
}

/// The hints of a lab: the sections of HINTS.md headed `## Hint N` (`## 힌트
/// N` in HINTS.ko.md, whose hints are the same, in the same order).
pub fn parse_hints(text: &str) -> Vec<String> {
    let mut hints: Vec<String> = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if is_hint_heading(line) {
            if let Some(h) = current.take() {
                hints.push(h.trim().to_string());
            }
            current = Some(String::new());
        } else if let Some(h) = current.as_mut() {
            h.push_str(line);
            h.push('\n');
        }
    }
    if let Some(h) = current {
        hints.push(h.trim().to_string());
    }
    hints.retain(|h| !h.is_empty());
    hints
}

/// Where the number of hints already shown for a lab is kept.
fn hint_state(root: &Path, lab: &Lab) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    target.join("ipclab").join("hints").join(&lab.dir)
}

pub fn hint_command(args: HintArgs) -> CommandResult {
    let root = labs::project_root();
    let catalog = labs::catalog(&root)?;
    let lab = labs::find(&catalog, &args.lab)?;
    let edition = lab.hints_in(lang::current());
    let text = std::fs::read_to_string(&edition.path).map_err(|_| {
        Failure::failed(format!("lab {} has no hints ({} is missing)", lab.dir, edition.path.display()))
    })?;
    let hints = parse_hints(&text);
    if hints.is_empty() {
        return Err(Failure::failed(format!("lab {} has no hints in {}", lab.dir, display_path(&edition.path))));
    }
    say_if_untranslated(lab, &edition, "HINTS.md");
    let state = hint_state(&root, lab);
    let shown: usize = if args.reset {
        0
    } else {
        std::fs::read_to_string(&state).ok().and_then(|s| s.trim().parse().ok()).unwrap_or(0)
    };
    let index = shown.min(hints.len() - 1);
    println!("Hint {} of {} for lab {}:\n", index + 1, hints.len(), lab.dir);
    println!("{}", hints[index]);
    if index + 1 == hints.len() {
        println!("\n(That was the last hint. `ipclab lesson {}` has the whole lesson.)", lab.number);
    }
    if let Some(dir) = state.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = std::fs::write(&state, (index + 1).to_string());
    Ok(Exit::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_are_the_sections_headed_hint() {
        let text = "# Hints\n\nintro\n\n## Hint 1\nfirst\n\n## Hint 2\nsecond\nline\n";
        assert_eq!(parse_hints(text), vec!["first".to_string(), "second\nline".to_string()]);
    }

    #[test]
    fn korean_hints_are_the_sections_headed_hint_in_korean() {
        let text = "# 힌트\n\n소개\n\n## 힌트 1 <!-- check: a -->\n첫째\n\n## 힌트 2 <!-- check: b -->\n둘째\n";
        assert_eq!(parse_hints(text), vec!["첫째".to_string(), "둘째".to_string()]);
    }
}
