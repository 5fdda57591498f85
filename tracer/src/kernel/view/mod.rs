//! The kernel view at work: an [`Observer`] of the ptrace loop that, after
//! each call creating, changing or removing an IPC object, reads what the
//! kernel now holds for it and adds a [`KernelEvent`] after the call; and
//! that keeps the ledger of every object the run created, reported at the
//! end as [`LedgerEntry`](crate::event::kernel::LedgerEntry) events.
//!
//! # Reading, not remembering
//!
//! Every number shown is read from the kernel when the call returns, never
//! computed from the calls seen before: with `-e` most calls may be hidden
//! (and with seccomp never even stop), so a view built by replaying calls
//! would drift. Who holds a pipe comes from the fds of every live traced
//! process, bytes from `FIONREAD`, a queue's counts from /proc/sysvipc.
//! What the view remembers is which objects are the run's, to know which
//! descriptors are worth a look (a `write` to the terminal is not) and to
//! keep the ledger; and, when no filter hides calls, each process's fd table
//! as /proc showed it, until the process enters a call that may change it
//! (`held_fds.rs`). For that it asks the loop ([`Observer::needs`]) to stop
//! at the few calls that create and remove objects even when the filter
//! hides them.
//!
//! # Cost
//!
//! Calls that touch no IPC object cost one `match` on the call number. A
//! `read` or `write` costs a `readlink` of its fd, and, on a pipe or socket
//! of the run, the `FIONREAD` through a borrowed fd (see [`crate::proc::peek`]).
//! Creating, closing and forking look at the fd tables of the traced
//! processes: each one read once while it stays the same.
//!
//! # Never changing what is looked at
//!
//! All reads go through the readers of [`crate::proc`], which open no pipe
//! end, receive no message, operate on no semaphore and attach no segment.
//!
//! # The rooms
//!
//! - `registry`: the run's objects, found by key and by link (no /proc);
//! - `dispatch`: which handler a call goes to, from the call table's family
//!   column, and what its entry must see for its exit;
//! - one handler per family: `pipe`, `sysv`, `posix_mq`, `posix_shm`,
//!   `socket`, `signal`, `lock`, `process` (forks, exits, zombies),
//!   `passing` (descriptors carried in Unix socket messages), `event_fds`
//!   (eventfd, epoll, signalfd) and `futex` (words in a segment); calls on
//!   any descriptor (`descriptors`: data, close, dup) and on any path
//!   (`paths`: open, unlink) find the object, then its family;
//! - `held_fds`: the traced processes' fd tables, kept while unchanged;
//! - `ledger`: the ledger at the end of the run (fates, leaks removed).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use nix::unistd::Pid as NixPid;
use syscalls::Sysno;

use crate::decode::Syscall;
use crate::decode::table::{self, Effect};
use crate::event::kernel::{Fate, KernelEvent, ObjectKind, ShmAttach, Unavailable, Zombie};
use crate::event::{EventKind, Exit, Pid, SignalInfo, Spawn};
use crate::kernel::journal::{Journal, Record};
use crate::kernel::ledger::Evidence;
use crate::proc::{ErrorKind, ProcState, parse_shm_mappings, process_state, shm_row};
use crate::ptrace::{Observer, TaskRef};

mod descriptors;
mod dispatch;
mod event_fds;
mod futex;
mod held_fds;
mod ledger;
mod lock;
mod passing;
mod paths;
mod pipe;
mod posix_mq;
mod posix_shm;
mod process;
mod registry;
mod signal;
mod socket;
mod sysv;

use dispatch::Before;
use held_fds::HeldFds;
use process::Processes;
use registry::Registry;

/// Bytes of a shared memory segment shown after `shmdt` and at exit.
pub const PREVIEW_LEN: usize = 64;

/// How the kernel view is set up.
#[derive(Debug, Default)]
pub struct ViewOptions {
    /// The calls the trace shows (its `-e` filter), `None` for all: decides
    /// where a fork's inherited objects are shown.
    pub shown: Option<Vec<Sysno>>,
    /// At the end, remove what the run leaked (only what it created).
    pub cleanup: bool,
    /// Keep the ledger of lasting objects on disk, for `ipclab clean`.
    pub journal: Option<Journal>,
    /// The language of the view's notes (a leftover that cannot be checked
    /// or removed); its `kernel:` lines are words of the renderer's.
    pub lang: crate::i18n::Lang,
}

