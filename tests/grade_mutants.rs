//! The checks are not vacuous: each mutant in `tests/mutants` (a lab's
//! solution with one classic mistake: the lab's main.rs, or a module beside
//! it, with the edits of a `.mutant` file) is caught by the check named in its `// expect:` lines,
//! with the explanation quoted there. The mutants are
//! built together, as one generated package, and graded through `ipclab check
//! --program`, the same engine students and instructors use.

mod common;
mod grade_support;

use std::collections::BTreeMap;
use std::fs;

use common::english_sentence;
use grade_support::{Claim, Mutant, check_program, checks, mutant_executables, mutants, sysv_ids};

/// Mutants end within a second; the ones that hang are killed after this.
const TIMEOUT: f64 = 6.0;

/// Lab 10 ends with a handshake test that runs for up to 4 s (its `CAP`)
/// when the machine is too busy to reach its rounds sooner. Beside four
/// busy processes, the whole check of a lab 10 mutant that does not hang
/// took up to 4 s of the 6, so its mutants get longer before they are
/// taken for hung.
const LAB10_TIMEOUT: f64 = 12.0;

/// How long a mutant of `lab` may run before it is killed as hung.
fn timeout_for(lab: &str) -> f64 {
    if lab.starts_with("10_") { LAB10_TIMEOUT } else { TIMEOUT }
}

/// Grades mutant `lab/name` and checks each expectation of its file: the
/// checks that catch it (as mistakes, `// expect:`, or as not reached,
/// `// unreached:`), what a check says if it fails only in some runs
/// (`// if-fails:`), what no check says (`// never:`), why the run stopped
/// (`// stopped:`), and what `ipclab run` says and never says of it.
fn caught(lab: &str, name: &str) -> serde_json::Value {
    let all = mutants();
    let m: &Mutant =
        all.iter().find(|m| m.lab == lab && m.name == name).unwrap_or_else(|| panic!("no mutant {lab}/{name}"));
    assert!(!m.expects.is_empty(), "{lab}/{name}: no `// expect:` line");
    // A mistake only two CPUs at once can show (a store still in one CPU's
    // store buffer while the other loads) cannot be caught on one.
    let needs_two = fs::read_to_string(&m.spec).is_ok_and(|s| s.contains("\n// needs: two CPUs\n"));
    if needs_two && std::thread::available_parallelism().map_or(1, |n| n.get()) < 2 {
        eprintln!("{lab}/{name}: skipped: it needs two CPUs, and this machine gives the tests one");
        return serde_json::Value::Null;
    }
    let exe = &mutant_executables()[&m.bin()];
    let result = check_program(&lab[..2], exe, Some(timeout_for(lab)));
    let found = checks(&result);
    let reached = |check: &str| {
        result["tests"]
            .as_array()
            .and_then(|t| t.iter().find(|t| t["name"].as_str().is_some_and(|n| n.ends_with(&format!("/{check}")))))
            .map(|t| t["reached"] != false)
            .unwrap_or(true)
    };
    for (check, phrase) in &m.expects {
        let (passed, message) = found.get(check).unwrap_or_else(|| panic!("{lab}/{name}: no check {check}: {result}"));
        assert!(!passed, "{lab}/{name}: check {check} passed, but the mutant's mistake should fail it");
        assert!(
            reached(check),
            "{lab}/{name}: check {check} was not reached, but the mistake is in its part:\n{message}"
        );
        assert!(
            message.contains(phrase.as_str()),
            "{lab}/{name}: check {check} failed without saying {phrase:?}:\n{message}"
        );
    }
    let mut run: Option<String> = None;
    for claim in &m.claims {
        match claim {
            Claim::Unreached(check, phrase) => {
                let (passed, message) =
                    found.get(check).unwrap_or_else(|| panic!("{lab}/{name}: no check {check}: {result}"));
                assert!(!passed && !reached(check), "{lab}/{name}: check {check} should be not reached:\n{message}");
                assert!(message.starts_with("Not reached: "), "{lab}/{name}: {check}:\n{message}");
                assert!(message.contains(phrase.as_str()), "{lab}/{name}: {check} does not say {phrase:?}:\n{message}");
            }
            Claim::Never(check, phrase) => {
                for (c, (_, message)) in found.iter().filter(|(c, _)| check == "*" || *c == check) {
                    assert!(!message.contains(phrase.as_str()), "{lab}/{name}: {c} says {phrase:?}:\n{message}");
                }
            }
            Claim::IfFails(check, phrase) => {
                let (passed, message) =
                    found.get(check).unwrap_or_else(|| panic!("{lab}/{name}: no check {check}: {result}"));
                if !passed {
                    assert!(reached(check), "{lab}/{name}: check {check} was not reached:\n{message}");
                    assert!(
                        message.contains(phrase.as_str()),
                        "{lab}/{name}: {check} failed without saying {phrase:?}:\n{message}"
                    );
                }
            }
            Claim::Score(points) => {
                assert_eq!(result["score"].as_u64(), Some(*points), "{lab}/{name}: the score: {result}");
            }
            Claim::Stopped(phrase) => {
                let stopped = result["labs"][0]["stopped"].as_str().unwrap_or_default();
                assert!(stopped.contains(phrase.as_str()), "{lab}/{name}: the run stopped {stopped:?}, not {phrase:?}");
            }
            Claim::Run(phrase) => {
                let out = run.get_or_insert_with(|| run_program(&lab[..2], exe));
                assert!(out.contains(phrase.as_str()), "{lab}/{name}: ipclab run does not say {phrase:?}:\n{out}");
            }
            Claim::RunNever(phrase) => {
                let out = run.get_or_insert_with(|| run_program(&lab[..2], exe));
                assert!(!out.contains(phrase.as_str()), "{lab}/{name}: ipclab run says {phrase:?}:\n{out}");
            }
        }
    }
    if m.only {
        for (check, (passed, message)) in &found {
            let expected = m.expects.iter().any(|(c, _)| c == check);
            assert!(
                expected || *passed,
                "{lab}/{name}: only its expected checks should fail, but {check} did:\n{message}"
            );
        }
    }
    assert_ne!(result["status"], "pass");
    result
}

