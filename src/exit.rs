//! How the `ipclab` command ends: its exit statuses, named in one place
//! (docs/trace-format.md lists them for users),
//! and [`Failure`], the one-line error a command returns.
//!
//! Several outcomes share a number because scripts already read it so
//! (a usage error and a machine that refuses tracing are both 2, as
//! `ipclab trace` has always reported them); code never tells them apart by
//! the number, only by the [`Exit`] variant.

use tracer::ptrace::{self, Outcome};

/// How a command ended, as a status for the shell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything asked for was done (every check passed). Status 0.
    Success,
    /// A lab failed a check or did not build, a file could not be read, an
    /// object could not be removed. Status 1.
    Failed,
    /// `ipclab run`: the lab ran to its end (status 0) but left kernel
    /// objects behind (a queue, a segment, a FIFO...), which the run's last
    /// line names. Status 3.
    Leaked,
    /// A mistake in how ipclab was called. Status 2.
    Usage,
    /// This machine does not let ipclab trace (ptrace refused by Yama, a
    /// container's seccomp profile, a missing capability): nothing can be
    /// traced or graded here. Status 2.
    CannotTrace,
    /// Grading was asked to sandbox the labs (the default of `ipclab grade`)
    /// and this machine cannot: no bubblewrap, or user namespaces refused.
    /// Status 2.
    CannotSandbox,
    /// The traced program ran out of time and was killed. Status 124.
    TimedOut,
    /// The traced program made too many processes and threads. Status 125.
    TooManyTasks,
    /// The program to trace exists but cannot be run. Status 126.
    CannotExecute,
    /// No such program. Status 127.
    NotFound,
    /// The traced program was killed by signal N, or ipclab was interrupted
    /// by it. Status 128+N.
    Signal(i32),
    /// The traced program's own exit status, passed on.
    Program(i32),
}

impl Exit {
    /// The status the process exits with.
    pub fn code(self) -> u8 {
        let code = match self {
            Exit::Success => 0,
            Exit::Failed => 1,
            Exit::Usage | Exit::CannotTrace | Exit::CannotSandbox => 2,
            Exit::Leaked => 3,
            Exit::TimedOut => 124,
            Exit::TooManyTasks => 125,
            Exit::CannotExecute => 126,
            Exit::NotFound => 127,
            Exit::Signal(n) => 128 + n,
            Exit::Program(code) => code,
        };
        code.clamp(0, 255) as u8
    }

    /// Success when `ok`, else [`Exit::Failed`].
    pub fn success_if(ok: bool) -> Exit {
        if ok { Exit::Success } else { Exit::Failed }
    }

    /// How a traced program ended, as ipclab passes it on.
    pub fn of_outcome(outcome: Outcome) -> Exit {
        match outcome {
            Outcome::Exited(code) => Exit::Program(code),
            Outcome::Signaled { signal, .. } | Outcome::Interrupted(signal) => Exit::Signal(signal),
            Outcome::TimedOut => Exit::TimedOut,
            Outcome::TooManyTasks(_) => Exit::TooManyTasks,
        }
    }
}

/// An error for the user: one line, and how ipclab exits because of it.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub exit: Exit,
}

impl Failure {
    pub fn new(exit: Exit, message: impl Into<String>) -> Self {
        Failure { message: message.into(), exit }
    }

    /// Something ipclab could not do ([`Exit::Failed`]).
    pub fn failed(message: impl Into<String>) -> Self {
        Failure::new(Exit::Failed, message)
    }

    /// A mistake in how ipclab was called ([`Exit::Usage`]).
    pub fn usage(message: impl Into<String>) -> Self {
        Failure::new(Exit::Usage, message)
    }

    /// Why the tracer could not run a program.
    pub fn of_trace_error(e: &ptrace::Error) -> Self {
        let exit = match e {
            ptrace::Error::NotFound(_) => Exit::NotFound,
            ptrace::Error::NotExecutable(..) => Exit::CannotExecute,
            ptrace::Error::Permission(_) => Exit::CannotTrace,
            ptrace::Error::Usage(_) => Exit::Usage,
            ptrace::Error::Sys(..) | ptrace::Error::Start(_) => Exit::Failed,
        };
        Failure::new(exit, e.message(crate::lang::current()))
    }
}

/// What a command returns: how to exit, or an error to print.
pub type CommandResult = Result<Exit, Failure>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_follow_the_shell_conventions() {
        assert_eq!(Exit::Success.code(), 0);
        assert_eq!(Exit::Usage.code(), 2);
        assert_eq!(Exit::Leaked.code(), 3);
        assert_eq!(Exit::CannotTrace.code(), 2);
        assert_eq!(Exit::of_outcome(Outcome::TimedOut).code(), 124);
        assert_eq!(Exit::of_outcome(Outcome::Signaled { signal: 13, core_dumped: false }).code(), 141);
        assert_eq!(Exit::of_outcome(Outcome::Exited(3)).code(), 3);
        assert_eq!(Failure::of_trace_error(&ptrace::Error::NotFound("x".into())).exit.code(), 127);
    }

    #[test]
    fn a_refused_trace_is_told_apart_from_a_usage_error_by_kind_not_number() {
        let why = ptrace::Refused { errno: nix::errno::Errno::EPERM, why: ptrace::Refusal::YamaDisabled };
        let refused = Failure::of_trace_error(&ptrace::Error::Permission(why));
        assert_eq!(refused.exit, Exit::CannotTrace);
        assert_ne!(refused.exit, Exit::Usage);
        assert_eq!(refused.exit.code(), Exit::Usage.code());
    }
}
