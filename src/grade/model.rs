//! The recorded events of one run, organised for the checks: the processes
//! and who made whom, each process's calls in order, which descriptors each
//! process holds at any point, the kernel objects the run created and
//! removed, and the calls made inside signal handlers.
//!
//! Everything here is derived from the event stream alone, so it is tested
//! on synthetic events.

use std::collections::{BTreeMap, HashMap};

use tracer::decode::{Syscall, Value};
use tracer::event::{Event, EventKind, Exit, Pid};
use tracer::kernel::LedgerEntry;
use tracer::kernel::hang::BlockedTask;
use tracer::ptrace::Outcome;

use super::quote;
use super::record::{Limits, Recording};

/// One process of the run.
#[derive(Debug, Clone, Default)]
pub struct Proc {
    pub pid: Pid,
    /// The process that created it (None for the lab's first process).
    pub parent: Option<Pid>,
    /// Processes it created, in order.
    pub children: Vec<Pid>,
    /// Index of the spawn event that created it.
    pub spawned_at: Option<usize>,
    /// How it ended, and the index of that event.
    pub exit: Option<(usize, Exit)>,
    /// The arguments of the last successful-looking execve it made (a lab's
    /// role, e.g. `["lab02_fifo", "reader", PATH]`).
    pub exec_args: Option<Vec<String>>,
    /// Indices of its syscall events, in order.
    pub calls: Vec<usize>,
}

/// A call, where it is in the run and who made it.
#[derive(Debug, Clone, Copy)]
pub struct CallRef<'a> {
    pub index: usize,
    pub pid: Pid,
    pub call: &'a Syscall,
}

impl CallRef<'_> {
    /// The call as a student reads it: `pid 1204 read(3<pipe:[48213]>, "", 64) = 0`.
    pub fn quote(&self) -> String {
        format!("pid {} {}", self.pid, quote::call(self.call))
    }

    pub fn name(&self) -> &str {
        self.call.name.as_ref()
    }

    pub fn ok(&self) -> bool {
        self.call.succeeded()
    }

    /// The return value, when the call returned.
    pub fn ret(&self) -> Option<i64> {
        self.call.ret
    }
}

/// Which way a descriptor can be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
    ReadWrite,
}

impl Access {
    pub fn can_write(self) -> bool {
        matches!(self, Access::Write | Access::ReadWrite)
    }

    fn from_flags(flags: i64) -> Access {
        match flags & libc::O_ACCMODE as i64 {
            x if x == libc::O_WRONLY as i64 => Access::Write,
            x if x == libc::O_RDWR as i64 => Access::ReadWrite,
            _ => Access::Read,
        }
    }
}

/// One open descriptor of a process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenFd {
    pub fd: i32,
    /// What it refers to: `pipe:[N]`, `socket:[N]`, a path, `mqueue:NAME`...
    pub target: String,
    pub access: Access,
    pub cloexec: bool,
}

impl OpenFd {
    /// `the write end fd 4 of pipe:[48213]`.
    pub fn describe(&self) -> String {
        let end = if self.target.starts_with("pipe:") || self.target.ends_with(".fifo") {
            match self.access {
                Access::Read => "the read end ",
                Access::Write => "the write end ",
                Access::ReadWrite => "both ends (O_RDWR), ",
            }
        } else {
            ""
        };
        format!("{end}fd {} of {}", self.fd, self.target)
    }
}

/// Descriptor tables of every process, replayed from the calls.
pub type FdTables = HashMap<Pid, BTreeMap<i32, OpenFd>>;

/// The kinds of kernel object the labs create.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ObjectKind {
    MsgQueue,
    ShmSegment,
    SemSet,
    PosixQueue,
    PosixShm,
    Fifo,
    SocketFile,
    File,
    Dir,
}

