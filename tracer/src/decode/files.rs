//! Files and descriptors: the open calls, whose mode matters only when
//! they may create, mknod's file type, and fcntl, whose third argument and
//! result are what its command says.

use std::fmt::Write as _;

use super::bytes::KernelStatfs;
use super::calls::{changed, field, int, long_ref};
use super::flags::*;
use super::mem::Reader;
use super::names::signal_name;
use super::value::{Fd, Field, Flags, Sym, Value};
use super::{RawSyscall, Syscall};

fn open_args(r: &Reader, path: u64, flags: u64, mode: u64) -> Vec<Field> {
    let mut args = vec![field("pathname", r.path(path)), field("flags", Value::Flags(OPEN_FLAGS.decode(flags)))];
    // The mode matters only when the call may create a file.
    // (O_TMPFILE includes the O_DIRECTORY bit: test for all of it.)
    let tmpfile = libc::O_TMPFILE as u64;
    if flags & libc::O_CREAT as u64 != 0 || flags & tmpfile == tmpfile {
        args.push(field("mode", Value::Oct(mode as u16 as u64)));
    }
    args
}

#[cfg(target_arch = "x86_64")]
/// open(2): the mode is shown only with O_CREAT or O_TMPFILE, as strace does.
pub fn open_entry(r: &Reader, raw: &RawSyscall) -> Vec<Field> {
    open_args(r, raw.args[0], raw.args[1], raw.args[2])
}

/// openat(2), likewise.
pub fn openat_entry(r: &Reader, raw: &RawSyscall) -> Vec<Field> {
    let mut args = vec![field("dirfd", super::spec::entry_value(r, super::spec::K::AtFd, raw.args[0], &raw.args))];
    args.extend(open_args(r, raw.args[1], raw.args[2], raw.args[3]));
    args
}

/// The mode and device of mknod(2) and mknodat(2): the file type by name,
/// then the permissions; the device only for a character or block device,
/// as strace shows it: `makedev(0x1, 0x3)`.
fn mknod_args(mut args: Vec<Field>, mode: u64, dev: u64) -> Vec<Field> {
    let mode = mode as u32 as u64;
    args.push(field("mode", super::calls::mode_text(mode)));
    let kind = mode & libc::S_IFMT as u64;
    if kind == libc::S_IFCHR as u64 || kind == libc::S_IFBLK as u64 {
        let dev = dev as u32 as u64;
        args.push(field(
            "dev",
            Value::Text(format!("makedev({:#x}, {:#x})", (dev >> 8) & 0xfff, (dev & 0xff) | ((dev >> 12) & 0xfff00))),
        ));
    }
    args
}

#[cfg(target_arch = "x86_64")]
/// mknod(2).
pub fn mknod_entry(r: &Reader, raw: &RawSyscall) -> Vec<Field> {
    mknod_args(vec![field("pathname", r.path(raw.args[0]))], raw.args[1], raw.args[2])
}

/// mknodat(2).
pub fn mknodat_entry(r: &Reader, raw: &RawSyscall) -> Vec<Field> {
    let dirfd = super::spec::entry_value(r, super::spec::K::AtFd, raw.args[0], &raw.args);
    mknod_args(vec![field("dirfd", dirfd), field("pathname", r.path(raw.args[1]))], raw.args[2], raw.args[3])
}

/// struct open_how of openat2(2): `{flags=O_RDONLY|O_CLOEXEC, mode=0,
/// resolve=0}`.
#[inline(never)]
pub fn open_how_in(r: &Reader, addr: u64, all: &[u64; 6]) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    if all[3] < 24 {
        return Value::Ptr(addr);
    }
    match r.read::<[u64; 3]>(addr) {
        Some([flags, mode, resolve]) => Value::Struct(vec![
            field("flags", Value::Flags(OPEN_FLAGS.decode(flags))),
            field("mode", Value::Oct(mode)),
            field("resolve", Value::Flags(RESOLVE_FLAGS.decode(resolve))),
        ]),
        None => Value::Unreadable(addr),
    }
}

