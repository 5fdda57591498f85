//! Lab 05: a System V semaphore makes the shared counter of lab 04 exact.
//!
//! The parent creates a semaphore set of one semaphore, sets it to 1 (free)
//! before any other process can see it, and creates the shared segment of lab 04.
//! Parent and child then each add 1 to the counter ROUNDS times, taking the
//! semaphore (semop -1) before the read and giving it back (semop +1) after the
//! write: no update is lost. Every operation carries SEM_UNDO, and a last child
//! shows why: it takes the semaphore and exits without giving it back, and the
//! kernel gives it back for it.

#![deny(unsafe_op_in_unsafe_fn)]

use std::process::ExitCode;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use common::sysv::{self, Attached, SemId, ShmId};
use common::{Cleanup, Context, Result};
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, fork};

/// How many times each process adds 1 to the counter: 2 semop calls each time.
const ROUNDS: u64 = 100;
/// The size of the segment: one page.
const SIZE: usize = 4096;

/// The layout of the segment, as in lab 04.
#[repr(C)]
struct Shared {
    /// How many processes have arrived at the starting line (see [`meet`]).
    ready: AtomicU32,
    /// The counter both processes add to.
    counter: AtomicU64,
}

fn main() -> ExitCode {
    common::begin("05_semaphore");
    common::finish(scenario())
}

fn scenario() -> Result<()> {
    let semaphore = create_semaphore()?;
    let sem_guard = Cleanup::new(move || {
        let _ = sysv::semctl_rmid(semaphore);
    });
    let segment = sysv::shmget(libc::IPC_PRIVATE, SIZE, libc::IPC_CREAT | 0o600).context("shmget")?;
    let shm_guard = Cleanup::new(move || {
        let _ = sysv::shmctl_rmid(segment);
    });

    // SAFETY: this program has a single thread, so the child may run any code.
    let child = match unsafe { fork() }.context("fork")? {
        ForkResult::Child => common::child_done(child_counts(segment, semaphore)),
        ForkResult::Parent { child } => child,
    };
    let attached = sysv::shmat(segment, 0).context("shmat")?;
    let shared = shared_view(&attached);
    meet(&shared.ready);
    increment_locked(&shared.counter, semaphore, ROUNDS)?;
    wait_for(child)?;
    let total = shared.counter.load(Ordering::SeqCst);
    println!("parent: two processes each ran increment_locked, {ROUNDS} rounds");
    println!("parent: counter = {total} (expected {})", 2 * ROUNDS);

    // SAFETY: this program has a single thread, so the child may run any code.
    let holder = match unsafe { fork() }.context("fork")? {
        ForkResult::Child => common::child_done(die_holding(semaphore)),
        ForkResult::Parent { child } => child,
    };
    wait_for(holder)?;
    let value = sysv::semctl_getval(semaphore, 0).context("semctl GETVAL")?;
    println!("parent: a child called lock() and exited without unlock(); the semaphore's value is now {value}");

    remove_all(attached, segment, semaphore)?;
    shm_guard.disarm();
    sem_guard.disarm();
    // Asking a removed object's state fails (EINVAL): its id is gone.
    println!(
        "parent: segment removed: {}; semaphore set removed: {}",
        sysv::shmctl_stat(segment).is_err(),
        sysv::semctl_getval(semaphore, 0).is_err()
    );
    Ok(())
}

/// Creates a private set of one semaphore and sets it to 1 ("free").
fn create_semaphore() -> Result<SemId> {
    // BEGIN SOLUTION: create a private set of one semaphore, owner only, and make it a free lock before any other process can see it (semget(2), semctl(2))
    let semaphore = sysv::semget(libc::IPC_PRIVATE, 1, libc::IPC_CREAT | 0o600).context("semget")?;
    sysv::semctl_setval(semaphore, 0, 1).context("semctl SETVAL")?;
    Ok(semaphore)
    // END SOLUTION
}

