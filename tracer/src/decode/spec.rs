//! The decoding engine: most calls are described by their prototype, a
//! list of named arguments each of a kind that says the argument's kernel
//! type (an `int` is read from the register's low 32 bits, as the kernel
//! reads it) and how it is shown; calls whose arguments depend on each
//! other (a command that says what the next argument is) have hand-written
//! entry and exit functions.

use super::flags::{FlagSet, SymSet};
use super::mem::Reader;
use super::value::{Fd, Field, Value};
use super::{RawSyscall, RetKind, Syscall};

/// Reads a custom argument at entry: (reader, this argument, all arguments).
pub type InFn = fn(&Reader, u64, &[u64; 6]) -> Value;
/// Reads a custom argument at a successful exit: (reader, argument, all
/// arguments, return value).
pub type OutFn = fn(&Reader, u64, &[u64; 6], i64) -> Value;
/// Reads an argument at a successful exit knowing the call as it was
/// decoded at entry (a length the program passed in, which bounds what the
/// kernel wrote): (reader, the call, this argument, return value).
pub type AfterFn = fn(&Reader, &Syscall, u64, i64) -> Value;
/// Decodes all arguments at entry.
pub type EntryFn = fn(&Reader, &RawSyscall) -> Vec<Field>;
/// Completes a call at a successful exit.
pub type ExitFn = fn(&Reader, &mut Syscall, i64);

/// The kind of one argument: its kernel type and how it is shown.
#[derive(Clone, Copy)]
pub enum K {
    /// A file descriptor (`int`).
    Fd,
    /// A directory fd for *at calls (`int`): AT_FDCWD by name.
    AtFd,
    /// A C `int`: the low 32 bits, signed.
    Int,
    /// A C `unsigned int`: the low 32 bits.
    Uint,
    /// A C `long` (`off_t`, `loff_t`, `ssize_t`).
    Long,
    /// A C `unsigned long` or `size_t`.
    Ulong,
    /// An `unsigned long` best read in hexadecimal.
    Hex,
    /// An `unsigned int` best read in hexadecimal.
    Hex32,
    /// A pointer shown as an address (NULL for 0).
    Ptr,
    /// A permission mode (`umode_t`), in octal.
    Mode,
    /// A path name read whole.
    Path,
    /// A string read up to the string limit.
    Str,
    /// A buffer the program passes in, whose length is argument N.
    InBuf(usize),
    /// A buffer the kernel fills, whose length is the return value.
    OutBuf,
    /// A signal number (`int`).
    Signal,
    /// A process id (`pid_t`).
    Pid,
    /// A user or group id (`uid_t`, `gid_t`): -1 (no change) as -1.
    Uid,
    /// A set of flags in an `int` or `unsigned int`.
    Flags(&'static FlagSet),
    /// A set of flags in an `unsigned long`.
    Flags64(&'static FlagSet),
    /// One constant of a set, in an `int`.
    Sym(&'static SymSet),
    /// A signal set passed in, whose size in bytes is argument N: the
    /// kernel reads it only when the size is that of its sigset_t.
    SigSet(usize),
    /// A signal set the kernel writes, whose size is argument N.
    SigSetOut(usize),
    /// A custom reader at entry.
    In(InFn),
    /// A custom reader at exit; the address is shown until then.
    Out(OutFn),
    /// A custom reader at exit that sees the call as decoded at entry;
    /// the address is shown until then.
    OutAfter(AfterFn),
    /// Read at entry, and read again at exit with the call as decoded at
    /// entry (a length in and out: `[110 => 20]`).
    InOut(InFn, AfterFn),
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
                // Every value is read with the call as it was at entry, then
                // all are put in place: a reader may need another argument's
                // entry value (the length passed in).
                let mut news: [Option<Value>; 6] = Default::default();
                for (i, (_, kind)) in args.iter().enumerate() {
                    news[i] = exit_value(r, *kind, call, i, ret);
                }
                for (i, value) in news.into_iter().enumerate() {
                    if let (Some(value), Some(arg)) = (value, call.args.get_mut(i)) {
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

/// The value of argument `i` of kind `kind` at a successful exit, when
/// the kernel wrote it.
pub(crate) fn exit_value(r: &Reader, kind: K, call: &Syscall, i: usize, ret: i64) -> Option<Value> {
    let addr = call.raw.args[i];
    match kind {
        K::OutBuf | K::Out(_) | K::OutAfter(_) | K::SigSetOut(_) if addr == 0 => None,
        K::OutBuf => Some(r.buffer(addr, ret.max(0) as u64)),
        K::Out(f) => Some(f(r, addr, &call.raw.args, ret)),
        K::OutAfter(f) | K::InOut(_, f) => Some(f(r, call, addr, ret)),
        K::SigSetOut(len) => Some(r.sigset(addr, call.raw.args[len], 1)),
        _ => None,
    }
}

/// The bytes of the kernel's sigset_t on 64-bit architectures.
pub const SIGSET_SIZE: u64 = 8;

/// The value of an argument of kind `kind` at entry.
pub fn entry_value(r: &Reader, kind: K, v: u64, all: &[u64; 6]) -> Value {
    match kind {
        K::Fd => Value::Fd(Fd::new(v as i32)),
        K::AtFd if v as i32 == libc::AT_FDCWD => Value::Text("AT_FDCWD".into()),
        K::AtFd => Value::Fd(Fd::new(v as i32)),
        K::Int | K::Pid => Value::Int(v as i32 as i64),
        K::Uint => Value::Uint(v as u32 as u64),
        K::Long => Value::Int(v as i64),
        K::Ulong => Value::Uint(v),
        K::Hex => Value::Hex(v),
        K::Hex32 => Value::Hex(v as u32 as u64),
        K::Uid if v as u32 == u32::MAX => Value::Int(-1),
        K::Uid => Value::Uint(v as u32 as u64),
        K::Ptr => Value::Ptr(v),
        K::Mode => Value::Oct(v as u16 as u64),
        K::Path => r.path(v),
        K::Str => r.c_string(v),
        K::InBuf(len) => r.buffer(v, all[len]),
        // A NULL the kernel will not write through is just NULL.
        K::OutBuf | K::Out(_) | K::OutAfter(_) | K::SigSetOut(_) if v == 0 => Value::Ptr(0),
        K::OutBuf | K::Out(_) | K::OutAfter(_) | K::SigSetOut(_) => Value::Out(v),
        K::Signal => Value::Signal(v as i32),
        K::Flags(set) => Value::Flags(set.decode(v as u32 as u64)),
        K::Flags64(set) => Value::Flags(set.decode(v)),
        K::Sym(set) => Value::Sym(set.decode(v as i32 as i64)),
        K::SigSet(len) => r.sigset(v, all[len], SIGSET_SIZE),
        K::In(f) | K::InOut(f, _) => f(r, v, all),
    }
}

/// Arguments of a call no decoder knows (a number this architecture does
/// not have): all six registers in hexadecimal.
pub fn raw_args(raw: &RawSyscall) -> impl Iterator<Item = Field> + '_ {
    const NAMES: [&str; 6] = ["arg0", "arg1", "arg2", "arg3", "arg4", "arg5"];
    raw.args.iter().zip(NAMES).map(|(v, n)| Field::new(n, Value::Hex(*v)))
}
