//! Lab 05's checks: one private semaphore, set to 1 before the fork; each
//! counting process takes it before every read of the counter and gives it
//! back after the write, so that every critical section, read from the
//! segment as its -1 returns and as its +1 is called, adds exactly 1 and
//! the counter is exact; every operation carries
//! SEM_UNDO, so a holder that dies gives it back; segment and set removed.

use syscalls::Sysno;
use tracer::event::Pid;
use tracer::kernel::KernelEvent;
use tracer::kernel::objects::CallStop;

use super::LabSpec;
use super::common::{
    detaches, last_contents, nth_child, perms, quotes, segment_counter, sem_ops, spawned_at, the_only,
};
use super::injected;
use crate::grade::check::{self, Check, Finding, Verdict, fail, listing, missing, removed};
use crate::grade::model::{CallRef, ResourceKind, Trace, calls, int_arg};
use crate::i18n::tr;
use crate::labs::course;

const ROUNDS: usize = 100;

pub static SPEC: LabSpec = LabSpec {
    lab: &course::LAB05,
    checks: &[
        check::RUNS,
        Check {
            name: "semaphore_initialised",
            points: 2,
            description: "a private set of one semaphore (IPC_PRIVATE, mode 0600), set to 1 with semctl(SETVAL) before any other process exists",
            verify: semaphore_initialised,
        },
        Check {
            name: "lock_each_increment",
            points: 2,
            description: "each counting process takes the semaphore (semop -1) before every read of the counter and gives it back (+1) after the write: read from the segment as each -1 returns and as its +1 is called, every critical section adds exactly 1, and the counter is exact",
            verify: lock_each_increment,
        },
        Check {
            name: "sem_undo",
            points: 2,
            description: "every semop carries SEM_UNDO, so the kernel gives back the semaphore of a process that dies holding it",
            verify: sem_undo,
        },
        Check {
            name: "removed",
            points: 2,
            description: "the segment is detached and removed (shmctl IPC_RMID) and the semaphore set removed (semctl IPC_RMID)",
            verify: removed_all,
        },
        Check {
            name: "retries_semop",
            points: 1,
            description: "run with every fourth semop interrupted (--inject semop,semtimedop:EINTR:when=1+4), each process makes the interrupted semop again before going on, every critical section still adds exactly 1, and the counter is still exact",
            verify: retries_semop,
        },
    ],
};

fn the_set(t: &Trace) -> Result<CallRef<'_>, Finding> {
    the_only(
        t,
        Sysno::semget,
        &tr!("lab05-semget-expected"),
        &tr!("lab05-one-semget"),
        Some(&tr!("lab05-semget-twice")),
    )
}

/// The id of the segment that holds the counter: the first one made.
fn the_segment(t: &Trace) -> Result<i64, Finding> {
    match t.named_all(&[Sysno::shmget]).find(|c| c.ok()) {
        Some(segment) => Ok(segment.ret().unwrap_or(-1)),
        None => fail(tr!("lab05-shmget-expected"), tr!("lab05-no-shmget")),
    }
}

fn semaphore_initialised(t: &Trace) -> Verdict {
    let set = the_set(t)?;
    let child = nth_child(t, 0, &tr!("lab05-counting-child"))?;
    let expected = tr!("lab05-set-expected");
    let private = int_arg(set.call, "key", 0) as libc::key_t == libc::IPC_PRIVATE;
    let nsems = int_arg(set.call, "nsems", 1);
    let flags = set.call.raw.args[2];
    if !private || nsems != 1 || flags & libc::IPC_CREAT as u64 == 0 || perms(flags) != 0o600 {
        return Err(Finding::new(expected, set.quote()));
    }
    let id = set.ret().unwrap_or(-1);
    let setvals: Vec<CallRef> = t
        .named_all(&[Sysno::semctl])
        .filter(|c| int_arg(c.call, "semid", 0) == id && c.call.raw.args[2] as i32 == libc::SETVAL)
        .collect();
    let Some(first) = setvals.first() else {
        return Err(
            Finding::new(expected, tr!("lab05-no-setval", call = set.quote())).mistake(tr!("lab05-starts-taken"))
        );
    };
    if first.call.raw.args[3] != 1 || !first.ok() {
        return Err(Finding::new(expected, first.quote()).mistake(tr!("lab05-start-at-one")));
    }
    if let Some(late) = setvals.iter().find(|c| c.pid != t.root || c.index > spawned_at(t, child)) {
        return Err(Finding::new(expected, late.quote()).mistake(tr!("lab05-late-setval")));
    }
    Ok(())
}

/// The semops of `pid` on set `id` before event `until`.
fn semops(t: &Trace, pid: Pid, id: i64, until: usize) -> Vec<CallRef<'_>> {
    t.named(pid, calls::SEMOP).filter(|c| int_arg(c.call, "semid", 0) == id && c.index < until).collect()
}

