//! The kernel view and the ledger in words: the text of a `kernel:` line
//! under a call, and of a ledger line at the end of a run. Pure functions of
//! the events, so that the wording is tested without a process.
//!
//! Every line names the object the way the trace names its fd
//! (`pipe:[48213]`, `socket:[9228]`) or the way `ipcs` names it (`msg queue
//! 32768`), then says what it holds and who holds it.

use std::fmt::Write as _;

use crate::decode::value::write_c_string;
use crate::event::Pid;
use crate::event::kernel::{KernelEvent as K, *};

/// A key as the call's line shows it (`msgget(0x9b4227, ...)`: hexadecimal,
/// no leading zeros), or `IPC_PRIVATE`.
fn key(k: i32) -> String {
    if k == 0 { "IPC_PRIVATE".to_string() } else { format!("{:#x}", k as u32) }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn pid_or_none(p: Option<Pid>) -> String {
    p.map_or_else(|| "none yet".to_string(), |p| p.to_string())
}

/// `1203 fd 3, 1204 fd 3`, or `none`.
fn holder_list<'a>(hs: impl Iterator<Item = &'a FdHolder>) -> String {
    let list: Vec<String> = hs.map(|h| format!("{} fd {}", h.pid, h.fd)).collect();
    if list.is_empty() { "none".to_string() } else { list.join(", ") }
}

/// `read end: 1203 fd 3; write end: 1203 fd 4` (and `read+write:` for a
/// FIFO opened both ways).
fn ends(hs: &[FdHolder]) -> String {
    let of = |end: End| holder_list(hs.iter().filter(move |h| h.end == end));
    let mut s = format!("read end: {}; write end: {}", of(End::Read), of(End::Write));
    if hs.iter().any(|h| h.end == End::Both) {
        let _ = write!(s, "; read+write: {}", of(End::Both));
    }
    s
}

/// The ends of a pipe in flight, for the pipe line:
/// `write end: in flight in socket:[9]'s queue (sent by 1203 fd 4)`.
fn in_flight(p: &PipeState) -> String {
    let parts: Vec<String> = p
        .in_flight
        .iter()
        .map(|f| {
            format!(
                "{} end in flight in socket:[{}]'s queue (sent by {} fd {}): the kernel keeps it open",
                f.end.as_str(),
                f.queue,
                f.from.pid,
                f.from.fd
            )
        })
        .collect();
    parts.join("; ")
}

fn pipe(p: &PipeState) -> String {
    let mut s = match &p.fifo {
        Some(path) => format!("FIFO {path} (inode {})", p.ino),
        None => format!("pipe:[{}]", p.ino),
    };
    match p.bytes {
        Some(0) => s.push_str(" empty"),
        Some(n) => {
            let _ = write!(s, " {} buffered", plural(n, "byte", "bytes"));
        }
        // No process has it open, nor is it in flight: it holds nothing
        // (the kernel drops a FIFO's bytes with its last descriptor).
        None if p.holders.as_ref().is_some_and(|h| h.is_empty()) && p.in_flight.is_empty() => {}
        None => s.push_str(" holding an unknown number of bytes"),
    }
    match &p.holders {
        Some(h) if h.is_empty() && p.in_flight.is_empty() => s.push_str(": no process has it open"),
        Some(h) if h.is_empty() => {
            let _ = write!(s, ": no process has it open; {}", in_flight(p));
        }
        Some(h) => {
            let _ = write!(s, "; {}", ends(h));
            if !p.in_flight.is_empty() {
                let _ = write!(s, "; {}", in_flight(p));
            }
            let flying = |end: End| p.in_flight.iter().any(|f| f.end == end);
            // A FIFO's other end may be in the middle of being opened: the
            // kernel counts it already, but it holds no fd yet.
            let fifo = p.fifo.is_some();
            if flying(End::Write) || flying(End::Read) {
                // The kernel still counts the end in flight: no EOF, no EPIPE.
            } else if !h.iter().any(|h| h.end != End::Read) {
                s.push_str(if fifo {
                    " (unless a writer is still opening it, a reader gets EOF once it is empty)"
                } else {
                    " (a reader gets EOF once it is empty)"
                });
            } else if !h.iter().any(|h| h.end != End::Write) {
                s.push_str(if fifo {
                    " (unless a reader is still opening it, a writer gets SIGPIPE/EPIPE)"
                } else {
                    " (a writer gets SIGPIPE/EPIPE)"
                });
            }
        }
        None => {}
    }
    s
}

