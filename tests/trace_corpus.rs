//! ipclab's tracer on the corpus of C programs (tests/progs): for each one,
//! the trace ends as the program does, records the calls the corpus table
//! lists for each process, and (where strace is installed) records the same
//! per-process call sequences as `strace -f`, through `ipclab trace --json`.

#[macro_use]
mod common;

use std::collections::BTreeSet;
use std::process::Command;
use std::time::Duration;

use common::{Call, Ending, Prog, run_with_deadline};
use tracer::event::{EventKind, Exit, Recorder};
use tracer::ptrace::{self, Config, NoObserver, Outcome};

/// hang_pipe is blocked long before this and nothing ends it.
const HANG_TIMEOUT: Duration = Duration::from_secs(2);
const DEADLINE: Duration = Duration::from_secs(120);

fn build(p: &Prog) -> Option<std::path::PathBuf> {
    if p.source == "static" && !common::static_libc_available() {
        eprintln!("skipped: static libc (libc.a) is not installed");
        return None;
    }
    Some(common::prog(p.source))
}

/// A restart error means the call never returned to the program; strace
/// prints it `= ? ERESTARTSYS`, and the corpus helpers expect `ret: None`.
fn as_call(tid: i32, name: &str, ret: Option<i64>, errno: Option<String>) -> Call {
    let restarted = errno.as_deref().is_some_and(|e| common::strace::RESTART_ERRNOS.contains(&e));
    Call { tid, name: name.to_string(), ret: if restarted { None } else { ret }, errno }
}

/// Runs `p` under the tracer in this process and returns how it ended and
/// its calls in order of completion.
fn trace_in_process(p: &Prog) -> Option<(Outcome, Vec<Call>, Vec<tracer::Event>)> {
    let path = build(p)?;
    let mut config = Config::new(path, p.args.iter().map(Into::into).collect());
    config.max_processes = Some(512);
    config.timeout = Some(if p.ending == Ending::Hang { HANG_TIMEOUT } else { DEADLINE });
    let mut rec = Recorder::default();
    let outcome = ptrace::run(&config, &mut rec, &mut NoObserver).unwrap_or_else(|e| panic!("{}: {e}", p.id));
    let calls = rec
        .events
        .iter()
        .filter_map(|e| {
            let call = e.syscall()?;
            let (ret, errno) = match (call.ret, call.errno) {
                (None, _) => (None, None),
                (Some(_), Some(err)) => (Some(-1), Some(err.name().into_owned())),
                (Some(r), None) => (Some(r), None),
            };
            Some(as_call(e.tid, &call.name, ret, errno))
        })
        .collect();
    Some((outcome, calls, rec.events))
}

fn records_key_calls(id: &str) {
    let p = Prog::get(id);
    let Some((outcome, calls, events)) = trace_in_process(p) else { return };
    match p.ending {
        Ending::Exit(code) => assert_eq!(outcome, Outcome::Exited(code), "{id}"),
        Ending::Signal(sig) => {
            assert!(matches!(outcome, Outcome::Signaled { signal, .. } if signal == sig), "{id}: {outcome:?}")
        }
        Ending::Hang => assert_eq!(outcome, Outcome::TimedOut, "{id}"),
    }
    p.assert_key_calls(&calls, "ipclab");
    // Every task that appeared also ended, and exactly once.
    let mut ended = BTreeSet::new();
    for e in &events {
        if let EventKind::Exit(_) = e.kind {
            assert!(ended.insert(e.tid), "{id}: task {} ended twice", e.tid);
        }
    }
    let tids: BTreeSet<i32> = calls.iter().map(|c| c.tid).collect();
    assert!(tids.is_subset(&ended), "{id}: tasks {:?} never ended", tids.difference(&ended).collect::<Vec<_>>());
    let root_exit = events.iter().find_map(|e| match e.kind {
        EventKind::Exit(x) if e.tid == calls[0].tid => Some(x),
        _ => None,
    });
    match (p.ending, root_exit) {
        (Ending::Exit(code), Some(Exit::Code(c))) => assert_eq!(code, c, "{id}"),
        (Ending::Signal(sig), Some(Exit::Signal { signal, .. })) => assert_eq!(sig, signal, "{id}"),
        (Ending::Hang, Some(Exit::Signal { signal, .. })) => assert_eq!(signal, libc::SIGKILL, "{id}"),
        (ending, got) => panic!("{id}: expected {ending:?}, the trace ends the program with {got:?}"),
    }
}

