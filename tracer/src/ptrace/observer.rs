//! How code that looks at the kernel hooks into the loop: an [`Observer`]
//! hears of every stop while the tracee is still stopped there, and may add
//! events of its own (the kernel view, the hang report).

use syscalls::Sysno;

use super::config::Outcome;
use crate::decode::Syscall;
use crate::event::{EventKind, Exit, Pid, SignalInfo, Spawn};

/// A view of a task for observers.
#[derive(Debug, Clone, Copy)]
pub struct TaskRef {
    pub pid: Pid,
    pub tid: Pid,
}

/// A live thread when the run is about to be killed: the call it is in, or
/// where it was in its program when it was running its own code.
#[derive(Debug, Clone)]
pub struct Blocked<'a> {
    pub task: TaskRef,
    /// The call it is in, if any.
    pub call: Option<&'a Syscall>,
    /// For a thread that was running in user space when time ran out: its
    /// instruction pointer, read a few times, each once it was stopped.
    pub ips: Vec<u64>,
    /// It made a call less than a second ago: a thread running its own
    /// code now is between two calls (an event loop's work), not spinning.
    pub recent: bool,
}

/// Code that looks at the kernel while the tracees are stopped, and adds
/// events of its own (the kernel view, hang reports). Every method has a
/// default that does nothing.
pub trait Observer {
    /// Calls this observer must hear of even when [`Config::filter`](super::Config::filter) hides
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
    /// A call of [`Observer::needs`] that the filter (or the start marker)
    /// hides entered; the thread is stopped before it runs. The call is
    /// not decoded: only its number and raw arguments are set.
    fn hidden_entry(&mut self, _task: TaskRef, _call: &Syscall) {}
    /// A call of [`Observer::needs`] that the filter hides returned; the
    /// thread is still stopped at its exit. The call is not decoded: only
    /// its number, raw arguments and result are set. Events pushed are
    /// shown on their own (the call is not), when the task is shown.
    fn hidden_exit(&mut self, _task: TaskRef, _call: &Syscall, _out: &mut Vec<EventKind>) {}
    /// A signal is being delivered to the thread, which is stopped before
    /// it acts on it.
    fn signal(&mut self, _task: TaskRef, _info: &SignalInfo, _out: &mut Vec<EventKind>) {}
    /// A new task appeared.
    fn spawned(&mut self, _parent: TaskRef, _spawn: &Spawn, _out: &mut Vec<EventKind>) {}
    /// A thread is about to exit; its descriptors and mappings still exist
    /// (only with [`Config::stop_at_exit`](super::Config::stop_at_exit)).
    fn exiting(&mut self, _task: TaskRef, _out: &mut Vec<EventKind>) {}
    /// A thread is gone.
    fn exited(&mut self, _task: TaskRef, _exit: Exit, _out: &mut Vec<EventKind>) {}
    /// The run is about to be killed (timeout, interrupt, limit): the
    /// tracees are still alive, blocked where they were. `blocked` lists
    /// each live thread and the call it is in, if any (on a timeout, a
    /// thread running its own code is stopped first, and where it was given).
    fn before_kill(&mut self, _why: Outcome, _blocked: &[Blocked<'_>], _out: &mut Vec<EventKind>) {}
    /// ipclab was asked to stop (`signal`) while the program was stuck:
    /// every live thread in a call (or woken from it by the signal just
    /// now), or running in user space without a call. `blocked` lists each
    /// live thread and that call. The program is then let end on its own.
    fn interrupted(&mut self, _signal: i32, _blocked: &[Blocked<'_>], _out: &mut Vec<EventKind>) {}
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
    fn hidden_entry(&mut self, task: TaskRef, call: &Syscall) {
        self.0.iter_mut().for_each(|o| o.hidden_entry(task, call));
    }
    fn hidden_exit(&mut self, task: TaskRef, call: &Syscall, out: &mut Vec<EventKind>) {
        self.0.iter_mut().for_each(|o| o.hidden_exit(task, call, out));
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
    fn before_kill(&mut self, why: Outcome, blocked: &[Blocked<'_>], out: &mut Vec<EventKind>) {
        self.0.iter_mut().for_each(|o| o.before_kill(why, blocked, out));
    }
    fn interrupted(&mut self, signal: i32, blocked: &[Blocked<'_>], out: &mut Vec<EventKind>) {
        self.0.iter_mut().for_each(|o| o.interrupted(signal, blocked, out));
    }
    fn finished(&mut self, out: &mut Vec<EventKind>) {
        self.0.iter_mut().for_each(|o| o.finished(out));
    }
}
