//! The rest of what a program calls on its way: memory advice and
//! remapping, resource limits, file status, directory entries, terminal
//! ioctls, the machine's name, and the small file calls (rename, readlink,
//! chmod, splice).

use std::fmt::Write as _;

use super::calls::{field, int, int_ref, mode_text};
use super::flags::{FlagSet, SymSet};
use super::mem::{ARRAY_LIMIT, PATH_LIMIT, Reader};
use super::value::{Bytes, Fd, Field, Value};
use super::{RawSyscall, Syscall};

const fn flag_set(bits: &'static [(u64, &'static str)]) -> FlagSet {
    FlagSet { bits, zero: Some("0"), mode_bits: false, access_mode: false }
}

// ---- memory ------------------------------------------------------------------------

/// mremap(2) flags.
pub static MREMAP_FLAGS: FlagSet = flag_set(&[(1, "MREMAP_MAYMOVE"), (2, "MREMAP_FIXED"), (4, "MREMAP_DONTUNMAP")]);

/// mremap(2): the new address only with MREMAP_FIXED, which uses it (as
/// strace shows it).
pub fn mremap_entry(_: &Reader, raw: &RawSyscall) -> Vec<Field> {
    let a = &raw.args;
    let mut args = vec![
        field("old_address", Value::Ptr(a[0])),
        field("old_size", Value::Uint(a[1])),
        field("new_size", Value::Uint(a[2])),
        field("flags", Value::Flags(MREMAP_FLAGS.decode(a[3]))),
    ];
    if a[3] & 2 != 0 {
        args.push(field("new_address", Value::Ptr(a[4])));
    }
    args
}

/// msync(2) flags.
pub static MSYNC_FLAGS: FlagSet = flag_set(&[(1, "MS_ASYNC"), (2, "MS_INVALIDATE"), (4, "MS_SYNC")]);

/// getrandom(2) flags.
pub static GRND_FLAGS: FlagSet = flag_set(&[(1, "GRND_NONBLOCK"), (2, "GRND_RANDOM"), (4, "GRND_INSECURE")]);

/// madvise(2) advice.
pub static MADVICE: SymSet = SymSet(&[
    (0, "MADV_NORMAL"),
    (1, "MADV_RANDOM"),
    (2, "MADV_SEQUENTIAL"),
    (3, "MADV_WILLNEED"),
    (4, "MADV_DONTNEED"),
    (8, "MADV_FREE"),
    (9, "MADV_REMOVE"),
    (10, "MADV_DONTFORK"),
    (11, "MADV_DOFORK"),
    (12, "MADV_MERGEABLE"),
    (13, "MADV_UNMERGEABLE"),
    (14, "MADV_HUGEPAGE"),
    (15, "MADV_NOHUGEPAGE"),
    (16, "MADV_DONTDUMP"),
    (17, "MADV_DODUMP"),
    (18, "MADV_WIPEONFORK"),
    (19, "MADV_KEEPONFORK"),
    (20, "MADV_COLD"),
    (21, "MADV_PAGEOUT"),
    (22, "MADV_POPULATE_READ"),
    (23, "MADV_POPULATE_WRITE"),
    (24, "MADV_DONTNEED_LOCKED"),
    (25, "MADV_COLLAPSE"),
    (100, "MADV_HWPOISON"),
    (101, "MADV_SOFT_OFFLINE"),
]);

/// memfd_create(2) flags.
pub static MFD_FLAGS: FlagSet = flag_set(&[
    (1, "MFD_CLOEXEC"),
    (2, "MFD_ALLOW_SEALING"),
    (4, "MFD_HUGETLB"),
    (8, "MFD_NOEXEC_SEAL"),
    (0x10, "MFD_EXEC"),
]);

// ---- resource limits ---------------------------------------------------------------

