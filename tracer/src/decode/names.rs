//! Names of signals and error numbers: signals as C programs spell them
//! (glibc's `SIGRTMIN` is 34), errors as the kernel and strace do.

use std::borrow::Cow;
use std::fmt;

/// The first real-time signal a program may use: glibc keeps 32 and 33 for
/// its threads, so `SIGRTMIN` is 34 in C programs, as `kill -l` shows.
pub const SIGRTMIN: i32 = 34;
/// The last real-time signal.
pub const SIGRTMAX: i32 = 64;

/// The name of signal `sig` as a C program spells it: `SIGUSR1`,
/// `SIGRTMIN` (34), `SIGRTMIN+3` (37), `SIG32` and `SIG33` (glibc's own
/// real-time signals); a number outside 1..=64 (such as the 0 of
/// `kill(pid, 0)`) is shown as the number.
pub fn signal_name(sig: i32) -> Cow<'static, str> {
    if let Ok(s) = nix::sys::signal::Signal::try_from(sig) {
        return Cow::Borrowed(s.as_str());
    }
    match sig {
        SIGRTMIN => Cow::Borrowed("SIGRTMIN"),
        32 => Cow::Borrowed("SIG32"),
        33 => Cow::Borrowed("SIG33"),
        n if n > SIGRTMIN && n <= SIGRTMAX => Cow::Owned(format!("SIGRTMIN+{}", n - SIGRTMIN)),
        n => Cow::Owned(n.to_string()),
    }
}

/// The number of the signal called `name`, the inverse of [`signal_name`]:
/// `SIGUSR1` or `USR1` (any case), `SIGRTMIN+3`, `SIGRTMAX-1`, `SIG32`, or
/// a number in 1..=64.
pub fn signal_number(name: &str) -> Option<i32> {
    let upper = name.trim().to_ascii_uppercase();
    let in_range = |n: i32| (1..=SIGRTMAX).contains(&n).then_some(n);
    if let Ok(n) = upper.parse::<i32>() {
        return in_range(n);
    }
    let full = if upper.starts_with("SIG") { upper } else { format!("SIG{upper}") };
    let offset = |rest: &str, sign: char| -> Option<i32> {
        if rest.is_empty() {
            return Some(0);
        }
        let n: i32 = rest.strip_prefix(sign)?.parse().ok()?;
        (0..=SIGRTMAX - SIGRTMIN).contains(&n).then_some(n)
    };
    if let Some(rest) = full.strip_prefix("SIGRTMIN") {
        return offset(rest, '+').map(|n| SIGRTMIN + n);
    }
    if let Some(rest) = full.strip_prefix("SIGRTMAX") {
        return offset(rest, '-').map(|n| SIGRTMAX - n);
    }
    if let Some(n) = full.strip_prefix("SIG").and_then(|n| n.parse::<i32>().ok()) {
        return in_range(n);
    }
    full.parse::<nix::sys::signal::Signal>().ok().map(|s| s as i32)
}

/// The names of the signals in a kernel signal set (bit N-1 is signal N).
pub fn signal_set_names(mask: u64) -> Vec<Cow<'static, str>> {
    (1..=64).filter(|sig| mask & (1u64 << (sig - 1)) != 0).map(signal_name).collect()
}

/// A signal set as strace prints it: `[USR1 CHLD]`, or `~[KILL STOP]` when
/// two thirds or more of the signals are in it.
pub fn format_signal_set(mask: u64) -> String {
    format_signal_set_n(mask, 8)
}

