//! The calls of a 32-bit program on the 64-bit kernel: an i386 program on
//! x86_64 (`gcc -m32`), an arm one on aarch64 where the kernel has that ABI.
//! They have their own numbers, names and register conventions (a 64-bit
//! offset in two registers, clone's arguments in another order, System V
//! IPC and sockets through the `ipc(2)` and `socketcall(2)` multiplexers).
//!
//! Each 32-bit call is put in the shape of the native call that does the
//! same (its number, its arguments in the native registers), so everything
//! that reads calls — the call table's classes and effects, the `-e`
//! filter, the fd cache, the kernel view, the ledger, the hang report, the
//! graders — reads it as it reads a native one. What the program really
//! made is kept beside it ([`Compat`], in [`RawSyscall::compat`]); the call
//! is named as its ABI names it (`mmap2`, `_llseek`, `fstat64`), and a
//! multiplexed call by its sub-call (`msgget`, `socketpair`), as strace
//! shows them. Memory is read with the 32-bit layouts where a decoder
//! knows them (the IPC structures, messages, times, signal actions,
//! argument vectors, resource usage and limits, file status); any other structure is shown by address, never read
//! with the 64-bit layout. A call with no native counterpart (`sigaction`,
//! `statfs64`) is shown by name with its raw registers.

use std::borrow::Cow;
use std::str::FromStr;

use syscalls::Sysno;

use super::calls::{field, int};
use super::flags::WHENCE;
use super::mem::Reader;
use super::spec::{AfterFn, Decoder, InFn, K, OutFn};
use super::value::{Fd, Field, Value};
use super::{RawSyscall, Syscall};

mod layouts;
use layouts::{layout32, rlimit32_in, rlimit32_out, rlimit64_in, rlimit64_out, rusage32_out, stat64_out};

#[cfg(target_arch = "aarch64")]
pub use syscalls::arm::Sysno as CompatSysno;
#[cfg(not(target_arch = "aarch64"))]
pub use syscalls::x86::Sysno as CompatSysno;

/// A 32-bit call as the program made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Compat {
    /// Its number in the 32-bit ABI.
    pub nr: u32,
    /// Its name there (a multiplexed call's sub-call); empty for a number
    /// the ABI does not have.
    pub name: &'static str,
    /// Its six argument registers.
    pub args: [u32; 6],
    /// Its times in memory are 32-bit (all but the `*_time64` calls).
    pub time32: bool,
    /// Arguments shown: fewer than the native call's when the 32-bit call
    /// has fewer (`waitpid`, `send`, `recv`, `accept`).
    pub shown: Option<u8>,
    /// Bit i: native argument i is a 64-bit value joined from two registers
    /// (every other one is a 32-bit register, a `long` in it signed).
    pub joined: u8,
}

/// The native number given to a 32-bit call that has no native counterpart:
/// above every native number, so it selects no row and no filter entry.
pub const NO_NATIVE: u64 = 1 << 32;

/// Whether the x86 conventions apply (else arm's EABI, which puts a 64-bit
/// value in an even-odd register pair).
const X86: bool = cfg!(not(target_arch = "aarch64"));

/// The 32-bit calls whose native counterpart has another name, with how
/// their registers become the native ones.
enum Shape {
    /// Same registers.
    Same,
    /// i386's old mmap(2): its six arguments in memory.
    OldMmap,
    /// mmap2(2): the offset in 4096-byte pages.
    Mmap2,
    /// Arguments `(i, j)` swapped (clone's tls and child_tid).
    Swap(usize, usize),
    /// A 64-bit value from two registers (low, high) put at `at`, the
    /// registers after them shifted down.
    Join { at: usize, lo: usize, hi: usize },
    /// Two 64-bit values.
    Join2 { at: usize, lo: usize, hi: usize, lo2: usize, hi2: usize },
    /// waitpid(pid, status, options): wait4 without rusage.
    Waitpid,
    /// _llseek(fd, high, low, result, whence): lseek's registers, the
    /// result pointer after them.
    Llseek,
}

