//! Objects that can outlive a run, and how to tell that one still exists and
//! is the one the run created, so that it can be reported as a leak and
//! removed — and never an object that merely has the same id.
//!
//! A System V id, a POSIX queue name, a path, even an inode number is
//! reused once the object is gone: none alone is proof. So each object is
//! kept with its [`Evidence`], what was true of it when the run created it
//! (the key, the creator's uid and the change time of a System V object,
//! and the creator pid of a segment; the device, inode and birth time of a
//! file; the device and inode of a POSIX queue, whose filesystem numbers
//! inodes from a counter that is never reset), and it is treated as the
//! run's only while all of that still matches. Where a file's filesystem
//! records no birth time, its change time stands in for it: a file whose
//! metadata changed since (a FIFO written to) is then not proven the run's,
//! and is reported and left, never removed on a guess.
//!
//! Checking never changes the object: the System V tables are read from
//! /proc, a file is `lstat`ed, and a POSIX queue (its filesystem may not be
//! mounted) is opened read-only with `mq_open` and closed again, which moves
//! no message and registers no one.

use std::fmt;
use std::path::Path;

use nix::errno::Errno;
use nix::mqueue::{self, MQ_OFlag};
use nix::sys::stat::{Mode, fstat};
use serde::{Deserialize, Serialize};

use crate::event::kernel::ObjectKind;
use crate::proc::{Error, Result};
use crate::proc::{msg_queue, sem_set, shm_segment};

/// What identifies an object a run created, beyond its id or name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Evidence {
    /// A System V message queue: id, key, creator uid, and `ctime`
    /// (creation or last `IPC_SET`, seconds).
    MsgQueue { id: i32, key: i32, cuid: u32, ctime: u64 },
    /// A System V semaphore set: as a queue (`ctime` also moves with
    /// `SETVAL`/`SETALL`; the run records each change).
    SemSet { id: i32, key: i32, cuid: u32, ctime: u64 },
    /// A System V shared memory segment: id, key, creator uid, creator pid
    /// and `ctime` (creation or last `IPC_SET`; not recorded by older
    /// journals).
    Shm {
        id: i32,
        key: i32,
        cuid: u32,
        cpid: i32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ctime: Option<u64>,
    },
    /// A POSIX message queue: its name (`/name`) and inode on the mqueue filesystem.
    PosixMq { name: String, dev: u64, ino: u64 },
    /// A FIFO: absolute path, device, inode and birth.
    Fifo {
        path: String,
        dev: u64,
        ino: u64,
        #[serde(default)]
        born: Option<Born>,
    },
    /// The file of a bound Unix socket: absolute path, device, inode and birth.
    SocketFile {
        path: String,
        dev: u64,
        ino: u64,
        #[serde(default)]
        born: Option<Born>,
    },
    /// A POSIX shared memory object: its file in /dev/shm, device, inode and birth.
    PosixShm {
        path: String,
        dev: u64,
        ino: u64,
        #[serde(default)]
        born: Option<Born>,
    },
    /// A POSIX named semaphore: its file `sem.NAME` in /dev/shm, device,
    /// inode and birth.
    PosixSem {
        path: String,
        dev: u64,
        ino: u64,
        #[serde(default)]
        born: Option<Born>,
    },
}

impl Evidence {
    /// The evidence of a file of the run in /dev/shm: a shared memory
    /// object or a named semaphore.
    pub fn file(kind: ObjectKind, path: String, obj: crate::proc::ObjectId, born: Option<Born>) -> Evidence {
        let (dev, ino) = (obj.dev, obj.ino);
        match kind {
            ObjectKind::PosixSem => Evidence::PosixSem { path, dev, ino, born },
            _ => Evidence::PosixShm { path, dev, ino, born },
        }
    }
}

/// When a file was made, to tell it from a later file that got the same
/// inode number: its birth time, or, where the filesystem records none,
/// its change time at the moment the run made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Born {
    pub sec: i64,
    pub nsec: u32,
    /// The birth time (`statx`'s `stx_btime`); false: the change time.
    pub birth: bool,
}

