//! POSIX shared memory objects and named semaphores (files in /dev/shm,
//! what `shm_open` and `sem_open` make): created by an open or a link,
//! resized, mapped, and who has one open or mapped.
//!
//! `sem_open` makes a semaphore as a temporary file `sem.XXXXXX`, which it
//! fills, maps and links to `sem.NAME`, then unlinks: the semaphore is one
//! object, renamed by the link. Posting and waiting without contention make
//! no call (they are atomic operations on the mapping): who uses a
//! semaphore is who maps it, which the view reads from /proc/PID/maps at
//! each fork and exit.

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

/// The kind of object a file in /dev/shm is: `sem.NAME` is what
/// `sem_open` makes (a shared memory object named so by `shm_open` would be
/// taken for a semaphore too).
pub(super) fn kind_of(path: &str) -> ObjectKind {
    match path.strip_prefix(SHM_DIR) {
        Some(name) if name.starts_with("sem.") => ObjectKind::PosixSem,
        _ => ObjectKind::PosixShm,
    }
}

/// A line of /proc/PID/maps maps the file `obj` (device and inode: the
/// name it shows may be another link to it, or `(deleted)`).
pub(super) fn maps_file(maps: &str, obj: ObjectId) -> bool {
    maps.lines().any(|l| {
        let mut w = l.split_whitespace().skip(3);
        let dev = w.next().and_then(|d| d.split_once(':')).and_then(|(maj, min)| {
            Some(libc::makedev(u32::from_str_radix(maj, 16).ok()?, u32::from_str_radix(min, 16).ok()?))
        });
        let ino = w.next().and_then(|n| n.parse::<u64>().ok());
        dev == Some(obj.dev) && ino == Some(obj.ino)
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
        let (object, _) = self.objects.iter().find(|(_, o)| {
            matches!(o.kind, ObjectKind::PosixShm | ObjectKind::PosixSem) && o.object.is_some_and(|id| id.ino == m.ino)
        })?;
        // The file's size through the mapping itself: the mapping runs to
        // the end of a page, past a smaller file's end.
        let size =
            std::fs::metadata(format!("/proc/{pid}/map_files/{:x}-{:x}", m.start, m.end)).ok().map(|st| st.len());
        let size = size.map(|n| n.saturating_sub(m.offset));
        let contents = (m.offset == 0).then(|| Self::contents(pid, m.start, m.end - m.start, size)).flatten();
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

    /// After a `link(old, new)` or `linkat`: a file of the run in /dev/shm
    /// given a new name. The temporary file `sem_open` made, published as
    /// `sem.NAME`, is the same object under its new name (the temporary one
    /// is unlinked next; a program killed in between leaves that temporary
    /// file, which the ledger then does not name); another new name of a
    /// file is an object of the ledger of its own (each name must be
    /// unlinked).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn on_link(
        &mut self,
        task: TaskRef,
        old_dirfd: Option<i32>,
        old: u64,
        new_dirfd: Option<i32>,
        new: u64,
        by: ByCall,
        out: &mut Vec<KernelEvent>,
    ) {
        let Some(new) = self.path_arg(task, new_dirfd, new).filter(|p| p.starts_with(SHM_DIR)) else { return };
        let Ok(m) = std::fs::symlink_metadata(&new) else { return };
        if !m.file_type().is_file() {
            return;
        }
        let obj = ObjectId { dev: m.dev(), ino: m.ino() };
        // Only sem_open's pattern is a renaming (a semaphore's temporary
        // file linked to its name): any other link leaves both names, each
        // to be unlinked.
        let kind = kind_of(&new);
        let old = self.path_arg(task, old_dirfd, old).filter(|_| kind == ObjectKind::PosixSem);
        let renamed = old.and_then(|old| {
            let i = self.objects.find_path(ObjectKind::PosixSem, &old)?;
            let t = self.objects.get(i)?;
            (t.object == Some(obj) && t.created_by.is_some() && t.fate.is_none()).then_some(i)
        });
        let Some(i) = renamed else {
            return self.shm_object(Key::PosixShmName(new.clone()), new, obj, Some(by), task.pid, out);
        };
        self.objects.rename(i, new.clone(), format!("{} {new}", kind.label()));
        // The ledger names the call that gave the object its name; the
        // ledger on disk follows it to the new name.
        self.objects[i].created_by = Some(by);
        let born = super::born_at(&new, obj);
        self.renamed_evidence(i, Evidence::file(kind, new, obj, born));
        self.objects.used(i, task.pid);
        out.push(self.shm_file_state(i));
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
        let kind = kind_of(&path);
        let name = format!("{} {path}", kind.label());
        let i = self.objects.track(key, kind, name, obj.ino as i64, Some(obj), Some(path.clone()), created_by);
        if created {
            let born = super::born_at(&path, obj);
            self.set_evidence(i, Evidence::file(kind, path, obj, born));
        }
        self.objects.used(i, pid);
        out.push(self.shm_file_state(i));
    }

    /// After a call on fd `fd` that may change a POSIX shared memory
    /// object or who maps it (`ftruncate`, `mmap`).
    pub(super) fn on_shm_fd(&mut self, pid: Pid, fd: i32, out: &mut Vec<KernelEvent>) {
        let shm_or_sem = |i: &usize| matches!(self.objects[*i].kind, ObjectKind::PosixShm | ObjectKind::PosixSem);
        let Some(i) = self.tracked_fd(pid, fd).filter(shm_or_sem) else {
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
            if maps_file(&maps, object) {
                mapped_by.push(pid);
                self.objects.used(i, pid);
            }
        }
        KernelEvent::PosixShm(PosixShmState {
            semaphore: self.objects[i].kind == ObjectKind::PosixSem,
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
    fn a_mapping_of_the_file_is_found_by_device_and_inode_whatever_name_it_shows() {
        let maps =
            "7f00-7f01 rw-s 00000000 00:1a 1234 /dev/shm/x\n7f02-7f03 r--p 00000000 08:01 99 /usr/lib/libc.so.6\n";
        let shm = |ino| ObjectId { dev: libc::makedev(0, 0x1a), ino };
        assert!(maps_file(maps, shm(1234)));
        assert!(!maps_file(maps, shm(99)), "another device");
        assert!(!maps_file(maps, shm(1235)));
        // sem_open maps the file under its temporary name, since unlinked.
        assert!(maps_file("7f00-7f01 rw-s 00000000 00:1a 1234 /dev/shm/sem.Ab12Cd (deleted)\n", shm(1234)));
    }

    #[test]
    fn a_file_named_sem_dot_in_dev_shm_is_a_named_semaphore() {
        assert_eq!(kind_of("/dev/shm/sem.ipclab-q"), ObjectKind::PosixSem);
        assert_eq!(kind_of("/dev/shm/sem.XyZ123"), ObjectKind::PosixSem);
        assert_eq!(kind_of("/dev/shm/ipclab-04"), ObjectKind::PosixShm);
    }
}
