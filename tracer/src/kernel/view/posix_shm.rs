//! POSIX shared memory objects (files in /dev/shm, what `shm_open` and
//! `sem_open` make): created by an open or a link, resized, mapped, and
//! who has one open or mapped.

use std::os::unix::fs::MetadataExt;
use std::path::Path;

use syscalls::Sysno;

use super::KernelView;
use super::dispatch::Before;
use super::registry::Key;
use super::unavailable;
use crate::event::Pid;
use crate::event::kernel::{ByCall, KernelEvent, ObjectKind, PosixShmState};
use crate::kernel::ledger::Evidence;
use crate::proc::ObjectId;
use crate::proc::shm::parse_file_mapping_at;
use crate::ptrace::TaskRef;

/// Where POSIX shared memory objects live: `shm_open("/name")` opens
/// `/dev/shm/name`.
const SHM_DIR: &str = "/dev/shm/";

/// A line of /proc/PID/maps maps inode `ino` at `path` (` (deleted)` after
/// it once unlinked).
fn maps_file(maps: &str, ino: u64, path: &str) -> bool {
    maps.lines().any(|l| {
        let mut w = l.split_whitespace().skip(4);
        let inode = w.next().and_then(|n| n.parse::<u64>().ok());
        let name = w.collect::<Vec<_>>().join(" ");
        inode == Some(ino) && (name == path || name.strip_suffix(" (deleted)") == Some(path))
    })
}

impl KernelView {
    /// After a call on a descriptor that may change a POSIX shared memory
    /// object or who maps it (`ftruncate`, a file `mmap`).
    pub(super) fn shm_fd_exit(
        &mut self,
        pid: Pid,
        sysno: Sysno,
        a: &[u64; 6],
        before: Option<Before>,
        out: &mut Vec<KernelEvent>,
    ) {
        match sysno {
            Sysno::ftruncate => self.on_shm_fd(pid, a[0] as i32, out),
            Sysno::mmap if a[3] & libc::MAP_ANONYMOUS as u64 == 0 => self.on_shm_fd(pid, a[4] as i32, out),
            Sysno::munmap => {
                if let Some(Before::Unmapping { object, contents }) = before.filter(|b| match b {
                    Before::Unmapping { object, .. } => self.objects.get(*object).is_some(),
                    _ => false,
                }) {
                    self.objects.used(object, pid);
                    let mut state = self.shm_file_state(object);
                    if let KernelEvent::PosixShm(s) = &mut state {
                        s.read_from = contents.as_ref().map(|_| pid);
                        s.contents = contents;
                    }
                    out.push(state);
                }
            }
            _ => {}
        }
    }

