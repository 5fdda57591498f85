//! A process's file descriptors: what each refers to and how it was opened.
//!
//! `/proc/PID/fd/N` is a symbolic link naming the object (`pipe:[48213]`,
//! `socket:[9228]`, `anon_inode:[eventfd]`, a path for files, FIFOs and POSIX
//! message queues); procfs reads it into an [`FDTarget`]. `/proc/PID/fdinfo/N`
//! adds the open flags (so the read end of a pipe, opened `O_RDONLY`, is told
//! from the write end, `O_WRONLY`), the file position and the inode; procfs
//! has no parser for it, so [`parse_fdinfo`] is here.
//!
//! Nothing here opens the object an fd refers to: the links are read with
//! `readlink`, and the object's identity and type come from `stat` on the
//! link, which follows it to the inode without opening it. Opening a pipe or
//! FIFO end would add a reader or writer and change when the other side sees
//! EOF or `SIGPIPE`; this module never does.

use std::os::fd::RawFd;
use std::path::{Path, PathBuf};

use nix::sys::stat::{SFlag, stat};
use nix::sys::statfs::{FsType, statfs};
use nix::unistd::Pid;
use procfs::process::{FDTarget, Process};

use super::error::{Error, ErrorKind, ParseError, Result, read_proc_whole};
pub use crate::event::kernel::End;

/// `f_type` of the mqueue filesystem (`MQUEUE_MAGIC` in linux/magic.h), where
/// POSIX message queues live whether or not it is mounted at /dev/mqueue.
pub const MQUEUE_MAGIC: FsType = FsType(0x1980_0202);

/// The contents of `/proc/PID/fdinfo/N`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FdInfo {
    /// File position (`pos:`), in bytes; 0 for pipes and sockets.
    pub pos: u64,
    /// Open flags (`flags:`, octal in the file): `O_RDONLY`/`O_WRONLY`/`O_RDWR`
    /// plus `O_NONBLOCK`, `O_APPEND`, `O_CLOEXEC` (per fd, shown here too)...
    pub flags: i32,
    /// Id of the mount the file is on (`mnt_id:`), as in /proc/PID/mountinfo.
    pub mnt_id: u64,
    /// Inode number (`ino:`).
    pub ino: u64,
    /// Every other line, by kind of file: `eventfd-count`, `scm_fds`,
    /// `tfd` (epoll), `inotify`... kept as (name, value) in file order.
    pub extra: Vec<(String, String)>,
}

impl FdInfo {
    /// Which end the fd is: its access mode (`flags & O_ACCMODE`).
    pub fn access(&self) -> End {
        End::from_open_flags(self.flags)
    }

    /// True when the fd was opened (or set) `O_NONBLOCK`.
    pub fn nonblocking(&self) -> bool {
        self.flags & libc::O_NONBLOCK != 0
    }
}

/// Parses the text of `/proc/PID/fdinfo/N`.
pub fn parse_fdinfo(text: &str) -> std::result::Result<FdInfo, ParseError> {
    let (mut pos, mut flags, mut mnt_id, mut ino) = (None, None, None, None);
    let mut extra = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let Some((name, value)) = line.split_once(':') else {
            if line.trim().is_empty() {
                continue;
            }
            return Err(ParseError::new(line_no, format!("no ':' in {line:?}")));
        };
        let value = value.trim();
        let bad = |what: &str| ParseError::new(line_no, format!("{name}: {value:?} is not {what}"));
        match name {
            "pos" => pos = Some(value.parse().map_err(|_| bad("a number"))?),
            "flags" => flags = Some(i32::from_str_radix(value, 8).map_err(|_| bad("octal flags"))?),
            "mnt_id" => mnt_id = Some(value.parse().map_err(|_| bad("a number"))?),
            "ino" => ino = Some(value.parse().map_err(|_| bad("a number"))?),
            _ => extra.push((name.to_string(), value.to_string())),
        }
    }
    let need = |v: Option<u64>, name: &str| v.ok_or_else(|| ParseError::new(0, format!("no {name:?} line")));
    Ok(FdInfo {
        pos: need(pos, "pos")?,
        flags: flags.ok_or_else(|| ParseError::new(0, "no \"flags\" line"))?,
        mnt_id: need(mnt_id, "mnt_id")?,
        ino: need(ino, "ino")?,
        extra,
    })
}

