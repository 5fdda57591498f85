//! Lab 09's checks, on a short run (a few rounds): for each mechanism, in
//! the order the lab measures them, the parent and its echo child move the
//! right messages with the right calls (timings are not judged); and every
//! object the lab created is removed.

use syscalls::Sysno;
use tracer::decode::Fd;
use tracer::event::Pid;

use super::LabSpec;
use super::common::{msg_type, quotes, sem_ops};
use crate::grade::check::{self, Check, Finding, Verdict, fail, listing, removed_where};
use crate::grade::model::{CallRef, Trace, calls, fd_of, int_arg};
use crate::labs::course;

/// Round trips and stream messages per mechanism while graded (the
/// first argument of its graded run, see `course::LAB09`).
pub(super) const ROUNDS: usize = 3;
const SMALL: usize = 64;
const LARGE: usize = 4096;
/// The chart's file name in the run's directory (`course::LAB09` keeps it).
pub(super) const CHART: &str = "chart.svg";

pub static SPEC: LabSpec = LabSpec {
    lab: &course::LAB09,
    checks: &[
        Check { description: "the lab runs to completion, prints the table and writes the chart", ..check::RUNS },
        Check {
            name: "pipe",
            points: 1,
            description: "pipe: the parent writes each message to one pipe and reads the echo from the other; the child the reverse",
            verify: pipe,
        },
        Check { name: "fifo", points: 1, description: "FIFO: the same exchange through the two FIFOs", verify: fifo },
        Check {
            name: "sysv_msg",
            points: 1,
            description: "System V queue: msgsnd and msgrcv, type 1 towards the child and type 2 back",
            verify: sysv_msg,
        },
        Check {
            name: "posix_mq",
            points: 1,
            description: "POSIX queues: one mq_send and one mq_receive per message, one queue per direction",
            verify: posix_mq,
        },
        Check {
            name: "shm_sem",
            points: 1,
            description: "shared memory: each message is written after semop -1 on the slot's empty semaphore and posted with +1 on its full one, and read the other way round",
            verify: shm_sem,
        },
        Check {
            name: "socket",
            points: 1,
            description: "Unix socket: the parent and the child write and read their own ends of the pair",
            verify: socket,
        },
        Check {
            name: "file",
            points: 1,
            description: "file: pwrite at the writer's offset, pread until the message is whole, sched_yield when nothing new has come",
            verify: file,
        },
        Check {
            name: "everything_removed",
            points: 2,
            description: "every queue, segment, semaphore set, FIFO and file the lab creates is removed",
            verify: everything_removed,
        },
    ],
};

/// The mechanisms, in the order the lab measures them.
const ORDER: [&str; 7] = ["pipe", "FIFO", "System V msg", "POSIX mq", "shm + sem", "Unix socket", "file"];

/// Mechanism `k`'s echo child and the window of the parent's calls for it.
fn mechanism(t: &Trace, k: usize) -> Result<(Pid, usize, usize), Finding> {
    let children = t.children();
    let Some(&child) = children.get(k) else {
        return fail(
            format!("the parent to fork an echo child for {} (child number {})", ORDER[k], k + 1),
            format!("it forked {} child(ren)", children.len()),
        );
    };
    let waited = |pid: Pid| t.named(t.root, &[Sysno::wait4]).find(|c| c.ret() == Some(pid as i64)).map(|c| c.index);
    let start = if k == 0 { 0 } else { waited(children[k - 1]).unwrap_or(0) };
    let end = waited(child).unwrap_or(usize::MAX);
    Ok((child, start, end))
}

/// The calls `sysno` of `pid` in `[start, end)` whose descriptor target satisfies `is`.
fn on<'a>(t: &'a Trace, pid: Pid, window: (usize, usize), sysno: Sysno, is: fn(&Fd) -> bool) -> Vec<CallRef<'a>> {
    t.named(pid, &[sysno])
        .filter(|c| c.index >= window.0 && c.index < window.1)
        .filter(|c| fd_of(c.call).is_some_and(is))
        .collect()
}

