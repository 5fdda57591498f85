//! Lab 13's checks, judged from the lock calls and the locks the kernel
//! listed after each (/proc/locks, in the kernel view): two readers hold
//! read locks at once; no reader gets the data ahead of a writer that is
//! already waiting; the log's lock survives a helper's close of another
//! descriptor on the file (an OFD lock); a second flock fails at once with
//! EWOULDBLOCK; after EDEADLK a process gives way, and the accounts are
//! written only under both locks; every file is removed.

use syscalls::Sysno;
use tracer::event::{EventKind, Pid};
use tracer::kernel::KernelEvent;
use tracer::kernel::objects::{FileLock, LockState};

use super::LabSpec;
use super::common::{nth_child, quotes};
use crate::grade::check::{self, Check, Finding, Verdict, calls_or, fail, listing, missing, removed};
use crate::grade::model::{CallRef, ResourceKind, Trace, fd_of, field_int, int_arg};
use crate::i18n::tr;
use crate::labs::course;

/// Byte 0 of shared.txt: the data (labs/13_locks/main.rs, DATA).
const DATA: (u64, u64) = (0, 0);
/// The two accounts of scene 4: bytes 0-7 and 8-15 of `accounts`.
const ACCOUNTS: usize = 16;
/// What the accounts hold after both transfers: 100 - 10 + 20, 100 + 10 - 20.
const FINAL: (u64, u64) = (110, 90);

pub static SPEC: LabSpec = LabSpec {
    lab: &course::LAB13,
    checks: &[
        check::RUNS,
        Check {
            name: "readers_share",
            points: 1,
            description: "the two readers hold read locks (F_RDLCK) on the data at the same time, as /proc/locks shows",
            verify: readers_share,
        },
        Check {
            name: "writer_not_starved",
            points: 2,
            description: "once the writer waits for its write lock, no reader is granted the data before it (the locks the kernel lists after each reader's lock call)",
            verify: writer_not_starved,
        },
        Check {
            name: "ofd_lock_survives_close",
            points: 2,
            description: "the logger locks its log with an open file description lock (F_OFD_SETLKW), so the helper's close of another descriptor on the file leaves it held: the probe's F_SETLK is refused",
            verify: ofd_lock_survives_close,
        },
        Check {
            name: "flock_excludes",
            points: 1,
            description: "while the parent holds flock(LOCK_EX), the other process's flock(LOCK_EX|LOCK_NB) fails at once with EWOULDBLOCK",
            verify: flock_excludes,
        },
        Check {
            name: "deadlock_backs_off",
            points: 2,
            description: "a process whose F_SETLKW the kernel refuses with EDEADLK releases what it holds before asking again; each process writes the accounts only while holding both their locks, and they end at 110 and 90",
            verify: deadlock_backs_off,
        },
        Check {
            name: "files_removed",
            points: 1,
            description: "every file the lab creates is removed",
            verify: files_removed,
        },
    ],
};

/// The last part of a path.
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The calls of `pid` on a descriptor of the file named `name`.
fn on_file<'a>(t: &'a Trace, pid: Pid, name: &'a str, calls: &'a [Sysno]) -> Vec<CallRef<'a>> {
    t.named(pid, calls)
        .filter(|c| fd_of(c.call).and_then(|f| f.target.as_deref()).is_some_and(|p| file_name(p) == name))
        .collect()
}

/// An fcntl record lock call: its command, lock type and byte range
/// `[start, end]` (end None: to the end of the file).
#[derive(Debug, Clone, Copy)]
struct LockCall {
    cmd: i32,
    kind: i32,
    start: u64,
    end: Option<u64>,
}

impl LockCall {
    fn of(c: &CallRef) -> Option<LockCall> {
        if !c.is(Sysno::fcntl) {
            return None;
        }
        let cmd = int_arg(c.call, "cmd", 1) as i32;
        if !matches!(cmd, libc::F_SETLK | libc::F_SETLKW | libc::F_OFD_SETLK | libc::F_OFD_SETLKW) {
            return None;
        }
        let kind = field_int(c.call, "arg", "l_type")? as i32;
        let start = field_int(c.call, "arg", "l_start")?.max(0) as u64;
        let len = field_int(c.call, "arg", "l_len")?;
        let end = (len > 0).then(|| start + len as u64 - 1);
        Some(LockCall { cmd, kind, start, end })
    }

