//! From trace records to a [`Diagram`]: the records of `ipclab trace
//! --json`, one at a time, in order (a live run feeds them as the JSON
//! renderer writes them, so a run drawn live and its trace drawn later give
//! the same picture).
//!
//! Objects are named by what the trace says of them: a descriptor's target
//! (`pipe:[N]`, `socket:[N]`, a path, a POSIX queue's `/name`), a System V
//! id in the arguments or the return value, an address `shmat` or `mmap`
//! returned. The kernel view's records (`kernel`) join what the calls
//! cannot: the two ends of a socket connection (`peer`) and the path a
//! server's sockets share, which process holds which end of a pipe, the
//! segment `shmdt` detached, when an object was freed or removed. A call
//! that touches no object draws nothing, unless it blocked while others
//! acted (then its wait is drawn on its own lane).

use std::collections::{BTreeSet, HashMap};

use super::json::J;
use super::model::*;
use super::text::{call_text, escape_payload, kernel_text, quoted};

/// Longest payload in a label, in characters.
const PAYLOAD: usize = 24;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Pipe(u64),
    Sock(u64),
    Path(String),
    Mq(String),
    Msq(i64),
    Sem(i64),
    Shm(i64),
}

/// What the builder keeps of a lane besides what is drawn.
#[derive(Debug, Default)]
struct LaneState {
    /// Merged into another lane (two ends of one socket connection).
    merged: Option<usize>,
    /// A file lane is drawn only if it carries data between processes or a lock.
    tentative: bool,
    users: BTreeSet<i64>,
    writers: BTreeSet<i64>,
    opened: bool,
    locked: bool,
    /// The socket inodes and the path of a socket lane.
    inodes: BTreeSet<u64>,
    path: Option<String>,
    pid: i64,
    touched: bool,
}

/// A call that was still in progress when another thread's event came.
struct Open {
    /// The number of steps at that moment: the first step during the wait.
    at: usize,
    name: String,
}

/// Builds a diagram from trace records pushed one at a time.
#[derive(Default)]
pub struct Builder {
    lanes: Vec<Lane>,
    state: Vec<LaneState>,
    steps: Vec<Step>,
    spans: Vec<Span>,
    keys: HashMap<Key, usize>,
    procs: HashMap<i64, usize>,
    /// Thread id to process id, for threads.
    threads: HashMap<i64, i64>,
    /// The record being gathered with the kernel records that follow it.
    pending: Option<(J, Vec<J>)>,
    open: HashMap<i64, Open>,
    handlers: HashMap<i64, Vec<(usize, String)>>,
    zombies: HashMap<i64, usize>,
    spawned: HashMap<i64, usize>,
    last_exec: HashMap<i64, usize>,
    /// (pid, fd) to the end of a pipe or FIFO it is: `read` or `write`.
    ends: HashMap<(i64, i64), String>,
    /// (pid, address) of an attached System V segment, to its id.
    attached: HashMap<(i64, u64), i64>,
    /// Per process: mapped POSIX shm objects (start, end, lane).
    maps: HashMap<i64, Vec<(u64, u64, usize)>>,
    mq_names: BTreeSet<String>,
    records: usize,
    ledger: Option<String>,
}

fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The number N of `pipe:[N]` or `socket:[N]`.
fn inode_of(target: &str, prefix: &str) -> Option<u64> {
    target.strip_prefix(prefix)?.strip_prefix(":[")?.strip_suffix(']')?.parse().ok()
}

/// The first argument that is a descriptor: `{"fd": 3, "target": ...}`.
fn fd_arg(rec: &J) -> Option<(i64, Option<&str>)> {
    for (name, v) in rec["args"].entries() {
        if matches!(name.as_str(), "fd" | "sockfd" | "mqdes" | "fd_in" | "oldfd") {
            if let Some(fd) = v["fd"].as_i64() {
                return Some((fd, v["target"].as_str()));
            }
        }
    }
    None
}

fn waits(name: &str) -> bool {
    matches!(
        name,
        "read"
            | "readv"
            | "pread64"
            | "preadv"
            | "preadv2"
            | "recvfrom"
            | "recvmsg"
            | "recvmmsg"
            | "write"
            | "writev"
            | "sendto"
            | "sendmsg"
            | "sendmmsg"
            | "msgrcv"
            | "msgsnd"
            | "semop"
            | "semtimedop"
            | "mq_timedreceive"
            | "mq_timedsend"
            | "wait4"
            | "waitid"
            | "accept"
            | "accept4"
            | "connect"
            | "pause"
            | "rt_sigsuspend"
            | "rt_sigtimedwait"
            | "futex"
            | "flock"
            | "fcntl"
            | "openat"
            | "open"
            | "nanosleep"
            | "clock_nanosleep"
            | "poll"
            | "ppoll"
            | "select"
            | "pselect6"
            | "epoll_wait"
            | "epoll_pwait"
            | "epoll_pwait2"
            | "restart_syscall"
    )
}

fn sleeps(name: &str) -> bool {
    matches!(name, "nanosleep" | "clock_nanosleep" | "restart_syscall")
}

/// What the label of a failed call adds: ` = -1 EAGAIN`.
fn failure(rec: &J) -> Option<String> {
    rec["errno"].as_str().map(|e| format!(" = -1 {e}"))
}

/// The payload of a data call, quoted and short.
fn payload(rec: &J) -> Option<String> {
    let args = &rec["args"];
    for key in ["buf", "msg_ptr"] {
        if let Some(q) = quoted(&args[key], PAYLOAD) {
            return Some(q);
        }
    }
    if let Some(first) = args["iov"].as_array().first() {
        return quoted(&first["iov_base"], PAYLOAD);
    }
    if let Some(first) = args["msg"]["msg_iov"].as_array().first() {
        return quoted(&first["iov_base"], PAYLOAD);
    }
    if let Some(first) = args["msgvec"].as_array().first() {
        return quoted(&first["msg_hdr"]["msg_iov"].as_array().first()?["iov_base"], PAYLOAD);
    }
    None
}

/// What a segment holds, for a label: text quoted, or (when most of it is
/// not printable, as a binary counter is) its first bytes in hexadecimal.
fn contents_label(data: &str) -> String {
    let total = data.chars().count();
    let binary = data.chars().filter(|c| c.is_control() || *c == '\u{fffd}').count();
    if total == 0 {
        return "only zero bytes".to_string();
    }
    if binary * 3 < total {
        return format!("\"{}\"", escape_payload(data, PAYLOAD, false));
    }
    let bytes: Vec<String> = data
        .chars()
        .take(12)
        .map(|c| if (c as u32) < 256 { format!("{:02x}", c as u32) } else { "??".into() })
        .collect();
    let more = if total > 12 { " …" } else { "" };
    format!("bytes {}{more}", bytes.join(" "))
}

impl Builder {
    pub fn new() -> Self {
        Builder::default()
    }

    /// Takes one record of the trace.
    pub fn push(&mut self, rec: J) {
        self.records += 1;
        if rec["type"].as_str() == Some("kernel") {
            match self.pending.as_mut() {
                Some((_, kernels)) => kernels.push(rec),
                None => self.kernel_effects(&rec),
            }
            return;
        }
        if let Some((prev, kernels)) = self.pending.take() {
            self.unit(&prev, &kernels);
        }
        self.pending = Some((rec, Vec::new()));
    }

    /// The diagram of everything pushed.
    pub fn finish(mut self) -> Diagram {
        if let Some((prev, kernels)) = self.pending.take() {
            self.unit(&prev, &kernels);
        }
        self.close_open_spans();
        self.assemble()
    }

    // ---- lanes ----

