//! Calls on any path: an open of a FIFO or of a POSIX shared memory object,
//! a link, an unlink; and a path argument made absolute, as the kernel
//! resolved it.

use std::os::unix::fs::MetadataExt;
use std::path::{Component, Path, PathBuf};

use syscalls::Sysno;

use super::dispatch::{Before, by_call, created_file};
use super::registry::Key;
use super::{KernelView, nix_pid};
use crate::decode::{Reader, Syscall};
use crate::event::Pid;
use crate::event::kernel::{ByCall, Fate, Gone, GoneHow, KernelEvent, ObjectKind};
use crate::proc::ObjectId;
use crate::proc::fd_dir::fd_link;
use crate::ptrace::{ProcessMemory, TaskRef};

/// `path` with `.` and `..` resolved by name (no symbolic links followed:
/// after `unlink` there is nothing left to follow).
pub(super) fn normalize(path: &Path) -> String {
    let mut out = PathBuf::from("/");
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(n) => out.push(n),
            _ => {}
        }
    }
    out.to_string_lossy().into_owned()
}

impl KernelView {
    /// After a call on a path (the path family): an open (a FIFO, a POSIX
    /// shared memory object), a link, an unlink.
    pub(super) fn path_exit(
        &mut self,
        task: TaskRef,
        sysno: Sysno,
        call: &Syscall,
        before: Option<Before>,
        out: &mut Vec<KernelEvent>,
    ) {
        let a = call.raw.args;
        let (pid, by) = (task.pid, by_call(task.pid, sysno));
        match sysno {
            #[cfg(target_arch = "x86_64")]
            Sysno::open => self.on_open(pid, call, created_file(before, a[1]), by, out),
            #[cfg(target_arch = "x86_64")]
            Sysno::creat => self.on_open(pid, call, created_file(before, 0), by, out),
            Sysno::openat => self.on_open(pid, call, created_file(before, a[2]), by, out),
            Sysno::openat2 => self.on_open(pid, call, created_file(before, 0), by, out),
            #[cfg(target_arch = "x86_64")]
            Sysno::link => self.on_link(task, None, a[0], None, a[1], by, out),
            Sysno::linkat => self.on_link(task, Some(a[0] as i32), a[1], Some(a[2] as i32), a[3], by, out),
            #[cfg(target_arch = "x86_64")]
            Sysno::unlink => self.on_unlink(task, None, a[0], by, out),
            Sysno::unlinkat if a[2] & libc::AT_REMOVEDIR as u64 == 0 => {
                self.on_unlink(task, Some(a[0] as i32), a[1], by, out)
            }
            _ => {}
        }
    }

    /// An absolute path from a path argument, relative to `dirfd` (or the
    /// working directory) of `pid`.
    pub(super) fn path_arg(&self, task: TaskRef, dirfd: Option<i32>, addr: u64) -> Option<String> {
        let mem = ProcessMemory::new(task.tid);
        let bytes = Reader::new(&mem, 0).c_string_bytes(addr, crate::decode::mem::PATH_LIMIT)?;
        let path = PathBuf::from(String::from_utf8_lossy(&bytes.data).into_owned());
        if path.is_absolute() {
            return Some(normalize(&path));
        }
        let base = match dirfd {
            Some(fd) if fd != libc::AT_FDCWD => std::fs::read_link(format!("/proc/{}/fd/{fd}", task.pid)).ok()?,
            _ => std::fs::read_link(format!("/proc/{}/cwd", task.pid)).ok()?,
        };
        Some(normalize(&base.join(path)))
    }