/// What `ipclab run LAB --program EXE` prints, standard error then output,
/// without colour; the lab is killed after [`TIMEOUT`]. RUST_BACKTRACE is
/// set, as on many developers' machines: a panic reads the same.
fn run_program(lab: &str, exe: &std::path::Path) -> String {
    let timeout = TIMEOUT.to_string();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ipclab"))
        .env("IPCLAB_LANG", "en")
        .args(["run", lab, "--color", "never", "--timeout", &timeout, "--program", exe.to_str().expect("UTF-8")])
        .env("RUST_BACKTRACE", "full")
        .output()
        .expect("ipclab runs");
    format!("{}{}", String::from_utf8_lossy(&out.stderr), String::from_utf8_lossy(&out.stdout))
}

macro_rules! mutant_tests {
    ($($test:ident => $lab:literal / $name:literal,)*) => {
        $(
            #[test]
            fn $test() {
                caught($lab, $name);
            }
        )*

        /// Every mutant file has a test above, so none is forgotten.
        #[test]
        fn every_mutant_file_is_tested() {
            let tested: Vec<String> = vec![$(format!("{}/{}", $lab, $name)),*];
            let files: Vec<String> = mutants().iter().map(|m| format!("{}/{}", m.lab, m.name)).collect();
            for f in &files {
                assert!(tested.contains(f), "tests/mutants/{f}.mutant has no test in tests/grade_mutants.rs");
            }
            assert_eq!(files.len(), tested.len(), "a test names a mutant that does not exist");
        }
    };
}

