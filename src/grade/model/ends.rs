//! How each process's part of the run ended: on its own with status 0, so
//! that whatever it did not do is its own doing, or cut short (killed at
//! the time limit while blocked or spinning, panicked, failed with an
//! error, killed by a signal), so that what it never got to cannot be
//! blamed on it. A check's finding that something is missing asks this
//! before it is believed (`grade::check::Needs`).

use tracer::decode::{Value, signal_name};
use tracer::event::hang::Diagnosis;
use tracer::event::{Exit, Pid};
use tracer::ptrace::Outcome;

use super::{Trace, calls, fd_of};
use crate::grade::quote;
use crate::i18n::tr;

/// The thread name a lab's panic hook sets first (labs/common's `panic::MARKER`).
const PANIC_MARKER: &str = "ipclab:panic";

/// How one process ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum End {
    /// It exited with status 0 by itself: it did all it was going to do.
    Finished,
    /// ipclab killed it with the rest of the lab (time limit, too many
    /// processes, grading interrupted), while it was in `call` (None: between calls,
    /// running its own code).
    Killed { why: Outcome, call: Option<String> },
    /// It panicked; the panic message, when the trace shows it.
    Panicked(Option<String>),
    /// It exited with this status; the last line it wrote to its standard error.
    Failed { code: i32, said: Option<String> },
    /// A signal killed it (SIGSEGV, SIGBUS, SIGPIPE...).
    Signaled(i32),
    /// The trace ends with it still running (it outlived the lab's first process).
    Running,
}

impl Trace {
    /// How `pid` ended.
    pub fn end_of(&self, pid: Pid) -> End {
        let killed = matches!(self.outcome, Outcome::TimedOut | Outcome::TooManyTasks(_) | Outcome::Interrupted(_));
        match self.exit_of(pid) {
            Some(Exit::Code(0)) => End::Finished,
            Some(Exit::Code(101)) => End::Panicked(self.panic_of(pid)),
            Some(Exit::Code(code)) => End::Failed { code, said: self.last_error_line(pid) },
            Some(Exit::Signal { signal, .. }) if signal == libc::SIGKILL && killed => {
                End::Killed { why: self.outcome, call: self.cut_off_call(pid) }
            }
            Some(Exit::Signal { signal, .. }) => End::Signaled(signal),
            None if killed => End::Killed { why: self.outcome, call: self.cut_off_call(pid) },
            None => End::Running,
        }
    }

    /// Where `pid` began to end: its panic message (a panic unwinds,
    /// closing descriptors others then fail on, before the process exits),
    /// else its exit or exit_group call, when the trace has one.
    pub fn ending_at(&self, pid: Pid) -> Option<usize> {
        let panicked = |c: &super::CallRef| {
            fd_of(c.call).is_some_and(|f| f.fd == 2)
                && c.call.arg("buf").and_then(Value::as_bytes).is_some_and(|b| {
                    let text = String::from_utf8_lossy(&b.data);
                    text.contains("panicked ")
                })
        };
        self.calls(pid).find(|c| (c.is_any(calls::WRITE) && panicked(c)) || c.is_any(calls::EXIT)).map(|c| c.index)
    }

    /// Where `pid`'s panic hook began (labs/common's hook names the thread
    /// `ipclab:panic` first): the calls from there on are the panic
    /// machinery's (its locks' private futexes, the message), not the lab's.
    pub fn panic_began(&self, pid: Pid) -> Option<usize> {
        self.named(pid, &[syscalls::Sysno::prctl])
            .find(|c| {
                c.call.raw.args[0] == libc::PR_SET_NAME as u64
                    && matches!(c.call.arg("arg2"), Some(Value::Str(b)) if b.lossy() == PANIC_MARKER)
            })
            .map(|c| c.index)
    }

    /// The call `pid` was in when the run was killed, as the trace shows it.
    fn cut_off_call(&self, pid: Pid) -> Option<String> {
        let last = self.calls(pid).last()?;
        (last.ret().is_none() && !last.is_any(calls::EXIT)).then(|| quote::call_head(last.call))
    }

