//! `--inject` as a user runs it: a bad SPEC is one line naming its wrong
//! part; the calls ipclab makes fail fail as strace's `-e inject` makes
//! them fail (on the full trace and under a seccomp filter); a short
//! transfer really runs and leaves the registers as a kernel would; a
//! skipped call changes nothing the kernel view or the ledger report; a
//! delay holds one process while the others run; an injected signal is
//! delivered by the kernel, with SA_RESTART and EINTR as the kernel makes
//! them. The programs are tests/inject/*.c.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn prog(name: &str) -> PathBuf {
    common::prog_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/inject"), name)
}

fn ipclab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ipclab")).args(args).env("NO_COLOR", "1").output().expect("ipclab runs")
}

/// Traces `args` (ipclab's options, `--`, the program) with `--json -o`,
/// and returns the events and the program's output.
fn traced(args: &[&str]) -> (Vec<Value>, Output) {
    let dir = common::ScratchDir::new("inject");
    let file = dir.path().join("trace.jsonl");
    let mut all = vec!["trace", "--json", "-o", file.to_str().unwrap()];
    all.extend_from_slice(args);
    let out = ipclab(&all);
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    let events = text.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}"))).collect();
    (events, out)
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_bad_spec_is_one_line_naming_the_wrong_part_and_exits_2() {
    let cases = [
        ("bogus:EINTR", "unknown call or class 'bogus'"),
        ("read:EBOGUS", "'EBOGUS' is not an error name"),
        ("read:EINTR:when=0", "when=0:"),
        ("msgsnd:short", "short needs a call with a count argument"),
        ("read:signal=SIGNOPE", "signal=SIGNOPE: not a signal name"),
        ("read", "the form is CALLS:WHAT"),
    ];
    for (spec, part) in cases {
        let out = ipclab(&["trace", "--inject", spec, "--", "true"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{spec}: {err}");
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 1, "{spec}: one line, got {err}");
        assert!(lines[0].starts_with(&format!("ipclab: --inject '{spec}': ")), "{spec}: {err}");
        assert!(lines[0].contains(part), "{spec}: expected {part:?} in {err}");
    }
}

/// Each process's calls named in `names`, as `name=ret ERRNO`, processes
/// in the order they first made one (the parent, then its child).
fn sequences<'a>(calls: impl Iterator<Item = (i64, &'a str, Option<i64>, Option<&'a str>)>) -> Vec<Vec<String>> {
    let mut order: Vec<i64> = Vec::new();
    let mut by_task: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for (tid, name, ret, errno) in calls {
        if !["read", "write", "close"].contains(&name) {
            continue;
        }
        if !order.contains(&tid) {
            order.push(tid);
        }
        let ret = ret.map_or("?".to_string(), |r| r.to_string());
        by_task.entry(tid).or_default().push(format!("{name}={ret} {}", errno.unwrap_or("")).trim_end().to_string());
    }
    order.iter().map(|t| by_task.remove(t).unwrap()).collect()
}

#[test]
fn calls_ipclab_makes_fail_fail_as_under_strace_inject() {
    if !common::strace_available() {
        eprintln!("skipped: strace is not installed");
        return;
    }
    let faults = prog("faults");
    // One call per rule: strace counts each call apart, ipclab each rule.
    let rules = [("write", "EAGAIN", "2+2"), ("read", "EINTR", "3"), ("close", "EBADF", "4")];
    let dir = common::ScratchDir::new("inject-strace");
    let log = dir.path().join("strace.txt");
    let mut strace = Command::new("strace");
    strace.args(["-f", "-qq", "-e", "trace=read,write,close", "-o"]).arg(&log);
    for (call, errno, when) in rules {
        strace.arg("-e").arg(format!("inject={call}:error={errno}:when={when}"));
    }
    let finished = common::run_with_deadline(strace.arg("--").arg(&faults), std::time::Duration::from_secs(60));
    assert_eq!(finished.code(), Some(0), "strace: {}", finished.stderr);
    let strace_calls = common::parse_strace(&std::fs::read_to_string(&log).unwrap());
    let expected = sequences(strace_calls.iter().map(|c| (c.tid as i64, c.name.as_str(), c.ret, c.errno.as_deref())));
    assert!(expected.len() == 2 && expected[0].iter().any(|c| c.ends_with("EINTR")), "strace injected: {expected:?}");

    let specs: Vec<String> = rules.iter().map(|(c, e, w)| format!("{c}:{e}:when={w}")).collect();
    for filter in [None, Some("read,write,close")] {
        let mut args: Vec<&str> = Vec::new();
        for s in &specs {
            args.extend(["--inject", s.as_str()]);
        }
        if let Some(f) = filter {
            args.extend(["-e", f]);
        }
        args.extend(["--", faults.to_str().unwrap()]);
        let (events, out) = traced(&args);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let calls = events
            .iter()
            .filter(|e| e["type"] == "syscall")
            .map(|e| (e["tid"].as_i64().unwrap(), e["name"].as_str().unwrap(), e["ret"].as_i64(), e["errno"].as_str()));
        let got = sequences(calls);
        assert_eq!(got, expected, "with -e {filter:?}: ipclab's injected calls differ from strace's");
        let marked = events.iter().filter(|e| e.get("injected").is_some()).count();
        let failed_by_rule = expected.iter().flatten().filter(|c| c.contains("=-1 E")).count();
        assert!(marked > 0 && marked <= failed_by_rule, "{marked} marked, {failed_by_rule} failed");
    }
}

