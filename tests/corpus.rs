//! The corpus of C programs the tracer is tested on (tests/progs): each one
//! builds, ends as its table entry says when run untraced, and under
//! `strace -f` records the calls its entry lists, the same way on every run.
//! These tests pin down what ipclab's tracer must later reproduce; the strace
//! ones are skipped, with a message, where strace is not installed.

#[macro_use]
mod common;

use std::fs;
use std::process::Command;
use std::time::Duration;

use common::{Ending, Prog, StraceRun, run_with_deadline};

/// A generous bound for every run, which ends (or, for hang_pipe, gets
/// stuck and is interrupted) in well under a second.
const DEADLINE: Duration = Duration::from_secs(120);

/// The built program, or None (with a message) where it can't be built here.
fn build(p: &Prog) -> Option<std::path::PathBuf> {
    if p.source == "static" && !common::static_libc_available() {
        eprintln!("skipped: static libc (libc.a) is not installed");
        return None;
    }
    Some(common::prog(p.source))
}

fn strace_missing() -> bool {
    let missing = !common::strace_available();
    if missing {
        eprintln!("skipped: strace is not installed");
    }
    missing
}

fn run_untraced(id: &str) {
    let p = Prog::get(id);
    let Some(path) = build(p) else { return };
    let mut cmd = Command::new(&path);
    cmd.args(p.args).env_remove("LD_LIBRARY_PATH");
    // A program that hangs is interrupted once stuck, as /proc shows.
    let run = match p.ending {
        Ending::Hang => common::interrupt_program_once_blocked(&mut cmd, p.blocked_in(), DEADLINE),
        _ => run_with_deadline(&mut cmd, DEADLINE),
    };
    let what = format!(
        "{id}: status {:?}, timed out {}\nstdout: {}\nstderr: {}",
        run.status, run.timed_out, run.stdout, run.stderr
    );
    match p.ending {
        Ending::Exit(code) => assert!(!run.timed_out && run.code() == Some(code), "expected exit {code}; {what}"),
        Ending::Signal(sig) => assert!(!run.timed_out && run.signal() == Some(sig), "expected signal {sig}; {what}"),
        Ending::Hang => {
            assert!(!run.timed_out && run.signal() == Some(libc::SIGINT), "expected a hang, then Ctrl-C; {what}");
            assert!(
                run.stdout.contains("child: read 5 bytes"),
                "expected the child to have read before hanging; {what}"
            );
        }
    }
}

fn run_strace(p: &Prog) -> Option<StraceRun> {
    let path = build(p)?;
    let run = match p.ending {
        Ending::Hang => common::strace_run_until_blocked(&path, p.args, p.blocked_in(), DEADLINE),
        _ => common::strace_run(&path, p.args, DEADLINE),
    };
    let f = &run.finished;
    let what = format!("{}: strace status {:?}, timed out {}\nstderr: {}", p.id, f.status, f.timed_out, f.stderr);
    match p.ending {
        Ending::Exit(code) => assert!(!f.timed_out && f.code() == Some(code), "expected exit {code}; {what}"),
        Ending::Signal(sig) => assert!(!f.timed_out && f.signal() == Some(sig), "expected signal {sig}; {what}"),
        Ending::Hang => assert!(!f.timed_out, "expected a hang, then Ctrl-C; {what}"),
    }
    Some(run)
}

fn strace_records_key_calls(id: &str) {
    if strace_missing() {
        return;
    }
    let p = Prog::get(id);
    let Some(run) = run_strace(p) else { return };
    p.assert_key_calls(&run.calls, "strace");
}

fn two_strace_runs_agree(id: &str) {
    if strace_missing() {
        return;
    }
    let p = Prog::get(id);
    let Some(first) = run_strace(p) else { return };
    let Some(second) = run_strace(p) else { return };
    let (a, b) = (p.comparable(&first.calls), p.comparable(&second.calls));
    let diff = common::differences(&a, &b, "first: ", "second:");
    assert!(diff.is_empty(), "{id}: two strace runs differ:\n{diff}");
}

/// A corpus id from a module name (`r#static` is `static`).
fn id(module: &str) -> &str {
    module.trim_start_matches("r#")
}

/// One module per corpus entry, with its three tests.
macro_rules! corpus_tests {
    ($($id:ident),* $(,)?) => {
        const TESTED: &[&str] = &[$(stringify!($id)),*];
        $(
            mod $id {
                #[test]
                fn ends_as_expected_untraced() {
                    super::run_untraced(super::id(stringify!($id)));
                }

                #[test]
                fn strace_records_its_key_calls() {
                    super::strace_records_key_calls(super::id(stringify!($id)));
                }

                #[test]
                fn two_strace_runs_agree() {
                    super::two_strace_runs_agree(super::id(stringify!($id)));
                }
            }
        )*
    };
}

with_corpus_ids!(corpus_tests);

#[test]
fn every_corpus_entry_has_its_tests() {
    let tested: Vec<&str> = TESTED.iter().map(|t| id(t)).collect();
    let listed: Vec<&str> = common::CORPUS.iter().map(|p| p.id).collect();
    assert_eq!(tested, listed, "corpus_tests!() and CORPUS list different programs");
}

#[test]
fn every_program_in_tests_progs_is_in_the_corpus() {
    let dir = common::progs_dir();
    let mut sources: Vec<String> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok()?.file_name().into_string().ok()?.strip_suffix(".c").map(str::to_string))
        .collect();
    sources.sort();
    let mut listed: Vec<&str> = common::CORPUS.iter().map(|p| p.source).collect();
    listed.sort();
    listed.dedup();
    assert_eq!(sources, listed, "tests/progs/*.c and CORPUS disagree");
}

#[test]
fn every_program_compiles_without_warnings() {
    for p in common::CORPUS {
        build(p);
    }
}
