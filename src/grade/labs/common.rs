//! Questions several labs ask of a trace: which child, which calls on which
//! object, what bytes moved, whether a reader saw end of file, whether a
//! parent reaped its child.

use syscalls::Sysno;
use tracer::decode::Value;
use tracer::event::Pid;
use tracer::kernel::objects::ShmContents;

use crate::grade::check::{Finding, Verdict, fail, listing, missing};
use crate::grade::model::{CallRef, HeldFd, HeldFds, Trace, calls, fd_of};
use crate::i18n::tr;

/// The one call `sysno` that creates the lab's object (a queue, a set, a
/// segment), which must have succeeded. `none` says what was expected when
/// there is no such call; `many` what was expected when there are several,
/// and `mistake` the likely cause then.
pub fn the_only<'a>(
    t: &'a Trace,
    sysno: Sysno,
    none: &str,
    many: &str,
    mistake: Option<&str>,
) -> Result<CallRef<'a>, Finding> {
    let made: Vec<CallRef> = t.named_all(&[sysno]).collect();
    let name = sysno.name();
    match made.as_slice() {
        [] => missing(t.root, none, tr!("common-no-call", call = name)),
        [one] if one.ok() => Ok(*one),
        [one] => fail(tr!("common-call-succeeds", call = name), one.quote()),
        several => {
            let finding = Finding::new(many, listing("", &quotes(several)));
            Err(match mistake {
                Some(m) => finding.mistake(m),
                None => finding,
            })
        }
    }
}

/// That `pid` detached a segment with a shmdt that succeeded. The finding
/// (`expected`: what the check asked of `pid`) names the process that did
/// not, so it stays true when another process did detach; a shmdt that
/// failed is quoted, never called forgotten.
pub fn detaches(t: &Trace, pid: Pid, expected: String) -> Result<(), Finding> {
    let all: Vec<CallRef> = t.named(pid, &[Sysno::shmdt]).collect();
    if all.iter().any(|c| c.ok()) {
        return Ok(());
    }
    let who = t.who(pid);
    let finding = if all.is_empty() {
        Finding::new(expected, tr!("common-no-shmdt-by", who = who)).mistake(tr!("common-shmdt-forgotten"))
    } else {
        Finding::new(expected, listing(&tr!("common-shmdt-failed", who = who), &quotes(&all)))
            .mistake(tr!("common-shmdt-address"))
    };
    Err(finding.missing_in(pid))
}

/// The `n`th process (0-based) the lab's first process created.
pub fn nth_child(t: &Trace, n: usize, what: &str) -> Result<Pid, Finding> {
    let children = t.children();
    children.get(n).copied().ok_or_else(|| {
        Finding::new(
            tr!("common-fork-expected", pid = t.root, what = what),
            tr!("common-fork-found", n = children.len()),
        )
        .missing_in(t.root)
    })
}

/// Calls `calls` of `pid` on a descriptor whose target is `target`.
pub fn io_on<'a>(t: &'a Trace, pid: Pid, calls: &'a [Sysno], target: &str) -> Vec<CallRef<'a>> {
    t.named(pid, calls).filter(|c| fd_of(c.call).and_then(|f| f.target.as_deref()) == Some(target)).collect()
}

/// Calls `calls` of `pid` on descriptor number `fd`.
pub fn io_on_fd<'a>(t: &'a Trace, pid: Pid, calls: &'a [Sysno], fd: i32) -> Vec<CallRef<'a>> {
    t.named(pid, calls).filter(|c| fd_of(c.call).map(|f| f.fd) == Some(fd)).collect()
}

/// The bytes that reads or writes moved, in order (a buffer is cut to what
/// the call returned).
pub fn bytes_moved(calls: &[CallRef]) -> Vec<u8> {
    let mut out = Vec::new();
    for c in calls {
        let n = c.ret().unwrap_or(0).max(0) as usize;
        let buf = c.call.arg("buf").or_else(|| c.call.arg("msg_ptr")).and_then(Value::as_bytes);
        if let Some(b) = buf {
            out.extend_from_slice(&b.data[..n.min(b.data.len())]);
        }
    }
    out
}

