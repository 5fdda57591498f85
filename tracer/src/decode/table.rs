//! Which decoder each system call uses. Calls absent here still appear, by
//! name, with their raw arguments.

use syscalls::Sysno;

use super::RetKind::{self, Fd as RFd, Hex as RHex, Int as RInt, NoReturn, Oct as ROct, Signal as RSig};
use super::calls::*;
use super::events::*;
use super::flags::*;
use super::mq::*;
use super::net::*;
use super::signals::*;
use super::spec::{Decoder, K::*};
use super::system::*;

macro_rules! spec {
    ($ret:expr; $($name:literal : $kind:expr),* $(,)?) => {
        {
            const D: Decoder = Decoder::Spec { args: &[$(($name, $kind)),*], ret: $ret, after: None };
            &D
        }
    };
    ($ret:expr, then $after:expr; $($name:literal : $kind:expr),* $(,)?) => {
        {
            const D: Decoder = Decoder::Spec { args: &[$(($name, $kind)),*], ret: $ret, after: Some($after) };
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
        Sysno::fstat => spec!(RInt; "fd": Fd, "statbuf": Out(stat_out)),
        Sysno::statx => spec!(RInt;
            "dirfd": AtFd, "pathname": Path, "flags": Flags(&STATX_FLAGS), "mask": Flags(&STATX_MASK), "statxbuf": Out(statx_out)),
        Sysno::getdents64 => spec!(RInt; "fd": Fd, "dirp": Out(dirents_out), "count": Uint),
        Sysno::ioctl => &IOCTL,
        Sysno::fsync | Sysno::fdatasync | Sysno::syncfs => spec!(RInt; "fd": Fd),
        Sysno::renameat => spec!(RInt; "olddirfd": AtFd, "oldpath": Path, "newdirfd": AtFd, "newpath": Path),
        Sysno::linkat => spec!(RInt;
            "olddirfd": AtFd, "oldpath": Path, "newdirfd": AtFd, "newpath": Path, "flags": Flags(&AT_FLAGS)),
        Sysno::symlinkat => spec!(RInt; "target": Path, "newdirfd": AtFd, "linkpath": Path),
        Sysno::renameat2 => spec!(RInt;
            "olddirfd": AtFd, "oldpath": Path, "newdirfd": AtFd, "newpath": Path, "flags": Flags(&RENAME_FLAGS)),
        Sysno::readlinkat => {
            spec!(RInt; "dirfd": AtFd, "pathname": Path, "buf": Out(link_target_out), "bufsiz": Uint)
        }
        Sysno::fchmod => spec!(RInt; "fd": Fd, "mode": Mode),
        Sysno::fchmodat => spec!(RInt; "dirfd": AtFd, "pathname": Path, "mode": Mode),
        Sysno::fchmodat2 => spec!(RInt; "dirfd": AtFd, "pathname": Path, "mode": Mode, "flags": Flags(&AT_FLAGS)),
        Sysno::umask => spec!(ROct; "mask": Mode),
        Sysno::memfd_create => spec!(RFd; "name": Str, "flags": Flags(&MFD_FLAGS)),
        Sysno::splice => spec!(RInt;
            "fd_in": Fd, "off_in": In(offset_ref), "fd_out": Fd, "off_out": In(offset_ref), "len": Uint, "flags": Flags(&SPLICE_FLAGS)),
        Sysno::tee => spec!(RInt; "fd_in": Fd, "fd_out": Fd, "len": Uint, "flags": Flags(&SPLICE_FLAGS)),
        Sysno::sendfile => spec!(RInt; "out_fd": Fd, "in_fd": Fd, "offset": In(offset_ref), "count": Uint),
        Sysno::inotify_init1 => spec!(RFd; "flags": Flags(&INOTIFY_INIT_FLAGS)),
        Sysno::inotify_add_watch => spec!(RInt; "fd": Fd, "pathname": Path, "mask": Flags(&INOTIFY_MASK)),
        Sysno::inotify_rm_watch => spec!(RInt; "fd": Fd, "wd": Int),
        Sysno::uname => spec!(RInt; "buf": Out(utsname_out)),
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
        Sysno::waitid => spec!(RInt;
            "idtype": Sym(&ID_TYPES), "id": In(waitid_id), "infop": Out(siginfo_out), "options": Flags(&WAIT_OPTIONS), "rusage": Ptr),
        Sysno::wait4 => {
            spec!(RInt; "pid": Pid, "wstatus": Out(wait_status), "options": Flags(&WAIT_OPTIONS), "rusage": Ptr)
        }
        Sysno::exit => spec!(NoReturn; "status": Int),
        Sysno::exit_group => spec!(NoReturn; "status": Int),
        Sysno::getpid | Sysno::getppid | Sysno::gettid | Sysno::getuid | Sysno::geteuid => spec!(RInt;),
        Sysno::getgid | Sysno::getegid | Sysno::sched_yield | Sysno::setsid => spec!(RInt;),
        Sysno::set_tid_address => spec!(RInt; "tidptr": Ptr),
        Sysno::setpgid => spec!(RInt; "pid": Pid, "pgid": Pid),
        Sysno::getpgid | Sysno::getsid => spec!(RInt; "pid": Pid),
        Sysno::prlimit64 => spec!(RInt;
            "pid": Pid, "resource": Sym(&RLIMITS), "new_limit": In(rlimit_in), "old_limit": Out(rlimit_out)),
        Sysno::getrlimit => spec!(RInt; "resource": Sym(&RLIMITS), "rlim": Out(rlimit_out)),
        Sysno::setrlimit => spec!(RInt; "resource": Sym(&RLIMITS), "rlim": In(rlimit_in)),
        Sysno::sched_getaffinity => spec!(RInt; "pid": Pid, "cpusetsize": Uint, "mask": Out(cpu_mask_out)),
        Sysno::sched_setaffinity => spec!(RInt; "pid": Pid, "cpusetsize": Uint, "mask": In(cpu_mask_in)),
        Sysno::set_robust_list => spec!(RInt; "head": Ptr, "len": Uint),
        Sysno::rseq => spec!(RInt; "rseq": Ptr, "rseq_len": Hex, "flags": Int, "sig": Hex),
        Sysno::prctl => {
            spec!(RInt; "option": In(prctl_option), "arg2": In(prctl_arg2), "arg3": Hex, "arg4": Hex, "arg5": Hex)
        }

        // System V IPC.
        Sysno::msgget => spec!(RInt; "key": In(ipc_key), "msgflg": Flags(&IPC_GET_FLAGS)),
        Sysno::msgsnd => spec!(RInt; "msqid": Int, "msgp": In(msgbuf_in), "msgsz": Uint, "msgflg": Flags(&MSG_FLAGS)),
        Sysno::msgrcv => &MSGRCV,
        Sysno::msgctl => &MSGCTL,
        Sysno::shmget => spec!(RInt; "key": In(ipc_key), "size": Uint, "shmflg": Flags(&SHMGET_FLAGS)),
        Sysno::shmat => spec!(RHex; "shmid": Int, "shmaddr": Ptr, "shmflg": Flags(&SHMAT_FLAGS)),
        Sysno::shmdt => spec!(RInt; "shmaddr": Ptr),
        Sysno::shmctl => &SHMCTL,
        Sysno::semget => spec!(RInt; "key": In(ipc_key), "nsems": Int, "semflg": Flags(&IPC_GET_FLAGS)),
        Sysno::semop => spec!(RInt; "semid": Int, "sops": In(sembufs), "nsops": Uint),
        Sysno::semtimedop => {
            spec!(RInt; "semid": Int, "sops": In(sembufs), "nsops": Uint, "timeout": In(timespec))
        }
        Sysno::semctl => &SEMCTL,

        // POSIX message queues.
        Sysno::mq_open => &MQ_OPEN,
        Sysno::mq_unlink => spec!(RInt; "name": Path),
        Sysno::mq_timedsend => spec!(RInt;
            "mqdes": Fd, "msg_ptr": InBuf(2), "msg_len": Uint, "msg_prio": Uint, "abs_timeout": In(timespec)),
        Sysno::mq_timedreceive => spec!(RInt;
            "mqdes": Fd, "msg_ptr": OutBuf, "msg_len": Uint, "msg_prio": Out(msg_prio_out), "abs_timeout": In(timespec)),
        Sysno::mq_notify => spec!(RInt; "mqdes": Fd, "sevp": In(sigevent)),
        Sysno::mq_getsetattr => spec!(RInt; "mqdes": Fd, "newattr": In(mq_attr_in), "oldattr": Out(mq_attr_out)),

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
        Sysno::rt_sigreturn => &RT_SIGRETURN,
        Sysno::rt_sigpending => spec!(RInt; "set": Out(sigset_out), "sigsetsize": Uint),
        Sysno::rt_sigtimedwait => spec!(RSig;
            "set": In(sigset_in), "info": Out(siginfo_out), "timeout": In(timespec), "sigsetsize": Uint),
        Sysno::rt_sigqueueinfo => spec!(RInt; "tgid": Pid, "sig": Signal, "info": In(siginfo_in)),
        Sysno::rt_tgsigqueueinfo => spec!(RInt; "tgid": Pid, "tid": Pid, "sig": Signal, "info": In(siginfo_in)),
        Sysno::sigaltstack => spec!(RInt; "ss": In(stack_in), "old_ss": Out(stack_out)),
        Sysno::signalfd4 => spec!(RFd; "fd": Fd, "mask": In(sigset_in), "sizemask": Uint, "flags": Flags(&SFD_FLAGS)),
        Sysno::setitimer => {
            spec!(RInt; "which": Sym(&ITIMERS), "new_value": In(itimerval_in), "old_value": Out(itimerval_out))
        }
        Sysno::getitimer => spec!(RInt; "which": Sym(&ITIMERS), "curr_value": Out(itimerval_out)),

        // Sockets.
        Sysno::socket => {
            spec!(RFd; "domain": Sym(&ADDRESS_FAMILIES), "type": In(socket_type), "protocol": In(socket_protocol))
        }
        Sysno::socketpair => spec!(RInt;
            "domain": Sym(&ADDRESS_FAMILIES), "type": In(socket_type), "protocol": In(socket_protocol), "sv": Out(pipe_fds)),
        Sysno::bind => spec!(RInt; "sockfd": Fd, "addr": In(sockaddr_len2), "addrlen": Uint),
        Sysno::connect => spec!(RInt; "sockfd": Fd, "addr": In(sockaddr_len2), "addrlen": Uint),
        Sysno::listen => spec!(RInt; "sockfd": Fd, "backlog": Int),
        Sysno::accept => spec!(RFd; "sockfd": Fd, "addr": Out(sockaddr_out_len2), "addrlen": Out(socklen_out)),
        Sysno::accept4 => spec!(RFd;
            "sockfd": Fd, "addr": Out(sockaddr_out_len2), "addrlen": Out(socklen_out), "flags": Flags(&SOCK_FLAGS)),
        Sysno::getsockname | Sysno::getpeername => {
            spec!(RInt; "sockfd": Fd, "addr": Out(sockaddr_out_len2), "addrlen": Out(socklen_out))
        }
        Sysno::sendto => spec!(RInt;
            "sockfd": Fd, "buf": InBuf(2), "len": Uint, "flags": Flags(&MSG_IO_FLAGS), "dest_addr": In(sockaddr_len5), "addrlen": Uint),
        Sysno::recvfrom => spec!(RInt;
            "sockfd": Fd, "buf": OutBuf, "len": Uint, "flags": Flags(&MSG_IO_FLAGS), "src_addr": Out(sockaddr_out_len5), "addrlen": Out(socklen_out)),
        Sysno::sendmsg => spec!(RInt; "sockfd": Fd, "msg": In(msghdr_in), "flags": Flags(&MSG_IO_FLAGS)),
        Sysno::recvmsg => spec!(RInt; "sockfd": Fd, "msg": Out(msghdr_out), "flags": Flags(&MSG_IO_FLAGS)),
        Sysno::sendmmsg => {
            spec!(RInt; "sockfd": Fd, "msgvec": In(mmsghdrs_in), "vlen": Uint, "flags": Flags(&MSG_IO_FLAGS))
        }
        Sysno::recvmmsg => spec!(RInt;
            "sockfd": Fd, "msgvec": Out(mmsghdrs_out), "vlen": Uint, "flags": Flags(&MSG_IO_FLAGS), "timeout": In(timespec)),
        Sysno::shutdown => spec!(RInt; "sockfd": Fd, "how": Sym(&SHUTDOWN_HOW)),
        Sysno::setsockopt => spec!(RInt;
            "sockfd": Fd, "level": In(sockopt_level), "optname": In(sockopt_name), "optval": In(optval_in), "optlen": Uint),
        Sysno::getsockopt => spec!(RInt;
            "sockfd": Fd, "level": In(sockopt_level), "optname": In(sockopt_name), "optval": Out(optval_out), "optlen": Out(socklen_out)),

        // Memory and waiting.
        Sysno::mmap => {
            spec!(RHex; "addr": Ptr, "length": Uint, "prot": Flags(&PROT_FLAGS), "flags": Flags(&MAP_FLAGS), "fd": Fd, "offset": Hex)
        }
        Sysno::munmap => spec!(RInt; "addr": Ptr, "length": Uint),
        Sysno::mprotect => spec!(RInt; "addr": Ptr, "length": Uint, "prot": Flags(&PROT_FLAGS)),
        Sysno::mremap => spec!(RHex;
            "old_address": Ptr, "old_size": Uint, "new_size": Uint, "flags": Flags(&MREMAP_FLAGS), "new_address": Ptr),
        Sysno::madvise => spec!(RInt; "addr": Ptr, "length": Uint, "advice": Sym(&MADVICE)),
        Sysno::msync => spec!(RInt; "addr": Ptr, "length": Uint, "flags": Flags(&MSYNC_FLAGS)),
        Sysno::getrandom => spec!(RInt; "buf": OutBuf, "buflen": Uint, "flags": Flags(&GRND_FLAGS)),
        Sysno::brk => spec!(RHex; "addr": Ptr),
        Sysno::nanosleep => spec!(RInt; "req": In(timespec), "rem": Ptr),
        Sysno::clock_nanosleep => {
            spec!(RInt; "clockid": Sym(&CLOCKS), "flags": Hex, "request": In(timespec), "remain": Ptr)
        }
        Sysno::eventfd2 => spec!(RFd; "initval": Uint, "flags": Flags(&EFD_FLAGS)),
        Sysno::futex => &FUTEX,
        Sysno::ppoll => spec!(RInt, then ppoll_after;
            "fds": In(pollfds_in), "nfds": Uint, "tmo_p": In(timespec), "sigmask": In(sigset_in), "sigsetsize": Uint),
        Sysno::pselect6 => spec!(RInt, then pselect6_after;
            "nfds": Int, "readfds": In(fd_set_in), "writefds": In(fd_set_in), "exceptfds": In(fd_set_in),
            "timeout": In(timespec), "sigmask": In(pselect6_sigmask)),
        Sysno::epoll_create1 => spec!(RFd; "flags": Flags(&EPOLL_CREATE_FLAGS)),
        Sysno::epoll_ctl => spec!(RInt; "epfd": Fd, "op": Sym(&EPOLL_CTL_OPS), "fd": Fd, "event": In(epoll_event_in)),
        Sysno::epoll_pwait => spec!(RInt;
            "epfd": Fd, "events": Out(epoll_events_out), "maxevents": Int, "timeout": Int, "sigmask": In(sigset_in), "sigsetsize": Uint),
        Sysno::epoll_pwait2 => spec!(RInt;
            "epfd": Fd, "events": Out(epoll_events_out), "maxevents": Int, "timeout": In(timespec), "sigmask": In(sigset_in), "sigsetsize": Uint),

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
        Sysno::stat | Sysno::lstat => spec!(RInt; "pathname": Path, "statbuf": Out(stat_out)),
        Sysno::rename => spec!(RInt; "oldpath": Path, "newpath": Path),
        Sysno::link => spec!(RInt; "oldpath": Path, "newpath": Path),
        Sysno::symlink => spec!(RInt; "target": Path, "linkpath": Path),
        Sysno::readlink => spec!(RInt; "pathname": Path, "buf": Out(link_target_out), "bufsiz": Uint),
        Sysno::chmod => spec!(RInt; "pathname": Path, "mode": Mode),
        Sysno::alarm => spec!(RInt; "seconds": Uint),
        Sysno::signalfd => spec!(RFd; "fd": Fd, "mask": In(sigset_in), "sizemask": Uint),
        Sysno::eventfd => spec!(RFd; "initval": Uint),
        Sysno::inotify_init => spec!(RFd;),
        Sysno::epoll_create => spec!(RFd; "size": Int),
        Sysno::epoll_wait => {
            spec!(RInt; "epfd": Fd, "events": Out(epoll_events_out), "maxevents": Int, "timeout": Int)
        }
        Sysno::poll => spec!(RInt, then poll_after; "fds": In(pollfds_in), "nfds": Uint, "timeout": Int),
        Sysno::select => spec!(RInt, then select_after;
            "nfds": Int, "readfds": In(fd_set_in), "writefds": In(fd_set_in), "exceptfds": In(fd_set_in), "timeout": In(timeval_in)),
        Sysno::unlink => spec!(RInt; "pathname": Path),
        Sysno::access => spec!(RInt; "pathname": Path, "mode": Flags(&ACCESS_MODES)),
        Sysno::mkdir => spec!(RInt; "pathname": Path, "mode": Mode),
        Sysno::rmdir => spec!(RInt; "pathname": Path),
        Sysno::fork | Sysno::vfork | Sysno::pause | Sysno::getpgrp => spec!(RInt;),
        Sysno::newfstatat => NEWFSTATAT,
        Sysno::arch_prctl => spec!(RInt; "code": Sym(&ARCH_PRCTL_CODES), "addr": Hex),
        _ => return None,
    };
    Some(d)
}

#[cfg(not(target_arch = "x86_64"))]
fn arch_decoder(sysno: Sysno) -> Option<&'static Decoder> {
    match sysno {
        // The kernel's newfstatat, which the syscalls crate calls fstatat here.
        Sysno::fstatat => Some(NEWFSTATAT),
        _ => None,
    }
}

