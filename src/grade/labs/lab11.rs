//! Lab 11's checks: a pipe's capacity measured with non-blocking writes
//! (part 1); two writers that wait for room with poll, records of PIPE_BUF
//! bytes sent whole and a large message in as many pieces as it takes
//! (part 2); one epoll loop over a pipe and a socket (edge-triggered), an
//! eventfd and a signalfd for SIGCHLD (part 3). Judged from the calls, the
//! events epoll_wait returned and what the kernel view read, never from what
//! the lab printed.

use std::collections::HashMap;

use syscalls::Sysno;
use tracer::decode::{Syscall, Value};
use tracer::event::{EventKind, Pid};
use tracer::kernel::KernelEvent;

use super::LabSpec;
use super::common::{quotes, spawned_at};
use crate::grade::check::{self, Check, Finding, Verdict, fail, listing};
use crate::grade::model::{CallRef, Trace, calls, fd_of, fd_pair};
use crate::i18n::tr;
use crate::labs::course;

/// The lab's sizes (labs/11_poll/main.rs).
const RECORD: i64 = 4096;
const RECORDS: usize = 8;
const MESSAGE: i64 = 64 * 1024;

/// Calls that wait until a descriptor is ready.
const WAIT_READY: &[Sysno] = &[
    #[cfg(target_arch = "x86_64")]
    Sysno::poll,
    Sysno::ppoll,
    #[cfg(target_arch = "x86_64")]
    Sysno::select,
    Sysno::pselect6,
    #[cfg(target_arch = "x86_64")]
    Sysno::epoll_wait,
    Sysno::epoll_pwait,
    Sysno::epoll_pwait2,
];
/// Waiting in an epoll instance.
const EPOLL_WAIT: &[Sysno] = &[
    #[cfg(target_arch = "x86_64")]
    Sysno::epoll_wait,
    Sysno::epoll_pwait,
    Sysno::epoll_pwait2,
];

pub static SPEC: LabSpec = LabSpec {
    lab: &course::LAB11,
    checks: &[
        check::RUNS,
        Check {
            name: "capacity_measured",
            points: 1,
            description: "part 1: with the write end non-blocking, writes go in until one fails with EAGAIN, and they add up to what the kernel holds in the pipe then",
            verify: capacity_measured,
        },
        Check {
            name: "waits_for_room",
            points: 2,
            description: "part 2: a writer whose write fails with EAGAIN waits with poll (POLLOUT) before it writes again, never trying again at once",
            verify: waits_for_room,
        },
        Check {
            name: "writes_whole",
            points: 1,
            description: "part 2: each record of PIPE_BUF bytes goes out in one write, and the 64 KiB message in partial writes that each take up where the last stopped",
            verify: writes_whole,
        },
        Check {
            name: "reads_until_eagain",
            points: 2,
            description: "part 3: the pipe and the socket are watched edge-triggered, and each time epoll_wait reports one, the loop reads it until read fails with EAGAIN or returns 0",
            verify: reads_until_eagain,
        },
        Check {
            name: "handles_hangup",
            points: 1,
            description: "part 3: once a stream hangs up (EPOLLHUP, or a read returns 0), the loop removes it from the epoll instance or closes it before it waits again",
            verify: handles_hangup,
        },
        Check {
            name: "eventfd_counts",
            points: 1,
            description: "part 3: the eventfd is in the epoll instance, and what its reads return adds up to what the children added",
            verify: eventfd_counts,
        },
        Check {
            name: "sigchld_as_data",
            points: 1,
            description: "part 3: SIGCHLD is blocked, never delivered, and read from the signalfd; each child is reaped after the signalfd reported it",
            verify: sigchld_as_data,
        },
    ],
};

/// The pipes the parent made, in order: part 1's, part 2's, part 3's.
fn pipe_of(t: &Trace, n: usize) -> Result<(CallRef<'_>, String, String), Finding> {
    let pipes: Vec<CallRef> = t.named(t.root, calls::PIPE).filter(|c| c.ok()).collect();
    let made = pipes.get(n).ok_or_else(|| {
        Finding::new(
            tr!("lab11-pipe-expected", pid = t.root, part = n + 1),
            tr!("lab11-pipe-never", n = pipes.len(), part = n + 1),
        )
        .missing_in(t.root)
    })?;
    let (r, w) =
        fd_pair(made.call, "pipefd").ok_or_else(|| Finding::new(tr!("lab11-two-descriptors"), made.quote()))?;
    let target = |f: &tracer::decode::Fd| f.target.as_deref().unwrap_or_default().to_string();
    Ok((*made, target(&r), target(&w)))
}

