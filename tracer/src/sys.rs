//! The system calls the tracer makes that nix does not wrap, behind safe
//! signatures: System V IPC, pidfds, `FIONREAD`, `mq_getsetattr` on a plain
//! descriptor, `getdents64`, `statx` (a file's birth time), the seccomp filter, the ptrace requests that
//! must carry a real-time signal, `waitpid` with its raw status, and the
//! unions of `siginfo_t` and `ptrace_syscall_info`.
//!
//! Each function's `unsafe` block is the whole of what makes it unsafe, with
//! the reason it is sound beside it; everything else in the tracer calls
//! these, or nix, and has no `unsafe` of its own (but the fork and exec of
//! `ptrace::spawn`, the signal handlers of `ptrace::tick`, and the
//! from-bytes promises of `decode::bytes`).

use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd, RawFd};

use nix::errno::Errno;

fn ok(r: libc::c_int) -> Result<libc::c_int, Errno> {
    Errno::result(r)
}

// ---- System V IPC ---------------------------------------------------------
//
// Making objects and operating on them is only the tests' business: the
// tracer reads them, and removes what a run leaked.

/// `msgget(key, flags)`: a message queue id.
#[cfg(test)]
pub fn msgget(key: libc::key_t, flags: libc::c_int) -> Result<i32, Errno> {
    // SAFETY: integer arguments only.
    ok(unsafe { libc::msgget(key, flags) })
}

/// `msgsnd(id, {mtype, text}, len(text), flags)`.
#[cfg(test)]
pub fn msgsnd(id: i32, mtype: libc::c_long, text: &[u8], flags: libc::c_int) -> Result<(), Errno> {
    let mut msg = Vec::with_capacity(size_of::<libc::c_long>() + text.len());
    msg.extend_from_slice(&mtype.to_ne_bytes());
    msg.extend_from_slice(text);
    // SAFETY: `msg` is a `struct msgbuf` (the type, then the text) of
    // `text.len()` text bytes, which the kernel reads and does not keep.
    ok(unsafe { libc::msgsnd(id, msg.as_ptr().cast(), text.len(), flags) }).map(drop)
}

/// `msgctl(id, IPC_STAT)`: the queue's `msqid_ds`.
pub fn msg_stat(id: i32) -> Result<libc::msqid_ds, Errno> {
    let mut ds = std::mem::MaybeUninit::<libc::msqid_ds>::zeroed();
    // SAFETY: IPC_STAT writes one `struct msqid_ds` through the pointer,
    // which is that big and lives across the call.
    ok(unsafe { libc::msgctl(id, libc::IPC_STAT, ds.as_mut_ptr()) })?;
    // SAFETY: zeroed before and filled by the call: every byte initialised,
    // and a structure of integers accepts any.
    Ok(unsafe { ds.assume_init() })
}

/// `msgrcv(id, buf, max_text, index, IPC_NOWAIT | MSG_COPY)`: the type of
/// the message at position `index` of the queue (0 is the oldest), copied,
/// not removed. A copy must hold the whole text (MSG_NOERROR does not cut
/// one): `EINVAL` for a text longer than `max_text`. `ENOSYS` when the
/// kernel has no MSG_COPY (it needs CONFIG_CHECKPOINT_RESTORE); `ENOMSG`
/// past the last message.
pub fn msg_peek_type(id: i32, index: libc::c_long, max_text: usize) -> Result<i64, Errno> {
    /// `MSG_COPY` from linux/msg.h (libc does not export it).
    const MSG_COPY: libc::c_int = 0o40000;
    // A `struct msgbuf`: the `long` type, then up to `max_text` bytes, in
    // longs so that the type is aligned.
    let mut buf = vec![0 as libc::c_long; 1 + max_text.div_ceil(size_of::<libc::c_long>())];
    // SAFETY: the kernel writes at most `size_of::<c_long>() + max_text`
    // bytes through the pointer, and `buf` is at least that big and lives
    // across the call.
    ok(unsafe { libc::msgrcv(id, buf.as_mut_ptr().cast(), max_text, index, libc::IPC_NOWAIT | MSG_COPY) }
        as libc::c_int)?;
    Ok(buf[0] as i64)
}

