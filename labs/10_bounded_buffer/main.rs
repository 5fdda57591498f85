//! Lab 10: a bounded buffer. A producer (the parent) hands numbered items to
//! a consumer (its child) through a ring of SLOTS slots in a System V shared
//! memory segment: the producer must wait while every slot is full, the
//! consumer while every slot is empty.
//!
//! Part 1 makes them wait with two POSIX semaphores that live in the segment
//! itself (sem_init with pshared = 1). Part 2 does without them: the ring's
//! own counters are the futex words the two sleep on, published with
//! release and read with acquire, and a process asks the kernel to wake the
//! other only when the other may be asleep. A last test runs the "may it be
//! asleep?" handshake thousands of times in lockstep and counts the rounds
//! where both sides missed each other: each one would be a lost wake-up.
//!
//! In each part the producer first makes SLOW items slowly (the consumer
//! finds the ring empty and sleeps), then the consumer takes SLOW items
//! slowly (the producer finds it full and sleeps), then FAST items go at
//! full speed. The segment starts with a ring header (`ipc-ring`, slots,
//! slot size, written, taken) that ipclab's kernel view reads: it says how
//! full the ring is at each futex call and at each detach.

#![deny(unsafe_op_in_unsafe_fn)]

use std::cell::UnsafeCell;
use std::mem::offset_of;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering, fence};
use std::time::{Duration, Instant};

use common::sysv::{self, Attached, ShmId};
use common::{Cleanup, Context, Result};
use nix::errno::Errno;
use nix::sched::{CpuSet, sched_getaffinity, sched_setaffinity};
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, fork};

/// Slots in the ring.
const SLOTS: u32 = 4;
/// Items the producer makes slowly, then items the consumer takes slowly.
const SLOW: u32 = 8;
/// Items passed at full speed after the slow ones.
const FAST: u32 = 48;
/// Items in each part.
const ITEMS: u32 = 2 * SLOW + FAST;
/// How long a slow step takes.
const PAUSE: Duration = Duration::from_millis(2);
/// How long a slow step waits at most, after its PAUSE, for the other
/// process to be asleep (see [`Asleep`]).
const PATIENCE: Duration = Duration::from_secs(1);
/// How often it looks meanwhile.
const LOOK_EVERY: Duration = Duration::from_micros(500);
/// The segment: one page.
const SIZE: usize = 4096;

/// The handshake test runs at least MIN_ROUNDS rounds, then stops on
/// evidence: once the two halves have met in ENOUGH_MET rounds (each saw
/// the other's store: only in a round where they overlap can a lost
/// wake-up show), or once a round was lost. A machine so busy that the two
/// processes seldom run at the same moment stops it at MAX_ROUNDS or after
/// CAP, with what it found. On one CPU the halves never run at once (each
/// round waits for the scheduler to switch processes): it stops after
/// MIN_ROUNDS or ONE_CPU_BUDGET.
const MIN_ROUNDS: u32 = 4000;
const ENOUGH_MET: u32 = 50;
const MAX_ROUNDS: u32 = 4_000_000;
const CAP: Duration = Duration::from_secs(4);
const ONE_CPU_BUDGET: Duration = Duration::from_millis(1500);
/// How long the waker waits before its half, round after round.
const DELAYS: [u32; 16] = [0, 2, 4, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512];