/// The kernel view: an observer for [`crate::ptrace::run`].
pub struct KernelView {
    shown: Option<HashSet<&'static str>>,
    cleanup: bool,
    journal: Option<Journal>,
    lang: crate::i18n::Lang,
    own_pid: Pid,
    /// The traced processes: live, zombies, handles on them.
    procs: Processes,
    /// The objects of the run.
    objects: Registry,
    /// A segment was seen: forks and exits look at the mappings.
    any_shm: bool,
    before: HashMap<Pid, Before>,
    /// Inherited objects of a fork, shown after the fork call's line.
    inherit_later: HashMap<Pid, Vec<KernelEvent>>,
    no_sysv_noted: bool,
    notes: Vec<String>,
    /// The fd tables of the traced processes, for who holds what.
    held_fds: HeldFds,
    /// The segments each process has attached, for futex calls, while no
    /// call may have changed its mappings (`futex.rs`).
    shm_maps: HashMap<Pid, Vec<crate::proc::ShmMapping>>,
    /// The bytes each segment held when the view last showed them, so that a
    /// semaphore operation shows a segment only when it changed (`sysv.rs`).
    shm_seen: HashMap<i32, Vec<u8>>,
    /// The size of each segment as its row last gave it, so that a reading
    /// through a mapping (whole pages) stops at the segment's end.
    shm_sizes: HashMap<i32, u64>,
    /// Descriptors sent in Unix socket messages and not yet received.
    in_flight: passing::InFlight,
    /// The files the run has locked.
    locked: lock::LockedFiles,
}

/// A pid as the readers of [`crate::proc`] take it.
fn nix_pid(pid: Pid) -> NixPid {
    NixPid::from_raw(pid)
}

/// What could not be read, as a kernel event.
fn unavailable(reason: impl ToString) -> KernelEvent {
    KernelEvent::Unavailable(Unavailable { reason: reason.to_string() })
}

impl KernelView {
    pub fn new(options: ViewOptions) -> KernelView {
        KernelView {
            held_fds: HeldFds::new(options.shown.is_none()),
            shown: options.shown.map(|calls| calls.iter().map(|s| s.name()).collect()),
            cleanup: options.cleanup,
            journal: options.journal,
            lang: options.lang,
            own_pid: std::process::id() as Pid,
            procs: Processes::default(),
            objects: Registry::default(),
            any_shm: false,
            before: HashMap::new(),
            inherit_later: HashMap::new(),
            no_sysv_noted: false,
            notes: Vec::new(),
            shm_maps: HashMap::new(),
            shm_seen: HashMap::new(),
            shm_sizes: HashMap::new(),
            in_flight: passing::InFlight::default(),
            locked: lock::LockedFiles::default(),
        }
    }

    /// The journal file of this run, if one was written.
    pub fn journal_path(&self) -> Option<&Path> {
        self.journal.as_ref().and_then(|j| j.path())
    }

    /// A traced process made a call or an event.
    fn process_seen(&mut self, pid: Pid) {
        self.procs.live.insert(pid);
        self.procs.seen = true;
    }

    /// An error while reading: a short note, given once for a kernel
    /// without System V IPC.
    fn failed(&mut self, err: crate::proc::Error, out: &mut Vec<KernelEvent>) {
        if matches!(err.kind(), ErrorKind::NoSysvIpc) {
            if !self.no_sysv_noted {
                self.no_sysv_noted = true;
                out.push(unavailable(err));
            }
            return;
        }
        out.push(unavailable(err));
    }

    /// Records a lasting object the run created: its evidence, in memory and on disk.
    fn set_evidence(&mut self, i: usize, evidence: Evidence) {
        let t = &mut self.objects[i];
        if t.evidence.as_ref() == Some(&evidence) {
            return;
        }
        let record = match (&t.evidence, &t.created_by) {
            (None, Some(by)) => {
                Some(Record::Created { evidence: evidence.clone(), pid: by.pid, call: by.call.clone() })
            }
            (Some(_), Some(_)) => Some(Record::Updated { evidence: evidence.clone() }),
            _ => None,
        };
        t.evidence = Some(evidence);
        if let (Some(record), Some(j)) = (record, self.journal.as_mut()) {
            if let Some(note) = j.append(&record) {
                self.notes.push(note);
            }
        }
    }

    /// Counts `pid` among the users of every POSIX shared memory object and
    /// named semaphore its `maps` show it maps.
    fn mark_mappers(&mut self, pid: Pid, maps: &str) {
        let mapped: Vec<usize> = self
            .objects
            .iter()
            .filter(|(_, t)| matches!(t.kind, ObjectKind::PosixShm | ObjectKind::PosixSem))
            .filter(|(_, t)| t.object.is_some_and(|obj| posix_shm::maps_file(maps, obj)))
            .map(|(i, _)| i)
            .collect();
        for i in mapped {
            self.objects.used(i, pid);
        }
    }

