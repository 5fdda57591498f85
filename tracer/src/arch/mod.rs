//! What differs between architectures: the audit architecture the kernel
//! reports for a system call, and the register order of clone(2). Call
//! numbers and names come from the `syscalls` crate, per architecture.

/// The audit architecture of this build's native system calls, as
/// PTRACE_GET_SYSCALL_INFO and seccomp report it.
#[cfg(target_arch = "x86_64")]
pub const AUDIT_ARCH: u32 = 0xc000_003e; // AUDIT_ARCH_X86_64
#[cfg(target_arch = "aarch64")]
pub const AUDIT_ARCH: u32 = 0xc000_00b7; // AUDIT_ARCH_AARCH64
#[cfg(target_arch = "riscv64")]
pub const AUDIT_ARCH: u32 = 0xc000_00f3; // AUDIT_ARCH_RISCV64

/// The audit architecture of the 32-bit programs this kernel runs beside
/// the native ones (i386 on x86_64, arm on aarch64): their calls are
/// translated ([`crate::decode::compat`]). None where ipclab knows no such ABI.
#[cfg(target_arch = "x86_64")]
pub const COMPAT_AUDIT_ARCH: Option<u32> = Some(0x4000_0003); // AUDIT_ARCH_I386
#[cfg(target_arch = "aarch64")]
pub const COMPAT_AUDIT_ARCH: Option<u32> = Some(0x4000_0028); // AUDIT_ARCH_ARM
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
pub const COMPAT_AUDIT_ARCH: Option<u32> = None;

/// The name of the 32-bit ABI, as a personality switch is announced.
#[cfg(target_arch = "aarch64")]
pub const COMPAT_NAME: &str = "arm";
#[cfg(not(target_arch = "aarch64"))]
pub const COMPAT_NAME: &str = "i386";

/// On x86_64, calls made through the x32 ABI carry this bit in their number.
#[cfg(target_arch = "x86_64")]
pub const X32_SYSCALL_BIT: u64 = 0x4000_0000;
#[cfg(not(target_arch = "x86_64"))]
pub const X32_SYSCALL_BIT: u64 = 0;

/// Where clone(2) takes the child's tid pointer and its TLS among the six
/// registers: x86_64 passes (flags, stack, parent_tid, child_tid, tls); the
/// other 64-bit architectures pass tls before child_tid.
#[cfg(target_arch = "x86_64")]
pub const CLONE_CHILD_TID_TLS: (usize, usize) = (3, 4);
#[cfg(not(target_arch = "x86_64"))]
pub const CLONE_CHILD_TID_TLS: (usize, usize) = (4, 3);

/// Where rt_sigreturn(2) finds the signal mask it restores, past the stack
/// pointer at the call's entry: `uc_sigmask` of the signal frame's
/// `struct ucontext`. On x86_64 the handler's `ret` has popped the frame's
/// return address, so the stack pointer is at the ucontext (flags, link,
/// stack_t, a 256-byte sigcontext, then the mask); elsewhere the frame
/// starts with a 128-byte siginfo, and the mask follows flags, link and
/// stack_t.
#[cfg(target_arch = "x86_64")]
pub const SIGRETURN_MASK_OFFSET: u64 = 8 + 8 + 24 + 256;
#[cfg(not(target_arch = "x86_64"))]
pub const SIGRETURN_MASK_OFFSET: u64 = 128 + 8 + 8 + 24;

/// [`SIGRETURN_MASK_OFFSET`] for a 32-bit program: on i386 the handler's
/// `ret` leaves the stack pointer at the frame's `sig`, followed by the
/// `pinfo` and `puc` pointers, a 128-byte compat siginfo, then the
/// ucontext's flags, link, a 12-byte stack_t and an 88-byte sigcontext
/// before the mask. (The arm frame is not described: untested, as arm is.)
pub const COMPAT_SIGRETURN_MASK_OFFSET: u64 = 4 + 4 + 4 + 128 + 4 + 4 + 12 + 88;

/// Describes an audit architecture for messages about foreign calls
/// (a 32-bit program on a 64-bit kernel).
pub fn describe(audit_arch: u32) -> &'static str {
    match audit_arch {
        0xc000_003e => "x86_64",
        0x4000_0003 => "i386",
        0xc000_00b7 => "aarch64",
        0x4000_0028 => "arm",
        0xc000_00f3 => "riscv64",
        _ => "another architecture",
    }
}
