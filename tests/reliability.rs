//! ipclab stays in control whatever the traced program does, and whatever
//! happens to ipclab: a fork bomb is stopped at the process budget (and 600
//! threads are not one), SIGINT and SIGTERM sent to ipclab alone reach the
//! program and what it leaves running is killed after a grace, with a
//! report, and if ipclab itself is killed the traced processes die with it.
//! (Ctrl-C to a whole process group, as a terminal sends it: tests/real_programs.rs.)

mod common;

use std::io::{BufRead, BufReader};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::run_with_deadline;

const DEADLINE: Duration = Duration::from_secs(60);

fn ipclab() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ipclab"));
    cmd.env("IPCLAB_LANG", "en");
    cmd
}

/// Waits until process `pid` has ended (or is a zombie), at most `limit`:
/// a pidfd becomes readable when its process terminates. Returns false if
/// it is still running after `limit`.
fn wait_gone(pid: i32, limit: Duration) -> bool {
    // SAFETY: pidfd_open takes a pid and flags.
    let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
    if fd < 0 {
        return true; // ESRCH: already gone and reaped
    }
    // SAFETY: the kernel just gave us this descriptor.
    let fd = unsafe { OwnedFd::from_raw_fd(fd as i32) };
    let mut pfd = libc::pollfd { fd: fd.as_raw_fd(), events: libc::POLLIN, revents: 0 };
    // SAFETY: one pollfd.
    let n = unsafe { libc::poll(&mut pfd, 1, limit.as_millis() as i32) };
    n == 1
}

/// Starts `ipclab trace ... -- hang_pipe` and waits until the child has
/// read the parent's message (it prints a line, then blocks in read).
/// Returns ipclab and the two traced pids.
fn start_hanging(extra: &[&str]) -> (Child, Vec<i32>) {
    let prog = common::prog("hang_pipe");
    let mut child = ipclab()
        .arg("trace")
        .args(extra)
        .arg("--")
        .arg(&prog)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ipclab starts");
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap()).read_line(&mut line).unwrap();
    assert!(line.contains("read 5 bytes"), "hang_pipe printed {line:?}");
    let ipclab_pid = child.id() as i32;
    let mut traced = common::children(ipclab_pid);
    let roots = traced.clone();
    for root in roots {
        traced.extend(common::children(root));
    }
    assert_eq!(traced.len(), 2, "hang_pipe and its child under ipclab: {traced:?}");
    (child, traced)
}

fn signal(pid: i32, sig: i32) {
    // SAFETY: a signal to a process this test started.
    assert_eq!(unsafe { libc::kill(pid, sig) }, 0);
}

