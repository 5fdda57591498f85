//! Which decoder each system call uses. Calls absent here still appear, by
//! name, with their raw arguments.

use syscalls::Sysno;

use super::RetKind::{self, Fd as RFd, Hex as RHex, Int as RInt, NoReturn};
use super::calls::*;
use super::flags::*;
use super::spec::{Decoder, K::*};

macro_rules! spec {
    ($ret:expr; $($name:literal : $kind:expr),* $(,)?) => {
        {
            const D: Decoder = Decoder::Spec { args: &[$(($name, $kind)),*], ret: $ret };
            &D
        }
    };
}

const fn custom(entry: super::spec::EntryFn, exit: Option<super::spec::ExitFn>, ret: RetKind) -> Decoder {
    Decoder::Custom { entry, exit, ret }
}

/// The decoder of `sysno`, or None to show raw arguments.
pub fn decoder(sysno: Sysno) -> Option<&'static Decoder> {
    let d: &'static Decoder = match sysno {
        // Descriptors and files.
        Sysno::read => spec!(RInt; "fd": Fd, "buf": OutBuf, "count": Uint),
        Sysno::write => spec!(RInt; "fd": Fd, "buf": InBuf(2), "count": Uint),
        Sysno::pread64 => spec!(RInt; "fd": Fd, "buf": OutBuf, "count": Uint, "offset": Long),
        Sysno::pwrite64 => spec!(RInt; "fd": Fd, "buf": InBuf(2), "count": Uint, "offset": Long),
        Sysno::readv => spec!(RInt; "fd": Fd, "iov": Out(iovec_out), "iovcnt": Int),
        Sysno::writev => spec!(RInt; "fd": Fd, "iov": In(iovec_in), "iovcnt": Int),
        Sysno::close => spec!(RInt; "fd": Fd),
        Sysno::close_range => spec!(RInt; "first": Fd, "last": Fd, "flags": Hex),
        Sysno::dup => spec!(RFd; "oldfd": Fd),
        Sysno::dup3 => spec!(RFd; "oldfd": Fd, "newfd": Fd, "flags": Flags(&FD_FLAGS)),
        Sysno::openat => &OPENAT,
        Sysno::lseek => spec!(RInt; "fd": Fd, "offset": Long, "whence": Sym(&WHENCE)),
        Sysno::pipe2 => spec!(RInt; "pipefd": Out(pipe_fds), "flags": Flags(&FD_FLAGS)),
        Sysno::mknodat => spec!(RInt; "dirfd": AtFd, "pathname": Path, "mode": In(mknod_mode), "dev": Hex),
        Sysno::unlinkat => spec!(RInt; "dirfd": AtFd, "pathname": Path, "flags": Flags(&AT_FLAGS)),
        Sysno::fcntl => &FCNTL,
        Sysno::flock => spec!(RInt; "fd": Fd, "operation": Flags(&FLOCK_OPS)),
        Sysno::faccessat => spec!(RInt; "dirfd": AtFd, "pathname": Path, "mode": Flags(&ACCESS_MODES)),
        Sysno::faccessat2 => {
            spec!(RInt; "dirfd": AtFd, "pathname": Path, "mode": Flags(&ACCESS_MODES), "flags": Flags(&AT_FLAGS))
        }
        Sysno::newfstatat => {
            spec!(RInt; "dirfd": AtFd, "pathname": Path, "statbuf": Ptr, "flags": Flags(&AT_FLAGS))
        }
        Sysno::fstat => spec!(RInt; "fd": Fd, "statbuf": Ptr),
        Sysno::ftruncate => spec!(RInt; "fd": Fd, "length": Long),
        Sysno::mkdirat => spec!(RInt; "dirfd": AtFd, "pathname": Path, "mode": Mode),
        Sysno::getcwd => spec!(RInt; "buf": Out(getcwd_buf), "size": Uint),
        Sysno::chdir => spec!(RInt; "path": Path),

        // Processes.
        Sysno::clone => &CLONE,
        Sysno::clone3 => spec!(RInt; "cl_args": In(clone3_args), "size": Uint),
        Sysno::execve => spec!(RInt; "pathname": Path, "argv": In(argv), "envp": In(envp)),
        Sysno::execveat => {
            spec!(RInt; "dirfd": AtFd, "pathname": Path, "argv": In(argv), "envp": In(envp), "flags": Flags(&AT_FLAGS))
        }
        Sysno::wait4 => {
            spec!(RInt; "pid": Pid, "wstatus": Out(wait_status), "options": Flags(&WAIT_OPTIONS), "rusage": Ptr)
        }
        Sysno::exit => spec!(NoReturn; "status": Int),
        Sysno::exit_group => spec!(NoReturn; "status": Int),
        Sysno::getpid | Sysno::getppid | Sysno::gettid | Sysno::getuid | Sysno::geteuid => spec!(RInt;),
        Sysno::getgid | Sysno::getegid | Sysno::sched_yield | Sysno::setsid | Sysno::getpgrp => spec!(RInt;),
        Sysno::set_tid_address => spec!(RInt; "tidptr": Ptr),
        Sysno::prctl => {
            spec!(RInt; "option": In(prctl_option), "arg2": In(prctl_arg2), "arg3": Hex, "arg4": Hex, "arg5": Hex)
        }

        // System V IPC.
        Sysno::msgget => spec!(RInt; "key": In(ipc_key), "msgflg": Flags(&IPC_GET_FLAGS)),
        Sysno::msgsnd => spec!(RInt; "msqid": Int, "msgp": In(msgbuf_in), "msgsz": Uint, "msgflg": Flags(&MSG_FLAGS)),
        Sysno::msgrcv => &MSGRCV,
        Sysno::msgctl => spec!(RInt; "msqid": Int, "cmd": In(ipc_cmd), "buf": Ptr),
        Sysno::shmget => spec!(RInt; "key": In(ipc_key), "size": Uint, "shmflg": Flags(&SHMGET_FLAGS)),
        Sysno::shmat => spec!(RHex; "shmid": Int, "shmaddr": Ptr, "shmflg": Flags(&SHMAT_FLAGS)),
        Sysno::shmdt => spec!(RInt; "shmaddr": Ptr),
        Sysno::shmctl => spec!(RInt; "shmid": Int, "cmd": In(shm_cmd), "buf": Ptr),
        Sysno::semget => spec!(RInt; "key": In(ipc_key), "nsems": Int, "semflg": Flags(&IPC_GET_FLAGS)),
        Sysno::semop => spec!(RInt; "semid": Int, "sops": In(sembufs), "nsops": Uint),
        Sysno::semtimedop => {
            spec!(RInt; "semid": Int, "sops": In(sembufs), "nsops": Uint, "timeout": In(timespec))
        }
        Sysno::semctl => &SEMCTL,

        // POSIX message queues.
        Sysno::mq_unlink => spec!(RInt; "name": Str),

        // Signals.
        Sysno::kill => spec!(RInt; "pid": Pid, "sig": Signal),
        Sysno::tkill => spec!(RInt; "tid": Pid, "sig": Signal),
        Sysno::tgkill => spec!(RInt; "tgid": Pid, "tid": Pid, "sig": Signal),
        Sysno::rt_sigaction => {
            spec!(RInt; "signum": Signal, "act": In(sigaction_in), "oldact": Out(sigaction_out), "sigsetsize": Uint)
        }
        Sysno::rt_sigprocmask => {
            spec!(RInt; "how": Sym(&SIGPROCMASK_HOW), "set": In(sigset_in), "oldset": Out(sigset_out), "sigsetsize": Uint)
        }
        Sysno::rt_sigsuspend => spec!(RInt; "mask": In(sigset_in), "sigsetsize": Uint),
        Sysno::rt_sigreturn => spec!(RInt;),

        // Memory and waiting.
        Sysno::mmap => {
            spec!(RHex; "addr": Ptr, "length": Uint, "prot": Flags(&PROT_FLAGS), "flags": Flags(&MAP_FLAGS), "fd": Fd, "offset": Hex)
        }
        Sysno::munmap => spec!(RInt; "addr": Ptr, "length": Uint),
        Sysno::mprotect => spec!(RInt; "addr": Ptr, "length": Uint, "prot": Flags(&PROT_FLAGS)),
        Sysno::brk => spec!(RHex; "addr": Ptr),
        Sysno::nanosleep => spec!(RInt; "req": In(timespec), "rem": Ptr),
        Sysno::clock_nanosleep => {
            spec!(RInt; "clockid": Sym(&CLOCKS), "flags": Hex, "request": In(timespec), "remain": Ptr)
        }
        Sysno::eventfd2 => spec!(RFd; "initval": Uint, "flags": Flags(&FD_FLAGS)),

        _ => return arch_decoder(sysno),
    };
    Some(d)
}

