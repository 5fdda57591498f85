//! The ptrace loop, the only user of ptrace in ipclab: it starts the program
//! attached, follows every process and thread it creates, pairs each call's
//! entry and exit per thread, and turns every stop into [`Event`]s.
//!
//! Attachment uses PTRACE_SEIZE with EXITKILL (if ipclab dies, so does the
//! traced tree) and TRACESYSGOOD; forks, clones and execs are followed with
//! ptrace events; group-stops are left stopped with PTRACE_LISTEN so that a
//! program that stops itself and is continued behaves as untraced. Calls are
//! read with PTRACE_GET_SYSCALL_INFO. With a filter, a seccomp-bpf program
//! makes only the chosen calls stop the tracee.

mod fds;
mod memory;
pub mod seccomp;
mod spawn;
mod sys;
mod tick;

use std::cell::RefCell;
use std::ffi::OsString;
use std::rc::Rc;
use std::time::{Duration, Instant};

use nix::errno::Errno;
use syscalls::Sysno;

use crate::decode::{self, DecodeOptions, Field, RawSyscall, Syscall};
use crate::event::{Event, EventKind, Exec, Exit, Pid, SignalInfo, Sink, Spawn};
use crate::idmap::IdMap;

pub use fds::FdTable;
pub use memory::ProcessMemory;
pub use spawn::{Stdio, diagnose_ptrace_denied, resolve};
pub use tick::{catch_termination_signals, termination_requested};

use fds::SharedFds;
use sys::{Resume, Status, SyscallStop};

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
    /// Kill the traced tree when it holds more tasks than this at once.
    pub max_tasks: Option<usize>,
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
            max_tasks: None,
            start_marker: None,
            stop_at_exit: false,
            stdio: Default::default(),
            memory_limit: None,
            env: Vec::new(),
        }
    }
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
    /// The tree created more tasks than allowed; it was killed.
    TooManyTasks(usize),
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

/// Why a program could not be traced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// No such program (exit status 127, as shells use).
    NotFound(String),
    /// It exists but cannot be run (exit status 126).
    NotExecutable(String, String),
    /// The kernel refused to let us trace it.
    Permission(String),
    /// A bad request.
    Usage(String),
    /// Anything else the system refused.
    Io(String),
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::NotFound(_) => 127,
            Error::NotExecutable(..) => 126,
            Error::Permission(_) | Error::Usage(_) => 2,
            Error::Io(_) => 1,
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::NotFound(p) => write!(f, "{p}: command not found (check the name, or give its path)"),
            Error::NotExecutable(p, why) => write!(f, "{p}: cannot run it: {why}"),
            Error::Permission(why) => write!(f, "cannot trace: {why}"),
            Error::Usage(why) | Error::Io(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for Error {}

/// A view of a task for observers.
#[derive(Debug, Clone, Copy)]
pub struct TaskRef {
    pub pid: Pid,
    pub tid: Pid,
}

/// Code that looks at the kernel while the tracees are stopped, and adds
/// events of its own (the kernel view, hang reports). Every method has a
/// default that does nothing.
pub trait Observer {
    /// Calls this observer must hear of even when [`Config::filter`] hides
    /// them (e.g. the calls that create and remove kernel objects, for a
    /// ledger): they stop the tracee, and their exits go to
    /// [`Observer::hidden_exit`], but they are not reported to the sinks.
    /// Asked once, before the program starts.
    fn needs(&self) -> Vec<Sysno> {
        Vec::new()
    }
    /// Calls this observer must hear of, as [`Observer::needs`], only when
    /// they may create a file: (call, index of its flags argument). With a
    /// seccomp filter they stop only when those flags have O_CREAT.
    fn needs_creating(&self) -> Vec<(Sysno, usize)> {
        Vec::new()
    }
    /// A reported call is entering the kernel; the thread is stopped before
    /// it runs (what an fd refers to before `close` closes it).
    fn syscall_entry(&mut self, _task: TaskRef, _call: &Syscall) {}
    /// A call returned; the thread is still stopped at its exit.
    fn syscall_exit(&mut self, _task: TaskRef, _call: &Syscall, _out: &mut Vec<EventKind>) {}
    /// A call of [`Observer::needs`] that the filter hides returned; the
    /// thread is still stopped at its exit. The call is not decoded: only
    /// its number, raw arguments and result are set.
    fn hidden_exit(&mut self, _task: TaskRef, _call: &Syscall) {}
    /// A signal is being delivered to the thread, which is stopped before
    /// it acts on it.
    fn signal(&mut self, _task: TaskRef, _info: &SignalInfo, _out: &mut Vec<EventKind>) {}
    /// A new task appeared.
    fn spawned(&mut self, _parent: TaskRef, _spawn: &Spawn, _out: &mut Vec<EventKind>) {}
    /// A thread is about to exit; its descriptors and mappings still exist
    /// (only with [`Config::stop_at_exit`]).
    fn exiting(&mut self, _task: TaskRef, _out: &mut Vec<EventKind>) {}
    /// A thread is gone.
    fn exited(&mut self, _task: TaskRef, _exit: Exit, _out: &mut Vec<EventKind>) {}
    /// The run is about to be killed (timeout, interrupt, limit): the
    /// tracees are still alive, blocked where they were. `blocked` lists
    /// each live thread and the call it is in, if any.
    fn before_kill(&mut self, _why: Outcome, _blocked: &[(TaskRef, Option<&Syscall>)], _out: &mut Vec<EventKind>) {}
    /// The run is over; every tracee is gone.
    fn finished(&mut self, _out: &mut Vec<EventKind>) {}
}

/// An observer that observes nothing.
pub struct NoObserver;
impl Observer for NoObserver {}

/// Several observers, each told everything in turn.
pub struct Observers<'a>(pub Vec<&'a mut dyn Observer>);

