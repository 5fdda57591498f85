//! Which handler a call goes to: the call table's family column picks the
//! family, and each family's handler looks at the call's arguments. What a
//! call's entry must see for its exit (the objects a `close` releases, what a
//! segment held before `shmdt`) is kept here between the two.

use syscalls::Sysno;

use super::{KernelView, nix_pid, unavailable};
use crate::decode::table::{self, Family};
use crate::decode::{Reader, Syscall};
use crate::event::Pid;
use crate::event::kernel::{ByCall, FutexReading, InheritedFd, KernelEvent, ShmContents};
use crate::proc::fd_dir::fd_numbers;
use crate::proc::{ObjectId, parse_shm_mappings};
use crate::ptrace::{ProcessMemory, TaskRef};

/// What a call's entry saw, for its exit.
#[derive(Debug)]
pub(super) enum Before {
    /// Objects of the run whose descriptors the call closes or replaces.
    Releasing(Vec<usize>),
    /// The segment `shmdt` detaches, and what it held just before.
    Detaching { shmid: i32, contents: Option<ShmContents> },
    /// An open with O_CREAT in /dev/shm: whether the file was there before.
    OpeningShm { existed: bool },
    /// The POSIX shared memory object (its index) `munmap` unmaps, and what
    /// it held just before.
    Unmapping { object: usize, contents: Option<ShmContents> },
    /// A futex wait on a word in a segment: what the word (and the ring)
    /// held as it was called.
    FutexWait { addr: u64, reading: Option<FutexReading> },
    /// A semaphore operation that only adds (a release) by a process that
    /// has segments attached: what each held as it was called, the caller
    /// still in its section (the stores it made there).
    Syncing(Vec<(i32, ShmContents)>),
    /// The descriptors on the run's objects a process held as it called `execve`.
    Execing(Vec<(usize, InheritedFd)>),
    /// A `close` of a descriptor on a file the run has locked (its device
    /// and inode, and its path).
    ClosingLocked(ObjectId, String),
    /// A `mq_open`, `msgget` or `semget` that creates its object only if
    /// none has its name or key: whether one had at the call's entry.
    Existed(bool),
}

/// At the entry of a `msgget` or `semget` with `IPC_CREAT` and neither
/// `IPC_EXCL` nor `IPC_PRIVATE`, which creates its object only if no object
/// has the key: whether one has (when that cannot be read: yes, so that the
/// object is never taken for the run's on a guess).
fn sysv_getting(sysno: Sysno, key: i32, flags: u64) -> Option<Before> {
    let creat = flags & libc::IPC_CREAT as u64 != 0 && flags & libc::IPC_EXCL as u64 == 0;
    if !creat || key == libc::IPC_PRIVATE {
        return None;
    }
    let existed = match sysno {
        Sysno::msgget => crate::proc::msg_queues().map(|qs| qs.iter().any(|q| q.key.0 == key)),
        _ => crate::proc::sem_sets().map(|ss| ss.iter().any(|s| s.key.0 == key)),
    };
    Some(Before::Existed(existed.unwrap_or(true)))
}

/// Whether a call that may create its object made it: it was asked to
/// fail if the object existed (`excl`), or none was there at its entry.
/// An entry not seen proves nothing.
pub(super) fn made_by_call(before: Option<&Before>, excl: bool) -> bool {
    excl || matches!(before, Some(Before::Existed(false)))
}

/// `pid` and the call it made, as the ledger records a creator or remover.
pub(super) fn by_call(pid: Pid, sysno: Sysno) -> ByCall {
    ByCall { pid, call: sysno.name().to_string() }
}

/// What the trace says fd `fd`, the call's first argument, referred to at
/// the call's entry (the loop keeps it true, also under `-e`).
pub(super) fn fd_target(call: &Syscall, fd: i32) -> Option<&str> {
    call.args.first().and_then(|f| f.value.as_fd()).filter(|f| f.fd == fd).and_then(|f| f.target.as_deref())
}

/// Whether an open that succeeded made its file: it found none there at its
/// entry (when the entry was seen: a filter may hide it), or it was asked to
/// fail if the file existed (O_CREAT|O_EXCL).
pub(super) fn created_file(before: Option<Before>, flags: u64) -> bool {
    let excl = (libc::O_CREAT | libc::O_EXCL) as u64;
    match before {
        Some(Before::OpeningShm { existed }) => !existed,
        _ => flags & excl == excl,
    }
}

