//! What a run created and removed: System V objects, POSIX queues and
//! shared memory, FIFOs, socket files, files and directories, from the
//! calls; and the kernel view's ledger read in the same terms.

use syscalls::Sysno;
use tracer::decode::{Syscall, Value};
use tracer::kernel::LedgerEntry;

use super::Trace;
use super::args::{int_arg, mq_name, path_arg, socket_path};
use super::calls;
use crate::i18n::tr;

/// The kinds of thing a lab creates and must remove: kernel objects,
/// files and directories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResourceKind {
    MsgQueue,
    ShmSegment,
    SemSet,
    PosixQueue,
    PosixShm,
    Fifo,
    SocketFile,
    File,
    Dir,
}

impl ResourceKind {
    /// What a student calls it.
    pub fn noun(self) -> String {
        match self {
            ResourceKind::MsgQueue => tr!("noun-msg-queue"),
            ResourceKind::ShmSegment => tr!("noun-shm-segment"),
            ResourceKind::SemSet => tr!("noun-sem-set"),
            ResourceKind::PosixQueue => tr!("noun-posix-queue"),
            ResourceKind::PosixShm => tr!("noun-posix-shm"),
            ResourceKind::Fifo => tr!("noun-fifo"),
            ResourceKind::SocketFile => tr!("noun-socket-file"),
            ResourceKind::File => tr!("noun-file"),
            ResourceKind::Dir => tr!("noun-dir"),
        }
    }

    /// The call that removes it.
    pub fn remover(self) -> &'static str {
        match self {
            ResourceKind::MsgQueue => "msgctl(IPC_RMID)",
            ResourceKind::ShmSegment => "shmctl(IPC_RMID)",
            ResourceKind::SemSet => "semctl(IPC_RMID)",
            ResourceKind::PosixQueue => "mq_unlink",
            ResourceKind::PosixShm => "shm_unlink",
            ResourceKind::Fifo | ResourceKind::SocketFile | ResourceKind::File => "unlink",
            ResourceKind::Dir => "rmdir",
        }
    }
}

/// A kernel object, file or directory the run created, and whether it
/// removed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    pub kind: ResourceKind,
    /// The id (System V) or the name or path.
    pub name: String,
    /// The call that created it.
    pub created: usize,
    /// The call that removed it, if any.
    pub removed: Option<usize>,
    /// For System V objects: the key they were created with was private.
    pub private: bool,
}

impl Resource {
    /// `System V message queue 196635`.
    pub fn describe(&self) -> String {
        format!("{} {}", self.kind.noun(), self.name)
    }
}

/// The kind and name of a ledger entry, in the model's terms (None for
/// objects that do not outlive their processes: pipes and sockets).
pub fn ledger_object(entry: &LedgerEntry) -> Option<(ResourceKind, String)> {
    use tracer::kernel::objects::ObjectKind as K;
    let path = || entry.path.clone().unwrap_or_else(|| entry.name.clone());
    Some(match entry.kind {
        K::MsgQueue => (ResourceKind::MsgQueue, entry.id.to_string()),
        K::SemSet => (ResourceKind::SemSet, entry.id.to_string()),
        K::Shm => (ResourceKind::ShmSegment, entry.id.to_string()),
        K::PosixMq => (ResourceKind::PosixQueue, mq_name(&path())),
        K::Fifo => (ResourceKind::Fifo, path()),
        K::SocketFile => (ResourceKind::SocketFile, path()),
        // A named semaphore is a file in /dev/shm, as the calls show it.
        K::PosixShm | K::PosixSem => (ResourceKind::PosixShm, path()),
        K::Pipe | K::Socket => return None,
    })
}

impl ResourceKind {
    /// Whether the kernel view's ledger keeps objects of this kind (it
    /// removes their leaks itself); files and POSIX shared memory are
    /// followed from the calls alone.
    pub fn in_ledger(self) -> bool {
        !matches!(self, ResourceKind::PosixShm | ResourceKind::File | ResourceKind::Dir)
    }
}

/// A System V object's key and flags: created with the key IPC_PRIVATE,
/// and IPC_CREAT in the flags.
fn sysv_get(call: &Syscall, flags: &str, index: usize) -> (bool, bool) {
    let private = int_arg(call, "key", 0) as libc::key_t == libc::IPC_PRIVATE;
    (private, int_arg(call, flags, index) & libc::IPC_CREAT as i64 != 0)
}