/// A signal set of `bytes` bytes (1 to 8: what the kernel read or wrote),
/// as strace prints it: counted in 32-bit words, inverted (`~[...]`) when
/// two thirds or more of the words' bits are set.
pub fn format_signal_set_n(mask: u64, bytes: usize) -> String {
    let words = bytes.clamp(1, 8).div_ceil(4);
    let width = words * 32;
    let all = if width == 64 { u64::MAX } else { (1u64 << width) - 1 };
    let mask = mask & all;
    let (inverted, bits) =
        if mask.count_ones() as usize >= width * 2 / 3 { (true, !mask & all) } else { (false, mask) };
    let names: Vec<String> = signal_set_names(bits)
        .into_iter()
        .map(|n| match n.strip_prefix("SIG") {
            // SIG32 keeps its prefix: a bare 32 would read as a count.
            Some(short) if short.starts_with(|c: char| c.is_ascii_alphabetic()) => short.to_owned(),
            _ => n.into_owned(),
        })
        .collect();
    format!("{}[{}]", if inverted { "~" } else { "" }, names.join(" "))
}

/// The name of a siginfo si_code for signal `sig`: `SI_USER`, `SI_TKILL`,
/// `CLD_EXITED`, `SEGV_MAPERR`, ...
pub fn si_code_name(sig: i32, code: i32) -> Cow<'static, str> {
    let generic = match code {
        0 => Some("SI_USER"),
        0x80 => Some("SI_KERNEL"),
        -1 => Some("SI_QUEUE"),
        -2 => Some("SI_TIMER"),
        -3 => Some("SI_MESGQ"),
        -4 => Some("SI_ASYNCIO"),
        -5 => Some("SI_SIGIO"),
        -6 => Some("SI_TKILL"),
        _ => None,
    };
    if let Some(name) = generic {
        return Cow::Borrowed(name);
    }
    let specific: &[&str] = match sig {
        libc::SIGCHLD => &["CLD_EXITED", "CLD_KILLED", "CLD_DUMPED", "CLD_TRAPPED", "CLD_STOPPED", "CLD_CONTINUED"],
        libc::SIGSEGV => &["SEGV_MAPERR", "SEGV_ACCERR", "SEGV_BNDERR", "SEGV_PKUERR"],
        libc::SIGBUS => &["BUS_ADRALN", "BUS_ADRERR", "BUS_OBJERR", "BUS_MCEERR_AR", "BUS_MCEERR_AO"],
        libc::SIGFPE => &[
            "FPE_INTDIV",
            "FPE_INTOVF",
            "FPE_FLTDIV",
            "FPE_FLTOVF",
            "FPE_FLTUND",
            "FPE_FLTRES",
            "FPE_FLTINV",
            "FPE_FLTSUB",
        ],
        libc::SIGILL => &[
            "ILL_ILLOPC",
            "ILL_ILLOPN",
            "ILL_ILLADR",
            "ILL_ILLTRP",
            "ILL_PRVOPC",
            "ILL_PRVREG",
            "ILL_COPROC",
            "ILL_BADSTK",
        ],
        libc::SIGTRAP => &["TRAP_BRKPT", "TRAP_TRACE", "TRAP_BRANCH", "TRAP_HWBKPT"],
        libc::SIGPOLL => &["POLL_IN", "POLL_OUT", "POLL_MSG", "POLL_ERR", "POLL_PRI", "POLL_HUP"],
        _ => &[],
    };
    match usize::try_from(code).ok().and_then(|c| c.checked_sub(1)).and_then(|i| specific.get(i)) {
        Some(name) => Cow::Borrowed(name),
        None => Cow::Owned(code.to_string()),
    }
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

    /// The description, as the C library's strerror gives it: `No message
    /// of desired type`, `Resource temporarily unavailable`.
    pub fn description(self) -> &'static str {
        if let Some((_, _, desc)) = KERNEL_ONLY.iter().find(|(n, _, _)| *n == self.0) {
            return desc;
        }
        strerror(self.0)
    }

    /// True for the restart codes a program never sees.
    pub fn is_restart(self) -> bool {
        KERNEL_ONLY.iter().any(|(n, _, _)| *n == self.0)
    }

    /// The error a raw return value stands for: the kernel returns -errno
    /// for errors, and only values in -4095..=-1 are errors.
    pub fn from_ret(ret: i64) -> Option<Errno> {
        (-4095..=-1).contains(&ret).then(|| Errno(-ret as i32))
    }
}

/// The largest error number the C library describes (EHWPOISON is 133).
const ERRNO_MAX: i32 = 200;

