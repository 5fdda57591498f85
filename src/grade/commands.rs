//! The grading commands: `ipclab check` (one lab, for the student),
//! `ipclab grade` (every lab, for the instructor or an autograder),
//! `ipclab starter` (the handout) and the pass column of `ipclab list`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use owo_colors::OwoColorize;

use super::labs::{self as specs, LabSpec};
use super::{CheckResult, Grading, LabResult, report, sandbox, starter};
use crate::build::{BuildOutput, build};
use crate::color::{Stream, use_color};
use crate::exit::{CommandResult, Exit, Failure};
use crate::i18n::tr;
use crate::labs::{self, Lab};

/// What to grade and how, from the command line.
#[derive(Debug, Clone, Default)]
pub struct GradeOptions {
    /// Replaces each lab's own time limit.
    pub timeout: Option<Duration>,
    /// Grade this program instead of building the lab (one lab only).
    pub program: Option<PathBuf>,
    /// Show cargo's compiler errors as cargo prints them.
    pub show_build: bool,
    /// Whether the labs run in the sandbox.
    pub sandbox: sandbox::Mode,
}

impl GradeOptions {
    fn grading(&self) -> Grading {
        Grading { timeout: self.timeout, deadline: None, sandbox: self.sandbox }
    }
}

/// The grading of a catalog lab, or a clear error if ipclab has none.
fn spec_of(lab: &Lab) -> Result<&'static LabSpec, Failure> {
    specs::spec(&lab.dir).ok_or_else(|| Failure::failed(tr!("err-no-checks", lab = &lab.dir)))
}

/// Builds (unless a program is given) and grades one lab. A lab that does
/// not build fails every check with cargo's first error.
pub fn grade_lab(root: &Path, lab: &Lab, options: &GradeOptions) -> Result<LabResult, Failure> {
    let spec = spec_of(lab)?;
    let start = Instant::now();
    let program = match &options.program {
        Some(p) => p.clone(),
        None => {
            let output = if options.show_build { BuildOutput::Show } else { BuildOutput::Capture };
            match build(root, lab, output) {
                Ok(p) => p,
                Err(f) => return Ok(LabResult::unrunnable(spec, f.message, start.elapsed())),
            }
        }
    };
    options.grading().grade_one(spec, &program)
}

/// Grades `labs`, two at a time; builds come first, one after the other, as cargo would serialise them.
pub fn grade_labs(root: &Path, labs: &[Lab], options: &GradeOptions) -> Result<Vec<LabResult>, Failure> {
    let mut programs = Vec::new();
    for lab in labs {
        let spec = spec_of(lab)?;
        let start = Instant::now();
        let built = match &options.program {
            Some(p) => Ok(p.clone()),
            None => build(root, lab, BuildOutput::Capture)
                .map_err(|f| LabResult::unrunnable(spec, f.message, start.elapsed())),
        };
        programs.push((spec, built));
    }
    options.grading().grade_all(programs)
}

fn catch_signals() -> Result<(), Failure> {
    tracer::ptrace::catch_termination_signals().map_err(|e| Failure::failed(tr!("err-signals", error = e.to_string())))
}

/// `ipclab check LAB`: the lab's checks, for the student, and the score;
/// exit status 0 only if every check passes.
pub fn check(lab_name: &str, json: bool, options: GradeOptions) -> CommandResult {
    let root = labs::project_root();
    let catalog = labs::catalog(&root)?;
    let lab = labs::find(&catalog, lab_name)?;
    if let Some(p) = &options.program
        && !p.is_file()
    {
        return Err(Failure::usage(tr!("err-no-program-file", path = p.display().to_string())));
    }
    catch_signals()?;
    let options = GradeOptions { show_build: !json, ..options };
    let result = grade_lab(&root, lab, &options)?;
    if let Some(sig) = tracer::ptrace::termination_requested() {
        return Err(Failure::new(Exit::Signal(sig), tr!("err-check-interrupted")));
    }
    // The checks to look at first first: the mistakes, then what was not
    // reached; `ipclab hint` gives the first one's hint.
    let mut failed: Vec<&CheckResult> = result.checks.iter().filter(|c| !c.passed).collect();
    failed.sort_by_key(|c| c.not_reached);
    let failed: Vec<&str> = failed.iter().map(|c| c.name).collect();
    crate::progress::record_failed_checks(&root, &lab.dir, &failed);
    let mut out = std::io::stdout().lock();
    if json {
        let _ = writeln!(out, "{}", report::json(std::slice::from_ref(&result)));
    } else {
        let color = use_color(Stream::Stdout);
        let _ = report::write_checks(&mut out, &result, &lab.title, color);
    }
    Ok(Exit::success_if(result.passed()))
}

/// `ipclab grade`: every lab (or the ones named), a score table or JSON;
/// exit status 0 only if every check of every lab passes.
pub fn grade(names: &[String], format: report::Format, options: GradeOptions) -> CommandResult {
    let root = labs::project_root();
    let catalog = labs::catalog(&root)?;
    let chosen: Vec<Lab> = if names.is_empty() {
        catalog.iter().filter(|l| specs::spec(&l.dir).is_some()).cloned().collect()
    } else {
        names.iter().map(|n| labs::find(&catalog, n).cloned()).collect::<Result<_, _>>()?
    };
    if chosen.is_empty() {
        return Err(Failure::failed(tr!("err-no-labs-to-grade", dir = root.join("labs").display().to_string())));
    }
    if options.program.is_some() && chosen.len() != 1 {
        return Err(Failure::usage(tr!("err-program-one-lab")));
    }
    if options.sandbox == sandbox::Mode::Sandboxed {
        sandbox::available()?;
    }
    catch_signals()?;
    let results = grade_labs(&root, &chosen, &options)?;
    let color = use_color(Stream::Stdout);
    let _ = report::print(&mut std::io::stdout().lock(), &results, format, color);
    Ok(Exit::success_if(results.iter().all(LabResult::passed)))
}

