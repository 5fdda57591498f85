//! Shared memory done the way fast programs do it: a ring of slots in one
//! System V segment (lab 04), with two counters per direction, and futexes
//! (futex(2)) to sleep on when there is nothing to do.
//!
//! The bytes of a message are copied once, by the sender into a slot, and
//! once more, by the receiver out of it; the kernel never sees them. The
//! kernel is entered only to sleep and to wake: `futex(addr, FUTEX_WAIT,
//! val)` sleeps if the 32-bit word at `addr` still holds `val` (the kernel
//! checks it, so a wake-up that comes first is not lost), and `futex(addr,
//! FUTEX_WAKE, 1)` wakes one sleeper on that word. A process that finds work
//! to do never calls the kernel at all.
//!
//! The segment: a control page, then `depth` pages of slots towards the child
//! (ring 0), then `depth` towards the parent (ring 1). In the control page,
//! ring `r`'s words start at `128 * r`:
//!
//! | offset | word | written by | who sleeps on it |
//! |---|---|---|---|
//! | 0 | `written`: messages the sender has put in the ring | sender | the receiver, when the ring is empty |
//! | 4 | `sender_sleeps`: 1 while the sender may be asleep | sender | |
//! | 64 | `read`: messages the receiver has taken out | receiver | the sender, when all slots are full |
//! | 68 | `receiver_sleeps`: 1 while the receiver may be asleep | receiver | |
//!
//! The counters only grow (wrapping at 2^32); `written - read` messages are in
//! the ring, and message number `n` is in slot `n % depth`. The words written
//! by the sender and those written by the receiver sit on different cache
//! lines (64 bytes), so the two processes do not fight over one line.
//!
//! The futexes are shared (no FUTEX_PRIVATE_FLAG): the two processes map the
//! segment at their own addresses, and the kernel finds a shared futex by
//! the page it is on, not by the address.

use std::sync::atomic::{AtomicU32, Ordering, fence};
use std::time::Duration;

use nix::errno::Errno;

use super::{Depth, LARGE, Role};
use common::sysv::{self, Attached};
use common::{Cleanup, Context, Result};

/// The deepest ring this lab builds (the control page has room for 64
/// message lengths per ring).
pub const MAX_DEPTH: usize = 64;
const PAGE: usize = 4096;
/// Where the message lengths start in the control page: 64 per ring.
const LENGTHS: usize = 512;

/// The words of one ring, at the start of its 128 bytes of the control page.
#[repr(C)]
struct Words {
    written: AtomicU32,
    sender_sleeps: AtomicU32,
    _sender_line: [u32; 14],
    read: AtomicU32,
    receiver_sleeps: AtomicU32,
    _receiver_line: [u32; 14],
}

/// One direction of the exchange, as one process sees it.
#[derive(Clone, Copy)]
pub struct Ring {
    /// The segment, where this process attached it.
    base: *mut u8,
    /// 0: towards the child; 1: towards the parent.
    index: usize,
    slots: u32,
}

/// The segment, attached by the parent before the fork (the child inherits
/// the attachment), and how deep a ring turned out to be.
pub struct Setup {
    attached: Attached,
    slots: u32,
    counted: usize,
}

/// One process's end: the segment and its two rings.
pub struct End {
    attached: Attached,
    pub tx: Ring,
    pub rx: Ring,
}

/// How long a send may wait for a free slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Patience {
    /// As long as it takes (the exchange).
    Forever,
    /// Not at all: a full ring makes the send give up (counting the depth).
    NotAtAll,
}

/// What a send did.
pub struct Sent {
    /// System calls made (futex waits and wakes).
    pub calls: u64,
    /// False if the ring was full and the sender's patience ran out.
    pub delivered: bool,
}

/// What a sleep did.
pub struct Slept {
    pub calls: u64,
    /// The futex wait timed out with the word unchanged.
    pub ran_out: bool,
}

impl Setup {
    /// A private segment with two rings of `depth` slots, attached here.
    /// Counts the depth by filling ring 0 (whose receiver, the child, does not
    /// exist yet) until a send refuses, then empties it again.
    pub fn create(depth: usize) -> Result<(Setup, Cleanup)> {
        if depth == 0 || depth > MAX_DEPTH {
            return Err(format!("a shared memory ring has 1 to {MAX_DEPTH} slots, not {depth}").into());
        }
        let size = PAGE * (1 + 2 * depth);
        let segment = sysv::shmget(libc::IPC_PRIVATE, size, libc::IPC_CREAT | 0o600).context("shmget")?;
        let removal = Cleanup::new(move || {
            let _ = sysv::shmctl_rmid(segment);
        });
        // A new segment is all zeros: every counter starts at 0.
        let attached = sysv::shmat(segment, 0).context("shmat")?;
        let slots = depth as u32;
        let ring = Ring { base: attached.as_ptr(), index: 0, slots };
        let message = [b'd'; LARGE];
        let mut counted = 0;
        while send(&ring, &message, Patience::NotAtAll)?.delivered {
            counted += 1;
            if counted > depth {
                return Err(format!(
                    "the shared memory ring took {counted} messages into its {depth} slots: send must wait while the ring is full"
                )
                .into());
            }
        }
        let mut buf = [0u8; LARGE];
        for _ in 0..counted {
            receive(&ring, &mut buf)?;
        }
        Ok((Setup { attached, slots, counted }, removal))
    }

