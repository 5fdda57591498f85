//! Lab 04's checks: a private one-page segment; both processes attach it
//! and the child counts with no system call at all; unlocked, the counter
//! loses updates; the segment is detached and removed. The POSIX object:
//! created exclusively, sized before it is mapped, written by the child
//! through a shared mapping, read by the parent, unlinked.

use syscalls::Sysno;
use tracer::decode::Value;
use tracer::event::Exit;

use super::LabSpec;
use super::common::{
    calls_between, detaches, last_contents, nth_child, perms, quotes, segment_counter, spawned_at, the_only,
};
use crate::grade::check::{self, Check, Finding, Verdict, calls_or, fail, listing, missing, removed};
use crate::grade::model::{CallRef, ResourceKind, Trace, calls, int_arg, path_arg};
use crate::i18n::tr;
use crate::labs::course;

const SIZE: i64 = 4096;
/// How many times each process adds 1 (the scaffold's ROUNDS).
const ROUNDS: u64 = 200_000;
/// What the child leaves in the POSIX object (the scaffold's GREETING).
const GREETING: &[u8] = b"greetings from the child, through memory";

pub static SPEC: LabSpec = LabSpec {
    lab: &course::LAB04,
    checks: &[
        check::RUNS,
        Check {
            name: "segment_created",
            points: 1,
            description: "one private segment of one page (IPC_PRIVATE, 4096 bytes, IPC_CREAT, mode 0600), created before the fork",
            verify: segment_created,
        },
        Check {
            name: "counts_without_calls",
            points: 2,
            description: "parent and child each attach the segment; the child counts with no system call between shmat and shmdt",
            verify: counts_without_calls,
        },
        Check {
            name: "updates_lost",
            points: 1,
            description: "the increment is a separate read and write, so the two processes lose updates (as the lesson shows)",
            verify: updates_lost,
        },
        Check {
            name: "segment_removed",
            points: 2,
            description: "both processes detach the segment (shmdt) and it is removed with shmctl(IPC_RMID)",
            verify: segment_removed,
        },
        Check {
            name: "posix_object",
            points: 2,
            description: "the POSIX object is created (O_CREAT|O_EXCL|O_RDWR, 0600) and sized with ftruncate before the child maps it shared; the parent maps it and reads the greeting",
            verify: posix_object,
        },
        Check {
            name: "posix_unlinked",
            points: 1,
            description: "the POSIX object's name is removed with shm_unlink",
            verify: posix_unlinked,
        },
    ],
};

fn the_segment(t: &Trace) -> Result<CallRef<'_>, Finding> {
    the_only(t, Sysno::shmget, &tr!("lab04-shmget-expected"), &tr!("lab04-one-shmget"), None)
}

fn segment_created(t: &Trace) -> Verdict {
    let s = the_segment(t)?;
    let child = nth_child(t, 0, &tr!("lab04-counting-child"))?;
    let expected = tr!("lab04-segment-expected");
    let private = int_arg(s.call, "key", 0) as libc::key_t == libc::IPC_PRIVATE;
    let size = s.call.arg("size").and_then(Value::as_i64).unwrap_or(0);
    let flags = s.call.raw.args[2];
    if !private {
        return Err(Finding::new(expected, s.quote()).mistake(tr!("lab04-fixed-key")));
    }
    if size != SIZE || flags & libc::IPC_CREAT as u64 == 0 || perms(flags) != 0o600 {
        return Err(Finding::new(expected, s.quote()));
    }
    if s.pid != t.root || s.index > spawned_at(t, child) {
        return Err(Finding::new(expected, s.quote()).mistake(tr!("lab04-before-fork")));
    }
    Ok(())
}