/// Calls that exist only on some architectures (the legacy forms that
/// x86_64 kept and newer architectures dropped for their *at variants).
#[cfg(target_arch = "x86_64")]
fn arch_decoder(sysno: Sysno) -> Option<&'static Decoder> {
    let d: &'static Decoder = match sysno {
        Sysno::open => &OPEN,
        Sysno::creat => spec!(RFd; "pathname": Path, "mode": Mode),
        Sysno::pipe => spec!(RInt; "pipefd": Out(pipe_fds)),
        Sysno::dup2 => spec!(RFd; "oldfd": Fd, "newfd": Fd),
        Sysno::mknod => spec!(RInt; "pathname": Path, "mode": In(mknod_mode), "dev": Hex),
        Sysno::unlink => spec!(RInt; "pathname": Path),
        Sysno::access => spec!(RInt; "pathname": Path, "mode": Flags(&ACCESS_MODES)),
        Sysno::mkdir => spec!(RInt; "pathname": Path, "mode": Mode),
        Sysno::rmdir => spec!(RInt; "pathname": Path),
        Sysno::fork | Sysno::vfork | Sysno::pause => spec!(RInt;),
        Sysno::arch_prctl => spec!(RInt; "code": Hex, "addr": Hex),
        _ => return None,
    };
    Some(d)
}

#[cfg(not(target_arch = "x86_64"))]
fn arch_decoder(_sysno: Sysno) -> Option<&'static Decoder> {
    None
}

static OPEN: Decoder = custom(open_entry, None, RFd);
static OPENAT: Decoder = custom(openat_entry, None, RFd);
static FCNTL: Decoder = custom(fcntl_entry, Some(fcntl_exit), RInt);
static CLONE: Decoder = custom(clone_entry, None, RInt);
static MSGRCV: Decoder = custom(msgrcv_entry, Some(msgrcv_exit), RInt);
static SEMCTL: Decoder = custom(semctl_entry, Some(semctl_exit), RInt);
