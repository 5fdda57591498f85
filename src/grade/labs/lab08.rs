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
use crate::grade::check::{self, Check, Finding, Verdict, calls_or, fail, listing, missing, removed};
use crate::grade::model::{CallRef, ResourceKind, Trace, calls, fd_of, field_int, int_arg, path_arg};
use crate::i18n::tr;
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
        let writer = nth_child(t, n, &tr!("lab08-writer-of", name = name))?;
        let tmp = format!("{name}.tmp");
        let message = format!("{MESSAGE:?}");
        let expected =
            tr!("lab08-publish-expected", pid = writer, tmp = tmp.as_str(), message = message.as_str(), name = name);
        let open =
            t.named(writer, calls::OPEN).find(|c| path_arg(c.call, "pathname").is_some_and(|p| file_name(&p) == tmp));
        let Some(open) = open.filter(|c| c.ok()) else {
            let tried: Vec<CallRef> = t.named(writer, &[calls::OPEN, calls::RENAME].concat()).collect();
            let f = Finding::new(expected, listing(&tr!("lab08-no-open-of", tmp = tmp.as_str()), &quotes(&tried)))
                .mistake(tr!("lab08-in-place"));
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
            return missing(
                writer,
                expected,
                calls_or(tr!("lab08-its-writes"), tr!("lab08-no-write"), &quotes(&writes)),
            );
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
                return Err(Finding::new(expected, tr!("lab08-no-rename", call = open.quote(), name = name))
                    .mistake(tr!("lab08-appear-whole"))
                    .missing_in(writer));
            }
            (_, Some(r)) => return fail(tr!("lab08-closed-before", expected = expected), r.quote()),
        }
    }
    Ok(())
}

/// The parent's tries at opening `name`.
fn opens_of<'a>(t: &'a Trace, pid: Pid, name: &'a str) -> Vec<CallRef<'a>> {
    t.named(pid, calls::OPEN).filter(|c| path_arg(c.call, "pathname").is_some_and(|p| file_name(&p) == name)).collect()
}

fn polls_with_sleep(t: &Trace) -> Verdict {
    nth_child(t, 0, &tr!("lab08-a-writer"))?;
    let tries = opens_of(t, t.root, "mailbox.txt");
    let expected = tr!("lab08-poll-expected");
    let Some(found) = tries.iter().find(|c| c.ok()) else {
        return missing(t.root, expected, listing(&tr!("lab08-never-opened-mailbox"), &quotes(&tries)));
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
        let found = match (failed.first(), failed.last()) {
            (Some(a), Some(b)) => {
                let (ta, tb) = (t.events[a.index].time, t.events[b.index].time);
                let ms = (tb.saturating_sub(ta)).as_millis() as u64;
                let (n, first) = (failed.len(), failed[0].quote());
                tr!("lab08-tries-in", n = n, ms = ms, unslept = unslept, first = first)
            }
            _ => tr!("lab08-tries", n = failed.len(), unslept = unslept, first = failed[0].quote()),
        };
        return Err(Finding::new(expected, found).mistake(tr!("lab08-busy-polling")));
    }
    let data = io_on(t, t.root, &[Sysno::read], &path_arg(found.call, "pathname").unwrap_or_default());
    if text_moved(&data) != MESSAGE {
        return missing(
            t.root,
            tr!("lab08-poller-reads", message = format!("{MESSAGE:?}")),
            calls_or(tr!("lab08-its-reads"), tr!("lab08-no-read"), &quotes(&data)),
        );
    }
    Ok(())
}

