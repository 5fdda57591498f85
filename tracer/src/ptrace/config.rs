//! What to trace and how ([`Config`]), how a traced run ended
//! ([`Outcome`]), and why a program could not be traced ([`Error`]).

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use nix::errno::Errno;
use syscalls::Sysno;

use crate::decode::DecodeOptions;
use crate::i18n::Lang;

/// What to trace and how.
#[derive(Debug, Clone)]
pub struct Config {
    /// The program, as typed (looked up in PATH when it has no slash).
    pub program: OsString,
    /// Its arguments, without the program name.
    pub args: Vec<OsString>,
    pub decode: DecodeOptions,
    /// Only these calls are reported; None reports every call.
    pub filter: Option<Vec<Sysno>>,
    /// With a filter, let calls outside it run without stopping (seccomp-bpf).
    pub seccomp: bool,
    /// Kill the traced tree after this long.
    pub timeout: Option<Duration>,
    /// Kill the traced tree when it holds more processes than this at once
    /// (a fork bomb); [`Budget::of_machine`] derives a default.
    pub max_processes: Option<usize>,
    /// Kill the traced tree when it holds more threads (besides each
    /// process's first) than this at once.
    pub max_threads: Option<usize>,
    /// When ipclab is asked to stop (Ctrl-C, SIGTERM, SIGHUP from outside
    /// the traced tree): `None` kills the tree at once; `Some(grace)` lets
    /// the program handle the signal as it would untraced (it gets it from
    /// the terminal, or from ipclab), and kills what is left after `grace`
    /// or at a second request.
    pub interrupt_grace: Option<Duration>,
    /// Report nothing until the program calls prctl(PR_SET_NAME, marker):
    /// hides the loader's and the language runtime's start-up.
    pub start_marker: Option<String>,
    /// Stop at each task's exit (PTRACE_EVENT_EXIT) while its descriptors
    /// and mappings still exist, for observers that inspect them.
    pub stop_at_exit: bool,
    /// The program's standard input, output and error.
    pub stdio: [Stdio; 3],
    /// Limit the program's address space (RLIMIT_AS) to this many bytes.
    pub memory_limit: Option<u64>,
    /// Variables set in the program's environment (the rest is ipclab's).
    pub env: Vec<(OsString, OsString)>,
    /// `--inject` rules: calls made to fail, come back short, wait or be
    /// signalled. Empty: the loop does nothing more per call.
    pub inject: crate::inject::Rules,
    /// The language of the loop's own notes (Ctrl-C, a budget, the grace).
    pub lang: crate::i18n::Lang,
}

impl Config {
    pub fn new(program: impl Into<OsString>, args: Vec<OsString>) -> Self {
        Config {
            program: program.into(),
            args,
            decode: DecodeOptions::default(),
            filter: None,
            seccomp: true,
            timeout: None,
            max_processes: None,
            max_threads: None,
            interrupt_grace: None,
            start_marker: None,
            stop_at_exit: false,
            stdio: Default::default(),
            memory_limit: None,
            env: Vec::new(),
            inject: crate::inject::Rules::default(),
            lang: crate::i18n::Lang::En,
        }
    }
}

/// Where one of the program's standard streams goes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Stdio {
    /// The same as ipclab's.
    #[default]
    Inherit,
    /// /dev/null.
    Null,
    /// This file, created (or truncated) for writing; for stdin, read.
    File(PathBuf),
}

/// How a traced run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The program (its first process) exited with this status.
    Exited(i32),
    /// A signal killed the program.
    Signaled { signal: i32, core_dumped: bool },
    /// The timeout ran out; the tree was killed.
    TimedOut,
    /// ipclab was asked to stop (SIGINT, SIGTERM, SIGHUP); the tree was killed.
    Interrupted(i32),
    /// The tree held more processes or threads than allowed; it was killed.
    TooManyTasks(Budget),
}

/// A limit on how many processes or threads the traced tree holds at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    Processes(usize),
    Threads(usize),
}

impl std::fmt::Display for Budget {
    /// `64 processes`, `16384 threads`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Budget::Processes(n) => write!(f, "{n} processes"),
            Budget::Threads(n) => write!(f, "{n} threads"),
        }
    }
}

