//! The structures whose 32-bit layout differs from the native one and
//! which a decoder knows: a 32-bit call's argument of such a kind is read
//! with these instead of the native decoder (see [`super::kind_fits`]).

use super::X86;
use crate::decode::calls::field;
use crate::decode::mem::Reader;
use crate::decode::spec::{InFn, K, OutFn};
use crate::decode::value::Value;

/// The kind that reads a native argument `kind` of the 32-bit call `name`
/// with the 32-bit layout, where the two differ and a decoder knows the
/// 32-bit one (else `kind`, which [`kind_fits`] then judges): a struct
/// rusage of 32-bit longs and times (wait4, waitid, getrusage), a struct
/// rlimit of 32-bit longs (getrlimit, ugetrlimit, setrlimit), a struct
/// stat64 (the *stat64 calls), and
/// prlimit64's struct rlimit64, the same in both ABIs.
pub(super) fn layout32(kind: K, name: &str) -> K {
    use crate::decode::{process, system};
    let old_rlimit = matches!(name, "getrlimit" | "ugetrlimit" | "setrlimit");
    let stat64 = matches!(name, "stat64" | "lstat64" | "fstat64" | "fstatat64");
    match kind {
        K::Out(f) if stat64 && std::ptr::fn_addr_eq(f, system::stat_out as OutFn) => K::Out(stat64_out),
        K::Out(f) if std::ptr::fn_addr_eq(f, process::rusage_out as OutFn) => K::Out(rusage32_out),
        K::Out(f) if old_rlimit && std::ptr::fn_addr_eq(f, system::rlimit_out as OutFn) => K::Out(rlimit32_out),
        K::In(f) if old_rlimit && std::ptr::fn_addr_eq(f, system::rlimit_in as InFn) => K::In(rlimit32_in),
        K::Out(f) if name == "prlimit64" && std::ptr::fn_addr_eq(f, system::rlimit_out as OutFn) => {
            K::Out(rlimit64_out)
        }
        K::In(f) if name == "prlimit64" && std::ptr::fn_addr_eq(f, system::rlimit_in as InFn) => K::In(rlimit64_in),
        other => other,
    }
}

/// A 32-bit program's struct rusage (compat_rusage): two 32-bit timevals,
/// then fourteen 32-bit longs; shown as the native one is.
#[inline(never)]
pub(super) fn rusage32_out(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    let Some(u) = r.read::<[i32; 18]>(addr) else { return Value::Unreadable(addr) };
    let longs = std::array::from_fn(|i| u[4 + i] as i64);
    crate::decode::process::rusage_fields((u[0] as i64, u[1] as i64), (u[2] as i64, u[3] as i64), longs)
}

/// A 32-bit program's struct stat64 (stat64, lstat64, fstat64,
/// fstatat64): the mode at byte 16, the device a special file names at 32
/// and the size after it, at 44 (i386 packs the struct) or 48 (arm aligns
/// it); shown as the native stat is.
#[inline(never)]
pub(super) fn stat64_out(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    let size_at = if X86 { 44 } else { 48 };
    match (
        r.read::<u32>(addr.wrapping_add(16)),
        r.read::<u64>(addr.wrapping_add(32)),
        r.read::<i64>(addr.wrapping_add(size_at)),
    ) {
        (Some(mode), Some(rdev), Some(size)) => crate::decode::system::stat_fields(mode, rdev, size),
        _ => Value::Unreadable(addr),
    }
}

/// A 32-bit program's struct rlimit: two 32-bit unsigned longs, all ones
/// being RLIM_INFINITY.
fn rlimit32(r: &Reader, addr: u64) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    let lim = |v: u32| if v == u32::MAX { Value::Text("RLIM_INFINITY".into()) } else { Value::Uint(v as u64) };
    match r.read::<[u32; 2]>(addr) {
        Some([cur, max]) => Value::Struct(vec![field("rlim_cur", lim(cur)), field("rlim_max", lim(max))]),
        None => Value::Unreadable(addr),
    }
}

/// prlimit64's struct rlimit64, the same in both ABIs.
#[inline(never)]
pub(super) fn rlimit64_in(r: &Reader, addr: u64, all: &[u64; 6]) -> Value {
    crate::decode::system::rlimit_in(r, addr, all)
}

#[inline(never)]
pub(super) fn rlimit64_out(r: &Reader, addr: u64, all: &[u64; 6], ret: i64) -> Value {
    crate::decode::system::rlimit_out(r, addr, all, ret)
}

#[inline(never)]
pub(super) fn rlimit32_in(r: &Reader, addr: u64, _: &[u64; 6]) -> Value {
    rlimit32(r, addr)
}

#[inline(never)]
pub(super) fn rlimit32_out(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    rlimit32(r, addr)
}
