//! The sandbox of a graded lab: student code runs where it can neither
//! reach the grader nor leave anything behind.
//!
//! Each lab is graded by a process of its own, `ipclab __grade-lab` (see
//! [`inside`]), which makes new user, PID, IPC, network and mount
//! namespaces, becomes their PID 1, and traces the lab from there; the lab
//! itself runs under bubblewrap ([`bwrap`]) in a further user and mount
//! namespace of its own, as an unprivileged user with no capabilities,
//! seeing only the system's libraries, its program and its run directory.
//! Sharing the tracer's PID, IPC and network namespaces is what lets the
//! tracer read the lab's pids, System V objects and sockets as the lab sees
//! them; being their PID 1 (which no process inside may kill or stop) and
//! holding capabilities the lab lacks (so the lab may not ptrace it or read
//! its /proc files) is what keeps it out of the lab's reach. Every object
//! the lab makes dies with the namespaces.
//!
//! The grader ([`grade`]) hands the request to that process on its standard
//! input and reads the lab's result from its standard output, a pipe no lab
//! process holds, only once the process has exited: by then every process
//! of the lab is gone (a PID namespace ends with its PID 1).

pub mod bwrap;
mod inside;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::{CheckResult, LabResult, LabSpec, Limits};
use crate::exit::{Exit, Failure};
use crate::i18n::tr;

pub use inside::serve;

/// The hidden command that grades one lab inside its namespaces.
pub const COMMAND: &str = "__grade-lab";

/// Whether labs are graded in the sandbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Each lab in namespaces of its own (the default of `ipclab grade`).
    #[default]
    Sandboxed,
    /// In the grader's own namespaces, as the grading user (`--unsandboxed`,
    /// and `ipclab check`, which runs the student's own code for the student).
    Unsandboxed,
}

/// How much of the result the grader reads: far more than any lab's result.
const MAX_RESULT: u64 = 8 << 20;

/// Checks once that labs can be sandboxed here: bwrap is installed and a
/// lab's namespaces can be made (a probe runs `true` in them). The error
/// is one line saying why not and what to do.
pub fn available() -> Result<(), Failure> {
    static PROBE: OnceLock<Result<(), String>> = OnceLock::new();
    PROBE
        .get_or_init(|| {
            bwrap::program()?;
            match request(&json!({ "probe": true }), SLACK)? {
                Reply::Probed => Ok(()),
                Reply::Refused(why) => Err(why),
                other => Err(tr!("fault-probe-answered", answer = format!("{other:?}"))),
            }
        })
        .clone()
        .map_err(|why| Failure::new(Exit::CannotSandbox, tr!("err-cannot-sandbox-or", why = why)))
}

/// What the process grading one lab answered.
#[derive(Debug)]
enum Reply {
    Probed,
    Graded(Value),
    Refused(String),
    CannotTrace(String),
}

/// How long the process grading a lab may take beyond the lab's own time
/// limit (making the namespaces, judging, removing leftovers) before it is
/// killed: it never should, but a grader must not hang.
const SLACK: Duration = Duration::from_secs(60);

/// Runs `ipclab __grade-lab` with `req` on its standard input; its reply,
/// read once it has exited, or why there is none. Killed after `limit`.
fn request(req: &Value, limit: Duration) -> Result<Reply, String> {
    let exe = std::env::current_exe().map_err(|e| tr!("fault-own-program", error = e.to_string()))?;
    let mut child = Command::new(&exe);
    // The lab may read this process's command line in /proc: it says no path.
    std::os::unix::process::CommandExt::arg0(&mut child, "ipclab");
    let mut child = child
        .arg(COMMAND)
        // Its findings are written in the language of this run.
        .env("IPCLAB_LANG", crate::lang::current().code())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| tr!("fault-grader-start", command = COMMAND, error = e.to_string()))?;
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(req.to_string().as_bytes());
    }
    let mut stderr = child.stderr.take();
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(e) = stderr.as_mut() {
            let _ = e.take(64 << 10).read_to_string(&mut text);
        }
        text
    });
    let pid = nix::unistd::Pid::from_raw(child.id() as i32);
    let (done, stop) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        let expired = matches!(stop.recv_timeout(limit), Err(std::sync::mpsc::RecvTimeoutError::Timeout));
        if expired {
            // Not reaped yet (the pid cannot have been reused): kill it.
            let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGKILL);
        }
        expired
    });
    let mut out = Vec::new();
    if let Some(stdout) = child.stdout.take() {
        let _ = stdout.take(MAX_RESULT).read_to_end(&mut out);
    }
    let _ = done.send(());
    if watchdog.join().unwrap_or(false) {
        let _ = child.wait();
        return Err(tr!("fault-grader-overran", command = COMMAND, secs = SLACK.as_secs().to_string()));
    }
    let status = child.wait().map_err(|e| tr!("fault-grader-wait", command = COMMAND, error = e.to_string()))?;
    let errors = errors.join().unwrap_or_default();
    let first_error = errors.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim().to_string();
    if !status.success() {
        return Err(match status.code() {
            Some(code) => {
                tr!("fault-grader-failed", command = COMMAND, code = code.to_string(), detail = colon(&first_error))
            }
            None => {
                tr!("fault-grader-killed", command = COMMAND, status = status.to_string(), detail = colon(&first_error))
            }
        });
    }
    let reply: Value = serde_json::from_slice(&out).map_err(|e| {
        tr!("fault-grader-no-result", command = COMMAND, error = e.to_string(), detail = colon(&first_error))
    })?;
    Ok(if reply["probe"] == true {
        Reply::Probed
    } else if let Some(why) = reply["refused"].as_str() {
        Reply::Refused(why.to_string())
    } else if let Some(why) = reply["cannot_trace"].as_str() {
        Reply::CannotTrace(why.to_string())
    } else {
        Reply::Graded(reply["result"].clone())
    })
}

