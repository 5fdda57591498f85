//! The bytes of the kernel's structures, and the two promises about them
//! that must not be confused:
//!
//! - **from bytes** ([`FromBytes`]): any bytes of the right length are a
//!   valid value. True of integers and of C structures of integers and
//!   pointers, padding or not: reading writes the padding, never reads it.
//!   This is what decoding needs, to turn what the tracee's memory holds
//!   into a `libc::msqid_ds`.
//! - **as bytes** ([`AsBytes`]): every byte of the value is initialised, so
//!   the value may be read as bytes. True of integers and arrays of them,
//!   and *not* of a structure with padding: its padding bytes are
//!   uninitialised, and reading them is undefined behaviour even though any
//!   bit pattern would do. Tests need it, to lay out a structure the way
//!   the kernel would; a structure with padding is laid out field by field
//!   ([`Fixture`], [`fixture!`](crate::fixture)), its padding zero.
//!
//! This file holds every from-bytes promise of the decoder (the `unsafe
//! impl`s below), so they are reviewed in one place; the only other
//! `unsafe` in `decode` is a zeroed plain C structure (`sysv.rs`,
//! `net.rs`) and strerror's string (`names.rs`).

use std::marker::PhantomData;
use std::mem::{MaybeUninit, size_of};

/// A type that may be made from any bytes: a `#[repr(C)]` structure of
/// integers and pointers, as the kernel lays it out.
///
/// # Safety
/// Every bit pattern of `size_of::<Self>()` bytes must be a valid `Self`
/// (padding bytes included, whose value does not matter).
pub unsafe trait FromBytes: Copy {
    /// A value from the bytes `fill` writes into a zeroed buffer of
    /// `size_of::<Self>()` bytes; None when `fill` says it could not.
    fn read_with(fill: impl FnOnce(&mut [u8]) -> bool) -> Option<Self> {
        let mut value = MaybeUninit::<Self>::zeroed();
        // SAFETY: `zeroed` initialised every byte of `value`, padding
        // included, so these `size_of::<Self>()` bytes may be viewed (and
        // written) as `u8`; the slice is dropped before `value` is used again.
        let bytes = unsafe { std::slice::from_raw_parts_mut(value.as_mut_ptr().cast::<u8>(), size_of::<Self>()) };
        if !fill(bytes) {
            return None;
        }
        // SAFETY: every byte is initialised (zeroed, then written) and the
        // trait promises that any bit pattern is a valid `Self`.
        Some(unsafe { value.assume_init() })
    }

    /// The value whose bytes begin `bytes`; None when there are fewer.
    fn read_from(bytes: &[u8]) -> Option<Self> {
        Self::read_with(|out| {
            let Some(src) = bytes.get(..out.len()) else { return false };
            out.copy_from_slice(src);
            true
        })
    }

    /// The value of all zero bytes.
    fn zeroed() -> Self {
        Self::read_with(|_| true).expect("a zeroed value")
    }
}

macro_rules! from_bytes {
    ($($t:ty),* $(,)?) => { $(
        // SAFETY: an integer, a raw pointer, or a C structure of integers,
        // raw pointers and arrays of them (with padding maybe), for which
        // every bit pattern is a valid value.
        unsafe impl FromBytes for $t {}
    )* };
}

// SAFETY: an array of values that accept every bit pattern accepts every
// bit pattern; arrays have no padding between elements of their own.
unsafe impl<T: FromBytes, const N: usize> FromBytes for [T; N] {}

from_bytes!(
    u8,
    i16,
    u16,
    i32,
    u32,
    i64,
    u64,
    libc::sembuf,
    libc::timespec,
    libc::timeval,
    libc::iovec,
    libc::msghdr,
    libc::cmsghdr,
    libc::mq_attr,
    libc::pollfd,
    libc::epoll_event,
    libc::flock,
    libc::sockaddr_un,
    libc::sockaddr_in,
    libc::sockaddr_in6,
    libc::itimerspec,
    libc::rusage,
    libc::siginfo_t,
    libc::sigevent,
    libc::msqid_ds,
    libc::shmid_ds,
    libc::semid_ds,
    libc::rlimit64,
    libc::stat,
    libc::mmsghdr,
    libc::winsize,
    libc::statx,
    libc::ipc_perm,
    KernelSigaction,
    StackT,
    Sigevent,
    KernelStatfs,
);

// ---- the kernel's structures libc does not give as the kernel lays them out

/// The kernel's struct sigaction (x86_64 and the generic layout agree).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct KernelSigaction {
    pub handler: u64,
    pub flags: u64,
    pub restorer: u64,
    pub mask: u64,
}

/// The kernel's stack_t (the same on every 64-bit architecture).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct StackT {
    pub sp: u64,
    pub flags: i32,
    pub size: u64,
}

/// The kernel's struct sigevent, up to the union's two pointers.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Sigevent {
    pub value: u64,
    pub signo: i32,
    pub notify: i32,
    pub function_or_tid: u64,
    pub attributes: u64,
}

/// The kernel's struct statfs on 64-bit architectures (libc keeps the
/// fsid's two ints private).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct KernelStatfs {
    pub f_type: i64,
    pub f_bsize: i64,
    pub f_blocks: u64,
    pub f_bfree: u64,
    pub f_bavail: u64,
    pub f_files: u64,
    pub f_ffree: u64,
    pub f_fsid: [i32; 2],
    pub f_namelen: i64,
    pub f_frsize: i64,
    pub f_flags: i64,
    pub f_spare: [i64; 4],
}