fn inotify_wakes(t: &Trace) -> Verdict {
    let writer = nth_child(t, 1, &tr!("lab08-writer-of-notice"))?;
    let expected = tr!("lab08-inotify-expected");
    let Some(init) = t.named(t.root, &[Sysno::inotify_init1, Sysno::inotify_init]).find(|c| c.ok()) else {
        return missing(t.root, expected, tr!("lab08-no-inotify-init"));
    };
    let fd = init.ret().unwrap_or(-1);
    let watch = t
        .named(t.root, &[Sysno::inotify_add_watch])
        .find(|c| c.ok() && c.call.arg("fd").and_then(Value::as_i64).unwrap_or(c.call.raw.args[0] as i64) == fd);
    let Some(watch) = watch else {
        return missing(t.root, expected, tr!("lab08-no-watch", call = init.quote()));
    };
    let mask = watch.call.arg("mask").and_then(Value::as_i64).unwrap_or(watch.call.raw.args[2] as i64);
    if mask & IN_MOVED_TO == 0 {
        return Err(Finding::new(expected, watch.quote()).mistake(tr!("lab08-moved-to")));
    }
    if watch.index > spawned_at(t, writer) {
        return Err(Finding::new(expected, watch.quote()).mistake(tr!("lab08-watch-late")));
    }
    let reads: Vec<CallRef> = t
        .named(t.root, &[Sysno::read])
        .filter(|c| c.call.arg("fd").and_then(Value::as_i64) == Some(fd) && c.ok() && c.ret().unwrap_or(0) > 0)
        .collect();
    if reads.is_empty() {
        return missing(t.root, tr!("lab08-read-event"), tr!("lab08-no-event"));
    }
    let polled = opens_of(t, t.root, "notice.txt").into_iter().filter(|c| !c.ok()).count();
    if polled > 0 {
        return Err(Finding::new(tr!("lab08-no-polling"), tr!("lab08-failed-opens", n = polled))
            .mistake(tr!("lab08-returned-early")));
    }
    Ok(())
}

fn locked_updates(t: &Trace) -> Verdict {
    let counter = t
        .named(t.root, calls::OPEN)
        .find(|c| c.ok() && path_arg(c.call, "pathname").is_some_and(|p| file_name(&p) == "counter"));
    let Some(counter) = counter else {
        return missing(t.root, tr!("lab08-create-counter"), tr!("lab08-no-open-of-it"));
    };
    let target = path_arg(counter.call, "pathname").unwrap_or_default();
    let child = nth_child(t, 2, &tr!("lab08-second-counter"))?;
    let start = spawned_at(t, child);
    // The parent counts between the fork and its wait for the child (it
    // writes 0 before and reads the total after, alone).
    let end =
        t.named(t.root, &[Sysno::wait4]).find(|c| c.ret() == Some(child as i64)).map(|c| c.index).unwrap_or(usize::MAX);
    for pid in [t.root, child] {
        let who = t.who(pid);
        let expected = tr!("lab08-lock-expected", who = who.as_str(), rounds = ROUNDS);
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
                return Err(
                    Finding::new(expected, tr!("lab08-no-lock-held", call = c.quote())).mistake(tr!("lab08-advisory"))
                );
            }
            if c.is_any(&[Sysno::pwrite64, Sysno::write]) {
                rounds += 1;
            }
        }
        if rounds != ROUNDS {
            let f = Finding::new(expected, tr!("lab08-wrote-under-lock", who = who.as_str(), n = rounds));
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
        return missing(t.root, tr!("lab08-counter-written"), tr!("lab08-no-write-succeeded"));
    };
    let bytes = super::common::bytes_moved(std::slice::from_ref(&last));
    match <[u8; 8]>::try_from(bytes.as_slice()).map(u64::from_le_bytes) {
        Ok(n) if n == full => Ok(()),
        Ok(n) => fail(tr!("lab08-counter-end", full = full), tr!("lab08-last-write", n = n, call = last.quote())),
        Err(_) => fail(tr!("lab08-eight-bytes"), last.quote()),
    }
}

fn files_removed(t: &Trace) -> Verdict {
    if !t.objects().iter().any(|o| o.kind == ResourceKind::File && file_name(&o.name) == "counter") {
        return missing(t.root, tr!("lab08-files-expected"), tr!("lab08-counter-never-created"));
    }
    removed(t, &[ResourceKind::File, ResourceKind::Dir], &tr!("lab08-file-or-dir"))
}
