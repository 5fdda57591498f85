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
//! process, bytes from `FIONREAD`, a queue's counts from /proc/sysvipc.
//! What the view remembers is which objects are the run's, to know which
//! descriptors are worth a look (a `write` to the terminal is not) and to
//! keep the ledger; and, when no filter hides calls, each process's fd table
//! as /proc showed it, until the process enters a call that may change it
//! (`tables.rs`). For that it asks the loop ([`Observer::needs`]) to stop
//! at the few calls that create and remove objects even when the filter
//! hides them.
//!
//! # Cost
//!
//! Calls that touch no IPC object cost one `match` on the call number. A
//! `read` or `write` costs a `readlink` of its fd, and, on a pipe or socket
//! of the run, the `FIONREAD` through a borrowed fd (see [`super::peek`]).
//! Creating, closing and forking look at the fd tables of the traced
//! processes: each one read once while it stays the same.
//!
//! # Never changing what is looked at
//!
//! All reads go through the readers of [`super`], which open no pipe end,
//! receive no message, operate on no semaphore and attach no segment.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::os::fd::OwnedFd;
use std::os::unix::fs::MetadataExt;
use std::path::{Component, Path, PathBuf};
use std::time::SystemTime;

use nix::unistd::Pid as NixPid;
use syscalls::Sysno;

use super::error::ErrorKind;
use super::journal::{Journal, Record};
use super::ledger::Evidence;
use super::{
    ObjectId, UnixState, UnixType, fdinfo, mq_attr, mq_status, msg_queue, msg_queues, object_of, parse_shm_mappings,
    pidfd_open, pipe_bytes, queued_bytes, read_memory, sem_set, sem_sets, sem_values, shm_segment, thread_status,
    unix_diag,
};
use crate::decode::table::{self, Effect};
use crate::decode::{Reader, Syscall};
use crate::event::kernel::*;
use crate::event::{EventKind, Exit, Pid, SignalInfo, Spawn};
use crate::ptrace::{Observer, ProcessMemory, TaskRef};

mod calls;
mod state;
mod tables;

use tables::FdTables;

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

/// `IPC_64`, or'ed into the command of `msgctl`/`semctl`/`shmctl` by the C library.
const IPC_64: u64 = 0x100;

/// How the view finds an object again.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Pipe(u64),
    Socket(u64),
    Fifo(ObjectId),
    PosixShm(ObjectId),
    /// A second name (`link`) for a file in /dev/shm.
    PosixShmName(String),
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
    /// An open with O_CREAT in /dev/shm: whether the file was there before.
    OpeningShm { existed: bool },
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
    /// The fd tables of the traced processes, for who holds what.
    fd_tables: FdTables,
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

/// The fd numbers of a process (no links read), in order.
fn fd_numbers(pid: Pid) -> Vec<i32> {
    FdDir::open(pid).map(|d| d.numbers()).unwrap_or_default()
}

/// A process's `/proc/PID/fd`, open: its descriptor numbers, and each
/// descriptor's link and open mode read relative to it (`readlinkat` and
/// `fstatat` spare the walk of `/proc/PID/fd` for every descriptor).
struct FdDir {
    dir: OwnedFd,
}

impl FdDir {
    fn open(pid: Pid) -> Option<FdDir> {
        use std::os::fd::FromRawFd;
        let path = std::ffi::CString::new(format!("/proc/{pid}/fd")).ok()?;
        // SAFETY: a NUL-terminated path; the fd returned is owned below.
        let raw = unsafe { libc::open(path.as_ptr(), libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC) };
        // SAFETY: a fresh descriptor nothing else owns.
        (raw >= 0).then(|| FdDir { dir: unsafe { OwnedFd::from_raw_fd(raw) } })
    }

    /// The descriptor numbers, in order.
    ///
    /// Read with `getdents64` into a buffer that holds a few hundred
    /// entries: the kernel fills it until the next entry does not fit, so a
    /// reply that leaves room for the longest entry is the whole directory,
    /// and the read that would return 0 is not made (`std::fs::read_dir`
    /// also makes an `fstat`: five calls for a listing, here three).
    fn numbers(&self) -> Vec<i32> {
        use std::os::fd::AsRawFd;
        /// The longest `linux_dirent64` for an fd name: 19 bytes of header,
        /// ten digits and a NUL, rounded up to 8.
        const LONGEST: usize = 32;
        let mut buf = vec![0u64; 1024];
        let size = buf.len() * 8;
        let mut fds = Vec::new();
        loop {
            // SAFETY: the kernel writes at most `size` bytes into `buf`.
            let n = unsafe { libc::syscall(libc::SYS_getdents64, self.dir.as_raw_fd(), buf.as_mut_ptr(), size) };
            let Ok(n) = usize::try_from(n) else { break };
            let bytes = &word_bytes(&buf)[..n];
            let mut at = 0;
            // linux_dirent64: ino (8), off (8), reclen (2), type (1), name.
            while at + 19 <= n {
                let reclen = u16::from_ne_bytes([bytes[at + 16], bytes[at + 17]]) as usize;
                if reclen < 19 || at + reclen > n {
                    break;
                }
                let name = &bytes[at + 19..at + reclen];
                let name = &name[..name.iter().position(|&b| b == 0).unwrap_or(name.len())];
                if let Some(fd) = std::str::from_utf8(name).ok().and_then(|t| t.parse().ok()) {
                    fds.push(fd);
                }
                at += reclen;
            }
            if n == 0 || n + LONGEST <= size {
                break;
            }
        }
        fds.sort_unstable();
        fds
    }

