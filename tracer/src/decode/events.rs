//! Waiting for events: futex operations, poll and select with what became
//! ready, epoll's interest list and events, and inotify watches.

use std::fmt::Write as _;

use super::calls::field;
use super::flags::{FlagSet, POLL_EVENTS, SymSet};
use super::mem::{ARRAY_LIMIT, Reader};
use super::time::timespec;
use super::value::{Bytes, Fd, Field, Flags, Value};
use super::{RawSyscall, Syscall};

// ---- futex -------------------------------------------------------------------------

const FUTEX_PRIVATE_FLAG: u64 = 128;
const FUTEX_CLOCK_REALTIME: u64 = 256;
const FUTEX_CMD_MASK: u64 = !(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);

const FUTEX_WAIT: u64 = 0;
const FUTEX_WAKE: u64 = 1;
const FUTEX_FD: u64 = 2;
const FUTEX_REQUEUE: u64 = 3;
const FUTEX_CMP_REQUEUE: u64 = 4;
const FUTEX_WAKE_OP: u64 = 5;
const FUTEX_LOCK_PI: u64 = 6;
const FUTEX_UNLOCK_PI: u64 = 7;
const FUTEX_TRYLOCK_PI: u64 = 8;
const FUTEX_WAIT_BITSET: u64 = 9;
const FUTEX_WAKE_BITSET: u64 = 10;
const FUTEX_WAIT_REQUEUE_PI: u64 = 11;
const FUTEX_CMP_REQUEUE_PI: u64 = 12;
const FUTEX_LOCK_PI2: u64 = 13;

/// Each futex command, plain and with FUTEX_PRIVATE_FLAG.
const FUTEX_CMDS: [(&str, &str); 14] = [
    ("FUTEX_WAIT", "FUTEX_WAIT_PRIVATE"),
    ("FUTEX_WAKE", "FUTEX_WAKE_PRIVATE"),
    ("FUTEX_FD", "FUTEX_FD_PRIVATE"),
    ("FUTEX_REQUEUE", "FUTEX_REQUEUE_PRIVATE"),
    ("FUTEX_CMP_REQUEUE", "FUTEX_CMP_REQUEUE_PRIVATE"),
    ("FUTEX_WAKE_OP", "FUTEX_WAKE_OP_PRIVATE"),
    ("FUTEX_LOCK_PI", "FUTEX_LOCK_PI_PRIVATE"),
    ("FUTEX_UNLOCK_PI", "FUTEX_UNLOCK_PI_PRIVATE"),
    ("FUTEX_TRYLOCK_PI", "FUTEX_TRYLOCK_PI_PRIVATE"),
    ("FUTEX_WAIT_BITSET", "FUTEX_WAIT_BITSET_PRIVATE"),
    ("FUTEX_WAKE_BITSET", "FUTEX_WAKE_BITSET_PRIVATE"),
    ("FUTEX_WAIT_REQUEUE_PI", "FUTEX_WAIT_REQUEUE_PI_PRIVATE"),
    ("FUTEX_CMP_REQUEUE_PI", "FUTEX_CMP_REQUEUE_PI_PRIVATE"),
    ("FUTEX_LOCK_PI2", "FUTEX_LOCK_PI2_PRIVATE"),
];

/// A futex operation by name: `FUTEX_WAIT_PRIVATE`,
/// `FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME`.
pub fn futex_op(op: u64) -> Flags {
    let op = op as u32 as u64;
    let cmd = op & FUTEX_CMD_MASK;
    let mut names = Vec::new();
    let mut rest = op;
    if let Some((plain, private)) = FUTEX_CMDS.get(cmd as usize) {
        names.push(if op & FUTEX_PRIVATE_FLAG != 0 { *private } else { *plain });
        rest &= !(FUTEX_CMD_MASK | FUTEX_PRIVATE_FLAG);
    }
    if rest & FUTEX_CLOCK_REALTIME != 0 {
        names.push("FUTEX_CLOCK_REALTIME");
        rest &= !FUTEX_CLOCK_REALTIME;
    }
    Flags { raw: op, names, rest, rest_octal: false }
}

/// The last argument of the bitset operations: all bits is the usual case.
fn futex_bitset(v: u64) -> Value {
    if v as u32 == u32::MAX { Value::Text("FUTEX_BITSET_MATCH_ANY".into()) } else { Value::Hex(v as u32 as u64) }
}