impl Observer for Observers<'_> {
    fn needs(&self) -> Vec<Sysno> {
        let mut all: Vec<Sysno> = self.0.iter().flat_map(|o| o.needs()).collect();
        all.sort_unstable_by_key(|s| s.id());
        all.dedup();
        all
    }
    fn needs_creating(&self) -> Vec<(Sysno, usize)> {
        let mut all: Vec<(Sysno, usize)> = self.0.iter().flat_map(|o| o.needs_creating()).collect();
        all.sort_unstable_by_key(|(s, i)| (s.id(), *i));
        all.dedup();
        all
    }
    fn syscall_entry(&mut self, task: TaskRef, call: &Syscall) {
        self.0.iter_mut().for_each(|o| o.syscall_entry(task, call));
    }
    fn hidden_exit(&mut self, task: TaskRef, call: &Syscall) {
        self.0.iter_mut().for_each(|o| o.hidden_exit(task, call));
    }
    fn signal(&mut self, task: TaskRef, info: &SignalInfo, out: &mut Vec<EventKind>) {
        self.0.iter_mut().for_each(|o| o.signal(task, info, out));
    }
    fn syscall_exit(&mut self, task: TaskRef, call: &Syscall, out: &mut Vec<EventKind>) {
        self.0.iter_mut().for_each(|o| o.syscall_exit(task, call, out));
    }
    fn spawned(&mut self, parent: TaskRef, spawn: &Spawn, out: &mut Vec<EventKind>) {
        self.0.iter_mut().for_each(|o| o.spawned(parent, spawn, out));
    }
    fn exiting(&mut self, task: TaskRef, out: &mut Vec<EventKind>) {
        self.0.iter_mut().for_each(|o| o.exiting(task, out));
    }
    fn exited(&mut self, task: TaskRef, exit: Exit, out: &mut Vec<EventKind>) {
        self.0.iter_mut().for_each(|o| o.exited(task, exit, out));
    }
    fn before_kill(&mut self, why: Outcome, blocked: &[(TaskRef, Option<&Syscall>)], out: &mut Vec<EventKind>) {
        self.0.iter_mut().for_each(|o| o.before_kill(why, blocked, out));
    }
    fn finished(&mut self, out: &mut Vec<EventKind>) {
        self.0.iter_mut().for_each(|o| o.finished(out));
    }
}

/// Whether a task's calls are reported yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Visibility {
    /// ipclab's own child between fork and exec.
    PreExec,
    /// Before the start marker: the loader and the runtime.
    BeforeMarker,
    Shown,
}

struct Pending {
    call: Syscall,
    /// Reported to the sinks (shown, and inside the filter).
    reported: bool,
}

struct Task {
    tgid: Pid,
    visibility: Visibility,
    pending: Option<Pending>,
    fds: SharedFds,
    /// An exec event arrived for the pending execve: report it after the call.
    exec_path: Option<(String, Option<Pid>)>,
}