fn msg(q: &MsgQueueState) -> String {
    format!(
        "msg queue {} (key {}, mode {:04o}): {}, {} of text; last msgsnd by {}, last msgrcv by {}",
        q.msqid,
        key(q.key),
        q.mode,
        plural(q.messages, "message", "messages"),
        plural(q.bytes, "byte", "bytes"),
        pid_or_none(q.last_sender),
        pid_or_none(q.last_receiver),
    )
}

fn sem(s: &SemSetState) -> String {
    let mut out = format!("sem set {} (key {}, mode {:04o}):", s.semid, key(s.key), s.mode);
    if s.values.is_empty() {
        out.push_str(" values unreadable");
    }
    for (i, v) in s.values.iter().enumerate() {
        let sep = if i == 0 { " " } else { ", " };
        let _ = write!(out, "{sep}#{i} = {}", v.value);
        let mut notes = Vec::new();
        if v.ncnt > 0 {
            notes.push(format!("{} waiting to take", v.ncnt));
        }
        if v.zcnt > 0 {
            notes.push(format!("{} waiting for zero", v.zcnt));
        }
        if let Some(p) = v.last_pid {
            notes.push(format!("last changed by {p}"));
        }
        if !notes.is_empty() {
            let _ = write!(out, " ({})", notes.join(", "));
        }
    }
    out
}

/// `"hello" then zeros (64 of 4096 bytes read)`.
pub fn contents(c: &ShmContents) -> String {
    let shown = trim_zeros(&c.data);
    let mut s = String::new();
    if shown.is_empty() {
        s.push_str("only zeros");
    } else {
        write_c_string(&mut s, shown, false);
        if shown.len() < c.data.len() {
            s.push_str(" then zeros");
        }
    }
    let _ = write!(s, " ({} of {} bytes read)", c.read, c.size);
    s
}

fn shm(m: &ShmState) -> String {
    let mut attached = plural(m.attached, "attachment", "attachments");
    if !m.detaching.is_empty() {
        // The kernel's count has left them out already; the trace shows
        // their shmdt return after this line.
        let pids: Vec<String> = m.detaching.iter().map(|p| p.to_string()).collect();
        let _ = write!(attached, " ({} detached already: its shmdt returns later in the trace)", pids.join(", "));
    }
    let mut s = format!(
        "shm segment {} (key {}, mode {:04o}, {}): {attached}; created by {}, last shmat/shmdt by {}",
        m.shmid,
        key(m.key),
        m.mode & 0o777,
        plural(m.size, "byte", "bytes"),
        m.creator,
        pid_or_none(m.last_pid),
    );
    if m.removed {
        s.push_str("; removed: freed at the last detach");
    }
    if let Some(a) = &m.attach {
        let rw = if a.writable { "rw" } else { "read-only" };
        let _ = write!(s, "; mapped in {} at {:#x}-{:#x} ({rw})", a.pid, a.start, a.end);
    }
    if let Some(c) = &m.contents {
        let _ = write!(s, "; holds {}{}", contents(c), super::notify::ring_of(c));
    }
    s
}