/// The encoded operation of FUTEX_WAKE_OP, as strace prints it:
/// `FUTEX_OP_SET<<28|0x1<<12|FUTEX_OP_CMP_GT<<24|0x1`, with
/// `FUTEX_OP_OPARG_SHIFT<<28|` first when that bit is set and an unknown
/// operation as `0x5<<28 /* FUTEX_OP_??? */`.
fn futex_wake_op(v: u64) -> Value {
    const OPS: [&str; 5] = ["FUTEX_OP_SET", "FUTEX_OP_ADD", "FUTEX_OP_OR", "FUTEX_OP_ANDN", "FUTEX_OP_XOR"];
    const CMPS: [&str; 6] = [
        "FUTEX_OP_CMP_EQ",
        "FUTEX_OP_CMP_NE",
        "FUTEX_OP_CMP_LT",
        "FUTEX_OP_CMP_LE",
        "FUTEX_OP_CMP_GT",
        "FUTEX_OP_CMP_GE",
    ];
    let v = v as u32;
    let hex = |n: u32| if n == 0 { "0".to_string() } else { format!("{n:#x}") };
    let mut text = String::new();
    if (v >> 28) & 8 != 0 {
        text.push_str("FUTEX_OP_OPARG_SHIFT<<28|");
    }
    let op = (v >> 28) & 7;
    match OPS.get(op as usize) {
        Some(name) => {
            let _ = write!(text, "{name}<<28");
        }
        None => {
            let _ = write!(text, "{}<<28 /* FUTEX_OP_??? */", hex(op));
        }
    }
    let _ = write!(text, "|{}<<12|", hex((v >> 12) & 0xfff));
    let cmp = (v >> 24) & 0xf;
    match CMPS.get(cmp as usize) {
        Some(name) => {
            let _ = write!(text, "{name}<<24");
        }
        None => {
            let _ = write!(text, "{}<<24 /* FUTEX_OP_CMP_??? */", hex(cmp));
        }
    }
    let _ = write!(text, "|{}", hex(v & 0xfff));
    Value::Text(text)
}

/// futex(2): which arguments mean anything depends on the operation, and
/// only those are shown, as strace does; the values are unsigned ints.
pub fn futex_entry(r: &Reader, raw: &RawSyscall) -> Vec<Field> {
    let a = &raw.args;
    let cmd = (a[1] as u32 as u64) & FUTEX_CMD_MASK;
    // An operation the kernel does not know (ENOSYS): its number, with
    // strace's mark.
    let op = if (cmd as usize) < FUTEX_CMDS.len() {
        Value::Flags(futex_op(a[1]))
    } else {
        Value::Text(format!("{:#x} /* FUTEX_??? */", a[1] as u32))
    };
    let mut args = vec![field("uaddr", Value::Ptr(a[0])), field("futex_op", op)];
    let u32_of = |v: u64| Value::Uint(v as u32 as u64);
    let val = field("val", u32_of(a[2]));
    let timeout = || field("timeout", timespec(r, a[3], a));
    let val2 = field("val2", u32_of(a[3]));
    let uaddr2 = field("uaddr2", Value::Ptr(a[4]));
    let val3 = field("val3", u32_of(a[5]));
    match cmd {
        FUTEX_WAIT => args.extend([val, timeout()]),
        FUTEX_WAIT_BITSET => args.extend([val, timeout(), field("val3", futex_bitset(a[5]))]),
        FUTEX_WAKE | FUTEX_FD => args.push(val),
        FUTEX_WAKE_BITSET => args.extend([val, field("val3", futex_bitset(a[5]))]),
        FUTEX_REQUEUE => args.extend([val, val2, uaddr2]),
        FUTEX_CMP_REQUEUE | FUTEX_CMP_REQUEUE_PI => args.extend([val, val2, uaddr2, val3]),
        FUTEX_WAKE_OP => args.extend([val, val2, uaddr2, field("val3", futex_wake_op(a[5]))]),
        FUTEX_LOCK_PI | FUTEX_LOCK_PI2 => args.push(timeout()),
        FUTEX_UNLOCK_PI | FUTEX_TRYLOCK_PI => {}
        FUTEX_WAIT_REQUEUE_PI => args.extend([val, timeout(), uaddr2]),
        _ => args.extend([
            val,
            field("timeout", Value::Ptr(a[3])),
            uaddr2,
            field("val3", Value::Hex(a[5] as u32 as u64)),
        ]),
    }
    args
}

// ---- poll, select ------------------------------------------------------------------

