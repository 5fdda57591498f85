//! The families of calls the checks match, by number (a [`Sysno`], never
//! the name a call prints as): a check asks for "the reads of pid 1205",
//! whatever form of read the C library chose. Calls the kernel keeps only
//! for older programs (`open`, `pipe`, `unlink`...) exist on x86_64 alone.

use syscalls::Sysno;

/// Reads of a descriptor's data.
pub const READ: &[Sysno] = &[Sysno::read, Sysno::readv];
/// Writes to a descriptor.
pub const WRITE: &[Sysno] = &[Sysno::write, Sysno::writev];
/// Making a pipe.
pub const PIPE: &[Sysno] = &[
    #[cfg(target_arch = "x86_64")]
    Sysno::pipe,
    Sysno::pipe2,
];
/// Opening a file by its path.
pub const OPEN: &[Sysno] = &[
    #[cfg(target_arch = "x86_64")]
    Sysno::open,
    Sysno::openat,
];
/// Making a node in the file system (mkfifo makes one).
pub const MKNOD: &[Sysno] = &[
    #[cfg(target_arch = "x86_64")]
    Sysno::mknod,
    Sysno::mknodat,
];
/// Making a directory.
pub const MKDIR: &[Sysno] = &[
    #[cfg(target_arch = "x86_64")]
    Sysno::mkdir,
    Sysno::mkdirat,
];
/// Removing a name from the file system.
pub const UNLINK: &[Sysno] = &[
    #[cfg(target_arch = "x86_64")]
    Sysno::unlink,
    Sysno::unlinkat,
];
/// Renaming a file.
pub const RENAME: &[Sysno] = &[
    #[cfg(target_arch = "x86_64")]
    Sysno::rename,
    Sysno::renameat,
    Sysno::renameat2,
];
/// Waiting for a child to end.
pub const WAIT: &[Sysno] = &[Sysno::wait4, Sysno::waitid];
/// Operations on a System V semaphore set (glibc's semop is semtimedop).
pub const SEMOP: &[Sysno] = &[Sysno::semop, Sysno::semtimedop];
/// Accepting a connection.
pub const ACCEPT: &[Sysno] = &[Sysno::accept, Sysno::accept4];
/// Reading from a socket.
pub const RECV: &[Sysno] = &[Sysno::read, Sysno::recvfrom];
/// Running a new program.
pub const EXEC: &[Sysno] = &[Sysno::execve, Sysno::execveat];
/// Ending a thread or a process.
pub const EXIT: &[Sysno] = &[Sysno::exit, Sysno::exit_group];
/// Waiting for any signal (pause(2), which x86_64 alone keeps).
pub const PAUSE: &[Sysno] = &[
    #[cfg(target_arch = "x86_64")]
    Sysno::pause,
];
/// Sleeping for a time.
pub const SLEEP: &[Sysno] = &[Sysno::nanosleep, Sysno::clock_nanosleep];