impl ObjectKind {
    /// What a student calls it.
    pub fn noun(self) -> &'static str {
        match self {
            ObjectKind::MsgQueue => "System V message queue",
            ObjectKind::ShmSegment => "System V shared memory segment",
            ObjectKind::SemSet => "System V semaphore set",
            ObjectKind::PosixQueue => "POSIX message queue",
            ObjectKind::PosixShm => "POSIX shared memory object",
            ObjectKind::Fifo => "FIFO",
            ObjectKind::SocketFile => "socket file",
            ObjectKind::File => "file",
            ObjectKind::Dir => "directory",
        }
    }

    /// The call that removes it.
    pub fn remover(self) -> &'static str {
        match self {
            ObjectKind::MsgQueue => "msgctl(IPC_RMID)",
            ObjectKind::ShmSegment => "shmctl(IPC_RMID)",
            ObjectKind::SemSet => "semctl(IPC_RMID)",
            ObjectKind::PosixQueue => "mq_unlink",
            ObjectKind::PosixShm => "shm_unlink",
            ObjectKind::Fifo | ObjectKind::SocketFile | ObjectKind::File => "unlink",
            ObjectKind::Dir => "rmdir",
        }
    }
}

/// A kernel object the run created, and whether it removed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Object {
    pub kind: ObjectKind,
    /// The id (System V) or the name or path.
    pub name: String,
    /// The call that created it.
    pub created: usize,
    /// The call that removed it, if any.
    pub removed: Option<usize>,
    /// For System V objects: the key they were created with was private.
    pub private: bool,
}

impl Object {
    /// `System V message queue 196635`.
    pub fn describe(&self) -> String {
        format!("{} {}", self.kind.noun(), self.name)
    }
}

/// The kind and name of a ledger entry, in the model's terms (None for
/// objects that do not outlive their processes: pipes and sockets).
pub fn ledger_object(entry: &LedgerEntry) -> Option<(ObjectKind, String)> {
    use tracer::kernel::objects::ObjectKind as K;
    let path = || entry.path.clone().unwrap_or_else(|| entry.name.clone());
    Some(match entry.kind {
        K::MsgQueue => (ObjectKind::MsgQueue, entry.id.to_string()),
        K::SemSet => (ObjectKind::SemSet, entry.id.to_string()),
        K::Shm => (ObjectKind::ShmSegment, entry.id.to_string()),
        K::PosixMq => (ObjectKind::PosixQueue, mq_name(&path())),
        K::Fifo => (ObjectKind::Fifo, path()),
        K::SocketFile => (ObjectKind::SocketFile, path()),
        K::PosixShm => (ObjectKind::PosixShm, path()),
        K::Pipe | K::Socket => return None,
    })
}

impl ObjectKind {
    /// Whether the kernel view's ledger keeps objects of this kind (it
    /// removes their leaks itself); files and POSIX shared memory are
    /// followed from the calls alone.
    pub fn in_ledger(self) -> bool {
        !matches!(self, ObjectKind::PosixShm | ObjectKind::File | ObjectKind::Dir)
    }
}

/// A call a process made while running a signal handler.
#[derive(Debug, Clone, Copy)]
pub struct InHandler {
    pub signal: i32,
    /// Index of the signal event.
    pub delivered: usize,
    pub call: usize,
}

/// The analysed run.
#[derive(Debug, Clone)]
pub struct Trace {
    pub events: Vec<Event>,
    pub outcome: Outcome,
    pub stdout: String,
    pub stderr: String,
    pub limits: Limits,
    pub procs: BTreeMap<Pid, Proc>,
    /// The lab's first process.
    pub root: Pid,
    /// Calls the recording did not keep (a program that spun in calls).
    pub dropped_calls: usize,
}

