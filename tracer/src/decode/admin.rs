//! Administering the system: its information, memory locking and policy
//! flags, reboot and log commands, security policies, performance
//! counters, and the kernel's key store.

use super::RawSyscall;
use super::calls::{field, int};
use super::flags::{FlagSet, SymSet};
use super::mem::Reader;
use super::sysv::huge_shift;
use super::value::{Field, Sym, Value};

const fn flag_set(bits: &'static [(u64, &'static str)]) -> FlagSet {
    FlagSet { bits, zero: Some("0"), mode_bits: false, access_mode: false }
}

/// memfd_create(2) flags, a huge page size as `N<<MFD_HUGE_SHIFT`.
pub fn memfd_flags(_: &Reader, v: u64, _: &[u64; 6]) -> Value {
    huge_shift(super::system::MFD_FLAGS.decode(v as u32 as u64), "MFD_HUGE_SHIFT")
}

/// mlockall(2) flags.
pub static MCL_FLAGS: FlagSet = flag_set(&[(1, "MCL_CURRENT"), (2, "MCL_FUTURE"), (4, "MCL_ONFAULT")]);

/// mlock2(2) flags.
pub static MLOCK_FLAGS: FlagSet = flag_set(&[(1, "MLOCK_ONFAULT")]);

/// move_pages(2) flags.
pub static MPOL_MF_FLAGS: FlagSet = flag_set(&[(1, "MPOL_MF_STRICT"), (2, "MPOL_MF_MOVE"), (4, "MPOL_MF_MOVE_ALL")]);

/// pkey_alloc(2) access rights.
pub static PKEY_RIGHTS: FlagSet = flag_set(&[(1, "PKEY_DISABLE_ACCESS"), (2, "PKEY_DISABLE_WRITE")]);

/// kcmp(2) types.
pub static KCMP_TYPES: SymSet = SymSet(&[
    (0, "KCMP_FILE"),
    (1, "KCMP_VM"),
    (2, "KCMP_FILES"),
    (3, "KCMP_FS"),
    (4, "KCMP_SIGHAND"),
    (5, "KCMP_IO"),
    (6, "KCMP_SYSVSEM"),
    (7, "KCMP_EPOLL_TFD"),
]);

/// reboot(2) commands.
pub static REBOOT_CMDS: SymSet = SymSet(&[
    (0x0123_4567, "LINUX_REBOOT_CMD_RESTART"),
    (0xcdef_0123_u32 as i32 as i64, "LINUX_REBOOT_CMD_HALT"),
    (0x89ab_cdef_u32 as i32 as i64, "LINUX_REBOOT_CMD_CAD_ON"),
    (0, "LINUX_REBOOT_CMD_CAD_OFF"),
    (0x4321_fedc, "LINUX_REBOOT_CMD_POWER_OFF"),
    (0xa1b2_c3d4_u32 as i32 as i64, "LINUX_REBOOT_CMD_RESTART2"),
    (0xd000_fce2_u32 as i32 as i64, "LINUX_REBOOT_CMD_SW_SUSPEND"),
    (0x4558_4543, "LINUX_REBOOT_CMD_KEXEC"),
]);

/// syslog(2) actions.
pub static SYSLOG_TYPES: SymSet = SymSet(&[
    (0, "SYSLOG_ACTION_CLOSE"),
    (1, "SYSLOG_ACTION_OPEN"),
    (2, "SYSLOG_ACTION_READ"),
    (3, "SYSLOG_ACTION_READ_ALL"),
    (4, "SYSLOG_ACTION_READ_CLEAR"),
    (5, "SYSLOG_ACTION_CLEAR"),
    (6, "SYSLOG_ACTION_CONSOLE_OFF"),
    (7, "SYSLOG_ACTION_CONSOLE_ON"),
    (8, "SYSLOG_ACTION_CONSOLE_LEVEL"),
    (9, "SYSLOG_ACTION_SIZE_UNREAD"),
    (10, "SYSLOG_ACTION_SIZE_BUFFER"),
]);

/// seccomp(2) operations.
pub static SECCOMP_OPS: SymSet = SymSet(&[
    (0, "SECCOMP_SET_MODE_STRICT"),
    (1, "SECCOMP_SET_MODE_FILTER"),
    (2, "SECCOMP_GET_ACTION_AVAIL"),
    (3, "SECCOMP_GET_NOTIF_SIZES"),
]);