/// Resource limits by name.
pub static RLIMITS: SymSet = SymSet(&[
    (0, "RLIMIT_CPU"),
    (1, "RLIMIT_FSIZE"),
    (2, "RLIMIT_DATA"),
    (3, "RLIMIT_STACK"),
    (4, "RLIMIT_CORE"),
    (5, "RLIMIT_RSS"),
    (6, "RLIMIT_NPROC"),
    (7, "RLIMIT_NOFILE"),
    (8, "RLIMIT_MEMLOCK"),
    (9, "RLIMIT_AS"),
    (10, "RLIMIT_LOCKS"),
    (11, "RLIMIT_SIGPENDING"),
    (12, "RLIMIT_MSGQUEUE"),
    (13, "RLIMIT_NICE"),
    (14, "RLIMIT_RTPRIO"),
    (15, "RLIMIT_RTTIME"),
]);

fn rlim(v: u64) -> Value {
    if v == u64::MAX { Value::Text("RLIM64_INFINITY".into()) } else { Value::Uint(v) }
}

fn rlimit(r: &Reader, addr: u64) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    match r.read::<[u64; 2]>(addr) {
        Some([cur, max]) => Value::Struct(vec![field("rlim_cur", rlim(cur)), field("rlim_max", rlim(max))]),
        None => Value::Unreadable(addr),
    }
}

/// A limit passed in: `{rlim_cur=1024, rlim_max=RLIM64_INFINITY}`.
#[inline(never)]
pub fn rlimit_in(r: &Reader, addr: u64, _: &[u64; 6]) -> Value {
    rlimit(r, addr)
}

/// A limit the kernel wrote back.
#[inline(never)]
pub fn rlimit_out(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    rlimit(r, addr)
}

// ---- x86_64 arch_prctl ---------------------------------------------------------------

/// arch_prctl(2) codes.
#[cfg(target_arch = "x86_64")]
pub static ARCH_PRCTL_CODES: SymSet = SymSet(&[
    (0x1001, "ARCH_SET_GS"),
    (0x1002, "ARCH_SET_FS"),
    (0x1003, "ARCH_GET_FS"),
    (0x1004, "ARCH_GET_GS"),
    (0x1011, "ARCH_GET_CPUID"),
    (0x1012, "ARCH_SET_CPUID"),
    (0x1021, "ARCH_GET_XCOMP_SUPP"),
    (0x1022, "ARCH_GET_XCOMP_PERM"),
    (0x1023, "ARCH_REQ_XCOMP_PERM"),
    (0x1024, "ARCH_GET_XCOMP_GUEST_PERM"),
    (0x1025, "ARCH_REQ_XCOMP_GUEST_PERM"),
    (0x2001, "ARCH_MAP_VDSO_X32"),
    (0x2002, "ARCH_MAP_VDSO_32"),
    (0x2003, "ARCH_MAP_VDSO_64"),
    (0x5001, "ARCH_SHSTK_ENABLE"),
    (0x5002, "ARCH_SHSTK_DISABLE"),
    (0x5003, "ARCH_SHSTK_LOCK"),
    (0x5004, "ARCH_SHSTK_UNLOCK"),
    (0x5005, "ARCH_SHSTK_STATUS"),
]);

// ---- CPU affinity --------------------------------------------------------------------

/// Most bytes of a CPU mask read (8192 CPUs).
const CPU_MASK_MAX: u64 = 1024;

fn cpu_mask(r: &Reader, addr: u64, len: u64) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    let b = r.read_some(addr, len.min(CPU_MASK_MAX) as usize);
    if b.is_empty() && len > 0 {
        return Value::Unreadable(addr);
    }
    let cpus = (0..b.len() * 8).filter(|&i| b[i / 8] & (1 << (i % 8)) != 0);
    let mut text = String::from("[");
    for (n, cpu) in cpus.enumerate() {
        if n == ARRAY_LIMIT {
            text.push_str(" ...");
            break;
        }
        if n > 0 {
            text.push(' ');
        }
        let _ = write!(text, "{cpu}");
    }
    text.push(']');
    Value::Text(text)
}

