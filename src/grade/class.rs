//! `ipclab grade --class DIR --out RESULTS [--jobs N]`: every subfolder of
//! DIR is one student's submission, graded as `--submission` grades it;
//! RESULTS/NAME.json holds its `grade --json` document and
//! RESULTS/summary.csv a row per submission (a column per lab, the total).
//!
//! One submission never stops the class or touches another's result: each
//! builds in a directory of its own and runs its labs in sandboxes of their
//! own, within a time limit for the whole submission; a result file is
//! written (whole, by renaming a finished temporary file) only once every
//! process of that submission is gone.

use std::fs;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use super::labs::LABS;
use super::{Grading, LabResult, report, sandbox};
use crate::exit::{Exit, Failure};
use crate::i18n::tr;

/// How a class is graded.
#[derive(Debug, Clone, Copy)]
pub struct ClassOptions {
    /// Submissions graded at once.
    pub jobs: usize,
    /// The time limit of one whole submission: its build and every lab.
    pub submission_timeout: Duration,
    /// Replaces each lab's own time limit.
    pub timeout: Option<Duration>,
    pub sandbox: sandbox::Mode,
}

/// How long a whole submission may take unless told: a build, and every
/// lab running to its own limit, two at a time.
pub const SUBMISSION_TIMEOUT: Duration = Duration::from_secs(600);

/// What became of one submission.
#[derive(Debug)]
pub struct Graded {
    pub name: String,
    /// Its labs' results, or why it could not be graded at all.
    pub results: Result<Vec<LabResult>, String>,
    pub elapsed: Duration,
}

/// The submissions of a class: the subfolders of `dir` (not hidden, not
/// symbolic links), by name.
pub fn submissions(dir: &Path) -> Result<Vec<(String, PathBuf)>, Failure> {
    let entries = fs::read_dir(dir).map_err(|e| {
        Failure::usage(tr!("err-class-cannot-read", dir = dir.display().to_string(), error = e.to_string()))
    })?;
    let mut found: Vec<(String, PathBuf)> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(name, _)| !name.starts_with('.'))
        .collect();
    found.sort();
    Ok(found)
}

/// Grades every submission of `dir` into `out`; the submissions in order.
/// Stops early only when grading itself is impossible here (tracing or the
/// sandbox refused), or when ipclab is asked to stop.
pub fn grade(root: &Path, dir: &Path, out: &Path, options: ClassOptions) -> Result<Vec<Graded>, Failure> {
    let subs = submissions(dir)?;
    if subs.is_empty() {
        return Err(Failure::usage(tr!("err-class-empty", dir = dir.display().to_string())));
    }
    fs::create_dir_all(out)
        .map_err(|e| Failure::failed(tr!("err-create", path = out.display().to_string(), error = e.to_string())))?;
    let bar = progress(subs.len());
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<Option<Graded>>> = Mutex::new((0..subs.len()).map(|_| None).collect());
    let fatal: Mutex<Option<Failure>> = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..options.jobs.max(1) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some((name, path)) = subs.get(i) else { break };
                    if tracer::ptrace::termination_requested().is_some() {
                        break;
                    }
                    if let Some(bar) = &bar {
                        bar.set_message(name.clone());
                    }
                    let start = Instant::now();
                    let grading = Grading {
                        timeout: options.timeout,
                        deadline: Some(start + options.submission_timeout),
                        sandbox: options.sandbox,
                    };
                    let results = match super::submission::grade(root, path, &grading) {
                        Ok(r) => Ok(r),
                        Err(f) if matches!(f.exit, Exit::CannotTrace | Exit::CannotSandbox | Exit::Signal(_)) => {
                            if let Ok(mut slot) = fatal.lock() {
                                slot.get_or_insert(f);
                            }
                            next.store(subs.len(), Ordering::SeqCst);
                            break;
                        }
                        Err(f) => Err(f.message),
                    };
                    let graded = Graded { name: name.clone(), results, elapsed: start.elapsed() };
                    let line = match write_result(out, &graded) {
                        Ok(()) => summary_line(&graded),
                        Err(why) => format!("{}: {why}", graded.name),
                    };
                    match &bar {
                        Some(bar) => {
                            bar.println(line);
                            bar.inc(1);
                        }
                        None => eprintln!("{line}"),
                    }
                    if let Ok(mut all) = done.lock() {
                        all[i] = Some(graded);
                    }
                }
            });
        }
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if let Some(f) = fatal.into_inner().ok().flatten() {
        return Err(f);
    }
    if let Some(sig) = tracer::ptrace::termination_requested() {
        return Err(Failure::new(Exit::Signal(sig), tr!("err-class-interrupted")));
    }
    let graded: Vec<Graded> = done.into_inner().unwrap_or_default().into_iter().flatten().collect();
    write_summary(out, &graded)?;
    Ok(graded)
}

