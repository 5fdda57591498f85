//! Reading the tracee's memory during decoding, behind a trait so that the
//! decoders can be tested on plain bytes with no process behind them.

use super::bytes::{AsBytes, FromBytes, bytes_of};
use super::names::format_signal_set_n;
use super::value::{Bytes, Value};

/// The tracee's address space, as the decoders see it.
///
/// Implemented by the ptrace loop with `process_vm_readv(2)` and by tests
/// with a map of addresses to bytes.
pub trait TraceeMemory {
    /// Copies bytes at `addr` into `buf` and returns how many were copied.
    /// A read that runs into an unmapped page stops there (a short count);
    /// 0 means nothing at `addr` could be read.
    fn read(&self, addr: u64, buf: &mut [u8]) -> usize;
}

/// A view of tracee memory with the limits the user chose.
pub struct Reader<'a> {
    mem: &'a dyn TraceeMemory,
    /// Longest string or buffer shown, like strace's `-s`.
    pub string_limit: usize,
    /// The call is a 32-bit program's ([`super::compat`]): a `long` and a
    /// pointer in memory are 4 bytes, and structures have their 32-bit layout.
    pub compat: bool,
    /// Its times in memory are 32-bit (`struct timespec` of two 4-byte
    /// fields): a 32-bit program's calls but the `*_time64` ones.
    pub time32: bool,
}

/// How many elements of an array are shown before `...`.
pub const ARRAY_LIMIT: usize = 16;
/// Longest path read (the kernel's PATH_MAX).
pub const PATH_LIMIT: usize = 4096;

impl<'a> Reader<'a> {
    pub fn new(mem: &'a dyn TraceeMemory, string_limit: usize) -> Self {
        Reader { mem, string_limit, compat: false, time32: false }
    }

    /// A reader for the calls of a 32-bit program: its `long`s and pointers
    /// in memory are 4 bytes; `time32` when its times are too.
    pub fn for_compat(mut self, time32: bool) -> Self {
        self.compat = true;
        self.time32 = time32;
        self
    }

    /// Reads a `long` or pointer of the tracee's ABI: 8 bytes, or 4 for a
    /// 32-bit program (a `long` sign-extended, as `signed` says).
    pub fn read_word(&self, addr: u64, signed: bool) -> Option<u64> {
        if !self.compat {
            return self.read::<u64>(addr);
        }
        let v = self.read::<u32>(addr)?;
        Some(if signed { v as i32 as i64 as u64 } else { v as u64 })
    }

    /// The size of a pointer in the tracee's ABI.
    pub fn word_size(&self) -> u64 {
        if self.compat { 4 } else { 8 }
    }

    /// Reads exactly `buf.len()` bytes, or returns false.
    pub fn read_exact(&self, addr: u64, buf: &mut [u8]) -> bool {
        addr != 0 && self.mem.read(addr, buf) == buf.len()
    }

    /// Reads one `T` at `addr`.
    pub fn read<T: FromBytes>(&self, addr: u64) -> Option<T> {
        T::read_with(|bytes| self.read_exact(addr, bytes))
    }

    /// Reads up to `count` elements of `T` at `addr` (at most `ARRAY_LIMIT`),
    /// returning them and whether the array was cut short; None when the
    /// first element cannot be read.
    pub fn read_array<T: FromBytes>(&self, addr: u64, count: usize) -> Option<(Vec<T>, bool)> {
        let shown = count.min(ARRAY_LIMIT);
        let size = std::mem::size_of::<T>() as u64;
        let mut items = Vec::with_capacity(shown);
        for i in 0..shown as u64 {
            match self.read::<T>(addr.wrapping_add(i * size)) {
                Some(item) => items.push(item),
                None if i == 0 => return None,
                None => return Some((items, true)),
            }
        }
        Some((items, count > shown))
    }

    /// Up to `max` bytes at `addr`: fewer when the memory ends sooner,
    /// none when nothing there can be read.
    pub fn read_some(&self, addr: u64, max: usize) -> Vec<u8> {
        if addr == 0 || max == 0 {
            return Vec::new();
        }
        self.read_into_vec(addr, max)
    }

    /// Up to `max` bytes at `addr`, in a vector of exactly the bytes read.
    /// Small reads go through the stack, so the vector is allocated once,
    /// at its size, with no zeroing.
    fn read_into_vec(&self, addr: u64, max: usize) -> Vec<u8> {
        const SMALL: usize = 512;
        if max <= SMALL {
            let mut buf = [0u8; SMALL];
            let got = self.mem.read(addr, &mut buf[..max]);
            return buf[..got].to_vec();
        }
        let mut buf = vec![0u8; max];
        let got = self.mem.read(addr, &mut buf);
        buf.truncate(got);
        buf
    }

    /// A data buffer of `len` bytes, shown up to the string limit.
    pub fn buffer(&self, addr: u64, len: u64) -> Value {
        self.buffer_limited(addr, len, self.string_limit)
    }

    /// A data buffer of `len` bytes, shown up to `limit`.
    pub fn buffer_limited(&self, addr: u64, len: u64, limit: usize) -> Value {
        if addr == 0 {
            return Value::Ptr(0);
        }
        if len == 0 {
            return Value::Str(Bytes::default());
        }
        let want = (len as usize).min(limit);
        let buf = self.read_into_vec(addr, want);
        let got = buf.len();
        if got == 0 && want > 0 {
            return Value::Unreadable(addr);
        }
        let truncated = (len as usize) > got;
        Value::Str(Bytes::new(buf, truncated))
    }