/// A running trace.
struct Tracer<'a> {
    config: &'a Config,
    sink: &'a mut dyn Sink,
    observer: &'a mut dyn Observer,
    start: Instant,
    /// Some sink reads event times.
    timed: bool,
    tasks: IdMap<Task>,
    root: Pid,
    root_exit: Option<Outcome>,
    /// Set once the tree is being killed, with the reason.
    killing: Option<Outcome>,
    /// The program could not be exec'd after fork.
    exec_error: Option<Errno>,
    /// The child ended before it could exec the program.
    prestart_exit: Option<Exit>,
    /// The program's executable, once exec'd.
    program_path: Option<String>,
    filter: Option<Vec<bool>>,
    /// With a filter: the calls outside it the observer needs to hear of.
    observed: Option<Vec<bool>>,
    use_seccomp: bool,
    /// The fd cache sees every call that could make it wrong.
    trust_fds: bool,
    deadline: Option<Instant>,
    /// Argument vectors of calls already shown, emptied, for the next
    /// calls to decode into.
    spare_args: Vec<Vec<Field>>,
}

/// How many emptied argument vectors the tracer keeps for reuse.
const SPARE_ARGS: usize = 8;

/// Runs `config`'s program under the tracer, sending every event to `sink`.
///
/// Returns how the program ended, or why it could not be traced. The whole
/// traced tree is gone when this returns.
pub fn run(config: &Config, sink: &mut dyn Sink, observer: &mut dyn Observer) -> Result<Outcome, Error> {
    let path = spawn::resolve(&config.program)?;
    let mut argv = vec![config.program.clone()];
    argv.extend(config.args.iter().cloned());

    let use_seccomp = config.seccomp && config.filter.is_some();
    let needs = if config.filter.is_some() { observer.needs() } else { Vec::new() };
    let creating = if config.filter.is_some() { observer.needs_creating() } else { Vec::new() };
    // With a seccomp filter, calls outside it are unseen. If the chosen
    // calls show descriptors, the few calls that close or replace one stop
    // too (unreported), so the fd cache stays true; otherwise every
    // descriptor is read afresh from /proc at each reported call.
    let trust_fds = !use_seccomp || config.filter.as_deref().is_some_and(fds::names_fds);
    let fd_calls: Vec<Sysno> = if use_seccomp && trust_fds { fds::fd_replacing() } else { Vec::new() };
    let bpf = config.filter.as_ref().filter(|_| use_seccomp).map(|calls| {
        let mut nrs: Vec<u64> = calls.iter().chain(&needs).chain(&fd_calls).map(|s| s.id() as u64).collect();
        // The start marker must stop the tracee to be seen, and so must
        // exec, whose failure to start the program is reported as such.
        if config.start_marker.is_some() {
            nrs.push(Sysno::prctl.id() as u64);
        }
        nrs.extend([Sysno::execve.id() as u64, Sysno::execveat.id() as u64]);
        nrs.sort_unstable();
        nrs.dedup();
        let when: Vec<seccomp::WhenFlag> = creating
            .iter()
            .map(|&(s, arg)| seccomp::WhenFlag { nr: s.id() as u64, arg, bits: libc::O_CREAT as u32 })
            .collect();
        seccomp::build_filter(&nrs, &when)
    });
    let table_of = |calls: &[Sysno]| {
        let mut table = vec![false; Sysno::table_size()];
        for s in calls {
            if let Some(slot) = table.get_mut(s.id() as usize) {
                *slot = true;
            }
        }
        table
    };
    let filter = config.filter.as_deref().map(table_of);
    let observed_calls: Vec<Sysno> = needs.iter().copied().chain(creating.iter().map(|&(s, _)| s)).collect();
    let observed = config.filter.as_ref().map(|_| table_of(&observed_calls));

    let ticker = tick::Ticker::start().map_err(|e| Error::Io(format!("cannot start the tracer's timer: {e}")))?;
    let setup = spawn::ChildSetup {
        filter: bpf.as_deref(),
        trace_exit: config.stop_at_exit,
        stdio: [&config.stdio[0], &config.stdio[1], &config.stdio[2]],
        memory_limit: config.memory_limit,
        env: &config.env,
    };
    let root = spawn::spawn(&path, &argv, &setup)?;
    let start = Instant::now();
    let timed = sink.needs_time();
    let mut tracer = Tracer {
        config,
        sink,
        observer,
        start,
        timed,
        tasks: IdMap::default(),
        root,
        root_exit: None,
        killing: None,
        exec_error: None,
        prestart_exit: None,
        program_path: None,
        filter,
        observed,
        use_seccomp,
        trust_fds,
        deadline: config.timeout.map(|t| start + t),
        spare_args: Vec::new(),
    };
    tracer.tasks.insert(
        root,
        Task {
            tgid: root,
            visibility: Visibility::PreExec,
            pending: None,
            fds: Rc::new(RefCell::new(FdTable::default())),
            exec_path: None,
        },
    );
    let outcome = tracer.run_loop();
    drop(ticker);
    let mut out = Vec::new();
    tracer.observer.finished(&mut out);
    tracer.emit_all(root, root, out);
    tracer.sink.idle();
    if let Some(e) = tracer.exec_error {
        let shown = config.program.to_string_lossy().into_owned();
        return Err(if e == Errno::ENOENT {
            Error::NotFound(shown)
        } else {
            Error::NotExecutable(shown, e.desc().to_lowercase())
        });
    }
    if let Some(exit) = tracer.prestart_exit {
        return Err(Error::Io(format!(
            "{}: the program could not be started under the tracer ({exit:?})",
            config.program.to_string_lossy()
        )));
    }
    Ok(outcome)
}