fn colon(detail: &str) -> String {
    if detail.is_empty() { String::new() } else { format!(": {detail}") }
}

/// Grades `program` as lab `spec` in the sandbox: the same checks as
/// [`super::grade_program`], judged by a process of its own inside the
/// lab's namespaces.
pub fn grade(spec: &LabSpec, program: &Path, limits: Limits) -> Result<LabResult, Failure> {
    let start = Instant::now();
    let req = json!({
        "lab": spec.dir(),
        "program": program,
        "timeout": limits.timeout.as_secs_f64(),
        "max_processes": limits.max_processes,
        "max_threads": limits.max_threads,
        "memory": limits.memory,
    });
    let unrunnable = |why: String| LabResult::unrunnable(spec, why, start.elapsed());
    match request(&req, limits.timeout + SLACK) {
        Ok(Reply::Graded(result)) => {
            Ok(from_json(spec, &result).unwrap_or_else(|why| unrunnable(tr!("fault-grader-sent", why = why))))
        }
        // Already "cannot grade on this machine: cannot trace: ...".
        Ok(Reply::CannotTrace(why)) => Err(Failure::new(Exit::CannotTrace, why)),
        Ok(Reply::Refused(why)) => Err(Failure::new(Exit::CannotSandbox, tr!("err-cannot-sandbox", why = why))),
        Ok(Reply::Probed) => Ok(unrunnable(tr!("fault-grader-probe"))),
        Err(why) => Ok(unrunnable(tr!("err-not-graded", why = why))),
    }
}

/// A lab's result as the process inside sends it.
fn to_json(result: &LabResult) -> Value {
    let checks: Vec<Value> = result
        .checks
        .iter()
        .map(|c| json!({ "name": c.name, "passed": c.passed, "not_reached": c.not_reached, "message": c.message }))
        .collect();
    json!({
        "lab": result.lab,
        "checks": checks,
        "error": result.error,
        "stopped": result.stopped,
        "cleaned": result.cleaned,
        "seconds": result.elapsed.as_secs_f64(),
    })
}

/// The lab's result sent from inside, matched to the checks of `spec`:
/// exactly its checks, by name, or an error saying what is wrong.
fn from_json(spec: &LabSpec, v: &Value) -> Result<LabResult, String> {
    if v["lab"] != spec.dir() {
        return Err(tr!("fault-sent-other-lab", sent = v["lab"].to_string(), lab = spec.dir()));
    }
    let sent = v["checks"].as_array().ok_or_else(|| tr!("fault-sent-no-checks"))?;
    if sent.len() != spec.checks.len() {
        return Err(tr!("fault-sent-count", sent = sent.len().to_string(), expected = spec.checks.len().to_string()));
    }
    let mut checks = Vec::new();
    for (c, s) in spec.checks.iter().zip(sent) {
        if s["name"] != c.name {
            return Err(tr!("fault-sent-check", sent = s["name"].to_string(), expected = c.name));
        }
        checks.push(CheckResult {
            name: c.name,
            description: c.description,
            points: c.points,
            passed: s["passed"].as_bool().ok_or_else(|| tr!("fault-sent-no-verdict"))?,
            not_reached: s["not_reached"].as_bool().unwrap_or(false),
            message: s["message"].as_str().map(str::to_string),
        });
    }
    let strings = |k: &str| -> Vec<String> {
        v[k].as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect()).unwrap_or_default()
    };
    Ok(LabResult {
        lab: spec.dir().to_string(),
        checks,
        error: v["error"].as_str().map(str::to_string),
        stopped: v["stopped"].as_str().map(str::to_string),
        cleaned: strings("cleaned"),
        elapsed: Duration::from_secs_f64(v["seconds"].as_f64().unwrap_or(0.0).clamp(0.0, 1e6)),
    })
}

/// The lab programs a sandboxed grading copies into its own /tmp.
fn bin_dir() -> PathBuf {
    PathBuf::from("/tmp/ipclab-bin")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::labs;

    #[test]
    fn a_result_crosses_from_inside_unchanged() {
        let spec = labs::spec("01_pipe").unwrap();
        let result = LabResult::unrunnable(spec, "no".into(), Duration::from_millis(1500));
        let back = from_json(spec, &to_json(&result)).unwrap();
        assert_eq!(back.checks, result.checks);
        assert_eq!((&back.error, back.elapsed), (&result.error, result.elapsed));
        let mut stopped = result.clone();
        stopped.stopped = Some("it hung".into());
        stopped.checks[1].not_reached = true;
        let back = from_json(spec, &to_json(&stopped)).unwrap();
        assert_eq!((back.stopped.as_deref(), back.checks[1].not_reached), (Some("it hung"), true));
    }

    #[test]
    fn a_result_for_other_checks_is_refused() {
        let spec = labs::spec("01_pipe").unwrap();
        let other = labs::spec("02_fifo").unwrap();
        let mut v = to_json(&LabResult::unrunnable(spec, "no".into(), Duration::ZERO));
        assert!(from_json(other, &v).unwrap_err().contains("instead of 02_fifo"));
        v["checks"][0]["name"] = json!("forged");
        assert!(from_json(spec, &v).unwrap_err().contains("sent check \"forged\""));
    }
}
