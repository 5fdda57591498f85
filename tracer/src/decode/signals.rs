//! Signal structures beyond the mask and the action: the siginfo a waiting
//! call receives or a program queues, the alternate stack, interval timers,
//! and waitid(2), whose answer is a siginfo too.

use super::RawSyscall;
use super::bytes::{KernelSigaction, StackT};
use super::calls::{field, int};
use super::flags::{FlagSet, SA_FLAGS, SymSet, syms};
use super::mem::Reader;
use super::names::{format_signal_set, si_code_name};
use super::value::{Fd, Field, Value};

/// The bytes of a siginfo that any signal uses: the header and the union's
/// first 32 bytes (the layout is the same on every 64-bit architecture).
const SIGINFO_PREFIX: usize = 48;

fn i32_at(b: &[u8], off: usize) -> i32 {
    i32::from_ne_bytes(b[off..off + 4].try_into().unwrap_or_default())
}

fn u32_at(b: &[u8], off: usize) -> u32 {
    u32::from_ne_bytes(b[off..off + 4].try_into().unwrap_or_default())
}

fn i64_at(b: &[u8], off: usize) -> i64 {
    i64::from_ne_bytes(b[off..off + 8].try_into().unwrap_or_default())
}

const SI_USER: i32 = 0;
const SI_KERNEL: i32 = 0x80;
const SI_QUEUE: i32 = -1;
const SI_TIMER: i32 = -2;
const SI_MESGQ: i32 = -3;
const SI_TKILL: i32 = -6;
const CLD_EXITED: i32 = 1;

/// A 32-bit program's siginfo (`compat_siginfo`: the union at byte 12,
/// its `long`s, pointers and clock_t 4 bytes) in the 64-bit layout.
fn compat_siginfo(c: [u8; 32]) -> [u8; SIGINFO_PREFIX] {
    let mut b = [0u8; SIGINFO_PREFIX];
    b[..12].copy_from_slice(&c[..12]);
    let (signo, code) = (i32_at(&c, 0), i32_at(&c, 8));
    let put32 =
        |b: &mut [u8; SIGINFO_PREFIX], to: usize, from: usize| b[to..to + 4].copy_from_slice(&c[from..from + 4]);
    let put_signed = |b: &mut [u8; SIGINFO_PREFIX], to: usize, from: usize| {
        b[to..to + 8].copy_from_slice(&(i32_at(&c, from) as i64).to_ne_bytes());
    };
    let fault = matches!(signo, libc::SIGSEGV | libc::SIGBUS | libc::SIGILL | libc::SIGFPE | libc::SIGTRAP);
    match (code > 0, signo) {
        (true, libc::SIGCHLD) => {
            put32(&mut b, 16, 12); // pid
            put32(&mut b, 20, 16); // uid
            put32(&mut b, 24, 20); // status
            put_signed(&mut b, 32, 24); // utime
            put_signed(&mut b, 40, 28); // stime
        }
        (true, _) if fault => put32(&mut b, 16, 12), // addr (zero-extended)
        (true, libc::SIGPOLL) => {
            put_signed(&mut b, 16, 12); // band
            put32(&mut b, 24, 16); // fd
        }
        (true, libc::SIGSYS) => {
            put32(&mut b, 16, 12); // call_addr
            put32(&mut b, 24, 16); // syscall
            put32(&mut b, 28, 20); // arch
        }
        _ => {
            // pid and uid (or timerid and overrun), then the sigval.
            put32(&mut b, 16, 12);
            put32(&mut b, 20, 16);
            put32(&mut b, 24, 20);
        }
    }
    b
}

