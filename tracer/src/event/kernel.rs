//! What the kernel view reports: the state of an IPC object right after a
//! call changed it ([`KernelEvent`]), and the ledger of every object a run
//! created ([`LedgerEntry`]); with the kernel's own plain values they are
//! made of (a [`SigSet`], a [`ProcState`], a [`FileLock`]).
//!
//! These are plain data, carried by [`EventKind::Kernel`](super::EventKind::Kernel)
//! and [`EventKind::Ledger`](super::EventKind::Ledger): the kernel view
//! (`crate::kernel`) fills them in, reading /proc; nothing here reads
//! anything. The text
//! renderer turns them into the indented `kernel:` lines and the ledger
//! table, the JSON renderer into `"type":"kernel"` and `"type":"ledger"`
//! objects (their shapes are in docs/trace-format.md), and graders read the
//! counts directly. Every number here was read from the kernel at the moment
//! of the event; none is computed from the calls the tracer saw, with one
//! exception /proc leaves no other way to: which descriptors sit in a Unix
//! socket's queue, carried by a message (SCM_RIGHTS), is taken from the
//! `sendmsg` and `recvmsg` calls the kernel carried out ([`Passage`]).

use serde::{Serialize, Serializer};

use super::Pid;
pub use super::ledger::{ByCall, Fate, Folded, Handed, LedgerEntry, LedgerSummary, ObjectKind};
pub use super::notify::{
    EpollState, EpollWatchState, EventfdState, FutexReading, FutexState, Overrun, RingState, SignalfdState,
};
pub use super::values::{ProcState, SigSet};

/// The state of one kernel object (or process), read after a call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "object", rename_all = "snake_case")]
pub enum KernelEvent {
    /// An anonymous pipe or a FIFO.
    Pipe(PipeState),
    /// A System V message queue.
    MsgQueue(MsgQueueState),
    /// A System V semaphore set.
    SemSet(SemSetState),
    /// A System V shared memory segment.
    Shm(ShmState),
    /// A POSIX message queue.
    PosixMq(PosixMqState),
    /// A POSIX shared memory object (a file in /dev/shm).
    PosixShm(PosixShmState),
    /// A Unix socket.
    Socket(SocketState),
    /// A thread's signal masks.
    Signals(SignalState),
    /// The IPC objects a new process got from its parent.
    Inherited(Inherited),
    /// Descriptors carried in a Unix socket message (SCM_RIGHTS): sent,
    /// received under new numbers, or closed by the kernel.
    Passage(Passage),
    /// What a process's `execve` closed: its close-on-exec descriptors on
    /// the run's objects.
    ExecClosed(ExecClosed),
    /// A process that exited and waits for its parent to reap it.
    Zombie(Zombie),
    /// A zombie reaped by its parent's `wait`.
    Reaped(Reaped),
    /// The locks on a file, after a call that takes or releases one.
    Locks(LockState),
    /// An object that no longer exists, or whose name was removed.
    Gone(Gone),
    /// Something that could not be read (the process exited first, a /proc
    /// file is missing, no System V IPC): the trace goes on without it.
    Unavailable(Unavailable),
    /// An eventfd's counter.
    Eventfd(EventfdState),
    /// An epoll instance's interest list.
    Epoll(EpollState),
    /// A signalfd's signals.
    Signalfd(SignalfdState),
    /// A futex word in a shared memory segment (and the segment's ring).
    Futex(FutexState),
}

/// Which way a descriptor moves data, from its open flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum End {
    /// Opened for reading (`O_RDONLY`): a pipe's read end.
    Read,
    /// Opened for writing (`O_WRONLY`): a pipe's write end.
    Write,
    /// Opened for both (`O_RDWR`): sockets, a FIFO opened read-write.
    Both,
}

impl End {
    /// The end a descriptor opened with these flags is (`flags & O_ACCMODE`).
    pub fn from_open_flags(flags: i32) -> End {
        match flags & libc::O_ACCMODE {
            libc::O_RDONLY => End::Read,
            libc::O_WRONLY => End::Write,
            _ => End::Both,
        }
    }

    /// Whether data can be read through it.
    pub fn reads(self) -> bool {
        self != End::Write
    }