impl Trace {
    pub fn new(rec: Recording) -> Trace {
        let mut procs: BTreeMap<Pid, Proc> = BTreeMap::new();
        let root = rec.events.first().map(|e| e.pid).unwrap_or(0);
        for (i, e) in rec.events.iter().enumerate() {
            procs.entry(e.pid).or_insert_with(|| Proc { pid: e.pid, ..Proc::default() });
            match &e.kind {
                EventKind::Spawn(s) if !s.thread => {
                    procs.entry(e.pid).or_default().children.push(s.child);
                    let child = procs.entry(s.child).or_default();
                    child.pid = s.child;
                    child.parent = Some(e.pid);
                    child.spawned_at = Some(i);
                }
                EventKind::Syscall(call) => {
                    let p = procs.entry(e.pid).or_default();
                    p.calls.push(i);
                    if call.name == "execve" {
                        if let Some(Value::Array { items, .. }) = call.arg("argv") {
                            p.exec_args = Some(items.iter().map(quote::plain).collect());
                        }
                    }
                }
                EventKind::Exit(x) if e.tid == e.pid => procs.entry(e.pid).or_default().exit = Some((i, *x)),
                _ => {}
            }
        }
        Trace {
            events: rec.events,
            outcome: rec.outcome,
            stdout: rec.stdout,
            stderr: rec.stderr,
            limits: rec.limits,
            procs,
            root,
            dropped_calls: rec.dropped_calls,
        }
    }

    pub fn proc(&self, pid: Pid) -> Option<&Proc> {
        self.procs.get(&pid)
    }

    /// The processes the lab's first process created, in order.
    pub fn children(&self) -> Vec<Pid> {
        self.procs.get(&self.root).map(|p| p.children.clone()).unwrap_or_default()
    }

    /// The process whose exec arguments include `role` (lab 02's reader and writer).
    pub fn role(&self, role: &str) -> Option<Pid> {
        self.procs
            .values()
            .find(|p| p.exec_args.as_ref().is_some_and(|a| a.get(1).is_some_and(|r| r == role)))
            .map(|p| p.pid)
    }

    pub fn call_at(&self, index: usize) -> Option<CallRef<'_>> {
        let e = self.events.get(index)?;
        e.syscall().map(|call| CallRef { index, pid: e.pid, call })
    }

    /// Every call of `pid`, in order.
    pub fn calls(&self, pid: Pid) -> impl Iterator<Item = CallRef<'_>> + '_ {
        self.procs.get(&pid).map(|p| p.calls.as_slice()).unwrap_or_default().iter().filter_map(|&i| self.call_at(i))
    }

    /// Every call of every process, in order.
    pub fn all_calls(&self) -> impl Iterator<Item = CallRef<'_>> + '_ {
        (0..self.events.len()).filter_map(|i| self.call_at(i))
    }

    /// The calls of `pid` called `name` (one of several names, `|`-separated).
    pub fn named<'a>(&'a self, pid: Pid, names: &'a str) -> impl Iterator<Item = CallRef<'a>> + 'a {
        self.calls(pid).filter(move |c| names.split('|').any(|n| n == c.name()))
    }

    /// Every call of any process called `name`.
    pub fn named_all<'a>(&'a self, names: &'a str) -> impl Iterator<Item = CallRef<'a>> + 'a {
        self.all_calls().filter(move |c| names.split('|').any(|n| n == c.name()))
    }

    /// The exit of `pid`, if it ended during the run.
    pub fn exit_of(&self, pid: Pid) -> Option<Exit> {
        self.procs.get(&pid).and_then(|p| p.exit.map(|(_, x)| x))
    }

    /// The hang report: where each live thread was blocked when time ran out.
    pub fn hang(&self) -> &[BlockedTask] {
        self.events
            .iter()
            .find_map(|e| match &e.kind {
                EventKind::Hang(tasks) => Some(tasks.as_slice()),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// The kernel view's ledger: each lasting object the run created and its fate.
    pub fn ledger(&self) -> Vec<&LedgerEntry> {
        self.events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Ledger(entry) => Some(entry),
                _ => None,
            })
            .collect()
    }

    /// Where a run that was killed (timeout, too many processes) starts
    /// falling apart: the first call cut off or process killed by SIGKILL.
    pub fn killed_at(&self) -> Option<usize> {
        if !matches!(self.outcome, Outcome::TimedOut | Outcome::TooManyTasks(_) | Outcome::Interrupted(_)) {
            return None;
        }
        self.events.iter().position(|e| match &e.kind {
            EventKind::Syscall(c) => c.ret.is_none() && c.name != "exit_group" && c.name != "exit",
            EventKind::Exit(Exit::Signal { signal, .. }) => *signal == libc::SIGKILL,
            _ => false,
        })
    }

    /// Who created `pid`, as a student names it: `the parent (pid 1203)`.
    pub fn who(&self, pid: Pid) -> String {
        if pid == self.root {
            format!("the parent (pid {pid})")
        } else if let Some(role) = self.procs.get(&pid).and_then(|p| p.exec_args.as_ref()).and_then(|a| a.get(1)) {
            format!("the {role} (pid {pid})")
        } else {
            format!("the child (pid {pid})")
        }
    }

    /// The descriptor tables of every process just before event `upto`.
    pub fn fds_before(&self, upto: usize) -> FdTables {
        let mut tables: FdTables = HashMap::new();
        for (i, e) in self.events.iter().enumerate().take(upto) {
            apply_fd_event(&mut tables, i, e);
        }
        tables
    }

    /// The kernel objects the run created, in order, with their removal.
    pub fn objects(&self) -> Vec<Object> {
        objects(self)
    }

    /// The calls made inside signal handlers.
    pub fn handler_calls(&self) -> Vec<InHandler> {
        handler_calls(self)
    }
}