    pub fn into_end(self, role: Role) -> Result<(End, Depth)> {
        let base = self.attached.as_ptr();
        let to_child = Ring { base, index: 0, slots: self.slots };
        let to_parent = Ring { base, index: 1, slots: self.slots };
        let (tx, rx) = if role == Role::Parent { (to_child, to_parent) } else { (to_parent, to_child) };
        Ok((End { attached: self.attached, tx, rx }, Depth::Counted(self.counted)))
    }
}

impl End {
    pub fn close(self) -> Result<()> {
        sysv::shmdt(self.attached).context("shmdt")
    }
}

/// Sends one message: while every slot is full, sleeps on `read` until the
/// receiver takes one (or gives up, if `patience` is NotAtAll); copies the
/// message into the next slot; moves `written` on; wakes the receiver if it
/// sleeps. Returns the calls made.
pub fn send(tx: &Ring, message: &[u8], patience: Patience) -> Result<Sent> {
    // BEGIN SOLUTION: while written - read == slots (the ring is full): sleep_while(read, the value seen, sender_sleeps, patience), and return undelivered if it ran out; then put the message in slot `written`, store written + 1 (Release), and wake_if_asleep(written, receiver_sleeps). Count the calls
    let words = tx.words();
    // Only this process moves `written`: its own last value needs no ordering.
    let written = words.written.load(Ordering::Relaxed);
    let mut calls = 0;
    loop {
        let read = words.read.load(Ordering::Acquire);
        if written.wrapping_sub(read) < tx.slots {
            break;
        }
        let slept = sleep_while(&words.read, read, &words.sender_sleeps, patience)?;
        calls += slept.calls;
        if slept.ran_out {
            return Ok(Sent { calls, delivered: false });
        }
    }
    tx.put(written, message);
    words.written.store(written.wrapping_add(1), Ordering::Release);
    calls += wake_if_asleep(&words.written, &words.receiver_sleeps)?;
    Ok(Sent { calls, delivered: true })
    // END SOLUTION
}

/// Receives one message: while the ring is empty, sleeps on `written`; copies
/// the message out of its slot; moves `read` on; wakes the sender if it
/// sleeps. Returns the calls made.
pub fn receive(rx: &Ring, buf: &mut [u8]) -> Result<u64> {
    // BEGIN SOLUTION: while written == read (the ring is empty): sleep_while(written, the value seen, receiver_sleeps, Patience::Forever); then take slot `read` into buf, store read + 1 (Release), and wake_if_asleep(read, sender_sleeps). Count the calls
    let words = rx.words();
    let read = words.read.load(Ordering::Relaxed);
    let mut calls = 0;
    loop {
        let written = words.written.load(Ordering::Acquire);
        if written != read {
            break;
        }
        calls += sleep_while(&words.written, written, &words.receiver_sleeps, Patience::Forever)?.calls;
    }
    rx.take(read, buf)?;
    words.read.store(read.wrapping_add(1), Ordering::Release);
    calls += wake_if_asleep(&words.read, &words.sender_sleeps)?;
    Ok(calls)
    // END SOLUTION
}

/// Sleeps in the kernel until `word` moves on from `seen`.
///
/// First raises `flag`, so that the other process, which moves `word`, knows
/// it must wake us; then looks at `word` once more, because the other
/// process may have moved it before it could see the flag; only then calls
/// futex(FUTEX_WAIT), which sleeps only if `word` still holds `seen`. The
/// fence on each side (here and in [`wake_if_asleep`]) makes sure that at
/// least one of the two processes sees what the other did: either the waker
/// sees the flag, or the sleeper sees the new value. So no wake-up is lost.
pub fn sleep_while(word: &AtomicU32, seen: u32, flag: &AtomicU32, patience: Patience) -> Result<Slept> {
    flag.store(1, Ordering::Relaxed);
    fence(Ordering::SeqCst);
    let mut slept = Slept { calls: 0, ran_out: false };
    if word.load(Ordering::Relaxed) == seen {
        let timeout = match patience {
            Patience::Forever => None,
            Patience::NotAtAll => Some(Duration::ZERO),
        };
        slept.calls = 1;
        match futex_wait(word, seen, timeout) {
            // Woken, or the word had already moved on, or a signal came:
            // the caller looks again.
            Ok(()) | Err(Errno::EAGAIN) | Err(Errno::EINTR) => {}
            Err(Errno::ETIMEDOUT) => slept.ran_out = true,
            Err(e) => return Err(format!("futex FUTEX_WAIT: {e}").into()),
        }
    }
    flag.store(0, Ordering::Relaxed);
    Ok(slept)
}

