//! The kernel view and the ledger in words: the text of a `kernel:` line
//! under a call, and of a ledger line at the end of a run. Pure functions of
//! the events, so that the wording is tested without a process.
//!
//! Every line names the object the way the trace names its fd
//! (`pipe:[48213]`, `socket:[9228]`) or the way `ipcs` names it (`msg queue
//! 32768`), then says what it holds and who holds it. The names, numbers,
//! flags and calls stay as the trace writes them in every language; the
//! words around them are the tracer's messages (`kernel.ftl`), in the
//! language given to the `*_in` functions (the others are English).

use std::fmt::Write as _;

use crate::decode::value::write_c_string;
use crate::event::Pid;
use crate::event::kernel::{KernelEvent as K, *};
use crate::i18n::Lang;
use crate::tr;

/// A key as the call's line shows it (`msgget(0x9b4227, ...)`: hexadecimal,
/// no leading zeros), or `IPC_PRIVATE`.
fn key(k: i32) -> String {
    if k == 0 { "IPC_PRIVATE".to_string() } else { format!("{:#x}", k as u32) }
}

fn bytes(lang: Lang, n: u64) -> String {
    tr!(lang, "kernel-bytes", n = n)
}

fn pid_or_none(lang: Lang, p: Option<Pid>) -> String {
    p.map_or_else(|| tr!(lang, "kernel-none-yet"), |p| p.to_string())
}

/// `1203 fd 3, 1204 fd 3`, or `none`.
fn holder_list<'a>(lang: Lang, hs: impl Iterator<Item = &'a FdHolder>) -> String {
    let list: Vec<String> = hs.map(|h| format!("{} fd {}", h.pid, h.fd)).collect();
    if list.is_empty() { tr!(lang, "kernel-none") } else { list.join(", ") }
}

/// `read`, `write` or `read+write`, in `lang`.
fn end_word(lang: Lang, end: End) -> String {
    match end {
        End::Read => tr!(lang, "kernel-end-read"),
        End::Write => tr!(lang, "kernel-end-write"),
        End::Both => tr!(lang, "kernel-end-both"),
    }
}

/// `read end: 1203 fd 3; write end: 1203 fd 4` (and `read+write:` for a
/// FIFO opened both ways).
fn ends(lang: Lang, hs: &[FdHolder]) -> String {
    let of = |end: End| holder_list(lang, hs.iter().filter(move |h| h.end == end));
    let mut s = tr!(lang, "kernel-ends", read = of(End::Read), write = of(End::Write));
    if hs.iter().any(|h| h.end == End::Both) {
        let _ = write!(s, "; {}", tr!(lang, "kernel-ends-both", both = of(End::Both)));
    }
    s
}

/// The ends of a pipe in flight, for the pipe line:
/// `write end in flight in socket:[9]'s queue (sent by 1203 fd 4): ...`.
fn in_flight(lang: Lang, p: &PipeState) -> String {
    let parts: Vec<String> = p
        .in_flight
        .iter()
        .map(|f| {
            let (end, queue, pid, fd) = (end_word(lang, f.end), f.queue, f.from.pid, f.from.fd);
            tr!(lang, "kernel-pipe-in-flight", end = end, queue = queue, pid = pid, fd = fd)
        })
        .collect();
    parts.join("; ")
}

