//! The kernel view at work: an [`Observer`] of the ptrace loop that, after
//! each call creating, changing or removing an IPC object, reads what the
//! kernel now holds for it and adds a [`KernelEvent`] after the call; and
//! that keeps the ledger of every object the run created, reported at the
//! end as [`LedgerEntry`] events.
//!
//! # Reading, not remembering
//!
//! Every number shown is read from the kernel when the call returns, never
//! computed from the calls seen before: with `-e` most calls may be hidden
//! (and with seccomp never even stop), so a view built by replaying calls
//! would drift. Who holds a pipe comes from the fds of every live traced
//! process, bytes from `FIONREAD`, a queue's counts from /proc/sysvipc. What
//! the view remembers is only which objects are the run's, to know which
//! descriptors are worth a look (a `write` to the terminal is not) and to
//! keep the ledger. For that it asks the loop ([`Observer::needs`]) to stop
//! at the few calls that create and remove objects even when the filter
//! hides them.
//!
//! # Cost
//!
//! Calls that touch no IPC object cost one `match` on the call number. A
//! `read` or `write` costs a `readlink` of its fd, and, on a pipe or socket
//! of the run, the `FIONREAD` through a borrowed fd (see [`super::peek`]).
//! Creating, closing and forking list the fds of the traced processes.
//!
//! # Never changing what is looked at
//!
//! All reads go through the readers of [`super`], which open no pipe end,
//! receive no message, operate on no semaphore and attach no segment.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::fs::MetadataExt;
use std::path::{Component, Path, PathBuf};
use std::time::SystemTime;

use nix::unistd::Pid as NixPid;
use syscalls::Sysno;

use super::error::ErrorKind;
use super::journal::{Journal, Record};
use super::ledger::Evidence;
use super::objects::*;
use super::{
    ObjectId, UnixState, UnixType, fdinfo, holders, mq_attr, mq_status, msg_queue, msg_queues, object_of,
    parse_shm_mappings, pidfd_open, pipe_bytes, queued_bytes, read_memory, sem_set, sem_sets, sem_values, shm_segment,
    thread_status, unix_diag,
};
use crate::decode::{Reader, Syscall};
use crate::event::{EventKind, Exit, Pid, SignalInfo, Spawn};
use crate::ptrace::{Observer, ProcessMemory, TaskRef};

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
}

/// The calls that create or remove objects of the ledger: the loop stops at
/// them even when `-e` hides them, so the ledger stays complete.
const NEEDS: &[Sysno] = &[
    #[cfg(target_arch = "x86_64")]
    Sysno::pipe,
    Sysno::pipe2,
    #[cfg(target_arch = "x86_64")]
    Sysno::mknod,
    Sysno::mknodat,
    #[cfg(target_arch = "x86_64")]
    Sysno::unlink,
    Sysno::unlinkat,
    Sysno::msgget,
    Sysno::msgctl,
    Sysno::semget,
    Sysno::semctl,
    Sysno::shmget,
    Sysno::shmctl,
    Sysno::mq_open,
    Sysno::mq_unlink,
    Sysno::socket,
    Sysno::socketpair,
    Sysno::bind,
    Sysno::accept,
    Sysno::accept4,
];

/// `IPC_64`, or'ed into the command of `msgctl`/`semctl`/`shmctl` by the C library.
const IPC_64: u64 = 0x100;

/// How the view finds an object again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Pipe(u64),
    Socket(u64),
    Fifo(ObjectId),
    SocketFile(ObjectId),
    PosixMq(ObjectId),
    Msg(i32),
    Sem(i32),
    Shm(i32),
}

/// An object of the run: created by it (it goes into the ledger) or only
/// opened by it (a FIFO made beforehand: shown, not in the ledger).
#[derive(Debug)]
struct Tracked {
    kind: ObjectKind,
    name: String,
    id: i64,
    sysv_key: Option<i32>,
    path: Option<String>,
    object: Option<ObjectId>,
    created_by: Option<ByCall>,
    used_by: BTreeSet<Pid>,
    fate: Option<Fate>,
    evidence: Option<Evidence>,
}

/// What a call's entry saw, for its exit.
#[derive(Debug)]
enum Before {
    /// Objects of the run whose descriptors the call closes or replaces.
    Releasing(Vec<usize>),
    /// The segment `shmdt` detaches, and what it held just before.
    Detaching { shmid: i32, contents: Option<ShmContents> },
}

/// Which System V objects existed when the run started (id and creation
/// time), so that a `msgget` that found one is not counted as creating it.
#[derive(Debug, Default)]
struct SysvAtStart {
    msg: HashSet<(i32, u64)>,
    sem: HashSet<(i32, u64)>,
}

/// What a descriptor's link in /proc/PID/fd names.
enum Link {
    Pipe(u64),
    Socket(u64),
    Path(String),
    Other,
}

/// The kernel view: an observer for [`crate::ptrace::run`].
pub struct KernelView {
    shown: Option<HashSet<&'static str>>,
    cleanup: bool,
    journal: Option<Journal>,
    started: SystemTime,
    own_pid: Pid,
    /// Live traced processes (thread group ids).
    procs: BTreeSet<Pid>,
    /// Zombies seen, with their parent.
    zombies: BTreeMap<Pid, Pid>,
    objects: Vec<Tracked>,
    by_key: HashMap<Key, usize>,
    by_path: HashMap<(ObjectKind, String), usize>,
    /// How many objects reachable through fds are tracked (none: a `read`
    /// needs no look at its fd).
    fd_objects: usize,
    /// A segment was seen: forks and exits look at the mappings.
    any_shm: bool,
    sysv_at_start: Option<SysvAtStart>,
    before: HashMap<Pid, Before>,
    /// Inherited objects of a fork, shown after the fork call's line.
    inherit_later: HashMap<Pid, Vec<KernelEvent>>,
    /// Objects a process held when it began to exit.
    held_at_exit: HashMap<Pid, Vec<usize>>,
    no_sysv_noted: bool,
    notes: Vec<String>,
    /// A traced process was seen: the program started.
    procs_seen: bool,
    /// Handles on the live traced processes, to borrow their fds.
    pidfds: HashMap<Pid, OwnedFd>,
}

fn np(pid: Pid) -> NixPid {
    NixPid::from_raw(pid)
}

fn unavailable(reason: impl ToString) -> KernelEvent {
    KernelEvent::Unavailable(Unavailable { reason: reason.to_string() })
}

fn read_link(pid: Pid, fd: i32) -> Option<String> {
    std::fs::read_link(format!("/proc/{pid}/fd/{fd}")).ok().map(|p| p.to_string_lossy().into_owned())
}

fn parse_link(link: &str) -> Link {
    let inode = |prefix: &str| link.strip_prefix(prefix)?.strip_suffix(']')?.parse::<u64>().ok();
    if let Some(n) = inode("pipe:[") {
        Link::Pipe(n)
    } else if let Some(n) = inode("socket:[") {
        Link::Socket(n)
    } else if link.starts_with('/') {
        Link::Path(link.to_string())
    } else {
        Link::Other
    }
}

/// The fd numbers of a process (no links read).
fn fd_numbers(pid: Pid) -> Vec<i32> {
    let Ok(dir) = std::fs::read_dir(format!("/proc/{pid}/fd")) else { return Vec::new() };
    let mut fds: Vec<i32> = dir.flatten().filter_map(|e| e.file_name().to_str()?.parse().ok()).collect();
    fds.sort_unstable();
    fds
}