    /// Whether data can be written through it.
    pub fn writes(self) -> bool {
        self != End::Read
    }

    /// `read`, `write` or `read+write`.
    pub fn as_str(self) -> &'static str {
        match self {
            End::Read => "read",
            End::Write => "write",
            End::Both => "read+write",
        }
    }
}

/// One descriptor on an object: process, fd number and direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FdHolder {
    pub pid: Pid,
    pub fd: i32,
    pub end: End,
}

/// A pipe or FIFO: bytes in its buffer, and who holds which end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PipeState {
    /// The inode: the N of `pipe:[N]` (for a FIFO, the file's inode).
    pub ino: u64,
    /// For a FIFO, its path.
    pub fifo: Option<String>,
    /// Bytes written and not yet read (`ioctl FIONREAD`); `None` when no
    /// traced process had a descriptor to ask through (a FIFO nobody opened).
    pub bytes: Option<u64>,
    /// Every descriptor of a traced process on it, by pid and fd; `None`
    /// when not looked at (after a `read` or `write`, which move bytes but
    /// change no holder).
    pub holders: Option<Vec<FdHolder>>,
    /// Ends no process holds, carried in an unread Unix socket message: the
    /// kernel keeps them open (a reader does not get EOF while a write end
    /// is in flight).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub in_flight: Vec<InFlightEnd>,
}

/// A pipe end in a Unix socket's queue, sent and not yet received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct InFlightEnd {
    pub end: End,
    /// The socket whose queue holds it (the receiver's).
    pub queue: u64,
    /// Who sent it, and the number it had there.
    pub from: FdHolder,
}

/// A row of /proc/sysvipc/msg.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MsgQueueState {
    pub msqid: i32,
    /// The key, as the kernel prints it (0 is `IPC_PRIVATE`).
    pub key: i32,
    #[serde(serialize_with = "octal")]
    pub mode: u32,
    /// Messages in the queue (`qnum`).
    pub messages: u64,
    /// Bytes of message text in the queue, all messages together (`cbytes`).
    pub bytes: u64,
    /// The last process to send (`lspid`).
    pub last_sender: Option<Pid>,
    /// The last process to receive (`lrpid`).
    pub last_receiver: Option<Pid>,
}

/// One semaphore of a set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SemState {
    /// The value (`semval`).
    pub value: u16,
    /// Processes waiting for it to increase (`semncnt`).
    pub ncnt: u32,
    /// Processes waiting for it to become zero (`semzcnt`).
    pub zcnt: u32,
    /// The last process to change it (`sempid`).
    pub last_pid: Option<Pid>,
}

/// A row of /proc/sysvipc/sem and the values of the set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SemSetState {
    pub semid: i32,
    pub key: i32,
    #[serde(serialize_with = "octal")]
    pub mode: u32,
    /// One entry per semaphore, in order; empty when `semctl` could not read them.
    pub values: Vec<SemState>,
    /// After a `semop`/`semtimedop` that succeeded, by a process with System
    /// V segments attached: what each of them held while the caller held
    /// the semaphore (see [`HeldReading`]). Empty otherwise, and left out
    /// of the JSON then.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub held: Vec<HeldReading>,
}

/// At which stop of its call the kernel view read something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CallStop {
    /// As the call was made, before the kernel acted on it.
    Entry,
    /// As the call returned, after the kernel acted on it.
    Exit,
}

/// What a System V segment held as a process holding a semaphore stood
/// stopped at its semaphore operation: an operation that takes (any
/// `sem_op` not positive) is read as it returns, having taken; one that
/// only gives back (every `sem_op` positive) at its entry, before it gives
/// back. Between the two readings of one critical section only the holder
/// can have stored, if every process takes the semaphore before it stores:
/// the difference is what the section itself did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldReading {
    pub shmid: i32,
    /// Entry for a release, exit for the rest.
    pub at: CallStop,
    /// The segment's first bytes, as for [`ShmState::contents`].
    pub contents: ShmContents,
}

/// Where a process attached a shared memory segment (/proc/PID/maps).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ShmAttach {
    pub pid: Pid,
    #[serde(serialize_with = "hex")]
    pub start: u64,
    #[serde(serialize_with = "hex")]
    pub end: u64,
    pub writable: bool,
}