/// Takes the semaphore: waits until it is 1, then makes it 0.
fn lock(semaphore: SemId) -> Result<()> {
    // BEGIN SOLUTION: take the lock, so that the kernel gives it back if this process dies holding it; an interrupted semop (EINTR) did not take it: try again (semop(2), signal(7))
    // semop is never restarted after a signal: EINTR means it did nothing.
    while let Err(e) = sysv::semop(semaphore, &[sysv::sembuf(0, -1, libc::SEM_UNDO)]) {
        if e != nix::errno::Errno::EINTR {
            return Err(e).context("semop");
        }
    }
    Ok(())
    // END SOLUTION
}

/// Gives the semaphore back: makes it 1 again, waking a waiter.
fn unlock(semaphore: SemId) -> Result<()> {
    // BEGIN SOLUTION: give the lock back; an interrupted semop (EINTR) did not: try again (semop(2))
    while let Err(e) = sysv::semop(semaphore, &[sysv::sembuf(0, 1, libc::SEM_UNDO)]) {
        if e != nix::errno::Errno::EINTR {
            return Err(e).context("semop");
        }
    }
    Ok(())
    // END SOLUTION
}

/// Adds 1 to `counter`, `rounds` times, each time holding the semaphore from
/// before the read until after the write.
fn increment_locked(counter: &AtomicU64, semaphore: SemId, rounds: u64) -> Result<()> {
    // BEGIN SOLUTION: add 1 to the counter `rounds` times as lab 04 does, with no other process able to come between the read and the write
    for _ in 0..rounds {
        lock(semaphore)?;
        let value = counter.load(Ordering::Relaxed);
        widen_window();
        counter.store(value + 1, Ordering::Relaxed);
        unlock(semaphore)?;
    }
    Ok(())
    // END SOLUTION
}

/// The child's role: attach, count under the semaphore, detach.
fn child_counts(segment: ShmId, semaphore: SemId) -> Result<()> {
    let attached = sysv::shmat(segment, 0).context("shmat")?;
    let shared = shared_view(&attached);
    meet(&shared.ready);
    increment_locked(&shared.counter, semaphore, ROUNDS)?;
    sysv::shmdt(attached).context("shmdt")?;
    Ok(())
}

/// A child that takes the semaphore and exits without giving it back, as a
/// crashing process would.
fn die_holding(semaphore: SemId) -> Result<()> {
    lock(semaphore)
}

/// Detaches the segment and removes it and the semaphore set.
fn remove_all(attached: Attached, segment: ShmId, semaphore: SemId) -> Result<()> {
    // BEGIN SOLUTION: leave nothing behind: the segment and the semaphore set (shmdt(2), shmctl(2), semctl(2))
    sysv::shmdt(attached).context("shmdt")?;
    sysv::shmctl_rmid(segment).context("shmctl IPC_RMID")?;
    sysv::semctl_rmid(semaphore).context("semctl IPC_RMID")?;
    Ok(())
    // END SOLUTION
}

/// The segment seen as [`Shared`], for as long as it stays attached.
fn shared_view(attached: &Attached) -> &Shared {
    // SAFETY: the segment is SIZE bytes, page-aligned and zero-filled at creation,
    // so it holds a valid Shared (atomics, valid as zeros). The reference borrows
    // `attached`, which shmdt consumes, so it cannot outlive the attachment. Other
    // processes touch it only through atomics.
    unsafe { &*attached.as_ptr().cast::<Shared>() }
}

/// Waits until both processes have attached, so their loops run at the same time.
fn meet(ready: &AtomicU32) {
    ready.fetch_add(1, Ordering::SeqCst);
    while ready.load(Ordering::SeqCst) < 2 {
        std::hint::spin_loop();
    }
}

/// Spends a moment between the read and the write of an increment, so that
/// without the semaphore the other process would write in between.
fn widen_window() {
    for _ in 0..20_000 {
        std::hint::spin_loop();
    }
}

/// Waits for a child and checks that it succeeded.
fn wait_for(child: Pid) -> Result<()> {
    match waitpid(child, None).context("waitpid")? {
        WaitStatus::Exited(_, 0) => Ok(()),
        other => Err(format!("child failed: {other:?}").into()),
    }
}