/// The segment's layout. The first 24 bytes are the ring header ipclab's
/// kernel view reads; every field two processes change is atomic.
#[repr(C)]
struct Ring {
    /// `ipc-ring`.
    magic: [u8; 8],
    slots: u32,
    slot_size: u32,
    /// Items the producer has put in: only it changes this. Item `n` is in
    /// slot `n % SLOTS`. Part 2's consumer sleeps on it.
    written: AtomicU32,
    /// Items the consumer has taken out: only it changes this. Part 2's
    /// producer sleeps on it.
    taken: AtomicU32,
    /// Part 2: 1 while the producer may be asleep on `taken`.
    producer_sleeps: AtomicU32,
    /// Part 2: 1 while the consumer may be asleep on `written`.
    consumer_sleeps: AtomicU32,
    /// Items the consumer received, each the one it expected next.
    received: AtomicU32,
    /// Items the consumer received that were not the one it expected.
    wrong: AtomicU32,
    /// The handshake test: rounds run, rounds the two processes ran on
    /// different CPUs, rounds where both missed each other.
    rounds: AtomicU32,
    raced: AtomicU32,
    lost: AtomicU32,
    /// Part 2: futex calls both processes made.
    futex_calls: AtomicU32,
    /// The handshake test: rounds in which the two halves met.
    met: AtomicU32,
    _pad: u32,
    /// Part 1: free slots (the producer waits on it).
    free: UnsafeCell<libc::sem_t>,
    /// Part 1: filled slots (the consumer waits on it).
    filled: UnsafeCell<libc::sem_t>,
    /// The slots. Atomics, read and written Relaxed: what orders them is the
    /// semaphores (part 1) or the counters' release and acquire (part 2).
    items: [AtomicU64; SLOTS as usize],
    handshake: Handshake,
}

// The header's place is a contract with the kernel view: keep it.
const _: () = assert!(offset_of!(Ring, slots) == 8 && offset_of!(Ring, written) == 16 && offset_of!(Ring, taken) == 20);
const _: () =
    assert!(offset_of!(Ring, met) == 56 && offset_of!(Ring, free) == 64 && std::mem::size_of::<Ring>() <= SIZE);

/// One 32-bit word alone on its cache line.
#[repr(C, align(64))]
struct Line(AtomicU32);

/// The words of the handshake test.
#[repr(C)]
struct Handshake {
    /// The round the waker has started, and the round the sleeper finished.
    go: Line,
    done: Line,
    stop: Line,
    /// What the sleeper sleeps on, and its flag.
    word: Line,
    flag: Line,
    /// The sleeper's verdict in this round (1: it would go to sleep), and its CPU.
    would_sleep: Line,
    cpu: Line,
}

/// Futex calls this process made through sleep_while and wake_if_asleep;
/// each side adds its count to the ring's at the end of part 2.
static FUTEX_CALLS: AtomicU32 = AtomicU32::new(0);

/// Which part is running.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Semaphores,
    Futexes,
}

fn main() -> ExitCode {
    common::begin("10_bounded_buffer");
    common::finish(scenario())
}

fn scenario() -> Result<()> {
    let one = run_part(Part::Semaphores)?;
    println!(
        "part 1, semaphores: {ITEMS} items through a ring of {SLOTS} slots: {} in order, {} wrong",
        one.received, one.wrong
    );
    let two = run_part(Part::Futexes)?;
    println!(
        "part 2, futexes: {ITEMS} items through a ring of {SLOTS} slots: {} in order, {} wrong",
        two.received, two.wrong
    );
    println!("part 2: {} futex calls for {ITEMS} items", two.futex_calls);
    println!(
        "handshake test: lost wake-ups: {} in {} rounds ({} with the two processes on different CPUs)",
        two.lost, two.rounds, two.raced
    );
    Ok(())
}

/// What the segment held at the end of a part.
struct Outcome {
    received: u32,
    wrong: u32,
    rounds: u32,
    raced: u32,
    lost: u32,
    futex_calls: u32,
}