/// A value whose bytes may be read: every byte is initialised. Written out
/// field by field, so a type with padding cannot claim it by mistake: its
/// bytes would come out short (see [`bytes_of`]).
pub trait AsBytes {
    /// Appends the value's bytes, in memory order.
    fn put_bytes(&self, out: &mut Vec<u8>);
}

macro_rules! as_bytes_int {
    ($($t:ty),* $(,)?) => { $(
        impl AsBytes for $t {
            fn put_bytes(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_ne_bytes());
            }
        }
    )* };
}

as_bytes_int!(u8, i8, u16, i16, u32, i32, u64, i64, usize, isize);

impl<T> AsBytes for *mut T {
    fn put_bytes(&self, out: &mut Vec<u8>) {
        (*self as usize).put_bytes(out);
    }
}

impl<T> AsBytes for *const T {
    fn put_bytes(&self, out: &mut Vec<u8>) {
        (*self as usize).put_bytes(out);
    }
}

impl<T: AsBytes, const N: usize> AsBytes for [T; N] {
    fn put_bytes(&self, out: &mut Vec<u8>) {
        self.iter().for_each(|v| v.put_bytes(out));
    }
}

impl<T: AsBytes> AsBytes for [T] {
    fn put_bytes(&self, out: &mut Vec<u8>) {
        self.iter().for_each(|v| v.put_bytes(out));
    }
}

impl<T: AsBytes> AsBytes for Vec<T> {
    fn put_bytes(&self, out: &mut Vec<u8>) {
        self.as_slice().put_bytes(out);
    }
}

/// The bytes of `value`, as it lies in memory.
pub fn bytes_of<T: AsBytes + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    value.put_bytes(&mut out);
    out
}

/// The bytes of a `T` as the kernel would lay it out, built field by field
/// on zeros: the way to lay out a structure with padding without reading
/// its padding. Use [`fixture!`](crate::fixture) to name the fields.
pub struct Fixture<T> {
    bytes: Vec<u8>,
    of: PhantomData<T>,
}

impl<T> Fixture<T> {
    /// A `T` of zero bytes.
    pub fn zeroed() -> Self {
        Fixture { bytes: vec![0; size_of::<T>()], of: PhantomData }
    }

    /// Writes `value` at byte `offset` (a field's `offset_of!`).
    pub fn set(mut self, offset: usize, value: impl AsBytes) -> Self {
        let bytes = bytes_of(&value);
        let end = offset + bytes.len();
        assert!(end <= self.bytes.len(), "a field at {offset}..{end} of a {}-byte structure", self.bytes.len());
        self.bytes[offset..end].copy_from_slice(&bytes);
        self
    }

    /// The bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

impl<T> AsBytes for Fixture<T> {
    fn put_bytes(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.bytes);
    }
}

/// `value`, checked to have the type of the field `field` reads (by value,
/// so that a field of a packed structure may be named too).
pub fn field_of<T, F: AsBytes>(_field: fn(T) -> F, value: F) -> F {
    value
}

/// A [`Fixture`] of a structure with the fields named set, each checked
/// against the field's type: `fixture!(libc::msqid_ds { msg_qnum: 2,
/// msg_perm.mode: 0o600 })`; `fixture!(on BASE; T { ... })` sets them on
/// the fixture BASE.
#[macro_export]
macro_rules! fixture {
    (on $base:expr; $t:ty { $($($f:ident).+ : $v:expr),* $(,)? }) => {{
        let fixture: $crate::decode::bytes::Fixture<$t> = $base;
        $(
            let fixture = fixture.set(
                ::std::mem::offset_of!($t, $($f).+),
                $crate::decode::bytes::field_of(|t: $t| t.$($f).+, $v),
            );
        )*
        fixture
    }};
    ($t:ty { $($rest:tt)* }) => {
        $crate::fixture!(on $crate::decode::bytes::Fixture::<$t>::zeroed(); $t { $($rest)* })
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_read_from_its_bytes_and_not_from_fewer() {
        let bytes = bytes_of(&[1u32, 2, 3]);
        assert_eq!(<[u32; 3]>::read_from(&bytes), Some([1, 2, 3]));
        assert_eq!(u64::read_from(&bytes[..8]), Some(1 | (2 << 32)));
        assert_eq!(<[u32; 3]>::read_from(&bytes[..11]), None);
        assert_eq!(u16::zeroed(), 0);
    }

    #[test]
    fn a_fixture_sets_fields_where_the_structure_has_them_and_leaves_padding_zero() {
        let f = fixture!(libc::msqid_ds { msg_qnum: 2, msg_perm.mode: 0o600, msg_lspid: -1 });
        let bytes = f.into_bytes();
        assert_eq!(bytes.len(), size_of::<libc::msqid_ds>());
        let ds = libc::msqid_ds::read_from(&bytes).unwrap();
        assert_eq!((ds.msg_qnum, ds.msg_perm.mode, ds.msg_lspid, ds.msg_lrpid), (2, 0o600, -1, 0));
        // What is not set stays zero, padding or not.
        let perm_end = std::mem::offset_of!(libc::ipc_perm, mode) + 2;
        assert!(bytes[perm_end..perm_end + 2].iter().all(|&b| b == 0));
    }

    #[test]
    #[should_panic(expected = "a field at")]
    fn a_field_past_the_end_is_refused() {
        let _ = Fixture::<u32>::zeroed().set(2, 7u32);
    }
}