/// The first descriptor in a call's arguments.
pub fn fd_of(call: &Syscall) -> Option<&tracer::decode::Fd> {
    call.args.iter().find_map(|f| f.value.as_fd())
}

/// Integer argument `name`, or raw register `index` when it is not decoded.
pub fn int_arg(call: &Syscall, name: &str, index: usize) -> i64 {
    call.arg(name).and_then(Value::as_i64).unwrap_or(call.raw.args[index] as i64)
}

/// The bytes of a buffer argument as text.
pub fn text_arg(call: &Syscall, name: &str) -> Option<String> {
    call.arg(name).and_then(Value::as_bytes).map(|b| b.lossy().into_owned())
}

/// A path or name argument as text.
pub fn path_arg(call: &Syscall, name: &str) -> Option<String> {
    call.arg(name).map(quote::plain)
}

/// The descriptors of an array argument (`pipefd`, `sv`).
pub fn fd_pair(call: &Syscall, name: &str) -> Option<(tracer::decode::Fd, tracer::decode::Fd)> {
    match call.arg(name)? {
        Value::Array { items, .. } if items.len() >= 2 => Some((items[0].as_fd()?.clone(), items[1].as_fd()?.clone())),
        _ => None,
    }
}

/// The path a socket was bound or connected to.
pub fn socket_path(call: &Syscall) -> Option<String> {
    fn find(v: &Value) -> Option<String> {
        match v {
            Value::Struct(fields) => fields
                .iter()
                .find_map(|f| if f.name == "sun_path" { Some(quote::plain(&f.value)) } else { find(&f.value) }),
            _ => None,
        }
    }
    call.args.iter().find_map(|f| find(&f.value))
}

/// The flags argument as names, for text matching (`O_RDONLY|O_CLOEXEC`).
pub fn flags_text(call: &Syscall, name: &str) -> String {
    call.arg(name).map(|v| v.to_string()).unwrap_or_default()
}

/// A POSIX queue name as the kernel sees it (without the leading slash).
fn mq_name(name: &str) -> String {
    name.trim_start_matches('/').to_string()
}

fn apply_fd_event(tables: &mut FdTables, _index: usize, e: &Event) {
    match &e.kind {
        EventKind::Spawn(s) if !s.thread => {
            let copy = tables.get(&e.pid).cloned().unwrap_or_default();
            tables.insert(s.child, copy);
        }
        EventKind::Exit(_) if e.tid == e.pid => {
            tables.remove(&e.pid);
        }
        EventKind::Syscall(call) if call.succeeded() => apply_fd_call(tables.entry(e.pid).or_default(), call),
        _ => {}
    }
}

fn open_fd(
    table: &mut BTreeMap<i32, OpenFd>,
    fd: &tracer::decode::Fd,
    fallback: String,
    access: Access,
    cloexec: bool,
) {
    let target = fd.target.as_deref().map_or(fallback, str::to_string);
    table.insert(fd.fd, OpenFd { fd: fd.fd, target, access, cloexec });
}