    fn root(&self, mut lane: usize) -> usize {
        while let Some(next) = self.state[lane].merged {
            lane = next;
        }
        lane
    }

    fn new_lane(&mut self, kind: LaneKind, title: String, name: String) -> usize {
        self.lanes.push(Lane { kind, title, name, first: usize::MAX, last: 0, end: LaneEnd::Open });
        self.state.push(LaneState::default());
        self.lanes.len() - 1
    }

    fn process(&mut self, pid: i64) -> usize {
        let pid = self.threads.get(&pid).copied().unwrap_or(pid);
        if let Some(&l) = self.procs.get(&pid) {
            return l;
        }
        let l = self.new_lane(LaneKind::Process, format!("pid {pid}"), String::new());
        self.state[l].pid = pid;
        self.procs.insert(pid, l);
        l
    }

    fn object(&mut self, key: Key, kind: ObjKind, name: &str) -> usize {
        if let Some(&l) = self.keys.get(&key) {
            return self.root(l);
        }
        let l = self.new_lane(LaneKind::Object(kind), kind.title().to_string(), name.to_string());
        self.state[l].tentative = kind == ObjKind::File;
        if let Key::Sock(ino) = key {
            self.state[l].inodes.insert(ino);
        }
        self.keys.insert(key, l);
        l
    }

    fn find(&self, key: &Key) -> Option<usize> {
        self.keys.get(key).map(|&l| self.root(l))
    }

    /// Makes `b`'s lane the same as `a`'s (the ends of one connection).
    fn merge(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        if a == b {
            return;
        }
        let (keep, gone) = if a < b { (a, b) } else { (b, a) };
        self.state[gone].merged = Some(keep);
        let inodes = std::mem::take(&mut self.state[gone].inodes);
        self.state[keep].inodes.extend(inodes);
        if self.state[keep].path.is_none() {
            self.state[keep].path = self.state[gone].path.take();
        }
        let users = std::mem::take(&mut self.state[gone].users);
        self.state[keep].users.extend(users);
        self.state[keep].touched |= self.state[gone].touched;
    }

    /// The lane a descriptor's target names, made if `make`.
    fn target_lane(&mut self, target: &str, make: bool) -> Option<usize> {
        if let Some(ino) = inode_of(target, "pipe") {
            return Some(self.object(Key::Pipe(ino), ObjKind::Pipe, target));
        }
        if let Some(ino) = inode_of(target, "socket") {
            return Some(self.object(Key::Sock(ino), ObjKind::Socket, target));
        }
        let path = target.strip_suffix(" (deleted)").unwrap_or(target);
        if !path.starts_with('/') {
            return None;
        }
        if let Some(l) = self.find(&Key::Path(path.to_string())) {
            return Some(l);
        }
        if self.mq_names.contains(path) {
            return Some(self.object(Key::Mq(path.to_string()), ObjKind::PosixMq, path));
        }
        if let Some(name) = path.strip_prefix("/dev/shm/") {
            let kind = if name.starts_with("sem.") { ObjKind::PosixSem } else { ObjKind::PosixShm };
            return Some(self.object(Key::Path(path.to_string()), kind, path));
        }
        if !make || ["/dev/", "/proc/", "/sys/"].iter().any(|p| path.starts_with(p)) {
            return None;
        }
        Some(self.object(Key::Path(path.to_string()), ObjKind::File, path))
    }

    // ---- steps ----

    #[allow(clippy::too_many_arguments)]
    fn step(
        &mut self,
        lane: usize,
        to: Option<usize>,
        kind: StepKind,
        call: &str,
        label: String,
        detail: &str,
        failed: bool,
        time: f64,
    ) -> usize {
        let i = self.steps.len();
        let lane = self.root(lane);
        let to = to.map(|t| self.root(t));
        for l in std::iter::once(lane).chain(to) {
            self.lanes[l].first = self.lanes[l].first.min(i);
            self.lanes[l].last = i;
            self.state[l].touched = true;
        }
        // What must be alike for two steps to be the same step of a round:
        // the label without its data (payloads, values read back).
        let key = match kind {
            StepKind::Put | StepKind::Get => {
                let cut = label.find('"').unwrap_or(label.len());
                format!("{call} {}", label[..cut].trim_end())
            }
            StepKind::Contents => call.to_string(),
            _ => label.clone(),
        };
        let key = if kind == StepKind::Sem {
            // `semop sem[0] P −1 → 0, sem[1] V +1 → 3`: the operations, not the values.
            label.split(", ").map(|op| op.split(" → ").next().unwrap_or(op)).collect::<Vec<_>>().join(", ")
        } else {
            key
        };
        self.steps.push(Step {
            lane,
            to,
            kind,
            call: key,
            label,
            detail: detail.to_string(),
            failed,
            note: Vec::new(),
            time,
        });
        i
    }

    /// A step on an object, noting the process as a user of it.
    #[allow(clippy::too_many_arguments)]
    fn on_object(
        &mut self,
        pid: i64,
        object: usize,
        kind: StepKind,
        call: &str,
        label: String,
        detail: &str,
        rec: &J,
    ) -> usize {
        let p = self.process(pid);
        let o = self.root(object);
        self.state[o].users.insert(pid);
        let failed = !rec["errno"].is_null();
        let label = match failure(rec) {
            Some(f) => format!("{label}{f}"),
            None => label,
        };
        self.step(p, Some(o), kind, call, label, detail, failed, rec["time"].as_f64().unwrap_or(0.0))
    }

    // ---- records ----

    /// A record with the kernel records that followed it.
    fn unit(&mut self, rec: &J, kernels: &[J]) {
        let pid = rec["pid"].as_i64().unwrap_or(0);
        let tid = rec["tid"].as_i64().unwrap_or(pid);
        let time = rec["time"].as_f64().unwrap_or(0.0);
        let mut detail = format!("{time:.6} s  pid {pid}");
        if tid != pid {
            detail.push_str(&format!(" (thread {tid})"));
        }
        detail.push_str("  ");
        match rec["type"].as_str().unwrap_or("") {
            "syscall" => {
                detail.push_str(&call_text(rec));
                for k in kernels {
                    detail.push('\n');
                    detail.push_str(&kernel_text(k));
                }
                if self.procs.is_empty() || !self.procs.contains_key(&pid) {
                    self.process(pid);
                }
                // A call cut off by the process's death or exec drew
                // nothing: its wait is the hang report's.
                if !rec["ret"].is_null() {
                    let before = self.steps.len();
                    self.syscall(rec, kernels, &detail);
                    self.blocked(rec, before, &detail);
                }
            }
            "spawn" => self.spawn(rec, &detail),
            "exec" => self.exec_record(rec, &detail),
            "signal" => self.signal(rec, kernels, &mut detail),
            "exit" => self.exit(rec, &detail),
            "hang" => self.hang(rec, &detail),
            "ledger" => self.ledger_entry(rec),
            "ledger_end" => {
                let (objects, leaked, cleaned) = (
                    rec["objects"].as_i64().unwrap_or(0),
                    rec["leaked"].as_i64().unwrap_or(0),
                    rec["cleaned"].as_i64().unwrap_or(0),
                );
                let s = if objects == 1 { "" } else { "s" };
                self.ledger = Some(match (leaked, cleaned) {
                    (0, _) => format!("ledger: {objects} kernel object{s} created, none left behind"),
                    (l, c) if c > 0 => {
                        format!(
                            "ledger: {objects} kernel object{s} created, {l} leaked ({c} removed by ipclab after the run)"
                        )
                    }
                    (l, _) => format!("ledger: {objects} kernel object{s} created, {l} leaked"),
                });
            }
            "unfinished" => {
                let name = rec["name"].as_str().unwrap_or("").to_string();
                self.open.insert(tid, Open { at: self.steps.len(), name });
            }
            _ => {
                if !self.procs.contains_key(&pid) && pid != 0 && rec["type"].as_str() != Some("note") {
                    self.process(pid);
                }
            }
        }
        for k in kernels {
            self.kernel_effects(k);
        }
    }

