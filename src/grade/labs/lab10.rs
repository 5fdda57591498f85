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
            format!("{} to make a segment and fork a consumer for part {}", t.who(t.root), n + 1),
            format!(
                "it made {} segment(s) and {} child process(es): part {} never started",
                segments.len(),
                children.len(),
                n + 1
            ),
        );
    };
    let to = t.proc(consumer).and_then(|p| p.exit).map_or(usize::MAX, |(i, _)| i);
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

/// The first overrun the kernel view saw, as evidence for a finding.
fn overrun_seen(t: &Trace, shmid: i64) -> String {
    match overruns(t, shmid).first() {
        Some(r) => format!("; the kernel view read the {}", tracer::render::notify::ring(r)),
        None => String::new(),
    }
}

fn semaphores_shared(t: &Trace) -> Verdict {
    let p = part(t, 0)?;
    let expected = format!(
        "the producer and the consumer to sleep and wake through two semaphores in segment {} (sem_init with pshared 1): futex calls on two words of the segment, without FUTEX_PRIVATE_FLAG",
        p.shmid
    );
    let producer = futexes(t, &p, t.root);
    let consumer = futexes(t, &p, p.consumer);
    let all: Vec<&Futex> = producer.iter().chain(&consumer).collect();
    if all.is_empty() {
        let cut = [t.root, p.consumer].into_iter().find(|&pid| t.cut_short(pid).is_some());
        let f = Finding::new(expected, "no futex call in part 1: no process ever slept on a semaphore or woke another");
        return Err(match cut {
            Some(pid) => f.missing_in(pid),
            None => f,
        }
        .mistake("the semaphores never made a process wait: one counts the free slots (it starts at 4), the other the filled ones (it starts at 0), and each side waits on its own"));
    }
    // The private flag is in the call itself; where the word is, only a
    // call that returned says (the view reads it at the call's exit).
    if let Some(private) = all.iter().find(|f| f.call.call.raw.args[1] as i32 & libc::FUTEX_PRIVATE_FLAG != 0) {
        return Err(Finding::new(expected, private.call.quote()).mistake(
            "sem_init with pshared 0: the C library then uses private futexes, and a post in one process never wakes the other",
        ));
    }
    if let Some(outside) = all.iter().find(|f| f.state.is_none() && f.call.ret().is_some()) {
        return Err(Finding::new(expected, format!("{}, on a word outside the segment", outside.call.quote())).mistake(
            "the semaphores are not in the shared segment: each process waits on its own copy, and no post of the other process reaches it",
        ));
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
            listing(
                &format!("the producer and the consumer both sleep on shm {}+{shared:#x}", p.shmid),
                &quoted(&both),
            ),
        )
        .mistake(
            "one semaphore for two conditions: \"a slot is free\" and \"a slot is filled\" need a semaphore each",
        ));
    }
    // A side cut short before it ever slept on its semaphore: the two
    // words were never both put to the test.
    for (pid, role, waits) in [(t.root, "producer", &mine), (p.consumer, "consumer", &theirs)] {
        if waits.is_empty() && t.cut_short(pid).is_some() {
            return missing(pid, expected, format!("the {role} (pid {pid}) never slept on a semaphore in part 1"));
        }
    }
    Ok(())
}