/// The CPUs sched_setaffinity(2) allows: `[0 1]`.
pub fn cpu_mask_in(r: &Reader, addr: u64, all: &[u64; 6]) -> Value {
    cpu_mask(r, addr, all[1])
}

/// The CPUs sched_getaffinity(2) wrote: `ret` bytes of mask.
pub fn cpu_mask_out(r: &Reader, addr: u64, _: &[u64; 6], ret: i64) -> Value {
    cpu_mask(r, addr, ret.max(0) as u64)
}

// ---- ioctl ---------------------------------------------------------------------------

/// The common ioctl requests, on terminals and on any descriptor.
static IOCTL_REQUESTS: SymSet = SymSet(&[
    (libc::TCGETS as i64, "TCGETS"),
    (libc::TCSETS as i64, "TCSETS"),
    (libc::TCSETSW as i64, "TCSETSW"),
    (libc::TCSETSF as i64, "TCSETSF"),
    (libc::TCSBRK as i64, "TCSBRK"),
    (libc::TCXONC as i64, "TCXONC"),
    (libc::TCFLSH as i64, "TCFLSH"),
    (libc::TIOCEXCL as i64, "TIOCEXCL"),
    (libc::TIOCNXCL as i64, "TIOCNXCL"),
    (libc::TIOCSCTTY as i64, "TIOCSCTTY"),
    (libc::TIOCGPGRP as i64, "TIOCGPGRP"),
    (libc::TIOCSPGRP as i64, "TIOCSPGRP"),
    (libc::TIOCOUTQ as i64, "TIOCOUTQ"),
    (libc::TIOCGWINSZ as i64, "TIOCGWINSZ"),
    (libc::TIOCSWINSZ as i64, "TIOCSWINSZ"),
    (libc::FIONREAD as i64, "FIONREAD"),
    (libc::TIOCNOTTY as i64, "TIOCNOTTY"),
    (libc::TIOCGSID as i64, "TIOCGSID"),
    (libc::TIOCGPTN as i64, "TIOCGPTN"),
    (libc::TIOCSPTLCK as i64, "TIOCSPTLCK"),
    (libc::FIONBIO as i64, "FIONBIO"),
    (libc::FIONCLEX as i64, "FIONCLEX"),
    (libc::FIOCLEX as i64, "FIOCLEX"),
    (libc::FIOASYNC as i64, "FIOASYNC"),
]);

/// How the third argument of a request is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum IoctlArg {
    /// No argument.
    None,
    /// A plain integer.
    Int,
    /// An int the program passes by address.
    IntIn,
    /// An int the kernel writes.
    IntOut,
    /// A struct winsize the program passes.
    WinsizeIn,
    /// A struct winsize the kernel writes.
    WinsizeOut,
    /// A struct termios the program passes.
    TermiosIn,
    /// A struct termios the kernel writes.
    TermiosOut,
    /// Unknown: shown in hexadecimal.
    Raw,
}

fn ioctl_arg(request: u64) -> IoctlArg {
    // The requests are 32-bit; the upper half of the register is noise.
    let request = request as u32 as u64;
    let any = |list: &[libc::Ioctl]| list.contains(&request);
    if any(&[libc::TCGETS]) {
        IoctlArg::TermiosOut
    } else if any(&[libc::TCSETS, libc::TCSETSW, libc::TCSETSF]) {
        IoctlArg::TermiosIn
    } else if any(&[libc::TIOCGWINSZ]) {
        IoctlArg::WinsizeOut
    } else if any(&[libc::TIOCSWINSZ]) {
        IoctlArg::WinsizeIn
    } else if any(&[libc::FIONREAD, libc::TIOCOUTQ, libc::TIOCGPGRP, libc::TIOCGPTN, libc::TIOCGSID]) {
        IoctlArg::IntOut
    } else if any(&[libc::FIONBIO, libc::FIOASYNC, libc::TIOCSPGRP, libc::TIOCSPTLCK]) {
        IoctlArg::IntIn
    } else if any(&[libc::TCSBRK, libc::TCXONC, libc::TCFLSH, libc::TIOCSCTTY]) {
        IoctlArg::Int
    } else if any(&[libc::FIOCLEX, libc::FIONCLEX, libc::TIOCNOTTY, libc::TIOCEXCL, libc::TIOCNXCL]) {
        IoctlArg::None
    } else {
        IoctlArg::Raw
    }
}