mutant_tests! {
    lab01_child_keeps_write_end_is_caught => "01_pipe" / "child_keeps_write_end",
    lab01_parent_keeps_write_end_is_caught => "01_pipe" / "parent_keeps_write_end",
    lab01_no_waitpid_is_caught => "01_pipe" / "no_waitpid",
    lab01_single_read_is_caught => "01_pipe" / "single_read",
    lab01_fork_bomb_is_caught => "01_pipe" / "fork_bomb",
    lab01_memory_hog_is_caught => "01_pipe" / "memory_hog",
    lab01_single_write_is_caught => "01_pipe" / "single_write",
    lab01_write_loop_restarts_is_caught => "01_pipe" / "write_loop_restarts",
    lab02_fifo_never_unlinked_is_caught => "02_fifo" / "fifo_never_unlinked",
    lab02_reader_opens_rdwr_is_caught => "02_fifo" / "reader_opens_rdwr",
    lab02_writer_opens_rdonly_is_caught => "02_fifo" / "writer_opens_rdonly",
    lab02_fifo_mode_0666_is_caught => "02_fifo" / "fifo_mode_0666",
    lab03_no_ipc_rmid_is_caught => "03_message_queue" / "no_ipc_rmid",
    lab03_server_receives_any_type_is_caught => "03_message_queue" / "server_receives_any_type",
    lab03_no_mq_unlink_is_caught => "03_message_queue" / "no_mq_unlink",
    lab03_no_eintr_retry_is_caught => "03_message_queue" / "no_eintr_retry",
    lab03_server_waits_for_wrong_type_is_caught => "03_message_queue" / "server_waits_for_wrong_type",
    lab03_server_replies_with_request_type_is_caught => "03_message_queue" / "server_replies_with_request_type",
    lab03_mq_receive_buffer_too_small_is_caught => "03_message_queue" / "mq_receive_buffer_too_small",
    lab03_mq_receive_unwrapped_is_caught => "03_message_queue" / "mq_receive_unwrapped",
    lab03_replies_printed_not_received_is_caught => "03_message_queue" / "replies_printed_not_received",
    lab04_no_shmctl_rmid_is_caught => "04_shared_memory" / "no_shmctl_rmid",
    lab04_no_shm_unlink_is_caught => "04_shared_memory" / "no_shm_unlink",
    lab04_mmap_before_ftruncate_is_caught => "04_shared_memory" / "mmap_before_ftruncate",
    lab04_child_never_detaches_is_caught => "04_shared_memory" / "child_never_detaches",
    lab04_parent_never_detaches_is_caught => "04_shared_memory" / "parent_never_detaches",
    lab04_parent_detaches_wrong_address_is_caught => "04_shared_memory" / "parent_detaches_wrong_address",
    lab04_child_never_meets_is_caught => "04_shared_memory" / "child_never_meets",
    lab05_no_semaphore_in_loop_is_caught => "05_semaphore" / "no_semaphore_in_loop",
    lab05_lock_outside_loop_is_caught => "05_semaphore" / "lock_outside_loop",
    lab05_unlock_before_lock_is_caught => "05_semaphore" / "unlock_before_lock",
    lab05_no_sem_undo_is_caught => "05_semaphore" / "no_sem_undo",
    lab05_no_semctl_rmid_is_caught => "05_semaphore" / "no_semctl_rmid",
    lab05_no_semop_retry_is_caught => "05_semaphore" / "no_semop_retry",
    lab05_no_unlock_retry_is_caught => "05_semaphore" / "no_unlock_retry",
    lab05_no_setval_is_caught => "05_semaphore" / "no_setval",
    lab05_atomic_outside_lock_is_caught => "05_semaphore" / "atomic_outside_lock",
    lab06_println_in_handler_is_caught => "06_signal" / "println_in_handler",
    lab06_no_reap_is_caught => "06_signal" / "no_reap",
    lab06_suspend_with_usr2_blocked_is_caught => "06_signal" / "suspend_with_usr2_blocked",
    lab07_socket_file_never_unlinked_is_caught => "07_socket" / "socket_file_never_unlinked",
    lab07_child_keeps_parent_end_is_caught => "07_socket" / "child_keeps_parent_end",
    lab07_one_write_is_caught => "07_socket" / "one_write",
    lab07_single_read_per_message_is_caught => "07_socket" / "single_read_per_message",
    lab08_poll_without_sleep_is_caught => "08_file" / "poll_without_sleep",
    lab08_lock_not_taken_is_caught => "08_file" / "lock_not_taken",
    lab09_ring_no_wait_when_full_is_caught => "09_compare" / "ring_no_wait_when_full",
    lab09_ring_receiver_spins_is_caught => "09_compare" / "ring_receiver_spins",
    lab09_ring_private_futex_is_caught => "09_compare" / "ring_private_futex",
    lab09_ring_never_wakes_is_caught => "09_compare" / "ring_never_wakes",
    lab09_file_busy_poll_is_caught => "09_compare" / "file_busy_poll",
    lab09_fifo_not_unlinked_is_caught => "09_compare" / "fifo_not_unlinked",
    lab10_no_wait_when_full_is_caught => "10_bounded_buffer" / "no_wait_when_full",
    lab10_one_semaphore_is_caught => "10_bounded_buffer" / "one_semaphore",
    lab10_pshared_zero_is_caught => "10_bounded_buffer" / "pshared_zero",
    lab10_consumer_spins_is_caught => "10_bounded_buffer" / "consumer_spins",
    lab10_wakes_every_time_is_caught => "10_bounded_buffer" / "wakes_every_time",
    lab10_never_wakes_is_caught => "10_bounded_buffer" / "never_wakes",
    lab10_looks_before_flag_is_caught => "10_bounded_buffer" / "looks_before_flag",
    lab10_relaxed_ordering_is_caught => "10_bounded_buffer" / "relaxed_ordering",
    lab10_init_semaphores_todo_is_caught => "10_bounded_buffer" / "init_semaphores_todo",
    lab10_put_with_semaphores_todo_is_caught => "10_bounded_buffer" / "put_with_semaphores_todo",
    lab10_take_with_semaphores_todo_is_caught => "10_bounded_buffer" / "take_with_semaphores_todo",
    lab10_put_with_futex_todo_is_caught => "10_bounded_buffer" / "put_with_futex_todo",
    lab10_take_with_futex_todo_is_caught => "10_bounded_buffer" / "take_with_futex_todo",
    lab10_about_to_sleep_todo_is_caught => "10_bounded_buffer" / "about_to_sleep_todo",
    lab10_may_be_asleep_todo_is_caught => "10_bounded_buffer" / "may_be_asleep_todo",
    lab11_blocking_fill_is_caught => "11_poll" / "blocking_fill",
    lab11_busy_poll_is_caught => "11_poll" / "busy_poll",
    lab11_record_in_pieces_is_caught => "11_poll" / "record_in_pieces",
    lab11_partial_write_ignored_is_caught => "11_poll" / "partial_write_ignored",
    lab11_reads_once_is_caught => "11_poll" / "reads_once",
    lab11_ignores_hangup_is_caught => "11_poll" / "ignores_hangup",
    lab11_sigchld_not_blocked_is_caught => "11_poll" / "sigchld_not_blocked",
    lab11_set_nonblocking_todo_is_caught => "11_poll" / "set_nonblocking_todo",
    lab11_fill_until_full_todo_is_caught => "11_poll" / "fill_until_full_todo",
    lab11_send_all_todo_is_caught => "11_poll" / "send_all_todo",
    lab11_sigchld_as_data_todo_is_caught => "11_poll" / "sigchld_as_data_todo",
    lab11_event_loop_todo_is_caught => "11_poll" / "event_loop_todo",
    lab11_drain_todo_is_caught => "11_poll" / "drain_todo",
    lab12_closes_before_sending_is_caught => "12_fd_passing" / "closes_before_sending",
    lab12_never_closes_sent_end_is_caught => "12_fd_passing" / "never_closes_sent_end",
    lab12_control_buffer_too_small_is_caught => "12_fd_passing" / "control_buffer_too_small",
    lab12_writes_server_number_is_caught => "12_fd_passing" / "writes_server_number",
    lab12_pipe_inherited_is_caught => "12_fd_passing" / "pipe_inherited",
    lab12_no_passcred_is_caught => "12_fd_passing" / "no_passcred",
    lab12_number_sent_as_data_is_caught => "12_fd_passing" / "number_sent_as_data",
    lab12_receiver_never_connects_is_caught => "12_fd_passing" / "receiver_never_connects",
    lab12_receiver_never_writes_is_caught => "12_fd_passing" / "receiver_never_writes",
    lab12_server_never_asks_peer_is_caught => "12_fd_passing" / "server_never_asks_peer",
    lab12_server_never_hands_over_is_caught => "12_fd_passing" / "server_never_hands_over",
    lab13_writer_starves_is_caught => "13_locks" / "writer_starves",
    lab13_readers_exclude_is_caught => "13_locks" / "readers_exclude",
    lab13_posix_log_lock_is_caught => "13_locks" / "posix_log_lock",
    lab13_flock_waits_is_caught => "13_locks" / "flock_waits",
    lab13_ignores_edeadlk_is_caught => "13_locks" / "ignores_edeadlk",
    lab13_retries_while_holding_is_caught => "13_locks" / "retries_while_holding",
    lab13_read_lock_todo_is_caught => "13_locks" / "read_lock_todo",
    lab13_take_second_todo_is_caught => "13_locks" / "take_second_todo",
    lab13_try_exclusive_todo_is_caught => "13_locks" / "try_exclusive_todo",
}