fn pollfds(r: &Reader, addr: u64, count: u64, revents: bool) -> Value {
    let Some((fds, more)) = r.read_array::<libc::pollfd>(addr, count as usize) else {
        return Value::Unreadable(addr);
    };
    let items = fds
        .iter()
        .filter(|p| !revents || p.revents != 0)
        .map(|p| {
            let (name, bits) = if revents { ("revents", p.revents) } else { ("events", p.events) };
            Value::Struct(vec![
                field("fd", Value::Fd(Fd::new(p.fd))),
                field(name, Value::Flags(POLL_EVENTS.decode(bits as u16 as u64))),
            ])
        })
        .collect();
    Value::Array { items, more }
}

/// The descriptors poll(2) and ppoll(2) wait on: `[{fd=3, events=POLLIN}]`.
#[inline(never)]
pub fn pollfds_in(r: &Reader, addr: u64, all: &[u64; 6]) -> Value {
    pollfds(r, addr, all[1], false)
}

/// What became ready, appended to the count as strace does:
/// `1 ([{fd=3, revents=POLLIN}])`, or `0 (Timeout)`.
fn poll_result(r: &Reader, call: &mut Syscall, ret: i64, left: Option<Value>) {
    if ret == 0 {
        call.ret_value = Some(Value::Text("0 (Timeout)".into()));
        return;
    }
    let mut text = format!("{ret} ({}", pollfds(r, call.raw.args[0], call.raw.args[1], true));
    if let Some(left) = left {
        let _ = write!(text, ", left {left}");
    }
    text.push(')');
    call.ret_value = Some(Value::Text(text));
}

#[cfg(target_arch = "x86_64")]
/// poll(2) at exit.
pub fn poll_after(r: &Reader, call: &mut Syscall, ret: i64) {
    poll_result(r, call, ret, None);
}

/// ppoll(2) at exit: also the time left, which the kernel wrote back.
pub fn ppoll_after(r: &Reader, call: &mut Syscall, ret: i64) {
    let tsp = call.raw.args[2];
    let left = (tsp != 0).then(|| timespec(r, tsp, &call.raw.args));
    poll_result(r, call, ret, left);
}

/// fd_set holds FD_SETSIZE descriptors; more are never read.
const FD_SETSIZE: u64 = 1024;

/// The descriptors in an fd_set of `nfds` bits, as strace prints them: `[3 4]`.
fn fd_set(r: &Reader, addr: u64, nfds: u64) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    let nfds = nfds.min(FD_SETSIZE);
    let bytes = nfds.div_ceil(64) as usize * 8;
    let b = r.read_some(addr, bytes);
    if b.len() < bytes {
        return Value::Unreadable(addr);
    }
    // An fd_set is an array of longs: descriptor N is bit N%64 of long N/64.
    let words: Vec<u64> = b.chunks_exact(8).map(|w| u64::from_ne_bytes(w.try_into().unwrap_or_default())).collect();
    let set: Vec<u64> = (0..nfds).filter(|&fd| words[(fd / 64) as usize] & (1 << (fd % 64)) != 0).collect();
    let mut text = String::from("[");
    for (i, fd) in set.iter().take(ARRAY_LIMIT).enumerate() {
        if i > 0 {
            text.push(' ');
        }
        let _ = write!(text, "{fd}");
    }
    if set.len() > ARRAY_LIMIT {
        text.push_str(" ...");
    }
    text.push(']');
    Value::Text(text)
}

/// An fd_set of select(2)/pselect6(2), `nfds` bits long.
pub fn fd_set_in(r: &Reader, addr: u64, all: &[u64; 6]) -> Value {
    fd_set(r, addr, all[0])
}

/// The sets select(2) left, appended to the count as strace does:
/// `1 (in [3], left {tv_sec=0, tv_usec=999})`, or `0 (Timeout)`.
fn select_result(r: &Reader, call: &mut Syscall, ret: i64, left: Option<Value>) {
    if ret == 0 {
        call.ret_value = Some(Value::Text("0 (Timeout)".into()));
        return;
    }
    let a = call.raw.args;
    let mut parts = Vec::new();
    for (name, addr) in [("in", a[1]), ("out", a[2]), ("except", a[3])] {
        if addr == 0 {
            continue;
        }
        let set = fd_set(r, addr, a[0]);
        if set.to_string() != "[]" {
            parts.push(format!("{name} {set}"));
        }
    }
    if let Some(left) = left {
        parts.push(format!("left {left}"));
    }
    call.ret_value = Some(Value::Text(format!("{ret} ({})", parts.join(", "))));
}

#[cfg(target_arch = "x86_64")]
/// select(2) at exit (x86_64's select also writes back the time left).
pub fn select_after(r: &Reader, call: &mut Syscall, ret: i64) {
    let tv = call.raw.args[4];
    let left = (tv != 0).then(|| super::time::timeval(r, tv));
    select_result(r, call, ret, left);
}