impl Budget {
    /// The budgets a traced tree gets by default on this machine:
    /// (processes, threads). Derived from what the machine allows one user
    /// (`RLIMIT_NPROC`, which the kernel does not enforce for root) and the
    /// pid space (`kernel.pid_max`): a tree holding an eighth of that in
    /// processes is a fork bomb, to be stopped while the machine can still
    /// fork; threads are cheaper and real programs make many (thread pools,
    /// runtimes), so they may take half of it. See docs/reliability.md.
    pub fn of_machine() -> (usize, usize) {
        let read = |path: &str| std::fs::read_to_string(path).ok().and_then(|s| s.trim().parse::<u64>().ok());
        let pid_max = read("/proc/sys/kernel/pid_max").unwrap_or(32_768);
        let threads_max = read("/proc/sys/kernel/threads-max").unwrap_or(pid_max);
        let nproc = match nix::sys::resource::getrlimit(nix::sys::resource::Resource::RLIMIT_NPROC) {
            Ok((soft, _)) if soft != libc::RLIM_INFINITY => soft,
            // Unlimited: the kernel's own default for it.
            _ => threads_max / 2,
        };
        Self::derive(pid_max, threads_max, nproc)
    }

    /// The budgets from the machine's limits (see [`Budget::of_machine`]).
    pub fn derive(pid_max: u64, threads_max: u64, nproc: u64) -> (usize, usize) {
        let room = pid_max.min(nproc).max(1);
        let processes = (room / 8).max(16);
        let threads = (room.min(threads_max) / 2).max(64);
        (processes as usize, threads as usize)
    }
}

impl Outcome {
    /// The exit status ipclab reports, as a shell would: the program's own
    /// status, 128+N for signal N, 124 for a timeout.
    pub fn exit_code(self) -> i32 {
        match self {
            Outcome::Exited(code) => code,
            Outcome::Signaled { signal, .. } | Outcome::Interrupted(signal) => 128 + signal,
            Outcome::TimedOut => 124,
            Outcome::TooManyTasks(_) => 125,
        }
    }
}

/// Why a program could not be traced. Where a system call failed, the
/// error keeps its [`Errno`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// No such program (exit status 127, as shells use).
    NotFound(String),
    /// It exists but cannot be run (exit status 126): its path, and why.
    NotExecutable(String, NotRunnable),
    /// The kernel refused to let ipclab trace it.
    Permission(Refused),
    /// A bad request (an argument with a NUL byte).
    Usage(Fault),
    /// A system call the tracer needed failed: what it was doing, and how.
    Sys(Fault, Errno),
    /// The program's process went wrong before it could start the program.
    Start(Fault),
}

/// What went wrong in the tracer's own work (ipclab's fault, not the
/// program's), for [`Error::Usage`], [`Error::Sys`] and [`Error::Start`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// An argument of the program holds a NUL byte (the argument, quoted).
    NulByte(String),
    /// A file the program's standard streams go to could not be opened.
    OpenForProgram(String),
    /// fork(2) failed.
    Fork,
    /// The tracer's timer could not be started.
    Timer,
    /// The child stopped before its exec in a way the tracer did not expect
    /// (the wait status).
    StoppedBeforeExec(String),
    /// The program ended before it started under the tracer (its program
    /// name, and how it ended).
    NotStarted { program: String, exit: String },
}

impl Fault {
    /// What went wrong, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Fault::NulByte(arg) => crate::tr!(lang, "fault-nul-byte", arg = arg.as_str()),
            Fault::OpenForProgram(path) => crate::tr!(lang, "fault-open-for-program", path = path.as_str()),
            Fault::Fork => crate::tr!(lang, "fault-fork"),
            Fault::Timer => crate::tr!(lang, "fault-timer"),
            Fault::StoppedBeforeExec(status) => crate::tr!(lang, "fault-stopped-before-exec", status = status.as_str()),
            Fault::NotStarted { program, exit } => {
                crate::tr!(lang, "fault-not-started", program = program.as_str(), exit = exit.as_str())
            }
        }
    }
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// Why a program that exists cannot be run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotRunnable {
    /// The path names a directory.
    Directory,
    /// No execute permission.
    NoPermission,
    /// `execve` failed with this error.
    Exec(Errno),
}

impl NotRunnable {
    /// Why, in `lang` (an `execve` error is the OS's text, in English).
    pub fn message(&self, lang: Lang) -> String {
        match self {
            NotRunnable::Directory => crate::tr!(lang, "run-is-directory"),
            NotRunnable::NoPermission => crate::tr!(lang, "run-not-executable"),
            NotRunnable::Exec(e) => e.desc().to_lowercase(),
        }
    }
}

impl std::fmt::Display for NotRunnable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// The kernel's refusal to let ipclab trace: `PTRACE_SEIZE`'s error, and
/// what ipclab found to be the cause and the way out (Yama, a container's
/// seccomp profile, a missing capability).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub errno: Errno,
    pub why: Refusal,
}

