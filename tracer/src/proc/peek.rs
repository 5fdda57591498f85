//! Counting what sits in a pipe, socket or POSIX message queue without taking it.
//!
//! /proc does not say how many bytes wait in a pipe or how many messages in a
//! POSIX queue. The kernel tells whoever holds an fd on the object: `ioctl
//! FIONREAD` on a pipe or socket, `mq_getattr` on a queue. The tracer holds no
//! such fd, so it borrows the tracee's: `pidfd_open(pid)` then
//! `pidfd_getfd(pidfd, fd)` (Linux 5.6 and later) puts into the tracer a
//! duplicate of the tracee's fd, referring to the same open file description,
//! exactly as `dup` would within one process. After the question the
//! duplicate is closed.
//!
//! # Why this does not change the object
//!
//! - A duplicate is not an open: a pipe counts its readers and writers per
//!   open file description (when the pipe is created or a FIFO opened), not
//!   per fd, so no reader or writer is added and nobody's EOF or `SIGPIPE`
//!   moves.
//! - `FIONREAD`, `SIOCOUTQ` and `mq_getsetattr` with a NULL new attribute
//!   only read counters; no byte or message is consumed, no waiter woken.
//! - Closing the duplicate drops one reference to the open file description.
//!   It is the last reference only if the tracee closed its own fd meanwhile,
//!   which a stopped tracee cannot do: so call these while the tracee is
//!   stopped (as the tracer is right after a system call returns), and the
//!   release that would signal EOF or `SIGPIPE` to the other end is never
//!   ours. (If another thread of the same process runs and closes the fd
//!   during the call, the end lives on for the microseconds of the ioctl.)
//! - Closing runs the file's `flush` hook as the tracer: pipes and sockets
//!   have none; a POSIX queue's drops an `mq_notify` registration only when
//!   the closer is its owner, which the tracer never is; POSIX record locks
//!   released are the closer's own, and the tracer holds none.
//!
//! The one exception is [`mq_status`], which reads the queue's status line
//! and so updates the queue file's access and change times (metadata only;
//! no message moves). It is separate from [`mq_attr`] for that reason.

use std::os::fd::{AsFd, BorrowedFd, OwnedFd, RawFd};

use nix::errno::Errno;
use nix::fcntl::OFlag;
use nix::sys::stat::{Mode, SFlag, fstat};
use nix::sys::statfs::fstatfs;
use nix::unistd::Pid;

use super::error::{Error, ErrorKind, ParseError, Result};
use super::fds::{MQUEUE_MAGIC, fd_path};
use crate::sys::{self, IntIoctl};

/// A duplicate of a tracee's fd in the tracer, closed when dropped.
struct BorrowedTraceeFd {
    fd: OwnedFd,
}

/// A handle on a process, `pidfd_open(pid)`: what [`pipe_bytes`] borrows
/// descriptors through. Holding it changes nothing for the process.
pub fn pidfd_open(pid: Pid) -> Result<OwnedFd> {
    sys::pidfd_open(pid.as_raw()).map_err(|e| Error::sys(format!("pidfd_open({pid})"), e, Some(pid)))
}

impl BorrowedTraceeFd {
    /// `pidfd_open(pid)` then `pidfd_getfd(pidfd, fd)`.
    fn new(pid: Pid, fd: RawFd) -> Result<Self> {
        Self::through(pidfd_open(pid)?.as_fd(), pid, fd)
    }

    /// `pidfd_getfd(pidfd, fd)`, `pidfd` being a handle on `pid`.
    fn through(pidfd: BorrowedFd<'_>, pid: Pid, fd: RawFd) -> Result<Self> {
        let dup = sys::pidfd_getfd(pidfd, fd).map_err(|e| {
            let call = format!("pidfd_getfd({pid}, fd {fd})");
            if e == Errno::EBADF { Error::new(call, ErrorKind::NotFound) } else { Error::sys(call, e, Some(pid)) }
        })?;
        Ok(BorrowedTraceeFd { fd: dup })
    }

    /// `ioctl(fd, request, &int)` for a request that writes one int.
    fn ioctl_int(&self, request: IntIoctl, what: &str, pid: Pid, fd: RawFd) -> Result<usize> {
        let n = sys::ioctl_int(self.fd.as_fd(), request)
            .map_err(|e| Error::sys(format!("ioctl({pid}:{fd}, {what})"), e, None))?;
        Ok(n.max(0) as usize)
    }
}

/// Bytes waiting in a pipe, FIFO or socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Queued {
    /// Bytes waiting to be read at this end (`FIONREAD`). For a datagram
    /// socket: the size of the next datagram.
    pub inq: usize,
    /// For a socket, what data sent from this end and not yet read by the
    /// peer costs (`SIOCOUTQ`). For a Unix socket that is the memory charged
    /// to the sender, buffer overhead included (3 bytes show as 768), 0 once
    /// read. `None` for a pipe or FIFO, where both ends share the one buffer
    /// `inq` already counts.
    pub outq: Option<usize>,
}