    /// A call that began before other processes' steps and returns now:
    /// a bar along its lane; a step of its own if the call drew none.
    fn blocked(&mut self, rec: &J, before: usize, detail: &str) {
        let pid = rec["pid"].as_i64().unwrap_or(0);
        let tid = rec["tid"].as_i64().unwrap_or(pid);
        let name = rec["name"].as_str().unwrap_or("");
        let Some(open) = self.open.remove(&tid) else { return };
        if open.name != name || !waits(name) || open.at >= before {
            return;
        }
        let p = self.process(pid);
        let end = if self.steps.len() > before {
            before
        } else {
            // A call that drew nothing: drawn on its own lane only if it
            // waits for something other than a descriptor (a child, a
            // signal, time) or on one that is no file (inotify, eventfd).
            let on_fd = fd_arg(rec);
            let no_file = on_fd.is_none_or(|(_, t)| t.is_some_and(|t| t.starts_with("anon_inode:")));
            if !no_file || matches!(name, "openat" | "open") {
                return;
            }
            let errno = rec["errno"].as_str().unwrap_or("");
            let interrupted = errno == "EINTR" || errno.starts_with("ERESTART");
            let what = match on_fd.and_then(|(_, t)| t?.strip_prefix("anon_inode:")) {
                Some(kind) => format!("{name} on {}", kind.trim_matches(|c| c == '[' || c == ']')),
                None => name.to_string(),
            };
            let label = match failure(rec) {
                _ if interrupted => format!("{what} interrupted by a signal"),
                Some(f) => format!("{what} returns{f}"),
                None => format!("{what} returns"),
            };
            let failed = !rec["errno"].is_null() && !interrupted;
            self.step(p, None, StepKind::Local, name, label, detail, failed, rec["time"].as_f64().unwrap_or(0.0))
        };
        let label = if sleeps(name) { format!("sleeping in {name}") } else { format!("blocked in {name}") };
        self.spans.push(Span { lane: p, from: open.at, to: end, kind: SpanKind::Blocked, label });
    }