/// What ipclab found to be the cause of a refusal, and so the way out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Another tracer that follows forks has the program (pid `tracer`,
    /// its `name` if /proc tells it); `itself`: it traces ipclab too.
    AlreadyTraced { tracer: i32, name: Option<String>, itself: bool },
    /// No ptrace at all (ENOSYS).
    NoPtrace,
    /// Yama's ptrace_scope 3.
    YamaDisabled,
    /// Yama's ptrace_scope 2 without CAP_SYS_PTRACE.
    YamaNeedsCap,
    /// A seccomp filter (a container's default profile).
    Seccomp,
    /// Another refusal: the error's text, and whether CAP_SYS_PTRACE is missing.
    Kernel { error: String, needs_cap: bool },
}

impl Refusal {
    /// The cause and the way out, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Refusal::AlreadyTraced { tracer, name, itself } => {
                let name = name.clone().unwrap_or_else(|| crate::tr!(lang, "refuse-another-tracer"));
                match itself {
                    true => crate::tr!(lang, "refuse-ipclab-traced", pid = *tracer, name = name),
                    false => crate::tr!(lang, "refuse-already-traced", pid = *tracer, name = name),
                }
            }
            Refusal::NoPtrace => crate::tr!(lang, "refuse-no-ptrace"),
            Refusal::YamaDisabled => crate::tr!(lang, "refuse-yama-disabled"),
            Refusal::YamaNeedsCap => crate::tr!(lang, "refuse-yama-needs-cap"),
            Refusal::Seccomp => crate::tr!(lang, "refuse-seccomp"),
            Refusal::Kernel { error, needs_cap: false } => crate::tr!(lang, "refuse-kernel", error = error),
            Refusal::Kernel { error, needs_cap: true } => crate::tr!(lang, "refuse-kernel-cap", error = error),
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl Error {
    /// The exit status ipclab gives: 127 and 126 as shells do, 2 when
    /// tracing is refused or the request is bad, 1 for the rest.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::NotFound(_) => 127,
            Error::NotExecutable(..) => 126,
            Error::Permission(_) | Error::Usage(_) => 2,
            Error::Sys(..) | Error::Start(_) => 1,
        }
    }

    /// The error of the system call that failed, if one did.
    pub fn errno(&self) -> Option<Errno> {
        match self {
            Error::NotExecutable(_, NotRunnable::Exec(e)) | Error::Sys(_, e) => Some(*e),
            Error::Permission(r) => Some(r.errno),
            _ => None,
        }
    }
}

impl Error {
    /// The error in `lang`, on one line: a program not found or not
    /// runnable, the kernel's refusal with the way out found for it, a
    /// failed call of the tracer's own (`Sys`, `Start`, `Usage`: ipclab's
    /// faults, not the user's; the system's error name and text stay as
    /// the system gives them).
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Error::NotFound(p) => crate::tr!(lang, "run-not-found", program = p.as_str()),
            Error::NotExecutable(p, why) => {
                crate::tr!(lang, "run-cannot-run", program = p.as_str(), why = why.message(lang))
            }
            Error::Permission(refused) => crate::tr!(lang, "refuse-cannot-trace", why = refused.why.message(lang)),
            Error::Sys(what, errno) => format!("{}: {errno}", what.message(lang)),
            Error::Usage(why) | Error::Start(why) => why.message(lang),
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_says_what_failed_keeps_the_errno_and_exits_as_a_shell_would() {
        let not_found = Error::NotFound("/no/such".into());
        assert_eq!(not_found.to_string(), "/no/such: command not found (check the name, or give its path)");
        assert_eq!((not_found.exit_code(), not_found.errno()), (127, None));
        let exec = Error::NotExecutable("/tmp/x".into(), NotRunnable::Exec(Errno::ENOEXEC));
        assert_eq!(exec.to_string(), "/tmp/x: cannot run it: exec format error");
        assert_eq!((exec.exit_code(), exec.errno()), (126, Some(Errno::ENOEXEC)));
        let dir = Error::NotExecutable("/tmp".into(), NotRunnable::Directory);
        assert_eq!(dir.to_string(), "/tmp: cannot run it: is a directory");
        let refused = Error::Permission(Refused { errno: Errno::EPERM, why: Refusal::YamaDisabled });
        assert_eq!(
            (refused.to_string().as_str(), refused.exit_code()),
            (
                "cannot trace: ptrace is disabled by Yama (kernel.yama.ptrace_scope = 3), which only a reboot can change",
                2
            )
        );
        assert!(refused_in_korean(&refused), "{}", refused.message(Lang::Ko));
        assert_eq!(refused.errno(), Some(Errno::EPERM));
        let fork = Error::Sys(Fault::Fork, Errno::EAGAIN);
        assert_eq!(fork.to_string(), format!("cannot fork: {}", Errno::EAGAIN));
        assert_eq!((fork.exit_code(), fork.errno()), (1, Some(Errno::EAGAIN)));
    }