    fn overlaps(&self, (s, e): (u64, u64)) -> bool {
        self.start <= e && self.end.is_none_or(|end| end >= s)
    }

    fn ofd(&self) -> bool {
        matches!(self.cmd, libc::F_OFD_SETLK | libc::F_OFD_SETLKW)
    }
}

fn lock_overlaps(l: &FileLock, (s, e): (u64, u64)) -> bool {
    l.start <= e && l.end.is_none_or(|end| end >= s)
}

/// The locks the kernel view listed right after the call at `index`.
fn locks_after(t: &Trace, index: usize) -> Option<&LockState> {
    let pid = t.events.get(index)?.pid;
    t.events[index + 1..].iter().take_while(|e| e.pid == pid && matches!(e.kind, EventKind::Kernel(_))).find_map(|e| {
        match &e.kind {
            EventKind::Kernel(KernelEvent::Locks(l)) => Some(l),
            _ => None,
        }
    })
}

/// A kernel line of locks, as the trace shows it.
fn locks_line(l: &LockState) -> String {
    let line = tracer::render::kernel::kernel_line_in(&KernelEvent::Locks(l.clone()), crate::lang::current());
    format!("kernel: {line}")
}

/// The reader processes and the writer of scene 1.
fn scene1(t: &Trace) -> Result<(Pid, Pid, Pid), Finding> {
    Ok((
        nth_child(t, 0, &tr!("lab13-reader-a"))?,
        nth_child(t, 1, &tr!("lab13-reader-b"))?,
        nth_child(t, 2, &tr!("lab13-the-writer"))?,
    ))
}

/// The successful read-lock calls of `pid` on the data.
fn read_locks(t: &Trace, pid: Pid) -> Vec<CallRef<'_>> {
    on_file(t, pid, "shared.txt", &[Sysno::fcntl])
        .into_iter()
        .filter(|c| c.ok() && LockCall::of(c).is_some_and(|l| l.kind == libc::F_RDLCK && l.overlaps(DATA)))
        .collect()
}

fn readers_share(t: &Trace) -> Verdict {
    let (a, b) = (nth_child(t, 0, &tr!("lab13-reader-a"))?, nth_child(t, 1, &tr!("lab13-reader-b"))?);
    let expected = tr!("lab13-share-expected");
    let mut calls = read_locks(t, a);
    calls.extend(read_locks(t, b));
    if calls.is_empty() {
        let tried: Vec<CallRef> = [a, b]
            .iter()
            .flat_map(|&p| on_file(t, p, "shared.txt", &[Sysno::fcntl]))
            .filter(|c| LockCall::of(c).is_some())
            .collect();
        let f = Finding::new(expected, listing(&tr!("lab13-no-read-lock"), &quotes(&tried)))
            .mistake(tr!("lab13-take-read-lock"));
        // A reader that never asked for a lock never got that far, unless
        // it went on to its end.
        let asked = |p: Pid| tried.iter().find(|c| c.pid == p && c.returned()).map(|c| c.index);
        return Err(match [a, b].into_iter().find(|&p| asked(p).is_none()) {
            Some(idle) => f.missing_in(idle),
            None => f,
        });
    }
    let shared = calls.iter().any(|c| {
        locks_after(t, c.index).is_some_and(|l| {
            let readers: Vec<Option<Pid>> =
                l.locks.iter().filter(|k| !k.waiting && !k.write && lock_overlaps(k, DATA)).map(|k| k.pid).collect();
            readers.contains(&Some(a)) && readers.contains(&Some(b))
        })
    });
    if shared {
        return Ok(());
    }
    let shown: Vec<String> = calls
        .iter()
        .filter_map(|c| locks_after(t, c.index).map(|l| format!("{}\n    {}", c.quote(), locks_line(l))))
        .collect();
    Err(Finding::new(expected, listing(&tr!("lab13-locks-after"), &shown)).mistake(tr!("lab13-never-together")))
}