/// Text of the bytes moved, for messages.
pub fn text_moved(calls: &[CallRef]) -> String {
    String::from_utf8_lossy(&bytes_moved(calls)).into_owned()
}

/// Quoted calls.
pub fn quotes(calls: &[CallRef]) -> Vec<String> {
    calls.iter().map(|c| c.quote()).collect()
}

/// Who holds an end of `target` that can write, in `tables`.
pub fn write_holders(tables: &HeldFds, target: &str) -> Vec<(Pid, HeldFd)> {
    let mut out: Vec<(Pid, HeldFd)> = tables
        .iter()
        .flat_map(|(pid, fds)| {
            fds.values().filter(|f| f.target == target && f.access.can_write()).map(move |f| (*pid, f.clone()))
        })
        .collect();
    out.sort_by_key(|(pid, f)| (*pid, f.fd));
    out
}

/// The descriptor tables at the moment a call happened; for a call cut off
/// by the kill at the end of a run, at the moment of the kill.
pub fn tables_at(t: &Trace, call: &CallRef) -> HeldFds {
    let at = if call.ret().is_none() { t.killed_at().unwrap_or(call.index).min(call.index) } else { call.index };
    t.fds_before(at)
}

/// `reader` read `target` until a read returned 0.
pub fn sees_eof(t: &Trace, reader: Pid, target: &str) -> Verdict {
    let who = t.who(reader);
    let expected = tr!("eof-expected", who = who.as_str(), target = target);
    let reads = io_on(t, reader, calls::READ, target);
    let Some(last) = reads.last() else {
        return missing(reader, expected, tr!("eof-never-read", who = who.as_str(), target = target));
    };
    if last.ret() == Some(0) {
        return Ok(());
    }
    let tables = tables_at(t, last);
    let holders = write_holders(&tables, target);
    let held: Vec<String> =
        holders.iter().map(|(pid, f)| tr!("eof-still-holds", pid = *pid, end = f.describe())).collect();
    if last.ret().is_none() || last.call.errno.is_some() {
        let call = crate::grade::quote::call(last.call);
        let found = if held.is_empty() {
            tr!("eof-still-waiting", who = who.as_str(), call = call)
        } else {
            tr!("eof-still-waiting-held", who = who.as_str(), call = call, held = held.join(&tr!("eof-and")))
        };
        let mistake = if let Some((_, f)) = holders.iter().find(|(pid, _)| *pid == reader) {
            tr!("eof-own-copy", who = who.as_str(), end = f.describe())
        } else if let Some((pid, f)) = holders.first() {
            tr!("eof-writer-keeps", who = t.who(*pid), end = f.describe())
        } else {
            tr!("eof-no-data")
        };
        return Err(Finding::new(expected, found).mistake(mistake));
    }
    Err(Finding::new(
        expected,
        listing(&tr!("eof-reads-stopped", who = who.as_str(), n = reads.len()), &quotes(&reads)),
    )
    .mistake(tr!("eof-byte-stream"))
    .missing_in(reader))
}

/// `parent` reaped `child` with waitpid (wait4) after it exited.
pub fn reaps(t: &Trace, parent: Pid, child: Pid) -> Verdict {
    let expected = tr!("reap-expected", who = t.who(parent), child = child);
    let waits: Vec<CallRef> = t.named(parent, calls::WAIT).collect();
    if waits.iter().any(|w| w.ret() == Some(child as i64)) {
        return Ok(());
    }
    if waits.is_empty() {
        let parent_end = t.proc(parent).and_then(|p| p.exit).map(|(i, _)| i);
        let child_end = t.proc(child).and_then(|p| p.exit).map(|(i, _)| i);
        let found = match (parent_end, child_end) {
            (Some(p), Some(c)) if p < c => tr!("reap-never-waited-first", who = t.who(parent)),
            _ => tr!("reap-never-waited", who = t.who(parent)),
        };
        return Err(Finding::new(expected, found).mistake(tr!("reap-no-waitpid")).missing_in(parent));
    }
    let found = listing(&tr!("reap-waits-of", who = t.who(parent)), &quotes(&waits));
    if waits.iter().any(|w| w.ret().is_none()) {
        // Still waiting when the run ended: whether it reaps is not known.
        return Err(Finding::new(expected, found).mistake(tr!("reap-child-never-ended")).missing_in(parent));
    }
    Err(Finding::new(expected, found).mistake(tr!("reap-wrong-pid")))
}

