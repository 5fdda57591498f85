//! Lab 07: Unix domain sockets.
//!
//! First a socketpair: two connected sockets, one kept by the parent and one by
//! the child, and unlike a pipe both ends can send and receive. Then a server
//! bound to a path: the parent binds and listens, a child connects by that path
//! and makes three writes; the server reads them after the client has finished
//! and gets all three in one read, because a stream socket keeps no message
//! boundaries. Closing the server does not remove its socket file: binding again
//! fails with EADDRINUSE until the file is unlinked.

#![deny(unsafe_op_in_unsafe_fn)]

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::path::Path;
use std::process::ExitCode;

use common::{Cleanup, Context, Result, RunDir};
use nix::errno::Errno;
use nix::sys::socket::{
    AddressFamily, Backlog, SockFlag, SockType, UnixAddr, accept, bind, connect, listen, socket, socketpair,
};
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, close, fork, read, unlink, write};

/// What the client sends, one write(2) each.
const PARTS: [&str; 3] = ["one", "two", "three"];

fn main() -> ExitCode {
    common::begin("07_socket");
    common::finish(pair().and_then(|()| server_and_client()))
}

/// Part 1: a connected pair of sockets, talking both ways.
fn pair() -> Result<()> {
    let (parent_end, child_end) =
        socketpair(AddressFamily::Unix, SockType::Stream, None, SockFlag::empty()).context("socketpair")?;
    // SAFETY: this program has a single thread, so the child may run any code.
    match unsafe { fork() }.context("fork")? {
        ForkResult::Child => common::child_done(pair_child(parent_end, child_end)),
        ForkResult::Parent { child } => {
            pair_parent(parent_end, child_end)?;
            wait_for(child)
        }
    }
}

/// The child's side of the pair: receives "ping", answers "pong".
fn pair_child(parent_end: OwnedFd, child_end: OwnedFd) -> Result<()> {
    // BEGIN SOLUTION: answer the parent's request with `pong` on this process's own end of the pair, and close the end it does not use; a read may return part of a message: read until all 4 bytes are in (socketpair(2), unix(7), read(2))
    close(parent_end).context("close")?;
    let mut buf = [0u8; 4];
    let mut got = 0;
    // A stream socket keeps no message boundaries: one read may return
    // part of "ping", so read until its 4 bytes are in.
    while got < buf.len() {
        let n = read(&child_end, &mut buf[got..]).context("read")?;
        if n == 0 {
            return Err("the parent closed its end before sending all of ping".into());
        }
        got += n;
    }
    println!("child: got {:?} on its end of the pair", String::from_utf8_lossy(&buf));
    write(&child_end, b"pong").context("write")?;
    close(child_end).context("close")?;
    Ok(())
    // END SOLUTION
}

/// The parent's side of the pair: sends "ping", prints the answer.
fn pair_parent(parent_end: OwnedFd, child_end: OwnedFd) -> Result<()> {
    // BEGIN SOLUTION: send `ping` to the child and print its answer, on this process's own end of the pair, and close the end it does not use; a read may return part of the answer: read until all 4 bytes are in (socketpair(2), read(2))
    close(child_end).context("close")?;
    write(&parent_end, b"ping").context("write")?;
    let mut buf = [0u8; 4];
    let mut got = 0;
    while got < buf.len() {
        let n = read(&parent_end, &mut buf[got..]).context("read")?;
        if n == 0 {
            return Err("the child closed its end before answering with all of pong".into());
        }
        got += n;
    }
    println!("parent: got {:?} back on the same socket", String::from_utf8_lossy(&buf));
    close(parent_end).context("close")?;
    Ok(())
    // END SOLUTION
}