fn waits_when_full_or_empty(t: &Trace) -> Verdict {
    for n in 0..2 {
        let p = part(t, n)?;
        for (pid, role, when, mistake) in [
            (
                t.root,
                "producer",
                "while the consumer took items slowly and all 4 slots were full",
                "the producer never waited for a free slot: either it does not wait for one, or what it waits on never counts down to 0 (one semaphore for two conditions, or one that starts too high), and it wrote over items the consumer had not taken",
            ),
            (
                p.consumer,
                "consumer",
                "while the producer made items slowly and the ring was empty",
                "the consumer never waited for a filled slot: either it does not wait for one, or what it waits on never counts down to 0 (one semaphore for two conditions, or one that starts above 0), and it took slots the producer had not filled",
            ),
        ] {
            let fs = futexes(t, &p, pid);
            if fs.iter().any(|f| f.slept() && (f.state.is_some() || f.call.ret().is_none())) {
                continue;
            }
            let waits: Vec<&Futex> = fs.iter().filter(|f| f.waits()).collect();
            let found = if waits.is_empty() {
                format!("the {role} (pid {pid}) made no futex wait in part {}{}", p.number, overrun_seen(t, p.shmid))
            } else {
                listing(
                    &format!("the {role} (pid {pid}) never slept until woken in part {}; its waits", p.number),
                    &quoted(&waits),
                )
            };
            return Err(Finding::new(
                format!(
                    "the {role} to sleep in the kernel (a futex wait that a wake ends) {when}, in part {}",
                    p.number
                ),
                found,
            )
            .mistake(mistake)
            .missing_in(pid));
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
        let expected = format!(
            "segment {} (part {}) at its last detach to say that all {ITEMS} items arrived in order, none wrong, with the ring's counters at {ITEMS} written, {ITEMS} taken",
            p.shmid, p.number
        );
        if !matches!(t.exit_of(p.consumer), Some(tracer::event::Exit::Code(0))) {
            return missing(
                p.consumer,
                expected,
                format!("the consumer of part {} (pid {}) never finished its items", p.number, p.consumer),
            );
        }
        let (pid, c) = last_contents(t, p.shmid)?;
        let (Some(received), Some(wrong), Some(ring)) = (word(c, RECEIVED), word(c, WRONG), c.ring) else {
            return fail(
                expected,
                format!("the segment's first bytes hold no ring header: {}", tracer::render::kernel::contents(c)),
            );
        };
        if received == ITEMS && wrong == 0 && ring.written == ITEMS && ring.taken == ITEMS && ring.slots == SLOTS {
            continue;
        }
        let found = format!(
            "at the kernel view's last reading of the segment (through pid {pid}), it said {received} items arrived in order and {wrong} were not the one expected; the {}{}",
            tracer::render::notify::ring(&ring),
            overrun_seen(t, p.shmid)
        );
        let mistake = if ring.written != ITEMS || ring.taken != ITEMS {
            "the counters must move on by one for each item put and each item taken: the kernel view reads them from the ring's header"
        } else {
            "the consumer took items that were not there yet, or the producer wrote over items not yet taken: each side must wait for its own condition"
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

const EXPECT_FEW_WAKES: &str = "a FUTEX_WAKE only when the other process may be asleep (its flag raised), so that the items that find the ring neither full nor empty cost no system call";

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
                return missing(cause, EXPECT_FEW_WAKES, format!("pid {slow} never made its items slowly in part 2"));
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
        EXPECT_FEW_WAKES,
        listing(
            &format!("{} FUTEX_WAKE calls in part 2 while the other process was making or using its items slowly, and never asleep", needless.len()),
            &quoted(&needless),
        ),
    )
    .mistake("a wake on every item: ask may_be_asleep first, and call FUTEX_WAKE only if it says so"))
}

fn no_lost_wakeup(t: &Trace) -> Verdict {
    let expected = "no lost wake-up: in the handshake test, never the sleeper deciding to sleep while the waker decides not to wake it; no process asleep on a futex word that moved on";
    let p = part(t, 1)?;
    // A lost wake-up in part 1 is the semaphores' (semaphores_shared).
    let in_part = |b: &&tracer::event::hang::BlockedTask| b.pid == t.root || b.pid == p.consumer;
    if let Some(b) =
        t.hang().iter().filter(in_part).find(|b| matches!(b.diagnosis, Some(Diagnosis::FutexWordChanged { .. })))
    {
        let diagnosis = b.diagnosis.as_ref().map(ToString::to_string).unwrap_or_default();
        // The one that was to wake it: if that process itself panicked or
        // failed, the wake was never reached, not forgotten.
        let waker = if b.pid == t.root { p.consumer } else { t.root };
        let gave_up = !matches!(t.end_of(waker), End::Finished | End::Killed { .. } | End::Running);
        let f = Finding::new(
            expected,
            format!(
                "pid {} was asleep in {} when time ran out: {}",
                b.pid,
                b.call.as_deref().unwrap_or("futex"),
                b.facts.join("; ")
            ),
        )
        .mistake(format!(
            "{diagnosis}. Either FUTEX_WAKE was never called, or the handshake let the waker miss the sleeper's flag: \
             the flag must be raised before the sleeper looks at the word again, with a SeqCst fence between each \
             side's store and its load"
        ));
        return Err(if gave_up { f.missing_in(waker) } else { f });
    }
    let (_, c) = last_contents(t, p.shmid)?;
    let (Some(rounds), Some(raced), Some(lost)) = (word(c, ROUNDS), word(c, RACED), word(c, LOST)) else {
        return fail(
            expected,
            format!("the segment's first bytes hold no tallies: {}", tracer::render::kernel::contents(c)),
        );
    };
    if rounds == 0 {
        return missing(t.root, expected, "the handshake test ran no round");
    }
    let met = word(c, MET).unwrap_or(0);
    // On one CPU the two halves only meet when one is preempted between
    // its store and its load: no store buffer can hide a store from the
    // other process, so too few meetings there prove nothing wrong.
    if lost == 0 && (met >= MIN_MET || raced == 0) {
        return Ok(());
    }
    if lost == 0 {
        return Err(Finding::new(
            expected,
            format!(
                "the segment says the handshake test lost no round, but its two halves met (each saw the other's store) in only {met} of its {rounds} rounds: too few for a lost wake-up to show, so the test proves nothing either way"
            ),
        )
        .mistake(
            "not necessarily yours: the two processes seldom ran at the same moment (a busy machine), so the test could not race them; check again on a quieter machine. If it says this again, each side must store, then put a SeqCst fence, then load",
        ));
    }
    Err(Finding::new(
        expected,
        format!(
            "the segment says the handshake test lost {lost} of {rounds} rounds ({raced} with the two processes on different CPUs): each time, the sleeper saw the word unchanged and would sleep, and the waker saw no flag and would not wake it"
        ),
    )
    .mistake(
        "the flag and the word are not ordered: raise the flag before looking at the word again, and put a SeqCst fence between each side's store and its load; Relaxed (or Acquire and Release alone) lets each side's store wait in its CPU's store buffer while it loads",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

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
