//! The byte streams: two pipes (lab 01), two FIFOs (lab 02), a Unix socket
//! pair (lab 07) and, as a reference, a TCP connection over loopback. They
//! all send with write(2) and receive with read(2); only the setup differs.
//!
//! Depth. A pipe's capacity is set with `fcntl(F_SETPIPE_SZ)` (pipe(7)): a
//! power of two pages, so `depth` 4 gives 16 KiB, four 4 KiB messages, and
//! `F_GETPIPE_SZ` states it. A socket's send buffer (SO_SNDBUF, socket(7))
//! counts bytes plus the kernel's bookkeeping, so the depth is counted
//! instead: the parent fills the socket with non-blocking sends
//! (MSG_DONTWAIT) until the kernel says EAGAIN, then reads it all back.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::os::fd::{AsFd, AsRawFd, OwnedFd};
use std::path::PathBuf;

use nix::errno::Errno;
use nix::fcntl::{FcntlArg, OFlag, fcntl, open};
use nix::sys::socket::{self, AddressFamily, MsgFlags, SockFlag, SockType, setsockopt, socketpair, sockopt};
use nix::sys::stat::Mode;
use nix::unistd::{close, mkfifo, pipe, read, unlink, write};

use super::{Depth, LARGE, Role};
use common::{Cleanup, Context, Result, RunDir};

/// The objects of a stream mechanism, before the fork.
pub enum Setup {
    Pipes {
        to_child: (OwnedFd, OwnedFd),
        to_parent: (OwnedFd, OwnedFd),
        depth: Depth,
    },
    Fifos {
        to_child: PathBuf,
        to_parent: PathBuf,
        depth: usize,
    },
    /// One connected pair of sockets (Unix or TCP): each process keeps one.
    Sockets {
        parent: OwnedFd,
        child: OwnedFd,
        depth: Depth,
    },
}

/// One process's end: what it reads and what it writes (`tx` None: a socket,
/// one descriptor both ways).
pub struct End {
    rx: OwnedFd,
    tx: Option<OwnedFd>,
}

impl Setup {
    /// Two pipes, each with room for `depth` LARGE messages.
    pub fn pipes(depth: usize) -> Result<(Setup, Cleanup)> {
        let to_child = pipe().context("pipe")?;
        let to_parent = pipe().context("pipe")?;
        let stated = set_pipe_depth(&to_child.1, depth)?;
        set_pipe_depth(&to_parent.1, depth)?;
        Ok((Setup::Pipes { to_child, to_parent, depth: Depth::Stated(stated) }, Cleanup::new(|| {})))
    }

    /// Two FIFOs in the run's directory; their depth is set once they are open.
    pub fn fifos(dir: &RunDir, trial: usize, depth: usize) -> Result<(Setup, Cleanup)> {
        let [to_child, to_parent] = super::paths(dir, trial, "fifo");
        let mode = Mode::from_bits_truncate(0o600);
        mkfifo(&to_child, mode).context("mkfifo")?;
        let first = Cleanup::unlink(&to_child);
        mkfifo(&to_parent, mode).context("mkfifo")?;
        first.disarm();
        let both = (to_child.clone(), to_parent.clone());
        let removal = Cleanup::new(move || {
            let _ = unlink(&both.0);
            let _ = unlink(&both.1);
        });
        Ok((Setup::Fifos { to_child, to_parent, depth }, removal))
    }

    /// A Unix stream socket pair whose send buffers hold `depth` LARGE messages.
    pub fn unix_pair(depth: usize) -> Result<(Setup, Cleanup)> {
        let (parent, child) =
            socketpair(AddressFamily::Unix, SockType::Stream, None, SockFlag::empty()).context("socketpair")?;
        // The kernel doubles the value for its bookkeeping (socket(7)): each
        // 4 KiB message costs a little more than 4 KiB of the buffer.
        for end in [&parent, &child] {
            setsockopt(end, sockopt::SndBuf, &(depth * LARGE / 2)).context("setsockopt SO_SNDBUF")?;
        }
        let counted = count_depth(&parent, &child)?;
        Ok((Setup::Sockets { parent, child, depth: Depth::Counted(counted) }, Cleanup::new(|| {})))
    }

