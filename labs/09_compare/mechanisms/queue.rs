//! The message queues: one System V queue both ways, the direction being the
//! message type (lab 03), and two POSIX queues, one per direction (lab 03).
//! Each send and each receive is one system call and one whole message.
//!
//! Depth. A System V queue holds at most `msg_qbytes` bytes (msgctl(2),
//! IPC_SET; by default msgmnb, 16384 on Linux: four 4 KiB messages; raising
//! it above msgmnb needs CAP_SYS_RESOURCE). A POSIX queue holds at most
//! `mq_maxmsg` messages, fixed when it is created (mq_open(3); at most
//! /proc/sys/fs/mqueue/msg_max, 10 by default, without privilege). Asked for
//! more than it may have, each takes the most it is allowed, and says so.

use nix::errno::Errno;
use nix::mqueue::{MQ_OFlag, MqAttr, MqdT, mq_close, mq_getattr, mq_open, mq_receive, mq_send, mq_unlink};
use nix::sys::stat::Mode;

use super::{Depth, LARGE, Role};
use common::sysv::{self, MsqId};
use common::{self, Cleanup, Context, Result};

/// Message type of the messages towards the child; the replies have type 2.
const TO_CHILD: i64 = 1;
const TO_PARENT: i64 = 2;

pub struct SysvSetup {
    queue: MsqId,
    depth: usize,
}

/// One process's end of the System V queue: the type it sends and the type it takes.
pub struct SysvEnd {
    queue: MsqId,
    tx_type: i64,
    rx_type: i64,
}

impl SysvSetup {
    /// One private queue, its byte limit set to `depth` LARGE messages.
    pub fn create(depth: usize) -> Result<(SysvSetup, Cleanup)> {
        let queue = sysv::msgget(libc::IPC_PRIVATE, libc::IPC_CREAT | 0o600).context("msgget")?;
        let removal = Cleanup::new(move || {
            let _ = sysv::msgctl_rmid(queue);
        });
        let mut ds = sysv::msgctl_stat(queue).context("msgctl IPC_STAT")?;
        ds.msg_qbytes = (depth * LARGE) as _;
        match sysv::msgctl_set(queue, &ds) {
            // More than msgmnb needs CAP_SYS_RESOURCE: the queue keeps its
            // limit, and the depth column says so.
            Ok(()) | Err(Errno::EPERM) => {}
            Err(e) => return Err(format!("msgctl IPC_SET: {e}").into()),
        }
        let stated = sysv::msgctl_stat(queue).context("msgctl IPC_STAT")?.msg_qbytes as usize / LARGE;
        Ok((SysvSetup { queue, depth: stated }, removal))
    }

    pub fn into_end(self, role: Role) -> Result<(SysvEnd, Depth)> {
        let (tx_type, rx_type) = if role == Role::Parent { (TO_CHILD, TO_PARENT) } else { (TO_PARENT, TO_CHILD) };
        Ok((SysvEnd { queue: self.queue, tx_type, rx_type }, Depth::Stated(self.depth)))
    }
}

/// Sends one message with msgsnd(2), of the end's type. Returns the calls made.
pub fn sysv_send(end: &mut SysvEnd, message: &[u8]) -> Result<u64> {
    // BEGIN SOLUTION: one msgsnd(2) of the message with the end's tx_type (flags 0: wait while the queue is full)
    sysv::msgsnd(end.queue, end.tx_type, message, 0).context("msgsnd")?;
    Ok(1)
    // END SOLUTION
}

/// Receives one message with msgrcv(2), of the end's type. Returns the calls made.
pub fn sysv_receive(end: &mut SysvEnd, buf: &mut [u8]) -> Result<u64> {
    // BEGIN SOLUTION: one msgrcv(2) into buf for the end's rx_type (type 0 would take your own messages back); it must bring buf.len() bytes
    let (_, n) = sysv::msgrcv(end.queue, end.rx_type, buf, 0).context("msgrcv")?;
    if n != buf.len() {
        return Err(format!("msgrcv brought {n} bytes, not {}", buf.len()).into());
    }
    Ok(1)
    // END SOLUTION
}

