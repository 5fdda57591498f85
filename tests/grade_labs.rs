//! The reference solution of every lab passes every check of its grader:
//! each lab is traced once by `ipclab check --program` and every check is
//! reported when one fails.

mod grade_support;

use std::path::Path;

use grade_support::{assert_all_pass, check_program, checks};

fn passes_every_check(lab: &str, program: &str) {
    let result = check_program(lab, Path::new(program), None);
    assert_all_pass(lab, &result);
    assert!(checks(&result).len() >= 5, "lab {lab} has at least five checks: {result}");
}

#[test]
fn lab01_pipe_passes_every_check() {
    passes_every_check("01", env!("CARGO_BIN_EXE_lab01_pipe"));
}

#[test]
fn lab02_fifo_passes_every_check() {
    passes_every_check("02", env!("CARGO_BIN_EXE_lab02_fifo"));
}

#[test]
fn lab03_message_queue_passes_every_check() {
    passes_every_check("03", env!("CARGO_BIN_EXE_lab03_message_queue"));
}

#[test]
fn lab04_shared_memory_passes_every_check() {
    passes_every_check("04", env!("CARGO_BIN_EXE_lab04_shared_memory"));
}

#[test]
fn lab05_semaphore_passes_every_check() {
    passes_every_check("05", env!("CARGO_BIN_EXE_lab05_semaphore"));
}

#[test]
fn lab06_signal_passes_every_check() {
    passes_every_check("06", env!("CARGO_BIN_EXE_lab06_signal"));
}

#[test]
fn lab07_socket_passes_every_check() {
    passes_every_check("07", env!("CARGO_BIN_EXE_lab07_socket"));
}

#[test]
fn lab08_file_passes_every_check() {
    passes_every_check("08", env!("CARGO_BIN_EXE_lab08_file"));
}

#[test]
fn lab09_compare_passes_every_check() {
    passes_every_check("09", env!("CARGO_BIN_EXE_lab09_compare"));
}

#[test]
fn lab10_bounded_buffer_passes_every_check() {
    passes_every_check("10", env!("CARGO_BIN_EXE_lab10_bounded_buffer"));
}

#[test]
fn lab11_poll_passes_every_check() {
    passes_every_check("11", env!("CARGO_BIN_EXE_lab11_poll"));
}

#[test]
fn lab12_fd_passing_passes_every_check() {
    passes_every_check("12", env!("CARGO_BIN_EXE_lab12_fd_passing"));
}

#[test]
fn lab13_locks_passes_every_check() {
    passes_every_check("13", env!("CARGO_BIN_EXE_lab13_locks"));
}