/// newfstatat(2), under either name.
const NEWFSTATAT: &Decoder =
    spec!(RInt; "dirfd": AtFd, "pathname": Path, "statbuf": Out(stat_out), "flags": Flags(&AT_FLAGS));

#[cfg(target_arch = "x86_64")]
static OPEN: Decoder = custom(open_entry, None, RFd);
static RT_SIGRETURN: Decoder = custom(sigreturn_entry, None, RInt);
static OPENAT: Decoder = custom(openat_entry, None, RFd);
static FCNTL: Decoder = custom(fcntl_entry, Some(fcntl_exit), RInt);
static CLONE: Decoder = custom(clone_entry, None, RInt);
static MSGRCV: Decoder = custom(msgrcv_entry, Some(msgrcv_exit), RInt);
static SEMCTL: Decoder = custom(semctl_entry, Some(semctl_exit), RInt);
static MSGCTL: Decoder = custom(msgctl_entry, Some(msgctl_exit), RInt);
static SHMCTL: Decoder = custom(shmctl_entry, Some(shmctl_exit), RInt);
static MQ_OPEN: Decoder = custom(mq_open_entry, None, RFd);
static FUTEX: Decoder = custom(futex_entry, None, RInt);
static IOCTL: Decoder = custom(ioctl_entry, Some(ioctl_exit), RInt);