pub struct PosixSetup {
    to_child: MqdT,
    to_parent: MqdT,
    depth: usize,
}

/// One process's end: the queue it receives from and the one it sends to.
pub struct PosixEnd {
    rx: MqdT,
    tx: MqdT,
}

impl PosixSetup {
    /// Two queues of `depth` messages of up to LARGE bytes each.
    pub fn create(trial: usize, depth: usize) -> Result<(PosixSetup, Cleanup)> {
        let names =
            [common::posix_name(&format!("09-{trial}-to-child")), common::posix_name(&format!("09-{trial}-to-parent"))];
        let flags = MQ_OFlag::O_CREAT | MQ_OFlag::O_EXCL | MQ_OFlag::O_RDWR;
        let mode = Mode::from_bits_truncate(0o600);
        let mut attr = MqAttr::new(0, depth as _, LARGE as _, 0);
        let to_child = match mq_open(names[0].as_str(), flags, mode, Some(&attr)) {
            // More than msg_max needs CAP_SYS_RESOURCE: take the most
            // allowed, and the depth column says so.
            Err(Errno::EINVAL) if depth > msg_max() => {
                attr = MqAttr::new(0, msg_max() as _, LARGE as _, 0);
                mq_open(names[0].as_str(), flags, mode, Some(&attr)).context("mq_open")?
            }
            other => other.context("mq_open")?,
        };
        let first = names[0].clone();
        let first = Cleanup::new(move || {
            let _ = mq_unlink(first.as_str());
        });
        let to_parent = mq_open(names[1].as_str(), flags, mode, Some(&attr)).context("mq_open")?;
        first.disarm();
        let removal = Cleanup::new(move || {
            for name in &names {
                let _ = mq_unlink(name.as_str());
            }
        });
        let stated = mq_getattr(&to_child).context("mq_getattr")?.maxmsg() as usize;
        Ok((PosixSetup { to_child, to_parent, depth: stated }, removal))
    }

    pub fn into_end(self, role: Role) -> Result<(PosixEnd, Depth)> {
        let end = if role == Role::Parent {
            PosixEnd { rx: self.to_parent, tx: self.to_child }
        } else {
            PosixEnd { rx: self.to_child, tx: self.to_parent }
        };
        Ok((end, Depth::Stated(self.depth)))
    }
}

/// The most messages a POSIX queue may hold without privilege
/// (/proc/sys/fs/mqueue/msg_max; 10 if it cannot be read).
fn msg_max() -> usize {
    std::fs::read_to_string("/proc/sys/fs/mqueue/msg_max").ok().and_then(|t| t.trim().parse().ok()).unwrap_or(10)
}

impl PosixEnd {
    pub fn close(self) -> Result<()> {
        mq_close(self.rx).context("mq_close")?;
        mq_close(self.tx).context("mq_close")?;
        Ok(())
    }
}

/// Sends one message with mq_send(3). Returns the calls made.
pub fn posix_send(end: &mut PosixEnd, message: &[u8]) -> Result<u64> {
    // BEGIN SOLUTION: one mq_send(3) of the message on tx, priority 0 (the C library makes it mq_timedsend)
    mq_send(&end.tx, message, 0).context("mq_send")?;
    Ok(1)
    // END SOLUTION
}

/// Receives one message with mq_receive(3). Returns the calls made.
pub fn posix_receive(end: &mut PosixEnd, buf: &mut [u8]) -> Result<u64> {
    // BEGIN SOLUTION: one mq_receive(3) on rx into a LARGE buffer (it must hold mq_msgsize bytes, or EMSGSIZE); the message must be buf.len() bytes; copy it into buf
    let mut whole = [0u8; LARGE];
    let mut priority = 0;
    let n = mq_receive(&end.rx, &mut whole, &mut priority).context("mq_receive")?;
    if n != buf.len() {
        return Err(format!("mq_receive brought {n} bytes, not {}", buf.len()).into());
    }
    buf.copy_from_slice(&whole[..n]);
    Ok(1)
    // END SOLUTION
}