/// What is at an object's place now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Presence {
    /// Nothing.
    Gone,
    /// The object the evidence describes.
    Same,
    /// Something else: another object with the id, path or inode, or one
    /// that cannot be proven the same. Why.
    Other(Mismatch),
}

/// Why what is at an object's place now is not proven the run's. Its
/// `Display` is the English; [`Mismatch::message`] the words in a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mismatch {
    /// A System V id now names another queue.
    AnotherQueue,
    /// A System V id now names another semaphore set.
    AnotherSemSet,
    /// A System V id now names another segment.
    AnotherSegment,
    /// A POSIX queue of that name was made again.
    QueueRemade,
    /// Another file is at the path.
    AnotherFile,
    /// The ledger recorded no creation time (an older ledger).
    NoCreationTime,
    /// A file made later got the same inode number.
    InodeReused,
    /// The change time moved, and the filesystem records no birth time.
    ChangedSince,
}

impl Mismatch {
    /// The reason in `lang`.
    pub fn message(self, lang: crate::i18n::Lang) -> String {
        let id = match self {
            Mismatch::AnotherQueue => "mismatch-another-queue",
            Mismatch::AnotherSemSet => "mismatch-another-sem-set",
            Mismatch::AnotherSegment => "mismatch-another-segment",
            Mismatch::QueueRemade => "mismatch-queue-remade",
            Mismatch::AnotherFile => "mismatch-another-file",
            Mismatch::NoCreationTime => "mismatch-no-creation-time",
            Mismatch::InodeReused => "mismatch-inode-reused",
            Mismatch::ChangedSince => "mismatch-changed-since",
        };
        crate::i18n::message(lang, id, None)
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(crate::i18n::Lang::En))
    }
}

/// Device, inode and birth of the file at `path`, as the run made it.
pub fn file_identity(path: &str) -> std::result::Result<(u64, u64, Born), Errno> {
    let c = std::ffi::CString::new(path).map_err(|_| Errno::EINVAL)?;
    let st = crate::sys::statx(&c)?;
    let born = match st.born {
        Some(t) => Born { sec: t.sec, nsec: t.nsec, birth: true },
        None => Born { sec: st.changed.sec, nsec: st.changed.nsec, birth: false },
    };
    Ok((st.dev, st.ino, born))
}

/// What names an object, whatever its evidence: the kind and the id, name or
/// path. Two records of the same object have the same identity.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Identity {
    SysV(ObjectKind, i32),
    Named(ObjectKind, String),
}

impl Evidence {
    pub fn kind(&self) -> ObjectKind {
        match self {
            Evidence::MsgQueue { .. } => ObjectKind::MsgQueue,
            Evidence::SemSet { .. } => ObjectKind::SemSet,
            Evidence::Shm { .. } => ObjectKind::Shm,
            Evidence::PosixMq { .. } => ObjectKind::PosixMq,
            Evidence::Fifo { .. } => ObjectKind::Fifo,
            Evidence::SocketFile { .. } => ObjectKind::SocketFile,
            Evidence::PosixShm { .. } => ObjectKind::PosixShm,
            Evidence::PosixSem { .. } => ObjectKind::PosixSem,
        }
    }

    pub fn identity(&self) -> Identity {
        match self {
            Evidence::MsgQueue { id, .. } | Evidence::SemSet { id, .. } | Evidence::Shm { id, .. } => {
                Identity::SysV(self.kind(), *id)
            }
            Evidence::PosixMq { name: s, .. }
            | Evidence::Fifo { path: s, .. }
            | Evidence::SocketFile { path: s, .. }
            | Evidence::PosixShm { path: s, .. }
            | Evidence::PosixSem { path: s, .. } => Identity::Named(self.kind(), s.clone()),
        }
    }