#[test]
fn every_lab_has_at_least_two_mutants() {
    let mut per_lab: BTreeMap<String, usize> = BTreeMap::new();
    for m in mutants() {
        *per_lab.entry(m.lab).or_default() += 1;
    }
    let labs = common::course_labs();
    assert!(labs.len() >= 13, "the labs are {labs:?}");
    for lab in &labs {
        assert!(per_lab.get(lab).copied().unwrap_or(0) >= 2, "lab {lab} has fewer than two mutants: {per_lab:?}");
    }
}

#[test]
fn a_queue_a_lab_leaks_is_removed_after_grading() {
    let result = caught("03_message_queue", "no_ipc_rmid");
    let cleaned = result["labs"][0]["cleaned"].as_array().expect("a list of removed objects");
    let queue = cleaned
        .iter()
        .filter_map(|c| c.as_str()?.strip_prefix("System V message queue "))
        .next()
        .unwrap_or_else(|| panic!("grading reports no removed queue: {result}"));
    let id: i64 = queue.parse().expect("a queue id");
    assert!(!sysv_ids("msg").contains(&id), "queue {id} is still in /proc/sysvipc/msg after grading");
}

#[test]
fn a_segment_a_lab_leaks_is_removed_after_grading() {
    let result = caught("04_shared_memory", "no_shmctl_rmid");
    let cleaned = result["labs"][0]["cleaned"].as_array().expect("a list of removed objects");
    let id: i64 = cleaned
        .iter()
        .filter_map(|c| c.as_str()?.strip_prefix("System V shared memory segment "))
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("grading reports no removed segment: {result}"));
    assert!(!sysv_ids("shm").contains(&id), "segment {id} is still in /proc/sysvipc/shm after grading");
}