/// The native call a 32-bit call named `name` is traced as (`fstat64`:
/// fstat, `ugetrlimit`: getrlimit), for a filter that names it; None for
/// a name the 32-bit ABI does not have, a multiplexer, or a call with no
/// native counterpart.
pub fn native_for_name(name: &str) -> Option<Sysno> {
    let name = CompatSysno::from_str(name).ok()?.name();
    let (native, ..) = native_of(name)?;
    Sysno::from_str(native).ok()
}

/// The native name and shape of the 32-bit call `name`, and whether its
/// times are 32-bit; None when no native call does the same.
fn native_of(name: &'static str) -> Option<(&'static str, Shape, bool)> {
    use Shape::*;
    let time64 = |n: &'static str| Some((n, Same, false));
    let same = |n: &'static str| Some((n, Same, true));
    // Registers of a 64-bit value: x86 passes (low, high) where it falls;
    // arm aligns the pair to an even register.
    let (a1, a2) = if X86 { (1, 2) } else { (2, 3) };
    Some(match name {
        "ipc" | "socketcall" => return None,
        "mmap" if X86 => ("mmap", OldMmap, true),
        "mmap2" => ("mmap", Mmap2, true),
        "_llseek" => ("lseek", Llseek, true),
        "clone" => ("clone", Swap(3, 4), true),
        "waitpid" => ("wait4", Waitpid, true),
        "fstat64" => return same("fstat"),
        "stat64" => return same("stat"),
        "lstat64" => return same("lstat"),
        "fstatat64" => return same("newfstatat"),
        "fcntl64" => return same("fcntl"),
        "ugetrlimit" => return same("getrlimit"),
        "_newselect" => return same("select"),
        "sendfile64" => return same("sendfile"),
        // i386's select(2) takes its arguments in memory, and the 16-bit
        // uid calls' arrays are of 2-byte ids: shown raw.
        "select" | "getgroups" | "setgroups" | "sigaction" | "sigprocmask" | "sigsuspend" | "sigpending" => {
            return None;
        }
        // The old sigreturn(2), through the frame of a handler set without
        // SA_SIGINFO: rt_sigreturn's effect, its mask found elsewhere.
        "sigreturn" if X86 => return same("rt_sigreturn"),
        "truncate64" => ("truncate", Join { at: 1, lo: a1, hi: a2 }, true),
        "ftruncate64" => ("ftruncate", Join { at: 1, lo: a1, hi: a2 }, true),
        "pread64" | "pwrite64" => {
            let (lo, hi) = if X86 { (3, 4) } else { (4, 5) };
            (name, Join { at: 3, lo, hi }, true)
        }
        "readahead" => ("readahead", Join { at: 1, lo: a1, hi: a2 }, true),
        "fadvise64" if X86 => ("fadvise64", Join { at: 1, lo: 1, hi: 2 }, true),
        "fadvise64_64" if X86 => ("fadvise64", Join2 { at: 1, lo: 1, hi: 2, lo2: 3, hi2: 4 }, true),
        "fallocate" => ("fallocate", Join2 { at: 2, lo: 2, hi: 3, lo2: 4, hi2: 5 }, true),
        "sync_file_range" if X86 => ("sync_file_range", Join2 { at: 1, lo: 1, hi: 2, lo2: 3, hi2: 4 }, true),
        "clock_gettime64" => return time64("clock_gettime"),
        "clock_settime64" => return time64("clock_settime"),
        "clock_adjtime64" => return time64("clock_adjtime"),
        "clock_getres_time64" => return time64("clock_getres"),
        "clock_nanosleep_time64" => return time64("clock_nanosleep"),
        "timer_gettime64" => return time64("timer_gettime"),
        "timer_settime64" => return time64("timer_settime"),
        "timerfd_gettime64" => return time64("timerfd_gettime"),
        "timerfd_settime64" => return time64("timerfd_settime"),
        "utimensat_time64" => return time64("utimensat"),
        "pselect6_time64" => return time64("pselect6"),
        "ppoll_time64" => return time64("ppoll"),
        "io_pgetevents_time64" => return time64("io_pgetevents"),
        "recvmmsg_time64" => return time64("recvmmsg"),
        "mq_timedsend_time64" => return time64("mq_timedsend"),
        "mq_timedreceive_time64" => return time64("mq_timedreceive"),
        "semtimedop_time64" => return time64("semtimedop"),
        "rt_sigtimedwait_time64" => return time64("rt_sigtimedwait"),
        "futex_time64" => return time64("futex"),
        "sched_rr_get_interval_time64" => return time64("sched_rr_get_interval"),
        // getuid32, chown32, setgroups32, ...: the 4-byte-id calls.
        n if n.ends_with("32") && Sysno::from_str(&n[..n.len() - 2]).is_ok() => (&n[..n.len() - 2], Same, true),
        n => (n, Same, true),
    })
}

