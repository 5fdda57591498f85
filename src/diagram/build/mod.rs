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

mod calls;
mod events;
mod faults;
mod labels;
mod order;
mod sockets;

use events::event_text;
use labels::{contents_label, payload};
use sockets::{passed_fds, sock_name};

use super::json::J;
use super::model::*;
use super::text::{buffer, call_text, escape_payload, kernel_text, quoted};
use crate::i18n::tr;

/// The title a connection's lane has until [`Builder::number_connections`]
/// gives it its own.
const CONNECTION: &str = "connection";

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
    /// The socket inodes and the name a socket lane is bound to (a path,
    /// an abstract `@name`, an `address:port`).
    inodes: BTreeSet<u64>,
    path: Option<String>,
    /// A connection: the name of the listening socket it was made to.
    via: Option<String>,
    /// A socket that `listen` made a server's.
    listening: bool,
    /// A socket `accept` returned (the server's end of a connection).
    accepted: bool,
    /// A socket that `connect` connected (the client's end).
    connected: bool,
    /// An IP socket (bound or connected to an `address:port`).
    inet: bool,
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
    /// The lane of ipclab itself, once `--inject` sent a signal.
    tracer: Option<usize>,
    /// Per thread, the signal `--inject` sent it and that has not come yet.
    injected: HashMap<i64, String>,
    records: usize,
    ledger: Option<String>,
    /// Records held while a call that puts data is in progress (order.rs).
    held: Vec<(J, Vec<J>)>,
    puts_open: HashMap<i64, String>,
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
/// A call the kernel left with `ERESTARTSYS` (or another `ERESTART*`) was
/// interrupted by a signal: whether it then failed with `EINTR` or ran
/// again, the next rows show; the program never saw that code.
fn failure(rec: &J) -> Option<String> {
    rec["errno"].as_str().map(|e| match e {
        e if e.starts_with("ERESTART") => format!(" {}", tr!("diagram-interrupted", errno = e)),
        e => format!(" = -1 {e}"),
    })
}

/// Whether a call failed (not merely interrupted to be restarted).
fn failed(rec: &J) -> bool {
    rec["errno"].as_str().is_some_and(|e| !e.starts_with("ERESTART"))
}

impl Builder {
    pub fn new() -> Self {
        Builder::default()
    }

    /// Takes one record of the trace.
    pub fn push(&mut self, mut rec: J) {
        self.records += 1;
        // A 32-bit program's call is drawn as the native call it does
        // (`mmap2` as `mmap`, `send` as `sendto`: the trace's `native`).
        if let Some(native) = rec["native"].as_str().map(str::to_string) {
            if let J::Obj(entries) = &mut rec {
                if let Some((_, name)) = entries.iter_mut().find(|(k, _)| k == "name") {
                    *name = J::Str(native);
                }
            }
        }
        if rec["type"].as_str() == Some("kernel") {
            match self.pending.as_mut() {
                Some((_, kernels)) => kernels.push(rec),
                None => self.kernel_effects(&rec),
            }
            return;
        }
        if let Some((prev, kernels)) = self.pending.take() {
            self.take(prev, kernels);
        }
        self.pending = Some((rec, Vec::new()));
    }

