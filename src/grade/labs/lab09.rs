//! Lab 09's checks, on a short run (2 trials of each mechanism, 3 rounds and
//! 1 warm-up round each, the order fixed by a seed). Every trial is one echo
//! child of the lab's first process; which mechanism it measures is read
//! from the objects the parent made just before forking it (pipe2, mknodat,
//! msgget, mq_open, shmget, socketpair, the `.data` files, an AF_INET
//! socket). For each mechanism, the parent and its echo child must move the
//! right messages with the right calls (timings are not judged); the shared
//! memory ring must sleep and wake through shared futexes, and refuse a
//! message when full; the file receiver must sleep on inotify instead of
//! polling; and every object the lab created must be removed.

use syscalls::Sysno;
use tracer::event::{Exit, Pid};
use tracer::ptrace::Outcome;

use super::LabSpec;
use super::common::{msg_type, quotes};
use crate::grade::check::{self, Check, Finding, Verdict, fail, listing, missing, removed_where};
use crate::grade::model::{CallRef, ResourceKind, Trace, calls, fd_of, int_arg, path_arg};
use crate::i18n::tr;
use crate::labs::course;

/// The graded run (`course::LAB09`'s arguments): trials per mechanism, round
/// trips and stream messages per trial, warm-up rounds, and the queue depth.
pub(super) const TRIALS: usize = 2;
pub(super) const ROUNDS: usize = 3;
pub(super) const WARMUP: usize = 1;
pub(super) const DEPTH: usize = 4;
const SMALL: usize = 64;
const LARGE: usize = 4096;
/// The chart's file name in the run's directory (`course::LAB09` keeps it).
pub(super) const CHART: &str = "chart.svg";

pub static SPEC: LabSpec = LabSpec {
    lab: &course::LAB09,
    checks: &[
        Check {
            description: "the lab runs every trial to completion, prints both tables and writes the chart",
            ..check::RUNS
        },
        Check {
            name: "pipe",
            points: 1,
            description: "pipe: in every trial the parent writes each message whole to one pipe and reads the echo whole from the other; the child the reverse",
            verify: pipe,
        },
        Check { name: "fifo", points: 1, description: "FIFO: the same exchange through the two FIFOs", verify: fifo },
        Check {
            name: "sysv_msg",
            points: 1,
            description: "System V queue: one msgsnd and one msgrcv per message, type 1 towards the child and type 2 back",
            verify: sysv_msg,
        },
        Check {
            name: "posix_mq",
            points: 1,
            description: "POSIX queues: one mq_send and one mq_receive per message",
            verify: posix_mq,
        },
        Check {
            name: "shm_ring",
            points: 2,
            description: "shared memory ring: a full ring makes send sleep on the `read` futex (the depth count times out on it); a receiver with nothing to read sleeps in FUTEX_WAIT on `written`; every futex is shared (no FUTEX_PRIVATE_FLAG) and is one of the ring's four words",
            verify: shm_ring,
        },
        Check {
            name: "sockets",
            points: 1,
            description: "Unix socket and TCP: each message written whole and read whole on each process's own end",
            verify: sockets,
        },
        Check {
            name: "file",
            points: 1,
            description: "file: pwrite at the writer's offset, pread until the message is whole, and after a pread that found nothing new, a read of the inotify descriptor (sleeping), never another try at once",
            verify: file,
        },
        Check {
            name: "everything_removed",
            points: 1,
            description: "every queue, segment, FIFO and file of every trial is removed",
            verify: everything_removed,
        },
    ],
};

/// The mechanisms, in the order of the lab's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mech {
    Pipe,
    Fifo,
    SysvMsg,
    PosixMq,
    ShmRing,
    UnixSocket,
    File,
    Tcp,
}

const ALL: [Mech; 8] =
    [Mech::Pipe, Mech::Fifo, Mech::SysvMsg, Mech::PosixMq, Mech::ShmRing, Mech::UnixSocket, Mech::File, Mech::Tcp];

