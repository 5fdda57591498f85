//! The objects of the run, as the kernel view keeps them: each object it
//! follows (created by the run, for the ledger; or only opened by it, as a
//! FIFO made beforehand), found again by its kernel key or by the path a
//! descriptor's link names, with who used it and what became of it.
//!
//! Pure bookkeeping: nothing here reads /proc, so it is tested on its own.

use std::collections::{BTreeSet, HashMap};
use std::ops::{Index, IndexMut};

use crate::event::Pid;
use crate::event::kernel::{ByCall, Fate, Handed, ObjectKind};
use crate::kernel::ledger::Evidence;
use crate::proc::ObjectId;

/// How the view finds an object again.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Key {
    Pipe(u64),
    Socket(u64),
    Fifo(ObjectId),
    PosixShm(ObjectId),
    /// A second name (`link`) for a file in /dev/shm.
    PosixShmName(String),
    SocketFile(ObjectId),
    PosixMq(ObjectId),
    Msg(i32),
    Sem(i32),
    Shm(i32),
}

/// An object of the run: created by it (it goes into the ledger) or only
/// opened by it (a FIFO made beforehand: shown, not in the ledger).
#[derive(Debug)]
pub(super) struct Tracked {
    pub kind: ObjectKind,
    pub name: String,
    pub id: i64,
    pub sysv_key: Option<i32>,
    pub path: Option<String>,
    pub object: Option<ObjectId>,
    pub created_by: Option<ByCall>,
    pub used_by: BTreeSet<Pid>,
    pub fate: Option<Fate>,
    pub evidence: Option<Evidence>,
    /// Descriptors on it passed in Unix socket messages and received.
    pub passed: Vec<Handed>,
}

/// What a descriptor's link in /proc/PID/fd names.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Link {
    Pipe(u64),
    Socket(u64),
    Path(String),
    Other,
}

pub(super) fn parse_link(link: &str) -> Link {
    let inode = |prefix: &str| link.strip_prefix(prefix)?.strip_suffix(']')?.parse::<u64>().ok();
    if let Some(n) = inode("pipe:[") {
        Link::Pipe(n)
    } else if let Some(n) = inode("socket:[") {
        Link::Socket(n)
    } else if link.starts_with('/') {
        Link::Path(link.to_string())
    } else {
        Link::Other
    }
}

/// Every object the run touched, by index, key and path.
#[derive(Debug, Default)]
pub(super) struct Registry {
    objects: Vec<Tracked>,
    by_key: HashMap<Key, usize>,
    by_path: HashMap<(ObjectKind, String), usize>,
    /// How many objects reachable through fds are tracked (none: a `read`
    /// needs no look at its fd).
    fd_objects: usize,
}

impl Registry {
    /// Tracks an object: the live entry with this key, or a new one.
    #[allow(clippy::too_many_arguments)]
    pub fn track(
        &mut self,
        key: Key,
        kind: ObjectKind,
        name: String,
        id: i64,
        object: Option<ObjectId>,
        path: Option<String>,
        created_by: Option<ByCall>,
    ) -> usize {
        if let Some(i) = self.find(&key) {
            if self.objects[i].fate.is_none() {
                if self.objects[i].created_by.is_none() {
                    self.objects[i].created_by = created_by;
                }
                return i;
            }
        }
        let i = self.objects.len();
        // The creator uses it, even if it exits before anyone looks.
        let mut used_by = BTreeSet::new();
        if let Some(c) = &created_by {
            used_by.insert(c.pid);
        }
        self.objects.push(Tracked {
            kind,
            name,
            id,
            sysv_key: None,
            path: path.clone(),
            object,
            created_by,
            used_by,
            fate: None,
            evidence: None,
            passed: Vec::new(),
        });
        self.by_key.insert(key, i);
        if let Some(p) = path {
            self.by_path.insert((kind, p), i);
        }
        if matches!(
            kind,
            ObjectKind::Pipe | ObjectKind::Fifo | ObjectKind::Socket | ObjectKind::PosixMq | ObjectKind::PosixShm
        ) {
            self.fd_objects += 1;
        }
        i
    }

    /// `pid` used object `i`.
    pub fn used(&mut self, i: usize, pid: Pid) {
        self.objects[i].used_by.insert(pid);
    }

    /// A descriptor on object `i` was passed and received (once per pair).
    pub fn handed(&mut self, i: usize, handed: Handed) {
        if !self.objects[i].passed.contains(&handed) {
            self.objects[i].passed.push(handed);
        }
    }

    /// The object with this key (the latest, if the key was reused).
    pub fn find(&self, key: &Key) -> Option<usize> {
        self.by_key.get(key).copied()
    }

