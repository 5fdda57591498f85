//! Lab 02's checks: the coordinator makes a FIFO (mode 0600) before it
//! starts the reader and the writer; each role, a fresh program knowing only
//! the path, opens it one way only; the lines arrive; the reader sees end of
//! file; the FIFO's name is removed.

use syscalls::Sysno;
use tracer::event::Pid;

use super::LabSpec;
use super::common::{io_on, perms, quotes, sees_eof, spawned_at, text_moved};
use crate::grade::check::{self, Check, Finding, Verdict, fail, listing, missing, removed};
use crate::grade::model::{AccessMode, CallRef, ResourceKind, Trace, calls, path_arg};
use crate::i18n::tr;
use crate::labs::course;

const LINES: &str = "first line\nsecond line\nthird line\n";

pub static SPEC: LabSpec = LabSpec {
    lab: &course::LAB02,
    checks: &[
        check::RUNS,
        Check {
            name: "fifo_created",
            points: 2,
            description: "the coordinator creates the FIFO with mkfifo, mode 0600, before it starts the reader and the writer",
            verify: fifo_created,
        },
        Check {
            name: "opens_one_way",
            points: 2,
            description: "the writer opens the FIFO by its path for writing only, the reader for reading only",
            verify: opens_one_way,
        },
        Check {
            name: "lines_arrive",
            points: 2,
            description: "the writer writes the three lines and the reader reads all of them, in order",
            verify: lines_arrive,
        },
        Check {
            name: "reader_sees_eof",
            points: 1,
            description: "the reader reads until read() returns 0 (end of file)",
            verify: reader_sees_eof,
        },
        Check {
            name: "fifo_removed",
            points: 2,
            description: "the FIFO's name is removed with unlink once both roles are done",
            verify: fifo_removed,
        },
    ],
};

/// The FIFO the coordinator made, and its path.
fn the_fifo(t: &Trace) -> Result<(CallRef<'_>, String), Finding> {
    let made: Vec<CallRef> = t.named_all(calls::MKNOD).filter(|c| c.ok()).collect();
    match made.as_slice() {
        [] => missing(t.root, tr!("lab02-fifo-expected"), tr!("lab02-no-fifo")),
        [one] => Ok((*one, path_arg(one.call, "pathname").unwrap_or_default())),
        many => fail(tr!("lab02-one-fifo"), listing(&tr!("lab02-mknodat-calls", n = many.len()), &quotes(many))),
    }
}

fn fifo_created(t: &Trace) -> Verdict {
    let (made, _) = the_fifo(t)?;
    let mode = if made.is(Sysno::mknodat) { made.call.raw.args[2] } else { made.call.raw.args[1] };
    if made.pid != t.root {
        return fail(tr!("lab02-coordinator-creates"), made.quote());
    }
    if mode & libc::S_IFMT as u64 != libc::S_IFIFO as u64 {
        return Err(Finding::new(tr!("lab02-s-ififo"), made.quote()).mistake(tr!("lab02-not-a-fifo")));
    }
    if perms(mode) != 0o600 {
        return Err(Finding::new(tr!("lab02-mode-expected"), made.quote())
            .mistake(tr!("lab02-mode-mistake", mode = format!("{:04o}", perms(mode)))));
    }
    let first_role = t.children().first().map(|&c| spawned_at(t, c)).unwrap_or(usize::MAX);
    if made.index > first_role {
        return Err(Finding::new(tr!("lab02-before-roles"), made.quote()).mistake(tr!("lab02-no-fifo-at-path")));
    }
    Ok(())
}

/// The role processes: reader and writer (by their exec arguments).
fn role(t: &Trace, name: &str) -> Result<Pid, Finding> {
    t.role(name).ok_or_else(|| {
        Finding::new(tr!("lab02-start-role", role = name), tr!("lab02-no-such-process")).missing_in(t.root)
    })
}

/// The role's open of the FIFO path.
fn opens<'a>(t: &'a Trace, pid: Pid, path: &str) -> Vec<CallRef<'a>> {
    t.named(pid, calls::OPEN).filter(|c| path_arg(c.call, "pathname").as_deref() == Some(path)).collect()
}