fn pipe(lang: Lang, p: &PipeState) -> String {
    let mut s = match &p.fifo {
        Some(path) => format!("FIFO {path} (inode {})", p.ino),
        None => format!("pipe:[{}]", p.ino),
    };
    match p.bytes {
        Some(0) => {
            let _ = write!(s, " {}", tr!(lang, "kernel-pipe-empty"));
        }
        Some(n) => {
            let _ = write!(s, " {}", tr!(lang, "kernel-pipe-buffered", bytes = bytes(lang, n)));
        }
        // No process has it open, nor is it in flight: it holds nothing
        // (the kernel drops a FIFO's bytes with its last descriptor).
        None if p.holders.as_ref().is_some_and(|h| h.is_empty()) && p.in_flight.is_empty() => {}
        None => {
            let _ = write!(s, " {}", tr!(lang, "kernel-pipe-unknown-bytes"));
        }
    }
    match &p.holders {
        Some(h) if h.is_empty() && p.in_flight.is_empty() => {
            let _ = write!(s, ": {}", tr!(lang, "kernel-no-process-has-it-open"));
        }
        Some(h) if h.is_empty() => {
            let _ = write!(s, ": {}; {}", tr!(lang, "kernel-no-process-has-it-open"), in_flight(lang, p));
        }
        Some(h) => {
            let _ = write!(s, "; {}", ends(lang, h));
            if !p.in_flight.is_empty() {
                let _ = write!(s, "; {}", in_flight(lang, p));
            }
            let flying = |end: End| p.in_flight.iter().any(|f| f.end == end);
            // A FIFO's other end may be in the middle of being opened: the
            // kernel counts it already, but it holds no fd yet.
            let fifo = p.fifo.is_some();
            if flying(End::Write) || flying(End::Read) {
                // The kernel still counts the end in flight: no EOF, no EPIPE.
            } else if !h.iter().any(|h| h.end != End::Read) {
                let note = if fifo {
                    tr!(lang, "kernel-fifo-reader-gets-eof")
                } else {
                    tr!(lang, "kernel-pipe-reader-gets-eof")
                };
                let _ = write!(s, " {note}");
            } else if !h.iter().any(|h| h.end != End::Write) {
                let note = if fifo {
                    tr!(lang, "kernel-fifo-writer-gets-sigpipe")
                } else {
                    tr!(lang, "kernel-pipe-writer-gets-sigpipe")
                };
                let _ = write!(s, " {note}");
            }
        }
        None => {}
    }
    s
}

fn msg(lang: Lang, q: &MsgQueueState) -> String {
    tr!(
        lang,
        "kernel-msg-queue",
        msqid = q.msqid,
        key = key(q.key),
        mode = format!("{:04o}", q.mode),
        messages = q.messages,
        bytes = bytes(lang, q.bytes),
        sender = pid_or_none(lang, q.last_sender),
        receiver = pid_or_none(lang, q.last_receiver),
    )
}

fn sem(lang: Lang, s: &SemSetState) -> String {
    let mut out = format!("sem set {} (key {}, mode {:04o}):", s.semid, key(s.key), s.mode);
    if s.values.is_empty() {
        let _ = write!(out, " {}", tr!(lang, "kernel-sem-unreadable"));
    }
    for (i, v) in s.values.iter().enumerate() {
        let sep = if i == 0 { " " } else { ", " };
        let _ = write!(out, "{sep}#{i} = {}", v.value);
        let mut notes = Vec::new();
        if v.ncnt > 0 {
            notes.push(tr!(lang, "kernel-sem-waiting-to-take", count = v.ncnt));
        }
        if v.zcnt > 0 {
            notes.push(tr!(lang, "kernel-sem-waiting-for-zero", count = v.zcnt));
        }
        if let Some(p) = v.last_pid {
            notes.push(tr!(lang, "kernel-sem-last-changed-by", pid = p));
        }
        if !notes.is_empty() {
            let _ = write!(out, " ({})", notes.join(", "));
        }
    }
    out
}

/// `"hello" then zeros (64 of 4096 bytes read)`.
pub fn contents(c: &ShmContents) -> String {
    contents_in(c, Lang::En)
}

/// [`contents`] in `lang`.
pub fn contents_in(c: &ShmContents, lang: Lang) -> String {
    let shown = trim_zeros(&c.data);
    let mut s = String::new();
    if shown.is_empty() {
        s.push_str(&tr!(lang, "kernel-only-zeros"));
    } else {
        write_c_string(&mut s, shown, false);
        if shown.len() < c.data.len() {
            let _ = write!(s, " {}", tr!(lang, "kernel-then-zeros"));
        }
    }
    let _ = write!(s, " {}", tr!(lang, "kernel-bytes-read", read = c.read, size = c.size));
    s
}