    /// The diagram of everything pushed.
    pub fn finish(mut self) -> Diagram {
        if let Some((prev, kernels)) = self.pending.take() {
            self.take(prev, kernels);
        }
        self.flush_held();
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
        let l = self.new_lane(LaneKind::Object(kind), kind.title(), name.to_string());
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
        if self.state[keep].via.is_none() {
            self.state[keep].via = self.state[gone].via.take();
        }
        self.state[keep].listening |= self.state[gone].listening;
        self.state[keep].accepted |= self.state[gone].accepted;
        self.state[keep].connected |= self.state[gone].connected;
        self.state[keep].inet |= self.state[gone].inet;
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
            // Nothing after the pid: no dangling separator.
            detail: detail.trim_end().to_string(),
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
        let failed = failed(rec);
        let label = match failure(rec) {
            Some(f) => format!("{label}{f}"),
            None => label,
        };
        // A data call that failed or was interrupted moved nothing: an
        // arrow from the process to the object, not a data arrow.
        let kind = match kind {
            StepKind::Put | StepKind::Get if !rec["errno"].is_null() => StepKind::Control,
            k => k,
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
            detail.push(' ');
            detail.push_str(&tr!("diagram-detail-thread", tid = tid));
        }
        detail.push_str("  ");
        detail.push_str(&event_text(rec));
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
                    let first = self.steps.len();
                    let injected = rec["injected"]["what"].as_str().unwrap_or("");
                    if injected == "signal" {
                        self.injected_signal(rec, &detail);
                    }
                    if injected == "error" {
                        // The call did not run: nothing moved, nothing changed.
                        self.open.remove(&tid);
                        self.skipped(rec, &detail);
                    } else {
                        let before = self.steps.len();
                        self.syscall(rec, kernels, &detail);
                        self.blocked(rec, before, &detail);
                    }
                    self.thread_labels(pid, tid, first);
                }
            }
            "spawn" => self.spawn(rec, &detail),
            "exec" => self.exec_record(rec, &detail),
            "signal" => {
                let first = self.steps.len();
                self.signal(rec, kernels, &mut detail);
                self.thread_labels(pid, tid, first);
            }
            "exit" => self.exit(rec, &detail),
            "hang" => self.hang(rec, &detail),
            "ledger" => self.ledger_entry(rec),
            "ledger_end" => {
                let (objects, leaked, cleaned) = (
                    rec["objects"].as_i64().unwrap_or(0),
                    rec["leaked"].as_i64().unwrap_or(0),
                    rec["cleaned"].as_i64().unwrap_or(0),
                );
                self.ledger = Some(match (leaked, cleaned) {
                    (0, _) => tr!("diagram-ledger-clean", objects = objects),
                    (l, c) if c > 0 => tr!("diagram-ledger-cleaned", objects = objects, leaked = l, cleaned = c),
                    (l, _) => tr!("diagram-ledger-leaked", objects = objects, leaked = l),
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
        let open = self.open.remove(&tid);
        if rec["injected"]["what"].as_str() == Some("delay") {
            let ms = rec["injected"]["ms"].as_i64().unwrap_or(0);
            self.delayed(rec, open.filter(|o| o.name == name && o.at < before).map(|o| o.at), before, ms, detail);
            return;
        }
        let Some(open) = open else { return };
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
                Some(kind) => tr!("diagram-call-on", call = name, kind = kind.trim_matches(|c| c == '[' || c == ']')),
                None => name.to_string(),
            };
            let label = match failure(rec) {
                _ if interrupted => tr!("diagram-call-interrupted", call = what),
                f => tr!("diagram-call-returns", call = what, failure = f.unwrap_or_default()),
            };
            let failed = !rec["errno"].is_null() && !interrupted;
            self.step(p, None, StepKind::Local, name, label, detail, failed, rec["time"].as_f64().unwrap_or(0.0))
        };
        let mut label =
            if sleeps(name) { tr!("diagram-sleeping-in", call = name) } else { tr!("diagram-blocked-in", call = name) };
        if tid != pid {
            label = tr!("diagram-thread-span", tid = tid, what = label);
        }
        self.spans.push(Span { lane: p, from: open.at, to: end, kind: SpanKind::Blocked, label });
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
                    label: tr!("diagram-zombie-not-reaped"),
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
                let ends = || {
                    let names: Vec<String> = s.inodes.iter().map(|i| format!("[{i}]")).collect();
                    format!("socket:{}", names.join(" ↔ "))
                };
                let kind = if s.inet { tr!("diagram-lane-ip-socket") } else { tr!("diagram-lane-unix-socket") };
                let (title, name) = match (&s.path, &s.via) {
                    (Some(p), _) if s.listening => (tr!("diagram-lane-listening"), p.clone()),
                    // A bound datagram socket stays its name's lane when the
                    // kernel view joins a client that connected to it.
                    (Some(p), _) => (tr!("diagram-lane-bound", kind = kind), p.clone()),
                    // Titled and numbered below, in order of appearance
                    // (`connection` marks it until then).
                    (None, Some(_)) => (CONNECTION.to_string(), ends()),
                    (None, None) if s.inodes.len() == 2 => (tr!("diagram-lane-socket-pair"), ends()),
                    (None, None) => (kind, self.lanes[l].name.clone()),
                };
                self.lanes[l].title = title;
                self.lanes[l].name = name;
            }
            if let LaneKind::Object(ObjKind::File) = self.lanes[l].kind {
                if self.state[l].locked {
                    self.lanes[l].title = tr!("diagram-lane-file-locked");
                }
            }
            if self.lanes[l].kind == LaneKind::Process && self.lanes[l].name.is_empty() {
                self.lanes[l].name = tr!("diagram-lane-program");
            }
        }
        self.number_connections(&keep);
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

#[cfg(test)]
mod tests;