/// One part: a new segment and ring, a consumer child, the parent producing.
fn run_part(part: Part) -> Result<Outcome> {
    let segment = sysv::shmget(libc::IPC_PRIVATE, SIZE, libc::IPC_CREAT | 0o600).context("shmget")?;
    let removal = Cleanup::new(move || {
        let _ = sysv::shmctl_rmid(segment);
    });
    let attached = sysv::shmat(segment, 0).context("shmat")?;
    let ring = ring_view(&attached);
    // A new segment is zeros: every counter starts at 0. The header says
    // what the bytes are.
    // SAFETY: no other process exists yet; these fields are never written again.
    unsafe {
        let header = attached.as_ptr();
        std::ptr::copy_nonoverlapping(b"ipc-ring".as_ptr(), header, 8);
        header.add(offset_of!(Ring, slots)).cast::<u32>().write(SLOTS);
        header.add(offset_of!(Ring, slot_size)).cast::<u32>().write(8);
    }
    if part == Part::Semaphores {
        init_semaphores(ring)?;
    }

    // SAFETY: this program has a single thread, so the child may run any code.
    let child = match unsafe { fork() }.context("fork")? {
        ForkResult::Child => common::child_done(consumer(attached, part)),
        ForkResult::Parent { child } => child,
    };
    producer(ring, part, child)?;
    if part == Part::Futexes {
        ring.futex_calls.fetch_add(FUTEX_CALLS.load(Ordering::Relaxed), Ordering::Relaxed);
        handshake_waker(ring);
    }
    wait_for(child)?;

    let outcome = Outcome {
        received: ring.received.load(Ordering::Acquire),
        wrong: ring.wrong.load(Ordering::Acquire),
        rounds: ring.rounds.load(Ordering::Relaxed),
        raced: ring.raced.load(Ordering::Relaxed),
        lost: ring.lost.load(Ordering::Relaxed),
        futex_calls: ring.futex_calls.load(Ordering::Relaxed),
    };
    if part == Part::Semaphores {
        // SAFETY: both semaphores were initialised, and no process waits on them any more.
        unsafe {
            libc::sem_destroy(ring.free.get());
            libc::sem_destroy(ring.filled.get());
        }
    }
    remove(attached, segment)?;
    removal.disarm();
    Ok(outcome)
}

/// The producer: makes item 0, 1, 2... and puts each in the ring.
fn producer(ring: &Ring, part: Part, consumer: Pid) -> Result<()> {
    let mut other = Asleep::watch(consumer)?;
    for n in 0..ITEMS {
        if n < SLOW {
            std::thread::sleep(PAUSE); // making this item takes a while
            other.wait(); // the consumer has found the ring empty
        }
        match part {
            Part::Semaphores => put_with_semaphores(ring, item(n))?,
            Part::Futexes => put_with_futex(ring, item(n))?,
        }
    }
    Ok(())
}

/// The consumer: takes ITEMS items, checks each is the next one, detaches.
fn consumer(attached: Attached, part: Part) -> Result<()> {
    let ring = ring_view(&attached);
    let mut other = Asleep::watch(nix::unistd::getppid())?;
    for n in 0..ITEMS {
        if (SLOW..2 * SLOW).contains(&n) {
            std::thread::sleep(PAUSE); // using the last item takes a while
            other.wait(); // the producer has found the ring full
        }
        let got = match part {
            Part::Semaphores => take_with_semaphores(ring)?,
            Part::Futexes => take_with_futex(ring)?,
        };
        let tally = if got == item(n) { &ring.received } else { &ring.wrong };
        tally.fetch_add(1, Ordering::Release);
    }
    if part == Part::Futexes {
        ring.futex_calls.fetch_add(FUTEX_CALLS.load(Ordering::Relaxed), Ordering::Relaxed);
        handshake_sleeper(ring);
    }
    sysv::shmdt(attached).context("shmdt")?;
    Ok(())
}

/// The value of item `n`: not 0, not its number, so that an empty slot or
/// a counter read instead of an item is told apart.
fn item(n: u32) -> u64 {
    0x1000_0000_0000 + u64::from(n) * 7
}

// ---- Part 1: two semaphores in the segment ----

/// Makes `free` and `filled`: two semaphores in the segment, that the
/// producer and the consumer, two processes, wait on and post.
fn init_semaphores(ring: &Ring) -> Result<()> {
    // BEGIN SOLUTION: make the ring's two semaphores, so that two processes can share them, each starting at the count it stands for (sem_init(3), sem_overview(7))
    // SAFETY: both point into the segment, attached for the rest of the
    // part, and no other process exists yet.
    let made = unsafe { (libc::sem_init(ring.free.get(), 1, SLOTS), libc::sem_init(ring.filled.get(), 1, 0)) };
    if made != (0, 0) {
        return Err(format!("sem_init: {}", Errno::last()).into());
    }
    Ok(())
    // END SOLUTION
}