    /// What `pid` wrote to its standard error (fd 2), as text.
    fn stderr_of(&self, pid: Pid) -> String {
        let mut bytes = Vec::new();
        for c in self.named(pid, calls::WRITE).filter(|c| fd_of(c.call).is_some_and(|f| f.fd == 2)) {
            let n = c.ret().unwrap_or(0).max(0) as usize;
            if let Some(b) = c.call.arg("buf").and_then(Value::as_bytes) {
                bytes.extend_from_slice(&b.data[..n.min(b.data.len())]);
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// The panic message of `pid`, from what it wrote to its standard error.
    fn panic_of(&self, pid: Pid) -> Option<String> {
        panic_message(&self.stderr_of(pid))
    }

    /// The last line `pid` wrote to its standard error (`child: error: ...`).
    fn last_error_line(&self, pid: Pid) -> Option<String> {
        let text = self.stderr_of(pid);
        text.lines().rev().map(str::trim).find(|l| !l.is_empty()).map(|l| quote::short(l, 200))
    }

    /// Where the hang report found `pid` running its own code (a busy
    /// loop), when the program's line tables said: `meet at labs/04_shared_memory/main.rs:125`.
    fn spinning_in(&self, pid: Pid) -> Option<String> {
        self.hang().iter().find_map(|t| match &t.diagnosis {
            Some(Diagnosis::BusyLoop { place: Some(place) }) if t.pid == pid => Some(place.clone()),
            _ => None,
        })
    }

    /// Why `pid` never got past where it was, in words, or None when it
    /// finished (status 0): `the parent (pid 1204) was still blocked in
    /// wait4(1205, ...) when the lab was killed after 20 s`.
    pub fn cut_short(&self, pid: Pid) -> Option<String> {
        let who = self.who(pid);
        Some(match self.end_of(pid) {
            End::Finished => return None,
            End::Killed { why, call } => {
                let when = match why {
                    Outcome::TimedOut => tr!("when-killed-timeout", secs = self.limits.timeout.as_secs_f64()),
                    Outcome::TooManyTasks(n) => tr!("when-killed-tasks", n = budget(n)),
                    Outcome::Interrupted(sig) => tr!("when-killed-interrupted", signal = signal_name(sig)),
                    _ => tr!("when-killed"),
                };
                match (call, self.spinning_in(pid)) {
                    (Some(call), _) => tr!("cut-blocked", who = who, call = call, when = when),
                    (None, Some(place)) => tr!("cut-spinning-at", who = who, place = place, when = when),
                    (None, None) => tr!("cut-spinning", who = who, when = when),
                }
            }
            End::Panicked(Some(message)) => tr!("cut-panicked-said", who = who, message = message),
            End::Panicked(None) => tr!("cut-panicked", who = who),
            End::Failed { code, said: Some(said) } => tr!("cut-failed-said", who = who, code = code, said = said),
            End::Failed { code, said: None } => tr!("cut-failed", who = who, code = code),
            End::Signaled(sig) => tr!("cut-signaled", who = who, signal = signal_name(sig)),
            End::Running => tr!("cut-running", who = who),
        })
    }
}

/// The panic message a Rust program wrote to stderr: `not yet implemented:
/// close this end ... (in close_unused, at labs/01_pipe/main.rs:71:5)` from
/// a lab's own panic message (labs/common names the function), `... (at
/// labs/01_pipe/main.rs:71:5)` from Rust's.
pub fn panic_message(stderr: &str) -> Option<String> {
    let mut lines = stderr.lines();
    while let Some(line) = lines.next() {
        let Some(at) = line.find("panicked ") else { continue };
        let rest = line[at + "panicked ".len()..].trim_end_matches(':');
        let place = if let Some(place) = rest.strip_prefix("at ") {
            tr!("panic-at", place = place)
        } else if let Some((function, place)) = rest.strip_prefix("in ").and_then(|r| r.split_once(" at ")) {
            tr!("panic-in-at", function = function, place = place)
        } else {
            continue;
        };
        let what = lines.next().unwrap_or_default().trim().to_string();
        return Some(format!("{what} ({place})"));
    }
    None
}

/// A budget of processes or threads, in the reader's language (`64 processes`).
pub fn budget(b: tracer::ptrace::Budget) -> String {
    match b {
        tracer::ptrace::Budget::Processes(n) => tr!("budget-processes", n = n),
        tracer::ptrace::Budget::Threads(n) => tr!("budget-threads", n = n),
    }
}