/// Runs `ipclab trace --json -o FILE -- prog args` and parses its calls.
fn trace_json(p: &Prog) -> Option<Vec<Call>> {
    let path = build(p)?;
    let dir = common::ScratchDir::new("json");
    let out = dir.path().join("trace.jsonl");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ipclab"));
    cmd.env("IPCLAB_LANG", "en");
    cmd.args(["trace", "--json", "-o"]).arg(&out);
    cmd.arg("--").arg(&path).args(p.args).env_remove("LD_LIBRARY_PATH");
    // A program that hangs: Ctrl-C once its processes are all stuck in
    // their calls, as /proc shows (a deadline could come first on a loaded
    // machine); it gets the SIGINT too, and ipclab exits as it did.
    let run = match p.ending {
        Ending::Hang => common::interrupt_once_blocked(&mut cmd, p.blocked_in(), DEADLINE),
        _ => run_with_deadline(&mut cmd, DEADLINE),
    };
    let expected = match p.ending {
        Ending::Exit(code) => code,
        Ending::Signal(sig) => 128 + sig,
        Ending::Hang => 128 + libc::SIGINT,
    };
    assert_eq!(run.code(), Some(expected), "{}: ipclab's status; stderr: {}", p.id, run.stderr);
    let text = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("{}: no trace written: {e}", p.id));
    let calls = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap_or_else(|e| panic!("bad JSON line {l}: {e}")))
        .filter(|v| v["type"] == "syscall")
        .map(|v| {
            as_call(
                v["tid"].as_i64().expect("tid") as i32,
                v["name"].as_str().expect("name"),
                v["ret"].as_i64(),
                v["errno"].as_str().map(str::to_string),
            )
        })
        .collect();
    Some(calls)
}

fn agrees_with_strace(id: &str) {
    if !common::strace_available() {
        eprintln!("skipped: strace is not installed");
        return;
    }
    let p = Prog::get(id);
    let Some(ours) = trace_json(p) else { return };
    let Some(path) = build(p) else { return };
    let theirs = match p.ending {
        Ending::Hang => common::strace_run_until_blocked(&path, p.args, p.blocked_in(), DEADLINE).calls,
        _ => common::strace_run(&path, p.args, DEADLINE).calls,
    };
    let (a, b) = (p.comparable(&ours), p.comparable(&theirs));
    if p.ending == Ending::Hang {
        // Killed at different moments: compare what both saw before the
        // hang (the hanging call itself is the last of each task).
        for (task, seq) in &b {
            let mine = a.get(task).unwrap_or_else(|| panic!("{id}: ipclab has no task {task}:\n{}", common::show(&a)));
            assert_eq!(mine, seq, "{id}: task {task} differs from strace");
        }
        return;
    }
    let diff = common::differences(&a, &b, "ipclab", "strace");
    assert!(diff.is_empty(), "{id}: ipclab and strace -f record different calls:\n{diff}");
}

fn id(module: &str) -> &str {
    module.trim_start_matches("r#")
}

macro_rules! corpus_tests {
    ($($id:ident),* $(,)?) => {
        const TESTED: &[&str] = &[$(stringify!($id)),*];
        $(
            mod $id {
                #[test]
                fn ipclab_records_its_key_calls() {
                    super::records_key_calls(super::id(stringify!($id)));
                }

                #[test]
                fn ipclab_json_agrees_with_strace() {
                    super::agrees_with_strace(super::id(stringify!($id)));
                }
            }
        )*
    };
}

with_corpus_ids!(corpus_tests);

#[test]
fn every_corpus_entry_is_traced() {
    let tested: Vec<&str> = TESTED.iter().map(|t| id(t)).collect();
    let listed: Vec<&str> = common::CORPUS.iter().map(|p| p.id).collect();
    assert_eq!(tested, listed, "corpus_tests!() here and CORPUS list different programs");
}
