//! The ptrace and wait requests the loop makes, as it wants them: nix's
//! where they fit, the crate's `sys` where a real-time signal must pass
//! intact (nix's `Signal` cannot hold one) or a union must be read.

use nix::errno::Errno;
use nix::sys::ptrace;
use nix::unistd::Pid;

pub use crate::sys::{Resume, SyscallInfo as SyscallStop};

/// Options set on every traced task.
pub fn options(trace_exit: bool) -> ptrace::Options {
    let mut o = ptrace::Options::PTRACE_O_TRACESYSGOOD
        | ptrace::Options::PTRACE_O_TRACEFORK
        | ptrace::Options::PTRACE_O_TRACEVFORK
        | ptrace::Options::PTRACE_O_TRACECLONE
        | ptrace::Options::PTRACE_O_TRACEEXEC
        | ptrace::Options::PTRACE_O_TRACESECCOMP
        | ptrace::Options::PTRACE_O_EXITKILL;
    if trace_exit {
        o |= ptrace::Options::PTRACE_O_TRACEEXIT;
    }
    o
}

/// Attaches to `pid` without stopping it, as with `ptrace(PTRACE_SEIZE, ...)`.
pub fn seize(pid: i32, options: ptrace::Options) -> Result<(), Errno> {
    ptrace::seize(Pid::from_raw(pid), options)
}

/// Resumes `tid`, delivering signal `sig` (0 for none).
pub fn resume(tid: i32, how: Resume, sig: i32) -> Result<(), Errno> {
    crate::sys::ptrace_resume(tid, how, sig)
}

/// The message of the last ptrace event (a new child's id, a former thread
/// id, an exit status), as with `ptrace(PTRACE_GETEVENTMSG, ...)`.
pub fn event_msg(tid: i32) -> Result<u64, Errno> {
    ptrace::getevent(Pid::from_raw(tid)).map(|m| m as u64)
}

/// The siginfo of the signal `tid` is stopped for.
pub fn siginfo(tid: i32) -> Result<libc::siginfo_t, Errno> {
    ptrace::getsiginfo(Pid::from_raw(tid))
}

/// Reads the call `tid` is stopped in.
pub fn syscall_info(tid: i32) -> Result<SyscallStop, Errno> {
    let info = ptrace::syscall_info(Pid::from_raw(tid))?;
    Ok(crate::sys::syscall_info(&info))
}

/// Where `tid`, running its own code, is in its program, seen `samples`
/// times: each time it is stopped (`PTRACE_INTERRUPT`), its instruction
/// pointer read (`PTRACE_GET_SYSCALL_INFO` gives it at any stop), and it is
/// let run a moment before the next look. A loop spends its time in its
/// own lines and in what it calls (an atomic load, a hint to the CPU), so a
/// few looks find its own. Only for a run about to be killed: the stops are
/// not handed back to the loop, and the task is left stopped until the
/// kill. Empty when it does not stop within `patience` (or is gone).
pub fn sample_places(tid: i32, samples: usize, patience: std::time::Duration) -> Vec<u64> {
    let mut ips = Vec::new();
    for n in 0..samples {
        if n > 0 {
            if ptrace::cont(Pid::from_raw(tid), None).is_err() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        if ptrace::interrupt(Pid::from_raw(tid)).is_err() || !wait_for_stop(tid, patience) {
            break;
        }
        match ptrace::syscall_info(Pid::from_raw(tid)) {
            Ok(info) => ips.push(info.instruction_pointer),
            Err(_) => break,
        }
    }
    ips
}

/// Waits up to `patience` for `tid` to stop; false if it ended or did not.
fn wait_for_stop(tid: i32, patience: std::time::Duration) -> bool {
    let deadline = std::time::Instant::now() + patience;
    loop {
        match crate::sys::waitpid(tid, libc::__WALL | libc::WNOHANG) {
            Ok((0, _)) | Err(Errno::EINTR) => {}
            Ok((_, status)) => return libc::WIFSTOPPED(status),
            // Gone meanwhile: its end is lost to the loop, as the kill that
            // follows would have ended it anyway.
            Err(_) => return false,
        }
        if std::time::Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}

/// Sends SIGKILL to `pid` (a process, or a thread's process); ESRCH, a task
/// already gone, is no error to report: its end is reported when reaped.
pub fn kill(pid: i32) {
    let _ = nix::sys::signal::kill(Pid::from_raw(pid), nix::sys::signal::Signal::SIGKILL);
}

/// Sends `sig` to thread `tid` of process `tgid` (an injected signal: the
/// kernel delivers it as any other).
pub fn tgkill(tgid: i32, tid: i32, sig: i32) -> Result<(), Errno> {
    crate::sys::tgkill(tgid, tid, sig)
}

/// A change to the registers of a task stopped at a call's entry or exit,
/// for `--inject`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegEdit {
    /// At entry: the call's number becomes -1, so the kernel skips it (it
    /// returns -ENOSYS unless the exit says otherwise).
    Skip,
    /// At exit: the value the call returns.
    Return(i64),
    /// Argument `index` (0..6) holds `value`.
    Arg(usize, u64),
}

/// Edits the registers of `tid`, stopped at a call's entry or exit, as with
/// `ptrace(PTRACE_GETREGS)` and `ptrace(PTRACE_SETREGS)`.
#[cfg(target_arch = "x86_64")]
pub fn edit_registers(tid: i32, edit: RegEdit) -> Result<(), Errno> {
    let pid = Pid::from_raw(tid);
    let mut regs = ptrace::getregs(pid)?;
    match edit {
        RegEdit::Skip => regs.orig_rax = u64::MAX,
        RegEdit::Return(v) => regs.rax = v as u64,
        // The System V calling convention of the kernel: rdi, rsi, rdx, r10, r8, r9.
        RegEdit::Arg(0, v) => regs.rdi = v,
        RegEdit::Arg(1, v) => regs.rsi = v,
        RegEdit::Arg(2, v) => regs.rdx = v,
        RegEdit::Arg(3, v) => regs.r10 = v,
        RegEdit::Arg(4, v) => regs.r8 = v,
        RegEdit::Arg(5, v) => regs.r9 = v,
        RegEdit::Arg(..) => return Err(Errno::EINVAL),
    }
    ptrace::setregs(pid, regs)
}

/// Edits the registers of `tid`: not yet on this architecture (skipping a
/// call needs its own register set, NT_ARM_SYSTEM_CALL on aarch64).
#[cfg(not(target_arch = "x86_64"))]
pub fn edit_registers(_tid: i32, _edit: RegEdit) -> Result<(), Errno> {
    Err(Errno::ENOSYS)
}

/// Sends signal `sig` to process `pid`, as with `kill(pid, sig)`; a
/// process already gone is no error.
pub fn signal(pid: i32, sig: i32) {
    if let Ok(sig) = nix::sys::signal::Signal::try_from(sig) {
        let _ = nix::sys::signal::kill(Pid::from_raw(pid), sig);
    }
}

/// A decoded wait status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Exited(i32),
    Signaled {
        signal: i32,
        core_dumped: bool,
    },
    /// A syscall-entry or -exit stop (SIGTRAP|0x80).
    SyscallStop,
    /// A ptrace event stop (PTRACE_EVENT_*), with the stop signal.
    Event {
        event: i32,
        signal: i32,
    },
    /// A signal-delivery-stop.
    Signal(i32),
    Other(i32),
}

