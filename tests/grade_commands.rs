//! The grading commands as an instructor runs them on a submission:
//! `ipclab check`, `ipclab grade --json` and `ipclab list` on a project whose
//! lab 01 does not compile and whose lab 02 is the reference solution, and
//! `ipclab starter` refusing to overwrite a directory.

mod common;
mod grade_support;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use grade_support::{PackageLab, checks, ipclab, parse, root, shared_target, work_dir, write_package};

/// A submission: lab 01 broken, lab 02 as the reference has it.
fn submission() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = work_dir("submission").join("project");
        let broken = fs::read_to_string(root().join("labs/01_pipe/main.rs"))
            .expect("lab 01")
            .replace("close(end).context(\"close\")?;", "close(end_of_pipe).context(\"close\")?;");
        let fifo = fs::read_to_string(root().join("labs/02_fifo/main.rs")).expect("lab 02");
        write_package(
            &dir,
            &[
                PackageLab { folder: "01_pipe".into(), bin: "lab01_pipe".into(), source: broken },
                PackageLab { folder: "02_fifo".into(), bin: "lab02_fifo".into(), source: fifo },
            ],
        );
        for lab in ["01_pipe", "02_fifo"] {
            fs::copy(root().join("labs").join(lab).join("README.md"), dir.join("labs").join(lab).join("README.md"))
                .expect("copy a lesson");
        }
        dir
    })
}

fn in_submission(args: &[&str]) -> std::process::Output {
    let target = shared_target();
    ipclab(args, &[("IPCLAB_ROOT", submission().as_path()), ("CARGO_TARGET_DIR", target.as_path())])
}

#[test]
fn a_lab_that_does_not_compile_fails_every_check_with_the_compiler_error() {
    let out = in_submission(&["check", "01", "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let result = parse(&out);
    let all = checks(&result);
    assert!(all.len() >= 5);
    for (name, (passed, message)) in &all {
        assert!(!passed, "check {name} passed on a lab that does not compile");
        assert!(message.contains("does not compile") && message.contains("error[E0425]"), "{name}: {message}");
    }
    assert_eq!(result["tests"][0]["status"], "error");
}

#[test]
fn grade_json_scores_every_check_of_every_lab() {
    let out = in_submission(&grade_support::grade_args(&["--json"]));
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let result = parse(&out);
    assert_eq!(result["version"], 1);
    assert_eq!(result["status"], "fail");
    assert_eq!(result["score"], 10);
    assert_eq!(result["max_score"], 20);
    let tests = result["tests"].as_array().expect("tests");
    assert!(tests.iter().any(|t| t["name"] == "02_fifo/fifo_removed" && t["status"] == "pass" && t["score"] == 2));
    assert!(tests.iter().any(|t| t["name"] == "01_pipe/reader_sees_eof" && t["status"] == "error" && t["score"] == 0));
    for t in tests {
        for key in ["name", "status", "score", "max_score", "message"] {
            assert!(t.get(key).is_some(), "test without {key}: {t}");
        }
    }
    assert_eq!(result["labs"][1]["lab"], "02_fifo");
    assert_eq!(result["labs"][1]["status"], "pass");
}

#[test]
fn list_shows_which_labs_pass() {
    let out = in_submission(&["list"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let line = |lab: &str| {
        text.lines().find(|l| l.starts_with(lab)).unwrap_or_else(|| panic!("no line for {lab}:\n{text}")).to_string()
    };
    assert!(line("01_pipe").ends_with("does not build or run"), "{text}");
    assert!(line("02_fifo").ends_with("passes 10/10"), "{text}");
}

/// ipclab `args` in a sandbox where ptrace(2) fails with EPERM.
fn without_ptrace(args: &[&str], env: &[(&str, &Path)]) -> std::process::Output {
    let mut cmd = std::process::Command::new(common::deny_ptrace());
    cmd.arg(libc::EPERM.to_string()).arg(env!("CARGO_BIN_EXE_ipclab")).args(args).env("NO_COLOR", "1");
    cmd.env("IPCLAB_LANG", "en");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("deny_ptrace runs")
}

#[test]
fn where_ptrace_is_refused_grading_stops_with_one_line_and_no_scores() {
    let lab = env!("CARGO_BIN_EXE_lab01_pipe");
    let target = shared_target();
    let env = [("IPCLAB_ROOT", submission().as_path()), ("CARGO_TARGET_DIR", target.as_path())];
    // check with a program; grade of the submission (lab 01 does not build:
    // that is its score; lab 02 builds, and tracing it is refused).
    let grade = grade_support::grade_args(&["--json"]);
    for (args, env) in [(&["check", "01", "--json", "--program", lab][..], &[][..]), (&grade[..], &env)] {
        let out = without_ptrace(args, env);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}: no scores to record: {}", String::from_utf8_lossy(&out.stdout));
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("ipclab: cannot grade on this machine: cannot trace: a seccomp profile"), "{err}");
    }
    // The list of labs is still shown, without pass status.
    let out = without_ptrace(&["list"], &env);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("cannot grade on this machine") && err.contains("no pass status"), "{err}");
    let text = String::from_utf8_lossy(&out.stdout);
    for lab in ["01_pipe", "02_fifo"] {
        let line = text.lines().find(|l| l.starts_with(lab)).unwrap_or_else(|| panic!("no line for {lab}:\n{text}"));
        assert!(line.trim_end().ends_with('-'), "{line}");
    }
}

#[test]
fn check_exits_zero_when_every_check_passes() {
    let out = ipclab(&["check", "01", "--program", env!("CARGO_BIN_EXE_lab01_pipe")], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Score: 10/10"));
}

#[test]
fn starter_refuses_a_directory_that_is_not_empty() {
    let dir = work_dir("starter-refuses");
    fs::write(dir.join("keep.txt"), "a student's work").expect("write a file");
    let out = ipclab(&["starter", "--out", dir.to_str().expect("UTF-8")], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("ipclab: ") && err.contains("not an empty directory"), "{err}");
    assert_eq!(fs::read_to_string(dir.join("keep.txt")).expect("still there"), "a student's work");
    assert!(!Path::new(&dir).join("labs").exists());
}

#[test]
fn a_lesson_is_rendered_through_a_pager_on_a_terminal_and_plain_when_piped() {
    let piped = ipclab(&["lesson", "01"], &[]);
    let plain = String::from_utf8_lossy(&piped.stdout);
    assert!(plain.starts_with("# Lab 01"), "piped, the lesson is its Markdown:\n{plain}");
    assert!(!plain.contains("<!--"), "the excerpt markers are left out");
    // A pager that prints what it is given, as less does on one screen.
    let (paged, status) = grade_support::ipclab_on_terminal_with(&["lesson", "01"], &[("PAGER", "cat -A")]);
    assert_eq!(status, Some(0));
    assert!(paged.contains("$\n"), "the text went through the pager (cat -A marks line ends):\n{paged}");
    assert!(paged.contains("Lab 01: a pipe between parent and child"), "{paged}");
    assert!(!paged.contains("# Lab 01") && !paged.contains("|---|"), "rendered, not raw Markdown:\n{paged}");
    // No pager to run: straight to the terminal.
    let (direct, status) =
        grade_support::ipclab_on_terminal_with(&["lesson", "01"], &[("PAGER", "/nonexistent/pager")]);
    assert_eq!(status, Some(0));
    assert!(direct.contains("Lab 01: a pipe between parent and child") && !direct.contains("# Lab 01"), "{direct}");
}