fn shm(lang: Lang, m: &ShmState) -> String {
    let mut attached = tr!(lang, "kernel-shm-attachments", count = m.attached);
    if !m.detaching.is_empty() {
        // The kernel's count has left them out already; the trace shows
        // their shmdt return after this line.
        let pids: Vec<String> = m.detaching.iter().map(|p| p.to_string()).collect();
        let _ = write!(attached, " {}", tr!(lang, "kernel-shm-detaching", pids = pids.join(", ")));
    }
    let mut s = tr!(
        lang,
        "kernel-shm",
        shmid = m.shmid,
        key = key(m.key),
        mode = format!("{:04o}", m.mode & 0o777),
        size = bytes(lang, m.size),
        attached = attached,
        creator = m.creator,
        last = pid_or_none(lang, m.last_pid),
    );
    if m.removed {
        let _ = write!(s, "; {}", tr!(lang, "kernel-shm-removed"));
    }
    if let Some(a) = &m.attach {
        let rw = if a.writable { "rw".to_string() } else { tr!(lang, "kernel-read-only") };
        let (start, end) = (format!("{:#x}", a.start), format!("{:#x}", a.end));
        let _ = write!(s, "; {}", tr!(lang, "kernel-shm-mapped", pid = a.pid, start = start, end = end, access = rw));
    }
    if let Some(c) = &m.contents {
        let ring = super::notify::ring_of_in(c, lang);
        let _ = write!(s, "; {}", tr!(lang, "kernel-shm-holds", contents = contents_in(c, lang), ring = ring));
    }
    s
}

fn mq(lang: Lang, q: &PosixMqState) -> String {
    let mut s = tr!(
        lang,
        "kernel-posix-mq",
        name = &q.name,
        messages = q.messages as u64,
        max = q.max_messages,
        size = bytes(lang, q.message_size as u64),
    );
    if let Some(b) = q.bytes {
        let _ = write!(s, ", {}", tr!(lang, "kernel-posix-mq-bytes", bytes = bytes(lang, b)));
    }
    if let Some(p) = q.notify_pid {
        let _ = write!(s, "; {}", tr!(lang, "kernel-posix-mq-notify", pid = p));
    }
    s
}

fn socket(lang: Lang, k: &SocketState) -> String {
    let mut s = format!("socket:[{}] unix {} {}", k.ino, k.sock_type, k.state);
    match &k.path {
        Some(p) => {
            let _ = write!(s, ", {}", tr!(lang, "kernel-socket-bound", path = p));
        }
        None => {
            let _ = write!(s, ", {}", tr!(lang, "kernel-socket-not-bound"));
        }
    }
    if let Some(peer) = k.peer {
        let _ = write!(s, "; peer socket:[{peer}]");
        if !k.peer_holders.is_empty() {
            let _ = write!(s, " {}", tr!(lang, "kernel-held-by", holders = holder_list(lang, k.peer_holders.iter())));
        }
        if let Some(n) = k.peer_queued.filter(|&n| n > 0) {
            let _ = write!(s, " {}", tr!(lang, "kernel-socket-peer-to-read", bytes = bytes(lang, n.into())));
        }
    } else if k.peer_closed {
        let _ = write!(s, "; {}", tr!(lang, "kernel-socket-peer-closed"));
    } else if k.state == "connected" && k.sock_type == "stream" {
        // The server's end of a new connection has no inode until accept.
        let _ = write!(s, "; {}", tr!(lang, "kernel-socket-peer-in-backlog"));
    }
    match k.backlog {
        Some(b) => {
            let _ = write!(s, "; {}", tr!(lang, "kernel-socket-backlog", count = k.queued, backlog = b));
        }
        None if k.queued > 0 => {
            let _ = write!(s, "; {}", tr!(lang, "kernel-socket-to-read", bytes = bytes(lang, k.queued.into())));
        }
        None => {}
    }
    if let Some(h) = &k.holders {
        let _ = write!(s, "; {}", tr!(lang, "kernel-held-by", holders = holder_list(lang, h.iter())));
    }
    s
}

/// A signal set for people: names joined by `|`, `-` when empty, and
/// `all except ...` when it holds most signals (as the C library's
/// block-everything masks do).
pub fn sig_set(set: SigSet) -> String {
    sig_set_in(set, Lang::En)
}