static RESOLVE_FLAGS: FlagSet = FlagSet {
    bits: &[
        (0x01, "RESOLVE_NO_XDEV"),
        (0x02, "RESOLVE_NO_MAGICLINKS"),
        (0x04, "RESOLVE_NO_SYMLINKS"),
        (0x08, "RESOLVE_BENEATH"),
        (0x10, "RESOLVE_IN_ROOT"),
        (0x20, "RESOLVE_CACHED"),
    ],
    zero: Some("0"),
    mode_bits: false,
    access_mode: false,
};

// ---- fcntl -------------------------------------------------------------------------

/// A struct flock; `with_pid` for what F_GETLK returns (l_pid is
/// meaningful only there).
fn flock(r: &Reader, addr: u64, cmd: i32, with_pid: bool) -> Value {
    let lock = if r.compat {
        compat_flock(r, addr, cmd)
    } else {
        r.read::<libc::flock>(addr).map(|l| Lock {
            kind: l.l_type,
            whence: l.l_whence,
            start: l.l_start,
            len: l.l_len,
            pid: l.l_pid,
        })
    };
    match lock {
        Some(l) => {
            let mut fields = vec![
                field("l_type", Value::Sym(LOCK_TYPES.decode(l.kind as i64))),
                field("l_whence", Value::Sym(WHENCE.decode(l.whence as i64))),
                field("l_start", int(l.start)),
                field("l_len", int(l.len)),
            ];
            if with_pid {
                fields.push(field("l_pid", int(l.pid as i64)));
            }
            Value::Struct(fields)
        }
        None => Value::Unreadable(addr),
    }
}

/// A record lock's fields, whatever the layout they were read from.
struct Lock {
    kind: i16,
    whence: i16,
    start: i64,
    len: i64,
    pid: i32,
}

/// The lock commands of a 32-bit program that take the 64-bit-offset
/// `struct flock64` (fcntl64's F_GETLK64, F_SETLK64 and F_SETLKW64).
const F_GETLK64_32: i32 = 12;
const F_SETLK64_32: i32 = 13;
const F_SETLKW64_32: i32 = 14;

/// Where a 32-bit program's `struct flock64` keeps l_start, l_len and
/// l_pid, and its size: packed on x86 (the kernel's `compat_flock64`),
/// 8-byte aligned on arm.
#[cfg(target_arch = "x86_64")]
const FLOCK64_32: [usize; 4] = [4, 12, 20, 24];
#[cfg(not(target_arch = "x86_64"))]
const FLOCK64_32: [usize; 4] = [8, 16, 24, 32];

/// A 32-bit program's lock, read as the kernel reads it: `struct
/// compat_flock` (32-bit offsets) for F_GETLK, F_SETLK and F_SETLKW, the
/// 64-bit-offset `struct flock64` for the *64 and OFD commands.
fn compat_flock(r: &Reader, addr: u64, cmd: i32) -> Option<Lock> {
    let wide = matches!(
        cmd,
        F_GETLK64_32 | F_SETLK64_32 | F_SETLKW64_32 | libc::F_OFD_GETLK | libc::F_OFD_SETLK | libc::F_OFD_SETLKW
    );
    let [start, len, pid, size] = if wide { FLOCK64_32 } else { [4, 8, 12, 16] };
    let mut b = [0u8; 32];
    if !r.read_exact(addr, &mut b[..size]) {
        return None;
    }
    let i16_at = |at: usize| i16::from_ne_bytes([b[at], b[at + 1]]);
    let i32_at = |at: usize| i32::from_ne_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]);
    let off_at = |at: usize| {
        if wide { i64::from_ne_bytes(b[at..at + 8].try_into().unwrap_or_default()) } else { i32_at(at) as i64 }
    };
    Some(Lock { kind: i16_at(0), whence: i16_at(2), start: off_at(start), len: off_at(len), pid: i32_at(pid) })
}

/// struct f_owner_ex of F_SETOWN_EX and F_GETOWN_EX: `{type=F_OWNER_PID, pid=1234}`.
fn owner_ex(r: &Reader, addr: u64) -> Value {
    match r.read::<[i32; 2]>(addr) {
        Some([kind, pid]) => Value::Struct(vec![
            field("type", Value::Sym(OWNER_TYPES.decode(kind as i64))),
            field("pid", int(pid as i64)),
        ]),
        None => Value::Unreadable(addr),
    }
}

static OWNER_TYPES: SymSet = SymSet(&[(0, "F_OWNER_TID"), (1, "F_OWNER_PID"), (2, "F_OWNER_PGRP")]);