    /// Whether the object still exists and is the one this evidence
    /// describes. Reads only.
    pub fn exists(&self) -> Result<bool> {
        Ok(self.presence()? == Presence::Same)
    }

    /// What is at the object's place now: nothing, the object, or another.
    /// Reads only.
    pub fn presence(&self) -> Result<Presence> {
        let other = Presence::Other;
        Ok(match self {
            Evidence::MsgQueue { id, key, cuid, ctime } => match msg_queue(*id)? {
                None => Presence::Gone,
                Some(q) if q.key.0 == *key && q.cuid == *cuid && q.ctime == *ctime => Presence::Same,
                Some(_) => other(Mismatch::AnotherQueue),
            },
            Evidence::SemSet { id, key, cuid, ctime } => match sem_set(*id)? {
                None => Presence::Gone,
                Some(s) if s.key.0 == *key && s.cuid == *cuid && s.ctime == *ctime => Presence::Same,
                Some(_) => other(Mismatch::AnotherSemSet),
            },
            // A segment removed while attached keeps its row (key 0, "dest")
            // until the last detach: it is removed, not leaked.
            Evidence::Shm { id, key, cuid, cpid, ctime } => match shm_segment(*id)? {
                None => Presence::Gone,
                Some(s) if s.is_marked_for_removal() => Presence::Gone,
                Some(s)
                    if s.key.0 == *key
                        && s.cuid == *cuid
                        && s.cpid.as_raw() == *cpid
                        && ctime.is_none_or(|t| t == s.ctime) =>
                {
                    Presence::Same
                }
                Some(_) => other(Mismatch::AnotherSegment),
            },
            Evidence::PosixMq { name, dev, ino } => match mq_identity(name)? {
                None => Presence::Gone,
                Some((d, i)) if d == *dev && i == *ino => Presence::Same,
                Some(_) => other(Mismatch::QueueRemade),
            },
            Evidence::Fifo { path, dev, ino, born } => file_presence(path, *dev, *ino, *born, libc::S_IFIFO)?,
            Evidence::SocketFile { path, dev, ino, born } => file_presence(path, *dev, *ino, *born, libc::S_IFSOCK)?,
            Evidence::PosixShm { path, dev, ino, born } | Evidence::PosixSem { path, dev, ino, born } => {
                file_presence(path, *dev, *ino, *born, libc::S_IFREG)?
            }
        })
    }

    /// Removes the object, after checking it is still the one described:
    /// what was there, [`Presence::Same`] when it was removed.
    pub fn remove(&self) -> Result<Presence> {
        let presence = self.presence()?;
        if presence != Presence::Same {
            return Ok(presence);
        }
        let what = self.to_string();
        let sys = |e: Errno| Error::sys(format!("removing {what}"), e, None);
        match self {
            Evidence::MsgQueue { id, .. } => crate::sys::msg_remove(*id).map_err(sys)?,
            Evidence::SemSet { id, .. } => crate::sys::sem_remove(*id).map_err(sys)?,
            Evidence::Shm { id, .. } => crate::sys::shm_remove(*id).map_err(sys)?,
            Evidence::PosixMq { name, .. } => mqueue::mq_unlink(name.as_str()).map_err(sys)?,
            Evidence::Fifo { path, .. }
            | Evidence::SocketFile { path, .. }
            | Evidence::PosixShm { path, .. }
            | Evidence::PosixSem { path, .. } => {
                std::fs::remove_file(path).map_err(|e| Error::io(Path::new(path), e, None))?;
            }
        };
        Ok(Presence::Same)
    }

    /// The shell command a user would type to remove the object.
    pub fn cleanup_command(&self) -> String {
        match self {
            Evidence::MsgQueue { id, .. } => format!("ipcrm -q {id}"),
            Evidence::SemSet { id, .. } => format!("ipcrm -s {id}"),
            Evidence::Shm { id, .. } => format!("ipcrm -m {id}"),
            // Without /dev/mqueue mounted no standard tool names a queue.
            Evidence::PosixMq { .. } => "ipclab clean".to_string(),
            Evidence::Fifo { path, .. }
            | Evidence::SocketFile { path, .. }
            | Evidence::PosixShm { path, .. }
            | Evidence::PosixSem { path, .. } => format!("rm {}", shell_quote(path)),
        }
    }
}

