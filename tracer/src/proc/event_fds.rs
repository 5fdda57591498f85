//! Descriptors that carry events instead of bytes, as their
//! `/proc/PID/fdinfo/N` shows them: an eventfd's counter, the interest list
//! of an epoll instance, the mask of a signalfd. They are files on one
//! shared anonymous inode (`anon_inode:[eventfd]`, `[eventpoll]`,
//! `[signalfd]`), so their link names the kind, never which one: fdinfo is
//! the only place the kernel shows what they hold.
//!
//! The lines are those [`parse_fdinfo`](super::parse_fdinfo) keeps as
//! `extra`; each parser here reads them from an [`FdInfo`] (tested on text
//! from a real kernel), and each reader binds it to a descriptor.

use std::os::fd::RawFd;
use std::path::PathBuf;

use nix::unistd::Pid;

use super::error::{Error, ParseError, Result};
use super::fds::{FdInfo, fdinfo};
use super::status::SigSet;

/// An eventfd's fdinfo lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventfdInfo {
    /// The counter (`eventfd-count`, printed in hexadecimal).
    pub count: u64,
    /// `EFD_SEMAPHORE` (`eventfd-semaphore: 1`; absent before Linux 6.3).
    pub semaphore: bool,
    /// The instance's number (`eventfd-id`, since Linux 5.19).
    pub id: Option<u64>,
}

/// One line `tfd: N events: X data: Y pos:0 ino:Z sdev:W` of an epoll
/// descriptor's fdinfo: a descriptor it watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EpollWatch {
    /// The descriptor number it was added under.
    pub fd: RawFd,
    /// The events asked for, with `EPOLLERR|EPOLLHUP`, which the kernel adds.
    pub events: u32,
    /// The caller's `data`.
    pub data: u64,
    /// The watched file's inode (hexadecimal in the file).
    pub ino: u64,
    /// Its device, as the kernel encodes it internally (hexadecimal).
    pub sdev: u64,
}

fn extra<'a>(info: &'a FdInfo, name: &str) -> Option<&'a str> {
    info.extra.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

fn hex(text: &str, what: &str) -> std::result::Result<u64, ParseError> {
    u64::from_str_radix(text.trim(), 16).map_err(|_| ParseError::new(0, format!("{what}: {text:?} is not hexadecimal")))
}

/// An eventfd's counter and mode, from its fdinfo.
pub fn parse_eventfd(info: &FdInfo) -> std::result::Result<EventfdInfo, ParseError> {
    let count = extra(info, "eventfd-count").ok_or_else(|| ParseError::new(0, "no \"eventfd-count\" line"))?;
    Ok(EventfdInfo {
        count: hex(count, "eventfd-count")?,
        semaphore: extra(info, "eventfd-semaphore").is_some_and(|v| v.trim() == "1"),
        id: extra(info, "eventfd-id").and_then(|v| v.trim().parse().ok()),
    })
}

/// The interest list of an epoll instance, from its fdinfo (empty when it
/// watches nothing).
pub fn parse_epoll(info: &FdInfo) -> std::result::Result<Vec<EpollWatch>, ParseError> {
    info.extra.iter().filter(|(n, _)| n == "tfd").map(|(_, v)| parse_watch(v)).collect()
}

/// `3 events: 80000019 data: 1234  pos:0 ino:11b41f sdev:f` (what follows `tfd:`).
fn parse_watch(line: &str) -> std::result::Result<EpollWatch, ParseError> {
    let bad = || ParseError::new(0, format!("tfd: {line:?} is not `N events: X data: Y ... ino:Z sdev:W`"));
    let mut words = line.split_whitespace();
    let fd = words.next().and_then(|w| w.parse().ok()).ok_or_else(bad)?;
    let (mut events, mut data, mut ino, mut sdev) = (None, None, None, None);
    while let Some(word) = words.next() {
        // `events:` and `data:` have their value in the next word, `ino:`
        // and `sdev:` in the same one.
        match word {
            "events:" => events = words.next().map(|v| hex(v, "events")).transpose()?,
            "data:" => data = words.next().map(|v| hex(v, "data")).transpose()?,
            w => {
                if let Some(v) = w.strip_prefix("ino:") {
                    ino = Some(hex(v, "ino")?);
                } else if let Some(v) = w.strip_prefix("sdev:") {
                    sdev = Some(hex(v, "sdev")?);
                }
            }
        }
    }
    Ok(EpollWatch {
        fd,
        events: u32::try_from(events.ok_or_else(bad)?).map_err(|_| bad())?,
        data: data.ok_or_else(bad)?,
        ino: ino.ok_or_else(bad)?,
        sdev: sdev.unwrap_or(0),
    })
}

/// The signals a signalfd accepts, from its fdinfo (`sigmask`, hexadecimal).
pub fn parse_signalfd(info: &FdInfo) -> std::result::Result<SigSet, ParseError> {
    let mask = extra(info, "sigmask").ok_or_else(|| ParseError::new(0, "no \"sigmask\" line"))?;
    hex(mask, "sigmask").map(SigSet)
}

fn path(pid: Pid, fd: RawFd) -> PathBuf {
    PathBuf::from(format!("/proc/{pid}/fdinfo/{fd}"))
}

