//! The rows of the call table, grouped as the decoders are: one line (or
//! two) per call, its classes first, then what it does, then its decoder.
//! A call absent here has a row of nothing known, and shows its raw
//! registers.

use syscalls::Sysno as S;

use super::super::RetKind::{self, Fd as RFd, Hex as RHex, Int as RInt, NoReturn, Oct as ROct, Signal as RSig};
use super::super::calls::*;
use super::super::events::*;
use super::super::flags::*;
use super::super::mq::*;
use super::super::net::*;
use super::super::signals::*;
use super::super::spec::{Decoder, K::*};
use super::super::system::*;
use super::{Call, Classes, Dir, Effect as E, Family as F, Wait as W};

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

const fn custom(entry: super::super::spec::EntryFn, exit: Option<super::super::spec::ExitFn>, ret: RetKind) -> Decoder {
    Decoder::Custom { entry, exit, ret }
}

const IPC: Classes = Classes::IPC;
const PIPE: Classes = Classes::PIPE;
const PROCESS: Classes = Classes::PROCESS;
const SIGNAL: Classes = Classes::SIGNAL;
const NETWORK: Classes = Classes::NETWORK;
const FILE: Classes = Classes::FILE;
const DESC: Classes = Classes::DESC;
const MEMORY: Classes = Classes::MEMORY;

/// A row for `sysno` in `classes`.
const fn c(sysno: S, classes: &[Classes]) -> Call {
    let mut call = Call::of(sysno);
    let mut i = 0;
    while i < classes.len() {
        call = call.class(classes[i]);
        i += 1;
    }
    call
}

