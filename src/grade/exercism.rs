//! `ipclab grade --exercism SLUG INPUT_DIR OUTPUT_DIR`: ipclab as an
//! Exercism test runner. It grades the submission in INPUT_DIR as
//! `--submission` does and writes OUTPUT_DIR/results.json in version 3 of
//! the test-runner interface: one test per check, each with the `task_id`
//! of its lab (the lab's number); a top-level `status` of `pass`, `fail`,
//! or `error` with the compiler's message when nothing could be run; and
//! exit status 0 once the file is written, whatever the score.
//!
//! SLUG picks the labs: `ipclab` (or `all`) for every lab, else any name
//! of one lab (`04`, `shm`, `shared-memory`, `04_shared_memory`). The
//! submission is INPUT_DIR/labs/NN_name/main.rs; for a one-lab slug, a
//! lone INPUT_DIR/main.rs is taken as that lab's.

use std::path::Path;

use serde_json::{Value, json};

use super::labs::{self as specs, LabSpec};
use super::{Grading, LabResult};
use crate::exit::{Exit, Failure};
use crate::i18n::tr;

/// The most a message may hold (the interface allows 65535 characters).
const MAX_MESSAGE: usize = 65_000;

/// What `output` may hold, per test (the interface's limit).
const MAX_OUTPUT: usize = 500;

/// The labs SLUG names.
pub fn labs_of(slug: &str) -> Result<Vec<&'static LabSpec>, Failure> {
    if ["ipclab", "all"].contains(&slug) {
        return Ok(specs::LABS.to_vec());
    }
    let root = crate::labs::project_root();
    let catalog = crate::labs::catalog(&root)?;
    let lab = crate::labs::find(&catalog, slug)?;
    specs::spec(&lab.dir).map(|s| vec![s]).ok_or_else(|| Failure::usage(tr!("err-no-checks-short", lab = &lab.dir)))
}

fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// The results.json document of `results`.
pub fn results_json(results: &[LabResult]) -> Value {
    let mut tests = Vec::new();
    for r in results {
        let task = r.lab.get(..2).and_then(|n| n.parse::<u32>().ok());
        for c in &r.checks {
            let status = match (c.passed, r.error.is_some()) {
                (true, _) => "pass",
                (false, true) => "error",
                (false, false) => "fail",
            };
            let mut t = json!({
                "name": format!("{}/{}", r.lab, c.name),
                "status": status,
                "test_code": c.description,
                "task_id": task,
            });
            if !c.passed {
                t["message"] = json!(cut(c.message.as_deref().unwrap_or("failed"), MAX_MESSAGE));
            }
            if !r.cleaned.is_empty() {
                t["output"] = json!(cut(&tr!("exercism-cleaned", objects = r.cleaned.join(", ")), MAX_OUTPUT));
            }
            tests.push(t);
        }
    }
    let errored: Vec<&LabResult> = results.iter().filter(|r| r.error.is_some()).collect();
    if results.is_empty() || errored.len() == results.len() {
        let message: Vec<&str> = errored.iter().filter_map(|r| r.error.as_deref()).collect();
        let message = if message.is_empty() { tr!("exercism-nothing") } else { message.join("\n\n") };
        return json!({ "version": 3, "status": "error", "message": cut(&message, MAX_MESSAGE), "tests": tests });
    }
    let status = if results.iter().all(LabResult::passed) { "pass" } else { "fail" };
    json!({ "version": 3, "status": status, "message": null, "tests": tests })
}

/// Runs the test runner; writes OUTPUT_DIR/results.json.
pub fn run(slug: &str, input: &Path, output: &Path, grading: &Grading) -> Result<Exit, Failure> {
    let labs = labs_of(slug)?;
    if !input.is_dir() {
        return Err(Failure::usage(tr!("err-exercism-no-input", dir = input.display().to_string())));
    }
    std::fs::create_dir_all(output).map_err(|e| {
        Failure::failed(tr!("err-create-output-dir", dir = output.display().to_string(), error = e.to_string()))
    })?;
    let write = |doc: &Value| {
        let path = output.join("results.json");
        std::fs::write(&path, format!("{doc}\n")).map_err(|e| {
            Failure::failed(tr!("err-write-file", path = path.display().to_string(), error = e.to_string()))
        })
    };
    let root = crate::labs::project_root();
    let graded = match one_file_submission(input, &labs) {
        Some(dir) => super::submission::grade_labs(&root, dir.path(), &labs, grading),
        None => super::submission::grade_labs(&root, input, &labs, grading),
    };
    match graded {
        Ok(results) => {
            write(&results_json(&results))?;
            Ok(Exit::Success)
        }
        // No result can be trusted: say so in the file, and fail visibly.
        Err(f) => {
            write(&json!({ "version": 3, "status": "error", "message": f.message, "tests": [] }))?;
            Err(f)
        }
    }
}

/// For a one-lab slug and a lone INPUT_DIR/main.rs (a regular file), a
/// temporary submission holding it as that lab's main.rs.
fn one_file_submission(input: &Path, labs: &[&LabSpec]) -> Option<TempSubmission> {
    let [spec] = labs else { return None };
    let file = input.join("main.rs");
    if input.join("labs").exists() || !std::fs::symlink_metadata(&file).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let dir = std::env::temp_dir().join(format!("ipclab-grade-{}-x", std::process::id()));
    let lab = dir.join("labs").join(spec.dir());
    std::fs::create_dir_all(&lab).ok()?;
    std::fs::copy(&file, lab.join("main.rs")).ok()?;
    Some(TempSubmission(dir))
}

struct TempSubmission(std::path::PathBuf);

impl TempSubmission {
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempSubmission {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_lab_that_does_not_compile_alone_is_an_error_with_the_compiler_s_message() {
        let spec = specs::spec("04_shared_memory").unwrap();
        let r =
            LabResult::unrunnable(spec, "lab 04_shared_memory does not compile:\nerror[E0308]".into(), Duration::ZERO);
        let v = results_json(&[r]);
        assert_eq!(v["version"], 3);
        assert_eq!(v["status"], "error");
        assert!(v["message"].as_str().unwrap().contains("error[E0308]"), "{v}");
        assert_eq!(v["tests"][0]["task_id"], 4);
        assert_eq!(v["tests"][0]["status"], "error");
    }

    #[test]
    fn a_passing_check_has_no_message_and_a_failing_one_has() {
        let spec = specs::spec("01_pipe").unwrap();
        let mut r = LabResult::unrunnable(spec, "x".into(), Duration::ZERO);
        r.error = None;
        r.checks[0].passed = true;
        r.checks[1].message = Some("Expected one pipe.".into());
        let v = results_json(&[r]);
        assert_eq!(v["status"], "fail");
        assert_eq!(v["message"], Value::Null);
        assert!(v["tests"][0].get("message").is_none(), "{v}");
        assert_eq!(v["tests"][1]["message"], "Expected one pipe.");
        assert_eq!(v["tests"][1]["task_id"], 1);
    }
}
