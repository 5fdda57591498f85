//! What ipclab did to a call with `--inject`: the record a touched call
//! carries, so the trace can mark it `(INJECTED: ...)`, its JSON line can
//! hold an `injected` object, and every consumer (the kernel view, the
//! graders' model) can tell a call that never ran from one that did.
//! Deciding what to inject is `crate::inject`'s; this is only the record.

use std::fmt;

use super::names::{Errno, signal_name};

/// What was done to one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Injected {
    /// The call did not run: its number was replaced by -1 at entry, and
    /// it returned this error.
    Error(Errno),
    /// The call ran with its count argument lowered from `asked` to `given`
    /// (bytes for read and write, buffers for readv and writev); the
    /// register was put back at exit, as a short transfer leaves it.
    Short { asked: u64, given: u64 },
    /// The call was held at its entry this many milliseconds, then ran.
    Delayed { ms: u64 },
    /// This signal was sent to the calling thread at the call's entry; the
    /// kernel then delivered it as it delivers any signal (a blocking call
    /// is interrupted, a handler runs, SA_RESTART restarts the call).
    Signal(i32),
}

impl Injected {
    /// Whether the call was skipped: it changed nothing in the kernel.
    pub fn skipped(self) -> bool {
        matches!(self, Injected::Error(_))
    }

    /// The short word for what was done, as the JSON's `"what"`.
    pub fn what(self) -> &'static str {
        match self {
            Injected::Error(_) => "error",
            Injected::Short { .. } => "short",
            Injected::Delayed { .. } => "delay",
            Injected::Signal(_) => "signal",
        }
    }
}

/// The mark's text, after `INJECTED: ` (`EINTR, the call did not run`).
impl fmt::Display for Injected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Injected::Error(e) => write!(f, "{}, the call did not run", e.name()),
            Injected::Short { asked, given } => write!(f, "short, count {asked} lowered to {given}"),
            Injected::Delayed { ms } => write!(f, "delayed {ms} ms"),
            Injected::Signal(sig) => write!(f, "{} sent at entry", signal_name(sig)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_mark_says_what_was_done_and_only_an_error_skips_the_call() {
        let cases = [
            (Injected::Error(Errno(libc::EINTR)), "EINTR, the call did not run", true),
            (Injected::Short { asked: 23, given: 11 }, "short, count 23 lowered to 11", false),
            (Injected::Delayed { ms: 50 }, "delayed 50 ms", false),
            (Injected::Signal(libc::SIGUSR1), "SIGUSR1 sent at entry", false),
        ];
        for (injected, text, skipped) in cases {
            assert_eq!(injected.to_string(), text);
            assert_eq!(injected.skipped(), skipped, "{text}");
        }
    }
}
