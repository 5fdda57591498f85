//! Waking the wait loop: a per-thread timer interrupts `waitpid` every
//! tick, so the loop can flush output, notice a timeout and react to
//! Ctrl-C while every tracee is blocked.
//!
//! The termination signals ipclab catches (SIGINT, SIGTERM, SIGHUP) are
//! kept with their sender (`si_code`, `si_pid`), so the loop can tell a stop
//! request meant for ipclab (the terminal's Ctrl-C, a user's `kill`) from a
//! signal a traced program sent its own process group (`kill(0, SIGTERM)`,
//! `trap 'kill 0' EXIT`), which reaches ipclab only because it shares the
//! group, and which the loop passes over.

use std::sync::Once;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use nix::sys::signal::{self, SaFlags, SigAction, SigEvent, SigHandler, SigSet, SigevNotify, Signal};
use nix::sys::time::TimeSpec;
use nix::sys::timer::{Expiration, Timer, TimerSetTimeFlags};
use nix::time::ClockId;

/// How often the loop wakes while the tracees are quiet.
pub const TICK: Duration = Duration::from_millis(100);

/// Ticks since ipclab started (the timers of every tracer in the process
/// add to it): a clock the loop reads at every stop for the cost of a load.
static TICKS: AtomicU64 = AtomicU64::new(0);

extern "C" fn on_tick(_: libc::c_int) {
    TICKS.fetch_add(1, Ordering::Relaxed);
}

/// The ticks counted so far.
pub fn ticks() -> u64 {
    TICKS.load(Ordering::Relaxed)
}

/// How many termination signals are remembered until every tracer of the
/// process has read them.
const RING: usize = 64;

/// The termination signals received, packed (see [`Request::pack`]), and
/// how many were ever received.
static REQUESTS: [AtomicU64; RING] = [const { AtomicU64::new(0) }; RING];
static RECEIVED: AtomicU64 = AtomicU64::new(0);
/// For each slot, one more than the sequence number of the request a
/// tracer found to come from one of its tracees (0: none).
static FROM_TRACEE: [AtomicU64; RING] = [const { AtomicU64::new(0) }; RING];

/// A termination signal ipclab received, and who sent it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request {
    pub signal: i32,
    /// `si_code`: `SI_KERNEL` for the terminal's Ctrl-C and hangup,
    /// `SI_USER` for `kill`, `SI_TKILL`, `SI_QUEUE`.
    pub code: i32,
    /// The sending process for a signal a process sent (0 from the kernel).
    pub sender: i32,
}

impl Request {
    /// Sent by a process with `kill`, `tgkill` or `sigqueue` (not by the
    /// kernel on the terminal's behalf).
    pub fn sent_by_a_process(&self) -> bool {
        self.code <= 0 && self.sender > 0
    }

    /// One word: a sequence number's low 8 bits (to tell a slot's entry
    /// from an older one: the ring is smaller than 256), the signal, the
    /// code, the sender.
    fn pack(&self, seq: u64) -> u64 {
        (seq & 0xff) << 56
            | (self.signal as u64 & 0xff) << 48
            | (self.code as i16 as u16 as u64) << 32
            | self.sender as u32 as u64
    }

    fn unpack(word: u64, seq: u64) -> Option<Request> {
        let signal = ((word >> 48) & 0xff) as i32;
        if word >> 56 != seq & 0xff || signal == 0 {
            return None;
        }
        Some(Request { signal, code: ((word >> 32) & 0xffff) as u16 as i16 as i32, sender: word as u32 as i32 })
    }
}