/// bpf(2) commands.
pub static BPF_CMDS: SymSet = SymSet(&[
    (0, "BPF_MAP_CREATE"),
    (1, "BPF_MAP_LOOKUP_ELEM"),
    (2, "BPF_MAP_UPDATE_ELEM"),
    (3, "BPF_MAP_DELETE_ELEM"),
    (4, "BPF_MAP_GET_NEXT_KEY"),
    (5, "BPF_PROG_LOAD"),
    (6, "BPF_OBJ_PIN"),
    (7, "BPF_OBJ_GET"),
    (8, "BPF_PROG_ATTACH"),
    (9, "BPF_PROG_DETACH"),
    (10, "BPF_PROG_TEST_RUN"),
    (11, "BPF_PROG_GET_NEXT_ID"),
    (12, "BPF_MAP_GET_NEXT_ID"),
    (13, "BPF_PROG_GET_FD_BY_ID"),
    (14, "BPF_MAP_GET_FD_BY_ID"),
    (15, "BPF_OBJ_GET_INFO_BY_FD"),
    (16, "BPF_PROG_QUERY"),
    (17, "BPF_RAW_TRACEPOINT_OPEN"),
    (18, "BPF_BTF_LOAD"),
    (19, "BPF_BTF_GET_FD_BY_ID"),
    (20, "BPF_TASK_FD_QUERY"),
    (21, "BPF_MAP_LOOKUP_AND_DELETE_ELEM"),
    (22, "BPF_MAP_FREEZE"),
    (23, "BPF_BTF_GET_NEXT_ID"),
    (24, "BPF_MAP_LOOKUP_BATCH"),
    (25, "BPF_MAP_LOOKUP_AND_DELETE_BATCH"),
    (26, "BPF_MAP_UPDATE_BATCH"),
    (27, "BPF_MAP_DELETE_BATCH"),
    (28, "BPF_LINK_CREATE"),
    (29, "BPF_LINK_UPDATE"),
    (30, "BPF_LINK_GET_FD_BY_ID"),
    (31, "BPF_LINK_GET_NEXT_ID"),
    (32, "BPF_ENABLE_STATS"),
    (33, "BPF_ITER_CREATE"),
    (34, "BPF_LINK_DETACH"),
    (35, "BPF_PROG_BIND_MAP"),
]);

/// ioprio_get(2)/ioprio_set(2) `which`.
pub static IOPRIO_WHICH: SymSet = SymSet(&[(1, "IOPRIO_WHO_PROCESS"), (2, "IOPRIO_WHO_PGRP"), (3, "IOPRIO_WHO_USER")]);

/// The struct sysinfo sysinfo(2) wrote.
pub fn sysinfo_out(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    // uptime, loads[3], totalram, freeram, sharedram, bufferram, totalswap,
    // freeswap (longs), procs (u16, padded), totalhigh, freehigh (longs),
    // mem_unit (u32).
    let Some(w) = r.read::<[u64; 14]>(addr) else {
        return Value::Unreadable(addr);
    };
    let u = |i: usize| Value::Uint(w[i]);
    Value::Struct(vec![
        field("uptime", int(w[0] as i64)),
        field("loads", Value::Array { items: vec![u(1), u(2), u(3)], more: false }),
        field("totalram", u(4)),
        field("freeram", u(5)),
        field("sharedram", u(6)),
        field("bufferram", u(7)),
        field("totalswap", u(8)),
        field("freeswap", u(9)),
        field("procs", Value::Uint(w[10] & 0xffff)),
        field("totalhigh", u(11)),
        field("freehigh", u(12)),
        field("mem_unit", Value::Uint(w[13] & 0xffff_ffff)),
    ])
}

// ---- keys ----------------------------------------------------------------------------

/// The special key serials: the keyrings a process has by name.
static KEY_SPECIALS: SymSet = SymSet(&[
    (-1, "KEY_SPEC_THREAD_KEYRING"),
    (-2, "KEY_SPEC_PROCESS_KEYRING"),
    (-3, "KEY_SPEC_SESSION_KEYRING"),
    (-4, "KEY_SPEC_USER_KEYRING"),
    (-5, "KEY_SPEC_USER_SESSION_KEYRING"),
    (-6, "KEY_SPEC_GROUP_KEYRING"),
    (-7, "KEY_SPEC_REQKEY_AUTH_KEY"),
    (-8, "KEY_SPEC_REQUESTOR_KEYRING"),
]);

fn serial(v: u64) -> Value {
    let s = v as i32 as i64;
    match KEY_SPECIALS.name(s) {
        Some(name) => Value::Sym(Sym { raw: s, name: Some(name) }),
        None => int(s),
    }
}

