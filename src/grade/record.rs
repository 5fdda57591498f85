//! One traced run of a lab for grading: the program runs under the tracer
//! with grading's limits (time, processes, memory), its standard output and
//! error captured into files, and every event kept in memory.
//!
//! Two observers ride along. [`Supplement`] reads, while the tracee is still
//! stopped, the few arguments the decoders do not decode yet (socket
//! addresses, POSIX queue names and messages), and the recorder folds them
//! into the recorded call. [`HangWatch`] writes down, when the run is about
//! to be killed, what every live process is blocked in and who could wake
//! it (for a pipe read: who still holds a write end), so the failure message
//! of a hanging lab explains the hang.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

use tracer::decode::{Bytes, Field, Reader, Syscall, Value};
use tracer::event::{Event, EventKind, Pid, Sink};
use tracer::ptrace::{self, Config, Observer, Outcome, ProcessMemory, Stdio, TaskRef};

use super::quote;

/// The limits a lab runs under while it is graded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// After this long the whole traced tree is killed.
    pub timeout: Duration,
    /// More processes and threads than this at once, and the tree is killed.
    pub max_tasks: usize,
    /// The address space of each process (RLIMIT_AS), in bytes.
    pub memory: u64,
}

impl Limits {
    /// The limits for a lab that normally ends within `timeout`.
    pub fn new(timeout: Duration) -> Self {
        Limits { timeout, max_tasks: 64, memory: 1 << 30 }
    }
}

/// How long a traced string or buffer may be: long enough to compare every
/// message a lab sends whole.
const STRING_LIMIT: usize = 4096;

/// What one live thread was doing when a run was killed.
#[derive(Debug, Clone)]
pub struct Blocked {
    pub pid: Pid,
    /// The call it was in, if any.
    pub call: Option<Syscall>,
    /// What it waits for and who could end the wait, in words.
    pub waits_for: Vec<String>,
}

/// Everything one traced run left for the checks.
#[derive(Debug, Clone)]
pub struct Recording {
    pub events: Vec<Event>,
    pub outcome: Outcome,
    pub stdout: String,
    pub stderr: String,
    /// Filled when the run was killed (timeout, too many processes).
    pub blocked: Vec<Blocked>,
    pub limits: Limits,
}

/// A directory of one graded run, removed with everything in it when
/// dropped. The lab's TMPDIR points here, so the FIFOs, sockets and files a
/// lab forgets to remove are found, reported and then swept away.
#[derive(Debug)]
pub struct RunDir {
    path: PathBuf,
}