/// The `n`th child of the parent: part 1's reader (0), part 2's writers (1,
/// 2), part 3's pipe writer (3) and socket writer (4).
fn child(t: &Trace, n: usize, what: &str) -> Result<Pid, Finding> {
    let children = t.children();
    children.get(n).copied().ok_or_else(|| {
        Finding::new(tr!("lab11-fork-expected", pid = t.root, what = what), tr!("lab11-fork-found", n = children.len()))
            .missing_in(t.root)
    })
}

/// The calls `sysnos` of `pid` on a descriptor named `target`.
fn on<'a>(t: &'a Trace, pid: Pid, sysnos: &'a [Sysno], target: &'a str) -> impl Iterator<Item = CallRef<'a>> + 'a {
    t.named(pid, sysnos).filter(move |c| fd_of(c.call).and_then(|f| f.target.as_deref()) == Some(target))
}

fn eagain(c: &CallRef) -> bool {
    c.call.errno.is_some_and(|e| e.0 == libc::EAGAIN)
}

fn count_arg(c: &CallRef) -> i64 {
    c.call.raw.args[2] as i64
}

fn capacity_measured(t: &Trace) -> Verdict {
    let (_, _, w) = pipe_of(t, 0)?;
    let until = t.children().first().map_or(usize::MAX, |&c| spawned_at(t, c));
    let writes: Vec<CallRef> = on(t, t.root, calls::WRITE, &w).filter(|c| c.index < until).collect();
    let expected = tr!("lab11-capacity-expected", end = w.as_str());
    let Some(full) = writes.iter().position(eagain) else {
        if let Some(stuck) = writes.iter().find(|c| c.ret().is_none()) {
            return Err(Finding::new(expected, tr!("lab11-still-blocked", call = stuck.quote()))
                .mistake(tr!("lab11-still-blocks")));
        }
        // Past the filling: the fcntl that reads the pipe's size, or the
        // reader's fork.
        let past = t
            .named(t.root, &[Sysno::fcntl])
            .find(|c| c.call.raw.args[1] as i32 == libc::F_GETPIPE_SZ)
            .map(|c| c.index)
            .or_else(|| t.children().first().map(|&c| spawned_at(t, c)));
        return Err(Finding::new(expected, listing(&tr!("lab11-none-eagain", n = writes.len()), &quotes(&writes)))
            .mistake(tr!("lab11-stopped-early"))
            .missing_before(t.root, past));
    };
    let held: i64 = writes[..full].iter().filter_map(|c| c.ret()).filter(|&n| n > 0).sum();
    let last = writes[..full].iter().rev().find(|c| c.ok());
    let seen = last.and_then(|c| {
        t.kernel_after(c.index).find_map(|k| match k {
            KernelEvent::Pipe(p) => p.bytes,
            _ => None,
        })
    });
    match seen {
        Some(bytes) if bytes as i64 == held && held > 0 => Ok(()),
        Some(bytes) => fail(expected, tr!("lab11-held", call = writes[full].quote(), held = held, bytes = bytes)),
        None => fail(expected, tr!("lab11-no-write-before", call = writes[full].quote())),
    }
}

/// Part 2's two writers and the name of the pipe's write end.
fn writers(t: &Trace) -> Result<([Pid; 2], String), Finding> {
    let (_, _, w) = pipe_of(t, 1)?;
    Ok(([child(t, 1, &tr!("lab11-first-writer"))?, child(t, 2, &tr!("lab11-second-writer"))?], w))
}

fn waits_for_room(t: &Trace) -> Verdict {
    let (pids, w) = writers(t)?;
    for pid in pids {
        let expected = tr!("lab11-room-expected", pid = pid, end = w.as_str());
        let mut retried = Vec::new();
        let mut full = 0;
        let mut after_eagain: Option<CallRef> = None;
        for c in t.calls(pid) {
            if c.is_any(WAIT_READY) {
                after_eagain = None;
            } else if c.is_any(calls::WRITE) && fd_of(c.call).and_then(|f| f.target.as_deref()) == Some(w.as_str()) {
                if let Some(previous) = after_eagain.take() {
                    retried.push(previous);
                }
                if eagain(&c) {
                    full += 1;
                    after_eagain = Some(c);
                }
            }
        }
        if full == 0 {
            return Err(Finding::new(expected, tr!("lab11-no-eagain", pid = pid, end = w.as_str()))
                .mistake(tr!("lab11-blocking-end"))
                .missing_in(pid));
        }
        if !retried.is_empty() {
            return Err(Finding::new(
                expected,
                listing(&tr!("lab11-retried-at-once", n = retried.len(), full = full), &quotes(&retried)),
            )
            .mistake(tr!("lab11-busy-polling")));
        }
    }
    Ok(())
}