/// F_NOTIFY's directory events.
static DN_FLAGS: FlagSet = FlagSet {
    bits: &[
        (0x1, "DN_ACCESS"),
        (0x2, "DN_MODIFY"),
        (0x4, "DN_CREATE"),
        (0x8, "DN_DELETE"),
        (0x10, "DN_RENAME"),
        (0x20, "DN_ATTRIB"),
        (0x8000_0000, "DN_MULTISHOT"),
    ],
    zero: Some("0"),
    mode_bits: false,
    access_mode: false,
};

/// Seals of F_ADD_SEALS and F_GET_SEALS.
static SEALS: FlagSet = FlagSet {
    bits: &[
        (0x1, "F_SEAL_SEAL"),
        (0x2, "F_SEAL_SHRINK"),
        (0x4, "F_SEAL_GROW"),
        (0x8, "F_SEAL_WRITE"),
        (0x10, "F_SEAL_FUTURE_WRITE"),
        (0x20, "F_SEAL_EXEC"),
    ],
    zero: Some("0"),
    mode_bits: false,
    access_mode: false,
};

const F_SETSIG: i32 = 10;
const F_GETSIG: i32 = 11;
const F_SETOWN_EX: i32 = 15;
const F_GETOWN_EX: i32 = 16;

/// An fcntl command's name; a 32-bit program also has the *64 lock
/// commands (strace's names).
fn fcntl_cmd(r: &Reader, cmd: i32) -> Sym {
    match cmd {
        F_GETLK64_32 if r.compat => Sym { raw: cmd as i64, name: Some("F_GETLK64") },
        F_SETLK64_32 if r.compat => Sym { raw: cmd as i64, name: Some("F_SETLK64") },
        F_SETLKW64_32 if r.compat => Sym { raw: cmd as i64, name: Some("F_SETLKW64") },
        _ => FCNTL_CMDS.decode(cmd as i64),
    }
}

/// fcntl(2): the third argument is what the command says; what the kernel
/// returns for a "get" command (a lock, an owner) is read at exit.
pub fn fcntl_entry(r: &Reader, raw: &RawSyscall) -> Vec<Field> {
    let cmd = raw.args[1] as u32 as i32;
    let mut args =
        vec![field("fd", Value::Fd(Fd::new(raw.args[0] as i32))), field("cmd", Value::Sym(fcntl_cmd(r, cmd)))];
    let arg = raw.args[2];
    let third = match cmd {
        libc::F_GETFD
        | libc::F_GETFL
        | libc::F_GETOWN
        | F_GETSIG
        | libc::F_GETLEASE
        | libc::F_GETPIPE_SZ
        | libc::F_GET_SEALS => None,
        libc::F_SETFD => Some(Value::Flags(FD_CLOEXEC_FLAGS.decode(arg))),
        libc::F_SETFL => Some(Value::Flags(OPEN_FLAGS.decode(arg))),
        libc::F_SETLK | libc::F_SETLKW | libc::F_OFD_SETLK | libc::F_OFD_SETLKW => Some(flock(r, arg, cmd, false)),
        F_SETLK64_32 | F_SETLKW64_32 if r.compat => Some(flock(r, arg, cmd, false)),
        // What the kernel fills is read at exit.
        libc::F_GETLK | libc::F_OFD_GETLK | F_GETOWN_EX => Some(Value::Out(arg)),
        F_GETLK64_32 if r.compat => Some(Value::Out(arg)),
        F_SETOWN_EX => Some(owner_ex(r, arg)),
        libc::F_NOTIFY => Some(Value::Flags(DN_FLAGS.decode(arg))),
        libc::F_SETLEASE => Some(Value::Sym(LOCK_TYPES.decode(arg as i64))),
        libc::F_ADD_SEALS => Some(Value::Flags(SEALS.decode(arg))),
        F_SETSIG => Some(Value::Signal(arg as i32)),
        libc::F_DUPFD | libc::F_DUPFD_CLOEXEC | libc::F_SETPIPE_SZ | libc::F_SETOWN => Some(int(arg as i32 as i64)),
        _ => Some(Value::Hex(arg)),
    };
    if let Some(v) = third {
        args.push(field("arg", v));
    }
    args
}

