//! The rows of the call table, one file per family of calls, as the
//! decoders are grouped: one line (or two) per call, its classes first,
//! then what it does, then its decoder, whose argument list is the call's
//! prototype (the man page's names, each with its kernel type).
//!
//! Every call the architecture has is listed once: a call listed twice, or
//! a call without a decoder, does not compile (see `build` in the table).

use super::super::RetKind;
use super::super::spec::{Decoder, EntryFn, ExitFn};
use super::{Call, Classes};

mod desc;
mod files;
mod ipc;
mod memory;
mod net;
mod process;
mod signals;
mod system;
mod wait;

/// A decoder from a prototype: `spec!(RInt; "fd": Fd, "buf": OutBuf)`, or
/// with a function to run at a successful exit once the arguments are read:
/// `spec!(RInt, then poll_after; ...)`.
macro_rules! spec {
    ($ret:expr; $($name:literal : $kind:expr),* $(,)?) => {
        {
            const D: $crate::decode::spec::Decoder =
                $crate::decode::spec::Decoder::Spec { args: &[$(($name, $kind)),*], ret: $ret, after: None };
            &D
        }
    };
    ($ret:expr, then $after:expr; $($name:literal : $kind:expr),* $(,)?) => {
        {
            const D: $crate::decode::spec::Decoder =
                $crate::decode::spec::Decoder::Spec { args: &[$(($name, $kind)),*], ret: $ret, after: Some($after) };
            &D
        }
    };
}
pub(super) use spec;

/// A decoder of hand-written entry and exit functions.
pub(super) const fn custom(entry: EntryFn, exit: Option<ExitFn>, ret: RetKind) -> Decoder {
    Decoder::Custom { entry, exit, ret }
}

pub(super) const IPC: Classes = Classes::IPC;
pub(super) const PIPE: Classes = Classes::PIPE;
pub(super) const PROCESS: Classes = Classes::PROCESS;
pub(super) const SIGNAL: Classes = Classes::SIGNAL;
pub(super) const NETWORK: Classes = Classes::NETWORK;
pub(super) const FILE: Classes = Classes::FILE;
pub(super) const DESC: Classes = Classes::DESC;
pub(super) const MEMORY: Classes = Classes::MEMORY;

/// A row for `sysno` in `classes`.
pub(super) const fn c(sysno: syscalls::Sysno, classes: &[Classes]) -> Call {
    let mut call = Call::of(sysno);
    let mut i = 0;
    while i < classes.len() {
        call = call.class(classes[i]);
        i += 1;
    }
    call
}

/// Every row, family by family.
pub(super) const ROWS: &[&[Call]] = &[
    desc::ROWS,
    files::ROWS,
    process::ROWS,
    ipc::ROWS,
    signals::ROWS,
    net::ROWS,
    memory::ROWS,
    wait::ROWS,
    system::ROWS,
];
