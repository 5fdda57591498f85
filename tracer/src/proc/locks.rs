//! File locks, from `/proc/locks`: who holds a lock on a file, of which
//! kind, on which bytes, and who waits for one.
//!
//! ```text
//! 1: POSIX  ADVISORY  WRITE 26881 08:01:1234 0 EOF
//! 1: -> POSIX  ADVISORY  WRITE 26884 08:01:1234 0 EOF
//! 2: FLOCK  ADVISORY  WRITE 26890 00:1a:5678 0 EOF
//! 3: OFDLCK ADVISORY  READ  -1 08:01:999 0 99
//! ```
//!
//! One line per lock: a number, `->` for a process waiting to get it (under
//! the lock that blocks it), the kind (`POSIX` for `fcntl` record locks,
//! `FLOCK` for `flock`, `OFDLCK` for open file description locks, which
//! belong to no process: pid -1), `ADVISORY` or `MANDATORY`, `READ` or
//! `WRITE`, the pid, the file as `MAJOR:MINOR:INODE` (major and minor in
//! hexadecimal), and the first and last byte (`EOF`: to the end of the
//! file, however long it grows).

use super::error::{Error, ParseError, Result, read_proc};
use super::fds::{FdInfo, ObjectId};
use crate::event::Pid;
pub use crate::event::kernel::{FileLock, LockKind};

/// A lock line of /proc/locks with the file it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockLine {
    pub lock: FileLock,
    /// Major and minor number of the filesystem's device, and the inode.
    pub major: u32,
    pub minor: u32,
    pub ino: u64,
}

/// Parses the text of /proc/locks.
pub fn parse_locks(text: &str) -> std::result::Result<Vec<LockLine>, ParseError> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let bad = || ParseError::new(n + 1, format!("not a lock: {line:?}"));
        let mut words = line.split_whitespace().skip(1).peekable();
        let waiting = words.next_if_eq(&"->").is_some();
        let kind = match words.next().ok_or_else(bad)? {
            "POSIX" => LockKind::Posix,
            "FLOCK" => LockKind::Flock,
            "OFDLCK" => LockKind::Ofd,
            _ => LockKind::Other,
        };
        let _mode = words.next().ok_or_else(bad)?;
        let write = match words.next().ok_or_else(bad)? {
            "WRITE" => true,
            "READ" => false,
            // A lease being broken, or an unlock in flight: no lock to show.
            _ => continue,
        };
        let pid: i64 = words.next().and_then(|w| w.parse().ok()).ok_or_else(bad)?;
        let mut file = words.next().ok_or_else(bad)?.split(':');
        let mut hex = || file.next().and_then(|w| u32::from_str_radix(w, 16).ok());
        let (major, minor) = (hex().ok_or_else(bad)?, hex().ok_or_else(bad)?);
        let ino = file.next().and_then(|w| w.parse().ok()).ok_or_else(bad)?;
        let start = words.next().and_then(|w| w.parse().ok()).ok_or_else(bad)?;
        let end = match words.next().ok_or_else(bad)? {
            "EOF" => None,
            w => Some(w.parse().map_err(|_| bad())?),
        };
        let pid = (pid > 0).then_some(pid as Pid);
        out.push(LockLine {
            lock: FileLock { kind, write, pid, start, end, waiting, through: Vec::new() },
            major,
            minor,
            ino,
        });
    }
    Ok(out)
}

/// The locks a descriptor's open file description owns or set, from the
/// `lock:` lines of its /proc/PID/fdinfo (parsed with [`parse_fdinfo`]):
/// `lock:\t1: OFDLCK ADVISORY  WRITE -1 fe:00:1234 0 EOF`. The kernel lists
/// there the OFD and flock locks of that open file description, and the
/// POSIX locks set through it.
///
/// [`parse_fdinfo`]: super::fds::parse_fdinfo
pub fn fdinfo_locks(info: &FdInfo) -> std::result::Result<Vec<LockLine>, ParseError> {
    let text: String = info.extra.iter().filter(|(k, _)| k == "lock").map(|(_, v)| format!("{v}\n")).collect();
    parse_locks(&text)
}

/// The locks on `object` (a file's device and inode, as `stat` gives them),
/// held and waited for, in the order /proc/locks lists them.
///
/// /proc/locks names the device of the inode's filesystem, which `stat`
/// does not always give (btrfs subvolumes, overlayfs report another): when
/// no lock matches device and inode, the inode alone decides.
pub fn file_locks(object: ObjectId) -> Result<Vec<FileLock>> {
    let path = std::path::Path::new("/proc/locks");
    let text = read_proc(path, None)?;
    let lines = parse_locks(&text).map_err(|e| Error::parse(path, e))?;
    Ok(locks_on(&lines, object))
}