    /// At the entry of `munmap(addr, ...)`: when `addr` starts a shared
    /// mapping of a POSIX shared memory object of the run, what it holds
    /// (read from this process's mapping, bounded as a segment's preview).
    pub(super) fn unmapping_shm(&self, pid: Pid, addr: u64) -> Option<Before> {
        if !self.objects.has_posix_shm() {
            return None;
        }
        let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).ok()?;
        let m = parse_file_mapping_at(&maps, addr)?;
        let (object, _) = self
            .objects
            .iter()
            .find(|(_, o)| o.kind == ObjectKind::PosixShm && o.object.is_some_and(|id| id.ino == m.ino))?;
        let contents = (m.offset == 0).then(|| Self::contents(pid, m.start, m.end - m.start, None)).flatten();
        Some(Before::Unmapping { object, contents })
    }

    /// At the entry of an open with O_CREAT of a file in /dev/shm (what
    /// `shm_open` does): whether the file is there yet, to know at the exit
    /// whether this call created it.
    pub(super) fn opening_shm(&self, task: TaskRef, dirfd: Option<i32>, path: u64, flags: u64) -> Option<Before> {
        if flags & libc::O_CREAT as u64 == 0 {
            return None;
        }
        let path = self.path_arg(task, dirfd, path)?;
        path.starts_with(SHM_DIR).then(|| Before::OpeningShm { existed: Path::new(&path).symlink_metadata().is_ok() })
    }

    /// After an open of a regular file: a POSIX shared memory object when
    /// it is in /dev/shm, created by this call when it was not there at
    /// its entry.
    pub(super) fn on_open_shm(
        &mut self,
        pid: Pid,
        path: String,
        m: &std::fs::Metadata,
        created: bool,
        by: ByCall,
        out: &mut Vec<KernelEvent>,
    ) {
        if !path.starts_with(SHM_DIR) {
            return;
        }
        let obj = ObjectId { dev: m.dev(), ino: m.ino() };
        self.shm_object(Key::PosixShm(obj), path, obj, created.then_some(by), pid, out);
    }

    /// After a `link` that made a name in /dev/shm: how `sem_open` creates
    /// a POSIX named semaphore (it fills a temporary file there, then links
    /// it to `sem.NAME`), a POSIX shared memory object the run created.
    pub(super) fn on_link_shm(
        &mut self,
        task: TaskRef,
        dirfd: Option<i32>,
        path: u64,
        by: ByCall,
        out: &mut Vec<KernelEvent>,
    ) {
        let Some(path) = self.path_arg(task, dirfd, path).filter(|p| p.starts_with(SHM_DIR)) else { return };
        let Ok(m) = std::fs::symlink_metadata(&path) else { return };
        if !m.file_type().is_file() {
            return;
        }
        let obj = ObjectId { dev: m.dev(), ino: m.ino() };
        // A new name for an inode the run already follows is a new object of
        // the ledger: each name must be unlinked.
        self.shm_object(Key::PosixShmName(path.clone()), path, obj, Some(by), task.pid, out);
    }

    /// Follows the POSIX shm object `path` that `pid` just opened or
    /// linked, in the ledger when `created_by` made it, and shows it.
    pub(super) fn shm_object(
        &mut self,
        key: Key,
        path: String,
        obj: ObjectId,
        created_by: Option<ByCall>,
        pid: Pid,
        out: &mut Vec<KernelEvent>,
    ) {
        let created = created_by.is_some();
        let name = format!("POSIX shm {path}");
        let i = self.objects.track(
            key,
            ObjectKind::PosixShm,
            name,
            obj.ino as i64,
            Some(obj),
            Some(path.clone()),
            created_by,
        );
        if created {
            let born = super::born_at(&path, obj);
            self.set_evidence(i, Evidence::PosixShm { path, dev: obj.dev, ino: obj.ino, born });
        }
        self.objects.used(i, pid);
        out.push(self.shm_file_state(i));
    }

    /// After a call on fd `fd` that may change a POSIX shared memory
    /// object or who maps it (`ftruncate`, `mmap`).
    pub(super) fn on_shm_fd(&mut self, pid: Pid, fd: i32, out: &mut Vec<KernelEvent>) {
        let Some(i) = self.tracked_fd(pid, fd).filter(|&i| self.objects[i].kind == ObjectKind::PosixShm) else {
            return;
        };
        self.objects.used(i, pid);
        out.push(self.shm_file_state(i));
    }

    /// A POSIX shared memory object: its size, who has it open, who maps it.
    pub(super) fn shm_file_state(&mut self, i: usize) -> KernelEvent {
        let Some(object) = self.objects[i].object else { return unavailable("no inode recorded") };
        let path = self.objects[i].path.clone().unwrap_or_default();
        let size = match std::fs::symlink_metadata(&path) {
            Ok(m) if m.ino() == object.ino => Some(m.len()),
            // Unlinked: the size through a descriptor, if any.
            _ => None,
        };
        let holders = self.fd_holders(i, object);
        let size = size.or_else(|| {
            let h = holders.first()?;
            std::fs::metadata(format!("/proc/{}/fd/{}", h.pid, h.fd)).ok().map(|m| m.len())
        });
        let mut mapped_by = Vec::new();
        for pid in self.procs.live.clone() {
            let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap_or_default();
            if maps_file(&maps, object.ino, &path) {
                mapped_by.push(pid);
                self.objects.used(i, pid);
            }
        }
        KernelEvent::PosixShm(PosixShmState {
            path,
            ino: object.ino,
            size,
            holders,
            mapped_by,
            contents: None,
            read_from: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapping_of_the_file_is_found_by_inode_and_path() {
        let maps =
            "7f00-7f01 rw-s 00000000 00:1a 1234 /dev/shm/x\n7f02-7f03 r--p 00000000 08:01 99 /usr/lib/libc.so.6\n";
        assert!(maps_file(maps, 1234, "/dev/shm/x"));
        assert!(!maps_file(maps, 1234, "/dev/shm/y"));
        assert!(!maps_file(maps, 99, "/dev/shm/x"));
        assert!(maps_file("7f00-7f01 rw-s 00000000 00:1a 1234 /dev/shm/x (deleted)\n", 1234, "/dev/shm/x"));
    }
}