/// `0x8002 (flags O_RDWR|O_LARGEFILE)`: a result in hexadecimal with what
/// it means, as strace prints what a "get" command returns.
fn explained(ret: i64, what: &str) -> Value {
    let mut text = String::new();
    super::value::push_hex(&mut text, ret as u64);
    let _ = write!(text, " ({what})");
    Value::Text(text)
}

fn flags_text(f: Flags) -> String {
    Value::Flags(f).to_string()
}

/// fcntl(2) at exit: a duplicated fd, the flags, seals, lease or signal
/// read, or the lock or owner found.
pub fn fcntl_exit(r: &Reader, call: &mut Syscall, ret: i64) {
    let arg = call.raw.args[2];
    let cmd = call.raw.args[1] as u32 as i32;
    match cmd {
        libc::F_DUPFD | libc::F_DUPFD_CLOEXEC => call.ret_value = Some(Value::Fd(Fd::new(ret as i32))),
        libc::F_GETFL => {
            call.ret_value = Some(explained(ret, &format!("flags {}", flags_text(OPEN_FLAGS.decode(ret as u64)))))
        }
        libc::F_GETFD if ret != 0 => {
            call.ret_value = Some(explained(ret, &format!("flags {}", flags_text(FD_CLOEXEC_FLAGS.decode(ret as u64)))))
        }
        libc::F_GET_SEALS if ret != 0 => {
            call.ret_value = Some(explained(ret, &format!("seals {}", flags_text(SEALS.decode(ret as u64)))))
        }
        libc::F_GETLEASE => {
            if let Some(name) = LOCK_TYPES.name(ret) {
                call.ret_value = Some(explained(ret, name));
            }
        }
        F_GETSIG if ret != 0 => call.ret_value = Some(Value::Text(format!("{ret} ({})", signal_name(ret as i32)))),
        libc::F_GETLK | libc::F_OFD_GETLK | F_GETLK64_32 if cmd != F_GETLK64_32 || r.compat => {
            let lock = flock(r, arg, cmd, true);
            if let Some(a) = call.arg_mut("arg") {
                *a = lock;
            }
        }
        F_GETOWN_EX => {
            let owner = owner_ex(r, arg);
            if let Some(a) = call.arg_mut("arg") {
                *a = owner;
            }
        }
        _ => {}
    }
}

// ---- the rest of the file calls ------------------------------------------------------

const fn flag_set(bits: &'static [(u64, &'static str)]) -> FlagSet {
    FlagSet { bits, zero: Some("0"), mode_bits: false, access_mode: false }
}

/// close_range(2) flags.
pub static CLOSE_RANGE_FLAGS: FlagSet = flag_set(&[(2, "CLOSE_RANGE_UNSHARE"), (4, "CLOSE_RANGE_CLOEXEC")]);

/// fallocate(2) modes.
pub static FALLOC_FLAGS: FlagSet = flag_set(&[
    (0x01, "FALLOC_FL_KEEP_SIZE"),
    (0x02, "FALLOC_FL_PUNCH_HOLE"),
    (0x04, "FALLOC_FL_NO_HIDE_STALE"),
    (0x08, "FALLOC_FL_COLLAPSE_RANGE"),
    (0x10, "FALLOC_FL_ZERO_RANGE"),
    (0x20, "FALLOC_FL_INSERT_RANGE"),
    (0x40, "FALLOC_FL_UNSHARE_RANGE"),
]);

/// posix_fadvise(2) advice (fadvise64 on 64-bit architectures).
pub static FADVICE: SymSet = SymSet(&[
    (0, "POSIX_FADV_NORMAL"),
    (1, "POSIX_FADV_RANDOM"),
    (2, "POSIX_FADV_SEQUENTIAL"),
    (3, "POSIX_FADV_WILLNEED"),
    (4, "POSIX_FADV_DONTNEED"),
    (5, "POSIX_FADV_NOREUSE"),
]);

/// preadv2(2)/pwritev2(2) flags.
pub static RWF_FLAGS: FlagSet = flag_set(&[
    (0x01, "RWF_HIPRI"),
    (0x02, "RWF_DSYNC"),
    (0x04, "RWF_SYNC"),
    (0x08, "RWF_NOWAIT"),
    (0x10, "RWF_APPEND"),
    (0x20, "RWF_NOAPPEND"),
    (0x40, "RWF_ATOMIC"),
    (0x80, "RWF_DONTCACHE"),
]);

