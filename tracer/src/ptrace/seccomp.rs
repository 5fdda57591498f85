//! The seccomp-bpf filter that makes a filtered trace cheap: calls outside
//! the chosen set return SECCOMP_RET_ALLOW and never stop the tracee; the
//! chosen ones return SECCOMP_RET_TRACE and stop it for the tracer, as
//! `strace --seccomp-bpf` does.

use crate::arch::{AUDIT_ARCH, COMPAT_AUDIT_ARCH, X32_SYSCALL_BIT};

/// Offsets into struct seccomp_data.
const NR_OFFSET: u32 = 0;
const ARCH_OFFSET: u32 = 4;
/// The low 32 bits of argument `i` (the architectures ipclab supports are
/// little-endian).
const fn arg_offset(i: usize) -> u32 {
    16 + 8 * i as u32
}

/// A call traced only when an argument has some bit set: `openat` when its
/// flags (argument 2) have O_CREAT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WhenFlag {
    pub nr: u64,
    pub arg: usize,
    pub bits: u32,
}

fn stmt(code: u32, k: u32) -> libc::sock_filter {
    libc::sock_filter { code: code as u16, jt: 0, jf: 0, k }
}

fn jump(code: u32, k: u32, jt: u8, jf: u8) -> libc::sock_filter {
    libc::sock_filter { code: code as u16, jt, jf, k }
}

/// A BPF program that traces the calls numbered `nrs`, and those of `when`
/// whose argument has one of the bits, and allows the rest; for a 32-bit
/// program's calls (the architecture's compat ABI: i386 on x86_64), the
/// calls numbered `compat_nrs` in that ABI.
///
/// Calls from any other architecture and x32 calls are all traced, since
/// their numbers mean other calls. A call in `when` makes the kernel run
/// the program for it (its answer depends on an argument), where the
/// others are answered from the kernel's cache of per-call actions.
pub fn build_filter(nrs: &[u64], compat_nrs: &[u64], when: &[WhenFlag]) -> Vec<libc::sock_filter> {
    use libc::{BPF_ABS, BPF_JA, BPF_JEQ, BPF_JGE, BPF_JMP, BPF_JSET, BPF_K, BPF_LD, BPF_RET, BPF_W};
    let trace = libc::SECCOMP_RET_TRACE;
    let allow = libc::SECCOMP_RET_ALLOW;
    let mut prog = vec![stmt(BPF_LD | BPF_W | BPF_ABS, ARCH_OFFSET)];
    if let Some(compat) = COMPAT_AUDIT_ARCH {
        // The compat ABI: its own list, jumped over by the others.
        let mut section = vec![stmt(BPF_LD | BPF_W | BPF_ABS, NR_OFFSET)];
        for &nr in compat_nrs {
            section.push(jump(BPF_JMP | BPF_JEQ | BPF_K, nr as u32, 0, 1));
            section.push(stmt(BPF_RET | BPF_K, trace));
        }
        section.push(stmt(BPF_RET | BPF_K, allow));
        prog.push(jump(BPF_JMP | BPF_JEQ | BPF_K, compat, 1, 0));
        prog.push(stmt(BPF_JMP | BPF_JA, section.len() as u32));
        prog.extend(section);
    }
    prog.extend([
        // Native architecture: skip the next instruction.
        jump(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH, 1, 0),
        stmt(BPF_RET | BPF_K, trace),
        stmt(BPF_LD | BPF_W | BPF_ABS, NR_OFFSET),
    ]);
    if X32_SYSCALL_BIT != 0 {
        prog.push(jump(BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT as u32, 0, 1));
        prog.push(stmt(BPF_RET | BPF_K, trace));
    }
    // Each chosen call: if equal, fall through to RET TRACE; else skip it.
    // Short jumps only, so the list may be as long as the syscall table.
    for &nr in nrs {
        prog.push(jump(BPF_JMP | BPF_JEQ | BPF_K, nr as u32, 0, 1));
        prog.push(stmt(BPF_RET | BPF_K, trace));
    }
    // Each conditional call: if equal, load the argument and return TRACE
    // when a bit is set, else ALLOW; if not equal, skip the four, the
    // call number still loaded.
    for w in when.iter().filter(|w| !nrs.contains(&w.nr)) {
        prog.push(jump(BPF_JMP | BPF_JEQ | BPF_K, w.nr as u32, 0, 4));
        prog.push(stmt(BPF_LD | BPF_W | BPF_ABS, arg_offset(w.arg)));
        prog.push(jump(BPF_JMP | BPF_JSET | BPF_K, w.bits, 0, 1));
        prog.push(stmt(BPF_RET | BPF_K, trace));
        prog.push(stmt(BPF_RET | BPF_K, allow));
    }
    prog.push(stmt(BPF_RET | BPF_K, allow));
    prog
}

