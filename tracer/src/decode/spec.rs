//! The decoding engine: most calls are described by a list of argument
//! kinds; calls whose arguments depend on each other (a command that says
//! what the next argument is) have hand-written entry and exit functions.

use super::flags::{FlagSet, SymSet};
use super::mem::Reader;
use super::value::{Fd, Field, Value};
use super::{RawSyscall, RetKind, Syscall};

/// Reads a custom argument at entry: (reader, this argument, all arguments).
pub type InFn = fn(&Reader, u64, &[u64; 6]) -> Value;
/// Reads a custom argument at a successful exit: (reader, argument, all
/// arguments, return value).
pub type OutFn = fn(&Reader, u64, &[u64; 6], i64) -> Value;
/// Decodes all arguments at entry.
pub type EntryFn = fn(&Reader, &RawSyscall) -> Vec<Field>;
/// Completes a call at a successful exit.
pub type ExitFn = fn(&Reader, &mut Syscall, i64);

/// The kind of one argument.
#[derive(Clone, Copy)]
pub enum K {
    /// A file descriptor.
    Fd,
    /// A directory fd for *at calls: AT_FDCWD by name.
    AtFd,
    /// A C `int`.
    Int,
    /// A C `long`.
    Long,
    /// An unsigned count or size.
    Uint,
    /// A value shown in hexadecimal.
    Hex,
    /// A pointer shown as an address (NULL for 0).
    Ptr,
    /// A permission mode, in octal.
    Mode,
    /// A path name read whole.
    Path,
    /// A string read up to the string limit.
    Str,
    /// A buffer the program passes in, whose length is argument N.
    InBuf(usize),
    /// A buffer the kernel fills, whose length is the return value.
    OutBuf,
    /// A signal number.
    Signal,
    /// A process id.
    Pid,
    /// A set of flags.
    Flags(&'static FlagSet),
    /// One constant of a set.
    Sym(&'static SymSet),
    /// A custom reader at entry.
    In(InFn),
    /// A custom reader at exit; the address is shown until then.
    Out(OutFn),
}

/// How one call is decoded.
pub enum Decoder {
    /// A list of named argument kinds, and what else to do at a successful
    /// exit once the `Out` arguments are read (a summary in the return value).
    Spec { args: &'static [(&'static str, K)], ret: RetKind, after: Option<ExitFn> },
    /// Hand-written entry and exit.
    Custom { entry: EntryFn, exit: Option<ExitFn>, ret: RetKind },
}

impl Decoder {
    pub(crate) fn ret_kind(&self) -> RetKind {
        match self {
            Decoder::Spec { ret, .. } | Decoder::Custom { ret, .. } => *ret,
        }
    }

    /// Decodes the arguments at entry into `out` (empty).
    pub(crate) fn entry(&self, r: &Reader, raw: &RawSyscall, out: &mut Vec<Field>) {
        match self {
            Decoder::Spec { args, .. } => out.extend(
                args.iter()
                    .enumerate()
                    .map(|(i, (name, kind))| Field::new(name, entry_value(r, *kind, raw.args[i], &raw.args))),
            ),
            Decoder::Custom { entry, .. } => *out = entry(r, raw),
        }
    }

    pub(crate) fn exit(&self, r: &Reader, call: &mut Syscall, ret: i64) {
        match self {
            Decoder::Spec { args, after, .. } => {
                for (i, (_, kind)) in args.iter().enumerate() {
                    let addr = call.raw.args[i];
                    let value = match kind {
                        K::OutBuf | K::Out(_) if addr == 0 => continue,
                        K::OutBuf => r.buffer(addr, ret.max(0) as u64),
                        K::Out(f) => f(r, addr, &call.raw.args, ret),
                        _ => continue,
                    };
                    if let Some(arg) = call.args.get_mut(i) {
                        arg.value = value;
                    }
                }
                if let Some(after) = after {
                    after(r, call, ret);
                }
            }
            Decoder::Custom { exit: Some(exit), .. } => exit(r, call, ret),
            Decoder::Custom { exit: None, .. } => {}
        }
    }
}

/// The value of an argument of kind `kind` at entry.
pub fn entry_value(r: &Reader, kind: K, v: u64, all: &[u64; 6]) -> Value {
    match kind {
        K::Fd => Value::Fd(Fd::new(v as i32)),
        K::AtFd if v as i32 == libc::AT_FDCWD => Value::Text("AT_FDCWD".into()),
        K::AtFd => Value::Fd(Fd::new(v as i32)),
        K::Int | K::Pid => Value::Int(v as i32 as i64),
        K::Long => Value::Int(v as i64),
        K::Uint => Value::Uint(v),
        K::Hex => Value::Hex(v),
        K::Ptr => Value::Ptr(v),
        K::Mode => Value::Oct(v & 0o7777),
        K::Path => r.path(v),
        K::Str => r.c_string(v),
        K::InBuf(len) => r.buffer(v, all[len]),
        // A NULL the kernel will not write through is just NULL.
        K::OutBuf | K::Out(_) if v == 0 => Value::Ptr(0),
        K::OutBuf | K::Out(_) => Value::Out(v),
        K::Signal => Value::Signal(v as i32),
        K::Flags(set) => Value::Flags(set.decode(v)),
        K::Sym(set) => Value::Sym(set.decode(v as i32 as i64)),
        K::In(f) => f(r, v, all),
    }
}

/// Arguments of a call no decoder knows: all six registers in hexadecimal.
pub fn raw_args(raw: &RawSyscall) -> impl Iterator<Item = Field> + '_ {
    const NAMES: [&str; 6] = ["arg0", "arg1", "arg2", "arg3", "arg4", "arg5"];
    raw.args.iter().zip(NAMES).map(|(v, n)| Field::new(n, Value::Hex(*v)))
}