/// `msgctl(id, IPC_RMID)`: removes the queue.
pub fn msg_remove(id: i32) -> Result<(), Errno> {
    // SAFETY: IPC_RMID reads no buffer argument.
    ok(unsafe { libc::msgctl(id, libc::IPC_RMID, std::ptr::null_mut()) }).map(drop)
}

/// `semget(key, nsems, flags)`: a semaphore set id.
#[cfg(test)]
pub fn semget(key: libc::key_t, nsems: libc::c_int, flags: libc::c_int) -> Result<i32, Errno> {
    // SAFETY: integer arguments only.
    ok(unsafe { libc::semget(key, nsems, flags) })
}

/// `semop(id, ops)`.
#[cfg(test)]
pub fn semop(id: i32, ops: &mut [libc::sembuf]) -> Result<(), Errno> {
    // SAFETY: the kernel reads `ops.len()` operations from `ops`.
    ok(unsafe { libc::semop(id, ops.as_mut_ptr(), ops.len()) }).map(drop)
}

/// A `semctl` command about one semaphore that takes no fourth argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SemQuery {
    /// Processes waiting for the value to grow (`GETNCNT`).
    WaitingToGrow,
    /// Processes waiting for it to reach zero (`GETZCNT`).
    WaitingForZero,
    /// The last process to change it (`GETPID`).
    LastPid,
}

/// `semctl(id, semnum, SETVAL, value)`.
#[cfg(test)]
pub fn sem_setval(id: i32, semnum: i32, value: libc::c_int) -> Result<(), Errno> {
    // SAFETY: SETVAL reads the variadic `union semun` as an int, which is
    // passed by value.
    ok(unsafe { libc::semctl(id, semnum, libc::SETVAL, value) }).map(drop)
}

/// `semctl(id, semnum, GETNCNT | GETZCNT | GETPID)`.
pub fn sem_query(id: i32, semnum: i32, what: SemQuery) -> Result<i32, Errno> {
    let cmd = match what {
        SemQuery::WaitingToGrow => libc::GETNCNT,
        SemQuery::WaitingForZero => libc::GETZCNT,
        SemQuery::LastPid => libc::GETPID,
    };
    // SAFETY: these commands read no fourth argument and write no memory of ours.
    ok(unsafe { libc::semctl(id, semnum, cmd) })
}

/// `shmctl(id, IPC_STAT)`: the segment's `shmid_ds`.
pub fn shm_stat(id: i32) -> Result<libc::shmid_ds, Errno> {
    let mut ds = std::mem::MaybeUninit::<libc::shmid_ds>::zeroed();
    // SAFETY: IPC_STAT writes one `struct shmid_ds` through the pointer,
    // which is that big and lives across the call.
    ok(unsafe { libc::shmctl(id, libc::IPC_STAT, ds.as_mut_ptr()) })?;
    // SAFETY: zeroed before and filled by the call.
    Ok(unsafe { ds.assume_init() })
}

/// `semctl(id, 0, IPC_STAT)`: the set's `semid_ds`.
pub fn sem_stat(id: i32) -> Result<libc::semid_ds, Errno> {
    let mut ds = std::mem::MaybeUninit::<libc::semid_ds>::zeroed();
    // SAFETY: IPC_STAT writes one `struct semid_ds` through the pointer
    // passed as the variadic `union semun` argument; `ds` is that big and
    // lives across the call.
    ok(unsafe { libc::semctl(id, 0, libc::IPC_STAT, ds.as_mut_ptr()) })?;
    // SAFETY: zeroed before and filled by the call.
    Ok(unsafe { ds.assume_init() })
}

/// `semctl(id, 0, GETALL)`: the value of each semaphore of set `id`, whose
/// `IPC_STAT` is `ds`.
pub fn sem_getall(id: i32, ds: &libc::semid_ds) -> Result<Vec<u16>, Errno> {
    let mut values = vec![0u16; ds.sem_nsems as usize];
    // SAFETY: GETALL writes `sem_nsems` unsigned shorts through the pointer
    // passed as `union semun`, and `values` holds that many: the set's size
    // never changes, and a set removed and made again has another id (ids
    // are not reused at once), so the call then fails instead.
    ok(unsafe { libc::semctl(id, 0, libc::GETALL, values.as_mut_ptr()) })?;
    Ok(values)
}

