//! Runs made up for tests: events, calls and a trace built from them, as
//! the recorder would have kept them from a lab that exited with status 0.

use std::borrow::Cow;
use std::time::Duration;

use syscalls::Sysno;
use tracer::decode::{Field, RawSyscall, RetKind, Syscall};
use tracer::event::{Event, EventKind, Pid};
use tracer::ptrace::Outcome;

use super::Trace;
use crate::grade::record::{Limits, Recording};
use crate::labs::course::Descriptor;

/// An event of `pid`'s first thread.
pub fn event(pid: Pid, kind: EventKind) -> Event {
    Event { time: Duration::ZERO, pid, tid: pid, kind }
}

/// A call with these decoded arguments that returned `ret` (raw registers 0).
pub fn syscall(sysno: Sysno, args: Vec<Field>, ret: i64) -> Syscall {
    Syscall {
        sysno: Some(sysno),
        name: Cow::Borrowed(sysno.name()),
        args,
        raw: RawSyscall::new(0, [0; 6]),
        ret: Some(ret),
        errno: None,
        ret_kind: RetKind::Int,
        ret_value: None,
        injected: None,
    }
}

/// A run that kept `events`, printed nothing and exited with status 0.
pub fn recording(events: Vec<Event>) -> Recording {
    Recording {
        events,
        outcome: Outcome::Exited(0),
        stdout: String::new(),
        stderr: String::new(),
        limits: Limits::new(Duration::from_secs(1)),
        dropped_calls: 0,
    }
}

/// The trace of lab `lab` made of `events` (see [`recording`]).
pub fn trace(events: Vec<Event>, lab: &'static Descriptor) -> Trace {
    Trace::new(recording(events), lab)
}