impl Mech {
    fn name(self) -> &'static str {
        match self {
            Mech::Pipe => "pipe",
            Mech::Fifo => "FIFO",
            Mech::SysvMsg => "System V msg",
            Mech::PosixMq => "POSIX mq",
            Mech::ShmRing => "shm ring",
            Mech::UnixSocket => "Unix socket",
            Mech::File => "file",
            Mech::Tcp => "TCP loopback",
        }
    }

    /// The mechanism a setup call makes, if it is the first of its kind.
    fn made_by(c: &CallRef) -> Option<Mech> {
        let made = match c.sysno()? {
            s if calls::PIPE.contains(&s) => Mech::Pipe,
            s if calls::MKNOD.contains(&s) => Mech::Fifo,
            Sysno::msgget => Mech::SysvMsg,
            Sysno::mq_open => Mech::PosixMq,
            Sysno::shmget => Mech::ShmRing,
            Sysno::socketpair => Mech::UnixSocket,
            Sysno::socket if c.call.raw.args[0] == libc::AF_INET as u64 => Mech::Tcp,
            s if calls::OPEN.contains(&s) && path_arg(c.call, "pathname")?.ends_with(".data") => Mech::File,
            _ => return None,
        };
        Some(made)
    }
}

/// One trial: its echo child, and the parent's calls for it.
#[derive(Clone, Copy, Debug)]
struct TrialRun {
    mech: Mech,
    child: Pid,
    /// The first event of the trial (just after the previous trial's wait).
    start: usize,
    /// The event that created the echo child.
    fork: usize,
    /// The parent's wait for the child (usize::MAX if it never came).
    end: usize,
}

impl TrialRun {
    /// The calls of `pid` in this trial: the parent's after the fork and
    /// before its wait, or all of the child's.
    fn calls<'a>(&self, t: &'a Trace, pid: Pid) -> Vec<CallRef<'a>> {
        let (from, to) = if pid == t.root { (self.fork, self.end) } else { (0, usize::MAX) };
        t.calls(pid).filter(|c| c.index > from && c.index < to).collect()
    }

    /// Whether the child ended with status 0 and the parent waited for it.
    fn completed(&self, t: &Trace) -> bool {
        self.end != usize::MAX && matches!(t.exit_of(self.child), Some(Exit::Code(0)))
    }
}

/// Every trial of the run, in order: one per child of the first process.
fn trials(t: &Trace) -> Vec<TrialRun> {
    let mut out: Vec<TrialRun> = Vec::new();
    let mut start = 0;
    for child in t.children() {
        let fork = t.proc(child).and_then(|p| p.spawned_at).unwrap_or(usize::MAX);
        let made = t.calls(t.root).filter(|c| c.index >= start && c.index < fork).find_map(|c| Mech::made_by(&c));
        let end = t
            .named(t.root, calls::WAIT)
            .find(|c| c.index > fork && c.ret() == Some(child as i64))
            .map(|c| c.index)
            .unwrap_or(usize::MAX);
        if let Some(mech) = made {
            out.push(TrialRun { mech, child, start, fork, end });
        }
        start = end;
    }
    out
}

/// The trials of `mech`, which must be all TRIALS of them, each completed.
/// A trial the run never reached, or that ended early, is reported as such:
/// the cause is in `runs` (or in this mechanism's own check, which looks
/// first at what it can).
fn trials_of(t: &Trace, mech: Mech) -> Result<Vec<TrialRun>, Finding> {
    let runs: Vec<TrialRun> = trials(t).into_iter().filter(|r| r.mech == mech).collect();
    let done = runs.iter().filter(|r| r.completed(t)).count();
    if runs.len() == TRIALS && done == TRIALS {
        return Ok(runs);
    }
    // A trial cut short is not reached: its echo child stopped, or the
    // run ended first (the cause is in `runs`, or in this mechanism's own
    // check, which looks first at what it can).
    if let Some(broken) = runs.iter().find(|r| !r.completed(t)) {
        let who = if t.cut_short(broken.child).is_some() { broken.child } else { t.root };
        return missing(
            who,
            tr!("lab09-complete-trials", trials = TRIALS, mech = mech.name()),
            tr!("lab09-trial-incomplete", mech = mech.name()),
        );
    }
    missing(
        t.root,
        tr!("lab09-trials", trials = TRIALS, mech = mech.name()),
        tr!("lab09-trials-ran", n = runs.len(), trials = TRIALS, mech = mech.name()),
    )
}