/// `semctl(id, 0, IPC_RMID)`: removes the set.
pub fn sem_remove(id: i32) -> Result<(), Errno> {
    // SAFETY: IPC_RMID takes no fourth argument.
    ok(unsafe { libc::semctl(id, 0, libc::IPC_RMID) }).map(drop)
}

/// `shmctl(id, IPC_RMID)`: removes the segment (at its last detach).
pub fn shm_remove(id: i32) -> Result<(), Errno> {
    // SAFETY: IPC_RMID reads no buffer argument.
    ok(unsafe { libc::shmctl(id, libc::IPC_RMID, std::ptr::null_mut()) }).map(drop)
}

/// `shmget(IPC_PRIVATE, size, IPC_CREAT|0600)`, attached at once: the id
/// and the address.
#[cfg(test)]
pub fn shm_private_attached(size: usize) -> Result<(i32, usize), Errno> {
    // SAFETY: integer arguments only.
    let id = ok(unsafe { libc::shmget(libc::IPC_PRIVATE, size, libc::IPC_CREAT | 0o600) })?;
    // SAFETY: a null address lets the kernel choose where; nothing is read or written.
    let at = unsafe { libc::shmat(id, std::ptr::null(), 0) };
    if at as isize == -1 {
        let e = Errno::last();
        let _ = shm_remove(id);
        return Err(e);
    }
    Ok((id, at as usize))
}

/// `shmdt(addr)`.
#[cfg(test)]
pub fn shm_detach(addr: usize) -> Result<(), Errno> {
    // SAFETY: the address of an attachment made by `shm_private_attached`,
    // no reference into which is kept.
    ok(unsafe { libc::shmdt(addr as *const libc::c_void) }).map(drop)
}

// ---- descriptors of other processes ----------------------------------------

/// `pidfd_open(pid, 0)`: a handle on a process.
pub fn pidfd_open(pid: libc::pid_t) -> Result<OwnedFd, Errno> {
    // SAFETY: a pid and flags by value; returns a new fd or -1.
    let fd = Errno::result(unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) })?;
    // SAFETY: the call succeeded: `fd` is a new descriptor nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd as RawFd) })
}

/// `pidfd_getfd(pidfd, fd, 0)`: a duplicate of the process's descriptor `fd`.
pub fn pidfd_getfd(pidfd: BorrowedFd<'_>, fd: RawFd) -> Result<OwnedFd, Errno> {
    // SAFETY: two descriptors and flags by value; returns a new fd
    // (close-on-exec) or -1.
    let dup = Errno::result(unsafe { libc::syscall(libc::SYS_pidfd_getfd, pidfd.as_raw_fd(), fd, 0) })?;
    // SAFETY: the call succeeded: `dup` is a new descriptor nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(dup as RawFd) })
}

/// An `ioctl` that writes one `int`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntIoctl {
    /// `FIONREAD` (`SIOCINQ`): bytes waiting to be read.
    BytesToRead,
    /// `TIOCOUTQ` (`SIOCOUTQ`): bytes sent and not yet read by the peer.
    BytesUnsent,
}

/// `ioctl(fd, request, &int)` for a request that writes one int.
pub fn ioctl_int(fd: BorrowedFd<'_>, request: IntIoctl) -> Result<libc::c_int, Errno> {
    let request = match request {
        IntIoctl::BytesToRead => libc::FIONREAD,
        IntIoctl::BytesUnsent => libc::TIOCOUTQ,
    };
    let mut n: libc::c_int = 0;
    // SAFETY: these requests write one int through the pointer, which
    // points at `n`, alive for the call.
    ok(unsafe { libc::ioctl(fd.as_raw_fd(), request, &mut n) })?;
    Ok(n)
}

/// `mq_getsetattr(fd, NULL, &attr)`: the attributes of the POSIX message
/// queue open on `fd` (any descriptor of it, not only an `mqd_t`).
pub fn mq_getattr(fd: BorrowedFd<'_>) -> Result<libc::mq_attr, Errno> {
    let mut attr = std::mem::MaybeUninit::<libc::mq_attr>::zeroed();
    let none = std::ptr::null::<libc::mq_attr>();
    // SAFETY: with a NULL new attribute the kernel only writes the old
    // ones, one `struct mq_attr`, through the third pointer, which points
    // at `attr`, alive for the call.
    Errno::result(unsafe { libc::syscall(libc::SYS_mq_getsetattr, fd.as_raw_fd(), none, attr.as_mut_ptr()) })?;
    // SAFETY: zeroed before and filled by the call.
    Ok(unsafe { attr.assume_init() })
}

