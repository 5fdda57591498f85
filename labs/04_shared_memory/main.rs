//! Lab 04: shared memory, System V first, then POSIX.
//!
//! System V: the parent creates a private segment and forks; both processes
//! attach it and add 1 to a counter in it ROUNDS times each, with no lock. Once
//! attached, the counter moves with no system call at all: the trace is silent
//! between shmat and shmdt. Because "add 1" is a read followed by a write, the two
//! processes overwrite each other's updates and the total comes out short.
//!
//! POSIX: the parent creates a named shared memory object; the child opens it by
//! name, maps it and writes a greeting into it; the parent maps it and reads it.

#![deny(unsafe_op_in_unsafe_fn)]

use std::num::NonZeroUsize;
use std::os::fd::OwnedFd;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use common::sysv::{self, Attached, ShmId};
use common::{Cleanup, Context, Result};
use nix::fcntl::OFlag;
use nix::sys::mman::{MapFlags, ProtFlags, mmap, munmap, shm_open, shm_unlink};
use nix::sys::stat::Mode;
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, close, fork, ftruncate};

/// How many times each process adds 1 to the counter.
const ROUNDS: u64 = 200_000;
/// The size of the segment and of the POSIX object: one page.
const SIZE: usize = 4096;
/// What the child leaves in the POSIX object for the parent.
const GREETING: &[u8] = b"greetings from the child, through memory";

/// The layout of the System V segment. A new segment is filled with zeros, and
/// zero is a valid value for both fields.
#[repr(C)]
struct Shared {
    /// How many processes have arrived at the starting line (see [`meet`]).
    ready: AtomicU32,
    /// The counter both processes add to.
    counter: AtomicU64,
}

fn main() -> ExitCode {
    common::begin("04_shared_memory");
    common::finish(system_v().and_then(|()| posix()))
}

/// The System V part: two processes, one counter, no lock.
fn system_v() -> Result<()> {
    let segment = create_segment()?;
    let guard = Cleanup::new(move || {
        let _ = sysv::shmctl_rmid(segment);
    });
    // SAFETY: this program has a single thread, so the child may run any code.
    match unsafe { fork() }.context("fork")? {
        ForkResult::Child => common::child_done(child_counts(segment)),
        ForkResult::Parent { child } => {
            let attached = sysv::shmat(segment, 0).context("shmat")?;
            let shared = shared_view(&attached);
            meet(&shared.ready);
            increment(&shared.counter, ROUNDS);
            wait_for(child)?;
            let total = shared.counter.load(Ordering::SeqCst);
            println!("parent: two processes each added 1, {ROUNDS} times, with no lock");
            println!(
                "parent: counter = {total} (expected {}): {} updates lost",
                2 * ROUNDS,
                (2 * ROUNDS).saturating_sub(total)
            );
            detach_and_remove(attached, segment)?;
            guard.disarm();
            // Asking a removed segment's state fails (EINVAL), once no process attaches it.
            println!("parent: segment removed: {}", sysv::shmctl_stat(segment).is_err());
            Ok(())
        }
    }
}

/// Creates a new private segment of SIZE bytes that only this user can use.
fn create_segment() -> Result<ShmId> {
    // BEGIN SOLUTION: create a new private segment of SIZE bytes that only its owner may use (shmget(2))
    sysv::shmget(libc::IPC_PRIVATE, SIZE, libc::IPC_CREAT | 0o600).context("shmget")
    // END SOLUTION
}

/// The child's role: attach the segment, count, detach.
fn child_counts(segment: ShmId) -> Result<()> {
    // BEGIN SOLUTION: do in the child what the parent does in system_v(): attach, meet, count ROUNDS times, detach (shmat(2), shmdt(2))
    let attached = sysv::shmat(segment, 0).context("shmat")?;
    let shared = shared_view(&attached);
    meet(&shared.ready);
    increment(&shared.counter, ROUNDS);
    sysv::shmdt(attached).context("shmdt")?;
    Ok(())
    // END SOLUTION
}

/// Adds 1 to `counter`, `rounds` times, the way `counter += 1` does: read the
/// value, then write the value plus one. No system call is made.
fn increment(counter: &AtomicU64, rounds: u64) {
    // BEGIN SOLUTION: add 1 to the counter `rounds` times the way counter += 1 does, as a read and a separate write with widen_window() between them (this lab's bug on purpose)
    for _ in 0..rounds {
        let value = counter.load(Ordering::Relaxed);
        widen_window();
        counter.store(value + 1, Ordering::Relaxed);
    }
    // END SOLUTION
}