    /// An object of the run now known by another name: the ledger on disk
    /// drops the old name and records the new one.
    fn renamed_evidence(&mut self, i: usize, evidence: Evidence) {
        let t = &mut self.objects[i];
        let old = t.evidence.replace(evidence.clone());
        let Some(by) = t.created_by.clone() else { return };
        let Some(j) = self.journal.as_mut() else { return };
        let removed = old.map(|evidence| Record::Removed { evidence });
        let created = Record::Created { evidence, pid: by.pid, call: by.call };
        for record in removed.into_iter().chain([created]) {
            if let Some(note) = j.append(&record) {
                self.notes.push(note);
            }
        }
    }

    /// The object's fate is decided by a call.
    fn set_fate(&mut self, i: usize, fate: Fate) {
        let t = &mut self.objects[i];
        if t.fate.is_some() {
            return;
        }
        let removed = matches!(fate, Fate::Removed { .. }) && t.kind.persists();
        t.fate = Some(fate);
        let evidence = t.evidence.clone();
        self.objects.ended(i);
        if removed {
            if let (Some(evidence), Some(j)) = (evidence, self.journal.as_mut()) {
                if let Some(note) = j.append(&Record::Removed { evidence }) {
                    self.notes.push(note);
                }
            }
        }
    }

    fn take_notes(&mut self, out: &mut Vec<EventKind>) {
        out.extend(self.notes.drain(..).map(EventKind::Note));
    }
}

/// When the file at `path`, the object `obj` the run just made, was born
/// (its change time where the filesystem records no birth), for the
/// evidence that later tells it from a file that reuses its inode number.
fn born_at(path: &str, obj: crate::proc::ObjectId) -> Option<crate::kernel::ledger::Born> {
    let (dev, ino, born) = crate::kernel::ledger::file_identity(path).ok()?;
    (dev == obj.dev && ino == obj.ino).then_some(born)
}

/// The kernel view's events, as events of the trace.
fn push_kernel_events(events: Vec<KernelEvent>, out: &mut Vec<EventKind>) {
    out.extend(events.into_iter().map(EventKind::Kernel));
}

impl Observer for KernelView {
    /// The calls that create or remove objects of the ledger, and munmap
    /// (what a POSIX shared memory object holds is read before it), from
    /// the call table: the loop stops at them even when they are not
    /// reported (`-e`, the start marker), so the ledger stays complete.
    fn needs(&self) -> Vec<Sysno> {
        let mut calls = table::calls_where(|c| c.object.needed_when_hidden());
        // Descriptors in flight in socket messages: a pipe end no process
        // holds is not closed while a message carries it.
        calls.extend(passing::CALLS);
        calls
    }

    /// The opens the ledger needs when they may create a file (a POSIX
    /// shared memory object): the call and the index of its flags argument.
    fn needs_creating(&self) -> Vec<(Sysno, usize)> {
        table::all()
            .filter_map(|c| match c.object.effect {
                Effect::CreatesIf { flags_arg } => Some((c.sysno, flags_arg as usize)),
                _ => None,
            })
            .collect()
    }

    fn syscall_entry(&mut self, task: TaskRef, call: &Syscall) {
        self.held_fds.seen(task.pid);
        self.held_fds.entered(task.pid, call);
        self.entry(task, call);
    }

    /// A call of [`Observer::needs`] that is not shown entered: what its
    /// exit needs is read now as for any call (what `munmap` unmaps, whether
    /// the queue or file an open may create was there).
    fn hidden_entry(&mut self, task: TaskRef, call: &Syscall) {
        self.held_fds.unseen(task.pid);
        self.held_fds.entered(task.pid, call);
        self.entry(task, call);
    }

    fn syscall_exit(&mut self, task: TaskRef, call: &Syscall, out: &mut Vec<EventKind>) {
        self.held_fds.exited(task.pid, call);
        self.process_seen(task.pid);
        let mut events = self.inherit_later.remove(&task.tid).unwrap_or_default();
        self.exit(task, call, &mut events);
        push_kernel_events(events, out);
        self.take_notes(out);
        self.objects.fold_old();
    }

