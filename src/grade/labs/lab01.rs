//! Lab 01's checks: one pipe, one child; the parent writes, the child reads
//! all of it; each process closes the end it does not use before using the
//! other; the child sees end of file; the parent reaps the child; no pipe
//! end is left open when a process ends.

use syscalls::Sysno;
use tracer::decode::Fd;
use tracer::event::Pid;

use super::LabSpec;
use super::common::{io_on, io_on_fd, nth_child, quotes, reaps, sees_eof, spawned_at, text_moved, write_holders};
use crate::grade::check::{self, Check, Finding, Verdict, fail, listing, missing};
use crate::grade::model::{CallRef, Trace, calls, fd_pair, int_arg};
use crate::i18n::tr;
use crate::labs::course;

const MESSAGE: &str = "hello through the pipe\n";

pub static SPEC: LabSpec = LabSpec {
    lab: &course::LAB01,
    checks: &[
        check::RUNS,
        Check {
            name: "data_through_pipe",
            points: 1,
            description: "exactly one pipe; the parent writes the whole message into it and the child reads all of it",
            verify: data_through_pipe,
        },
        Check {
            name: "closes_unused_ends",
            points: 2,
            description: "each process closes the pipe end it does not use before it reads or writes",
            verify: closes_unused_ends,
        },
        Check {
            name: "reader_sees_eof",
            points: 2,
            description: "the child reads until read() returns 0 (end of file)",
            verify: reader_sees_eof,
        },
        Check {
            name: "reaps_child",
            points: 2,
            description: "the parent waits for its child with waitpid, so no zombie is left",
            verify: reaps_child,
        },
        Check {
            name: "no_fd_leak",
            points: 1,
            description: "every process has closed both pipe ends when it ends",
            verify: no_fd_leak,
        },
        Check {
            name: "short_writes",
            points: 1,
            description: "run with every write made short (--inject write:short), the parent still writes the whole message and the child reads it",
            verify: short_writes,
        },
    ],
};

/// The lab's one pipe: the call that made it and its two ends.
fn the_pipe(t: &Trace) -> Result<(CallRef<'_>, Fd, Fd, String), Finding> {
    let pipes: Vec<CallRef> = t.named_all(calls::PIPE).filter(|c| c.ok()).collect();
    match pipes.as_slice() {
        [] => fail(tr!("lab01-pipe-expected"), tr!("lab01-no-pipe")),
        [one] => {
            let (r, w) =
                fd_pair(one.call, "pipefd").ok_or_else(|| Finding::new(tr!("lab01-two-descriptors"), one.quote()))?;
            let target = r.target.as_deref().unwrap_or("pipe").to_string();
            Ok((*one, r, w, target))
        }
        many => Err(Finding::new(tr!("lab01-one-pipe"), listing(&tr!("lab01-pipes", n = many.len()), &quotes(many)))
            .mistake(tr!("lab01-pipe-twice"))),
    }
}

fn data_through_pipe(t: &Trace) -> Verdict {
    let (pipe, _, _, target) = the_pipe(t)?;
    let child = nth_child(t, 0, &tr!("lab01-one-child"))?;
    if pipe.pid != t.root || pipe.index > spawned_at(t, child) {
        return Err(Finding::new(tr!("lab01-pipe-before-fork"), pipe.quote()).mistake(tr!("lab01-pipe-after-fork")));
    }
    let writes = io_on(t, t.root, calls::WRITE, &target);
    let reads = io_on(t, child, calls::READ, &target);
    let wrote = text_moved(&writes);
    let read = text_moved(&reads);
    if wrote != MESSAGE {
        let mistake =
            if writes_again_from_the_start(&writes) { tr!("lab01-write-restarts") } else { tr!("lab01-write-whole") };
        return Err(Finding::new(
            tr!("lab01-write-expected", text = format!("{MESSAGE:?}"), target = target.as_str()),
            listing(&tr!("lab01-it-wrote", text = format!("{wrote:?}")), &quotes(&writes)),
        )
        .mistake(mistake)
        .missing_in(t.root));
    }
    if read != MESSAGE {
        return Err(Finding::new(
            tr!("lab01-read-expected", text = format!("{MESSAGE:?}"), target = target.as_str()),
            listing(&tr!("lab01-it-read", text = format!("{read:?}")), &quotes(&reads)),
        )
        .mistake(tr!("lab01-read-whole"))
        .missing_in(child));
    }
    for (pid, wrong, names) in [(child, "write", calls::WRITE), (t.root, "read", calls::READ)] {
        let stray = io_on(t, pid, names, &target);
        if let Some(c) = stray.first() {
            return Err(Finding::new(tr!("lab01-one-way-expected"), c.quote()).mistake(tr!(
                "lab01-one-way",
                who = t.who(pid),
                wrong = wrong
            )));
        }
    }
    Ok(())
}

/// A write that came back short followed by one that hands the kernel the
/// same bytes again from their start: a loop that counts what was written
/// but does not move past it.
fn writes_again_from_the_start(writes: &[CallRef]) -> bool {
    let buf = |c: &CallRef| c.call.arg("buf").and_then(tracer::decode::Value::as_bytes).map(|b| b.data.clone());
    writes.windows(2).any(|w| {
        let (Some(a), Some(b)) = (buf(&w[0]), buf(&w[1])) else { return false };
        let given = int_arg(w[0].call, "count", 2);
        let short = w[0].ret().is_some_and(|n| n > 0 && n < given);
        let n = a.len().min(b.len());
        short && n > 0 && a[..n] == b[..n]
    })
}