/// Puts `item` in the next slot, waiting while the ring is full.
fn put_with_semaphores(ring: &Ring, item: u64) -> Result<()> {
    // BEGIN SOLUTION: put the item in the next slot, never over one the consumer has not taken yet, and let the consumer know (sem_wait(3), sem_post(3))
    sem_wait(&ring.free)?;
    let n = ring.written.load(Ordering::Relaxed);
    ring.slot(n).store(item, Ordering::Relaxed);
    ring.written.store(n.wrapping_add(1), Ordering::Relaxed);
    sem_post(&ring.filled)
    // END SOLUTION
}

/// Takes the item in the next slot, waiting while the ring is empty.
fn take_with_semaphores(ring: &Ring) -> Result<u64> {
    // BEGIN SOLUTION: take the next item, never from a slot the producer has not filled yet, and let the producer know the slot is free (sem_wait(3), sem_post(3))
    sem_wait(&ring.filled)?;
    let n = ring.taken.load(Ordering::Relaxed);
    let item = ring.slot(n).load(Ordering::Relaxed);
    ring.taken.store(n.wrapping_add(1), Ordering::Relaxed);
    sem_post(&ring.free)?;
    Ok(item)
    // END SOLUTION
}

/// `sem_wait`: takes one from the semaphore, sleeping while it is 0 (the C
/// library calls futex(FUTEX_WAIT) only then).
fn sem_wait(sem: &UnsafeCell<libc::sem_t>) -> Result<()> {
    loop {
        // SAFETY: the semaphore is in the attached segment and initialised.
        if unsafe { libc::sem_wait(sem.get()) } == 0 {
            return Ok(());
        }
        match Errno::last() {
            Errno::EINTR => continue,
            e => return Err(format!("sem_wait: {e}").into()),
        }
    }
}

/// `sem_post`: adds one to the semaphore, waking a sleeper if there is one
/// (the C library calls futex(FUTEX_WAKE) only then).
fn sem_post(sem: &UnsafeCell<libc::sem_t>) -> Result<()> {
    // SAFETY: the semaphore is in the attached segment and initialised.
    if unsafe { libc::sem_post(sem.get()) } != 0 {
        return Err(format!("sem_post: {}", Errno::last()).into());
    }
    Ok(())
}

// ---- Part 2: futexes on the ring's own counters ----

/// Puts `item` in the next slot: sleeps on `taken` while the ring is full,
/// publishes the item by moving `written` on, and wakes the consumer only
/// if it may be asleep.
fn put_with_futex(ring: &Ring, item: u64) -> Result<()> {
    // BEGIN SOLUTION: put the item in the next slot, sleeping in the kernel only while the ring is full, so that the consumer, once it sees the new count, also sees the item; wake the consumer only if it may be asleep (futex(2), std::sync::atomic)
    // Only this process moves `written`: its own last value needs no ordering.
    let n = ring.written.load(Ordering::Relaxed);
    loop {
        let taken = ring.taken.load(Ordering::Acquire);
        if n.wrapping_sub(taken) < SLOTS {
            break;
        }
        sleep_while(&ring.taken, taken, &ring.producer_sleeps)?;
    }
    ring.slot(n).store(item, Ordering::Relaxed);
    ring.written.store(n.wrapping_add(1), Ordering::Release);
    wake_if_asleep(&ring.written, &ring.consumer_sleeps)
    // END SOLUTION
}