/// sync_file_range(2) flags.
pub static SYNC_FILE_RANGE_FLAGS: FlagSet =
    flag_set(&[(1, "SYNC_FILE_RANGE_WAIT_BEFORE"), (2, "SYNC_FILE_RANGE_WRITE"), (4, "SYNC_FILE_RANGE_WAIT_AFTER")]);

/// setxattr(2) flags.
pub static XATTR_FLAGS: FlagSet = flag_set(&[(1, "XATTR_CREATE"), (2, "XATTR_REPLACE")]);

/// mount(2) flags (MS_MGC_VAL in the upper half is the old magic number).
pub static MOUNT_FLAGS: FlagSet = flag_set(&[
    (0xc0ed_0000, "MS_MGC_VAL"),
    (1, "MS_RDONLY"),
    (2, "MS_NOSUID"),
    (4, "MS_NODEV"),
    (8, "MS_NOEXEC"),
    (16, "MS_SYNCHRONOUS"),
    (32, "MS_REMOUNT"),
    (64, "MS_MANDLOCK"),
    (128, "MS_DIRSYNC"),
    (256, "MS_NOSYMFOLLOW"),
    (1024, "MS_NOATIME"),
    (2048, "MS_NODIRATIME"),
    (4096, "MS_BIND"),
    (8192, "MS_MOVE"),
    (16384, "MS_REC"),
    (32768, "MS_SILENT"),
    (1 << 16, "MS_POSIXACL"),
    (1 << 17, "MS_UNBINDABLE"),
    (1 << 18, "MS_PRIVATE"),
    (1 << 19, "MS_SLAVE"),
    (1 << 20, "MS_SHARED"),
    (1 << 21, "MS_RELATIME"),
    (1 << 22, "MS_KERNMOUNT"),
    (1 << 23, "MS_I_VERSION"),
    (1 << 24, "MS_STRICTATIME"),
    (1 << 25, "MS_LAZYTIME"),
]);

/// umount2(2) flags.
pub static UMOUNT_FLAGS: FlagSet =
    flag_set(&[(1, "MNT_FORCE"), (2, "MNT_DETACH"), (4, "MNT_EXPIRE"), (8, "UMOUNT_NOFOLLOW")]);

/// An offset passed by address and updated by the call (sendfile,
/// copy_file_range): `[0]` at entry, `[0 => 5]` once the kernel moved it.
pub fn offset_after(r: &Reader, call: &Syscall, addr: u64, _: i64) -> Value {
    let before = call.args.iter().find(|a| matches!(&a.value, Value::Array { .. }) && a.name.starts_with("off"));
    let now = long_ref(r, addr);
    changed(before.map(|a| &a.value), now)
}

/// struct statfs statfs(2) and fstatfs(2) wrote.
pub fn statfs_out(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    match r.read::<KernelStatfs>(addr) {
        Some(s) => {
            let fsid = s.f_fsid;
            Value::Struct(vec![
                field("f_type", Value::Sym(FS_TYPES.decode(s.f_type))),
                field("f_bsize", int(s.f_bsize)),
                field("f_blocks", Value::Uint(s.f_blocks)),
                field("f_bfree", Value::Uint(s.f_bfree)),
                field("f_bavail", Value::Uint(s.f_bavail)),
                field("f_files", Value::Uint(s.f_files)),
                field("f_ffree", Value::Uint(s.f_ffree)),
                field(
                    "f_fsid",
                    Value::Struct(vec![field(
                        "val",
                        Value::Array {
                            items: vec![Value::Hex(fsid[0] as u32 as u64), Value::Hex(fsid[1] as u32 as u64)],
                            more: false,
                        },
                    )]),
                ),
                field("f_namelen", int(s.f_namelen)),
                field("f_frsize", int(s.f_frsize)),
                field("f_flags", Value::Flags(ST_FLAGS.decode(s.f_flags as u64))),
            ])
        }
        None => Value::Unreadable(addr),
    }
}