    fn syscall(&mut self, rec: &J, kernels: &[J], detail: &str) {
        let name = rec["name"].as_str().unwrap_or("");
        let pid = rec["pid"].as_i64().unwrap_or(0);
        let args = &rec["args"];
        let ok = rec["errno"].is_null() && !rec["ret"].is_null();
        let ret = rec["ret"].as_i64().unwrap_or(-1);
        let time = rec["time"].as_f64().unwrap_or(0.0);
        match name {
            "prctl" if args["option"].as_str() == Some("PR_SET_NAME") => {
                let p = self.process(pid);
                if self.lanes[p].name.is_empty() {
                    self.lanes[p].name = args["arg2"].as_str().unwrap_or("").to_string();
                }
            }
            "pipe" | "pipe2" if ok => {
                let fds = args["pipefd"].as_array();
                let Some(target) = fds.first().and_then(|f| f["target"].as_str()) else { return };
                let Some(lane) = self.target_lane(target, true) else { return };
                let mut parts = Vec::new();
                for (i, f) in fds.iter().enumerate() {
                    if let Some(fd) = f["fd"].as_i64() {
                        let end = if i == 0 { "read" } else { "write" };
                        self.ends.insert((pid, fd), end.to_string());
                        parts.push(format!("fd {fd} ({end})"));
                    }
                }
                self.on_object(
                    pid,
                    lane,
                    StepKind::Create,
                    name,
                    format!("{name} → {}", parts.join(", ")),
                    detail,
                    rec,
                );
            }
            "socketpair" if ok => {
                let fds = args["sv"].as_array();
                let lanes: Vec<usize> =
                    fds.iter().filter_map(|f| f["target"].as_str()).filter_map(|t| self.target_lane(t, true)).collect();
                let Some(&first) = lanes.first() else { return };
                for &l in &lanes[1..] {
                    self.merge(first, l);
                }
                let numbers: Vec<String> = fds.iter().filter_map(|f| f["fd"].as_i64()).map(|f| f.to_string()).collect();
                self.on_object(
                    pid,
                    first,
                    StepKind::Create,
                    name,
                    format!("socketpair → fds {}", numbers.join(", ")),
                    detail,
                    rec,
                );
            }
            "socket" if ok => {
                let Some(target) = rec["ret_value"]["target"].as_str() else { return };
                if let Some(lane) = self.target_lane(target, true) {
                    self.on_object(pid, lane, StepKind::Create, name, format!("socket → fd {ret}"), detail, rec);
                }
            }
            "bind" | "connect" => {
                let Some((_, Some(target))) = fd_arg(rec) else { return };
                let Some(sock) = self.target_lane(target, true) else { return };
                let path = args["addr"]["sun_path"].as_str().map(str::to_string);
                if let Some(path) = &path {
                    let by_path = self.object(Key::Path(path.clone()), ObjKind::Socket, path);
                    self.state[by_path].path.get_or_insert_with(|| path.clone());
                    self.merge(sock, by_path);
                }
                let label = match &path {
                    Some(p) => format!("{name} {}", basename(p)),
                    None => name.to_string(),
                };
                self.on_object(pid, sock, StepKind::Control, name, label, detail, rec);
            }
            "listen" | "shutdown" => {
                if let Some((_, Some(target))) = fd_arg(rec) {
                    if let Some(l) = self.target_lane(target, false) {
                        self.on_object(pid, l, StepKind::Control, name, name.to_string(), detail, rec);
                    }
                }
            }
            "accept" | "accept4" => {
                let Some((_, Some(target))) = fd_arg(rec) else { return };
                let Some(listener) = self.target_lane(target, true) else { return };
                let label = if ok {
                    if let Some(new) = rec["ret_value"]["target"].as_str() {
                        if let Some(l) = self.target_lane(new, true) {
                            self.merge(listener, l);
                        }
                    }
                    format!("{name} → fd {ret}")
                } else {
                    name.to_string()
                };
                self.on_object(pid, listener, StepKind::Control, name, label, detail, rec);
            }
            "write" | "writev" | "pwrite64" | "pwritev" | "pwritev2" | "sendto" | "sendmsg" | "sendmmsg"
            | "mq_timedsend" => self.data(rec, StepKind::Put, detail),
            "read" | "readv" | "pread64" | "preadv" | "preadv2" | "recvfrom" | "recvmsg" | "recvmmsg"
            | "mq_timedreceive" => self.data(rec, StepKind::Get, detail),
            "close" => {
                let Some((fd, Some(target))) = fd_arg(rec) else { return };
                let Some(l) = self.target_lane(target, false) else { return };
                let end = match self.ends.get(&(pid, fd)).map(String::as_str) {
                    Some("read") => " (read end)",
                    Some("write") => " (write end)",
                    _ => "",
                };
                self.on_object(pid, l, StepKind::Close, name, format!("close fd {fd}{end}"), detail, rec);
            }
            "mknod" | "mknodat" if ok && args["mode"].as_str().is_some_and(|m| m.contains("S_IFIFO")) => {
                let Some(path) = args["pathname"].as_str() else { return };
                let lane = self.object(Key::Path(path.to_string()), ObjKind::Fifo, path);
                self.on_object(pid, lane, StepKind::Create, name, format!("mkfifo {}", basename(path)), detail, rec);
            }
            "openat" | "open" | "creat" => self.open_call(rec, detail),
            "ftruncate" => {
                if let Some((_, Some(target))) = fd_arg(rec) {
                    if let Some(l) = self.target_lane(target, false) {
                        let len = args["length"].as_i64().unwrap_or(0);
                        self.on_object(pid, l, StepKind::Control, name, format!("ftruncate {len} B"), detail, rec);
                    }
                }
            }
            "mmap" => {
                let Some((_, Some(target))) = fd_arg(rec) else { return };
                let Some(l) = self.target_lane(target, false) else { return };
                let len = args["length"].as_i64().unwrap_or(0);
                if ok {
                    if let Some(addr) = rec["ret"].as_addr() {
                        self.maps.entry(pid).or_default().push((addr, addr + len.max(0) as u64, l));
                    }
                }
                let prot = args["prot"].as_str().unwrap_or("").replace("PROT_", "").to_lowercase();
                self.on_object(pid, l, StepKind::Attach, name, format!("mmap {len} B ({prot})"), detail, rec);
            }
            "munmap" => {
                let Some(addr) = args["addr"].as_addr() else { return };
                let Some(maps) = self.maps.get_mut(&pid) else { return };
                let Some(i) = maps.iter().position(|&(s, _, _)| s == addr) else { return };
                let (_, _, l) = maps.remove(i);
                self.on_object(pid, l, StepKind::Attach, name, "munmap".into(), detail, rec);
            }
            "unlink" | "unlinkat" => {
                let Some(path) = args["pathname"].as_str() else { return };
                if let Some(l) = self.find(&Key::Path(path.to_string())) {
                    let i = self.on_object(
                        pid,
                        l,
                        StepKind::Control,
                        name,
                        format!("unlink {}", basename(path)),
                        detail,
                        rec,
                    );
                    // A file's name is its end here (the kernel view keeps
                    // no record of plain files).
                    if ok && self.lanes[l].kind == LaneKind::Object(ObjKind::File) {
                        self.lanes[l].end = LaneEnd::Gone("name removed".into());
                        self.lanes[l].last = i;
                    }
                }
            }
            "mq_unlink" => {
                let Some(n) = args["name"].as_str() else { return };
                let key = if n.starts_with('/') { n.to_string() } else { format!("/{n}") };
                if let Some(l) = self.find(&Key::Mq(key)) {
                    self.on_object(pid, l, StepKind::Control, name, "mq_unlink".into(), detail, rec);
                }
            }
            "rename" | "renameat" | "renameat2" => {
                let (Some(old), Some(new)) = (args["oldpath"].as_str(), args["newpath"].as_str()) else { return };
                let Some(l) = self.find(&Key::Path(old.to_string())) else { return };
                if ok {
                    self.keys.remove(&Key::Path(old.to_string()));
                    self.keys.insert(Key::Path(new.to_string()), l);
                    self.lanes[l].name = new.to_string();
                    self.state[l].writers.insert(pid);
                    self.state[l].opened = true;
                }
                self.on_object(pid, l, StepKind::Control, name, format!("rename → {}", basename(new)), detail, rec);
            }
            "mq_open" => {
                let target = rec["ret_value"]["target"].as_str().map(str::to_string);
                let Some(target) = target.filter(|_| ok) else { return };
                self.mq_names.insert(target.clone());
                let lane = self.object(Key::Mq(target.clone()), ObjKind::PosixMq, &target);
                let flags = args["oflag"].as_str().unwrap_or("");
                let kind = if flags.contains("O_CREAT") { StepKind::Create } else { StepKind::Control };
                self.on_object(pid, lane, kind, name, format!("mq_open {flags} → fd {ret}"), detail, rec);
            }
            "mq_notify" => {
                if let Some((_, Some(target))) = fd_arg(rec) {
                    if let Some(l) = self.target_lane(target, false) {
                        self.on_object(pid, l, StepKind::Control, name, "mq_notify".into(), detail, rec);
                    }
                }
            }
            "msgget" | "semget" | "shmget" if ok => {
                let (key, kind) = match name {
                    "msgget" => (Key::Msq(ret), ObjKind::MsgQueue),
                    "semget" => (Key::Sem(ret), ObjKind::SemSet),
                    _ => (Key::Shm(ret), ObjKind::Shm),
                };
                let id_name = match kind {
                    ObjKind::MsgQueue => format!("msqid {ret}"),
                    ObjKind::SemSet => format!("semid {ret}"),
                    _ => format!("shmid {ret}"),
                };
                let lane = self.object(key, kind, &id_name);
                let flags = args["msgflg"].as_str().or(args["semflg"].as_str()).or(args["shmflg"].as_str());
                let step =
                    if flags.is_some_and(|f| f.contains("IPC_CREAT")) { StepKind::Create } else { StepKind::Control };
                let extra = match name {
                    "semget" => format!(" ({} sem)", args["nsems"].as_i64().unwrap_or(0)),
                    "shmget" => format!(" ({} B)", args["size"].as_i64().unwrap_or(0)),
                    _ => String::new(),
                };
                self.on_object(pid, lane, step, name, format!("{name} → {ret}{extra}"), detail, rec);
            }
            "msgsnd" | "msgrcv" => {
                let Some(id) = args["msqid"].as_i64() else { return };
                let lane = self.object(Key::Msq(id), ObjKind::MsgQueue, &format!("msqid {id}"));
                let msg = &args["msgp"];
                let mut label = name.to_string();
                if let Some(t) = msg["mtype"].as_i64() {
                    label.push_str(&format!(" type {t}"));
                } else if let Some(t) = args["msgtyp"].as_i64() {
                    label.push_str(&format!(" type {t}"));
                }
                if let Some(q) = quoted(&msg["mtext"], PAYLOAD) {
                    label.push(' ');
                    label.push_str(&q);
                }
                let kind = if name == "msgsnd" { StepKind::Put } else { StepKind::Get };
                self.on_object(pid, lane, kind, name, label, detail, rec);
            }
            "msgctl" | "semctl" | "shmctl" => {
                let (key, kind, id) = match name {
                    "msgctl" => (Key::Msq as fn(i64) -> Key, ObjKind::MsgQueue, args["msqid"].as_i64()),
                    "semctl" => (Key::Sem as fn(i64) -> Key, ObjKind::SemSet, args["semid"].as_i64()),
                    _ => (Key::Shm as fn(i64) -> Key, ObjKind::Shm, args["shmid"].as_i64()),
                };
                let Some(id) = id else { return };
                let lane = match self.find(&key(id)) {
                    Some(l) => l,
                    None => self.object(key(id), kind, &format!("id {id}")),
                };
                let cmd = args["cmd"].as_str().unwrap_or("?");
                let mut label = format!("{name} {cmd}");
                match cmd {
                    "SETVAL" => label.push_str(&format!(" {}", args["arg"])),
                    "GETVAL" | "GETNCNT" | "GETZCNT" | "GETPID" if ok => label.push_str(&format!(" = {ret}")),
                    _ => {}
                }
                self.on_object(pid, lane, StepKind::Control, name, label, detail, rec);
            }
            "semop" | "semtimedop" => {
                let Some(id) = args["semid"].as_i64() else { return };
                let lane = self.object(Key::Sem(id), ObjKind::SemSet, &format!("semid {id}"));
                let values = kernels.iter().find(|k| k["object"].as_str() == Some("sem_set")).map(|k| &k["values"]);
                let ops: Vec<String> = args["sops"]
                    .as_array()
                    .iter()
                    .filter_map(|op| {
                        let n = op["sem_num"].as_i64()?;
                        let d = op["sem_op"].as_i64()?;
                        let what = match d {
                            0 => "wait for 0".to_string(),
                            d if d < 0 => format!("P −{}", -d),
                            d => format!("V +{d}"),
                        };
                        let after = values
                            .and_then(|v| v.as_array().get(n as usize))
                            .and_then(|v| v["value"].as_i64())
                            .filter(|_| ok)
                            .map(|v| format!(" → {v}"))
                            .unwrap_or_default();
                        Some(format!("sem[{n}] {what}{after}"))
                    })
                    .collect();
                self.on_object(pid, lane, StepKind::Sem, name, format!("{name} {}", ops.join(", ")), detail, rec);
            }
            "shmat" => {
                let Some(id) = args["shmid"].as_i64() else { return };
                let lane = self.object(Key::Shm(id), ObjKind::Shm, &format!("shmid {id}"));
                let mut label = "shmat".to_string();
                if ok {
                    if let Some(addr) = rec["ret"].as_addr() {
                        self.attached.insert((pid, addr), id);
                        label = format!("shmat → {addr:#x}");
                    }
                }
                self.on_object(pid, lane, StepKind::Attach, name, label, detail, rec);
            }
            "shmdt" => {
                let addr = args["shmaddr"].as_addr().unwrap_or(0);
                let id = self.attached.remove(&(pid, addr)).or_else(|| {
                    kernels.iter().find(|k| k["object"].as_str() == Some("shm")).and_then(|k| k["shmid"].as_i64())
                });
                let Some(id) = id else { return };
                let lane = self.object(Key::Shm(id), ObjKind::Shm, &format!("shmid {id}"));
                self.on_object(pid, lane, StepKind::Attach, name, "shmdt".into(), detail, rec);
            }
            "fcntl" | "flock" => self.lock(rec, detail),
            "futex" => {
                let Some(addr) = args["uaddr"].as_addr() else { return };
                let op = args["futex_op"].as_str().unwrap_or("");
                let lane =
                    self.maps.get(&pid).and_then(|m| m.iter().find(|&&(s, e, _)| s <= addr && addr < e)).map(|m| m.2);
                if let Some(l) = lane {
                    let what = if op.starts_with("FUTEX_WAKE") {
                        "futex wake (a post wakes a waiter)"
                    } else {
                        "futex wait (sleeps until a post)"
                    };
                    self.on_object(pid, l, StepKind::Sem, name, what.into(), detail, rec);
                }
            }
            "kill" | "tkill" | "tgkill" | "rt_sigqueueinfo" | "rt_tgsigqueueinfo" => {
                let target = args["pid"].as_i64().or(args["tgid"].as_i64()).or(args["tid"].as_i64()).unwrap_or(0);
                let sig = args["sig"].as_str().unwrap_or("?");
                let p = self.process(pid);
                let target_pid = self.threads.get(&target).copied().unwrap_or(target);
                let label = match failure(rec) {
                    Some(f) => format!("{name} {sig}{f}"),
                    None => format!("{name} {sig}"),
                };
                let failed = !ok;
                match self.procs.get(&target_pid).copied().filter(|_| target_pid > 0) {
                    Some(t) if t != p => {
                        self.step(p, Some(t), StepKind::Send, name, label, detail, failed, time);
                    }
                    _ => {
                        self.step(
                            p,
                            None,
                            StepKind::Send,
                            name,
                            format!("{name}({target}, {sig})"),
                            detail,
                            failed,
                            time,
                        );
                    }
                }
            }
            "rt_sigreturn" => {
                let tid = rec["tid"].as_i64().unwrap_or(pid);
                if let Some((from, label)) = self.handlers.get_mut(&tid).and_then(Vec::pop) {
                    let p = self.process(pid);
                    let end =
                        self.step(p, None, StepKind::Local, name, format!("{label} returns"), detail, false, time);
                    self.spans.push(Span { lane: p, from, to: end, kind: SpanKind::Handler, label });
                }
            }
            "execve" | "execveat" if ok => {
                let path = args["pathname"].as_str().or(args["filename"].as_str()).unwrap_or("");
                let argv: Vec<String> = args["argv"]
                    .as_array()
                    .iter()
                    .skip(1)
                    .filter_map(|a| super::text::buffer(a).map(|(s, _)| s.to_string()))
                    .collect();
                let mut program = basename(path).to_string();
                for a in argv.iter().take(2) {
                    program.push(' ');
                    program.push_str(&escape_payload(a, 16, false));
                }
                let p = self.process(pid);
                self.lanes[p].name = program.clone();
                let i = self.step(p, None, StepKind::Exec, name, format!("exec {program}"), detail, false, time);
                self.last_exec.insert(pid, i);
            }
            "wait4" | "waitid" if ok && (ret > 0 || name == "waitid") => {
                let child = if name == "wait4" { ret } else { args["infop"]["si_pid"].as_i64().unwrap_or(0) };
                if child <= 0 {
                    return;
                }
                let p = self.process(pid);
                let status = match &args["wstatus"] {
                    J::Arr(items) => items.first().and_then(J::as_str).map(|s| format!(" {s}")),
                    _ => None,
                };
                let status = status.map(|s| s.replace("[{", "").replace("}]", "")).unwrap_or_default();
                self.step(p, None, StepKind::Local, name, format!("{name} reaps {child}{status}"), detail, false, time);
            }
            "clone" | "clone3" | "fork" | "vfork" if ok => {
                let Some(&i) = self.spawned.get(&ret) else { return };
                let inherited = kernels.iter().find(|k| k["object"].as_str() == Some("inherited"));
                if let Some(k) = inherited {
                    let fds: Vec<String> =
                        k["fds"].as_array().iter().filter_map(|f| Some(format!("fd {}", f["fd"].as_i64()?))).collect();
                    if !fds.is_empty() {
                        self.steps[i].label.push_str(&format!(": child gets {}", fds.join(", ")));
                    }
                }
                self.steps[i].detail = detail.to_string();
            }
            _ => {}
        }
    }

