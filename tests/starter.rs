//! `ipclab starter` makes a handout that builds without warnings and on
//! which every check of every lab fails, while they all pass on the
//! reference (tests/labs.rs); the handout's own `cargo test` fails one test
//! per unsolved lab and passes a lab once it is solved. The handout is built
//! under `target/`, with its own target directory.

mod grade_support;

use std::fs;
use std::io::BufRead;
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Mutex, MutexGuard, OnceLock};

use grade_support::{checks, ipclab, parse, root, work_dir};

/// The handout, written once, and its target directory.
fn handout() -> &'static (PathBuf, PathBuf, String) {
    static MADE: OnceLock<(PathBuf, PathBuf, String)> = OnceLock::new();
    MADE.get_or_init(|| {
        let dir = work_dir("starter");
        let out = dir.join("handout");
        let _ = fs::remove_dir_all(&out);
        let made = ipclab(&["starter", "--out", out.to_str().expect("UTF-8")], &[]);
        assert!(made.status.success(), "ipclab starter failed: {}", String::from_utf8_lossy(&made.stderr));
        (out, dir.join("target"), String::from_utf8_lossy(&made.stdout).into_owned())
    })
}

/// Held by a test while it reads the handout's lab sources or builds them:
/// one test puts a solved lab in for a while.
fn labs_lock() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The warnings and errors of building every binary of the handout.
fn build_messages() -> &'static Vec<String> {
    static BUILT: OnceLock<Vec<String>> = OnceLock::new();
    BUILT.get_or_init(|| {
        let (out, target, _) = handout();
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let built = Command::new(cargo)
            .current_dir(out)
            .args(["build", "--offline", "--bins", "--message-format=json"])
            .env("CARGO_TARGET_DIR", target)
            .output()
            .expect("cargo runs");
        assert!(built.status.success(), "the handout does not build:\n{}", String::from_utf8_lossy(&built.stderr));
        built
            .stdout
            .lines()
            .map_while(Result::ok)
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(&l).ok())
            .filter(|m| m["reason"] == "compiler-message")
            .map(|m| m["message"]["rendered"].as_str().unwrap_or_default().to_string())
            .collect()
    })
}

/// The `.rs` files of a lab, main.rs and the modules beside it, relative to its folder.
fn lab_sources(folder: &std::path::Path, sub: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(folder.join(sub)).expect("a lab folder").filter_map(Result::ok) {
        let relative = sub.join(entry.file_name());
        if entry.path().is_dir() {
            out.extend(lab_sources(folder, &relative));
        } else if relative.extension().is_some_and(|e| e == "rs") {
            out.push(relative);
        }
    }
    out
}

#[test]
fn the_starter_replaces_every_solution_region() {
    let _labs = labs_lock();
    let (out, _, said) = handout();
    let (mut regions, mut labs) = (0, 0);
    for entry in fs::read_dir(root().join("labs")).expect("labs").filter_map(Result::ok) {
        let lab = entry.file_name();
        if !entry.path().join("main.rs").is_file() {
            continue;
        }
        labs += 1;
        let mut lab_regions = 0;
        for relative in lab_sources(&entry.path(), std::path::Path::new("")) {
            let reference = fs::read_to_string(entry.path().join(&relative)).expect("a lab source");
            let starter =
                fs::read_to_string(out.join("labs").join(&lab).join(&relative)).expect("the lab in the handout");
            let here = reference.matches("// BEGIN SOLUTION:").count();
            lab_regions += here;
            assert!(!starter.contains("SOLUTION"), "{lab:?}/{}: a marker is left in the handout", relative.display());
            assert_eq!(
                starter.matches("todo!(\"").count(),
                here + reference.matches("todo!(\"").count(),
                "{lab:?}/{}",
                relative.display()
            );
            if here > 0 {
                assert!(
                    starter.contains("#![allow(unused_imports, unused_variables, dead_code)]"),
                    "{lab:?}/{}",
                    relative.display()
                );
                assert!(!starter.contains("#![allow(unused)]"), "{lab:?}/{}: a blanket allow", relative.display());
            }
        }
        assert!(lab_regions > 0, "{lab:?} has no solution region");
        regions += lab_regions;
    }
    assert!(regions > 0);
    assert!(said.contains(&format!("{regions} solution regions in {labs} labs")), "{said}");
}

#[test]
fn the_starter_leaves_out_the_graders_mutants() {
    let (out, _, _) = handout();
    assert!(!out.join("tests").join("mutants").exists());
    assert!(out.join("src").join("main.rs").is_file());
}