/// pselect6(2) at exit.
pub fn pselect6_after(r: &Reader, call: &mut Syscall, ret: i64) {
    let ts = call.raw.args[4];
    let left = (ts != 0).then(|| timespec(r, ts, &call.raw.args));
    select_result(r, call, ret, left);
}

/// The sixth argument of pselect6(2): a pointer to `{sigset pointer, size}`.
pub fn pselect6_sigmask(r: &Reader, addr: u64, _: &[u64; 6]) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    match r.read::<[u64; 2]>(addr) {
        Some([ss, len]) => Value::Struct(vec![
            field("ss", r.sigset(ss, len, super::spec::SIGSET_SIZE)),
            field("ss_len", Value::Uint(len)),
        ]),
        None => Value::Unreadable(addr),
    }
}

// ---- epoll -------------------------------------------------------------------------

/// epoll event bits (EPOLLET is bit 31: cast through u32, not sign-extended).
pub static EPOLL_EVENTS: FlagSet = FlagSet {
    bits: &[
        (libc::EPOLLIN as u32 as u64, "EPOLLIN"),
        (libc::EPOLLPRI as u32 as u64, "EPOLLPRI"),
        (libc::EPOLLOUT as u32 as u64, "EPOLLOUT"),
        (libc::EPOLLERR as u32 as u64, "EPOLLERR"),
        (libc::EPOLLHUP as u32 as u64, "EPOLLHUP"),
        (libc::EPOLLRDNORM as u32 as u64, "EPOLLRDNORM"),
        (libc::EPOLLRDBAND as u32 as u64, "EPOLLRDBAND"),
        (libc::EPOLLWRNORM as u32 as u64, "EPOLLWRNORM"),
        (libc::EPOLLWRBAND as u32 as u64, "EPOLLWRBAND"),
        (libc::EPOLLMSG as u32 as u64, "EPOLLMSG"),
        (libc::EPOLLRDHUP as u32 as u64, "EPOLLRDHUP"),
        (libc::EPOLLEXCLUSIVE as u32 as u64, "EPOLLEXCLUSIVE"),
        (libc::EPOLLWAKEUP as u32 as u64, "EPOLLWAKEUP"),
        (libc::EPOLLONESHOT as u32 as u64, "EPOLLONESHOT"),
        (libc::EPOLLET as u32 as u64, "EPOLLET"),
    ],
    zero: Some("0"),
    mode_bits: false,
    access_mode: false,
};

/// epoll_ctl(2) operations.
pub static EPOLL_CTL_OPS: SymSet = SymSet(&[
    (libc::EPOLL_CTL_ADD as i64, "EPOLL_CTL_ADD"),
    (libc::EPOLL_CTL_MOD as i64, "EPOLL_CTL_MOD"),
    (libc::EPOLL_CTL_DEL as i64, "EPOLL_CTL_DEL"),
]);

/// epoll_create1(2) flags.
pub static EPOLL_CREATE_FLAGS: FlagSet = FlagSet {
    bits: &[(libc::EPOLL_CLOEXEC as u64, "EPOLL_CLOEXEC")],
    zero: Some("0"),
    mode_bits: false,
    access_mode: false,
};

fn epoll_event_value(e: &libc::epoll_event) -> Value {
    // Copy out of the (packed on x86_64) structure before use.
    let (events, data) = (e.events, e.u64);
    Value::Struct(vec![
        field("events", Value::Flags(EPOLL_EVENTS.decode(events as u64))),
        field(
            "data",
            Value::Struct(vec![field("u32", Value::Uint(data as u32 as u64)), field("u64", Value::Uint(data))]),
        ),
    ])
}

/// The event of epoll_ctl(2): `{events=EPOLLIN, data={u32=3, u64=3}}`.
/// EPOLL_CTL_DEL ignores it: its address, as strace shows it.
#[inline(never)]
pub fn epoll_event_in(r: &Reader, addr: u64, args: &[u64; 6]) -> Value {
    if addr == 0 || args[1] as i32 == libc::EPOLL_CTL_DEL {
        return Value::Ptr(addr);
    }
    match r.read::<libc::epoll_event>(addr) {
        Some(e) => epoll_event_value(&e),
        None => Value::Unreadable(addr),
    }
}

/// The events epoll_wait(2) returned: the first `ret` entries.
#[inline(never)]
pub fn epoll_events_out(r: &Reader, addr: u64, _: &[u64; 6], ret: i64) -> Value {
    let Some((events, more)) = r.read_array::<libc::epoll_event>(addr, ret.max(0) as usize) else {
        return if ret == 0 { Value::Array { items: Vec::new(), more: false } } else { Value::Unreadable(addr) };
    };
    Value::Array { items: events.iter().map(epoll_event_value).collect(), more }
}