/// [`sig_set`] in `lang`.
pub fn sig_set_in(set: SigSet, lang: Lang) -> String {
    // SIGKILL and SIGSTOP can be neither blocked, caught nor ignored.
    let settable = SigSet(!(1 << (libc::SIGKILL - 1)) & !(1 << (libc::SIGSTOP - 1)));
    let missing = SigSet(settable.0 & !set.0);
    if set.numbers().count() > 32 {
        if missing.is_empty() {
            tr!(lang, "kernel-signals-all")
        } else {
            tr!(lang, "kernel-signals-all-except", missing = missing.to_string())
        }
    } else {
        set.to_string()
    }
}

fn signals(lang: Lang, g: &SignalState) -> String {
    let who = if g.process == g.thread { g.process.to_string() } else { format!("{}/{}", g.process, g.thread) };
    let mut s = format!("{who} ");
    if let Some(d) = &g.delivered {
        let what = match d.action {
            "handler" => tr!(lang, "kernel-signal-handler-runs"),
            "ignored" => tr!(lang, "kernel-signal-ignored"),
            a => {
                let action = a.trim_start_matches("default:");
                let word = match action {
                    "terminate" => tr!(lang, "kernel-action-terminate"),
                    "core" => tr!(lang, "kernel-action-core"),
                    "ignore" => tr!(lang, "kernel-action-ignore"),
                    "stop" => tr!(lang, "kernel-action-stop"),
                    "continue" => tr!(lang, "kernel-action-continue"),
                    other => other.to_string(),
                };
                tr!(lang, "kernel-signal-default-action", action = word)
            }
        };
        let _ = write!(s, "{}; ", tr!(lang, "kernel-signal-gets", signal = &d.signal, what = what));
    }
    s.push_str(&tr!(
        lang,
        "kernel-signal-masks",
        blocked = sig_set_in(g.blocked, lang),
        caught = sig_set_in(g.caught, lang),
        ignored = sig_set_in(g.ignored, lang),
        pending = sig_set_in(g.pending, lang),
    ));
    s
}

/// `pipe:[48213] fd 3 (read end), fd 4 (write end); shm segment 5 at 0x7f...`.
fn inherited_parts(lang: Lang, fds: &[InheritedFd], shm: &[InheritedShm]) -> String {
    let mut parts: Vec<String> = Vec::new();
    // One part per object: `pipe:[48213] fd 3 (read end), fd 4 (write end)`.
    let mut objects: Vec<&str> = Vec::new();
    for f in fds {
        if !objects.contains(&f.object.as_str()) {
            objects.push(&f.object);
        }
    }
    for o in objects {
        let list: Vec<String> = fds
            .iter()
            .filter(|f| f.object == o)
            .map(|f| match f.end {
                End::Both => format!("fd {}", f.fd),
                e => format!("fd {} ({})", f.fd, tr!(lang, "kernel-end-of", end = end_word(lang, e))),
            })
            .collect();
        parts.push(format!("{o} {}", list.join(", ")));
    }
    for m in shm {
        parts.push(format!("shm segment {} {}", m.shmid, tr!(lang, "kernel-at", address = format!("{:#x}", m.start))));
    }
    parts.join("; ")
}

fn inherited(lang: Lang, h: &Inherited) -> String {
    tr!(lang, "kernel-inherited", child = h.child, parent = h.parent, what = inherited_parts(lang, &h.fds, &h.shm))
}

/// `pipe:[9] write end (1203 fd 4)`, each descriptor of a message.
fn passed_fds(lang: Lang, p: &Passage, to: bool) -> String {
    let list: Vec<String> = p
        .fds
        .iter()
        .map(|f| {
            let what = match f.end {
                End::Both => f.object.clone(),
                e => format!("{} {}", f.object, tr!(lang, "kernel-end-of", end = end_word(lang, e))),
            };
            match (to, f.to) {
                (true, Some(t)) => tr!(
                    lang,
                    "kernel-passed-became",
                    what = what,
                    pid = f.from.pid,
                    fd = f.from.fd,
                    to_pid = t.pid,
                    to_fd = t.fd
                ),
                _ => format!("{what} ({} fd {})", f.from.pid, f.from.fd),
            }
        })
        .collect();
    list.join("; ")
}