/// What the run created, in order, with the call that removed each.
pub fn created(t: &Trace) -> Vec<Resource> {
    let mut out: Vec<Resource> = Vec::new();
    let remove = |out: &mut Vec<Resource>, kinds: &[ResourceKind], name: &str, at: usize| {
        if let Some(o) = out.iter_mut().rev().find(|o| kinds.contains(&o.kind) && o.name == name && o.removed.is_none())
        {
            o.removed = Some(at);
        }
    };
    const FILES: &[ResourceKind] =
        &[ResourceKind::Fifo, ResourceKind::SocketFile, ResourceKind::File, ResourceKind::PosixShm];
    for c in t.all_calls() {
        let Some(sysno) = c.sysno().filter(|_| c.ok()) else { continue };
        let call = c.call;
        let ret = c.ret().unwrap_or(-1);
        let created =
            |kind, name: String, private: bool| Resource { kind, name, created: c.index, removed: None, private };
        let sysv = match sysno {
            Sysno::msgget => Some((ResourceKind::MsgQueue, sysv_get(call, "msgflg", 1))),
            Sysno::shmget => Some((ResourceKind::ShmSegment, sysv_get(call, "shmflg", 2))),
            Sysno::semget => Some((ResourceKind::SemSet, sysv_get(call, "semflg", 2))),
            _ => None,
        };
        if let Some((kind, (private, creates))) = sysv {
            if creates {
                out.push(created(kind, ret.to_string(), private));
            }
            continue;
        }
        match sysno {
            Sysno::msgctl | Sysno::shmctl | Sysno::semctl => {
                let cmd_index = if sysno == Sysno::semctl { 2 } else { 1 };
                if call.raw.args[cmd_index] & 0xff == libc::IPC_RMID as u64 {
                    let kind = match sysno {
                        Sysno::msgctl => ResourceKind::MsgQueue,
                        Sysno::shmctl => ResourceKind::ShmSegment,
                        _ => ResourceKind::SemSet,
                    };
                    remove(&mut out, &[kind], &(call.raw.args[0] as i32).to_string(), c.index);
                }
            }
            Sysno::mq_open => {
                let flags = int_arg(call, "oflag", 1);
                if flags & libc::O_CREAT as i64 != 0
                    && let Some(name) = path_arg(call, "name")
                {
                    let name = mq_name(&name);
                    if !out.iter().any(|o| o.kind == ResourceKind::PosixQueue && o.name == name && o.removed.is_none())
                    {
                        out.push(created(ResourceKind::PosixQueue, name, false));
                    }
                }
            }
            Sysno::mq_unlink => {
                if let Some(name) = path_arg(call, "name") {
                    remove(&mut out, &[ResourceKind::PosixQueue], &mq_name(&name), c.index);
                }
            }
            s if calls::MKNOD.contains(&s) => {
                if let Some(path) = path_arg(call, "pathname") {
                    let mode = int_arg(call, "mode", if s == Sysno::mknodat { 2 } else { 1 });
                    let fifo = mode & libc::S_IFMT as i64 == libc::S_IFIFO as i64;
                    out.push(created(if fifo { ResourceKind::Fifo } else { ResourceKind::File }, path, false));
                }
            }
            Sysno::bind => {
                if let Some(path) = socket_path(call).filter(|p| !p.starts_with('@') && !p.is_empty()) {
                    out.push(created(ResourceKind::SocketFile, path, false));
                }
            }
            s if calls::OPEN.contains(&s) || is_creat(s) => {
                let flags = call.arg("flags").and_then(Value::as_i64).unwrap_or(0);
                if (flags & libc::O_CREAT as i64 != 0 || is_creat(s))
                    && let Some(path) = path_arg(call, "pathname")
                {
                    let exists = out.iter().any(|o| o.name == path && o.removed.is_none());
                    if !exists {
                        let kind =
                            if path.starts_with("/dev/shm/") { ResourceKind::PosixShm } else { ResourceKind::File };
                        out.push(created(kind, path, false));
                    }
                }
            }
            s if calls::MKDIR.contains(&s) => {
                if let Some(path) = path_arg(call, "pathname") {
                    out.push(created(ResourceKind::Dir, path, false));
                }
            }
            s if calls::UNLINK.contains(&s) => {
                if let Some(path) = path_arg(call, "pathname") {
                    let dir = s == Sysno::unlinkat && int_arg(call, "flags", 2) & libc::AT_REMOVEDIR as i64 != 0;
                    let kinds: &[ResourceKind] = if dir { &[ResourceKind::Dir] } else { FILES };
                    remove(&mut out, kinds, &path, c.index);
                }
            }
            #[cfg(target_arch = "x86_64")]
            Sysno::rmdir => {
                if let Some(path) = path_arg(call, "pathname") {
                    remove(&mut out, &[ResourceKind::Dir], &path, c.index);
                }
            }
            s if calls::RENAME.contains(&s) => {
                if let (Some(old), Some(new)) = (path_arg(call, "oldpath"), path_arg(call, "newpath"))
                    && let Some(o) =
                        out.iter_mut().rev().find(|o| FILES.contains(&o.kind) && o.name == old && o.removed.is_none())
                {
                    o.name = new;
                }
            }
            _ => {}
        }
    }
    out
}

/// creat(2), which x86_64 alone keeps.
fn is_creat(sysno: Sysno) -> bool {
    #[cfg(target_arch = "x86_64")]
    return sysno == Sysno::creat;
    #[cfg(not(target_arch = "x86_64"))]
    return false;
}