/// Bytes queued in the pipe, FIFO or socket behind fd `fd` of `pid`, without
/// reading them. See the module documentation for why this leaves the object
/// as it was; call it while `pid` is stopped.
pub fn queued_bytes(pid: Pid, fd: RawFd) -> Result<Queued> {
    let dup = BorrowedTraceeFd::new(pid, fd)?;
    let st = fstat(dup.fd.as_fd()).map_err(|e| Error::sys(format!("fstat({pid}:{fd})"), e, None))?;
    let fmt = SFlag::from_bits_truncate(st.st_mode & SFlag::S_IFMT.bits());
    if fmt == SFlag::S_IFIFO {
        Ok(Queued { inq: dup.ioctl_int(IntIoctl::BytesToRead, "FIONREAD", pid, fd)?, outq: None })
    } else if fmt == SFlag::S_IFSOCK {
        Ok(Queued {
            inq: dup.ioctl_int(IntIoctl::BytesToRead, "SIOCINQ", pid, fd)?,
            outq: Some(dup.ioctl_int(IntIoctl::BytesUnsent, "SIOCOUTQ", pid, fd)?),
        })
    } else {
        Err(Error::new(
            fd_path(pid, fd).display().to_string(),
            ErrorKind::WrongKind("not a pipe, FIFO or socket".into()),
        ))
    }
}

/// Bytes in the pipe or FIFO behind fd `fd` of `pid`, known to be one,
/// through `pidfd`, a handle on `pid` kept by the caller ([`pidfd_open`]):
/// the fast path of [`queued_bytes`] for a tracer that asks after every
/// `read` and `write`. Same guarantees; call it while `pid` is stopped.
pub fn pipe_bytes(pidfd: BorrowedFd<'_>, pid: Pid, fd: RawFd) -> Result<usize> {
    BorrowedTraceeFd::through(pidfd, pid, fd)?.ioctl_int(IntIoctl::BytesToRead, "FIONREAD", pid, fd)
}

/// Whether the other side of a pipe still exists, as the kernel counts it:
/// `poll` with no wait on a borrowed duplicate of fd `fd` of `pid`.
///
/// For a read end, false once no write end is open anywhere (POLLHUP: a
/// reader gets EOF once the pipe is empty); for a write end, false once no
/// read end is (POLLERR: a writer gets SIGPIPE). The kernel counts the ends
/// of every open file description, also those no process holds (an end in
/// a Unix socket message, not yet received). `poll` with a zero timeout
/// waits for nothing and changes nothing; call it while `pid` is stopped.
pub fn pipe_other_side(pidfd: BorrowedFd<'_>, pid: Pid, fd: RawFd) -> Result<bool> {
    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
    let dup = BorrowedTraceeFd::through(pidfd, pid, fd)?;
    let mut fds = [PollFd::new(dup.fd.as_fd(), PollFlags::empty())];
    poll(&mut fds, PollTimeout::ZERO).map_err(|e| Error::sys(format!("poll({pid}:{fd})"), e, None))?;
    let revents = fds[0].revents().unwrap_or(PollFlags::empty());
    Ok(!revents.intersects(PollFlags::POLLHUP | PollFlags::POLLERR))
}

/// Attributes of a POSIX message queue, as `mq_getattr` gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MqAttr {
    /// Flags of this open queue description: `O_NONBLOCK` or 0.
    pub flags: i64,
    /// Most messages the queue can hold (`mq_maxmsg`).
    pub maxmsg: i64,
    /// Largest message, in bytes (`mq_msgsize`).
    pub msgsize: i64,
    /// Messages now in the queue (`mq_curmsgs`).
    pub curmsgs: i64,
}

/// The attributes of the POSIX message queue behind fd `fd` (an `mqd_t`) of
/// `pid`: `mq_getsetattr(dup, NULL, &attr)` on a borrowed duplicate. Reads
/// only; call it while `pid` is stopped.
pub fn mq_attr(pid: Pid, fd: RawFd) -> Result<MqAttr> {
    let dup = BorrowedTraceeFd::new(pid, fd)?;
    let attr = sys::mq_getattr(dup.fd.as_fd()).map_err(|e| {
        let call = format!("mq_getattr({pid}:{fd})");
        if e == Errno::EBADF {
            Error::new(call, ErrorKind::WrongKind("not a POSIX message queue".into()))
        } else {
            Error::sys(call, e, None)
        }
    })?;
    Ok(MqAttr { flags: attr.mq_flags, maxmsg: attr.mq_maxmsg, msgsize: attr.mq_msgsize, curmsgs: attr.mq_curmsgs })
}

/// The status line a POSIX message queue file reads as
/// (`QSIZE:8          NOTIFY:0     SIGNO:10    NOTIFY_PID:5622`).
///
/// It is what `cat /dev/mqueue/NAME` shows where the mqueue filesystem is
/// mounted. It is not in `/proc/PID/fdinfo` (that has only pos, flags,
/// mnt_id and ino for a queue).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MqStatus {
    /// Bytes of message text in the queue (`QSIZE`), all messages together.
    pub qsize: u64,
    /// How the registered `mq_notify` will notify (`NOTIFY`): 0 `SIGEV_SIGNAL`
    /// (or nothing registered), 1 `SIGEV_NONE`, 2 `SIGEV_THREAD`.
    pub notify: i32,
    /// The signal `mq_notify` will send (`SIGNO`); 0 if none.
    pub signo: i32,
    /// The process registered with `mq_notify` (`NOTIFY_PID`); `None` if none.
    pub notify_pid: Option<Pid>,
}

