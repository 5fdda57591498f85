//! `ipclab run` and `hint`: what a student does with a lab (`lesson` is
//! in [`crate::lesson`]).
//! Running builds the lab with cargo (its errors shown as cargo shows
//! them), then runs it under the tracer from the lab's own `main` on.

use std::ffi::OsString;
use std::time::Duration;

use owo_colors::OwoColorize;
use tracer::kernel::LedgerEntry;
use tracer::ptrace::Outcome;

use crate::build::{BuildOutput, build};
use crate::cli::{HintArgs, RunArgs};
use crate::color::{Stream, use_color};
use crate::exit::{CommandResult, Exit, Failure};
use crate::i18n::tr;
use crate::labs::{self, Lab, course, display_path};
use crate::lang;
use crate::lesson::say_if_untranslated;
use crate::progress;
use crate::trace;
use crate::watch::Notice;

/// How long a lab may run before ipclab reports where it hangs and kills
/// it: what the course says, or [`course::RUN_TIMEOUT`] for a lab it does
/// not know.
pub fn default_timeout(lab: &Lab) -> Duration {
    course::descriptor(&lab.dir).map_or(course::RUN_TIMEOUT, |d| d.run_timeout)
}

/// What happened to a lab run, in one line for the student.
pub fn describe_lab_outcome(lab: &Lab, outcome: Outcome, timeout: Duration) -> Option<String> {
    let lab = &lab.dir;
    Some(match outcome {
        Outcome::Exited(0) => return None,
        Outcome::Exited(101) => tr!("run-panicked", lab = lab),
        Outcome::Exited(code) => tr!("run-failed", lab = lab, code = code),
        Outcome::Signaled { signal, core_dumped: false } => {
            tr!("run-killed-by", lab = lab, signal = tracer::decode::signal_name(signal))
        }
        Outcome::Signaled { signal, core_dumped: true } => {
            tr!("run-killed-by-core", lab = lab, signal = tracer::decode::signal_name(signal))
        }
        Outcome::TimedOut => tr!("run-timed-out", lab = lab, secs = timeout.as_secs_f64()),
        other => trace::describe_outcome(other)?,
    })
}