/// The bytes moved by `sysnos` calls on descriptors whose target satisfies `is`.
fn bytes(calls: &[CallRef], sysnos: &[Sysno], is: fn(&str) -> bool) -> (usize, Vec<String>) {
    let on: Vec<&CallRef> = calls
        .iter()
        .filter(|c| c.is_any(sysnos))
        .filter(|c| fd_of(c.call).and_then(|f| f.target.as_deref()).is_some_and(is))
        .collect();
    let total = on.iter().filter(|c| c.ok()).map(|c| c.ret().unwrap_or(0).max(0) as usize).sum();
    (total, on.iter().map(|c| c.quote()).collect())
}

/// What one trial moves: the parent sends WARMUP + ROUNDS small and as many
/// large messages, and receives the echoes and two replies.
const TO_CHILD: usize = (WARMUP + ROUNDS) * (SMALL + LARGE);
const TO_PARENT: usize = (WARMUP + ROUNDS + 2) * SMALL;
const PARENT_SENDS: usize = 2 * (WARMUP + ROUNDS);
const PARENT_RECEIVES: usize = WARMUP + ROUNDS + 2;

/// A streaming mechanism: in each trial, the bytes each process wrote and read.
fn stream_exchange(t: &Trace, mech: Mech, writes: &[Sysno], reads: &[Sysno], is: fn(&str) -> bool) -> Verdict {
    for run in trials_of(t, mech)? {
        for (pid, sent, received) in [(t.root, TO_CHILD, TO_PARENT), (run.child, TO_PARENT, TO_CHILD)] {
            let calls = run.calls(t, pid);
            let (w, mut shown) = bytes(&calls, writes, is);
            let (r, read_calls) = bytes(&calls, reads, is);
            if w != sent || r != received {
                shown.extend(read_calls);
                return Err(Finding::new(
                    tr!(
                        "lab09-stream-expected",
                        mech = mech.name(),
                        who = t.who(pid),
                        sent = sent,
                        received = received,
                        rounds = WARMUP + ROUNDS,
                        small = SMALL,
                        large = LARGE
                    ),
                    listing(&tr!("lab09-stream-found", sent = w, received = r), &shown),
                )
                .mistake(tr!("lab09-whole-message")));
            }
        }
    }
    Ok(())
}

fn pipe(t: &Trace) -> Verdict {
    stream_exchange(t, Mech::Pipe, calls::WRITE, calls::READ, |x| x.starts_with("pipe:"))
}

fn fifo(t: &Trace) -> Verdict {
    stream_exchange(t, Mech::Fifo, calls::WRITE, calls::READ, |x| x.ends_with(".fifo"))
}

fn sockets(t: &Trace) -> Verdict {
    stream_exchange(t, Mech::UnixSocket, calls::WRITE, calls::READ, |x| x.starts_with("socket:"))?;
    stream_exchange(t, Mech::Tcp, calls::WRITE, calls::READ, |x| x.starts_with("socket:"))
}

