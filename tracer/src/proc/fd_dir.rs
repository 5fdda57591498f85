//! A process's descriptor table as `/proc/PID/fd` lists it, read fast: the
//! directory is opened once, its numbers listed with `getdents64`, and each
//! descriptor's link and open mode read relative to it (`readlinkat` and
//! `fstatat` spare the walk of `/proc/PID/fd` for every descriptor). The
//! kernel view reads every traced process's table this way to say who holds
//! which end of a pipe.

use std::os::fd::{AsFd, OwnedFd};

use nix::fcntl::{AtFlags, OFlag};
use nix::sys::stat::{FileStat, Mode, fstatat};
use nix::unistd::Pid;

use super::fds::{End, fdinfo};
use crate::sys;

/// A process's `/proc/PID/fd`, open.
pub struct FdDir {
    dir: OwnedFd,
}

impl FdDir {
    /// Opens `/proc/PID/fd`; None when the process is gone (or not ours to read).
    pub fn open(pid: Pid) -> Option<FdDir> {
        let path = format!("/proc/{pid}/fd");
        let dir =
            nix::fcntl::open(path.as_str(), OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC, Mode::empty());
        dir.ok().map(|dir| FdDir { dir })
    }

    /// The descriptor numbers, in order.
    ///
    /// Read with `getdents64` into a buffer that holds a few hundred
    /// entries: the kernel fills it until the next entry does not fit, so a
    /// reply that leaves room for the longest entry is the whole directory,
    /// and the read that would return 0 is not made (`std::fs::read_dir`
    /// also makes an `fstat`: five calls for a listing, here three).
    pub fn numbers(&self) -> Vec<i32> {
        /// The longest `linux_dirent64` for an fd name: 19 bytes of header,
        /// ten digits and a NUL, rounded up to 8.
        const LONGEST: usize = 32;
        let mut buf = vec![0u64; 1024];
        let size = buf.len() * 8;
        let mut fds = Vec::new();
        while let Ok(bytes) = sys::getdents64(self.dir.as_fd(), &mut buf) {
            let n = bytes.len();
            let mut at = 0;
            // linux_dirent64: ino (8), off (8), reclen (2), type (1), name.
            while at + 19 <= n {
                let reclen = u16::from_ne_bytes([bytes[at + 16], bytes[at + 17]]) as usize;
                if reclen < 19 || at + reclen > n {
                    break;
                }
                let name = &bytes[at + 19..at + reclen];
                let name = &name[..name.iter().position(|&b| b == 0).unwrap_or(name.len())];
                if let Some(fd) = std::str::from_utf8(name).ok().and_then(|t| t.parse().ok()) {
                    fds.push(fd);
                }
                at += reclen;
            }
            if n == 0 || n + LONGEST <= size {
                break;
            }
        }
        fds.sort_unstable();
        fds
    }

    /// What descriptor `fd` refers to (`pipe:[9226]`, a path), as
    /// `readlink` of `/proc/PID/fd/N` says.
    pub fn link(&self, fd: i32) -> Option<String> {
        let target = nix::fcntl::readlinkat(&self.dir, itoa::Buffer::new().format(fd)).ok()?;
        Some(target.to_string_lossy().into_owned())
    }

    /// What descriptor `fd` refers to, as `stat` through its link says
    /// (device and inode, type). None when the descriptor is gone.
    pub fn stat(&self, fd: i32) -> Option<FileStat> {
        fstatat(&self.dir, itoa::Buffer::new().format(fd), AtFlags::empty()).ok()
    }

    /// Which end a descriptor is, from the permission bits of its link:
    /// the kernel gives the link `r-x` for a descriptor opened for
    /// reading, `-wx` for writing, `rwx` for both (one `fstatat` where
    /// `fdinfo` takes an open, a read and a close). None when the
    /// descriptor is gone, or has neither bit (`O_PATH`).
    pub fn end(&self, fd: i32) -> Option<End> {
        let mode = fstatat(&self.dir, itoa::Buffer::new().format(fd), AtFlags::AT_SYMLINK_NOFOLLOW).ok()?.st_mode;
        match (mode & 0o400 != 0, mode & 0o200 != 0) {
            (true, false) => Some(End::Read),
            (false, true) => Some(End::Write),
            (true, true) => Some(End::Both),
            (false, false) => None,
        }
    }
}