#[test]
fn the_starter_builds_without_warnings() {
    let _labs = labs_lock();
    let messages = build_messages();
    assert!(messages.is_empty(), "the handout builds with {} warning(s):\n{}", messages.len(), messages.join("\n"));
}

#[test]
fn every_check_of_every_lab_fails_on_the_starter() {
    let _labs = labs_lock();
    build_messages();
    let (out, target, _) = handout();
    let graded = ipclab(
        &grade_support::grade_args(&["--json"]),
        &[("IPCLAB_ROOT", out.as_path()), ("CARGO_TARGET_DIR", target.as_path())],
    );
    let result = parse(&graded);
    let labs = fs::read_dir(root().join("labs"))
        .expect("labs")
        .filter_map(Result::ok)
        .filter(|e| e.path().join("main.rs").is_file())
        .count();
    assert_eq!(result["labs"].as_array().map(Vec::len), Some(labs), "{result}");
    let passed: Vec<String> = checks(&result).into_iter().filter(|(_, (p, _))| *p).map(|(n, _)| n).collect();
    let names: Vec<&str> =
        result["tests"].as_array().expect("tests").iter().filter_map(|t| t["name"].as_str()).collect();
    assert!(passed.is_empty(), "checks that pass on the starter: {passed:?}");
    assert!(names.len() >= 45, "{names:?}");
    assert_eq!(result["score"], 0);
    for lab in result["labs"].as_array().expect("labs") {
        assert_eq!(lab["status"], "fail", "the starter's labs build and run, and fail: {lab}");
    }
}

/// `cargo test --offline --test labs ARGS` in the handout: whether it passed, and what it printed.
fn handout_lab_tests(args: &[&str]) -> (bool, String) {
    let (out, target, _) = handout();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let ran = Command::new(cargo)
        .current_dir(out)
        .args(["test", "--offline", "--test", "labs"])
        .args(args)
        .env("CARGO_TARGET_DIR", target)
        .env("NO_COLOR", "1")
        .output()
        .expect("cargo runs");
    let text = format!("{}{}", String::from_utf8_lossy(&ran.stdout), String::from_utf8_lossy(&ran.stderr));
    (ran.status.success(), text)
}

/// Puts the reference's lab 01 into the handout, and the handout's back when dropped.
struct Solved {
    path: PathBuf,
    handout: String,
}

impl Solved {
    fn lab01() -> Solved {
        let (out, _, _) = handout();
        let path = out.join("labs").join("01_pipe").join("main.rs");
        let handout = fs::read_to_string(&path).expect("the handout's lab 01");
        fs::copy(root().join("labs").join("01_pipe").join("main.rs"), &path).expect("solve lab 01");
        Solved { path, handout }
    }
}

impl Drop for Solved {
    fn drop(&mut self) {
        let _ = fs::write(&self.path, &self.handout);
    }
}

#[test]
fn the_handouts_cargo_test_fails_each_unsolved_lab_and_passes_a_solved_one() {
    let _labs = labs_lock();
    build_messages();
    let (passed, text) = handout_lab_tests(&[]);
    assert!(!passed, "cargo test passes on the handout, where no lab is solved:\n{text}");
    let labs: Vec<String> = fs::read_dir(root().join("labs"))
        .expect("labs")
        .filter_map(Result::ok)
        .filter(|e| e.path().join("main.rs").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(labs.len() >= 9, "{labs:?}");
    for lab in &labs {
        let test = format!("lab{lab}");
        assert!(text.contains(&format!("test {test} ... FAILED")), "{test} does not fail:\n{text}");
        // Each failure is the lab's report, as `ipclab check` prints it.
        let section =
            text.split(&format!("---- {test} stdout ----")).nth(1).unwrap_or_else(|| panic!("{test}: {text}"));
        let section = section.split("\n---- ").next().unwrap_or_default();
        assert!(section.contains(&format!("({lab})\n")), "{test}: no report of {lab}:\n{section}");
        assert!(section.contains("  FAIL  runs "), "{test}: the report's checks:\n{section}");
        assert!(section.contains("not yet implemented"), "{test}: the todo!() it stopped at:\n{section}");
        assert!(section.contains("Score: 0/10"), "{test}:\n{section}");
    }
    assert!(text.contains(&format!("test result: FAILED. 0 passed; {} failed", labs.len())), "{text}");

    let solved = Solved::lab01();
    let (passed, text) = handout_lab_tests(&["lab01_pipe"]);
    drop(solved);
    assert!(passed, "the handout's lab 01, solved, still fails its test:\n{text}");
    assert!(text.contains("test lab01_pipe ... ok"), "{text}");
}