fn stderr_of(child: Child) -> (Option<i32>, String) {
    let out = child.wait_with_output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn sigint_to_ipclab_alone_reaches_the_program_and_what_is_left_is_killed_after_the_grace() {
    let (child, traced) = start_hanging(&["-C"]);
    signal(child.id() as i32, libc::SIGINT);
    let (code, err) = stderr_of(child);
    assert_eq!(code, Some(130), "{err}");
    assert!(err.contains("interrupted by SIGINT"), "{err}");
    // The parent gets the SIGINT ipclab alone received; its child, which
    // did not, is killed once the grace is over.
    assert!(err.contains("SIGINT came to ipclab alone: sent it on to the program"), "{err}");
    assert!(err.contains("+++ killed by SIGINT +++"), "{err}");
    assert!(err.contains("the program had not ended 3 s after SIGINT: killing it"), "{err}");
    assert!(err.contains("+++ killed by SIGKILL +++"), "{err}");
    assert!(err.lines().any(|l| l.starts_with("process ")), "the summary so far is printed:\n{err}");
    for pid in traced {
        assert!(wait_gone(pid, Duration::from_secs(5)), "traced process {pid} survived");
    }
}

#[test]
fn sigterm_to_ipclab_alone_ends_the_run_with_143() {
    let (child, traced) = start_hanging(&["-o", "/dev/null"]);
    signal(child.id() as i32, libc::SIGTERM);
    let (code, err) = stderr_of(child);
    assert_eq!(code, Some(143), "{err}");
    assert!(err.contains("interrupted by SIGTERM"), "{err}");
    for pid in traced {
        assert!(wait_gone(pid, Duration::from_secs(5)), "traced process {pid} survived");
    }
}

#[test]
fn when_ipclab_is_killed_the_traced_processes_die_with_it() {
    let (mut child, traced) = start_hanging(&["-o", "/dev/null"]);
    signal(child.id() as i32, libc::SIGKILL);
    let _ = child.wait();
    for pid in traced {
        assert!(wait_gone(pid, Duration::from_secs(10)), "traced process {pid} outlived ipclab");
    }
}

#[test]
fn a_fork_bomb_is_killed_at_the_process_budget() {
    let prog = common::prog("forkbomb");
    // Depth 12 would be 8191 processes; the budget stops it at 40.
    let run = run_with_deadline(
        ipclab().args(["trace", "-o", "/dev/null", "--max-procs", "40", "--"]).arg(&prog).arg("12"),
        DEADLINE,
    );
    assert!(!run.timed_out, "ipclab did not stop the fork bomb: {}", run.stderr);
    assert_eq!(run.code(), Some(125), "{}", run.stderr);
    assert!(run.stderr.contains("more than 40 processes at once"), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "one line about it: {}", run.stderr);
}

#[test]
fn six_hundred_threads_run_under_the_default_budget() {
    let prog = common::prog("many_threads");
    let run = run_with_deadline(ipclab().args(["trace", "-o", "/dev/null", "--"]).arg(&prog).arg("600"), DEADLINE);
    assert_eq!(run.code(), Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "600 threads done\n");
}

#[test]
fn threads_have_a_budget_of_their_own() {
    let prog = common::prog("many_threads");
    let run = run_with_deadline(
        ipclab().args(["trace", "-o", "/dev/null", "--max-threads", "50", "--max-procs", "1", "--"]).arg(&prog),
        DEADLINE,
    );
    assert_eq!(run.code(), Some(125), "{}", run.stderr);
    assert!(run.stderr.contains("more than 50 threads at once"), "{}", run.stderr);
    // One process with 100 threads is within a budget of one process.
    let run = run_with_deadline(
        ipclab().args(["trace", "-o", "/dev/null", "--max-threads", "100", "--max-procs", "1", "--"]).arg(&prog),
        DEADLINE,
    );
    assert_eq!(run.code(), Some(0), "{}", run.stderr);
}

#[test]
fn many_threads_and_a_self_inflicted_sigkill_are_traced_to_the_end() {
    let prog = common::prog("sigkill_self");
    let run = run_with_deadline(ipclab().args(["trace", "--"]).arg(&prog), DEADLINE);
    assert_eq!(run.code(), Some(128 + libc::SIGKILL), "{}", run.stderr);
    assert_eq!(run.stderr.matches("+++ killed by SIGKILL +++").count(), 2, "{}", run.stderr);
    assert!(!run.stderr.contains("--- SIGKILL"), "SIGKILL is never delivered to a handler: {}", run.stderr);
    let prog = common::prog("many_threads");
    let run = run_with_deadline(ipclab().args(["trace", "--"]).arg(&prog), DEADLINE);
    assert_eq!(run.code(), Some(0), "{}", run.stderr);
    assert_eq!(run.stderr.matches("+++ exited with").count(), 101, "{}", run.stderr);
}

#[test]
fn the_hang_report_names_the_child_that_holds_its_own_write_end() {
    let prog = common::prog("hang_pipe");
    let dir = common::ScratchDir::new("hang");
    let out = dir.path().join("trace.jsonl");
    let run = run_with_deadline(
        ipclab().args(["trace", "--json", "--timeout", "1", "-o"]).arg(&out).arg("--").arg(&prog),
        DEADLINE,
    );
    assert_eq!(run.code(), Some(124), "{}", run.stderr);
    let events: Vec<serde_json::Value> =
        std::fs::read_to_string(&out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let root = events[0]["pid"].as_i64().unwrap();
    let hang = events.iter().find(|e| e["type"] == "hang").expect("a hang event");
    let tasks = hang["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 2, "{hang}");
    let reader = tasks.iter().find(|t| t["call_name"] == "read").expect("a thread blocked in read");
    let child = reader["pid"].as_i64().unwrap();
    assert_ne!(child, root, "the reader is the child");
    let diagnosis = reader["diagnosis"].as_str().unwrap();
    assert!(diagnosis.contains(&format!("pid {child} still holds the write end fd 4 of pipe:[")), "{diagnosis}");
    let parent = tasks.iter().find(|t| t["pid"].as_i64() == Some(root)).unwrap();
    assert_eq!(parent["call_name"], "wait4");
    let facts = parent["facts"].to_string();
    assert!(facts.contains(&format!("pid {child} (blocked in read)")), "{facts}");
    // The hang report comes before the kill.
    let hang_at = events.iter().position(|e| e["type"] == "hang").unwrap();
    let first_exit = events.iter().position(|e| e["type"] == "exit").unwrap();
    assert!(hang_at < first_exit);
}

#[test]
fn clean_removes_the_empty_run_directories_of_labs_that_are_over_and_a_killed_grader_s_directories() {
    let tmp = common::ScratchDir::new("rundirs");
    let ledgers = common::ScratchDir::new("rundirs-ledgers");
    let gone = {
        let mut child = Command::new("true").spawn().expect("true runs");
        let pid = child.id();
        child.wait().unwrap();
        pid
    };
    let alive = std::process::id();
    let dir = |name: String| {
        let path = tmp.path().join(name);
        std::fs::create_dir(&path).unwrap();
        path
    };
    let over_and_empty = dir(format!("ipclab-{gone}-02"));
    let over_with_a_file = dir(format!("ipclab-{gone}-07"));
    std::fs::write(over_with_a_file.join("server.sock"), b"").unwrap();
    let still_running = dir(format!("ipclab-{alive}-03"));
    let not_a_lab = dir(format!("ipclab-{gone}-x1"));
    // A killed grader's directories: a lab's run directory, a submission's build.
    let killed_grader = dir(format!("ipclab-grade-{gone}-0"));
    let killed_build = dir(format!("ipclab-grade-{gone}-b3"));
    std::fs::create_dir_all(killed_build.join("target/debug")).unwrap();
    std::fs::write(killed_build.join("target/debug/lab01_pipe"), b"").unwrap();
    let live_grader = dir(format!("ipclab-grade-{alive}-1"));

    let out = Command::new(env!("CARGO_BIN_EXE_ipclab"))
        .env("IPCLAB_LANG", "en")
        .arg("clean")
        .env("TMPDIR", tmp.path())
        .env("IPCLAB_LEDGER_DIR", ledgers.path())
        .output()
        .expect("ipclab runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(!over_and_empty.exists(), "{stdout}");
    assert!(stdout.contains(&format!("removed the empty run directory {}", over_and_empty.display())), "{stdout}");
    for kept in [&over_with_a_file, &still_running, &not_a_lab, &live_grader] {
        assert!(kept.exists(), "{} was removed: {stdout}", kept.display());
    }
    for gone in [&killed_grader, &killed_build] {
        assert!(!gone.exists(), "{} is left: {stdout}", gone.display());
        assert!(stdout.contains(&format!("removed the grading directory {}", gone.display())), "{stdout}");
    }
    // A dry run removes nothing.
    let another = dir(format!("ipclab-{gone}-05"));
    let out = Command::new(env!("CARGO_BIN_EXE_ipclab"))
        .env("IPCLAB_LANG", "en")
        .args(["clean", "--dry-run"])
        .env("TMPDIR", tmp.path())
        .env("IPCLAB_LEDGER_DIR", ledgers.path())
        .output()
        .expect("ipclab runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(another.exists());
}
