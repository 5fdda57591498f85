//! Lab 01: a pipe between a parent and the child it forks.
//!
//! The parent makes a pipe, forks, and writes a message; the child reads it until
//! end of file. Each process closes the end it does not use, which is what lets
//! the reader see EOF. `lab01_pipe epipe` shows the other side of closing: writing
//! to a pipe nobody can read fails with EPIPE, or kills the writer with SIGPIPE.

#![deny(unsafe_op_in_unsafe_fn)]

use std::os::fd::OwnedFd;
use std::process::ExitCode;

use common::{Context, Result};
use nix::errno::Errno;
use nix::sys::signal::{SigHandler, Signal, signal};
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, close, fork, getpid, pipe, write};

/// What the parent sends: 23 bytes, well under PIPE_BUF (4096), so one write.
const MESSAGE: &[u8] = b"hello through the pipe\n";

fn main() -> ExitCode {
    common::begin("01_pipe");
    let result = match std::env::args().nth(1).as_deref() {
        None => exchange(),
        Some("epipe") => epipe(),
        Some(other) => Err(format!("unknown argument {other:?} (expected nothing or `epipe`)").into()),
    };
    common::finish(result)
}

/// The scenario: one pipe, one child; the parent writes, the child reads.
fn exchange() -> Result<()> {
    // pipe(2): fds[0] is the read end, fds[1] the write end.
    let (read_end, write_end) = pipe().context("pipe")?;
    // fork(2) returns twice, and each process prints the value it got: 0 in
    // the child ("you are the child", not its pid), the child's pid in the parent.
    // SAFETY: this program has a single thread, so the child may run any code.
    let returned = unsafe { libc::fork() };
    match returned {
        -1 => Err(format!("fork: {}", Errno::last()).into()),
        0 => {
            println!("child: fork() returned {returned} here; my own pid is {}", getpid());
            common::child_done(child(read_end, write_end))
        }
        child => {
            close_unused(read_end)?;
            parent_writes(write_end, MESSAGE)?;
            let code = reap(Pid::from_raw(child))?;
            println!("parent: fork() returned {returned}, the child's pid; the child exited with status {code}");
            Ok(())
        }
    }
}

/// The child's role: it only reads, so it closes the write end first.
fn child(read_end: OwnedFd, write_end: OwnedFd) -> Result<()> {
    close_unused(write_end)?;
    let received = child_reads(read_end)?;
    println!("child: received {:?}", String::from_utf8_lossy(&received));
    Ok(())
}

/// Closes a pipe end this process does not use.
fn close_unused(end: OwnedFd) -> Result<()> {
    // BEGIN SOLUTION: close this pipe end: this process does not use it (close(2))
    close(end).context("close")?;
    Ok(())
    // END SOLUTION
}

/// Reads from the pipe until end of file and returns every byte read.
fn child_reads(read_end: OwnedFd) -> Result<Vec<u8>> {
    // BEGIN SOLUTION: return every byte the parent sent, up to end of file, and let go of the read end (read(2), pipe(7))
    let mut received = Vec::new();
    let mut buf = [0u8; 64];
    loop {
        let n = nix::unistd::read(&read_end, &mut buf).context("read")?;
        if n == 0 {
            break;
        }
        received.extend_from_slice(&buf[..n]);
    }
    close(read_end).context("close")?;
    Ok(received)
    // END SOLUTION
}

/// Writes the whole message into the pipe, then closes the write end so the
/// reader sees EOF.
fn parent_writes(write_end: OwnedFd, message: &[u8]) -> Result<()> {
    // BEGIN SOLUTION: send all of `message`, then let the reader see end of file (write(2), pipe(7))
    let mut rest = message;
    while !rest.is_empty() {
        let n = write(&write_end, rest).context("write")?;
        rest = &rest[n..];
    }
    close(write_end).context("close")?;
    Ok(())
    // END SOLUTION
}

/// Waits for the child to end and returns its exit status, so no zombie is left.
fn reap(child: Pid) -> Result<i32> {
    // BEGIN SOLUTION: collect this child's exit status and return its exit code; a child that did not exit normally is an error (waitpid(2))
    match waitpid(child, None).context("waitpid")? {
        WaitStatus::Exited(_, code) => Ok(code),
        other => Err(format!("child did not exit normally: {other:?}").into()),
    }
    // END SOLUTION
}

/// Writing to a pipe whose read ends are all closed: EPIPE, or death by SIGPIPE.
fn epipe() -> Result<()> {
    let (read_end, write_end) = pipe().context("pipe")?;
    close(read_end).context("close")?;
    // The Rust runtime set SIGPIPE to "ignore" before main, so write fails instead.
    match write(&write_end, b"x") {
        Err(Errno::EPIPE) => {
            println!("write with no reader left: EPIPE (SIGPIPE is ignored in Rust programs)")
        }
        other => return Err(format!("expected EPIPE, got {other:?}").into()),
    }
    // SAFETY: this program has a single thread, so the child may run any code.
    match unsafe { fork() }.context("fork")? {
        ForkResult::Child => {
            // SAFETY: restoring the default action installs no Rust handler.
            let _ = unsafe { signal(Signal::SIGPIPE, SigHandler::SigDfl) };
            let _ = write(&write_end, b"x");
            common::exit_child(0)
        }
        ForkResult::Parent { child } => {
            close(write_end).context("close")?;
            match waitpid(child, None).context("waitpid")? {
                WaitStatus::Signaled(_, Signal::SIGPIPE, _) => {
                    println!("write with SIGPIPE at its default action: the writer was killed by SIGPIPE");
                    Ok(())
                }
                other => Err(format!("expected death by SIGPIPE, got {other:?}").into()),
            }
        }
    }
}