fn mq(q: &PosixMqState) -> String {
    let mut s = format!(
        "POSIX mq {}: {} (at most {}, each up to {})",
        q.name,
        plural(q.messages as u64, "message", "messages"),
        q.max_messages,
        plural(q.message_size as u64, "byte", "bytes"),
    );
    if let Some(b) = q.bytes {
        let _ = write!(s, ", {} in all", plural(b, "byte", "bytes"));
    }
    if let Some(p) = q.notify_pid {
        let _ = write!(s, "; mq_notify registered by {p}");
    }
    s
}

fn socket(k: &SocketState) -> String {
    let mut s = format!("socket:[{}] unix {} {}", k.ino, k.sock_type, k.state);
    match &k.path {
        Some(p) => {
            let _ = write!(s, ", bound to {p}");
        }
        None => s.push_str(", not bound"),
    }
    if let Some(peer) = k.peer {
        let _ = write!(s, "; peer socket:[{peer}]");
        if !k.peer_holders.is_empty() {
            let _ = write!(s, " held by {}", holder_list(k.peer_holders.iter()));
        }
        if let Some(n) = k.peer_queued.filter(|&n| n > 0) {
            let _ = write!(s, " with {} to read", plural(n.into(), "byte", "bytes"));
        }
    } else if k.peer_closed {
        s.push_str("; its peer was closed: a read gets EOF once nothing is left, a write fails with EPIPE");
    } else if k.state == "connected" && k.sock_type == "stream" {
        // The server's end of a new connection has no inode until accept.
        s.push_str("; its peer waits in the listener's queue for accept");
    }
    match k.backlog {
        Some(b) => {
            let _ = write!(
                s,
                "; {} waiting for accept (backlog {b})",
                plural(k.queued.into(), "connection", "connections")
            );
        }
        None if k.queued > 0 => {
            let _ = write!(s, "; {} to read", plural(k.queued.into(), "byte", "bytes"));
        }
        None => {}
    }
    if let Some(h) = &k.holders {
        let _ = write!(s, "; held by {}", holder_list(h.iter()));
    }
    s
}

/// A signal set for people: names joined by `|`, `-` when empty, and
/// `all except ...` when it holds most signals (as the C library's
/// block-everything masks do).
pub fn sig_set(set: SigSet) -> String {
    // SIGKILL and SIGSTOP can be neither blocked, caught nor ignored.
    let settable = SigSet(!(1 << (libc::SIGKILL - 1)) & !(1 << (libc::SIGSTOP - 1)));
    let missing = SigSet(settable.0 & !set.0);
    if set.numbers().count() > 32 {
        if missing.is_empty() { "all".to_string() } else { format!("all except {missing}") }
    } else {
        set.to_string()
    }
}

fn signals(g: &SignalState) -> String {
    let who = if g.process == g.thread { g.process.to_string() } else { format!("{}/{}", g.process, g.thread) };
    let mut s = format!("{who} ");
    if let Some(d) = &g.delivered {
        let what = match d.action {
            "handler" => "its handler runs".to_string(),
            "ignored" => "ignored (SIG_IGN)".to_string(),
            a => format!("default action: {}", a.trim_start_matches("default:")),
        };
        let _ = write!(s, "gets {}: {what}; ", d.signal);
    }
    let _ = write!(
        s,
        "signals blocked {}; caught {}; ignored {}; pending {}",
        sig_set(g.blocked),
        sig_set(g.caught),
        sig_set(g.ignored),
        sig_set(g.pending)
    );
    s
}

fn inherited(h: &Inherited) -> String {
    let mut parts: Vec<String> = Vec::new();
    // One part per object: `pipe:[48213] fd 3 (read end), fd 4 (write end)`.
    let mut objects: Vec<&str> = Vec::new();
    for f in &h.fds {
        if !objects.contains(&f.object.as_str()) {
            objects.push(&f.object);
        }
    }
    for o in objects {
        let fds: Vec<String> = h
            .fds
            .iter()
            .filter(|f| f.object == o)
            .map(|f| match f.end {
                End::Both => format!("fd {}", f.fd),
                e => format!("fd {} ({} end)", f.fd, e.as_str()),
            })
            .collect();
        parts.push(format!("{o} {}", fds.join(", ")));
    }
    for m in &h.shm {
        parts.push(format!("shm segment {} at {:#x}", m.shmid, m.start));
    }
    format!("{} inherited from {}: {}", h.child, h.parent, parts.join("; "))
}

