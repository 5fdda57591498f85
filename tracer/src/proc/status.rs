//! A process's state and signal masks, from `/proc/PID/status`.
//!
//! The kernel keeps, per process, which signals are pending (sent but not yet
//! delivered), blocked (`sigprocmask`), ignored (`SIG_IGN`) and caught (a
//! handler installed with `sigaction`), and prints each as a 64-bit hex mask
//! where bit N-1 stands for signal N. procfs parses the file; this module
//! turns the masks into signal names and the `State:` letter into a
//! [`ProcState`], so a zombie (exited, not yet waited for) is recognised.

use std::path::PathBuf;

use nix::unistd::Pid;

use super::error::{Error, ParseError, Result, read_proc_whole};

pub use crate::decode::names::SIGRTMIN;
pub use crate::event::kernel::{ProcState, SigSet};

/// What `/proc/PID/status` says about a process's state and signals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessStatus {
    /// The pid (of the thread whose file was read).
    pub pid: Pid,
    /// The process's thread group id: its pid as `getpid` returns it.
    pub tgid: Pid,
    /// The parent process (`PPid`); after the parent exits, the reaper that adopted it.
    pub ppid: Pid,
    /// Command name (`Name`), at most 15 bytes.
    pub name: String,
    /// Scheduler state.
    pub state: ProcState,
    /// Number of threads.
    pub threads: u64,
    /// Signals pending for this thread (`SigPnd`: sent with `tgkill`/`raise`).
    pub pending: SigSet,
    /// Signals pending for the whole process (`ShdPnd`: sent with `kill`).
    pub shared_pending: SigSet,
    /// Signals blocked by this thread (`SigBlk`, set with `sigprocmask`).
    pub blocked: SigSet,
    /// Signals ignored (`SigIgn`: disposition `SIG_IGN`).
    pub ignored: SigSet,
    /// Signals caught (`SigCgt`: a handler installed with `sigaction`/`signal`).
    pub caught: SigSet,
    /// The effective capabilities (`CapEff`), a bit per capability.
    pub cap_effective: Option<u64>,
    /// The seccomp mode (`Seccomp`): 0 none, 1 strict, 2 a filter.
    pub seccomp: Option<u8>,
    /// The process tracing it (`TracerPid`), if any.
    pub tracer: Option<Pid>,
}

impl ProcessStatus {
    /// True for a zombie: exited, waiting for its parent to reap it with `wait`.
    pub fn is_zombie(&self) -> bool {
        self.state == ProcState::Zombie
    }
}

/// Parses the text of `/proc/PID/status`.
///
/// Only the lines ipclab reads are looked at, each parsed where it is found:
/// the view reads a status at every signal a traced process gets, and
/// building a map of all sixty lines first (as a general parser does) cost
/// more than the kernel's writing of the file.
pub fn parse_status(text: &str) -> std::result::Result<ProcessStatus, ParseError> {
    /// The signal-set lines, in the order of `sigs` below.
    const SIG_KEYS: [&str; 5] = ["SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt"];
    let (mut name, mut state, mut pid, mut tgid, mut ppid, mut threads) = (None, None, None, None, None, None);
    let (mut cap_effective, mut seccomp, mut tracer) = (None, None, None);
    let mut sigs: [Option<u64>; 5] = [None; 5];
    for (n, line) in text.lines().enumerate() {
        let Some((key, value)) = line.split_once(':') else { continue };
        let value = value.trim_start_matches(['\t', ' ']);
        let int = |v: &str| {
            v.trim().parse::<i32>().map_err(|_| ParseError::new(n + 1, format!("{key}: not a number: {v:?}")))
        };
        match key {
            "Name" => name = Some(value),
            "State" => state = value.chars().next(),
            "Pid" => pid = Some(int(value)?),
            "Tgid" => tgid = Some(int(value)?),
            "PPid" => ppid = Some(int(value)?),
            "Threads" => threads = Some(int(value)? as u64),
            "CapEff" => cap_effective = u64::from_str_radix(value.trim(), 16).ok(),
            "Seccomp" => seccomp = value.trim().parse().ok(),
            "TracerPid" => tracer = Some(int(value)?).filter(|&p| p != 0).map(Pid::from_raw),
            _ => {
                if let Some(i) = SIG_KEYS.iter().position(|k| *k == key) {
                    let set = u64::from_str_radix(value.trim(), 16)
                        .map_err(|_| ParseError::new(n + 1, format!("{key}: not a signal set: {value:?}")))?;
                    sigs[i] = Some(set);
                }
            }
        }
    }
    let missing = |what: &str| ParseError::new(0, format!("no {what} line"));
    let sigset = |i: usize| sigs[i].map(SigSet).ok_or_else(|| missing(SIG_KEYS[i]));
    Ok(ProcessStatus {
        pid: Pid::from_raw(pid.ok_or_else(|| missing("Pid"))?),
        tgid: Pid::from_raw(tgid.ok_or_else(|| missing("Tgid"))?),
        ppid: Pid::from_raw(ppid.ok_or_else(|| missing("PPid"))?),
        name: name.ok_or_else(|| missing("Name"))?.to_string(),
        state: ProcState::from_letter(state.ok_or_else(|| missing("State"))?),
        threads: threads.ok_or_else(|| missing("Threads"))?,
        pending: sigset(0)?,
        shared_pending: sigset(1)?,
        blocked: sigset(2)?,
        ignored: sigset(3)?,
        caught: sigset(4)?,
        cap_effective,
        seccomp,
        tracer,
    })
}