/// `ipclab grade --submission DIR`: the submission's labs, built from its
/// `labs/NN_name/main.rs` files only and graded with this build's graders;
/// a score table or JSON; exit status 0 only if every check passes.
pub fn grade_submission(dir: &Path, format: report::Format, options: GradeOptions) -> CommandResult {
    if !dir.is_dir() {
        return Err(Failure::usage(tr!("err-no-submission-dir", dir = dir.display().to_string())));
    }
    if options.sandbox == sandbox::Mode::Sandboxed {
        sandbox::available()?;
    }
    catch_signals()?;
    let results = super::submission::grade(&labs::project_root(), dir, &options.grading())?;
    let color = use_color(Stream::Stdout);
    let _ = report::print(&mut std::io::stdout().lock(), &results, format, color);
    Ok(Exit::success_if(results.iter().all(LabResult::passed)))
}

/// `ipclab grade --class DIR --out RESULTS`: every submission of the class;
/// exit status 0 when every one was graded (whatever its score), 1 when
/// some could not be.
pub fn grade_class(dir: &Path, out: &Path, options: super::class::ClassOptions) -> CommandResult {
    if !dir.is_dir() {
        return Err(Failure::usage(tr!("err-no-class-dir", dir = dir.display().to_string())));
    }
    if options.sandbox == sandbox::Mode::Sandboxed {
        sandbox::available()?;
    }
    catch_signals()?;
    let graded = super::class::grade(&labs::project_root(), dir, out, options)?;
    let failed = graded.iter().filter(|g| g.results.is_err()).count();
    let (graded_count, out_dir, summary) =
        ((graded.len() - failed).to_string(), out.display().to_string(), out.join("summary.csv").display().to_string());
    let line = match failed {
        0 => tr!("class-graded-all", graded = graded_count, dir = out_dir, summary = summary),
        _ => tr!("class-graded-some", graded = graded_count, dir = out_dir, failed = failed, summary = summary),
    };
    println!("{line}");
    Ok(Exit::success_if(failed == 0))
}

/// `ipclab grade --exercism SLUG INPUT_DIR OUTPUT_DIR`: exit status 0 once
/// OUTPUT_DIR/results.json is written, whatever the score.
pub fn grade_exercism(slug: &str, input: &Path, output: &Path, options: GradeOptions) -> CommandResult {
    if options.sandbox == sandbox::Mode::Sandboxed
        && let Err(f) = sandbox::available()
    {
        let doc = serde_json::json!({ "version": 3, "status": "error", "message": f.message, "tests": [] });
        let _ = std::fs::create_dir_all(output)
            .and_then(|()| std::fs::write(output.join("results.json"), format!("{doc}\n")));
        return Err(f);
    }
    catch_signals()?;
    super::exercism::run(slug, input, output, &options.grading())
}

/// `ipclab starter --out DIR`.
pub fn starter(out: &Path) -> CommandResult {
    let root = labs::project_root();
    let written = starter::write(&root, out).map_err(Failure::failed)?;
    println!(
        "{}",
        tr!(
            "starter-written",
            dir = out.display().to_string(),
            files = written.files,
            regions = written.regions,
            labs = written.labs
        )
    );
    Ok(Exit::Success)
}

/// The labs with whether each passes now (`ipclab list`).
pub fn list() -> CommandResult {
    let root = labs::project_root();
    let catalog = labs::catalog(&root)?;
    catch_signals()?;
    let graded: Vec<Lab> = catalog.iter().filter(|l| specs::spec(&l.dir).is_some()).cloned().collect();
    // The student's own labs, on the student's machine: no sandbox needed.
    let options = GradeOptions { sandbox: sandbox::Mode::Unsandboxed, ..Default::default() };
    let results = match grade_labs(&root, &graded, &options) {
        Ok(results) => results,
        // Tracing is refused here: the labs are still worth listing.
        Err(f) if f.exit == Exit::CannotTrace => {
            eprintln!("ipclab: {}", tr!("err-no-pass-status", error = f.message));
            Vec::new()
        }
        Err(f) => return Err(f),
    };
    let color = use_color(Stream::Stdout);
    let mut out = std::io::stdout().lock();
    for lab in &catalog {
        let status = match results.iter().find(|r| r.lab == lab.dir) {
            None => "-".to_string(),
            Some(r) if r.error.is_some() => {
                let s = tr!("list-does-not-build");
                if color { s.red().to_string() } else { s }
            }
            Some(r) => {
                let verdict = if r.passed() { tr!("list-passes") } else { tr!("list-fails") };
                let s = format!("{} {:>2}/{}", report::pad_right(&verdict, 6), r.score(), r.max_score());
                match (color, r.passed()) {
                    (true, true) => s.green().to_string(),
                    (true, false) => s.red().to_string(),
                    _ => s,
                }
            }
        };
        // The titles read "Lab 01: a pipe ..."; the folder already says which lab.
        let title = lab.title.split_once(": ").map_or(lab.title.as_str(), |(_, t)| t);
        let _ = writeln!(out, "{:<18} {} {status}", lab.dir, report::pad_right(title, 52));
    }
    Ok(Exit::Success)
}