    fn name(fd: i32) -> std::ffi::CString {
        std::ffi::CString::new(itoa::Buffer::new().format(fd)).unwrap_or_default()
    }

    /// What descriptor `fd` refers to (`pipe:[9226]`, a path), as
    /// `readlink` of `/proc/PID/fd/N` says.
    fn link(&self, fd: i32) -> Option<String> {
        use std::os::fd::AsRawFd;
        let mut buf = vec![0u8; libc::PATH_MAX as usize];
        // SAFETY: a NUL-terminated name; the kernel writes at most buf.len() bytes.
        let n = unsafe {
            libc::readlinkat(self.dir.as_raw_fd(), Self::name(fd).as_ptr(), buf.as_mut_ptr().cast(), buf.len())
        };
        let n = usize::try_from(n).ok()?;
        buf.truncate(n);
        Some(String::from_utf8_lossy(&buf).into_owned())
    }

    /// What descriptor `fd` refers to, as `stat` through its link says
    /// (device and inode, type). None when the descriptor is gone.
    fn stat(&self, fd: i32) -> Option<libc::stat> {
        use std::os::fd::AsRawFd;
        let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
        // SAFETY: a NUL-terminated name; the kernel fills `st` on success.
        let r = unsafe { libc::fstatat(self.dir.as_raw_fd(), Self::name(fd).as_ptr(), st.as_mut_ptr(), 0) };
        // SAFETY: fstatat succeeded and filled it.
        (r == 0).then(|| unsafe { st.assume_init() })
    }

    /// Which end a descriptor is, from the permission bits of its link:
    /// the kernel gives the link `r-x` for a descriptor opened for
    /// reading, `-wx` for writing, `rwx` for both (one `fstatat` where
    /// `fdinfo` takes an open, a read and a close). None when the
    /// descriptor is gone, or has neither bit (`O_PATH`).
    fn end(&self, fd: i32) -> Option<End> {
        use std::os::fd::AsRawFd;
        let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
        // SAFETY: a NUL-terminated name; the kernel fills `st` on success.
        let r = unsafe {
            libc::fstatat(self.dir.as_raw_fd(), Self::name(fd).as_ptr(), st.as_mut_ptr(), libc::AT_SYMLINK_NOFOLLOW)
        };
        if r != 0 {
            return None;
        }
        // SAFETY: fstatat succeeded and filled it.
        let mode = unsafe { st.assume_init() }.st_mode;
        match (mode & 0o400 != 0, mode & 0o200 != 0) {
            (true, false) => Some(End::Read),
            (false, true) => Some(End::Write),
            (true, true) => Some(End::Both),
            (false, false) => None,
        }
    }
}