/// After moving `word` on, wakes the other process if its `flag` says it is
/// asleep on it (or about to be). Returns the calls made: 0 when nobody sleeps.
pub fn wake_if_asleep(word: &AtomicU32, flag: &AtomicU32) -> Result<u64> {
    fence(Ordering::SeqCst);
    if flag.load(Ordering::Relaxed) == 0 {
        return Ok(0);
    }
    futex_wake(word).context("futex FUTEX_WAKE")?;
    Ok(1)
}

/// `futex(word, FUTEX_WAIT, seen, timeout)`: sleeps while `word` holds `seen`,
/// at most `timeout` (None: until woken).
fn futex_wait(word: &AtomicU32, seen: u32, timeout: Option<Duration>) -> nix::Result<()> {
    let ts = timeout.map(|t| libc::timespec { tv_sec: t.as_secs() as _, tv_nsec: t.subsec_nanos() as _ });
    let ts_ptr = ts.as_ref().map_or(std::ptr::null(), |t| t as *const libc::timespec);
    // SAFETY: `word` is a live, aligned 32-bit word; `ts_ptr` is null or
    // points to a timespec that outlives the call; the last two arguments are
    // unused by FUTEX_WAIT.
    let res = unsafe { libc::syscall(libc::SYS_futex, word.as_ptr(), libc::FUTEX_WAIT, seen, ts_ptr, 0usize, 0u32) };
    Errno::result(res).map(drop)
}

/// `futex(word, FUTEX_WAKE, 1)`: wakes one process sleeping on `word`;
/// returns how many it woke.
fn futex_wake(word: &AtomicU32) -> nix::Result<i64> {
    // SAFETY: `word` is a live, aligned 32-bit word; FUTEX_WAKE reads no other argument.
    let res = unsafe { libc::syscall(libc::SYS_futex, word.as_ptr(), libc::FUTEX_WAKE, 1, 0usize, 0usize, 0u32) };
    Errno::result(res)
}

impl Ring {
    fn words(&self) -> &Words {
        // SAFETY: the control page holds two `Words` (128 bytes each) at
        // 128 * index, 4-byte aligned (the segment is page aligned); every
        // field the two processes change is atomic.
        unsafe { &*self.base.add(128 * self.index).cast::<Words>() }
    }

    /// The length word of message `seq`'s slot.
    fn length(&self, seq: u32) -> &AtomicU32 {
        let at = LENGTHS + 4 * (MAX_DEPTH * self.index + (seq % self.slots) as usize);
        // SAFETY: LENGTHS + 4 * (2 * MAX_DEPTH) = 1024 is inside the control
        // page, and 4-byte aligned.
        unsafe { &*self.base.add(at).cast::<AtomicU32>() }
    }

    /// The first byte of message `seq`'s slot (one page).
    fn slot(&self, seq: u32) -> *mut u8 {
        let page = 1 + self.index * self.slots as usize + (seq % self.slots) as usize;
        // SAFETY: the segment has 1 + 2 * slots pages; page < that.
        unsafe { self.base.add(PAGE * page) }
    }

    /// Copies `message` into the slot of message `seq`.
    pub fn put(&self, seq: u32, message: &[u8]) {
        assert!(message.len() <= LARGE, "a message larger than a slot");
        // SAFETY: the slot is a page of the segment, and the message fits. The
        // receiver is done with this slot: `read` said so before the sender
        // chose it, and it touches it again only after `written` moves on.
        unsafe { std::ptr::copy_nonoverlapping(message.as_ptr(), self.slot(seq), message.len()) };
        self.length(seq).store(message.len() as u32, Ordering::Relaxed);
    }

    /// Copies message `seq` out of its slot into `buf`, which it must fill.
    pub fn take(&self, seq: u32, buf: &mut [u8]) -> Result<()> {
        let len = self.length(seq).load(Ordering::Relaxed) as usize;
        if len != buf.len() || len > LARGE {
            return Err(format!("a ring slot held {len} bytes, not {}", buf.len()).into());
        }
        // SAFETY: the slot is a page of the segment, len <= LARGE and buf
        // holds len bytes. The sender wrote it before moving
        // `written` on (Release), which the receiver read (Acquire).
        unsafe { std::ptr::copy_nonoverlapping(self.slot(seq), buf.as_mut_ptr(), len) };
        Ok(())
    }
}