impl RunDir {
    pub fn create() -> Result<Self, String> {
        use std::os::unix::fs::DirBuilderExt;
        use std::sync::atomic::{AtomicU32, Ordering};
        static SEQ: AtomicU32 = AtomicU32::new(0);
        let n = SEQ.fetch_add(1, Ordering::Relaxed);
        // Short, in the system's temporary directory: a socket path inside
        // it must fit in sun_path (108 bytes).
        let path = std::env::temp_dir().join(format!("ipclab-grade-{}-{n}", std::process::id()));
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(&path)
            .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
        Ok(RunDir { path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for RunDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Runs `program` with `args` under the tracer, from the lab's start marker
/// on, within `limits`. `dir` receives the captured output and is the lab's
/// TMPDIR.
pub fn record(
    program: &Path,
    args: &[OsString],
    marker: &str,
    limits: Limits,
    dir: &RunDir,
) -> Result<Recording, String> {
    let stdout_path = dir.path().join("stdout");
    let stderr_path = dir.path().join("stderr");
    let mut config = Config::new(program.as_os_str(), args.to_vec());
    config.start_marker = Some(marker.to_string());
    config.timeout = Some(limits.timeout);
    config.max_tasks = Some(limits.max_tasks);
    config.memory_limit = Some(limits.memory);
    config.decode.string_limit = STRING_LIMIT;
    config.stdio = [Stdio::Null, Stdio::File(stdout_path.clone()), Stdio::File(stderr_path.clone())];
    config.env = vec![
        (OsString::from("TMPDIR"), dir.path().as_os_str().to_owned()),
        (OsString::from("RUST_BACKTRACE"), OsString::from("0")),
    ];

    let shared = Rc::new(RefCell::new(Shared::default()));
    let mut recorder = Patching { events: Vec::new(), shared: shared.clone() };
    let mut observer = Watch { shared, blocked: Vec::new(), string_limit: STRING_LIMIT };
    let outcome = ptrace::run(&config, &mut recorder, &mut observer).map_err(|e| e.to_string())?;
    let read = |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
    Ok(Recording {
        events: recorder.events,
        outcome,
        stdout: read(&stdout_path),
        stderr: read(&stderr_path),
        blocked: observer.blocked,
        limits,
    })
}

/// What the observer tells the recorder.
#[derive(Default)]
struct Shared {
    /// Arguments read for the next call event of a thread.
    extra: HashMap<Pid, Vec<Field>>,
    /// When the tracer started killing the tree.
    killing_since: Option<Instant>,
}

/// The recorder: keeps every event, adding the arguments the observer read.
struct Patching {
    events: Vec<Event>,
    shared: Rc<RefCell<Shared>>,
}

impl Sink for Patching {
    fn idle(&mut self) {
        // A process the tracer attached but never learnt about (its creator
        // was killed before reporting the fork) would stay stopped, and the
        // tracer would wait for it forever: kill whatever this thread still
        // traces once the tree has had time to die.
        let since = self.shared.borrow().killing_since;
        if since.is_some_and(|t| t.elapsed() > Duration::from_millis(300)) {
            kill_remaining_tracees();
        }
    }

    fn event(&mut self, event: &Event) {
        let mut event = event.clone();
        if let EventKind::Syscall(call) = &mut event.kind
            && let Some(fields) = self.shared.borrow_mut().extra.remove(&event.tid)
        {
            for field in fields {
                match call.arg_mut(field.name) {
                    Some(slot) => *slot = field.value,
                    None => call.args.push(field),
                }
            }
        }
        self.events.push(event);
    }
}

/// Sends SIGKILL to every process the calling thread traces (its
/// `TracerPid` in /proc/PID/status).
fn kill_remaining_tracees() {
    let me = nix::unistd::gettid().as_raw();
    let Ok(dir) = std::fs::read_dir("/proc") else { return };
    for entry in dir.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse::<i32>().ok()) else { continue };
        let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else { continue };
        let tracer =
            status.lines().find_map(|l| l.strip_prefix("TracerPid:")).and_then(|v| v.trim().parse::<i32>().ok());
        if tracer == Some(me) {
            let _ = nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), nix::sys::signal::Signal::SIGKILL);
        }
    }
}

/// The observer: supplements arguments and records hangs.
struct Watch {
    shared: Rc<RefCell<Shared>>,
    blocked: Vec<Blocked>,
    string_limit: usize,
}

impl Observer for Watch {
    fn syscall_exit(&mut self, task: TaskRef, call: &Syscall, _out: &mut Vec<EventKind>) {
        let fields = supplement(task.tid, call, self.string_limit);
        if !fields.is_empty() {
            self.shared.borrow_mut().extra.insert(task.tid, fields);
        }
    }

    fn before_kill(&mut self, _why: Outcome, blocked: &[(TaskRef, Option<&Syscall>)], _out: &mut Vec<EventKind>) {
        self.shared.borrow_mut().killing_since = Some(Instant::now());
        let pids: Vec<Pid> = blocked.iter().map(|(t, _)| t.pid).collect();
        for (task, call) in blocked {
            let waits_for = call
                .map(|c| explain_wait(task.pid, c, &pids))
                .unwrap_or_else(|| vec!["it was running, in no system call (a loop that never waits?)".to_string()]);
            self.blocked.push(Blocked { pid: task.pid, call: call.cloned(), waits_for });
        }
    }
}

/// Whether a decoded call already carries argument `name` in decoded form
/// (the decoders may learn a call later: then theirs is kept).
fn decoded(call: &Syscall, name: &str) -> bool {
    call.arg(name).is_some()
}

