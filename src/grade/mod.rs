//! Grading: each lab has named checks with points, judged on the recorded
//! events of one traced run of the lab (never on printed trace text).
//!
//! - [`record`] runs a lab under the tracer within grading's limits and
//!   keeps its events, output and, if it had to be killed, a hang report;
//! - [`model`] organises the events: processes, calls, descriptors, the
//!   kernel objects created and removed, calls made in signal handlers;
//! - [`check`] is what a check is and says, and the checks all labs share;
//! - [`labs`] holds the checks of every lab;
//! - [`cleanup`] removes what a graded lab leaked;
//! - [`report`] prints results for students (`check`), instructors
//!   (`grade`) and autograders (`--json`);
//! - [`starter`] makes the student handout;
//! - [`commands`] are the `check`, `grade`, `starter` and `list` commands.

pub mod check;
pub mod cleanup;
pub mod commands;
pub mod labs;
pub mod model;
pub mod quote;
pub mod record;
pub mod report;
pub mod starter;

use std::ffi::OsString;
use std::path::Path;
use std::time::{Duration, Instant};

pub use check::Finding;
pub use labs::LabSpec;
pub use model::Trace;
pub use record::Limits;

use crate::exit::{Exit, Failure};

/// The result of one check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckResult {
    pub name: &'static str,
    pub description: &'static str,
    pub points: u32,
    pub passed: bool,
    /// Why it failed.
    pub message: Option<String>,
}

/// The result of grading one lab.
#[derive(Debug, Clone)]
pub struct LabResult {
    /// The lab's folder name, e.g. `01_pipe`.
    pub lab: String,
    pub checks: Vec<CheckResult>,
    /// Set when the lab could not be built or run at all: every check failed for it.
    pub error: Option<String>,
    /// What grading removed after the run (objects the lab leaked).
    pub cleaned: Vec<String>,
    pub elapsed: Duration,
}

impl LabResult {
    pub fn score(&self) -> u32 {
        self.checks.iter().filter(|c| c.passed).map(|c| c.points).sum()
    }

    pub fn max_score(&self) -> u32 {
        self.checks.iter().map(|c| c.points).sum()
    }

    pub fn passed(&self) -> bool {
        self.error.is_none() && self.checks.iter().all(|c| c.passed)
    }

    /// Every check failed for one reason (the lab did not build or start).
    pub fn unrunnable(spec: &LabSpec, reason: String, elapsed: Duration) -> LabResult {
        let checks = spec
            .checks
            .iter()
            .map(|c| CheckResult {
                name: c.name,
                description: c.description,
                points: c.points,
                passed: false,
                message: Some(reason.clone()),
            })
            .collect();
        LabResult { lab: spec.dir().to_string(), checks, error: Some(reason), cleaned: Vec::new(), elapsed }
    }
}

/// Runs `program` as lab `spec` under the tracer within `limits`, judges
/// every check on the recorded run, then removes what the lab leaked.
///
/// A machine that does not let ipclab trace is an error of the grading, not
/// a score of the lab: grading stops there ([`Exit::CannotTrace`], as
/// `ipclab trace` has), so that an autograder does not record zero for every student.
pub fn grade_program(spec: &LabSpec, program: &Path, limits: Limits) -> Result<LabResult, Failure> {
    let start = Instant::now();
    let dir = match record::RunDir::create() {
        Ok(d) => d,
        Err(e) => return Ok(LabResult::unrunnable(spec, e, start.elapsed())),
    };
    let args: Vec<OsString> = spec.lab.grade_args(dir.path());
    let recording = match record::record(program, &args, spec.dir(), limits, &dir) {
        Ok(r) => r,
        Err(record::RecordError::CannotTrace(why)) => {
            return Err(Failure::new(Exit::CannotTrace, format!("cannot grade on this machine: {why}")));
        }
        Err(record::RecordError::Program(e)) => {
            return Ok(LabResult::unrunnable(
                spec,
                format!("lab {} could not be run: {e}", spec.dir()),
                start.elapsed(),
            ));
        }
    };
    let trace = Trace::new(recording, spec.lab);
    let checks = judge(spec, &trace);
    let cleaned = cleanup::remove_leaks(&trace, dir.path(), spec.lab.keeps);
    drop(dir);
    Ok(LabResult { lab: spec.dir().to_string(), checks, error: None, cleaned, elapsed: start.elapsed() })
}

/// Judges every check of `spec` on `trace`.
pub fn judge(spec: &LabSpec, trace: &Trace) -> Vec<CheckResult> {
    spec.checks
        .iter()
        .map(|c| {
            let verdict = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (c.verify)(trace)))
                .unwrap_or_else(|_| Err(Finding::new("the check to run", "an internal error in ipclab's grader")));
            CheckResult {
                name: c.name,
                description: c.description,
                points: c.points,
                passed: verdict.is_ok(),
                message: verdict.err().map(|f| f.message()),
            }
        })
        .collect()
}
