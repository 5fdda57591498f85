//! The descriptors each process holds at any point of a run, replayed from
//! its calls: pipe2, open, socket, dup, close, a fork's copy, an exec's
//! close-on-exec. This is how a check can say "pid 1205 read from fd 3
//! while still holding the write end fd 4".

use std::collections::{BTreeMap, HashMap};

use tracer::decode::{Syscall, Value};
use tracer::event::{Event, EventKind, Pid};

use super::args::{fd_pair, flags_text, int_arg, mq_name, path_arg};

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
        let end = if self.target.starts_with("pipe:") || self.target.ends_with(".fifo") {
            match self.access {
                AccessMode::Read => "the read end ",
                AccessMode::Write => "the write end ",
                AccessMode::ReadWrite => "both ends (O_RDWR), ",
            }
        } else {
            ""
        };
        format!("{end}fd {} of {}", self.fd, self.target)
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
        _ => {}
    }
}

fn open_fd(
    table: &mut BTreeMap<i32, HeldFd>,
    fd: &tracer::decode::Fd,
    fallback: String,
    access: AccessMode,
    cloexec: bool,
) {
    let target = fd.target.as_deref().map_or(fallback, str::to_string);
    table.insert(fd.fd, HeldFd { fd: fd.fd, target, access, cloexec });
}

fn apply_fd_call(table: &mut BTreeMap<i32, HeldFd>, call: &Syscall) {
    let ret = call.ret.unwrap_or(-1);
    let ret_fd =
        || call.ret_value.as_ref().and_then(Value::as_fd).cloned().unwrap_or(tracer::decode::Fd::new(ret as i32));
    let cloexec_in = |name: &str| flags_text(call, name).contains("CLOEXEC");
    match call.name.as_ref() {
        "pipe" | "pipe2" => {
            if let Some((r, w)) = fd_pair(call, "pipefd") {
                let cloexec = cloexec_in("flags");
                open_fd(table, &r, "pipe".into(), AccessMode::Read, cloexec);
                open_fd(table, &w, "pipe".into(), AccessMode::Write, cloexec);
            }
        }
        "socketpair" => {
            if let Some((a, b)) = fd_pair(call, "sv") {
                open_fd(table, &a, "socket".into(), AccessMode::ReadWrite, false);
                open_fd(table, &b, "socket".into(), AccessMode::ReadWrite, false);
            }
        }
        "open" | "openat" | "creat" => {
            let flags = call.arg("flags").and_then(Value::as_i64).unwrap_or(0);
            let path = path_arg(call, "pathname").unwrap_or_default();
            open_fd(table, &ret_fd(), path, AccessMode::from_flags(flags), flags & libc::O_CLOEXEC as i64 != 0);
        }
        "socket" | "accept" | "accept4" => {
            open_fd(table, &ret_fd(), "socket".into(), AccessMode::ReadWrite, false);
        }
        "mq_open" => {
            let name = path_arg(call, "name").map(|n| format!("mqueue:{}", mq_name(&n))).unwrap_or("mqueue".into());
            let flags = int_arg(call, "oflag", 1);
            open_fd(table, &ret_fd(), name, AccessMode::from_flags(flags), false);
        }
        "inotify_init" | "inotify_init1" | "eventfd2" | "memfd_create" | "epoll_create1" | "signalfd4" => {
            open_fd(table, &ret_fd(), call.name.to_string(), AccessMode::ReadWrite, cloexec_in("flags"));
        }
        "dup" | "dup2" | "dup3" => {
            let old = call.args.first().and_then(|f| f.value.as_i64()).unwrap_or(-1) as i32;
            if let Some(src) = table.get(&(old)).cloned() {
                table.insert(
                    ret as i32,
                    HeldFd { fd: ret as i32, cloexec: call.name == "dup3" && cloexec_in("flags"), ..src },
                );
            }
        }
        "fcntl" => {
            let cmd = call.arg("cmd").map(|v| v.to_string()).unwrap_or_default();
            if cmd.starts_with("F_DUPFD") {
                let old = call.args.first().and_then(|f| f.value.as_i64()).unwrap_or(-1) as i32;
                if let Some(src) = table.get(&old).cloned() {
                    table.insert(ret as i32, HeldFd { fd: ret as i32, cloexec: cmd.contains("CLOEXEC"), ..src });
                }
            }
        }
        "close" => {
            let fd = call.args.first().and_then(|f| f.value.as_i64()).unwrap_or(-1) as i32;
            table.remove(&fd);
        }
        "close_range" => {
            let first = call.raw.args[0] as i32;
            let last = call.raw.args[1] as u32;
            table.retain(|&fd, _| fd < first || fd as u32 > last);
        }
        "execve" | "execveat" => table.retain(|_, f| !f.cloexec),
        _ => {}
    }
}
