//! The descriptors each process holds at any point of a run, replayed from
//! its calls: pipe2, open, socket, dup, close, a descriptor received in a
//! socket message, a fork's copy, an exec's close-on-exec. This is how a check can say "pid 1205 read from fd 3
//! while still holding the write end fd 4".

use std::collections::{BTreeMap, HashMap};

use syscalls::Sysno;
use tracer::decode::{Fd, Syscall, Value};
use tracer::event::{Event, EventKind, Pid};
use tracer::kernel::KernelEvent;
use tracer::kernel::objects::{End, PassStep};

use super::args::{fd_pair, int_arg, mq_name, path_arg};
use super::calls;
use crate::i18n::tr;

/// Which way a descriptor can be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessMode {
    Read,
    Write,
    ReadWrite,
}

impl AccessMode {
    pub fn can_write(self) -> bool {
        matches!(self, AccessMode::Write | AccessMode::ReadWrite)
    }

    pub fn from_flags(flags: i64) -> AccessMode {
        match flags & libc::O_ACCMODE as i64 {
            x if x == libc::O_WRONLY as i64 => AccessMode::Write,
            x if x == libc::O_RDWR as i64 => AccessMode::ReadWrite,
            _ => AccessMode::Read,
        }
    }
}

/// One open descriptor of a process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldFd {
    pub fd: i32,
    /// What it refers to: `pipe:[N]`, `socket:[N]`, a path, `mqueue:NAME`...
    pub target: String,
    pub access: AccessMode,
    pub cloexec: bool,
}

impl HeldFd {
    /// `the write end fd 4 of pipe:[48213]`.
    pub fn describe(&self) -> String {
        let (fd, target) = (self.fd, self.target.as_str());
        if self.target.starts_with("pipe:") || self.target.ends_with(".fifo") {
            match self.access {
                AccessMode::Read => tr!("fd-read-end", fd = fd, target = target),
                AccessMode::Write => tr!("fd-write-end", fd = fd, target = target),
                AccessMode::ReadWrite => tr!("fd-both-ends", fd = fd, target = target),
            }
        } else {
            tr!("fd-of", fd = fd, target = target)
        }
    }
}

/// Descriptor tables of every process, replayed from the calls.
pub type HeldFds = HashMap<Pid, BTreeMap<i32, HeldFd>>;

pub fn apply_fd_event(tables: &mut HeldFds, _index: usize, e: &Event) {
    match &e.kind {
        EventKind::Spawn(s) if !s.thread => {
            let copy = tables.get(&e.pid).cloned().unwrap_or_default();
            tables.insert(s.child, copy);
        }
        EventKind::Exit(_) if e.tid == e.pid => {
            tables.remove(&e.pid);
        }
        EventKind::Syscall(call) if call.succeeded() => apply_fd_call(tables.entry(e.pid).or_default(), call),
        // Which end a received descriptor is, as the kernel view read it.
        EventKind::Kernel(KernelEvent::Passage(p)) if p.step == PassStep::Received => {
            for to in p.fds.iter().filter_map(|f| f.to) {
                if let Some(held) = tables.get_mut(&to.pid).and_then(|t| t.get_mut(&to.fd)) {
                    held.access = match to.end {
                        End::Read => AccessMode::Read,
                        End::Write => AccessMode::Write,
                        End::Both => AccessMode::ReadWrite,
                    };
                }
            }
        }
        _ => {}
    }
}

/// The descriptors in the SCM_RIGHTS control messages of a sendmsg (what
/// it sends) or a recvmsg (what the kernel installed), with what each
/// refers to when the tracer named it.
pub fn rights_fds(call: &Syscall) -> Vec<Fd> {
    let Some(Value::Array { items, .. }) = call.arg("msg").and_then(|m| m.field("msg_control")) else {
        return Vec::new();
    };
    items
        .iter()
        .filter(|c| c.field("cmsg_level").and_then(Value::as_i64) == Some(libc::SOL_SOCKET as i64))
        .filter(|c| c.field("cmsg_type").and_then(Value::as_i64) == Some(libc::SCM_RIGHTS as i64))
        .flat_map(|c| match c.field("cmsg_data") {
            Some(Value::Array { items, .. }) => items.iter().filter_map(Value::as_fd).cloned().collect(),
            _ => Vec::new(),
        })
        .collect()
}

fn open_fd(table: &mut BTreeMap<i32, HeldFd>, fd: &Fd, fallback: String, access: AccessMode, cloexec: bool) {
    let target = fd.target.as_deref().map_or(fallback, str::to_string);
    table.insert(fd.fd, HeldFd { fd: fd.fd, target, access, cloexec });
}

