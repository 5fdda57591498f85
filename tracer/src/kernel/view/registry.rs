//! The objects of the run, as the kernel view keeps them: each object it
//! follows (created by the run, for the ledger; or only opened by it, as a
//! FIFO made beforehand), found again by its kernel key or by the path a
//! descriptor's link names, with who used it and what became of it.
//!
//! Memory stays bounded however many objects a run makes: once more than
//! [`KEEP_ENDED`] objects have ended, the oldest ended ones that nothing can
//! reach any more (a pipe or socket whose last descriptor is closed, a
//! System V queue or set removed) are folded into counts per kind and fate
//! ([`Folded`]), which is what the ledger needs of them; the rest of what
//! was known of them is forgotten.
//!
//! Pure bookkeeping: nothing here reads /proc, so it is tested on its own.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::ops::{Index, IndexMut};

use crate::event::Pid;
use crate::event::kernel::{ByCall, Fate, Folded, Handed, ObjectKind};
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
    /// What finds it: its entry in the registry's map.
    pub key: Key,
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

/// How many ended objects are kept whole before the oldest are folded:
/// every object of a lab's run, and the first of a program's thousands.
pub(super) const KEEP_ENDED: usize = 1000;

/// How many creators a folded count names.
const FOLDED_CREATORS: usize = 8;

/// Every object the run touched, by index, key and path. Indices are never
/// reused: an index kept from a call's entry to its exit names the same
/// object, or none once it was folded ([`Registry::get`]).
#[derive(Debug, Default)]
pub(super) struct Registry {
    objects: BTreeMap<usize, Tracked>,
    next: usize,
    by_key: HashMap<Key, usize>,
    by_path: HashMap<(ObjectKind, String), usize>,
    /// How many objects reachable through fds are tracked (none: a `read`
    /// needs no look at its fd).
    fd_objects: usize,
    /// How many POSIX shared memory objects and named semaphores are tracked.
    posix_shm: usize,
    /// Ended objects that may be folded, oldest first.
    ended: VecDeque<usize>,
    /// What is kept of the objects folded.
    folded: Vec<Folded>,
    folded_count: usize,
}

/// Whether an object with this fate can be folded: nothing can reach it
/// any more, and the ledger needs only its kind and fate.
fn foldable(t: &Tracked) -> Option<&'static str> {
    if !t.passed.is_empty() {
        // Its ledger line says who passed it to whom: kept whole.
        return None;
    }
    match (t.kind, &t.fate) {
        (ObjectKind::Pipe | ObjectKind::Socket, Some(Fate::Closed { .. })) => Some("closed"),
        (ObjectKind::MsgQueue | ObjectKind::SemSet, Some(Fate::Removed { .. })) => Some("removed"),
        _ => None,
    }
}

