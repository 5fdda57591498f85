//! Descriptors passed in Unix socket messages (SCM_RIGHTS, unix(7)).
//!
//! A `sendmsg` whose control data carries descriptors puts, with its bytes,
//! a reference to each open file (a pipe end, a socket, a file) into the
//! receiving socket's queue. The kernel keeps each one open there, held by
//! no process, until a `recvmsg` installs it in the receiver under the
//! lowest free number of the receiver's table; or the receiver's control
//! buffer has no room for it (`MSG_CTRUNC`), or the message is consumed by
//! a call that takes no control data (`read`), or the receiving socket is
//! closed with the message unread: then the kernel closes it.
//!
//! /proc lists no such queue: what is in flight is taken from the calls,
//! each of which the kernel carried out whole or refused. [`InFlight`] keeps
//! it (pure bookkeeping, tested alone); the handlers below read the control
//! data of each call from the tracee's memory (so a call a filter hides is
//! followed too) and say what happened, and a pipe whose end is in flight
//! is not declared closed while the kernel still counts that end.

use syscalls::Sysno;

use super::{KernelView, nix_pid};
use crate::decode::{Reader, Syscall, Value, mmsghdrs_in, mmsghdrs_out, msghdr_in, msghdr_out};
use crate::event::Pid;
use crate::event::kernel::{End, FdHolder, Handed, InFlightEnd, KernelEvent, ObjectKind, PassStep, Passage, PassedFd};
use crate::proc::fd_dir::{FdDir, end_of, fd_link};
use crate::proc::unix_diag;
use crate::ptrace::{ProcessMemory, TaskRef};

/// The calls that send or receive descriptors, which the view must see
/// even when a filter hides them.
pub(super) const CALLS: [Sysno; 4] = [Sysno::sendmsg, Sysno::sendmmsg, Sysno::recvmsg, Sysno::recvmmsg];

/// One descriptor in an unread message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Item {
    /// The object of the run it refers to, if the run follows it.
    pub object: Option<usize>,
    /// Its link as the sender's /proc/PID/fd named it.
    pub link: String,
    pub end: End,
    /// The sender and the number it sent.
    pub from: FdHolder,
}

/// One message carrying descriptors, sent and not yet received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Message {
    /// The socket whose receive queue holds it.
    pub queue: u64,
    pub items: Vec<Item>,
}

/// The messages carrying descriptors that sit unread in the run's sockets,
/// oldest first.
#[derive(Debug, Default)]
pub(super) struct InFlight {
    messages: Vec<Message>,
}

impl InFlight {
    /// A message sent into `queue`.
    pub fn sent(&mut self, message: Message) {
        if !message.items.is_empty() {
            self.messages.push(message);
        }
    }

    /// Takes the oldest message waiting in `queue`: a stream socket hands
    /// over a message's descriptors with its first byte read, and a
    /// datagram socket whole messages, in the order they were sent.
    pub fn take(&mut self, queue: u64) -> Option<Message> {
        let at = self.messages.iter().position(|m| m.queue == queue)?;
        Some(self.messages.remove(at))
    }

    /// Takes every message still in `queue` (its socket was closed).
    pub fn take_all(&mut self, queue: u64) -> Vec<Message> {
        let (gone, kept) = std::mem::take(&mut self.messages).into_iter().partition(|m| m.queue == queue);
        self.messages = kept;
        gone
    }

    /// Forgets the ends `end` of object `object`: the kernel closed them.
    pub fn forget(&mut self, object: usize, end: End) {
        for m in &mut self.messages {
            m.items.retain(|i| !(i.object == Some(object) && i.end == end));
        }
        self.messages.retain(|m| !m.items.is_empty());
    }

    /// Whether anything is in flight at all (most runs: nothing).
    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }

    /// The ends of object `object` in flight, with their queue and sender.
    pub fn ends_of(&self, object: usize) -> Vec<InFlightEnd> {
        self.messages
            .iter()
            .flat_map(|m| {
                m.items.iter().filter(move |i| i.object == Some(object)).map(move |i| InFlightEnd {
                    end: i.end,
                    queue: m.queue,
                    from: i.from,
                })
            })
            .collect()
    }
}

