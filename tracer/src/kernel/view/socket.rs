//! Unix sockets: made by `socket`, `socketpair` or `accept`, a file made by
//! `bind`, and their state from sock_diag: peer, queues, who holds them.

use std::os::unix::fs::MetadataExt;
use std::path::Path;

use syscalls::Sysno;

use super::dispatch::by_call;
use super::paths::normalize;
use super::registry::{Key, Link, parse_link};
use super::{KernelView, nix_pid, unavailable};
use crate::decode::Syscall;
use crate::event::Pid;
use crate::event::kernel::{ByCall, End, FdHolder, KernelEvent, ObjectKind, SocketState};
use crate::kernel::ledger::Evidence;
use crate::proc::fd_dir::fd_link;
use crate::proc::{ErrorKind, ObjectId, UnixState, UnixType, unix_diag};
use crate::ptrace::TaskRef;

fn type_name(t: UnixType) -> &'static str {
    match t {
        UnixType::Stream => "stream",
        UnixType::Dgram => "dgram",
        UnixType::SeqPacket => "seqpacket",
        UnixType::Other(_) => "other",
    }
}

fn state_name(s: UnixState) -> &'static str {
    match s {
        UnixState::Unconnected => "unconnected",
        UnixState::Listening => "listening",
        UnixState::Connecting => "connecting",
        UnixState::Connected => "connected",
        UnixState::Disconnecting => "disconnecting",
        UnixState::Other(_) => "other",
    }
}

impl KernelView {
    /// After a call of the socket family: a Unix socket made, bound,
    /// connected, listening, shut down.
    pub(super) fn socket_exit(&mut self, task: TaskRef, sysno: Sysno, call: &Syscall, out: &mut Vec<KernelEvent>) {
        let a = call.raw.args;
        let (pid, ret) = (task.pid, call.ret.unwrap_or(-1));
        match sysno {
            Sysno::socket if a[0] == libc::AF_UNIX as u64 => {
                self.on_new_socket(pid, ret as i32, by_call(pid, sysno), out)
            }
            Sysno::accept | Sysno::accept4 => self.on_new_socket(pid, ret as i32, by_call(pid, sysno), out),
            Sysno::socketpair if a[0] == libc::AF_UNIX as u64 => self.socketpair_exit(task, a[3], out),
            Sysno::bind => self.on_bind(pid, a[0] as i32, by_call(pid, sysno), out),
            Sysno::listen | Sysno::connect | Sysno::shutdown => self.on_socket_use(pid, a[0] as i32, out),
            _ => {}
        }
    }

    /// Every descriptor of a live traced process whose link is `socket:[ino]`.
    pub(super) fn socket_holders(&mut self, inodes: &[u64]) -> Vec<Vec<FdHolder>> {
        let mut out = vec![Vec::new(); inodes.len()];
        for (pid, e) in self.open_fds(|e| e.socket && inodes.contains(&e.object.ino)) {
            if let Some(k) = inodes.iter().position(|&n| n == e.object.ino) {
                out[k].push(FdHolder { pid, fd: e.fd, end: End::Both });
            }
        }
        out
    }

    /// A Unix socket, from sock_diag; `None` when it is not one (or is gone).
    pub(super) fn socket_state(&mut self, ino: u64, with_holders: bool) -> Option<KernelEvent> {
        let d = match unix_diag(ino) {
            Ok(d) => d,
            Err(e) if matches!(e.kind(), ErrorKind::Sys(nix::errno::Errno::ENOENT)) => return None,
            Err(e) => return Some(unavailable(e)),
        };
        let (holders, peer_holders) = if with_holders {
            let mut both = self.socket_holders(&[ino, d.peer.unwrap_or(0)]);
            let peer = both.pop().unwrap_or_default();
            (Some(both.pop().unwrap_or_default()), peer)
        } else {
            (None, Vec::new())
        };
        if let Some(i) = self.objects.find(&Key::Socket(ino)) {
            for h in holders.iter().flatten() {
                self.objects[i].used_by.insert(h.pid);
            }
        }
        Some(KernelEvent::Socket(SocketState {
            ino,
            sock_type: type_name(d.sock_type),
            state: if d.listening { "listening" } else { state_name(d.state) },
            path: d.name,
            peer: d.peer,
            peer_holders,
            queued: d.rqueue,
            backlog: d.listening.then_some(d.wqueue),
            peer_queued: d.peer.and_then(|p| unix_diag(p).ok()).filter(|p| !p.listening).map(|p| p.rqueue),
            peer_closed: d.peer.is_none() && d.shutdown == 3,
            holders,
        }))
    }

    pub(super) fn on_new_socket(&mut self, pid: Pid, fd: i32, by: ByCall, out: &mut Vec<KernelEvent>) {
        let Some(Link::Socket(ino)) = fd_link(nix_pid(pid), fd).as_deref().map(parse_link) else { return };
        let Some(ev) = self.socket_state(ino, true) else { return }; // not a Unix socket
        let i = self.objects.track(
            Key::Socket(ino),
            ObjectKind::Socket,
            format!("socket:[{ino}]"),
            ino as i64,
            None,
            None,
            Some(by),
        );
        self.objects.used(i, pid);
        out.push(ev);
    }

    pub(super) fn on_socket_use(&mut self, pid: Pid, fd: i32, out: &mut Vec<KernelEvent>) {
        let Some(Link::Socket(ino)) = fd_link(nix_pid(pid), fd).as_deref().map(parse_link) else { return };
        if let Some(i) = self.objects.find(&Key::Socket(ino)) {
            self.objects.used(i, pid);
        }
        if let Some(ev) = self.socket_state(ino, true) {
            out.push(ev);
        }
    }

    pub(super) fn on_bind(&mut self, pid: Pid, fd: i32, by: ByCall, out: &mut Vec<KernelEvent>) {
        let Some(Link::Socket(ino)) = fd_link(nix_pid(pid), fd).as_deref().map(parse_link) else { return };
        let Some(ev) = self.socket_state(ino, true) else { return };
        if let Some(i) = self.objects.find(&Key::Socket(ino)) {
            self.objects.used(i, pid);
        }
        let path = match &ev {
            KernelEvent::Socket(s) => s.path.clone().filter(|p| !p.starts_with('@')),
            _ => None,
        };
        out.push(ev);
        let Some(bound) = path else { return };
        // The kernel keeps the name as given: make a relative one absolute
        // from the caller's working directory.
        let abs = if bound.starts_with('/') {
            normalize(Path::new(&bound))
        } else {
            match std::fs::read_link(format!("/proc/{pid}/cwd")) {
                Ok(cwd) => normalize(&cwd.join(&bound)),
                Err(_) => return,
            }
        };
        if let Ok(m) = std::fs::symlink_metadata(&abs) {
            let obj = ObjectId { dev: m.dev(), ino: m.ino() };
            let name = format!("socket file {abs}");
            let i = self.objects.track(
                Key::SocketFile(obj),
                ObjectKind::SocketFile,
                name,
                m.ino() as i64,
                Some(obj),
                Some(abs.clone()),
                Some(by),
            );
            let born = super::born_at(&abs, obj);
            self.set_evidence(i, Evidence::SocketFile { path: abs, dev: obj.dev, ino: obj.ino, born });
        }
    }
}