/// Detaches the parent from the segment and removes the segment.
fn detach_and_remove(attached: Attached, segment: ShmId) -> Result<()> {
    // BEGIN SOLUTION: detach the segment and remove it from the kernel (shmdt(2), shmctl(2))
    sysv::shmdt(attached).context("shmdt")?;
    sysv::shmctl_rmid(segment).context("shmctl IPC_RMID")?;
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

/// Waits until both processes have attached, so their loops run at the same time
/// (a spin on the shared memory itself: no system call).
fn meet(ready: &AtomicU32) {
    ready.fetch_add(1, Ordering::SeqCst);
    while ready.load(Ordering::SeqCst) < 2 {
        std::hint::spin_loop();
    }
}

/// Spends a moment between the read and the write of an increment, so the other
/// process gets to write in between, as it would on a busier machine.
fn widen_window() {
    for _ in 0..20 {
        std::hint::spin_loop();
    }
}

/// The POSIX part: a named object, written by the child, read by the parent.
fn posix() -> Result<()> {
    let name = common::posix_name("04");
    let object = posix_create(&name)?;
    let unlink_name = name.clone();
    let guard = Cleanup::new(move || {
        let _ = shm_unlink(unlink_name.as_str());
    });
    // SAFETY: this program has a single thread, so the child may run any code.
    match unsafe { fork() }.context("fork")? {
        ForkResult::Child => common::child_done(posix_child_writes(&name)),
        ForkResult::Parent { child } => {
            wait_for(child)?;
            let text = posix_parent_reads(object)?;
            println!("parent: read from the POSIX object: {:?}", String::from_utf8_lossy(&text));
            posix_remove(&name)?;
            guard.disarm();
            // Opening a name that was unlinked fails (ENOENT).
            let unlinked = shm_open(name.as_str(), OFlag::O_RDONLY, Mode::empty()).is_err();
            println!("parent: POSIX object unlinked: {unlinked}");
            Ok(())
        }
    }
}

/// Creates the named object (mode 0600) and sizes it to SIZE bytes.
fn posix_create(name: &str) -> Result<OwnedFd> {
    // BEGIN SOLUTION: create the POSIX shared memory object `name` (new, owner only) and give it SIZE bytes (shm_open(3), ftruncate(2), shm_overview(7))
    let object = shm_open(name, OFlag::O_CREAT | OFlag::O_EXCL | OFlag::O_RDWR, Mode::from_bits_truncate(0o600))
        .context("shm_open")?;
    ftruncate(&object, SIZE as libc::off_t).context("ftruncate")?;
    Ok(object)
    // END SOLUTION
}

/// The child: opens the object by name, maps it, copies GREETING into it.
fn posix_child_writes(name: &str) -> Result<()> {
    // BEGIN SOLUTION: open the object by its name, put GREETING at its start through a shared mapping, and release the mapping and the descriptor (mmap(2), munmap(2))
    let object = shm_open(name, OFlag::O_RDWR, Mode::empty()).context("shm_open")?;
    let len = NonZeroUsize::new(SIZE).ok_or("SIZE is 0")?;
    let prot = ProtFlags::PROT_READ | ProtFlags::PROT_WRITE;
    // SAFETY: a fresh mapping chosen by the kernel overlaps nothing in this process.
    let addr = unsafe { mmap(None, len, prot, MapFlags::MAP_SHARED, &object, 0) }.context("mmap")?;
    // SAFETY: the mapping is SIZE writable bytes and GREETING is shorter; the
    // parent reads it only after this process has exited.
    unsafe { std::ptr::copy_nonoverlapping(GREETING.as_ptr(), addr.as_ptr().cast::<u8>(), GREETING.len()) };
    // SAFETY: addr and SIZE are the mapping made above, no longer used after this.
    unsafe { munmap(addr, SIZE) }.context("munmap")?;
    close(object).context("close")?;
    Ok(())
    // END SOLUTION
}

/// The parent: maps the object and returns the text found at its start.
fn posix_parent_reads(object: OwnedFd) -> Result<Vec<u8>> {
    // BEGIN SOLUTION: read the text at the start of the object (up to the first 0 byte) through a shared mapping, and release the mapping and the descriptor (mmap(2))
    let len = NonZeroUsize::new(SIZE).ok_or("SIZE is 0")?;
    // SAFETY: a fresh mapping chosen by the kernel overlaps nothing in this process.
    let addr = unsafe { mmap(None, len, ProtFlags::PROT_READ, MapFlags::MAP_SHARED, &object, 0) }.context("mmap")?;
    // SAFETY: the mapping is SIZE readable bytes, and no process writes it any more.
    let bytes = unsafe { std::slice::from_raw_parts(addr.as_ptr().cast::<u8>(), SIZE) };
    let text: Vec<u8> = bytes.iter().copied().take_while(|&b| b != 0).collect();
    // SAFETY: addr and SIZE are the mapping made above; `bytes` is not used after.
    unsafe { munmap(addr, SIZE) }.context("munmap")?;
    close(object).context("close")?;
    Ok(text)
    // END SOLUTION
}

/// Removes the object's name; the memory goes when the last mapping does.
fn posix_remove(name: &str) -> Result<()> {
    // BEGIN SOLUTION: remove the object's name (shm_unlink(3))
    shm_unlink(name).context("shm_unlink")?;
    Ok(())
    // END SOLUTION
}

/// Waits for a child and checks that it succeeded.
fn wait_for(child: Pid) -> Result<()> {
    match waitpid(child, None).context("waitpid")? {
        WaitStatus::Exited(_, 0) => Ok(()),
        other => Err(format!("child failed: {other:?}").into()),
    }
}