    /// write, read, msgsnd..., on a descriptor.
    fn data(&mut self, rec: &J, kind: StepKind, detail: &str) {
        let pid = rec["pid"].as_i64().unwrap_or(0);
        let name = rec["name"].as_str().unwrap_or("");
        let Some((_, Some(target))) = fd_arg(rec) else { return };
        let Some(lane) = self.target_lane(target, true) else { return };
        let ok = rec["errno"].is_null() && !rec["ret"].is_null();
        let ret = rec["ret"].as_i64().unwrap_or(-1);
        let short = match name {
            "mq_timedsend" => "mq_send",
            "mq_timedreceive" => "mq_receive",
            n => n,
        };
        let mut label = short.to_string();
        if let Some(prio) =
            rec["args"]["msg_prio"].as_i64().or(rec["args"]["msg_prio"].as_array().first().and_then(J::as_i64))
        {
            label.push_str(&format!(" prio {prio}"));
        }
        if kind == StepKind::Get && ok && ret == 0 && !name.starts_with("mq_") {
            label.push_str(" → 0: end of file");
        } else if let Some(p) = payload(rec).filter(|_| ok || kind == StepKind::Put) {
            label.push(' ');
            label.push_str(&p);
        }
        let root = self.root(lane);
        if kind == StepKind::Put {
            self.state[root].writers.insert(pid);
        }
        self.on_object(pid, lane, kind, name, label, detail, rec);
    }

