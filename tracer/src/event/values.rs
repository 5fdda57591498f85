//! The kernel's own plain values the kernel view reports with: a signal
//! set as the kernel keeps it (a 64-bit mask), and a process's scheduler
//! state (the letter of `State:` in /proc/PID/status). Re-exported from
//! [`super::kernel`].

use std::fmt;

use crate::decode::names::signal_name;

/// A set of signals, as the kernel's 64-bit masks: bit N-1 is signal N.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SigSet(pub u64);

impl SigSet {
    /// Whether signal `signo` (1..=64) is in the set.
    pub fn contains(self, signo: i32) -> bool {
        (1..=64).contains(&signo) && self.0 & (1 << (signo - 1)) != 0
    }

    /// True when no signal is in the set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The signal numbers in the set, ascending.
    pub fn numbers(self) -> impl Iterator<Item = i32> {
        (1..=64).filter(move |&s| self.contains(s))
    }

    /// The signal names in the set, ascending, e.g. `["SIGUSR1", "SIGRTMIN+3"]`.
    pub fn names(self) -> Vec<String> {
        self.numbers().map(|s| signal_name(s).into_owned()).collect()
    }
}

impl fmt::Display for SigSet {
    /// Names separated by `|`, or `-` for the empty set.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return write!(f, "-");
        }
        write!(f, "{}", self.names().join("|"))
    }
}

/// The scheduler state of a process, the letter of `State:` in
/// `/proc/PID/status` (and the third field of `/proc/PID/stat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProcState {
    /// `R`: running or ready to run.
    Running,
    /// `S`: sleeping, interruptibly: waiting in a call (read, msgrcv, semop...).
    Sleeping,
    /// `D`: sleeping uninterruptibly, usually on disk I/O.
    DiskSleep,
    /// `T`: stopped by a signal (`SIGSTOP`, `SIGTSTP`...).
    Stopped,
    /// `t`: stopped by its tracer (as tracees are at each traced call).
    TracingStop,
    /// `Z`: exited, but its parent has not yet waited for it.
    Zombie,
    /// `X`: dead, being removed.
    Dead,
    /// `I`: an idle kernel thread.
    Idle,
    /// Any other letter.
    Other(char),
}

impl ProcState {
    /// The state for its letter.
    pub fn from_letter(c: char) -> Self {
        match c {
            'R' => ProcState::Running,
            'S' => ProcState::Sleeping,
            'D' => ProcState::DiskSleep,
            'T' => ProcState::Stopped,
            't' => ProcState::TracingStop,
            'Z' => ProcState::Zombie,
            'X' => ProcState::Dead,
            'I' => ProcState::Idle,
            c => ProcState::Other(c),
        }
    }

    /// The letter the kernel prints.
    pub fn letter(self) -> char {
        match self {
            ProcState::Running => 'R',
            ProcState::Sleeping => 'S',
            ProcState::DiskSleep => 'D',
            ProcState::Stopped => 'T',
            ProcState::TracingStop => 't',
            ProcState::Zombie => 'Z',
            ProcState::Dead => 'X',
            ProcState::Idle => 'I',
            ProcState::Other(c) => c,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_real_time_signals_like_kill_l() {
        assert_eq!(SigSet(1 << 33).names(), ["SIGRTMIN"]);
        assert_eq!(SigSet(1 << 36).names(), ["SIGRTMIN+3"]);
        assert_eq!(SigSet(1 << 31).names(), ["SIG32"]);
    }

    #[test]
    fn sigset_displays_names_joined() {
        assert_eq!(SigSet(0).to_string(), "-");
        assert_eq!(SigSet(0x1000).to_string(), "SIGPIPE");
        assert_eq!(SigSet(0x1006).to_string(), "SIGINT|SIGQUIT|SIGPIPE");
    }

    #[test]
    fn state_letters_round_trip() {
        for c in ['R', 'S', 'D', 'T', 't', 'Z', 'X', 'I', 'P'] {
            assert_eq!(ProcState::from_letter(c).letter(), c);
        }
    }
}