fn apply_fd_call(table: &mut BTreeMap<i32, OpenFd>, call: &Syscall) {
    let ret = call.ret.unwrap_or(-1);
    let ret_fd =
        || call.ret_value.as_ref().and_then(Value::as_fd).cloned().unwrap_or(tracer::decode::Fd::new(ret as i32));
    let cloexec_in = |name: &str| flags_text(call, name).contains("CLOEXEC");
    match call.name.as_ref() {
        "pipe" | "pipe2" => {
            if let Some((r, w)) = fd_pair(call, "pipefd") {
                let cloexec = cloexec_in("flags");
                open_fd(table, &r, "pipe".into(), Access::Read, cloexec);
                open_fd(table, &w, "pipe".into(), Access::Write, cloexec);
            }
        }
        "socketpair" => {
            if let Some((a, b)) = fd_pair(call, "sv") {
                open_fd(table, &a, "socket".into(), Access::ReadWrite, false);
                open_fd(table, &b, "socket".into(), Access::ReadWrite, false);
            }
        }
        "open" | "openat" | "creat" => {
            let flags = call.arg("flags").and_then(Value::as_i64).unwrap_or(0);
            let path = path_arg(call, "pathname").unwrap_or_default();
            open_fd(table, &ret_fd(), path, Access::from_flags(flags), flags & libc::O_CLOEXEC as i64 != 0);
        }
        "socket" | "accept" | "accept4" => {
            open_fd(table, &ret_fd(), "socket".into(), Access::ReadWrite, false);
        }
        "mq_open" => {
            let name = path_arg(call, "name").map(|n| format!("mqueue:{}", mq_name(&n))).unwrap_or("mqueue".into());
            let flags = int_arg(call, "oflag", 1);
            open_fd(table, &ret_fd(), name, Access::from_flags(flags), false);
        }
        "inotify_init" | "inotify_init1" | "eventfd2" | "memfd_create" | "epoll_create1" | "signalfd4" => {
            open_fd(table, &ret_fd(), call.name.to_string(), Access::ReadWrite, cloexec_in("flags"));
        }
        "dup" | "dup2" | "dup3" => {
            let old = call.args.first().and_then(|f| f.value.as_i64()).unwrap_or(-1) as i32;
            if let Some(src) = table.get(&(old)).cloned() {
                table.insert(
                    ret as i32,
                    OpenFd { fd: ret as i32, cloexec: call.name == "dup3" && cloexec_in("flags"), ..src },
                );
            }
        }
        "fcntl" => {
            let cmd = call.arg("cmd").map(|v| v.to_string()).unwrap_or_default();
            if cmd.starts_with("F_DUPFD") {
                let old = call.args.first().and_then(|f| f.value.as_i64()).unwrap_or(-1) as i32;
                if let Some(src) = table.get(&old).cloned() {
                    table.insert(ret as i32, OpenFd { fd: ret as i32, cloexec: cmd.contains("CLOEXEC"), ..src });
                }
            }
        }
        "close" => {
            let fd = call.args.first().and_then(|f| f.value.as_i64()).unwrap_or(-1) as i32;
            table.remove(&fd);
        }
        "close_range" => {
            let first = call.raw.args[0] as i32;
            let last = call.raw.args[1] as u32;
            table.retain(|&fd, _| fd < first || fd as u32 > last);
        }
        "execve" | "execveat" => table.retain(|_, f| !f.cloexec),
        _ => {}
    }
}

/// The value of flag argument `name` has IPC_CREAT.
fn has_flag(call: &Syscall, name: &str, flag: &str) -> bool {
    flags_text(call, name).split('|').any(|f| f == flag)
}

