//! Pipes and FIFOs: a new pipe, a FIFO made with `mknod`, and what one
//! holds: the bytes in its buffer and who holds which end.

use std::os::fd::AsFd;
use std::os::unix::fs::MetadataExt;

use syscalls::Sysno;

use super::dispatch::by_call;
use super::held_fds::pipefs_dev;
use super::registry::Key;
use super::{KernelView, nix_pid, unavailable};
use crate::decode::{Reader, Syscall, Value};
use crate::event::Pid;
use crate::event::kernel::{ByCall, KernelEvent, ObjectKind, PipeState};
use crate::kernel::ledger::Evidence;
use crate::proc::{ObjectId, object_of, pidfd_open, pipe_bytes, pipe_other_side, queued_bytes};
use crate::ptrace::{ProcessMemory, TaskRef};

impl KernelView {
    /// After a call of the pipe family: a new pipe, or a new FIFO.
    pub(super) fn pipe_exit(&mut self, task: TaskRef, sysno: Sysno, call: &Syscall, out: &mut Vec<KernelEvent>) {
        let by = by_call(task.pid, sysno);
        let a = &call.raw.args;
        match sysno {
            #[cfg(target_arch = "x86_64")]
            Sysno::pipe => self.on_pipe(task, call, by, out),
            Sysno::pipe2 => self.on_pipe(task, call, by, out),
            #[cfg(target_arch = "x86_64")]
            Sysno::mknod => self.on_mknod(task, None, a[0], a[1], by, out),
            Sysno::mknodat => self.on_mknod(task, Some(a[0] as i32), a[1], a[2], by, out),
            _ => {}
        }
    }

    pub(super) fn on_pipe(&mut self, task: TaskRef, call: &Syscall, by: ByCall, out: &mut Vec<KernelEvent>) {
        // The trace named both ends (`[3<pipe:[9]>, 4<pipe:[9]>]`) when the
        // call is shown; else they are read from the tracee and /proc.
        let named = match call.args.first().map(|f| &f.value) {
            Some(Value::Array { items, .. }) => match items.as_slice() {
                [Value::Fd(r), _] => r.pipe_inode().zip(pipefs_dev()).map(|(ino, dev)| (r.fd, ObjectId { dev, ino })),
                _ => None,
            },
            _ => None,
        };
        let found = match named {
            Some((rfd, obj)) => Ok((rfd, obj)),
            None => {
                let mem = ProcessMemory::new(task.tid);
                let Some([rfd, _]) = Reader::new(&mem, 0).read::<[i32; 2]>(call.raw.args[0]) else {
                    return out.push(unavailable("pipe: cannot read the two fds"));
                };
                object_of(nix_pid(task.pid), rfd).map(|obj| (rfd, obj))
            }
        };
        match found {
            Ok((rfd, obj)) => {
                let name = format!("pipe:[{}]", obj.ino);
                let i = self.objects.track(
                    Key::Pipe(obj.ino),
                    ObjectKind::Pipe,
                    name,
                    obj.ino as i64,
                    Some(obj),
                    None,
                    Some(by),
                );
                out.push(self.new_pipe_state(i, task.pid, rfd));
            }
            Err(e) => out.push(unavailable(e)),
        }
    }

    pub(super) fn on_mknod(
        &mut self,
        task: TaskRef,
        dirfd: Option<i32>,
        path: u64,
        mode: u64,
        by: ByCall,
        out: &mut Vec<KernelEvent>,
    ) {
        if mode as u32 & libc::S_IFMT != libc::S_IFIFO {
            return;
        }
        let Some(path) = self.path_arg(task, dirfd, path) else {
            return out.push(unavailable("mknod: cannot read the path"));
        };
        match std::fs::symlink_metadata(&path) {
            Ok(m) => {
                let obj = ObjectId { dev: m.dev(), ino: m.ino() };
                let name = format!("FIFO {path}");
                let i = self.objects.track(
                    Key::Fifo(obj),
                    ObjectKind::Fifo,
                    name,
                    m.ino() as i64,
                    Some(obj),
                    Some(path.clone()),
                    Some(by),
                );
                let born = super::born_at(&path, obj);
                self.set_evidence(i, Evidence::Fifo { path: path.clone(), dev: obj.dev, ino: obj.ino, born });
                out.push(KernelEvent::Pipe(PipeState {
                    ino: obj.ino,
                    fifo: Some(path),
                    bytes: None,
                    holders: Some(Vec::new()),
                    in_flight: Vec::new(),
                }));
            }
            Err(e) => out.push(unavailable(format!("{path}: {e}"))),
        }
    }

    /// A pipe `pid` just made with `pipe` or `pipe2` (its read end `rfd`):
    /// its holders, and no bytes, which a new pipe cannot hold yet unless
    /// another thread of the process already wrote to the new descriptor.
    pub(super) fn new_pipe_state(&mut self, i: usize, pid: Pid, rfd: i32) -> KernelEvent {
        let Some(object) = self.objects[i].object else { return unavailable("no inode recorded") };
        let holders = self.fd_holders(i, object);
        let alone = self.procs.threads.get(&pid).is_none_or(|&n| n == 0);
        let bytes = if alone { Some(0) } else { self.pipe_bytes(pid, rfd) };
        KernelEvent::Pipe(PipeState {
            ino: object.ino,
            fifo: None,
            bytes,
            holders: Some(holders),
            in_flight: Vec::new(),
        })
    }

    /// A pipe or FIFO of the run: bytes in it (asked through `via`, or any
    /// holder), and its holders when `with_holders`.
    pub(super) fn pipe_state(&mut self, i: usize, via: Option<(Pid, i32)>, with_holders: bool) -> KernelEvent {
        let Some(object) = self.objects[i].object else { return unavailable("no inode recorded") };
        let holders = with_holders.then(|| self.fd_holders(i, object));
        let via = via.or_else(|| holders.as_ref().and_then(|h| h.first()).map(|h| (h.pid, h.fd)));
        let bytes = via.and_then(|(p, fd)| self.pipe_bytes(p, fd));
        let in_flight = match &holders {
            Some(h) => self.pipe_in_flight(i, h),
            None => Vec::new(),
        };
        let t = &self.objects[i];
        KernelEvent::Pipe(PipeState {
            ino: object.ino,
            fifo: (t.kind == ObjectKind::Fifo).then(|| t.path.clone()).flatten(),
            bytes,
            holders,
            in_flight,
        })
    }

    /// Whether the other side of the pipe behind fd `fd` of `pid` is still
    /// open anywhere, as the kernel counts it ([`pipe_other_side`]).
    pub(super) fn pipe_other_side(&mut self, pid: Pid, fd: i32) -> Option<bool> {
        let pidfd = match self.procs.pidfds.entry(pid) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(pidfd_open(nix_pid(pid)).ok()?),
        };
        pipe_other_side(pidfd.as_fd(), nix_pid(pid), fd).ok()
    }

    /// Bytes in the pipe behind fd `fd` of `pid`, through a handle on the
    /// process kept for its lifetime (one `pidfd_open` per process, not per
    /// look).
    pub(super) fn pipe_bytes(&mut self, pid: Pid, fd: i32) -> Option<u64> {
        let pidfd = match self.procs.pidfds.entry(pid) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(pidfd_open(nix_pid(pid)).ok()?),
        };
        match pipe_bytes(pidfd.as_fd(), nix_pid(pid), fd) {
            Ok(n) => Some(n as u64),
            Err(_) => queued_bytes(nix_pid(pid), fd).ok().map(|q| q.inq as u64),
        }
    }
}