/// `pipe:[9] write end (1203 fd 4)`, each descriptor of a message.
fn passed_fds(p: &Passage, to: bool) -> String {
    let list: Vec<String> = p
        .fds
        .iter()
        .map(|f| {
            let what = match f.end {
                End::Both => f.object.clone(),
                e => format!("{} {} end", f.object, e.as_str()),
            };
            match (to, f.to) {
                (true, Some(t)) => {
                    format!("{what}: {} fd {} became {} fd {}", f.from.pid, f.from.fd, t.pid, t.fd)
                }
                _ => format!("{what} ({} fd {})", f.from.pid, f.from.fd),
            }
        })
        .collect();
    list.join("; ")
}

fn passage(p: &Passage) -> String {
    let n = p.fds.len() as u64;
    let them = if n == 1 { "it" } else { "them" };
    match p.step {
        PassStep::Sent => format!(
            "socket:[{}] now holds a message carrying {}: the kernel keeps {them} open until a recvmsg takes {them}",
            p.queue,
            passed_fds(p, false)
        ),
        PassStep::Received => format!(
            "received from socket:[{}]: {} (the same open {}, under a number of the receiver's own)",
            p.queue,
            passed_fds(p, true),
            if n == 1 { "file" } else { "files" }
        ),
        PassStep::Truncated => {
            format!("MSG_CTRUNC: no room in the control buffer for {}: the kernel closed {them}", passed_fds(p, false))
        }
        PassStep::Discarded => format!(
            "socket:[{}] was closed with {} unread in its queue: the kernel closed {them}",
            p.queue,
            passed_fds(p, false)
        ),
    }
}

fn exec_closed(e: &ExecClosed) -> String {
    let group = |fds: &[InheritedFd]| {
        inherited(&Inherited { child: 0, parent: 0, fds: fds.to_vec(), shm: vec![] })
            .split_once(": ")
            .map(|(_, rest)| rest.to_string())
            .unwrap_or_default()
    };
    let kept = if e.kept.is_empty() {
        "it holds none of the run's objects now".to_string()
    } else {
        format!("it keeps {}", group(&e.kept))
    };
    if e.closed.is_empty() {
        format!("{} after execve: {kept}", e.process)
    } else {
        format!("{}'s execve closed its close-on-exec descriptors: {}; {kept}", e.process, group(&e.closed))
    }
}

fn gone(g: &Gone) -> String {
    match (g.how, g.kind) {
        (GoneHow::Closed, ObjectKind::Shm) => format!("{} freed: removed before, and this was its last detach", g.name),
        (GoneHow::Closed, _) => format!("{} closed: no process holds it any more, the kernel freed it", g.name),
        (GoneHow::Removed, _) => format!("{} removed", g.name),
        (GoneHow::Unlinked, kind) => unlinked(&g.name, kind, g.lives_on),
    }
}