/// Every row. One call per row; a call listed twice does not compile.
#[rustfmt::skip]
pub(super) const ROWS: &[Call] = &[
    // Descriptors and files.
    c(S::read, &[PIPE, DESC]).keeps().on(F::Descriptor, E::Uses).waits(W::Data).reads(0, Some(2))
        .decode(spec!(RInt; "fd": Fd, "buf": OutBuf, "count": Uint)),
    c(S::write, &[PIPE, DESC]).keeps().on(F::Descriptor, E::Uses).waits(W::Data).writes(0, Some(2))
        .decode(spec!(RInt; "fd": Fd, "buf": InBuf(2), "count": Uint)),
    c(S::pread64, &[DESC]).keeps().waits(W::Data).reads(0, Some(2))
        .decode(spec!(RInt; "fd": Fd, "buf": OutBuf, "count": Uint, "offset": Long)),
    c(S::pwrite64, &[DESC]).keeps().waits(W::Data).writes(0, Some(2))
        .decode(spec!(RInt; "fd": Fd, "buf": InBuf(2), "count": Uint, "offset": Long)),
    c(S::readv, &[PIPE, DESC]).keeps().on(F::Descriptor, E::Uses).waits(W::Data).reads(0, Some(2))
        .decode(spec!(RInt; "fd": Fd, "iov": Out(iovec_out), "iovcnt": Int)),
    c(S::writev, &[PIPE, DESC]).keeps().on(F::Descriptor, E::Uses).waits(W::Data).writes(0, Some(2))
        .decode(spec!(RInt; "fd": Fd, "iov": In(iovec_in), "iovcnt": Int)),
    c(S::close, &[PIPE, DESC]).replaces().on(F::Descriptor, E::Uses).decode(spec!(RInt; "fd": Fd)),
    c(S::close_range, &[DESC]).replaces().on(F::Descriptor, E::Uses)
        .decode(spec!(RInt; "first": Fd, "last": Fd, "flags": Hex)),
    c(S::dup, &[PIPE, DESC]).adds().on(F::Descriptor, E::Uses).decode(spec!(RFd; "oldfd": Fd)),
    c(S::dup3, &[PIPE, DESC]).replaces().on(F::Descriptor, E::Uses)
        .decode(spec!(RFd; "oldfd": Fd, "newfd": Fd, "flags": Flags(&FD_FLAGS))),
    c(S::openat, &[PIPE, FILE, DESC]).adds().on(F::Path, E::CreatesIf { flags_arg: 2 }).waits(W::FifoPeer)
        .decode(&OPENAT),
    c(S::lseek, &[DESC]).keeps().decode(spec!(RInt; "fd": Fd, "offset": Long, "whence": Sym(&WHENCE))),
    c(S::pipe2, &[PIPE, DESC]).adds().on(F::Pipe, E::Creates)
        .decode(spec!(RInt; "pipefd": Out(pipe_fds), "flags": Flags(&FD_FLAGS))),
    c(S::mknodat, &[PIPE, FILE]).keeps().on(F::Pipe, E::Creates)
        .decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "mode": In(mknod_mode), "dev": Hex)),
    c(S::unlinkat, &[FILE]).keeps().on(F::Path, E::Removes).renames()
        .decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "flags": Flags(&AT_FLAGS))),
    c(S::fcntl, &[DESC]).adds().on(F::Descriptor, E::Uses).waits(W::Lock).decode(&FCNTL),
    c(S::flock, &[DESC]).keeps().on(F::Lock, E::Uses).waits(W::Lock)
        .decode(spec!(RInt; "fd": Fd, "operation": Flags(&FLOCK_OPS))),
    c(S::faccessat, &[FILE]).keeps()
        .decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "mode": Flags(&ACCESS_MODES))),
    c(S::faccessat2, &[FILE]).keeps()
        .decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "mode": Flags(&ACCESS_MODES), "flags": Flags(&AT_FLAGS))),
    c(S::fstat, &[DESC]).keeps().decode(spec!(RInt; "fd": Fd, "statbuf": Out(stat_out))),
    c(S::statx, &[FILE]).keeps()
        .decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "flags": Flags(&STATX_FLAGS), "mask": Flags(&STATX_MASK), "statxbuf": Out(statx_out))),
    c(S::getdents64, &[]).keeps().decode(spec!(RInt; "fd": Fd, "dirp": Out(dirents_out), "count": Uint)),
    c(S::ioctl, &[DESC]).decode(&IOCTL),
    c(S::fsync, &[DESC]).keeps().decode(spec!(RInt; "fd": Fd)),
    c(S::fdatasync, &[]).keeps().decode(spec!(RInt; "fd": Fd)),
    c(S::syncfs, &[]).decode(spec!(RInt; "fd": Fd)),
    c(S::renameat, &[FILE]).keeps().renames()
        .decode(spec!(RInt; "olddirfd": AtFd, "oldpath": Path, "newdirfd": AtFd, "newpath": Path)),
    c(S::linkat, &[FILE]).on(F::Path, E::Creates)
        .decode(spec!(RInt; "olddirfd": AtFd, "oldpath": Path, "newdirfd": AtFd, "newpath": Path, "flags": Flags(&AT_FLAGS))),
    c(S::symlinkat, &[FILE]).decode(spec!(RInt; "target": Path, "newdirfd": AtFd, "linkpath": Path)),
    c(S::renameat2, &[FILE]).keeps().renames()
        .decode(spec!(RInt; "olddirfd": AtFd, "oldpath": Path, "newdirfd": AtFd, "newpath": Path, "flags": Flags(&RENAME_FLAGS))),
    c(S::readlinkat, &[FILE]).keeps()
        .decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "buf": Out(link_target_out), "bufsiz": Uint)),
    c(S::fchmod, &[]).decode(spec!(RInt; "fd": Fd, "mode": Mode)),
    c(S::fchmodat, &[FILE]).decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "mode": Mode)),
    c(S::fchmodat2, &[])
        .decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "mode": Mode, "flags": Flags(&AT_FLAGS))),
    c(S::umask, &[]).decode(spec!(ROct; "mask": Mode)),
    c(S::memfd_create, &[DESC, MEMORY]).adds().decode(spec!(RFd; "name": Str, "flags": Flags(&MFD_FLAGS))),
    c(S::splice, &[PIPE, DESC]).on(F::Descriptor, E::Uses)
        .decode(spec!(RInt; "fd_in": Fd, "off_in": In(offset_ref), "fd_out": Fd, "off_out": In(offset_ref), "len": Uint, "flags": Flags(&SPLICE_FLAGS))),
    c(S::tee, &[PIPE]).on(F::Descriptor, E::Uses)
        .decode(spec!(RInt; "fd_in": Fd, "fd_out": Fd, "len": Uint, "flags": Flags(&SPLICE_FLAGS))),
    c(S::sendfile, &[DESC]).decode(spec!(RInt; "out_fd": Fd, "in_fd": Fd, "offset": In(offset_ref), "count": Uint)),
    c(S::inotify_init1, &[DESC]).adds().decode(spec!(RFd; "flags": Flags(&INOTIFY_INIT_FLAGS))),
    c(S::inotify_add_watch, &[FILE]).decode(spec!(RInt; "fd": Fd, "pathname": Path, "mask": Flags(&INOTIFY_MASK))),
    c(S::inotify_rm_watch, &[]).decode(spec!(RInt; "fd": Fd, "wd": Int)),
    c(S::uname, &[]).keeps().decode(spec!(RInt; "buf": Out(utsname_out))),
    c(S::ftruncate, &[DESC]).keeps().on(F::PosixShm, E::Uses).decode(spec!(RInt; "fd": Fd, "length": Long)),
    c(S::mkdirat, &[FILE]).keeps().decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "mode": Mode)),
    c(S::getcwd, &[]).decode(spec!(RInt; "buf": Out(getcwd_buf), "size": Uint)),
    c(S::chdir, &[FILE]).decode(spec!(RInt; "path": Path)),
    // Processes.
    c(S::clone, &[PROCESS]).decode(&CLONE),
    c(S::clone3, &[PROCESS]).decode(spec!(RInt; "cl_args": In(clone3_args), "size": Uint)),
    c(S::execve, &[PROCESS, FILE]).replaces()
        .decode(spec!(RInt; "pathname": Path, "argv": In(argv), "envp": In(envp))),
    c(S::execveat, &[PROCESS, FILE]).replaces()
        .decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "argv": In(argv), "envp": In(envp), "flags": Flags(&AT_FLAGS))),
    c(S::waitid, &[PROCESS]).keeps().on(F::Process, E::Uses).waits(W::Child)
        .decode(spec!(RInt; "idtype": Sym(&ID_TYPES), "id": In(waitid_id), "infop": Out(siginfo_out), "options": Flags(&WAIT_OPTIONS), "rusage": Ptr)),
    c(S::wait4, &[PROCESS]).keeps().on(F::Process, E::Uses).waits(W::Child)
        .decode(spec!(RInt; "pid": Pid, "wstatus": Out(wait_status), "options": Flags(&WAIT_OPTIONS), "rusage": Ptr)),
    c(S::exit, &[PROCESS]).keeps().decode(spec!(NoReturn; "status": Int)),
    c(S::exit_group, &[PROCESS]).decode(spec!(NoReturn; "status": Int)),
    c(S::getpid, &[]).keeps().decode(spec!(RInt;)),
    c(S::getppid, &[]).keeps().decode(spec!(RInt;)),
    c(S::gettid, &[]).keeps().decode(spec!(RInt;)),
    c(S::getuid, &[]).keeps().decode(spec!(RInt;)),
    c(S::geteuid, &[]).keeps().decode(spec!(RInt;)),
    c(S::getgid, &[]).keeps().decode(spec!(RInt;)),
    c(S::getegid, &[]).keeps().decode(spec!(RInt;)),
    c(S::sched_yield, &[]).keeps().decode(spec!(RInt;)),
    c(S::setsid, &[PROCESS]).decode(spec!(RInt;)),
    c(S::set_tid_address, &[]).keeps().decode(spec!(RInt; "tidptr": Ptr)),
    c(S::setpgid, &[PROCESS]).decode(spec!(RInt; "pid": Pid, "pgid": Pid)),
    c(S::getpgid, &[]).keeps().decode(spec!(RInt; "pid": Pid)),
    c(S::getsid, &[]).keeps().decode(spec!(RInt; "pid": Pid)),
    c(S::prlimit64, &[]).keeps()
        .decode(spec!(RInt; "pid": Pid, "resource": Sym(&RLIMITS), "new_limit": In(rlimit_in), "old_limit": Out(rlimit_out))),
    c(S::getrlimit, &[]).decode(spec!(RInt; "resource": Sym(&RLIMITS), "rlim": Out(rlimit_out))),
    c(S::setrlimit, &[]).decode(spec!(RInt; "resource": Sym(&RLIMITS), "rlim": In(rlimit_in))),
    c(S::sched_getaffinity, &[]).decode(spec!(RInt; "pid": Pid, "cpusetsize": Uint, "mask": Out(cpu_mask_out))),
    c(S::sched_setaffinity, &[]).decode(spec!(RInt; "pid": Pid, "cpusetsize": Uint, "mask": In(cpu_mask_in))),
    c(S::set_robust_list, &[]).keeps().decode(spec!(RInt; "head": Ptr, "len": Uint)),
    c(S::rseq, &[]).keeps().decode(spec!(RInt; "rseq": Ptr, "rseq_len": Hex, "flags": Int, "sig": Hex)),
    c(S::prctl, &[])
        .decode(spec!(RInt; "option": In(prctl_option), "arg2": In(prctl_arg2), "arg3": Hex, "arg4": Hex, "arg5": Hex)),
    // System V IPC.
    c(S::msgget, &[IPC]).keeps().on(F::SysvMsg, E::Creates)
        .decode(spec!(RInt; "key": In(ipc_key), "msgflg": Flags(&IPC_GET_FLAGS))),
    c(S::msgsnd, &[IPC]).keeps().on(F::SysvMsg, E::Uses).waits(W::SysvMessage(Dir::Out))
        .decode(spec!(RInt; "msqid": Int, "msgp": In(msgbuf_in), "msgsz": Uint, "msgflg": Flags(&MSG_FLAGS))),
    c(S::msgrcv, &[IPC]).keeps().on(F::SysvMsg, E::Uses).waits(W::SysvMessage(Dir::In)).decode(&MSGRCV),
    c(S::msgctl, &[IPC]).keeps().on(F::SysvMsg, E::Controls).decode(&MSGCTL),
    c(S::shmget, &[IPC]).keeps().on(F::SysvShm, E::Creates)
        .decode(spec!(RInt; "key": In(ipc_key), "size": Uint, "shmflg": Flags(&SHMGET_FLAGS))),
    c(S::shmat, &[IPC, MEMORY]).keeps().on(F::SysvShm, E::Uses)
        .decode(spec!(RHex; "shmid": Int, "shmaddr": Ptr, "shmflg": Flags(&SHMAT_FLAGS))),
    c(S::shmdt, &[IPC, MEMORY]).keeps().on(F::SysvShm, E::Uses).decode(spec!(RInt; "shmaddr": Ptr)),
    c(S::shmctl, &[IPC]).keeps().on(F::SysvShm, E::Controls).decode(&SHMCTL),
    c(S::semget, &[IPC]).keeps().on(F::SysvSem, E::Creates)
        .decode(spec!(RInt; "key": In(ipc_key), "nsems": Int, "semflg": Flags(&IPC_GET_FLAGS))),
    c(S::semop, &[IPC]).keeps().on(F::SysvSem, E::Uses).waits(W::Semaphore)
        .decode(spec!(RInt; "semid": Int, "sops": In(sembufs), "nsops": Uint)),
    c(S::semtimedop, &[IPC]).keeps().on(F::SysvSem, E::Uses).waits(W::Semaphore)
        .decode(spec!(RInt; "semid": Int, "sops": In(sembufs), "nsops": Uint, "timeout": In(timespec))),
    c(S::semctl, &[IPC]).keeps().on(F::SysvSem, E::Controls).decode(&SEMCTL),
    // POSIX message queues.
    c(S::mq_open, &[IPC, DESC]).adds().on(F::PosixMq, E::Creates).decode(&MQ_OPEN),
    c(S::mq_unlink, &[IPC]).keeps().on(F::PosixMq, E::Removes).decode(spec!(RInt; "name": Path)),
    c(S::mq_timedsend, &[IPC, DESC]).keeps().on(F::PosixMq, E::Uses).waits(W::PosixMessage(Dir::Out))
        .decode(spec!(RInt; "mqdes": Fd, "msg_ptr": InBuf(2), "msg_len": Uint, "msg_prio": Uint, "abs_timeout": In(timespec))),
    c(S::mq_timedreceive, &[IPC, DESC]).keeps().on(F::PosixMq, E::Uses).waits(W::PosixMessage(Dir::In))
        .decode(spec!(RInt; "mqdes": Fd, "msg_ptr": OutBuf, "msg_len": Uint, "msg_prio": Out(msg_prio_out), "abs_timeout": In(timespec))),
    c(S::mq_notify, &[IPC]).keeps().on(F::PosixMq, E::Uses).decode(spec!(RInt; "mqdes": Fd, "sevp": In(sigevent))),
    c(S::mq_getsetattr, &[IPC]).keeps().on(F::PosixMq, E::Uses)
        .decode(spec!(RInt; "mqdes": Fd, "newattr": In(mq_attr_in), "oldattr": Out(mq_attr_out))),
    // Signals.
    c(S::kill, &[PROCESS, SIGNAL]).keeps().on(F::Signal, E::Uses).decode(spec!(RInt; "pid": Pid, "sig": Signal)),
    c(S::tkill, &[PROCESS, SIGNAL]).keeps().on(F::Signal, E::Uses).decode(spec!(RInt; "tid": Pid, "sig": Signal)),
    c(S::tgkill, &[PROCESS, SIGNAL]).keeps().on(F::Signal, E::Uses)
        .decode(spec!(RInt; "tgid": Pid, "tid": Pid, "sig": Signal)),
    c(S::rt_sigaction, &[SIGNAL]).keeps().on(F::Signal, E::Uses)
        .decode(spec!(RInt; "signum": Signal, "act": In(sigaction_in), "oldact": Out(sigaction_out), "sigsetsize": Uint)),
    c(S::rt_sigprocmask, &[SIGNAL]).keeps().on(F::Signal, E::Uses)
        .decode(spec!(RInt; "how": Sym(&SIGPROCMASK_HOW), "set": In(sigset_in), "oldset": Out(sigset_out), "sigsetsize": Uint)),
    c(S::rt_sigsuspend, &[SIGNAL]).keeps().waits(W::Signal)
        .decode(spec!(RInt; "mask": In(sigset_in), "sigsetsize": Uint)),
    c(S::rt_sigreturn, &[SIGNAL]).keeps().decode(&RT_SIGRETURN),
    c(S::rt_sigpending, &[SIGNAL]).keeps().decode(spec!(RInt; "set": Out(sigset_out), "sigsetsize": Uint)),
    c(S::rt_sigtimedwait, &[SIGNAL]).keeps().on(F::Signal, E::Uses).waits(W::Signal)
        .decode(spec!(RSig; "set": In(sigset_in), "info": Out(siginfo_out), "timeout": In(timespec), "sigsetsize": Uint)),
    c(S::rt_sigqueueinfo, &[SIGNAL]).keeps().on(F::Signal, E::Uses)
        .decode(spec!(RInt; "tgid": Pid, "sig": Signal, "info": In(siginfo_in))),
    c(S::rt_tgsigqueueinfo, &[SIGNAL]).on(F::Signal, E::Uses)
        .decode(spec!(RInt; "tgid": Pid, "tid": Pid, "sig": Signal, "info": In(siginfo_in))),
    c(S::sigaltstack, &[SIGNAL]).keeps().decode(spec!(RInt; "ss": In(stack_in), "old_ss": Out(stack_out))),
    c(S::signalfd4, &[SIGNAL, DESC]).adds().on(F::Event, E::Uses)
        .decode(spec!(RFd; "fd": Fd, "mask": In(sigset_in), "sizemask": Uint, "flags": Flags(&SFD_FLAGS))),
    c(S::setitimer, &[SIGNAL])
        .decode(spec!(RInt; "which": Sym(&ITIMERS), "new_value": In(itimerval_in), "old_value": Out(itimerval_out))),
    c(S::getitimer, &[]).decode(spec!(RInt; "which": Sym(&ITIMERS), "curr_value": Out(itimerval_out))),
    // Sockets.
    c(S::socket, &[NETWORK, DESC]).adds().on(F::Socket, E::Creates)
        .decode(spec!(RFd; "domain": Sym(&ADDRESS_FAMILIES), "type": In(socket_type), "protocol": In(socket_protocol))),
    c(S::socketpair, &[NETWORK, DESC]).adds().on(F::Socket, E::Creates)
        .decode(spec!(RInt; "domain": Sym(&ADDRESS_FAMILIES), "type": In(socket_type), "protocol": In(socket_protocol), "sv": Out(pipe_fds))),
    c(S::bind, &[NETWORK]).keeps().on(F::Socket, E::Creates)
        .decode(spec!(RInt; "sockfd": Fd, "addr": In(sockaddr_len2), "addrlen": Uint)),
    c(S::connect, &[NETWORK]).keeps().on(F::Socket, E::Uses)
        .decode(spec!(RInt; "sockfd": Fd, "addr": In(sockaddr_len2), "addrlen": Uint)),
    c(S::listen, &[NETWORK]).keeps().on(F::Socket, E::Uses).decode(spec!(RInt; "sockfd": Fd, "backlog": Int)),
    c(S::accept, &[NETWORK, DESC]).adds().on(F::Socket, E::Creates).waits(W::Connection)
        .decode(spec!(RFd; "sockfd": Fd, "addr": Out(sockaddr_out_len2), "addrlen": Out(socklen_out))),
    c(S::accept4, &[NETWORK, DESC]).adds().on(F::Socket, E::Creates).waits(W::Connection)
        .decode(spec!(RFd; "sockfd": Fd, "addr": Out(sockaddr_out_len2), "addrlen": Out(socklen_out), "flags": Flags(&SOCK_FLAGS))),
    c(S::getsockname, &[NETWORK]).keeps()
        .decode(spec!(RInt; "sockfd": Fd, "addr": Out(sockaddr_out_len2), "addrlen": Out(socklen_out))),
    c(S::getpeername, &[NETWORK]).keeps()
        .decode(spec!(RInt; "sockfd": Fd, "addr": Out(sockaddr_out_len2), "addrlen": Out(socklen_out))),
    c(S::sendto, &[NETWORK]).keeps().on(F::Descriptor, E::Uses).waits(W::Data).writes(0, Some(2))
        .decode(spec!(RInt; "sockfd": Fd, "buf": InBuf(2), "len": Uint, "flags": Flags(&MSG_IO_FLAGS), "dest_addr": In(sockaddr_len5), "addrlen": Uint)),
    c(S::recvfrom, &[NETWORK]).keeps().on(F::Descriptor, E::Uses).waits(W::Data).reads(0, Some(2))
        .decode(spec!(RInt; "sockfd": Fd, "buf": OutBuf, "len": Uint, "flags": Flags(&MSG_IO_FLAGS), "src_addr": Out(sockaddr_out_len5), "addrlen": Out(socklen_out))),
    c(S::sendmsg, &[NETWORK]).keeps().on(F::Descriptor, E::Uses).waits(W::Data).writes(0, None)
        .decode(spec!(RInt; "sockfd": Fd, "msg": In(msghdr_in), "flags": Flags(&MSG_IO_FLAGS))),
    c(S::recvmsg, &[NETWORK]).adds().on(F::Descriptor, E::Uses).waits(W::Data).reads(0, None)
        .decode(spec!(RInt; "sockfd": Fd, "msg": Out(msghdr_out), "flags": Flags(&MSG_IO_FLAGS))),
    c(S::sendmmsg, &[NETWORK]).keeps().on(F::Descriptor, E::Uses)
        .decode(spec!(RInt; "sockfd": Fd, "msgvec": In(mmsghdrs_in), "vlen": Uint, "flags": Flags(&MSG_IO_FLAGS))),
    c(S::recvmmsg, &[NETWORK]).adds().on(F::Descriptor, E::Uses)
        .decode(spec!(RInt; "sockfd": Fd, "msgvec": Out(mmsghdrs_out), "vlen": Uint, "flags": Flags(&MSG_IO_FLAGS), "timeout": In(timespec))),
    c(S::shutdown, &[NETWORK]).keeps().on(F::Socket, E::Uses)
        .decode(spec!(RInt; "sockfd": Fd, "how": Sym(&SHUTDOWN_HOW))),
    c(S::setsockopt, &[NETWORK]).keeps()
        .decode(spec!(RInt; "sockfd": Fd, "level": In(sockopt_level), "optname": In(sockopt_name), "optval": In(optval_in), "optlen": Uint)),
    c(S::getsockopt, &[NETWORK]).keeps()
        .decode(spec!(RInt; "sockfd": Fd, "level": In(sockopt_level), "optname": In(sockopt_name), "optval": Out(optval_out), "optlen": Out(socklen_out))),
    // Memory and waiting.
    c(S::mmap, &[MEMORY]).keeps().on(F::PosixShm, E::Uses)
        .decode(spec!(RHex; "addr": Ptr, "length": Uint, "prot": Flags(&PROT_FLAGS), "flags": Flags(&MAP_FLAGS), "fd": Fd, "offset": Hex)),
    c(S::munmap, &[MEMORY]).keeps().on(F::PosixShm, E::Unmaps)
        .decode(spec!(RInt; "addr": Ptr, "length": Uint)),
    c(S::mprotect, &[MEMORY]).keeps().decode(spec!(RInt; "addr": Ptr, "length": Uint, "prot": Flags(&PROT_FLAGS))),
    c(S::mremap, &[MEMORY]).keeps()
        .decode(spec!(RHex; "old_address": Ptr, "old_size": Uint, "new_size": Uint, "flags": Flags(&MREMAP_FLAGS), "new_address": Ptr)),
    c(S::madvise, &[MEMORY]).keeps().decode(spec!(RInt; "addr": Ptr, "length": Uint, "advice": Sym(&MADVICE))),
    c(S::msync, &[MEMORY]).decode(spec!(RInt; "addr": Ptr, "length": Uint, "flags": Flags(&MSYNC_FLAGS))),
    c(S::getrandom, &[]).keeps().decode(spec!(RInt; "buf": OutBuf, "buflen": Uint, "flags": Flags(&GRND_FLAGS))),
    c(S::brk, &[MEMORY]).keeps().decode(spec!(RHex; "addr": Ptr)),
    c(S::nanosleep, &[]).keeps().waits(W::Sleep).decode(spec!(RInt; "req": In(timespec), "rem": Ptr)),
    c(S::clock_nanosleep, &[]).keeps().waits(W::Sleep)
        .decode(spec!(RInt; "clockid": Sym(&CLOCKS), "flags": Hex, "request": In(timespec), "remain": Ptr)),
    c(S::eventfd2, &[DESC]).adds().on(F::Event, E::Uses).decode(spec!(RFd; "initval": Uint, "flags": Flags(&EFD_FLAGS))),
    c(S::futex, &[]).keeps().on(F::Futex, E::Uses).waits(W::Futex).decode(&FUTEX),
    c(S::ppoll, &[DESC]).keeps().waits(W::Readiness)
        .decode(spec!(RInt, then ppoll_after; "fds": In(pollfds_in), "nfds": Uint, "tmo_p": In(timespec), "sigmask": In(sigset_in), "sigsetsize": Uint)),
    c(S::pselect6, &[DESC]).keeps().waits(W::Readiness)
        .decode(spec!(RInt, then pselect6_after; "nfds": Int, "readfds": In(fd_set_in), "writefds": In(fd_set_in), "exceptfds": In(fd_set_in), "timeout": In(timespec), "sigmask": In(pselect6_sigmask))),
    c(S::epoll_create1, &[DESC]).adds().on(F::Event, E::Uses).decode(spec!(RFd; "flags": Flags(&EPOLL_CREATE_FLAGS))),
    c(S::epoll_ctl, &[DESC]).keeps().on(F::Event, E::Uses)
        .decode(spec!(RInt; "epfd": Fd, "op": Sym(&EPOLL_CTL_OPS), "fd": Fd, "event": In(epoll_event_in))),
    c(S::epoll_pwait, &[DESC]).keeps().waits(W::Readiness)
        .decode(spec!(RInt; "epfd": Fd, "events": Out(epoll_events_out), "maxevents": Int, "timeout": Int, "sigmask": In(sigset_in), "sigsetsize": Uint)),
    c(S::epoll_pwait2, &[])
        .decode(spec!(RInt; "epfd": Fd, "events": Out(epoll_events_out), "maxevents": Int, "timeout": In(timespec), "sigmask": In(sigset_in), "sigsetsize": Uint)),
    // Calls only some architectures have: the legacy forms x86_64 kept and newer
    // architectures dropped for their *at variants.
    #[cfg(target_arch = "x86_64")]
    c(S::open, &[PIPE, FILE, DESC]).adds().on(F::Path, E::CreatesIf { flags_arg: 1 }).waits(W::FifoPeer)
        .decode(&OPEN),
    #[cfg(target_arch = "x86_64")]
    c(S::creat, &[FILE]).adds().on(F::Path, E::Opens).decode(spec!(RFd; "pathname": Path, "mode": Mode)),
    #[cfg(target_arch = "x86_64")]
    c(S::pipe, &[PIPE, DESC]).adds().on(F::Pipe, E::Creates).decode(spec!(RInt; "pipefd": Out(pipe_fds))),
    #[cfg(target_arch = "x86_64")]
    c(S::dup2, &[PIPE, DESC]).replaces().on(F::Descriptor, E::Uses).decode(spec!(RFd; "oldfd": Fd, "newfd": Fd)),
    #[cfg(target_arch = "x86_64")]
    c(S::mknod, &[PIPE, FILE]).on(F::Pipe, E::Creates)
        .decode(spec!(RInt; "pathname": Path, "mode": In(mknod_mode), "dev": Hex)),
    #[cfg(target_arch = "x86_64")]
    c(S::stat, &[FILE]).keeps().decode(spec!(RInt; "pathname": Path, "statbuf": Out(stat_out))),
    #[cfg(target_arch = "x86_64")]
    c(S::lstat, &[FILE]).keeps().decode(spec!(RInt; "pathname": Path, "statbuf": Out(stat_out))),
    #[cfg(target_arch = "x86_64")]
    c(S::rename, &[FILE]).renames().decode(spec!(RInt; "oldpath": Path, "newpath": Path)),
    #[cfg(target_arch = "x86_64")]
    c(S::link, &[FILE]).on(F::Path, E::Creates).decode(spec!(RInt; "oldpath": Path, "newpath": Path)),
    #[cfg(target_arch = "x86_64")]
    c(S::symlink, &[FILE]).decode(spec!(RInt; "target": Path, "linkpath": Path)),
    #[cfg(target_arch = "x86_64")]
    c(S::readlink, &[FILE]).keeps()
        .decode(spec!(RInt; "pathname": Path, "buf": Out(link_target_out), "bufsiz": Uint)),
    #[cfg(target_arch = "x86_64")]
    c(S::chmod, &[FILE]).decode(spec!(RInt; "pathname": Path, "mode": Mode)),
    #[cfg(target_arch = "x86_64")]
    c(S::alarm, &[SIGNAL]).keeps().decode(spec!(RInt; "seconds": Uint)),
    #[cfg(target_arch = "x86_64")]
    c(S::signalfd, &[SIGNAL]).adds().on(F::Event, E::Uses).decode(spec!(RFd; "fd": Fd, "mask": In(sigset_in), "sizemask": Uint)),
    #[cfg(target_arch = "x86_64")]
    c(S::eventfd, &[]).adds().on(F::Event, E::Uses).decode(spec!(RFd; "initval": Uint)),
    #[cfg(target_arch = "x86_64")]
    c(S::inotify_init, &[]).adds().decode(spec!(RFd;)),
    #[cfg(target_arch = "x86_64")]
    c(S::epoll_create, &[]).adds().on(F::Event, E::Uses).decode(spec!(RFd; "size": Int)),
    #[cfg(target_arch = "x86_64")]
    c(S::epoll_wait, &[DESC]).keeps().waits(W::Readiness)
        .decode(spec!(RInt; "epfd": Fd, "events": Out(epoll_events_out), "maxevents": Int, "timeout": Int)),
    #[cfg(target_arch = "x86_64")]
    c(S::poll, &[DESC]).keeps().waits(W::Readiness)
        .decode(spec!(RInt, then poll_after; "fds": In(pollfds_in), "nfds": Uint, "timeout": Int)),
    #[cfg(target_arch = "x86_64")]
    c(S::select, &[DESC]).keeps().waits(W::Readiness)
        .decode(spec!(RInt, then select_after; "nfds": Int, "readfds": In(fd_set_in), "writefds": In(fd_set_in), "exceptfds": In(fd_set_in), "timeout": In(timeval_in))),
    #[cfg(target_arch = "x86_64")]
    c(S::unlink, &[FILE]).keeps().on(F::Path, E::Removes).renames().decode(spec!(RInt; "pathname": Path)),
    #[cfg(target_arch = "x86_64")]
    c(S::access, &[FILE]).keeps().decode(spec!(RInt; "pathname": Path, "mode": Flags(&ACCESS_MODES))),
    #[cfg(target_arch = "x86_64")]
    c(S::mkdir, &[FILE]).keeps().decode(spec!(RInt; "pathname": Path, "mode": Mode)),
    #[cfg(target_arch = "x86_64")]
    c(S::rmdir, &[FILE]).renames().decode(spec!(RInt; "pathname": Path)),
    #[cfg(target_arch = "x86_64")]
    c(S::fork, &[PROCESS]).decode(spec!(RInt;)),
    #[cfg(target_arch = "x86_64")]
    c(S::vfork, &[PROCESS]).decode(spec!(RInt;)),
    #[cfg(target_arch = "x86_64")]
    c(S::pause, &[SIGNAL]).keeps().waits(W::Signal).decode(spec!(RInt;)),
    #[cfg(target_arch = "x86_64")]
    c(S::getpgrp, &[]).keeps().decode(spec!(RInt;)),
    #[cfg(target_arch = "x86_64")]
    c(S::arch_prctl, &[]).decode(spec!(RInt; "code": Sym(&ARCH_PRCTL_CODES), "addr": Hex)),
    // The kernel's newfstatat, which the syscalls crate calls fstatat on aarch64.
    #[cfg(not(target_arch = "aarch64"))]
    c(S::newfstatat, &[FILE]).keeps().decode(NEWFSTATAT),
    #[cfg(target_arch = "aarch64")]
    c(S::fstatat, &[FILE]).keeps().decode(NEWFSTATAT),
    // Calls with properties and no decoder yet: shown with their raw registers.
    #[cfg(target_arch = "x86_64")]
    c(S::chown, &[FILE]),
    c(S::clock_gettime, &[]).keeps(),
    c(S::fchownat, &[FILE]),
    c(S::getrusage, &[]).keeps(),
    c(S::gettimeofday, &[]).keeps(),
    c(S::io_uring_enter, &[]).replaces(),
    c(S::io_uring_setup, &[]).adds(),
    c(S::mlock, &[MEMORY]),
    c(S::mlockall, &[MEMORY]),
    c(S::munlock, &[MEMORY]),
    c(S::munlockall, &[MEMORY]),
    c(S::openat2, &[FILE]).adds().on(F::Path, E::Opens),
    c(S::pidfd_getfd, &[]).adds(),
    c(S::pidfd_open, &[PROCESS]).adds(),
    c(S::pidfd_send_signal, &[PROCESS, SIGNAL]),
    c(S::preadv, &[]).keeps(),
    c(S::pwritev, &[]).keeps(),
    c(S::statfs, &[FILE]),
    #[cfg(target_arch = "x86_64")]
    c(S::time, &[]).keeps(),
    c(S::timerfd_create, &[]).adds(),
    c(S::truncate, &[FILE]),
    c(S::unshare, &[PROCESS]),
    c(S::userfaultfd, &[]).adds(),
    c(S::utimensat, &[FILE]),
    c(S::vmsplice, &[PIPE]).on(F::Descriptor, E::Uses),
];