fn counts_without_calls(t: &Trace) -> Verdict {
    let s = the_segment(t)?;
    let id = s.ret().unwrap_or(-1);
    let child = nth_child(t, 0, &tr!("lab04-counting-child"))?;
    for pid in [t.root, child] {
        let attach = t.named(pid, &[Sysno::shmat]).find(|c| c.call.arg("shmid").and_then(Value::as_i64) == Some(id));
        match attach {
            Some(a) if a.ok() => {}
            Some(a) => return fail(tr!("lab04-attach", who = t.who(pid), id = id), a.quote()),
            None => return missing(pid, tr!("lab04-attach-shmat", who = t.who(pid), id = id), tr!("lab04-no-shmat")),
        }
    }
    // The counting is judged from the attach to the detach, or to the
    // child's end when it never detaches: forgetting shmdt costs the
    // points of `segment_removed`, in the child as in the parent, not these.
    let attach = t.named(child, &[Sysno::shmat]).find(|c| c.ok()).expect("checked above");
    let end = match t.named(child, &[Sysno::shmdt]).find(|c| c.index > attach.index) {
        Some(detach) => detach.index,
        None if t.cut_short(child).is_some() => {
            return missing(child, tr!("lab04-no-calls-between"), tr!("lab04-no-shmdt-after", call = attach.quote()));
        }
        None => t.proc(child).and_then(|p| p.exit.map(|(i, _)| i)).unwrap_or(t.events.len()),
    };
    let between: Vec<CallRef> =
        calls_between(t, child, attach.index, end).into_iter().filter(|c| !c.is_any(calls::EXIT)).collect();
    if !between.is_empty() {
        return Err(Finding::new(
            tr!("lab04-memory-alone"),
            listing(&tr!("lab04-calls-between", n = between.len()), &quotes(&between)),
        )
        .mistake(tr!("lab04-counting-calls")));
    }
    Ok(())
}

/// Judged on the counter in the segment itself, as the kernel view read it
/// before the last detach, never on what the lab printed.
fn updates_lost(t: &Trace) -> Verdict {
    let s = the_segment(t)?;
    nth_child(t, 0, &tr!("lab04-counting-child"))?;
    let id = s.ret().unwrap_or(-1);
    let (pid, contents) = last_contents(t, id)?;
    let Some(counter) = segment_counter(contents) else {
        return fail(tr!("lab04-counter-bytes"), tr!("lab04-fewer-bytes"));
    };
    let full = 2 * ROUNDS;
    let found = tr!(
        "lab04-counter-held",
        counter = counter,
        who = t.who(pid),
        contents = tracer::render::kernel::contents_in(contents, crate::lang::current())
    );
    if counter == 0 {
        return Err(Finding::new(tr!("lab04-add-expected", full = full), found).mistake(tr!("lab04-counts-elsewhere")));
    }
    if counter >= full {
        return Err(Finding::new(tr!("lab04-lose-expected", full = full), found).mistake(tr!("lab04-atomic")));
    }
    Ok(())
}

fn segment_removed(t: &Trace) -> Verdict {
    the_segment(t)?;
    let child = nth_child(t, 0, &tr!("lab04-counting-child"))?;
    for pid in [t.root, child] {
        detaches(t, pid, tr!("lab04-detach", who = t.who(pid)))?;
    }
    removed(t, &[ResourceKind::ShmSegment], &tr!("noun-shm-segment"))
}

