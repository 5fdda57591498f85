//! Decoding: a raw system call (number, six register arguments, return
//! value) plus the tracee's memory becomes a typed [`Syscall`] with named,
//! symbolic arguments.
//!
//! Decoding is pure: it performs no I/O of its own and reads the tracee only
//! through [`TraceeMemory`], so every decoder is tested on fixture bytes.
//! A call is decoded in two steps, as the kernel runs it: [`decode_entry`]
//! reads what the program passes in (a path, the bytes of a `write`, a
//! message to send) while it is still there, and [`decode_exit`] reads what
//! the kernel wrote back (the bytes of a `read`, the two fds of `pipe`, a
//! received message) once the call has returned.

mod admin;
pub mod bytes;
mod calls;
mod creds;
mod events;
mod files;
pub mod flags;
mod injected;
pub mod mem;
mod mq;
pub mod names;
mod net;
mod process;
mod signals;
mod spec;
mod system;
mod sysv;
pub mod table;
mod time;
pub mod value;

use std::borrow::Cow;

use syscalls::Sysno;

pub use bytes::{AsBytes, FromBytes};
/// The names of epoll's event bits, for the kernel view's interest lists.
pub use events::EPOLL_EVENTS;
pub use injected::Injected;
pub use mem::{FakeMemory, Reader, TraceeMemory};
pub use names::{Errno, signal_name};
pub use net::{mmsghdrs_in, mmsghdrs_out, msghdr_in, msghdr_out};
pub use value::{Bytes, Fd, Field, Flags, Sym, Value};

/// A system call as the tracer caught it at entry: its number, the six
/// argument registers, and the stack pointer (where rt_sigreturn's signal
/// frame is; 0 when not known).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawSyscall {
    pub nr: u64,
    pub args: [u64; 6],
    pub sp: u64,
}

impl RawSyscall {
    /// Call `nr` with `args`, the stack pointer not known.
    pub fn new(nr: u64, args: [u64; 6]) -> Self {
        RawSyscall { nr, args, sp: 0 }
    }
}

/// How the return value of a call is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetKind {
    /// A signed integer (a count, 0 for success).
    Int,
    /// A new file descriptor.
    Fd,
    /// An address or a value best read in hexadecimal.
    Hex,
    /// The call does not return when it succeeds (exit, exit_group).
    NoReturn,
    /// A permission mode, in octal (umask returns the old mask).
    Oct,
    /// A signal number, shown by name (rt_sigtimedwait returns the signal).
    Signal,
}

/// A decoded system call, filled in at entry and completed at exit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Syscall {
    /// The call, when the number is one this architecture knows.
    pub sysno: Option<Sysno>,
    /// The kernel's name for the call (`msgsnd`, `clone3`, `exit_group`).
    pub name: Cow<'static, str>,
    /// The arguments, named as in the man pages, decoded.
    pub args: Vec<Field>,
    /// The raw argument registers, kept for decoding at exit.
    pub raw: RawSyscall,
    /// The raw return value; None while the call has not returned (or never did).
    pub ret: Option<i64>,
    /// The error, when the call failed.
    pub errno: Option<Errno>,
    /// How the return value is to be shown.
    pub ret_kind: RetKind,
    /// The return value decoded (an annotated fd), when it is more than a number.
    pub ret_value: Option<Value>,
    /// What `--inject` did to the call, if anything.
    pub injected: Option<Injected>,
}

impl Syscall {
    /// The argument called `name`.
    pub fn arg(&self, name: &str) -> Option<&Value> {
        self.args.iter().find(|f| f.name == name).map(|f| &f.value)
    }

    /// The mutable argument called `name`.
    pub fn arg_mut(&mut self, name: &str) -> Option<&mut Value> {
        self.args.iter_mut().find(|f| f.name == name).map(|f| &mut f.value)
    }

    /// True when the call returned without error.
    pub fn succeeded(&self) -> bool {
        self.ret.is_some() && self.errno.is_none()
    }

    /// The clone flags of a fork-like call (clone, clone3, fork, vfork).
    pub fn clone_flags(&self) -> Option<u64> {
        match self.sysno? {
            Sysno::clone => Some(self.raw.args[0]),
            Sysno::clone3 => self.arg("cl_args")?.field("flags")?.as_i64().map(|v| v as u64),
            #[cfg(target_arch = "x86_64")]
            Sysno::fork => Some(libc::SIGCHLD as u64),
            #[cfg(target_arch = "x86_64")]
            Sysno::vfork => Some((libc::CLONE_VM | libc::CLONE_VFORK) as u64 | libc::SIGCHLD as u64),
            _ => None,
        }
    }
}