/// A progress bar on standard error when it is a terminal.
fn progress(n: usize) -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(n as u64);
    let style = ProgressStyle::with_template("{bar:30} {pos}/{len} submissions, {elapsed} (left: {eta}) {wide_msg}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(200));
    Some(bar)
}

/// `alice: 84/90 in 6.1 s` or `bob: not graded: why`.
fn summary_line(g: &Graded) -> String {
    match &g.results {
        Ok(r) => {
            let score: u32 = r.iter().map(LabResult::score).sum();
            let max: u32 = r.iter().map(LabResult::max_score).sum();
            format!("{}: {score}/{max} in {:.1} s", g.name, g.elapsed.as_secs_f64())
        }
        Err(why) => format!("{}: not graded: {why}", g.name),
    }
}

/// Writes RESULTS/NAME.json whole: a temporary file, renamed when complete.
fn write_result(out: &Path, g: &Graded) -> Result<(), String> {
    let doc = match &g.results {
        Ok(results) => report::json(results),
        Err(why) => serde_json::json!({
            "version": 1, "status": "error", "score": 0, "max_score": LABS.iter().flat_map(|s| s.checks).map(|c| c.points).sum::<u32>(),
            "message": why, "tests": [], "labs": [],
        }),
    };
    let path = out.join(format!("{}.json", g.name));
    let tmp = out.join(format!(".{}.json.tmp", g.name));
    fs::write(&tmp, format!("{doc}\n"))
        .and_then(|()| fs::rename(&tmp, &path))
        .map_err(|e| tr!("err-write-file", path = path.display().to_string(), error = e.to_string()))
}

/// A CSV field, quoted when it must be.
fn csv(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// RESULTS/summary.csv: `submission,01_pipe,...,09_compare,total,max_score,status`.
fn write_summary(out: &Path, graded: &[Graded]) -> Result<(), Failure> {
    let mut text = String::from("submission");
    for spec in LABS {
        text.push(',');
        text.push_str(spec.dir());
    }
    text.push_str(",total,max_score,status\n");
    let max: u32 = LABS.iter().flat_map(|s| s.checks).map(|c| c.points).sum();
    for g in graded {
        text.push_str(&csv(&g.name));
        match &g.results {
            Ok(results) => {
                for spec in LABS {
                    let score = results.iter().find(|r| r.lab == spec.dir()).map(|r| r.score().to_string());
                    text.push(',');
                    text.push_str(&score.unwrap_or_default());
                }
                let total: u32 = results.iter().map(LabResult::score).sum();
                let status = if results.iter().all(LabResult::passed) { "pass" } else { "fail" };
                text.push_str(&format!(",{total},{max},{status}\n"));
            }
            Err(_) => {
                text.push_str(&",".repeat(LABS.len()));
                text.push_str(&format!(",0,{max},error\n"));
            }
        }
    }
    let path = out.join("summary.csv");
    let mut file = fs::File::create(&path).map_err(|e| {
        Failure::failed(tr!("err-write-file", path = path.display().to_string(), error = e.to_string()))
    })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Failure::failed(tr!("err-write-file", path = path.display().to_string(), error = e.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_field_with_a_comma_or_a_quote_is_quoted() {
        assert_eq!(csv("alice"), "alice");
        assert_eq!(csv("smith, jo"), "\"smith, jo\"");
        assert_eq!(csv("a\"b"), "\"a\"\"b\"");
    }
}
