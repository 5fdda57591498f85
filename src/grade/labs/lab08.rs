//! Lab 08's checks: the writers publish by writing a temporary file and
//! renaming it into place; the poller sleeps between tries; the watcher
//! sets its inotify watch before the writer starts and sleeps in one read;
//! the counter file is read and written only under an fcntl write lock, and
//! comes out exact; every file is removed.

use syscalls::Sysno;
use tracer::decode::Value;
use tracer::event::Pid;

use super::LabSpec;
use super::common::{calls_between, io_on, nth_child, quotes, spawned_at, text_moved};
use crate::grade::check::{self, Check, Finding, Verdict, fail, listing, missing, removed};
use crate::grade::model::{CallRef, ResourceKind, Trace, calls, fd_of, field_int, int_arg, path_arg};
use crate::labs::course;

const MESSAGE: &str = "meet me at noon\n";
const ROUNDS: usize = 50;
/// IN_MOVED_TO, inotify(7).
const IN_MOVED_TO: i64 = 0x80;

pub static SPEC: LabSpec = LabSpec {
    lab: &course::LAB08,
    checks: &[
        check::RUNS,
        Check {
            name: "publishes_by_rename",
            points: 2,
            description: "each writer creates NAME.tmp (O_CREAT|O_EXCL, 0600), writes the message, closes it and renames it to NAME",
            verify: publishes_by_rename,
        },
        Check {
            name: "polls_with_sleep",
            points: 2,
            description: "the poller sleeps between two tries at opening the mailbox file",
            verify: polls_with_sleep,
        },
        Check {
            name: "inotify_wakes",
            points: 2,
            description: "the watcher adds an inotify watch (IN_MOVED_TO) on the directory before the writer starts, and sleeps in read until the event",
            verify: inotify_wakes,
        },
        Check {
            name: "locked_updates",
            points: 2,
            description: "each process reads and writes the counter file only while holding an fcntl write lock (F_SETLKW, then F_UNLCK): the count is exact",
            verify: locked_updates,
        },
        Check {
            name: "files_removed",
            points: 1,
            description: "every file the lab creates is removed",
            verify: files_removed,
        },
    ],
};

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn publishes_by_rename(t: &Trace) -> Verdict {
    for (n, name) in [(0, "mailbox.txt"), (1, "notice.txt")] {
        let writer = nth_child(t, n, &format!("a writer of {name}"))?;
        let tmp = format!("{name}.tmp");
        let expected = format!(
            "the writer (pid {writer}) to open {tmp} with O_WRONLY|O_CREAT|O_EXCL, mode 0600, write {MESSAGE:?}, close it and rename it to {name}"
        );
        let open =
            t.named(writer, calls::OPEN).find(|c| path_arg(c.call, "pathname").is_some_and(|p| file_name(&p) == tmp));
        let Some(open) = open.filter(|c| c.ok()) else {
            let tried: Vec<CallRef> = t.named(writer, &[calls::OPEN, calls::RENAME].concat()).collect();
            let f = Finding::new(expected, listing(&format!("no successful open of {tmp}"), &quotes(&tried)))
                .mistake("writing the file in place: a reader can find it half written");
            // A rename without the temporary file shows the file written in place.
            let renamed = tried.iter().any(|c| c.is_any(calls::RENAME));
            return Err(if renamed { f } else { f.missing_in(writer) });
        };
        let flags = open.call.arg("flags").and_then(Value::as_i64).unwrap_or(0);
        let want = (libc::O_WRONLY | libc::O_CREAT | libc::O_EXCL) as i64;
        if flags & (want | libc::O_ACCMODE as i64) != want || open.call.raw.args[3] & 0o777 != 0o600 {
            return fail(expected, open.quote());
        }
        let path = path_arg(open.call, "pathname").unwrap_or_default();
        let writes = io_on(t, writer, calls::WRITE, &path);
        if text_moved(&writes) != MESSAGE {
            return missing(writer, expected, listing("its writes", &quotes(&writes)));
        }
        let fd = open.ret().unwrap_or(-1);
        let close = t
            .named(writer, &[Sysno::close])
            .find(|c| c.ok() && c.index > open.index && fd_of(c.call).map(|f| f.fd as i64) == Some(fd));
        let rename = t.named(writer, calls::RENAME).find(|c| {
            c.ok()
                && path_arg(c.call, "oldpath").as_deref() == Some(path.as_str())
                && path_arg(c.call, "newpath").is_some_and(|p| file_name(&p) == name)
        });
        match (close, rename) {
            (Some(c), Some(r)) if c.index < r.index => {}
            (_, None) => {
                return Err(Finding::new(expected, format!("{} and no rename of it to {name}", open.quote()))
                    .mistake("the file must appear whole, by rename(2), not be written under its final name")
                    .missing_in(writer));
            }
            (_, Some(r)) => return fail(format!("{expected} (closed before the rename)"), r.quote()),
        }
    }
    Ok(())
}