fn writes_whole(t: &Trace) -> Verdict {
    let (pids, w) = writers(t)?;
    for pid in pids {
        let writes: Vec<CallRef> = on(t, pid, calls::WRITE, &w).filter(|c| c.ret().is_some()).collect();
        let first_big = writes.iter().position(|c| count_arg(c) > RECORD).unwrap_or(writes.len());
        let (records, message) = writes.split_at(first_big);
        if let Some(piece) = records.iter().find(|c| count_arg(c) != RECORD) {
            return Err(Finding::new(tr!("lab11-record-expected", pid = pid, record = RECORD), piece.quote())
                .mistake(tr!("lab11-record-pieces")));
        }
        let sent = records.iter().filter(|c| c.ret() == Some(RECORD)).count();
        let expected = tr!("lab11-whole-expected", pid = pid, records = RECORDS, record = RECORD, message = MESSAGE);
        if sent != RECORDS {
            return check::missing(pid, expected, tr!("lab11-records-sent", sent = sent, record = RECORD));
        }
        let mut done = 0;
        for c in message {
            if count_arg(c) != MESSAGE - done {
                return Err(Finding::new(expected, tr!("lab11-after-done", done = done, call = c.quote()))
                    .mistake(tr!("lab11-send-rest")));
            }
            done += c.ret().filter(|&n| n > 0).unwrap_or(0);
        }
        if done != MESSAGE {
            return Err(Finding::new(expected, listing(&tr!("lab11-took", done = done), &quotes(message)))
                .mistake(tr!("lab11-partial-write"))
                .missing_in(pid));
        }
    }
    Ok(())
}

/// Part 3: the epoll instance's waits, and what each watched descriptor's
/// `data` stands for, from the parent's epoll_ctl calls.
struct Loop<'a> {
    waits: Vec<CallRef<'a>>,
    /// `data` given to epoll_ctl: the descriptor's target and whether it was
    /// added edge-triggered.
    watched: HashMap<u64, (String, bool)>,
    adds: Vec<CallRef<'a>>,
    /// The targets of the pipe's read end and of the parent's socket.
    streams: Vec<String>,
}

fn the_loop(t: &Trace) -> Result<Loop<'_>, Finding> {
    let (made, r, _) = pipe_of(t, 2)?;
    let pair = t.named(t.root, &[Sysno::socketpair]).find(|c| c.ok() && c.index > made.index);
    let Some(socket) =
        pair.and_then(|c| fd_pair(c.call, "sv")).and_then(|(a, _)| a.target.as_deref().map(str::to_string))
    else {
        return check::missing(t.root, tr!("lab11-pair-expected"), tr!("lab11-no-pair"));
    };
    let adds: Vec<CallRef> = t
        .named(t.root, &[Sysno::epoll_ctl])
        .filter(|c| c.ok() && matches!(c.call.raw.args[1] as i32, libc::EPOLL_CTL_ADD | libc::EPOLL_CTL_MOD))
        .collect();
    let mut watched = HashMap::new();
    for c in &adds {
        let target = fd_of_arg(c.call, "fd").unwrap_or_default();
        let event = c.call.arg("event");
        let events = event.and_then(|e| e.field("events")).and_then(Value::as_i64).unwrap_or(0);
        let data = event.and_then(|e| e.field("data")).and_then(|d| d.field("u64")).and_then(Value::as_i64);
        if let Some(data) = data {
            watched.insert(data as u64, (target, events & libc::EPOLLET as i64 != 0));
        }
    }
    let waits: Vec<CallRef> = t.named(t.root, EPOLL_WAIT).collect();
    if waits.is_empty() {
        return check::missing(t.root, tr!("lab11-epoll-wait-expected"), tr!("lab11-no-epoll-wait"));
    }
    Ok(Loop { waits, watched, adds, streams: vec![r, socket] })
}