fn winsize(r: &Reader, addr: u64) -> Value {
    match r.read::<libc::winsize>(addr) {
        Some(w) => Value::Struct(vec![
            field("ws_row", Value::Uint(w.ws_row as u64)),
            field("ws_col", Value::Uint(w.ws_col as u64)),
            field("ws_xpixel", Value::Uint(w.ws_xpixel as u64)),
            field("ws_ypixel", Value::Uint(w.ws_ypixel as u64)),
        ]),
        None => Value::Unreadable(addr),
    }
}

/// The four flag words that open the kernel's struct termios.
fn termios(r: &Reader, addr: u64) -> Value {
    match r.read::<[u32; 4]>(addr) {
        Some([i, o, c, l]) => Value::Struct(vec![
            field("c_iflag", Value::Hex(i as u64)),
            field("c_oflag", Value::Hex(o as u64)),
            field("c_cflag", Value::Hex(c as u64)),
            field("c_lflag", Value::Hex(l as u64)),
        ]),
        None => Value::Unreadable(addr),
    }
}

/// ioctl(2): the request by name for the common ones (else in hex), and
/// the argument read as that request defines it.
pub fn ioctl_entry(r: &Reader, raw: &RawSyscall) -> Vec<Field> {
    let a = &raw.args;
    let request = a[1] as u32 as u64;
    let request_value = match IOCTL_REQUESTS.name(request as i64) {
        Some(name) => Value::Sym(super::value::Sym { raw: request as i64, name: Some(name) }),
        None => Value::Hex(request),
    };
    let mut args = vec![field("fd", Value::Fd(Fd::new(a[0] as i32))), field("request", request_value)];
    let arg = match ioctl_arg(request) {
        IoctlArg::None => return args,
        IoctlArg::Int => int(a[2] as i32 as i64),
        IoctlArg::IntIn => int_ref(r, a[2]),
        IoctlArg::WinsizeIn if a[2] != 0 => winsize(r, a[2]),
        IoctlArg::TermiosIn if a[2] != 0 => termios(r, a[2]),
        IoctlArg::IntOut | IoctlArg::WinsizeOut | IoctlArg::TermiosOut if a[2] != 0 => Value::Out(a[2]),
        IoctlArg::Raw => Value::Hex(a[2]),
        _ => Value::Ptr(a[2]),
    };
    args.push(field("arg", arg));
    args
}

/// ioctl(2) at exit: what the kernel wrote for the requests that write.
pub fn ioctl_exit(r: &Reader, call: &mut Syscall, _: i64) {
    let addr = call.raw.args[2];
    if addr == 0 {
        return;
    }
    let value = match ioctl_arg(call.raw.args[1]) {
        IoctlArg::IntOut => int_ref(r, addr),
        IoctlArg::WinsizeOut => winsize(r, addr),
        IoctlArg::TermiosOut => termios(r, addr),
        _ => return,
    };
    if let Some(arg) = call.arg_mut("arg") {
        *arg = value;
    }
}

// ---- files ---------------------------------------------------------------------------

/// The status stat(2) and fstat(2) wrote: `{st_mode=S_IFIFO|0600, st_size=0}`.
#[inline(never)]
pub fn stat_out(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    match r.read::<libc::stat>(addr) {
        Some(st) => stat_fields(st.st_mode, st.st_rdev, st.st_size),
        None => Value::Unreadable(addr),
    }
}