/// The fd numbers of a process (no links read), in order; none when it is gone.
pub fn fd_numbers(pid: Pid) -> Vec<i32> {
    FdDir::open(pid).map(|d| d.numbers()).unwrap_or_default()
}

/// What fd `fd` of `pid` refers to, as `readlink` of `/proc/PID/fd/N` says.
pub fn fd_link(pid: Pid, fd: i32) -> Option<String> {
    std::fs::read_link(format!("/proc/{pid}/fd/{fd}")).ok().map(|p| p.to_string_lossy().into_owned())
}

/// Which end of a pipe or FIFO a descriptor is ([`FdDir::end`], or fdinfo's
/// flags for an `O_PATH` descriptor, whose link has neither bit).
pub fn end_of(pid: Pid, dir: &FdDir, fd: i32) -> End {
    dir.end(fd).or_else(|| fdinfo(pid, fd).ok().map(|i| i.access())).unwrap_or(End::Both)
}

#[cfg(test)]
mod tests {
    use std::os::fd::AsRawFd;

    use super::*;

    /// The pid of a process that has exited and been reaped.
    fn gone_pid() -> Pid {
        let mut child = std::process::Command::new("true").spawn().expect("true runs");
        let pid = Pid::from_raw(child.id() as i32);
        child.wait().unwrap();
        pid
    }

    #[test]
    fn fd_numbers_lists_every_descriptor_even_past_one_buffer() {
        // More descriptors than one getdents64 buffer holds (about 340).
        let null = std::fs::File::open("/dev/null").unwrap();
        let many: Vec<OwnedFd> = (0..700).map(|_| OwnedFd::from(null.try_clone().unwrap())).collect();
        let read_dir = || -> Vec<i32> {
            std::fs::read_dir("/proc/self/fd")
                .unwrap()
                .flatten()
                .filter_map(|e| e.file_name().to_str()?.parse().ok())
                .collect()
        };
        // Other tests of this process open and close descriptors meanwhile:
        // those listed both before and after were there all along.
        let before = read_dir();
        let listed = fd_numbers(Pid::this());
        let after = read_dir();
        let expected: Vec<i32> = before.into_iter().filter(|fd| after.contains(fd)).collect();
        // read_dir's own descriptor is in its listing, not in fd_numbers'.
        let missing: Vec<&i32> = expected.iter().filter(|fd| !listed.contains(fd)).collect();
        assert!(missing.len() <= 1, "fd_numbers missed {missing:?}");
        for fd in &many {
            assert!(listed.contains(&fd.as_raw_fd()), "fd {} not listed", fd.as_raw_fd());
        }
        assert!(listed.windows(2).all(|w| w[0] < w[1]), "in order, each once");
        assert!(fd_numbers(gone_pid()).is_empty());
    }

    #[test]
    fn end_of_tells_read_write_and_both_from_the_link() {
        let (r, w) = nix::unistd::pipe().unwrap();
        let rw = std::fs::OpenOptions::new().read(true).write(true).open("/dev/null").unwrap();
        let pid = Pid::this();
        let dir = FdDir::open(pid).unwrap();
        assert_eq!(end_of(pid, &dir, r.as_raw_fd()), End::Read);
        assert_eq!(end_of(pid, &dir, w.as_raw_fd()), End::Write);
        assert_eq!(end_of(pid, &dir, rw.as_raw_fd()), End::Both);
        let link = dir.link(r.as_raw_fd()).unwrap();
        assert!(link.starts_with("pipe:["), "{link}");
        assert_eq!(Some(link), fd_link(pid, w.as_raw_fd()), "both ends name one pipe");
        assert_eq!(dir.link(-5), None);
        assert_eq!(dir.end(1 << 20), None, "no such descriptor");
        let st = dir.stat(r.as_raw_fd()).expect("a pipe end stats");
        assert_eq!(st.st_mode & libc::S_IFMT, libc::S_IFIFO);
        let path = nix::fcntl::open("/dev/null", OFlag::O_PATH, Mode::empty()).unwrap();
        // O_PATH: neither bit on the link; fdinfo's flags say O_RDONLY.
        assert_eq!(end_of(pid, &dir, path.as_raw_fd()), End::Read);
    }
}
