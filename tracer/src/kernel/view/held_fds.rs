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
//!
//! The calls programs make by the thousand (`pipe`, `close`, `dup`) change
//! the table in a way their arguments and result say exactly: when one
//! returns and no other call of the process that may change the table ran
//! at the same time, the kept table is changed as the kernel changed it
//! (the new pipe's two ends, the closed descriptor gone, the duplicate
//! added), instead of read again: the look after each of them would
//! otherwise cost a listing and two `fstatat` per descriptor.
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

use crate::decode::table::{self, FdEffect};
use crate::decode::{Syscall, Value};
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
    /// Processes in which two calls that may change the table ran at once:
    /// their kept table is not changed by hand, but read again.
    overlapping: HashSet<Pid>,
    /// Processes whose calls are not all seen yet (before the start
    /// marker, only the calls the view needs reach it).
    hidden: HashSet<Pid>,
}

impl HeldFds {
    /// `keep`: the tracer stops at every call of every traced process.
    pub fn new(keep: bool) -> Self {
        HeldFds {
            keep,
            tables: HashMap::new(),
            in_flux: HashMap::new(),
            never: HashSet::new(),
            overlapping: HashSet::new(),
            hidden: HashSet::new(),
        }
    }

    /// The fd table of `pid`: the one kept, or read from /proc now. None
    /// when the process is gone.
    pub fn table(&mut self, pid: Pid) -> Option<Rc<[HeldFd]>> {
        let in_flux = self.in_flux.contains_key(&pid);
        if let Some(t) = self.tables.get(&pid).filter(|_| !in_flux) {
            return Some(t.clone());
        }
        let table: Rc<[HeldFd]> = read_table(pid)?.into();
        if self.keep && !in_flux && !self.never.contains(&pid) && !self.hidden.contains(&pid) {
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
        if Change::of_call(call.sysno).is_none() {
            self.tables.remove(&pid);
        }
        let n = self.in_flux.entry(pid).or_default();
        *n += 1;
        if *n > 1 {
            self.overlapping.insert(pid);
        }
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
        let alone = !self.overlapping.contains(&pid);
        let changed = match self.tables.get(&pid) {
            Some(kept) if alone => Change::of(call).and_then(|c| c.apply(kept)),
            _ => None,
        };
        match changed {
            Some(table) => {
                self.tables.insert(pid, table);
            }
            None => {
                self.tables.remove(&pid);
            }
        }
        if let Some(n) = self.in_flux.get_mut(&pid) {
            *n -= 1;
            if *n == 0 {
                self.in_flux.remove(&pid);
                self.overlapping.remove(&pid);
            }
        }
    }

    /// A call of `pid` that is not shown reached the view: its other calls
    /// do not, so its table cannot be kept.
    pub fn unseen(&mut self, pid: Pid) {
        if self.hidden.insert(pid) {
            self.tables.remove(&pid);
        }
    }

    /// A call of `pid` is shown: from now on the view sees all of them.
    pub fn seen(&mut self, pid: Pid) {
        if !self.hidden.is_empty() {
            self.hidden.remove(&pid);
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
        self.overlapping.remove(&pid);
        self.hidden.remove(&pid);
    }
}

/// What a call that returned did to its process's fd table, when its
/// arguments and result say it exactly.
#[derive(Debug, PartialEq, Eq)]
enum Change {
    /// `close(fd)`: the descriptor is gone (Linux frees it even when close
    /// fails, except with EBADF, when there was none).
    Closed(i32),
    /// `dup`, `dup2`, `dup3`, `fcntl(F_DUPFD)`: `new` now refers to what
    /// `old` does (what `new` referred to before is closed).
    Duplicated { old: i32, new: i32 },
    /// `pipe`, `pipe2`: a new pipe, read end and write end.
    Pipe { read: i32, write: i32, ino: u64 },
    /// The call changed nothing (it failed before touching the table).
    Nothing,
}

impl Change {
    /// The calls whose change can be applied by hand.
    fn of_call(sysno: Option<Sysno>) -> Option<()> {
        match sysno? {
            Sysno::close | Sysno::dup | Sysno::dup3 | Sysno::fcntl | Sysno::pipe2 => Some(()),
            #[cfg(target_arch = "x86_64")]
            Sysno::dup2 | Sysno::pipe => Some(()),
            _ => None,
        }
    }

    /// What `call` did, once it returned; None when it cannot be told (a
    /// call hidden by a filter is not decoded, an unknown fcntl).
    fn of(call: &Syscall) -> Option<Change> {
        let a = &call.raw.args;
        let ret = call.ret?;
        let failed = call.errno.is_some();
        Some(match call.sysno? {
            Sysno::close if call.errno.is_some_and(|e| e.0 == libc::EBADF) => Change::Nothing,
            Sysno::close => Change::Closed(a[0] as i32),
            _ if failed => Change::Nothing,
            Sysno::dup => Change::Duplicated { old: a[0] as i32, new: ret as i32 },
            #[cfg(target_arch = "x86_64")]
            Sysno::dup2 if a[0] == a[1] => Change::Nothing,
            #[cfg(target_arch = "x86_64")]
            Sysno::dup2 => Change::Duplicated { old: a[0] as i32, new: a[1] as i32 },
            Sysno::dup3 => Change::Duplicated { old: a[0] as i32, new: a[1] as i32 },
            Sysno::fcntl if matches!(a[1] as i32, libc::F_DUPFD | libc::F_DUPFD_CLOEXEC) => {
                Change::Duplicated { old: a[0] as i32, new: ret as i32 }
            }
            Sysno::fcntl => Change::Nothing,
            #[cfg(target_arch = "x86_64")]
            Sysno::pipe => Change::pipe(call)?,
            Sysno::pipe2 => Change::pipe(call)?,
            _ => return None,
        })
    }

    /// The two ends of a new pipe, as the tracer named them (`[3<pipe:[9]>,
    /// 4<pipe:[9]>]`): only a shown call is decoded.
    fn pipe(call: &Syscall) -> Option<Change> {
        let Value::Array { items, .. } = &call.args.first()?.value else { return None };
        let (read, write) = match items.as_slice() {
            [Value::Fd(r), Value::Fd(w)] => (r, w),
            _ => return None,
        };
        let ino = read.pipe_inode()?;
        (write.pipe_inode()? == ino).then_some(Change::Pipe { read: read.fd, write: write.fd, ino })
    }

    /// `table` as the call left it; None when it does not fit what the
    /// table holds (a descriptor duplicated that it does not list).
    fn apply(self, table: &Rc<[HeldFd]>) -> Option<Rc<[HeldFd]>> {
        let mut fds: Vec<HeldFd> = table.to_vec();
        match self {
            Change::Nothing => return Some(table.clone()),
            Change::Closed(fd) => fds.retain(|e| e.fd != fd),
            Change::Duplicated { old, new } => {
                let copy = HeldFd { fd: new, ..*fds.iter().find(|e| e.fd == old)? };
                fds.retain(|e| e.fd != new);
                fds.push(copy);
            }
            Change::Pipe { read, write, ino } => {
                let object = ObjectId { dev: pipefs_dev()?, ino };
                fds.retain(|e| e.fd != read && e.fd != write);
                fds.push(HeldFd { fd: read, object, socket: false, end: End::Read });
                fds.push(HeldFd { fd: write, object, socket: false, end: End::Write });
            }
        }
        fds.sort_unstable_by_key(|e| e.fd);
        Some(fds.into())
    }
}

/// The device of the kernel's pipe filesystem, which every pipe's inode
/// is on: learned once, from a pipe ipclab makes and closes.
pub(super) fn pipefs_dev() -> Option<u64> {
    static DEV: std::sync::OnceLock<Option<u64>> = std::sync::OnceLock::new();
    *DEV.get_or_init(|| {
        let (r, _w) = nix::unistd::pipe().ok()?;
        nix::sys::stat::fstat(&r).ok().map(|st| st.st_dev)
    })
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

    /// A call as the tracer hands it over once it returned `ret`, its
    /// arguments decoded (a pipe's two ends named as the fd cache names them).
    fn returned(sysno: Sysno, args: [u64; 6], ret: i64) -> Syscall {
        let mut c = call(sysno, args);
        c.ret = Some(ret);
        c.errno = crate::decode::Errno::from_ret(ret);
        c
    }

    fn pipe_call(read: i32, write: i32, ino: u64) -> Syscall {
        let mut c = returned(Sysno::pipe2, [0x1000, 0, 0, 0, 0, 0], 0);
        let end = |fd| {
            Value::Fd(crate::decode::Fd { fd, target: Some(std::sync::Arc::from(format!("pipe:[{ino}]").as_str())) })
        };
        c.args[0].value = Value::Array { items: vec![end(read), end(write)], more: false };
        c
    }

    #[test]
    fn pipe_close_and_dup_change_the_kept_table_as_the_kernel_did() {
        // A made-up table, kept as if read from /proc: only its own changes
        // are looked at, never the test process's real descriptors.
        let me = own();
        let mut t = HeldFds::new(true);
        let file = HeldFd { fd: 0, object: ObjectId { dev: 1, ino: 2 }, socket: false, end: End::Read };
        t.tables.insert(me, Rc::from(vec![file]));
        let steps: [(Syscall, &[(i32, End)]); 5] = [
            (pipe_call(3, 4, 77), &[(0, End::Read), (3, End::Read), (4, End::Write)]),
            (
                returned(Sysno::dup3, [4, 9, 0, 0, 0, 0], 9),
                &[(0, End::Read), (3, End::Read), (4, End::Write), (9, End::Write)],
            ),
            (returned(Sysno::close, [3, 0, 0, 0, 0, 0], 0), &[(0, End::Read), (4, End::Write), (9, End::Write)]),
            (
                returned(Sysno::close, [3, 0, 0, 0, 0, 0], -(libc::EBADF as i64)),
                &[(0, End::Read), (4, End::Write), (9, End::Write)],
            ),
            (
                returned(Sysno::fcntl, [0, libc::F_DUPFD as u64, 5, 0, 0, 0], 5),
                &[(0, End::Read), (4, End::Write), (5, End::Read), (9, End::Write)],
            ),
        ];
        for (c, want) in steps {
            t.entered(me, &c);
            assert!(t.tables.contains_key(&me), "{}: kept while it runs", c.name);
            t.exited(me, &c);
            let kept = t.tables.get(&me).expect("still kept").clone();
            let got: Vec<(i32, End)> = kept.iter().map(|e| (e.fd, e.end)).collect();
            assert_eq!(got, want, "after {}", c.name);
        }
        let kept = t.tables[&me].clone();
        assert_eq!(kept.iter().find(|e| e.fd == 9).map(|e| e.object.ino), Some(77), "a dup refers to the same pipe");
        assert_eq!(kept.iter().find(|e| e.fd == 5).map(|e| e.object.ino), Some(2));
        // Two such calls at once in one process: the table is read again.
        let (a, b) = (returned(Sysno::close, [4, 0, 0, 0, 0, 0], 0), returned(Sysno::close, [9, 0, 0, 0, 0, 0], 0));
        t.entered(me, &a);
        t.entered(me, &b);
        t.exited(me, &a);
        assert!(!t.tables.contains_key(&me), "not changed by hand when calls overlap");
        t.exited(me, &b);
        // A dup of a descriptor the table does not list: read again.
        t.tables.insert(me, Rc::from(vec![file]));
        let dup = returned(Sysno::dup, [42, 0, 0, 0, 0, 0], 6);
        t.entered(me, &dup);
        t.exited(me, &dup);
        assert!(!t.tables.contains_key(&me));
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