/// A key serial (`key_serial_t`): a special keyring by name.
pub fn key_serial(_: &Reader, v: u64, _: &[u64; 6]) -> Value {
    serial(v)
}

static KEYCTL_OPS: SymSet = SymSet(&[
    (0, "KEYCTL_GET_KEYRING_ID"),
    (1, "KEYCTL_JOIN_SESSION_KEYRING"),
    (2, "KEYCTL_UPDATE"),
    (3, "KEYCTL_REVOKE"),
    (4, "KEYCTL_CHOWN"),
    (5, "KEYCTL_SETPERM"),
    (6, "KEYCTL_DESCRIBE"),
    (7, "KEYCTL_CLEAR"),
    (8, "KEYCTL_LINK"),
    (9, "KEYCTL_UNLINK"),
    (10, "KEYCTL_SEARCH"),
    (11, "KEYCTL_READ"),
    (12, "KEYCTL_INSTANTIATE"),
    (13, "KEYCTL_NEGATE"),
    (14, "KEYCTL_SET_REQKEY_KEYRING"),
    (15, "KEYCTL_SET_TIMEOUT"),
    (16, "KEYCTL_ASSUME_AUTHORITY"),
    (17, "KEYCTL_GET_SECURITY"),
    (18, "KEYCTL_SESSION_TO_PARENT"),
    (19, "KEYCTL_REJECT"),
    (20, "KEYCTL_INSTANTIATE_IOV"),
    (21, "KEYCTL_INVALIDATE"),
    (22, "KEYCTL_GET_PERSISTENT"),
    (23, "KEYCTL_DH_COMPUTE"),
    (24, "KEYCTL_PKEY_QUERY"),
    (25, "KEYCTL_PKEY_ENCRYPT"),
    (26, "KEYCTL_PKEY_DECRYPT"),
    (27, "KEYCTL_PKEY_SIGN"),
    (28, "KEYCTL_PKEY_VERIFY"),
    (29, "KEYCTL_RESTRICT_KEYRING"),
    (30, "KEYCTL_MOVE"),
    (31, "KEYCTL_CAPABILITIES"),
    (32, "KEYCTL_WATCH_KEY"),
]);

/// keyctl(2): the operation by name and the arguments it reads, each by
/// its meaning for the common operations (a key, a keyring, a
/// description, a buffer), in hexadecimal for the others.
pub fn keyctl_entry(r: &Reader, raw: &RawSyscall) -> Vec<Field> {
    let a = &raw.args;
    let op = a[0] as i32 as i64;
    let mut args = vec![field("operation", Value::Sym(KEYCTL_OPS.decode(op)))];
    let hex = |i: usize, name: &'static str| field(name, Value::Hex(a[i]));
    match op {
        // A key, and whether to create it.
        0 => args.extend([field("key", serial(a[1])), field("create", int(a[2] as i32 as i64))]),
        // A keyring name.
        1 => args.push(field("name", r.c_string(a[1]))),
        // One key.
        3 | 7 | 16 | 21 => args.push(field("key", serial(a[1]))),
        // A key and a buffer of its size.
        2 => args.extend([
            field("key", serial(a[1])),
            field("payload", r.buffer(a[2], a[3])),
            field("plen", Value::Uint(a[3])),
        ]),
        4 => args.extend([
            field("key", serial(a[1])),
            field("uid", int(a[2] as i32 as i64)),
            field("gid", int(a[3] as i32 as i64)),
        ]),
        5 => args.extend([field("key", serial(a[1])), field("perm", Value::Hex(a[2] as u32 as u64))]),
        6 | 11 | 17 => args.extend([
            field("key", serial(a[1])),
            field("buffer", Value::Ptr(a[2])),
            field("buflen", Value::Uint(a[3])),
        ]),
        8 | 9 => args.extend([field("key", serial(a[1])), field("keyring", serial(a[2]))]),
        10 => args.extend([
            field("keyring", serial(a[1])),
            field("type", r.c_string(a[2])),
            field("description", r.c_string(a[3])),
            field("dest_keyring", serial(a[4])),
        ]),
        15 => args.extend([field("key", serial(a[1])), field("timeout", Value::Uint(a[2] as u32 as u64))]),
        _ => args.extend([hex(1, "arg2"), hex(2, "arg3"), hex(3, "arg4"), hex(4, "arg5")]),
    }
    args
}
