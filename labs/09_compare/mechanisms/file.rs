//! Two plain files, one per direction (lab 08): the sender appends each
//! message with pwrite(2), the receiver reads it with pread(2) at its own
//! offset.
//!
//! Nothing in a file wakes a reader, so the receiver asks inotify (inotify(7),
//! lab 08) to tell it when its file is modified, and sleeps in read(2) on the
//! inotify descriptor when a pread finds nothing new. An event says only that
//! the file changed, not what: it may be left over from a message already
//! read, so after every wake-up the receiver looks at the file again.
//!
//! Depth: none. A file just grows; its writer never waits for the reader.

use std::os::fd::OwnedFd;

use nix::fcntl::{OFlag, open};
use nix::sys::inotify::{AddWatchFlags, InitFlags, Inotify};
use nix::sys::stat::Mode;
use nix::sys::uio::{pread, pwrite};
use nix::unistd::{close, unlink};

use super::{Role, paths};
use common::{Cleanup, Context, Result, RunDir};

/// The two files, and one inotify instance watching each (made before the
/// fork: each process keeps the one that watches the file it reads).
pub struct Setup {
    to_child: OwnedFd,
    to_parent: OwnedFd,
    child_watch: Inotify,
    parent_watch: Inotify,
}

/// One process's end: the file it reads, the file it writes, where it is in
/// each, and the inotify instance that watches the file it reads.
pub struct End {
    rx: OwnedFd,
    tx: OwnedFd,
    rx_offset: i64,
    tx_offset: i64,
    arrivals: Inotify,
}

impl Setup {
    pub fn create(dir: &RunDir, trial: usize) -> Result<(Setup, Cleanup)> {
        let paths = paths(dir, trial, "data");
        let flags = OFlag::O_RDWR | OFlag::O_CREAT | OFlag::O_EXCL;
        let mode = Mode::from_bits_truncate(0o600);
        let to_child = open(&paths[0], flags, mode).context("open")?;
        let first = Cleanup::unlink(&paths[0]);
        let to_parent = open(&paths[1], flags, mode).context("open")?;
        first.disarm();
        let watched = paths.clone();
        let removal = Cleanup::new(move || {
            for path in &watched {
                let _ = unlink(path);
            }
        });
        let watch = |path| -> Result<Inotify> {
            let inotify = Inotify::init(InitFlags::empty()).context("inotify_init1")?;
            inotify.add_watch(path, AddWatchFlags::IN_MODIFY).context("inotify_add_watch")?;
            Ok(inotify)
        };
        let child_watch = watch(&paths[0])?;
        let parent_watch = watch(&paths[1])?;
        Ok((Setup { to_child, to_parent, child_watch, parent_watch }, removal))
    }

    pub fn into_end(self, role: Role) -> Result<End> {
        let (rx, tx, arrivals, other) = if role == Role::Parent {
            (self.to_parent, self.to_child, self.parent_watch, self.child_watch)
        } else {
            (self.to_child, self.to_parent, self.child_watch, self.parent_watch)
        };
        close(OwnedFd::from(other)).context("close")?;
        Ok(End { rx, tx, rx_offset: 0, tx_offset: 0, arrivals })
    }
}

impl End {
    pub fn close(self) -> Result<()> {
        close(self.rx).context("close")?;
        close(self.tx).context("close")?;
        close(OwnedFd::from(self.arrivals)).context("close")?;
        Ok(())
    }
}

/// Sends one message: pwrite(2) at the end of what was written so far.
/// Returns the calls made.
pub fn send(end: &mut End, message: &[u8]) -> Result<u64> {
    // BEGIN SOLUTION: pwrite(2) on tx at tx_offset (+ what is already written) until the whole message is written; advance tx_offset by its length; count the calls
    let mut calls = 0;
    let mut done = 0;
    while done < message.len() {
        done += pwrite(&end.tx, &message[done..], end.tx_offset + done as i64).context("pwrite")?;
        calls += 1;
    }
    end.tx_offset += message.len() as i64;
    Ok(calls)
    // END SOLUTION
}

/// Receives one message: pread(2) at rx_offset until `buf` is full; when a
/// pread finds nothing new, sleeps in read(2) on the inotify descriptor until
/// the file changes. Returns the calls made.
pub fn receive(end: &mut End, buf: &mut [u8]) -> Result<u64> {
    // BEGIN SOLUTION: pread(2) on rx at rx_offset (+ what is already read) until buf is full; after a pread that returns 0, sleep with one read of the inotify descriptor (arrivals.read_events()) before trying again; advance rx_offset; count the calls
    let mut calls = 0;
    let mut got = 0;
    while got < buf.len() {
        let n = pread(&end.rx, &mut buf[got..], end.rx_offset + got as i64).context("pread")?;
        calls += 1;
        got += n;
        if n == 0 {
            end.arrivals.read_events().context("read (inotify)")?;
            calls += 1;
        }
    }
    end.rx_offset += buf.len() as i64;
    Ok(calls)
    // END SOLUTION
}
