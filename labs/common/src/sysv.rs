//! Small safe wrappers over the System V IPC calls (msgget(2), msgsnd(2),
//! msgrcv(2), msgctl(2), shmget(2), shmat(2), shmdt(2), shmctl(2), semget(2),
//! semop(2), semctl(2)), which nix does not wrap.
//!
//! Each wrapper makes exactly one system call, of the same name except `semop`,
//! which the C library makes as `semtimedop` with no timeout; so what a lab
//! writes is what the trace shows. Ids are newtypes so a queue id cannot be passed
//! where a semaphore set id is expected.

use std::ffi::{c_int, c_long, c_void};
use std::ptr::NonNull;

use nix::errno::Errno;

/// A System V message queue id, as msgget(2) returns it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MsqId(pub c_int);

/// A System V shared memory segment id, as shmget(2) returns it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShmId(pub c_int);

/// A System V semaphore set id, as semget(2) returns it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SemId(pub c_int);

/// The longest message text the labs send (the kernel's default msgmax is 8192).
pub const MSG_TEXT_MAX: usize = 8192;

const MTYPE_LEN: usize = std::mem::size_of::<c_long>();

/// `msgget(key, flags)`: finds or creates a message queue.
pub fn msgget(key: libc::key_t, flags: c_int) -> nix::Result<MsqId> {
    // SAFETY: msgget takes no pointers.
    let id = unsafe { libc::msgget(key, flags) };
    Errno::result(id).map(MsqId)
}

/// `msgsnd(id, {mtype, text}, len, flags)`: queues one message of type `mtype` (> 0).
pub fn msgsnd(id: MsqId, mtype: c_long, text: &[u8], flags: c_int) -> nix::Result<()> {
    // struct msgbuf is a long (the type) followed by the text, with no padding.
    let mut buf = Vec::with_capacity(MTYPE_LEN + text.len());
    buf.extend_from_slice(&mtype.to_ne_bytes());
    buf.extend_from_slice(text);
    // SAFETY: buf holds the type and text.len() bytes of text, as msgsnd reads them.
    let res = unsafe { libc::msgsnd(id.0, buf.as_ptr().cast::<c_void>(), text.len(), flags) };
    Errno::result(res).map(drop)
}

/// `msgrcv(id, buf, len, mtype, flags)`: takes one message, the first of type
/// `mtype` (0: any type; negative: the lowest type up to |mtype|). Returns the
/// message's type and the number of text bytes copied into `text`.
pub fn msgrcv(id: MsqId, mtype: c_long, text: &mut [u8], flags: c_int) -> nix::Result<(c_long, usize)> {
    let mut buf = vec![0u8; MTYPE_LEN + text.len()];
    // SAFETY: buf has room for the type and text.len() bytes, the size we pass.
    let got = unsafe { libc::msgrcv(id.0, buf.as_mut_ptr().cast::<c_void>(), text.len(), mtype, flags) };
    let len = Errno::result(got)? as usize;
    let mut type_bytes = [0u8; MTYPE_LEN];
    type_bytes.copy_from_slice(&buf[..MTYPE_LEN]);
    text[..len].copy_from_slice(&buf[MTYPE_LEN..MTYPE_LEN + len]);
    Ok((c_long::from_ne_bytes(type_bytes), len))
}

/// `msgctl(id, IPC_STAT, &ds)`: the queue's state (messages queued, bytes, pids).
pub fn msgctl_stat(id: MsqId) -> nix::Result<libc::msqid_ds> {
    // SAFETY: msqid_ds is plain old data; all zeros is a valid value.
    let mut ds: libc::msqid_ds = unsafe { std::mem::zeroed() };
    // SAFETY: ds is a valid msqid_ds for the kernel to fill.
    let res = unsafe { libc::msgctl(id.0, libc::IPC_STAT, &mut ds) };
    Errno::result(res).map(|_| ds)
}

/// `msgctl(id, IPC_RMID, NULL)`: removes the queue and every message still in it.
pub fn msgctl_rmid(id: MsqId) -> nix::Result<()> {
    // SAFETY: IPC_RMID ignores the buffer argument.
    let res = unsafe { libc::msgctl(id.0, libc::IPC_RMID, std::ptr::null_mut()) };
    Errno::result(res).map(drop)
}

/// `shmget(key, size, flags)`: finds or creates a shared memory segment.
pub fn shmget(key: libc::key_t, size: usize, flags: c_int) -> nix::Result<ShmId> {
    // SAFETY: shmget takes no pointers.
    let id = unsafe { libc::shmget(key, size, flags) };
    Errno::result(id).map(ShmId)
}

/// Where a segment is attached in this process, as shmat(2) returned it.
///
/// Dropping it does not detach: detaching is a call the lab makes ([`shmdt`]).
#[derive(Debug)]
pub struct Attached {
    addr: NonNull<c_void>,
}

impl Attached {
    /// The address of the first byte of the segment in this process.
    pub fn as_ptr(&self) -> *mut u8 {
        self.addr.as_ptr().cast::<u8>()
    }
}