/// `path` with `.` and `..` resolved by name (no symbolic links followed:
/// after `unlink` there is nothing left to follow).
fn normalize(path: &Path) -> String {
    let mut out = PathBuf::from("/");
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(n) => out.push(n),
            _ => {}
        }
    }
    out.to_string_lossy().into_owned()
}

fn end_of(pid: Pid, fd: i32) -> End {
    fdinfo(np(pid), fd).map(|i| End::from_access(i.access())).unwrap_or(End::Both)
}

fn type_name(t: UnixType) -> &'static str {
    match t {
        UnixType::Stream => "stream",
        UnixType::Dgram => "dgram",
        UnixType::SeqPacket => "seqpacket",
        UnixType::Other(_) => "other",
    }
}

fn state_name(s: UnixState) -> &'static str {
    match s {
        UnixState::Unconnected => "unconnected",
        UnixState::Listening => "listening",
        UnixState::Connecting => "connecting",
        UnixState::Connected => "connected",
        UnixState::Disconnecting => "disconnecting",
        UnixState::Other(_) => "other",
    }
}

/// What the kernel does with a signal nobody catches or ignores (signal(7)).
fn default_action(sig: i32) -> &'static str {
    match sig {
        libc::SIGCHLD | libc::SIGURG | libc::SIGWINCH => "default:ignore",
        libc::SIGCONT => "default:continue",
        libc::SIGSTOP | libc::SIGTSTP | libc::SIGTTIN | libc::SIGTTOU => "default:stop",
        libc::SIGQUIT
        | libc::SIGILL
        | libc::SIGTRAP
        | libc::SIGABRT
        | libc::SIGBUS
        | libc::SIGFPE
        | libc::SIGSEGV
        | libc::SIGSYS
        | libc::SIGXCPU
        | libc::SIGXFSZ => "default:core",
        _ => "default:terminate",
    }
}

impl KernelView {
    pub fn new(options: ViewOptions) -> KernelView {
        let sysv_at_start = match (msg_queues(), sem_sets()) {
            (Ok(m), Ok(s)) => Some(SysvAtStart {
                msg: m.iter().map(|q| (q.msqid, q.ctime)).collect(),
                sem: s.iter().map(|s| (s.semid, s.ctime)).collect(),
            }),
            _ => None,
        };
        KernelView {
            shown: options.shown.map(|calls| calls.iter().map(|s| s.name()).collect()),
            cleanup: options.cleanup,
            journal: options.journal,
            started: SystemTime::now(),
            own_pid: std::process::id() as Pid,
            procs: BTreeSet::new(),
            zombies: BTreeMap::new(),
            objects: Vec::new(),
            by_key: HashMap::new(),
            by_path: HashMap::new(),
            fd_objects: 0,
            any_shm: false,
            sysv_at_start,
            before: HashMap::new(),
            inherit_later: HashMap::new(),
            held_at_exit: HashMap::new(),
            no_sysv_noted: false,
            notes: Vec::new(),
            procs_seen: false,
            pidfds: HashMap::new(),
        }
    }

    /// The journal file of this run, if one was written.
    pub fn journal_path(&self) -> Option<&Path> {
        self.journal.as_ref().and_then(|j| j.path())
    }

    /// A traced process made a call or an event.
    fn seen(&mut self, pid: Pid) {
        self.procs.insert(pid);
        self.procs_seen = true;
    }

    fn live(&self) -> Vec<NixPid> {
        self.procs.iter().map(|&p| np(p)).collect()
    }

    /// An error while reading: a short note, given once for a kernel
    /// without System V IPC.
    fn failed(&mut self, err: super::Error, out: &mut Vec<KernelEvent>) {
        if matches!(err.kind(), ErrorKind::NoSysvIpc) {
            if !self.no_sysv_noted {
                self.no_sysv_noted = true;
                out.push(unavailable(err));
            }
            return;
        }
        out.push(unavailable(err));
    }

    // ---- the objects of the run ----

    /// Tracks an object: the live entry with this key, or a new one.
    #[allow(clippy::too_many_arguments)]
    fn track(
        &mut self,
        key: Key,
        kind: ObjectKind,
        name: String,
        id: i64,
        object: Option<ObjectId>,
        path: Option<String>,
        created_by: Option<ByCall>,
    ) -> usize {
        if let Some(&i) = self.by_key.get(&key) {
            if self.objects[i].fate.is_none() {
                if self.objects[i].created_by.is_none() {
                    self.objects[i].created_by = created_by;
                }
                return i;
            }
        }
        let i = self.objects.len();
        // The creator uses it, even if it exits before anyone looks.
        let mut used_by = BTreeSet::new();
        if let Some(c) = &created_by {
            used_by.insert(c.pid);
        }
        self.objects.push(Tracked {
            kind,
            name,
            id,
            sysv_key: None,
            path: path.clone(),
            object,
            created_by,
            used_by,
            fate: None,
            evidence: None,
        });
        self.by_key.insert(key, i);
        if let Some(p) = path {
            self.by_path.insert((kind, p), i);
        }
        if matches!(kind, ObjectKind::Pipe | ObjectKind::Fifo | ObjectKind::Socket | ObjectKind::PosixMq) {
            self.fd_objects += 1;
        }
        i
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

    /// The object's fate is decided by a call.
    fn set_fate(&mut self, i: usize, fate: Fate) {
        let t = &mut self.objects[i];
        if t.fate.is_some() {
            return;
        }
        let removed = matches!(fate, Fate::Removed { .. }) && t.kind.persists();
        t.fate = Some(fate);
        if removed {
            if let (Some(evidence), Some(j)) = (t.evidence.clone(), self.journal.as_mut()) {
                if let Some(note) = j.append(&Record::Removed { evidence }) {
                    self.notes.push(note);
                }
            }
        }
    }

    fn used(&mut self, i: usize, pid: Pid) {
        self.objects[i].used_by.insert(pid);
    }

    /// The object of the run an fd of `pid` refers to.
    fn tracked_fd(&self, pid: Pid, fd: i32) -> Option<usize> {
        if self.fd_objects == 0 || fd < 0 {
            return None;
        }
        self.tracked_link(&read_link(pid, fd)?)
    }

    /// The object of the run a descriptor link names.
    fn tracked_link(&self, link: &str) -> Option<usize> {
        match parse_link(link) {
            Link::Pipe(n) => self.by_key.get(&Key::Pipe(n)).copied(),
            Link::Socket(n) => self.by_key.get(&Key::Socket(n)).copied(),
            Link::Path(p) => self
                .by_path
                .get(&(ObjectKind::Fifo, p.clone()))
                .or_else(|| self.by_path.get(&(ObjectKind::PosixMq, p)))
                .copied(),
            Link::Other => None,
        }
    }

    /// An absolute path from a path argument, relative to `dirfd` (or the
    /// working directory) of `pid`.
    fn path_arg(&self, task: TaskRef, dirfd: Option<i32>, addr: u64) -> Option<String> {
        let mem = ProcessMemory::new(task.tid);
        let bytes = Reader::new(&mem, 0).c_string_bytes(addr, crate::decode::mem::PATH_LIMIT)?;
        let path = PathBuf::from(String::from_utf8_lossy(&bytes.data).into_owned());
        if path.is_absolute() {
            return Some(normalize(&path));
        }
        let base = match dirfd {
            Some(fd) if fd != libc::AT_FDCWD => std::fs::read_link(format!("/proc/{}/fd/{fd}", task.pid)).ok()?,
            _ => std::fs::read_link(format!("/proc/{}/cwd", task.pid)).ok()?,
        };
        Some(normalize(&base.join(path)))
    }

    // ---- states of objects ----

    fn fd_holders(&mut self, i: usize, object: ObjectId) -> super::Result<Vec<FdHolder>> {
        let hs = holders(self.live(), object)?;
        let out: Vec<FdHolder> =
            hs.iter().map(|h| FdHolder { pid: h.pid.as_raw(), fd: h.fd, end: End::from_access(h.access) }).collect();
        for h in &out {
            self.used(i, h.pid);
        }
        Ok(out)
    }

    /// A pipe or FIFO of the run: bytes in it (asked through `via`, or any
    /// holder), and its holders when `with_holders`.
    fn pipe_state(&mut self, i: usize, via: Option<(Pid, i32)>, with_holders: bool) -> KernelEvent {
        let Some(object) = self.objects[i].object else { return unavailable("no inode recorded") };
        let holders = if with_holders {
            match self.fd_holders(i, object) {
                Ok(h) => Some(h),
                Err(e) => return unavailable(e),
            }
        } else {
            None
        };
        let via = via.or_else(|| holders.as_ref().and_then(|h| h.first()).map(|h| (h.pid, h.fd)));
        let bytes = via.and_then(|(p, fd)| self.pipe_bytes(p, fd));
        let t = &self.objects[i];
        KernelEvent::Pipe(PipeState {
            ino: object.ino,
            fifo: (t.kind == ObjectKind::Fifo).then(|| t.path.clone()).flatten(),
            bytes,
            holders,
        })
    }

    /// Bytes in the pipe behind fd `fd` of `pid`, through a handle on the
    /// process kept for its lifetime (one `pidfd_open` per process, not per
    /// look).
    fn pipe_bytes(&mut self, pid: Pid, fd: i32) -> Option<u64> {
        let pidfd = match self.pidfds.entry(pid) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(pidfd_open(np(pid)).ok()?),
        };
        match pipe_bytes(pidfd.as_fd(), np(pid), fd) {
            Ok(n) => Some(n as u64),
            Err(_) => queued_bytes(np(pid), fd).ok().map(|q| q.inq as u64),
        }
    }