impl Tracer<'_> {
    fn now(&self) -> Duration {
        if self.timed { self.start.elapsed() } else { Duration::ZERO }
    }

    fn emit(&mut self, pid: Pid, tid: Pid, kind: EventKind) {
        let event = Event { time: self.now(), pid, tid, kind };
        self.sink.event(&event);
        if let EventKind::Syscall(call) = event.kind {
            self.recycle(call);
        }
    }

    /// Keeps the argument vector of a call that is done with.
    fn recycle(&mut self, mut call: Syscall) {
        if self.spare_args.len() < SPARE_ARGS && call.args.capacity() > 0 {
            call.args.clear();
            self.spare_args.push(std::mem::take(&mut call.args));
        }
    }

    fn emit_all(&mut self, pid: Pid, tid: Pid, kinds: Vec<EventKind>) {
        for kind in kinds {
            self.emit(pid, tid, kind);
        }
    }

    fn run_loop(&mut self) -> Outcome {
        loop {
            self.check_limits();
            match sys::wait_any() {
                Ok((tid, status)) => self.handle(tid, status),
                Err(Errno::EINTR) => self.sink.idle(),
                Err(Errno::ECHILD) => break,
                Err(e) => {
                    self.emit(self.root, self.root, EventKind::Note(format!("waitpid failed: {e}")));
                    break;
                }
            }
        }
        self.killing.or(self.root_exit).unwrap_or(Outcome::Exited(0))
    }

    /// Starts killing the tree when time is up or ipclab was told to stop.
    fn check_limits(&mut self) {
        if self.killing.is_some() {
            return;
        }
        let why = if let Some(sig) = tick::termination_requested() {
            Some(Outcome::Interrupted(sig))
        } else if self.deadline.is_some_and(|d| Instant::now() >= d) {
            Some(Outcome::TimedOut)
        } else {
            None
        };
        if let Some(why) = why {
            self.kill_tree(why);
        }
    }

    fn kill_tree(&mut self, why: Outcome) {
        if self.killing.is_some() {
            return;
        }
        let mut tids: Vec<Pid> = self.tasks.keys().copied().collect();
        tids.sort_unstable();
        let blocked: Vec<(TaskRef, Option<&Syscall>)> = tids
            .iter()
            .map(|tid| {
                let t = &self.tasks[tid];
                (TaskRef { pid: t.tgid, tid: *tid }, t.pending.as_ref().map(|p| &p.call))
            })
            .collect();
        let mut out = Vec::new();
        self.observer.before_kill(why, &blocked, &mut out);
        self.emit_all(self.root, self.root, out);
        self.killing = Some(why);
        let mut groups: Vec<Pid> = self.tasks.values().map(|t| t.tgid).collect();
        groups.sort_unstable();
        groups.dedup();
        for pid in groups {
            // SAFETY: a signal to a traced process.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
    }

    fn handle(&mut self, tid: Pid, status: Status) {
        if !self.tasks.contains_key(&tid) {
            match status {
                Status::Exited(_) | Status::Signaled { .. } => return,
                // A new task whose creator's fork event has not arrived yet
                // (or never will: the creator may be killed first).
                _ => self.adopt(tid),
            }
        }
        if self.killing.is_some() && matches!(status, Status::Event { event: libc::PTRACE_EVENT_STOP, .. }) {
            // A task born while the tree is being killed: kill it too.
            // SAFETY: a signal to a traced task.
            unsafe { libc::kill(tid, libc::SIGKILL) };
        }
        match status {
            Status::Exited(code) => self.task_gone(tid, Exit::Code(code)),
            Status::Signaled { signal, core_dumped } => self.task_gone(tid, Exit::Signal { signal, core_dumped }),
            Status::SyscallStop => self.syscall_stop(tid),
            Status::Event { event, signal } => self.event_stop(tid, event, signal),
            Status::Signal(sig) => self.signal_stop(tid, sig),
            Status::Other(_) => self.resume(tid, 0),
        }
    }

    /// Resumes `tid`: through the next call boundary when it is inside a
    /// call or every call is traced, else until the next seccomp stop.
    fn resume(&mut self, tid: Pid, sig: i32) {
        let in_call = self.tasks.get(&tid).is_some_and(|t| t.pending.is_some());
        let how = if self.use_seccomp && !in_call { Resume::Cont } else { Resume::Syscall };
        // ESRCH: the task was killed meanwhile; its exit will be reported.
        let _ = sys::resume(tid, how, sig);
    }

    fn in_filter(&self, nr: u64) -> bool {
        match &self.filter {
            None => true,
            Some(table) => table.get(nr as usize).copied().unwrap_or(false),
        }
    }

    fn syscall_stop(&mut self, tid: Pid) {
        match sys::syscall_info(tid) {
            Ok(SyscallStop::Entry { arch, nr, args, sp }) => self.syscall_entry(tid, arch, nr, args, sp),
            Ok(SyscallStop::Exit { rval }) => self.syscall_exit(tid, rval),
            Ok(SyscallStop::None) | Err(_) => {}
        }
        self.resume(tid, 0);
    }

    fn syscall_entry(&mut self, tid: Pid, arch: u32, nr: u64, args: [u64; 6], sp: u64) {
        let raw = RawSyscall { nr, args, sp };
        let opts = self.config.decode;
        let native = arch == crate::arch::AUDIT_ARCH;
        let in_filter = native && self.in_filter(nr);
        let config = self.config;
        let spare = if in_filter { self.spare_args.pop().unwrap_or_default() } else { Vec::new() };
        let task = self.tasks.get_mut(&tid).expect("task exists");
        let mem = ProcessMemory::new(tid);
        let is_exec = nr == Sysno::execve.id() as u64 || nr == Sysno::execveat.id() as u64;
        let decode_it = match task.visibility {
            Visibility::Shown => in_filter,
            Visibility::PreExec => is_exec,
            Visibility::BeforeMarker => {
                nr == Sysno::prctl.id() as u64 && args[0] == libc::PR_SET_NAME as u64 && {
                    let name = decode::Reader::new(&mem, 16).c_string_bytes(args[1], 16);
                    let wanted = config.start_marker.as_deref().unwrap_or_default().as_bytes();
                    name.is_some_and(|n| n.data == wanted[..wanted.len().min(15)] || n.data == wanted)
                }
            }
        };
        if task.visibility == Visibility::BeforeMarker && decode_it {
            task.visibility = Visibility::Shown;
        }
        let mut call = if decode_it {
            decode::decode_entry_into(raw, &mem, &opts, spare)
        } else {
            // Not reported: keep only what the exit needs.
            Syscall {
                sysno: Sysno::new(nr as usize),
                name: decode::syscall_name(nr),
                args: Vec::new(),
                raw,
                ret: None,
                errno: None,
                ret_kind: decode::RetKind::Int,
                ret_value: None,
            }
        };
        if !native {
            call.name = format!("{} syscall {nr}", crate::arch::describe(arch)).into();
        }
        let reported = decode_it && task.visibility == Visibility::Shown;
        if reported {
            let mut fds = task.fds.borrow_mut();
            if !self.trust_fds {
                // Calls outside the filter never stop, so the cache cannot
                // follow them: read every descriptor afresh.
                fds.clear();
            }
            fds.annotate_entry(tid, &mut call);
        }
        let pid = task.tgid;
        task.pending = Some(Pending { call, reported });
        if reported {
            let call = &self.tasks[&tid].pending.as_ref().expect("just set").call;
            self.observer.syscall_entry(TaskRef { pid, tid }, call);
            self.sink.enter(pid, tid, call);
        }
    }

    fn syscall_exit(&mut self, tid: Pid, rval: i64) {
        let opts = self.config.decode;
        let task = self.tasks.get_mut(&tid).expect("task exists");
        let Some(mut pending) = task.pending.take() else { return };
        let pid = task.tgid;
        let mem = ProcessMemory::new(tid);
        if pending.reported {
            decode::decode_exit(&mut pending.call, rval, &mem, &opts);
            task.fds.borrow_mut().after_exit(tid, &mut pending.call);
            decode::decode_by_target(&mut pending.call, &mem);
        } else {
            pending.call.ret = Some(rval);
            pending.call.errno = decode::Errno::from_ret(rval);
            // Keep the descriptor cache true for calls we do not show.
            task.fds.borrow_mut().after_hidden(&pending.call);
        }
        if task.visibility == Visibility::PreExec && pending.call.errno.is_some() && tid == self.root {
            let is_exec = matches!(pending.call.sysno, Some(Sysno::execve | Sysno::execveat));
            if is_exec {
                self.exec_error = pending.call.errno.map(|e| Errno::from_raw(e.0));
            }
        }
        let exec = task.exec_path.take();
        let renamed = fds::renames_files(pending.call.sysno) && pending.call.succeeded();
        let hidden_but_observed = !pending.reported
            && task.visibility == Visibility::Shown
            && self.observed.as_ref().is_some_and(|t| t.get(pending.call.raw.nr as usize).copied().unwrap_or(false));
        if hidden_but_observed {
            self.observer.hidden_exit(TaskRef { pid, tid }, &pending.call);
        }
        if pending.reported {
            let mut extra = Vec::new();
            self.observer.syscall_exit(TaskRef { pid, tid }, &pending.call, &mut extra);
            self.emit(pid, tid, EventKind::Syscall(pending.call));
            self.emit_all(pid, tid, extra);
        }
        if renamed {
            // Any process's descriptor on that file is named anew.
            for t in self.tasks.values() {
                t.fds.borrow_mut().forget_paths();
            }
        }
        if let Some((path, former_tid)) = exec {
            if self.tasks.get(&tid).is_some_and(|t| t.visibility == Visibility::Shown) {
                self.emit(pid, tid, EventKind::Exec(Exec { path, former_tid }));
            }
        }
    }

    fn event_stop(&mut self, tid: Pid, event: i32, signal: i32) {
        match event {
            libc::PTRACE_EVENT_FORK | libc::PTRACE_EVENT_VFORK | libc::PTRACE_EVENT_CLONE => {
                if let Ok(child) = sys::event_msg(tid) {
                    self.new_child(tid, child as Pid, event);
                }
                self.resume(tid, 0);
            }
            libc::PTRACE_EVENT_EXEC => {
                self.exec_event(tid);
                self.resume(tid, 0);
            }
            libc::PTRACE_EVENT_SECCOMP => {
                // A chosen call is entering: treat it as a syscall-entry-stop
                // and resume to its exit.
                if let Ok(SyscallStop::Entry { arch, nr, args, sp }) = sys::syscall_info(tid) {
                    self.syscall_entry(tid, arch, nr, args, sp);
                }
                self.resume(tid, 0);
            }
            libc::PTRACE_EVENT_EXIT => {
                let pid = self.tasks[&tid].tgid;
                let mut out = Vec::new();
                self.observer.exiting(TaskRef { pid, tid }, &mut out);
                self.emit_all(pid, tid, out);
                self.resume(tid, 0);
            }
            libc::PTRACE_EVENT_STOP => {
                if matches!(signal, libc::SIGSTOP | libc::SIGTSTP | libc::SIGTTIN | libc::SIGTTOU) {
                    // Group-stop: stay stopped as the program asked, but
                    // hear about SIGCONT.
                    if self.is_shown(tid) {
                        let pid = self.tasks[&tid].tgid;
                        self.emit(pid, tid, EventKind::Stop { signal });
                    }
                    let _ = sys::resume(tid, Resume::Listen, 0);
                } else {
                    self.resume(tid, 0);
                }
            }
            _ => self.resume(tid, 0),
        }
    }

    fn is_shown(&self, tid: Pid) -> bool {
        self.tasks.get(&tid).is_some_and(|t| t.visibility == Visibility::Shown)
    }

    /// A task for `child`, made by `parent_tid`: a thread of its process
    /// or a new process, its fd table shared or copied.
    fn child_task(&self, parent_tid: Pid, child: Pid, thread: bool, shares_files: bool) -> Task {
        let parent = &self.tasks[&parent_tid];
        let fds = if shares_files { parent.fds.clone() } else { Rc::new(RefCell::new(parent.fds.borrow().clone())) };
        Task {
            tgid: if thread { parent.tgid } else { child },
            visibility: parent.visibility,
            pending: None,
            fds,
            exec_path: None,
        }
    }

    /// Takes on a task that stopped before its creator's fork event was
    /// seen: its process and parent come from /proc.
    fn adopt(&mut self, tid: Pid) {
        let (tgid, ppid) = ids_of(tid).unwrap_or((tid, self.root));
        let thread = tgid != tid;
        let creator = if thread { tgid } else { ppid };
        let task = if self.tasks.contains_key(&creator) {
            self.child_task(creator, tid, thread, thread)
        } else {
            Task {
                tgid,
                visibility: Visibility::Shown,
                pending: None,
                fds: Rc::new(RefCell::new(FdTable::default())),
                exec_path: None,
            }
        };
        self.tasks.insert(tid, task);
    }

    fn new_child(&mut self, parent_tid: Pid, child: Pid, event: i32) {
        let parent = &self.tasks[&parent_tid];
        let pending = parent.pending.as_ref().map(|p| &p.call);
        let flags = pending.and_then(|c| c.clone_flags());
        let via: &'static str = pending.and_then(|c| c.sysno).map(|s| s.name()).unwrap_or(match event {
            libc::PTRACE_EVENT_FORK => "fork",
            libc::PTRACE_EVENT_VFORK => "vfork",
            _ => "clone",
        });
        let thread = match flags {
            Some(f) => f & libc::CLONE_THREAD as u64 != 0,
            None => event == libc::PTRACE_EVENT_CLONE && ids_of(child).is_some_and(|(g, _)| g != child),
        };
        let shares_files = match flags {
            Some(f) => f & libc::CLONE_FILES as u64 != 0,
            None => thread,
        };
        let pid = parent.tgid;
        let shown = parent.visibility == Visibility::Shown;
        if !self.tasks.contains_key(&child) {
            let task = self.child_task(parent_tid, child, thread, shares_files);
            self.tasks.insert(child, task);
        }
        let spawn = Spawn { child, thread, via };
        if shown {
            let mut out = Vec::new();
            self.observer.spawned(TaskRef { pid, tid: parent_tid }, &spawn, &mut out);
            self.emit(pid, parent_tid, EventKind::Spawn(spawn));
            self.emit_all(pid, parent_tid, out);
        }
        if let Some(limit) = self.config.max_tasks {
            if self.tasks.len() > limit && self.killing.is_none() {
                self.emit(
                    pid,
                    parent_tid,
                    EventKind::Note(format!(
                        "the traced program created more than {limit} processes and threads at once: killing it"
                    )),
                );
                self.kill_tree(Outcome::TooManyTasks(limit));
            }
        }
        if self.killing.is_some() {
            // SAFETY: a signal to a traced task.
            unsafe { libc::kill(child, libc::SIGKILL) };
        }
    }

    fn exec_event(&mut self, tid: Pid) {
        let former = sys::event_msg(tid).ok().map(|t| t as Pid).filter(|&t| t != tid);
        if let Some(former) = former {
            // A thread other than the leader exec'd: it takes the leader's
            // id, and the leader is gone without an exit report.
            if let Some(mut task) = self.tasks.remove(&former) {
                task.tgid = tid;
                self.tasks.insert(tid, task);
            }
        }
        let marker = self.config.start_marker.is_some();
        let path = std::fs::read_link(format!("/proc/{tid}/exe"))
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(task) = self.tasks.get_mut(&tid) else { return };
        task.fds.borrow_mut().clear();
        match task.visibility {
            Visibility::PreExec => {
                task.visibility = if marker { Visibility::BeforeMarker } else { Visibility::Shown };
                self.program_path = Some(path.clone());
                if let Some(p) = task.pending.as_mut() {
                    p.reported = task.visibility == Visibility::Shown;
                }
                if task.visibility == Visibility::Shown {
                    if let Some(p) = task.pending.as_ref() {
                        self.sink.enter(task.tgid, tid, &p.call);
                    }
                }
            }
            // The program started itself again (a lab's roles run as the
            // same binary): hide its start-up again until its own marker.
            Visibility::Shown if marker && self.program_path.as_deref() == Some(path.as_str()) => {
                task.visibility = Visibility::BeforeMarker;
            }
            _ => {}
        }
        task.exec_path = Some((path, former));
    }

    fn signal_stop(&mut self, tid: Pid, sig: i32) {
        if self.is_shown(tid) {
            let info = sys::siginfo(tid).ok().map(|si| signal_info(sig, &si));
            let info = info.unwrap_or(SignalInfo {
                signo: sig,
                code: 0,
                sender_pid: None,
                sender_uid: None,
                addr: None,
                status: None,
            });
            let pid = self.tasks[&tid].tgid;
            let mut out = Vec::new();
            self.observer.signal(TaskRef { pid, tid }, &info, &mut out);
            self.emit(pid, tid, EventKind::Signal(info));
            self.emit_all(pid, tid, out);
        }
        self.resume(tid, sig);
    }

    fn task_gone(&mut self, tid: Pid, exit: Exit) {
        let Some(mut task) = self.tasks.remove(&tid) else { return };
        let pid = task.tgid;
        if let Some(p) = task.pending.take() {
            if p.reported {
                // Cut off inside the call (exit_group, a fatal signal).
                self.emit(pid, tid, EventKind::Syscall(p.call));
            }
        }
        if tid == self.root && task.visibility == Visibility::PreExec && self.exec_error.is_none() {
            self.prestart_exit = Some(exit);
        }
        if tid == self.root {
            self.root_exit = Some(match exit {
                Exit::Code(c) => Outcome::Exited(c),
                Exit::Signal { signal, core_dumped } => Outcome::Signaled { signal, core_dumped },
            });
        }
        if task.visibility == Visibility::Shown || tid == self.root && self.exec_error.is_none() {
            let mut out = Vec::new();
            self.observer.exited(TaskRef { pid, tid }, exit, &mut out);
            if task.visibility == Visibility::Shown {
                self.emit(pid, tid, EventKind::Exit(exit));
            }
            self.emit_all(pid, tid, out);
        }
    }
}

