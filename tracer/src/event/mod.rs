//! The event model: everything the tracer observes, in the order it
//! happened. Every consumer (the text and JSON renderers, the per-process
//! summary, the graders) reads this stream; nothing parses printed text.
//!
//! It is the leaf of the tracer: plain data that the loop, the kernel view
//! and the hang analysis fill in, and that renderers and graders read. It
//! imports only the decoded call ([`Syscall`]); nothing here reads /proc or
//! the tracee.
//!
//! - this module: [`Event`], [`EventKind`], the [`Sink`] that receives them;
//! - [`kernel`]: what the kernel view reports (objects' states, the ledger);
//! - [`hang`]: where each thread was blocked when time ran out, and why;
//! - [`notify`]: eventfds, epoll instances, signalfds and futex words.

pub mod hang;
pub mod kernel;
pub mod ledger;
pub mod notify;
pub mod values;

use std::time::Duration;

use crate::decode::Syscall;
use hang::BlockedTask;
use kernel::{KernelEvent, LedgerEntry, LedgerSummary};

/// A process or thread id.
pub type Pid = i32;

/// One thing that happened in the traced tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Time since the traced program was started; zero when no sink of the
    /// run reads times ([`Sink::needs_time`]).
    pub time: Duration,
    /// The process (thread group) it happened in.
    pub pid: Pid,
    /// The thread it happened in (equal to `pid` for single-threaded processes).
    pub tid: Pid,
    pub kind: EventKind,
}

/// What happened.
#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    /// A system call completed, or was cut off (`ret` is None) because the
    /// process died or exec'd while in it.
    Syscall(Syscall),
    /// A new process or thread appeared.
    Spawn(Spawn),
    /// The process replaced its program (execve succeeded).
    Exec(Exec),
    /// A signal was delivered to the thread.
    Signal(SignalInfo),
    /// The thread stopped (SIGSTOP, SIGTSTP, ...) or was continued.
    Stop { signal: i32 },
    /// The thread ended.
    Exit(Exit),
    /// Something the user should know that is not a call (a process that
    /// could not be inspected, a limit reached).
    Note(String),
    /// ipclab was asked to stop (Ctrl-C, SIGTERM or SIGHUP from outside the
    /// traced tree): the program gets the signal too, and `grace` to end on
    /// its own before what is left is killed.
    Interrupted { signal: i32, grace: Duration },
    /// The thread, a process's first, was replaced by an `execve` made by
    /// another thread of its process (`by`), which takes its id.
    Superseded { by: Pid },
    /// Time ran out, or ipclab was interrupted while the program was stuck
    /// (just after [`EventKind::Interrupted`]): where each live thread was
    /// blocked, on what, and who could have woken it. On a timeout, emitted
    /// just before the tree is killed.
    Hang(Vec<BlockedTask>),
    /// What the kernel holds for an IPC object (or process) right after the
    /// call or event before it: the kernel view.
    Kernel(KernelEvent),
    /// One object the run created and what became of it, at the end of the run.
    Ledger(LedgerEntry),
    /// The end of the ledger: how many objects, how many leaked.
    LedgerEnd(LedgerSummary),
}

/// A new task, created by fork, vfork, clone or clone3.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spawn {
    /// The new task's id.
    pub child: Pid,
    /// True when the new task is a thread of the creating process.
    pub thread: bool,
    /// The call that created it (`clone`, `clone3`, `fork`, `vfork`).
    pub via: &'static str,
}

/// A successful execve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exec {
    /// The program's path as the kernel resolved it.
    pub path: String,
    /// The thread id before the exec, when a thread other than the leader
    /// called execve (its id becomes the process id).
    pub former_tid: Option<Pid>,
}

/// A delivered signal and where it came from (its siginfo).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignalInfo {
    pub signo: i32,
    /// si_code, by name where known (`SI_USER`, `SI_TKILL`, `SEGV_MAPERR`, `CLD_EXITED`).
    pub code: i32,
    /// The sender, for signals sent by a process (kill, tgkill, sigqueue),
    /// or the child, for SIGCHLD.
    pub sender_pid: Option<Pid>,
    pub sender_uid: Option<u32>,
    /// The faulting address, for SIGSEGV, SIGBUS, SIGILL and SIGFPE.
    pub addr: Option<u64>,
    /// For SIGCHLD sent because a child changed state (si_code CLD_*): its
    /// exit status, or the signal that killed, stopped or continued it.
    pub status: Option<i32>,
    /// For SIGCHLD sent because a child changed state: the user and system
    /// CPU time it used, in clock ticks (si_utime, si_stime).
    pub times: Option<(i64, i64)>,
}

/// How a thread ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// It called exit or exit_group with this status.
    Code(i32),
    /// A signal killed it.
    Signal { signal: i32, core_dumped: bool },
}

impl Event {
    /// The syscall, when this event is one.
    pub fn syscall(&self) -> Option<&Syscall> {
        match &self.kind {
            EventKind::Syscall(sc) => Some(sc),
            _ => None,
        }
    }
}

/// Where events go: a renderer, a recorder, or several of them.
pub trait Sink {
    /// A call has entered the kernel and not returned yet (shown live by the
    /// text renderer so that a blocking call is visible while it blocks).
    fn enter(&mut self, _pid: Pid, _tid: Pid, _call: &Syscall) {}
    /// Something happened.
    fn event(&mut self, event: &Event);
    /// The tracer is waiting for the tracees: a good time to flush output.
    fn idle(&mut self) {}
    /// Whether this sink reads [`Event::time`]. When no sink of a run does,
    /// the tracer does not read the clock for every event.
    fn needs_time(&self) -> bool {
        true
    }
}

/// A sink that keeps every event, for graders and tests.
#[derive(Debug, Default)]
pub struct Recorder {
    pub events: Vec<Event>,
}

impl Sink for Recorder {
    fn event(&mut self, event: &Event) {
        self.events.push(event.clone());
    }
}

/// Sends each event to several sinks in turn.
pub struct Tee<'a>(pub Vec<&'a mut dyn Sink>);

impl Sink for Tee<'_> {
    fn enter(&mut self, pid: Pid, tid: Pid, call: &Syscall) {
        for s in &mut self.0 {
            s.enter(pid, tid, call);
        }
    }
    fn event(&mut self, event: &Event) {
        for s in &mut self.0 {
            s.event(event);
        }
    }
    fn idle(&mut self) {
        for s in &mut self.0 {
            s.idle();
        }
    }
    fn needs_time(&self) -> bool {
        self.0.iter().any(|s| s.needs_time())
    }
}