#[test]
fn a_posix_shared_memory_object_a_lab_leaks_is_removed_after_grading() {
    let result = caught("04_shared_memory", "no_shm_unlink");
    let cleaned: Vec<&str> =
        result["labs"][0]["cleaned"].as_array().expect("a list").iter().filter_map(|c| c.as_str()).collect();
    let path = cleaned
        .iter()
        .find_map(|c| c.strip_prefix("POSIX shared memory object "))
        .unwrap_or_else(|| panic!("grading reports no removed object: {result}"));
    assert!(!std::path::Path::new(path).exists(), "{path} is still there after grading");
}

#[test]
fn a_mutant_applies_its_edits_and_refuses_text_the_lab_no_longer_has() {
    let lab = "fn main() {\n    a();\n    b();\n}\n";
    let spec = "// header\n@@ replace\n    b();\n@@ with\n    // MUTANT: no b\n@@ end\n";
    assert_eq!(
        grade_support::apply_mutant(lab, spec).unwrap(),
        "// header\nfn main() {\n    a();\n    // MUTANT: no b\n}\n"
    );
    let gone = grade_support::apply_mutant("fn main() {}\n", spec).unwrap_err();
    assert!(gone.contains("no longer has the text"), "{gone}");
    let twice = grade_support::apply_mutant("    b();\n    b();\n", spec).unwrap_err();
    assert!(twice.contains("occurs 2 times"), "{twice}");
}

#[test]
fn a_mutant_edits_main_rs_until_a_file_line_names_a_module() {
    let spec = "// header\n@@ replace\na\n@@ with\nA\n@@ end\n@@ file m/x.rs\n@@ replace\nb\n@@ with\nB\n@@ end\n";
    let (header, edits) = grade_support::split_by_file(spec).unwrap();
    assert_eq!(header, "// header\n");
    assert_eq!(
        edits,
        vec![
            ("main.rs".to_string(), "@@ replace\na\n@@ with\nA\n@@ end\n".to_string()),
            ("m/x.rs".to_string(), "@@ replace\nb\n@@ with\nB\n@@ end\n".to_string()),
        ]
    );
    assert_eq!(grade_support::apply_mutant("x\nb\n", &edits[1].1).unwrap(), "x\nB\n");
}