/// The thread group and parent of `tid`, from /proc (for tasks whose
/// creation we did not see).
fn ids_of(tid: Pid) -> Option<(Pid, Pid)> {
    let status = std::fs::read_to_string(format!("/proc/{tid}/status")).ok()?;
    let field = |name: &str| -> Option<Pid> {
        status.lines().find_map(|l| l.strip_prefix(name)).and_then(|v| v.trim().parse().ok())
    };
    Some((field("Tgid:")?, field("PPid:")?))
}

fn signal_info(sig: i32, si: &libc::siginfo_t) -> SignalInfo {
    let code = si.si_code;
    let mut info = SignalInfo { signo: sig, code, sender_pid: None, sender_uid: None, addr: None, status: None };
    // SAFETY: the union members read are the ones the kernel fills for this
    // signal and code (see sigaction(2), "The siginfo_t argument").
    unsafe {
        match sig {
            libc::SIGSEGV | libc::SIGBUS | libc::SIGILL | libc::SIGFPE | libc::SIGTRAP if code > 0 => {
                info.addr = Some(si.si_addr() as u64);
            }
            libc::SIGCHLD => {
                info.sender_pid = Some(si.si_pid());
                info.sender_uid = Some(si.si_uid());
                info.status = Some(si.si_status());
            }
            _ if code <= 0 || code == libc::SI_USER => {
                // Sent by a process: kill, tkill, tgkill, sigqueue, or
                // a timer/mq notification (which also fill si_pid).
                info.sender_pid = Some(si.si_pid());
                info.sender_uid = Some(si.si_uid());
            }
            _ => {}
        }
    }
    info
}