/// Reads what the decoders leave raw for the calls the labs grade on.
fn supplement(tid: Pid, call: &Syscall, limit: usize) -> Vec<Field> {
    let mem = ProcessMemory::new(tid);
    let r = Reader::new(&mem, limit);
    let a = call.raw.args;
    let ok = call.succeeded();
    let mut out = Vec::new();
    match call.name.as_ref() {
        "bind" | "connect" if !decoded(call, "addr") => {
            if let Some(path) = sockaddr_un_path(&r, a[1], a[2]) {
                out.push(Field::new("addr", Value::Struct(vec![Field::new("sun_path", Value::Text(path))])));
            }
        }
        "socketpair" if ok && !decoded(call, "sv") => {
            if let Some(fds) = r.read::<[i32; 2]>(a[3]) {
                let fds = fds.iter().map(|&fd| Value::Fd(tracer::decode::Fd::new(fd))).collect();
                out.push(Field::new("sv", Value::Array { items: fds, more: false }));
            }
        }
        "mq_open" if !decoded(call, "name") => {
            if let Some(name) = r.c_string_bytes(a[0], 256) {
                out.push(Field::new("name", Value::Str(name)));
            }
            out.push(Field::new("oflag", Value::Int(a[1] as i64)));
            out.push(Field::new("mode", Value::Oct(a[2])));
        }
        "mq_timedsend" if !decoded(call, "msg_prio") => {
            out.push(Field::new("mqdes", Value::Int(a[0] as i64)));
            out.push(Field::new("msg_ptr", r.buffer(a[1], a[2])));
            out.push(Field::new("msg_len", Value::Uint(a[2])));
            out.push(Field::new("msg_prio", Value::Uint(a[3])));
        }
        "mq_timedreceive" if !decoded(call, "msg_prio") => {
            out.push(Field::new("mqdes", Value::Int(a[0] as i64)));
            let received = call.ret.filter(|_| ok).unwrap_or(0).max(0) as u64;
            let buf = if ok { r.buffer(a[1], received) } else { Value::Str(Bytes::default()) };
            out.push(Field::new("msg_ptr", buf));
            out.push(Field::new("msg_len", Value::Uint(a[2])));
            if ok && let Some(prio) = r.read::<u32>(a[3]) {
                out.push(Field::new("msg_prio", Value::Uint(prio as u64)));
            }
        }
        "rename" if !decoded(call, "oldpath") => {
            out.push(Field::new("oldpath", r.path(a[0])));
            out.push(Field::new("newpath", r.path(a[1])));
        }
        "renameat" | "renameat2" if !decoded(call, "oldpath") => {
            out.push(Field::new("oldpath", r.path(a[1])));
            out.push(Field::new("newpath", r.path(a[3])));
        }
        "inotify_add_watch" if !decoded(call, "pathname") => {
            out.push(Field::new("fd", Value::Int(a[0] as i64)));
            out.push(Field::new("pathname", r.path(a[1])));
            out.push(Field::new("mask", Value::Hex(a[2])));
        }
        _ => {}
    }
    out
}

/// The path of a `struct sockaddr_un` of `len` bytes at `addr` (`@name` for
/// an abstract address).
fn sockaddr_un_path(r: &Reader, addr: u64, len: u64) -> Option<String> {
    let len = (len as usize).min(std::mem::size_of::<libc::sockaddr_un>());
    if len <= 2 {
        return None;
    }
    let mut buf = vec![0u8; len];
    if !r.read_exact(addr, &mut buf) {
        return None;
    }
    if u16::from_ne_bytes([buf[0], buf[1]]) != libc::AF_UNIX as u16 {
        return None;
    }
    let path = &buf[2..];
    if path.first() == Some(&0) {
        return Some(format!("@{}", String::from_utf8_lossy(&path[1..])));
    }
    let end = path.iter().position(|&b| b == 0).unwrap_or(path.len());
    Some(String::from_utf8_lossy(&path[..end]).into_owned())
}