extern "C" fn on_termination(sig: libc::c_int, info: *mut libc::siginfo_t, _: *mut libc::c_void) {
    let (code, sender) = if info.is_null() {
        (0, 0)
    } else {
        // SAFETY: the kernel passes a valid siginfo_t to an SA_SIGINFO
        // handler; si_code is a plain field, and si_pid is read from the
        // union as the kernel fills it for a signal sent by a process
        // (zero otherwise).
        unsafe { ((*info).si_code, (*info).si_pid()) }
    };
    let seq = RECEIVED.fetch_add(1, Ordering::SeqCst);
    let request = Request { signal: sig, code, sender };
    REQUESTS[(seq % RING as u64) as usize].store(request.pack(seq), Ordering::SeqCst);
}

/// A tracer's place in the termination signals received: each tracer of
/// the process reads every one of them once.
#[derive(Debug)]
pub struct Requests {
    next: u64,
}

impl Requests {
    /// Reads the signals received from now on.
    pub fn from_now() -> Requests {
        Requests { next: RECEIVED.load(Ordering::SeqCst) }
    }

    /// The signals received since the last call, with their sequence
    /// numbers (the oldest may be lost when more than a ring's worth came
    /// in between).
    pub fn poll(&mut self) -> Vec<(u64, Request)> {
        let received = RECEIVED.load(Ordering::SeqCst);
        if received == self.next {
            return Vec::new();
        }
        let first = self.next.max(received.saturating_sub(RING as u64));
        let out = (first..received).filter_map(|seq| Some((seq, received_at(seq)?))).collect();
        self.next = received;
        out
    }
}

fn received_at(seq: u64) -> Option<Request> {
    Request::unpack(REQUESTS[(seq % RING as u64) as usize].load(Ordering::SeqCst), seq)
}

/// The request `seq` came from a tracee: it was not meant for ipclab.
pub fn sent_by_tracee(seq: u64) {
    FROM_TRACEE[(seq % RING as u64) as usize].store(seq + 1, Ordering::SeqCst);
}

/// The last termination signal meant for ipclab (not one a tracee sent its
/// own process group, as far as the tracers have read them), if any was
/// received.
pub fn termination_requested() -> Option<i32> {
    let received = RECEIVED.load(Ordering::SeqCst);
    (received.saturating_sub(RING as u64)..received)
        .rev()
        .filter(|&seq| FROM_TRACEE[(seq % RING as u64) as usize].load(Ordering::SeqCst) != seq + 1)
        .find_map(received_at)
        .map(|r| r.signal)
}

/// A timer that sends SIGALRM to the calling thread every tick.
pub struct Ticker {
    _timer: Timer,
}

impl Ticker {
    pub fn start() -> nix::Result<Ticker> {
        static HANDLER: Once = Once::new();
        let mut result = Ok(());
        HANDLER.call_once(|| {
            // No SA_RESTART: the point is to make waitpid return EINTR.
            let action = SigAction::new(SigHandler::Handler(on_tick), SaFlags::empty(), SigSet::empty());
            // SAFETY: the handler adds to an atomic, which is async-signal-safe.
            result = unsafe { signal::sigaction(Signal::SIGALRM, &action) }.map(drop);
        });
        result?;
        let event = SigEvent::new(SigevNotify::SigevThreadId {
            signal: Signal::SIGALRM,
            thread_id: nix::unistd::gettid().as_raw(),
            si_value: 0,
        });
        let mut timer = Timer::new(ClockId::CLOCK_MONOTONIC, event)?;
        timer.set(Expiration::Interval(TimeSpec::from_duration(TICK)), TimerSetTimeFlags::empty())?;
        Ok(Ticker { _timer: timer })
    }
}

/// A timer that sends SIGALRM to the calling thread once, when set (the
/// loop's wake-up for a task held by `--inject ...:delay=`). The tick's
/// handler, installed by [`Ticker::start`], makes the wait return EINTR.
pub fn one_shot() -> nix::Result<Timer> {
    let event = SigEvent::new(SigevNotify::SigevThreadId {
        signal: Signal::SIGALRM,
        thread_id: nix::unistd::gettid().as_raw(),
        si_value: 0,
    });
    Timer::new(ClockId::CLOCK_MONOTONIC, event)
}