/// The permission bits of a mode argument (`IPC_CREAT|0600` gives 0o600).
pub fn perms(raw: u64) -> u64 {
    raw & 0o777
}

/// The event index where child `pid` was created (usize::MAX if never).
pub fn spawned_at(t: &Trace, pid: Pid) -> usize {
    t.proc(pid).and_then(|p| p.spawned_at).unwrap_or(usize::MAX)
}

/// The message text of a System V message argument (`msgp`).
pub fn msg_text(c: &CallRef) -> Option<String> {
    c.call.arg("msgp").and_then(|m| m.field("mtext")).and_then(Value::as_bytes).map(|b| b.lossy().into_owned())
}

/// The type of a System V message argument (`msgp.mtype`).
pub fn msg_type(c: &CallRef) -> Option<i64> {
    c.call.arg("msgp").and_then(|m| m.field("mtype")).and_then(Value::as_i64)
}

/// The operations of a semop/semtimedop call: (sem_num, sem_op, sem_flg).
pub fn sem_ops(c: &CallRef) -> Vec<(i64, i64, i64)> {
    match c.call.arg("sops") {
        Some(Value::Array { items, .. }) => items
            .iter()
            .map(|op| {
                let num = op.field("sem_num").and_then(Value::as_i64).unwrap_or(-1);
                let val = op.field("sem_op").and_then(Value::as_i64).unwrap_or(0);
                let flags = op.field("sem_flg").and_then(Value::as_i64).unwrap_or(0);
                (num, val, flags)
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The signal names in a decoded signal set (`[USR1 CHLD]`), without `SIG`.
///
/// The one place a check still reads text: the tracer decodes a signal set
/// into its printed form only (`Value::Text`), the mask's bits are not kept.
pub fn signal_set(v: Option<&Value>) -> Vec<String> {
    let text = v.map(|v| v.to_string()).unwrap_or_default();
    if text.starts_with('~') {
        return Vec::new();
    }
    text.trim_matches(|c| c == '[' || c == ']')
        .split_whitespace()
        .map(|s| s.trim_start_matches("SIG").to_string())
        .collect()
}

/// The calls of `pid` strictly between two event indices.
pub fn calls_between<'a>(t: &'a Trace, pid: Pid, from: usize, to: usize) -> Vec<CallRef<'a>> {
    t.calls(pid).filter(|c| c.index > from && c.index < to).collect()
}

/// The counter of labs 04 and 05 in the segment's bytes: the `u64` after
/// the `u32` of `Shared { ready: AtomicU32, counter: AtomicU64 }` (repr(C),
/// so at offset 8), in this machine's byte order.
pub fn segment_counter(c: &ShmContents) -> Option<u64> {
    let bytes: [u8; 8] = c.data.get(8..16)?.try_into().ok()?;
    Some(u64::from_ne_bytes(bytes))
}

/// The last reading of segment `id` by the kernel view (its latest
/// contents: at the last detach, when it is detached before it is
/// removed), with the process whose detach or exit it was.
pub fn last_contents(t: &Trace, id: i64) -> Result<(Pid, &ShmContents), Finding> {
    t.segment_contents(id).last().map(|&(_, pid, c)| (pid, c)).ok_or_else(|| {
        Finding::new(tr!("segment-read-expected", id = id), tr!("segment-read-found"))
            .mistake(tr!("segment-read-mistake"))
            .missing_in(t.root)
    })
}