/// The target of descriptor argument `name`.
fn fd_of_arg(call: &Syscall, name: &str) -> Option<String> {
    call.arg(name).and_then(Value::as_fd).and_then(|f| f.target.as_deref()).map(str::to_string)
}

/// The events an epoll_wait returned: (events, data).
fn ready(c: &CallRef) -> Vec<(i64, u64)> {
    match c.call.arg("events") {
        Some(Value::Array { items, .. }) => items
            .iter()
            .map(|e| {
                let events = e.field("events").and_then(Value::as_i64).unwrap_or(0);
                let data = e.field("data").and_then(|d| d.field("u64")).and_then(Value::as_i64).unwrap_or(-1);
                (events, data as u64)
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn reads_until_eagain(t: &Trace) -> Verdict {
    let l = the_loop(t)?;
    for stream in &l.streams {
        if !l.watched.values().any(|(target, edge)| target == stream && *edge) {
            return Err(Finding::new(
                tr!("lab11-edge-expected", stream = stream.as_str()),
                listing(&tr!("lab11-epoll-ctls"), &quotes(&l.adds)),
            )
            .mistake(tr!("lab11-watch-edge")));
        }
    }
    for (i, wait) in l.waits.iter().enumerate() {
        let next = l.waits.get(i + 1).map_or(usize::MAX, |n| n.index);
        for (events, data) in ready(wait) {
            let Some((target, true)) = l.watched.get(&data) else { continue };
            if events & libc::EPOLLIN as i64 == 0 && events & libc::EPOLLHUP as i64 == 0 {
                continue;
            }
            let reads: Vec<CallRef> =
                on(t, t.root, calls::READ, target).filter(|c| c.index > wait.index && c.index < next).collect();
            let expected = tr!("lab11-drain-expected", target = target.as_str());
            let stopped = match reads.last() {
                None => true,
                Some(last) => !(eagain(last) || last.ret() == Some(0)),
            };
            if stopped {
                let mut shown = vec![wait.quote()];
                shown.extend(quotes(&reads));
                return Err(Finding::new(
                    expected,
                    listing(&tr!("lab11-reads-then-waited", n = reads.len(), target = target.as_str()), &shown),
                )
                .mistake(tr!("lab11-read-until-eagain"))
                // The loop's next wait is where it had to be done by.
                .missing_before(t.root, l.waits.get(i + 1).map(|n| n.index)));
            }
        }
    }
    Ok(())
}

fn handles_hangup(t: &Trace) -> Verdict {
    let l = the_loop(t)?;
    for stream in &l.streams {
        let expected = tr!("lab11-hangup-expected", stream = stream.as_str());
        let hup_event = l.waits.iter().find(|w| {
            ready(w).iter().any(|(events, data)| {
                events & libc::EPOLLHUP as i64 != 0 && l.watched.get(data).is_some_and(|(target, _)| target == stream)
            })
        });
        let eof_read = on(t, t.root, calls::READ, stream).find(|c| c.ret() == Some(0));
        let seen = [hup_event.map(|c| c.index), eof_read.as_ref().map(|c| c.index)].into_iter().flatten().min();
        let Some(at) = seen else {
            return check::missing(t.root, expected, tr!("lab11-no-hangup", stream = stream.as_str()));
        };
        let next_wait = l.waits.iter().find(|w| w.index > at).map_or(usize::MAX, |w| w.index);
        let removed = t.named(t.root, &[Sysno::epoll_ctl, Sysno::close]).any(|c| {
            c.index > at
                && c.index < next_wait
                && c.ok()
                && (c.is(Sysno::close) || c.call.raw.args[1] as i32 == libc::EPOLL_CTL_DEL)
                && (fd_of_arg(c.call, "fd").as_deref() == Some(stream.as_str())
                    || c.is(Sysno::close) && fd_of(c.call).and_then(|f| f.target.as_deref()) == Some(stream.as_str()))
        });
        if !removed {
            let what = match (hup_event, &eof_read) {
                (Some(w), _) if Some(w.index) == seen => w.quote(),
                (_, Some(r)) => r.quote(),
                (Some(w), None) => w.quote(),
                (None, None) => String::new(),
            };
            let then =
                l.waits.iter().find(|w| w.index > at).map(|w| tr!("lab11-then", call = w.quote())).unwrap_or_default();
            return Err(Finding::new(expected, format!("{what}{then}"))
                .missing_before(t.root, (next_wait != usize::MAX).then_some(next_wait))
                .mistake(tr!("lab11-hangup-ignored")));
        }
    }
    Ok(())
}

/// The value of an 8-byte eventfd buffer.
fn counter_value(c: &CallRef) -> Option<u64> {
    let b = c.call.arg("buf").and_then(Value::as_bytes)?;
    Some(u64::from_ne_bytes(b.data.get(..8)?.try_into().ok()?))
}

fn eventfd_counts(t: &Trace) -> Verdict {
    const EVENTFD: &str = "anon_inode:[eventfd]";
    let l = the_loop(t)?;
    let expected = tr!("lab11-eventfd-expected");
    if !l.watched.values().any(|(target, _)| target == EVENTFD) {
        return Err(Finding::new(expected, listing(&tr!("lab11-epoll-ctls"), &quotes(&l.adds)))
            .mistake(tr!("lab11-add-eventfd")));
    }
    let added: u64 = [child(t, 3, &tr!("lab11-pipe-writer"))?, child(t, 4, &tr!("lab11-socket-writer"))?]
        .into_iter()
        .flat_map(|pid| on(t, pid, calls::WRITE, EVENTFD).filter(|c| c.ret() == Some(8)).collect::<Vec<_>>())
        .filter_map(|c| counter_value(&c))
        .sum();
    let reads: Vec<CallRef> = on(t, t.root, calls::READ, EVENTFD).filter(|c| c.ok()).collect();
    let taken: u64 = reads.iter().filter_map(counter_value).sum();
    if taken == added && added > 0 {
        return Ok(());
    }
    let last = t
        .events
        .iter()
        .rev()
        .find_map(|e| match &e.kind {
            EventKind::Kernel(KernelEvent::Eventfd(s)) => {
                Some(tracer::render::notify::eventfd_in(s, crate::lang::current()))
            }
            _ => None,
        })
        .map(|s| tr!("lab11-last-reading", reading = s))
        .unwrap_or_default();
    Err(Finding::new(
        expected,
        listing(&tr!("lab11-added-taken", added = added, taken = taken, last = last), &quotes(&reads)),
    )
    .mistake(tr!("lab11-counter-not-queue"))
    .missing_in(t.root))
}

fn sigchld_as_data(t: &Trace) -> Verdict {
    const SIGNALFD: &str = "anon_inode:[signalfd]";
    let kids = [child(t, 3, &tr!("lab11-pipe-writer"))?, child(t, 4, &tr!("lab11-socket-writer"))?];
    let from = spawned_at(t, kids[0]);
    let expected = tr!("lab11-sigchld-expected");
    let delivered = t
        .events
        .iter()
        .enumerate()
        .skip(from)
        .find(|(_, e)| e.pid == t.root && matches!(&e.kind, EventKind::Signal(s) if s.signo == libc::SIGCHLD));
    if let Some((i, _)) = delivered {
        let made = t.named(t.root, &[Sysno::signalfd4]).find(|c| c.ok()).map(|c| {
            let line = t.kernel_after(c.index).find_map(|k| match k {
                KernelEvent::Signalfd(s) => Some(tracer::render::notify::signalfd_in(s, crate::lang::current())),
                _ => None,
            });
            let line = line.map(|l| tr!("lab11-kernel-line", line = l)).unwrap_or_default();
            format!("{}{line}", c.quote())
        });
        return Err(Finding::new(
            expected,
            tr!("lab11-delivered", event = i, after = made.map(|m| tr!("lab11-after", call = m)).unwrap_or_default()),
        )
        .mistake(tr!("lab11-not-blocked")));
    }
    let reads: Vec<CallRef> =
        on(t, t.root, calls::READ, SIGNALFD).filter(|c| c.ret().is_some_and(|n| n >= 128)).collect();
    let Some(first) = reads.first() else {
        return check::missing(t.root, expected, tr!("lab11-no-signal-read"));
    };
    for kid in kids {
        let reaped = t.named(t.root, calls::WAIT).find(|c| c.ret() == Some(i64::from(kid)));
        match reaped {
            Some(w) if w.index > first.index => {}
            Some(w) => {
                return Err(Finding::new(expected, tr!("lab11-reaped-early", call = w.quote()))
                    .mistake(tr!("lab11-reap-after")));
            }
            None => {
                return Err(Finding::new(expected, tr!("lab11-never-reaped", pid = kid))
                    .missing_in(t.root)
                    .mistake(tr!("lab11-not-queued")));
            }
        }
    }
    Ok(())
}