/// The descriptors of the SCM_RIGHTS control messages of a decoded message
/// header, in order.
pub(super) fn rights(msghdr: &Value) -> Vec<i32> {
    let Some(Value::Array { items, .. }) = msghdr.field("msg_control") else { return Vec::new() };
    items
        .iter()
        .filter(|c| c.field("cmsg_level").and_then(Value::as_i64) == Some(libc::SOL_SOCKET as i64))
        .filter(|c| c.field("cmsg_type").and_then(Value::as_i64) == Some(libc::SCM_RIGHTS as i64))
        .flat_map(|c| match c.field("cmsg_data") {
            Some(Value::Array { items, .. }) => items.iter().filter_map(Value::as_i64).map(|fd| fd as i32).collect(),
            _ => Vec::new(),
        })
        .collect()
}

/// Whether the kernel set MSG_CTRUNC in a received message header.
pub(super) fn truncated(msghdr: &Value) -> bool {
    msghdr.field("msg_flags").and_then(Value::as_i64).is_some_and(|f| f & libc::MSG_CTRUNC as i64 != 0)
}

/// The message headers of a sendmsg/recvmsg/sendmmsg/recvmmsg that
/// succeeded, read from the caller's memory.
fn headers(task: TaskRef, sysno: Sysno, call: &Syscall) -> Vec<Value> {
    let mem = ProcessMemory::new(task.tid);
    let r = Reader::new(&mem, 0);
    let a = &call.raw.args;
    let ret = call.ret.unwrap_or(-1);
    match sysno {
        Sysno::sendmsg => vec![msghdr_in(&r, a[1], a)],
        Sysno::recvmsg => vec![msghdr_out(&r, a[1], a, ret)],
        Sysno::sendmmsg | Sysno::recvmmsg => {
            // Only the first `ret` messages went through.
            let all = if sysno == Sysno::sendmmsg { mmsghdrs_in(&r, a[1], a) } else { mmsghdrs_out(&r, a[1], a, ret) };
            match all {
                Value::Array { items, .. } => {
                    items.into_iter().take(ret.max(0) as usize).filter_map(|m| m.field("msg_hdr").cloned()).collect()
                }
                _ => Vec::new(),
            }
        }
        _ => Vec::new(),
    }
}

impl KernelView {
    /// After a call that sends or receives on a socket: descriptors it put
    /// in flight, or took out.
    pub(super) fn passing_exit(&mut self, task: TaskRef, sysno: Sysno, call: &Syscall, out: &mut Vec<KernelEvent>) {
        match sysno {
            Sysno::sendmsg | Sysno::sendmmsg => {
                for h in headers(task, sysno, call) {
                    self.on_sent(task.pid, call.raw.args[0] as i32, &rights(&h), out);
                }
            }
            Sysno::recvmsg | Sysno::recvmmsg => {
                // A peek leaves the message in the queue: what it installed
                // are extra copies.
                if call.raw.args[if sysno == Sysno::recvmsg { 2 } else { 3 }] & libc::MSG_PEEK as u64 != 0 {
                    return;
                }
                for h in headers(task, sysno, call) {
                    let (fd, name) = (call.raw.args[0] as i32, sysno.name());
                    self.on_received(task.pid, fd, &rights(&h), truncated(&h), name, out);
                }
            }
            _ => {}
        }
    }

    /// The socket inode behind fd `fd` of `pid`.
    fn socket_ino(pid: Pid, fd: i32) -> Option<u64> {
        let link = fd_link(nix_pid(pid), fd)?;
        link.strip_prefix("socket:[")?.strip_suffix(']')?.parse().ok()
    }

    /// `pid` sent `fds` on its socket `sock`: they wait in the peer's queue.
    fn on_sent(&mut self, pid: Pid, sock: i32, fds: &[i32], out: &mut Vec<KernelEvent>) {
        if fds.is_empty() {
            return;
        }
        let Some(ino) = Self::socket_ino(pid, sock) else { return };
        // The receiving socket: the peer of a connected one. (A datagram
        // sent to an address names its receiver by path: not followed.)
        let Some(queue) = unix_diag(ino).ok().and_then(|d| d.peer) else { return };
        let dir = FdDir::open(nix_pid(pid));
        let mut items = Vec::new();
        for &fd in fds {
            let Some(link) = fd_link(nix_pid(pid), fd) else { continue };
            let object = self.objects.by_link(&link);
            let end = match (&dir, object.map(|i| self.objects[i].kind)) {
                (_, Some(ObjectKind::Socket)) => End::Both,
                (Some(dir), _) => end_of(nix_pid(pid), dir, fd),
                (None, _) => End::Both,
            };
            if let Some(i) = object {
                self.objects.used(i, pid);
            }
            items.push(Item { object, link, end, from: FdHolder { pid, fd, end } });
        }
        out.push(passage(PassStep::Sent, queue, &items, &[]));
        self.in_flight.sent(Message { queue, items });
    }