/// The calls of the `ipc(2)` multiplexer, by its first argument (the low
/// 16 bits; the high ones are a version).
const IPC_CALLS: &[(u32, &str)] = &[
    (1, "semop"),
    (2, "semget"),
    (3, "semctl"),
    (4, "semtimedop"),
    (11, "msgsnd"),
    (12, "msgrcv"),
    (13, "msgget"),
    (14, "msgctl"),
    (21, "shmat"),
    (22, "shmdt"),
    (23, "shmget"),
    (24, "shmctl"),
];

/// The calls of the `socketcall(2)` multiplexer: name, native name, and
/// how many 4-byte arguments it reads from memory.
const SOCKET_CALLS: [(&str, &str, usize); 20] = [
    ("socket", "socket", 3),
    ("bind", "bind", 3),
    ("connect", "connect", 3),
    ("listen", "listen", 2),
    ("accept", "accept", 3),
    ("getsockname", "getsockname", 3),
    ("getpeername", "getpeername", 3),
    ("socketpair", "socketpair", 4),
    ("send", "sendto", 4),
    ("recv", "recvfrom", 4),
    ("sendto", "sendto", 6),
    ("recvfrom", "recvfrom", 6),
    ("shutdown", "shutdown", 2),
    ("setsockopt", "setsockopt", 5),
    ("getsockopt", "getsockopt", 5),
    ("sendmsg", "sendmsg", 3),
    ("recvmsg", "recvmsg", 3),
    ("accept4", "accept4", 4),
    ("recvmmsg", "recvmmsg", 5),
    ("sendmmsg", "sendmmsg", 4),
];

/// The name of a 32-bit call, as its ABI names it.
pub fn display_name(c: Compat) -> Cow<'static, str> {
    if c.name.is_empty() { Cow::Owned(format!("syscall_{:#x}", c.nr)) } else { Cow::Borrowed(c.name) }
}

