//! The one error type of the kernel view.
//!
//! Every reader of the kernel view returns `Result<T, Error>`, and every error
//! names what was being read: a path (`/proc/1234/status`) or a call
//! (`semctl(7, GETALL)`). The tracer reads processes that may exit at any
//! moment, so "the process has gone" is an ordinary, expected outcome with its
//! own kind ([`ErrorKind::Gone`]), not a failure to report loudly.

use std::fmt;
use std::io;
use std::path::Path;

use nix::errno::Errno;
use nix::unistd::Pid;

/// Why a text from the kernel could not be understood: the line (counted
/// from 1) and what was wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Line of the text, counted from 1 (0 when the text as a whole is wrong).
    pub line: usize,
    /// What was expected and what came instead.
    pub reason: String,
}

impl ParseError {
    pub(crate) fn new(line: usize, reason: impl Into<String>) -> Self {
        ParseError { line, reason: reason.into() }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 { write!(f, "{}", self.reason) } else { write!(f, "line {}: {}", self.line, self.reason) }
    }
}

impl std::error::Error for ParseError {}

/// What went wrong, apart from where.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The process exited (or was reaped) before it could be inspected.
    Gone(Pid),
    /// The file or object does not exist (an fd that was closed, an IPC id that
    /// was removed).
    NotFound,
    /// The kernel has no System V IPC (`/proc/sysvipc` is missing: built
    /// without `CONFIG_SYSVIPC`).
    NoSysvIpc,
    /// Not allowed to read it.
    PermissionDenied,
    /// The text was there but not in the expected shape.
    Parse(ParseError),
    /// A system call failed with this errno.
    Sys(Errno),
    /// The fd is not a kind of object this reader understands (e.g. asking
    /// for queued bytes of a regular file).
    WrongKind(String),
    /// Any other I/O error.
    Io(io::Error),
}

/// An error of the kernel view: what was being read and what went wrong.
///
/// Displays as one line, e.g. `/proc/1234/status: process 1234 has exited`.
#[derive(Debug)]
pub struct Error {
    what: String,
    kind: ErrorKind,
}

impl Error {
    pub(crate) fn new(what: impl Into<String>, kind: ErrorKind) -> Self {
        Error { what: what.into(), kind }
    }

    /// The path or call that failed, e.g. `/proc/sysvipc/msg` or `semctl(7, GETALL)`.
    pub fn what(&self) -> &str {
        &self.what
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// True when the process being read has exited: an expected outcome for
    /// a tracer, to be shown as a note rather than an error.
    pub fn is_gone(&self) -> bool {
        matches!(self.kind, ErrorKind::Gone(_))
    }

    /// An I/O error on `path`, read on behalf of process `pid` when given.
    ///
    /// A missing file under `/proc/PID/` becomes [`ErrorKind::Gone`] when the
    /// whole `/proc/PID` directory has gone too (the process exited);
    /// otherwise [`ErrorKind::NotFound`].
    pub(crate) fn io(path: &Path, err: io::Error, pid: Option<Pid>) -> Self {
        let kind = match err.kind() {
            io::ErrorKind::NotFound => match pid {
                Some(pid) if !process_exists(pid) => ErrorKind::Gone(pid),
                _ => ErrorKind::NotFound,
            },
            io::ErrorKind::PermissionDenied => ErrorKind::PermissionDenied,
            _ if err.raw_os_error() == Some(libc::ESRCH) => match pid {
                Some(pid) => ErrorKind::Gone(pid),
                None => ErrorKind::Io(err),
            },
            _ => ErrorKind::Io(err),
        };
        Error::new(path.display().to_string(), kind)
    }

    /// A failed system call, described as `call` (e.g. `semctl(7, GETALL)`).
    /// `ESRCH` on a call about process `pid` becomes [`ErrorKind::Gone`].
    pub(crate) fn sys(call: impl Into<String>, errno: Errno, pid: Option<Pid>) -> Self {
        let kind = match (errno, pid) {
            (Errno::ESRCH, Some(pid)) => ErrorKind::Gone(pid),
            _ => ErrorKind::Sys(errno),
        };
        Error::new(call, kind)
    }

    /// A parse error in the text read from `path`.
    pub(crate) fn parse(path: &Path, err: ParseError) -> Self {
        Error::new(path.display().to_string(), ErrorKind::Parse(err))
    }

    /// An error from the procfs crate, read on behalf of `pid` when given;
    /// `fallback` names the file when procfs did not.
    pub(crate) fn procfs(err: procfs::ProcError, fallback: &Path, pid: Option<Pid>) -> Self {
        use procfs::ProcError;
        match err {
            ProcError::NotFound(p) => {
                Error::io(p.as_deref().unwrap_or(fallback), io::Error::from(io::ErrorKind::NotFound), pid)
            }
            ProcError::PermissionDenied(p) => {
                Error::new(p.as_deref().unwrap_or(fallback).display().to_string(), ErrorKind::PermissionDenied)
            }
            ProcError::Io(e, p) => Error::io(p.as_deref().unwrap_or(fallback), e, pid),
            ProcError::Incomplete(p) => {
                Error::parse(p.as_deref().unwrap_or(fallback), ParseError::new(0, "incomplete contents"))
            }
            other => Error::parse(fallback, ParseError::new(0, other.to_string())),
        }
    }
}

/// Whether `/proc/PID` still exists (a zombie still has one).
pub fn process_exists(pid: Pid) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Gone(pid) => write!(f, "process {pid} has exited"),
            ErrorKind::NotFound => write!(f, "not found"),
            ErrorKind::NoSysvIpc => {
                write!(f, "missing: this kernel has no System V IPC (built without CONFIG_SYSVIPC)")
            }
            ErrorKind::PermissionDenied => write!(f, "permission denied"),
            ErrorKind::Parse(e) => write!(f, "unexpected contents: {e}"),
            ErrorKind::Sys(errno) => write!(f, "{errno}"),
            ErrorKind::WrongKind(why) => write!(f, "{why}"),
            ErrorKind::Io(e) => write!(f, "{e}"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.what, self.kind)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Parse(e) => Some(e),
            ErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}