    #[test]
    fn the_tracer_s_own_faults_are_told_in_korean_with_the_system_s_error_as_it_is() {
        let hangul = |s: &str| s.chars().any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c));
        let faults = [
            Error::Sys(Fault::Fork, Errno::EAGAIN),
            Error::Sys(Fault::Timer, Errno::EMFILE),
            Error::Sys(Fault::OpenForProgram("/tmp/out".into()), Errno::EACCES),
            Error::Usage(Fault::NulByte("\"a\\0b\"".into())),
            Error::Start(Fault::StoppedBeforeExec("Stopped(Pid(7), SIGSTOP)".into())),
            Error::Start(Fault::NotStarted { program: "./prog".into(), exit: "Exited(1)".into() }),
        ];
        for e in &faults {
            let (en, ko) = (e.message(Lang::En), e.message(Lang::Ko));
            assert!(en.is_ascii() && !hangul(&en), "{en}");
            assert!(hangul(&ko), "{e:?} fell back to English: {ko}");
            if let Some(errno) = e.errno() {
                assert!(ko.ends_with(&format!(": {errno}")), "the system's error as it gives it: {ko}");
            }
        }
        assert_eq!(faults[4].to_string(), "the child stopped unexpectedly before exec (Stopped(Pid(7), SIGSTOP))");
        assert_eq!(faults[5].to_string(), "./prog: the program could not be started under the tracer (Exited(1))");
    }

    #[test]
    fn the_default_budgets_follow_the_machine_and_let_600_threads_run() {
        // A machine like the reference one: pid_max 32768, threads-max
        // 192735, root with RLIMIT_NPROC 96367.
        assert_eq!(Budget::derive(32_768, 192_735, 96_367), (4096, 16_384));
        // A user limited to 4096 processes.
        assert_eq!(Budget::derive(4_194_304, 192_735, 4096), (512, 2048));
        let (processes, threads) = Budget::of_machine();
        assert!(processes >= 16 && threads >= 600, "{processes} processes, {threads} threads");
        assert_eq!(Budget::Threads(600).to_string(), "600 threads");
    }

    #[test]
    fn an_outcome_exits_as_a_shell_reports_it() {
        assert_eq!(Outcome::Exited(3).exit_code(), 3);
        assert_eq!(Outcome::Signaled { signal: 9, core_dumped: false }.exit_code(), 137);
        assert_eq!(Outcome::Interrupted(2).exit_code(), 130);
        assert_eq!(Outcome::TimedOut.exit_code(), 124);
        assert_eq!(Outcome::TooManyTasks(Budget::Processes(64)).exit_code(), 125);
    }

    fn refused_in_korean(e: &Error) -> bool {
        let ko = e.message(Lang::Ko);
        ko.starts_with("트레이스할 수 없습니다: ") && ko.contains("kernel.yama.ptrace_scope = 3")
    }

    #[test]
    fn every_refusal_names_its_way_out_in_both_languages() {
        let all = [
            Refusal::AlreadyTraced { tracer: 42, name: Some("strace".into()), itself: true },
            Refusal::AlreadyTraced { tracer: 42, name: None, itself: false },
            Refusal::NoPtrace,
            Refusal::YamaDisabled,
            Refusal::YamaNeedsCap,
            Refusal::Seccomp,
            Refusal::Kernel { error: "Operation not permitted".into(), needs_cap: true },
            Refusal::Kernel { error: "Operation not permitted".into(), needs_cap: false },
        ];
        let hangul = |s: &str| s.chars().any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c));
        for why in &all {
            let (en, ko) = (why.message(Lang::En), why.message(Lang::Ko));
            assert!(en.is_ascii() && hangul(&ko), "{en} / {ko}");
        }
        assert_eq!(
            all[0].to_string(),
            "ipclab itself is traced by pid 42 (strace), which follows its children, and a process has one tracer \
             at a time: run ipclab outside the other tracer"
        );
        assert!(all[1].to_string().starts_with("the program is already traced by pid 42 (another tracer), "));
        assert!(all[1].message(Lang::Ko).contains("pid 42(다른 트레이서)"), "{}", all[1].message(Lang::Ko));
        assert_eq!(
            all[6].to_string(),
            "the kernel refused to let ipclab trace the program (ptrace: Operation not permitted): grant \
             CAP_SYS_PTRACE or run as root"
        );
    }
}