impl fmt::Display for Evidence {
    /// As the ledger names the object: `msg queue 32768`, `FIFO /tmp/x`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Evidence::MsgQueue { id, .. } | Evidence::SemSet { id, .. } | Evidence::Shm { id, .. } => {
                write!(f, "{} {id}", self.kind().label())
            }
            Evidence::PosixMq { name: s, .. }
            | Evidence::Fifo { path: s, .. }
            | Evidence::SocketFile { path: s, .. }
            | Evidence::PosixShm { path: s, .. }
            | Evidence::PosixSem { path: s, .. } => write!(f, "{} {s}", self.kind().label()),
        }
    }
}

/// Whether the file at `path` is the one made with this device, inode and
/// birth, of type `kind` (`S_IFIFO`...).
fn file_presence(path: &str, dev: u64, ino: u64, born: Option<Born>, kind: u32) -> Result<Presence> {
    let c = std::ffi::CString::new(path).map_err(|_| Error::sys(format!("statx({path})"), Errno::EINVAL, None))?;
    let st = match crate::sys::statx(&c) {
        Ok(st) => st,
        Err(Errno::ENOENT | Errno::ENOTDIR) => return Ok(Presence::Gone),
        Err(e) => return Err(Error::sys(format!("statx({path})"), e, None)),
    };
    let other = |why: Mismatch| Ok(Presence::Other(why));
    if st.dev != dev || st.ino != ino || st.kind != kind {
        return other(Mismatch::AnotherFile);
    }
    let now = match born {
        None => {
            return other(Mismatch::NoCreationTime);
        }
        Some(b) if b.birth => st.born,
        Some(_) => Some(st.changed),
    };
    match (born, now) {
        (Some(b), Some(t)) if b.sec == t.sec && b.nsec == t.nsec => Ok(Presence::Same),
        (Some(b), _) if b.birth => other(Mismatch::InodeReused),
        _ => other(Mismatch::ChangedSince),
    }
}

/// Device and inode of the POSIX queue `name`, or `None` when there is no
/// such queue. Opens it read-only and non-blocking, and closes it: an open
/// of a queue moves no message and changes no count.
pub fn mq_identity(name: &str) -> Result<Option<(u64, u64)>> {
    let what = format!("mq_open({name}, O_RDONLY)");
    let flags = MQ_OFlag::O_RDONLY | MQ_OFlag::O_NONBLOCK | MQ_OFlag::O_CLOEXEC;
    let mqd = match mqueue::mq_open(name, flags, Mode::empty(), None) {
        Ok(mqd) => mqd,
        Err(Errno::ENOENT) => return Ok(None),
        Err(e) => return Err(Error::sys(what, e, None)),
    };
    // On Linux an mqd_t is a file descriptor: fstat names the queue's inode.
    let st = fstat(&mqd).map_err(|e| Error::sys(format!("fstat of {what}"), e, None));
    let _ = mqueue::mq_close(mqd);
    let st = st?;
    Ok(Some((st.st_dev, st.st_ino)))
}

