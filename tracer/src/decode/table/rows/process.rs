//! Processes: creating and ending them, their ids, credentials, limits,
//! scheduling, and the calls that act on another process.

use syscalls::Sysno as S;

use super::super::super::RetKind::{Fd as RFd, Hex as RHex, Int as RInt, NoReturn};
use super::super::super::creds::*;
use super::super::super::flags::*;
use super::super::super::process::*;
use super::super::super::signals::*;
use super::super::super::spec::K::*;
use super::super::super::system::*;
use super::super::super::time::timespec_out;
use super::super::{Call, Effect as E, Family as F, Wait as W};
use super::{PROCESS, SIGNAL, c, custom, spec};

#[rustfmt::skip]
pub(super) const ROWS: &[Call] = &[
    c(S::clone, &[PROCESS]).decode(&CLONE),
    c(S::clone3, &[PROCESS]).decode(spec!(RInt; "cl_args": In(clone3_args), "size": Ulong)),
    c(S::waitid, &[PROCESS]).keeps().on(F::Process, E::Uses).waits(W::Child)
        .decode(spec!(RInt; "idtype": Sym(&ID_TYPES), "id": In(waitid_id), "infop": Out(siginfo_out), "options": Flags(&WAIT_OPTIONS), "rusage": Out(rusage_out))),
    c(S::wait4, &[PROCESS]).keeps().on(F::Process, E::Uses).waits(W::Child)
        .decode(spec!(RInt; "pid": Pid, "wstatus": Out(wait_status), "options": Flags(&WAIT_OPTIONS), "rusage": Out(rusage_out))),
    c(S::exit, &[PROCESS]).keeps().decode(spec!(NoReturn; "status": Int)),
    c(S::exit_group, &[PROCESS]).decode(spec!(NoReturn; "status": Int)),
    c(S::getpid, &[]).keeps().decode(spec!(RInt;)),
    c(S::getppid, &[]).keeps().decode(spec!(RInt;)),
    c(S::gettid, &[]).keeps().decode(spec!(RInt;)),
    c(S::getuid, &[]).keeps().decode(spec!(RInt;)),
    c(S::geteuid, &[]).keeps().decode(spec!(RInt;)),
    c(S::getgid, &[]).keeps().decode(spec!(RInt;)),
    c(S::getegid, &[]).keeps().decode(spec!(RInt;)),
    c(S::setuid, &[]).decode(spec!(RInt; "uid": Uid)),
    c(S::setgid, &[]).decode(spec!(RInt; "gid": Uid)),
    c(S::setreuid, &[]).decode(spec!(RInt; "ruid": Uid, "euid": Uid)),
    c(S::setregid, &[]).decode(spec!(RInt; "rgid": Uid, "egid": Uid)),
    c(S::setresuid, &[]).decode(spec!(RInt; "ruid": Uid, "euid": Uid, "suid": Uid)),
    c(S::setresgid, &[]).decode(spec!(RInt; "rgid": Uid, "egid": Uid, "sgid": Uid)),
    c(S::getresuid, &[]).decode(spec!(RInt; "ruid": Out(id_out), "euid": Out(id_out), "suid": Out(id_out))),
    c(S::getresgid, &[]).decode(spec!(RInt; "rgid": Out(id_out), "egid": Out(id_out), "sgid": Out(id_out))),
    c(S::setfsuid, &[]).decode(spec!(RInt; "fsuid": Uid)),
    c(S::setfsgid, &[]).decode(spec!(RInt; "fsgid": Uid)),
    c(S::getgroups, &[]).decode(spec!(RInt; "size": Int, "list": Out(groups_out))),
    c(S::setgroups, &[]).decode(spec!(RInt; "size": Ulong, "list": In(groups_in))),
    c(S::capget, &[]).decode(spec!(RInt; "hdrp": In(cap_header_in), "datap": Out(cap_data_out))),
    c(S::capset, &[]).decode(spec!(RInt; "hdrp": In(cap_header_in), "datap": In(cap_data_in))),
    c(S::sched_yield, &[]).keeps().decode(spec!(RInt;)),
    c(S::setsid, &[PROCESS]).decode(spec!(RInt;)),
    c(S::set_tid_address, &[]).keeps().decode(spec!(RInt; "tidptr": Ptr)),
    c(S::setpgid, &[PROCESS]).decode(spec!(RInt; "pid": Pid, "pgid": Pid)),
    c(S::getpgid, &[]).keeps().decode(spec!(RInt; "pid": Pid)),
    c(S::getsid, &[]).keeps().decode(spec!(RInt; "pid": Pid)),
    c(S::getpriority, &[]).decode(spec!(RInt; "which": Sym(&PRIO_WHICH), "who": Int)),
    c(S::setpriority, &[]).decode(spec!(RInt; "which": Sym(&PRIO_WHICH), "who": Int, "prio": Int)),
    c(S::prlimit64, &[]).keeps()
        .decode(spec!(RInt; "pid": Pid, "resource": Sym(&RLIMITS), "new_limit": In(rlimit_in), "old_limit": Out(rlimit_out))),
    c(S::getrlimit, &[]).decode(spec!(RInt; "resource": Sym(&RLIMITS), "rlim": Out(rlimit_out))),
    c(S::setrlimit, &[]).decode(spec!(RInt; "resource": Sym(&RLIMITS), "rlim": In(rlimit_in))),
    c(S::getrusage, &[]).keeps().decode(spec!(RInt; "who": Sym(&RUSAGE_WHO), "usage": Out(rusage_out))),
    c(S::sched_getaffinity, &[]).decode(spec!(RInt; "pid": Pid, "cpusetsize": Uint, "mask": Out(cpu_mask_out))),
    c(S::sched_setaffinity, &[]).decode(spec!(RInt; "pid": Pid, "cpusetsize": Uint, "mask": In(cpu_mask_in))),
    c(S::sched_setscheduler, &[])
        .decode(spec!(RInt; "pid": Pid, "policy": In(sched_policy), "param": In(sched_param_in))),
    c(S::sched_getscheduler, &[]).decode(spec!(RInt, then sched_policy_ret; "pid": Pid)),
    c(S::sched_setparam, &[]).decode(spec!(RInt; "pid": Pid, "param": In(sched_param_in))),
    c(S::sched_getparam, &[]).decode(spec!(RInt; "pid": Pid, "param": Out(sched_param_out))),
    c(S::sched_get_priority_max, &[]).decode(spec!(RInt; "policy": In(sched_policy))),
    c(S::sched_get_priority_min, &[]).decode(spec!(RInt; "policy": In(sched_policy))),
    c(S::sched_rr_get_interval, &[]).decode(spec!(RInt; "pid": Pid, "tp": Out(timespec_out))),
    #[cfg(target_arch = "aarch64")]
    c(S::sched_rr_get_interval_time64, &[]).decode(spec!(RInt; "pid": Pid, "tp": Out(timespec_out))),
    c(S::sched_setattr, &[]).decode(spec!(RInt; "pid": Pid, "attr": Ptr, "flags": Uint)),
    c(S::sched_getattr, &[]).decode(spec!(RInt; "pid": Pid, "attr": Ptr, "size": Uint, "flags": Uint)),
    c(S::set_robust_list, &[]).keeps().decode(spec!(RInt; "head": Ptr, "len": Ulong)),
    c(S::get_robust_list, &[]).decode(spec!(RInt; "pid": Pid, "head_ptr": Ptr, "len_ptr": Ptr)),
    c(S::rseq, &[]).keeps().decode(spec!(RInt; "rseq": Ptr, "rseq_len": Hex, "flags": Int, "sig": Hex32)),
    c(S::prctl, &[]).decode(&PRCTL),
    c(S::personality, &[]).decode(spec!(RHex; "persona": Hex32)),
    c(S::unshare, &[PROCESS]).decode(spec!(RInt; "flags": Flags(&CLONE_FLAGS))),
    c(S::setns, &[]).decode(spec!(RInt; "fd": Fd, "nstype": Flags(&CLONE_FLAGS))),
    c(S::getcpu, &[]).decode(spec!(RInt; "cpu": Out(uint_out), "node": Out(uint_out))),
    c(S::pidfd_open, &[PROCESS]).adds().decode(spec!(RFd; "pid": Pid, "flags": Flags(&PIDFD_FLAGS))),
    c(S::pidfd_getfd, &[]).adds().decode(spec!(RFd; "pidfd": Fd, "targetfd": Int, "flags": Uint)),
    c(S::pidfd_send_signal, &[PROCESS, SIGNAL])
        .decode(spec!(RInt; "pidfd": Fd, "sig": Signal, "info": In(siginfo_in), "flags": Uint)),
    c(S::process_vm_readv, &[])
        .decode(spec!(RInt; "pid": Pid, "local_iov": Ptr, "liovcnt": Ulong, "remote_iov": Ptr, "riovcnt": Ulong, "flags": Ulong)),
    c(S::process_vm_writev, &[])
        .decode(spec!(RInt; "pid": Pid, "local_iov": Ptr, "liovcnt": Ulong, "remote_iov": Ptr, "riovcnt": Ulong, "flags": Ulong)),
    c(S::process_madvise, &[])
        .decode(spec!(RInt; "pidfd": Fd, "iovec": Ptr, "vlen": Ulong, "advice": Sym(&MADVICE), "flags": Uint)),
    c(S::process_mrelease, &[]).decode(spec!(RInt; "pidfd": Fd, "flags": Uint)),
    c(S::ptrace, &[]).decode(&PTRACE),
    c(S::restart_syscall, &[]).decode(spec!(RInt;)),
    #[cfg(target_arch = "x86_64")]
    c(S::fork, &[PROCESS]).decode(spec!(RInt;)),
    #[cfg(target_arch = "x86_64")]
    c(S::vfork, &[PROCESS]).decode(spec!(RInt;)),
    #[cfg(target_arch = "x86_64")]
    c(S::getpgrp, &[]).keeps().decode(spec!(RInt;)),
    #[cfg(target_arch = "x86_64")]
    c(S::arch_prctl, &[]).decode(spec!(RInt; "code": Sym(&ARCH_PRCTL_CODES), "addr": Hex)),
];

const CLONE: super::super::super::spec::Decoder = custom(clone_entry, None, RInt);
const PTRACE: super::super::super::spec::Decoder = custom(ptrace_entry, Some(ptrace_exit), RInt);
const PRCTL: super::super::super::spec::Decoder = custom(prctl_entry, Some(prctl_exit), RInt);