/// The first bytes of a segment, read from a process that has it attached.
///
/// In JSON: `data`, the bytes as text (invalid UTF-8 replaced), and `hex`,
/// the same bytes exactly, two hexadecimal digits each (a binary counter
/// is not text), both with trailing zero bytes left out; `read`, `size`,
/// and `ring` when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShmContents {
    /// The bytes read (at most the preview length).
    pub data: Vec<u8>,
    /// How many bytes were read (`data` may have trailing zeros).
    pub read: u64,
    /// The size of the segment.
    pub size: u64,
    /// The ring the bytes start with, when they start with a ring header.
    pub ring: Option<RingState>,
}

impl Serialize for ShmContents {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        use std::fmt::Write as _;
        let shown = trim_zeros(&self.data);
        let mut hex = String::with_capacity(shown.len() * 2);
        for b in shown {
            let _ = write!(hex, "{b:02x}");
        }
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("data", &String::from_utf8_lossy(shown))?;
        m.serialize_entry("hex", &hex)?;
        m.serialize_entry("read", &self.read)?;
        m.serialize_entry("size", &self.size)?;
        if let Some(ring) = &self.ring {
            m.serialize_entry("ring", ring)?;
        }
        m.end()
    }
}

/// A row of /proc/sysvipc/shm, with where it is attached and what it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShmState {
    pub shmid: i32,
    pub key: i32,
    #[serde(serialize_with = "octal")]
    pub mode: u32,
    /// Size in bytes.
    pub size: u64,
    /// Attachments in all processes (`nattch`).
    pub attached: u64,
    /// The creator (`cpid`).
    pub creator: Pid,
    /// The last process to attach or detach (`lpid`).
    pub last_pid: Option<Pid>,
    /// Removed with `IPC_RMID` while attached: freed at the last detach.
    pub removed: bool,
    /// Where the calling process has it attached (after `shmat`).
    pub attach: Option<ShmAttach>,
    /// What it holds (after `shmdt`, and at the exit of a process that has it attached).
    pub contents: Option<ShmContents>,
    /// Traced processes in a `shmdt` of it whose line is not shown yet, and
    /// which no longer have it attached: the kernel's count (`attached`)
    /// already left them out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub detaching: Vec<Pid>,
}

/// A POSIX message queue, from `mq_getattr` and its status line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PosixMqState {
    /// The queue's name (`/name`).
    pub name: String,
    /// Messages in the queue (`mq_curmsgs`).
    pub messages: i64,
    /// Capacity in messages (`mq_maxmsg`).
    pub max_messages: i64,
    /// Largest message (`mq_msgsize`).
    pub message_size: i64,
    /// Bytes of all messages together (`QSIZE`), when readable.
    pub bytes: Option<u64>,
    /// The process registered with `mq_notify`, if any.
    pub notify_pid: Option<Pid>,
}

/// A Unix socket, from sock_diag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SocketState {
    /// The inode: the N of `socket:[N]`.
    pub ino: u64,
    /// `stream`, `dgram` or `seqpacket`.
    pub sock_type: &'static str,
    /// `unconnected`, `listening`, `connecting`, `connected` or `disconnecting`.
    pub state: &'static str,
    /// The bound name: a path, `@name` for the abstract namespace; `None`
    /// when not bound.
    pub path: Option<String>,
    /// The socket at the other end, when connected.
    pub peer: Option<u64>,
    /// Which traced process holds the peer, and on which fd.
    pub peer_holders: Vec<FdHolder>,
    /// For a listening socket: connections waiting for `accept`; otherwise
    /// bytes waiting to be read at this end.
    pub queued: u32,
    /// For a listening socket: the backlog given to `listen`.
    pub backlog: Option<u32>,
    /// Bytes waiting to be read at the peer (what this end sent and the
    /// peer has not read yet, for a stream).
    pub peer_queued: Option<u32>,
    /// The other end of this connection was closed (the kernel shut this
    /// end down both ways): reads give EOF once the queue is empty.
    pub peer_closed: bool,
    /// Descriptors of traced processes on it; `None` when not looked at.
    pub holders: Option<Vec<FdHolder>>,
}