fn writer_not_starved(t: &Trace) -> Verdict {
    let (a, b, writer) = scene1(t)?;
    let expected = tr!("lab13-starve-expected", writer = writer);
    let granted = on_file(t, writer, "shared.txt", &[Sysno::fcntl])
        .into_iter()
        .find(|c| c.ok() && LockCall::of(c).is_some_and(|l| l.kind == libc::F_WRLCK && l.overlaps(DATA)));
    for c in [a, b].iter().flat_map(|&p| read_locks(t, p)) {
        if granted.is_some_and(|g| c.index > g.index) {
            continue;
        }
        let Some(l) = locks_after(t, c.index) else { continue };
        let waits = l.locks.iter().any(|k| k.waiting && k.write && k.pid == Some(writer) && lock_overlaps(k, DATA));
        if waits {
            return Err(
                Finding::new(expected, format!("{}\n    {}", c.quote(), locks_line(l))).mistake(tr!("lab13-starved"))
            );
        }
    }
    let Some(granted) = granted else {
        let tried: Vec<CallRef> = on_file(t, writer, "shared.txt", &[Sysno::fcntl])
            .into_iter()
            .filter(|c| LockCall::of(c).is_some())
            .collect();
        // Refused: the writer's doing. Still waiting, or never asked: it
        // never got that far, unless it went on to its end.
        let refused = tried.iter().find(|c| c.returned()).map(|c| c.index);
        return Err(Finding::new(
            tr!("lab13-writer-lock", writer = writer),
            calls_or(tr!("lab13-its-locks"), tr!("lab13-no-lock-call"), &quotes(&tried)),
        )
        .missing_before(writer, refused));
    };
    // The writer must have waited its turn behind the readers there were,
    // not come in while a reader held the data.
    if let Some(l) = locks_after(t, granted.index) {
        if l.locks.iter().any(|k| !k.waiting && !k.write && k.pid != Some(writer) && lock_overlaps(k, DATA)) {
            return fail(tr!("lab13-exclude-readers"), format!("{}\n    {}", granted.quote(), locks_line(l)));
        }
    }
    Ok(())
}

fn ofd_lock_survives_close(t: &Trace) -> Verdict {
    let probe = nth_child(t, 3, &tr!("lab13-the-probe"))?;
    let expected = tr!("lab13-ofd-expected");
    let locks: Vec<CallRef> = on_file(t, t.root, "app.log", &[Sysno::fcntl, Sysno::flock])
        .into_iter()
        .filter(|c| c.ok() && (c.is(Sysno::flock) || LockCall::of(c).is_some_and(|l| l.kind == libc::F_WRLCK)))
        .collect();
    let Some(lock) = locks.first() else {
        return missing(t.root, expected, tr!("lab13-no-log-lock"));
    };
    let ofd = LockCall::of(lock).is_some_and(|l| l.ofd() && l.start == 0 && l.end.is_none());
    if !ofd {
        // What the helper's close did to it, as the kernel listed it.
        let close = on_file(t, t.root, "app.log", &[Sysno::close]).into_iter().find(|c| c.index > lock.index);
        let after =
            close.and_then(|c| locks_after(t, c.index).map(|l| format!("\n  {}\n    {}", c.quote(), locks_line(l))));
        let mut f = Finding::new(expected, format!("{}{}", lock.quote(), after.unwrap_or_default()));
        if LockCall::of(lock).is_some_and(|l| !l.ofd()) {
            f = f.mistake(tr!("lab13-process-lock"));
        }
        return Err(f);
    }
    let tries = on_file(t, probe, "app.log", &[Sysno::fcntl]);
    let Some(try_) = tries.iter().find(|c| LockCall::of(c).is_some_and(|l| l.kind == libc::F_WRLCK)) else {
        let found = calls_or(tr!("lab13-its-fcntls"), tr!("lab13-no-fcntl"), &quotes(&tries));
        return missing(probe, tr!("lab13-probe-tries"), found);
    };
    if try_.ok() {
        return Err(Finding::new(tr!("lab13-probe-refused"), try_.quote()).mistake(tr!("lab13-lock-gone")));
    }
    Ok(())
}

