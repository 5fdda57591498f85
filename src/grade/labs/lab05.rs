//! Lab 05's checks: one private semaphore, set to 1 before the fork; each
//! counting process takes it before every read of the counter and gives it
//! back after the write, so the counter is exact; every operation carries
//! SEM_UNDO, so a holder that dies gives it back; segment and set removed.

use syscalls::Sysno;
use tracer::event::Pid;

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
            description: "each counting process takes the semaphore (semop -1) before every read of the counter and gives it back (+1) after the write: the counter is exact",
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
            description: "run with every fourth semop interrupted (--inject semop,semtimedop:EINTR:when=1+4), each process makes the interrupted semop again before going on, and the counter is still exact",
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

fn lock_each_increment(t: &Trace) -> Verdict {
    let set = the_set(t)?;
    let id = set.ret().unwrap_or(-1);
    let child = nth_child(t, 0, &tr!("lab05-counting-child"))?;
    // The parent counts until it forks the child that dies holding the lock.
    let holder_at = t.children().get(1).map(|&h| spawned_at(t, h)).unwrap_or(usize::MAX);
    for (pid, until) in [(t.root, holder_at), (child, usize::MAX)] {
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
    exact_counter(t)
}

/// The counter in the segment itself, as the kernel view read it before
/// the last detach, is exact; what the lab printed does not count.
fn exact_counter(t: &Trace) -> Verdict {
    let full = 2 * ROUNDS as u64;
    let Some(segment) = t.named_all(&[Sysno::shmget]).find(|c| c.ok()) else {
        return fail(tr!("lab05-shmget-expected"), tr!("lab05-no-shmget"));
    };
    let (pid, contents) = last_contents(t, segment.ret().unwrap_or(-1))?;
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
