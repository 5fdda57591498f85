//! `ipclab run`, `lesson` and `hint`: what a student does with a lab.
//! Running builds the lab with cargo (its errors shown as cargo shows
//! them), then runs it under the tracer from the lab's own `main` on.

use std::ffi::OsString;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use owo_colors::OwoColorize;
use tracer::ptrace::Outcome;

use crate::Failure;
use crate::cli::{HintArgs, LabArg, RunArgs};
use crate::labs::{self, Lab};
use crate::trace;

/// How long a lab may run before ipclab reports where it hangs and kills it.
pub fn default_timeout(lab: &Lab) -> Duration {
    if lab.topic == "compare" { Duration::from_secs(120) } else { Duration::from_secs(20) }
}

/// The arguments a lab runs with under `ipclab run` when the student gives
/// none after `--`. Lab 09 measures every mechanism many times over; under
/// the tracer a few rounds show every call (its own defaults would print tens
/// of thousands of lines, and the times would measure ptrace anyway).
pub fn default_args(lab: &Lab) -> &'static [&'static str] {
    if lab.topic == "compare" { &["--trials", "2", "--rounds", "3"] } else { &[] }
}

/// Whether cargo's own output is shown (a student's run) or kept for the
/// failure message (grading).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildOutput {
    Show,
    Capture,
}

/// Builds a lab's scenario with cargo, in the profile ipclab itself was
/// built in, and returns the path of the executable.
pub fn build(root: &Path, lab: &Lab, output: BuildOutput) -> Result<PathBuf, Failure> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let mut cmd = Command::new(cargo);
    cmd.current_dir(root)
        .args(["build", "--quiet", "--message-format=json-render-diagnostics", "--bin"])
        .arg(lab.bin_name())
        .stdin(Stdio::null())
        .stdout(Stdio::piped());
    if !cfg!(debug_assertions) {
        cmd.arg("--release");
    }
    cmd.stderr(match output {
        BuildOutput::Show => Stdio::inherit(),
        BuildOutput::Capture => Stdio::piped(),
    });
    let child = cmd.spawn().map_err(|e| Failure::new(1, format!("cannot run cargo to build lab {}: {e}", lab.dir)))?;
    let out = child.wait_with_output().map_err(|e| Failure::new(1, format!("cargo failed: {e}")))?;
    let mut executable = None;
    for line in out.stdout.lines().map_while(Result::ok) {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(&line) else { continue };
        if msg["reason"] == "compiler-artifact" && msg["target"]["name"] == lab.bin_name().as_str() {
            executable = msg["executable"].as_str().map(PathBuf::from);
        }
    }
    if !out.status.success() {
        let detail = match output {
            BuildOutput::Show => "see the errors above".to_string(),
            BuildOutput::Capture => first_error(&String::from_utf8_lossy(&out.stderr)),
        };
        return Err(Failure::new(
            1,
            format!("lab {} does not compile ({detail}): fix {}", lab.dir, display_path(&lab.source_path())),
        ));
    }
    executable.ok_or_else(|| Failure::new(1, format!("cargo built lab {} but did not say where", lab.dir)))
}

/// The first compiler error in cargo's output, on one line.
fn first_error(stderr: &str) -> String {
    let mut lines = stderr.lines();
    while let Some(line) = lines.next() {
        if line.starts_with("error") && !line.starts_with("error: could not compile") {
            let at = lines.next().map(str::trim).unwrap_or_default();
            return format!("{} {}", line.trim(), at).trim().to_string();
        }
    }
    "cargo build failed".into()
}

/// A path as the student sees it: relative to the current directory when it is inside it.
pub fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd).unwrap_or(path).display().to_string()
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

pub fn run_command(args: RunArgs) -> Result<u8, Failure> {
    let root = labs::project_root();
    let catalog = labs::catalog(&root)?;
    let lab = labs::find(&catalog, &args.lab)?;
    let mut command = Vec::new();
    let exe = build(&root, lab, BuildOutput::Show)?;
    command.push(exe.into_os_string());
    if args.args.is_empty() {
        command.extend(default_args(lab).iter().map(OsString::from));
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
    tracer::ptrace::catch_termination_signals().map_err(|e| Failure::new(1, format!("cannot handle signals: {e}")))?;
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
    Ok(outcome.exit_code().clamp(0, 255) as u8)
}

/// `ipclab list`: the labs in order, and whether each passes its checks now.
pub fn list_command() -> Result<u8, Failure> {
    crate::grade::commands::list()
}

pub fn lesson_command(args: LabArg) -> Result<u8, Failure> {
    let root = labs::project_root();
    let catalog = labs::catalog(&root)?;
    let lab = labs::find(&catalog, &args.lab)?;
    let text = std::fs::read_to_string(lab.lesson_path())
        .map_err(|e| Failure::new(1, format!("cannot read the lesson {}: {e}", display_path(&lab.lesson_path()))))?;
    let color = trace::use_color(crate::cli::ColorChoice::Auto, std::io::stdout().is_terminal());
    let mut out = std::io::stdout().lock();
    let mut in_code = false;
    for line in text.lines() {
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
    Ok(0)
}

/// The hints of a lab: the sections of HINTS.md headed `## Hint N`.
pub fn parse_hints(text: &str) -> Vec<String> {
    let mut hints: Vec<String> = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if line.trim_start().to_ascii_lowercase().starts_with("## hint") {
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

pub fn hint_command(args: HintArgs) -> Result<u8, Failure> {
    let root = labs::project_root();
    let catalog = labs::catalog(&root)?;
    let lab = labs::find(&catalog, &args.lab)?;
    let text = std::fs::read_to_string(lab.hints_path()).map_err(|_| {
        Failure::new(1, format!("lab {} has no hints ({} is missing)", lab.dir, lab.hints_path().display()))
    })?;
    let hints = parse_hints(&text);
    if hints.is_empty() {
        return Err(Failure::new(1, format!("lab {} has no hints in {}", lab.dir, display_path(&lab.hints_path()))));
    }
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
    Ok(0)
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
    fn the_first_compiler_error_is_kept_with_its_place() {
        let stderr = "error[E0425]: cannot find value `x` in this scope\n  --> labs/01_pipe/main.rs:10:5\n   |\nerror: could not compile `ipclab`\n";
        assert_eq!(
            first_error(stderr),
            "error[E0425]: cannot find value `x` in this scope --> labs/01_pipe/main.rs:10:5"
        );
    }
}