/// The 32-bit call `nr` with registers `regs`, put in native shape: the
/// native call's number and registers (or [`NO_NATIVE`] | `nr` and the
/// raw registers, when no native call does the same), the 32-bit call
/// beside them. Reads memory only for the multiplexers and i386's old
/// mmap, whose arguments are there.
pub fn translate(nr: u64, regs: [u64; 6], sp: u64, r: &Reader) -> RawSyscall {
    let a: [u32; 6] = regs.map(|v| v as u32);
    let name = CompatSysno::new(nr as usize).map_or("", |s| s.name());
    let mut compat = Compat { nr: nr as u32, name, args: a, time32: true, shown: None, joined: 0 };
    let wide = a.map(u64::from);
    let raw_only = |compat: Compat| RawSyscall { nr: NO_NATIVE | nr, args: wide, sp, compat: Some(compat) };
    let native = |n: &str, args: [u64; 6], compat: Compat| match Sysno::from_str(n) {
        Ok(s) => RawSyscall { nr: s.id() as u64, args, sp, compat: Some(compat) },
        Err(_) => raw_only(compat),
    };
    match name {
        "ipc" => return ipc(r, a, compat, sp).unwrap_or_else(|| raw_only(compat)),
        "socketcall" => return socketcall(r, a, compat, sp).unwrap_or_else(|| raw_only(compat)),
        _ => {}
    }
    let Some((target, shape, time32)) = native_of(name) else {
        return raw_only(compat);
    };
    compat.time32 = time32;
    let join = |lo: usize, hi: usize| wide[lo] | wide[hi] << 32;
    let mut args = wide;
    match shape {
        Shape::Same => {}
        Shape::OldMmap => match r.read::<[u32; 6]>(wide[0]) {
            Some(m) => args = m.map(u64::from),
            None => return raw_only(compat),
        },
        Shape::Mmap2 => args[5] = wide[5] << 12,
        Shape::Swap(i, j) => args.swap(i, j),
        Shape::Join { at, lo, hi } => {
            args[at] = join(lo, hi);
            compat.joined = 1 << at;
            let rest = hi + 1;
            for (k, slot) in args.iter_mut().enumerate().skip(at + 1) {
                *slot = wide.get(rest + k - at - 1).copied().unwrap_or(0);
            }
        }
        Shape::Join2 { at, lo, hi, lo2, hi2 } => {
            args[at] = join(lo, hi);
            args[at + 1] = join(lo2, hi2);
            compat.joined = 3 << at;
            let rest = hi2 + 1;
            for (k, slot) in args.iter_mut().enumerate().skip(at + 2) {
                *slot = wide.get(rest + k - at - 2).copied().unwrap_or(0);
            }
        }
        Shape::Waitpid => {
            args = [wide[0], wide[1], wide[2], 0, 0, 0];
            compat.shown = Some(3);
        }
        Shape::Llseek => {
            args = [wide[0], join(2, 1), wide[4], wide[3], 0, 0];
            compat.joined = 1 << 1;
        }
    }
    native(target, args, compat)
}

/// `ipc(call, first, second, third, ptr, fifth)`: the System V call it
/// makes, with its arguments where the native call has them (the kernel's
/// `compat_ksys_ipc`). None for a call number it does not know.
fn ipc(r: &Reader, a: [u32; 6], mut compat: Compat, sp: u64) -> Option<RawSyscall> {
    let (call, version) = (a[0] & 0xffff, a[0] >> 16);
    let &(_, name) = IPC_CALLS.iter().find(|(n, _)| *n == call)?;
    let w = a.map(u64::from);
    let (first, second, third, ptr, fifth) = (w[1], w[2], w[3], w[4], w[5]);
    let signed = |v: u32| v as i32 as i64 as u64;
    let args = match name {
        "semop" => [first, ptr, second, 0, 0, 0],
        "semtimedop" => [first, ptr, second, fifth, 0, 0],
        "semget" => [first, second, third, 0, 0, 0],
        // The fourth argument is the union semun's value, read from memory
        // by the kernel as by ipclab; unreadable, the kernel fails the call
        // (EFAULT) and it is shown as the ipc(2) call it is.
        "semctl" => [first, second, third, r.read::<u32>(ptr)? as u64, 0, 0],
        "msgsnd" => [first, ptr, second, third, 0, 0],
        // Version 0 passes the buffer and the type in a struct ipc_kludge.
        // Unreadable, the kernel fails the call (EFAULT): shown as ipc(2).
        "msgrcv" if version == 0 => {
            let [msgp, msgtyp] = r.read::<[u32; 2]>(ptr)?;
            [first, msgp as u64, second, signed(msgtyp), third, 0]
        }
        "msgrcv" => [first, ptr, second, signed(a[5]), third, 0],
        "msgget" => [first, second, 0, 0, 0, 0],
        "msgctl" | "shmctl" => [first, second, ptr, 0, 0, 0],
        // The address attached is written to *third, not returned: kept
        // after the native arguments for the exit ([`fix_exit`]).
        "shmat" => [first, ptr, second, third, 0, 0],
        "shmdt" => [ptr, 0, 0, 0, 0, 0],
        "shmget" => [first, second, third, 0, 0, 0],
        _ => return None,
    };
    let s = Sysno::from_str(name).ok()?;
    compat.name = name;
    Some(RawSyscall { nr: s.id() as u64, args, sp, compat: Some(compat) })
}

