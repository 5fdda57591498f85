//! Hand-written readers for arguments that are structures, arrays, or whose
//! meaning depends on another argument.

use super::flags::*;
use super::mem::Reader;
use super::value::{Fd, Field, Value};

pub(super) fn field(name: &'static str, value: Value) -> Field {
    Field::new(name, value)
}

pub(super) fn int(v: i64) -> Value {
    Value::Int(v)
}

/// An `int` the kernel wrote or the program passed by address, shown in
/// brackets as strace does: `[16]`.
pub(super) fn int_ref(r: &Reader, addr: u64) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    match r.read::<i32>(addr) {
        Some(v) => Value::Array { items: vec![int(v as i64)], more: false },
        None => Value::Unreadable(addr),
    }
}

/// A 64-bit value behind a pointer: `[4096]`.
pub(super) fn long_ref(r: &Reader, addr: u64) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    match r.read::<i64>(addr) {
        Some(v) => Value::Array { items: vec![int(v)], more: false },
        None => Value::Unreadable(addr),
    }
}

/// A file mode as strace prints it: `S_IFREG|0644`, `S_IFDIR|S_ISVTX|0777`.
pub(super) fn mode_text(mode: u64) -> Value {
    let mut parts: Vec<String> = Vec::new();
    if let Some(kind) = FILE_TYPES.name((mode & libc::S_IFMT as u64) as i64) {
        parts.push(kind.to_string());
    }
    for (bit, name) in [(libc::S_ISUID, "S_ISUID"), (libc::S_ISGID, "S_ISGID"), (libc::S_ISVTX, "S_ISVTX")] {
        if mode & bit as u64 != 0 {
            parts.push(name.to_string());
        }
    }
    parts.push(format!("0{:o}", mode & 0o777));
    Value::Text(parts.join("|"))
}

// ---- descriptors and files -------------------------------------------------

/// The two descriptors pipe(2) and pipe2(2) wrote: `[3, 4]`.
#[inline(never)]
pub fn pipe_fds(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    match r.read::<[i32; 2]>(addr) {
        Some([a, b]) => Value::Array { items: vec![Value::Fd(Fd::new(a)), Value::Fd(Fd::new(b))], more: false },
        None => Value::Unreadable(addr),
    }
}

/// Up to `count` struct iovecs at `addr` as (base, len), and whether the
/// array was cut short: a 32-bit program's are two 4-byte fields.
fn read_iovecs(r: &Reader, addr: u64, count: u64) -> Option<(Vec<(u64, u64)>, bool)> {
    if r.compat {
        let (iovs, more) = r.read_array::<[u32; 2]>(addr, count as usize)?;
        return Some((iovs.iter().map(|[b, l]| (*b as u64, *l as u64)).collect(), more));
    }
    let (iovs, more) = r.read_array::<libc::iovec>(addr, count as usize)?;
    Some((iovs.iter().map(|iov| (iov.iov_base as u64, iov.iov_len as u64)).collect(), more))
}

/// An array of struct iovec; with a `budget`, only that many bytes in all
/// are data (what a read returned).
pub(super) fn iovecs(r: &Reader, addr: u64, count: u64, mut budget: Option<u64>) -> Value {
    let Some((iovs, more)) = read_iovecs(r, addr, count) else {
        return Value::Unreadable(addr);
    };
    let items = iovs
        .iter()
        .map(|&(base, len)| {
            let shown = match budget.as_mut() {
                Some(left) => {
                    let n = len.min(*left);
                    *left -= n;
                    n
                }
                None => len,
            };
            Value::Struct(vec![field("iov_base", r.buffer(base, shown)), field("iov_len", Value::Uint(len))])
        })
        .collect();
    Value::Array { items, more }
}

/// The buffers writev(2) sends.
#[inline(never)]
pub fn iovec_in(r: &Reader, addr: u64, all: &[u64; 6]) -> Value {
    iovecs(r, addr, all[2], None)
}

/// The buffers readv(2) will fill, at entry: their addresses and sizes
/// (what strace shows when the call fails).
#[inline(never)]
pub fn iovec_shape(r: &Reader, addr: u64, all: &[u64; 6]) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    let Some((iovs, more)) = read_iovecs(r, addr, all[2]) else {
        return Value::Unreadable(addr);
    };
    let items = iovs
        .iter()
        .map(|&(base, len)| {
            Value::Struct(vec![field("iov_base", Value::Ptr(base)), field("iov_len", Value::Uint(len))])
        })
        .collect();
    Value::Array { items, more }
}

/// The buffers readv(2) filled: only the first `ret` bytes hold data.
#[inline(never)]
pub fn iovec_after(r: &Reader, call: &super::Syscall, addr: u64, ret: i64) -> Value {
    iovecs(r, addr, call.raw.args[2], Some(ret.max(0) as u64))
}

/// The directory getcwd(2) wrote.
#[inline(never)]
pub fn getcwd_buf(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    r.path(addr)
}

/// `[in => out]` when a value passed by address changed, as strace shows a
/// length or offset the kernel rewrote; `[n]` when it did not.
pub fn changed(before: Option<&Value>, now: Value) -> Value {
    let inner = |v: &Value| match v {
        Value::Array { items, more: false } if items.len() == 1 => Some(items[0].clone()),
        _ => None,
    };
    match (before.and_then(inner), inner(&now)) {
        (Some(a), Some(b)) if a != b => Value::Text(format!("[{a} => {b}]")),
        _ => now,
    }
}