    fn open_call(&mut self, rec: &J, detail: &str) {
        let pid = rec["pid"].as_i64().unwrap_or(0);
        let name = rec["name"].as_str().unwrap_or("");
        let args = &rec["args"];
        let Some(path) = args["pathname"].as_str() else { return };
        let ok = rec["errno"].is_null() && !rec["ret"].is_null();
        let lane = if ok {
            let target = rec["ret_value"]["target"].as_str().unwrap_or(path).to_string();
            self.target_lane(&target, true)
        } else {
            self.find(&Key::Path(path.to_string()))
        };
        let Some(lane) = lane else { return };
        let flags = args["flags"].as_str().unwrap_or(if name == "creat" { "O_CREAT|O_WRONLY|O_TRUNC" } else { "" });
        let shown: Vec<&str> = flags
            .split('|')
            .filter(|f| {
                matches!(*f, "O_RDONLY" | "O_WRONLY" | "O_RDWR" | "O_CREAT" | "O_EXCL" | "O_TRUNC" | "O_NONBLOCK")
            })
            .collect();
        let root = self.root(lane);
        if ok {
            self.state[root].opened = true;
            if flags.contains("O_CREAT") || flags.contains("O_TRUNC") {
                self.state[root].writers.insert(pid);
            }
        }
        let created = ok && flags.contains("O_CREAT") && flags.contains("O_EXCL");
        let kind = if created { StepKind::Create } else { StepKind::Control };
        let mut label = format!("open {}", shown.join("|"));
        if ok {
            label.push_str(&format!(" → fd {}", rec["ret"].as_i64().unwrap_or(-1)));
        }
        self.on_object(pid, lane, kind, name, label, detail, rec);
    }

    fn lock(&mut self, rec: &J, detail: &str) {
        let pid = rec["pid"].as_i64().unwrap_or(0);
        let name = rec["name"].as_str().unwrap_or("");
        let args = &rec["args"];
        let label = if name == "flock" {
            let op = args["operation"].as_str().unwrap_or("");
            if op.contains("LOCK_UN") {
                "flock unlock".to_string()
            } else if op.contains("LOCK_EX") {
                "flock exclusive".to_string()
            } else {
                "flock shared".to_string()
            }
        } else {
            let cmd = args["cmd"].as_str().unwrap_or("");
            if !matches!(cmd, "F_SETLK" | "F_SETLKW" | "F_OFD_SETLK" | "F_OFD_SETLKW" | "F_GETLK" | "F_OFD_GETLK") {
                return;
            }
            let what = match args["arg"]["l_type"].as_str() {
                Some("F_WRLCK") => "lock (write)",
                Some("F_RDLCK") => "lock (read)",
                Some("F_UNLCK") => "unlock",
                _ => "lock",
            };
            if cmd.contains("GETLK") {
                "test lock".to_string()
            } else if cmd.ends_with('W') && what != "unlock" {
                format!("{what}, waiting")
            } else {
                what.to_string()
            }
        };
        let Some((_, Some(target))) = fd_arg(rec) else { return };
        let Some(lane) = self.target_lane(target, true) else { return };
        let root = self.root(lane);
        self.state[root].locked = true;
        self.on_object(pid, lane, StepKind::Control, name, label, detail, rec);
    }

    fn spawn(&mut self, rec: &J, detail: &str) {
        let pid = rec["pid"].as_i64().unwrap_or(0);
        let child = rec["child"].as_i64().unwrap_or(0);
        let via = rec["via"].as_str().unwrap_or("fork");
        let parent = self.process(pid);
        if rec["thread"].as_bool() == Some(true) {
            let owner = self.threads.get(&pid).copied().unwrap_or(pid);
            self.threads.insert(child, owner);
            return;
        }
        let lane = self.process(child);
        self.lanes[lane].name = self.lanes[parent].name.clone();
        let label = if via == "clone" || via == "fork" { "fork".to_string() } else { via.to_string() };
        let time = rec["time"].as_f64().unwrap_or(0.0);
        let i = self.step(parent, Some(lane), StepKind::Spawn, via, label, detail, false, time);
        self.spawned.insert(child, i);
    }

    fn exec_record(&mut self, rec: &J, detail: &str) {
        let pid = rec["pid"].as_i64().unwrap_or(0);
        let p = self.process(pid);
        if self.last_exec.get(&pid) == Some(&(self.steps.len().wrapping_sub(1))) {
            return;
        }
        let path = rec["path"].as_str().unwrap_or("");
        self.lanes[p].name = basename(path).to_string();
        let time = rec["time"].as_f64().unwrap_or(0.0);
        let label = format!("exec {}", basename(path));
        let i = self.step(p, None, StepKind::Exec, "exec", label, detail, false, time);
        self.last_exec.insert(pid, i);
    }

    fn signal(&mut self, rec: &J, kernels: &[J], detail: &mut String) {
        let pid = rec["pid"].as_i64().unwrap_or(0);
        let tid = rec["tid"].as_i64().unwrap_or(pid);
        let sig = rec["signal"].as_str().unwrap_or("?");
        let code = rec["code"].as_str().unwrap_or("");
        let sender = rec["sender_pid"].as_i64();
        let _ = std::fmt::Write::write_fmt(
            detail,
            format_args!("--- {sig} ({code}) from {} ---", sender.map_or("?".into(), |s| s.to_string())),
        );
        for k in kernels {
            detail.push('\n');
            detail.push_str(&kernel_text(k));
        }
        let action = kernels.iter().find_map(|k| k["delivered"]["action"].as_str()).unwrap_or("");
        let receiver = self.process(pid);
        let mut label = format!("{sig} arrives");
        if sig == "SIGCHLD" {
            if let Some(child) = sender {
                label = format!("SIGCHLD: child {child} ended");
            }
        } else if let Some(s) = sender.filter(|_| code.starts_with("SI_")) {
            label.push_str(&format!(" (from {s})"));
        }
        match action {
            "handler" => label.push_str(": handler runs"),
            "ignored" | "default:ignore" => label.push_str(" (ignored)"),
            "" => {}
            a => label.push_str(&format!(": {}", a.replace("default:", "default action, "))),
        }
        let time = rec["time"].as_f64().unwrap_or(0.0);
        let i = self.step(receiver, None, StepKind::Deliver, sig, label, detail, false, time);
        if action == "handler" {
            self.handlers.entry(tid).or_default().push((i, format!("{sig} handler")));
        }
    }

    fn exit(&mut self, rec: &J, detail: &str) {
        let pid = rec["pid"].as_i64().unwrap_or(0);
        let tid = rec["tid"].as_i64().unwrap_or(pid);
        self.open.remove(&tid);
        if tid != pid && self.threads.contains_key(&tid) {
            return;
        }
        let p = self.process(pid);
        let (text, bad) = match rec["code"].as_i64() {
            Some(code) => (format!("exit {code}"), code != 0),
            None => {
                let sig = rec["signal"].as_str().unwrap_or("?");
                let core = if rec["core_dumped"].as_bool() == Some(true) { " (core dumped)" } else { "" };
                (format!("killed by {sig}{core}"), true)
            }
        };
        let time = rec["time"].as_f64().unwrap_or(0.0);
        let i = self.step(p, None, StepKind::Exit, "exit", text.clone(), detail, bad, time);
        self.lanes[p].end = LaneEnd::Exited { text, bad };
        // A handler the process died in ends with it.
        if let Some(stack) = self.handlers.remove(&tid) {
            for (from, label) in stack {
                if i > from + 1 {
                    self.spans.push(Span { lane: p, from: from + 1, to: i, kind: SpanKind::Handler, label });
                }
            }
        }
        // Its own zombie children are no longer its to reap.
        let orphans: Vec<i64> = self.zombies.keys().copied().filter(|z| self.parent_of(*z) == Some(pid)).collect();
        for z in orphans {
            if let Some(from) = self.zombies.remove(&z) {
                let zl = self.process(z);
                self.spans.push(Span {
                    lane: zl,
                    from,
                    to: i,
                    kind: SpanKind::Zombie,
                    label: "zombie: never reaped by its parent".into(),
                });
            }
        }
    }