/// The counter of eventfd `fd` of `pid`.
pub fn eventfd(pid: Pid, fd: RawFd) -> Result<EventfdInfo> {
    parse_eventfd(&fdinfo(pid, fd)?).map_err(|e| Error::parse(&path(pid, fd), e))
}

/// The interest list of epoll descriptor `fd` of `pid`.
pub fn epoll(pid: Pid, fd: RawFd) -> Result<Vec<EpollWatch>> {
    parse_epoll(&fdinfo(pid, fd)?).map_err(|e| Error::parse(&path(pid, fd), e))
}

/// The mask of signalfd `fd` of `pid`.
pub fn signalfd(pid: Pid, fd: RawFd) -> Result<SigSet> {
    parse_signalfd(&fdinfo(pid, fd)?).map_err(|e| Error::parse(&path(pid, fd), e))
}

#[cfg(test)]
mod tests {
    use super::super::fds::parse_fdinfo;
    use super::*;

    /// An eventfd made with initval 3 (`EFD_CLOEXEC|EFD_NONBLOCK`), after a
    /// write of 5, Linux 6.18: the count is hexadecimal.
    const EVENTFD_LINUX_6_18: &str = "pos:\t0\nflags:\t02004002\nmnt_id:\t17\nino:\t1038\neventfd-count:                8\neventfd-id: 1\neventfd-semaphore: 0\n";
    /// The same with 26 in it.
    const EVENTFD_26_LINUX_6_18: &str = "pos:\t0\nflags:\t02\nmnt_id:\t17\nino:\t1038\neventfd-count:               1a\neventfd-id: 4\neventfd-semaphore: 1\n";
    /// An epoll instance watching a pipe's read end (fd 3, EPOLLIN|EPOLLET,
    /// data 0x1234), an eventfd (fd 5, EPOLLIN) and a signalfd (fd 6,
    /// EPOLLIN|EPOLLRDHUP|EPOLLONESHOT), Linux 6.18.
    const EPOLL_LINUX_6_18: &str = "pos:\t0\nflags:\t02\nmnt_id:\t17\nino:\t1038\n\
tfd:        3 events: 80000019 data:             1234  pos:0 ino:11b41f sdev:f\n\
tfd:        5 events:       19 data:                5  pos:0 ino:40e sdev:10\n\
tfd:        6 events: 40002019 data:                5  pos:0 ino:40e sdev:10\n";
    /// A signalfd for SIGUSR1 and SIGCHLD, Linux 6.18.
    const SIGNALFD_LINUX_6_18: &str =
        "pos:\t0\nflags:\t02000002\nmnt_id:\t17\nino:\t1038\nsigmask:\t0000000000010200\n";

    #[test]
    fn reads_an_eventfds_counter_in_hexadecimal_linux_6_18() {
        let e = parse_eventfd(&parse_fdinfo(EVENTFD_LINUX_6_18).unwrap()).unwrap();
        assert_eq!(e, EventfdInfo { count: 8, semaphore: false, id: Some(1) });
        let e = parse_eventfd(&parse_fdinfo(EVENTFD_26_LINUX_6_18).unwrap()).unwrap();
        assert_eq!(e, EventfdInfo { count: 26, semaphore: true, id: Some(4) });
    }

    #[test]
    fn reads_an_epoll_interest_list_linux_6_18() {
        let w = parse_epoll(&parse_fdinfo(EPOLL_LINUX_6_18).unwrap()).unwrap();
        assert_eq!(w.len(), 3);
        assert_eq!(w[0], EpollWatch { fd: 3, events: 0x8000_0019, data: 0x1234, ino: 0x11b41f, sdev: 0xf });
        assert_eq!((w[1].fd, w[1].events, w[1].data, w[1].ino), (5, 0x19, 5, 0x40e));
        assert_eq!(w[2].events, (libc::EPOLLIN | libc::EPOLLRDHUP | libc::EPOLLONESHOT) as u32 | 0x18);
    }

    #[test]
    fn an_epoll_instance_watching_nothing_has_an_empty_list() {
        let info = parse_fdinfo("pos:\t0\nflags:\t02\nmnt_id:\t17\nino:\t1038\n").unwrap();
        assert_eq!(parse_epoll(&info).unwrap(), vec![]);
    }

    #[test]
    fn reads_a_signalfds_mask_linux_6_18() {
        let m = parse_signalfd(&parse_fdinfo(SIGNALFD_LINUX_6_18).unwrap()).unwrap();
        assert_eq!(m.numbers().collect::<Vec<_>>(), vec![libc::SIGUSR1, libc::SIGCHLD]);
    }

    #[test]
    fn fdinfo_of_another_kind_is_a_parse_error_naming_the_missing_line() {
        let pipe = parse_fdinfo("pos:\t0\nflags:\t00\nmnt_id:\t16\nino:\t9226\n").unwrap();
        assert!(parse_eventfd(&pipe).unwrap_err().reason.contains("eventfd-count"));
        assert!(parse_signalfd(&pipe).unwrap_err().reason.contains("sigmask"));
        let broken = parse_fdinfo("pos:\t0\nflags:\t02\nmnt_id:\t17\nino:\t1\ntfd: x events: 1\n").unwrap();
        assert!(parse_epoll(&broken).is_err());
    }
}