/// What a stat call shows of the struct the kernel filled: the mode, and
/// the device a special file names or else the size.
pub(super) fn stat_fields(mode: u32, rdev: u64, size: i64) -> Value {
    let mut fields = vec![field("st_mode", mode_text(mode as u64))];
    let kind = mode & libc::S_IFMT;
    if kind == libc::S_IFCHR || kind == libc::S_IFBLK {
        fields.push(field("st_rdev", Value::Text(format!("makedev({:#x}, {:#x})", major(rdev), minor(rdev)))));
    } else {
        fields.push(field("st_size", int(size)));
    }
    Value::Struct(fields)
}

fn major(dev: u64) -> u64 {
    ((dev >> 32) & 0xffff_f000) | ((dev >> 8) & 0xfff)
}

fn minor(dev: u64) -> u64 {
    ((dev >> 12) & 0xffff_ff00) | (dev & 0xff)
}

/// statx(2) flags: the AT_* ones and the sync mode.
pub static STATX_FLAGS: FlagSet = FlagSet {
    bits: &[
        (libc::AT_SYMLINK_NOFOLLOW as u64, "AT_SYMLINK_NOFOLLOW"),
        (libc::AT_NO_AUTOMOUNT as u64, "AT_NO_AUTOMOUNT"),
        (libc::AT_EMPTY_PATH as u64, "AT_EMPTY_PATH"),
        (0x2000, "AT_STATX_FORCE_SYNC"),
        (0x4000, "AT_STATX_DONT_SYNC"),
    ],
    zero: Some("AT_STATX_SYNC_AS_STAT"),
    mode_bits: false,
    access_mode: false,
};

/// statx(2) mask bits; STATX_BASIC_STATS first so it names the usual case.
pub static STATX_MASK: FlagSet = flag_set(&[
    (0x7ff, "STATX_BASIC_STATS"),
    (0x1, "STATX_TYPE"),
    (0x2, "STATX_MODE"),
    (0x4, "STATX_NLINK"),
    (0x8, "STATX_UID"),
    (0x10, "STATX_GID"),
    (0x20, "STATX_ATIME"),
    (0x40, "STATX_MTIME"),
    (0x80, "STATX_CTIME"),
    (0x100, "STATX_INO"),
    (0x200, "STATX_SIZE"),
    (0x400, "STATX_BLOCKS"),
    (0x800, "STATX_BTIME"),
    (0x1000, "STATX_MNT_ID"),
    (0x2000, "STATX_DIOALIGN"),
    (0x4000, "STATX_MNT_ID_UNIQUE"),
    (0x8000, "STATX_SUBVOL"),
    (0x10000, "STATX_WRITE_ATOMIC"),
    (0x20000, "STATX_DIO_READ_ALIGN"),
]);

/// The status statx(2) wrote: `{stx_mask=..., stx_mode=S_IFREG|0644, stx_size=5, ...}`.
#[inline(never)]
pub fn statx_out(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    match r.read::<libc::statx>(addr) {
        Some(st) => Value::Struct(vec![
            field("stx_mask", Value::Flags(STATX_MASK.decode(st.stx_mask as u64))),
            field("stx_mode", mode_text(st.stx_mode as u64)),
            field("stx_nlink", Value::Uint(st.stx_nlink as u64)),
            field("stx_uid", Value::Uint(st.stx_uid as u64)),
            field("stx_gid", Value::Uint(st.stx_gid as u64)),
            field("stx_ino", Value::Uint(st.stx_ino)),
            field("stx_size", Value::Uint(st.stx_size)),
        ]),
        None => Value::Unreadable(addr),
    }
}

/// Directory entry types.
static DIRENT_TYPES: SymSet = SymSet(&[
    (0, "DT_UNKNOWN"),
    (1, "DT_FIFO"),
    (2, "DT_CHR"),
    (4, "DT_DIR"),
    (6, "DT_BLK"),
    (8, "DT_REG"),
    (10, "DT_LNK"),
    (12, "DT_SOCK"),
    (14, "DT_WHT"),
]);

