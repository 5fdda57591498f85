//! The recorded events of one run, organised for the checks: the processes
//! and who made whom, each process's calls in order, which descriptors each
//! process holds at any point, the kernel objects the run created and
//! removed, and the calls made inside signal handlers.
//!
//! Everything here is derived from the event stream alone, so it is tested
//! on synthetic events.
//!
//! Its rooms: [`procs`] (the process tree), [`ends`] (how each process's
//! part ended: on its own, or cut short), [`fds`] (descriptors replayed
//! from the calls), [`objects`] (what the run created and removed),
//! [`handlers`] (calls inside signal handlers), [`args`] (reading a
//! call's arguments) and [`calls`] (the families of calls checks match).

pub mod args;
pub mod calls;
pub mod ends;
pub mod fds;
pub mod handlers;
pub mod objects;
pub mod procs;

use std::collections::{BTreeMap, HashMap};

use syscalls::Sysno;
use tracer::decode::Syscall;
use tracer::event::{Event, EventKind, Exit, Pid};
use tracer::kernel::hang::BlockedTask;
use tracer::kernel::objects::ShmContents;
use tracer::kernel::{KernelEvent, LedgerEntry};
use tracer::ptrace::Outcome;

pub use args::{fd_of, fd_pair, field_int, int_arg, path_arg, socket_path, text_arg};
pub use fds::{AccessMode, HeldFd, HeldFds, rights_fds};
pub use handlers::InHandler;
pub use objects::{Resource, ResourceKind, ledger_object};
pub use procs::Proc;

use super::quote;
use super::record::{Limits, Recording};
use crate::i18n::tr;
use crate::labs::course::Descriptor;

/// A call, where it is in the run and who made it.
#[derive(Debug, Clone, Copy)]
pub struct CallRef<'a> {
    pub index: usize,
    pub pid: Pid,
    pub call: &'a Syscall,
}

impl CallRef<'_> {
    /// The call as a student reads it: `pid 1204 read(3<pipe:[48213]>, "", 64) = 0`.
    pub fn quote(&self) -> String {
        format!("pid {} {}", self.pid, quote::call(self.call))
    }

    /// The call's number, when this architecture knows it.
    pub fn sysno(&self) -> Option<Sysno> {
        self.call.sysno
    }

    /// This call is `sysno`.
    pub fn is(&self, sysno: Sysno) -> bool {
        self.call.sysno == Some(sysno)
    }

    /// This call is one of `calls`.
    pub fn is_any(&self, calls: &[Sysno]) -> bool {
        self.call.sysno.is_some_and(|s| calls.contains(&s))
    }

    pub fn ok(&self) -> bool {
        self.call.succeeded()
    }

    /// The return value, when the call returned.
    pub fn ret(&self) -> Option<i64> {
        self.call.ret
    }

    /// The call came back to the program with its result: it returned, and
    /// not with one of the kernel's own restart codes (ERESTARTSYS and its
    /// kin, 512-516), which a program never sees: the call goes on after a
    /// signal, or the process died in it.
    pub fn returned(&self) -> bool {
        self.call.ret.is_some() && !self.call.errno.is_some_and(|e| (512..=516).contains(&e.0))
    }
}

/// The analysed run.
#[derive(Debug, Clone)]
pub struct Trace {
    pub events: Vec<Event>,
    pub outcome: Outcome,
    pub stdout: String,
    pub stderr: String,
    pub limits: Limits,
    pub procs: BTreeMap<Pid, Proc>,
    /// The lab's first process.
    pub root: Pid,
    /// Calls the recording did not keep (a program that spun in calls).
    pub dropped_calls: usize,
    /// The lab this is a run of.
    pub lab: &'static Descriptor,
}

impl Trace {
    pub fn new(rec: Recording, lab: &'static Descriptor) -> Trace {
        let events = procs::spawns_first(rec.events);
        let (procs, root) = procs::tree(&events);
        Trace {
            events,
            outcome: rec.outcome,
            stdout: rec.stdout,
            stderr: rec.stderr,
            limits: rec.limits,
            procs,
            root,
            dropped_calls: rec.dropped_calls,
            lab,
        }
    }

    pub fn proc(&self, pid: Pid) -> Option<&Proc> {
        self.procs.get(&pid)
    }

    /// The processes the lab's first process created, in order.
    pub fn children(&self) -> Vec<Pid> {
        self.procs.get(&self.root).map(|p| p.children.clone()).unwrap_or_default()
    }

    /// The process whose exec arguments include `role` (lab 02's reader and writer).
    pub fn role(&self, role: &str) -> Option<Pid> {
        self.procs
            .values()
            .find(|p| p.exec_args.as_ref().is_some_and(|a| a.get(1).is_some_and(|r| r == role)))
            .map(|p| p.pid)
    }