/// A siginfo as strace prints it: the signal, the code, then the fields the
/// code says are filled in (`si_pid` and `si_uid` for a kill, `si_status`
/// for a child, `si_addr` for a fault).
pub fn siginfo(r: &Reader, addr: u64) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    let b = if r.compat { r.read::<[u8; 32]>(addr).map(compat_siginfo) } else { r.read::<[u8; SIGINFO_PREFIX]>(addr) };
    let Some(b) = b else {
        return Value::Unreadable(addr);
    };
    let (signo, code) = (i32_at(&b, 0), i32_at(&b, 8));
    if signo == 0 {
        // waitid with WNOHANG and no child ready: the kernel wrote zeros.
        return Value::Struct(Vec::new());
    }
    let mut fields = vec![
        field("si_signo", Value::Signal(signo)),
        field("si_code", Value::Text(si_code_name(signo, code).into_owned())),
    ];
    let pid_uid = |fields: &mut Vec<_>| {
        fields.push(field("si_pid", int(i32_at(&b, 16) as i64)));
        fields.push(field("si_uid", Value::Uint(u32_at(&b, 20) as u64)));
    };
    let sigval = |fields: &mut Vec<_>| {
        fields.push(field("si_int", int(i32_at(&b, 24) as i64)));
        fields.push(field("si_ptr", Value::Ptr(i64_at(&b, 24) as u64)));
    };
    match code {
        SI_USER | SI_TKILL => pid_uid(&mut fields),
        SI_QUEUE => {
            pid_uid(&mut fields);
            sigval(&mut fields);
        }
        SI_MESGQ => pid_uid(&mut fields),
        SI_TIMER => {
            fields.push(field("si_timerid", int(i32_at(&b, 16) as i64)));
            fields.push(field("si_overrun", int(i32_at(&b, 20) as i64)));
            sigval(&mut fields);
        }
        SI_KERNEL => {}
        c if c > 0 => match signo {
            libc::SIGCHLD => {
                pid_uid(&mut fields);
                let status = i32_at(&b, 24);
                let status = if code == CLD_EXITED { int(status as i64) } else { Value::Signal(status) };
                fields.push(field("si_status", status));
                fields.push(field("si_utime", int(i64_at(&b, 32))));
                fields.push(field("si_stime", int(i64_at(&b, 40))));
            }
            libc::SIGSEGV | libc::SIGBUS | libc::SIGILL | libc::SIGFPE | libc::SIGTRAP => {
                fields.push(field("si_addr", Value::Ptr(i64_at(&b, 16) as u64)));
            }
            libc::SIGPOLL => {
                fields.push(field("si_band", int(i64_at(&b, 16))));
                fields.push(field("si_fd", Value::Fd(Fd::new(i32_at(&b, 24)))));
            }
            libc::SIGSYS => {
                fields.push(field("si_call_addr", Value::Ptr(i64_at(&b, 16) as u64)));
                fields.push(field("si_syscall", int(i32_at(&b, 24) as i64)));
                fields.push(field("si_arch", Value::Hex(u32_at(&b, 28) as u64)));
            }
            _ => {}
        },
        // SI_ASYNCIO, SI_SIGIO, SI_ASYNCNL, SI_DETHREAD: sent by the kernel
        // on behalf of a process.
        _ => pid_uid(&mut fields),
    }
    Value::Struct(fields)
}

/// A siginfo the program passes in (rt_sigqueueinfo).
#[inline(never)]
pub fn siginfo_in(r: &Reader, addr: u64, _: &[u64; 6]) -> Value {
    siginfo(r, addr)
}

/// A siginfo the kernel filled (rt_sigtimedwait, waitid).
#[inline(never)]
pub fn siginfo_out(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    siginfo(r, addr)
}

// ---- waitid ------------------------------------------------------------------

/// waitid(2) `idtype`.
pub static ID_TYPES: SymSet = SymSet(syms!(P_ALL, P_PID, P_PGID, P_PIDFD));

/// waitid(2) `id`: a pidfd for P_PIDFD, else a process or group id.
pub fn waitid_id(_: &Reader, v: u64, all: &[u64; 6]) -> Value {
    if all[0] as i32 as i64 == libc::P_PIDFD as i64 { Value::Fd(Fd::new(v as i32)) } else { int(v as i32 as i64) }
}

// ---- sigaltstack -----------------------------------------------------------------

/// ss_flags of sigaltstack(2).
static SS_FLAGS: FlagSet = FlagSet {
    bits: &[
        (libc::SS_ONSTACK as u64, "SS_ONSTACK"),
        (libc::SS_DISABLE as u64, "SS_DISABLE"),
        (1 << 31, "SS_AUTODISARM"),
    ],
    zero: Some("0"),
    mode_bits: false,
    access_mode: false,
};