/// Quotes a path for a POSIX shell when it needs it.
pub fn shell_quote(s: &str) -> String {
    let plain = !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"/._-+,:@%".contains(&b));
    if plain { s.to_string() } else { format!("'{}'", s.replace('\'', r"'\''")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn why_an_object_is_left_alone_is_told_in_english_and_in_korean() {
        use crate::i18n::Lang;
        let all = [
            Mismatch::AnotherQueue,
            Mismatch::AnotherSemSet,
            Mismatch::AnotherSegment,
            Mismatch::QueueRemade,
            Mismatch::AnotherFile,
            Mismatch::NoCreationTime,
            Mismatch::InodeReused,
            Mismatch::ChangedSince,
        ];
        for why in all {
            let (en, ko) = (why.to_string(), why.message(Lang::Ko));
            assert!(en.is_ascii() && en.contains(' '), "{why:?}: {en}");
            assert!(ko.chars().any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c)), "{why:?} fell back to English: {ko}");
        }
        assert_eq!(Mismatch::AnotherFile.to_string(), "another file is at that path now");
    }

    #[test]
    fn shell_quote_leaves_plain_paths_and_quotes_others() {
        assert_eq!(shell_quote("/tmp/x.fifo"), "/tmp/x.fifo");
        assert_eq!(shell_quote("/tmp/my sock"), "'/tmp/my sock'");
        assert_eq!(shell_quote("/tmp/it's"), r"'/tmp/it'\''s'");
    }

    #[test]
    fn cleanup_commands_name_the_object() {
        let q = Evidence::MsgQueue { id: 32768, key: 0, cuid: 0, ctime: 1 };
        assert_eq!(q.cleanup_command(), "ipcrm -q 32768");
        let f = Evidence::Fifo { path: "/tmp/a b".into(), dev: 1, ino: 2, born: None };
        assert_eq!(f.cleanup_command(), "rm '/tmp/a b'");
        assert_eq!(f.to_string(), "FIFO /tmp/a b");
    }

    #[test]
    fn evidence_of_a_file_that_does_not_exist_does_not_exist() {
        let f = Evidence::Fifo { path: "/nonexistent/ipclab/fifo".into(), dev: 1, ino: 2, born: None };
        assert!(!f.exists().unwrap());
        assert_eq!(f.remove().unwrap(), Presence::Gone);
    }

    #[test]
    fn evidence_survives_a_journal_round_trip() {
        let e = Evidence::Shm { id: 5, key: 0x1234, cuid: 1000, cpid: 42, ctime: Some(7) };
        let text = serde_json::to_string(&e).unwrap();
        assert_eq!(serde_json::from_str::<Evidence>(&text).unwrap(), e);
        assert!(text.contains("\"kind\":\"shm\""), "{text}");
        // A journal written before births were recorded still reads.
        let old = r#"{"kind":"fifo","path":"/tmp/f","dev":1,"ino":2}"#;
        assert_eq!(
            serde_json::from_str::<Evidence>(old).unwrap(),
            Evidence::Fifo { path: "/tmp/f".into(), dev: 1, ino: 2, born: None }
        );
    }

    #[test]
    fn a_fifo_made_again_with_the_same_inode_number_is_not_the_run_s() {
        let dir = std::env::temp_dir().join(format!("ipclab-ledger-born-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("f");
        let p = path.to_str().unwrap();
        nix::unistd::mkfifo(&path, Mode::from_bits_truncate(0o600)).unwrap();
        let (dev, ino, born) = file_identity(p).unwrap();
        let ours = Evidence::Fifo { path: p.into(), dev, ino, born: Some(born) };
        assert_eq!(ours.presence().unwrap(), Presence::Same);
        // The same device and inode, born at another time: what a FIFO made
        // at the path after the run's was removed looks like when the
        // filesystem reuses the inode number.
        let later = Born { nsec: (born.nsec + 1) % 1_000_000_000, ..born };
        let reused = Evidence::Fifo { path: p.into(), dev, ino, born: Some(later) };
        assert!(matches!(reused.presence().unwrap(), Presence::Other(_)));
        assert!(matches!(reused.remove().unwrap(), Presence::Other(_)));
        assert!(path.exists(), "left alone");
        let unproven = Evidence::Fifo { path: p.into(), dev, ino, born: None };
        assert!(matches!(unproven.remove().unwrap(), Presence::Other(_)));
        assert_eq!(ours.remove().unwrap(), Presence::Same);
        assert!(!path.exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
