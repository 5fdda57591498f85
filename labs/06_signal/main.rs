//! Lab 06: signals between a parent and its child.
//!
//! The parent installs a SIGCHLD handler with sigaction, blocks SIGUSR1, SIGUSR2
//! and SIGCHLD, and forks; the child inherits the mask. The parent sends SIGUSR1
//! three times, then SIGUSR2. The child waits for SIGUSR2 in sigsuspend, finds
//! SIGUSR1 pending, unblocks it, and its handler runs once: a blocked standard
//! signal is pending or not, it is not counted. The parent waits for SIGCHLD in
//! sigsuspend and reaps the child with waitpid. The handlers only set atomic flags:
//! anything more (printing, allocating) is not safe in a handler.

#![deny(unsafe_op_in_unsafe_fn)]

use std::ffi::c_int;
use std::mem::MaybeUninit;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use common::{Context, Result};
use nix::sys::signal::{SaFlags, SigAction, SigHandler, SigSet, SigmaskHow, Signal, kill, sigaction, sigprocmask};
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, fork};

/// How many times the parent sends SIGUSR1 while the child has it blocked.
const SENDS: u32 = 3;

/// How many times the child's SIGUSR1 handler has run.
static USR1_RUNS: AtomicU32 = AtomicU32::new(0);
/// Set by the child's SIGUSR2 handler: the parent has sent everything.
static GO: AtomicBool = AtomicBool::new(false);
/// Set by the parent's SIGCHLD handler: a child has changed state.
static CHILD_EXITED: AtomicBool = AtomicBool::new(false);

fn main() -> ExitCode {
    common::begin("06_signal");
    common::finish(scenario())
}

fn scenario() -> Result<()> {
    install(Signal::SIGCHLD, on_sigchld)?;
    block(&[Signal::SIGUSR1, Signal::SIGUSR2, Signal::SIGCHLD])?;
    // SAFETY: this program has a single thread, so the child may run any code.
    match unsafe { fork() }.context("fork")? {
        ForkResult::Child => common::child_done(child()),
        ForkResult::Parent { child } => {
            send_signals(child)?;
            let code = wait_for_sigchld_and_reap(child)?;
            println!(
                "parent: the SIGCHLD handler ran: {}; reaped the child, exit status {code}",
                CHILD_EXITED.load(Ordering::SeqCst)
            );
            Ok(())
        }
    }
}

/// The child: handlers first, then wait for the go signal, then unblock SIGUSR1.
fn child() -> Result<()> {
    install(Signal::SIGUSR1, on_sigusr1)?;
    install(Signal::SIGUSR2, on_sigusr2)?;
    wait_for_go()?;
    println!("child: SIGUSR1 is pending: {}", pending()?.contains(Signal::SIGUSR1));
    unblock(Signal::SIGUSR1)?;
    println!(
        "child: SIGUSR1 was sent {SENDS} times while blocked; the handler ran {} time(s)",
        USR1_RUNS.load(Ordering::SeqCst)
    );
    Ok(())
}

/// The child's SIGUSR1 handler: counts its runs.
extern "C" fn on_sigusr1(_signal: c_int) {
    // BEGIN SOLUTION: count this run of the handler, doing only what is safe in a handler (signal-safety(7))
    USR1_RUNS.fetch_add(1, Ordering::SeqCst);
    // END SOLUTION
}

/// The child's SIGUSR2 handler: the go signal.
extern "C" fn on_sigusr2(_signal: c_int) {
    GO.store(true, Ordering::SeqCst);
}

/// The parent's SIGCHLD handler: notes that a child exited; main code reaps it.
extern "C" fn on_sigchld(_signal: c_int) {
    // BEGIN SOLUTION: tell the main code that a child changed state, doing only what is safe in a handler (signal-safety(7))
    CHILD_EXITED.store(true, Ordering::SeqCst);
    // END SOLUTION
}

/// Installs `handler` for `signal` with sigaction(2).
fn install(signal: Signal, handler: extern "C" fn(c_int)) -> Result<()> {
    // BEGIN SOLUTION: make `handler` run when `signal` arrives (sigaction(2))
    let action = SigAction::new(SigHandler::Handler(handler), SaFlags::SA_RESTART, SigSet::empty());
    // SAFETY: every handler of this lab only touches atomics, which is
    // async-signal-safe.
    unsafe { sigaction(signal, &action) }.context("sigaction")?;
    Ok(())
    // END SOLUTION
}

/// Blocks `signals`: from now on they stay pending until unblocked.
fn block(signals: &[Signal]) -> Result<()> {
    // BEGIN SOLUTION: hold `signals` back: from now on they stay pending (sigprocmask(2))
    let mut set = SigSet::empty();
    for &signal in signals {
        set.add(signal);
    }
    sigprocmask(SigmaskHow::SIG_BLOCK, Some(&set), None).context("sigprocmask")?;
    Ok(())
    // END SOLUTION
}

/// Unblocks `signal`: if it is pending, its handler runs before this returns.
fn unblock(signal: Signal) -> Result<()> {
    let mut set = SigSet::empty();
    set.add(signal);
    sigprocmask(SigmaskHow::SIG_UNBLOCK, Some(&set), None).context("sigprocmask")?;
    Ok(())
}

/// The child waits, with SIGUSR1 still blocked, until SIGUSR2 has been handled.
fn wait_for_go() -> Result<()> {
    // BEGIN SOLUTION: sleep until the SIGUSR2 handler has run, without a moment where it could run unseen, and keep SIGUSR1 held back (sigsuspend(2))
    let mut mask = SigSet::thread_get_mask().context("sigprocmask")?;
    mask.remove(Signal::SIGUSR2);
    while !GO.load(Ordering::SeqCst) {
        mask.suspend().context("sigsuspend")?;
    }
    Ok(())
    // END SOLUTION
}

/// The parent sends SIGUSR1 SENDS times, then SIGUSR2.
fn send_signals(child: Pid) -> Result<()> {
    // BEGIN SOLUTION: send the child SIGUSR1 SENDS times, then SIGUSR2 (kill(2))
    for _ in 0..SENDS {
        kill(child, Signal::SIGUSR1).context("kill")?;
    }
    kill(child, Signal::SIGUSR2).context("kill")?;
    Ok(())
    // END SOLUTION
}

/// The parent sleeps in sigsuspend until SIGCHLD, then reaps the child with
/// waitpid and returns its exit code.
fn wait_for_sigchld_and_reap(child: Pid) -> Result<i32> {
    // BEGIN SOLUTION: sleep until the SIGCHLD handler has run, without a race, then collect the child and return its exit code (sigsuspend(2), waitpid(2))
    let mut mask = SigSet::thread_get_mask().context("sigprocmask")?;
    mask.remove(Signal::SIGCHLD);
    while !CHILD_EXITED.load(Ordering::SeqCst) {
        mask.suspend().context("sigsuspend")?;
    }
    match waitpid(child, None).context("waitpid")? {
        WaitStatus::Exited(_, code) => Ok(code),
        other => Err(format!("child did not exit normally: {other:?}").into()),
    }
    // END SOLUTION
}

/// The signals pending for this process, as sigpending(2) reports them.
fn pending() -> Result<SigSet> {
    let mut set = MaybeUninit::<libc::sigset_t>::uninit();
    // SAFETY: sigpending fills the sigset_t it is given.
    let res = unsafe { libc::sigpending(set.as_mut_ptr()) };
    nix::errno::Errno::result(res).context("sigpending")?;
    // SAFETY: sigpending succeeded, so the set is initialised.
    Ok(unsafe { SigSet::from_sigset_t_unchecked(set.assume_init()) })
}
