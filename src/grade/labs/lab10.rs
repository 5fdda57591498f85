//! Lab 10's checks: a producer (the parent) and a consumer (its child) pass
//! 64 items through a ring of 4 slots in a System V segment, twice: with
//! two process-shared POSIX semaphores in the segment (part 1), then with
//! futexes on the ring's own counters (part 2); then a handshake test counts
//! lost wake-ups. Everything is judged from the futex calls, the kernel
//! view's readings of each futex word and of the ring's header, and the
//! segment's bytes at the last detach, never from what the lab printed.

use syscalls::Sysno;
use tracer::event::Pid;
use tracer::event::hang::Diagnosis;
use tracer::kernel::KernelEvent;
use tracer::kernel::objects::{FutexState, RingState, ShmContents};

use super::LabSpec;
use super::common::{last_contents, spawned_at};
use crate::grade::check::{self, Check, Finding, Verdict, fail, listing, missing};
use crate::grade::model::ends::End;
use crate::grade::model::{CallRef, Trace, calls};
use crate::i18n::tr;
use crate::labs::course;

/// The lab's ring and runs (labs/10_bounded_buffer/main.rs).
const SLOTS: u32 = 4;
const ITEMS: u32 = 64;
/// Needless wakes a part may make before the check counts them a mistake:
/// the race in which a sleeper raised its flag and then found the word
/// moved on can make one or two.
const NEEDLESS_WAKES: usize = 3;

/// Where the lab keeps its tallies in the segment (`struct Ring`).
const RECEIVED: usize = 32;
const WRONG: usize = 36;
const ROUNDS: usize = 40;
const RACED: usize = 44;
const LOST: usize = 48;
const MET: usize = 56;
/// Rounds of the handshake test in which the two halves must have met
/// (each saw the other's store) before "no round lost" means anything:
/// a lost wake-up can only show in a round where they overlap. The lab
/// runs the test until 50 rounds met or one was lost (after 4000 rounds at
/// least; at most 4 s), so only a machine too busy to run the two processes
/// at the same moment for 4 s falls short. Measured with two busy loops
/// beside the lab on two loaded CPUs: the reference solution's halves met
/// in 106 to 274 of 4000 rounds; with Relaxed orderings they met in 0 to 89
/// and 126 to 249 were lost.
const MIN_MET: u32 = 5;

pub static SPEC: LabSpec = LabSpec {
    lab: &course::LAB10,
    checks: &[
        check::RUNS,
        Check {
            name: "semaphores_shared",
            points: 2,
            description: "part 1: two process-shared semaphores in the segment (sem_init with pshared 1): every futex call is on a word in the segment, none private, and the producer and the consumer sleep on two different words",
            verify: semaphores_shared,
        },
        Check {
            name: "waits_when_full_or_empty",
            points: 2,
            description: "in both parts, the producer sleeps in the kernel (a futex wait a wake ends) while the ring is full, and the consumer while it is empty",
            verify: waits_when_full_or_empty,
        },
        Check {
            name: "items_in_order",
            points: 2,
            description: "in both parts, the segment at its last detach says every item arrived once, in order, and the ring's counters agree (64 written, 64 taken)",
            verify: items_in_order,
        },
        Check {
            name: "wakes_only_sleepers",
            points: 1,
            description: "part 2: a process calls FUTEX_WAKE only when the other may be asleep, never on every item",
            verify: wakes_only_sleepers,
        },
        Check {
            name: "no_lost_wakeup",
            points: 2,
            description: "the handshake test finds no round in which the sleeper would sleep while the waker would not wake it, and no process sleeps on a futex word that has moved on",
            verify: no_lost_wakeup,
        },
    ],
};

/// One part of the run: its segment, its consumer, and the events from the
/// consumer's fork to its end.
struct Part {
    number: usize,
    shmid: i64,
    consumer: Pid,
    from: usize,
    to: usize,
}