/// newfstatat(2), under either name.
const NEWFSTATAT: &Decoder =
    spec!(RInt; "dirfd": AtFd, "pathname": Path, "statbuf": Out(stat_out), "flags": Flags(&AT_FLAGS));

#[cfg(target_arch = "x86_64")]
const OPEN: Decoder = custom(open_entry, None, RFd);
const RT_SIGRETURN: Decoder = custom(sigreturn_entry, None, RInt);
const OPENAT: Decoder = custom(openat_entry, None, RFd);
const FCNTL: Decoder = custom(fcntl_entry, Some(fcntl_exit), RInt);
const CLONE: Decoder = custom(clone_entry, None, RInt);
const MSGRCV: Decoder = custom(msgrcv_entry, Some(msgrcv_exit), RInt);
const SEMCTL: Decoder = custom(semctl_entry, Some(semctl_exit), RInt);
const MSGCTL: Decoder = custom(msgctl_entry, Some(msgctl_exit), RInt);
const SHMCTL: Decoder = custom(shmctl_entry, Some(shmctl_exit), RInt);
const MQ_OPEN: Decoder = custom(mq_open_entry, None, RFd);
const FUTEX: Decoder = custom(futex_entry, None, RInt);
const IOCTL: Decoder = custom(ioctl_entry, Some(ioctl_exit), RInt);
