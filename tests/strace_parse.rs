//! The strace harness of tests/common, tested on strace's own words: lines
//! and whole logs captured from strace 6.1 (`strace -f -qq -o FILE`) on
//! Linux 6.18 x86_64 running the programs of tests/progs. The corpus and
//! differential tests rely on this parser, so it is pinned down here.

mod common;

use common::strace::{Call, collapse_restarts, parse_strace, per_process, task_names};

const THREADS: &str = include_str!("fixtures/strace-6.1-threads.txt");
const FIFO_RESTART: &str = include_str!("fixtures/strace-6.1-fifo-restart.txt");
const STOPCONT: &str = include_str!("fixtures/strace-6.1-stopcont.txt");
const SEGV: &str = include_str!("fixtures/strace-6.1-segv.txt");
const SIGNALS: &str = include_str!("fixtures/strace-6.1-signals.txt");
const HANG_KILLED: &str = include_str!("fixtures/strace-6.1-hang-killed.txt");

fn call(tid: i32, name: &str, ret: Option<i64>, errno: Option<&str>) -> Call {
    Call { tid, name: name.to_string(), ret, errno: errno.map(str::to_string) }
}

fn only(text: &str) -> Call {
    let calls = parse_strace(text);
    assert_eq!(calls.len(), 1, "expected one call from {text:?}, got {calls:?}");
    calls.into_iter().next().unwrap()
}

fn count(seq: &[String], name: &str) -> usize {
    seq.iter().filter(|c| *c == name).count()
}

#[test]
fn a_complete_call_gives_its_name_and_return_value() {
    assert_eq!(only("6573  semget(IPC_PRIVATE, 2, IPC_CREAT|0600)  = 3\n"), call(6573, "semget", Some(3), None));
}

#[test]
fn a_failed_call_gives_minus_one_and_the_errno_name() {
    assert_eq!(
        only("7093  mq_open(\"ipclab-mq-7093\", O_RDONLY)     = -1 ENOENT (No such file or directory)"),
        call(7093, "mq_open", Some(-1), Some("ENOENT"))
    );
}

#[test]
fn a_hex_return_value_is_read_as_hex() {
    let c = only("8604  mmap(NULL, 64, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0) = 0x7f441067d000");
    assert_eq!(c.ret, Some(0x7f44_1067_d000));
}

#[test]
fn a_call_that_never_returns_has_no_return_value() {
    assert_eq!(only("7548  exit_group(0)               = ?"), call(7548, "exit_group", None, None));
}

#[test]
fn an_annotated_return_value_keeps_the_number() {
    let c = only(
        "7093  rt_sigtimedwait([USR1], {si_signo=SIGUSR1, si_code=SI_MESGQ, si_pid=7093, si_uid=0}, \
         {tv_sec=5, tv_nsec=0}, 8) = 10 (SIGUSR1)",
    );
    assert_eq!(c.ret, Some(10));
    let c = only("8604  poll([{fd=3, events=POLLIN}], 1, 1000)  = 1 ([{fd=3, revents=POLLIN}])");
    assert_eq!((c.ret, c.errno), (Some(1), None));
}

#[test]
fn an_fd_annotated_return_value_keeps_the_number() {
    assert_eq!(only("12  openat(AT_FDCWD, \"/tmp/x\", O_RDONLY) = 3</tmp/x>").ret, Some(3));
}