/// `shmat(id, NULL, flags)`: maps the segment into this process, at an address the
/// kernel chooses.
pub fn shmat(id: ShmId, flags: c_int) -> nix::Result<Attached> {
    // SAFETY: a null address lets the kernel choose where to map; nothing is
    // dereferenced here.
    let addr = unsafe { libc::shmat(id.0, std::ptr::null(), flags) };
    if addr as isize == -1 {
        return Err(Errno::last());
    }
    NonNull::new(addr).map(|addr| Attached { addr }).ok_or(Errno::EFAULT)
}

/// `shmdt(addr)`: unmaps the segment from this process (it lives on until removed
/// and detached everywhere).
pub fn shmdt(attached: Attached) -> nix::Result<()> {
    // SAFETY: the address came from shmat and `attached` is consumed, so no
    // reference derived from it can be used after the unmapping through this value.
    let res = unsafe { libc::shmdt(attached.addr.as_ptr()) };
    Errno::result(res).map(drop)
}

/// `shmctl(id, IPC_STAT, &ds)`: the segment's state (size, attach count, pids).
pub fn shmctl_stat(id: ShmId) -> nix::Result<libc::shmid_ds> {
    // SAFETY: shmid_ds is plain old data; all zeros is a valid value.
    let mut ds: libc::shmid_ds = unsafe { std::mem::zeroed() };
    // SAFETY: ds is a valid shmid_ds for the kernel to fill.
    let res = unsafe { libc::shmctl(id.0, libc::IPC_STAT, &mut ds) };
    Errno::result(res).map(|_| ds)
}

/// `shmctl(id, IPC_RMID, NULL)`: marks the segment for removal; it goes when the
/// last process detaches.
pub fn shmctl_rmid(id: ShmId) -> nix::Result<()> {
    // SAFETY: IPC_RMID ignores the buffer argument.
    let res = unsafe { libc::shmctl(id.0, libc::IPC_RMID, std::ptr::null_mut()) };
    Errno::result(res).map(drop)
}

/// `semget(key, nsems, flags)`: finds or creates a set of `nsems` semaphores.
pub fn semget(key: libc::key_t, nsems: c_int, flags: c_int) -> nix::Result<SemId> {
    // SAFETY: semget takes no pointers.
    let id = unsafe { libc::semget(key, nsems, flags) };
    Errno::result(id).map(SemId)
}

/// One operation for [`semop`]: add `op` to semaphore `num` (negative: wait until
/// it can be taken), with flags such as `SEM_UNDO` or `IPC_NOWAIT`.
pub fn sembuf(num: u16, op: i16, flags: c_int) -> libc::sembuf {
    libc::sembuf {
        sem_num: num,
        sem_op: op,
        // sem_flg is a short in the kernel's struct; the flags all fit.
        sem_flg: flags as i16,
    }
}

/// `semop(id, ops, n)`: applies all of `ops` at once, or waits until it can.
pub fn semop(id: SemId, ops: &[libc::sembuf]) -> nix::Result<()> {
    let mut ops = ops.to_vec();
    // SAFETY: ops points to ops.len() valid sembuf structs.
    let res = unsafe { libc::semop(id.0, ops.as_mut_ptr(), ops.len()) };
    Errno::result(res).map(drop)
}

/// `semctl(id, num, SETVAL, value)`: sets one semaphore's value.
pub fn semctl_setval(id: SemId, num: c_int, value: c_int) -> nix::Result<()> {
    // SAFETY: SETVAL reads the int member of union semun, passed by value.
    let res = unsafe { libc::semctl(id.0, num, libc::SETVAL, value) };
    Errno::result(res).map(drop)
}

/// `semctl(id, num, GETVAL)`: one semaphore's current value.
pub fn semctl_getval(id: SemId, num: c_int) -> nix::Result<c_int> {
    // SAFETY: GETVAL takes no fourth argument.
    let res = unsafe { libc::semctl(id.0, num, libc::GETVAL) };
    Errno::result(res)
}

/// `semctl(id, 0, IPC_RMID)`: removes the set; processes waiting on it wake with EIDRM.
pub fn semctl_rmid(id: SemId) -> nix::Result<()> {
    // SAFETY: IPC_RMID takes no fourth argument.
    let res = unsafe { libc::semctl(id.0, 0, libc::IPC_RMID) };
    Errno::result(res).map(drop)
}

/// `msgctl(id, IPC_SET, &ds)`: changes the queue's owner, mode or byte limit
/// (`msg_qbytes`; raising it above msgmnb needs CAP_SYS_RESOURCE).
pub fn msgctl_set(id: MsqId, ds: &libc::msqid_ds) -> nix::Result<()> {
    let mut ds = *ds;
    // SAFETY: ds is a valid msqid_ds; IPC_SET only reads it.
    let res = unsafe { libc::msgctl(id.0, libc::IPC_SET, &mut ds) };
    Errno::result(res).map(drop)
}
