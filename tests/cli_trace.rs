//! `ipclab trace` as a user runs it: exit statuses, one-line errors, where
//! the trace goes, colour, the string limit, the summary and the filter.

mod common;

use std::collections::BTreeMap;
use std::process::{Command, Output};

use serde_json::Value;

fn ipclab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ipclab"))
        .env("IPCLAB_LANG", "en")
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("ipclab runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect()
}

fn syscall_names(events: &[Value]) -> Vec<String> {
    events.iter().filter(|e| e["type"] == "syscall").map(|e| e["name"].as_str().unwrap().to_string()).collect()
}

/// The one line ipclab printed about itself (the program printed nothing).
fn error_line(out: &Output) -> String {
    let err = stderr(out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "expected one line, got:\n{err}");
    assert!(lines[0].starts_with("ipclab: "), "{err}");
    assert!(!err.contains("panicked") && !err.contains("backtrace"), "{err}");
    lines[0].to_string()
}

#[test]
fn a_missing_command_exits_127_with_one_line() {
    let out = ipclab(&["trace", "--", "/no/such/program"]);
    assert_eq!(out.status.code(), Some(127));
    assert!(error_line(&out).contains("/no/such/program: command not found"));
    let out = ipclab(&["trace", "--", "no-such-program-in-path"]);
    assert_eq!(out.status.code(), Some(127));
}

#[test]
fn where_ptrace_is_refused_one_line_says_why_and_what_to_do() {
    let deny = common::deny_ptrace();
    // A unique argument, to look for the program afterwards.
    let marker = format!("3600.{}", std::process::id());
    for (errno, says) in [
        (libc::EPERM, "a seccomp profile (as containers have by default) forbids ptrace: run the container with"),
        (libc::ENOSYS, "does not provide ptrace(2)"),
    ] {
        let out = Command::new(&deny)
            .arg(errno.to_string())
            .args([env!("CARGO_BIN_EXE_ipclab"), "trace", "--", "sleep", &marker])
            .output()
            .expect("deny_ptrace runs");
        assert_eq!(out.status.code(), Some(2), "errno {errno}: {}", stderr(&out));
        let line = error_line(&out);
        assert!(line.starts_with("ipclab: cannot trace: ") && line.contains(says), "errno {errno}: {line}");
        assert!(!common::running_with_arg(&marker), "the program ipclab started is left running");
    }
}