/// Reads `/proc/PID/fdinfo/FD`.
pub fn fdinfo(pid: Pid, fd: RawFd) -> Result<FdInfo> {
    let path = PathBuf::from(format!("/proc/{pid}/fdinfo/{fd}"));
    parse_fdinfo(&read_proc_whole(&path, Some(pid))?).map_err(|e| Error::parse(&path, e))
}

/// The identity of a kernel object behind an fd: device and inode, as `stat`
/// reports them. Two fds (in any processes) refer to the same pipe, FIFO,
/// socket or file exactly when their `ObjectId`s are equal. The inode alone is
/// not enough: a FIFO on /tmp and an unrelated pipe may share an inode number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectId {
    /// `st_dev`: the filesystem (pipefs, sockfs, mqueue, tmpfs...).
    pub dev: u64,
    /// `st_ino`: the inode within it, the number in `pipe:[...]` and `socket:[...]`.
    pub ino: u64,
}

/// What kind of kernel object an fd refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FdKind {
    /// An anonymous pipe from `pipe`/`pipe2` (`pipe:[ino]`).
    Pipe,
    /// A named pipe (FIFO) opened by path.
    Fifo(PathBuf),
    /// A socket (`socket:[ino]`); see [`unix_socket`](super::unix_socket).
    Socket,
    /// A POSIX message queue, by its name (`/name`), on the mqueue filesystem
    /// whether or not that is mounted anywhere.
    MessageQueue(String),
    /// An anonymous inode: `eventfd`, `signalfd`, `timerfd`, `[eventpoll]`...
    AnonInode(String),
    /// A regular file.
    File(PathBuf),
    /// A character device (a terminal, /dev/null).
    CharDevice(PathBuf),
    /// Anything else (a directory, a memfd, a block device...).
    Other,
}

/// One open file descriptor of a process.
#[derive(Debug, Clone)]
pub struct FdEntry {
    /// The descriptor number.
    pub fd: RawFd,
    /// What the `/proc/PID/fd/N` link names, as procfs reads it.
    pub target: FDTarget,
    /// The kind of object, from the link and `stat` (and `statfs` for the
    /// mqueue filesystem).
    pub kind: FdKind,
    /// Device and inode of the object.
    pub object: ObjectId,
    /// Flags, position and extra lines from `/proc/PID/fdinfo/N`.
    pub info: FdInfo,
}

/// Classifies the object an fd refers to from its link target and `stat`
/// of the link. Pure, apart from the optional mqueue check `is_mqueue`,
/// called only for a regular file whose path has one component.
fn classify(target: &FDTarget, mode: u32, is_mqueue: impl FnOnce() -> bool) -> FdKind {
    let fmt = SFlag::from_bits_truncate(mode & SFlag::S_IFMT.bits());
    match target {
        FDTarget::Pipe(_) => FdKind::Pipe,
        FDTarget::Socket(_) => FdKind::Socket,
        FDTarget::AnonInode(name) => FdKind::AnonInode(name.clone()),
        FDTarget::Path(p) if fmt == SFlag::S_IFIFO => FdKind::Fifo(p.clone()),
        FDTarget::Path(p) if fmt == SFlag::S_IFCHR => FdKind::CharDevice(p.clone()),
        FDTarget::Path(p) if fmt == SFlag::S_IFREG => {
            let s = p.to_string_lossy();
            if s.starts_with('/') && !s[1..].contains('/') && is_mqueue() {
                FdKind::MessageQueue(s.into_owned())
            } else {
                FdKind::File(p.clone())
            }
        }
        _ => FdKind::Other,
    }
}

/// `stat` of `/proc/PID/fd/FD`, following the link to the object without
/// opening it: its identity and file type.
fn stat_fd(pid: Pid, fd: RawFd) -> Result<(ObjectId, u32, PathBuf)> {
    let path = PathBuf::from(format!("/proc/{pid}/fd/{fd}"));
    let st = stat(&path).map_err(|e| Error::io(&path, e.into(), Some(pid)))?;
    Ok((ObjectId { dev: st.st_dev, ino: st.st_ino }, st.st_mode, path))
}

/// Builds the entry of fd `fd` of `pid`, whose link target is already read.
fn entry(pid: Pid, fd: RawFd, target: FDTarget) -> Result<FdEntry> {
    let (object, mode, path) = stat_fd(pid, fd)?;
    let kind = classify(&target, mode, || statfs(&path).is_ok_and(|s| s.filesystem_type() == MQUEUE_MAGIC));
    Ok(FdEntry { fd, target, kind, object, info: fdinfo(pid, fd)? })
}