fn flock_excludes(t: &Trace) -> Verdict {
    let other = nth_child(t, 4, &tr!("lab13-flock-other"))?;
    let held = on_file(t, t.root, "whole.lock", &[Sysno::flock])
        .into_iter()
        .find(|c| c.ok() && int_arg(c.call, "operation", 1) as i32 & libc::LOCK_EX != 0);
    let Some(held) = held else {
        return missing(t.root, tr!("lab13-flock-held"), tr!("lab13-no-flock"));
    };
    let expected = tr!("lab13-flock-expected", other = other);
    // Its tries to take a lock: an unlock (LOCK_UN) is not one (a Flock
    // value inherited across fork unlocks the parent's lock when dropped).
    let tries: Vec<CallRef> = on_file(t, other, "whole.lock", &[Sysno::flock])
        .into_iter()
        .filter(|c| int_arg(c.call, "operation", 1) as i32 & (libc::LOCK_EX | libc::LOCK_SH) != 0)
        .collect();
    let Some(try_) = tries.first() else {
        return missing(other, expected, tr!("lab13-no-flock-call"));
    };
    let op = int_arg(try_.call, "operation", 1) as i32;
    if op & libc::LOCK_NB == 0 {
        return Err(Finding::new(expected, try_.quote()).mistake(tr!("lab13-lock-nb")));
    }
    if op & libc::LOCK_EX == 0 {
        return fail(expected, try_.quote());
    }
    match try_.call.errno {
        Some(e) if e.0 == libc::EWOULDBLOCK => {}
        _ => return fail(expected, try_.quote()),
    }
    let released = on_file(t, t.root, "whole.lock", &[Sysno::flock, Sysno::close]).into_iter().any(|c| {
        c.ok()
            && c.index > held.index
            && (c.is(Sysno::close) || int_arg(c.call, "operation", 1) as i32 & libc::LOCK_UN != 0)
    });
    if !released {
        return missing(t.root, tr!("lab13-release"), tr!("lab13-no-lock-un", call = held.quote()));
    }
    Ok(())
}