/// `socketcall(call, args)`: the socket call it makes, its arguments read
/// from the array of 4-byte words `args` points to. None for an unknown
/// call or an unreadable array (the kernel fails it: EINVAL, EFAULT).
fn socketcall(r: &Reader, a: [u32; 6], mut compat: Compat, sp: u64) -> Option<RawSyscall> {
    let &(name, native, count) = SOCKET_CALLS.get((a[0] as usize).checked_sub(1)?)?;
    let mut words = [0u32; 6];
    let mut buf = vec![0u8; count * 4];
    if !r.read_exact(a[1] as u64, &mut buf) {
        return None;
    }
    for (w, c) in words.iter_mut().zip(buf.chunks_exact(4)) {
        *w = u32::from_le_bytes(c.try_into().ok()?);
    }
    let w = words.map(u64::from);
    let args = match name {
        // accept(fd, addr, addrlen) is accept4 with no flags.
        "accept" => [w[0], w[1], w[2], 0, 0, 0],
        // send and recv are sendto and recvfrom with no address.
        "send" | "recv" => [w[0], w[1], w[2], w[3], 0, 0],
        _ => w,
    };
    let native = if name == "accept" { "accept4" } else { native };
    if native != name {
        compat.shown = Some(count as u8);
    }
    let s = Sysno::from_str(native).ok()?;
    compat.name = name;
    Some(RawSyscall { nr: s.id() as u64, args, sp, compat: Some(compat) })
}

/// Which of the 32-bit call's six registers holds native argument `i`
/// (i386: ebx, ecx, edx, esi, edi, ebp), for a tool that rewrites an
/// argument at entry (fault injection's short counts): None when the
/// value is not in a register of its own (a multiplexer's argument in
/// memory, a 64-bit value joined from two registers, mmap2's page offset).
pub fn arg_register(raw: &RawSyscall, i: usize) -> Option<usize> {
    let c = raw.compat?;
    let made = CompatSysno::new(c.nr as usize).map_or("", |s| s.name());
    if c.joined & 1 << i != 0 || matches!(made, "ipc" | "socketcall" | "mmap" | "_llseek") {
        return None;
    }
    match (c.name, i) {
        ("mmap2", 5) => None,
        ("clone", 3) => Some(4),
        ("clone", 4) => Some(3),
        ("waitpid", 3..) => None,
        // After a joined value the registers shift by one (or by two on
        // arm, past its padding register); none of those is a count.
        _ if c.joined != 0 && i > c.joined.trailing_zeros() as usize => None,
        _ => (i < 6).then_some(i),
    }
}

/// What a 32-bit call's exit changes in the native form: `ipc(SHMAT)`
/// returns 0 and writes the address attached to memory, which is what
/// the call returns for the program (and for strace, and for the native
/// shmat the kernel view reads).
pub fn fix_exit(call: &mut Syscall, r: &Reader) {
    let Some(c) = call.raw.compat else { return };
    let via_ipc = CompatSysno::new(c.nr as usize).is_some_and(|s| s.name() == "ipc");
    if via_ipc && call.sysno == Some(Sysno::shmat) && call.succeeded() {
        if let Some(addr) = r.read::<u32>(call.raw.args[3]) {
            call.ret = Some(addr as i64);
        }
    }
}