    /// `pid` received on its socket `sock` the descriptors `fds` (its new
    /// numbers, in order); `truncated`: the kernel set MSG_CTRUNC, and
    /// closed what did not fit.
    fn on_received(
        &mut self,
        pid: Pid,
        sock: i32,
        fds: &[i32],
        truncated: bool,
        call: &str,
        out: &mut Vec<KernelEvent>,
    ) {
        if fds.is_empty() && !truncated {
            return;
        }
        let Some(queue) = Self::socket_ino(pid, sock) else { return };
        let Some(message) = self.in_flight.take(queue) else { return };
        let dir = FdDir::open(nix_pid(pid));
        let mut received = Vec::new();
        let mut dropped = Vec::new();
        for (k, item) in message.items.into_iter().enumerate() {
            match fds.get(k) {
                Some(&fd) => {
                    let end = match &dir {
                        Some(dir) if item.end != End::Both => end_of(nix_pid(pid), dir, fd),
                        _ => item.end,
                    };
                    if let Some(i) = item.object {
                        self.objects.used(i, pid);
                        self.objects.handed(i, Handed { from: item.from.pid, to: pid });
                    }
                    received.push((item, FdHolder { pid, fd, end }));
                }
                None => dropped.push(item),
            }
        }
        if !received.is_empty() {
            let (items, to): (Vec<Item>, Vec<FdHolder>) = received.into_iter().unzip();
            out.push(passage(PassStep::Received, queue, &items, &to));
            self.after_passage(&items, pid, call, out);
        }
        if !dropped.is_empty() {
            out.push(passage(PassStep::Truncated, queue, &dropped, &[]));
            self.after_passage(&dropped, pid, call, out);
        }
    }

    /// Whether object `i` (a socket) is carried in an unread message.
    pub(super) fn in_flight_here(&self, i: usize) -> bool {
        !self.in_flight.is_empty() && !self.in_flight.ends_of(i).is_empty()
    }

    /// The ends of pipe `i` in flight, as far as the kernel still counts
    /// them: a write end in flight while the kernel says the pipe has no
    /// writer left (a `read` of the socket took the message with no room
    /// for control data, so the kernel closed what it carried) is forgotten.
    pub(super) fn pipe_in_flight(&mut self, i: usize, held: &[FdHolder]) -> Vec<InFlightEnd> {
        if self.in_flight.is_empty() {
            return Vec::new();
        }
        let ends = self.in_flight.ends_of(i);
        for (mine, theirs) in [(End::Write, End::Read), (End::Read, End::Write)] {
            if !ends.iter().any(|e| e.end == mine) || held.iter().any(|h| h.end == mine || h.end == End::Both) {
                continue;
            }
            let Some(probe) = held.iter().find(|h| h.end == theirs) else { continue };
            if self.pipe_other_side(probe.pid, probe.fd) == Some(false) {
                self.in_flight.forget(i, mine);
            }
        }
        // A receiver inside recvmsg may hold the end already (the kernel
        // installs it before the call returns): then it is no longer in
        // flight, though the call's exit, which says so, is still to come.
        let mut ends = self.in_flight.ends_of(i);
        ends.retain(|e| {
            let receivers = self.socket_holders(&[e.queue]).pop().unwrap_or_default();
            !held.iter().any(|h| h.end == e.end && receivers.iter().any(|r| r.pid == h.pid))
        });
        ends
    }

    /// The receiving socket `queue` was closed: what its unread messages
    /// carried is closed by the kernel.
    pub(super) fn queue_closed(&mut self, queue: u64, pid: Pid, call: &str, out: &mut Vec<KernelEvent>) {
        for m in self.in_flight.take_all(queue) {
            out.push(passage(PassStep::Discarded, queue, &m.items, &[]));
            self.after_passage(&m.items, pid, call, out);
        }
    }