fn posix_object(t: &Trace) -> Verdict {
    let created =
        t.named(t.root, calls::OPEN).find(|c| path_arg(c.call, "pathname").is_some_and(|p| p.starts_with("/dev/shm/")));
    let Some(created) = created else {
        return missing(t.root, tr!("lab04-shm-open-expected"), tr!("lab04-no-such-open"));
    };
    let path = path_arg(created.call, "pathname").unwrap_or_default();
    let flags = created.call.arg("flags").and_then(Value::as_i64).unwrap_or(0);
    let want = (libc::O_CREAT | libc::O_EXCL | libc::O_RDWR) as i64;
    if !created.ok() || flags & (want | libc::O_ACCMODE as i64) != want || perms(created.call.raw.args[3]) != 0o600 {
        return Err(Finding::new(tr!("lab04-shm-open-flags"), created.quote()));
    }
    let fd = created.ret().unwrap_or(-1);
    let sized = t
        .named(t.root, &[Sysno::ftruncate])
        .find(|c| c.ok() && c.call.args.first().and_then(|a| a.value.as_i64()) == Some(fd));
    let child = nth_child(t, 1, &tr!("lab04-greeting-child"))?;
    let bus = matches!(t.exit_of(child), Some(Exit::Signal { signal, .. }) if signal == libc::SIGBUS);
    let Some(sized) = sized.filter(|s| s.call.arg("length").and_then(Value::as_i64) == Some(SIZE)) else {
        let found = if bus {
            tr!("lab04-no-ftruncate-bus", call = created.quote())
        } else {
            tr!("lab04-no-ftruncate", call = created.quote())
        };
        let f = Finding::new(tr!("lab04-ftruncate-expected"), found).mistake(tr!("lab04-size-zero"));
        // Without SIGBUS to show for it, a missing ftruncate is the parent's to skip.
        return Err(if bus { f } else { f.missing_in(t.root) });
    };
    if sized.index > spawned_at(t, child) {
        return fail(tr!("lab04-sized-before-fork"), sized.quote());
    }
    let child_open = t.named(child, calls::OPEN).find(|c| path_arg(c.call, "pathname").as_deref() == Some(&path));
    let Some(child_open) = child_open.filter(|c| c.ok()) else {
        return missing(child, tr!("lab04-child-opens", path = path.as_str()), tr!("lab04-no-open"));
    };
    let child_fd = child_open.ret().unwrap_or(-1);
    let maps = |pid, fd: i64, prot: i32| {
        t.named(pid, &[Sysno::mmap]).find(|c| {
            c.ok()
                && c.call.arg("fd").and_then(Value::as_i64) == Some(fd)
                && int_arg(c.call, "flags", 3) & libc::MAP_SHARED as i64 != 0
                && int_arg(c.call, "prot", 2) & prot as i64 != 0
                && c.call.arg("length").and_then(Value::as_i64) == Some(SIZE)
        })
    };
    if maps(child, child_fd, libc::PROT_WRITE).is_none() {
        let tried: Vec<CallRef> = t.named(child, &[Sysno::mmap]).collect();
        return Err(Finding::new(
            tr!("lab04-child-mmap"),
            calls_or(tr!("lab04-its-mmaps"), tr!("lab04-no-mmap"), &quotes(&tried)),
        )
        .mistake(tr!("lab04-map-private"))
        .missing_in(child));
    }
    if maps(t.root, fd, libc::PROT_READ).is_none() {
        return missing(t.root, tr!("lab04-parent-mmap"), tr!("lab04-no-such-mmap"));
    }
    for (pid, fd) in [(child, child_fd), (t.root, fd)] {
        let unmapped = t.named(pid, &[Sysno::munmap]).any(|c| c.ok());
        let closed = t
            .named(pid, &[Sysno::close])
            .any(|c| c.ok() && c.call.args.first().and_then(|a| a.value.as_i64()) == Some(fd));
        if !unmapped || !closed {
            return missing(pid, tr!("lab04-munmap-close", who = t.who(pid), fd = fd), tr!("lab04-it-did-not"));
        }
    }
    greeting_through_memory(t, &path, child)
}

/// The greeting is in the object's memory, as the kernel view read it from
/// each process's mapping before it unmapped it: the child's (it wrote
/// it there) and the parent's (it read it from there). What the lab
/// printed does not count.
fn greeting_through_memory(t: &Trace, path: &str, child: tracer::event::Pid) -> Verdict {
    let seen = t.posix_contents(path);
    for (pid, role) in [(child, "wrote"), (t.root, "read")] {
        let held = seen.iter().rev().find(|(p, _)| *p == pid).map(|(_, c)| *c);
        if held.is_some_and(|c| c.data.starts_with(GREETING)) {
            continue;
        }
        let found = match held {
            Some(c) => {
                tr!(
                    "lab04-mapping-held",
                    who = t.who(pid),
                    path = path,
                    contents = tracer::render::kernel::contents_in(c, crate::lang::current())
                )
            }
            None => {
                return missing(
                    pid,
                    tr!("lab04-greeting", greeting = format!("{:?}", String::from_utf8_lossy(GREETING))),
                    tr!("lab04-no-munmap", path = path, who = t.who(pid)),
                );
            }
        };
        return Err(Finding::new(
            tr!(
                "lab04-greeting-by",
                greeting = format!("{:?}", String::from_utf8_lossy(GREETING)),
                who = t.who(pid),
                role = role
            ),
            found,
        )
        .mistake(tr!("lab04-other-way")));
    }
    Ok(())
}

fn posix_unlinked(t: &Trace) -> Verdict {
    removed(t, &[ResourceKind::PosixShm], &tr!("noun-posix-shm"))
}
