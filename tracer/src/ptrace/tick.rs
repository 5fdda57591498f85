//! Waking the wait loop: a per-thread timer interrupts `waitpid` every
//! tick, so the loop can flush output, notice a timeout and react to
//! Ctrl-C while every tracee is blocked.

use std::sync::Once;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::Duration;

use nix::sys::signal::{self, SaFlags, SigAction, SigEvent, SigHandler, SigSet, SigevNotify, Signal};
use nix::sys::time::TimeSpec;
use nix::sys::timer::{Expiration, Timer, TimerSetTimeFlags};
use nix::time::ClockId;

/// How often the loop wakes while the tracees are quiet.
pub const TICK: Duration = Duration::from_millis(100);

extern "C" fn on_tick(_: libc::c_int) {}

/// The signal that asked ipclab to stop (SIGINT, SIGTERM, SIGHUP), or 0.
static TERMINATION: AtomicI32 = AtomicI32::new(0);

extern "C" fn on_termination(sig: libc::c_int) {
    TERMINATION.store(sig, Ordering::SeqCst);
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
            // SAFETY: the handler does nothing, which is async-signal-safe.
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
/// killing ipclab, so it can kill the traced tree and report first.
pub fn catch_termination_signals() -> nix::Result<()> {
    let action = SigAction::new(SigHandler::Handler(on_termination), SaFlags::empty(), SigSet::empty());
    for sig in [Signal::SIGINT, Signal::SIGTERM, Signal::SIGHUP] {
        // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
        unsafe { signal::sigaction(sig, &action) }?;
    }
    Ok(())
}

/// The termination signal received since the last call, if any.
pub fn termination_requested() -> Option<i32> {
    match TERMINATION.load(Ordering::SeqCst) {
        0 => None,
        sig => Some(sig),
    }
}