/// Whether the native decoder of `sysno`, written for the 64-bit layouts,
/// may decode a 32-bit program's call: its hand-written functions read
/// only registers, or memory laid out alike in both ABIs, or know the
/// 32-bit layout ([`Reader::compat`]).
pub fn custom_decoder_fits(sysno: Sysno) -> bool {
    use Sysno as S;
    matches!(
        sysno,
        S::clone
            | S::execve
            | S::execveat
            | S::msgrcv
            | S::msgctl
            | S::shmctl
            | S::semctl
            | S::mq_open
            | S::openat
            | S::mknodat
            | S::futex
            | S::fcntl
            | S::rt_sigreturn
            | S::prctl
    ) || fits_x86_only(sysno)
}

#[cfg(target_arch = "x86_64")]
fn fits_x86_only(sysno: Sysno) -> bool {
    matches!(sysno, Sysno::open | Sysno::mknod)
}

#[cfg(not(target_arch = "x86_64"))]
fn fits_x86_only(_: Sysno) -> bool {
    false
}

/// Whether an argument kind reads memory with a layout the 32-bit ABI
/// shares, or knows the 32-bit one: the others are shown by address.
/// Functions are told apart by address, so each one listed here is
/// `#[inline(never)]`: a small function the optimiser may inline gets a
/// copy in each codegen unit, at another address, and a release build
/// then showed i386's `msgget(IPC_PRIVATE, ...)` as `msgget(NULL, ...)`.
pub fn kind_fits(kind: K) -> bool {
    use super::{calls, events, files, mq, net, process, signals, system, sysv, time};
    let ins: &[InFn] = &[
        sysv::ipc_key,
        sysv::ipc_get_flags,
        sysv::shmget_flags,
        sysv::msgbuf_in,
        sysv::sembufs,
        mq::mq_attr_in,
        time::timespec,
        time::clockid,
        signals::sigaction_in,
        signals::siginfo_in,
        mq::sigevent,
        time::timeval_in,
        time::itimerval_in,
        time::itimerspec_in,
        time::timezone_in,
        net::socket_type,
        net::socket_protocol,
        net::sockaddr_len2,
        net::sockaddr_len5,
        net::socklen_in,
        net::msghdr_in,
        calls::iovec_in,
        calls::iovec_shape,
        events::epoll_event_in,
        events::pollfds_in,
        files::open_how_in,
        files::mount_type,
        files::mount_data,
        rlimit32_in,
        rlimit64_in,
        process::clone3_args,
        process::argv,
        process::envp,
    ];
    let outs: &[OutFn] = &[
        calls::pipe_fds,
        calls::getcwd_buf,
        mq::mq_attr_out,
        mq::msg_prio_out,
        time::timespec_out,
        signals::sigaction_out,
        signals::siginfo_out,
        net::msghdr_out,
        time::timeval_out,
        time::itimerval_out,
        time::itimerspec_out,
        time::timezone_out,
        process::wait_status,
        events::epoll_events_out,
        system::statx_out,
        system::link_target_out,
        system::utsname_out,
        rusage32_out,
        stat64_out,
        rlimit32_out,
        rlimit64_out,
    ];
    let afters: &[AfterFn] =
        &[net::sockaddr_after_len2, net::sockaddr_after_len5, net::socklen_after, calls::iovec_after];
    let is_in = |f: InFn| ins.iter().any(|g| std::ptr::fn_addr_eq(f, *g));
    let is_after = |f: AfterFn| afters.iter().any(|g| std::ptr::fn_addr_eq(f, *g));
    match kind {
        K::In(f) => is_in(f),
        K::Out(f) => outs.iter().any(|g| std::ptr::fn_addr_eq(f, *g)),
        K::OutAfter(f) => is_after(f),
        K::InOut(f, g) => is_in(f) && is_after(g),
        _ => true,
    }
}