    /// Every descriptor of a live traced process whose link is `socket:[ino]`.
    fn socket_holders(&self, inodes: &[u64]) -> Vec<Vec<FdHolder>> {
        let links: Vec<String> = inodes.iter().map(|n| format!("socket:[{n}]")).collect();
        let mut out = vec![Vec::new(); inodes.len()];
        for &pid in &self.procs {
            for fd in fd_numbers(pid) {
                if let Some(l) = read_link(pid, fd) {
                    if let Some(k) = links.iter().position(|x| *x == l) {
                        out[k].push(FdHolder { pid, fd, end: End::Both });
                    }
                }
            }
        }
        out
    }

    /// A Unix socket, from sock_diag; `None` when it is not one (or is gone).
    fn socket_state(&mut self, ino: u64, with_holders: bool) -> Option<KernelEvent> {
        let d = match unix_diag(ino) {
            Ok(d) => d,
            Err(e) if matches!(e.kind(), ErrorKind::Sys(nix::errno::Errno::ENOENT)) => return None,
            Err(e) => return Some(unavailable(e)),
        };
        let (holders, peer_holders) = if with_holders {
            let mut both = self.socket_holders(&[ino, d.peer.unwrap_or(0)]);
            let peer = both.pop().unwrap_or_default();
            (Some(both.pop().unwrap_or_default()), peer)
        } else {
            (None, Vec::new())
        };
        if let Some(&i) = self.by_key.get(&Key::Socket(ino)) {
            for h in holders.iter().flatten() {
                self.objects[i].used_by.insert(h.pid);
            }
        }
        Some(KernelEvent::Socket(SocketState {
            ino,
            sock_type: type_name(d.sock_type),
            state: if d.listening { "listening" } else { state_name(d.state) },
            path: d.name,
            peer: d.peer,
            peer_holders,
            queued: d.rqueue,
            backlog: d.listening.then_some(d.wqueue),
            peer_queued: d.peer.and_then(|p| unix_diag(p).ok()).filter(|p| !p.listening).map(|p| p.rqueue),
            holders,
        }))
    }

    fn msg_state(&mut self, id: i32, out: &mut Vec<KernelEvent>) -> Option<super::MsgQueue> {
        match msg_queue(id) {
            Ok(Some(q)) => {
                out.push(KernelEvent::MsgQueue(MsgQueueState {
                    msqid: q.msqid,
                    key: q.key.0,
                    mode: q.perms.0,
                    messages: q.qnum,
                    bytes: q.cbytes,
                    last_sender: q.lspid.map(|p| p.as_raw()),
                    last_receiver: q.lrpid.map(|p| p.as_raw()),
                }));
                Some(q)
            }
            Ok(None) => None,
            Err(e) => {
                self.failed(e, out);
                None
            }
        }
    }