/// A queue mechanism: in each trial, one send call per message sent and one
/// receive call per message received, by each process.
fn queue_exchange(t: &Trace, mech: Mech, send: Sysno, receive: Sysno, check_types: bool) -> Verdict {
    for run in trials_of(t, mech)? {
        for (pid, sends, receives, tx, rx) in
            [(t.root, PARENT_SENDS, PARENT_RECEIVES, 1, 2), (run.child, PARENT_RECEIVES, PARENT_SENDS, 2, 1)]
        {
            let calls = run.calls(t, pid);
            let s: Vec<&CallRef> = calls.iter().filter(|c| c.is(send) && c.ok()).collect();
            let r: Vec<&CallRef> = calls.iter().filter(|c| c.is(receive) && c.ok()).collect();
            if s.len() != sends || r.len() != receives {
                let mut shown: Vec<CallRef> = s.iter().chain(r.iter()).map(|c| **c).collect();
                shown.sort_by_key(|c| c.index);
                return Err(Finding::new(
                    tr!(
                        "lab09-queue-expected",
                        mech = mech.name(),
                        who = t.who(pid),
                        sends = sends,
                        send = send.name(),
                        receives = receives,
                        receive = receive.name()
                    ),
                    listing(&tr!("lab09-queue-found", sent = s.len(), received = r.len()), &quotes(&shown)),
                ));
            }
            if check_types {
                if let Some(bad) = s.iter().find(|c| msg_type(c) != Some(tx)) {
                    return Err(Finding::new(tr!("lab09-send-type", who = t.who(pid), kind = tx), bad.quote())
                        .mistake(tr!("lab09-tx-type")));
                }
                if let Some(bad) = r.iter().find(|c| int_arg(c.call, "msgtyp", 3) != rx) {
                    return Err(Finding::new(tr!("lab09-receive-type", who = t.who(pid), kind = rx), bad.quote())
                        .mistake(tr!("lab09-rx-type")));
                }
            }
        }
    }
    Ok(())
}

fn sysv_msg(t: &Trace) -> Verdict {
    queue_exchange(t, Mech::SysvMsg, Sysno::msgsnd, Sysno::msgrcv, true)
}

fn posix_mq(t: &Trace) -> Verdict {
    queue_exchange(t, Mech::PosixMq, Sysno::mq_timedsend, Sysno::mq_timedreceive, false)
}

/// The ring's futex words, as offsets from where the segment is attached:
/// ring 0 (to the child) `written` and `read`, ring 1 (to the parent) the same.
const TO_CHILD_WRITTEN: u64 = 0;
const TO_CHILD_READ: u64 = 64;
const TO_PARENT_WRITTEN: u64 = 128;
const TO_PARENT_READ: u64 = 192;
const FUTEX_CMD_MASK: u64 = 0x7f;

/// The futex calls in `calls`, with their word's offset in the segment at `base`.
/// The futex calls in `calls` that belong to the ring: those on a word of
/// the segment attached at `base`, `size` bytes long, and any shared one
/// (the Rust runtime's own locks use private futexes of its own memory),
/// each with its word's offset from `base`.
fn futexes<'a>(calls: &[CallRef<'a>], base: u64, size: u64) -> Vec<(CallRef<'a>, i64)> {
    calls
        .iter()
        .filter(|c| c.is(Sysno::futex))
        .map(|c| (*c, c.call.raw.args[0].wrapping_sub(base)))
        .filter(|(c, offset)| *offset < size || c.call.raw.args[1] & libc::FUTEX_PRIVATE_FLAG as u64 == 0)
        .map(|(c, offset)| (c, offset as i64))
        .collect()
}

fn word_name(offset: i64) -> String {
    match offset as u64 {
        TO_CHILD_WRITTEN => tr!("lab09-word-child-written"),
        TO_CHILD_READ => tr!("lab09-word-child-read"),
        TO_PARENT_WRITTEN => tr!("lab09-word-parent-written"),
        TO_PARENT_READ => tr!("lab09-word-parent-read"),
        _ => tr!("lab09-word-none"),
    }
}