/// Part 2: a server on a path, a client that knows only the path.
fn server_and_client() -> Result<()> {
    let dir = RunDir::create("07")?;
    let path = dir.join("server.sock");
    let listener = serve_on(&path)?;
    let socket_file = Cleanup::unlink(&path);
    // SAFETY: this program has a single thread, so the child may run any code.
    let client = match unsafe { fork() }.context("fork")? {
        ForkResult::Child => common::child_done(client_sends(&path)),
        ForkResult::Parent { child } => child,
    };
    let connection = accept_one(&listener)?;
    // Let the client make all its writes and exit before reading anything.
    wait_for(client)?;
    let (reads, data) = read_all(connection)?;
    println!(
        "server: the client made {} writes; they arrived in {reads} read(s): {:?}",
        PARTS.len(),
        String::from_utf8_lossy(&data)
    );
    close(listener).context("close")?;
    println!("server: listening socket closed; socket file still there: {}", path.exists());
    let probe = socket(AddressFamily::Unix, SockType::Stream, SockFlag::empty(), None).context("socket")?;
    match bind(probe.as_raw_fd(), &UnixAddr::new(&path).context("socket path")?) {
        Err(Errno::EADDRINUSE) => println!("server: binding a new socket to that path: EADDRINUSE"),
        other => return Err(format!("expected EADDRINUSE, got {other:?}").into()),
    }
    close(probe).context("close")?;
    remove_socket_file(&path)?;
    socket_file.disarm();
    println!("server: socket file unlinked: {}", !path.exists());
    Ok(())
}

/// Makes a stream socket, binds it to `path` and listens on it.
fn serve_on(path: &Path) -> Result<OwnedFd> {
    // BEGIN SOLUTION: make a Unix stream socket that clients can connect to at `path` (socket(2), bind(2), listen(2), unix(7))
    let listener = socket(AddressFamily::Unix, SockType::Stream, SockFlag::empty(), None).context("socket")?;
    bind(listener.as_raw_fd(), &UnixAddr::new(path).context("socket path")?).context("bind")?;
    listen(&listener, Backlog::new(1).context("backlog")?).context("listen")?;
    Ok(listener)
    // END SOLUTION
}

/// The client: connects to `path` and writes each of PARTS separately.
fn client_sends(path: &Path) -> Result<()> {
    // BEGIN SOLUTION: connect to the server at `path` and send each of PARTS with its own write, then close the connection (connect(2))
    let sock = socket(AddressFamily::Unix, SockType::Stream, SockFlag::empty(), None).context("socket")?;
    connect(sock.as_raw_fd(), &UnixAddr::new(path).context("socket path")?).context("connect")?;
    for part in PARTS {
        write(&sock, part.as_bytes()).context("write")?;
    }
    close(sock).context("close")?;
    Ok(())
    // END SOLUTION
}

/// Accepts one connection on the listening socket.
fn accept_one(listener: &OwnedFd) -> Result<OwnedFd> {
    // BEGIN SOLUTION: take one client's connection from the listening socket (accept(2))
    let fd = accept(listener.as_raw_fd()).context("accept")?;
    // SAFETY: accept just returned this fd, and nothing else owns it.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
    // END SOLUTION
}

/// Reads from the connection until end of file; returns how many reads returned
/// data, and the data.
fn read_all(connection: OwnedFd) -> Result<(usize, Vec<u8>)> {
    // BEGIN SOLUTION: read everything the client sent, up to end of file, and count the reads that returned data (read(2))
    let mut data = Vec::new();
    let mut reads = 0;
    let mut buf = [0u8; 64];
    loop {
        let n = read(&connection, &mut buf).context("read")?;
        if n == 0 {
            break;
        }
        reads += 1;
        data.extend_from_slice(&buf[..n]);
    }
    close(connection).context("close")?;
    Ok((reads, data))
    // END SOLUTION
}

/// Removes the socket file, so the path can be bound again.
fn remove_socket_file(path: &Path) -> Result<()> {
    // BEGIN SOLUTION: remove the socket file at `path` (unlink(2))
    unlink(path).context("unlink")?;
    Ok(())
    // END SOLUTION
}

/// Waits for a child and checks that it succeeded.
fn wait_for(child: Pid) -> Result<()> {
    match waitpid(child, None).context("waitpid")? {
        WaitStatus::Exited(_, 0) => Ok(()),
        other => Err(format!("child failed: {other:?}").into()),
    }
}