/// Parses a queue file's status line.
pub fn parse_mq_status(text: &str) -> std::result::Result<MqStatus, ParseError> {
    let mut fields = [None::<i64>; 4];
    const NAMES: [&str; 4] = ["QSIZE", "NOTIFY", "SIGNO", "NOTIFY_PID"];
    for word in text.split_whitespace() {
        let Some((name, value)) = word.split_once(':') else {
            return Err(ParseError::new(1, format!("unexpected {word:?}")));
        };
        if let Some(i) = NAMES.iter().position(|n| *n == name) {
            fields[i] =
                Some(value.parse().map_err(|_| ParseError::new(1, format!("{name}: {value:?} is not a number")))?);
        }
    }
    let get = |i: usize| fields[i].ok_or_else(|| ParseError::new(1, format!("no {}", NAMES[i])));
    let (qsize, notify, signo, pid) = (get(0)?, get(1)?, get(2)?, get(3)? as i32);
    Ok(MqStatus {
        qsize: qsize as u64,
        notify: notify as i32,
        signo: signo as i32,
        notify_pid: (pid != 0).then(|| Pid::from_raw(pid)),
    })
}

/// The status line of the POSIX message queue behind fd `fd` of `pid`: total
/// bytes queued and who is registered for `mq_notify`.
///
/// Read with `pread` at offset 0 on a borrowed duplicate (`pread` leaves the
/// shared file position alone). A queue the tracee opened `O_WRONLY` cannot
/// be read through its fd, so then the queue is opened afresh, read-only,
/// through `/proc/PID/fd/FD` (a new open of a queue adds no reader and
/// changes no count). Either way the kernel updates the queue file's access
/// and change times: the one trace this leaves. Call it while `pid` is
/// stopped.
pub fn mq_status(pid: Pid, fd: RawFd) -> Result<MqStatus> {
    let dup = BorrowedTraceeFd::new(pid, fd)?;
    // Only ever reopen a queue: reopening a pipe's path would add a reader.
    let fs = fstatfs(dup.fd.as_fd()).map_err(|e| Error::sys(format!("fstatfs({pid}:{fd})"), e, None))?;
    if fs.filesystem_type() != MQUEUE_MAGIC {
        return Err(Error::new(
            fd_path(pid, fd).display().to_string(),
            ErrorKind::WrongKind("not a POSIX message queue".into()),
        ));
    }
    let mut buf = [0u8; 128];
    let what = format!("pread({pid}:{fd})");
    let n = match nix::sys::uio::pread(dup.fd.as_fd(), &mut buf, 0) {
        Ok(n) => n,
        Err(Errno::EBADF) => {
            let path = fd_path(pid, fd);
            let f = nix::fcntl::open(&path, OFlag::O_RDONLY | OFlag::O_NONBLOCK | OFlag::O_CLOEXEC, Mode::empty())
                .map_err(|e| Error::io(&path, e.into(), Some(pid)))?;
            nix::sys::uio::pread(&f, &mut buf, 0).map_err(|e| Error::io(&path, e.into(), Some(pid)))?
        }
        Err(e) => return Err(Error::sys(what, e, None)),
    };
    let text = String::from_utf8_lossy(&buf[..n]);
    parse_mq_status(&text).map_err(|e| Error::new(what, ErrorKind::Parse(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Read from a queue holding 3 + 5 bytes, with `mq_notify(SIGEV_SIGNAL,
    /// SIGUSR1)` registered by pid 5622, on Linux 6.18.
    const MQ_STATUS_NOTIFY_LINUX_6_18: &str = "QSIZE:8          NOTIFY:0     SIGNO:10    NOTIFY_PID:5622  \n";
    /// The same queue before `mq_notify`, Linux 6.18.
    const MQ_STATUS_LINUX_6_18: &str = "QSIZE:8          NOTIFY:0     SIGNO:0     NOTIFY_PID:0     \n";

    #[test]
    fn parses_mq_status_with_notify_linux_6_18() {
        assert_eq!(
            parse_mq_status(MQ_STATUS_NOTIFY_LINUX_6_18).unwrap(),
            MqStatus { qsize: 8, notify: 0, signo: libc::SIGUSR1, notify_pid: Some(Pid::from_raw(5622)) }
        );
    }

    #[test]
    fn parses_mq_status_without_notify_linux_6_18() {
        let s = parse_mq_status(MQ_STATUS_LINUX_6_18).unwrap();
        assert_eq!((s.qsize, s.signo, s.notify_pid), (8, 0, None));
    }

    #[test]
    fn mq_status_missing_field_is_a_parse_error() {
        let err = parse_mq_status("QSIZE:8 NOTIFY:0").unwrap_err();
        assert!(err.reason.contains("SIGNO"), "{err}");
    }
}
