//! Lab 03: message queues, System V first, then POSIX.
//!
//! System V: the parent creates one private queue and forks a server. Requests go
//! to the server as messages of type 1, replies come back as type 2: one queue,
//! both directions, told apart by type. A type 3 note sits at the head of the
//! queue the whole time; the server never takes it, because it asks for type 1,
//! and it is still there after the server has exited, until the queue is removed.
//!
//! POSIX: the parent creates a named queue and sends three messages with
//! different priorities; a child opens the queue by its name and receives them
//! highest priority first.

#![deny(unsafe_op_in_unsafe_fn)]

use std::ffi::c_long;
use std::process::ExitCode;

use common::sysv::{self, MsqId};
use common::{Cleanup, Context, Result};
use nix::errno::Errno;
use nix::mqueue::{MQ_OFlag, MqAttr, MqdT, mq_close, mq_open, mq_receive, mq_send, mq_unlink};
use nix::sys::stat::Mode;
use nix::sys::wait::{WaitStatus, waitpid};
use nix::unistd::{ForkResult, Pid, fork};

/// Type of the messages the client sends to the server.
const REQUEST: c_long = 1;
/// Type of the messages the server sends back.
const REPLY: c_long = 2;
/// Type of a note nobody asks for: it shows that msgrcv can skip messages.
const NOTE: c_long = 3;
/// The client's requests, in order.
const WORDS: [&str; 3] = ["ping", "hello", "queue"];

/// The POSIX messages, sent in this order, each with its priority.
const PRIORITIZED: [(&str, u32); 3] = [("low", 1), ("urgent", 9), ("normal", 5)];
/// The largest POSIX message this queue accepts.
const MQ_MSGSIZE: usize = 64;

fn main() -> ExitCode {
    common::begin("03_message_queue");
    common::finish(system_v().and_then(|()| posix()))
}

/// The System V part: one queue, requests and replies told apart by type.
fn system_v() -> Result<()> {
    let queue = create_queue()?;
    let guard = Cleanup::new(move || {
        let _ = sysv::msgctl_rmid(queue);
    });
    sysv::msgsnd(queue, NOTE, b"a note nobody asks for", 0).context("msgsnd")?;
    // SAFETY: this program has a single thread, so the child may run any code.
    match unsafe { fork() }.context("fork")? {
        ForkResult::Child => common::child_done(server(queue)),
        ForkResult::Parent { child } => {
            client(queue)?;
            wait_for(child)?;
            let left = sysv::msgctl_stat(queue).context("msgctl IPC_STAT")?.msg_qnum;
            println!("client: the server has exited; the queue still holds {left} message(s)");
            remove_queue(queue)?;
            guard.disarm();
            // Asking a removed queue's state fails (EINVAL): its id is gone.
            println!("client: queue removed: {}", sysv::msgctl_stat(queue).is_err());
            Ok(())
        }
    }
}

/// Creates a new private queue that only this user can use.
fn create_queue() -> Result<MsqId> {
    // BEGIN SOLUTION: create a new private queue that only its owner may use (msgget(2), svipc(7))
    sysv::msgget(libc::IPC_PRIVATE, libc::IPC_CREAT | 0o600).context("msgget")
    // END SOLUTION
}

/// The server: answers each request (type REQUEST) with its text in capitals
/// (type REPLY).
fn server(queue: MsqId) -> Result<()> {
    // BEGIN SOLUTION: answer each of the client's requests with its text in capitals, on the same queue, so that the client and the server never take each other's messages; a call a signal interrupts (EINTR) is made again (msgrcv(2), msgsnd(2), signal(7))
    let mut text = [0u8; 64];
    for _ in WORDS {
        // A signal may interrupt msgrcv or msgsnd, and the kernel never
        // restarts them (not even with SA_RESTART): EINTR means "again".
        let (mtype, len) = loop {
            match sysv::msgrcv(queue, REQUEST, &mut text, 0) {
                Err(Errno::EINTR) => continue,
                other => break other.context("msgrcv")?,
            }
        };
        let request = String::from_utf8_lossy(&text[..len]).into_owned();
        println!("server: got {request:?} (type {mtype})");
        let reply = request.to_uppercase();
        while let Err(e) = sysv::msgsnd(queue, REPLY, reply.as_bytes(), 0) {
            if e != Errno::EINTR {
                return Err(e).context("msgsnd");
            }
        }
    }
    Ok(())
    // END SOLUTION
}