/// The bytes of a buffer of words (aligned for `linux_dirent64`).
fn word_bytes(words: &[u64]) -> &[u8] {
    // SAFETY: any initialised u64 is 8 initialised bytes; u8 needs no alignment.
    unsafe { std::slice::from_raw_parts(words.as_ptr().cast::<u8>(), words.len() * 8) }
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

/// Which end of a pipe or FIFO a descriptor is ([`FdDir::end`], or fdinfo's
/// flags for an `O_PATH` descriptor, whose link has neither bit).
fn end_of(pid: Pid, dir: &FdDir, fd: i32) -> End {
    dir.end(fd).or_else(|| fdinfo(np(pid), fd).ok().map(|i| i.access())).unwrap_or(End::Both)
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
            fd_tables: FdTables::new(options.shown.is_none()),
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
        if matches!(
            kind,
            ObjectKind::Pipe | ObjectKind::Fifo | ObjectKind::Socket | ObjectKind::PosixMq | ObjectKind::PosixShm
        ) {
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
                .or_else(|| self.by_path.get(&(ObjectKind::PosixShm, p.clone())))
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

    // ---- processes ----

    /// The run's IPC objects a process holds fds on, and its open fd
    /// directory to ask more of them (None when the run has no objects an
    /// fd can refer to, or the process is gone).
    fn held_by(&self, pid: Pid) -> (Vec<(i32, usize)>, Option<FdDir>) {
        if self.fd_objects == 0 {
            return (Vec::new(), None);
        }
        let Some(dir) = FdDir::open(pid) else { return (Vec::new(), None) };
        let held: Vec<(i32, usize)> =
            dir.numbers().into_iter().filter_map(|fd| Some((fd, self.tracked_link(&dir.link(fd)?)?))).collect();
        (held, Some(dir))
    }

    fn inherited(&mut self, parent: Pid, child: Pid) -> Option<KernelEvent> {
        let (held, dir) = self.held_by(child);
        let mut fds = Vec::new();
        for (fd, i) in held {
            self.used(i, child);
            let t = &self.objects[i];
            let object = match t.kind {
                ObjectKind::Fifo | ObjectKind::PosixMq | ObjectKind::PosixShm => t.path.clone().unwrap_or_default(),
                _ => t.name.clone(),
            };
            let end = match &dir {
                Some(dir) if t.kind != ObjectKind::Socket => end_of(child, dir, fd),
                _ => End::Both,
            };
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
    /// The calls that create or remove objects of the ledger (from the
    /// call table): the loop stops at them even when `-e` hides them, so
    /// the ledger stays complete.
    fn needs(&self) -> Vec<Sysno> {
        table::calls_where(|c| c.object.changes_ledger())
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
        self.fd_tables.entered(task.pid, call);
        self.entry(task, call);
    }

    fn syscall_exit(&mut self, task: TaskRef, call: &Syscall, out: &mut Vec<EventKind>) {
        self.fd_tables.exited(task.pid, call);
        self.seen(task.pid);
        let mut events = self.inherit_later.remove(&task.tid).unwrap_or_default();
        self.exit(task, call, &mut events);
        wrap(events, out);
        self.take_notes(out);
    }

    fn hidden_exit(&mut self, task: TaskRef, call: &Syscall) {
        self.fd_tables.exited(task.pid, call);
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
        self.fd_tables.forked(parent.pid, spawn.child);
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
        self.fd_tables.dying(task.pid);
        let held: Vec<usize> = self.held_by(task.pid).0.into_iter().map(|(_, i)| i).collect();
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
        self.fd_tables.gone(pid);
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
        if let Ok((state, parent)) = super::process_state(np(pid)) {
            let parent = parent.as_raw();
            if state == super::ProcState::Zombie && parent != self.own_pid {
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
    fn fd_numbers_lists_every_descriptor_even_past_one_buffer() {
        // More descriptors than one getdents64 buffer holds (about 340).
        let null = std::fs::File::open("/dev/null").unwrap();
        let many: Vec<OwnedFd> = (0..700).map(|_| OwnedFd::from(null.try_clone().unwrap())).collect();
        let pid = std::process::id() as Pid;
        let listed = fd_numbers(pid);
        let mut expected: Vec<i32> = std::fs::read_dir("/proc/self/fd")
            .unwrap()
            .flatten()
            .filter_map(|e| e.file_name().to_str()?.parse().ok())
            .collect();
        expected.sort_unstable();
        // read_dir's own descriptor is in its listing, not in fd_numbers'.
        let missing: Vec<&i32> = expected.iter().filter(|fd| !listed.contains(fd)).collect();
        assert!(missing.len() <= 1, "fd_numbers missed {missing:?}");
        use std::os::fd::AsRawFd;
        for fd in &many {
            assert!(listed.contains(&fd.as_raw_fd()), "fd {} not listed", fd.as_raw_fd());
        }
        assert!(listed.windows(2).all(|w| w[0] < w[1]), "in order, each once");
        assert!(fd_numbers(gone_pid()).is_empty());
    }

    #[test]
    fn end_of_tells_read_write_and_both_from_the_link() {
        use std::os::fd::AsRawFd;
        let (r, w) = nix::unistd::pipe().unwrap();
        let rw = std::fs::OpenOptions::new().read(true).write(true).open("/dev/null").unwrap();
        let pid = std::process::id() as Pid;
        let dir = FdDir::open(pid).unwrap();
        assert_eq!(end_of(pid, &dir, r.as_raw_fd()), End::Read);
        assert_eq!(end_of(pid, &dir, w.as_raw_fd()), End::Write);
        assert_eq!(end_of(pid, &dir, rw.as_raw_fd()), End::Both);
        let link = dir.link(r.as_raw_fd()).unwrap();
        assert!(link.starts_with("pipe:["), "{link}");
        assert_eq!(Some(link), read_link(pid, w.as_raw_fd()), "both ends name one pipe");
        assert_eq!(dir.link(-5), None);
        assert_eq!(dir.end(1 << 20), None, "no such descriptor");
        let path = nix::fcntl::open("/dev/null", nix::fcntl::OFlag::O_PATH, nix::sys::stat::Mode::empty()).unwrap();
        // O_PATH: neither bit on the link; fdinfo's flags say O_RDONLY.
        assert_eq!(end_of(pid, &dir, path.as_raw_fd()), End::Read);
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
