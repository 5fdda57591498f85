//! File locks: after `flock`, or `fcntl` with a record lock command, the
//! locks on the file as /proc/locks lists them, held and waited for.

use syscalls::Sysno;

use super::{KernelView, nix_pid};
use crate::decode::Syscall;
use crate::event::Pid;
use crate::event::kernel::{KernelEvent, LockState};
use crate::proc::fd_dir::fd_link;
use crate::proc::locks::file_locks;
use crate::proc::object_of;

/// A call that takes or releases a file lock: `fcntl` with a record lock
/// command, or `flock`.
pub(super) fn takes_lock(sysno: Sysno, a: &[u64; 6]) -> bool {
    match sysno {
        Sysno::flock => true,
        Sysno::fcntl => matches!(a[1] as i32, libc::F_SETLK | libc::F_SETLKW | libc::F_OFD_SETLK | libc::F_OFD_SETLKW),
        _ => false,
    }
}

/// The lock call returned, and either did what it asked or was refused
/// because another lock is in the way (what the locks then show).
pub(super) fn lock_answered(call: &Syscall) -> bool {
    call.ret.is_some() && call.errno.is_none_or(|e| matches!(e.0, libc::EAGAIN | libc::EACCES))
}

impl KernelView {
    /// The locks on the file behind fd `fd` of `pid`, after a lock call.
    pub(super) fn on_lock(&mut self, pid: Pid, fd: i32, hint: Option<&str>, out: &mut Vec<KernelEvent>) {
        let object = match object_of(nix_pid(pid), fd) {
            Ok(o) => o,
            Err(e) => return self.failed(e, out),
        };
        let path = hint.map(str::to_string).or_else(|| fd_link(nix_pid(pid), fd)).unwrap_or_else(|| format!("fd {fd}"));
        match file_locks(object) {
            Ok(locks) => out.push(KernelEvent::Locks(LockState { path, ino: object.ino, locks })),
            Err(e) => self.failed(e, out),
        }
    }
}
