//! File locks: after `flock`, or `fcntl` with a record lock command, the
//! locks on the file as /proc/locks lists them, held and waited for; and
//! after a `close` of any descriptor on a file the run has locked, what
//! the close left (closing any descriptor of a process on a file releases
//! every POSIX lock the process holds on it; OFD and flock locks stay).
//! A lock an open file description owns (OFD, flock) is named by the
//! descriptors on that description, from their /proc/PID/fdinfo.

use std::collections::HashSet;

use syscalls::Sysno;

use super::{KernelView, nix_pid};
use crate::decode::{RawSyscall, Syscall};
use crate::event::Pid;
use crate::event::kernel::{FdHolder, FileLock, KernelEvent, LockKind, LockState};
use crate::proc::fd_dir::fd_link;
use crate::proc::fds::fdinfo;
use crate::proc::locks::{fdinfo_locks, file_locks};
use crate::proc::{ObjectId, object_of};

/// A call that takes or releases a file lock: `fcntl` with a record lock
/// command (a 32-bit program's fcntl64 also has F_SETLK64 and F_SETLKW64,
/// 13 and 14), or `flock`.
pub(super) fn takes_lock(sysno: Sysno, raw: &RawSyscall) -> bool {
    match sysno {
        Sysno::flock => true,
        Sysno::fcntl => match raw.args[1] as i32 {
            libc::F_SETLK | libc::F_SETLKW | libc::F_OFD_SETLK | libc::F_OFD_SETLKW => true,
            13 | 14 => raw.compat.is_some(),
            _ => false,
        },
        _ => false,
    }
}

/// The lock call returned, and either did what it asked or was refused
/// because another lock is in the way (what the locks then show), or
/// because waiting would deadlock. An error `--inject` returned is no
/// answer: the call never reached the locks.
pub(super) fn lock_answered(call: &Syscall) -> bool {
    call.ret.is_some()
        && !call.injected.is_some_and(|i| i.skipped())
        && call.errno.is_none_or(|e| matches!(e.0, libc::EAGAIN | libc::EACCES | libc::EDEADLK))
}

/// The files the run has taken or asked for locks on.
#[derive(Debug, Default)]
pub(super) struct LockedFiles {
    files: HashSet<ObjectId>,
}

impl KernelView {
    /// The locks on the file behind fd `fd` of `pid`, after a lock call.
    pub(super) fn on_lock(&mut self, pid: Pid, fd: i32, hint: Option<&str>, out: &mut Vec<KernelEvent>) {
        let object = match object_of(nix_pid(pid), fd) {
            Ok(o) => o,
            Err(e) => return self.failed(e, out),
        };
        self.locked.files.insert(object);
        let path = hint.map(str::to_string).or_else(|| fd_link(nix_pid(pid), fd)).unwrap_or_else(|| format!("fd {fd}"));
        self.lock_state(object, path, out);
    }

    /// At the entry of a `close` of fd `fd`: the file it is on, if the run
    /// has locked that file (what the close does to the locks is shown at
    /// its exit).
    pub(super) fn closing_locked(&self, pid: Pid, fd: i32) -> Option<(ObjectId, String)> {
        if self.locked.files.is_empty() {
            return None;
        }
        let object = object_of(nix_pid(pid), fd).ok()?;
        if !self.locked.files.contains(&object) {
            return None;
        }
        Some((object, fd_link(nix_pid(pid), fd).unwrap_or_else(|| format!("fd {fd}"))))
    }

    /// The locks on `object` now: held ones first, then those waited for,
    /// each by first byte, kind and pid (/proc/locks keeps them in lists
    /// per CPU, in no order worth showing).
    pub(super) fn lock_state(&mut self, object: ObjectId, path: String, out: &mut Vec<KernelEvent>) {
        match file_locks(object) {
            Ok(mut locks) => {
                locks.sort_by_key(|l| (l.waiting, l.start, l.kind.as_str(), l.pid));
                self.owners(object, &mut locks);
                out.push(KernelEvent::Locks(LockState { path, ino: object.ino, locks }));
            }
            Err(e) => self.failed(e, out),
        }
    }

    /// For each held lock an open file description owns, the descriptors
    /// of live traced processes on that description (their fdinfo lists it).
    fn owners(&mut self, object: ObjectId, locks: &mut [FileLock]) {
        if !locks.iter().any(|l| !l.waiting && matches!(l.kind, LockKind::Ofd | LockKind::Flock)) {
            return;
        }
        for (pid, held) in self.open_fds(|e| e.object == object) {
            let Ok(info) = fdinfo(nix_pid(pid), held.fd) else { continue };
            for line in fdinfo_locks(&info).unwrap_or_default() {
                let l = &line.lock;
                let matching = locks.iter_mut().find(|k| {
                    !k.waiting
                        && k.kind == l.kind
                        && matches!(k.kind, LockKind::Ofd | LockKind::Flock)
                        && (k.write, k.start, k.end) == (l.write, l.start, l.end)
                });
                if let Some(k) = matching {
                    k.through.push(FdHolder { pid, fd: held.fd, end: held.end });
                }
            }
        }
    }
}
