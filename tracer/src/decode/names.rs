//! Names of signals and error numbers, as the kernel and strace spell them.

use std::borrow::Cow;
use std::fmt;

/// The name of signal `sig`: `SIGUSR1`, or `SIGRT_2` for real-time signals
/// counted from the kernel's SIGRTMIN (32), as strace prints them.
pub fn signal_name(sig: i32) -> Cow<'static, str> {
    match nix::sys::signal::Signal::try_from(sig) {
        Ok(s) => Cow::Borrowed(s.as_str()),
        Err(_) if sig == 32 => Cow::Borrowed("SIGRTMIN"),
        Err(_) if (33..=64).contains(&sig) => Cow::Owned(format!("SIGRT_{}", sig - 32)),
        Err(_) => Cow::Owned(format!("{sig}")),
    }
}

/// The number of the signal called `name` (`SIGUSR1`, `USR1`, `SIGRT_2`).
pub fn signal_number(name: &str) -> Option<i32> {
    let upper = name.to_ascii_uppercase();
    let full = if upper.starts_with("SIG") { upper } else { format!("SIG{upper}") };
    if let Some(n) = full.strip_prefix("SIGRT_") {
        return n.parse::<i32>().ok().filter(|n| (1..=32).contains(n)).map(|n| n + 32);
    }
    if full == "SIGRTMIN" {
        return Some(32);
    }
    full.parse::<nix::sys::signal::Signal>().ok().map(|s| s as i32)
}

/// The names of the signals in a kernel signal set (bit N-1 is signal N).
pub fn signal_set_names(mask: u64) -> Vec<Cow<'static, str>> {
    (1..=64).filter(|sig| mask & (1u64 << (sig - 1)) != 0).map(signal_name).collect()
}

/// A signal set as strace prints it: `[USR1 CHLD]`, or `~[KILL STOP]` when
/// more than half the signals are in it.
pub fn format_signal_set(mask: u64) -> String {
    let (inverted, bits) = if mask.count_ones() > 32 { (true, !mask) } else { (false, mask) };
    let names: Vec<String> = signal_set_names(bits)
        .into_iter()
        .map(|n| n.strip_prefix("SIG").map(str::to_owned).unwrap_or_else(|| n.into_owned()))
        .collect();
    format!("{}[{}]", if inverted { "~" } else { "" }, names.join(" "))
}

/// An error number returned by a system call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Errno(pub i32);

/// Error numbers that only the tracer sees: the kernel restarts the call or
/// turns them into EINTR before the program gets them.
const KERNEL_ONLY: &[(i32, &str, &str)] = &[
    (512, "ERESTARTSYS", "To be restarted if SA_RESTART is set"),
    (513, "ERESTARTNOINTR", "To be restarted"),
    (514, "ERESTARTNOHAND", "To be restarted if no handler"),
    (515, "ENOIOCTLCMD", "No ioctl command"),
    (516, "ERESTART_RESTARTBLOCK", "Interrupted by signal"),
];

impl Errno {
    /// The symbolic name, e.g. `ENOMSG`.
    pub fn name(self) -> Cow<'static, str> {
        if let Some((_, name, _)) = KERNEL_ONLY.iter().find(|(n, _, _)| *n == self.0) {
            return Cow::Borrowed(name);
        }
        match nix::errno::Errno::from_raw(self.0) {
            nix::errno::Errno::UnknownErrno => Cow::Owned(format!("errno {}", self.0)),
            e => Cow::Owned(format!("{e:?}")),
        }
    }

    /// The description, e.g. `No message of desired type`.
    pub fn description(self) -> &'static str {
        if let Some((_, _, desc)) = KERNEL_ONLY.iter().find(|(n, _, _)| *n == self.0) {
            return desc;
        }
        nix::errno::Errno::from_raw(self.0).desc()
    }

    /// True for the restart codes a program never sees.
    pub fn is_restart(self) -> bool {
        KERNEL_ONLY.iter().any(|(n, _, _)| *n == self.0)
    }

    /// The error a raw return value stands for: the kernel returns -errno
    /// for errors, and only values in -4095..=-1 are errors.
    pub fn from_ret(ret: i64) -> Option<Errno> {
        (-4095..=-1).contains(&ret).then_some(Errno(-ret as i32))
    }
}

impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name(), self.description())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signal_names_follow_the_kernel_numbering() {
        assert_eq!(signal_name(10), "SIGUSR1");
        assert_eq!(signal_name(13), "SIGPIPE");
        assert_eq!(signal_name(34), "SIGRT_2");
        assert_eq!(signal_number("usr1"), Some(10));
        assert_eq!(signal_number("SIGRT_2"), Some(34));
        assert_eq!(signal_number("SIGNOPE"), None);
    }

    #[test]
    fn signal_sets_print_like_strace() {
        assert_eq!(format_signal_set((1 << 9) | (1 << 16)), "[USR1 CHLD]");
        assert_eq!(format_signal_set(!((1 << 8) | (1 << 18))), "~[KILL STOP]");
        assert_eq!(format_signal_set(0), "[]");
    }

    #[test]
    fn errno_comes_only_from_the_kernel_error_range() {
        assert_eq!(Errno::from_ret(-42), Some(Errno(42)));
        assert_eq!(Errno::from_ret(-4096), None);
        assert_eq!(Errno::from_ret(0), None);
        assert_eq!(Errno(42).name(), "ENOMSG");
        assert_eq!(Errno(42).to_string(), "ENOMSG (No message of desired type)");
        assert_eq!(Errno(512).name(), "ERESTARTSYS");
    }
}
