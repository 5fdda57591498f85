//! The eight mechanisms lab 09 compares, each behind the same three calls:
//! `send` one message, `receive` one message, `close`.
//!
//! Each mechanism is set up by the parent before it forks the echo child
//! ([`Setup::create`]), which also gives every mechanism the same queue depth
//! where the kernel lets it, and says what the depth really is
//! ([`Depth`]). After the fork each process turns the setup into its own
//! [`End`]. The files beside this one hold the calls of each family:
//! - `stream.rs`: pipe, FIFO, Unix socket and TCP socket (write(2), read(2));
//! - `queue.rs`: System V and POSIX message queues;
//! - `ring.rs`: a ring of slots in shared memory, with futexes to sleep on;
//! - `file.rs`: two plain files, and inotify to wait for the writer.

mod file;
mod queue;
pub mod ring;
mod stream;

use std::fmt;
use std::path::PathBuf;

use common::{Cleanup, Result, RunDir};

/// Size of a latency message, in bytes.
pub const SMALL: usize = 64;
/// Size of a stream message, in bytes: one page.
pub const LARGE: usize = 4096;

/// The mechanisms, in the order of the course; TCP over loopback last, as a
/// reference from outside the course.
pub const ALL: [Mechanism; 8] = [
    Mechanism::Pipe,
    Mechanism::Fifo,
    Mechanism::SysvMsg,
    Mechanism::PosixMq,
    Mechanism::ShmRing,
    Mechanism::UnixSocket,
    Mechanism::File,
    Mechanism::Tcp,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mechanism {
    Pipe,
    Fifo,
    SysvMsg,
    PosixMq,
    ShmRing,
    UnixSocket,
    File,
    Tcp,
}

impl Mechanism {
    pub fn name(self) -> &'static str {
        match self {
            Mechanism::Pipe => "pipe",
            Mechanism::Fifo => "FIFO",
            Mechanism::SysvMsg => "System V msg",
            Mechanism::PosixMq => "POSIX mq",
            Mechanism::ShmRing => "shm ring",
            Mechanism::UnixSocket => "Unix socket",
            Mechanism::File => "file",
            Mechanism::Tcp => "TCP loopback",
        }
    }
}

/// How many LARGE messages a sender can have queued before its next send
/// waits for the receiver.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Depth {
    /// As the kernel states it (F_GETPIPE_SZ, msg_qbytes, mq_maxmsg).
    Stated(usize),
    /// Counted by filling the mechanism with non-blocking sends.
    Counted(usize),
    /// Nothing ever makes the sender wait (a file just grows).
    Unbounded,
}

impl fmt::Display for Depth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Depth::Stated(n) | Depth::Counted(n) => write!(f, "{n}"),
            Depth::Unbounded => write!(f, "none"),
        }
    }
}

/// Which side of the exchange a process plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Parent,
    Child,
}

/// A mechanism's objects, made by the parent before the fork.
pub enum Setup {
    Stream(stream::Setup),
    SysvMsg(queue::SysvSetup),
    PosixMq(queue::PosixSetup),
    Ring(ring::Setup),
    File(file::Setup),
}

/// One process's end of a mechanism.
pub enum End {
    Stream(stream::End),
    SysvMsg(queue::SysvEnd),
    PosixMq(queue::PosixEnd),
    Ring(ring::End),
    File(file::End),
}

impl Setup {
    /// Creates the objects of `mechanism` for trial number `trial`, with room
    /// for `depth` LARGE messages (FIFOs and files in `dir`), and a guard that
    /// removes them when the trial is over (or fails). Names carry the trial's
    /// number, so one trial never trips over what another left.
    pub fn create(mechanism: Mechanism, dir: &RunDir, trial: usize, depth: usize) -> Result<(Setup, Cleanup)> {
        Ok(match mechanism {
            Mechanism::Pipe => {
                let (setup, removal) = stream::Setup::pipes(depth)?;
                (Setup::Stream(setup), removal)
            }
            Mechanism::Fifo => {
                let (setup, removal) = stream::Setup::fifos(dir, trial, depth)?;
                (Setup::Stream(setup), removal)
            }
            Mechanism::UnixSocket => {
                let (setup, removal) = stream::Setup::unix_pair(depth)?;
                (Setup::Stream(setup), removal)
            }
            Mechanism::Tcp => {
                let (setup, removal) = stream::Setup::tcp_loopback(depth)?;
                (Setup::Stream(setup), removal)
            }
            Mechanism::SysvMsg => {
                let (setup, removal) = queue::SysvSetup::create(depth)?;
                (Setup::SysvMsg(setup), removal)
            }
            Mechanism::PosixMq => {
                let (setup, removal) = queue::PosixSetup::create(trial, depth)?;
                (Setup::PosixMq(setup), removal)
            }
            Mechanism::ShmRing => {
                let (setup, removal) = ring::Setup::create(depth)?;
                (Setup::Ring(setup), removal)
            }
            Mechanism::File => {
                let (setup, removal) = file::Setup::create(dir, trial)?;
                (Setup::File(setup), removal)
            }
        })
    }

    /// This process's end; what belongs to the other process is closed on
    /// the way. The parent's end also says how deep the mechanism is.
    pub fn into_end(self, role: Role) -> Result<(End, Depth)> {
        Ok(match self {
            Setup::Stream(s) => {
                let (end, depth) = s.into_end(role)?;
                (End::Stream(end), depth)
            }
            Setup::SysvMsg(s) => {
                let (end, depth) = s.into_end(role)?;
                (End::SysvMsg(end), depth)
            }
            Setup::PosixMq(s) => {
                let (end, depth) = s.into_end(role)?;
                (End::PosixMq(end), depth)
            }
            Setup::Ring(s) => {
                let (end, depth) = s.into_end(role)?;
                (End::Ring(end), depth)
            }
            Setup::File(s) => (End::File(s.into_end(role)?), Depth::Unbounded),
        })
    }
}

impl End {
    /// Sends one message of `message.len()` bytes; returns the system calls made.
    pub fn send(&mut self, message: &[u8]) -> Result<u64> {
        match self {
            End::Stream(end) => stream::send(end, message),
            End::SysvMsg(end) => queue::sysv_send(end, message),
            End::PosixMq(end) => queue::posix_send(end, message),
            End::Ring(end) => ring::send(&end.tx, message, ring::Patience::Forever).map(|sent| sent.calls),
            End::File(end) => file::send(end, message),
        }
    }

    /// Receives one message of exactly `buf.len()` bytes; returns the system
    /// calls made.
    pub fn receive(&mut self, buf: &mut [u8]) -> Result<u64> {
        match self {
            End::Stream(end) => stream::receive(end, buf),
            End::SysvMsg(end) => queue::sysv_receive(end, buf),
            End::PosixMq(end) => queue::posix_receive(end, buf),
            End::Ring(end) => ring::receive(&end.rx, buf),
            End::File(end) => file::receive(end, buf),
        }
    }

    /// Lets go of this end: closes descriptors, detaches memory.
    pub fn close(self) -> Result<()> {
        match self {
            End::Stream(end) => end.close(),
            End::SysvMsg(_) => Ok(()),
            End::PosixMq(end) => end.close(),
            End::Ring(end) => end.close(),
            End::File(end) => end.close(),
        }
    }
}

/// The paths of a trial's two files or FIFOs in the run's directory:
/// towards the child and towards the parent.
fn paths(dir: &RunDir, trial: usize, suffix: &str) -> [PathBuf; 2] {
    [dir.join(&format!("to_child-{trial}.{suffix}")), dir.join(&format!("to_parent-{trial}.{suffix}"))]
}