fn deadlock_backs_off(t: &Trace) -> Verdict {
    let child = nth_child(t, 5, &tr!("lab13-second-transfer"))?;
    let mut idle = None;
    for pid in [t.root, child] {
        let who = t.who(pid);
        // From the process's first lock on the accounts (the parent wrote
        // their first values alone, before the other process existed).
        let calls: Vec<CallRef> = on_file(t, pid, "accounts", &[Sysno::fcntl, Sysno::pwrite64, Sysno::write])
            .into_iter()
            .filter(|c| !c.is(Sysno::fcntl) || LockCall::of(c).is_some())
            .skip_while(|c| !c.is(Sysno::fcntl))
            .collect();
        // The bytes of the accounts this process holds a write lock on.
        let mut held = [false; ACCOUNTS];
        let mut after_deadlock: Option<&CallRef> = None;
        let mut writes = 0;
        for c in &calls {
            if let Some(l) = LockCall::of(c) {
                let bytes = l.start as usize..l.end.map_or(ACCOUNTS, |e| (e as usize + 1).min(ACCOUNTS));
                if l.kind == libc::F_UNLCK {
                    for b in bytes.clone() {
                        held[b.min(ACCOUNTS - 1)] = false;
                    }
                    after_deadlock = None;
                    continue;
                }
                if let Some(first) = after_deadlock {
                    if l.kind == libc::F_WRLCK && held.iter().any(|h| *h) {
                        return Err(Finding::new(
                            tr!("lab13-back-off", who = who.as_str()),
                            listing(&tr!("lab13-in-order"), &[first.quote(), c.quote()]),
                        )
                        .mistake(tr!("lab13-still-holding")));
                    }
                }
                if c.call.errno.is_some_and(|e| e.0 == libc::EDEADLK) {
                    after_deadlock = Some(c);
                    continue;
                }
                if c.ok() && l.kind == libc::F_WRLCK {
                    for b in bytes {
                        held[b.min(ACCOUNTS - 1)] = true;
                    }
                }
                continue;
            }
            if !c.ok() {
                continue;
            }
            writes += 1;
            let offset = c.call.arg("offset").and_then(|v| v.as_i64()).unwrap_or(0).max(0) as usize;
            let len = c.ret().unwrap_or(0).max(0) as usize;
            let unheld = (offset..(offset + len).min(ACCOUNTS)).any(|b| !held[b]);
            if unheld || !held.iter().all(|h| *h) {
                let mistake = if after_deadlock.is_some() { tr!("lab13-went-on") } else { tr!("lab13-without-both") };
                return Err(Finding::new(
                    tr!("lab13-write-holding", who = who.as_str()),
                    tr!("lab13-holding-bytes", call = c.quote(), bytes = held_bytes(&held)),
                )
                .mistake(mistake));
            }
        }
        if writes == 0 && idle.is_none() {
            idle = Some(
                Finding::new(tr!("lab13-move-money", who = who.as_str()), tr!("lab13-never-wrote", who = who.as_str()))
                    .missing_in(pid),
            );
        }
    }
    // A process that never got to write: after the other's mistakes, if any.
    if let Some(f) = idle {
        return Err(f);
    }
    // What the accounts hold: the last write of each.
    let last = |offset: i64| {
        t.all_calls()
            .filter(|c| c.ok() && c.is(Sysno::pwrite64))
            .filter(|c| fd_of(c.call).and_then(|f| f.target.as_deref()).is_some_and(|p| file_name(p) == "accounts"))
            .filter(|c| c.call.arg("offset").and_then(|v| v.as_i64()) == Some(offset))
            .last()
    };
    let value = |c: Option<CallRef>| -> Option<u64> {
        let c = c?;
        let bytes = super::common::bytes_moved(std::slice::from_ref(&c));
        <[u8; 8]>::try_from(bytes.as_slice()).ok().map(u64::from_le_bytes)
    };
    let (a, b) = (value(last(0)), value(last(8)));
    if (a, b) != (Some(FINAL.0), Some(FINAL.1)) {
        let shown: Vec<String> = [last(0), last(8)].iter().flatten().map(|c| c.quote()).collect();
        let f = Finding::new(
            tr!("lab13-accounts-end", a = FINAL.0, b = FINAL.1),
            listing(&tr!("lab13-last-writes"), &shown),
        );
        // A transfer cut short leaves the accounts half done: not reached.
        return Err(match [t.root, child].into_iter().find(|&p| t.cut_short(p).is_some()) {
            Some(cut) => f.missing_in(cut),
            None => f,
        });
    }
    // With or without EDEADLK (a process that gives way before asking for
    // the second lock never meets it), the transfers were safe.
    Ok(())
}

fn held_bytes(held: &[bool; ACCOUNTS]) -> String {
    let bytes: Vec<String> = held.iter().enumerate().filter(|(_, h)| **h).map(|(i, _)| i.to_string()).collect();
    if bytes.is_empty() { tr!("lab13-no-bytes") } else { bytes.join(", ") }
}

fn files_removed(t: &Trace) -> Verdict {
    let names = ["shared.txt", "app.log", "whole.lock", "accounts"];
    let created = t.objects();
    if let Some(missing) =
        names.iter().find(|n| !created.iter().any(|o| o.kind == ResourceKind::File && file_name(&o.name) == **n))
    {
        return check::missing(t.root, tr!("lab13-files-expected"), tr!("lab13-never-created", name = *missing));
    }
    removed(t, &[ResourceKind::File, ResourceKind::Dir], &tr!("lab13-file-or-dir"))
}