/// Whether the descriptors a successful call made are close-on-exec, from
/// the bits of its flags argument (each call has its own flag and place).
fn cloexec(call: &Syscall) -> bool {
    let flags = |index: usize| call.raw.args[index] as i64;
    let Some(sysno) = call.sysno else { return false };
    match sysno {
        Sysno::pipe2 | Sysno::dup3 => flags(if sysno == Sysno::pipe2 { 1 } else { 2 }) & libc::O_CLOEXEC as i64 != 0,
        Sysno::inotify_init1 => flags(0) & libc::IN_CLOEXEC as i64 != 0,
        Sysno::epoll_create1 => flags(0) & libc::EPOLL_CLOEXEC as i64 != 0,
        Sysno::eventfd2 => flags(1) & libc::EFD_CLOEXEC as i64 != 0,
        Sysno::memfd_create => flags(1) & libc::MFD_CLOEXEC as i64 != 0,
        Sysno::signalfd4 => flags(3) & libc::SFD_CLOEXEC as i64 != 0,
        Sysno::socket | Sysno::socketpair => flags(1) & libc::SOCK_CLOEXEC as i64 != 0,
        Sysno::accept4 => flags(3) & libc::SOCK_CLOEXEC as i64 != 0,
        Sysno::recvmsg => flags(2) & libc::MSG_CMSG_CLOEXEC as i64 != 0,
        _ => false,
    }
}

fn apply_fd_call(table: &mut BTreeMap<i32, HeldFd>, call: &Syscall) {
    let Some(sysno) = call.sysno else { return };
    let ret = call.ret.unwrap_or(-1);
    let ret_fd = || call.ret_value.as_ref().and_then(Value::as_fd).cloned().unwrap_or(Fd::new(ret as i32));
    let first_fd = || call.args.first().and_then(|f| f.value.as_i64()).unwrap_or(-1) as i32;
    match sysno {
        s if calls::PIPE.contains(&s) => {
            if let Some((r, w)) = fd_pair(call, "pipefd") {
                let cloexec = cloexec(call);
                open_fd(table, &r, "pipe".into(), AccessMode::Read, cloexec);
                open_fd(table, &w, "pipe".into(), AccessMode::Write, cloexec);
            }
        }
        Sysno::socketpair => {
            if let Some((a, b)) = fd_pair(call, "sv") {
                open_fd(table, &a, "socket".into(), AccessMode::ReadWrite, cloexec(call));
                open_fd(table, &b, "socket".into(), AccessMode::ReadWrite, cloexec(call));
            }
        }
        Sysno::recvmsg => {
            for fd in rights_fds(call) {
                open_fd(table, &fd, "received".into(), AccessMode::ReadWrite, cloexec(call));
            }
        }
        #[cfg(target_arch = "x86_64")]
        Sysno::creat => open_path(table, call, &ret_fd()),
        s if calls::OPEN.contains(&s) => open_path(table, call, &ret_fd()),
        Sysno::socket | Sysno::accept | Sysno::accept4 => {
            open_fd(table, &ret_fd(), "socket".into(), AccessMode::ReadWrite, cloexec(call));
        }
        Sysno::mq_open => {
            let name = path_arg(call, "name").map(|n| format!("mqueue:{}", mq_name(&n))).unwrap_or("mqueue".into());
            let flags = int_arg(call, "oflag", 1);
            open_fd(table, &ret_fd(), name, AccessMode::from_flags(flags), false);
        }
        #[cfg(target_arch = "x86_64")]
        Sysno::inotify_init => open_fd(table, &ret_fd(), sysno.name().into(), AccessMode::ReadWrite, false),
        Sysno::inotify_init1 | Sysno::eventfd2 | Sysno::memfd_create | Sysno::epoll_create1 | Sysno::signalfd4 => {
            open_fd(table, &ret_fd(), sysno.name().into(), AccessMode::ReadWrite, cloexec(call));
        }
        #[cfg(target_arch = "x86_64")]
        Sysno::dup2 => dup(table, first_fd(), ret as i32, false),
        Sysno::dup | Sysno::dup3 => dup(table, first_fd(), ret as i32, cloexec(call)),
        Sysno::fcntl => match call.raw.args[1] as i32 {
            libc::F_DUPFD => dup(table, first_fd(), ret as i32, false),
            libc::F_DUPFD_CLOEXEC => dup(table, first_fd(), ret as i32, true),
            _ => {}
        },
        Sysno::close => {
            table.remove(&first_fd());
        }
        Sysno::close_range => {
            let first = call.raw.args[0] as i32;
            let last = call.raw.args[1] as u32;
            table.retain(|&fd, _| fd < first || fd as u32 > last);
        }
        s if calls::EXEC.contains(&s) => table.retain(|_, f| !f.cloexec),
        _ => {}
    }
}

/// A file opened by its path (open, openat, creat).
fn open_path(table: &mut BTreeMap<i32, HeldFd>, call: &Syscall, fd: &Fd) {
    let flags = call.arg("flags").and_then(Value::as_i64).unwrap_or(0);
    let path = path_arg(call, "pathname").unwrap_or_default();
    open_fd(table, fd, path, AccessMode::from_flags(flags), flags & libc::O_CLOEXEC as i64 != 0);
}

/// `new` now refers to what `old` refers to (dup, dup2, dup3, F_DUPFD).
fn dup(table: &mut BTreeMap<i32, HeldFd>, old: i32, new: i32, cloexec: bool) {
    if let Some(src) = table.get(&old).cloned() {
        table.insert(new, HeldFd { fd: new, cloexec, ..src });
    }
}
