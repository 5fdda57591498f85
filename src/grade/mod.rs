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
pub mod class;
pub mod cleanup;
pub mod commands;
pub mod exercism;
pub mod labs;
pub mod model;
pub mod quote;
pub mod record;
pub mod report;
pub mod sandbox;
pub mod starter;
pub mod submission;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use check::Finding;
pub use labs::LabSpec;
pub use model::Trace;
pub use record::Limits;

use crate::exit::{Exit, Failure};
use crate::i18n::tr;

/// The result of one check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckResult {
    pub name: &'static str,
    pub description: &'static str,
    pub points: u32,
    pub passed: bool,
    /// It failed because the part of the run it judges was never reached
    /// (the process it needs was cut short): no mistake of its own.
    pub not_reached: bool,
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
    /// What stopped the run before its end (a hang, a panic, a process that
    /// failed): the root cause, which the report gives first.
    pub stopped: Option<String>,
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
                not_reached: false,
                message: Some(reason.clone()),
            })
            .collect();
        LabResult {
            lab: spec.dir().to_string(),
            checks,
            error: Some(reason),
            stopped: None,
            cleaned: Vec::new(),
            elapsed,
        }
    }
}

/// Runs `program` as lab `spec` under the tracer within `limits`, judges
/// every check on the recorded run, then removes what the lab leaked.
///
/// A machine that does not let ipclab trace is an error of the grading, not
/// a score of the lab: grading stops there ([`Exit::CannotTrace`], as
/// `ipclab trace` has), so that an autograder does not record zero for every student.
pub fn grade_program(spec: &LabSpec, program: &Path, limits: Limits) -> Result<LabResult, Failure> {
    let dir = match record::RunDir::create(&std::env::temp_dir()) {
        Ok(d) => d,
        Err(e) => return Ok(LabResult::unrunnable(spec, e, Duration::ZERO)),
    };
    grade_run(spec, program, limits, dir, None)
}

/// How a lab's program is started: directly, or inside a sandbox (a
/// program such as bwrap, with its arguments, before the lab's).
pub struct Wrapper {
    pub program: std::path::PathBuf,
    pub args: Vec<OsString>,
}