/// The header of a struct linux_dirent64 before its name.
const DIRENT_HEADER: usize = 19;
/// Most bytes of directory entries read: enough for ARRAY_LIMIT long names.
const DIRENT_READ_MAX: u64 = (ARRAY_LIMIT as u64) * 280;

/// The entries getdents64(2) wrote in `ret` bytes:
/// `[{d_ino=2, d_type=DT_DIR, d_name="."}, ...]`.
pub fn dirents_out(r: &Reader, addr: u64, _: &[u64; 6], ret: i64) -> Value {
    let total = ret.max(0) as u64;
    let b = r.read_some(addr, total.min(DIRENT_READ_MAX) as usize);
    if b.is_empty() && total > 0 {
        return Value::Unreadable(addr);
    }
    let mut items = Vec::new();
    let mut off = 0usize;
    while off + DIRENT_HEADER <= b.len() && items.len() < ARRAY_LIMIT {
        let ino = u64::from_ne_bytes(b[off..off + 8].try_into().unwrap_or_default());
        let reclen = u16::from_ne_bytes([b[off + 16], b[off + 17]]) as usize;
        let kind = b[off + 18];
        if reclen < DIRENT_HEADER {
            break;
        }
        let name_area = &b[off + DIRENT_HEADER..(off + reclen).min(b.len())];
        let name_end = name_area.iter().position(|&c| c == 0).unwrap_or(name_area.len());
        items.push(Value::Struct(vec![
            field("d_ino", Value::Uint(ino)),
            field("d_type", Value::Sym(DIRENT_TYPES.decode(kind as i64))),
            field("d_name", Value::Str(Bytes::new(name_area[..name_end].to_vec(), false))),
        ]));
        off += reclen;
    }
    let more = (off as u64) < total;
    Value::Array { items, more }
}

/// The struct utsname uname(2) wrote, its fields 65 bytes each.
#[inline(never)]
pub fn utsname_out(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    const LEN: usize = 65;
    let Some(b) = r.read::<[u8; LEN * 5]>(addr) else {
        return Value::Unreadable(addr);
    };
    let text = |i: usize| {
        let f = &b[i * LEN..(i + 1) * LEN];
        let end = f.iter().position(|&c| c == 0).unwrap_or(LEN);
        let shown = end.min(r.string_limit);
        Value::Str(Bytes::new(f[..shown].to_vec(), shown < end))
    };
    Value::Struct(vec![
        field("sysname", text(0)),
        field("nodename", text(1)),
        field("release", text(2)),
        field("version", text(3)),
        field("machine", text(4)),
    ])
}

/// The link target readlink(2) wrote: `ret` bytes, shown whole as a path.
#[inline(never)]
pub fn link_target_out(r: &Reader, addr: u64, _: &[u64; 6], ret: i64) -> Value {
    r.buffer_limited(addr, ret.max(0) as u64, PATH_LIMIT)
}

/// renameat2(2) flags.
pub static RENAME_FLAGS: FlagSet = flag_set(&[(1, "RENAME_NOREPLACE"), (2, "RENAME_EXCHANGE"), (4, "RENAME_WHITEOUT")]);

/// splice(2), tee(2) and vmsplice(2) flags.
pub static SPLICE_FLAGS: FlagSet =
    flag_set(&[(1, "SPLICE_F_MOVE"), (2, "SPLICE_F_NONBLOCK"), (4, "SPLICE_F_MORE"), (8, "SPLICE_F_GIFT")]);

/// An offset passed by address (splice, sendfile): `[0]`, or NULL for the
/// file's own position.
pub fn offset_ref(r: &Reader, addr: u64, _: &[u64; 6]) -> Value {
    super::calls::long_ref(r, addr)
}