/// Reads `/proc/PID/status`.
pub fn process_status(pid: Pid) -> Result<ProcessStatus> {
    let path = PathBuf::from(format!("/proc/{pid}/status"));
    parse_status(&read_proc_whole(&path, Some(pid))?).map_err(|e| Error::parse(&path, e))
}

/// A process's state and parent, from `/proc/PID/stat`: the same letters
/// as `status`, in a file the kernel writes out in about half the time
/// (for the question asked after every exit: is it a zombie now, and whose?).
pub fn process_state(pid: Pid) -> Result<(ProcState, Pid)> {
    let path = PathBuf::from(format!("/proc/{pid}/stat"));
    parse_stat_state(&read_proc_whole(&path, Some(pid))?).map_err(|e| Error::parse(&path, e))
}

/// The fields of a `/proc/PID/stat` line from the third (the state) on:
/// the command name (the second) may hold spaces and parentheses, so they
/// are counted after its last `)`. None when there is no `)`.
pub(crate) fn stat_fields_after_comm(text: &str) -> Option<std::str::SplitAsciiWhitespace<'_>> {
    Some(text[text.rfind(')')? + 1..].split_ascii_whitespace())
}

/// Parses the state and the parent out of the text of `/proc/PID/stat`:
/// `pid (comm) state ppid ...`, where comm may hold spaces and parentheses,
/// so the fields are counted after its last `)`.
pub fn parse_stat_state(text: &str) -> std::result::Result<(ProcState, Pid), ParseError> {
    let mut fields = stat_fields_after_comm(text).ok_or_else(|| ParseError::new(1, "no `)` after the command name"))?;
    let state = fields.next().and_then(|s| s.chars().next()).ok_or_else(|| ParseError::new(1, "no state field"))?;
    let ppid =
        fields.next().and_then(|p| p.parse::<i32>().ok()).ok_or_else(|| ParseError::new(1, "no parent pid field"))?;
    Ok((ProcState::from_letter(state), Pid::from_raw(ppid)))
}