/// `getdents64(dir, buf)`: directory entries (`linux_dirent64` records) as
/// bytes, into `buf` (words, so the records are aligned as the kernel lays
/// them out). Empty at the end of the directory.
pub fn getdents64<'b>(dir: BorrowedFd<'_>, buf: &'b mut [u64]) -> Result<&'b [u8], Errno> {
    let size = std::mem::size_of_val(buf);
    // SAFETY: the kernel writes at most `size` bytes into `buf`.
    let n = Errno::result(unsafe { libc::syscall(libc::SYS_getdents64, dir.as_raw_fd(), buf.as_mut_ptr(), size) })?;
    // SAFETY: the words of `buf` are initialised, so are their bytes; u8
    // needs no alignment; `n` is at most `size` (the kernel's count).
    Ok(unsafe { std::slice::from_raw_parts(buf.as_ptr().cast::<u8>(), (n as usize).min(size)) })
}

// ---- seccomp ----------------------------------------------------------------

/// `seccomp(SECCOMP_SET_MODE_FILTER, 0, prog)`: installs `prog` on the
/// calling thread. Async-signal-safe: used between fork and exec.
pub fn seccomp_set_filter(prog: &[libc::sock_filter]) -> Result<(), Errno> {
    let len = u16::try_from(prog.len()).map_err(|_| Errno::EINVAL)?;
    let fprog = libc::sock_fprog { len, filter: prog.as_ptr().cast_mut() };
    // SAFETY: `fprog` points at `prog`, which outlives the call; the
    // kernel copies the program and writes nothing.
    let r = unsafe {
        libc::syscall(libc::SYS_seccomp, libc::SECCOMP_SET_MODE_FILTER, 0, &fprog as *const libc::sock_fprog)
    };
    Errno::result(r).map(drop)
}

// ---- ptrace and wait ----------------------------------------------------------

/// How to resume a stopped tracee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resume {
    /// Until the next system call entry or exit (PTRACE_SYSCALL).
    Syscall,
    /// Until the next seccomp stop, signal or event (PTRACE_CONT).
    Cont,
    /// Stay in group-stop, but report when continued (PTRACE_LISTEN).
    Listen,
}

/// Resumes `tid`, delivering signal `sig` (0 for none; a real-time signal
/// too, which nix's `Signal` cannot hold).
pub fn ptrace_resume(tid: libc::pid_t, how: Resume, sig: libc::c_int) -> Result<(), Errno> {
    let req = match how {
        Resume::Syscall => libc::PTRACE_SYSCALL,
        Resume::Cont => libc::PTRACE_CONT,
        Resume::Listen => libc::PTRACE_LISTEN,
    };
    // SAFETY: these requests take a signal number in `data` and no pointers.
    Errno::result(unsafe { libc::ptrace(req, tid, 0, sig as libc::c_long) }).map(drop)
}

/// Sends `sig` to thread `tid` of process `tgid`, as with `tgkill(2)`
/// (nix does not wrap it; `kill` would let any thread of the process take
/// the signal).
pub fn tgkill(tgid: libc::pid_t, tid: libc::pid_t, sig: libc::c_int) -> Result<(), Errno> {
    // SAFETY: tgkill takes three integers and no pointers.
    Errno::result(unsafe { libc::syscall(libc::SYS_tgkill, tgid, tid, sig) }).map(drop)
}

/// `waitpid(pid, &status, flags)`: the task and its raw status (nix's
/// `WaitStatus` cannot hold a real-time signal).
pub fn waitpid(pid: libc::pid_t, flags: libc::c_int) -> Result<(libc::pid_t, libc::c_int), Errno> {
    let mut status = 0;
    // SAFETY: the kernel writes the status to `status`.
    let pid = ok(unsafe { libc::waitpid(pid, &mut status, flags) })?;
    Ok((pid, status))
}

/// What a `siginfo_t` says of a signal's sender, child or fault. The union
/// members are plain integers the kernel wrote (all 128 bytes of the
/// structure), so each may be read; which one means something depends on
/// the signal and its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SigInfoFields {
    pub pid: libc::pid_t,
    pub uid: libc::uid_t,
    pub status: libc::c_int,
    pub addr: u64,
    /// si_utime and si_stime of a SIGCHLD (libc has no accessors for them).
    pub utime: i64,
    pub stime: i64,
}