/// The parent's tries at opening `name`.
fn opens_of<'a>(t: &'a Trace, pid: Pid, name: &'a str) -> Vec<CallRef<'a>> {
    t.named(pid, calls::OPEN).filter(|c| path_arg(c.call, "pathname").is_some_and(|p| file_name(&p) == name)).collect()
}

fn polls_with_sleep(t: &Trace) -> Verdict {
    nth_child(t, 0, "a writer")?;
    let tries = opens_of(t, t.root, "mailbox.txt");
    let expected = "the poller to open mailbox.txt, and on ENOENT sleep (nanosleep) before trying again";
    let Some(found) = tries.iter().find(|c| c.ok()) else {
        return missing(t.root, expected, listing("it never opened mailbox.txt", &quotes(&tries)));
    };
    let failed: Vec<&CallRef> = tries.iter().filter(|c| c.index < found.index).collect();
    let mut unslept = 0;
    for pair in failed.windows(2) {
        let between = calls_between(t, t.root, pair[0].index, pair[1].index);
        if !between.iter().any(|c| c.is_any(calls::SLEEP)) {
            unslept += 1;
        }
    }
    if unslept > 0 {
        let span = match (failed.first(), failed.last()) {
            (Some(a), Some(b)) => {
                let (ta, tb) = (t.events[a.index].time, t.events[b.index].time);
                format!(" in {} ms", (tb.saturating_sub(ta)).as_millis())
            }
            _ => String::new(),
        };
        return Err(Finding::new(
            expected,
            format!(
                "{} tries at opening mailbox.txt{span}, {unslept} of them with no sleep before the next; the first: {}",
                failed.len(),
                failed[0].quote()
            ),
        )
        .mistake("busy polling with no sleep: one core spent on open calls; sleep POLL_INTERVAL between tries"));
    }
    let data = io_on(t, t.root, &[Sysno::read], &path_arg(found.call, "pathname").unwrap_or_default());
    if text_moved(&data) != MESSAGE {
        return missing(t.root, format!("the poller to read {MESSAGE:?}"), listing("its reads", &quotes(&data)));
    }
    Ok(())
}

fn inotify_wakes(t: &Trace) -> Verdict {
    let writer = nth_child(t, 1, "the writer of notice.txt")?;
    let expected = "inotify_init1, then inotify_add_watch(fd, the directory, IN_MOVED_TO), in the parent before it forks the writer";
    let Some(init) = t.named(t.root, &[Sysno::inotify_init1, Sysno::inotify_init]).find(|c| c.ok()) else {
        return missing(t.root, expected, "no inotify_init1 call");
    };
    let fd = init.ret().unwrap_or(-1);
    let watch = t
        .named(t.root, &[Sysno::inotify_add_watch])
        .find(|c| c.ok() && c.call.arg("fd").and_then(Value::as_i64).unwrap_or(c.call.raw.args[0] as i64) == fd);
    let Some(watch) = watch else {
        return missing(t.root, expected, format!("{} and no inotify_add_watch on it", init.quote()));
    };
    let mask = watch.call.arg("mask").and_then(Value::as_i64).unwrap_or(watch.call.raw.args[2] as i64);
    if mask & IN_MOVED_TO == 0 {
        return Err(Finding::new(expected, watch.quote())
            .mistake("the file arrives by rename: watch for IN_MOVED_TO (IN_CREATE sees the temporary file)"));
    }
    if watch.index > spawned_at(t, writer) {
        return Err(Finding::new(expected, watch.quote())
            .mistake("the watch is set after the writer starts: its event may come before the watch, and the reader waits forever"));
    }
    let reads: Vec<CallRef> = t
        .named(t.root, &[Sysno::read])
        .filter(|c| c.call.arg("fd").and_then(Value::as_i64) == Some(fd) && c.ok() && c.ret().unwrap_or(0) > 0)
        .collect();
    if reads.is_empty() {
        return missing(
            t.root,
            "the parent to read the inotify event from its inotify fd",
            "no read of it returned an event",
        );
    }
    let polled = opens_of(t, t.root, "notice.txt").into_iter().filter(|c| !c.ok()).count();
    if polled > 0 {
        return Err(Finding::new(
            "no polling for notice.txt: inotify says when it is there",
            format!("{polled} failed opens of notice.txt"),
        )
        .mistake("wait_for_arrival returned before the event named the file"));
    }
    Ok(())
}