/// Makes SIGINT, SIGTERM and SIGHUP ask the tracer to stop instead of
/// killing ipclab, so it can let the program end, report and clean up;
/// and keeps ipclab alive through the other signals whose default action
/// ends a process ([`passed_over`]): a traced program that signals its own
/// process group (`kill(0, SIGUSR1)`) reaches ipclab too, and ipclab must
/// neither die of it nor take the program with it. Each of the program's
/// processes receives such a signal itself, as it would untraced.
pub fn catch_termination_signals() -> nix::Result<()> {
    let action = SigAction::new(SigHandler::SigAction(on_termination), SaFlags::SA_SIGINFO, SigSet::empty());
    for sig in [Signal::SIGINT, Signal::SIGTERM, Signal::SIGHUP] {
        // SAFETY: the handler only stores to atomics, which is async-signal-safe.
        unsafe { signal::sigaction(sig, &action) }?;
    }
    // A handler, not SIG_IGN: an ignored signal stays ignored across
    // execve, and the traced program must start with the default action.
    for sig in passed_over() {
        // SAFETY: the handler does nothing, which is async-signal-safe.
        unsafe { set_handler(sig, on_passed_over) }?;
    }
    Ok(())
}

extern "C" fn on_passed_over(_: libc::c_int) {}

/// The signals whose default action ends a process that ipclab neither
/// uses nor takes as a stop request: SIGQUIT, SIGUSR1, SIGUSR2, SIGPIPE
/// (already ignored by the Rust runtime, set here all the same), SIGVTALRM,
/// SIGPROF, SIGIO, SIGPWR, SIGSTKFLT, SIGSYS, and the real-time signals the
/// C library leaves to programs. (SIGALRM is the tick's.)
fn passed_over() -> Vec<libc::c_int> {
    let mut sigs = vec![
        libc::SIGQUIT,
        libc::SIGUSR1,
        libc::SIGUSR2,
        libc::SIGPIPE,
        libc::SIGVTALRM,
        libc::SIGPROF,
        libc::SIGIO,
        libc::SIGPWR,
        libc::SIGSTKFLT,
        libc::SIGSYS,
    ];
    sigs.extend(libc::SIGRTMIN()..=libc::SIGRTMAX());
    sigs
}

/// Sets `handler` for signal `sig` by number (nix's `Signal` has no
/// real-time signals), with SA_RESTART.
///
/// # Safety
/// The handler must be async-signal-safe.
unsafe fn set_handler(sig: libc::c_int, handler: extern "C" fn(libc::c_int)) -> nix::Result<()> {
    // SAFETY: sigaction is plain data; all zero is no flags and an empty mask.
    let mut action: libc::sigaction = unsafe { std::mem::zeroed() };
    action.sa_sigaction = handler as libc::sighandler_t;
    action.sa_flags = libc::SA_RESTART;
    // SAFETY: `action` is a valid sigaction; the old action is not asked for.
    let r = unsafe { libc::sigaction(sig, &action, std::ptr::null_mut()) };
    nix::errno::Errno::result(r).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_survives_packing_with_its_sender_and_code() {
        for r in [
            Request { signal: libc::SIGINT, code: 0x80, sender: 0 },
            Request { signal: libc::SIGTERM, code: libc::SI_USER, sender: 4_194_303 },
            Request { signal: libc::SIGHUP, code: -6, sender: 12 },
        ] {
            let word = r.pack(70_000);
            let back = Request::unpack(word, 70_000).expect("the same sequence number");
            assert_eq!(back, r);
            assert_eq!(Request::unpack(word, 70_001), None, "a slot overwritten since is not read as this one");
        }
        assert!(Request { signal: 15, code: libc::SI_USER, sender: 5 }.sent_by_a_process());
        assert!(!Request { signal: 2, code: 0x80, sender: 0 }.sent_by_a_process(), "SI_KERNEL: the terminal");
    }
}