fn objects(t: &Trace) -> Vec<Object> {
    let mut out: Vec<Object> = Vec::new();
    let remove = |out: &mut Vec<Object>, kinds: &[ObjectKind], name: &str, at: usize| {
        if let Some(o) = out.iter_mut().rev().find(|o| kinds.contains(&o.kind) && o.name == name && o.removed.is_none())
        {
            o.removed = Some(at);
        }
    };
    const FILES: &[ObjectKind] = &[ObjectKind::Fifo, ObjectKind::SocketFile, ObjectKind::File, ObjectKind::PosixShm];
    for c in t.all_calls() {
        if !c.ok() {
            continue;
        }
        let call = c.call;
        let ret = c.ret().unwrap_or(-1);
        let private = || call.args.first().map(|f| f.value.to_string() == "IPC_PRIVATE").unwrap_or(false);
        let created =
            |kind, name: String, private: bool| Object { kind, name, created: c.index, removed: None, private };
        match c.name() {
            "msgget" if has_flag(call, "msgflg", "IPC_CREAT") => {
                out.push(created(ObjectKind::MsgQueue, ret.to_string(), private()))
            }
            "shmget" if has_flag(call, "shmflg", "IPC_CREAT") => {
                out.push(created(ObjectKind::ShmSegment, ret.to_string(), private()))
            }
            "semget" if has_flag(call, "semflg", "IPC_CREAT") => {
                out.push(created(ObjectKind::SemSet, ret.to_string(), private()))
            }
            "msgctl" | "shmctl" | "semctl" => {
                let cmd_index = if c.name() == "semctl" { 2 } else { 1 };
                if call.raw.args[cmd_index] & 0xff == libc::IPC_RMID as u64 {
                    let kind = match c.name() {
                        "msgctl" => ObjectKind::MsgQueue,
                        "shmctl" => ObjectKind::ShmSegment,
                        _ => ObjectKind::SemSet,
                    };
                    remove(&mut out, &[kind], &(call.raw.args[0] as i32).to_string(), c.index);
                }
            }
            "mq_open" => {
                let flags = int_arg(call, "oflag", 1);
                if flags & libc::O_CREAT as i64 != 0
                    && let Some(name) = path_arg(call, "name")
                {
                    let name = mq_name(&name);
                    if !out.iter().any(|o| o.kind == ObjectKind::PosixQueue && o.name == name && o.removed.is_none()) {
                        out.push(created(ObjectKind::PosixQueue, name, false));
                    }
                }
            }
            "mq_unlink" => {
                if let Some(name) = path_arg(call, "name") {
                    remove(&mut out, &[ObjectKind::PosixQueue], &mq_name(&name), c.index);
                }
            }
            "mknod" | "mknodat" => {
                if let Some(path) = path_arg(call, "pathname") {
                    let kind =
                        if flags_text(call, "mode").contains("S_IFIFO") { ObjectKind::Fifo } else { ObjectKind::File };
                    out.push(created(kind, path, false));
                }
            }
            "bind" => {
                if let Some(path) = socket_path(call).filter(|p| !p.starts_with('@') && !p.is_empty()) {
                    out.push(created(ObjectKind::SocketFile, path, false));
                }
            }
            "open" | "openat" | "creat" => {
                let flags = call.arg("flags").and_then(Value::as_i64).unwrap_or(0);
                if (flags & libc::O_CREAT as i64 != 0 || c.name() == "creat")
                    && let Some(path) = path_arg(call, "pathname")
                {
                    let exists = out.iter().any(|o| o.name == path && o.removed.is_none());
                    if !exists {
                        let kind = if path.starts_with("/dev/shm/") { ObjectKind::PosixShm } else { ObjectKind::File };
                        out.push(created(kind, path, false));
                    }
                }
            }
            "mkdir" | "mkdirat" => {
                if let Some(path) = path_arg(call, "pathname") {
                    out.push(created(ObjectKind::Dir, path, false));
                }
            }
            "unlink" | "unlinkat" => {
                if let Some(path) = path_arg(call, "pathname") {
                    let dir = flags_text(call, "flags").contains("AT_REMOVEDIR");
                    let kinds: &[ObjectKind] = if dir { &[ObjectKind::Dir] } else { FILES };
                    remove(&mut out, kinds, &path, c.index);
                }
            }
            "rmdir" => {
                if let Some(path) = path_arg(call, "pathname") {
                    remove(&mut out, &[ObjectKind::Dir], &path, c.index);
                }
            }
            "rename" | "renameat" | "renameat2" => {
                let (old, new) = match c.name() {
                    "rename" => (path_arg(call, "oldpath"), path_arg(call, "newpath")),
                    _ => (path_arg(call, "oldpath"), path_arg(call, "newpath")),
                };
                if let (Some(old), Some(new)) = (old, new)
                    && let Some(o) =
                        out.iter_mut().rev().find(|o| FILES.contains(&o.kind) && o.name == old && o.removed.is_none())
                {
                    o.name = new;
                }
            }
            _ => {}
        }
    }
    out
}