/// Decodes a 32-bit call's arguments at entry: with the native decoder
/// where it fits, each argument it cannot read shown by address; else the
/// raw registers.
pub fn entry(r: &Reader, d: Option<&'static Decoder>, sysno: Option<Sysno>, raw: &RawSyscall, out: &mut Vec<Field>) {
    let Some(c) = raw.compat else { return };
    if c.name == "_llseek" {
        out.extend(llseek_entry(raw));
    } else if c.name == "sigreturn" {
        out.extend(old_sigreturn_entry(r, raw));
    } else {
        match d {
            Some(Decoder::Spec { args, .. }) => out.extend(args.iter().enumerate().map(|(i, (name, kind))| {
                let v = raw.args[i];
                let kind = &layout32(*kind, c.name);
                let value = if matches!(kind, K::Long) && c.joined & 1 << i == 0 {
                    // A `long` in one 32-bit register.
                    int(v as u32 as i32 as i64)
                } else if kind_fits(*kind) {
                    super::spec::entry_value(r, *kind, v, &raw.args)
                } else {
                    Value::Ptr(v)
                };
                Field::new(name, value)
            })),
            Some(d @ Decoder::Custom { .. }) if sysno.is_some_and(custom_decoder_fits) => d.entry(r, raw, out),
            _ => match c.name {
                "ipc" | "socketcall" => out.extend(multiplexer_entry(c)),
                _ => out.extend(super::spec::raw_args(&RawSyscall { args: c.args.map(u64::from), ..*raw })),
            },
        }
    }
    if let Some(n) = c.shown {
        out.truncate(n as usize);
    }
}

/// A multiplexer call that was not put in its sub-call's shape (an unknown
/// sub-call, or its arguments in memory unreadable: the kernel fails it),
/// as strace shows it: `socketcall(SYS_SOCKETPAIR, 0x10)`, `ipc(MSGRCV,
/// 0, 8, 0, 0x10, 0)`, an unknown call by its number.
fn multiplexer_entry(c: Compat) -> Vec<Field> {
    let a = c.args;
    if c.name == "socketcall" {
        let call = match SOCKET_CALLS.get((a[0] as usize).wrapping_sub(1)) {
            Some((name, ..)) => Value::Text(format!("SYS_{}", name.to_uppercase())),
            None => int(a[0] as i32 as i64),
        };
        return vec![field("call", call), field("args", Value::Ptr(a[1] as u64))];
    }
    let call = match IPC_CALLS.iter().find(|(n, _)| *n == a[0] & 0xffff) {
        Some((_, name)) if a[0] >> 16 == 0 => Value::Text(name.to_uppercase()),
        Some((_, name)) => Value::Text(format!("{}|{:#x}<<16", name.to_uppercase(), a[0] >> 16)),
        None => int(a[0] as i32 as i64),
    };
    vec![
        field("call", call),
        field("first", int(a[1] as i32 as i64)),
        field("second", int(a[2] as i32 as i64)),
        field("third", int(a[3] as i32 as i64)),
        field("ptr", Value::Ptr(a[4] as u64)),
        field("fifth", Value::Hex(a[5] as u64)),
    ]
}

/// i386's sigreturn(2): `{mask=[...]}`, the mask it restores. The handler's
/// return and the vDSO's `popl` leave the stack pointer at the frame's
/// struct sigcontext_32, whose `oldmask` (byte 80) holds the mask's low
/// half; the high half is the frame's `extramask`, after the sigcontext
/// (88 bytes) and an unused 624-byte _fpstate_32.
fn old_sigreturn_entry(r: &Reader, raw: &RawSyscall) -> Vec<Field> {
    if raw.sp == 0 {
        return Vec::new();
    }
    let (low, high) = (raw.sp.wrapping_add(80), raw.sp.wrapping_add(88 + 624));
    let frame = match (r.read::<u32>(low), r.read::<u32>(high)) {
        (Some(l), Some(h)) => {
            let mask = l as u64 | (h as u64) << 32;
            Value::Struct(vec![field("mask", Value::Text(super::names::format_signal_set(mask)))])
        }
        _ => Value::Unreadable(low),
    };
    vec![field("frame", frame)]
}