/// [`grade_program`] in run directory `dir`, the program started through
/// `wrapper` when there is one. Under a wrapper the recording is made the
/// lab's own ([`record::Recording::into_lab_s_own`]), and the objects die
/// with the sandbox, so no journal is kept for `ipclab clean`.
pub fn grade_run(
    spec: &LabSpec,
    program: &Path,
    limits: Limits,
    dir: record::RunDir,
    wrapper: Option<&Wrapper>,
) -> Result<LabResult, Failure> {
    let start = Instant::now();
    let lab_args: Vec<OsString> = spec.lab.grade_args(dir.path());
    let (traced, args) = match wrapper {
        None => (program.to_path_buf(), lab_args),
        Some(w) => {
            let mut args = w.args.clone();
            args.push(program.as_os_str().to_owned());
            args.extend(lab_args);
            (w.program.clone(), args)
        }
    };
    let journal = wrapper.is_none();
    let recording = match record::record(&traced, &args, spec.dir(), limits, &dir, journal) {
        Ok(r) if wrapper.is_some() => r.into_lab_s_own(),
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
    let stopped = check::stopped_early(&trace);
    let cleaned = cleanup::remove_leaks(&trace, dir.path(), spec.lab.keeps);
    drop(dir);
    Ok(LabResult { lab: spec.dir().to_string(), checks, error: None, stopped, cleaned, elapsed: start.elapsed() })
}

/// How labs are graded: their time limit and whether in the sandbox.
#[derive(Debug, Clone, Copy, Default)]
pub struct Grading {
    /// Replaces each lab's own time limit.
    pub timeout: Option<Duration>,
    /// Nothing runs past this moment (a whole submission's time limit).
    pub deadline: Option<Instant>,
    pub sandbox: sandbox::Mode,
}

impl Grading {
    /// The limits lab `spec` runs under: its own time limit, or the one
    /// given, cut short by the deadline; None once the deadline has passed.
    pub fn limits(&self, spec: &LabSpec) -> Option<Limits> {
        let mut timeout = self.timeout.unwrap_or(spec.lab.grade_timeout);
        if let Some(deadline) = self.deadline {
            timeout = timeout.min(deadline.checked_duration_since(Instant::now())?);
            if timeout.is_zero() {
                return None;
            }
        }
        Some(Limits::new(timeout))
    }

    /// Grades `program` as lab `spec`, in the sandbox when asked to.
    pub fn grade_one(&self, spec: &LabSpec, program: &Path) -> Result<LabResult, Failure> {
        let Some(limits) = self.limits(spec) else {
            return Ok(LabResult::unrunnable(spec, out_of_time(), Duration::ZERO));
        };
        match self.sandbox {
            sandbox::Mode::Sandboxed => sandbox::grade(spec, program, limits),
            sandbox::Mode::Unsandboxed => grade_program(spec, program, limits),
        }
    }

    /// Grades each built lab (or passes on why it was not built), two at a
    /// time, each traced by a thread (or a sandboxed process) of its own;
    /// the results in the order given. Stops at the first error of the
    /// grading itself (tracing refused, no sandbox), or when ipclab is asked
    /// to stop.
    pub fn grade_all(
        &self,
        built: Vec<(&'static LabSpec, Result<PathBuf, LabResult>)>,
    ) -> Result<Vec<LabResult>, Failure> {
        use std::sync::Mutex;
        use std::sync::atomic::{AtomicUsize, Ordering};
        let next = AtomicUsize::new(0);
        let results: Mutex<Vec<Option<Result<LabResult, Failure>>>> =
            Mutex::new((0..built.len()).map(|_| None).collect());
        std::thread::scope(|scope| {
            for _ in 0..2 {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::SeqCst);
                        let Some((spec, program)) = built.get(i) else { break };
                        if tracer::ptrace::termination_requested().is_some() {
                            break;
                        }
                        let result = match program {
                            Ok(program) => self.grade_one(spec, program),
                            Err(failed) => Ok(failed.clone()),
                        };
                        // Tracing refused: every other lab would be refused too.
                        let stop = result.is_err();
                        if let Ok(mut all) = results.lock() {
                            all[i] = Some(result);
                        }
                        if stop {
                            next.store(built.len(), Ordering::SeqCst);
                            break;
                        }
                    }
                });
            }
        });
        let results = results.into_inner().unwrap_or_default();
        if let Some(sig) = tracer::ptrace::termination_requested() {
            return Err(Failure::new(Exit::Signal(sig), "grading interrupted: the lab being graded was killed"));
        }
        results.into_iter().flatten().collect()
    }
}

/// Why a lab was not graded: its submission's time ran out first.
pub fn out_of_time() -> String {
    tr!("grade-out-of-time")
}

/// Judges every check of `spec` on `trace`. A finding that something
/// never happened in a process that was cut short is "not reached", with
/// why ([`check::Needs`]).
pub fn judge(spec: &LabSpec, trace: &Trace) -> Vec<CheckResult> {
    spec.checks
        .iter()
        .map(|c| {
            let verdict = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (c.verify)(trace)))
                .unwrap_or_else(|_| Err(Finding::new(tr!("finding-internal-expected"), tr!("finding-internal-found"))));
            let unreached = match &verdict {
                Err(Finding { needs: check::Needs::EndOf(pid), .. }) => trace.cut_short(*pid),
                _ => None,
            };
            CheckResult {
                name: c.name,
                description: c.description,
                points: c.points,
                passed: verdict.is_ok(),
                not_reached: unreached.is_some(),
                message: verdict.err().map(|f| match &unreached {
                    Some(why) => f.not_reached(why),
                    None => f.message(),
                }),
            }
        })
        .collect()
}