    /// A NUL-terminated string, shown up to the string limit.
    pub fn c_string(&self, addr: u64) -> Value {
        self.c_string_limited(addr, self.string_limit)
    }

    /// A path: a NUL-terminated string shown whole (up to PATH_MAX).
    pub fn path(&self, addr: u64) -> Value {
        self.c_string_limited(addr, PATH_LIMIT)
    }

    /// A NUL-terminated string, shown up to `limit` bytes.
    pub fn c_string_limited(&self, addr: u64, limit: usize) -> Value {
        match self.c_string_bytes(addr, limit) {
            Some(b) => Value::Str(b),
            None if addr == 0 => Value::Ptr(0),
            None => Value::Unreadable(addr),
        }
    }

    /// The bytes of a NUL-terminated string, up to `limit`.
    pub fn c_string_bytes(&self, addr: u64, limit: usize) -> Option<Bytes> {
        if addr == 0 {
            return None;
        }
        let mut out = Vec::new();
        let mut cursor = addr;
        // Read in pieces that never cross a page, so that a string ending
        // just before an unmapped page is still read whole.
        while out.len() <= limit {
            let to_page_end = 4096 - (cursor % 4096) as usize;
            // A few hundred bytes at a time, through the stack: most
            // strings are short, and the vector grows only by what was read.
            let mut buf = [0u8; 256];
            let chunk = to_page_end.min(limit + 1 - out.len()).min(buf.len());
            let got = self.mem.read(cursor, &mut buf[..chunk]);
            if got == 0 {
                if out.is_empty() {
                    return None;
                }
                // The string runs into unreadable memory: show what was read.
                return Some(Bytes::new(out, true));
            }
            if let Some(nul) = buf[..got].iter().position(|&b| b == 0) {
                out.extend_from_slice(&buf[..nul]);
                return Some(if out.len() > limit {
                    out.truncate(limit);
                    Bytes::new(out, true)
                } else {
                    Bytes::new(out, false)
                });
            }
            out.extend_from_slice(&buf[..got]);
            cursor = cursor.wrapping_add(got as u64);
            if got < chunk {
                return Some(Bytes::new(out, true));
            }
        }
        out.truncate(limit);
        Some(Bytes::new(out, true))
    }

    /// A signal set of `len` bytes at `addr`: `[USR1 CHLD]`. When `len` is
    /// not a size the kernel accepts (below `min`, above its 8-byte
    /// sigset_t) the kernel read or wrote nothing, and the address is shown.
    pub fn sigset(&self, addr: u64, len: u64, min: u64) -> Value {
        if addr == 0 {
            return Value::Ptr(0);
        }
        if len < min || len > 8 {
            return Value::Ptr(addr);
        }
        let mut buf = [0u8; 8];
        if !self.read_exact(addr, &mut buf[..len as usize]) {
            return Value::Unreadable(addr);
        }
        Value::Text(format_signal_set_n(u64::from_le_bytes(buf), len as usize))
    }

    /// A NULL-terminated array of string pointers (argv, envp).
    pub fn string_array(&self, addr: u64) -> Value {
        if addr == 0 {
            return Value::Ptr(0);
        }
        let mut items = Vec::new();
        let word = self.word_size();
        for i in 0..ARRAY_LIMIT as u64 {
            match self.read_word(addr.wrapping_add(i * word), false) {
                Some(0) => return Value::Array { items, more: false },
                Some(p) => items.push(self.c_string(p)),
                None if i == 0 => return Value::Unreadable(addr),
                None => return Value::Array { items, more: true },
            }
        }
        let more = !matches!(self.read_word(addr.wrapping_add(ARRAY_LIMIT as u64 * word), false), Some(0));
        Value::Array { items, more }
    }
}

/// Tracee memory made of byte ranges, for tests and for replaying captures.
#[derive(Default)]
pub struct FakeMemory {
    regions: Vec<(u64, Vec<u8>)>,
}

impl FakeMemory {
    pub fn new() -> Self {
        Self::default()
    }

    /// Maps `bytes` at `addr`.
    pub fn with(mut self, addr: u64, bytes: impl Into<Vec<u8>>) -> Self {
        self.regions.push((addr, bytes.into()));
        self
    }

    /// Maps the bytes of `value` at `addr` (integers, arrays of them, a
    /// structure laid out with [`fixture!`](crate::fixture)).
    pub fn with_value<T: AsBytes + ?Sized>(self, addr: u64, value: &T) -> Self {
        self.with(addr, bytes_of(value))
    }
}

impl TraceeMemory for FakeMemory {
    fn read(&self, addr: u64, buf: &mut [u8]) -> usize {
        for (start, bytes) in &self.regions {
            // A region may end past the top of the address space in a test:
            // compare offsets, never compute an end that could overflow.
            if addr >= *start && addr - start < bytes.len() as u64 {
                let off = (addr - start) as usize;
                let n = buf.len().min(bytes.len() - off);
                buf[..n].copy_from_slice(&bytes[off..off + n]);
                return n;
            }
        }
        0
    }
}