/// Reads `/proc/PID/task/TID/status`: the status of one thread, whose
/// `SigBlk` and `SigPnd` are its own (each thread has its own mask).
pub fn thread_status(pid: Pid, tid: Pid) -> Result<ProcessStatus> {
    let path = PathBuf::from(format!("/proc/{pid}/task/{tid}/status"));
    parse_status(&read_proc_whole(&path, Some(pid))?).map_err(|e| Error::parse(&path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_parses_as_the_procfs_crate_parses_it() {
        use procfs::FromBufRead;
        for path in ["/proc/self/status", "/proc/1/status"] {
            let text = std::fs::read_to_string(path).unwrap();
            let ours = parse_status(&text).unwrap();
            let theirs = procfs::process::Status::from_buf_read(text.as_bytes()).unwrap();
            assert_eq!(ours.pid.as_raw(), theirs.pid, "{path}");
            assert_eq!(ours.tgid.as_raw(), theirs.tgid, "{path}");
            assert_eq!(ours.ppid.as_raw(), theirs.ppid, "{path}");
            assert_eq!(ours.name, theirs.name, "{path}");
            assert_eq!(ours.state, ProcState::from_letter(theirs.state.chars().next().unwrap()), "{path}");
            assert_eq!(ours.threads, theirs.threads, "{path}");
            let sets = [ours.pending, ours.shared_pending, ours.blocked, ours.ignored, ours.caught].map(|s| s.0);
            assert_eq!(sets, [theirs.sigpnd, theirs.shdpnd, theirs.sigblk, theirs.sigign, theirs.sigcgt], "{path}");
        }
    }

    #[test]
    fn a_status_without_a_needed_line_is_a_parse_error() {
        let text = std::fs::read_to_string("/proc/self/status").unwrap();
        for needed in [
            "Name:", "State:", "Tgid:", "Pid:", "PPid:", "Threads:", "SigPnd:", "ShdPnd:", "SigBlk:", "SigIgn:",
            "SigCgt:",
        ] {
            let without: String = text.lines().filter(|l| !l.starts_with(needed)).map(|l| format!("{l}\n")).collect();
            let err = parse_status(&without).unwrap_err().to_string();
            assert!(err.contains(needed.trim_end_matches(':')), "{needed}: {err}");
        }
        assert!(parse_status("Pid:\tmany\n").unwrap_err().to_string().contains("not a number"));
    }

    #[test]
    fn stat_state_is_read_after_the_last_parenthesis() {
        let line = "4242 (odd) name) (x) Z 4200 4242 4200 0 -1 4194572 0 0 0 0 0 0 0 0 20 0 1 0\n";
        assert_eq!(parse_stat_state(line).unwrap(), (ProcState::Zombie, Pid::from_raw(4200)));
        assert!(parse_stat_state("4242 no parens S 1").is_err());
        assert!(parse_stat_state("4242 (x) S").is_err());
        let (state, parent) = process_state(Pid::this()).unwrap();
        // The main thread of the test binary: running, or waiting for its test threads.
        assert!(matches!(state, ProcState::Running | ProcState::Sleeping), "{state:?}");
        assert_eq!(parent, nix::unistd::getppid());
    }

    /// A process on Linux 6.18 that installed handlers for SIGUSR1 and
    /// SIGRTMIN+3, ignored SIGPIPE (SIGINT and SIGQUIT were ignored by the
    /// shell that started it), blocked SIGUSR2 and SIGRTMIN+3, then raised
    /// both: they stay pending. It sleeps in `read`.
    const STATUS_SIGNALS_LINUX_6_18: &str = "Name:\tcap
Umask:\t0022
State:\tS (sleeping)
Tgid:\t5414
Ngid:\t0
Pid:\t5414
PPid:\t1
TracerPid:\t0
Uid:\t0\t0\t0\t0
Gid:\t0\t0\t0\t0
FDSize:\t256
Groups:\t 
NStgid:\t5414
NSpid:\t5414
NSpgid:\t5401
NSsid:\t3676
Kthread:\t0
VmPeak:\t    2488 kB
VmSize:\t    2488 kB
VmLck:\t       0 kB
VmPin:\t       0 kB
VmHWM:\t    1516 kB
VmRSS:\t    1516 kB
RssAnon:\t     100 kB
RssFile:\t    1412 kB
RssShmem:\t       4 kB
VmData:\t     224 kB
VmStk:\t     132 kB
VmExe:\t       4 kB
VmLib:\t    1528 kB
VmPTE:\t      44 kB
VmSwap:\t       0 kB
HugetlbPages:\t       0 kB
CoreDumping:\t0
THP_enabled:\t1
untag_mask:\t0xffffffffffffffff
Threads:\t1
SigQ:\t2/96365
SigPnd:\t0000001000000800
ShdPnd:\t0000000000000000
SigBlk:\t0000001000000800
SigIgn:\t0000000000001006
SigCgt:\t0000001000000200
CapInh:\t0000000000000000
CapPrm:\t000001fffeffffff
CapEff:\t000001fffeffffff
CapBnd:\t000001fffeffffff
CapAmb:\t0000000000000000
NoNewPrivs:\t0
Seccomp:\t0
Seccomp_filters:\t0
Speculation_Store_Bypass:\tvulnerable
SpeculationIndirectBranch:\talways enabled
Cpus_allowed:\t3
Cpus_allowed_list:\t0-1
Mems_allowed:\t00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000001
Mems_allowed_list:\t0
voluntary_ctxt_switches:\t1
nonvoluntary_ctxt_switches:\t0
";

    /// A child on Linux 6.18 that called `_exit(3)` and whose parent has not
    /// called `wait`: no memory lines any more.
    const STATUS_ZOMBIE_LINUX_6_18: &str = "Name:\tzomb
State:\tZ (zombie)
Tgid:\t5543
Ngid:\t0
Pid:\t5543
PPid:\t5541
TracerPid:\t0
Uid:\t0\t0\t0\t0
Gid:\t0\t0\t0\t0
FDSize:\t0
Groups:\t 
NStgid:\t5543
NSpid:\t5543
NSpgid:\t5528
NSsid:\t3676
Kthread:\t0
Threads:\t1
SigQ:\t2/96365
SigPnd:\t0000000000000000
ShdPnd:\t0000000000000000
SigBlk:\t0000000000000000
SigIgn:\t0000000000000006
SigCgt:\t0000000000000000
CapInh:\t0000000000000000
CapPrm:\t000001fffeffffff
CapEff:\t000001fffeffffff
CapBnd:\t000001fffeffffff
CapAmb:\t0000000000000000
NoNewPrivs:\t0
Seccomp:\t0
Seccomp_filters:\t0
Speculation_Store_Bypass:\tvulnerable
SpeculationIndirectBranch:\talways enabled
Cpus_allowed:\t3
Cpus_allowed_list:\t0-1
Mems_allowed:\t00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000001
Mems_allowed_list:\t0
voluntary_ctxt_switches:\t1
nonvoluntary_ctxt_switches:\t0
";

    #[test]
    fn parses_signal_masks_as_names_linux_6_18() {
        let st = parse_status(STATUS_SIGNALS_LINUX_6_18).unwrap();
        assert_eq!(st.pending.names(), ["SIGUSR2", "SIGRTMIN+3"]);
        assert!(st.shared_pending.is_empty());
        assert_eq!(st.blocked.names(), ["SIGUSR2", "SIGRTMIN+3"]);
        assert_eq!(st.ignored.names(), ["SIGINT", "SIGQUIT", "SIGPIPE"]);
        assert_eq!(st.caught.names(), ["SIGUSR1", "SIGRTMIN+3"]);
    }

    #[test]
    fn parses_state_and_parent_linux_6_18() {
        let st = parse_status(STATUS_SIGNALS_LINUX_6_18).unwrap();
        assert_eq!(st.state, ProcState::Sleeping);
        assert_eq!(st.ppid, Pid::from_raw(1));
        assert_eq!((st.pid, st.tgid, st.threads), (Pid::from_raw(5414), Pid::from_raw(5414), 1));
        assert!(!st.is_zombie());
    }

    #[test]
    fn parses_capabilities_and_seccomp_mode_linux_6_18() {
        let st = parse_status(STATUS_SIGNALS_LINUX_6_18).unwrap();
        assert_eq!((st.cap_effective, st.seccomp), (Some(0x1fffeffffff), Some(0)));
        let own = process_status(Pid::this()).unwrap();
        assert!(own.cap_effective.is_some() && own.seccomp.is_some(), "{own:?}");
    }

    #[test]
    fn detects_zombie_linux_6_18() {
        let st = parse_status(STATUS_ZOMBIE_LINUX_6_18).unwrap();
        assert!(st.is_zombie());
        assert_eq!(st.ppid, Pid::from_raw(5541));
    }
}