/// The result of every reader of the kernel view.
pub type Result<T> = std::result::Result<T, Error>;

/// Reads a whole /proc file into a string, naming the path (and the process,
/// when it belongs to one) in the error.
///
/// /proc files say they are empty, so `fs::read_to_string` would stat the
/// file, then read 32 bytes and double; reading into a page first takes most
/// of them (a process's status, an fd's fdinfo) in one read.
pub(crate) fn read_proc(path: &Path, pid: Option<Pid>) -> Result<String> {
    read_proc_file(path, pid, false)
}

/// [`read_proc`] for a file the kernel writes out whole at the first read
/// (a `single_open` file: `status`, `fdinfo/N`, `syscall`, `wchan`): a read
/// that does not fill the buffer got all of it, so the read that would
/// return 0 is not made. Files of many records (`maps`, `/proc/net/unix`)
/// are written a page of records at a time and need [`read_proc`].
pub(crate) fn read_proc_whole(path: &Path, pid: Option<Pid>) -> Result<String> {
    read_proc_file(path, pid, true)
}

fn read_proc_file(path: &Path, pid: Option<Pid>, whole_at_once: bool) -> Result<String> {
    use std::io::Read;
    let read = || -> io::Result<String> {
        let mut file = std::fs::File::open(path)?;
        let mut buf = vec![0u8; 4096];
        let mut used = 0;
        loop {
            if used == buf.len() {
                buf.resize(2 * buf.len(), 0);
            }
            match file.read(&mut buf[used..]) {
                Ok(0) => break,
                Ok(n) => {
                    used += n;
                    if whole_at_once && used < buf.len() {
                        break;
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        buf.truncate(used);
        String::from_utf8(buf).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    };
    read().map_err(|e| Error::io(path, e, pid))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_reads_get_files_longer_than_the_first_buffer() {
        let dir = std::env::temp_dir().join(format!("ipclab-read-proc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for len in [0, 10, 4095, 4096, 4097, 10000] {
            let path = dir.join(format!("f{len}"));
            let text: String = (0..len).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
            std::fs::write(&path, &text).unwrap();
            assert_eq!(read_proc_whole(&path, None).unwrap(), text, "{len} bytes");
            assert_eq!(read_proc(&path, None).unwrap(), text, "{len} bytes");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn whole_reads_of_a_status_file_end_where_the_file_does() {
        let text = read_proc_whole(Path::new("/proc/self/status"), None).unwrap();
        assert!(text.starts_with("Name:"), "{text}");
        assert!(text.ends_with('\n') && text.contains("\nSigBlk:"), "{text}");
    }
}