/// Options that shape decoding.
#[derive(Debug, Clone, Copy)]
pub struct DecodeOptions {
    /// Longest string or data buffer shown (strace's `-s`, default 32).
    pub string_limit: usize,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions { string_limit: 32 }
    }
}

/// The kernel's name for call number `nr` on this architecture.
pub fn syscall_name(nr: u64) -> Cow<'static, str> {
    match Sysno::new(nr as usize) {
        Some(s) => Cow::Borrowed(s.name()),
        None => Cow::Owned(format!("syscall_{nr:#x}")),
    }
}

/// Decodes what a call passes in, at its entry.
pub fn decode_entry(raw: RawSyscall, mem: &dyn TraceeMemory, opts: &DecodeOptions) -> Syscall {
    decode_entry_into(raw, mem, opts, Vec::new())
}

/// [`decode_entry`], with the arguments put in `args` (emptied first): a
/// tracer hands back the vector of a call it is done with, and decoding a
/// call allocates nothing for its argument list.
pub fn decode_entry_into(
    raw: RawSyscall,
    mem: &dyn TraceeMemory,
    opts: &DecodeOptions,
    mut args: Vec<Field>,
) -> Syscall {
    let reader = Reader::new(mem, opts.string_limit);
    let sysno = Sysno::new(raw.nr as usize);
    let decoder = sysno.and_then(table::decoder);
    args.clear();
    let ret_kind = match decoder {
        Some(d) => {
            d.entry(&reader, &raw, &mut args);
            d.ret_kind()
        }
        None => {
            args.extend(spec::raw_args(&raw));
            RetKind::Int
        }
    };
    let name = match sysno {
        Some(s) => Cow::Borrowed(s.name()),
        None => syscall_name(raw.nr),
    };
    Syscall { sysno, name, args, raw, ret: None, errno: None, ret_kind, ret_value: None, injected: None }
}

/// Redecodes what depends on the kind of descriptor a call used, once the
/// tracer has named it (`anon_inode:inotify`): a `read` of an inotify
/// descriptor returns inotify events, not bytes.
pub fn decode_by_target(call: &mut Syscall, mem: &dyn TraceeMemory) {
    if call.sysno != Some(Sysno::read) || !call.succeeded() {
        return;
    }
    let target = call.args.first().and_then(|a| a.value.as_fd()).and_then(|f| f.target.as_deref());
    if target != Some("anon_inode:inotify") {
        return;
    }
    let (addr, len) = (call.raw.args[1], call.ret.unwrap_or(0).max(0) as u64);
    // The string limit does not apply: each event is shown whole.
    let events = events::inotify_events(&Reader::new(mem, 0), addr, len);
    if let Some(buf) = call.args.get_mut(1) {
        buf.value = events;
    }
}

/// The index of the first argument the kernel may rewrite at exit (a
/// buffer it fills, a length it changes): the arguments before it are as
/// they will print once the call returns, so a call shown unfinished shows
/// those and resumes from there.
pub fn written_from(call: &Syscall) -> usize {
    use spec::{Decoder, K};
    let by_kind = match call.sysno.and_then(table::decoder) {
        Some(Decoder::Spec { args, .. }) => args
            .iter()
            .position(|(_, k)| matches!(k, K::OutBuf | K::Out(_) | K::OutAfter(_) | K::InOut(..) | K::SigSetOut(_))),
        _ => None,
    };
    let by_value = call.args.iter().position(|a| matches!(a.value, Value::Out(_)));
    by_kind.into_iter().chain(by_value).min().unwrap_or(call.args.len()).min(call.args.len())
}

/// Completes a call with its return value, decoding what the kernel wrote.
pub fn decode_exit(call: &mut Syscall, ret: i64, mem: &dyn TraceeMemory, opts: &DecodeOptions) {
    call.ret = Some(ret);
    call.errno = Errno::from_ret(ret);
    if call.errno.is_none() {
        call.ret_value = match call.ret_kind {
            RetKind::Fd => Some(Value::Fd(Fd::new(ret as i32))),
            RetKind::Oct => Some(Value::Oct(ret as u64)),
            RetKind::Signal => Some(Value::Signal(ret as i32)),
            RetKind::Int | RetKind::Hex | RetKind::NoReturn => None,
        };
    }
    if call.errno.is_none() {
        let reader = Reader::new(mem, opts.string_limit);
        if let Some(d) = call.sysno.and_then(table::decoder) {
            d.exit(&reader, call, ret);
        }
    }
}

#[cfg(test)]
mod tests;