#[test]
fn rt_sigreturn_shows_the_mask_it_restores() {
    // signals blocks SIGUSR1 and SIGCHLD (later SIGUSR2 too) and takes each
    // signal in rt_sigsuspend: every handler returns to that blocked mask.
    let prog = common::prog("signals");
    let out = ipclab(&["trace", "--json", "-e", "signal", "--", prog.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let events = json_lines(&stderr(&out));
    let masks: Vec<&str> = events
        .iter()
        .filter(|e| e["name"] == "rt_sigreturn")
        .map(|e| e["args"]["frame"]["mask"].as_str().unwrap_or_else(|| panic!("no frame mask: {e}")))
        .collect();
    assert!(masks.len() >= 4, "{masks:?}");
    let distinct: std::collections::BTreeSet<&str> = masks.iter().copied().collect();
    assert_eq!(distinct, ["[USR1 CHLD]", "[USR1 USR2 CHLD]"].into_iter().collect(), "{masks:?}");
}

#[test]
fn a_file_that_is_not_executable_exits_126() {
    use std::os::unix::fs::PermissionsExt;
    let dir = common::ScratchDir::new("cli");
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "not a program\n").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = ipclab(&["trace", "--", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(126));
    assert!(error_line(&out).contains("not executable"));
    // Executable but not a program the kernel can run.
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = ipclab(&["trace", "--", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(126));
    assert!(error_line(&out).contains("exec format error"));
}

#[test]
fn a_directory_cannot_be_run() {
    let out = ipclab(&["trace", "--", "/tmp"]);
    assert_eq!(out.status.code(), Some(126));
    assert!(error_line(&out).contains("is a directory"));
}

#[test]
fn an_unknown_flag_exits_2_with_one_line() {
    let out = ipclab(&["trace", "--bogus", "--", "true"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(error_line(&out).contains("--bogus"));
    let out = ipclab(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    error_line(&out);
}

#[test]
fn a_missing_argument_is_named_with_the_command_to_ask_for_help() {
    let out = ipclab(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    let line = error_line(&out);
    assert!(line.contains("not provided: <LAB>") && line.ends_with("(see ipclab check --help)"), "{line}");
    let out = ipclab(&["trace"]);
    assert_eq!(out.status.code(), Some(2));
    let line = error_line(&out);
    assert!(line.contains("<CMD>") && line.ends_with("(see ipclab trace --help)"), "{line}");
    let out = ipclab(&["trace", "-s"]);
    assert_eq!(out.status.code(), Some(2));
    let line = error_line(&out);
    assert!(line.contains("--string-limit") && line.ends_with("(see ipclab trace --help)"), "{line}");
}

#[test]
fn an_unknown_trace_class_is_named() {
    let out = ipclab(&["trace", "-e", "ipc,sockets", "--", "true"]);
    assert_eq!(out.status.code(), Some(2));
    let line = error_line(&out);
    assert!(line.contains("'sockets'") && line.contains("network"), "{line}");
}

#[test]
fn bad_numbers_are_refused() {
    for args in [["--timeout", "-1"], ["--timeout", "nan"], ["--max-procs", "0"], ["-s", "x"]] {
        let mut all = vec!["trace"];
        all.extend(args);
        all.extend(["--", "true"]);
        let out = ipclab(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        error_line(&out);
    }
}

#[test]
fn help_succeeds() {
    let out = ipclab(&["trace", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("--trace"));
}

#[test]
fn the_exit_status_is_the_programs() {
    let out = ipclab(&["trace", "-o", "/dev/null", "--", "sh", "-c", "exit 3"]);
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn a_program_killed_by_signal_n_gives_128_plus_n() {
    let out = ipclab(&["trace", "-o", "/dev/null", "--", "sh", "-c", "kill -TERM $$"]);
    assert_eq!(out.status.code(), Some(128 + libc::SIGTERM));
}

#[test]
fn json_goes_to_stderr_and_the_programs_output_is_left_alone() {
    let out = ipclab(&["trace", "--json", "--", "echo", "hello"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "hello\n");
    let events = json_lines(&stderr(&out));
    assert!(!events.is_empty());
    for e in &events {
        assert!(e["type"].is_string() && e["pid"].is_i64(), "{e}");
    }
    let write = events.iter().find(|e| e["name"] == "write").expect("a write");
    assert_eq!(write["args"]["buf"], "hello\n");
    assert_eq!(write["args"]["fd"]["fd"], 1);
    assert_eq!(write["ret"], 6);
    assert_eq!(write["errno"], Value::Null);
    let exit = events.iter().find(|e| e["type"] == "exit").expect("an exit");
    assert_eq!(exit["code"], 0);
}

#[test]
fn json_times_count_from_the_start_and_never_go_back() {
    // The text trace shows no times, so the tracer reads the clock only
    // for sinks that ask: JSON must still get them.
    let out = ipclab(&["trace", "--json", "--", "sh", "-c", "echo a; echo b"]);
    assert_eq!(out.status.code(), Some(0));
    let times: Vec<f64> =
        json_lines(&stderr(&out)).iter().map(|e| e["time"].as_f64().expect("every event has a time")).collect();
    assert!(times.len() > 10);
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
    assert!(times.last().is_some_and(|&t| t > 0.0), "the clock is read: {times:?}");
}

#[test]
fn failed_calls_carry_the_errno_name() {
    let out = ipclab(&["trace", "--json", "--", "sh", "-c", "cat /no/such/file 2>/dev/null; true"]);
    let events = json_lines(&stderr(&out));
    let open = events
        .iter()
        .find(|e| e["name"] == "openat" && e["args"]["pathname"] == "/no/such/file")
        .expect("cat opens the file");
    assert_eq!(open["ret"], -1);
    assert_eq!(open["errno"], "ENOENT");
}

#[test]
fn the_trace_goes_to_the_output_file() {
    let dir = common::ScratchDir::new("cli");
    let file = dir.path().join("trace.txt");
    let out = ipclab(&["trace", "-o", file.to_str().unwrap(), "--", "echo", "hi"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("execve(\"/usr/bin/echo\"") || text.contains("execve(\"/bin/echo\""), "{text}");
    assert!(text.contains("+++ exited with 0 +++"), "{text}");
}

#[test]
fn an_unwritable_output_file_is_one_line() {
    let out = ipclab(&["trace", "-o", "/no/such/dir/trace.txt", "--", "true"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(error_line(&out).contains("/no/such/dir/trace.txt"));
}

#[test]
fn colour_follows_the_color_option() {
    let coloured = ipclab(&["trace", "--color", "always", "--", "true"]);
    assert!(stderr(&coloured).contains("\x1b["), "--color always colours");
    let plain = ipclab(&["trace", "--color", "never", "--", "true"]);
    assert!(!stderr(&plain).contains("\x1b["));
    // Not a terminal: auto does not colour.
    let auto = ipclab(&["trace", "--", "true"]);
    assert!(!stderr(&auto).contains("\x1b["));
}

#[test]
fn the_string_limit_cuts_buffers() {
    let out = ipclab(&["trace", "-s", "4", "-e", "write", "--", "echo", "hello"]);
    let err = stderr(&out);
    assert!(err.contains(r#"write(1<"#) && err.contains(r#""hell"..., 6) = 6"#), "{err}");
}

#[test]
fn the_summary_counts_calls_per_process() {
    let prog = common::prog("pipe_fork");
    let out = ipclab(&["trace", "-c", "--", prog.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(!err.contains("pipe2(["), "-c prints no trace lines:\n{err}");
    let processes = err.lines().filter(|l| l.starts_with("process ")).count();
    assert_eq!(processes, 2, "{err}");
    let pipe2_row = err.lines().find(|l| l.trim_end().ends_with(" pipe2")).expect("a pipe2 row");
    let cols: Vec<&str> = pipe2_row.split_whitespace().collect();
    assert_eq!(&cols[..2], &["1", "0"], "one pipe2, no error: {pipe2_row}");
}

/// The calls of each process, in order, named by position in the tree.
fn per_process(events: &[Value]) -> BTreeMap<String, Vec<String>> {
    let calls: Vec<common::Call> = events
        .iter()
        .filter(|e| e["type"] == "syscall")
        .map(|e| common::Call {
            tid: e["tid"].as_i64().unwrap() as i32,
            name: e["name"].as_str().unwrap().to_string(),
            ret: e["ret"].as_i64(),
            errno: e["errno"].as_str().map(str::to_string),
        })
        .collect();
    common::per_process(&calls)
}

fn filtered_trace(filter: &str, seccomp: bool) -> Vec<Value> {
    let prog = common::prog("pipe_fork");
    let mut args = vec!["trace", "--json", "-e", filter];
    if !seccomp {
        args.push("--no-seccomp");
    }
    args.extend(["--", prog.to_str().unwrap()]);
    let out = ipclab(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    json_lines(&stderr(&out))
}

#[test]
fn a_filter_reports_exactly_the_chosen_calls() {
    let all = {
        let prog = common::prog("pipe_fork");
        let out = ipclab(&["trace", "--json", "--", prog.to_str().unwrap()]);
        json_lines(&stderr(&out))
    };
    let chosen = ["pipe2", "write", "read", "close", "wait4", "exit_group"];
    for seccomp in [true, false] {
        let events = filtered_trace(&chosen.join(","), seccomp);
        let names = syscall_names(&events);
        // execve is always shown: it is how the program starts.
        assert!(names.iter().all(|n| chosen.contains(&n.as_str()) || n == "execve"), "{names:?}");
        // Every chosen call is reported: the same sequence per process as
        // the full trace restricted to the chosen calls. (clone creates the
        // child, so its task naming needs the full trace's clone too.)
        let mut expected = per_process(&all);
        for seq in expected.values_mut() {
            seq.retain(|n| chosen.contains(&n.as_str()) || n == "execve");
        }
        let got: Vec<Vec<String>> = per_process_unnamed(&events);
        let want: Vec<Vec<String>> = expected.into_values().filter(|s| !s.is_empty()).collect();
        assert_eq!(sorted(got), sorted(want), "seccomp: {seccomp}");
    }
}

/// Per-task sequences without names (the filtered trace has no clone to
/// name the child by).
fn per_process_unnamed(events: &[Value]) -> Vec<Vec<String>> {
    let mut by_tid: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for e in events.iter().filter(|e| e["type"] == "syscall") {
        by_tid.entry(e["tid"].as_i64().unwrap()).or_default().push(e["name"].as_str().unwrap().to_string());
    }
    by_tid.into_values().collect()
}

fn sorted(mut v: Vec<Vec<String>>) -> Vec<Vec<String>> {
    v.sort();
    v
}

#[test]
fn a_class_filter_keeps_its_class() {
    let prog = common::prog("sysv_msg");
    let out = ipclab(&["trace", "--json", "-e", "ipc", "--", prog.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let names = syscall_names(&json_lines(&stderr(&out)));
    let ipc = ["msgget", "msgsnd", "msgrcv", "msgctl"];
    assert!(names.iter().all(|n| ipc.contains(&n.as_str()) || n == "execve"), "{names:?}");
    assert_eq!(names.iter().filter(|n| *n == "msgsnd").count(), 2, "{names:?}");
}

#[test]
fn a_timeout_kills_the_program_and_exits_124() {
    let prog = common::prog("hang_pipe");
    let out = ipclab(&["trace", "-o", "/dev/null", "--timeout", "0.5", "--", prog.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(124));
    assert!(stderr(&out).contains("ran out of time"), "{}", stderr(&out));
}

/// `ipclab ARGS` on hang_pipe, interrupted (Ctrl-C) once its two processes
/// sleep in their calls (the parent in wait4, the child in its second read):
/// the report then finds each one blocked, however loaded the machine.
fn hang_pipe_interrupted(args: &[&str]) -> common::Finished {
    let prog = common::prog("hang_pipe");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ipclab"));
    cmd.env("IPCLAB_LANG", "en").env_remove("NO_COLOR").args(args).arg("--").arg(prog);
    common::interrupt_once_blocked(
        &mut cmd,
        &[&[libc::SYS_wait4], &[libc::SYS_read]],
        std::time::Duration::from_secs(60),
    )
}

/// The lines of a hang report that are ipclab's own words (not the trace's
/// call lines, which start with a pid).
fn own_lines(report: &[&str]) -> Vec<String> {
    report
        .iter()
        .filter(|l| !l.trim_start().starts_with(|c: char| c.is_ascii_digit()) && !l.trim().is_empty())
        .map(|l| l.to_string())
        .collect()
}

fn assert_all_korean(ours: &[String], err: &str) {
    for line in ours {
        assert!(line.chars().any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c)), "no Korean in {line:?}:\n{err}");
    }
    for english in [
        "time ran out",
        "was stuck",
        "blocked in",
        "likely mistake",
        "sleeping in",
        "write end",
        "close fd",
        "is empty",
        "open in",
        "ran out of time",
        "interrupted by",
        "ledger: the",
    ] {
        assert!(!ours.iter().any(|l| l.contains(english)), "English left in the Korean report ({english}):\n{ours:?}");
    }
}

#[test]
fn in_korean_the_hang_report_is_korean_and_the_json_is_not() {
    // Where each thread waits: taken once both are inside their calls.
    let run = hang_pipe_interrupted(&["--lang", "ko", "trace"]);
    assert_eq!(run.code(), Some(130), "{}", run.stderr);
    let err = &run.stderr;
    let report: Vec<&str> =
        err.lines().skip_while(|l| !l.contains("SIGINT 시그널이 왔을 때 각 스레드가 있던 곳")).collect();
    assert!(!report.is_empty(), "no Korean hang report heading:\n{err}");
    let heads: Vec<&&str> = report.iter().filter(|l| l.trim_start().starts_with("pid ")).collect();
    assert_eq!(heads.len(), 2, "{err}");
    assert!(heads.iter().all(|l| l.contains("에서 블록됨")), "{err}");
    assert!(report.iter().any(|l| l.trim_start().starts_with("짐작되는 실수: ")), "{err}");
    // The heading, each thread's head line, the kernel's facts under it,
    // its likely mistake, the kernel view's and the ledger's lines and the
    // closing line are Korean; the call lines (a pid first) are the trace's.
    let ours = own_lines(&report);
    assert!(ours.iter().any(|l| l.contains("ipclab: ipclab이 SIGINT 시그널로 중단되")), "{err}");
    assert_all_korean(&ours, err);
    // At a deadline: the heading and the closing line say that time ran
    // out, in Korean (whatever each thread was doing by then).
    let out = ipclab(&["--lang", "ko", "trace", "--timeout", "0.5", "--", common::prog("hang_pipe").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(124));
    let err = stderr(&out);
    let report: Vec<&str> = err.lines().skip_while(|l| !l.contains("ipclab: 시간이 다 되었습니다")).collect();
    assert!(!report.is_empty(), "no Korean hang report heading:\n{err}");
    let ours = own_lines(&report);
    assert!(ours.iter().any(|l| l.contains("ipclab: 프로그램이 제한 시간 안에 끝나지 않아")), "{err}");
    assert_all_korean(&ours, &err);
    // The JSON lines are the same whatever the language: the diagnosis and
    // the facts in English (ipclab's own closing line beside them is Korean).
    let run = hang_pipe_interrupted(&["--lang", "ko", "trace", "--json"]);
    let err = &run.stderr;
    let json: Vec<&str> = err.lines().filter(|l| l.starts_with('{')).collect();
    assert!(
        json.iter().all(|l| !l.chars().any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c))),
        "Korean in the JSON lines:\n{err}"
    );
    assert!(err.lines().any(|l| l.starts_with("ipclab: ipclab이")), "{err}");
    let hang = json_lines(err).into_iter().find(|e| e["type"] == "hang").expect("a hang event");
    assert!(hang.to_string().contains("\"diagnosis\":\""), "{hang}");
}

/// The target of descriptor N at each of fd_reuse's writes, by step.
fn fd_reuse_targets(filter: Option<&str>, seccomp: bool) -> (Vec<String>, BTreeMap<String, String>) {
    let prog = common::prog("fd_reuse");
    let mut args = vec!["trace", "--json", "--no-kernel"];
    if let Some(f) = filter {
        args.extend(["-e", f]);
    }
    if !seccomp {
        args.push("--no-seccomp");
    }
    args.extend(["--", prog.to_str().unwrap()]);
    let out = ipclab(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let events = json_lines(&stderr(&out));
    let targets = events
        .iter()
        .filter(|e| e["name"] == "write" && e["args"]["fd"]["fd"] == 4)
        .map(|e| (e["args"]["buf"].as_str().unwrap().to_string(), e["args"]["fd"]["target"].to_string()))
        .collect();
    (syscall_names(&events), targets)
}

#[test]
fn a_descriptor_on_a_file_another_process_removed_is_named_deleted() {
    let dir = common::ScratchDir::new("cli");
    let prog = common::prog("unlinked_fd");
    let out = ipclab(&["trace", "--json", "--no-kernel", "--", prog.to_str().unwrap(), dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let targets: Vec<String> = json_lines(&stderr(&out))
        .iter()
        .filter(|e| e["name"] == "write")
        .filter_map(|e| e["args"]["fd"]["target"].as_str())
        .filter(|t| t.contains("ipclab-unlinked-"))
        .map(str::to_string)
        .collect();
    assert_eq!(targets.len(), 2, "{targets:?}");
    assert!(!targets[0].ends_with(" (deleted)"), "{targets:?}");
    assert_eq!(targets[1], format!("{} (deleted)", targets[0]), "the child's unlink renames the parent's file");
}

#[test]
fn descriptor_targets_stay_right_across_close_dup_and_exec_when_only_writes_are_shown() {
    let (_, full) = fd_reuse_targets(None, true);
    let target = |step: &str| full.get(step).cloned().unwrap_or_else(|| panic!("no write {step:?}: {full:?}"));
    assert!(target("1 pipe").starts_with("\"pipe:["), "{full:?}");
    assert!(target("3 pipe").starts_with("\"pipe:[") && target("3 pipe") != target("1 pipe"), "{full:?}");
    assert_eq!(target("6 pipe"), target("3 pipe"));
    for (step, file) in
        [("2 null", "/dev/null"), ("4 zero", "/dev/zero"), ("5 null", "/dev/null"), ("7 zero", "/dev/zero")]
    {
        assert_eq!(target(step), format!("\"{file}\""), "{full:?}");
    }
    // Showing only the writes, the calls that changed the descriptor are
    // not reported (with the seccomp filter they may not even stop), yet
    // every write names what the full trace names.
    for seccomp in [true, false] {
        let (names, filtered) = fd_reuse_targets(Some("write"), seccomp);
        assert!(names.iter().all(|n| n == "write" || n == "execve"), "seccomp {seccomp}: {names:?}");
        assert_eq!(filtered.len(), 7, "seccomp {seccomp}: {filtered:?}");
        for (step, t) in &filtered {
            // Pipe inodes differ between runs; the kind of target must not.
            let kind = |t: &str| t.split('[').next().unwrap_or_default().to_string();
            assert_eq!(kind(t), kind(&target(step)), "seccomp {seccomp}, step {step}: {filtered:?}");
        }
        let a = &filtered["1 pipe"];
        assert!(
            filtered["3 pipe"] != *a && filtered["6 pipe"] == filtered["3 pipe"],
            "seccomp {seccomp}: {filtered:?}"
        );
    }
}

#[test]
fn the_kernel_view_follows_a_reused_descriptor_when_only_writes_are_shown() {
    let prog = common::prog("fd_reuse");
    let out = ipclab(&["trace", "--json", "-e", "write", "--", prog.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let events = json_lines(&stderr(&out));
    let mut pipes = Vec::new();
    for (i, e) in events.iter().enumerate() {
        if !(e["name"] == "write" && e["args"]["fd"]["fd"] == 4) {
            continue;
        }
        // Each write's text names what fd 4 is then ("1 pipe", "2 null"...).
        let step = e["args"]["buf"].as_str().unwrap();
        let next = events.get(i + 1).filter(|n| n["type"] == "kernel" && n["object"] == "pipe");
        if step.ends_with("pipe") {
            let next = next.unwrap_or_else(|| panic!("no pipe line after {e}"));
            let target = e["args"]["fd"]["target"].as_str().unwrap();
            assert_eq!(format!("pipe:[{}]", next["ino"]), target, "{e} then {next}");
            pipes.push((step.to_string(), next["ino"].as_u64().unwrap()));
        } else {
            assert!(next.is_none(), "a pipe line after a write to {step:?}: {next:?}");
        }
    }
    assert_eq!(pipes.iter().map(|p| p.0.as_str()).collect::<Vec<_>>(), ["1 pipe", "3 pipe", "6 pipe"]);
    assert!(pipes[0].1 != pipes[1].1 && pipes[1].1 == pipes[2].1, "{pipes:?}");
}
