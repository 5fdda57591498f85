//! Lab 02: a named pipe (FIFO) between two processes that share nothing but a path.
//!
//! The coordinator makes a FIFO in a directory of this run's own, then starts a
//! reader and a writer as fresh programs (fork, then execve of this same binary
//! with a role argument): they inherit no pipe fd, only the path on their command
//! line. Each opens the FIFO by name; the first to open waits for the other.

#![deny(unsafe_op_in_unsafe_fn)]

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::ExitCode;

use common::{Cleanup, Context, Result, RunDir};
use nix::fcntl::{OFlag, open};
use nix::sys::stat::Mode;
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, execv, fork, mkfifo, unlink};

/// The lines the writer sends, one write(2) each.
const LINES: [&str; 3] = ["first line\n", "second line\n", "third line\n"];

fn main() -> ExitCode {
    common::begin("02_fifo");
    let args: Vec<String> = std::env::args().collect();
    let result = match args.get(1).map(String::as_str) {
        None => coordinate(),
        Some("reader") if args.len() == 3 => reader(Path::new(&args[2])),
        Some("writer") if args.len() == 3 => writer(Path::new(&args[2])),
        Some(_) => Err("usage: lab02_fifo [reader PATH | writer PATH]".into()),
    };
    common::finish(result)
}

/// The coordinator: makes the FIFO, starts both roles, waits for them, removes it.
fn coordinate() -> Result<()> {
    let dir = RunDir::create("02")?;
    let fifo = dir.join("channel.fifo");
    make_fifo(&fifo)?;
    let fifo_file = Cleanup::unlink(&fifo);
    let program = std::env::current_exe().context("current_exe")?;
    let reader = start_role(&program, "reader", &fifo)?;
    let writer = start_role(&program, "writer", &fifo)?;
    println!("coordinator: reader exited with status {}", wait_for(reader)?);
    println!("coordinator: writer exited with status {}", wait_for(writer)?);
    remove_fifo(&fifo)?;
    fifo_file.disarm();
    println!("coordinator: FIFO removed: {}", !fifo.exists());
    Ok(())
}

/// Creates the FIFO at `path`, readable and writable by this user only.
fn make_fifo(path: &Path) -> Result<()> {
    // BEGIN SOLUTION: create the FIFO at `path`, readable and writable by its owner only (mkfifo(3), fifo(7))
    mkfifo(path, Mode::from_bits_truncate(0o600)).context("mkfifo")?;
    Ok(())
    // END SOLUTION
}

/// The writer: opens the FIFO by its path, writes each line, closes it.
fn writer(path: &Path) -> Result<()> {
    // BEGIN SOLUTION: send each of LINES through the FIFO as its writer, then let the reader see end of file (fifo(7))
    let fifo = open(path, OFlag::O_WRONLY, Mode::empty()).context("open")?;
    for line in LINES {
        nix::unistd::write(&fifo, line.as_bytes()).context("write")?;
    }
    nix::unistd::close(fifo).context("close")?;
    Ok(())
    // END SOLUTION
}

/// The reader: opens the FIFO by its path, reads until EOF, prints each line.
fn reader(path: &Path) -> Result<()> {
    let received = reader_receives(path)?;
    for line in String::from_utf8_lossy(&received).lines() {
        println!("reader: got {line:?}");
    }
    Ok(())
}

/// Opens the FIFO for reading and returns everything read until end of file.
fn reader_receives(path: &Path) -> Result<Vec<u8>> {
    // BEGIN SOLUTION: receive everything the writer sends through the FIFO, up to end of file, as its reader (fifo(7))
    let fifo = open(path, OFlag::O_RDONLY, Mode::empty()).context("open")?;
    let mut received = Vec::new();
    let mut buf = [0u8; 128];
    loop {
        let n = nix::unistd::read(&fifo, &mut buf).context("read")?;
        if n == 0 {
            break;
        }
        received.extend_from_slice(&buf[..n]);
    }
    nix::unistd::close(fifo).context("close")?;
    Ok(received)
    // END SOLUTION
}

/// Removes the FIFO's name from the directory.
fn remove_fifo(path: &Path) -> Result<()> {
    // BEGIN SOLUTION: remove the FIFO's name from the file system (unlink(2))
    unlink(path).context("unlink")?;
    Ok(())
    // END SOLUTION
}

/// Starts this program again as `role`, knowing only the FIFO's path.
fn start_role(program: &Path, role: &str, fifo: &Path) -> Result<Pid> {
    let argv = [cstring(program)?, CString::new(role).context("role")?, cstring(fifo)?];
    // SAFETY: this program has a single thread, so the child may run any code.
    match unsafe { fork() }.context("fork")? {
        ForkResult::Child => {
            let err = execv(&argv[0], &argv).unwrap_err();
            common::child_done(Err(format!("execve: {err}").into()))
        }
        ForkResult::Parent { child } => Ok(child),
    }
}

/// Waits for one role to end and returns its exit status.
fn wait_for(child: Pid) -> Result<i32> {
    match waitpid(child, None).context("waitpid")? {
        WaitStatus::Exited(_, code) => Ok(code),
        other => Err(format!("a role did not exit normally: {other:?}").into()),
    }
}

fn cstring(path: &Path) -> Result<CString> {
    CString::new(path.as_os_str().as_bytes()).context("path")
}