// ---- inotify -----------------------------------------------------------------------

/// inotify event bits, one name per bit (IN_CLOSE is IN_CLOSE_WRITE|IN_CLOSE_NOWRITE).
pub static INOTIFY_MASK: FlagSet = FlagSet {
    bits: &[
        (libc::IN_ACCESS as u64, "IN_ACCESS"),
        (libc::IN_MODIFY as u64, "IN_MODIFY"),
        (libc::IN_ATTRIB as u64, "IN_ATTRIB"),
        (libc::IN_CLOSE_WRITE as u64, "IN_CLOSE_WRITE"),
        (libc::IN_CLOSE_NOWRITE as u64, "IN_CLOSE_NOWRITE"),
        (libc::IN_OPEN as u64, "IN_OPEN"),
        (libc::IN_MOVED_FROM as u64, "IN_MOVED_FROM"),
        (libc::IN_MOVED_TO as u64, "IN_MOVED_TO"),
        (libc::IN_CREATE as u64, "IN_CREATE"),
        (libc::IN_DELETE as u64, "IN_DELETE"),
        (libc::IN_DELETE_SELF as u64, "IN_DELETE_SELF"),
        (libc::IN_MOVE_SELF as u64, "IN_MOVE_SELF"),
        (0x2000, "IN_UNMOUNT"),
        (0x4000, "IN_Q_OVERFLOW"),
        (0x8000, "IN_IGNORED"),
        (libc::IN_ONLYDIR as u64, "IN_ONLYDIR"),
        (libc::IN_DONT_FOLLOW as u64, "IN_DONT_FOLLOW"),
        (libc::IN_EXCL_UNLINK as u64, "IN_EXCL_UNLINK"),
        (0x1000_0000, "IN_MASK_CREATE"),
        (libc::IN_MASK_ADD as u64, "IN_MASK_ADD"),
        (0x4000_0000, "IN_ISDIR"),
        (libc::IN_ONESHOT as u64, "IN_ONESHOT"),
    ],
    zero: Some("0"),
    mode_bits: false,
    access_mode: false,
};

/// The events a `read` of an inotify descriptor returned, `len` bytes at
/// `addr`: `struct inotify_event` after `struct inotify_event`, each a
/// watch, a mask, a cookie (pairing IN_MOVED_FROM with IN_MOVED_TO), and a
/// name of `len` bytes padded with NULs. At most [`ARRAY_LIMIT`] are shown.
pub fn inotify_events(r: &Reader, addr: u64, len: u64) -> Value {
    /// wd, mask, cookie, len.
    const HEADER: usize = 16;
    /// The longest event: the header, NAME_MAX bytes and a NUL.
    const LONGEST: usize = HEADER + 256;
    let data = r.read_some(addr, (len as usize).min(ARRAY_LIMIT * LONGEST));
    if data.is_empty() {
        return if len == 0 { Value::Array { items: Vec::new(), more: false } } else { Value::Unreadable(addr) };
    }
    let word = |at: usize| u32::from_ne_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]]);
    let mut items = Vec::new();
    let mut at = 0;
    while at + HEADER <= data.len() && items.len() < ARRAY_LIMIT {
        let name_len = word(at + 12) as usize;
        let Some(name) = data.get(at + HEADER..at + HEADER + name_len) else { break };
        let name = &name[..name.iter().position(|&b| b == 0).unwrap_or(name.len())];
        let mut fields = vec![
            field("wd", Value::Int(word(at) as i32 as i64)),
            field("mask", Value::Flags(INOTIFY_MASK.decode(word(at + 4) as u64))),
            field("cookie", Value::Uint(word(at + 8) as u64)),
            field("len", Value::Uint(name_len as u64)),
        ];
        if name_len > 0 {
            fields.push(field("name", Value::Str(Bytes::new(name.to_vec(), false))));
        }
        items.push(Value::Struct(fields));
        at += HEADER + name_len;
    }
    Value::Array { items, more: (at as u64) < len }
}

/// inotify_init1(2) flags.
pub static INOTIFY_INIT_FLAGS: FlagSet = FlagSet {
    bits: &[(libc::IN_CLOEXEC as u64, "IN_CLOEXEC"), (libc::IN_NONBLOCK as u64, "IN_NONBLOCK")],
    zero: Some("0"),
    mode_bits: false,
    access_mode: false,
};