/// The C library's text for error `n`, read once for every error number
/// through the standard library's `strerror_r` (an OS error's message is
/// its text followed by ` (os error N)`), never typed by hand.
fn strerror(n: i32) -> &'static str {
    static TEXTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let texts = TEXTS.get_or_init(|| {
        (0..=ERRNO_MAX)
            .map(|n| {
                let full = std::io::Error::from_raw_os_error(n).to_string();
                let suffix = format!(" (os error {n})");
                full.strip_suffix(&suffix).map(str::to_owned).unwrap_or(full)
            })
            .collect()
    });
    match usize::try_from(n).ok().and_then(|i| texts.get(i)) {
        Some(text) => text,
        None => "Unknown error",
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
    fn signal_names_follow_glibc_real_time_numbering() {
        assert_eq!(signal_name(10), "SIGUSR1");
        assert_eq!(signal_name(13), "SIGPIPE");
        assert_eq!(signal_name(32), "SIG32");
        assert_eq!(signal_name(33), "SIG33");
        assert_eq!(signal_name(34), "SIGRTMIN");
        assert_eq!(signal_name(37), "SIGRTMIN+3");
        assert_eq!(signal_name(64), "SIGRTMIN+30");
        assert_eq!(signal_name(0), "0");
        assert_eq!(signal_name(65), "65");
    }

    #[test]
    fn signal_numbers_parse_every_name_signal_name_prints() {
        for sig in 1..=64 {
            assert_eq!(signal_number(&signal_name(sig)), Some(sig), "{sig} printed as {}", signal_name(sig));
        }
        assert_eq!(signal_number("usr1"), Some(10));
        assert_eq!(signal_number("RTMIN+3"), Some(37));
        assert_eq!(signal_number("SIGRTMAX-1"), Some(63));
        assert_eq!(signal_number("10"), Some(10));
    }

    #[test]
    fn signal_numbers_reject_what_is_not_a_signal() {
        for bad in ["SIGNOPE", "SIGRTMIN+31", "SIGRTMAX-31", "SIGRTMIN-1", "0", "65", "SIG65", ""] {
            assert_eq!(signal_number(bad), None, "{bad:?} parsed");
        }
    }

    #[test]
    fn signal_sets_print_like_strace() {
        assert_eq!(format_signal_set((1 << 9) | (1 << 16)), "[USR1 CHLD]");
        assert_eq!(format_signal_set(!((1 << 8) | (1 << 18))), "~[KILL STOP]");
        assert_eq!(format_signal_set(0), "[]");
        assert_eq!(format_signal_set((1 << 31) | (1 << 33) | (1 << 36)), "[SIG32 RTMIN RTMIN+3]");
    }

    #[test]
    fn errno_comes_only_from_the_kernel_error_range() {
        assert_eq!(Errno::from_ret(-42), Some(Errno(42)));
        assert_eq!(Errno::from_ret(-4096), None);
        assert_eq!(Errno::from_ret(0), None);
        assert_eq!(Errno::from_ret(i64::MIN), None);
        assert_eq!(Errno(42).name(), "ENOMSG");
        assert_eq!(Errno(42).to_string(), "ENOMSG (No message of desired type)");
        assert_eq!(Errno(512).name(), "ERESTARTSYS");
    }

    #[test]
    fn errno_texts_are_the_c_librarys() {
        // strerror(3), not the kernel headers' comments ("Try again",
        // "Bad file number", "Not a typewriter").
        assert_eq!(Errno(libc::EAGAIN).description(), "Resource temporarily unavailable");
        assert_eq!(Errno(libc::EBADF).description(), "Bad file descriptor");
        assert_eq!(Errno(libc::ENOTTY).description(), "Inappropriate ioctl for device");
        for n in 1..134 {
            // SAFETY: strerror returns a pointer to a NUL-terminated string.
            let c = unsafe { std::ffi::CStr::from_ptr(libc::strerror(n)) };
            assert_eq!(Errno(n).description(), c.to_str().unwrap(), "errno {n}");
        }
    }
}