/// Takes the item in the next slot: sleeps on `written` while the ring is
/// empty, frees the slot by moving `taken` on, and wakes the producer only
/// if it may be asleep.
fn take_with_futex(ring: &Ring) -> Result<u64> {
    // BEGIN SOLUTION: take the next item, sleeping in the kernel only while the ring is empty, reading the item only after seeing the producer's count that published it; wake the producer only if it may be asleep (futex(2), std::sync::atomic)
    let n = ring.taken.load(Ordering::Relaxed);
    loop {
        let written = ring.written.load(Ordering::Acquire);
        if written != n {
            break;
        }
        sleep_while(&ring.written, written, &ring.consumer_sleeps)?;
    }
    let item = ring.slot(n).load(Ordering::Relaxed);
    ring.taken.store(n.wrapping_add(1), Ordering::Release);
    wake_if_asleep(&ring.taken, &ring.producer_sleeps)?;
    Ok(item)
    // END SOLUTION
}

/// The sleeper's half of the handshake, before it sleeps on `word` while
/// it holds `seen`: announces through `flag` that it may sleep, then says
/// whether it is still right to sleep (the word still holds `seen`). It
/// must be impossible that the other process, which moves `word` on and
/// then asks [`may_be_asleep`], misses the flag while this misses the move.
fn about_to_sleep(word: &AtomicU32, seen: u32, flag: &AtomicU32) -> bool {
    // BEGIN SOLUTION: raise the flag, then look at the word again, ordered so that the other process cannot both miss the flag and have its move missed here (std::sync::atomic::fence)
    flag.store(1, Ordering::Relaxed);
    fence(Ordering::SeqCst);
    word.load(Ordering::Relaxed) == seen
    // END SOLUTION
}

/// The waker's half, after it moved the word on (a Release store): whether
/// the other process may be asleep on the word, so that a FUTEX_WAKE is
/// needed. See [`about_to_sleep`].
fn may_be_asleep(flag: &AtomicU32) -> bool {
    // BEGIN SOLUTION: say whether the other process may be asleep, ordered after the move of the word so that at least one of the two processes sees what the other did (std::sync::atomic::fence)
    fence(Ordering::SeqCst);
    flag.load(Ordering::Relaxed) == 1
    // END SOLUTION
}

/// Sleeps in the kernel while `word` holds `seen`, if [`about_to_sleep`]
/// says it may; lowers `flag` again when awake.
fn sleep_while(word: &AtomicU32, seen: u32, flag: &AtomicU32) -> Result<()> {
    if about_to_sleep(word, seen, flag) {
        FUTEX_CALLS.fetch_add(1, Ordering::Relaxed);
        futex_wait(word, seen)?;
    }
    flag.store(0, Ordering::Relaxed);
    Ok(())
}

/// Wakes the process asleep on `word`, if [`may_be_asleep`] says there may be one.
fn wake_if_asleep(word: &AtomicU32, flag: &AtomicU32) -> Result<()> {
    if may_be_asleep(flag) {
        FUTEX_CALLS.fetch_add(1, Ordering::Relaxed);
        futex_wake(word)?;
    }
    Ok(())
}

/// `futex(word, FUTEX_WAIT, seen, NULL)`: sleeps while `word` holds `seen`
/// (the kernel looks at it under its own lock, so a wake that comes first
/// is not lost) until a FUTEX_WAKE on the word. Shared, not private: the
/// other process maps the segment at its own address.
fn futex_wait(word: &AtomicU32, seen: u32) -> Result<()> {
    // SAFETY: `word` is a live, aligned 32-bit word; a null timeout waits
    // without limit; FUTEX_WAIT reads no other argument.
    let r = unsafe { libc::syscall(libc::SYS_futex, word.as_ptr(), libc::FUTEX_WAIT, seen, 0usize, 0usize, 0u32) };
    match Errno::result(r) {
        // Woken, or the word had already moved on, or a signal came: the
        // caller looks again.
        Ok(_) | Err(Errno::EAGAIN) | Err(Errno::EINTR) => Ok(()),
        Err(e) => Err(format!("futex FUTEX_WAIT: {e}").into()),
    }
}

