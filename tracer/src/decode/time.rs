//! Time: timespecs and timevals, clocks, interval timers, POSIX timers and
//! timerfds, process times, and the timestamps utimensat sets.

use super::calls::{field, int};
use super::flags::{FlagSet, SymSet, syms};
use super::mem::Reader;
use super::mq::sigevent_value;
use super::value::Value;

fn timespec_value(t: &libc::timespec) -> Value {
    Value::Struct(vec![field("tv_sec", int(t.tv_sec)), field("tv_nsec", int(t.tv_nsec))])
}

fn timeval_value(t: &libc::timeval) -> Value {
    Value::Struct(vec![field("tv_sec", int(t.tv_sec)), field("tv_usec", int(t.tv_usec))])
}

/// `N` struct timevals at `addr`: a 32-bit program's are two 4-byte
/// fields (`old_timeval32`; its ABI has no 64-bit timeval).
fn read_timevals<const N: usize>(r: &Reader, addr: u64) -> Option<[libc::timeval; N]> {
    if !r.compat {
        return r.read::<[libc::timeval; N]>(addr);
    }
    let mut out = [libc::timeval { tv_sec: 0, tv_usec: 0 }; N];
    for (i, t) in out.iter_mut().enumerate() {
        let [s, us] = r.read::<[i32; 2]>(addr.wrapping_add(8 * i as u64))?;
        *t = libc::timeval { tv_sec: s as i64, tv_usec: us as i64 };
    }
    Some(out)
}

/// `N` struct timespecs at `addr`: of two 4-byte fields for a 32-bit
/// program's calls but the `*_time64` ones (`old_timespec32`).
fn read_timespecs<const N: usize>(r: &Reader, addr: u64) -> Option<[libc::timespec; N]> {
    if !r.time32 {
        return r.read::<[libc::timespec; N]>(addr);
    }
    let mut out = [libc::timespec { tv_sec: 0, tv_nsec: 0 }; N];
    for (i, t) in out.iter_mut().enumerate() {
        let [s, ns] = r.read::<[i32; 2]>(addr.wrapping_add(8 * i as u64))?;
        *t = libc::timespec { tv_sec: s as i64, tv_nsec: ns as i64 };
    }
    Some(out)
}

/// A clock id (`clockid_t`, an `int`): a static clock by name; a dynamic
/// one as the kernel's macros that make it, `MAKE_PROCESS_CPUCLOCK(pid,
/// CPUCLOCK_SCHED)` (what clock_getcpuclockid(3) returns),
/// `MAKE_THREAD_CPUCLOCK(tid, ...)` or `FD_TO_CLOCKID(fd)` (a PTP device):
/// the pid, thread or descriptor it names sits in its upper bits.
#[inline(never)]
pub fn clockid(_: &Reader, v: u64, _: &[u64; 6]) -> Value {
    let id = v as i32;
    if id >= 0 {
        return Value::Sym(super::flags::CLOCKS.decode(id as i64));
    }
    // The kernel's CPUCLOCK_PID and CLOCKID_TO_FD: the complement of the
    // bits above the low three.
    let owner = !(id >> 3);
    match id & 7 {
        3 => Value::Text(format!("FD_TO_CLOCKID({owner})")),
        low => {
            let maker = if low & 4 != 0 { "MAKE_THREAD_CPUCLOCK" } else { "MAKE_PROCESS_CPUCLOCK" };
            let which = match low & 3 {
                0 => "CPUCLOCK_PROF".to_string(),
                1 => "CPUCLOCK_VIRT".to_string(),
                2 => "CPUCLOCK_SCHED".to_string(),
                // 7: bits the kernel rejects (EINVAL).
                n => format!("{n} /* CPUCLOCK_??? */"),
            };
            Value::Text(format!("{maker}({owner}, {which})"))
        }
    }
}

/// A struct timespec at `addr`: `{tv_sec=1, tv_nsec=500000000}`.
pub fn timespec_at(r: &Reader, addr: u64) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    match read_timespecs::<1>(r, addr) {
        Some([t]) => timespec_value(&t),
        None => Value::Unreadable(addr),
    }
}

/// A struct timespec passed in.
#[inline(never)]
pub fn timespec(r: &Reader, addr: u64, _: &[u64; 6]) -> Value {
    timespec_at(r, addr)
}

/// A struct timespec the kernel wrote (clock_gettime, clock_getres).
#[inline(never)]
pub fn timespec_out(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    timespec_at(r, addr)
}

/// A struct timeval at `addr`.
pub fn timeval(r: &Reader, addr: u64) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    match read_timevals::<1>(r, addr) {
        Some([t]) => timeval_value(&t),
        None => Value::Unreadable(addr),
    }
}

/// A struct timeval passed in (select, settimeofday).
#[inline(never)]
pub fn timeval_in(r: &Reader, addr: u64, _: &[u64; 6]) -> Value {
    timeval(r, addr)
}

/// A struct timeval the kernel wrote (gettimeofday).
#[inline(never)]
pub fn timeval_out(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    timeval(r, addr)
}

#[cfg(target_arch = "x86_64")]
/// The two timevals of utimes(2) and futimesat(2): `[{...}, {...}]`.
pub fn timevals_in(r: &Reader, addr: u64, _: &[u64; 6]) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    match read_timevals::<2>(r, addr) {
        Some([a, m]) => Value::Array { items: vec![timeval_value(&a), timeval_value(&m)], more: false },
        None => Value::Unreadable(addr),
    }
}