    fn sem_state(&mut self, id: i32, out: &mut Vec<KernelEvent>) -> Option<super::SemSet> {
        match sem_set(id) {
            Ok(Some(s)) => {
                let values = sem_values(id)
                    .map(|v| {
                        v.iter()
                            .map(|v| SemState {
                                value: v.value,
                                ncnt: v.ncnt,
                                zcnt: v.zcnt,
                                last_pid: v.pid.map(|p| p.as_raw()),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                out.push(KernelEvent::SemSet(SemSetState { semid: s.semid, key: s.key.0, mode: s.perms.0, values }));
                Some(s)
            }
            Ok(None) => None,
            Err(e) => {
                self.failed(e, out);
                None
            }
        }
    }

    fn shm_state(
        &mut self,
        id: i32,
        attach: Option<ShmAttach>,
        contents: Option<ShmContents>,
        out: &mut Vec<KernelEvent>,
    ) -> Option<super::ShmSegment> {
        self.any_shm = true;
        match shm_segment(id) {
            Ok(Some(s)) => {
                out.push(KernelEvent::Shm(ShmState {
                    shmid: s.shmid,
                    key: s.key.0,
                    mode: s.perms.0,
                    size: s.size,
                    attached: s.nattch,
                    creator: s.cpid.as_raw(),
                    last_pid: s.lpid.map(|p| p.as_raw()),
                    removed: s.is_marked_for_removal(),
                    attach,
                    contents,
                }));
                Some(s)
            }
            Ok(None) => None,
            Err(e) => {
                self.failed(e, out);
                None
            }
        }
    }

    /// The first bytes of a segment as `pid` sees them at `start`.
    fn contents(pid: Pid, start: u64, len: u64, size: Option<u64>) -> Option<ShmContents> {
        let n = (PREVIEW_LEN as u64).min(len).min(size.unwrap_or(u64::MAX)) as usize;
        let data = read_memory(np(pid), start, n).ok()?;
        Some(ShmContents { read: data.len() as u64, data, size: size.unwrap_or(len) })
    }

    fn mq_state(&mut self, pid: Pid, fd: i32, name: String, out: &mut Vec<KernelEvent>) {
        match mq_attr(np(pid), fd) {
            Ok(a) => {
                let status = mq_status(np(pid), fd).ok();
                out.push(KernelEvent::PosixMq(PosixMqState {
                    name,
                    messages: a.curmsgs,
                    max_messages: a.maxmsg,
                    message_size: a.msgsize,
                    bytes: status.map(|s| s.qsize),
                    notify_pid: status.and_then(|s| s.notify_pid).map(|p| p.as_raw()),
                }));
            }
            Err(e) => self.failed(e, out),
        }
    }

    fn signal_state(&mut self, pid: Pid, tid: Pid, delivered: Option<i32>, out: &mut Vec<KernelEvent>) {
        match thread_status(np(pid), np(tid)) {
            Ok(st) => out.push(KernelEvent::Signals(SignalState {
                process: st.tgid.as_raw(),
                thread: tid,
                delivered: delivered.map(|sig| Delivery {
                    signal: super::signal_name(sig),
                    action: if st.caught.contains(sig) {
                        "handler"
                    } else if st.ignored.contains(sig) {
                        "ignored"
                    } else {
                        default_action(sig)
                    },
                }),
                blocked: st.blocked,
                ignored: st.ignored,
                caught: st.caught,
                pending: super::SigSet(st.pending.0 | st.shared_pending.0),
            })),
            Err(e) => self.failed(e, out),
        }
    }

    /// After a descriptor on object `i` was closed (by `call` of `pid`):
    /// its holders now, or its end.
    fn released(&mut self, i: usize, pid: Pid, call: &str, out: &mut Vec<KernelEvent>) {
        match self.objects[i].kind {
            ObjectKind::Pipe | ObjectKind::Fifo => {
                let Some(object) = self.objects[i].object else { return };
                match self.fd_holders(i, object) {
                    Ok(h) if h.is_empty() && self.objects[i].kind == ObjectKind::Pipe => {
                        self.set_fate(i, Fate::Closed { by: ByCall { pid, call: call.to_string() } });
                        let t = &self.objects[i];
                        out.push(KernelEvent::Gone(Gone { kind: t.kind, name: t.name.clone(), how: GoneHow::Closed }));
                    }
                    Ok(h) if h.is_empty() => {
                        let t = &self.objects[i];
                        out.push(KernelEvent::Pipe(PipeState {
                            ino: object.ino,
                            fifo: t.path.clone(),
                            bytes: None,
                            holders: Some(h),
                        }));
                    }
                    Ok(_) => out.push(self.pipe_state(i, None, true)),
                    Err(e) => out.push(unavailable(e)),
                }
            }
            ObjectKind::Socket => {
                let ino = self.objects[i].id as u64;
                let held = self.socket_holders(&[ino]).pop().unwrap_or_default();
                if held.is_empty() {
                    self.set_fate(i, Fate::Closed { by: ByCall { pid, call: call.to_string() } });
                    let t = &self.objects[i];
                    out.push(KernelEvent::Gone(Gone { kind: t.kind, name: t.name.clone(), how: GoneHow::Closed }));
                } else if let Some(ev) = self.socket_state(ino, true) {
                    out.push(ev);
                }
            }
            _ => {}
        }
    }

    // ---- calls ----

    fn entry(&mut self, task: TaskRef, call: &Syscall) {
        let Some(sysno) = call.sysno else { return };
        let a = call.raw.args;
        let before = match sysno {
            Sysno::close => self.tracked_fd(task.pid, a[0] as i32).map(|i| Before::Releasing(vec![i])),
            #[cfg(target_arch = "x86_64")]
            Sysno::dup2 if a[0] != a[1] => self.tracked_fd(task.pid, a[1] as i32).map(|i| Before::Releasing(vec![i])),
            Sysno::dup3 if a[0] != a[1] => self.tracked_fd(task.pid, a[1] as i32).map(|i| Before::Releasing(vec![i])),
            Sysno::close_range if a[2] & libc::CLOSE_RANGE_CLOEXEC as u64 == 0 && self.fd_objects > 0 => {
                let (first, last) = (a[0] as u32, a[1] as u32);
                let mut found: Vec<usize> = fd_numbers(task.pid)
                    .into_iter()
                    .filter(|&fd| (first..=last).contains(&(fd as u32)))
                    .filter_map(|fd| self.tracked_fd(task.pid, fd))
                    .collect();
                found.sort_unstable();
                found.dedup();
                (!found.is_empty()).then_some(Before::Releasing(found))
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

    fn exit(&mut self, task: TaskRef, call: &Syscall, out: &mut Vec<KernelEvent>) {
        let before = self.before.remove(&task.tid);
        let Some(sysno) = call.sysno else { return };
        if call.name != sysno.name() || !call.succeeded() {
            return;
        }
        let a = call.raw.args;
        let ret = call.ret.unwrap_or(-1);
        let pid = task.pid;
        let by = || ByCall { pid, call: sysno.name().to_string() };
        match sysno {
            #[cfg(target_arch = "x86_64")]
            Sysno::pipe => self.on_pipe(task, a[0], by(), out),
            Sysno::pipe2 => self.on_pipe(task, a[0], by(), out),
            #[cfg(target_arch = "x86_64")]
            Sysno::mknod => self.on_mknod(task, None, a[0], a[1], by(), out),
            Sysno::mknodat => self.on_mknod(task, Some(a[0] as i32), a[1], a[2], by(), out),
            #[cfg(target_arch = "x86_64")]
            Sysno::open | Sysno::creat => self.on_open(pid, ret as i32, out),
            Sysno::openat | Sysno::openat2 => self.on_open(pid, ret as i32, out),
            #[cfg(target_arch = "x86_64")]
            Sysno::unlink => self.on_unlink(task, None, a[0], by(), out),
            Sysno::unlinkat if a[2] & libc::AT_REMOVEDIR as u64 == 0 => {
                self.on_unlink(task, Some(a[0] as i32), a[1], by(), out)
            }
            Sysno::read
            | Sysno::write
            | Sysno::readv
            | Sysno::writev
            | Sysno::sendto
            | Sysno::recvfrom
            | Sysno::sendmsg
            | Sysno::recvmsg
            | Sysno::sendmmsg
            | Sysno::recvmmsg
            | Sysno::vmsplice => {
                let fd = a[0] as i32;
                let hint = call.args.first().and_then(|f| f.value.as_fd()).filter(|f| f.fd == fd);
                self.on_data(pid, fd, hint.and_then(|f| f.target.as_deref()), out)
            }
            Sysno::splice | Sysno::tee => {
                let (fd_in, fd_out) = if sysno == Sysno::splice { (a[0], a[2]) } else { (a[0], a[1]) };
                self.on_data(pid, fd_in as i32, None, out);
                self.on_data(pid, fd_out as i32, None, out);
            }
            Sysno::close | Sysno::close_range => {
                if let Some(Before::Releasing(list)) = before {
                    for i in list {
                        self.released(i, pid, sysno.name(), out);
                    }
                }
            }
            #[cfg(target_arch = "x86_64")]
            Sysno::dup | Sysno::dup2 => self.on_dup(pid, ret as i32, before, sysno.name(), out),
            Sysno::dup3 => self.on_dup(pid, ret as i32, before, sysno.name(), out),
            Sysno::fcntl if matches!(a[1] as i32, libc::F_DUPFD | libc::F_DUPFD_CLOEXEC) => {
                self.on_dup(pid, ret as i32, None, "fcntl", out)
            }
            Sysno::wait4 | Sysno::waitid => self.on_wait(pid, out),
            Sysno::msgget => self.on_msgget(pid, ret as i32, a[0] as i32, a[1], by(), out),
            Sysno::msgsnd | Sysno::msgrcv => self.on_sysv_use(Key::Msg(a[0] as i32), pid, out),
            Sysno::msgctl => self.on_msgctl(pid, a[0] as i32, a[1] & !IPC_64, by(), out),
            Sysno::semget => self.on_semget(pid, ret as i32, a[0] as i32, a[2], by(), out),
            Sysno::semop | Sysno::semtimedop => self.on_sysv_use(Key::Sem(a[0] as i32), pid, out),
            Sysno::semctl => self.on_semctl(pid, a[0] as i32, a[2] & !IPC_64, by(), out),
            Sysno::shmget => self.on_shmget(pid, ret as i32, by(), out),
            Sysno::shmat => self.on_shmat(pid, a[0] as i32, ret as u64, out),
            Sysno::shmdt => {
                if let Some(Before::Detaching { shmid, contents }) = before {
                    self.on_shmdt(pid, shmid, contents, out);
                }
            }
            Sysno::shmctl => self.on_shmctl(pid, a[0] as i32, a[1] & !IPC_64, by(), out),
            Sysno::mq_open => self.on_mq_open(pid, ret as i32, a[1], by(), out),
            Sysno::mq_timedsend | Sysno::mq_timedreceive | Sysno::mq_notify | Sysno::mq_getsetattr => {
                self.on_mq_use(pid, a[0] as i32, out)
            }
            Sysno::mq_unlink => self.on_mq_unlink(task, a[0], by(), out),
            Sysno::socket if a[0] == libc::AF_UNIX as u64 => self.on_new_socket(pid, ret as i32, by(), out),
            Sysno::accept | Sysno::accept4 => self.on_new_socket(pid, ret as i32, by(), out),
            Sysno::socketpair if a[0] == libc::AF_UNIX as u64 => {
                let mem = ProcessMemory::new(task.tid);
                match Reader::new(&mem, 0).read::<[i32; 2]>(a[3]) {
                    Some([s0, s1]) => {
                        self.on_new_socket(pid, s0, by(), out);
                        self.on_new_socket(pid, s1, by(), out);
                    }
                    None => out.push(unavailable("socketpair: cannot read the two fds")),
                }
            }
            Sysno::bind => self.on_bind(pid, a[0] as i32, by(), out),
            Sysno::listen | Sysno::connect | Sysno::shutdown => self.on_socket_use(pid, a[0] as i32, out),
            Sysno::rt_sigaction | Sysno::rt_sigprocmask | Sysno::rt_sigtimedwait => {
                self.signal_state(pid, task.tid, None, out)
            }
            Sysno::kill | Sysno::rt_sigqueueinfo if (a[0] as i32) > 0 && a[1] != 0 => {
                self.signal_state(a[0] as i32, a[0] as i32, None, out)
            }
            Sysno::tkill if (a[0] as i32) > 0 && a[1] != 0 => {
                let tid = a[0] as i32;
                let tgid = super::process_status(np(tid)).map(|s| s.tgid.as_raw()).unwrap_or(tid);
                self.signal_state(tgid, tid, None, out)
            }
            Sysno::tgkill | Sysno::rt_tgsigqueueinfo if a[2] != 0 => {
                self.signal_state(a[0] as i32, a[1] as i32, None, out)
            }
            _ => {}
        }
    }

    fn on_pipe(&mut self, task: TaskRef, addr: u64, by: ByCall, out: &mut Vec<KernelEvent>) {
        let mem = ProcessMemory::new(task.tid);
        let Some([rfd, _]) = Reader::new(&mem, 0).read::<[i32; 2]>(addr) else {
            return out.push(unavailable("pipe: cannot read the two fds"));
        };
        match object_of(np(task.pid), rfd) {
            Ok(obj) => {
                let name = format!("pipe:[{}]", obj.ino);
                let i =
                    self.track(Key::Pipe(obj.ino), ObjectKind::Pipe, name, obj.ino as i64, Some(obj), None, Some(by));
                out.push(self.pipe_state(i, Some((task.pid, rfd)), true));
            }
            Err(e) => out.push(unavailable(e)),
        }
    }

    fn on_mknod(
        &mut self,
        task: TaskRef,
        dirfd: Option<i32>,
        path: u64,
        mode: u64,
        by: ByCall,
        out: &mut Vec<KernelEvent>,
    ) {
        if mode as u32 & libc::S_IFMT != libc::S_IFIFO {
            return;
        }
        let Some(path) = self.path_arg(task, dirfd, path) else {
            return out.push(unavailable("mknod: cannot read the path"));
        };
        match std::fs::symlink_metadata(&path) {
            Ok(m) => {
                let obj = ObjectId { dev: m.dev(), ino: m.ino() };
                let name = format!("FIFO {path}");
                let i = self.track(
                    Key::Fifo(obj),
                    ObjectKind::Fifo,
                    name,
                    m.ino() as i64,
                    Some(obj),
                    Some(path.clone()),
                    Some(by),
                );
                self.set_evidence(i, Evidence::Fifo { path: path.clone(), dev: obj.dev, ino: obj.ino });
                out.push(KernelEvent::Pipe(PipeState {
                    ino: obj.ino,
                    fifo: Some(path),
                    bytes: None,
                    holders: Some(Vec::new()),
                }));
            }
            Err(e) => out.push(unavailable(format!("{path}: {e}"))),
        }
    }

    fn on_open(&mut self, pid: Pid, fd: i32, out: &mut Vec<KernelEvent>) {
        let Ok(m) = std::fs::metadata(format!("/proc/{pid}/fd/{fd}")) else { return };
        if !std::os::unix::fs::FileTypeExt::is_fifo(&m.file_type()) {
            return;
        }
        let Some(path) = read_link(pid, fd) else { return };
        let obj = ObjectId { dev: m.dev(), ino: m.ino() };
        let i = self.track(
            Key::Fifo(obj),
            ObjectKind::Fifo,
            format!("FIFO {path}"),
            m.ino() as i64,
            Some(obj),
            Some(path),
            None,
        );
        self.used(i, pid);
        out.push(self.pipe_state(i, Some((pid, fd)), true));
    }

    fn on_unlink(&mut self, task: TaskRef, dirfd: Option<i32>, path: u64, by: ByCall, out: &mut Vec<KernelEvent>) {
        if self.by_path.is_empty() {
            return;
        }
        let Some(path) = self.path_arg(task, dirfd, path) else { return };
        for kind in [ObjectKind::Fifo, ObjectKind::SocketFile] {
            if let Some(&i) = self.by_path.get(&(kind, path.clone())) {
                if self.objects[i].fate.is_none() {
                    self.used(i, task.pid);
                    self.set_fate(i, Fate::Removed { by: by.clone() });
                    out.push(KernelEvent::Gone(Gone {
                        kind,
                        name: self.objects[i].name.clone(),
                        how: GoneHow::Unlinked,
                    }));
                }
            }
        }
    }

    /// After a `read`, `write`... on fd `fd`: the bytes now in the pipe or
    /// socket, when it is one of the run's. `hint` is what the trace says
    /// the fd refers to, trusted only when every call is traced (with `-e`
    /// the calls that change fds may pass unseen): it saves a `readlink`.
    fn on_data(&mut self, pid: Pid, fd: i32, hint: Option<&str>, out: &mut Vec<KernelEvent>) {
        if self.fd_objects == 0 {
            return;
        }
        let found = match hint.filter(|_| self.shown.is_none()) {
            Some(link) => self.tracked_link(link),
            None => self.tracked_fd(pid, fd),
        };
        let Some(i) = found else { return };
        self.used(i, pid);
        match self.objects[i].kind {
            ObjectKind::Pipe | ObjectKind::Fifo => out.push(self.pipe_state(i, Some((pid, fd)), false)),
            ObjectKind::Socket => {
                if let Some(ev) = self.socket_state(self.objects[i].id as u64, false) {
                    out.push(ev);
                }
            }
            _ => {}
        }
    }

    fn on_dup(&mut self, pid: Pid, newfd: i32, before: Option<Before>, call: &str, out: &mut Vec<KernelEvent>) {
        if let Some(Before::Releasing(list)) = before {
            for i in list {
                self.released(i, pid, call, out);
            }
        }
        let Some(i) = self.tracked_fd(pid, newfd) else { return };
        self.used(i, pid);
        match self.objects[i].kind {
            ObjectKind::Pipe | ObjectKind::Fifo => out.push(self.pipe_state(i, Some((pid, newfd)), true)),
            ObjectKind::Socket => {
                if let Some(ev) = self.socket_state(self.objects[i].id as u64, true) {
                    out.push(ev);
                }
            }
            _ => {}
        }
    }

    fn on_wait(&mut self, pid: Pid, out: &mut Vec<KernelEvent>) {
        let children: Vec<Pid> = self.zombies.iter().filter(|&(_, &p)| p == pid).map(|(&z, _)| z).collect();
        for z in children {
            let still = super::process_status(np(z)).is_ok_and(|s| s.is_zombie() && s.ppid.as_raw() == pid);
            if !still {
                self.zombies.remove(&z);
                out.push(KernelEvent::Reaped(Reaped { zombie: z, by: pid }));
            }
        }
    }

    /// Whether a `...get` call that returned `id` created it: it did not
    /// exist when the run started, and the call could create (`IPC_PRIVATE`
    /// or `IPC_CREAT`).
    fn sysv_created(&self, existed: impl Fn(&SysvAtStart) -> bool, key: i32, flags: u64) -> bool {
        let could_create = key == libc::IPC_PRIVATE || flags & libc::IPC_CREAT as u64 != 0;
        could_create && !self.sysv_at_start.as_ref().is_some_and(existed)
    }

    fn on_msgget(&mut self, pid: Pid, id: i32, key: i32, flags: u64, by: ByCall, out: &mut Vec<KernelEvent>) {
        let Some(q) = self.msg_state(id, out) else { return };
        let created = self.sysv_created(|s| s.msg.contains(&(q.msqid, q.ctime)), key, flags);
        let i = self.track(
            Key::Msg(id),
            ObjectKind::MsgQueue,
            format!("msg queue {id}"),
            id as i64,
            None,
            None,
            created.then_some(by),
        );
        self.objects[i].sysv_key = Some(q.key.0);
        self.used(i, pid);
        if self.objects[i].created_by.is_some() {
            self.set_evidence(i, Evidence::MsgQueue { id, key: q.key.0, cuid: q.cuid, ctime: q.ctime });
        }
    }

    fn on_sysv_use(&mut self, key: Key, pid: Pid, out: &mut Vec<KernelEvent>) {
        if let Some(&i) = self.by_key.get(&key) {
            self.used(i, pid);
        }
        match key {
            Key::Msg(id) => {
                self.msg_state(id, out);
            }
            Key::Sem(id) => {
                self.sem_state(id, out);
            }
            _ => {}
        }
    }

    /// A System V object removed by `by`.
    fn sysv_removed(&mut self, key: Key, kind: ObjectKind, id: i32, by: ByCall, out: &mut Vec<KernelEvent>) {
        let name = format!("{} {id}", kind.label());
        if let Some(&i) = self.by_key.get(&key) {
            self.used(i, by.pid);
            self.set_fate(i, Fate::Removed { by });
        }
        out.push(KernelEvent::Gone(Gone { kind, name, how: GoneHow::Removed }));
    }

    fn on_msgctl(&mut self, pid: Pid, id: i32, cmd: u64, by: ByCall, out: &mut Vec<KernelEvent>) {
        match cmd as i32 {
            libc::IPC_RMID => self.sysv_removed(Key::Msg(id), ObjectKind::MsgQueue, id, by, out),
            libc::IPC_SET | libc::IPC_STAT => {
                let Some(q) = self.msg_state(id, out) else { return };
                if let Some(&i) = self.by_key.get(&Key::Msg(id)) {
                    self.used(i, pid);
                    if self.objects[i].evidence.is_some() {
                        self.set_evidence(i, Evidence::MsgQueue { id, key: q.key.0, cuid: q.cuid, ctime: q.ctime });
                    }
                }
            }
            _ => {}
        }
    }

    fn on_semget(&mut self, pid: Pid, id: i32, key: i32, flags: u64, by: ByCall, out: &mut Vec<KernelEvent>) {
        let Some(s) = self.sem_state(id, out) else { return };
        let created = self.sysv_created(|st| st.sem.contains(&(s.semid, s.ctime)), key, flags);
        let i = self.track(
            Key::Sem(id),
            ObjectKind::SemSet,
            format!("sem set {id}"),
            id as i64,
            None,
            None,
            created.then_some(by),
        );
        self.objects[i].sysv_key = Some(s.key.0);
        self.used(i, pid);
        if self.objects[i].created_by.is_some() {
            self.set_evidence(i, Evidence::SemSet { id, key: s.key.0, cuid: s.cuid, ctime: s.ctime });
        }
    }

    fn on_semctl(&mut self, pid: Pid, id: i32, cmd: u64, by: ByCall, out: &mut Vec<KernelEvent>) {
        const SEM_STAT: i32 = 18;
        const SEM_INFO: i32 = 19;
        const SEM_STAT_ANY: i32 = 20;
        match cmd as i32 {
            libc::IPC_RMID => self.sysv_removed(Key::Sem(id), ObjectKind::SemSet, id, by, out),
            libc::IPC_INFO | SEM_STAT | SEM_INFO | SEM_STAT_ANY => {}
            _ => {
                let Some(s) = self.sem_state(id, out) else { return };
                if let Some(&i) = self.by_key.get(&Key::Sem(id)) {
                    self.used(i, pid);
                    if self.objects[i].evidence.is_some() {
                        self.set_evidence(i, Evidence::SemSet { id, key: s.key.0, cuid: s.cuid, ctime: s.ctime });
                    }
                }
            }
        }
    }

    fn on_shmget(&mut self, pid: Pid, id: i32, by: ByCall, out: &mut Vec<KernelEvent>) {
        let Some(s) = self.shm_state(id, None, None, out) else { return };
        // The kernel names the creator of a segment: no guessing needed.
        let created = s.cpid.as_raw() == pid;
        let i = self.track(
            Key::Shm(id),
            ObjectKind::Shm,
            format!("shm segment {id}"),
            id as i64,
            None,
            None,
            created.then_some(by),
        );
        self.objects[i].sysv_key = Some(s.key.0);
        self.used(i, pid);
        if self.objects[i].created_by.is_some() {
            self.set_evidence(i, Evidence::Shm { id, key: s.key.0, cuid: s.cuid, cpid: s.cpid.as_raw() });
        }
    }

    fn on_shmat(&mut self, pid: Pid, id: i32, addr: u64, out: &mut Vec<KernelEvent>) {
        if let Some(&i) = self.by_key.get(&Key::Shm(id)) {
            self.used(i, pid);
        }
        let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap_or_default();
        let attach = parse_shm_mappings(&maps)
            .ok()
            .and_then(|ms| ms.into_iter().find(|m| m.start == addr))
            .map(|m| ShmAttach { pid, start: m.start, end: m.end, writable: m.writable });
        self.shm_state(id, attach, None, out);
    }

    fn on_shmdt(&mut self, pid: Pid, id: i32, contents: Option<ShmContents>, out: &mut Vec<KernelEvent>) {
        if let Some(&i) = self.by_key.get(&Key::Shm(id)) {
            self.used(i, pid);
        }
        let size = shm_segment(id).ok().flatten().map(|s| s.size);
        let contents = contents.map(|mut c| {
            if let Some(size) = size {
                c.size = size;
                c.data.truncate(size as usize);
                c.read = c.data.len() as u64;
            }
            c
        });
        if self.shm_state(id, None, contents, out).is_none() {
            // Removed before, and this was the last detach: now it is freed.
            let name = format!("shm segment {id}");
            out.push(KernelEvent::Gone(Gone { kind: ObjectKind::Shm, name, how: GoneHow::Closed }));
        }
    }

    fn on_shmctl(&mut self, pid: Pid, id: i32, cmd: u64, by: ByCall, out: &mut Vec<KernelEvent>) {
        const SHM_STAT: i32 = 13;
        const SHM_INFO: i32 = 14;
        const SHM_STAT_ANY: i32 = 15;
        match cmd as i32 {
            libc::IPC_RMID => {
                if let Some(&i) = self.by_key.get(&Key::Shm(id)) {
                    self.used(i, pid);
                    self.set_fate(i, Fate::Removed { by: by.clone() });
                }
                // Still attached somewhere: the row stays, marked, until the last detach.
                if self.shm_state(id, None, None, out).is_none() {
                    self.sysv_removed(Key::Shm(id), ObjectKind::Shm, id, by, out);
                }
            }
            libc::IPC_INFO | SHM_STAT | SHM_INFO | SHM_STAT_ANY => {}
            _ => {
                if let Some(&i) = self.by_key.get(&Key::Shm(id)) {
                    self.used(i, pid);
                }
                self.shm_state(id, None, None, out);
            }
        }
    }

    fn on_mq_open(&mut self, pid: Pid, fd: i32, flags: u64, by: ByCall, out: &mut Vec<KernelEvent>) {
        let (Some(name), Ok(m)) = (read_link(pid, fd), std::fs::metadata(format!("/proc/{pid}/fd/{fd}"))) else {
            return out.push(unavailable(format!("mq_open: /proc/{pid}/fd/{fd} cannot be read")));
        };
        let obj = ObjectId { dev: m.dev(), ino: m.ino() };
        let flags = flags as i32;
        let made_at = SystemTime::UNIX_EPOCH
            + std::time::Duration::new(m.ctime().max(0) as u64, m.ctime_nsec().clamp(0, 999_999_999) as u32);
        let created = flags & libc::O_CREAT != 0 && (flags & libc::O_EXCL != 0 || made_at >= self.started);
        let label = format!("POSIX mq {name}");
        let i = self.track(
            Key::PosixMq(obj),
            ObjectKind::PosixMq,
            label,
            obj.ino as i64,
            Some(obj),
            Some(name.clone()),
            created.then_some(by),
        );
        self.used(i, pid);
        if self.objects[i].created_by.is_some() {
            self.set_evidence(i, Evidence::PosixMq { name: name.clone(), dev: obj.dev, ino: obj.ino });
        }
        self.mq_state(pid, fd, name, out);
    }

    fn on_mq_use(&mut self, pid: Pid, fd: i32, out: &mut Vec<KernelEvent>) {
        let name = match self.tracked_fd(pid, fd) {
            Some(i) => {
                self.used(i, pid);
                self.objects[i].path.clone()
            }
            None => read_link(pid, fd),
        };
        if let Some(name) = name {
            self.mq_state(pid, fd, name, out);
        }
    }

    fn on_mq_unlink(&mut self, task: TaskRef, addr: u64, by: ByCall, out: &mut Vec<KernelEvent>) {
        let mem = ProcessMemory::new(task.tid);
        let Some(bytes) = Reader::new(&mem, 0).c_string_bytes(addr, 256) else { return };
        // The C library passes the name without its leading slash.
        let name = format!("/{}", String::from_utf8_lossy(&bytes.data).trim_start_matches('/'));
        if let Some(&i) = self.by_path.get(&(ObjectKind::PosixMq, name.clone())) {
            if self.objects[i].fate.is_none() {
                self.used(i, task.pid);
                self.set_fate(i, Fate::Removed { by });
            }
        }
        out.push(KernelEvent::Gone(Gone {
            kind: ObjectKind::PosixMq,
            name: format!("POSIX mq {name}"),
            how: GoneHow::Unlinked,
        }));
    }

    fn on_new_socket(&mut self, pid: Pid, fd: i32, by: ByCall, out: &mut Vec<KernelEvent>) {
        let Some(Link::Socket(ino)) = read_link(pid, fd).as_deref().map(parse_link) else { return };
        let Some(ev) = self.socket_state(ino, true) else { return }; // not a Unix socket
        let i = self.track(
            Key::Socket(ino),
            ObjectKind::Socket,
            format!("socket:[{ino}]"),
            ino as i64,
            None,
            None,
            Some(by),
        );
        self.used(i, pid);
        out.push(ev);
    }

    fn on_socket_use(&mut self, pid: Pid, fd: i32, out: &mut Vec<KernelEvent>) {
        let Some(Link::Socket(ino)) = read_link(pid, fd).as_deref().map(parse_link) else { return };
        if let Some(&i) = self.by_key.get(&Key::Socket(ino)) {
            self.used(i, pid);
        }
        if let Some(ev) = self.socket_state(ino, true) {
            out.push(ev);
        }
    }

    fn on_bind(&mut self, pid: Pid, fd: i32, by: ByCall, out: &mut Vec<KernelEvent>) {
        let Some(Link::Socket(ino)) = read_link(pid, fd).as_deref().map(parse_link) else { return };
        let Some(ev) = self.socket_state(ino, true) else { return };
        if let Some(&i) = self.by_key.get(&Key::Socket(ino)) {
            self.used(i, pid);
        }
        let path = match &ev {
            KernelEvent::Socket(s) => s.path.clone().filter(|p| !p.starts_with('@')),
            _ => None,
        };
        out.push(ev);
        let Some(bound) = path else { return };
        // The kernel keeps the name as given: make a relative one absolute
        // from the caller's working directory.
        let abs = if bound.starts_with('/') {
            normalize(Path::new(&bound))
        } else {
            match std::fs::read_link(format!("/proc/{pid}/cwd")) {
                Ok(cwd) => normalize(&cwd.join(&bound)),
                Err(_) => return,
            }
        };
        if let Ok(m) = std::fs::symlink_metadata(&abs) {
            let obj = ObjectId { dev: m.dev(), ino: m.ino() };
            let name = format!("socket file {abs}");
            let i = self.track(
                Key::SocketFile(obj),
                ObjectKind::SocketFile,
                name,
                m.ino() as i64,
                Some(obj),
                Some(abs.clone()),
                Some(by),
            );
            self.set_evidence(i, Evidence::SocketFile { path: abs, dev: obj.dev, ino: obj.ino });
        }
    }

    // ---- processes ----

    /// The run's IPC objects a process holds fds on.
    fn held_by(&self, pid: Pid) -> Vec<(i32, usize)> {
        if self.fd_objects == 0 {
            return Vec::new();
        }
        fd_numbers(pid).into_iter().filter_map(|fd| Some((fd, self.tracked_fd(pid, fd)?))).collect()
    }

    fn inherited(&mut self, parent: Pid, child: Pid) -> Option<KernelEvent> {
        let held = self.held_by(child);
        let mut fds = Vec::new();
        for (fd, i) in held {
            self.used(i, child);
            let t = &self.objects[i];
            let object = match t.kind {
                ObjectKind::Fifo | ObjectKind::PosixMq => t.path.clone().unwrap_or_default(),
                _ => t.name.clone(),
            };
            let end = if t.kind == ObjectKind::Socket { End::Both } else { end_of(child, fd) };
            fds.push(InheritedFd { fd, object, end });
        }
        let mut shm = Vec::new();
        if self.any_shm {
            let maps = std::fs::read_to_string(format!("/proc/{child}/maps")).unwrap_or_default();
            for m in parse_shm_mappings(&maps).unwrap_or_default() {
                if let Some(&i) = self.by_key.get(&Key::Shm(m.shmid)) {
                    self.used(i, child);
                }
                shm.push(InheritedShm { shmid: m.shmid, start: m.start });
            }
        }
        (!fds.is_empty() || !shm.is_empty()).then_some(KernelEvent::Inherited(Inherited { child, parent, fds, shm }))
    }

    fn fork_shown(&self, via: &str) -> bool {
        self.shown.as_ref().is_none_or(|s| s.contains(via))
    }

    fn take_notes(&mut self, out: &mut Vec<EventKind>) {
        out.extend(self.notes.drain(..).map(EventKind::Note));
    }

    /// The ledger entries, after deciding the fate of what no call ended.
    fn ledger(&mut self, out: &mut Vec<EventKind>) {
        let mut summary = LedgerSummary { objects: 0, leaked: 0, cleaned: 0 };
        for i in 0..self.objects.len() {
            let Some(created_by) = self.objects[i].created_by.clone() else { continue };
            summary.objects += 1;
            let t = &self.objects[i];
            let fate = match (&t.fate, &t.evidence) {
                (Some(f), _) => f.clone(),
                (None, Some(ev)) => match ev.exists() {
                    Ok(true) => {
                        summary.leaked += 1;
                        let mut cleaned = false;
                        if self.cleanup {
                            match ev.remove() {
                                Ok(true) => cleaned = true,
                                Ok(false) => {}
                                Err(e) => self.notes.push(format!("--cleanup could not remove {ev}: {e}")),
                            }
                        }
                        Fate::Leaked { cleaned }
                    }
                    Ok(false) => Fate::Ended,
                    Err(e) => {
                        self.notes.push(format!("cannot tell whether {ev} outlived the run: {e}"));
                        Fate::Ended
                    }
                },
                (None, None) => Fate::Ended,
            };
            if let Fate::Leaked { cleaned: true } = fate {
                summary.cleaned += 1;
                if let (Some(evidence), Some(j)) = (self.objects[i].evidence.clone(), self.journal.as_mut()) {
                    j.append(&Record::Removed { evidence });
                }
            }
            let t = &self.objects[i];
            let cleanup = match (&fate, &t.evidence) {
                (Fate::Leaked { cleaned: false }, Some(ev)) => Some(ev.cleanup_command()),
                _ => None,
            };
            out.push(EventKind::Ledger(LedgerEntry {
                kind: t.kind,
                name: t.name.clone(),
                id: t.id,
                key: t.sysv_key,
                path: t.path.clone(),
                created_by,
                used_by: t.used_by.iter().copied().collect(),
                fate,
                cleanup,
            }));
        }
        self.take_notes(out);
        out.push(EventKind::LedgerEnd(summary));
        if let Some(j) = self.journal.as_mut() {
            j.finish(summary.leaked > summary.cleaned);
        }
    }
}

fn wrap(events: Vec<KernelEvent>, out: &mut Vec<EventKind>) {
    out.extend(events.into_iter().map(EventKind::Kernel));
}

impl Observer for KernelView {
    fn needs(&self) -> Vec<Sysno> {
        NEEDS.to_vec()
    }

    fn syscall_entry(&mut self, task: TaskRef, call: &Syscall) {
        self.entry(task, call);
    }

    fn syscall_exit(&mut self, task: TaskRef, call: &Syscall, out: &mut Vec<EventKind>) {
        self.seen(task.pid);
        let mut events = self.inherit_later.remove(&task.tid).unwrap_or_default();
        self.exit(task, call, &mut events);
        wrap(events, out);
        self.take_notes(out);
    }

    fn hidden_exit(&mut self, task: TaskRef, call: &Syscall) {
        self.seen(task.pid);
        let mut dropped = Vec::new();
        self.exit(task, call, &mut dropped);
    }

    fn signal(&mut self, task: TaskRef, info: &SignalInfo, out: &mut Vec<EventKind>) {
        let mut events = Vec::new();
        self.signal_state(task.pid, task.tid, Some(info.signo), &mut events);
        wrap(events, out);
    }

    fn spawned(&mut self, parent: TaskRef, spawn: &Spawn, out: &mut Vec<EventKind>) {
        self.seen(parent.pid);
        if spawn.thread {
            return;
        }
        self.procs.insert(spawn.child);
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
        let held: Vec<usize> = self.held_by(task.pid).into_iter().map(|(_, i)| i).collect();
        for &i in &held {
            self.used(i, task.pid);
        }
        if !held.is_empty() {
            self.held_at_exit.insert(task.pid, held);
        }
        if !self.any_shm {
            return;
        }
        // Writes through shared memory make no calls: show what each
        // segment this process has attached holds as it goes.
        let maps = std::fs::read_to_string(format!("/proc/{}/maps", task.pid)).unwrap_or_default();
        let mut events = Vec::new();
        for m in parse_shm_mappings(&maps).unwrap_or_default() {
            let size = shm_segment(m.shmid).ok().flatten().map(|s| s.size);
            let contents = Self::contents(task.pid, m.start, m.len(), size);
            let attach = ShmAttach { pid: task.pid, start: m.start, end: m.end, writable: m.writable };
            self.shm_state(m.shmid, Some(attach), contents, &mut events);
        }
        wrap(events, out);
    }

    fn exited(&mut self, task: TaskRef, _exit: Exit, out: &mut Vec<EventKind>) {
        self.procs_seen = true;
        if task.tid != task.pid {
            return;
        }
        let pid = task.pid;
        self.procs.remove(&pid);
        self.pidfds.remove(&pid);
        self.inherit_later.remove(&task.tid);
        self.before.remove(&task.tid);
        let mut events = Vec::new();
        let mut held = self.held_at_exit.remove(&pid).unwrap_or_default();
        held.sort_unstable();
        held.dedup();
        for i in held {
            if self.objects[i].fate.is_none() {
                self.released(i, pid, "exit", &mut events);
            }
        }
        // Its own unreaped children go to a reaper (init) now.
        self.zombies.retain(|_, parent| *parent != pid);
        if let Ok(st) = super::process_status(np(pid)) {
            let parent = st.ppid.as_raw();
            if st.is_zombie() && parent != self.own_pid {
                self.zombies.insert(pid, parent);
                events.push(KernelEvent::Zombie(Zombie { zombie: pid, parent }));
            }
        }
        wrap(events, out);
        self.take_notes(out);
    }

    fn finished(&mut self, out: &mut Vec<EventKind>) {
        // A program that never started (exec failed) had no run to account for.
        if self.procs_seen || !self.objects.is_empty() {
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
        let mut c = decode_entry(RawSyscall { nr: sysno.id() as u64, args }, &mem, &opts);
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
            view.failed(super::super::Error::new("/proc/sysvipc/msg", ErrorKind::NoSysvIpc), &mut out);
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

    #[test]
    fn links_name_pipes_sockets_and_paths() {
        assert!(matches!(parse_link("pipe:[48213]"), Link::Pipe(48213)));
        assert!(matches!(parse_link("socket:[9228]"), Link::Socket(9228)));
        assert!(matches!(parse_link("/tmp/x.fifo"), Link::Path(p) if p == "/tmp/x.fifo"));
        assert!(matches!(parse_link("anon_inode:[eventfd]"), Link::Other));
    }

    #[test]
    fn normalize_resolves_dots_by_name() {
        assert_eq!(normalize(Path::new("/tmp/a/../b/./c.fifo")), "/tmp/b/c.fifo");
        assert_eq!(normalize(Path::new("/../x")), "/x");
    }
}