fn passage(lang: Lang, p: &Passage) -> String {
    let n = p.fds.len();
    match p.step {
        PassStep::Sent => {
            tr!(lang, "kernel-passage-sent", queue = p.queue, fds = passed_fds(lang, p, false), count = n)
        }
        PassStep::Received => {
            tr!(lang, "kernel-passage-received", queue = p.queue, fds = passed_fds(lang, p, true), count = n)
        }
        PassStep::Truncated => tr!(lang, "kernel-passage-truncated", fds = passed_fds(lang, p, false), count = n),
        PassStep::Discarded => {
            tr!(lang, "kernel-passage-discarded", queue = p.queue, fds = passed_fds(lang, p, false), count = n)
        }
    }
}

fn exec_closed(lang: Lang, e: &ExecClosed) -> String {
    let kept = if e.kept.is_empty() {
        tr!(lang, "kernel-exec-keeps-none")
    } else {
        tr!(lang, "kernel-exec-keeps", fds = inherited_parts(lang, &e.kept, &[]))
    };
    if e.closed.is_empty() {
        tr!(lang, "kernel-exec-closed-none", pid = e.process, kept = kept)
    } else {
        tr!(lang, "kernel-exec-closed", pid = e.process, fds = inherited_parts(lang, &e.closed, &[]), kept = kept)
    }
}

fn gone(lang: Lang, g: &Gone) -> String {
    match (g.how, g.kind) {
        (GoneHow::Closed, ObjectKind::Shm) => tr!(lang, "kernel-gone-shm-freed", name = &g.name),
        (GoneHow::Closed, _) => tr!(lang, "kernel-gone-closed", name = &g.name),
        (GoneHow::Removed, _) => tr!(lang, "kernel-gone-removed", name = &g.name),
        (GoneHow::Unlinked, kind) => unlinked(lang, &g.name, kind, g.lives_on),
    }
}

/// The line under an unlink: what is gone (the name), and whether the
/// object lives on (`lives_on`: None when it could not be told).
fn unlinked(lang: Lang, name: &str, kind: ObjectKind, lives_on: Option<bool>) -> String {
    let rest = match (kind, lives_on) {
        (ObjectKind::PosixMq, Some(true)) => tr!(lang, "kernel-unlinked-mq-open"),
        (ObjectKind::PosixMq, Some(false)) => tr!(lang, "kernel-unlinked-mq-freed"),
        (ObjectKind::PosixMq, None) => tr!(lang, "kernel-unlinked-mq"),
        (ObjectKind::PosixShm | ObjectKind::PosixSem, Some(true)) => tr!(lang, "kernel-unlinked-shm-open"),
        (ObjectKind::PosixShm | ObjectKind::PosixSem, Some(false)) => tr!(lang, "kernel-unlinked-shm-freed"),
        (ObjectKind::PosixShm | ObjectKind::PosixSem, None) => tr!(lang, "kernel-unlinked-shm"),
        (ObjectKind::SocketFile, Some(true)) => tr!(lang, "kernel-unlinked-socket-open"),
        (ObjectKind::SocketFile, Some(false)) => tr!(lang, "kernel-unlinked-socket-closed"),
        (ObjectKind::SocketFile, None) => tr!(lang, "kernel-unlinked-socket"),
        (_, Some(false)) => tr!(lang, "kernel-unlinked-freed"),
        _ => tr!(lang, "kernel-unlinked"),
    };
    tr!(lang, "kernel-unlinked-line", name = name, rest = rest)
}