    pub fn call_at(&self, index: usize) -> Option<CallRef<'_>> {
        let e = self.events.get(index)?;
        e.syscall().map(|call| CallRef { index, pid: e.pid, call })
    }

    /// Every call of `pid`, in order.
    pub fn calls(&self, pid: Pid) -> impl Iterator<Item = CallRef<'_>> + '_ {
        self.procs.get(&pid).map(|p| p.calls.as_slice()).unwrap_or_default().iter().filter_map(|&i| self.call_at(i))
    }

    /// Every call of every process, in order.
    pub fn all_calls(&self) -> impl Iterator<Item = CallRef<'_>> + '_ {
        (0..self.events.len()).filter_map(|i| self.call_at(i))
    }

    /// The calls of `pid` that are one of `calls` (see [`calls`] for the families).
    pub fn named<'a>(&'a self, pid: Pid, calls: &[Sysno]) -> impl Iterator<Item = CallRef<'a>> {
        self.calls(pid).filter(move |c| c.is_any(calls))
    }

    /// Every call of any process that is one of `calls`.
    pub fn named_all<'a>(&'a self, calls: &[Sysno]) -> impl Iterator<Item = CallRef<'a>> {
        self.all_calls().filter(move |c| c.is_any(calls))
    }

    /// The exit of `pid`, if it ended during the run.
    pub fn exit_of(&self, pid: Pid) -> Option<Exit> {
        self.procs.get(&pid).and_then(|p| p.exit.map(|(_, x)| x))
    }

    /// The hang report: where each live thread was blocked when time ran out.
    pub fn hang(&self) -> &[BlockedTask] {
        self.events
            .iter()
            .find_map(|e| match &e.kind {
                EventKind::Hang(tasks) => Some(tasks.as_slice()),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// The kernel view's ledger: each lasting object the run created and its fate.
    pub fn ledger(&self) -> Vec<&LedgerEntry> {
        self.events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Ledger(entry) => Some(entry),
                _ => None,
            })
            .collect()
    }

    /// Where a run that was killed (timeout, too many processes) starts
    /// falling apart: the first call cut off or process killed by SIGKILL.
    pub fn killed_at(&self) -> Option<usize> {
        if !matches!(self.outcome, Outcome::TimedOut | Outcome::TooManyTasks(_) | Outcome::Interrupted(_)) {
            return None;
        }
        self.events.iter().position(|e| match &e.kind {
            EventKind::Syscall(c) => c.ret.is_none() && !c.sysno.is_some_and(|s| calls::EXIT.contains(&s)),
            EventKind::Exit(Exit::Signal { signal, .. }) => *signal == libc::SIGKILL,
            _ => false,
        })
    }

    /// Who `pid` is, as the lesson names it: `the server (pid 1203)` where
    /// the lab's descriptor gives its processes roles, else `the parent`,
    /// the program a child execs, or `the child`.
    pub fn who(&self, pid: Pid) -> String {
        let roles = &self.lab.roles;
        let nth = self.children().iter().position(|&c| c == pid);
        if pid == self.root {
            match roles.first {
                "parent" => tr!("who-parent", pid = pid),
                role => tr!("who-role", role = role, pid = pid),
            }
        } else if let Some(role) = nth.and_then(|n| roles.child(n)) {
            tr!("who-role", role = role, pid = pid)
        } else if let Some(role) = self.procs.get(&pid).and_then(|p| p.exec_args.as_ref()).and_then(|a| a.get(1)) {
            tr!("who-role", role = role, pid = pid)
        } else {
            tr!("who-child", pid = pid)
        }
    }

    /// What System V segment `shmid` held each time the kernel view read it
    /// (before a `shmdt`, at `IPC_RMID` while attached, at the exit of an
    /// attacher): the index of the reading, the process it concerned, the bytes.
    pub fn segment_contents(&self, shmid: i64) -> Vec<(usize, Pid, &ShmContents)> {
        self.events
            .iter()
            .enumerate()
            .filter_map(|(i, e)| match &e.kind {
                EventKind::Kernel(KernelEvent::Shm(s)) if i64::from(s.shmid) == shmid => {
                    s.contents.as_ref().map(|c| (i, e.pid, c))
                }
                _ => None,
            })
            .collect()
    }

    /// What the kernel view read right after the call at `index` (its
    /// `kernel:` lines), in order.
    pub fn kernel_after(&self, index: usize) -> impl Iterator<Item = &KernelEvent> + '_ {
        self.events.iter().skip(index + 1).map_while(|e| match &e.kind {
            EventKind::Kernel(k) => Some(k),
            _ => None,
        })
    }

    /// What the POSIX shared memory object at `path` held each time a
    /// process was about to unmap it: the process and the bytes.
    pub fn posix_contents(&self, path: &str) -> Vec<(Pid, &ShmContents)> {
        self.events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Kernel(KernelEvent::PosixShm(s)) if s.path == path => {
                    Some((s.read_from?, s.contents.as_ref()?))
                }
                _ => None,
            })
            .collect()
    }

    /// The descriptor tables of every process just before event `upto`.
    pub fn fds_before(&self, upto: usize) -> HeldFds {
        let mut tables: HeldFds = HashMap::new();
        for (i, e) in self.events.iter().enumerate().take(upto) {
            fds::apply_fd_event(&mut tables, i, e);
        }
        tables
    }

    /// The kernel objects the run created, in order, with their removal.
    pub fn objects(&self) -> Vec<Resource> {
        objects::created(self)
    }

    /// The calls made inside signal handlers.
    pub fn handler_calls(&self) -> Vec<InHandler> {
        handlers::in_handlers(self)
    }
}

#[cfg(test)]
pub(crate) mod synthetic;
#[cfg(test)]
mod tests;