/// struct timezone of gettimeofday(2) and settimeofday(2).
fn timezone(r: &Reader, addr: u64) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    match r.read::<[i32; 2]>(addr) {
        Some([west, dst]) => {
            Value::Struct(vec![field("tz_minuteswest", int(west as i64)), field("tz_dsttime", int(dst as i64))])
        }
        None => Value::Unreadable(addr),
    }
}

/// The time zone passed in.
#[inline(never)]
pub fn timezone_in(r: &Reader, addr: u64, _: &[u64; 6]) -> Value {
    timezone(r, addr)
}

/// The time zone the kernel wrote.
#[inline(never)]
pub fn timezone_out(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    timezone(r, addr)
}

/// setitimer(2)/getitimer(2) `which`.
pub static ITIMERS: SymSet = SymSet(syms!(ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF));

fn itimerval(r: &Reader, addr: u64) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    match read_timevals::<2>(r, addr) {
        Some([interval, value]) => Value::Struct(vec![
            field("it_interval", timeval_value(&interval)),
            field("it_value", timeval_value(&value)),
        ]),
        None => Value::Unreadable(addr),
    }
}

/// The new timer of setitimer(2): `{it_interval={...}, it_value={...}}`.
#[inline(never)]
pub fn itimerval_in(r: &Reader, addr: u64, _: &[u64; 6]) -> Value {
    itimerval(r, addr)
}

/// The timer setitimer(2) and getitimer(2) wrote back.
#[inline(never)]
pub fn itimerval_out(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    itimerval(r, addr)
}

fn itimerspec(r: &Reader, addr: u64) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    match read_timespecs::<2>(r, addr) {
        Some([interval, value]) => Value::Struct(vec![
            field("it_interval", timespec_value(&interval)),
            field("it_value", timespec_value(&value)),
        ]),
        None => Value::Unreadable(addr),
    }
}

/// The new setting of timer_settime(2) and timerfd_settime(2).
#[inline(never)]
pub fn itimerspec_in(r: &Reader, addr: u64, _: &[u64; 6]) -> Value {
    itimerspec(r, addr)
}

/// The setting timer_gettime(2), timerfd_gettime(2) and the *_settime
/// calls wrote back.
#[inline(never)]
pub fn itimerspec_out(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    itimerspec(r, addr)
}

/// TIMER_ABSTIME, the flag of timer_settime(2) and clock_nanosleep(2).
pub static TIMER_FLAGS: FlagSet =
    FlagSet { bits: &[(1, "TIMER_ABSTIME")], zero: Some("0"), mode_bits: false, access_mode: false };

/// timerfd_settime(2) flags.
pub static TFD_SETTIME_FLAGS: FlagSet = FlagSet {
    bits: &[(1, "TFD_TIMER_ABSTIME"), (2, "TFD_TIMER_CANCEL_ON_SET")],
    zero: Some("0"),
    mode_bits: false,
    access_mode: false,
};

/// timerfd_create(2) flags.
pub static TFD_FLAGS: FlagSet = FlagSet {
    bits: &[(libc::TFD_CLOEXEC as u64, "TFD_CLOEXEC"), (libc::TFD_NONBLOCK as u64, "TFD_NONBLOCK")],
    zero: Some("0"),
    mode_bits: false,
    access_mode: false,
};

/// The sigevent of timer_create(2): NULL means SIGALRM on expiry.
pub fn timer_sigevent(r: &Reader, addr: u64, _: &[u64; 6]) -> Value {
    sigevent_value(r, addr)
}

/// The timer id timer_create(2) wrote: `[0]`.
pub fn timer_id_out(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    match r.read::<i32>(addr) {
        Some(id) => Value::Array { items: vec![int(id as i64)], more: false },
        None => Value::Unreadable(addr),
    }
}

/// The struct tms times(2) wrote.
pub fn tms_out(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    match r.read::<[i64; 4]>(addr) {
        Some([u, s, cu, cs]) => Value::Struct(vec![
            field("tms_utime", int(u)),
            field("tms_stime", int(s)),
            field("tms_cutime", int(cu)),
            field("tms_cstime", int(cs)),
        ]),
        None => Value::Unreadable(addr),
    }
}

const UTIME_NOW: i64 = (1 << 30) - 1;
const UTIME_OMIT: i64 = (1 << 30) - 2;

/// The two timestamps of utimensat(2): `[{tv_sec=0, tv_nsec=0},
/// UTIME_NOW]`; NULL sets both to now.
pub fn utimens_in(r: &Reader, addr: u64, _: &[u64; 6]) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    let one = |t: &libc::timespec| match t.tv_nsec {
        UTIME_NOW => Value::Text("UTIME_NOW".into()),
        UTIME_OMIT => Value::Text("UTIME_OMIT".into()),
        _ => timespec_value(t),
    };
    match read_timespecs::<2>(r, addr) {
        Some([a, m]) => Value::Array { items: vec![one(&a), one(&m)], more: false },
        None => Value::Unreadable(addr),
    }
}

#[cfg(target_arch = "x86_64")]
/// The time time(2) stored at `tloc` (it also returns it).
pub fn time_out(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    match r.read::<i64>(addr) {
        Some(t) => Value::Array { items: vec![int(t)], more: false },
        None => Value::Unreadable(addr),
    }
}