fn process(pid: Pid) -> Result<Process> {
    let path = PathBuf::from(format!("/proc/{pid}"));
    Process::new(pid.as_raw()).map_err(|e| Error::procfs(e, &path, Some(pid)))
}

/// The entry of one fd of a process.
pub fn fd_entry(pid: Pid, fd: RawFd) -> Result<FdEntry> {
    let path = PathBuf::from(format!("/proc/{pid}/fd/{fd}"));
    let info = process(pid)?.fd_from_fd(fd).map_err(|e| Error::procfs(e, &path, Some(pid)))?;
    entry(pid, fd, info.target)
}

/// Every open fd of a process, in fd order.
///
/// An fd closed while the list is read is left out (the process is running
/// or shares its fd table with a running thread); a process that exited
/// gives [`ErrorKind::Gone`].
pub fn fds(pid: Pid) -> Result<Vec<FdEntry>> {
    let dir = PathBuf::from(format!("/proc/{pid}/fd"));
    let iter = process(pid)?.fd().map_err(|e| Error::procfs(e, &dir, Some(pid)))?;
    let mut out = Vec::new();
    for info in iter {
        let info = match info {
            Ok(info) => info,
            Err(procfs::ProcError::NotFound(_)) => continue,
            Err(e) => return Err(Error::procfs(e, &dir, Some(pid))),
        };
        match entry(pid, info.fd, info.target) {
            Ok(e) => out.push(e),
            Err(e) if matches!(e.kind(), ErrorKind::NotFound) => continue,
            Err(e) => return Err(e),
        }
    }
    out.sort_by_key(|e| e.fd);
    Ok(out)
}

/// A process holding an fd on some object, and which way it can use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Holder {
    /// The process.
    pub pid: Pid,
    /// Its fd number.
    pub fd: RawFd,
    /// Read end, write end, or both.
    pub access: End,
}

/// Every (pid, fd) among `pids` that refers to `object`, with its access
/// mode: for a pipe, who holds the read ends and who the write ends.
///
/// Processes that have exited are skipped (they hold nothing any more).
/// Only `readlink`, `stat` and fdinfo reads: no pipe end is opened.
pub fn holders(pids: impl IntoIterator<Item = Pid>, object: ObjectId) -> Result<Vec<Holder>> {
    let mut out = Vec::new();
    for pid in pids {
        let dir = PathBuf::from(format!("/proc/{pid}/fd"));
        let listing = process(pid).and_then(|p| {
            p.fd()
                .map_err(|e| Error::procfs(e, &dir, Some(pid)))
                .map(|it| it.filter_map(|r| r.ok()).map(|i| i.fd).collect::<Vec<_>>())
        });
        let fds = match listing {
            Ok(fds) => fds,
            Err(e) if e.is_gone() => continue,
            Err(e) => return Err(e),
        };
        for fd in fds {
            let found = stat_fd(pid, fd)
                .and_then(|(id, _, _)| if id == object { fdinfo(pid, fd).map(|i| Some(i.access())) } else { Ok(None) });
            match found {
                Ok(Some(access)) => out.push(Holder { pid, fd, access }),
                Ok(None) => {}
                Err(e) if e.is_gone() || matches!(e.kind(), ErrorKind::NotFound) => {}
                Err(e) => return Err(e),
            }
        }
    }
    out.sort_by_key(|h| (h.pid.as_raw(), h.fd));
    Ok(out)
}

/// The identity of the object behind fd `fd` of `pid` (for [`holders`]).
pub fn object_of(pid: Pid, fd: RawFd) -> Result<ObjectId> {
    stat_fd(pid, fd).map(|(id, _, _)| id)
}

