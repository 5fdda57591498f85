//! `--inject` in the loop. At a call's entry the rules ([`crate::inject`])
//! say whether to touch it, counting per process; this does it while the
//! tracee is stopped, and finishes it at the call's exit:
//!
//! - an error: at entry the call's number becomes -1, so the kernel runs
//!   nothing (no object, descriptor or byte changes); at exit its return
//!   register gets -errno, as a failed call leaves it;
//! - `short`: at entry the count register is lowered, and the call really
//!   runs with that count; at exit the register is put back. On x86_64 the
//!   kernel returns to the program with every argument register as it was
//!   at entry (only rax, rcx and r11 change), and code compiled around a
//!   `syscall` instruction may rely on that (glibc's wrappers declare rdx an
//!   input, not a clobber). Leaving the lowered count there would show the
//!   program a state no kernel produces: a real short transfer changes only
//!   the return value;
//! - `delay=MS`: the task stays in its entry stop; the loop keeps handling
//!   every other task and resumes this one when its time comes, woken by a
//!   one-shot timer (late by at most a tick if that timer's signal comes
//!   between the loop's check and its wait);
//! - `signal=SIG`: `tgkill` sends the signal to the calling thread at the
//!   call's entry. The kernel does the rest as it would for any signal: a
//!   call that blocks is interrupted (its handler runs, then SA_RESTART
//!   restarts the call, or it returns EINTR); one that does not block
//!   completes and the signal is delivered on its return.
//!
//! A call that exits with a restart code and is entered again is the same
//! call: its second entry is neither counted nor touched (so `signal=` on
//! every call cannot interrupt a restarted call for ever).

use std::time::Instant;

use nix::sys::time::TimeSpec;
use nix::sys::timer::{Expiration, TimerSetTimeFlags};
use syscalls::Sysno;

use super::requests::{self, RegEdit};
use super::task::Restart;
use super::tick;
use super::tracer::Tracer;
use crate::decode::{Errno, Injected, Syscall};
use crate::event::Pid;
use crate::inject::{What, count_arg, shortened};

/// The restart codes a call may exit with (ERESTARTSYS, ERESTARTNOINTR,
/// ERESTARTNOHAND, ERESTART_RESTARTBLOCK), as negative returns.
const RESTARTS: [i64; 4] = [-512, -513, -514, -516];

impl Tracer<'_> {
    /// At the entry of native call `nr` by a shown task: counts it for the
    /// rules that match it (a restart is not a new call) and says what the
    /// first rule that fires does.
    pub(super) fn inject_decide(&mut self, tid: Pid, nr: u64) -> Option<What> {
        let task = self.tasks.get_mut(&tid)?;
        if let Some(mark) = task.restart.take() {
            if nr == mark.nr || nr == Sysno::restart_syscall.id() as u64 {
                return None;
            }
            if nr == Sysno::rt_sigreturn.id() as u64 {
                // A handler returns: the restart, if any, comes next.
                task.restart = Some(Restart { handler_returned: true, ..mark });
            } else if !mark.handler_returned {
                // A handler's own calls, before it returns.
                task.restart = Some(mark);
            }
        }
        let rules = &self.config.inject;
        if !rules.matches(nr) {
            return None;
        }
        let mut counts = task.inject_counts.borrow_mut();
        rules.decide(nr, &mut counts)
    }

    /// Does `what` to `call`, which `tid` has just entered; returns what was
    /// done (None when nothing could be: a count of 1, a task gone).
    pub(super) fn inject_entry(&mut self, tid: Pid, what: What, call: &Syscall) -> Option<Injected> {
        match what {
            What::Error(e) => requests::edit_registers(tid, RegEdit::Skip).ok().map(|()| Injected::Error(e)),
            What::Short(at_most) => {
                let index = count_arg(call.sysno?)?;
                let asked = call.raw.args[index];
                let given = shortened(asked, at_most)?;
                requests::edit_registers(tid, RegEdit::Arg(index, given)).ok()?;
                Some(Injected::Short { asked, given })
            }
            What::Delay(d) => {
                let until = Instant::now() + d;
                self.tasks.get_mut(&tid)?.held_until = Some(until);
                self.held.push(tid);
                self.arm_wake();
                Some(Injected::Delayed { ms: d.as_millis() as u64 })
            }
            What::Signal(sig) => {
                let pid = self.tasks.get(&tid)?.tgid;
                requests::tgkill(pid, tid, sig).ok().map(|()| Injected::Signal(sig))
            }
        }
    }

    /// At the exit of `call` by `tid`: finishes what its entry began (the
    /// error returned, the count register put back), notes a restart code,
    /// and returns the value the call now returns.
    pub(super) fn inject_exit(&mut self, tid: Pid, call: &Syscall, rval: i64) -> i64 {
        let rval = match call.injected {
            Some(Injected::Error(Errno(e))) => {
                let ret = -i64::from(e);
                match requests::edit_registers(tid, RegEdit::Return(ret)) {
                    Ok(()) => ret,
                    // The task is gone (killed meanwhile): the call did not run.
                    Err(_) => rval,
                }
            }
            Some(Injected::Short { asked, .. }) => {
                if let Some(index) = call.sysno.and_then(count_arg) {
                    let _ = requests::edit_registers(tid, RegEdit::Arg(index, asked));
                }
                rval
            }
            _ => rval,
        };
        if RESTARTS.contains(&rval) {
            if let Some(task) = self.tasks.get_mut(&tid) {
                task.restart = Some(Restart { nr: call.raw.nr, handler_returned: false });
            }
        }
        rval
    }

    /// Resumes the held tasks whose time has come, and arms the wake-up for
    /// the next one.
    pub(super) fn release_held(&mut self) {
        let now = Instant::now();
        let mut due = Vec::new();
        self.held.retain(|tid| match self.tasks.get_mut(tid) {
            Some(task) => match task.held_until {
                Some(until) if until <= now => {
                    task.held_until = None;
                    due.push(*tid);
                    false
                }
                Some(_) => true,
                None => false,
            },
            // Killed while held.
            None => false,
        });
        for tid in due {
            self.resume(tid, 0);
        }
        self.arm_wake();
    }

    /// Sets the one-shot wake-up to the first held task's time.
    fn arm_wake(&mut self) {
        let Some(next) = self.held.iter().filter_map(|t| self.tasks.get(t)?.held_until).min() else { return };
        if self.wake.is_none() {
            self.wake = tick::one_shot().ok();
        }
        if let Some(timer) = self.wake.as_mut() {
            // At least a microsecond: a zero expiration disarms the timer.
            let wait = next.saturating_duration_since(Instant::now()).max(std::time::Duration::from_micros(1));
            let _ = timer.set(Expiration::OneShot(TimeSpec::from_duration(wait)), TimerSetTimeFlags::empty());
        }
    }
}