/// `POSIX shm /dev/shm/x (inode 9, 4096 bytes): open by 1203 fd 3; mapped by 1204`.
fn posix_shm(lang: Lang, s: &PosixShmState) -> String {
    let size = s.size.map_or_else(|| tr!(lang, "kernel-size-unknown"), |n| tr!(lang, "kernel-size-bytes", n = n));
    let open: Vec<String> = s.holders.iter().map(|h| format!("{} fd {}", h.pid, h.fd)).collect();
    let mapped: Vec<String> = s.mapped_by.iter().map(|p| p.to_string()).collect();
    let list = |v: &[String]| if v.is_empty() { tr!(lang, "kernel-none") } else { v.join(", ") };
    let kind = if s.semaphore { "POSIX sem" } else { "POSIX shm" };
    let mut line = format!("{kind} {} (inode {}, {size}): ", s.path, s.ino);
    line.push_str(&tr!(lang, "kernel-posix-shm-users", open = list(&open), mapped = list(&mapped)));
    if let (Some(c), Some(pid)) = (&s.contents, s.read_from) {
        let _ = write!(line, "; {}", tr!(lang, "kernel-posix-shm-held", contents = contents_in(c, lang), pid = pid));
    }
    line
}

/// `locks on /tmp/x/counter: 1203 holds WRITE (POSIX, whole file); 1204
/// waits for WRITE (POSIX, whole file)`.
fn locks(lang: Lang, l: &LockState) -> String {
    let list: Vec<String> = l
        .locks
        .iter()
        .map(|k| {
            let through = holder_list(lang, k.through.iter());
            let (who, on) = match (k.pid, k.through.is_empty()) {
                (Some(p), true) => (p.to_string(), String::new()),
                (Some(p), false) => (p.to_string(), tr!(lang, "kernel-lock-on-description", holders = &through)),
                (None, true) => (tr!(lang, "kernel-lock-a-description"), String::new()),
                (None, false) => (tr!(lang, "kernel-lock-the-description", holders = &through), String::new()),
            };
            let what = if k.write { "WRITE" } else { "READ" };
            let range = match (k.start, k.end) {
                (0, None) => tr!(lang, "kernel-lock-whole-file"),
                (s, None) => tr!(lang, "kernel-lock-to-end", start = s),
                (s, Some(e)) => tr!(lang, "kernel-lock-range", start = s, end = e),
            };
            let kind = k.kind.as_str();
            if k.waiting {
                tr!(lang, "kernel-lock-waits", who = who, what = what, kind = kind, range = range, on = on)
            } else {
                tr!(lang, "kernel-lock-holds", who = who, what = what, kind = kind, range = range, on = on)
            }
        })
        .collect();
    let body = if list.is_empty() { tr!(lang, "kernel-none") } else { list.join("; ") };
    tr!(lang, "kernel-locks", path = &l.path, locks = body)
}

/// The text of a `kernel:` line (without the label), in English.
pub fn kernel_line(event: &KernelEvent) -> String {
    kernel_line_in(event, Lang::En)
}

/// The text of a `kernel:` line (without the label), in `lang`.
pub fn kernel_line_in(event: &KernelEvent, lang: Lang) -> String {
    match event {
        KernelEvent::Pipe(p) => pipe(lang, p),
        KernelEvent::MsgQueue(q) => msg(lang, q),
        KernelEvent::SemSet(s) => sem(lang, s),
        KernelEvent::Shm(m) => shm(lang, m),
        KernelEvent::PosixMq(q) => mq(lang, q),
        KernelEvent::PosixShm(s) => posix_shm(lang, s),
        KernelEvent::Socket(s) => socket(lang, s),
        KernelEvent::Signals(g) => signals(lang, g),
        KernelEvent::Inherited(h) => inherited(lang, h),
        KernelEvent::Passage(p) => passage(lang, p),
        KernelEvent::ExecClosed(e) => exec_closed(lang, e),
        KernelEvent::Zombie(z) => tr!(lang, "kernel-zombie", zombie = z.zombie, parent = z.parent),
        KernelEvent::Reaped(r) => tr!(lang, "kernel-reaped", zombie = r.zombie, by = r.by),
        KernelEvent::Locks(l) => locks(lang, l),
        KernelEvent::Gone(g) => gone(lang, g),
        KernelEvent::Unavailable(u) => tr!(lang, "kernel-unavailable", reason = &u.reason),
        K::Eventfd(_) | K::Epoll(_) | K::Signalfd(_) | K::Futex(_) => super::notify::line_in(event, lang),
    }
}