/// Judged on the run with `--inject write:short`: every write transfers
/// half of what it asks, so only a loop sends the whole message.
fn short_writes(t: &Trace) -> Verdict {
    data_through_pipe(t)
}

/// `pid` closed its copy of `unused` before its first call in `io` (the
/// parent writes and closes the read end; the child reads and closes the
/// write end).
fn closed_before_use(t: &Trace, pid: Pid, unused: &Fd, target: &str, io: &[Sysno]) -> Verdict {
    let writer = io == calls::WRITE;
    let (who, fd) = (t.who(pid), unused.fd);
    let expected = if writer {
        tr!("lab01-close-read-end-expected", who = who.as_str(), fd = fd)
    } else {
        tr!("lab01-close-write-end-expected", who = who.as_str(), fd = fd)
    };
    let closed = io_on_fd(t, pid, &[Sysno::close], unused.fd).into_iter().find(|c| c.ok());
    let first_use = io_on(t, pid, io, target).into_iter().next();
    match (closed, first_use) {
        (Some(c), Some(u)) if c.index < u.index => Ok(()),
        (Some(c), None) => {
            let (found, mistake) = if writer {
                (tr!("lab01-then-no-write", call = c.quote()), tr!("lab01-never-writes", who = who.as_str()))
            } else {
                (tr!("lab01-then-no-read", call = c.quote()), tr!("lab01-never-reads", who = who.as_str()))
            };
            Err(Finding::new(expected, found).mistake(mistake).missing_in(pid))
        }
        (Some(c), Some(u)) => {
            Err(Finding::new(expected, listing(&tr!("lab01-closed-only-after"), &[u.quote(), c.quote()])))
        }
        (None, Some(u)) => {
            let holds = write_holders(&super::common::tables_at(t, &u), target)
                .into_iter()
                .filter(|(p, _)| *p == pid)
                .map(|(_, f)| f.describe())
                .next();
            let found = match (writer, holds) {
                (false, Some(h)) => tr!("lab01-while-holding", call = u.quote(), end = h),
                _ => tr!("lab01-never-closed-after", call = u.quote(), fd = fd),
            };
            let mistake = if writer {
                tr!("lab01-keeps-read-end", who = who.as_str())
            } else {
                tr!("lab01-keeps-write-end", who = who.as_str())
            };
            Err(Finding::new(expected, found).mistake(mistake))
        }
        (None, None) => Err(Finding::new(expected, tr!("lab01-never-closed", who = who.as_str(), fd = fd))
            .mistake(tr!("lab01-close-unused"))
            .missing_in(pid)),
    }
}

fn closes_unused_ends(t: &Trace) -> Verdict {
    let (_, read_end, write_end, target) = the_pipe(t)?;
    let child = nth_child(t, 0, &tr!("lab01-one-child"))?;
    closed_before_use(t, t.root, &read_end, &target, calls::WRITE)?;
    closed_before_use(t, child, &write_end, &target, calls::READ)
}

fn reader_sees_eof(t: &Trace) -> Verdict {
    let (_, _, _, target) = the_pipe(t)?;
    let child = nth_child(t, 0, &tr!("lab01-one-child"))?;
    sees_eof(t, child, &target)
}

fn reaps_child(t: &Trace) -> Verdict {
    let child = nth_child(t, 0, &tr!("lab01-one-child"))?;
    reaps(t, t.root, child)
}

fn no_fd_leak(t: &Trace) -> Verdict {
    let (_, _, _, target) = the_pipe(t)?;
    let child = nth_child(t, 0, &tr!("lab01-one-child"))?;
    let used = !io_on(t, t.root, calls::WRITE, &target).is_empty() && !io_on(t, child, calls::READ, &target).is_empty();
    if !used {
        let idle = if io_on(t, t.root, calls::WRITE, &target).is_empty() { t.root } else { child };
        return missing(idle, tr!("lab01-used-expected"), tr!("lab01-never-used"));
    }
    // What a process still held when it ended is its own only if it ended
    // by itself; one killed or failed first is judged on nothing.
    let mut left = Vec::new();
    let mut cut = None;
    for pid in [t.root, child] {
        let end = t.proc(pid).and_then(|p| p.exit.map(|(i, _)| i)).unwrap_or(t.events.len());
        let tables = t.fds_before(end);
        for f in tables.get(&pid).map(|m| m.values().cloned().collect::<Vec<_>>()).unwrap_or_default() {
            if f.target != target {
                continue;
            }
            if t.cut_short(pid).is_some() {
                cut.get_or_insert(pid);
            } else {
                left.push(tr!("lab01-ended-holding", who = t.who(pid), end = f.describe()));
            }
        }
    }
    let expected = tr!("lab01-leak-expected");
    if let (true, Some(pid)) = (left.is_empty(), cut) {
        return missing(pid, expected, tr!("lab01-cut-holding"));
    }
    if left.is_empty() {
        return Ok(());
    }
    Err(Finding::new(expected, left.join("\n  ")).mistake(tr!("lab01-leak-mistake")))
}
