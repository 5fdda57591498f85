//! The graders of every lab, one test per lab: each runs `ipclab check` on
//! the lab as this project builds it, and fails with that lab's report as
//! `ipclab check` prints it (every failed check, what it expected, what the
//! trace shows and the likely mistake).
//!
//! In the reference project every lab passes. In the student handout
//! (`ipclab starter`) every lab fails until its `todo!()`s are written, and
//! `cargo test` goes green lab by lab as they are solved; `cargo test --test
//! labs lab03` runs one lab's test.

use std::process::Command;
use std::sync::Once;

/// A failed lab's test shows its report and nothing else: no backtrace of
/// this file, whatever RUST_BACKTRACE says (the report says where the lab
/// went wrong).
fn report_only() {
    static QUIET: Once = Once::new();
    QUIET.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let message = info
                .payload()
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| info.payload().downcast_ref::<&str>().copied())
                .unwrap_or("the lab's test failed");
            eprintln!("{message}");
        }))
    });
}

/// `ipclab check LAB --program PROGRAM`: passes when every check passes,
/// else fails with the report.
fn check(lab: &str, program: &str) {
    report_only();
    let out = Command::new(env!("CARGO_BIN_EXE_ipclab"))
        .env("IPCLAB_LANG", "en")
        .args(["check", lab, "--program", program, "--color", "never"])
        .output()
        .expect("ipclab runs");
    if out.status.success() {
        return;
    }
    let report = String::from_utf8_lossy(&out.stdout);
    let error = String::from_utf8_lossy(&out.stderr);
    panic!(
        "lab {lab} does not pass its checks yet (`ipclab check {lab}` prints this; `ipclab hint {lab}` gives a hint for the first one failed):\n\n{report}{error}"
    );
}

#[test]
fn lab01_pipe() {
    check("01", env!("CARGO_BIN_EXE_lab01_pipe"));
}

#[test]
fn lab02_fifo() {
    check("02", env!("CARGO_BIN_EXE_lab02_fifo"));
}

#[test]
fn lab03_message_queue() {
    check("03", env!("CARGO_BIN_EXE_lab03_message_queue"));
}

#[test]
fn lab04_shared_memory() {
    check("04", env!("CARGO_BIN_EXE_lab04_shared_memory"));
}

#[test]
fn lab05_semaphore() {
    check("05", env!("CARGO_BIN_EXE_lab05_semaphore"));
}

#[test]
fn lab06_signal() {
    check("06", env!("CARGO_BIN_EXE_lab06_signal"));
}

#[test]
fn lab07_socket() {
    check("07", env!("CARGO_BIN_EXE_lab07_socket"));
}

#[test]
fn lab08_file() {
    check("08", env!("CARGO_BIN_EXE_lab08_file"));
}

#[test]
fn lab09_compare() {
    check("09", env!("CARGO_BIN_EXE_lab09_compare"));
}

#[test]
fn lab10_bounded_buffer() {
    check("10", env!("CARGO_BIN_EXE_lab10_bounded_buffer"));
}

#[test]
fn lab11_poll() {
    check("11", env!("CARGO_BIN_EXE_lab11_poll"));
}

#[test]
fn lab12_fd_passing() {
    check("12", env!("CARGO_BIN_EXE_lab12_fd_passing"));
}

#[test]
fn lab13_locks() {
    check("13", env!("CARGO_BIN_EXE_lab13_locks"));
}