/// The union members of `si`.
pub fn siginfo_fields(si: &libc::siginfo_t) -> SigInfoFields {
    // SAFETY: `si` is an initialised siginfo_t; these accessors read
    // integers and a pointer value at fixed offsets of its union, whose
    // bytes are initialised whatever member the kernel meant.
    let (pid, uid, status, addr) = unsafe { (si.si_pid(), si.si_uid(), si.si_status(), si.si_addr() as u64) };
    // The SIGCHLD member of the union: si_pid, si_uid, si_status (ints at
    // 16, 20, 24), then si_utime and si_stime (longs at 32 and 40), on
    // every 64-bit architecture.
    let base = (si as *const libc::siginfo_t).cast::<u8>();
    // SAFETY: a siginfo_t is 128 bytes, all initialised; 32..48 lies
    // within it, and read_unaligned asks nothing of the alignment.
    let (utime, stime) =
        unsafe { (base.add(32).cast::<i64>().read_unaligned(), base.add(40).cast::<i64>().read_unaligned()) };
    SigInfoFields { pid, uid, status, addr, utime, stime }
}

/// A time as `statx` gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileTime {
    pub sec: i64,
    pub nsec: u32,
}

/// What `statx` says identifies a file: device, inode, type, birth time
/// (when the filesystem records one) and change time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    pub dev: u64,
    pub ino: u64,
    /// The file type bits of the mode (`S_IFIFO`...).
    pub kind: u32,
    pub born: Option<FileTime>,
    pub changed: FileTime,
}

/// `statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS | STATX_BTIME)`.
pub fn statx(path: &std::ffi::CStr) -> Result<FileStamp, Errno> {
    let mut st = std::mem::MaybeUninit::<libc::statx>::zeroed();
    let mask = libc::STATX_BASIC_STATS | libc::STATX_BTIME;
    // SAFETY: `path` is NUL-terminated and `st` is a buffer of the size the
    // kernel writes; it was zeroed, so it is initialised whatever it fills.
    let r = unsafe { libc::statx(libc::AT_FDCWD, path.as_ptr(), libc::AT_SYMLINK_NOFOLLOW, mask, st.as_mut_ptr()) };
    Errno::result(r)?;
    // SAFETY: zeroed above, filled by the kernel: every field is an integer.
    let st = unsafe { st.assume_init() };
    let time = |t: libc::statx_timestamp| FileTime { sec: t.tv_sec, nsec: t.tv_nsec };
    Ok(FileStamp {
        dev: libc::makedev(st.stx_dev_major, st.stx_dev_minor),
        ino: st.stx_ino,
        kind: u32::from(st.stx_mode) & libc::S_IFMT,
        born: (st.stx_mask & libc::STATX_BTIME != 0).then(|| time(st.stx_btime)),
        changed: time(st.stx_ctime),
    })
}

/// What PTRACE_GET_SYSCALL_INFO says of a stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyscallInfo {
    /// Entering a call (or a seccomp stop, which is entering one).
    Entry { arch: u32, nr: u64, args: [u64; 6], sp: u64 },
    /// Leaving a call with this return value.
    Exit { rval: i64 },
    /// Not a syscall stop.
    None,
}

/// The member of `info`'s union its `op` names.
pub fn syscall_info(info: &libc::ptrace_syscall_info) -> SyscallInfo {
    // SAFETY: `op` says which member of the union the kernel filled, and
    // only that member is read.
    unsafe {
        match info.op {
            libc::PTRACE_SYSCALL_INFO_ENTRY => {
                let e = info.u.entry;
                SyscallInfo::Entry { arch: info.arch, nr: e.nr, args: e.args, sp: info.stack_pointer }
            }
            libc::PTRACE_SYSCALL_INFO_SECCOMP => {
                let s = info.u.seccomp;
                SyscallInfo::Entry { arch: info.arch, nr: s.nr, args: s.args, sp: info.stack_pointer }
            }
            libc::PTRACE_SYSCALL_INFO_EXIT => SyscallInfo::Exit { rval: info.u.exit.sval },
            _ => SyscallInfo::None,
        }
    }
}

// ---- for tests ----------------------------------------------------------------