/// Installs `prog` on the calling thread; used in the child between fork
/// and exec, so it only makes raw system calls.
///
/// Without CAP_SYS_ADMIN the kernel requires no_new_privs first; it is set
/// only then, so a root trace of a set-uid program behaves as untraced.
pub fn install(prog: &[libc::sock_filter]) -> Result<(), i32> {
    if crate::sys::seccomp_set_filter(prog).is_ok() {
        return Ok(());
    }
    nix::sys::prctl::set_no_new_privs().map_err(|e| e as i32)?;
    crate::sys::seccomp_set_filter(prog).map_err(|e| e as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `prog` as the kernel would on a call numbered `nr` of
    /// architecture `arch`, for the instructions build_filter emits.
    fn run(prog: &[libc::sock_filter], arch: u32, nr: u32) -> u32 {
        run_with_args(prog, arch, nr, [0; 6])
    }

    fn run_with_args(prog: &[libc::sock_filter], arch: u32, nr: u32, args: [u32; 6]) -> u32 {
        use libc::{BPF_ABS, BPF_JA, BPF_JEQ, BPF_JGE, BPF_JMP, BPF_JSET, BPF_K, BPF_LD, BPF_RET, BPF_W};
        let (mut acc, mut pc) = (0u32, 0usize);
        loop {
            let i = prog[pc];
            let code = u32::from(i.code);
            pc += 1;
            if code == BPF_LD | BPF_W | BPF_ABS {
                acc = match i.k {
                    NR_OFFSET => nr,
                    ARCH_OFFSET => arch,
                    k if (16..64).contains(&k) && k % 8 == 0 => args[(k as usize - 16) / 8],
                    k => panic!("load of seccomp_data offset {k}"),
                };
            } else if code == BPF_JMP | BPF_JEQ | BPF_K
                || code == BPF_JMP | BPF_JGE | BPF_K
                || code == BPF_JMP | BPF_JSET | BPF_K
            {
                let taken = match code & 0xf0 {
                    c if c == BPF_JEQ => acc == i.k,
                    c if c == BPF_JGE => acc >= i.k,
                    _ => acc & i.k != 0,
                };
                pc += usize::from(if taken { i.jt } else { i.jf });
            } else if code == BPF_JMP | BPF_JA {
                pc += i.k as usize;
            } else if code == BPF_RET | BPF_K {
                return i.k;
            } else {
                panic!("instruction {code:#x} at {}", pc - 1);
            }
        }
    }

    #[test]
    fn the_filter_traces_exactly_the_chosen_calls() {
        let chosen = [0u64, 1, 3, 59, 68, 69, 70, 71, 435];
        let compat_chosen = [3u64, 117, 400];
        let prog = build_filter(&chosen, &compat_chosen, &[]);
        for nr in 0..600u32 {
            let want = if chosen.contains(&u64::from(nr)) { libc::SECCOMP_RET_TRACE } else { libc::SECCOMP_RET_ALLOW };
            assert_eq!(run(&prog, AUDIT_ARCH, nr), want, "call {nr}");
        }
        // The 32-bit ABI's calls are judged by their own list.
        if let Some(compat) = COMPAT_AUDIT_ARCH {
            for nr in 0..600u32 {
                let chosen = compat_chosen.contains(&u64::from(nr));
                let want = if chosen { libc::SECCOMP_RET_TRACE } else { libc::SECCOMP_RET_ALLOW };
                assert_eq!(run(&prog, compat, nr), want, "32-bit call {nr}");
            }
        }
        // Numbers of another architecture, and x32 calls, mean other calls:
        // all traced.
        assert_eq!(run(&prog, 0x4000_0099, 2), libc::SECCOMP_RET_TRACE);
        if X32_SYSCALL_BIT != 0 {
            assert_eq!(run(&prog, AUDIT_ARCH, X32_SYSCALL_BIT as u32 | 2), libc::SECCOMP_RET_TRACE);
        }
    }

    #[test]
    fn a_filter_of_every_call_fits_short_jumps() {
        let all: Vec<u64> = (0..syscalls::Sysno::table_size() as u64).collect();
        let compat: Vec<u64> = (0..500).collect();
        let prog = build_filter(&all, &compat, &[]);
        assert!(prog.len() < u16::MAX as usize);
        assert_eq!(run(&prog, AUDIT_ARCH, 0), libc::SECCOMP_RET_TRACE);
        assert_eq!(run(&prog, AUDIT_ARCH, all.len() as u32), libc::SECCOMP_RET_ALLOW);
    }

    #[test]
    fn filter_has_a_trace_return_per_chosen_call() {
        let prog = build_filter(&[1, 2, 3], &[4, 5], &[]);
        let traces = prog.iter().filter(|i| i.k == libc::SECCOMP_RET_TRACE).count();
        // One for each call, each 32-bit one, one for foreign architectures, one for x32.
        let compat = if COMPAT_AUDIT_ARCH.is_some() { 2 } else { 0 };
        assert_eq!(traces, 3 + compat + 1 + usize::from(X32_SYSCALL_BIT != 0));
        assert_eq!(prog.last().unwrap().k, libc::SECCOMP_RET_ALLOW);
        assert!(prog.len() < u16::MAX as usize);
    }

    #[test]
    fn a_conditional_call_is_traced_only_with_its_flag() {
        let creat = libc::O_CREAT as u32;
        let prog = build_filter(&[1, 3], &[], &[WhenFlag { nr: 257, arg: 2, bits: creat }]);
        let openat = |flags: u32| run_with_args(&prog, AUDIT_ARCH, 257, [0, 0, flags, 0, 0, 0]);
        assert_eq!(openat(creat | libc::O_RDWR as u32), libc::SECCOMP_RET_TRACE);
        assert_eq!(openat(libc::O_RDONLY as u32), libc::SECCOMP_RET_ALLOW);
        // The other calls are judged as before, after the condition too.
        assert_eq!(run(&prog, AUDIT_ARCH, 1), libc::SECCOMP_RET_TRACE);
        assert_eq!(run(&prog, AUDIT_ARCH, 2), libc::SECCOMP_RET_ALLOW);
        assert_eq!(run_with_args(&prog, AUDIT_ARCH, 300, [0, 0, creat, 0, 0, 0]), libc::SECCOMP_RET_ALLOW);
        // A call also chosen outright is traced whatever its flags.
        let both = build_filter(&[257], &[], &[WhenFlag { nr: 257, arg: 2, bits: creat }]);
        assert_eq!(run(&both, AUDIT_ARCH, 257), libc::SECCOMP_RET_TRACE);
    }
}