    /// A TCP connection to itself over 127.0.0.1, with Nagle's algorithm off
    /// (TCP_NODELAY, tcp(7)) and buffers sized as the Unix socket's.
    pub fn tcp_loopback(depth: usize) -> Result<(Setup, Cleanup)> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("bind 127.0.0.1")?;
        // Set on the listener, the sizes pass to the socket accept returns.
        setsockopt(&listener, sockopt::RcvBuf, &(depth * LARGE / 2)).context("setsockopt SO_RCVBUF")?;
        setsockopt(&listener, sockopt::SndBuf, &(depth * LARGE / 2)).context("setsockopt SO_SNDBUF")?;
        let address = listener.local_addr().context("getsockname")?;
        let parent = TcpStream::connect(address).context("connect")?;
        let (child, _) = listener.accept().context("accept")?;
        drop(listener);
        for end in [&parent, &child] {
            end.set_nodelay(true).context("setsockopt TCP_NODELAY")?;
        }
        setsockopt(&parent, sockopt::SndBuf, &(depth * LARGE / 2)).context("setsockopt SO_SNDBUF")?;
        let (parent, child) = (OwnedFd::from(parent), OwnedFd::from(child));
        let counted = count_depth(&parent, &child)?;
        Ok((Setup::Sockets { parent, child, depth: Depth::Counted(counted) }, Cleanup::new(|| {})))
    }

    pub fn into_end(self, role: Role) -> Result<(End, Depth)> {
        let parent = role == Role::Parent;
        Ok(match self {
            Setup::Pipes { to_child, to_parent, depth } => {
                let (rx, tx, unused) = if parent {
                    (to_parent.0, to_child.1, [to_child.0, to_parent.1])
                } else {
                    (to_child.0, to_parent.1, [to_parent.0, to_child.1])
                };
                for fd in unused {
                    close(fd).context("close")?;
                }
                (End { rx, tx: Some(tx) }, depth)
            }
            Setup::Fifos { to_child, to_parent, depth } => {
                // Both open to_child first, so neither waits for the other forever.
                if parent {
                    let tx = open(&to_child, OFlag::O_WRONLY, Mode::empty()).context("open")?;
                    let rx = open(&to_parent, OFlag::O_RDONLY, Mode::empty()).context("open")?;
                    let stated = set_pipe_depth(&tx, depth)?;
                    set_pipe_depth(&rx, depth)?;
                    (End { rx, tx: Some(tx) }, Depth::Stated(stated))
                } else {
                    let rx = open(&to_child, OFlag::O_RDONLY, Mode::empty()).context("open")?;
                    let tx = open(&to_parent, OFlag::O_WRONLY, Mode::empty()).context("open")?;
                    (End { rx, tx: Some(tx) }, Depth::Stated(depth))
                }
            }
            Setup::Sockets { parent: parent_end, child: child_end, depth } => {
                let (mine, theirs) = if parent { (parent_end, child_end) } else { (child_end, parent_end) };
                close(theirs).context("close")?;
                (End { rx: mine, tx: None }, depth)
            }
        })
    }
}

impl End {
    pub fn close(self) -> Result<()> {
        close(self.rx).context("close")?;
        if let Some(tx) = self.tx {
            close(tx).context("close")?;
        }
        Ok(())
    }
}

/// Sends one message: write(2) until all of it is written. Returns the calls made.
pub fn send(end: &mut End, message: &[u8]) -> Result<u64> {
    // BEGIN SOLUTION: write(2) on the end's tx (a socket has only rx: one fd both ways) until the whole message is written; count the calls
    let fd = end.tx.as_ref().unwrap_or(&end.rx);
    let mut calls = 0;
    let mut rest = message;
    while !rest.is_empty() {
        rest = &rest[write(fd, rest).context("write")?..];
        calls += 1;
    }
    Ok(calls)
    // END SOLUTION
}

/// Receives one message: read(2) until `buf` is full. Returns the calls made.
pub fn receive(end: &mut End, buf: &mut [u8]) -> Result<u64> {
    // BEGIN SOLUTION: read(2) on rx until buf is full (a stream keeps no message boundaries); 0 means the other process closed its end: an error here; count the calls
    let mut calls = 0;
    let mut got = 0;
    while got < buf.len() {
        let n = read(&end.rx, &mut buf[got..]).context("read")?;
        calls += 1;
        if n == 0 {
            return Err("the other process closed its end".into());
        }
        got += n;
    }
    Ok(calls)
    // END SOLUTION
}

/// Gives the pipe of `fd` room for `depth` LARGE messages; returns how many
/// it really holds (the kernel rounds up to a power of two pages).
fn set_pipe_depth(fd: &OwnedFd, depth: usize) -> Result<usize> {
    let bytes = fcntl(fd, FcntlArg::F_SETPIPE_SZ((depth * LARGE) as i32)).context("fcntl F_SETPIPE_SZ")?;
    Ok(bytes as usize / LARGE)
}

/// Counts how many LARGE messages `tx` accepts before a send would wait: sends
/// with MSG_DONTWAIT until EAGAIN, then reads everything back from `rx`.
fn count_depth(tx: &OwnedFd, rx: &OwnedFd) -> Result<usize> {
    let message = [b'd'; LARGE];
    let mut queued = 0;
    loop {
        match socket::send(tx.as_raw_fd(), &message, MsgFlags::MSG_DONTWAIT) {
            Ok(n) => {
                queued += n;
                if n < LARGE {
                    break;
                }
            }
            Err(Errno::EAGAIN) => break,
            Err(e) => return Err(format!("send: {e}").into()),
        }
        if queued > 1024 * LARGE {
            return Err("the socket took 1024 messages without filling up".into());
        }
    }
    let mut buf = [0u8; LARGE];
    let mut left = queued;
    while left > 0 {
        let n = read(rx.as_fd(), &mut buf[..left.min(LARGE)]).context("read")?;
        if n == 0 {
            return Err("the socket was closed while counting its depth".into());
        }
        left -= n;
    }
    Ok(queued / LARGE)
}
