//! The fd tables of the traced processes, as /proc shows them, kept from
//! one look to the next while no call could have changed them.
//!
//! Who holds a pipe or a socket is answered from the fd table of every live
//! traced process. Reading them all at every close, read and write of a
//! shared pipe costs a listing and two `fstatat` per descriptor per
//! process: with 64 processes on one pipe, a few hundred system calls for
//! each call shown, and a run whose view costs the square of its processes.
//!
//! A process's fd table changes only through its own system calls (and its
//! threads', which share it), through exec, and at its death. When every
//! call of every traced process stops the tracer (no `-e` filter), the view
//! sees each of them: a table read from /proc stays true until its process
//! enters a call that may change it. While a process is inside such a call,
//! its table is read afresh at each look, as it is when a filter hides calls.
//! A process that shares its table with another process (`clone` with
//! `CLONE_FILES`) or has an io_uring (which can close descriptors with no
//! call) is never kept, nor one that has begun to exit (its descriptors
//! close as it dies, before the tracer hears of its death). A SIGKILL sent
//! by a traced process ends its target with no exit stop: after one,
//! nothing is kept for the rest of the run.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use syscalls::Sysno;

use nix::unistd::Pid as NixPid;

use crate::decode::Syscall;
use crate::decode::table::{self, FdEffect};
use crate::event::Pid;
use crate::event::kernel::End;
use crate::proc::ObjectId;
use crate::proc::fd_dir::FdDir;

/// One descriptor of a process, as /proc showed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct HeldFd {
    pub fd: i32,
    /// Device and inode of what it refers to (`fstatat` through the link).
    pub object: ObjectId,
    /// It refers to a socket.
    pub socket: bool,
    /// Opened for reading, writing or both (from the link's permission bits).
    pub end: End,
}

/// The fd tables of the traced processes, read on demand and kept while
/// they cannot have changed.
#[derive(Debug)]
pub(super) struct HeldFds {
    /// Every call of every traced process is seen: tables may be kept.
    keep: bool,
    tables: HashMap<Pid, Rc<[HeldFd]>>,
    /// Processes inside a call that may change their table (one count per
    /// thread in such a call).
    in_flux: HashMap<Pid, u32>,
    /// Processes whose table may change with no call seen.
    never: HashSet<Pid>,
}

impl HeldFds {
    /// `keep`: the tracer stops at every call of every traced process.
    pub fn new(keep: bool) -> Self {
        HeldFds { keep, tables: HashMap::new(), in_flux: HashMap::new(), never: HashSet::new() }
    }

    /// The fd table of `pid`: the one kept, or read from /proc now. None
    /// when the process is gone.
    pub fn table(&mut self, pid: Pid) -> Option<Rc<[HeldFd]>> {
        if let Some(t) = self.tables.get(&pid) {
            return Some(t.clone());
        }
        let table: Rc<[HeldFd]> = read_table(pid)?.into();
        if self.keep && !self.in_flux.contains_key(&pid) && !self.never.contains(&pid) {
            self.tables.insert(pid, table.clone());
        }
        Some(table)
    }

    /// A thread of `pid` entered `call`.
    pub fn entered(&mut self, pid: Pid, call: &Syscall) {
        if sends_sigkill(call) {
            self.keep = false;
            self.tables.clear();
        }
        if keeps_fds(call.sysno) {
            return;
        }
        self.tables.remove(&pid);
        *self.in_flux.entry(pid).or_default() += 1;
        let shares_table =
            call.clone_flags().is_some_and(|f| f & libc::CLONE_FILES as u64 != 0 && f & libc::CLONE_THREAD as u64 == 0);
        if shares_table || call.sysno == Some(Sysno::io_uring_setup) {
            self.never.insert(pid);
        }
    }