    /// After an open that succeeded; `created`: the call made the file.
    pub(super) fn on_open(&mut self, pid: Pid, call: &Syscall, created: bool, by: ByCall, out: &mut Vec<KernelEvent>) {
        let fd = call.ret.unwrap_or(-1) as i32;
        let Ok(m) = std::fs::metadata(format!("/proc/{pid}/fd/{fd}")) else { return };
        let is_fifo = std::os::unix::fs::FileTypeExt::is_fifo(&m.file_type());
        if !is_fifo && !m.file_type().is_file() {
            return;
        }
        // What the trace named the new descriptor (read at the exit, before
        // this), else /proc: hidden calls are not annotated.
        let shown =
            call.ret_value.as_ref().and_then(|v| v.as_fd()).filter(|f| f.fd == fd).and_then(|f| f.target.as_deref());
        let Some(path) = shown.map(str::to_string).or_else(|| fd_link(nix_pid(pid), fd)) else { return };
        if !is_fifo {
            return self.on_open_shm(pid, path, &m, created, by, out);
        }
        let obj = ObjectId { dev: m.dev(), ino: m.ino() };
        let i = self.objects.track(
            Key::Fifo(obj),
            ObjectKind::Fifo,
            format!("FIFO {path}"),
            m.ino() as i64,
            Some(obj),
            Some(path),
            None,
        );
        self.objects.used(i, pid);
        out.push(self.pipe_state(i, Some((pid, fd)), true));
    }

    pub(super) fn on_unlink(
        &mut self,
        task: TaskRef,
        dirfd: Option<i32>,
        path: u64,
        by: ByCall,
        out: &mut Vec<KernelEvent>,
    ) {
        if !self.objects.has_paths() {
            return;
        }
        let Some(path) = self.path_arg(task, dirfd, path) else { return };
        for kind in [ObjectKind::Fifo, ObjectKind::SocketFile, ObjectKind::PosixShm, ObjectKind::PosixSem] {
            if let Some(i) = self.objects.find_path(kind, &path) {
                if self.objects[i].fate.is_none() {
                    self.objects.used(i, task.pid);
                    self.set_fate(i, Fate::Removed { by: by.clone() });
                    let lives_on = self.lives_on(task, i, &path);
                    out.push(KernelEvent::Gone(Gone {
                        kind,
                        name: self.objects[i].name.clone(),
                        how: GoneHow::Unlinked,
                        lives_on,
                    }));
                }
            }
        }
    }

    /// After the name `path` of object `i` was unlinked by `task`: whether
    /// the object lives on. A FIFO or a POSIX queue does while a traced
    /// process has a descriptor on it, a shared memory object or semaphore
    /// while one has it open or mapped, a socket file's socket while a
    /// socket bound to the path is open (in /proc/PID/net/unix, where
    /// connections it accepted show its path too, connected).
    pub(super) fn lives_on(&mut self, task: TaskRef, i: usize, path: &str) -> Option<bool> {
        let object = self.objects[i].object?;
        Some(match self.objects[i].kind {
            ObjectKind::Fifo | ObjectKind::PosixMq => !self.fd_holders(i, object).is_empty(),
            ObjectKind::PosixShm | ObjectKind::PosixSem => match self.shm_file_state(i) {
                KernelEvent::PosixShm(s) => !s.holders.is_empty() || !s.mapped_by.is_empty(),
                _ => return None,
            },
            ObjectKind::SocketFile => {
                let cwd = std::fs::read_link(format!("/proc/{}/cwd", task.pid)).ok();
                let rows = crate::proc::unix_sockets_of(nix_pid(task.pid)).ok()?;
                rows.iter().any(|s| {
                    let bound =
                        !matches!(s.state, crate::proc::UnixState::Connected | crate::proc::UnixState::Connecting);
                    let named = s.path.as_deref().is_some_and(|p| {
                        p == path || cwd.as_ref().is_some_and(|c| !p.starts_with('/') && normalize(&c.join(p)) == path)
                    });
                    bound && named
                })
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_resolves_dots_by_name() {
        assert_eq!(normalize(Path::new("/tmp/a/../b/./c.fifo")), "/tmp/b/c.fifo");
        assert_eq!(normalize(Path::new("/../x")), "/x");
    }
}