#[test]
fn after_a_failed_check_the_hint_is_for_the_first_check_that_failed_on_a_mistake() {
    let state = grade_support::work_dir("hint-after-check");
    let _ = std::fs::remove_dir_all(state.join("ipclab"));
    let exe = &mutant_executables()["m01_child_keeps_write_end"];
    let env = [("CARGO_TARGET_DIR", state.as_path())];
    let timeout = TIMEOUT.to_string();
    let args = ["check", "01", "--timeout", &timeout, "--program", exe.to_str().expect("UTF-8")];
    let checked = grade_support::ipclab(&args, &env);
    assert_eq!(checked.status.code(), Some(1));
    let hint = |extra: &[&str]| {
        let mut args = vec!["hint", "01"];
        args.extend(extra);
        String::from_utf8_lossy(&grade_support::ipclab(&args, &env).stdout).into_owned()
    };
    // `runs` has no hint of its own; the first mistake after it is
    // closes_unused_ends; reaps_child, not reached, comes after the mistakes.
    let first = hint(&["--reset"]);
    assert!(first.starts_with("Hint 1 of 6 for lab 01_pipe (for `closes_unused_ends`"), "{first}");
    let second = hint(&[]);
    assert!(second.starts_with("Hint 2 of 6 for lab 01_pipe (for `reader_sees_eof`"), "{second}");
    let third = hint(&[]);
    assert!(third.starts_with("Hint 4 of 6 for lab 01_pipe (for `reaps_child`"), "{third}");
    let _ = std::fs::remove_dir_all(state.join("ipclab"));
}

#[test]
fn run_says_once_on_a_terminal_that_a_quiet_lab_is_waiting_and_how_to_stop_it() {
    // The server waits for a type nobody sends: no call after its msgrcv.
    let exe = mutant_executables()["m03_server_waits_for_wrong_type"].to_str().expect("UTF-8").to_string();
    // Ctrl-C once the notice is out (it says to), not a deadline that a lab
    // slow to reach its msgrcv on a loaded machine could meet first; the
    // --timeout only bounds a run that never prints it.
    let notice = "no system call for 5 s: the lab is waiting";
    let (out, status) = grade_support::ipclab_on_terminal_interrupted(
        &["run", "03", "--timeout", "60", "--program", &exe],
        |out, _| out.contains(notice),
    );
    assert_eq!(status, Some(130), "{out}");
    assert_eq!(out.matches(notice).count(), 1, "the notice, once:\n{out}");
    assert!(out.contains("Ctrl-C stops it now (--timeout SECS sets the limit)"), "{out}");
    let report = out.find("where each thread was when SIGINT came");
    assert!(report.is_some() && out.find(notice) < report, "the notice comes before the hang report:\n{out}");
    // Not in JSON, even on a terminal: after 6 s without a line once the
    // server waits in msgrcv (the notice's 5 s were over), Ctrl-C.
    let (json, _) = grade_support::ipclab_on_terminal_interrupted(
        &["run", "03", "--json", "--timeout", "60", "--program", &exe],
        |out, quiet| out.contains("\"msgrcv\"") && quiet > std::time::Duration::from_secs(6),
    );
    assert!(json.contains("\"type\":\"hang\""), "the run was stuck when interrupted:\n{json}");
    assert!(!json.contains("no system call for"), "{json}");
}