/// A thread's signal sets (/proc/PID/task/TID/status).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignalState {
    /// The process whose sets these are (the target of a `kill`, or the caller).
    pub process: Pid,
    /// Its thread (sets `blocked` and part of `pending` are per thread).
    pub thread: Pid,
    /// At a delivery: the signal being delivered, and what the kernel will
    /// do with it: `handler` (a handler runs), `ignored` (`SIG_IGN`), or the
    /// default action (`default:terminate`, `default:core`, `default:stop`,
    /// `default:continue`, `default:ignore`).
    pub delivered: Option<Delivery>,
    /// Blocked by this thread (`SigBlk`).
    #[serde(serialize_with = "names")]
    pub blocked: SigSet,
    /// Ignored (`SigIgn`).
    #[serde(serialize_with = "names")]
    pub ignored: SigSet,
    /// Caught by a handler (`SigCgt`).
    #[serde(serialize_with = "names")]
    pub caught: SigSet,
    /// Pending for this thread or the whole process (`SigPnd` | `ShdPnd`).
    #[serde(serialize_with = "names")]
    pub pending: SigSet,
}

/// One IPC descriptor a new process got from its parent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InheritedFd {
    pub fd: i32,
    /// What it refers to: `pipe:[N]`, `socket:[N]`, a FIFO's path, a POSIX
    /// queue's name.
    pub object: String,
    pub end: End,
}

/// The IPC objects a new process shares with its parent after fork.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Inherited {
    pub child: Pid,
    pub parent: Pid,
    pub fds: Vec<InheritedFd>,
    /// Shared memory segments attached in the child (fork copies attachments).
    pub shm: Vec<InheritedShm>,
}

/// What happened to the descriptors of a Unix socket message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PassStep {
    /// `sendmsg` put them in the receiving socket's queue: the kernel holds
    /// each open file (pipe end, socket, file) until it is received.
    Sent,
    /// `recvmsg` installed them in the receiver's table, each under the
    /// lowest free number there: the same open files, new numbers.
    Received,
    /// The receiver's control buffer had no room for them (`MSG_CTRUNC`):
    /// the kernel closed them.
    Truncated,
    /// Their message was never received: the receiving socket was closed,
    /// or a call that takes no control data (`read`) consumed it; the
    /// kernel closed them.
    Discarded,
}

/// One descriptor carried in a Unix socket message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PassedFd {
    /// What it refers to: `pipe:[N]`, `socket:[N]`, a path.
    pub object: String,
    pub end: End,
    /// The sender and the number it sent.
    pub from: FdHolder,
    /// The receiver and the number it got (when received).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<FdHolder>,
}

/// Descriptors carried in one Unix socket message (SCM_RIGHTS, unix(7)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Passage {
    pub step: PassStep,
    /// The socket whose receive queue holds (or held) the message.
    pub queue: u64,
    pub fds: Vec<PassedFd>,
}

/// What `execve` closed in a process: the descriptors on the run's objects
/// marked close-on-exec, and those it keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExecClosed {
    /// The process that exec'd.
    pub process: Pid,
    pub closed: Vec<InheritedFd>,
    pub kept: Vec<InheritedFd>,
}

/// A shared memory attachment a new process got from its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct InheritedShm {
    pub shmid: i32,
    #[serde(serialize_with = "hex")]
    pub start: u64,
}

/// A signal being delivered and what it will do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Delivery {
    pub signal: String,
    pub action: &'static str,
}

/// An exited process its parent has not waited for yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Zombie {
    pub zombie: Pid,
    pub parent: Pid,
}

/// A zombie removed from the process table by its parent's `wait`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Reaped {
    pub zombie: Pid,
    pub by: Pid,
}

/// An object that ended, or lost its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gone {
    pub kind: ObjectKind,
    /// How the ledger names it (`pipe:[48213]`, `msg queue 32768`, `/tmp/x.fifo`).
    pub name: String,
    /// What happened: the last descriptor was closed and the kernel freed
    /// the object (`closed`); it was removed (`IPC_RMID`) (`removed`); its
    /// name was removed (`unlinked`).
    pub how: GoneHow,
    /// After an unlink: whether something still keeps the object (a
    /// descriptor or mapping in a traced process, a socket still bound to
    /// the path), or nothing is left; None when it could not be told.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lives_on: Option<bool>,
}