fn locked_updates(t: &Trace) -> Verdict {
    let counter = t
        .named(t.root, calls::OPEN)
        .find(|c| c.ok() && path_arg(c.call, "pathname").is_some_and(|p| file_name(&p) == "counter"));
    let Some(counter) = counter else {
        return missing(t.root, "the parent to create the counter file", "no open of it");
    };
    let target = path_arg(counter.call, "pathname").unwrap_or_default();
    let child = nth_child(t, 2, "a second counting process")?;
    let start = spawned_at(t, child);
    // The parent counts between the fork and its wait for the child (it
    // writes 0 before and reads the total after, alone).
    let end =
        t.named(t.root, &[Sysno::wait4]).find(|c| c.ret() == Some(child as i64)).map(|c| c.index).unwrap_or(usize::MAX);
    for pid in [t.root, child] {
        let who = t.who(pid);
        let expected = format!(
            "{who} to hold a write lock (fcntl F_SETLKW, F_WRLCK) around each of its {ROUNDS} read-then-write of the counter"
        );
        let calls: Vec<CallRef> = t
            .calls(pid)
            .filter(|c| pid != t.root || (c.index > start && c.index < end))
            .filter(|c| fd_of(c.call).and_then(|f| f.target.as_deref()) == Some(target.as_str()))
            .filter(|c| c.is_any(&[Sysno::fcntl, Sysno::pread64, Sysno::pwrite64, Sysno::read, Sysno::write]))
            .collect();
        let mut locked = false;
        let mut rounds = 0;
        for c in &calls {
            if c.is(Sysno::fcntl) {
                let sets_lock = matches!(int_arg(c.call, "cmd", 1) as i32, libc::F_SETLK | libc::F_SETLKW);
                let kind = field_int(c.call, "arg", "l_type").map(|k| k as i32);
                if sets_lock && kind == Some(libc::F_WRLCK) && c.ok() {
                    locked = true;
                } else if sets_lock && kind == Some(libc::F_UNLCK) {
                    locked = false;
                }
                continue;
            }
            if !locked {
                return Err(Finding::new(expected, format!("{} with no lock held", c.quote())).mistake(
                    "the lock is not taken: fcntl locks are advisory, so every process must take it before the read and keep it until after the write",
                ));
            }
            if c.is_any(&[Sysno::pwrite64, Sysno::write]) {
                rounds += 1;
            }
        }
        if rounds != ROUNDS {
            let f = Finding::new(expected, format!("{who} wrote the counter {rounds} time(s) under the lock"));
            return Err(if rounds < ROUNDS { f.missing_in(pid) } else { f });
        }
    }
    // The count as the kernel last stored it: the bytes of the last write
    // of the counter file (what the lab printed does not count).
    let last = t
        .all_calls()
        .filter(|c| c.ok() && c.is_any(&[Sysno::pwrite64, Sysno::write]))
        .filter(|c| fd_of(c.call).and_then(|f| f.target.as_deref()) == Some(target.as_str()))
        .last();
    let full = 2 * ROUNDS as u64;
    let Some(last) = last else {
        return missing(t.root, "the counter file to be written", "no write of it succeeded");
    };
    let bytes = super::common::bytes_moved(std::slice::from_ref(&last));
    match <[u8; 8]>::try_from(bytes.as_slice()).map(u64::from_le_bytes) {
        Ok(n) if n == full => Ok(()),
        Ok(n) => {
            fail(format!("the counter file to end at {full}"), format!("its last write stored {n}: {}", last.quote()))
        }
        Err(_) => fail("the counter written as 8 bytes", last.quote()),
    }
}

fn files_removed(t: &Trace) -> Verdict {
    if !t.objects().iter().any(|o| o.kind == ResourceKind::File && file_name(&o.name) == "counter") {
        return missing(
            t.root,
            "the lab to create its files and then remove them",
            "the counter file was never created",
        );
    }
    removed(t, &[ResourceKind::File, ResourceKind::Dir], "file or directory")
}