/// Pages of this process's memory, the first `readable` of them readable,
/// the rest not: for reading across the end of what is mapped. Unmapped
/// when dropped.
#[cfg(test)]
pub struct GuardedPages {
    start: std::ptr::NonNull<libc::c_void>,
    len: usize,
}

#[cfg(test)]
impl GuardedPages {
    /// `pages` pages filled with `fill`, the first `readable` readable.
    pub fn new(pages: usize, readable: usize, fill: u8) -> GuardedPages {
        let page = 4096;
        let len = pages * page;
        // SAFETY: a fresh anonymous private mapping, placed by the kernel:
        // it overlaps nothing of ours.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        assert_ne!(p, libc::MAP_FAILED, "mmap: {}", Errno::last());
        // SAFETY: `p` is the start of the `len` writable bytes just mapped;
        // the tail is then made unreadable, and nothing refers to it.
        unsafe {
            std::ptr::write_bytes(p.cast::<u8>(), fill, len);
            let tail = p.cast::<u8>().add(readable * page);
            assert_eq!(libc::mprotect(tail.cast(), len - readable * page, libc::PROT_NONE), 0);
        }
        GuardedPages { start: std::ptr::NonNull::new(p).expect("a mapping"), len }
    }

    /// The address of the first page.
    pub fn addr(&self) -> u64 {
        self.start.as_ptr() as u64
    }
}

#[cfg(test)]
impl Drop for GuardedPages {
    fn drop(&mut self) {
        // SAFETY: the mapping made in `new`, which nothing refers to any more.
        unsafe { libc::munmap(self.start.as_ptr(), self.len) };
    }
}

#[cfg(test)]
mod tests {
    use std::os::fd::AsFd;

    use super::*;

    #[test]
    fn a_private_queue_is_made_used_read_and_removed() {
        let id = msgget(libc::IPC_PRIVATE, libc::IPC_CREAT | 0o600).unwrap();
        let sent = msgsnd(id, 7, b"abc", libc::IPC_NOWAIT);
        let ds = msg_stat(id);
        msg_remove(id).unwrap();
        sent.unwrap();
        let ds = ds.unwrap();
        assert_eq!((ds.msg_qnum, ds.__msg_cbytes), (1, 3));
        assert!(matches!(msg_stat(id), Err(Errno::EINVAL | Errno::EIDRM)), "removed");
    }

    #[test]
    fn a_private_set_is_made_operated_on_read_and_removed() {
        let id = semget(libc::IPC_PRIVATE, 2, libc::IPC_CREAT | 0o600).unwrap();
        let op = semop(id, &mut [libc::sembuf { sem_num: 1, sem_op: 3, sem_flg: 0 }]);
        let read = sem_stat(id).and_then(|ds| Ok((sem_getall(id, &ds)?, sem_query(id, 1, SemQuery::LastPid)?)));
        sem_remove(id).unwrap();
        op.unwrap();
        assert_eq!(read.unwrap(), (vec![0, 3], std::process::id() as i32));
    }

    #[test]
    fn a_pipe_borrowed_through_a_pidfd_counts_its_bytes() {
        let (r, w) = nix::unistd::pipe().unwrap();
        nix::unistd::write(&w, b"hello").unwrap();
        let me = pidfd_open(std::process::id() as i32).unwrap();
        let dup = pidfd_getfd(me.as_fd(), r.as_raw_fd()).unwrap();
        assert_eq!(ioctl_int(dup.as_fd(), IntIoctl::BytesToRead).unwrap(), 5);
        assert_eq!(pidfd_getfd(me.as_fd(), 1 << 20).unwrap_err(), Errno::EBADF);
    }

    #[test]
    fn getdents64_lists_a_directory_and_ends_empty() {
        let dir =
            nix::fcntl::open("/proc/self/fd", nix::fcntl::OFlag::O_DIRECTORY, nix::sys::stat::Mode::empty()).unwrap();
        let mut buf = vec![0u64; 512];
        let first = getdents64(dir.as_fd(), &mut buf).unwrap().len();
        assert!(first > 0);
        let mut rest = 0;
        loop {
            let n = getdents64(dir.as_fd(), &mut buf).unwrap().len();
            if n == 0 {
                break;
            }
            rest += n;
        }
        assert!(rest < 1 << 20);
    }
}