/// How an object ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GoneHow {
    Closed,
    Removed,
    Unlinked,
}

/// A POSIX shared memory object: its file in /dev/shm, its size, the
/// descriptors open on it and the processes that map it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PosixShmState {
    /// A named semaphore (`sem.NAME`, made by `sem_open`) rather than a
    /// shared memory object.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub semaphore: bool,
    pub path: String,
    pub ino: u64,
    /// Bytes (`ftruncate` sets it; 0 when new); None when it cannot be read.
    pub size: Option<u64>,
    /// Every descriptor of a live traced process open on it.
    pub holders: Vec<FdHolder>,
    /// The live traced processes that have it mapped (/proc/PID/maps).
    pub mapped_by: Vec<Pid>,
    /// What it holds, read through the mapping a process is about to
    /// remove (`munmap`), and whose: the same bounded preview as a segment's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contents: Option<ShmContents>,
    /// The process whose mapping `contents` was read from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read_from: Option<Pid>,
}

/// The locks on a file (/proc/locks), after `fcntl` took or released a
/// record lock on it, `flock`, or a lock request that failed because
/// another process holds one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LockState {
    /// The file, as its descriptor's link names it.
    pub path: String,
    pub ino: u64,
    /// Held ones first, then those waited for, each by first byte, kind
    /// and pid.
    pub locks: Vec<FileLock>,
}

/// Something the kernel view could not read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unavailable {
    /// The error, one line (`/proc/1234/fd: process 1234 has exited`).
    pub reason: String,
}

fn octal<S: Serializer>(mode: &u32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format!("{mode:04o}"))
}

fn hex<S: Serializer>(v: &u64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format!("{v:#x}"))
}

fn names<S: Serializer>(set: &SigSet, s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(set.names())
}

/// The bytes up to the last non-zero one.
pub fn trim_zeros(data: &[u8]) -> &[u8] {
    let end = data.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    &data[..end]
}

/// The kind of a file lock, as /proc/locks names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LockKind {
    /// `fcntl` record lock (F_SETLK, F_SETLKW): owned by a process.
    Posix,
    /// `flock` lock: owned by an open file description.
    Flock,
    /// Open file description lock (F_OFD_SETLK): owned by the description.
    Ofd,
    /// A lease or anything newer.
    Other,
}

impl LockKind {
    /// The name /proc/locks gives it.
    pub fn as_str(self) -> &'static str {
        match self {
            LockKind::Posix => "POSIX",
            LockKind::Flock => "FLOCK",
            LockKind::Ofd => "OFDLCK",
            LockKind::Other => "other",
        }
    }
}

/// One lock on a file, held or waited for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileLock {
    #[serde(rename = "type")]
    pub kind: LockKind,
    /// A write (exclusive) lock; else a read (shared) one.
    pub write: bool,
    /// The owner, for POSIX and FLOCK locks (the process that set it).
    pub pid: Option<Pid>,
    /// First byte.
    pub start: u64,
    /// Last byte; None to the end of the file (`EOF`).
    pub end: Option<u64>,
    /// The process waits for this lock (it is blocked in `F_SETLKW` or
    /// `flock`); else it holds it.
    pub waiting: bool,
    /// For a lock an open file description owns (OFD and flock locks): the
    /// descriptors of traced processes on that description, as their
    /// /proc/PID/fdinfo lists the lock. Closing one of several does not
    /// release it; the last one does.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub through: Vec<FdHolder>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_end_follows_the_access_mode_of_the_open_flags() {
        assert_eq!(End::from_open_flags(libc::O_RDONLY | libc::O_CLOEXEC), End::Read);
        assert_eq!(End::from_open_flags(libc::O_WRONLY | libc::O_NONBLOCK), End::Write);
        assert_eq!(End::from_open_flags(libc::O_RDWR), End::Both);
        assert!(End::Both.reads() && End::Both.writes() && !End::Write.reads() && !End::Read.writes());
    }
}