/// The client: sends each word as a request and prints the reply.
fn client(queue: MsqId) -> Result<()> {
    // BEGIN SOLUTION: send each of WORDS as a request and print the server's reply to it; a call a signal interrupts (EINTR) is made again (msgsnd(2), msgrcv(2), signal(7))
    let mut text = [0u8; 64];
    for word in WORDS {
        while let Err(e) = sysv::msgsnd(queue, REQUEST, word.as_bytes(), 0) {
            if e != Errno::EINTR {
                return Err(e).context("msgsnd");
            }
        }
        let (mtype, len) = loop {
            match sysv::msgrcv(queue, REPLY, &mut text, 0) {
                Err(Errno::EINTR) => continue,
                other => break other.context("msgrcv")?,
            }
        };
        println!("client: reply {:?} (type {mtype})", String::from_utf8_lossy(&text[..len]));
    }
    Ok(())
    // END SOLUTION
}

/// Removes the queue, with whatever messages it still holds.
fn remove_queue(queue: MsqId) -> Result<()> {
    // BEGIN SOLUTION: remove the queue from the kernel (msgctl(2))
    sysv::msgctl_rmid(queue).context("msgctl IPC_RMID")?;
    Ok(())
    // END SOLUTION
}

/// The POSIX part: a named queue, messages received by priority.
fn posix() -> Result<()> {
    let name = common::posix_name("03");
    let queue = posix_create_and_send(&name)?;
    let unlink_name = name.clone();
    let guard = Cleanup::new(move || {
        let _ = mq_unlink(unlink_name.as_str());
    });
    // SAFETY: this program has a single thread, so the child may run any code.
    match unsafe { fork() }.context("fork")? {
        // The child knows the name (it was computed before fork), not the parent's pid.
        ForkResult::Child => common::child_done(posix_receive(&name)),
        ForkResult::Parent { child } => {
            wait_for(child)?;
            posix_remove(queue, &name)?;
            guard.disarm();
            // Opening a name that was unlinked fails (ENOENT).
            let unlinked = match mq_open(name.as_str(), MQ_OFlag::O_RDONLY, Mode::empty(), None) {
                Ok(still) => mq_close(still).map(|()| false).context("mq_close")?,
                Err(_) => true,
            };
            println!("parent: POSIX queue unlinked: {unlinked}");
            Ok(())
        }
    }
}

/// Creates the named queue (mode 0600, room for 4 messages of MQ_MSGSIZE bytes)
/// and sends PRIORITIZED into it, in order.
fn posix_create_and_send(name: &str) -> Result<MqdT> {
    // BEGIN SOLUTION: create the POSIX queue `name` (new, owner only, at most 4 messages of MQ_MSGSIZE bytes) and send each of PRIORITIZED with its priority (mq_open(3), mq_send(3), mq_overview(7))
    let attr = MqAttr::new(0, 4, MQ_MSGSIZE as _, 0);
    let flags = MQ_OFlag::O_CREAT | MQ_OFlag::O_EXCL | MQ_OFlag::O_WRONLY;
    let queue = mq_open(name, flags, Mode::from_bits_truncate(0o600), Some(&attr)).context("mq_open")?;
    for (text, priority) in PRIORITIZED {
        mq_send(&queue, text.as_bytes(), priority).context("mq_send")?;
    }
    Ok(queue)
    // END SOLUTION
}

/// The child: opens the queue by name and prints each message as it comes out.
fn posix_receive(name: &str) -> Result<()> {
    // BEGIN SOLUTION: open the existing queue `name` by its name, receive and print every message with its priority, then close it (mq_receive(3))
    let queue = mq_open(name, MQ_OFlag::O_RDONLY, Mode::empty(), None).context("mq_open")?;
    let mut text = [0u8; MQ_MSGSIZE];
    for _ in PRIORITIZED {
        let mut priority = 0;
        let len = mq_receive(&queue, &mut text, &mut priority).context("mq_receive")?;
        println!("receiver: got {:?} (priority {priority})", String::from_utf8_lossy(&text[..len]));
    }
    mq_close(queue).context("mq_close")?;
    Ok(())
    // END SOLUTION
}

/// Closes the parent's descriptor and removes the queue's name.
fn posix_remove(queue: MqdT, name: &str) -> Result<()> {
    // BEGIN SOLUTION: close this descriptor and remove the queue's name (mq_close(3), mq_unlink(3))
    mq_close(queue).context("mq_close")?;
    mq_unlink(name).context("mq_unlink")?;
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