    /// A hidden call's kernel line is not shown (it would follow no call),
    /// but for `munmap` of a POSIX shared memory object: what the object
    /// held as the process unmapped it is the one chance to see what a
    /// process wrote there (writes to a mapping make no call), and the line
    /// names the process and the call.
    fn hidden_exit(&mut self, task: TaskRef, call: &Syscall, out: &mut Vec<EventKind>) {
        self.held_fds.unseen(task.pid);
        self.held_fds.exited(task.pid, call);
        self.process_seen(task.pid);
        let mut events = Vec::new();
        self.exit(task, call, &mut events);
        if call.sysno == Some(Sysno::munmap) {
            push_kernel_events(events, out);
        }
        self.take_notes(out);
        self.objects.fold_old();
    }

    fn signal(&mut self, task: TaskRef, info: &SignalInfo, out: &mut Vec<EventKind>) {
        let mut events = Vec::new();
        self.signal_state(task.pid, task.tid, Some(info.signo), &mut events);
        push_kernel_events(events, out);
    }

    fn spawned(&mut self, parent: TaskRef, spawn: &Spawn, out: &mut Vec<EventKind>) {
        self.process_seen(parent.pid);
        if spawn.thread {
            *self.procs.threads.entry(parent.pid).or_default() += 1;
            return;
        }
        self.procs.live.insert(spawn.child);
        self.held_fds.forked(parent.pid, spawn.child);
        if self.objects.has_posix_shm() {
            // It inherits its parent's mappings: a semaphore it posts to,
            // with no call, is one of them.
            let maps = std::fs::read_to_string(format!("/proc/{}/maps", spawn.child)).unwrap_or_default();
            self.mark_mappers(spawn.child, &maps);
        }
        let Some(ev) = self.inherited(parent.pid, spawn.child) else { return };
        if self.fork_shown(spawn.via) {
            self.inherit_later.entry(parent.tid).or_default().push(ev);
        } else {
            out.push(EventKind::Kernel(ev));
        }
    }

    fn exiting(&mut self, task: TaskRef, out: &mut Vec<EventKind>) {
        if task.tid != task.pid {
            return;
        }
        self.held_fds.dying(task.pid);
        let held: Vec<usize> = self.held_by(task.pid).0.into_iter().map(|(_, i)| i).collect();
        for &i in &held {
            self.objects.used(i, task.pid);
        }
        if !held.is_empty() {
            self.procs.held_at_exit.insert(task.pid, held);
        }
        let posix = self.objects.has_posix_shm();
        if !self.any_shm && !posix {
            return;
        }
        let maps = std::fs::read_to_string(format!("/proc/{}/maps", task.pid)).unwrap_or_default();
        if posix {
            self.mark_mappers(task.pid, &maps);
        }
        if !self.any_shm {
            return;
        }
        // Writes through shared memory make no calls: show what each
        // segment this process has attached holds as it goes.
        let mut events = Vec::new();
        for m in parse_shm_mappings(&maps).unwrap_or_default() {
            let size = shm_row(m.shmid).ok().flatten().map(|s| s.size);
            let contents = Self::contents(task.pid, m.start, m.len(), size);
            let attach = ShmAttach { pid: task.pid, start: m.start, end: m.end, writable: m.writable };
            self.shm_state(m.shmid, Some(attach), contents, &mut events);
        }
        push_kernel_events(events, out);
    }

    fn exited(&mut self, task: TaskRef, _exit: Exit, out: &mut Vec<EventKind>) {
        self.procs.seen = true;
        if task.tid != task.pid {
            if let Some(n) = self.procs.threads.get_mut(&task.pid) {
                *n = n.saturating_sub(1);
            }
            return;
        }
        let pid = task.pid;
        self.procs.threads.remove(&pid);
        self.procs.live.remove(&pid);
        self.procs.pidfds.remove(&pid);
        self.held_fds.gone(pid);
        self.shm_maps.remove(&pid);
        self.inherit_later.remove(&task.tid);
        self.before.remove(&task.tid);
        let mut events = Vec::new();
        let mut held = self.procs.held_at_exit.remove(&pid).unwrap_or_default();
        held.sort_unstable();
        held.dedup();
        for i in held {
            if self.objects.get(i).is_some_and(|t| t.fate.is_none()) {
                self.released(i, pid, "exit", &mut events);
            }
        }
        // Its own unreaped children go to a reaper (init) now.
        self.procs.zombies.retain(|_, parent| *parent != pid);
        if let Ok((state, parent)) = process_state(nix_pid(pid)) {
            let parent = parent.as_raw();
            if state == ProcState::Zombie && parent != self.own_pid {
                self.procs.zombies.insert(pid, parent);
                events.push(KernelEvent::Zombie(Zombie { zombie: pid, parent }));
            }
        }
        push_kernel_events(events, out);
        self.take_notes(out);
        self.objects.fold_old();
    }