/// The line under an unlink: what is gone (the name), and whether the
/// object lives on (`lives_on`: None when it could not be told).
fn unlinked(name: &str, kind: ObjectKind, lives_on: Option<bool>) -> String {
    let rest = match (kind, lives_on) {
        (ObjectKind::PosixMq, Some(true)) => {
            "the name is gone; the queue lives on while descriptors are open, and one is"
        }
        (ObjectKind::PosixMq, Some(false)) => {
            "the name is gone, and no traced process has a descriptor on the queue: it is freed, nothing is left"
        }
        (ObjectKind::PosixMq, None) => "the name is gone; the queue lives on while descriptors are open",
        (ObjectKind::PosixShm | ObjectKind::PosixSem, Some(true)) => {
            "the name is gone; the memory lives on while it is open or mapped, and it is"
        }
        (ObjectKind::PosixShm | ObjectKind::PosixSem, Some(false)) => {
            "the name is gone, and no traced process has it open or mapped: it is freed, nothing is left"
        }
        (ObjectKind::PosixShm | ObjectKind::PosixSem, None) => {
            "the name is gone; the memory lives on while it is open or mapped"
        }
        (ObjectKind::SocketFile, Some(true)) => {
            "no one can connect by that name any more; the socket bound to it is still open"
        }
        (ObjectKind::SocketFile, Some(false)) => {
            "no one can connect by that name any more; the socket bound to it was already closed: nothing is left"
        }
        (ObjectKind::SocketFile, None) => "no one can connect by that name any more",
        (_, Some(false)) => "the name is gone, and no traced process has a descriptor on it: nothing is left",
        _ => "the name is gone; open descriptors still work",
    };
    format!("{name} unlinked: {rest}")
}

/// `POSIX shm /dev/shm/x (inode 9, 4096 bytes): open by 1203 fd 3; mapped by 1204`.
fn posix_shm(s: &PosixShmState) -> String {
    let size = s.size.map_or_else(|| "size unknown".to_string(), |n| format!("{n} bytes"));
    let open: Vec<String> = s.holders.iter().map(|h| format!("{} fd {}", h.pid, h.fd)).collect();
    let mapped: Vec<String> = s.mapped_by.iter().map(|p| p.to_string()).collect();
    let list = |v: &[String]| if v.is_empty() { "none".to_string() } else { v.join(", ") };
    let kind = if s.semaphore { "POSIX sem" } else { "POSIX shm" };
    let mut line =
        format!("{kind} {} (inode {}, {size}): open by {}; mapped by {}", s.path, s.ino, list(&open), list(&mapped));
    if let (Some(c), Some(pid)) = (&s.contents, s.read_from) {
        let _ = write!(line, "; held {} when {pid} unmapped it", contents(c));
    }
    line
}

/// `locks on /tmp/x/counter: 1203 holds WRITE (POSIX, whole file); 1204
/// waits for WRITE (POSIX, whole file)`.
fn locks(l: &LockState) -> String {
    let list: Vec<String> = l
        .locks
        .iter()
        .map(|k| {
            let through = holder_list(k.through.iter());
            let (who, on) = match (k.pid, k.through.is_empty()) {
                (Some(p), true) => (p.to_string(), String::new()),
                (Some(p), false) => (p.to_string(), format!(", on the open file description of {through}")),
                (None, true) => ("an open file description".to_string(), String::new()),
                (None, false) => (format!("the open file description of {through}"), String::new()),
            };
            let verb = if k.waiting { "waits for" } else { "holds" };
            let what = if k.write { "WRITE" } else { "READ" };
            let range = match (k.start, k.end) {
                (0, None) => "whole file".to_string(),
                (s, None) => format!("bytes {s} to the end"),
                (s, Some(e)) => format!("bytes {s} to {e}"),
            };
            format!("{who} {verb} {what} ({}, {range}{on})", k.kind.as_str())
        })
        .collect();
    let body = if list.is_empty() { "none".to_string() } else { list.join("; ") };
    format!("locks on {}: {body}", l.path)
}