/// Path of `/proc/PID/fd/FD`, for messages.
pub(crate) fn fd_path(pid: Pid, fd: RawFd) -> PathBuf {
    Path::new("/proc").join(pid.to_string()).join("fd").join(fd.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    /// Read end of a pipe (fd 3 after `pipe`), Linux 6.18.
    const PIPE_READ_END_LINUX_6_18: &str = "pos:\t0\nflags:\t00\nmnt_id:\t16\nino:\t9226\n";
    /// Write end of the same pipe (fd 4), Linux 6.18.
    const PIPE_WRITE_END_LINUX_6_18: &str = "pos:\t0\nflags:\t01\nmnt_id:\t16\nino:\t9226\n";
    /// A POSIX message queue opened `O_RDWR|O_NONBLOCK` (glibc adds
    /// `O_CLOEXEC`), Linux 6.18: no queue numbers here.
    const MQUEUE_LINUX_6_18: &str = "pos:\t0\nflags:\t02004002\nmnt_id:\t21\nino:\t9227\n";
    /// One end of a `socketpair(AF_UNIX, SOCK_STREAM)`, Linux 6.18.
    const SOCKET_LINUX_6_18: &str = "pos:\t0\nflags:\t02\nmnt_id:\t10\nino:\t9228\nscm_fds: 0\n";
    /// An `eventfd(0, 0)`, Linux 6.18.
    const EVENTFD_LINUX_6_18: &str = "pos:\t0\nflags:\t02\nmnt_id:\t17\nino:\t1030\neventfd-count:                0\neventfd-id: 1\neventfd-semaphore: 0\n";
    /// A FIFO opened `O_RDWR` (flags include `O_LARGEFILE`), Linux 6.18.
    const FIFO_LINUX_6_18: &str = "pos:\t0\nflags:\t0100002\nmnt_id:\t27\nino:\t10027224\n";

    #[test]
    fn parses_fdinfo_of_pipe_ends_linux_6_18() {
        let r = parse_fdinfo(PIPE_READ_END_LINUX_6_18).unwrap();
        let w = parse_fdinfo(PIPE_WRITE_END_LINUX_6_18).unwrap();
        assert_eq!((r.access(), w.access()), (End::Read, End::Write));
        assert_eq!((r.ino, r.mnt_id, r.pos), (9226, 16, 0));
    }

    #[test]
    fn parses_fdinfo_flags_as_octal_linux_6_18() {
        let m = parse_fdinfo(MQUEUE_LINUX_6_18).unwrap();
        assert_eq!(m.flags, libc::O_RDWR | libc::O_NONBLOCK | libc::O_CLOEXEC);
        assert!(m.nonblocking());
        let f = parse_fdinfo(FIFO_LINUX_6_18).unwrap();
        // The kernel's O_LARGEFILE (0o100000 on x86_64; 0 in 64-bit libc).
        assert_eq!(f.flags, libc::O_RDWR | 0o100000);
    }

    #[test]
    fn keeps_extra_fdinfo_lines_linux_6_18() {
        let e = parse_fdinfo(EVENTFD_LINUX_6_18).unwrap();
        assert_eq!(
            e.extra,
            vec![
                ("eventfd-count".to_string(), "0".to_string()),
                ("eventfd-id".to_string(), "1".to_string()),
                ("eventfd-semaphore".to_string(), "0".to_string()),
            ]
        );
        let s = parse_fdinfo(SOCKET_LINUX_6_18).unwrap();
        assert_eq!(s.access(), End::Both);
        assert_eq!(s.extra, vec![("scm_fds".to_string(), "0".to_string())]);
    }

    #[test]
    fn fdinfo_without_flags_is_a_parse_error() {
        let err = parse_fdinfo("pos:\t0\nmnt_id:\t16\nino:\t9226\n").unwrap_err();
        assert!(err.reason.contains("flags"), "{err}");
    }

    #[test]
    fn classifies_link_targets() {
        let fifo = libc::S_IFIFO;
        let reg = libc::S_IFREG;
        let t = |s: &str| FDTarget::from_str(s).unwrap();
        assert_eq!(classify(&t("pipe:[9226]"), fifo, || false), FdKind::Pipe);
        assert_eq!(classify(&t("socket:[9228]"), libc::S_IFSOCK, || false), FdKind::Socket);
        assert_eq!(classify(&t("anon_inode:[eventfd]"), 0, || false), FdKind::AnonInode("[eventfd]".into()));
        assert_eq!(classify(&t("/tmp/kcap/fifo"), fifo, || false), FdKind::Fifo("/tmp/kcap/fifo".into()));
        assert_eq!(classify(&t("/ipclab-cap"), reg, || true), FdKind::MessageQueue("/ipclab-cap".into()));
        assert_eq!(classify(&t("/etc"), libc::S_IFDIR, || unreachable!()), FdKind::Other);
        assert_eq!(
            classify(&t("/tmp/x"), reg, || unreachable!("two components: not a queue")),
            FdKind::File("/tmp/x".into())
        );
    }
}