#[test]
fn english_sentences_are_told_apart_from_calls_flags_and_trace_lines() {
    assert_eq!(english_sentence("the reader waits for data").as_deref(), Some("the reader waits"));
    assert_eq!(english_sentence("읽는 쪽이 read()가 0을 돌려줄 때까지 읽는 것"), None);
    assert_eq!(english_sentence("openat(AT_FDCWD, \"/tmp/a b c\", O_RDWR) = 3: 한 역할이"), None);
    assert_eq!(english_sentence("모드 0666: `reader PATH` 인자로 read write open"), Some("read write open".into()));
    let interrupted = "pid 7 msgsnd(5, {mtype=1}, 4, 0) = -1 EINTR (INJECTED: EINTR, the call did not run)";
    assert_eq!(english_sentence(&format!("트레이스에 나온 것: {interrupted}")), None);
    assert_eq!(english_sentence(&format!("{interrupted} and then it ran")), Some("and then it".into()));
}

/// `ipclab check` in Korean on a planted mistake: the report's every line a
/// student reads (each check's description, each finding's lines, the
/// frame) is Korean, with no sentence left in English. The calls the
/// findings quote (the indented lines under a finding) stay as the trace
/// prints them, and what the lab wrote itself (a panic message, an error
/// line) as it wrote it.
fn check_in_korean(lab: &str, name: &str) {
    let exe = &mutant_executables()[&format!("m{}_{name}", &lab[..2])];
    let timeout = TIMEOUT.to_string();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ipclab"))
        .args(["--lang", "ko", "check", &lab[..2], "--color", "never", "--timeout", &timeout])
        .args(["--program", exe.to_str().expect("UTF-8")])
        .env("NO_COLOR", "1")
        .output()
        .expect("ipclab runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{lab}/{name}:\n{report}");
    let mut failed = 0;
    for line in report.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        // A quoted call of the trace, under a finding.
        if line.starts_with("          ") {
            continue;
        }
        // A check's line: its mark, name and points, then the description.
        let text = match line.trim_start().split_once("  ") {
            Some((mark, rest)) if ["pass", "FAIL", "----"].contains(&mark) => {
                failed += usize::from(mark == "FAIL");
                rest.trim_start()
                    .split_once("  ")
                    .map_or(rest, |(_, r)| r.trim_start().split_once("  ").map_or(r, |(_, d)| d))
            }
            _ => line,
        };
        assert!(
            text.chars().any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c)),
            "{lab}/{name}: a line with no Korean: {line:?}\n{report}"
        );
        // What the lab itself wrote (its panic message, its error line)
        // follows "...습니다: " and is quoted as it came.
        let text = text.split_once("습니다: ").map_or(text, |(ours, _)| ours);
        if let Some(words) = english_sentence(text) {
            panic!("{lab}/{name}: English left in {line:?} ({words:?})\n{report}");
        }
    }
    assert!(failed > 0, "{lab}/{name}: no check failed:\n{report}");
}

#[test]
fn check_speaks_korean_on_planted_mistakes() {
    for (lab, name) in [
        ("01_pipe", "child_keeps_write_end"),
        ("01_pipe", "parent_keeps_write_end"),
        ("01_pipe", "single_write"),
        ("01_pipe", "single_read"),
        ("01_pipe", "no_waitpid"),
        ("03_message_queue", "no_eintr_retry"),
        ("03_message_queue", "server_waits_for_wrong_type"),
        ("03_message_queue", "no_ipc_rmid"),
        ("03_message_queue", "no_mq_unlink"),
        ("02_fifo", "reader_opens_rdwr"),
        ("02_fifo", "fifo_mode_0666"),
        ("02_fifo", "fifo_never_unlinked"),
        ("04_shared_memory", "no_shmctl_rmid"),
        ("04_shared_memory", "mmap_before_ftruncate"),
        ("04_shared_memory", "child_never_meets"),
        ("05_semaphore", "no_sem_undo"),
        ("05_semaphore", "no_semop_retry"),
        ("05_semaphore", "lock_outside_loop"),
        ("05_semaphore", "no_setval"),
        ("05_semaphore", "no_semctl_rmid"),
        ("05_semaphore", "atomic_outside_lock"),
        ("06_signal", "println_in_handler"),
        ("06_signal", "suspend_with_usr2_blocked"),
        ("06_signal", "no_reap"),
        ("07_socket", "child_keeps_parent_end"),
        ("07_socket", "one_write"),
        ("07_socket", "single_read_per_message"),
        ("07_socket", "socket_file_never_unlinked"),
        ("08_file", "lock_not_taken"),
        ("08_file", "poll_without_sleep"),
        ("09_compare", "ring_never_wakes"),
        ("09_compare", "ring_private_futex"),
        ("09_compare", "file_busy_poll"),
        ("10_bounded_buffer", "one_semaphore"),
        ("10_bounded_buffer", "pshared_zero"),
        ("10_bounded_buffer", "wakes_every_time"),
        ("10_bounded_buffer", "no_wait_when_full"),
        ("11_poll", "busy_poll"),
        ("11_poll", "record_in_pieces"),
        ("11_poll", "partial_write_ignored"),
        ("11_poll", "reads_once"),
        ("11_poll", "ignores_hangup"),
        ("11_poll", "sigchld_not_blocked"),
        ("12_fd_passing", "control_buffer_too_small"),
        ("12_fd_passing", "writes_server_number"),
        ("12_fd_passing", "pipe_inherited"),
        ("12_fd_passing", "never_closes_sent_end"),
        ("13_locks", "posix_log_lock"),
        ("13_locks", "retries_while_holding"),
        ("13_locks", "writer_starves"),
        ("13_locks", "flock_waits"),
        ("13_locks", "ignores_edeadlk"),
    ] {
        check_in_korean(lab, name);
    }
}