/// Part `n` (0 or 1), once the parent made its segment and forked its consumer.
fn part(t: &Trace, n: usize) -> Result<Part, Finding> {
    let segments: Vec<CallRef> = t.named(t.root, &[Sysno::shmget]).filter(|c| c.ok()).collect();
    let children = t.children();
    let (Some(segment), Some(&consumer)) = (segments.get(n), children.get(n)) else {
        // Never started is the parent's to answer for only if it ran to its end.
        return missing(
            t.root,
            tr!("lab10-part-expected", who = t.who(t.root), part = n + 1),
            tr!("lab10-part-never", segments = segments.len(), children = children.len(), part = n + 1),
        );
    };
    // A part ends at its consumer's exit, and at the latest where the
    // producer begins the next part (its segment): the tracer may see the
    // consumer's exit only after the producer, which reaped it, has gone on
    // to the next part's calls, and those are not this part's.
    let exit = t.proc(consumer).and_then(|p| p.exit).map_or(usize::MAX, |(i, _)| i);
    let next = segments.get(n + 1).map_or(usize::MAX, |c| c.index);
    let to = exit.min(next);
    Ok(Part { number: n + 1, shmid: segment.ret().unwrap_or(-1), consumer, from: spawned_at(t, consumer), to })
}

/// A futex call and what the kernel view read of its word (None: the word
/// is in no segment).
struct Futex<'a> {
    call: CallRef<'a>,
    state: Option<&'a FutexState>,
}

impl Futex<'_> {
    fn waits(&self) -> bool {
        let cmd = self.call.call.raw.args[1] as i32 & !(libc::FUTEX_PRIVATE_FLAG | libc::FUTEX_CLOCK_REALTIME);
        cmd == libc::FUTEX_WAIT || cmd == libc::FUTEX_WAIT_BITSET
    }

    fn wakes(&self) -> bool {
        let cmd = self.call.call.raw.args[1] as i32 & !(libc::FUTEX_PRIVATE_FLAG | libc::FUTEX_CLOCK_REALTIME);
        cmd == libc::FUTEX_WAKE || cmd == libc::FUTEX_WAKE_BITSET
    }

    /// It slept: a wait that a wake ended (it returned 0), or one still
    /// asleep when the run was killed.
    fn slept(&self) -> bool {
        self.waits() && matches!(self.call.ret(), Some(0) | None)
    }
}

/// The futex calls of `pid` during part `p`, without those of a panic's
/// machinery (its own locks are private futexes).
fn futexes<'a>(t: &'a Trace, p: &Part, pid: Pid) -> Vec<Futex<'a>> {
    let to = p.to.min(t.panic_began(pid).unwrap_or(usize::MAX));
    t.named(pid, &[Sysno::futex])
        .filter(|c| c.index > p.from && c.index < to)
        .map(|call| {
            let state = t.kernel_after(call.index).find_map(|k| match k {
                KernelEvent::Futex(f) => Some(f),
                _ => None,
            });
            Futex { call, state }
        })
        .collect()
}

fn quoted(fs: &[&Futex]) -> Vec<String> {
    fs.iter().map(|f| f.call.quote()).collect()
}

/// Every reading of the ring of segment `shmid` the kernel view made (at
/// futex calls and detaches) that no correct producer and consumer allow.
fn overruns(t: &Trace, shmid: i64) -> Vec<RingState> {
    t.events
        .iter()
        .filter_map(|e| match &e.kind {
            tracer::event::EventKind::Kernel(KernelEvent::Futex(f)) if i64::from(f.shmid) == shmid => {
                Some([f.at_call.and_then(|r| r.ring), f.now.and_then(|r| r.ring)])
            }
            tracer::event::EventKind::Kernel(KernelEvent::Shm(s)) if i64::from(s.shmid) == shmid => {
                Some([s.contents.as_ref().and_then(|c| c.ring), None])
            }
            _ => None,
        })
        .flatten()
        .flatten()
        .filter(|r| r.overrun().is_some())
        .collect()
}

/// The ring of a segment in this run's language, as the kernel view writes it.
fn ring(r: &RingState) -> String {
    tracer::render::notify::ring_in(r, crate::lang::current())
}

/// The ring after "the": `the ring of 4 slots: ...` in English.
fn ring_words(r: &RingState) -> String {
    tr!("lab10-the-ring", ring = ring(r))
}

/// The first overrun the kernel view saw, as evidence for a finding.
fn overrun_seen(t: &Trace, shmid: i64) -> String {
    match overruns(t, shmid).first() {
        Some(r) => tr!("lab10-view-read", ring = ring(r)),
        None => String::new(),
    }
}