/// The run's last line when the lab left objects in the kernel: what, made
/// by whom, and whether ipclab removed them (`kept`: `--keep-leaks`). A lab
/// that ran to its end forgot them (exit status [`Exit::Leaked`]); one that
/// was stopped first (a hang, a panic, an error) never got to remove them.
pub fn leak_line(lab: &Lab, leaked: &[LedgerEntry], kept: bool, outcome: Outcome) -> Option<String> {
    let described: Vec<String> = leaked
        .iter()
        .map(|e| tr!("run-leak-object", name = &e.name, pid = e.created_by.pid, call = &e.created_by.call))
        .collect();
    if described.is_empty() {
        return None;
    }
    let count = described.len();
    let what = tr!("run-leak-what", count = count, objects = described.join(", "));
    let after = if kept {
        let commands: Vec<&str> = leaked.iter().filter_map(|e| e.cleanup.as_deref()).collect();
        if commands.is_empty() {
            tr!("run-leak-kept", count = count)
        } else {
            tr!("run-leak-kept-remove", commands = commands.join("; "))
        }
    } else {
        tr!("run-leak-removed", count = count)
    };
    Some(if outcome == Outcome::Exited(0) {
        tr!("run-leak-ended", lab = &lab.dir, what = what, after = after, status = Exit::Leaked.code())
    } else {
        tr!("run-leak-stopped", lab = &lab.dir, what = what, after = after)
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
    // The lab's panic message names the function and the line; a backtrace
    // would add hundreds of calls to the trace (RUST_BACKTRACE=1 is common).
    config.env.push(("RUST_BACKTRACE".into(), "0".into()));
    let timeout = config.timeout.unwrap_or_else(|| default_timeout(lab));
    config.timeout = Some(timeout);
    // What earlier runs were killed before removing goes first.
    crate::clean::clean_leftovers_quietly();
    let mut options = args.options.clone();
    // A lab's leaks are reported in the ledger and removed, unless asked.
    options.cleanup = !options.no_kernel && !args.keep_leaks;
    let output = trace::Output::open(&options)?;
    // After a while with no call, one notice on the terminal: in the trace
    // when it goes there, else straight to it; never into JSON or a file.
    let terminal = Stream::Stderr.is_terminal();
    let notice = match (terminal, options.json, &options.output) {
        (false, _, _) | (true, true, None) => Notice::Off,
        (true, false, None) if !options.summary_only => Notice::InTrace,
        _ => Notice::Stderr,
    };
    tracer::ptrace::catch_termination_signals()
        .map_err(|e| Failure::failed(tr!("err-signals", error = e.to_string())))?;
    let ran = trace::traced_run(&config, &options, output, Some(trace::LabWatch { notice, timeout }))?;
    if let Some(text) = describe_lab_outcome(lab, ran.outcome, timeout) {
        eprintln!("ipclab: {text}");
    }
    // A lab killed at its timeout, or whose leaked files were just removed,
    // could not remove its run directory: it is empty now.
    if options.cleanup {
        for dir in crate::clean::remove_empty_run_dirs() {
            eprintln!("ipclab: {}", tr!("run-removed-empty-dir", dir = dir.display().to_string()));
        }
    }
    // What the lab left in the kernel, last, in the warning colour.
    if let Some(line) = leak_line(lab, &ran.leaked, args.keep_leaks, ran.outcome) {
        let line = format!("ipclab: {line}");
        if use_color(Stream::Stderr) {
            eprintln!("{}", line.yellow().bold());
        } else {
            eprintln!("{line}");
        }
    }
    Ok(match Exit::of_outcome(ran.outcome) {
        Exit::Program(0) if !ran.leaked.is_empty() => Exit::Leaked,
        exit => exit,
    })
}

/// One hint of a lab: a section of HINTS.md headed `## Hint N`, and the
/// check it belongs to (`## Hint 1 <!-- check: closes_unused_ends -->`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub check: Option<String>,
    pub text: String,
}

/// The check named in a hint's heading, from its `<!-- check: NAME -->`.
fn anchored_check(heading: &str) -> Option<String> {
    let (_, rest) = heading.split_once("<!--")?;
    let (inside, _) = rest.split_once("-->")?;
    let name = inside.trim().strip_prefix("check:")?.trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// Whether a line of HINTS.md (`## Hint 2`) or HINTS.ko.md (`## 힌트 2`)
/// heads a hint.
fn is_hint_heading(line: &str) -> bool {
    let line = line.trim_start();
    line.to_ascii_lowercase().starts_with("## hint") || line.starts_with("## 힌트")
}

/// The hints of a lab: the sections of HINTS.md headed `## Hint N` (`## 힌트
/// N` in HINTS.ko.md, whose hints are the same, in the same order, with the
/// same check anchors).
pub fn parse_hints(text: &str) -> Vec<Hint> {
    let mut hints: Vec<Hint> = Vec::new();
    let mut current: Option<Hint> = None;
    for line in text.lines() {
        if is_hint_heading(line) {
            hints.extend(current.take());
            current = Some(Hint { check: anchored_check(line), text: String::new() });
        } else if let Some(h) = current.as_mut() {
            h.text.push_str(line);
            h.text.push('\n');
        }
    }
    hints.extend(current);
    for h in &mut hints {
        h.text = h.text.trim().to_string();
    }
    hints.retain(|h| !h.text.is_empty());
    hints
}

/// Which hint to show (its index) and why: the first hint, not shown yet,
/// of a check the last `ipclab check` failed (in the order it gave them);
/// else the next hint not shown yet; else, every hint shown, the first
/// failed check's hint again, or the last hint.
pub fn choose_hint(hints: &[Hint], failed: &[String], shown: &[usize]) -> (usize, Option<String>) {
    let of = |check: &str| -> Vec<usize> {
        (0..hints.len()).filter(|&i| hints[i].check.as_deref() == Some(check)).collect()
    };
    let unseen = |i: &usize| !shown.contains(&(i + 1));
    if let Some((i, c)) = failed.iter().find_map(|c| of(c).into_iter().find(unseen).map(|i| (i, c.clone()))) {
        return (i, Some(c));
    }
    if let Some(i) = (0..hints.len()).find(unseen) {
        return (i, None);
    }
    match failed.iter().find_map(|c| of(c).first().map(|&i| (i, c.clone()))) {
        Some((i, c)) => (i, Some(c)),
        None => (hints.len() - 1, None),
    }
}

pub fn hint_command(args: HintArgs) -> CommandResult {
    let root = labs::project_root();
    let catalog = labs::catalog(&root)?;
    let lab = labs::find(&catalog, &args.lab)?;
    let edition = lab.hints_in(lang::current());
    let text = std::fs::read_to_string(&edition.path)
        .map_err(|_| Failure::failed(tr!("hint-none", lab = &lab.dir, path = edition.path.display().to_string())))?;
    let hints = parse_hints(&text);
    if hints.is_empty() {
        return Err(Failure::failed(tr!("hint-empty", lab = &lab.dir, path = display_path(&edition.path))));
    }
    say_if_untranslated(lab, &edition, "HINTS.md");
    if args.reset {
        progress::reset_hints(&root, &lab.dir);
    }
    let failed = progress::failed_checks(&root, &lab.dir);
    let shown = progress::hints_shown(&root, &lab.dir);
    let (index, for_check) = choose_hint(&hints, &failed, &shown);
    let (index_shown, count, number) = (index + 1, hints.len(), format!("{:02}", lab.number));
    let heading = match &for_check {
        Some(check) => {
            tr!("hint-heading-for", index = index_shown, count = count, lab = &lab.dir, check = check, number = number)
        }
        None => tr!("hint-heading", index = index_shown, count = count, lab = &lab.dir),
    };
    println!("{heading}\n");
    println!("{}", hints[index].text);
    progress::hint_shown(&root, &lab.dir, index + 1);
    let all_seen = (0..hints.len()).all(|i| i == index || shown.contains(&(i + 1)));
    if all_seen {
        println!("\n{}", tr!("hint-all-seen", number = lab.number.to_string()));
    }
    Ok(Exit::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leak(name: &str, cleanup: &str) -> LedgerEntry {
        use tracer::kernel::objects::{ByCall, Fate, ObjectKind};
        LedgerEntry {
            kind: ObjectKind::MsgQueue,
            name: name.into(),
            id: 7,
            key: Some(0),
            path: None,
            created_by: ByCall { pid: 10, call: "msgget".into() },
            used_by: vec![10],
            fate: Fate::Leaked { cleaned: false },
            cleanup: Some(cleanup.into()),
            passed: vec![],
        }
    }

    fn lab03() -> Lab {
        Lab {
            dir: "03_message_queue".into(),
            number: 3,
            topic: "message_queue".into(),
            title: "queues".into(),
            path: std::path::PathBuf::from("labs/03_message_queue"),
        }
    }

    #[test]
    fn a_leak_is_named_in_the_last_line_with_what_became_of_it() {
        let lab = lab03();
        assert_eq!(leak_line(&lab, &[], false, Outcome::Exited(0)), None);
        let one = [leak("msg queue 7", "ipcrm -q 7")];
        assert_eq!(
            leak_line(&lab, &one, false, Outcome::Exited(0)).unwrap(),
            "LEAKED: lab 03_message_queue ended leaving msg queue 7 (created by 10 with msgget) in the kernel, never \
             removed: ipclab removed it after the run (--keep-leaks leaves it); ipclab exits with status 3"
        );
        let kept = leak_line(&lab, &one, true, Outcome::Exited(0)).unwrap();
        assert!(
            kept.ends_with("still there (--keep-leaks); remove with: ipcrm -q 7; ipclab exits with status 3"),
            "{kept}"
        );
        let two = [leak("msg queue 7", "ipcrm -q 7"), leak("msg queue 8", "ipcrm -q 8")];
        let both = leak_line(&lab, &two, false, Outcome::TimedOut).unwrap();
        assert!(both.starts_with("LEAKED: lab 03_message_queue was stopped before it removed 2 objects: msg queue 7"));
        assert!(both.ends_with("ipclab removed them after the run (--keep-leaks leaves them)"), "{both}");
    }

    #[test]
    fn korean_hints_are_headed_himteu_and_keep_their_anchors() {
        let text = "# 힌트\n\n## 힌트 1 <!-- check: fifo_created -->\n첫째\n";
        assert_eq!(parse_hints(text), vec![Hint { check: Some("fifo_created".into()), text: "첫째".into() }]);
    }

    #[test]
    fn hints_are_the_sections_headed_hint_with_the_check_they_belong_to() {
        let text = "# Hints\n\nintro\n\n## Hint 1 <!-- check: reaps_child -->\nfirst\n\n## Hint 2\nsecond\nline\n";
        assert_eq!(
            parse_hints(text),
            vec![
                Hint { check: Some("reaps_child".into()), text: "first".into() },
                Hint { check: None, text: "second\nline".into() },
            ]
        );
    }

    fn hints(checks: &[&str]) -> Vec<Hint> {
        checks.iter().map(|c| Hint { check: Some(c.to_string()), text: format!("about {c}") }).collect()
    }

    #[test]
    fn after_a_failed_check_its_hint_comes_first() {
        let hints = hints(&["closes_unused_ends", "reader_sees_eof", "data_through_pipe", "reaps_child"]);
        let failed = vec!["reaps_child".to_string(), "reader_sees_eof".to_string()];
        assert_eq!(choose_hint(&hints, &failed, &[]), (3, Some("reaps_child".into())));
        assert_eq!(choose_hint(&hints, &failed, &[4]), (1, Some("reader_sees_eof".into())));
        // The failed checks' hints seen: the next hint in order.
        assert_eq!(choose_hint(&hints, &failed, &[4, 2]), (0, None));
        // Every hint seen: the first failed check's again.
        assert_eq!(choose_hint(&hints, &failed, &[1, 2, 3, 4]), (3, Some("reaps_child".into())));
    }

    #[test]
    fn with_no_failed_check_the_hints_come_in_order_and_stop_at_the_last() {
        let hints = hints(&["a", "b"]);
        assert_eq!(choose_hint(&hints, &[], &[]), (0, None));
        assert_eq!(choose_hint(&hints, &[], &[1]), (1, None));
        assert_eq!(choose_hint(&hints, &[], &[1, 2]), (1, None));
        // A failed check with no hint of its own changes nothing.
        assert_eq!(choose_hint(&hints, &["runs".to_string()], &[]), (0, None));
    }
}