fn handler_calls(t: &Trace) -> Vec<InHandler> {
    // Which signals have a handler, per process.
    let mut handlers: HashMap<Pid, HashMap<i32, bool>> = HashMap::new();
    // Signals being handled, per thread (innermost last).
    let mut running: HashMap<Pid, Vec<(i32, usize)>> = HashMap::new();
    let mut out = Vec::new();
    for (i, e) in t.events.iter().enumerate() {
        match &e.kind {
            EventKind::Spawn(s) if !s.thread => {
                let copy = handlers.get(&e.pid).cloned().unwrap_or_default();
                handlers.insert(s.child, copy);
            }
            EventKind::Signal(info)
                if handlers.get(&e.pid).and_then(|h| h.get(&info.signo)).copied().unwrap_or(false) =>
            {
                running.entry(e.tid).or_default().push((info.signo, i));
            }
            EventKind::Syscall(call) => {
                match call.name.as_ref() {
                    "rt_sigreturn" => {
                        running.entry(e.tid).or_default().pop();
                        continue;
                    }
                    "execve" | "execveat" if call.succeeded() => {
                        handlers.remove(&e.pid);
                    }
                    "rt_sigaction" if call.succeeded() => {
                        let sig = call.arg("signum").and_then(Value::as_i64).unwrap_or(0) as i32;
                        if let Some(act) = call.arg("act") {
                            let handled = matches!(act.field("sa_handler"), Some(Value::Hex(_)));
                            handlers.entry(e.pid).or_default().insert(sig, handled);
                        }
                    }
                    _ => {}
                }
                if let Some(&(signal, delivered)) = running.get(&e.tid).and_then(|s| s.last()) {
                    out.push(InHandler { signal, delivered, call: i });
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;
    use std::time::Duration;

    use tracer::decode::{Bytes, Fd, Field, RawSyscall, RetKind, Sym};
    use tracer::event::{SignalInfo, Spawn};

    use super::*;

    fn call(name: &'static str, args: Vec<Field>, ret: i64) -> Syscall {
        Syscall {
            sysno: None,
            name: Cow::Borrowed(name),
            args,
            raw: RawSyscall::new(0, [0; 6]),
            ret: Some(ret),
            errno: None,
            ret_kind: RetKind::Int,
            ret_value: None,
        }
    }

    fn fd(n: i32, target: &str) -> Value {
        Value::Fd(Fd { fd: n, target: Some(target.into()) })
    }

    fn ev(pid: Pid, kind: EventKind) -> Event {
        Event { time: Duration::ZERO, pid, tid: pid, kind }
    }

    fn trace(events: Vec<Event>) -> Trace {
        Trace::new(Recording {
            events,
            outcome: Outcome::Exited(0),
            stdout: String::new(),
            stderr: String::new(),
            limits: Limits::new(Duration::from_secs(1)),
            dropped_calls: 0,
        })
    }

    fn pipe_fork_events() -> Vec<Event> {
        let pipefd = Value::Array { items: vec![fd(3, "pipe:[7]"), fd(4, "pipe:[7]")], more: false };
        vec![
            ev(10, EventKind::Syscall(call("pipe2", vec![Field::new("pipefd", pipefd)], 0))),
            ev(10, EventKind::Spawn(Spawn { child: 11, thread: false, via: "clone" })),
            ev(10, EventKind::Syscall(call("clone", vec![], 11))),
            ev(10, EventKind::Syscall(call("close", vec![Field::new("fd", fd(3, "pipe:[7]"))], 0))),
        ]
    }

    #[test]
    fn a_forked_child_holds_copies_of_its_parents_pipe_ends() {
        let t = trace(pipe_fork_events());
        let tables = t.fds_before(t.events.len());
        let parent: Vec<i32> = tables[&10].keys().copied().collect();
        let child: Vec<&OpenFd> = tables[&11].values().collect();
        assert_eq!(parent, vec![4], "the parent closed its read end");
        assert_eq!(child.len(), 2);
        assert_eq!(child[1].describe(), "the write end fd 4 of pipe:[7]");
        assert_eq!(t.children(), vec![11]);
    }

    #[test]
    fn an_exited_process_holds_no_descriptors() {
        let mut events = pipe_fork_events();
        events.push(ev(11, EventKind::Exit(Exit::Code(0))));
        assert!(!trace(events.clone()).fds_before(events.len()).contains_key(&11));
    }

    #[test]
    fn a_queue_created_and_never_removed_is_leaked() {
        let key = Field::new("key", Value::Sym(Sym { raw: 0, name: Some("IPC_PRIVATE") }));
        let flags = Field::new(
            "msgflg",
            Value::Flags(tracer::decode::Flags {
                raw: 0o1600,
                names: vec!["IPC_CREAT"],
                rest: 0o600,
                rest_octal: true,
            }),
        );
        let events = vec![ev(10, EventKind::Syscall(call("msgget", vec![key, flags], 5)))];
        let objects = trace(events).objects();
        assert_eq!(objects.len(), 1);
        assert_eq!(objects[0].describe(), "System V message queue 5");
        assert!(objects[0].private);
        assert_eq!(objects[0].removed, None);
    }

    #[test]
    fn a_renamed_file_is_removed_under_its_new_name() {
        let path = |p: &str| Value::Str(Bytes::new(p.as_bytes().to_vec(), false));
        let creat = Value::Int((libc::O_WRONLY | libc::O_CREAT) as i64);
        let events = vec![
            ev(
                10,
                EventKind::Syscall(call(
                    "openat",
                    vec![Field::new("pathname", path("/d/a.tmp")), Field::new("flags", creat)],
                    3,
                )),
            ),
            ev(
                10,
                EventKind::Syscall(call(
                    "rename",
                    vec![Field::new("oldpath", path("/d/a.tmp")), Field::new("newpath", path("/d/a"))],
                    0,
                )),
            ),
            ev(10, EventKind::Syscall(call("unlink", vec![Field::new("pathname", path("/d/a"))], 0))),
        ];
        let objects = trace(events).objects();
        assert_eq!(objects[0].name, "/d/a");
        assert_eq!(objects[0].removed, Some(2));
    }

    #[test]
    fn a_write_between_signal_delivery_and_sigreturn_is_inside_the_handler() {
        let act = Value::Struct(vec![Field::new("sa_handler", Value::Hex(0x1000))]);
        let sig = Value::Signal(libc::SIGCHLD);
        let info = SignalInfo {
            signo: libc::SIGCHLD,
            code: 1,
            sender_pid: Some(11),
            sender_uid: Some(0),
            addr: None,
            status: Some(0),
        };
        let events = vec![
            ev(
                10,
                EventKind::Syscall(call("rt_sigaction", vec![Field::new("signum", sig), Field::new("act", act)], 0)),
            ),
            ev(10, EventKind::Signal(info)),
            ev(10, EventKind::Syscall(call("write", vec![Field::new("fd", fd(1, "/dev/null"))], 5))),
            ev(10, EventKind::Syscall(call("rt_sigreturn", vec![], 0))),
            ev(10, EventKind::Syscall(call("write", vec![Field::new("fd", fd(1, "/dev/null"))], 5))),
        ];
        let inside = trace(events).handler_calls();
        assert_eq!(inside.len(), 1);
        assert_eq!(inside[0].call, 2);
        assert_eq!(inside[0].signal, libc::SIGCHLD);
    }
}