/// `_llseek(fd, offset, [result], whence)`, as strace shows it: the offset
/// joined from its two registers, the resulting offset written at exit.
fn llseek_entry(raw: &RawSyscall) -> Vec<Field> {
    let a = raw.args;
    vec![
        field("fd", Value::Fd(Fd::new(a[0] as i32))),
        field("offset", int(a[1] as i64)),
        field("result", if a[3] == 0 { Value::Ptr(0) } else { Value::Out(a[3]) }),
        field("whence", Value::Sym(WHENCE.decode(a[2] as i64))),
    ]
}

/// Completes a 32-bit call at a successful exit, as [`entry`] decoded it.
pub fn exit(r: &Reader, d: Option<&'static Decoder>, call: &mut Syscall, ret: i64) {
    if call.raw.compat.is_some_and(|c| c.name == "_llseek") {
        let at = call.raw.args[3];
        if at != 0 {
            let v =
                r.read::<i64>(at).map_or(Value::Unreadable(at), |v| Value::Array { items: vec![int(v)], more: false });
            call.args[2].value = v;
        }
        return;
    }
    match d {
        Some(Decoder::Spec { args, after, .. }) => {
            let mut news: [Option<Value>; 6] = Default::default();
            let name = call.raw.compat.map_or("", |c| c.name);
            for (i, (_, kind)) in args.iter().enumerate().take(call.args.len()) {
                let kind = layout32(*kind, name);
                if kind_fits(kind) {
                    news[i] = super::spec::exit_value(r, kind, call, i, ret);
                }
            }
            for (i, value) in news.into_iter().enumerate() {
                if let (Some(value), Some(arg)) = (value, call.args.get_mut(i)) {
                    arg.value = value;
                }
            }
            if let Some(after) = after {
                let n = call.args.len();
                after(r, call, ret);
                call.args.truncate(n);
            }
        }
        Some(d @ Decoder::Custom { .. }) if call.sysno.is_some_and(custom_decoder_fits) => d.exit(r, call, ret),
        _ => {}
    }
}

/// The 32-bit calls that become one of `natives` (a multiplexer when any
/// of its sub-calls does), by 32-bit number: what a seccomp filter lets
/// stop for a 32-bit program.
pub fn numbers_for(natives: &[Sysno]) -> Vec<u64> {
    let wanted = |n: &str| Sysno::from_str(n).is_ok_and(|s| natives.contains(&s));
    let mut out: Vec<u64> = CompatSysno::iter()
        .filter(|s| match s.name() {
            "ipc" => IPC_CALLS.iter().any(|(_, n)| wanted(n)),
            "socketcall" => SOCKET_CALLS.iter().any(|(_, n, _)| wanted(n)),
            name => native_of(name).is_some_and(|(n, _, _)| wanted(n)),
        })
        .map(|s| s.id() as u64)
        .collect();
    out.sort_unstable();
    out
}

/// How many calls the 32-bit ABI has; how many ipclab puts in a native
/// call's shape (named arguments, seen by the kernel view and the ledger);
/// and how many of those have every argument decoded, none of their
/// structures shown by address for want of its 32-bit layout: for
/// docs/trace-format.md, and checked by a test.
pub fn counts() -> (usize, usize, usize) {
    let shaped: Vec<(&str, Sysno)> = CompatSysno::iter()
        .filter_map(|s| {
            let target = match s.name() {
                // Each sub-call's decoder is counted among the direct calls.
                "ipc" => "msgget",
                "socketcall" => "socket",
                name => native_of(name)?.0,
            };
            Some((s.name(), Sysno::from_str(target).ok()?))
        })
        .collect();
    let whole = shaped
        .iter()
        .filter(|(name, sysno)| {
            matches!(*name, "_llseek" | "sigreturn")
                || match super::table::decoder(*sysno) {
                    Some(Decoder::Spec { args, .. }) => args.iter().all(|(_, k)| kind_fits(*k)),
                    Some(Decoder::Custom { .. }) => custom_decoder_fits(*sysno),
                    None => false,
                }
        })
        .count();
    (CompatSysno::iter().count(), shaped.len(), whole)
}

#[cfg(test)]
mod tests;