/// The counting processes, each with the event index its counting ends
/// by: the parent counts until it forks the child that dies holding the
/// lock, the first child until its end.
fn counters(t: &Trace) -> Result<[(Pid, usize); 2], Finding> {
    let child = nth_child(t, 0, &tr!("lab05-counting-child"))?;
    let holder_at = t.children().get(1).map(|&h| spawned_at(t, h)).unwrap_or(usize::MAX);
    Ok([(t.root, holder_at), (child, usize::MAX)])
}

fn lock_each_increment(t: &Trace) -> Verdict {
    let set = the_set(t)?;
    let id = set.ret().unwrap_or(-1);
    for (pid, until) in counters(t)? {
        let ops = semops(t, pid, id, until);
        let values: Vec<i64> = ops.iter().flat_map(sem_ops).map(|(_, v, _)| v).collect();
        let locks = values.iter().filter(|&&v| v < 0).count();
        let alternating = values.chunks(2).all(|pair| pair.len() == 2 && pair[0] < 0 && pair[1] > 0);
        // Every round a +1 then a -1: unlock and lock swapped.
        let swapped = values.chunks(2).all(|pair| pair.len() == 2 && pair[0] > 0 && pair[1] < 0);
        let expected = tr!("lab05-lock-expected", who = t.who(pid), rounds = ROUNDS);
        if locks == 0 {
            return Err(Finding::new(expected, tr!("lab05-no-lock", who = t.who(pid)))
                .mistake(tr!("lab05-left-out"))
                .missing_in(pid));
        }
        if locks != ROUNDS || !alternating {
            let mistake = if locks < ROUNDS {
                tr!("lab05-lock-once")
            } else if swapped {
                tr!("lab05-swapped")
            } else {
                tr!("lab05-unpaired")
            };
            let finding =
                Finding::new(expected, listing(&tr!("lab05-locks-in", locks = locks, n = ops.len()), &quotes(&ops)))
                    .mistake(mistake);
            // Too few rounds is a count of what never happened: the
            // process's own only if it ran to its end.
            return Err(if locks < ROUNDS { finding.missing_in(pid) } else { finding });
        }
    }
    sections_add_one(t)?;
    exact_counter(t)
}

/// A critical section: a semop that took the semaphore and the next one of
/// the same process that gave it back, with the counter as the kernel view
/// read it at each (None: no reading).
struct Section<'a> {
    take: CallRef<'a>,
    give: CallRef<'a>,
    before: Option<u64>,
    after: Option<u64>,
}

/// The counter in segment `shmid` as the kernel view read it at semop `c`,
/// at stop `at` (a take as it returned, a give as it was called), from the
/// `held` readings of the set's line under the call. A reading made at the
/// other stop is none: a give read after it gave back may show another
/// process's store.
fn held_counter(t: &Trace, c: &CallRef, shmid: i64, at: CallStop) -> Option<u64> {
    t.kernel_after(c.index).find_map(|k| match k {
        KernelEvent::SemSet(s) => {
            s.held.iter().find(|h| i64::from(h.shmid) == shmid && h.at == at).and_then(|h| segment_counter(&h.contents))
        }
        _ => None,
    })
}