fn bytes(calls: &[CallRef]) -> usize {
    calls.iter().filter(|c| c.ok()).map(|c| c.ret().unwrap_or(0).max(0) as usize).sum()
}

/// The byte counts of a streaming exchange: the parent sends ROUNDS small
/// and ROUNDS large messages and receives ROUNDS + 1 small ones.
fn stream_exchange(t: &Trace, k: usize, writes: Sysno, reads: Sysno, is: fn(&Fd) -> bool) -> Verdict {
    let (child, start, end) = mechanism(t, k)?;
    let to_child = ROUNDS * (SMALL + LARGE);
    let to_parent = ROUNDS * SMALL + SMALL;
    for (pid, window, sent, received) in
        [(t.root, (start, end), to_child, to_parent), (child, (0, usize::MAX), to_parent, to_child)]
    {
        let w = on(t, pid, window, writes, is);
        let r = on(t, pid, window, reads, is);
        if bytes(&w) != sent || bytes(&r) != received {
            let mut shown = w.clone();
            shown.extend(r.iter().copied());
            shown.sort_by_key(|c| c.index);
            return Err(Finding::new(
                format!(
                    "for {}, {} to send {sent} bytes and receive {received} ({ROUNDS} round trips of {SMALL} bytes, {ROUNDS} messages of {LARGE}, one reply)",
                    ORDER[k],
                    t.who(pid)
                ),
                listing(&format!("it sent {} bytes and received {}", bytes(&w), bytes(&r)), &quotes(&shown)),
            )
            .mistake("send or receive does not move the whole message for this mechanism (loop until all is written or read)"));
        }
    }
    Ok(())
}

fn pipe(t: &Trace) -> Verdict {
    stream_exchange(t, 0, Sysno::write, Sysno::read, |f| f.pipe_inode().is_some())
}

fn fifo(t: &Trace) -> Verdict {
    stream_exchange(t, 1, Sysno::write, Sysno::read, |f| f.target.as_deref().is_some_and(|x| x.ends_with(".fifo")))
}

fn socket(t: &Trace) -> Verdict {
    stream_exchange(t, 5, Sysno::write, Sysno::read, |f| f.socket_inode().is_some())
}

fn file(t: &Trace) -> Verdict {
    stream_exchange(t, 6, Sysno::pwrite64, Sysno::pread64, |f| {
        f.target.as_deref().is_some_and(|x| x.ends_with(".data"))
    })?;
    let (child, start, end) = mechanism(t, 6)?;
    for (pid, window) in [(t.root, (start, end)), (child, (0, usize::MAX))] {
        let calls: Vec<CallRef> = t.calls(pid).filter(|c| c.index >= window.0 && c.index < window.1).collect();
        for (i, c) in calls.iter().enumerate() {
            let empty_read = c.is(Sysno::pread64) && c.ret() == Some(0);
            if empty_read && calls.get(i + 1).is_none_or(|next| !next.is(Sysno::sched_yield)) {
                return Err(Finding::new(
                    "sched_yield after each pread that found nothing new",
                    format!("{} not followed by sched_yield", c.quote()),
                )
                .mistake("polling the file with no yield: the reader spins and the writer (on the same CPU) waits"));
            }
        }
    }
    Ok(())
}