fn semaphores_shared(t: &Trace) -> Verdict {
    let p = part(t, 0)?;
    let expected = tr!("lab10-shared-expected", shmid = p.shmid);
    let producer = futexes(t, &p, t.root);
    let consumer = futexes(t, &p, p.consumer);
    let all: Vec<&Futex> = producer.iter().chain(&consumer).collect();
    if all.is_empty() {
        let cut = [t.root, p.consumer].into_iter().find(|&pid| t.cut_short(pid).is_some());
        let f = Finding::new(expected, tr!("lab10-no-futex"));
        return Err(match cut {
            Some(pid) => f.missing_in(pid),
            None => f,
        }
        .mistake(tr!("lab10-never-waited")));
    }
    // The private flag is in the call itself; where the word is, only a
    // call that returned says (the view reads it at the call's exit).
    if let Some(private) = all.iter().find(|f| f.call.call.raw.args[1] as i32 & libc::FUTEX_PRIVATE_FLAG != 0) {
        return Err(Finding::new(expected, private.call.quote()).mistake(tr!("lab10-pshared-zero")));
    }
    if let Some(outside) = all.iter().find(|f| f.state.is_none() && f.call.ret().is_some()) {
        return Err(Finding::new(expected, tr!("lab10-outside", call = outside.call.quote()))
            .mistake(tr!("lab10-not-in-segment")));
    }
    let words = |fs: &[Futex]| -> Vec<u64> {
        fs.iter().filter(|f| f.waits()).filter_map(|f| f.state.map(|s| s.offset)).collect()
    };
    let (mine, theirs) = (words(&producer), words(&consumer));
    if let Some(shared) = mine.iter().find(|w| theirs.contains(w)) {
        let both: Vec<&Futex> =
            all.iter().copied().filter(|f| f.waits() && f.state.is_some_and(|s| s.offset == *shared)).collect();
        return Err(Finding::new(
            expected,
            listing(&tr!("lab10-both-sleep", word = format!("shm {}+{shared:#x}", p.shmid)), &quoted(&both)),
        )
        .mistake(tr!("lab10-one-semaphore")));
    }
    // A side cut short before it ever slept on its semaphore: the two
    // words were never both put to the test.
    for (pid, role, waits) in [(t.root, "producer", &mine), (p.consumer, "consumer", &theirs)] {
        if waits.is_empty() && t.cut_short(pid).is_some() {
            return missing(pid, expected, tr!("lab10-never-slept-part1", role = role, pid = pid));
        }
    }
    Ok(())
}

fn waits_when_full_or_empty(t: &Trace) -> Verdict {
    for n in 0..2 {
        let p = part(t, n)?;
        for (pid, role, expected, mistake) in [
            (t.root, "producer", tr!("lab10-producer-sleeps", part = p.number), tr!("lab10-producer-never-waited")),
            (p.consumer, "consumer", tr!("lab10-consumer-sleeps", part = p.number), tr!("lab10-consumer-never-waited")),
        ] {
            let fs = futexes(t, &p, pid);
            if fs.iter().any(|f| f.slept() && (f.state.is_some() || f.call.ret().is_none())) {
                continue;
            }
            let waits: Vec<&Futex> = fs.iter().filter(|f| f.waits()).collect();
            let found = if waits.is_empty() {
                tr!("lab10-no-wait", role = role, pid = pid, part = p.number, overrun = overrun_seen(t, p.shmid))
            } else {
                listing(&tr!("lab10-never-woken", role = role, pid = pid, part = p.number), &quoted(&waits))
            };
            return Err(Finding::new(expected, found).mistake(mistake).missing_in(pid));
        }
    }
    Ok(())
}

/// A 32-bit word of the segment's bytes at `at`, when that many were read.
fn word(c: &ShmContents, at: usize) -> Option<u32> {
    Some(u32::from_ne_bytes(c.data.get(at..at + 4)?.try_into().ok()?))
}