    /// A thread of `pid` returned from `call` (or the call was cut off).
    pub fn exited(&mut self, pid: Pid, call: &Syscall) {
        if keeps_fds(call.sysno) {
            return;
        }
        self.tables.remove(&pid);
        if let Some(n) = self.in_flux.get_mut(&pid) {
            *n -= 1;
            if *n == 0 {
                self.in_flux.remove(&pid);
            }
        }
    }

    /// `child` was forked by `parent`: it shares its table when the parent
    /// shares its own.
    pub fn forked(&mut self, parent: Pid, child: Pid) {
        if self.never.contains(&parent) {
            self.never.insert(child);
        }
    }

    /// `pid` has begun to exit: its descriptors are about to close.
    pub fn dying(&mut self, pid: Pid) {
        self.tables.remove(&pid);
        self.never.insert(pid);
    }

    /// `pid` is gone.
    pub fn gone(&mut self, pid: Pid) {
        self.tables.remove(&pid);
        self.in_flux.remove(&pid);
        self.never.remove(&pid);
    }
}

/// Reads the fd table of `pid` from /proc: one listing, two `fstatat` per
/// descriptor. A descriptor closed meanwhile is left out.
fn read_table(pid: Pid) -> Option<Vec<HeldFd>> {
    let dir = FdDir::open(NixPid::from_raw(pid))?;
    let table = dir
        .numbers()
        .into_iter()
        .filter_map(|fd| {
            let st = dir.stat(fd)?;
            let end = dir.end(fd).unwrap_or(End::Both);
            Some(HeldFd {
                fd,
                object: ObjectId { dev: st.st_dev, ino: st.st_ino },
                socket: st.st_mode & libc::S_IFMT == libc::S_IFSOCK,
                end,
            })
        })
        .collect();
    Some(table)
}

/// True when `call` sends SIGKILL to another process.
fn sends_sigkill(call: &Syscall) -> bool {
    let a = &call.raw.args;
    let sig = match call.sysno {
        Some(Sysno::kill | Sysno::tkill | Sysno::rt_sigqueueinfo | Sysno::pidfd_send_signal) => a[1],
        Some(Sysno::tgkill | Sysno::rt_tgsigqueueinfo) => a[2],
        _ => return false,
    };
    sig as i32 == libc::SIGKILL
}