/// The message calls of a queue mechanism: counts per process.
fn queue_exchange(t: &Trace, k: usize, send: Sysno, receive: Sysno, check_types: bool) -> Verdict {
    let (child, start, end) = mechanism(t, k)?;
    for (pid, window, sends, receives, tx, rx) in
        [(t.root, (start, end), 2 * ROUNDS, ROUNDS + 1, 1, 2), (child, (0, usize::MAX), ROUNDS + 1, 2 * ROUNDS, 2, 1)]
    {
        let inside = |c: &CallRef| c.index >= window.0 && c.index < window.1 && c.ok();
        let s: Vec<CallRef> = t.named(pid, &[send]).filter(inside).collect();
        let r: Vec<CallRef> = t.named(pid, &[receive]).filter(inside).collect();
        let expected = format!(
            "for {}, {} to make {sends} {send} and {receives} {receive} calls, one per message",
            ORDER[k],
            t.who(pid)
        );
        if s.len() != sends || r.len() != receives {
            let mut shown = s.clone();
            shown.extend(r.iter().copied());
            shown.sort_by_key(|c| c.index);
            return Err(Finding::new(expected, listing(&format!("{} and {}", s.len(), r.len()), &quotes(&shown))));
        }
        if check_types {
            if let Some(bad) = s.iter().find(|c| msg_type(c) != Some(tx)) {
                return Err(Finding::new(format!("{} to send type {tx}", t.who(pid)), bad.quote())
                    .mistake("use the end's tx_type: one type per direction"));
            }
            if let Some(bad) = r.iter().find(|c| int_arg(c.call, "msgtyp", 3) != rx) {
                return Err(Finding::new(format!("{} to receive type {rx}", t.who(pid)), bad.quote())
                    .mistake("use the end's rx_type: receiving type 0 may take back your own message"));
            }
        }
    }
    Ok(())
}

fn sysv_msg(t: &Trace) -> Verdict {
    queue_exchange(t, 2, Sysno::msgsnd, Sysno::msgrcv, true)
}

fn posix_mq(t: &Trace) -> Verdict {
    queue_exchange(t, 3, Sysno::mq_timedsend, Sysno::mq_timedreceive, false)
}

fn shm_sem(t: &Trace) -> Verdict {
    let (child, start, end) = mechanism(t, 4)?;
    // Slot s: semaphore 2s is "empty", 2s+1 is "full". The parent sends in
    // slot 0 and receives from slot 1; the child the reverse.
    for (pid, window, tx, rx, sends, receives) in
        [(t.root, (start, end), 0, 1, 2 * ROUNDS, ROUNDS + 1), (child, (0, usize::MAX), 1, 0, ROUNDS + 1, 2 * ROUNDS)]
    {
        let calls: Vec<CallRef> =
            t.named(pid, calls::SEMOP).filter(|c| c.index >= window.0 && c.index < window.1).collect();
        let ops: Vec<(i64, i64)> = calls.iter().flat_map(sem_ops).map(|(n, v, _)| (n, v)).collect();
        let (mut sent, mut received) = (0, 0);
        let mut i = 0;
        let expected = format!(
            "{} to send with semop(-1 on sem {}) then semop(+1 on sem {}), and receive with semop(-1 on sem {}) then semop(+1 on sem {})",
            t.who(pid),
            2 * tx,
            2 * tx + 1,
            2 * rx + 1,
            2 * rx
        );
        while i < ops.len() {
            let pair = (ops[i], ops.get(i + 1).copied());
            match pair {
                ((n, -1), Some((m, 1))) if n == 2 * tx && m == 2 * tx + 1 => sent += 1,
                ((n, -1), Some((m, 1))) if n == 2 * rx + 1 && m == 2 * rx => received += 1,
                _ => {
                    let at = calls.get(i).map(|c| c.quote()).unwrap_or_default();
                    let mistake = if ops[i] == (2 * tx + 1, 1) {
                        "the message is posted without first waiting for the slot to be empty: it can overwrite a message not yet read"
                    } else {
                        "the semaphores of a slot are taken or posted in the wrong order"
                    };
                    return Err(Finding::new(expected, format!("an unexpected operation: {at}")).mistake(mistake));
                }
            }
            i += 2;
        }
        if sent != sends || received != receives {
            return fail(expected, format!("{sent} sends and {received} receives (expected {sends} and {receives})"));
        }
    }
    Ok(())
}

fn everything_removed(t: &Trace) -> Verdict {
    mechanism(t, ORDER.len() - 1)?;
    removed_where(t, "queue, segment, semaphore set, FIFO or file", |o| !o.name.ends_with(CHART))
}
