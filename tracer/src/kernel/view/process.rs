//! The traced processes: what a new process inherits from its parent (its
//! descriptors on the run's objects, its segments), what one holds as it
//! exits, and zombies until their parent reaps them.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::os::fd::OwnedFd;

use syscalls::Sysno;

use super::registry::Key;
use super::{KernelView, nix_pid};
use crate::event::Pid;
use crate::event::kernel::{End, ExecClosed, Inherited, InheritedFd, InheritedShm, KernelEvent, ObjectKind, Reaped};
use crate::proc::fd_dir::{FdDir, end_of};
use crate::proc::{parse_shm_mappings, process_status};

/// The traced processes, as the view follows them.
#[derive(Debug, Default)]
pub(super) struct Processes {
    /// Live traced processes (thread group ids).
    pub live: BTreeSet<Pid>,
    /// Zombies seen, with their parent.
    pub zombies: BTreeMap<Pid, Pid>,
    /// A traced process was seen: the program started.
    pub seen: bool,
    /// Handles on the live traced processes, to borrow their fds.
    pub pidfds: HashMap<Pid, OwnedFd>,
    /// Objects a process held when it began to exit.
    pub held_at_exit: HashMap<Pid, Vec<usize>>,
    /// How many threads besides its first each process has made and not
    /// yet seen end.
    pub threads: HashMap<Pid, usize>,
}

impl KernelView {
    /// After a wait: which of the caller's zombies are gone.
    pub(super) fn wait_exit(&mut self, pid: Pid, sysno: Sysno, ret: i64, out: &mut Vec<KernelEvent>) {
        match sysno {
            Sysno::wait4 => self.on_wait(pid, Some(ret as Pid), out),
            Sysno::waitid => self.on_wait(pid, None, out),
            _ => {}
        }
    }

    /// The run's IPC objects a process holds fds on, and its open fd
    /// directory to ask more of them (None when the run has no objects an
    /// fd can refer to, or the process is gone).
    pub(super) fn held_by(&self, pid: Pid) -> (Vec<(i32, usize)>, Option<FdDir>) {
        if !self.objects.has_fd_objects() {
            return (Vec::new(), None);
        }
        let Some(dir) = FdDir::open(nix_pid(pid)) else { return (Vec::new(), None) };
        let held: Vec<(i32, usize)> =
            dir.numbers().into_iter().filter_map(|fd| Some((fd, self.objects.by_link(&dir.link(fd)?)?))).collect();
        (held, Some(dir))
    }

    /// The descriptors of `pid` on the run's objects: the object's index,
    /// and the fd as a fork's or an exec's line names it.
    pub(super) fn fds_on_objects(&self, pid: Pid) -> Vec<(usize, InheritedFd)> {
        let (held, dir) = self.held_by(pid);
        let mut fds = Vec::new();
        for (fd, i) in held {
            let t = &self.objects[i];
            let object = match t.kind {
                ObjectKind::Fifo | ObjectKind::PosixMq | ObjectKind::PosixShm | ObjectKind::PosixSem => {
                    t.path.clone().unwrap_or_default()
                }
                _ => t.name.clone(),
            };
            let end = match &dir {
                Some(dir) if t.kind != ObjectKind::Socket => end_of(nix_pid(pid), dir, fd),
                _ => End::Both,
            };
            fds.push((i, InheritedFd { fd, object, end }));
        }
        fds
    }

    pub(super) fn inherited(&mut self, parent: Pid, child: Pid) -> Option<KernelEvent> {
        let mut fds = Vec::new();
        for (i, fd) in self.fds_on_objects(child) {
            self.objects.used(i, child);
            fds.push(fd);
        }
        let mut shm = Vec::new();
        if self.any_shm {
            let maps = std::fs::read_to_string(format!("/proc/{child}/maps")).unwrap_or_default();
            for m in parse_shm_mappings(&maps).unwrap_or_default() {
                if let Some(i) = self.objects.find(&Key::Shm(m.shmid)) {
                    self.objects.used(i, child);
                }
                shm.push(InheritedShm { shmid: m.shmid, start: m.start });
            }
        }
        (!fds.is_empty() || !shm.is_empty()).then_some(KernelEvent::Inherited(Inherited { child, parent, fds, shm }))
    }

    /// After a successful `execve` of `pid`, which held `before` on the
    /// run's objects: what close-on-exec closed, and what it keeps. An
    /// object no process holds any more is closed with it.
    pub(super) fn exec_exit(&mut self, pid: Pid, before: Vec<(usize, InheritedFd)>, out: &mut Vec<KernelEvent>) {
        let after = self.fds_on_objects(pid);
        let (closed, _): (Vec<_>, Vec<_>) = before.into_iter().partition(|(_, b)| !after.iter().any(|(_, a)| a == b));
        out.push(KernelEvent::ExecClosed(ExecClosed {
            process: pid,
            closed: closed.iter().map(|(_, f)| f.clone()).collect(),
            kept: after.iter().map(|(_, f)| f.clone()).collect(),
        }));
        let mut done = Vec::new();
        for (i, _) in closed {
            if done.contains(&i) || self.objects[i].fate.is_some() {
                continue;
            }
            done.push(i);
            let nobody = match (self.objects[i].kind, self.objects[i].object) {
                (ObjectKind::Pipe | ObjectKind::Fifo, Some(object)) => self.fd_holders(i, object).is_empty(),
                (ObjectKind::Socket, _) => {
                    self.socket_holders(&[self.objects[i].id as u64]).pop().unwrap_or_default().is_empty()
                }
                _ => false,
            };
            if nobody {
                self.released(i, pid, "execve", out);
            }
        }
    }

    pub(super) fn fork_shown(&self, via: &str) -> bool {
        self.shown.as_ref().is_none_or(|s| s.contains(via))
    }

    /// After a wait by `pid`: which of its zombies are gone. wait4 returns
    /// the one child it reaped (0 for none), so only that one is looked at;
    /// waitid leaves its child in memory, so every zombie of `pid` is.
    pub(super) fn on_wait(&mut self, pid: Pid, reaped: Option<Pid>, out: &mut Vec<KernelEvent>) {
        let children: Vec<Pid> = match reaped {
            Some(z) => self.procs.zombies.get(&z).filter(|&&p| p == pid).map(|_| z).into_iter().collect(),
            None => self.procs.zombies.iter().filter(|&(_, &p)| p == pid).map(|(&z, _)| z).collect(),
        };
        for z in children {
            let still = process_status(nix_pid(z)).is_ok_and(|s| s.is_zombie() && s.ppid.as_raw() == pid);
            if !still {
                self.procs.zombies.remove(&z);
                out.push(KernelEvent::Reaped(Reaped { zombie: z, by: pid }));
            }
        }
    }
}