fn reached_by_fds(kind: ObjectKind) -> bool {
    matches!(
        kind,
        ObjectKind::Pipe
            | ObjectKind::Fifo
            | ObjectKind::Socket
            | ObjectKind::PosixMq
            | ObjectKind::PosixShm
            | ObjectKind::PosixSem
    )
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
            if self.objects[&i].fate.is_none() {
                let t = self.objects.get_mut(&i).expect("found");
                if t.created_by.is_none() {
                    t.created_by = created_by;
                }
                return i;
            }
        }
        let i = self.next;
        self.next += 1;
        // The creator uses it, even if it exits before anyone looks.
        let mut used_by = BTreeSet::new();
        if let Some(c) = &created_by {
            used_by.insert(c.pid);
        }
        self.objects.insert(
            i,
            Tracked {
                key: key.clone(),
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
            },
        );
        self.by_key.insert(key, i);
        if let Some(p) = path {
            self.by_path.insert((kind, p), i);
        }
        if reached_by_fds(kind) {
            self.fd_objects += 1;
        }
        if matches!(kind, ObjectKind::PosixShm | ObjectKind::PosixSem) {
            self.posix_shm += 1;
        }
        i
    }

    /// `pid` used object `i`.
    pub fn used(&mut self, i: usize, pid: Pid) {
        if let Some(t) = self.objects.get_mut(&i) {
            t.used_by.insert(pid);
        }
    }

    /// Object `i`, unless it was folded.
    pub fn get(&self, i: usize) -> Option<&Tracked> {
        self.objects.get(&i)
    }

    /// Object `i`'s fate was just decided: it may be folded later.
    pub fn ended(&mut self, i: usize) {
        if self.objects.get(&i).and_then(foldable).is_some() {
            self.ended.push_back(i);
        }
    }

    /// Folds the oldest ended objects beyond the [`KEEP_ENDED`] newest.
    /// Called between calls, never while a handler holds an index.
    pub fn fold_old(&mut self) {
        while self.ended.len() > KEEP_ENDED {
            let Some(i) = self.ended.pop_front() else { break };
            let Some(t) = self.objects.remove(&i) else { continue };
            let Some(fate) = foldable(&t) else { continue };
            if self.by_key.get(&t.key) == Some(&i) {
                self.by_key.remove(&t.key);
            }
            if let Some(p) = &t.path {
                if self.by_path.get(&(t.kind, p.clone())) == Some(&i) {
                    self.by_path.remove(&(t.kind, p.clone()));
                }
            }
            if reached_by_fds(t.kind) {
                self.fd_objects -= 1;
            }
            let Some(by) = t.created_by else { continue }; // not the run's: not in the ledger
            self.folded_count += 1;
            let f = match self.folded.iter_mut().find(|f| f.kind == t.kind && f.fate == fate) {
                Some(f) => f,
                None => {
                    self.folded.push(Folded {
                        kind: t.kind,
                        count: 0,
                        fate,
                        created_by: Vec::new(),
                        more_creators: false,
                    });
                    self.folded.last_mut().expect("pushed")
                }
            };
            f.count += 1;
            if !f.created_by.contains(&by.pid) {
                if f.created_by.len() < FOLDED_CREATORS {
                    f.created_by.push(by.pid);
                } else {
                    f.more_creators = true;
                }
            }
        }
    }

    /// The objects of the run folded into counts.
    pub fn folded(&self) -> (&[Folded], usize) {
        (&self.folded, self.folded_count)
    }

    /// A descriptor on object `i` was passed and received (once per pair).
    pub fn handed(&mut self, i: usize, handed: Handed) {
        let Some(t) = self.objects.get_mut(&i) else { return };
        if !t.passed.contains(&handed) {
            t.passed.push(handed);
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
                .or_else(|| self.find_path(ObjectKind::PosixSem, &p))
                .or_else(|| self.find_path(ObjectKind::PosixMq, &p)),
            Link::Other => None,
        }
    }

    /// Whether an object a descriptor can refer to is tracked.
    pub fn has_fd_objects(&self) -> bool {
        self.fd_objects > 0
    }

    /// Whether a POSIX shared memory object or named semaphore is tracked.
    pub fn has_posix_shm(&self) -> bool {
        self.posix_shm > 0
    }

    /// Gives object `i` the path `to` (a file linked under a new name, its
    /// first one unlinked: how `sem_open` publishes a semaphore).
    pub fn rename(&mut self, i: usize, to: String, name: String) {
        let Some(t) = self.objects.get_mut(&i) else { return };
        if let Some(old) = t.path.take() {
            if self.by_path.get(&(t.kind, old.clone())) == Some(&i) {
                self.by_path.remove(&(t.kind, old));
            }
        }
        t.path = Some(to.clone());
        t.name = name;
        self.by_path.insert((t.kind, to), i);
    }

    /// Whether an object with a path is tracked.
    pub fn has_paths(&self) -> bool {
        !self.by_path.is_empty()
    }

    /// Every object kept whole, in the order they were first seen, with its index.
    pub fn iter(&self) -> impl Iterator<Item = (usize, &Tracked)> {
        self.objects.iter().map(|(&i, t)| (i, t))
    }

    /// The indices of the objects kept whole, in the order they were first seen.
    pub fn indices(&self) -> Vec<usize> {
        self.objects.keys().copied().collect()
    }

    /// Whether the run touched no object at all.
    pub fn is_empty(&self) -> bool {
        self.objects.is_empty() && self.folded_count == 0
    }
}

impl Index<usize> for Registry {
    type Output = Tracked;
    fn index(&self, i: usize) -> &Tracked {
        &self.objects[&i]
    }
}

impl IndexMut<usize> for Registry {
    fn index_mut(&mut self, i: usize) -> &mut Tracked {
        self.objects.get_mut(&i).expect("an object of the registry")
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
        assert_eq!((r.indices().len(), r.has_fd_objects(), r.has_paths()), (3, true, true));
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

    #[test]
    fn ended_pipes_beyond_the_newest_thousand_are_folded_into_counts() {
        let mut r = Registry::default();
        let fifo_id = ObjectId { dev: 1, ino: 1 };
        let fifo = r.track(Key::Fifo(fifo_id), ObjectKind::Fifo, "FIFO /x".into(), 1, Some(fifo_id), None, by(7));
        r[fifo].fate = Some(Fate::Removed { by: ByCall { pid: 7, call: "unlink".into() } });
        r.ended(fifo);
        let n = KEEP_ENDED + 500;
        let mut first = None;
        for k in 0..n as u64 {
            let id = ObjectId { dev: 9, ino: 100 + k };
            let creator = if k % 2 == 0 { by(7) } else { by(8) };
            let i =
                r.track(Key::Pipe(id.ino), ObjectKind::Pipe, format!("pipe:[{}]", id.ino), 0, Some(id), None, creator);
            first.get_or_insert(i);
            r[i].fate = Some(Fate::Closed { by: ByCall { pid: 7, call: "close".into() } });
            r.ended(i);
            r.fold_old();
        }
        let live = r.track(Key::Pipe(1), ObjectKind::Pipe, "pipe:[1]".into(), 1, None, None, by(7));
        r.fold_old();
        let (folded, count) = r.folded();
        assert_eq!(count, 500);
        assert_eq!(folded.len(), 1);
        assert_eq!((folded[0].kind, folded[0].count, folded[0].fate), (ObjectKind::Pipe, 500, "closed"));
        assert_eq!(folded[0].created_by, vec![7, 8]);
        assert_eq!(r.indices().len(), KEEP_ENDED + 2, "the newest ended, the FIFO (never folded), the live pipe");
        let first = first.unwrap();
        assert!(r.get(first).is_none() && r.find(&Key::Pipe(100)).is_none(), "the oldest is forgotten");
        assert!(r.get(fifo).is_some() && r.get(live).is_some());
        assert!(r.has_fd_objects());
        assert!(!r.is_empty());
    }
}