/// A futex call of the ring: shared, and on one of the ring's four words.
fn ring_futex(c: &CallRef, offset: i64, base: i64) -> Verdict {
    if c.call.raw.args[1] & libc::FUTEX_PRIVATE_FLAG as u64 != 0 {
        return Err(Finding::new(tr!("lab09-futex-shared"), c.quote()).mistake(tr!("lab09-futex-private")));
    }
    if ![TO_CHILD_WRITTEN, TO_CHILD_READ, TO_PARENT_WRITTEN, TO_PARENT_READ].contains(&(offset as u64)) {
        return fail(
            tr!("lab09-four-words", base = format!("{base:#x}")),
            tr!("lab09-offset", call = c.quote(), offset = offset),
        );
    }
    Ok(())
}

fn shm_ring(t: &Trace) -> Verdict {
    // Each trial's setup: the segment, where the parent attached it, and the
    // depth count, made before the echo child exists.
    let setups: Vec<CallRef> = t.named(t.root, &[Sysno::shmget]).filter(|c| c.ok()).collect();
    if setups.is_empty() {
        return missing(t.root, tr!("lab09-ring-shmget"), tr!("lab09-no-shmget"));
    }
    let forks: Vec<usize> = t.children().iter().filter_map(|&c| t.proc(c).and_then(|p| p.spawned_at)).collect();
    for made in &setups {
        let fork = forks.iter().copied().find(|&f| f > made.index).unwrap_or(usize::MAX);
        let before: Vec<CallRef> = t.calls(t.root).filter(|c| c.index > made.index && c.index < fork).collect();
        let Some(base) = before.iter().find(|c| c.is(Sysno::shmat) && c.ok()).and_then(|c| c.ret()) else {
            return missing(t.root, tr!("lab09-ring-shmat"), tr!("lab09-no-shmat-after"));
        };
        let size = made.call.raw.args[1];
        let counted = futexes(&before, base as u64, size);
        for (c, offset) in &counted {
            ring_futex(c, *offset, base)?;
        }
        let refused = counted.iter().any(|(c, offset)| {
            *offset == TO_CHILD_READ as i64
                && c.call.raw.args[1] & FUTEX_CMD_MASK == libc::FUTEX_WAIT as u64
                && c.call.raw.args[3] != 0
                && c.call.errno.map(|e| e.0) == Some(libc::ETIMEDOUT)
        });
        if !refused {
            let expected = tr!(
                "lab09-depth-expected",
                depth = DEPTH,
                word = word_name(TO_CHILD_READ as i64),
                offset = TO_CHILD_READ
            );
            let shown: Vec<String> = counted.iter().map(|(c, _)| c.quote()).collect();
            let f = Finding::new(expected, listing(&tr!("lab09-never-waited"), &shown)).mistake(tr!("lab09-ring-full"));
            // A lab that stopped in the middle (a todo!(), a panic, a kill)
            // never got to the question; one that went on, or stopped with
            // its own error, answered it.
            let own_error = matches!(t.outcome, Outcome::Exited(code) if code != 0 && code != 101);
            return Err(if fork == usize::MAX && !own_error { f.missing_in(t.root) } else { f });
        }
    }
    // The exchange: every futex shared and on a word of the ring, whether or
    // not the trial got to its end; receivers sleep on their own `written`.
    let mut receiver_slept = false;
    for run in trials(t).into_iter().filter(|r| r.mech == Mech::ShmRing) {
        let setup: Vec<CallRef> =
            t.calls(t.root).filter(|c| c.ok() && c.index > run.start && c.index < run.fork).collect();
        let size = setup.iter().find(|c| c.is(Sysno::shmget)).map(|c| c.call.raw.args[1]).unwrap_or(0);
        let Some(base) = setup.iter().find(|c| c.is(Sysno::shmat)).and_then(|c| c.ret()) else {
            return missing(t.root, tr!("lab09-ring-attach"), tr!("lab09-no-shmat-trial"));
        };
        let mut waits: Vec<(CallRef, i64)> = Vec::new();
        let mut woken: Vec<i64> = Vec::new();
        for pid in [t.root, run.child] {
            let own_written = if pid == t.root { TO_PARENT_WRITTEN } else { TO_CHILD_WRITTEN };
            for (c, offset) in futexes(&run.calls(t, pid), base as u64, size) {
                ring_futex(&c, offset, base)?;
                let op = c.call.raw.args[1] & FUTEX_CMD_MASK;
                let sleeps = op == libc::FUTEX_WAIT as u64 && c.call.raw.args[3] == 0;
                receiver_slept |= sleeps && offset as u64 == own_written;
                if sleeps {
                    waits.push((c, offset));
                } else if op == libc::FUTEX_WAKE as u64 {
                    woken.push(offset);
                }
            }
        }
        // A process still asleep on a word when the run was killed.
        if !run.completed(t)
            && let Some((stuck, offset)) = waits.iter().find(|(c, _)| c.ret().is_none())
        {
            let word = word_name(*offset);
            // Who moves the word (send or receive) and who sleeps on it.
            let waker = if *offset as u64 == TO_CHILD_WRITTEN || *offset as u64 == TO_PARENT_WRITTEN {
                "receiver"
            } else {
                "sender"
            };
            let expected = tr!("lab09-woken-expected", word = word.as_str());
            return Err(if woken.contains(offset) {
                Finding::new(expected, tr!("lab09-still-asleep", call = stuck.quote())).mistake(tr!(
                    "lab09-lost-wakeup",
                    sleeper = waker,
                    word = word.as_str()
                ))
            } else {
                Finding::new(expected, tr!("lab09-still-asleep-no-wake", call = stuck.quote())).mistake(tr!(
                    "lab09-never-wakes",
                    sleeper = waker,
                    word = word.as_str()
                ))
            });
        }
    }
    let runs = trials_of(t, Mech::ShmRing)?;
    if !receiver_slept {
        return Err(Finding::new(
            tr!("lab09-receiver-sleeps"),
            tr!("lab09-never-slept", n = runs.len(), rounds = WARMUP + ROUNDS),
        )
        .mistake(tr!("lab09-spins")));
    }
    Ok(())
}