#[test]
fn quotes_and_brackets_inside_arguments_do_not_end_the_call() {
    let c = only(r#"9  write(1, "a) = 5 \"(\" ]} = -1 E", 20) = 20"#);
    assert_eq!(c, call(9, "write", Some(20), None));
}

#[test]
fn an_interrupted_call_has_no_value_and_its_restart_errno() {
    assert_eq!(
        only("7547  rt_sigsuspend([], 8)                    = ? ERESTARTNOHAND (To be restarted if no handler)"),
        call(7547, "rt_sigsuspend", None, Some("ERESTARTNOHAND"))
    );
}

#[test]
fn an_unfinished_call_is_placed_where_it_resumed() {
    let calls = parse_strace(
        "5928  wait4(5929,  <unfinished ...>\n\
         5929  write(1, \"child\\n\", 6) = 6\n\
         5929  exit_group(0)               = ?\n\
         5928  <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 5929\n",
    );
    assert_eq!(
        calls,
        [
            call(5929, "write", Some(6), None),
            call(5929, "exit_group", None, None),
            call(5928, "wait4", Some(5929), None),
        ]
    );
}

#[test]
fn a_resumed_call_that_fails_gives_its_errno() {
    let calls = parse_strace(
        "8604  futex(0x7f441067d000, FUTEX_WAIT, 0, NULL <unfinished ...>\n\
         8604  <... futex resumed>)        = -1 EAGAIN (Resource temporarily unavailable)\n",
    );
    assert_eq!(calls, [call(8604, "futex", Some(-1), Some("EAGAIN"))]);
}

#[test]
fn the_stderr_pid_prefix_is_understood() {
    let calls = parse_strace(
        "[pid  7548] write(4, \"r\", 1 <unfinished ...>\n\
         [pid  7547] <... read resumed>\"r\", 1)   = 1\n\
         [pid  7548] <... write resumed>)        = 1\n",
    );
    assert_eq!(calls, [call(7547, "read", Some(1), None), call(7548, "write", Some(1), None)]);
}

#[test]
fn signal_stop_and_exit_lines_are_not_calls() {
    for log in [SEGV, STOPCONT, SIGNALS] {
        for c in parse_strace(log) {
            assert!(c.name.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_'), "not a call name: {c:?}");
        }
    }
}

#[test]
fn a_child_killed_by_a_signal_ends_with_its_last_call() {
    let map = per_process(&parse_strace(SEGV));
    assert_eq!(map["0.1"], ["set_robust_list", "prlimit64"]);
    assert_eq!(map["0"][map["0"].len() - 3..], ["wait4", "write", "exit_group"]);
}

#[test]
fn a_task_killed_while_blocked_keeps_its_open_call() {
    let calls = parse_strace(
        "20  read(3,  <unfinished ...>\n\
         21  kill(20, SIGKILL) = 0\n\
         20  +++ killed by SIGKILL +++\n",
    );
    assert_eq!(calls, [call(21, "kill", Some(0), None), call(20, "read", None, None)]);
}

#[test]
fn a_log_cut_mid_line_keeps_the_open_calls_in_entry_order() {
    // strace was killed with SIGKILL while hang_pipe hung; its last line is
    // "15365 read(3, " with no end.
    let calls = parse_strace(HANG_KILLED);
    let tail: Vec<_> = calls.iter().rev().take(2).rev().collect();
    assert_eq!(tail, [&call(15364, "wait4", None, None), &call(15365, "read", None, None)]);
    let map = per_process(&calls);
    assert_eq!(map["0.1"], ["set_robust_list", "read", "write", "read"]);
}

#[test]
fn threads_are_named_by_creation_order() {
    let calls = parse_strace(THREADS);
    let names = task_names(&calls);
    let expected = [(15014, "0"), (15015, "0.1"), (15016, "0.2"), (15017, "0.3"), (15018, "0.4")];
    assert_eq!(names.into_iter().collect::<Vec<_>>(), expected.map(|(t, n)| (t, n.to_string())));
}

#[test]
fn each_thread_keeps_its_own_calls() {
    let map = per_process(&parse_strace(THREADS));
    for task in ["0.1", "0.2", "0.3", "0.4"] {
        assert_eq!(
            map[task],
            ["rseq", "set_robust_list", "rt_sigprocmask", "write", "rt_sigprocmask", "madvise", "exit"],
            "task {task}"
        );
    }
    assert_eq!(count(&map["0"], "clone3"), 4);
    assert_eq!(count(&map["0"], "read"), 5); // the loader's read of libc, then four bytes
}

#[test]
fn a_resumed_clone3_gives_the_new_tid() {
    let calls = parse_strace(
        "15014 clone3({flags=CLONE_VM|CLONE_THREAD, stack_size=0x7fff80} <unfinished ...>\n\
         15014 <... clone3 resumed> => {parent_tid=[15016]}, 88) = 15016\n",
    );
    assert_eq!(calls, [call(15014, "clone3", Some(15016), None)]);
}

#[test]
fn nested_children_are_named_by_their_path_from_the_root() {
    let calls = [
        call(100, "execve", Some(0), None),
        call(100, "clone", Some(-1), Some("EAGAIN")), // created nothing
        call(100, "clone", Some(200), None),
        call(200, "fork", Some(300), None),
        call(300, "getpid", Some(300), None),
        call(100, "vfork", Some(400), None),
        call(400, "execve", Some(0), None),
    ];
    let names: Vec<(i32, String)> = task_names(&calls).into_iter().collect();
    assert_eq!(names, [(100, "0"), (200, "0.1"), (300, "0.1.1"), (400, "0.2")].map(|(t, n)| (t, n.to_string())));
}

#[test]
fn a_task_nothing_created_is_marked_unknown() {
    let calls = [call(100, "execve", Some(0), None), call(555, "read", Some(0), None)];
    assert_eq!(task_names(&calls)[&555], "?555");
}

#[test]
fn two_runs_with_different_tids_compare_equal() {
    let run = |base: i32| {
        vec![
            call(base, "pipe2", Some(0), None),
            call(base, "clone", Some(i64::from(base + 1)), None),
            call(base + 1, "read", Some(5), None),
            call(base, "clone", Some(i64::from(base + 7)), None),
            call(base + 7, "write", Some(5), None),
            call(base, "wait4", Some(i64::from(base + 1)), None),
        ]
    };
    assert_eq!(per_process(&run(1000)), per_process(&run(52000)));
}

#[test]
fn a_restarted_call_counts_once_after_collapsing() {
    // fifo's parent waited for the reader while the writer exited: the
    // SIGCHLD interrupted its wait4, which the kernel restarted.
    let calls = parse_strace(FIFO_RESTART);
    assert_eq!(count(&per_process(&calls)["0"], "wait4"), 3);
    assert_eq!(count(&per_process(&collapse_restarts(&calls))["0"], "wait4"), 2);
}

#[test]
fn restart_syscall_takes_the_name_of_the_call_it_continues() {
    let calls = parse_strace(
        "7  clock_nanosleep(CLOCK_MONOTONIC, 0, {tv_sec=1, tv_nsec=0},  <unfinished ...>\n\
         7  <... clock_nanosleep resumed>{tv_sec=0, tv_nsec=99}) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)\n\
         7  --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=8, si_uid=0, si_status=0} ---\n\
         7  restart_syscall(<... resuming interrupted clock_nanosleep ...>) = 0\n",
    );
    assert_eq!(collapse_restarts(&calls), [call(7, "clock_nanosleep", Some(0), None)]);
}

#[test]
fn a_restart_reported_as_minus_one_with_its_errno_also_collapses() {
    let calls = [
        call(5, "wait4", Some(-1), Some("ERESTARTSYS")),
        call(5, "wait4", Some(6), None),
        call(5, "exit_group", None, None),
    ];
    assert_eq!(collapse_restarts(&calls), [call(5, "wait4", Some(6), None), call(5, "exit_group", None, None)]);
}

#[test]
fn a_call_that_returns_eintr_to_the_program_is_not_collapsed() {
    // rt_sigsuspend is interrupted for good: the handler runs, rt_sigreturn follows.
    let calls = parse_strace(SIGNALS);
    let root = &per_process(&collapse_restarts(&calls))["0"];
    assert_eq!(count(root, "rt_sigsuspend"), 3);
    assert_eq!(count(root, "pause"), 1);
}

#[test]
fn a_stopped_and_continued_child_keeps_its_calls_in_order() {
    let map = per_process(&parse_strace(STOPCONT));
    let child = &map["0.1"];
    let from = child.iter().position(|c| c == "tgkill").expect("the child's tgkill");
    assert_eq!(child[from..], ["tgkill", "read", "exit_group"]);
    assert_eq!(count(&map["0"], "wait4"), 3);
}
