//! Helpers shared by the lab scenarios, so that each lab's main.rs shows the IPC
//! calls and little else.
//!
//! Every lab depends on this crate (package `ipclab-labs-common`) under the
//! name `common`, so a lab reads `common::begin("01_pipe")`.
//!
//! What lives here is plumbing, never the lesson: naming the process where the
//! trace starts ([`begin`]), a panic message that names the function and line
//! ([`panic_report`]), leaving a forked child without running the parent's
//! destructors ([`exit_child`]), one-line errors ([`Context`], [`finish`]),
//! a per-run directory ([`RunDir`]) and cleanup on error paths ([`Cleanup`]).
//! The System V wrappers nix does not provide are in [`sysv`].
#![deny(unsafe_op_in_unsafe_fn)]

pub mod panic;
pub mod sysv;

pub use panic::panic_report;

use std::error::Error;
use std::ffi::CString;
use std::fmt::Display;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use nix::unistd::{Pid, getpid};

/// What the scenario functions return: any error, printed as one line by [`finish`].
pub type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// Names this process after the lab and marks where the trace of the lab begins.
///
/// Calls `prctl(PR_SET_NAME, lab)` (prctl(2)): the name shows in `ps` and in
/// `/proc/PID/comm` (the kernel keeps the first 15 bytes). ipclab's runner hides
/// every call made before this prctl (the dynamic loader and the Rust runtime
/// starting up), so the trace a student reads starts at the lab's own code. It must
/// be the first statement of every lab's `main`.
///
/// It also installs the lab's panic message ([`panic::install`]): the message,
/// the function and the line, whatever RUST_BACKTRACE says.
pub fn begin(lab: &str) {
    let _ = FIRST.set(getpid());
    if let Ok(name) = CString::new(lab) {
        // Naming is cosmetic: a failure (never seen on Linux) must not stop the lab.
        let _ = nix::sys::prctl::set_name(&name);
        panic::install(name);
    }
}

/// The lab's first process, as [`begin`] found it.
static FIRST: std::sync::OnceLock<Pid> = std::sync::OnceLock::new();

/// Whether this process is a child the lab forked (not the one that called
/// [`begin`]): such a process shares its parent's stack frames, and must
/// never unwind through them (a panic there would run the parent's
/// destructors: unlock the parent's locks, close what it holds).
pub fn forked_child() -> bool {
    FIRST.get().is_some_and(|first| *first != getpid())
}

/// Prints one line on stderr with a single write(2), so that it shows as one
/// call in the trace (eprintln! writes each piece of its format separately).
pub fn say_err(line: &str) {
    let mut text = String::with_capacity(line.len() + 1);
    text.push_str(line);
    text.push('\n');
    let _ = std::io::stderr().write_all(text.as_bytes());
}

/// Ends a forked child with `code`, after flushing what it printed.
///
/// Uses `_exit(2)` rather than returning from `main`, so the child does not run the
/// destructors of values it inherited from the parent (the parent owns them and
/// removes the kernel objects they stand for).
pub fn exit_child(code: i32) -> ! {
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    // SAFETY: _exit takes no pointers and never returns; skipping destructors and
    // atexit handlers is exactly what we want in a forked child.
    unsafe { libc::_exit(code) }
}

/// Ends a forked child: status 0 if its role succeeded, else the error on one line
/// and status 1.
pub fn child_done(result: Result<()>) -> ! {
    match result {
        Ok(()) => exit_child(0),
        Err(err) => {
            say_err(&format!("child: error: {err}"));
            exit_child(1)
        }
    }
}

/// Turns the scenario's result into the process's exit code, printing an error as
/// one line (`error: msgsnd: EINVAL: Invalid argument`) rather than a panic.
pub fn finish(result: Result<()>) -> ExitCode {
    let _ = std::io::stdout().flush();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            say_err(&format!("error: {err}"));
            ExitCode::FAILURE
        }
    }
}

/// Adds what was being done to an error, so it reads `mkfifo: EEXIST: File exists`.
pub trait Context<T> {
    /// Prefixes the error, if any, with `what`.
    fn context(self, what: &str) -> Result<T>;
}

impl<T, E: Display> Context<T> for std::result::Result<T, E> {
    fn context(self, what: &str) -> Result<T> {
        self.map_err(|err| format!("{what}: {err}").into())
    }
}

/// A name unique to this run of a lab: `/ipclab-<pid>-<suffix>`, the form POSIX
/// message queues and shared memory objects take (mq_overview(7), shm_overview(7)).
pub fn posix_name(suffix: &str) -> String {
    format!("/ipclab-{}-{suffix}", getpid())
}

/// Runs a cleanup action if the scenario ends early (an error or a panic).
///
/// The lab removes its objects itself, with the calls the lesson is about, and then
/// calls [`Cleanup::disarm`]. If the lab never gets there, dropping the guard
/// removes the object, so an error path leaves nothing in the kernel. Only the
/// process that made the guard runs it: a forked child that unwinds does not remove
/// its parent's objects.
pub struct Cleanup {
    owner: Pid,
    action: Option<Box<dyn FnOnce()>>,
}

impl Cleanup {
    /// A guard that runs `action` unless disarmed.
    pub fn new(action: impl FnOnce() + 'static) -> Self {
        Cleanup { owner: getpid(), action: Some(Box::new(action)) }
    }

    /// A guard that unlinks `path` (a FIFO, a socket file) unless disarmed.
    pub fn unlink(path: &Path) -> Self {
        let path = path.to_path_buf();
        Cleanup::new(move || {
            let _ = std::fs::remove_file(&path);
        })
    }

    /// The scenario removed the object itself: nothing left to do.
    pub fn disarm(mut self) {
        self.action = None;
    }
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        if getpid() == self.owner
            && let Some(action) = self.action.take()
        {
            action();
        }
    }
}

/// A directory of this run's own, `<tmp>/ipclab-<pid>-<lab>`, mode 0700, for
/// FIFOs, socket files and plain files: two runs of a lab never share a path.
///
/// Dropping it removes the directory only if it is empty (rmdir(2)): the lab must
/// unlink what it made, and a file it forgot stays visible (and is reported here)
/// instead of being swept away.
pub struct RunDir {
    owner: Pid,
    path: PathBuf,
}

impl RunDir {
    /// Creates the directory for this run of `lab` (e.g. "02").
    pub fn create(lab: &str) -> Result<Self> {
        use std::os::unix::fs::DirBuilderExt;
        let path = std::env::temp_dir().join(format!("ipclab-{}-{lab}", getpid()));
        std::fs::DirBuilder::new().mode(0o700).create(&path).context(&format!("create {}", path.display()))?;
        Ok(RunDir { owner: getpid(), path })
    }

    /// The path of `name` inside the run directory.
    pub fn join(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }

    /// The directory itself.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for RunDir {
    fn drop(&mut self) {
        if getpid() != self.owner {
            return;
        }
        if let Err(err) = std::fs::remove_dir(&self.path) {
            say_err(&format!("note: left behind {}: {err}", self.path.display()));
        }
    }
}