fn file(t: &Trace) -> Verdict {
    stream_exchange(t, Mech::File, &[Sysno::pwrite64], &[Sysno::pread64], |x| x.ends_with(".data"))?;
    for run in trials_of(t, Mech::File)? {
        for pid in [t.root, run.child] {
            let calls = run.calls(t, pid);
            for (i, c) in calls.iter().enumerate() {
                let empty = c.is(Sysno::pread64) && c.ret() == Some(0);
                if !empty {
                    continue;
                }
                let next = calls.get(i + 1);
                let sleeps = next.is_some_and(|n| {
                    n.is_any(calls::READ)
                        && fd_of(n.call).and_then(|f| f.target.as_deref()) == Some("anon_inode:inotify")
                });
                if !sleeps {
                    let after = next.map(|n| n.quote()).unwrap_or_else(|| tr!("lab09-nothing"));
                    return Err(Finding::new(
                        tr!("lab09-inotify-expected"),
                        tr!("lab09-followed-by", call = c.quote(), after = after),
                    )
                    .mistake(tr!("lab09-file-polls")));
                }
            }
        }
    }
    Ok(())
}

fn everything_removed(t: &Trace) -> Verdict {
    for mech in ALL {
        trials_of(t, mech).map_err(|f| Finding {
            expected: tr!("lab09-all-trials", n = TRIALS * ALL.len()),
            mistake: None,
            ..f
        })?;
    }
    // The run's directory (labs/common) goes when it is empty: what the
    // trials leave in it is the leak to report.
    removed_where(t, &tr!("lab09-removed-what"), |o| o.kind != ResourceKind::Dir && !o.name.ends_with(CHART))
}
