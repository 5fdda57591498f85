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
    let no_rules = tracer::inject::Rules::default();
    // A run's trace, or why the lab could not be run; a machine that
    // refuses tracing is the grading's error.
    let run = |limits: Limits, rules: &tracer::inject::Rules| -> Result<Result<Trace, String>, Failure> {
        match record::record(&traced, &args, spec.dir(), limits, &dir, journal, rules) {
            Ok(r) if wrapper.is_some() => Ok(Ok(Trace::new(r.into_lab_s_own(), spec.lab))),
            Ok(r) => Ok(Ok(Trace::new(r, spec.lab))),
            Err(record::RecordError::CannotTrace(why)) => {
                Err(Failure::new(Exit::CannotTrace, tr!("err-cannot-grade", why = why)))
            }
            Err(record::RecordError::Program(e)) => Ok(Err(tr!("err-lab-not-run", lab = spec.dir(), error = e))),
        }
    };
    let trace = match run(limits, &no_rules)? {
        Ok(t) => t,
        Err(why) => return Ok(LabResult::unrunnable(spec, why, start.elapsed())),
    };
    let normal = start.elapsed();
    let mut cleaned = cleanup::remove_leaks(&trace, dir.path(), spec.lab.keeps);
    // Each robustness scenario runs the lab again, in the same (emptied)
    // directory, for no longer than a few times what the normal run took:
    // a lab that copes with the injected failure takes about as long.
    // A lab whose normal run was killed (out of time, too many processes)
    // is not run again: its robustness checks are not reached. One that
    // failed in another way is: each robustness check judges only what it
    // is about, so a mistake elsewhere costs what it costs in a normal run.
    let killed = match trace.outcome {
        tracer::Outcome::TimedOut | tracer::Outcome::TooManyTasks(_) | tracer::Outcome::Interrupted(_) => {
            check::outcome_problem(&trace).map(|f| f.found)
        }
        _ => None,
    };
    let mut scenarios = Vec::new();
    for scenario in spec.lab.robustness {
        if let Some(why) = &killed {
            scenarios.push((scenario, Err(Unrun::NotReached(why.clone()))));
            continue;
        }
        let rules = scenario
            .rules()
            .map_err(|e| Failure::failed(tr!("err-scenario-wrong", error = e.message(crate::lang::current()))))?;
        let limits = Limits { timeout: scenario_timeout(limits.timeout, normal), ..limits };
        let traced = run(limits, &rules)?.map_err(Unrun::Failed);
        if let Ok(t) = &traced {
            cleaned.extend(cleanup::remove_leaks(t, dir.path(), spec.lab.keeps));
        }
        scenarios.push((scenario, traced));
    }
    let checks = judge(spec, &trace, &scenarios);
    let stopped = check::stopped_early(&trace);
    drop(dir);
    Ok(LabResult { lab: spec.dir().to_string(), checks, error: None, stopped, cleaned, elapsed: start.elapsed() })
}

/// The first line of a finding's text.
fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default().trim_end_matches(':')
}

/// How long a scenario's run may take: four times the normal run, at least
/// five seconds, never more than the lab's own limit.
fn scenario_timeout(limit: Duration, normal: Duration) -> Duration {
    (normal * 4).max(Duration::from_secs(5)).min(limit)
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
            return Err(Failure::new(Exit::Signal(sig), tr!("err-grading-interrupted")));
        }
        results.into_iter().flatten().collect()
    }
}

/// Why a lab was not graded: its submission's time ran out first.
pub fn out_of_time() -> String {
    tr!("grade-out-of-time")
}

/// Why a robustness scenario has no run.
#[derive(Debug)]
pub enum Unrun {
    /// The normal run was killed (why): not run again.
    NotReached(String),
    /// The lab could not be run.
    Failed(String),
}

/// The run of a robustness scenario, or why there is none.
pub type ScenarioRun = (&'static crate::labs::course::Scenario, Result<Trace, Unrun>);

/// Judges every check of `spec`: a scenario's checks on the run of that
/// scenario (their findings say which `--inject` options it ran with, so
/// the student can see it again), the others on `trace`. A finding that
/// something never happened in a process that was cut short is "not
/// reached", with why ([`check::Needs`]).
pub fn judge(spec: &LabSpec, trace: &Trace, scenarios: &[ScenarioRun]) -> Vec<CheckResult> {
    spec.checks
        .iter()
        .map(|c| {
            let scenario = scenarios.iter().find(|(s, _)| s.checks.contains(&c.name));
            let on = match scenario {
                None => Ok(trace),
                Some((_, Ok(t))) => Ok(t),
                Some((s, Err(Unrun::Failed(why)))) => {
                    Err(tr!("scenario-failed", options = s.options(), why = why.as_str()))
                }
                Some((_, Err(Unrun::NotReached(_)))) => Err(String::new()),
            };
            let verdict = on.map_err(|why| Finding::new(tr!("scenario-run-expected"), why)).and_then(|t| {
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (c.verify)(t))).unwrap_or_else(|_| {
                    Err(Finding::new(tr!("finding-internal-expected"), tr!("finding-internal-found")))
                })
            });
            let judged_on = match scenario {
                Some((_, Ok(t))) => t,
                _ => trace,
            };
            let unreached = match (&verdict, scenario) {
                (_, Some((_, Err(Unrun::NotReached(what))))) => Some(tr!(
                    "scenario-not-rerun",
                    why = first_line(what),
                    options = scenario.map(|(s, _)| s.options()).unwrap_or_default()
                )),
                (Err(Finding { needs: check::Needs::EndOf(pid), .. }), _) => judged_on.cut_short(*pid),
                _ => None,
            };
            // Past the calls grading keeps, what the lab did is not in the
            // trace: a failure found on what was kept may be false (the
            // pipe made at call 200,001), so it is not reached, never blamed.
            let unreached = match (&verdict, unreached) {
                (Err(_), None) if judged_on.dropped_calls > 0 => {
                    Some(tr!("cut-calls-dropped", kept = record::MAX_CALLS, dropped = judged_on.dropped_calls))
                }
                (_, u) => u,
            };
            let verdict = match (&unreached, verdict) {
                (Some(_), Err(f)) if scenario.is_some_and(|(_, r)| r.is_err()) => Err(Finding::new(
                    tr!("scenario-cope-expected", options = scenario.map(|(s, _)| s.options()).unwrap_or_default()),
                    f.found,
                )),
                (_, v) => v,
            };
            let message = verdict.as_ref().err().map(|f| match &unreached {
                Some(why) => f.not_reached(why),
                None => f.message(),
            });
            let message = message.map(|m| match scenario {
                Some((_, Err(Unrun::NotReached(_)))) => m,
                // Not reached: its why stays the first line, the one the
                // student's report shows.
                Some((s, _)) if unreached.is_some() => {
                    let (why, rest) = m.split_once('\n').unwrap_or((&m, ""));
                    let judged = tr!("scenario-judged-on", options = s.options(), lab = &spec.dir()[..2]);
                    format!("{why}\n{judged}\n{rest}").trim_end().to_string()
                }
                Some((s, _)) => {
                    format!("{}\n{m}", tr!("scenario-judged-on", options = s.options(), lab = &spec.dir()[..2]))
                }
                None => m,
            });
            CheckResult {
                name: c.name,
                description: c.description,
                points: c.points,
                passed: verdict.is_ok(),
                not_reached: unreached.is_some(),
                message,
            }
        })
        .collect()
}