/// What became of an object, in words.
pub fn fate(f: &Fate) -> String {
    fate_in(f, Lang::En)
}

/// [`fate`] in `lang`.
pub fn fate_in(f: &Fate, lang: Lang) -> String {
    match f {
        Fate::Removed { by } => tr!(lang, "ledger-removed-by", pid = by.pid, call = &by.call),
        Fate::Closed { by } if by.call == "exit" => tr!(lang, "ledger-closed-at-exit", pid = by.pid),
        Fate::Closed { by } => tr!(lang, "ledger-closed-by", pid = by.pid, call = &by.call),
        Fate::Ended => tr!(lang, "ledger-ended"),
        Fate::Leaked { cleaned: true } => tr!(lang, "ledger-leaked-cleaned"),
        Fate::Leaked { cleaned: false } => tr!(lang, "ledger-leaked"),
    }
}

/// One line of the ledger (without indentation).
pub fn ledger_line(e: &LedgerEntry) -> String {
    ledger_line_in(e, Lang::En)
}

/// [`ledger_line`] in `lang`.
pub fn ledger_line_in(e: &LedgerEntry, lang: Lang) -> String {
    let mut s = e.name.clone();
    if let Some(k) = e.key {
        if k != 0 {
            let _ = write!(s, " (key {})", key(k));
        }
    }
    let users: Vec<String> = e.used_by.iter().map(|p| p.to_string()).collect();
    let users = if users.is_empty() { tr!(lang, "kernel-none") } else { users.join(", ") };
    let (pid, call, fate) = (e.created_by.pid, &e.created_by.call, fate_in(&e.fate, lang));
    let _ = write!(s, ": {}", tr!(lang, "ledger-line", pid = pid, call = call, users = users, fate = fate));
    if let Some(cmd) = &e.cleanup {
        let _ = write!(s, "; {}", tr!(lang, "ledger-remove-with", command = cmd));
    }
    if !e.passed.is_empty() {
        let list: Vec<String> =
            e.passed.iter().map(|h| tr!(lang, "ledger-passed-from-to", from = h.from, to = h.to)).collect();
        let _ = write!(s, "; {}", tr!(lang, "ledger-passed", passes = list.join(", ")));
    }
    s
}

/// A line of the ledger for objects counted instead of listed:
/// `99000 more pipes, created by 1203: each closed during the run (counted, not listed one by one)`.
pub fn folded_line(f: &Folded) -> String {
    folded_line_in(f, Lang::En)
}

/// [`folded_line`] in `lang`.
pub fn folded_line_in(f: &Folded, lang: Lang) -> String {
    let creators: Vec<String> = f.created_by.iter().map(|p| p.to_string()).collect();
    let mut creators = creators.join(", ");
    if f.more_creators {
        let _ = write!(creators, " {}", tr!(lang, "ledger-and-others"));
    }
    let (count, kind) = (f.count, f.kind.label());
    match f.fate {
        "closed" => tr!(lang, "ledger-folded-closed", count = count, kind = kind, creators = creators),
        _ => tr!(lang, "ledger-folded-removed", count = count, kind = kind, creators = creators),
    }
}

/// The line closing the ledger.
pub fn ledger_end_line(s: &LedgerSummary) -> String {
    ledger_end_line_in(s, Lang::En)
}

/// [`ledger_end_line`] in `lang`.
pub fn ledger_end_line_in(s: &LedgerSummary, lang: Lang) -> String {
    if s.objects == 0 {
        return tr!(lang, "ledger-end-none");
    }
    let objects = s.objects;
    match (s.leaked, s.cleaned) {
        (0, _) => tr!(lang, "ledger-end-clean", objects = objects),
        (l, c) if c == l => tr!(lang, "ledger-end-all-cleaned", objects = objects, leaked = l),
        (l, 0) => tr!(lang, "ledger-end-leaked", objects = objects, leaked = l),
        (l, c) => tr!(lang, "ledger-end-leaked-some-cleaned", objects = objects, leaked = l, cleaned = c),
    }
}

#[cfg(test)]
#[path = "kernel_tests.rs"]
mod tests;