/// `futex(word, FUTEX_WAKE, 1)`: wakes one process asleep on `word`.
fn futex_wake(word: &AtomicU32) -> Result<()> {
    // SAFETY: `word` is a live, aligned 32-bit word; FUTEX_WAKE reads no other argument.
    let r = unsafe { libc::syscall(libc::SYS_futex, word.as_ptr(), libc::FUTEX_WAKE, 1, 0usize, 0usize, 0u32) };
    Errno::result(r).map(drop).context("futex FUTEX_WAKE")
}

// ---- The handshake test ----

/// The waker's side (the parent): each round, resets the word and the
/// flag, starts the round, moves the word on and asks [`may_be_asleep`];
/// then counts a lost wake-up when the sleeper would sleep and this side
/// would not wake it.
fn handshake_waker(ring: &Ring) {
    let two_cpus = pin_to_cpu(0);
    let h = &ring.handshake;
    let started = Instant::now();
    let (mut rounds, mut raced, mut lost, mut met) = (0u32, 0u32, 0u32, 0u32);
    loop {
        let round = rounds + 1;
        let evidence = rounds >= MIN_ROUNDS && (met >= ENOUGH_MET || lost > 0);
        let out_of_time = if two_cpus {
            rounds >= MAX_ROUNDS || started.elapsed() > CAP
        } else {
            rounds >= MIN_ROUNDS || started.elapsed() > ONE_CPU_BUDGET
        };
        if evidence || out_of_time {
            h.stop.0.store(1, Ordering::Relaxed);
            h.go.0.store(round, Ordering::Release);
            break;
        }
        h.go.0.store(round, Ordering::Release);
        // The sleeper starts a moment later (it must see `go` first): wait
        // a varying while, so that in some rounds the two halves overlap.
        for _ in 0..DELAYS[round as usize % DELAYS.len()] {
            std::hint::spin_loop();
        }
        // Move the word on (as put_with_futex moves `written`), then ask.
        h.word.0.store(round, Ordering::Release);
        let would_wake = may_be_asleep(&h.flag.0);
        let cpu = current_cpu();
        while h.done.0.load(Ordering::Acquire) != round {
            std::hint::spin_loop();
        }
        rounds = round;
        if h.cpu.0.load(Ordering::Relaxed) != cpu {
            raced += 1;
        }
        match (h.would_sleep.0.load(Ordering::Relaxed) == 1, would_wake) {
            (true, false) => lost += 1,
            // Each saw the other's store: the halves overlapped.
            (false, true) => met += 1,
            _ => {}
        }
        // Lower the flag for the next round (as sleep_while does once awake);
        // the next `go` publishes it.
        h.flag.0.store(0, Ordering::Relaxed);
    }
    ring.rounds.store(rounds, Ordering::Relaxed);
    ring.raced.store(raced, Ordering::Relaxed);
    ring.lost.store(lost, Ordering::Relaxed);
    ring.met.store(met, Ordering::Relaxed);
}

/// The sleeper's side (the child): each round, asks [`about_to_sleep`] and
/// reports what it would do.
fn handshake_sleeper(ring: &Ring) {
    pin_to_cpu(1);
    let h = &ring.handshake;
    let mut round = 0;
    loop {
        round += 1;
        while h.go.0.load(Ordering::Acquire) != round {
            std::hint::spin_loop();
        }
        if h.stop.0.load(Ordering::Relaxed) == 1 {
            return;
        }
        // The word still holds the last round's value, unless the waker
        // has moved it on already.
        let would_sleep = about_to_sleep(&h.word.0, round - 1, &h.flag.0);
        h.would_sleep.0.store(u32::from(would_sleep), Ordering::Relaxed);
        h.cpu.0.store(current_cpu(), Ordering::Relaxed);
        h.done.0.store(round, Ordering::Release);
    }
}

