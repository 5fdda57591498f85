//! What a process is blocked in, for hang reports: `/proc/PID/syscall` and
//! `/proc/PID/wchan`.
//!
//! `/proc/PID/syscall` gives the number and the six argument registers of
//! the system call a sleeping task is in (`0 0x3 0x7ffc... 0x1 ...` for a
//! `read(3, buf, 1)`), `running` for a task on a CPU, or just `-1 SP PC`
//! for a task stopped outside any call (a zombie, or a signal stop). procfs
//! has a parser, but it fails on that short `-1` form, so the file is parsed
//! here. `/proc/PID/wchan` names the kernel function the task sleeps in
//! (`anon_pipe_read`, `do_msgrcv`, `do_semtimedop`...).

use std::path::PathBuf;

use nix::unistd::Pid;
use syscalls::Sysno;

use super::error::{Error, ParseError, Result, read_proc_whole};

/// The contents of `/proc/PID/syscall`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyscallState {
    /// The task is running (on a CPU or ready to be).
    Running,
    /// The task is blocked, but not in a system call: a zombie, or stopped
    /// by a signal outside any call.
    NotInSyscall {
        /// Stack pointer.
        sp: u64,
        /// Program counter.
        pc: u64,
    },
    /// The task is blocked in system call `nr`.
    InSyscall {
        /// System call number (of the tracer's architecture).
        nr: u64,
        /// The six argument registers, as passed.
        args: [u64; 6],
        /// Stack pointer.
        sp: u64,
        /// Program counter.
        pc: u64,
    },
}

impl SyscallState {
    /// The kernel's name of the call the task is blocked in (`read`,
    /// `msgrcv`, `semop`...), if it is in one with a known number.
    pub fn name(&self) -> Option<&'static str> {
        match *self {
            SyscallState::InSyscall { nr, .. } => usize::try_from(nr).ok().and_then(Sysno::new).map(|s| s.name()),
            _ => None,
        }
    }
}

/// Parses the text of `/proc/PID/syscall`.
pub fn parse_syscall_state(text: &str) -> std::result::Result<SyscallState, ParseError> {
    let text = text.trim();
    if text == "running" {
        return Ok(SyscallState::Running);
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let hex = |i: usize| -> std::result::Result<u64, ParseError> {
        let w = words[i];
        u64::from_str_radix(w.trim_start_matches("0x"), 16)
            .map_err(|_| ParseError::new(1, format!("field {}: {w:?} is not hex", i + 1)))
    };
    let nr: i64 = words
        .first()
        .ok_or_else(|| ParseError::new(1, "empty"))?
        .parse()
        .map_err(|_| ParseError::new(1, format!("{:?} is not a call number", words[0])))?;
    match (nr, words.len()) {
        (-1, 3) => Ok(SyscallState::NotInSyscall { sp: hex(1)?, pc: hex(2)? }),
        (nr, 9) if nr >= 0 => Ok(SyscallState::InSyscall {
            nr: nr as u64,
            args: [hex(1)?, hex(2)?, hex(3)?, hex(4)?, hex(5)?, hex(6)?],
            sp: hex(7)?,
            pc: hex(8)?,
        }),
        (_, n) => Err(ParseError::new(1, format!("expected 3 fields after -1 or 9 fields, found {n}"))),
    }
}

/// Reads `/proc/PID/syscall` (needs the rights of a tracer of `pid`).
pub fn syscall_state(pid: Pid) -> Result<SyscallState> {
    let path = PathBuf::from(format!("/proc/{pid}/syscall"));
    parse_syscall_state(&read_proc_whole(&path, Some(pid))?).map_err(|e| Error::parse(&path, e))
}

/// The call `pid` is blocked in, from `/proc/PID/syscall`, in native
/// shape: a 32-bit program's number and registers are of its ABI, and are
/// translated as its calls are at a stop ([`crate::decode::compat`]).
pub fn blocked_call(pid: Pid) -> Option<crate::decode::RawSyscall> {
    let SyscallState::InSyscall { nr, args, sp, .. } = syscall_state(pid).ok()? else { return None };
    if crate::arch::COMPAT_AUDIT_ARCH.is_some() && runs_32_bit(pid) {
        let mem = ProcMemory(pid);
        return Some(crate::decode::compat::translate(nr, args, sp, &crate::decode::Reader::new(&mem, 0)));
    }
    Some(crate::decode::RawSyscall::new(nr, args))
}

/// A stopped task's memory, read through /proc (the multiplexers of a
/// 32-bit program keep arguments there).
struct ProcMemory(Pid);

impl crate::decode::TraceeMemory for ProcMemory {
    fn read(&self, addr: u64, buf: &mut [u8]) -> usize {
        let bytes = super::read_memory(self.0, addr, buf.len()).unwrap_or_default();
        buf[..bytes.len()].copy_from_slice(&bytes);
        bytes.len()
    }
}

/// Whether the program `pid` runs is a 32-bit one (its executable's ELF
/// class, from `/proc/PID/exe`): the call numbers in `/proc/PID/syscall`
/// are then of the 32-bit ABI. False when the file cannot be read.
pub fn runs_32_bit(pid: Pid) -> bool {
    use std::io::Read;
    let mut header = [0u8; 5];
    std::fs::File::open(format!("/proc/{pid}/exe")).and_then(|mut f| f.read_exact(&mut header)).is_ok()
        && parse_elf_is_32_bit(&header)
}

/// Whether an ELF header's class (byte 4) is ELFCLASS32.
pub fn parse_elf_is_32_bit(header: &[u8]) -> bool {
    header.len() >= 5 && header[..4] == *b"\x7fELF" && header[4] == 1
}

/// Parses the text of `/proc/PID/wchan`: the function name, or `None` for
/// `0` (running, or not sleeping in the kernel).
pub fn parse_wchan(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty() && t != "0").then(|| t.to_string())
}

