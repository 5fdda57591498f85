//! Signals: sending, catching, blocking, waiting for them, and alarms.

use syscalls::Sysno as S;

use super::super::super::RetKind::{Fd as RFd, Int as RInt, Signal as RSig};
use super::super::super::flags::SIGPROCMASK_HOW;
use super::super::super::signals::*;
use super::super::super::spec::K::*;
use super::super::super::time::*;
use super::super::{Call, Effect as E, Family as F, Wait as W};
use super::{DESC, PROCESS, SIGNAL, c, custom, spec};

#[rustfmt::skip]
pub(super) const ROWS: &[Call] = &[
    c(S::kill, &[PROCESS, SIGNAL]).keeps().on(F::Signal, E::Uses).decode(spec!(RInt; "pid": Pid, "sig": Signal)),
    c(S::tkill, &[PROCESS, SIGNAL]).keeps().on(F::Signal, E::Uses).decode(spec!(RInt; "tid": Pid, "sig": Signal)),
    c(S::tgkill, &[PROCESS, SIGNAL]).keeps().on(F::Signal, E::Uses)
        .decode(spec!(RInt; "tgid": Pid, "tid": Pid, "sig": Signal)),
    c(S::rt_sigaction, &[SIGNAL]).keeps().on(F::Signal, E::Uses)
        .decode(spec!(RInt; "signum": Signal, "act": In(sigaction_in), "oldact": Out(sigaction_out), "sigsetsize": Ulong)),
    c(S::rt_sigprocmask, &[SIGNAL]).keeps().on(F::Signal, E::Uses)
        .decode(spec!(RInt; "how": Sym(&SIGPROCMASK_HOW), "set": SigSet(3), "oldset": SigSetOut(3), "sigsetsize": Ulong)),
    c(S::rt_sigsuspend, &[SIGNAL]).keeps().waits(W::Signal)
        .decode(spec!(RInt; "mask": SigSet(1), "sigsetsize": Ulong)),
    c(S::rt_sigreturn, &[SIGNAL]).keeps().decode(&RT_SIGRETURN),
    c(S::rt_sigpending, &[SIGNAL]).keeps().decode(spec!(RInt; "set": SigSetOut(1), "sigsetsize": Ulong)),
    c(S::rt_sigtimedwait, &[SIGNAL]).keeps().on(F::Signal, E::Uses).waits(W::Signal)
        .decode(spec!(RSig; "set": SigSet(3), "info": Out(siginfo_out), "timeout": In(timespec), "sigsetsize": Ulong)),
    #[cfg(target_arch = "aarch64")]
    c(S::rt_sigtimedwait_time64, &[]).on(F::Signal, E::Uses).waits(W::Signal)
        .decode(spec!(RSig; "set": SigSet(3), "info": Out(siginfo_out), "timeout": In(timespec), "sigsetsize": Ulong)),
    c(S::rt_sigqueueinfo, &[SIGNAL]).keeps().on(F::Signal, E::Uses)
        .decode(spec!(RInt; "tgid": Pid, "sig": Signal, "info": In(siginfo_in))),
    c(S::rt_tgsigqueueinfo, &[SIGNAL]).on(F::Signal, E::Uses)
        .decode(spec!(RInt; "tgid": Pid, "tid": Pid, "sig": Signal, "info": In(siginfo_in))),
    c(S::sigaltstack, &[SIGNAL]).keeps().decode(spec!(RInt; "ss": In(stack_in), "old_ss": Out(stack_out))),
    c(S::signalfd4, &[SIGNAL, DESC]).adds().on(F::Event, E::Uses)
        .decode(spec!(RFd; "fd": Fd, "mask": SigSet(2), "sizemask": Ulong, "flags": Flags(&SFD_FLAGS))),
    c(S::setitimer, &[SIGNAL])
        .decode(spec!(RInt; "which": Sym(&ITIMERS), "new_value": In(itimerval_in), "old_value": Out(itimerval_out))),
    c(S::getitimer, &[]).decode(spec!(RInt; "which": Sym(&ITIMERS), "curr_value": Out(itimerval_out))),
    #[cfg(target_arch = "x86_64")]
    c(S::alarm, &[SIGNAL]).keeps().decode(spec!(RInt; "seconds": Uint)),
    #[cfg(target_arch = "x86_64")]
    c(S::signalfd, &[SIGNAL]).adds().on(F::Event, E::Uses).decode(spec!(RFd; "fd": Fd, "mask": SigSet(2), "sizemask": Ulong)),
    #[cfg(target_arch = "x86_64")]
    c(S::pause, &[SIGNAL]).keeps().waits(W::Signal).decode(spec!(RInt;)),
];

const RT_SIGRETURN: super::super::super::spec::Decoder = custom(sigreturn_entry, None, RInt);