/// `ipclab run` in Korean on a planted mistake: every line ipclab writes
/// around the calls (the hang report's heading, each thread's head line,
/// its facts and likely mistake, the `kernel:` lines, the ledger, the
/// closing lines) speaks Korean, with no sentence left in English. The
/// call lines (`1203 read(3<pipe:[9]>, ...) = 23`, `+++ killed by SIGKILL
/// +++`) are the trace's syntax and stay as they are.
fn run_in_korean(lab: &str, name: &str, timeout: &str) -> String {
    let exe = &mutant_executables()[&format!("m{}_{name}", &lab[..2])];
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ipclab"))
        .args(["--lang", "ko", "run", &lab[..2], "--color", "never", "--timeout", timeout])
        .args(["--program", exe.to_str().expect("UTF-8")])
        .env("NO_COLOR", "1")
        .output()
        .expect("ipclab runs");
    let trace = String::from_utf8_lossy(&out.stderr).into_owned();
    let hangul = |s: &str| s.chars().any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c));
    let is_call = |l: &str| l.trim_start().starts_with(|c: char| c.is_ascii_digit());
    for line in trace.lines().filter(|l| !l.trim().is_empty() && !is_call(l)) {
        // The `kernel:` label and the object's name (`msg queue 5`) are
        // the trace's, as the call lines are.
        let text = line.trim_start();
        let kernel = text.strip_prefix("kernel: ");
        if let Some(words) = english_sentence(kernel.unwrap_or(text)) {
            panic!("{lab}/{name}: English left in {line:?} ({words:?})\n{trace}");
        }
        // A kernel line of numbers only (`sem set 5 (...): #0 = 1`) has
        // no word to translate; every other line explains something.
        if kernel.is_none() {
            assert!(hangul(text), "{lab}/{name}: a line with no Korean: {line:?}\n{trace}");
        }
    }
    trace
}

#[test]
fn run_speaks_korean_on_a_hang_and_a_leak() {
    let timeout = TIMEOUT.to_string();
    let pipe = run_in_korean("01_pipe", "child_keeps_write_end", &timeout);
    assert!(pipe.contains("시간이 다 되었습니다"), "no hang report:\n{pipe}");
    assert!(pipe.contains("안이 비어 있습니다") && pipe.contains("쓰기 끝을 쥔 프로세스: pid "), "{pipe}");
    assert!(pipe.contains("(비고 나면 읽는 쪽은 EOF를 받습니다)") || pipe.contains("쓰기 끝: "), "{pipe}");
    let queue = run_in_korean("03_message_queue", "server_waits_for_wrong_type", &timeout);
    assert!(queue.contains("큐에 메시지 2개"), "the queue's fact:\n{queue}");
    assert!(queue.contains("짐작되는 실수: 타입 2인 메시지가 큐에 없습니다"), "{queue}");
    let leak = run_in_korean("03_message_queue", "no_ipc_rmid", &timeout);
    assert!(leak.contains("LEAKED(누수)") && leak.contains("ledger: 객체 "), "the ledger's leak:\n{leak}");
}