impl KernelView {
    /// At a call's entry: what its exit will need to know of the objects
    /// before the call acts on them.
    pub(super) fn entry(&mut self, task: TaskRef, call: &Syscall) {
        let Some(sysno) = call.sysno else { return };
        let a = call.raw.args;
        let before = match sysno {
            Sysno::close => self
                .tracked_fd_at_entry(task.pid, call, a[0] as i32)
                .map(|i| Before::Releasing(vec![i]))
                .or_else(|| {
                    self.closing_locked(task.pid, a[0] as i32).map(|(object, path)| Before::ClosingLocked(object, path))
                }),
            #[cfg(target_arch = "x86_64")]
            Sysno::dup2 if a[0] != a[1] => self.tracked_fd(task.pid, a[1] as i32).map(|i| Before::Releasing(vec![i])),
            Sysno::dup3 if a[0] != a[1] => self.tracked_fd(task.pid, a[1] as i32).map(|i| Before::Releasing(vec![i])),
            Sysno::close_range if a[2] & libc::CLOSE_RANGE_CLOEXEC as u64 == 0 && self.objects.has_fd_objects() => {
                let (first, last) = (a[0] as u32, a[1] as u32);
                let mut found: Vec<usize> = fd_numbers(nix_pid(task.pid))
                    .into_iter()
                    .filter(|&fd| (first..=last).contains(&(fd as u32)))
                    .filter_map(|fd| self.tracked_fd(task.pid, fd))
                    .collect();
                found.sort_unstable();
                found.dedup();
                (!found.is_empty()).then_some(Before::Releasing(found))
            }
            #[cfg(target_arch = "x86_64")]
            Sysno::open => self.opening_shm(task, None, a[0], a[1]),
            #[cfg(target_arch = "x86_64")]
            Sysno::creat => self.opening_shm(task, None, a[0], libc::O_CREAT as u64),
            Sysno::openat => self.opening_shm(task, Some(a[0] as i32), a[1], a[2]),
            Sysno::munmap => self.unmapping_shm(task.pid, a[0]),
            Sysno::mq_open => self.mq_opening(task, a[0], a[1]),
            Sysno::msgget | Sysno::semget => {
                let flags = if sysno == Sysno::msgget { a[1] } else { a[2] };
                sysv_getting(sysno, a[0] as i32, flags)
            }
            Sysno::futex => self.futex_entry(task, &a),
            Sysno::semop | Sysno::semtimedop if self.any_shm && super::sysv::releases_only(call) => {
                self.syncing(task.pid)
            }
            Sysno::execve | Sysno::execveat => {
                let held = self.fds_on_objects(task.pid);
                (!held.is_empty()).then_some(Before::Execing(held))
            }
            Sysno::shmdt => {
                let maps = std::fs::read_to_string(format!("/proc/{}/maps", task.pid)).unwrap_or_default();
                parse_shm_mappings(&maps).ok().and_then(|ms| {
                    let m = ms.into_iter().find(|m| m.start == a[0])?;
                    let contents = Self::contents(task.pid, m.start, m.len(), None);
                    Some(Before::Detaching { shmid: m.shmid, contents })
                })
            }
            _ => None,
        };
        match before {
            Some(b) => {
                self.before.insert(task.tid, b);
            }
            None => {
                self.before.remove(&task.tid);
            }
        }
    }

    /// At a call's exit: its family's handler reads what the kernel now
    /// holds, and records what the call means for the ledger.
    pub(super) fn exit(&mut self, task: TaskRef, call: &Syscall, out: &mut Vec<KernelEvent>) {
        let before = self.before.remove(&task.tid);
        let Some(sysno) = call.sysno else { return };
        // A call of another architecture whose number was not translated
        // to its native call means another call. A 32-bit program's
        // translated one (fcntl64, mmap2, a sub-call of ipc(2)) is that
        // native call, whatever its name.
        if call.raw.compat.is_none() && call.name != sysno.name() {
            return;
        }
        self.mappings_changed(task.pid, sysno);
        // A futex wait that found the word changed fails (EAGAIN), and
        // shows it.
        if table::of(sysno).object.family == Family::Futex {
            self.futex_exit(task, call, before, out);
            return;
        }
        // A lock request refused because of another lock shows the locks too.
        if super::lock::takes_lock(sysno, &call.raw) && super::lock::lock_answered(call) {
            let fd = call.raw.args[0] as i32;
            self.on_lock(task.pid, fd, fd_target(call, fd), out);
            return;
        }
        if !call.succeeded() {
            return;
        }
        match before {
            Some(Before::Execing(held)) => return self.exec_exit(task.pid, held, out),
            // Closing any descriptor of a process on a file releases the
            // process's POSIX locks on it: show what is left.
            Some(Before::ClosingLocked(object, path)) => return self.lock_state(object, path, out),
            _ => {}
        }
        match table::of(sysno).object.family {
            Family::None | Family::Lock => {}
            Family::Pipe => self.pipe_exit(task, sysno, call, out),
            Family::Descriptor => self.descriptor_exit(task, sysno, call, before, out),
            Family::Path => self.path_exit(task, sysno, call, before, out),
            Family::SysvMsg | Family::SysvSem | Family::SysvShm => self.sysv_exit(task.pid, sysno, call, before, out),
            Family::PosixMq => self.mq_exit(task, sysno, call, before, out),
            Family::PosixShm => self.shm_fd_exit(task.pid, sysno, &call.raw.args, before, out),
            Family::Socket => self.socket_exit(task, sysno, call, out),
            Family::Signal => self.signal_exit(task, sysno, &call.raw.args, out),
            Family::Process => self.wait_exit(task.pid, sysno, call.ret.unwrap_or(-1), out),
            Family::Event => self.event_exit(task, sysno, call, out),
            Family::Futex => {}
        }
    }

    /// After `socketpair`: the two new sockets.
    pub(super) fn socketpair_exit(&mut self, task: TaskRef, addr: u64, out: &mut Vec<KernelEvent>) {
        let mem = ProcessMemory::new(task.tid);
        match Reader::new(&mem, 0).read::<[i32; 2]>(addr) {
            Some([s0, s1]) => {
                self.on_new_socket(task.pid, s0, by_call(task.pid, Sysno::socketpair), out);
                self.on_new_socket(task.pid, s1, by_call(task.pid, Sysno::socketpair), out);
            }
            None => out.push(unavailable("socketpair: cannot read the two fds")),
        }
    }
}