impl Status {
    pub fn from_raw(s: i32) -> Status {
        if libc::WIFEXITED(s) {
            Status::Exited(libc::WEXITSTATUS(s))
        } else if libc::WIFSIGNALED(s) {
            Status::Signaled { signal: libc::WTERMSIG(s), core_dumped: libc::WCOREDUMP(s) }
        } else if libc::WIFSTOPPED(s) {
            let sig = libc::WSTOPSIG(s);
            let event = (s >> 16) & 0xff;
            if sig == libc::SIGTRAP | 0x80 {
                Status::SyscallStop
            } else if event != 0 {
                Status::Event { event, signal: sig }
            } else {
                Status::Signal(sig)
            }
        } else {
            Status::Other(s)
        }
    }
}

/// Waits for any traced task of the calling thread, as with
/// `waitpid(-1, &status, __WALL | __WNOTHREAD)`. Only the calling thread's
/// tracees are reported, so several tracers may run in one process.
pub fn wait_any() -> Result<(i32, Status), Errno> {
    let (pid, status) = crate::sys::waitpid(-1, libc::__WALL | libc::__WNOTHREAD)?;
    Ok((pid, Status::from_raw(status)))
}

/// Waits for `pid` to stop or end, as with `waitpid(pid, &status, WSTOPPED)`.
pub fn wait_stopped(pid: i32) -> Result<Status, Errno> {
    loop {
        match crate::sys::waitpid(pid, libc::WSTOPPED) {
            Ok((_, status)) => return Ok(Status::from_raw(status)),
            Err(Errno::EINTR) => {}
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wait_statuses_decode_as_the_kernel_encodes_them() {
        assert_eq!(Status::from_raw(3 << 8), Status::Exited(3));
        assert_eq!(Status::from_raw(libc::SIGKILL), Status::Signaled { signal: libc::SIGKILL, core_dumped: false });
        assert_eq!(Status::from_raw(0x7f | ((libc::SIGTRAP | 0x80) << 8)), Status::SyscallStop);
        let fork_event = 0x7f | (libc::SIGTRAP << 8) | (libc::PTRACE_EVENT_FORK << 16);
        assert_eq!(
            Status::from_raw(fork_event),
            Status::Event { event: libc::PTRACE_EVENT_FORK, signal: libc::SIGTRAP }
        );
        // A real-time signal passes intact, where nix's Signal has no room for it.
        assert_eq!(Status::from_raw(0x7f | (40 << 8)), Status::Signal(40));
    }
}