fn items_in_order(t: &Trace) -> Verdict {
    for n in 0..2 {
        let p = part(t, n)?;
        let expected = tr!("lab10-items-expected", shmid = p.shmid, part = p.number, items = ITEMS);
        if !matches!(t.exit_of(p.consumer), Some(tracer::event::Exit::Code(0))) {
            return missing(p.consumer, expected, tr!("lab10-consumer-unfinished", part = p.number, pid = p.consumer));
        }
        let (pid, c) = last_contents(t, p.shmid)?;
        let (Some(received), Some(wrong), Some(ring)) = (word(c, RECEIVED), word(c, WRONG), c.ring) else {
            return fail(
                expected,
                tr!("lab10-no-header", contents = tracer::render::kernel::contents_in(c, crate::lang::current())),
            );
        };
        if received == ITEMS && wrong == 0 && ring.written == ITEMS && ring.taken == ITEMS && ring.slots == SLOTS {
            continue;
        }
        let found = tr!(
            "lab10-last-reading",
            pid = pid,
            received = received,
            wrong = wrong,
            ring = ring_words(&ring),
            overrun = overrun_seen(t, p.shmid)
        );
        let mistake = if ring.written != ITEMS || ring.taken != ITEMS {
            tr!("lab10-counters-move")
        } else {
            tr!("lab10-each-waits")
        };
        return Err(Finding::new(expected, found).mistake(mistake));
    }
    Ok(())
}

/// The first and last event index of `pid`'s sleeps in part `p` (its slow
/// steps), if it made at least two.
fn slow_steps(t: &Trace, p: &Part, pid: Pid) -> Option<(usize, usize)> {
    let sleeps: Vec<usize> =
        t.named(pid, calls::SLEEP).filter(|c| c.index > p.from && c.index < p.to).map(|c| c.index).collect();
    Some((*sleeps.first()?, *sleeps.get(1..)?.last()?))
}

fn wakes_only_sleepers(t: &Trace) -> Verdict {
    let p = part(t, 1)?;
    let producer = futexes(t, &p, t.root);
    let consumer = futexes(t, &p, p.consumer);
    let mut needless: Vec<&Futex> = Vec::new();
    // While one side makes its items (or uses them) slowly, it never finds
    // the ring full (or empty): it never sleeps, and the other side has no
    // one to wake.
    for (slow, slow_calls, other_calls) in [(t.root, &producer, &consumer), (p.consumer, &consumer, &producer)] {
        let Some((from, to)) = slow_steps(t, &p, slow) else {
            // Cut short before its slow steps: nothing to judge, not a pass.
            // If it was only waiting for the other, which gave up first
            // (panicked, failed), the other is what stopped the run.
            if t.cut_short(slow).is_some() {
                let other = if slow == t.root { p.consumer } else { t.root };
                let gave_up = |pid| !matches!(t.end_of(pid), End::Finished | End::Killed { .. } | End::Running);
                let cause = if !gave_up(slow) && gave_up(other) { other } else { slow };
                return missing(cause, tr!("lab10-few-wakes-expected"), tr!("lab10-never-slow", pid = slow));
            }
            continue;
        };
        let inside = |f: &&Futex| f.call.index > from && f.call.index < to;
        if slow_calls.iter().filter(inside).any(|f| f.waits()) {
            continue; // it did sleep (a loaded machine): its waker was right
        }
        needless.extend(other_calls.iter().filter(inside).filter(|f| f.wakes()));
    }
    if needless.len() < NEEDLESS_WAKES {
        return Ok(());
    }
    Err(Finding::new(
        tr!("lab10-few-wakes-expected"),
        listing(&tr!("lab10-needless-wakes", n = needless.len()), &quoted(&needless)),
    )
    .mistake(tr!("lab10-wake-every-item")))
}