/// What a thread blocked in `call` waits for, and who could wake it, read
/// from /proc while the tree is still alive.
fn explain_wait(pid: Pid, call: &Syscall, pids: &[Pid]) -> Vec<String> {
    use tracer::kernel::{self, Access};
    let nix_pid = nix::unistd::Pid::from_raw(pid);
    let nix_pids = || pids.iter().map(|&p| nix::unistd::Pid::from_raw(p)).collect::<Vec<_>>();
    let fd_arg = call.args.first().and_then(|f| f.value.as_fd()).cloned();
    let name = call.name.as_ref();
    let mut out = Vec::new();
    match name {
        "read" | "readv" | "pread64" | "write" | "writev" | "pwrite64" | "recvfrom" | "sendto" => {
            let Some(fd) = fd_arg else { return out };
            let target = fd.target.clone().unwrap_or_else(|| "?".into());
            let reading = matches!(name, "read" | "readv" | "pread64" | "recvfrom");
            let Ok(object) = kernel::object_of(nix_pid, fd.fd) else { return out };
            let holders = kernel::holders(nix_pids(), object).unwrap_or_default();
            if reading {
                let writers: Vec<String> = holders
                    .iter()
                    .filter(|h| matches!(h.access, Access::Write | Access::ReadWrite))
                    .map(|h| format!("pid {} still holds the write end fd {} of {target}", h.pid, h.fd))
                    .collect();
                if writers.is_empty() {
                    out.push(format!("it waits for data on {target}"));
                } else {
                    out.push(format!(
                        "it waits for data or end of file on {target}, and end of file cannot come while a write end is open: {}",
                        writers.join("; ")
                    ));
                }
            } else {
                let readers: Vec<String> = holders
                    .iter()
                    .filter(|h| matches!(h.access, Access::Read | Access::ReadWrite) && h.pid.as_raw() != pid)
                    .map(|h| format!("pid {} fd {}", h.pid, h.fd))
                    .collect();
                out.push(format!(
                    "it waits for room in {target} (readers: {})",
                    if readers.is_empty() { "none".to_string() } else { readers.join(", ") }
                ));
            }
        }
        "openat" | "open" => {
            let path = call.arg("pathname").map(quote::plain).unwrap_or_default();
            out.push(format!(
                "opening the FIFO {path} waits until another process opens its other end (one for reading, one for writing)"
            ));
        }
        "wait4" | "waitid" => {
            let who = call.arg("pid").and_then(Value::as_i64).unwrap_or(-1);
            if who > 0 {
                out.push(format!("it waits for pid {who} to exit"));
            } else {
                out.push("it waits for a child to exit".to_string());
            }
        }
        "msgrcv" => {
            let id = call.raw.args[0] as i32;
            let ty = call.raw.args[3] as i64;
            let qnum = kernel::msg_queue(id).ok().flatten().map(|q| q.qnum);
            out.push(format!(
                "it waits for a message of type {ty} on queue {id}{}",
                qnum.map(|n| format!(" (the queue holds {n} message(s), none of that type)")).unwrap_or_default()
            ));
        }
        "semop" | "semtimedop" => {
            let id = call.raw.args[0] as i32;
            let values = kernel::sem_values(id)
                .map(|v| v.iter().map(|s| s.value.to_string()).collect::<Vec<_>>().join(", "))
                .unwrap_or_else(|_| "?".into());
            out.push(format!("it waits on semaphore set {id} (values now: [{values}])"));
        }
        "rt_sigsuspend" | "pause" | "rt_sigtimedwait" => {
            out.push("it waits for a signal that never came (is it blocked, or was it sent before?)".to_string());
        }
        "nanosleep" | "clock_nanosleep" => out.push("it sleeps".to_string()),
        "fcntl" => out.push("it waits for a file lock another process holds".to_string()),
        "accept" | "accept4" => out.push("it waits for a client to connect".to_string()),
        "mq_timedreceive" => out.push("it waits for a message on a POSIX queue".to_string()),
        "futex" => out.push("it waits on a lock (futex) no one releases".to_string()),
        _ => {}
    }
    out
}