    fn finished(&mut self, out: &mut Vec<EventKind>) {
        // A program that never started (exec failed) had no run to account for.
        if self.procs.seen || !self.objects.is_empty() {
            self.ledger(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::{DecodeOptions, FakeMemory, RawSyscall, decode_entry, decode_exit};

    /// The pid of a process that has exited and been reaped.
    fn gone_pid() -> Pid {
        let mut child = std::process::Command::new("true").spawn().expect("true runs");
        let pid = child.id() as Pid;
        child.wait().unwrap();
        pid
    }

    /// A call as the tracer would hand it over, returning `ret`.
    fn call(sysno: Sysno, args: [u64; 6], ret: i64) -> Syscall {
        let mem = FakeMemory::new();
        let opts = DecodeOptions::default();
        let mut c = decode_entry(RawSyscall::new(sysno.id() as u64, args), &mem, &opts);
        decode_exit(&mut c, ret, &mem, &opts);
        c
    }

    fn kernel_events(out: &[EventKind]) -> Vec<&KernelEvent> {
        out.iter()
            .filter_map(|e| match e {
                EventKind::Kernel(k) => Some(k),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn kill_of_a_process_that_is_gone_gives_a_note() {
        let mut view = KernelView::new(ViewOptions::default());
        let me = std::process::id() as Pid;
        let gone = gone_pid();
        let mut out = Vec::new();
        let kill = call(Sysno::kill, [gone as u64, libc::SIGUSR1 as u64, 0, 0, 0, 0], 0);
        view.syscall_exit(TaskRef { pid: me, tid: me }, &kill, &mut out);
        let events = kernel_events(&out);
        assert!(matches!(events[..], [KernelEvent::Unavailable(u)] if u.reason.contains("has exited")), "{events:?}");
    }

    #[test]
    fn calls_of_a_process_that_is_gone_give_notes_not_panics() {
        let mut view = KernelView::new(ViewOptions::default());
        let gone = gone_pid();
        let task = TaskRef { pid: gone, tid: gone };
        let mut out = Vec::new();
        for (sysno, args, ret) in [
            (Sysno::pipe2, [0x1000, 0, 0, 0, 0, 0], 0),
            (Sysno::openat, [libc::AT_FDCWD as u64, 0x1000, 0, 0, 0, 0], 3),
            (Sysno::shmat, [1, 0, 0, 0, 0, 0], 0x7f00_0000_0000),
            (Sysno::mq_open, [0x1000, 0, 0, 0, 0, 0], 3),
            (Sysno::socket, [libc::AF_UNIX as u64, 1, 0, 0, 0, 0], 3),
            (Sysno::rt_sigprocmask, [0, 0, 0, 8, 0, 0], 0),
            (Sysno::wait4, [u64::MAX, 0, 0, 0, 0, 0], 1),
        ] {
            let c = call(sysno, args, ret);
            view.syscall_entry(task, &c);
            view.syscall_exit(task, &c, &mut out);
        }
        view.spawned(task, &Spawn { child: gone, thread: false, via: "clone" }, &mut out);
        view.exiting(task, &mut out);
        view.exited(task, Exit::Code(0), &mut out);
        view.finished(&mut out);
        assert!(
            kernel_events(&out).iter().all(|k| matches!(k, KernelEvent::Unavailable(_) | KernelEvent::Shm(_))),
            "{out:?}"
        );
    }

    #[test]
    fn a_kernel_without_sysv_ipc_is_noted_once() {
        let mut view = KernelView::new(ViewOptions::default());
        let mut out = Vec::new();
        for _ in 0..3 {
            view.failed(crate::proc::Error::new("/proc/sysvipc/msg", ErrorKind::NoSysvIpc), &mut out);
        }
        assert_eq!(out.len(), 1, "{out:?}");
    }

    #[test]
    fn a_removed_queue_shows_nothing() {
        let mut view = KernelView::new(ViewOptions::default());
        let me = std::process::id() as Pid;
        let mut out = Vec::new();
        // An id no queue has: System V ids are never negative.
        let msgsnd = call(Sysno::msgsnd, [i32::MAX as u64, 0, 0, 0, 0, 0], 0);
        view.syscall_exit(TaskRef { pid: me, tid: me }, &msgsnd, &mut out);
        assert!(kernel_events(&out).is_empty(), "{out:?}");
    }

    #[test]
    fn a_program_that_never_started_has_no_ledger() {
        let mut view = KernelView::new(ViewOptions::default());
        let mut out = Vec::new();
        view.finished(&mut out);
        assert!(out.is_empty(), "{out:?}");
    }
}