/// The critical sections among `ops`, in order. Only a semop that
/// succeeded acted: one interrupted (EINTR) took or gave nothing, so it
/// neither opens nor closes a section; a take with no give after it (a
/// holder that dies, SEM_UNDO giving back for it) is no section.
fn sections<'a>(t: &'a Trace, ops: &[CallRef<'a>], shmid: i64) -> Vec<Section<'a>> {
    let mut out = Vec::new();
    let mut open: Option<CallRef> = None;
    for c in ops.iter().filter(|c| c.ok()) {
        let values: Vec<i64> = sem_ops(c).into_iter().map(|(_, v, _)| v).collect();
        if !values.is_empty() && values.iter().all(|&v| v > 0) {
            if let Some(take) = open.take() {
                let before = held_counter(t, &take, shmid, CallStop::Exit);
                let after = held_counter(t, c, shmid, CallStop::Entry);
                out.push(Section { take, give: *c, before, after });
            }
        } else if values.iter().any(|&v| v < 0) {
            open = Some(*c);
        }
    }
    out
}

/// Each critical section of each counting process added exactly 1 to the
/// counter in the segment. The kernel view reads the segment as a semop
/// that took the semaphore returns and as the next one that gives it back
/// is called: the process is stopped at both, its own stores made, and a
/// process that takes the semaphore before it stores cannot store in
/// between. A section that added 0 counted outside the lock; one that
/// added more let another process store while it held the semaphore.
fn sections_add_one(t: &Trace) -> Verdict {
    let set = the_set(t)?;
    let id = set.ret().unwrap_or(-1);
    let shmid = the_segment(t)?;
    let adds_one = |s: &Section| matches!((s.before, s.after), (Some(b), Some(a)) if a.wrapping_sub(b) == 1);
    // The first section that did not add 1, in the run's order, with its
    // process's count of such sections and of all its sections.
    let mut first: Option<(Pid, Section, usize, usize)> = None;
    for (pid, until) in counters(t)? {
        let all = sections(t, &semops(t, pid, id, until), shmid);
        let total = all.len();
        let wrong = all.iter().filter(|s| !adds_one(s)).count();
        let Some(w) = all.into_iter().find(|s| !adds_one(s)) else { continue };
        if first.as_ref().is_none_or(|(_, f, _, _)| w.take.index < f.take.index) {
            first = Some((pid, w, wrong, total));
        }
    }
    let Some((pid, s, wrong, total)) = first else { return Ok(()) };
    let who = t.who(pid);
    let expected = tr!("lab05-section-expected", who = who.as_str());
    let pair = [s.take.quote(), s.give.quote()];
    let (found, mistake) = match (s.before, s.after) {
        (Some(before), Some(after)) => {
            let intro = tr!(
                "lab05-section-changed",
                who = who.as_str(),
                before = before,
                after = after,
                wrong = wrong,
                total = total
            );
            let delta = after.wrapping_sub(before) as i64;
            let mistake = if delta == 0 {
                tr!("lab05-section-empty", who = who.as_str())
            } else {
                tr!("lab05-section-other", who = who.as_str(), delta = delta)
            };
            (listing(&intro, &pair), mistake)
        }
        _ => {
            let intro = tr!("lab05-section-unread", who = who.as_str(), wrong = wrong, total = total);
            (listing(&intro, &pair), tr!("lab05-section-unattached"))
        }
    };
    Err(Finding::new(expected, found).mistake(mistake))
}

/// The counter in the segment itself, as the kernel view read it before
/// the last detach, is exact; what the lab printed does not count.
fn exact_counter(t: &Trace) -> Verdict {
    let full = 2 * ROUNDS as u64;
    let (pid, contents) = last_contents(t, the_segment(t)?)?;
    match segment_counter(contents) {
        Some(n) if n == full => Ok(()),
        Some(n) => Err(Finding::new(
            tr!("lab05-exact-expected", full = full),
            tr!(
                "lab05-counter-held",
                n = n,
                who = t.who(pid),
                contents = tracer::render::kernel::contents_in(contents, crate::lang::current())
            ),
        )
        .mistake(tr!("lab05-outside-lock"))),
        None => fail(tr!("lab05-counter-bytes"), tr!("lab05-fewer-bytes")),
    }
}

/// Judged on the run whose every fourth semop is interrupted (with each
/// retry counted, that falls on a -1 and on a +1 in turn in a correct
/// lab; every fifth fell on the -1 only, and an unlock that ignored EINTR
/// passed): an
/// interrupted semop -1 did not take the semaphore and an interrupted +1
/// did not give it back, and the kernel never restarts semop after a
/// signal (signal(7)): only the same semop again keeps the lock right.
fn retries_semop(t: &Trace) -> Verdict {
    fn same(a: &CallRef, b: &CallRef) -> bool {
        int_arg(a.call, "semid", 0) == int_arg(b.call, "semid", 0) && sem_ops(a) == sem_ops(b)
    }
    injected::retried(t, calls::SEMOP, same, &tr!("lab05-retry-why"))?;
    sections_add_one(t)?;
    exact_counter(t)
}

fn sem_undo(t: &Trace) -> Verdict {
    let set = the_set(t)?;
    let id = set.ret().unwrap_or(-1);
    let all: Vec<CallRef> = t.named_all(calls::SEMOP).filter(|c| int_arg(c.call, "semid", 0) == id).collect();
    if all.is_empty() {
        return missing(t.root, tr!("lab05-undo-calls-expected"), tr!("lab05-no-semop"));
    }
    let holder = nth_child(t, 1, &tr!("lab05-holder-child"))?;
    let getval = t
        .named(t.root, &[Sysno::semctl])
        .find(|c| c.index > spawned_at(t, holder) && c.call.raw.args[2] as i32 == libc::GETVAL);
    let without: Vec<&CallRef> =
        all.iter().filter(|c| sem_ops(c).iter().any(|(_, _, flags)| flags & libc::SEM_UNDO as i64 == 0)).collect();
    if let Some(first) = without.first() {
        let after = match getval {
            Some(g) => tr!(
                "lab05-holder-exited",
                holder = holder,
                call = g.quote().trim_start_matches(&format!("pid {} ", t.root))
            ),
            None => String::new(),
        };
        return Err(Finding::new(
            tr!("lab05-undo-expected"),
            tr!("lab05-without-undo", n = without.len(), call = first.quote(), after = after),
        )
        .mistake(tr!("lab05-no-undo")));
    }
    match getval {
        Some(g) if g.ret() == Some(1) => Ok(()),
        Some(g) => fail(tr!("lab05-free-again"), g.quote()),
        None => missing(t.root, tr!("lab05-getval-expected"), tr!("lab05-no-getval")),
    }
}

fn removed_all(t: &Trace) -> Verdict {
    the_set(t)?;
    detaches(t, t.root, tr!("lab05-shmdt-expected"))?;
    removed(t, &[ResourceKind::ShmSegment, ResourceKind::SemSet], &tr!("lab05-segment-or-set"))
}

#[cfg(test)]
mod tests {
    use tracer::decode::{Errno, Field, RawSyscall, Syscall, Value};
    use tracer::event::{Event, EventKind};
    use tracer::kernel::objects::{HeldReading, SemSetState, ShmContents};

    use super::*;
    use crate::grade::model::synthetic::{self, syscall};

    const SHMID: i32 = 7;

    /// A semop of `pid` with one operation `op`, returning 0 or failing
    /// with `errno`, and the set's line under it when it succeeded, with
    /// the counter the segment held (None: no segment attached).
    fn semop(pid: Pid, op: i64, errno: Option<i32>, counter: Option<u64>) -> Vec<Event> {
        let sembuf = Value::Struct(vec![
            Field::new("sem_num", Value::Int(0)),
            Field::new("sem_op", Value::Int(op)),
            Field::new("sem_flg", Value::Int(libc::SEM_UNDO as i64)),
        ]);
        let args = vec![
            Field::new("semid", Value::Int(3)),
            Field::new("sops", Value::Array { items: vec![sembuf], more: false }),
        ];
        let call = Syscall {
            raw: RawSyscall::new(0, [3, 0, 1, 0, 0, 0]),
            errno: errno.map(Errno),
            ..syscall(Sysno::semtimedop, args, if errno.is_some() { -1 } else { 0 })
        };
        let ev = |kind| synthetic::event(pid, kind);
        let mut out = vec![ev(EventKind::Syscall(call))];
        if errno.is_none() {
            let held = counter.map(|n| {
                let mut data = vec![2, 0, 0, 0, 0, 0, 0, 0];
                data.extend_from_slice(&n.to_ne_bytes());
                let at = if op > 0 { CallStop::Entry } else { CallStop::Exit };
                HeldReading { shmid: SHMID, at, contents: ShmContents { read: 16, data, size: 4096, ring: None } }
            });
            let set = SemSetState { semid: 3, key: 0, mode: 0o600, values: vec![], held: held.into_iter().collect() };
            out.push(ev(EventKind::Kernel(KernelEvent::SemSet(set))));
        }
        out
    }

    fn trace(events: Vec<Event>) -> Trace {
        synthetic::trace(events, &course::LAB05)
    }

    fn found(t: &Trace) -> Vec<(Option<u64>, Option<u64>)> {
        let ops: Vec<CallRef> = t.named(10, calls::SEMOP).collect();
        sections(t, &ops, i64::from(SHMID)).iter().map(|s| (s.before, s.after)).collect()
    }

    #[test]
    fn an_interrupted_semop_opens_and_closes_no_section_and_a_holder_that_dies_has_none() {
        let events = [
            semop(10, -1, Some(libc::EINTR), None),
            semop(10, -1, None, Some(5)),
            semop(10, 1, Some(libc::EINTR), None),
            semop(10, 1, None, Some(6)),
            // Taken and never given back: SEM_UNDO gives it back at the exit.
            semop(10, -1, None, Some(6)),
        ]
        .concat();
        assert_eq!(found(&trace(events)), [(Some(5), Some(6))]);
    }

    #[test]
    fn a_section_whose_ends_were_not_read_has_no_readings() {
        let events = [semop(10, -1, None, None), semop(10, 1, None, Some(1))].concat();
        assert_eq!(found(&trace(events)), [(None, Some(1))]);
    }

    #[test]
    fn a_reading_at_the_wrong_stop_is_no_reading() {
        let mut events = [semop(10, -1, None, Some(1)), semop(10, 1, None, Some(2))].concat();
        if let EventKind::Kernel(KernelEvent::SemSet(s)) = &mut events[3].kind {
            s.held[0].at = CallStop::Exit;
        }
        assert_eq!(found(&trace(events)), [(Some(1), None)]);
    }

    #[test]
    fn a_give_without_a_take_is_no_section() {
        let events = [semop(10, 1, None, Some(1)), semop(10, -1, None, Some(1)), semop(10, 1, None, Some(1))].concat();
        assert_eq!(found(&trace(events)), [(Some(1), Some(1))]);
    }
}
