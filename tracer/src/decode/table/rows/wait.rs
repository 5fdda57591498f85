//! Waiting and time: futexes, readiness (poll, select, epoll), sleeps,
//! clocks, timers and event descriptors.

use syscalls::Sysno as S;

use super::super::super::RetKind::{Fd as RFd, Int as RInt};
use super::super::super::events::*;
use super::super::super::signals::EFD_FLAGS;
use super::super::super::spec::K::*;
use super::super::super::time::*;
use super::super::{Call, Effect as E, Family as F, Wait as W};
use super::{DESC, c, custom, spec};

#[rustfmt::skip]
pub(super) const ROWS: &[Call] = &[
    c(S::nanosleep, &[]).keeps().waits(W::Sleep).decode(spec!(RInt; "req": In(timespec), "rem": Ptr)),
    c(S::clock_nanosleep, &[]).keeps().waits(W::Sleep)
        .decode(spec!(RInt; "clockid": In(clockid), "flags": Flags(&TIMER_FLAGS), "request": In(timespec), "remain": Ptr)),
    #[cfg(target_arch = "aarch64")]
    c(S::clock_nanosleep_time64, &[]).waits(W::Sleep)
        .decode(spec!(RInt; "clockid": In(clockid), "flags": Flags(&TIMER_FLAGS), "request": In(timespec), "remain": Ptr)),
    c(S::clock_gettime, &[]).keeps().decode(spec!(RInt; "clockid": In(clockid), "tp": Out(timespec_out))),
    c(S::clock_getres, &[]).decode(spec!(RInt; "clockid": In(clockid), "res": Out(timespec_out))),
    c(S::clock_settime, &[]).decode(spec!(RInt; "clockid": In(clockid), "tp": In(timespec))),
    c(S::clock_adjtime, &[]).decode(spec!(RInt; "clockid": In(clockid), "buf": Ptr)),
    #[cfg(target_arch = "aarch64")]
    c(S::clock_gettime64, &[]).decode(spec!(RInt; "clockid": In(clockid), "tp": Out(timespec_out))),
    #[cfg(target_arch = "aarch64")]
    c(S::clock_getres_time64, &[]).decode(spec!(RInt; "clockid": In(clockid), "res": Out(timespec_out))),
    #[cfg(target_arch = "aarch64")]
    c(S::clock_settime64, &[]).decode(spec!(RInt; "clockid": In(clockid), "tp": In(timespec))),
    #[cfg(target_arch = "aarch64")]
    c(S::clock_adjtime64, &[]).decode(spec!(RInt; "clockid": In(clockid), "buf": Ptr)),
    c(S::adjtimex, &[]).decode(spec!(RInt; "buf": Ptr)),
    c(S::gettimeofday, &[]).keeps().decode(spec!(RInt; "tv": Out(timeval_out), "tz": Out(timezone_out))),
    c(S::settimeofday, &[]).decode(spec!(RInt; "tv": In(timeval_in), "tz": In(timezone_in))),
    c(S::times, &[]).decode(spec!(RInt; "buf": Out(tms_out))),
    c(S::timer_create, &[])
        .decode(spec!(RInt; "clockid": In(clockid), "sevp": In(timer_sigevent), "timerid": Out(timer_id_out))),
    c(S::timer_settime, &[])
        .decode(spec!(RInt; "timerid": Int, "flags": Flags(&TIMER_FLAGS), "new_value": In(itimerspec_in), "old_value": Out(itimerspec_out))),
    c(S::timer_gettime, &[]).decode(spec!(RInt; "timerid": Int, "curr_value": Out(itimerspec_out))),
    #[cfg(target_arch = "aarch64")]
    c(S::timer_settime64, &[])
        .decode(spec!(RInt; "timerid": Int, "flags": Flags(&TIMER_FLAGS), "new_value": In(itimerspec_in), "old_value": Out(itimerspec_out))),
    #[cfg(target_arch = "aarch64")]
    c(S::timer_gettime64, &[]).decode(spec!(RInt; "timerid": Int, "curr_value": Out(itimerspec_out))),
    c(S::timer_getoverrun, &[]).decode(spec!(RInt; "timerid": Int)),
    c(S::timer_delete, &[]).decode(spec!(RInt; "timerid": Int)),
    c(S::timerfd_create, &[]).adds().decode(spec!(RFd; "clockid": In(clockid), "flags": Flags(&TFD_FLAGS))),
    c(S::timerfd_settime, &[])
        .decode(spec!(RInt; "fd": Fd, "flags": Flags(&TFD_SETTIME_FLAGS), "new_value": In(itimerspec_in), "old_value": Out(itimerspec_out))),
    c(S::timerfd_gettime, &[]).decode(spec!(RInt; "fd": Fd, "curr_value": Out(itimerspec_out))),
    #[cfg(target_arch = "aarch64")]
    c(S::timerfd_settime64, &[])
        .decode(spec!(RInt; "fd": Fd, "flags": Flags(&TFD_SETTIME_FLAGS), "new_value": In(itimerspec_in), "old_value": Out(itimerspec_out))),
    #[cfg(target_arch = "aarch64")]
    c(S::timerfd_gettime64, &[]).decode(spec!(RInt; "fd": Fd, "curr_value": Out(itimerspec_out))),
    c(S::eventfd2, &[DESC]).adds().on(F::Event, E::Uses).decode(spec!(RFd; "initval": Uint, "flags": Flags(&EFD_FLAGS))),
    c(S::futex, &[]).keeps().on(F::Futex, E::Uses).waits(W::Futex).decode(&FUTEX),
    #[cfg(target_arch = "aarch64")]
    c(S::futex_time64, &[]).waits(W::Futex).decode(&FUTEX),
    c(S::futex_waitv, &[]).waits(W::Futex)
        .decode(spec!(RInt; "waiters": Ptr, "nr_futexes": Uint, "flags": Uint, "timeout": In(timespec), "clockid": In(clockid))),
    c(S::futex_wake, &[]).decode(spec!(RInt; "uaddr": Ptr, "mask": Hex, "nr": Int, "flags": Hex32)),
    c(S::futex_wait, &[]).waits(W::Futex)
        .decode(spec!(RInt; "uaddr": Ptr, "val": Hex, "mask": Hex, "flags": Hex32, "timeout": In(timespec), "clockid": In(clockid))),
    c(S::futex_requeue, &[]).decode(spec!(RInt; "waiters": Ptr, "flags": Hex32, "nr_wake": Int, "nr_requeue": Int)),
    c(S::ppoll, &[DESC]).keeps().waits(W::Readiness)
        .decode(spec!(RInt, then ppoll_after; "fds": In(pollfds_in), "nfds": Uint, "tmo_p": In(timespec), "sigmask": SigSet(4), "sigsetsize": Ulong)),
    #[cfg(target_arch = "aarch64")]
    c(S::ppoll_time64, &[]).waits(W::Readiness)
        .decode(spec!(RInt, then ppoll_after; "fds": In(pollfds_in), "nfds": Uint, "tmo_p": In(timespec), "sigmask": SigSet(4), "sigsetsize": Ulong)),
    c(S::pselect6, &[DESC]).keeps().waits(W::Readiness)
        .decode(spec!(RInt, then pselect6_after; "nfds": Int, "readfds": In(fd_set_in), "writefds": In(fd_set_in), "exceptfds": In(fd_set_in), "timeout": In(timespec), "sigmask": In(pselect6_sigmask))),
    #[cfg(target_arch = "aarch64")]
    c(S::pselect6_time64, &[]).waits(W::Readiness)
        .decode(spec!(RInt, then pselect6_after; "nfds": Int, "readfds": In(fd_set_in), "writefds": In(fd_set_in), "exceptfds": In(fd_set_in), "timeout": In(timespec), "sigmask": In(pselect6_sigmask))),
    c(S::epoll_create1, &[DESC]).adds().on(F::Event, E::Uses).decode(spec!(RFd; "flags": Flags(&EPOLL_CREATE_FLAGS))),
    c(S::epoll_ctl, &[DESC]).keeps().on(F::Event, E::Uses)
        .decode(spec!(RInt; "epfd": Fd, "op": Sym(&EPOLL_CTL_OPS), "fd": Fd, "event": In(epoll_event_in))),
    c(S::epoll_pwait, &[DESC]).keeps().waits(W::Readiness)
        .decode(spec!(RInt; "epfd": Fd, "events": Out(epoll_events_out), "maxevents": Int, "timeout": Int, "sigmask": SigSet(5), "sigsetsize": Ulong)),
    c(S::epoll_pwait2, &[])
        .decode(spec!(RInt; "epfd": Fd, "events": Out(epoll_events_out), "maxevents": Int, "timeout": In(timespec), "sigmask": SigSet(5), "sigsetsize": Ulong)),
    #[cfg(target_arch = "x86_64")]
    c(S::eventfd, &[]).adds().on(F::Event, E::Uses).decode(spec!(RFd; "initval": Uint)),
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
    c(S::time, &[]).keeps().decode(spec!(RInt; "tloc": Out(time_out))),
    // The old epoll calls x86_64 numbers but never implemented: the kernel
    // reads no argument and fails with ENOSYS.
    #[cfg(target_arch = "x86_64")]
    c(S::epoll_ctl_old, &[]).decode(spec!(RInt;)),
    #[cfg(target_arch = "x86_64")]
    c(S::epoll_wait_old, &[]).decode(spec!(RInt;)),
];

const FUTEX: super::super::super::spec::Decoder = custom(futex_entry, None, RInt);
