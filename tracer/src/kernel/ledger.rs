//! Objects that can outlive a run, and how to tell that one still exists and
//! is the one the run created, so that it can be reported as a leak and
//! removed — and never an object that merely has the same id.
//!
//! A System V id, a POSIX queue name or a path is reused once the object is
//! gone: the id alone is no proof. So each object is kept with its
//! [`Evidence`], what was true of it when the run created it (the key, the
//! creator's uid and the creation time of a System V object; the creator pid
//! of a segment; the device and inode of a file or queue), and it is treated
//! as the run's only while all of that still matches.
//!
//! Checking never changes the object: the System V tables are read from
//! /proc, a file is `lstat`ed, and a POSIX queue (its filesystem may not be
//! mounted) is opened read-only with `mq_open` and closed again, which moves
//! no message and registers no one.

use std::fmt;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
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
    /// A System V shared memory segment: id, key, creator uid and creator pid.
    Shm { id: i32, key: i32, cuid: u32, cpid: i32 },
    /// A POSIX message queue: its name (`/name`) and inode on the mqueue filesystem.
    PosixMq { name: String, dev: u64, ino: u64 },
    /// A FIFO: absolute path, device and inode.
    Fifo { path: String, dev: u64, ino: u64 },
    /// The file of a bound Unix socket: absolute path, device and inode.
    SocketFile { path: String, dev: u64, ino: u64 },
    /// A POSIX shared memory object: its file in /dev/shm, device and inode.
    PosixShm { path: String, dev: u64, ino: u64 },
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
            | Evidence::PosixShm { path: s, .. } => Identity::Named(self.kind(), s.clone()),
        }
    }

    /// Whether the object still exists and is the one this evidence
    /// describes. Reads only.
    pub fn exists(&self) -> Result<bool> {
        Ok(match self {
            Evidence::MsgQueue { id, key, cuid, ctime } => {
                msg_queue(*id)?.is_some_and(|q| q.key.0 == *key && q.cuid == *cuid && q.ctime == *ctime)
            }
            Evidence::SemSet { id, key, cuid, ctime } => {
                sem_set(*id)?.is_some_and(|s| s.key.0 == *key && s.cuid == *cuid && s.ctime == *ctime)
            }
            // A segment removed while attached keeps its row (key 0, "dest")
            // until the last detach: it is removed, not leaked.
            Evidence::Shm { id, key, cuid, cpid } => shm_segment(*id)?.is_some_and(|s| {
                s.key.0 == *key && s.cuid == *cuid && s.cpid.as_raw() == *cpid && !s.is_marked_for_removal()
            }),
            Evidence::PosixMq { name, dev, ino } => mq_identity(name)?.is_some_and(|(d, i)| d == *dev && i == *ino),
            Evidence::Fifo { path, dev, ino } => file_matches(path, *dev, *ino, |t| t.is_fifo())?,
            Evidence::SocketFile { path, dev, ino } => file_matches(path, *dev, *ino, |t| t.is_socket())?,
            Evidence::PosixShm { path, dev, ino } => file_matches(path, *dev, *ino, |t| t.is_file())?,
        })
    }

    /// Removes the object, after checking it is still the one described:
    /// `Ok(false)` when it no longer exists (or is another object now).
    pub fn remove(&self) -> Result<bool> {
        if !self.exists()? {
            return Ok(false);
        }
        let what = self.to_string();
        let sys = |e: Errno| Error::sys(format!("removing {what}"), e, None);
        match self {
            Evidence::MsgQueue { id, .. } => crate::sys::msg_remove(*id).map_err(sys)?,
            Evidence::SemSet { id, .. } => crate::sys::sem_remove(*id).map_err(sys)?,
            Evidence::Shm { id, .. } => crate::sys::shm_remove(*id).map_err(sys)?,
            Evidence::PosixMq { name, .. } => mqueue::mq_unlink(name.as_str()).map_err(sys)?,
            Evidence::Fifo { path, .. } | Evidence::SocketFile { path, .. } | Evidence::PosixShm { path, .. } => {
                std::fs::remove_file(path).map_err(|e| Error::io(Path::new(path), e, None))?;
            }
        };
        Ok(true)
    }

    /// The shell command a user would type to remove the object.
    pub fn cleanup_command(&self) -> String {
        match self {
            Evidence::MsgQueue { id, .. } => format!("ipcrm -q {id}"),
            Evidence::SemSet { id, .. } => format!("ipcrm -s {id}"),
            Evidence::Shm { id, .. } => format!("ipcrm -m {id}"),
            // Without /dev/mqueue mounted no standard tool names a queue.
            Evidence::PosixMq { .. } => "ipclab clean".to_string(),
            Evidence::Fifo { path, .. } | Evidence::SocketFile { path, .. } | Evidence::PosixShm { path, .. } => {
                format!("rm {}", shell_quote(path))
            }
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
            | Evidence::PosixShm { path: s, .. } => {
                write!(f, "{} {s}", self.kind().label())
            }
        }
    }
}

/// `lstat(path)` is a file of the right type with this device and inode.
fn file_matches(path: &str, dev: u64, ino: u64, is_type: impl Fn(&std::fs::FileType) -> bool) -> Result<bool> {
    match std::fs::symlink_metadata(path) {
        Ok(m) => Ok(m.dev() == dev && m.ino() == ino && is_type(&m.file_type())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Error::io(Path::new(path), e, None)),
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
    fn shell_quote_leaves_plain_paths_and_quotes_others() {
        assert_eq!(shell_quote("/tmp/x.fifo"), "/tmp/x.fifo");
        assert_eq!(shell_quote("/tmp/my sock"), "'/tmp/my sock'");
        assert_eq!(shell_quote("/tmp/it's"), r"'/tmp/it'\''s'");
    }

    #[test]
    fn cleanup_commands_name_the_object() {
        let q = Evidence::MsgQueue { id: 32768, key: 0, cuid: 0, ctime: 1 };
        assert_eq!(q.cleanup_command(), "ipcrm -q 32768");
        let f = Evidence::Fifo { path: "/tmp/a b".into(), dev: 1, ino: 2 };
        assert_eq!(f.cleanup_command(), "rm '/tmp/a b'");
        assert_eq!(f.to_string(), "FIFO /tmp/a b");
    }

    #[test]
    fn evidence_of_a_file_that_does_not_exist_does_not_exist() {
        let f = Evidence::Fifo { path: "/nonexistent/ipclab/fifo".into(), dev: 1, ino: 2 };
        assert!(!f.exists().unwrap());
        assert!(!f.remove().unwrap());
    }

    #[test]
    fn evidence_survives_a_journal_round_trip() {
        let e = Evidence::Shm { id: 5, key: 0x1234, cuid: 1000, cpid: 42 };
        let text = serde_json::to_string(&e).unwrap();
        assert_eq!(serde_json::from_str::<Evidence>(&text).unwrap(), e);
        assert!(text.contains("\"kind\":\"shm\""), "{text}");
    }
}
