//! Credentials: user and group ids written back, supplementary groups, and
//! capabilities.

use std::fmt::Write as _;

use super::calls::field;
use super::mem::Reader;
use super::value::Value;

/// A user or group id as strace prints it: -1 (no change) as -1.
fn id_value(v: u32) -> Value {
    if v == u32::MAX { Value::Int(-1) } else { Value::Uint(v as u64) }
}

/// An id the kernel wrote (getresuid, getresgid): `[1000]`.
pub fn id_out(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    match r.read::<u32>(addr) {
        Some(v) => Value::Array { items: vec![id_value(v)], more: false },
        None => Value::Unreadable(addr),
    }
}

/// An unsigned int the kernel wrote (getcpu): `[1]`.
pub fn uint_out(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    match r.read::<u32>(addr) {
        Some(v) => Value::Array { items: vec![Value::Uint(v as u64)], more: false },
        None => Value::Unreadable(addr),
    }
}

/// Most groups the kernel accepts (NGROUPS_MAX).
const NGROUPS_MAX: u64 = 65536;

fn groups(r: &Reader, addr: u64, count: u64) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    if count > NGROUPS_MAX {
        return Value::Ptr(addr);
    }
    if count == 0 {
        return Value::Array { items: Vec::new(), more: false };
    }
    match r.read_array::<u32>(addr, count as usize) {
        Some((ids, more)) => Value::Array { items: ids.into_iter().map(id_value).collect(), more },
        None => Value::Unreadable(addr),
    }
}

/// The groups setgroups(2) sets: `[4, 27]`, `size` of them.
pub fn groups_in(r: &Reader, addr: u64, all: &[u64; 6]) -> Value {
    groups(r, addr, all[0])
}

/// The groups getgroups(2) wrote: as many as it returned (with a size of
/// 0 it only counts them, and writes nothing).
pub fn groups_out(r: &Reader, addr: u64, all: &[u64; 6], ret: i64) -> Value {
    if all[0] as i32 == 0 {
        return Value::Ptr(addr);
    }
    groups(r, addr, ret.max(0) as u64)
}

/// The capabilities by number (their bit in a capability set), as the
/// kernel names them (`linux/capability.h`).
pub(super) const CAPS: [&str; 41] = [
    "CAP_CHOWN",
    "CAP_DAC_OVERRIDE",
    "CAP_DAC_READ_SEARCH",
    "CAP_FOWNER",
    "CAP_FSETID",
    "CAP_KILL",
    "CAP_SETGID",
    "CAP_SETUID",
    "CAP_SETPCAP",
    "CAP_LINUX_IMMUTABLE",
    "CAP_NET_BIND_SERVICE",
    "CAP_NET_BROADCAST",
    "CAP_NET_ADMIN",
    "CAP_NET_RAW",
    "CAP_IPC_LOCK",
    "CAP_IPC_OWNER",
    "CAP_SYS_MODULE",
    "CAP_SYS_RAWIO",
    "CAP_SYS_CHROOT",
    "CAP_SYS_PTRACE",
    "CAP_SYS_PACCT",
    "CAP_SYS_ADMIN",
    "CAP_SYS_BOOT",
    "CAP_SYS_NICE",
    "CAP_SYS_RESOURCE",
    "CAP_SYS_TIME",
    "CAP_SYS_TTY_CONFIG",
    "CAP_MKNOD",
    "CAP_LEASE",
    "CAP_AUDIT_WRITE",
    "CAP_AUDIT_CONTROL",
    "CAP_SETFCAP",
    "CAP_MAC_OVERRIDE",
    "CAP_MAC_ADMIN",
    "CAP_SYSLOG",
    "CAP_WAKE_ALARM",
    "CAP_BLOCK_SUSPEND",
    "CAP_AUDIT_READ",
    "CAP_PERFMON",
    "CAP_BPF",
    "CAP_CHECKPOINT_RESTORE",
];

/// A capability set as strace prints it: `1<<CAP_CHOWN|1<<CAP_KILL`, `0`.
fn cap_set(bits: u64) -> Value {
    if bits == 0 {
        return Value::Text("0".into());
    }
    let mut text = String::new();
    let mut rest = bits;
    for (i, name) in CAPS.iter().enumerate() {
        if bits & (1 << i) != 0 {
            if !text.is_empty() {
                text.push('|');
            }
            let _ = write!(text, "1<<{name}");
            rest &= !(1 << i);
        }
    }
    if rest != 0 {
        if !text.is_empty() {
            text.push('|');
        }
        let _ = write!(text, "{rest:#x}");
    }
    Value::Text(text)
}

const VERSION_1: u32 = 0x1998_0330;
const VERSION_2: u32 = 0x2007_1026;
const VERSION_3: u32 = 0x2008_0522;

fn cap_header(r: &Reader, addr: u64) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    match r.read::<[u32; 2]>(addr) {
        Some([version, pid]) => {
            let v = match version {
                VERSION_1 => Value::Text("_LINUX_CAPABILITY_VERSION_1".into()),
                VERSION_2 => Value::Text("_LINUX_CAPABILITY_VERSION_2".into()),
                VERSION_3 => Value::Text("_LINUX_CAPABILITY_VERSION_3".into()),
                v => Value::Text(format!("{v:#x} /* _LINUX_CAPABILITY_VERSION_??? */")),
            };
            Value::Struct(vec![field("version", v), field("pid", Value::Int(pid as i32 as i64))])
        }
        None => Value::Unreadable(addr),
    }
}

/// The header of capget(2) and capset(2) as the program passed it:
/// `{version=_LINUX_CAPABILITY_VERSION_3, pid=0}`. (Asked with a version it
/// does not know, capget writes its own back and fails with EINVAL, or
/// returns 0 when `datap` is NULL: the probe libcap makes. The call's
/// line shows what was asked.)
pub fn cap_header_in(r: &Reader, addr: u64, _: &[u64; 6]) -> Value {
    cap_header(r, addr)
}

fn cap_data(r: &Reader, addr: u64, header: u64) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    // Version 1 has one 32-bit set of each; versions 2 and 3 two.
    let words = match r.read::<u32>(header) {
        Some(VERSION_1) => 1,
        _ => 2,
    };
    let Some(data) = r.read::<[u32; 6]>(addr).or_else(|| r.read::<[u32; 3]>(addr).map(|d| [d[0], d[1], d[2], 0, 0, 0]))
    else {
        return Value::Unreadable(addr);
    };
    let set = |i: usize| {
        let low = data[i] as u64;
        let high = if words == 2 { (data[3 + i] as u64) << 32 } else { 0 };
        cap_set(low | high)
    };
    Value::Struct(vec![field("effective", set(0)), field("permitted", set(1)), field("inheritable", set(2))])
}

/// The capabilities capget(2) wrote.
pub fn cap_data_out(r: &Reader, addr: u64, all: &[u64; 6], _: i64) -> Value {
    cap_data(r, addr, all[0])
}

/// The capabilities capset(2) sets.
pub fn cap_data_in(r: &Reader, addr: u64, all: &[u64; 6]) -> Value {
    cap_data(r, addr, all[0])
}