fn locks_on(lines: &[LockLine], object: ObjectId) -> Vec<FileLock> {
    let (major, minor) = (libc::major(object.dev), libc::minor(object.dev));
    let same_inode: Vec<&LockLine> = lines.iter().filter(|l| l.ino == object.ino).collect();
    let exact: Vec<&LockLine> = same_inode.iter().copied().filter(|l| l.major == major && l.minor == minor).collect();
    let chosen = if exact.is_empty() { same_inode } else { exact };
    chosen.into_iter().map(|l| l.lock.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two processes on one file with fcntl locks (one waiting), an flock
    /// on another, an OFD lock on a third, Linux 6.18.
    const LOCKS_LINUX_6_18: &str = "\
1: POSIX  ADVISORY  WRITE 26881 08:01:1234 0 EOF
1: -> POSIX  ADVISORY  WRITE 26884 08:01:1234 0 EOF
2: FLOCK  ADVISORY  WRITE 26890 00:1a:5678 0 EOF
3: OFDLCK ADVISORY  READ  -1 08:01:999 10 99
";

    #[test]
    fn parses_held_and_waiting_locks_linux_6_18() {
        let lines = parse_locks(LOCKS_LINUX_6_18).unwrap();
        assert_eq!(lines.len(), 4);
        let held = &lines[0];
        assert_eq!((held.major, held.minor, held.ino), (8, 1, 1234));
        assert_eq!(
            held.lock,
            FileLock {
                kind: LockKind::Posix,
                write: true,
                pid: Some(26881),
                start: 0,
                end: None,
                waiting: false,
                through: Vec::new()
            }
        );
        assert!(lines[1].lock.waiting && lines[1].lock.pid == Some(26884));
        assert_eq!((lines[2].lock.kind, lines[2].minor), (LockKind::Flock, 0x1a));
        let ofd = &lines[3].lock;
        assert_eq!((ofd.kind, ofd.write, ofd.pid, ofd.start, ofd.end), (LockKind::Ofd, false, None, 10, Some(99)));
    }

    #[test]
    fn locks_are_those_of_the_file_by_device_and_inode() {
        let lines = parse_locks(LOCKS_LINUX_6_18).unwrap();
        let dev = libc::makedev(8, 1);
        let on = locks_on(&lines, ObjectId { dev, ino: 1234 });
        assert_eq!(
            on.iter().map(|l| (l.pid, l.waiting)).collect::<Vec<_>>(),
            [(Some(26881), false), (Some(26884), true)]
        );
        assert!(locks_on(&lines, ObjectId { dev, ino: 4321 }).is_empty());
        // stat gave another device than the inode's filesystem: the inode decides.
        assert_eq!(locks_on(&lines, ObjectId { dev: libc::makedev(0, 0x30), ino: 999 }).len(), 1);
    }

    /// /proc/PID/fdinfo of a descriptor whose open file description holds
    /// an OFD write lock, Linux 6.18.
    const FDINFO_OFD_LINUX_6_18: &str = "pos:\t8\nflags:\t02102002\nmnt_id:\t24\nino:\t10043585\nlock:\t1: OFDLCK ADVISORY  WRITE -1 fe:00:10043585 0 EOF\n";

    #[test]
    fn the_locks_of_an_open_file_description_come_from_its_fdinfo_linux_6_18() {
        let info = crate::proc::fds::parse_fdinfo(FDINFO_OFD_LINUX_6_18).unwrap();
        let locks = fdinfo_locks(&info).unwrap();
        assert_eq!(locks.len(), 1);
        let l = &locks[0];
        assert_eq!((l.lock.kind, l.lock.write, l.lock.pid, l.ino), (LockKind::Ofd, true, None, 10043585));
        let none = crate::proc::fds::parse_fdinfo("pos:\t0\nflags:\t02\nmnt_id:\t24\nino:\t7\n").unwrap();
        assert!(fdinfo_locks(&none).unwrap().is_empty());
    }

    #[test]
    fn a_malformed_line_is_an_error_naming_the_line() {
        let e = parse_locks("1: POSIX ADVISORY WRITE 1 08:01:1 0 EOF\n1: POSIX ADVISORY WRITE x 08:01:1 0 EOF\n")
            .unwrap_err();
        assert_eq!(e.line, 2, "{e}");
    }

    #[test]
    fn a_lock_this_process_holds_is_read_back() {
        let dir = std::env::temp_dir().join(format!("ipclab-locks-test-{}", std::process::id()));
        std::fs::write(&dir, b"x").unwrap();
        let file = std::fs::OpenOptions::new().read(true).write(true).open(&dir).unwrap();
        std::fs::remove_file(&dir).unwrap();
        let lock = libc::flock {
            l_type: libc::F_WRLCK as i16,
            l_whence: libc::SEEK_SET as i16,
            l_start: 0,
            l_len: 0,
            l_pid: 0,
        };
        nix::fcntl::fcntl(&file, nix::fcntl::FcntlArg::F_SETLK(&lock)).expect("a write lock on our own file");
        let meta = file.metadata().unwrap();
        use std::os::unix::fs::MetadataExt;
        let locks = file_locks(ObjectId { dev: meta.dev(), ino: meta.ino() }).unwrap();
        assert_eq!(
            locks,
            [FileLock {
                kind: LockKind::Posix,
                write: true,
                pid: Some(std::process::id() as Pid),
                start: 0,
                end: None,
                waiting: false,
                through: Vec::new()
            }]
        );
    }
}