    fn parent_of(&self, child: i64) -> Option<i64> {
        let step = *self.spawned.get(&child)?;
        let lane = self.steps[step].lane;
        Some(self.state[lane].pid)
    }

    fn hang(&mut self, rec: &J, detail: &str) {
        let pid = rec["pid"].as_i64().unwrap_or(0);
        let time = rec["time"].as_f64().unwrap_or(0.0);
        let root = self.process(pid);
        let mut note = vec!["time ran out: ipclab killed the program; where each thread was:".to_string()];
        let mut full = String::from(detail);
        full.push_str("time ran out");
        for t in rec["tasks"].as_array() {
            let tpid = t["pid"].as_i64().unwrap_or(0);
            let tid = t["tid"].as_i64().unwrap_or(tpid);
            let call = t["call"].as_str();
            let p = self.process(tpid);
            let head = match call {
                Some(c) => format!("pid {tpid} is blocked in {c}"),
                None => format!("pid {tpid} is between calls"),
            };
            note.push(head.clone());
            full.push('\n');
            full.push_str(&head);
            for f in t["facts"].as_array().iter().filter_map(J::as_str) {
                note.push(format!("    {f}"));
                full.push_str(&format!("\n    {f}"));
            }
            if let Some(d) = t["diagnosis"].as_str() {
                note.push(format!("  → {d}"));
                full.push_str(&format!("\n  → {d}"));
            }
            let object = t["object"].as_str().and_then(|o| self.hang_object(o));
            let name = t["call_name"].as_str().unwrap_or("");
            if call.is_none() {
                continue;
            }
            let label = format!("waits in {name}");
            let i = match object {
                Some(o) => self.step(p, Some(o), StepKind::HangWait, name, label, &full, true, time),
                None => self.step(p, None, StepKind::HangWait, name, label, &full, true, time),
            };
            let from = match self.open.remove(&tid) {
                Some(open) => open.at,
                None => self.lanes[p].last.min(i),
            };
            if from < i {
                let label = format!("blocked in {name}: never returned");
                self.spans.push(Span { lane: p, from, to: i, kind: SpanKind::Hung, label });
            }
        }
        let i = self.step(root, None, StepKind::Hang, "hang", "time ran out".into(), &full, true, time);
        self.steps[i].note = note;
    }

    /// The lane of what a hang report says a thread waits on:
    /// `pipe:[N]`, a FIFO's path, `msqid N`, `semid N`, `socket:[N]`.
    fn hang_object(&mut self, object: &str) -> Option<usize> {
        if let Some(id) = object.strip_prefix("msqid ") {
            return self.find(&Key::Msq(id.parse().ok()?));
        }
        if let Some(id) = object.strip_prefix("semid ") {
            return self.find(&Key::Sem(id.parse().ok()?));
        }
        if let Some(ino) = inode_of(object, "pipe") {
            return self.find(&Key::Pipe(ino));
        }
        if let Some(ino) = inode_of(object, "socket") {
            return self.find(&Key::Sock(ino));
        }
        self.find(&Key::Path(object.to_string()))
    }

    /// The lane the ledger or a `gone` record names: `pipe:[N]`,
    /// `msg queue N`, `FIFO /p`, `POSIX mq /q`, `socket file /p`...
    fn named(&self, kind: &str, name: &str, id: Option<i64>) -> Option<usize> {
        let number = || id.or_else(|| name.rsplit(' ').next()?.parse().ok());
        match kind {
            "pipe" => self.find(&Key::Pipe(inode_of(name, "pipe")?)),
            "socket" => self.find(&Key::Sock(inode_of(name, "socket")?)),
            "msg_queue" => self.find(&Key::Msq(number()?)),
            "sem_set" => self.find(&Key::Sem(number()?)),
            "shm" => self.find(&Key::Shm(number()?)),
            "posix_mq" => self.find(&Key::Mq(name.strip_prefix("POSIX mq ").unwrap_or(name).to_string())),
            "fifo" | "socket_file" | "posix_shm" => {
                let path =
                    ["FIFO ", "socket file ", "POSIX shm "].iter().find_map(|p| name.strip_prefix(p)).unwrap_or(name);
                self.find(&Key::Path(path.to_string()))
            }
            _ => None,
        }
    }

    fn ledger_entry(&mut self, rec: &J) {
        let kind = rec["kind"].as_str().unwrap_or("");
        let name = rec["name"].as_str().unwrap_or("");
        let Some(lane) =
            self.named(kind, name, rec["id"].as_i64().filter(|_| matches!(kind, "msg_queue" | "sem_set" | "shm")))
        else {
            return;
        };
        match rec["fate"].as_str() {
            Some("leaked") => {
                self.lanes[lane].end = LaneEnd::Leaked {
                    cleaned: rec["cleaned"].as_bool() == Some(true),
                    cleanup: rec["cleanup"].as_str().map(str::to_string),
                };
            }
            Some(fate) if self.lanes[lane].end == LaneEnd::Open => {
                let by = &rec["by"];
                let text = match (fate, by["pid"].as_i64(), by["call"].as_str()) {
                    ("removed", Some(p), Some(c)) => format!("removed by {p} ({c})"),
                    ("closed", Some(p), Some("exit")) => format!("freed when {p} exited"),
                    ("closed", Some(p), Some(c)) => format!("freed: last descriptor closed by {p} ({c})"),
                    _ => "gone by the end of the run".to_string(),
                };
                self.lanes[lane].end = LaneEnd::Gone(text);
            }
            _ => {}
        }
    }