fn no_lost_wakeup(t: &Trace) -> Verdict {
    let expected = tr!("lab10-lost-expected");
    let p = part(t, 1)?;
    // A lost wake-up in part 1 is the semaphores' (semaphores_shared).
    let in_part = |b: &&tracer::event::hang::BlockedTask| b.pid == t.root || b.pid == p.consumer;
    if let Some(b) =
        t.hang().iter().filter(in_part).find(|b| matches!(b.diagnosis, Some(Diagnosis::FutexWordChanged { .. })))
    {
        let diagnosis = b.diagnosis.as_ref().map(|d| d.message(crate::lang::current())).unwrap_or_default();
        // The one that was to wake it: if that process itself panicked or
        // failed, the wake was never reached, not forgotten.
        let waker = if b.pid == t.root { p.consumer } else { t.root };
        let gave_up = !matches!(t.end_of(waker), End::Finished | End::Killed { .. } | End::Running);
        let f = Finding::new(
            expected,
            tr!(
                "lab10-asleep",
                pid = b.pid,
                call = b.call.as_deref().unwrap_or("futex"),
                facts = b.facts.text(crate::lang::current(), "; ")
            ),
        )
        .mistake(tr!("lab10-missed-flag", diagnosis = diagnosis));
        return Err(if gave_up { f.missing_in(waker) } else { f });
    }
    let (_, c) = last_contents(t, p.shmid)?;
    let (Some(rounds), Some(raced), Some(lost)) = (word(c, ROUNDS), word(c, RACED), word(c, LOST)) else {
        return fail(
            expected,
            tr!("lab10-no-tallies", contents = tracer::render::kernel::contents_in(c, crate::lang::current())),
        );
    };
    if rounds == 0 {
        return missing(t.root, expected, tr!("lab10-no-round"));
    }
    let met = word(c, MET).unwrap_or(0);
    // On one CPU the two halves only meet when one is preempted between
    // its store and its load: no store buffer can hide a store from the
    // other process, so too few meetings there prove nothing wrong.
    if lost == 0 && (met >= MIN_MET || raced == 0) {
        return Ok(());
    }
    if lost == 0 {
        return Err(Finding::new(expected, tr!("lab10-too-few-met", met = met, rounds = rounds))
            .mistake(tr!("lab10-busy-machine")));
    }
    Err(Finding::new(expected, tr!("lab10-lost-rounds", lost = lost, rounds = rounds, raced = raced))
        .mistake(tr!("lab10-not-ordered")))
}

#[cfg(test)]
mod tests {
    use tracer::event::{Event, EventKind, Exit, Spawn};

    use super::*;
    use crate::grade::model::synthetic::{event as ev, syscall, trace};

    fn call(pid: Pid, sysno: Sysno, ret: i64) -> Event {
        ev(pid, EventKind::Syscall(syscall(sysno, vec![], ret)))
    }

    #[test]
    fn a_part_ends_where_the_producer_begins_the_next_even_if_its_consumer_s_exit_is_seen_later() {
        // The tracer saw consumer 11 exit only after the producer, which
        // had reaped it, made part 2's segment, forked 12 and used a futex.
        let events = vec![
            call(10, Sysno::shmget, 1),
            ev(10, EventKind::Spawn(Spawn { child: 11, thread: false, via: "clone" })),
            call(10, Sysno::wait4, 11),
            call(10, Sysno::shmget, 2),
            ev(10, EventKind::Spawn(Spawn { child: 12, thread: false, via: "clone" })),
            call(10, Sysno::futex, 0),
            ev(11, EventKind::Exit(Exit::Code(0))),
            ev(12, EventKind::Exit(Exit::Code(0))),
        ];
        let t = trace(events, &crate::labs::course::LAB10);
        let (one, two) = (part(&t, 0).expect("part 1"), part(&t, 1).expect("part 2"));
        assert_eq!((one.consumer, two.consumer), (11, 12));
        assert_eq!(one.to, 3, "part 1 ends at part 2's shmget");
        assert!(futexes(&t, &one, 10).is_empty(), "part 2's futex call is not part 1's");
        assert_eq!(futexes(&t, &two, 10).len(), 1);
    }

    #[test]
    fn the_tallies_are_read_where_the_lab_keeps_them() {
        let mut data = b"ipc-ring".to_vec();
        for w in [SLOTS, 8, ITEMS, ITEMS, 0, 0, 250, 6, 4000, 3999, 7, 129, 321] {
            data.extend_from_slice(&w.to_ne_bytes());
        }
        data.resize(64, 0);
        let c = ShmContents { read: 64, ring: tracer::kernel::parse_ring(&data), data, size: 4096 };
        assert_eq!((word(&c, RECEIVED), word(&c, WRONG)), (Some(250), Some(6)));
        assert_eq!((word(&c, ROUNDS), word(&c, RACED), word(&c, LOST)), (Some(4000), Some(3999), Some(7)));
        assert_eq!(word(&c, MET), Some(321));
        assert_eq!(c.ring, Some(RingState { slots: SLOTS, written: ITEMS, taken: ITEMS }));
    }
}