fn opens_one_way(t: &Trace) -> Verdict {
    let (_, path) = the_fifo(t)?;
    let mut opened = Vec::new();
    for (name, want) in [("reader", AccessMode::Read), ("writer", AccessMode::Write)] {
        let pid = role(t, name)?;
        let expected = if want == AccessMode::Read {
            tr!("lab02-open-read", pid = pid, path = path.as_str())
        } else {
            tr!("lab02-open-write", pid = pid, path = path.as_str())
        };
        let Some(open) = opens(t, pid, &path).into_iter().next() else {
            return missing(pid, expected, tr!("lab02-never-opened", role = name));
        };
        opened.push((name, want, expected, open));
    }
    // The way each end is opened first: a wrong mode explains a hang in open.
    for (name, want, expected, open) in &opened {
        let flags = open.call.arg("flags").and_then(|v| v.as_i64()).unwrap_or(0);
        let access = match flags & libc::O_ACCMODE as i64 {
            x if x == libc::O_WRONLY as i64 => AccessMode::Write,
            x if x == libc::O_RDWR as i64 => AccessMode::ReadWrite,
            _ => AccessMode::Read,
        };
        if access == AccessMode::ReadWrite {
            return Err(Finding::new(expected.clone(), open.quote()).mistake(tr!("lab02-rdwr", role = *name)));
        }
        if access != *want {
            return Err(Finding::new(expected.clone(), open.quote()).mistake(tr!("lab02-same-way")));
        }
        if flags & libc::O_NONBLOCK as i64 != 0 {
            return Err(Finding::new(expected.clone(), open.quote()).mistake(tr!("lab02-nonblock")));
        }
    }
    for (_, _, expected, open) in &opened {
        if !open.ok() {
            return Err(Finding::new(expected.clone(), open.quote()).mistake(tr!("lab02-open-unfinished")));
        }
    }
    Ok(())
}

fn lines_arrive(t: &Trace) -> Verdict {
    let (_, path) = the_fifo(t)?;
    let writer = role(t, "writer")?;
    let reader = role(t, "reader")?;
    let writes = io_on(t, writer, calls::WRITE, &path);
    let reads = io_on(t, reader, calls::READ, &path);
    if text_moved(&writes) != LINES || writes.len() != 3 {
        return Err(Finding::new(
            tr!("lab02-writes-expected"),
            listing(
                &tr!("lab02-writes-found", n = writes.len(), text = format!("{:?}", text_moved(&writes))),
                &quotes(&writes),
            ),
        )
        .missing_in(writer));
    }
    if text_moved(&reads) != LINES {
        return Err(Finding::new(
            tr!("lab02-reads-expected", text = format!("{LINES:?}")),
            listing(&tr!("lab02-reads-found", text = format!("{:?}", text_moved(&reads))), &quotes(&reads)),
        )
        .missing_in(reader));
    }
    Ok(())
}

fn reader_sees_eof(t: &Trace) -> Verdict {
    let (_, path) = the_fifo(t)?;
    let reader = role(t, "reader")?;
    sees_eof(t, reader, &path)
}

fn fifo_removed(t: &Trace) -> Verdict {
    removed(t, &[ResourceKind::Fifo], &tr!("noun-fifo"))?;
    let (_, path) = the_fifo(t)?;
    let unlink =
        t.named_all(calls::UNLINK).find(|c| c.ok() && path_arg(c.call, "pathname").as_deref() == Some(path.as_str()));
    let roles_done = ["reader", "writer"]
        .iter()
        .filter_map(|r| t.role(r))
        .filter_map(|p| t.proc(p).and_then(|p| p.exit.map(|(i, _)| i)))
        .max();
    match (unlink, roles_done) {
        (Some(u), Some(done)) if u.index < done => {
            Err(Finding::new(tr!("lab02-unlink-expected"), tr!("lab02-unlink-found", call = u.quote()))
                .mistake(tr!("lab02-unlink-early")))
        }
        _ => Ok(()),
    }
}