/// Reads `/proc/PID/wchan`: the kernel function `pid` sleeps in.
pub fn wchan(pid: Pid) -> Result<Option<String>> {
    let path = PathBuf::from(format!("/proc/{pid}/wchan"));
    Ok(parse_wchan(&read_proc_whole(&path, Some(pid))?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A process blocked in `read(0, buf, 1)` on an empty FIFO, Linux 6.18 x86_64.
    const SYSCALL_READ_LINUX_6_18: &str =
        "0 0x0 0x7ffccdd4b0bf 0x1 0x7f07335b3b60 0x7f073373f4e0 0x78 0x7ffccdd4b0a8 0x7f073369c2ad\n";
    /// A zombie, Linux 6.18.
    const SYSCALL_ZOMBIE_LINUX_6_18: &str = "-1 0x0 0x0\n";

    #[test]
    fn parses_blocked_read_linux_6_18() {
        let s = parse_syscall_state(SYSCALL_READ_LINUX_6_18).unwrap();
        assert_eq!(
            s,
            SyscallState::InSyscall {
                nr: 0,
                args: [0, 0x7ffccdd4b0bf, 1, 0x7f07335b3b60, 0x7f073373f4e0, 0x78],
                sp: 0x7ffccdd4b0a8,
                pc: 0x7f073369c2ad,
            }
        );
        #[cfg(target_arch = "x86_64")]
        assert_eq!(s.name(), Some("read"));
    }

    #[test]
    fn parses_zombie_not_in_syscall_linux_6_18() {
        assert_eq!(
            parse_syscall_state(SYSCALL_ZOMBIE_LINUX_6_18).unwrap(),
            SyscallState::NotInSyscall { sp: 0, pc: 0 }
        );
    }

    #[test]
    fn an_elf_header_says_whether_the_program_is_32_bit() {
        assert!(parse_elf_is_32_bit(b"\x7fELF\x01\x01\x01"));
        assert!(!parse_elf_is_32_bit(b"\x7fELF\x02\x01\x01"));
        assert!(!parse_elf_is_32_bit(b"#!/bin/sh"));
    }

    #[test]
    fn parses_running() {
        assert_eq!(parse_syscall_state("running\n").unwrap(), SyscallState::Running);
    }

    #[test]
    fn truncated_syscall_line_is_a_parse_error() {
        assert!(parse_syscall_state("0 0x0 0x7ffc").is_err());
    }

    #[test]
    fn parses_wchan_linux_6_18() {
        assert_eq!(parse_wchan("anon_pipe_read"), Some("anon_pipe_read".to_string()));
        assert_eq!(parse_wchan("0"), None);
    }
}