/// Runs this process on the `nth` CPU it may use, if it may use two or
/// more: the two sides of the handshake test then run on different CPUs,
/// at the same time whenever the machine has them free. Whether it did.
fn pin_to_cpu(nth: usize) -> bool {
    let me = Pid::from_raw(0);
    let Ok(allowed) = sched_getaffinity(me) else { return false };
    let cpus: Vec<usize> = (0..CpuSet::count()).filter(|&c| allowed.is_set(c).unwrap_or(false)).collect();
    if cpus.len() < 2 {
        return false;
    }
    let mut only = CpuSet::new();
    only.set(cpus[nth % cpus.len()]).is_ok() && sched_setaffinity(me, &only).is_ok()
}

/// The CPU this process runs on (the C library reads it without a system call).
fn current_cpu() -> u32 {
    // SAFETY: sched_getcpu takes no arguments.
    let cpu = unsafe { libc::sched_getcpu() };
    cpu.max(0) as u32
}

// ---- Plumbing ----

impl Ring {
    /// The slot of item `n`.
    fn slot(&self, n: u32) -> &AtomicU64 {
        &self.items[(n % SLOTS) as usize]
    }
}

/// The segment seen as a [`Ring`], for as long as it stays attached.
fn ring_view(attached: &Attached) -> &Ring {
    // SAFETY: the segment is SIZE bytes (more than a Ring), page-aligned and
    // zero-filled at creation, and every field is valid as zeros (atomics,
    // integers, a sem_t before sem_init). The reference borrows `attached`,
    // which shmdt consumes. Other processes change only the atomics and, through
    // the C library, the semaphores (UnsafeCell).
    unsafe { &*attached.as_ptr().cast::<Ring>() }
}

/// The other process of a part, seen through its /proc/PID/wchan (where in
/// the kernel it sleeps) and /proc/PID/stat (its state). A slow step waits,
/// after its PAUSE, until the other process sleeps in a futex call (it
/// found the ring empty, or full), so that the lesson's waits happen however
/// busy the machine is; at most PATIENCE, and no more once it has waited
/// that long in vain (a side that never sleeps there) or the other process
/// has ended.
struct Asleep {
    wchan: std::fs::File,
    stat: std::fs::File,
    hopeful: bool,
}

impl Asleep {
    fn watch(pid: Pid) -> Result<Asleep> {
        let open = |what: &str| std::fs::File::open(format!("/proc/{pid}/{what}")).context("open /proc/PID");
        Ok(Asleep { wchan: open("wchan")?, stat: open("stat")?, hopeful: true })
    }

    /// Waits until the other process sleeps in a futex call.
    fn wait(&mut self) {
        let started = Instant::now();
        while self.hopeful {
            if read_from_start(&self.wchan).contains("futex") {
                return;
            }
            let stat = read_from_start(&self.stat);
            let ended = stat.rsplit_once(") ").is_none_or(|(_, rest)| rest.starts_with(['Z', 'X']));
            self.hopeful = !ended && started.elapsed() < PATIENCE;
            // A moment between two looks, with no call (clock_gettime
            // needs none): a few hundred calls at most in a second.
            let look = Instant::now();
            while self.hopeful && look.elapsed() < LOOK_EVERY {
                std::hint::spin_loop();
            }
        }
    }
}

/// What a /proc file holds now: one pread64 from its start ("" once the
/// process is gone).
fn read_from_start(file: &std::fs::File) -> String {
    use std::os::unix::fs::FileExt;
    let mut buf = [0u8; 512];
    let n = file.read_at(&mut buf, 0).unwrap_or(0);
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

/// Detaches the segment and removes it.
fn remove(attached: Attached, segment: ShmId) -> Result<()> {
    sysv::shmdt(attached).context("shmdt")?;
    sysv::shmctl_rmid(segment).context("shmctl IPC_RMID")?;
    Ok(())
}

/// Waits for a child and checks that it succeeded.
fn wait_for(child: Pid) -> Result<()> {
    match waitpid(child, None).context("waitpid")? {
        WaitStatus::Exited(_, 0) => Ok(()),
        other => Err(format!("child failed: {other:?}").into()),
    }
}
