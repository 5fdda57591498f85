//! Thin safe wrappers over the ptrace and wait requests the loop makes,
//! where nix's typed API does not fit: nix's `Signal` cannot hold real-time
//! signals, which a tracee may receive and which must be passed on intact.

use nix::errno::Errno;

/// Options set on every traced task.
pub fn options(trace_exit: bool) -> libc::c_int {
    let mut o = libc::PTRACE_O_TRACESYSGOOD
        | libc::PTRACE_O_TRACEFORK
        | libc::PTRACE_O_TRACEVFORK
        | libc::PTRACE_O_TRACECLONE
        | libc::PTRACE_O_TRACEEXEC
        | libc::PTRACE_O_TRACESECCOMP
        | libc::PTRACE_O_EXITKILL;
    if trace_exit {
        o |= libc::PTRACE_O_TRACEEXIT;
    }
    o
}

fn check(ret: libc::c_long) -> Result<libc::c_long, Errno> {
    if ret == -1 { Err(Errno::last()) } else { Ok(ret) }
}

/// Attaches to `pid` without stopping it, as with `ptrace(PTRACE_SEIZE, ...)`.
pub fn seize(pid: i32, options: libc::c_int) -> Result<(), Errno> {
    // SAFETY: PTRACE_SEIZE takes the options in `data` and no pointers.
    check(unsafe { libc::ptrace(libc::PTRACE_SEIZE, pid, 0, options as libc::c_long) }).map(drop)
}

/// How to resume a stopped tracee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resume {
    /// Until the next system call entry or exit (PTRACE_SYSCALL).
    Syscall,
    /// Until the next seccomp stop, signal or event (PTRACE_CONT).
    Cont,
    /// Stay in group-stop, but report when continued (PTRACE_LISTEN).
    Listen,
}

/// Resumes `tid`, delivering signal `sig` (0 for none).
pub fn resume(tid: i32, how: Resume, sig: i32) -> Result<(), Errno> {
    let req = match how {
        Resume::Syscall => libc::PTRACE_SYSCALL,
        Resume::Cont => libc::PTRACE_CONT,
        Resume::Listen => libc::PTRACE_LISTEN,
    };
    // SAFETY: these requests take a signal number in `data` and no pointers.
    check(unsafe { libc::ptrace(req, tid, 0, sig as libc::c_long) }).map(drop)
}

/// The message of the last ptrace event (a new child's id, a former thread
/// id, an exit status), as with `ptrace(PTRACE_GETEVENTMSG, ...)`.
pub fn event_msg(tid: i32) -> Result<u64, Errno> {
    let mut msg: libc::c_ulong = 0;
    // SAFETY: the kernel writes one unsigned long to `msg`.
    check(unsafe { libc::ptrace(libc::PTRACE_GETEVENTMSG, tid, 0, &mut msg as *mut libc::c_ulong) })?;
    Ok(msg as u64)
}

/// The siginfo of the signal `tid` is stopped for.
pub fn siginfo(tid: i32) -> Result<libc::siginfo_t, Errno> {
    nix::sys::ptrace::getsiginfo(nix::unistd::Pid::from_raw(tid))
}

/// What PTRACE_GET_SYSCALL_INFO says about a syscall stop.
#[derive(Debug, Clone, Copy)]
pub enum SyscallStop {
    /// Entering a call (a syscall-entry-stop, or a seccomp stop), with the
    /// stack pointer (rt_sigreturn's frame is there).
    Entry { arch: u32, nr: u64, args: [u64; 6], sp: u64 },
    /// Leaving a call with this return value.
    Exit { rval: i64 },
    /// Not a syscall stop after all.
    None,
}

/// Reads the call `tid` is stopped in.
pub fn syscall_info(tid: i32) -> Result<SyscallStop, Errno> {
    let info = nix::sys::ptrace::syscall_info(nix::unistd::Pid::from_raw(tid))?;
    // SAFETY: `op` says which member of the union the kernel filled.
    unsafe {
        Ok(match info.op {
            libc::PTRACE_SYSCALL_INFO_ENTRY => {
                let e = info.u.entry;
                SyscallStop::Entry { arch: info.arch, nr: e.nr, args: e.args, sp: info.stack_pointer }
            }
            libc::PTRACE_SYSCALL_INFO_SECCOMP => {
                let s = info.u.seccomp;
                SyscallStop::Entry { arch: info.arch, nr: s.nr, args: s.args, sp: info.stack_pointer }
            }
            libc::PTRACE_SYSCALL_INFO_EXIT => SyscallStop::Exit { rval: info.u.exit.sval },
            _ => SyscallStop::None,
        })
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
    let mut status = 0;
    // SAFETY: the kernel writes the status to `status`.
    let pid = unsafe { libc::waitpid(-1, &mut status, libc::__WALL | libc::__WNOTHREAD) };
    if pid == -1 {
        return Err(Errno::last());
    }
    Ok((pid, Status::from_raw(status)))
}

/// Waits for `pid` to stop or end, as with `waitpid(pid, &status, WSTOPPED)`.
pub fn wait_stopped(pid: i32) -> Result<Status, Errno> {
    let mut status = 0;
    loop {
        // SAFETY: the kernel writes the status to `status`.
        let r = unsafe { libc::waitpid(pid, &mut status, libc::WSTOPPED) };
        if r == pid {
            return Ok(Status::from_raw(status));
        }
        let e = Errno::last();
        if e != Errno::EINTR {
            return Err(e);
        }
    }
}