/// File system magic numbers, the common ones.
static FS_TYPES: SymSet = SymSet(&[
    (0xef53, "EXT2_SUPER_MAGIC"),
    (0x0102_1994, "TMPFS_MAGIC"),
    (0x9fa0, "PROC_SUPER_MAGIC"),
    (0x6265_6572, "SYSFS_MAGIC"),
    (0x794c_7630, "OVERLAYFS_SUPER_MAGIC"),
    (0x5846_5342, "XFS_SUPER_MAGIC"),
    (0x9123_683e, "BTRFS_SUPER_MAGIC"),
    (0x1cd1, "DEVPTS_SUPER_MAGIC"),
    (0x6368_7270, "CGROUP2_SUPER_MAGIC"),
    (0x1980_0202, "MQUEUE_MAGIC"),
    (0x5049_5045, "PIPEFS_MAGIC"),
    (0x534f_434b, "SOCKFS_MAGIC"),
    (0x0904_1934, "ANON_INODE_FS_MAGIC"),
]);

/// f_flags of a struct statfs.
static ST_FLAGS: FlagSet = flag_set(&[
    (0x20, "ST_VALID"),
    (1, "ST_RDONLY"),
    (2, "ST_NOSUID"),
    (4, "ST_NODEV"),
    (8, "ST_NOEXEC"),
    (16, "ST_SYNCHRONOUS"),
    (64, "ST_MANDLOCK"),
    (128, "ST_WRITE"),
    (256, "ST_APPEND"),
    (512, "ST_IMMUTABLE"),
    (1024, "ST_NOATIME"),
    (2048, "ST_NODIRATIME"),
    (4096, "ST_RELATIME"),
    (8192, "ST_NOSYMFOLLOW"),
]);

/// The names listxattr(2) wrote, `ret` bytes of NUL-separated names:
/// `"user.a\0user.b\0"`.
pub fn xattr_list_out(r: &Reader, addr: u64, _: &[u64; 6], ret: i64) -> Value {
    r.buffer(addr, ret.max(0) as u64)
}

#[cfg(target_arch = "x86_64")]
/// struct utimbuf of utime(2): `{actime=0, modtime=0}`.
pub fn utimbuf_in(r: &Reader, addr: u64, _: &[u64; 6]) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    match r.read::<[i64; 2]>(addr) {
        Some([a, m]) => Value::Struct(vec![field("actime", int(a)), field("modtime", int(m))]),
        None => Value::Unreadable(addr),
    }
}

/// The flags of preadv2(2) and pwritev2(2), in the sixth register: the
/// offset takes two (its low and high halves; on a 64-bit architecture the
/// high half is not read).
pub fn rwf_flags(_: &Reader, _: u64, all: &[u64; 6]) -> Value {
    Value::Flags(RWF_FLAGS.decode(all[5] as u32 as u64))
}

/// What mount(2) ignores of its filesystem type and data, as the flags
/// say (strace's rule): (type ignored, data ignored). A remount keeps the
/// type it has; a bind, a move or a change of propagation reads neither.
fn mount_ignores(flags: u64) -> (bool, bool) {
    const MGC_MASK: u64 = 0xffff_0000;
    const MGC_VAL: u64 = 0xc0ed_0000;
    let flags = if flags & MGC_MASK == MGC_VAL { flags & !MGC_MASK } else { flags };
    let neither: u64 =
        libc::MS_BIND | libc::MS_MOVE | libc::MS_SHARED | libc::MS_PRIVATE | libc::MS_SLAVE | libc::MS_UNBINDABLE;
    if flags & libc::MS_REMOUNT != 0 {
        (true, false)
    } else if flags & neither != 0 {
        (true, true)
    } else {
        (false, false)
    }
}

/// mount(2)'s filesystem type: a string, or by address where the flags
/// make the kernel ignore it.
#[inline(never)]
pub fn mount_type(r: &Reader, addr: u64, all: &[u64; 6]) -> Value {
    if mount_ignores(all[3]).0 { Value::Ptr(addr) } else { r.c_string(addr) }
}

/// mount(2)'s data: the file system's options as a string (`"size=1m"`),
/// or by address where the flags make the kernel ignore it.
#[inline(never)]
pub fn mount_data(r: &Reader, addr: u64, all: &[u64; 6]) -> Value {
    if mount_ignores(all[3]).1 { Value::Ptr(addr) } else { r.c_string(addr) }
}
