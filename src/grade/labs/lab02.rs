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
        [] => {
            missing(t.root, "the coordinator to create the FIFO with mkfifo (mknodat S_IFIFO)", "no FIFO was created")
        }
        [one] => Ok((*one, path_arg(one.call, "pathname").unwrap_or_default())),
        many => fail("exactly one FIFO", listing(&format!("{} mknodat calls", many.len()), &quotes(many))),
    }
}

fn fifo_created(t: &Trace) -> Verdict {
    let (made, _) = the_fifo(t)?;
    let mode = if made.is(Sysno::mknodat) { made.call.raw.args[2] } else { made.call.raw.args[1] };
    if made.pid != t.root {
        return fail("the coordinator to create the FIFO", made.quote());
    }
    if mode & libc::S_IFMT as u64 != libc::S_IFIFO as u64 {
        return Err(Finding::new("a FIFO (S_IFIFO)", made.quote()).mistake("mknod made something else than a FIFO"));
    }
    if perms(mode) != 0o600 {
        return Err(Finding::new("the FIFO's mode to be 0600 (only this user may open it)", made.quote())
            .mistake(format!("mode {:04o}: other users could read your data or inject their own", perms(mode))));
    }
    let first_role = t.children().first().map(|&c| spawned_at(t, c)).unwrap_or(usize::MAX);
    if made.index > first_role {
        return Err(Finding::new("the FIFO to exist before the roles start", made.quote())
            .mistake("the roles would find no FIFO at the path"));
    }
    Ok(())
}

/// The role processes: reader and writer (by their exec arguments).
fn role(t: &Trace, name: &str) -> Result<Pid, Finding> {
    t.role(name).ok_or_else(|| {
        Finding::new(
            format!("the coordinator to start the {name} (this program again, with `{name} PATH`)"),
            "no such process",
        )
        .missing_in(t.root)
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
        let expected = format!(
            "the {name} (pid {pid}) to open {path} {}",
            if want == AccessMode::Read { "read-only (O_RDONLY)" } else { "write-only (O_WRONLY)" }
        );
        let Some(open) = opens(t, pid, &path).into_iter().next() else {
            return missing(pid, expected, format!("the {name} never opened it"));
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
            return Err(Finding::new(expected.clone(), open.quote()).mistake(format!(
                "O_RDWR: the {name} then holds a write end itself, so the reader's reads never see end of file"
            )));
        }
        if access != *want {
            return Err(Finding::new(expected.clone(), open.quote())
                .mistake("both roles opened the FIFO the same way: each waits in open() for the other end, forever"));
        }
        if flags & libc::O_NONBLOCK as i64 != 0 {
            return Err(Finding::new(expected.clone(), open.quote())
                .mistake("O_NONBLOCK: open does not wait for the other side (the writer's open fails with ENXIO)"));
        }
    }
    for (_, _, expected, open) in &opened {
        if !open.ok() {
            return Err(Finding::new(expected.clone(), open.quote())
                .mistake("the open never completed: no process opened the other end"));
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
            "the writer to write each of the three lines, one write(2) each",
            listing(&format!("{} write(s) of {:?}", writes.len(), text_moved(&writes)), &quotes(&writes)),
        )
        .missing_in(writer));
    }
    if text_moved(&reads) != LINES {
        return Err(Finding::new(
            format!("the reader to read {LINES:?}"),
            listing(&format!("it read {:?}", text_moved(&reads)), &quotes(&reads)),
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
    removed(t, &[ResourceKind::Fifo], "FIFO")?;
    let (_, path) = the_fifo(t)?;
    let unlink =
        t.named_all(calls::UNLINK).find(|c| c.ok() && path_arg(c.call, "pathname").as_deref() == Some(path.as_str()));
    let roles_done = ["reader", "writer"]
        .iter()
        .filter_map(|r| t.role(r))
        .filter_map(|p| t.proc(p).and_then(|p| p.exit.map(|(i, _)| i)))
        .max();
    match (unlink, roles_done) {
        (Some(u), Some(done)) if u.index < done => Err(Finding::new(
            "the FIFO to be unlinked after both roles are done",
            format!("{} before a role ended", u.quote()),
        )
        .mistake("unlinking too early: a role that has not opened it yet finds no FIFO")),
        _ => Ok(()),
    }
}