    /// After descriptors moved or were closed by the kernel: the state of
    /// each object of the run they were on (once each).
    fn after_passage(&mut self, items: &[Item], pid: Pid, call: &str, out: &mut Vec<KernelEvent>) {
        let mut seen = Vec::new();
        for i in items.iter().filter_map(|it| it.object) {
            if seen.contains(&i) || self.objects[i].fate.is_some() {
                continue;
            }
            seen.push(i);
            self.released(i, pid, call, out);
        }
    }
}

fn passage(step: PassStep, queue: u64, items: &[Item], to: &[FdHolder]) -> KernelEvent {
    let fds = items
        .iter()
        .enumerate()
        .map(|(k, it)| PassedFd { object: it.link.clone(), end: it.end, from: it.from, to: to.get(k).copied() })
        .collect();
    KernelEvent::Passage(Passage { step, queue, fds })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::{Fd, Field, Sym};

    fn item(object: usize, fd: i32) -> Item {
        let from = FdHolder { pid: 10, fd, end: End::Write };
        Item { object: Some(object), link: format!("pipe:[{object}]"), end: End::Write, from }
    }

    #[test]
    fn messages_are_taken_oldest_first_per_queue() {
        let mut f = InFlight::default();
        f.sent(Message { queue: 1, items: vec![item(7, 5)] });
        f.sent(Message { queue: 2, items: vec![item(8, 6)] });
        f.sent(Message { queue: 1, items: vec![item(9, 7)] });
        assert_eq!(f.take(1).unwrap().items[0].object, Some(7));
        assert_eq!(f.take(1).unwrap().items[0].object, Some(9));
        assert!(f.take(1).is_none());
        assert!(!f.is_empty());
        assert_eq!(f.take_all(2).len(), 1);
        assert!(f.is_empty());
    }

    #[test]
    fn a_forgotten_end_leaves_the_others_and_empty_messages_go() {
        let mut f = InFlight::default();
        f.sent(Message { queue: 1, items: vec![item(7, 5)] });
        f.sent(Message { queue: 1, items: vec![item(7, 5), item(8, 6)] });
        f.forget(7, End::Write);
        assert_eq!(f.take(1).unwrap().items, [item(8, 6)]);
        assert!(f.is_empty());
    }

    #[test]
    fn a_message_without_descriptors_is_not_kept() {
        let mut f = InFlight::default();
        f.sent(Message { queue: 1, items: vec![] });
        assert!(f.is_empty());
    }

    #[test]
    fn the_ends_of_an_object_in_flight_name_their_queue_and_sender() {
        let mut f = InFlight::default();
        f.sent(Message { queue: 3, items: vec![item(7, 5), item(8, 6)] });
        assert_eq!(
            f.ends_of(7),
            [InFlightEnd { end: End::Write, queue: 3, from: FdHolder { pid: 10, fd: 5, end: End::Write } }]
        );
        assert!(f.ends_of(9).is_empty());
    }

    fn cmsg(kind: i32, data: Value) -> Value {
        Value::Struct(vec![
            Field::new("cmsg_len", Value::Uint(20)),
            Field::new("cmsg_level", Value::Sym(Sym { raw: libc::SOL_SOCKET as i64, name: Some("SOL_SOCKET") })),
            Field::new("cmsg_type", Value::Sym(Sym { raw: kind as i64, name: None })),
            Field::new("cmsg_data", data),
        ])
    }

    #[test]
    fn rights_are_the_descriptors_of_every_scm_rights_message_in_order() {
        let fds = |v: &[i32]| Value::Array { items: v.iter().map(|&n| Value::Fd(Fd::new(n))).collect(), more: false };
        let creds = Value::Struct(vec![Field::new("pid", Value::Int(1))]);
        let hdr = Value::Struct(vec![
            Field::new(
                "msg_control",
                Value::Array {
                    items: vec![
                        cmsg(libc::SCM_CREDENTIALS, creds),
                        cmsg(libc::SCM_RIGHTS, fds(&[4, 6])),
                        cmsg(libc::SCM_RIGHTS, fds(&[9])),
                    ],
                    more: false,
                },
            ),
            Field::new("msg_flags", Value::Uint(libc::MSG_CTRUNC as u64)),
        ]);
        assert_eq!(rights(&hdr), [4, 6, 9]);
        assert!(truncated(&hdr));
        assert!(rights(&Value::Ptr(0)).is_empty());
    }
}