/// True for the calls that never add, close or replace a descriptor of the
/// caller (the call table's [`FdEffect::Keeps`]): the common ones of the
/// labs and of any program's hot loop. Every other call (and any number
/// not known) counts as changing the table.
fn keeps_fds(sysno: Option<Sysno>) -> bool {
    sysno.is_some_and(|s| table::of(s).fds == FdEffect::Keeps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::{FakeMemory, RawSyscall, decode_entry};

    fn call(sysno: Sysno, args: [u64; 6]) -> Syscall {
        decode_entry(RawSyscall::new(sysno.id() as u64, args), &FakeMemory::new(), &Default::default())
    }

    fn own() -> Pid {
        std::process::id() as Pid
    }

    #[test]
    fn a_table_is_kept_until_a_call_that_may_change_it() {
        let mut t = HeldFds::new(true);
        let first = t.table(own()).unwrap();
        assert!(Rc::ptr_eq(&first, &t.table(own()).unwrap()), "kept between looks");
        t.entered(own(), &call(Sysno::write, [1, 0, 0, 0, 0, 0]));
        assert!(Rc::ptr_eq(&first, &t.table(own()).unwrap()), "write changes no descriptor");
        let close = call(Sysno::close, [9, 0, 0, 0, 0, 0]);
        t.entered(own(), &close);
        let during = t.table(own()).unwrap();
        assert!(!Rc::ptr_eq(&first, &during), "read afresh once close is entered");
        assert!(!Rc::ptr_eq(&during, &t.table(own()).unwrap()), "and at every look while inside it");
        t.exited(own(), &close);
        let after = t.table(own()).unwrap();
        assert!(Rc::ptr_eq(&after, &t.table(own()).unwrap()), "kept again once it returned");
    }

    #[test]
    fn a_new_pipe_shows_in_the_table_read_after_the_call() {
        // Other tests of this process open and close descriptors too: only
        // the new pipe's two are looked at.
        let mut t = HeldFds::new(true);
        let before = t.table(own()).unwrap();
        let pipe = call(Sysno::pipe2, [0, 0, 0, 0, 0, 0]);
        t.entered(own(), &pipe);
        let (r, w) = nix::unistd::pipe().unwrap();
        t.exited(own(), &pipe);
        let after = t.table(own()).unwrap();
        assert!(!Rc::ptr_eq(&before, &after), "the table kept before the call is not used after it");
        use std::os::fd::AsRawFd;
        let fds = [r.as_raw_fd(), w.as_raw_fd()];
        let ends: Vec<(i32, End)> = after.iter().filter(|e| fds.contains(&e.fd)).map(|e| (e.fd, e.end)).collect();
        assert_eq!(ends, vec![(fds[0], End::Read), (fds[1], End::Write)]);
        let objects: HashSet<ObjectId> = after.iter().filter(|e| fds.contains(&e.fd)).map(|e| e.object).collect();
        assert_eq!(objects.len(), 1, "both ends are one pipe");
    }

    #[test]
    fn nothing_is_kept_when_calls_go_unseen_or_the_table_is_shared() {
        let mut filtered = HeldFds::new(false);
        let first = filtered.table(own()).unwrap();
        assert!(!Rc::ptr_eq(&first, &filtered.table(own()).unwrap()));

        let mut t = HeldFds::new(true);
        let shared = (libc::CLONE_FILES | libc::SIGCHLD) as u64;
        t.entered(own(), &call(Sysno::clone, [shared, 0, 0, 0, 0, 0]));
        t.exited(own(), &call(Sysno::clone, [shared, 0, 0, 0, 0, 0]));
        let a = t.table(own()).unwrap();
        assert!(!Rc::ptr_eq(&a, &t.table(own()).unwrap()), "a table shared with another process");
        t.forked(own(), 1);
        assert!(t.never.contains(&1), "its children share it too");
        t.gone(own());
        assert!(t.table(own()).is_some_and(|a| Rc::ptr_eq(&a, &t.table(own()).unwrap())), "a new process of the pid");
    }

    #[test]
    fn nothing_is_kept_of_a_process_that_exits_or_after_a_sigkill() {
        let mut t = HeldFds::new(true);
        t.dying(own());
        let a = t.table(own()).unwrap();
        assert!(!Rc::ptr_eq(&a, &t.table(own()).unwrap()), "an exiting process");
        t.gone(own());
        let a = t.table(own()).unwrap();
        assert!(Rc::ptr_eq(&a, &t.table(own()).unwrap()));
        t.entered(own(), &call(Sysno::kill, [1, libc::SIGTERM as u64, 0, 0, 0, 0]));
        assert!(Rc::ptr_eq(&a, &t.table(own()).unwrap()), "a signal that can be caught");
        t.entered(own(), &call(Sysno::tgkill, [1, 1, libc::SIGKILL as u64, 0, 0, 0]));
        let b = t.table(own()).unwrap();
        assert!(!Rc::ptr_eq(&a, &b) && !Rc::ptr_eq(&b, &t.table(own()).unwrap()), "after a SIGKILL");
    }

    #[test]
    fn unknown_calls_count_as_changing_descriptors() {
        assert!(!keeps_fds(None));
        assert!(!keeps_fds(Some(Sysno::openat)));
        assert!(!keeps_fds(Some(Sysno::dup3)));
        assert!(!keeps_fds(Some(Sysno::recvmsg)), "SCM_RIGHTS adds descriptors");
        assert!(!keeps_fds(Some(Sysno::execve)), "exec closes O_CLOEXEC ones");
        assert!(!keeps_fds(Some(Sysno::fcntl)), "F_DUPFD");
        assert!(keeps_fds(Some(Sysno::read)));
        assert!(keeps_fds(Some(Sysno::semop)));
    }
}