#[test]
fn a_short_write_transfers_fewer_bytes_and_puts_the_count_register_back() {
    let (events, out) = traced(&["--inject", "write:short:when=1", "--", prog("faults").to_str().unwrap(), "regs"]);
    assert_eq!(out.status.code(), Some(0));
    if cfg!(target_arch = "x86_64") {
        assert_eq!(stdout(&out), "raw write: 5, count register after: 10\n", "the kernel wrote 5 of 10 bytes");
    }
    let write = events.iter().find(|e| e["name"] == "write").expect("the write");
    assert_eq!(write["ret"], 5);
    assert_eq!(write["args"]["count"], 10, "the trace shows what the program asked");
    assert_eq!(write["injected"], serde_json::json!({"what": "short", "count": 10, "given": 5}));
}

#[test]
fn a_skipped_call_changes_nothing_and_the_ledger_says_what_was_left() {
    let (events, out) = traced(&[
        "--cleanup",
        "-e",
        "ipc",
        "--inject",
        "msgsnd:EINTR:when=1",
        "--inject",
        "msgctl:EPERM",
        "--",
        prog("faults").to_str().unwrap(),
        "sysv",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("msgsnd: -1 Interrupted system call\nmsgsnd: 0\n"), "{}", stdout(&out));
    let at = |i: usize| &events[i];
    let sends: Vec<usize> = (0..events.len()).filter(|&i| at(i)["name"] == "msgsnd").collect();
    assert_eq!(sends.len(), 2, "the program retried");
    assert_eq!(at(sends[0])["injected"]["errno"], "EINTR");
    assert_ne!(at(sends[0] + 1)["type"], "kernel", "a skipped call shows no kernel state of its own");
    assert!(at(sends[1]).get("injected").is_none());
    assert_eq!(at(sends[1] + 1)["messages"], 1, "the retry put the one message in");
    let ledger = events.iter().find(|e| e["type"] == "ledger" && e["kind"] == "msg_queue").expect("the queue");
    assert_eq!(ledger["fate"], "leaked", "a skipped msgctl(IPC_RMID) removed nothing");
    assert_eq!(ledger["cleaned"], true, "--cleanup removed it");
    let id = ledger["id"].as_i64().unwrap().to_string();
    let table = std::fs::read_to_string("/proc/sysvipc/msg").unwrap();
    let listed = table.lines().skip(1).any(|l| l.split_whitespace().nth(1) == Some(id.as_str()));
    assert!(!listed, "queue {id} is gone:\n{table}");
}

#[test]
fn a_delayed_call_holds_its_process_while_the_others_run() {
    let (events, out) = traced(&["--inject", "wait4:delay=1500", "--", prog("faults").to_str().unwrap(), "held"]);
    assert_eq!(out.status.code(), Some(0));
    let parent = events[0]["pid"].clone();
    let wait_start = events.iter().position(|e| e["type"] == "unfinished" && e["name"] == "wait4");
    let wait_end = events.iter().position(|e| e["type"] == "syscall" && e["name"] == "wait4" && e["pid"] == parent);
    let (Some(start), Some(end)) = (wait_start, wait_end) else { panic!("wait4 held: {events:?}") };
    assert_eq!(events[end]["injected"], serde_json::json!({"what": "delay", "ms": 1500}));
    // The parent's last event before wait4 came before wait4's entry.
    let before = events[..start].iter().rev().find(|e| e["pid"] == parent && e["type"] != "kernel").unwrap();
    let held = events[end]["time"].as_f64().unwrap() - before["time"].as_f64().unwrap();
    assert!(held >= 1.5, "held {held} s");
    let child_exit = events.iter().position(|e| e["type"] == "exit" && e["pid"] != parent).expect("the child");
    assert!(start < child_exit && child_exit < end, "the child ran and ended while its parent was held");
}

fn signalled(mode: &str) -> (Vec<Value>, String) {
    let (events, out) =
        traced(&["--inject", "read:signal=SIGUSR1:when=2+", "--", prog("restart").to_str().unwrap(), mode]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    (events, stdout(&out))
}

#[test]
fn an_injected_signal_runs_the_handler_and_sa_restart_restarts_the_call_once() {
    let (events, printed) = signalled("restart");
    assert_eq!(printed, "read: 0 , handler ran 1 time(s)\n", "restarted, then end of file");
    // The parent's reads: the child reads /proc only with pread64.
    let parent = &events[0]["pid"];
    let reads: Vec<&Value> =
        events.iter().filter(|e| e["name"] == "read" && e["type"] == "syscall" && &e["pid"] == parent).collect();
    let last_two = &reads[reads.len() - 2..];
    assert_eq!(last_two[0]["injected"]["signal"], "SIGUSR1");
    assert_eq!(last_two[0]["errno"], "ERESTARTSYS", "interrupted, to be restarted");
    assert!(last_two[1].get("injected").is_none(), "a restarted call is the same call: not signalled again");
    assert_eq!(last_two[1]["ret"], 0);
    assert!(events.iter().any(|e| e["type"] == "signal" && e["signal"] == "SIGUSR1" && e["code"] == "SI_TKILL"));
}

#[test]
fn an_injected_signal_without_sa_restart_makes_the_call_fail_with_eintr() {
    let (_, printed) = signalled("intr");
    assert_eq!(printed, "read: -1 Interrupted system call, handler ran 1 time(s)\n");
}