/// The text of a `kernel:` line (without the label).
pub fn kernel_line(event: &KernelEvent) -> String {
    match event {
        KernelEvent::Pipe(p) => pipe(p),
        KernelEvent::MsgQueue(q) => msg(q),
        KernelEvent::SemSet(s) => sem(s),
        KernelEvent::Shm(m) => shm(m),
        KernelEvent::PosixMq(q) => mq(q),
        KernelEvent::PosixShm(s) => posix_shm(s),
        KernelEvent::Socket(s) => socket(s),
        KernelEvent::Signals(g) => signals(g),
        KernelEvent::Inherited(h) => inherited(h),
        KernelEvent::Passage(p) => passage(p),
        KernelEvent::ExecClosed(e) => exec_closed(e),
        KernelEvent::Zombie(z) => format!(
            "{} is a zombie: it exited, and stays in the process table until its parent {} calls wait",
            z.zombie, z.parent
        ),
        KernelEvent::Reaped(r) => format!("zombie {} reaped by {}: gone from the process table", r.zombie, r.by),
        KernelEvent::Locks(l) => locks(l),
        KernelEvent::Gone(g) => gone(g),
        KernelEvent::Unavailable(u) => format!("(not readable: {})", u.reason),
        K::Eventfd(_) | K::Epoll(_) | K::Signalfd(_) | K::Futex(_) => super::notify::line(event),
    }
}

/// What became of an object, in words.
pub fn fate(f: &Fate) -> String {
    match f {
        Fate::Removed { by } => format!("removed by {} ({})", by.pid, by.call),
        Fate::Closed { by } if by.call == "exit" => format!("last end closed when {} exited", by.pid),
        Fate::Closed { by } => format!("last end closed by {} ({})", by.pid, by.call),
        Fate::Ended => "gone by the end of the run".to_string(),
        Fate::Leaked { cleaned: true } => "LEAKED: outlived the run; ipclab removed it afterwards".to_string(),
        Fate::Leaked { cleaned: false } => "LEAKED: still exists after the run".to_string(),
    }
}

/// One line of the ledger (without indentation).
pub fn ledger_line(e: &LedgerEntry) -> String {
    let mut s = e.name.clone();
    if let Some(k) = e.key {
        if k != 0 {
            let _ = write!(s, " (key {})", key(k));
        }
    }
    let users: Vec<String> = e.used_by.iter().map(|p| p.to_string()).collect();
    let _ = write!(
        s,
        ": created by {} ({}), used by {}; {}",
        e.created_by.pid,
        e.created_by.call,
        if users.is_empty() { "none".to_string() } else { users.join(", ") },
        fate(&e.fate)
    );
    if let Some(cmd) = &e.cleanup {
        let _ = write!(s, "; remove it with: {cmd}");
    }
    if !e.passed.is_empty() {
        let list: Vec<String> = e.passed.iter().map(|h| format!("{} to {}", h.from, h.to)).collect();
        let _ = write!(s, "; a descriptor on it passed (SCM_RIGHTS) from {}", list.join(", "));
    }
    s
}

/// A line of the ledger for objects counted instead of listed:
/// `99000 more pipes, created by 1203: each closed during the run (counted, not listed one by one)`.
pub fn folded_line(f: &Folded) -> String {
    let creators: Vec<String> = f.created_by.iter().map(|p| p.to_string()).collect();
    let others = if f.more_creators { " and others" } else { "" };
    let how = match f.fate {
        "closed" => "its last descriptor closed during the run",
        _ => "removed during the run",
    };
    format!(
        "{} more {}s, created by {}{others}: each {how} (counted, not listed one by one)",
        f.count,
        f.kind.label(),
        creators.join(", ")
    )
}

/// The line closing the ledger.
pub fn ledger_end_line(s: &LedgerSummary) -> String {
    if s.objects == 0 {
        return "ledger: the run created no IPC objects".to_string();
    }
    let mut line = format!("ledger: {} created", plural(s.objects as u64, "object", "objects"));
    match (s.leaked, s.cleaned) {
        (0, _) => line.push_str(", none left behind"),
        (l, c) if c == l => {
            let _ = write!(line, ", {l} outlived the run and ipclab removed {}", if l == 1 { "it" } else { "them" });
        }
        (l, c) => {
            let _ = write!(line, ", {l} outlived the run");
            if c > 0 {
                let _ = write!(line, " ({c} removed by ipclab)");
            }
            line.push_str(": remove them with `ipclab clean` or the commands above");
        }
    }
    line
}

#[cfg(test)]
#[path = "kernel_tests.rs"]
mod tests;