    /// What a `kernel` record tells beyond its line: lanes joined, ends of
    /// pipes, attachments, an object's end, a zombie.
    fn kernel_effects(&mut self, k: &J) {
        let now = self.steps.len().checked_sub(1);
        match k["object"].as_str().unwrap_or("") {
            "pipe" => {
                if let (Some(path), Some(ino)) = (k["fifo"].as_str(), k["ino"].as_i64()) {
                    let lane = self.object(Key::Path(path.to_string()), ObjKind::Fifo, path);
                    if let LaneKind::Object(ObjKind::File) = self.lanes[lane].kind {
                        self.lanes[lane].kind = LaneKind::Object(ObjKind::Fifo);
                        self.lanes[lane].title = ObjKind::Fifo.title().to_string();
                        self.state[lane].tentative = false;
                    }
                    self.keys.entry(Key::Pipe(ino as u64)).or_insert(lane);
                }
                for h in k["holders"].as_array() {
                    if let (Some(p), Some(fd), Some(end)) = (h["pid"].as_i64(), h["fd"].as_i64(), h["end"].as_str()) {
                        self.ends.insert((p, fd), end.to_string());
                    }
                }
            }
            "socket" => {
                let Some(ino) = k["ino"].as_i64() else { return };
                let Some(lane) = self.find(&Key::Sock(ino as u64)) else { return };
                if let Some(peer) = k["peer"].as_i64() {
                    match self.find(&Key::Sock(peer as u64)) {
                        Some(other) => self.merge(lane, other),
                        None => {
                            self.keys.insert(Key::Sock(peer as u64), lane);
                        }
                    }
                }
                if let Some(path) = k["path"].as_str() {
                    match self.find(&Key::Path(path.to_string())) {
                        Some(other) => self.merge(lane, other),
                        None => {
                            self.keys.insert(Key::Path(path.to_string()), lane);
                            self.state[lane].path = Some(path.to_string());
                        }
                    }
                }
            }
            "shm" => {
                let Some(id) = k["shmid"].as_i64() else { return };
                if let (Some(p), Some(start)) = (k["attach"]["pid"].as_i64(), k["attach"]["start"].as_addr()) {
                    self.attached.insert((p, start), id);
                }
                let contents = &k["contents"];
                if let Some((data, _)) = super::text::buffer(&contents["data"]) {
                    let Some(lane) = self.find(&Key::Shm(id)) else { return };
                    let label = format!("holds {}", contents_label(data));
                    let time = k["time"].as_f64().unwrap_or(0.0);
                    let detail = format!("{time:.6} s  {}", kernel_text(k));
                    self.step(lane, None, StepKind::Contents, "contents", label, &detail, false, time);
                }
            }
            "inherited" => {
                let Some(child) = k["child"].as_i64() else { return };
                for f in k["fds"].as_array() {
                    if let (Some(fd), Some(end)) = (f["fd"].as_i64(), f["end"].as_str()) {
                        self.ends.insert((child, fd), end.to_string());
                    }
                }
                for s in k["shm"].as_array() {
                    if let (Some(id), Some(start)) = (s["shmid"].as_i64(), s["start"].as_addr()) {
                        self.attached.insert((child, start), id);
                    }
                }
            }
            "locks" => {
                if let Some(path) = k["path"].as_str() {
                    if let Some(l) = self.find(&Key::Path(path.to_string())) {
                        self.state[l].locked = true;
                    }
                }
            }
            "zombie" => {
                if let (Some(z), Some(now)) = (k["zombie"].as_i64(), now) {
                    self.zombies.insert(z, now + 1);
                }
            }
            "reaped" => {
                if let (Some(z), Some(now)) = (k["zombie"].as_i64(), now) {
                    if let Some(from) = self.zombies.remove(&z) {
                        let lane = self.process(z);
                        if from <= now {
                            self.spans.push(Span {
                                lane,
                                from,
                                to: now,
                                kind: SpanKind::Zombie,
                                label: "zombie".into(),
                            });
                        }
                    }
                }
            }
            "gone" => {
                let (kind, name) = (k["kind"].as_str().unwrap_or(""), k["name"].as_str().unwrap_or(""));
                let Some(lane) = self.named(kind, name, None) else { return };
                let text = match k["how"].as_str() {
                    Some("removed") => "removed".to_string(),
                    Some("closed") => "freed: no descriptor left".to_string(),
                    Some("unlinked") => "name removed".to_string(),
                    Some(h) => h.to_string(),
                    None => "gone".to_string(),
                };
                if let Some(now) = now {
                    self.lanes[lane].last = self.lanes[lane].last.max(now);
                }
                self.lanes[lane].end = LaneEnd::Gone(text);
            }
            _ => {}
        }
    }

    fn close_open_spans(&mut self) {
        let end = self.steps.len().saturating_sub(1);
        let zombies: Vec<(i64, usize)> = self.zombies.drain().collect();
        for (z, from) in zombies {
            let lane = self.process(z);
            if from <= end && !self.steps.is_empty() {
                self.spans.push(Span {
                    lane,
                    from,
                    to: end,
                    kind: SpanKind::Zombie,
                    label: "zombie: not reaped".into(),
                });
            }
        }
    }

    /// Lanes merged, file lanes that carried nothing between processes
    /// dropped, lanes ordered by appearance, indices renumbered.
    fn assemble(mut self) -> Diagram {
        let n = self.lanes.len();
        let mut keep = vec![false; n];
        #[allow(clippy::needless_range_loop)]
        for l in 0..n {
            let s = &self.state[l];
            if s.merged.is_some() || !s.touched || self.lanes[l].first == usize::MAX {
                continue;
            }
            let file_shared = s.locked || (s.opened && !s.writers.is_empty() && s.users.len() >= 2);
            keep[l] = !s.tentative || file_shared;
        }
        // Merged lanes' extents move to their root.
        for l in 0..n {
            if self.state[l].merged.is_some() {
                let r = self.root(l);
                let (first, last) = (self.lanes[l].first, self.lanes[l].last);
                self.lanes[r].first = self.lanes[r].first.min(first);
                self.lanes[r].last = self.lanes[r].last.max(last);
            }
        }
        #[allow(clippy::needless_range_loop)]
        for l in 0..n {
            if !keep[l] {
                continue;
            }
            if let LaneKind::Object(ObjKind::Socket) = self.lanes[l].kind {
                let s = &self.state[l];
                match &s.path {
                    Some(p) => self.lanes[l].name = p.clone(),
                    None if s.inodes.len() == 2 => {
                        self.lanes[l].title = "socket pair".into();
                        let names: Vec<String> = s.inodes.iter().map(|i| format!("[{i}]")).collect();
                        self.lanes[l].name = format!("socket:{}", names.join(" ↔ "));
                    }
                    None => {}
                }
            }
            if let LaneKind::Object(ObjKind::File) = self.lanes[l].kind {
                if self.state[l].locked {
                    self.lanes[l].title = "file (locked)".into();
                }
            }
            if self.lanes[l].kind == LaneKind::Process && self.lanes[l].name.is_empty() {
                self.lanes[l].name = "(program)".into();
            }
        }
        let program =
            self.lanes.iter().find(|l| l.kind == LaneKind::Process).map(|l| l.name.clone()).unwrap_or_default();
        // Steps on dropped lanes go.
        let mut new_step = vec![usize::MAX; self.steps.len()];
        let mut steps = Vec::with_capacity(self.steps.len());
        for (i, mut s) in std::mem::take(&mut self.steps).into_iter().enumerate() {
            s.lane = self.root(s.lane);
            s.to = s.to.map(|t| self.root(t));
            if !keep[s.lane] || s.to.is_some_and(|t| !keep[t]) {
                continue;
            }
            new_step[i] = steps.len();
            steps.push(s);
        }
        // Lanes in order of appearance.
        let mut order: Vec<usize> = (0..n).filter(|&l| keep[l]).collect();
        order.sort_by_key(|&l| (self.lanes[l].first, l));
        let mut new_lane = vec![usize::MAX; n];
        for (i, &l) in order.iter().enumerate() {
            new_lane[l] = i;
        }
        let later = |i: usize| new_step[i..].iter().copied().find(|&s| s != usize::MAX);
        let earlier = |i: usize| {
            new_step[..=i.min(new_step.len().saturating_sub(1))].iter().rev().copied().find(|&s| s != usize::MAX)
        };
        let mut lanes = Vec::with_capacity(order.len());
        for &l in &order {
            let mut lane = self.lanes[l].clone();
            lane.first = later(lane.first).unwrap_or(0);
            lane.last = earlier(lane.last).unwrap_or(lane.first).max(lane.first);
            lanes.push(lane);
        }
        for s in &mut steps {
            s.lane = new_lane[s.lane];
            s.to = s.to.map(|t| new_lane[t]);
        }
        // A lane's first step may have gone with a dropped lane: start it at
        // its first remaining step.
        for (i, s) in steps.iter().enumerate() {
            for l in std::iter::once(s.lane).chain(s.to) {
                if lanes[l].first > i {
                    lanes[l].first = i;
                }
            }
        }
        let mut spans = Vec::new();
        for sp in std::mem::take(&mut self.spans) {
            let lane = self.root(sp.lane);
            if !keep[lane] || steps.is_empty() {
                continue;
            }
            let (Some(from), Some(to)) = (later(sp.from.min(new_step.len() - 1)), earlier(sp.to)) else { continue };
            if from > to {
                continue;
            }
            spans.push(Span { lane: new_lane[lane], from, to, ..sp });
        }
        spans.sort_by_key(|s| (s.from, s.lane));
        Diagram { lanes, steps, spans, records: self.records, ledger: self.ledger, program }
    }
}