fn stack(r: &Reader, addr: u64) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    match r.read::<StackT>(addr) {
        Some(s) => Value::Struct(vec![
            field("ss_sp", Value::Ptr(s.sp)),
            field("ss_flags", Value::Flags(SS_FLAGS.decode(s.flags as u32 as u64))),
            field("ss_size", Value::Uint(s.size)),
        ]),
        None => Value::Unreadable(addr),
    }
}

/// The new alternate signal stack of sigaltstack(2): `{ss_sp, ss_flags, ss_size}`.
pub fn stack_in(r: &Reader, addr: u64, _: &[u64; 6]) -> Value {
    stack(r, addr)
}

/// The old alternate signal stack sigaltstack(2) wrote back.
pub fn stack_out(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    stack(r, addr)
}

// ---- signalfd, timers --------------------------------------------------------------

/// signalfd4(2) flags.
pub static SFD_FLAGS: FlagSet = FlagSet {
    bits: &[(libc::SFD_CLOEXEC as u64, "SFD_CLOEXEC"), (libc::SFD_NONBLOCK as u64, "SFD_NONBLOCK")],
    zero: Some("0"),
    mode_bits: false,
    access_mode: false,
};

/// eventfd2(2) flags.
pub static EFD_FLAGS: FlagSet = FlagSet {
    bits: &[
        (libc::EFD_CLOEXEC as u64, "EFD_CLOEXEC"),
        (libc::EFD_NONBLOCK as u64, "EFD_NONBLOCK"),
        (libc::EFD_SEMAPHORE as u64, "EFD_SEMAPHORE"),
    ],
    zero: Some("0"),
    mode_bits: false,
    access_mode: false,
};

// ---- actions, masks, sigreturn -----------------------------------------------------

fn sigaction(r: &Reader, addr: u64) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    let sa = if r.compat {
        // struct compat_sigaction: handler, flags, restorer (4 bytes each), mask.
        r.read::<[u32; 5]>(addr).map(|w| KernelSigaction {
            handler: w[0] as u64,
            flags: w[1] as u64,
            restorer: w[2] as u64,
            mask: w[3] as u64 | (w[4] as u64) << 32,
        })
    } else {
        r.read::<KernelSigaction>(addr)
    };
    let Some(sa) = sa else {
        return Value::Unreadable(addr);
    };
    let handler = match sa.handler {
        0 => Value::Text("SIG_DFL".into()),
        1 => Value::Text("SIG_IGN".into()),
        h => Value::Hex(h),
    };
    let mut fields = vec![
        field("sa_handler", handler),
        field("sa_mask", Value::Text(format_signal_set(sa.mask))),
        field("sa_flags", Value::Flags(SA_FLAGS.decode(sa.flags))),
    ];
    if sa.flags & 0x0400_0000 != 0 {
        fields.push(field("sa_restorer", Value::Hex(sa.restorer)));
    }
    Value::Struct(fields)
}

/// The new action of rt_sigaction(2).
#[inline(never)]
pub fn sigaction_in(r: &Reader, addr: u64, _: &[u64; 6]) -> Value {
    sigaction(r, addr)
}

/// The old action rt_sigaction(2) wrote back.
#[inline(never)]
pub fn sigaction_out(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    sigaction(r, addr)
}

/// rt_sigreturn(2): the signal frame it returns through, as strace shows
/// it: `{mask=[USR2 CHLD]}`, the mask the kernel restores (the one from
/// before the handler ran). The call takes no arguments; the frame is at
/// the stack pointer of its entry. Nothing is shown when that is not known.
pub fn sigreturn_entry(r: &Reader, raw: &RawSyscall) -> Vec<Field> {
    if raw.sp == 0 {
        return Vec::new();
    }
    let offset = if r.compat { crate::arch::COMPAT_SIGRETURN_MASK_OFFSET } else { crate::arch::SIGRETURN_MASK_OFFSET };
    let at = raw.sp.wrapping_add(offset);
    let frame = match r.read::<u64>(at) {
        Some(mask) => Value::Struct(vec![field("mask", Value::Text(format_signal_set(mask)))]),
        None => Value::Unreadable(at),
    };
    vec![field("frame", frame)]
}