    /// The object of this kind at this path.
    pub fn find_path(&self, kind: ObjectKind, path: &str) -> Option<usize> {
        self.by_path.get(&(kind, path.to_string())).copied()
    }

    /// The object of the run a descriptor link names (`pipe:[9226]`, a
    /// FIFO's path...).
    pub fn by_link(&self, link: &str) -> Option<usize> {
        match parse_link(link) {
            Link::Pipe(n) => self.find(&Key::Pipe(n)),
            Link::Socket(n) => self.find(&Key::Socket(n)),
            Link::Path(p) => self
                .find_path(ObjectKind::Fifo, &p)
                .or_else(|| self.find_path(ObjectKind::PosixShm, &p))
                .or_else(|| self.find_path(ObjectKind::PosixMq, &p)),
            Link::Other => None,
        }
    }

    /// Whether an object a descriptor can refer to is tracked.
    pub fn has_fd_objects(&self) -> bool {
        self.fd_objects > 0
    }

    /// Whether an object with a path is tracked.
    pub fn has_paths(&self) -> bool {
        !self.by_path.is_empty()
    }

    /// Every object, in the order they were first seen.
    pub fn iter(&self) -> impl Iterator<Item = &Tracked> {
        self.objects.iter()
    }

    pub fn len(&self) -> usize {
        self.objects.len()
    }

    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }
}

impl Index<usize> for Registry {
    type Output = Tracked;
    fn index(&self, i: usize) -> &Tracked {
        &self.objects[i]
    }
}

impl IndexMut<usize> for Registry {
    fn index_mut(&mut self, i: usize) -> &mut Tracked {
        &mut self.objects[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by(pid: Pid) -> Option<ByCall> {
        Some(ByCall { pid, call: "pipe2".into() })
    }

    #[test]
    fn links_name_pipes_sockets_and_paths() {
        assert_eq!(parse_link("pipe:[48213]"), Link::Pipe(48213));
        assert_eq!(parse_link("socket:[9228]"), Link::Socket(9228));
        assert_eq!(parse_link("/tmp/x.fifo"), Link::Path("/tmp/x.fifo".into()));
        assert_eq!(parse_link("anon_inode:[eventfd]"), Link::Other);
    }

    #[test]
    fn an_object_is_found_by_key_and_by_the_link_of_a_descriptor_on_it() {
        let mut r = Registry::default();
        assert!(!r.has_fd_objects() && r.is_empty());
        let p = r.track(Key::Pipe(9), ObjectKind::Pipe, "pipe:[9]".into(), 9, None, None, by(7));
        let id = ObjectId { dev: 1, ino: 2 };
        let path = Some("/tmp/x.fifo".to_string());
        let f = r.track(Key::Fifo(id), ObjectKind::Fifo, "FIFO /tmp/x.fifo".into(), 2, Some(id), path, None);
        let q = r.track(Key::Msg(5), ObjectKind::MsgQueue, "msg queue 5".into(), 5, None, None, by(7));
        assert_eq!((r.len(), r.has_fd_objects(), r.has_paths()), (3, true, true));
        assert_eq!(r.by_link("pipe:[9]"), Some(p));
        assert_eq!(r.by_link("/tmp/x.fifo"), Some(f));
        assert_eq!(r.by_link("pipe:[10]"), None);
        assert_eq!(r.find(&Key::Msg(5)), Some(q));
        assert_eq!(r[p].used_by.iter().copied().collect::<Vec<_>>(), [7], "the creator uses it");
        assert!(r[f].created_by.is_none(), "a FIFO made beforehand is not the run's");
        r.used(f, 8);
        assert!(r[f].used_by.contains(&8));
    }

    #[test]
    fn a_key_names_the_live_object_until_it_ends_and_a_new_one_after() {
        let mut r = Registry::default();
        let first = r.track(Key::Sem(3), ObjectKind::SemSet, "sem set 3".into(), 3, None, None, None);
        // Seen again, now with its creator: the same object, creator filled in.
        assert_eq!(r.track(Key::Sem(3), ObjectKind::SemSet, "sem set 3".into(), 3, None, None, by(4)), first);
        assert_eq!(r[first].created_by.as_ref().map(|b| b.pid), Some(4));
        r[first].fate = Some(Fate::Removed { by: ByCall { pid: 4, call: "semctl".into() } });
        // The id is reused by a new set: a new object.
        let second = r.track(Key::Sem(3), ObjectKind::SemSet, "sem set 3".into(), 3, None, None, by(5));
        assert_ne!(second, first);
        assert_eq!(r.find(&Key::Sem(3)), Some(second));
        assert!(!r.has_fd_objects(), "System V objects are not reached through descriptors");
    }
}
