//! Calls on any descriptor: data moved through a pipe, FIFO or socket, a
//! descriptor closed or duplicated. The object comes from the descriptor's
//! link; what is read about it is its family's (`pipe`, `socket`,
//! `posix_shm`).

use syscalls::Sysno;

use super::dispatch::{Before, fd_target};
use super::held_fds::HeldFd;
use super::{KernelView, nix_pid};
use crate::decode::Syscall;
use crate::event::Pid;
use crate::event::kernel::{ByCall, Fate, FdHolder, Gone, GoneHow, KernelEvent, ObjectKind, PipeState};
use crate::proc::ObjectId;
use crate::proc::fd_dir::fd_link;
use crate::ptrace::TaskRef;

impl KernelView {
    /// After a call on any descriptor (the descriptor family): data moved,
    /// a descriptor closed or duplicated.
    pub(super) fn descriptor_exit(
        &mut self,
        task: TaskRef,
        sysno: Sysno,
        call: &Syscall,
        before: Option<Before>,
        out: &mut Vec<KernelEvent>,
    ) {
        let (a, pid) = (call.raw.args, task.pid);
        let ret = call.ret.unwrap_or(-1);
        match sysno {
            Sysno::read
            | Sysno::write
            | Sysno::readv
            | Sysno::writev
            | Sysno::sendto
            | Sysno::recvfrom
            | Sysno::sendmsg
            | Sysno::recvmsg
            | Sysno::sendmmsg
            | Sysno::recvmmsg
            | Sysno::vmsplice => {
                let fd = a[0] as i32;
                let link = fd_target(call, fd);
                if !link.is_some_and(|l| self.on_event_fd(task, fd, l, out)) {
                    self.on_data(pid, fd, link, out);
                }
                self.passing_exit(task, sysno, call, out);
            }
            Sysno::splice | Sysno::tee => {
                let (fd_in, fd_out) = if sysno == Sysno::splice { (a[0], a[2]) } else { (a[0], a[1]) };
                self.on_data(pid, fd_in as i32, None, out);
                self.on_data(pid, fd_out as i32, None, out);
            }
            Sysno::close | Sysno::close_range => {
                if let Some(Before::Releasing(list)) = before {
                    for i in list {
                        self.released(i, pid, sysno.name(), out);
                    }
                }
            }
            #[cfg(target_arch = "x86_64")]
            Sysno::dup | Sysno::dup2 => self.on_dup(pid, ret as i32, before, sysno.name(), out),
            Sysno::dup3 => self.on_dup(pid, ret as i32, before, sysno.name(), out),
            Sysno::fcntl if matches!(a[1] as i32, libc::F_DUPFD | libc::F_DUPFD_CLOEXEC) => {
                self.on_dup(pid, ret as i32, None, "fcntl", out)
            }
            _ => {}
        }
    }

    /// The object of the run an fd of `pid` refers to.
    pub(super) fn tracked_fd(&self, pid: Pid, fd: i32) -> Option<usize> {
        if !self.objects.has_fd_objects() || fd < 0 {
            return None;
        }
        self.objects.by_link(&fd_link(nix_pid(pid), fd)?)
    }

    /// As [`KernelView::tracked_fd`] for the first argument of a call at its
    /// entry, from what the trace named it when it did (no `readlink`).
    pub(super) fn tracked_fd_at_entry(&self, pid: Pid, call: &Syscall, fd: i32) -> Option<usize> {
        if !self.objects.has_fd_objects() {
            return None;
        }
        match fd_target(call, fd) {
            Some(link) => self.objects.by_link(link),
            None => self.tracked_fd(pid, fd),
        }
    }

    /// The descriptors of the live traced processes that `keep` picks, in
    /// order of process and fd, from their fd tables.
    pub(super) fn open_fds(&mut self, keep: impl Fn(&HeldFd) -> bool) -> Vec<(Pid, HeldFd)> {
        let mut out = Vec::new();
        for &pid in &self.procs.live {
            let Some(table) = self.held_fds.table(pid) else { continue };
            out.extend(table.iter().filter(|e| keep(e)).map(|e| (pid, *e)));
        }
        out
    }

    /// Every descriptor of a live traced process that refers to `object`,
    /// in order of process and fd.
    pub(super) fn fd_holders(&mut self, i: usize, object: ObjectId) -> Vec<FdHolder> {
        let out: Vec<FdHolder> = self
            .open_fds(|e| e.object == object)
            .into_iter()
            .map(|(pid, e)| FdHolder { pid, fd: e.fd, end: e.end })
            .collect();
        for h in &out {
            self.objects.used(i, h.pid);
        }
        out
    }

    /// After a descriptor on object `i` was closed (by `call` of `pid`):
    /// its holders now, or its end.
    pub(super) fn released(&mut self, i: usize, pid: Pid, call: &str, out: &mut Vec<KernelEvent>) {
        // Ended and folded meanwhile (another thread closed it last).
        let Some(t) = self.objects.get(i) else { return };
        match t.kind {
            // The file stays: who still has it open or mapped.
            ObjectKind::PosixShm | ObjectKind::PosixSem => out.push(self.shm_file_state(i)),
            ObjectKind::Pipe | ObjectKind::Fifo => {
                let Some(object) = self.objects[i].object else { return };
                let h = self.fd_holders(i, object);
                let in_flight = self.pipe_in_flight(i, &h);
                if h.is_empty() && !in_flight.is_empty() {
                    // No process holds it; a socket message does.
                    let t = &self.objects[i];
                    out.push(KernelEvent::Pipe(PipeState {
                        ino: object.ino,
                        fifo: t.path.clone().filter(|_| t.kind == ObjectKind::Fifo),
                        bytes: None,
                        holders: Some(h),
                        in_flight,
                    }));
                } else if h.is_empty() && self.objects[i].kind == ObjectKind::Pipe {
                    self.set_fate(i, Fate::Closed { by: ByCall { pid, call: call.to_string() } });
                    let t = &self.objects[i];
                    out.push(KernelEvent::Gone(Gone {
                        kind: t.kind,
                        name: t.name.clone(),
                        how: GoneHow::Closed,
                        lives_on: None,
                    }));
                } else if h.is_empty() {
                    let t = &self.objects[i];
                    out.push(KernelEvent::Pipe(PipeState {
                        ino: object.ino,
                        fifo: t.path.clone(),
                        bytes: None,
                        holders: Some(h),
                        in_flight: Vec::new(),
                    }));
                } else {
                    out.push(self.pipe_state(i, None, true));
                }
            }
            ObjectKind::Socket => {
                let ino = self.objects[i].id as u64;
                let held = self.socket_holders(&[ino]).pop().unwrap_or_default();
                if held.is_empty() && self.in_flight_here(i) {
                    // Carried in a message: the kernel keeps it open.
                    if let Some(ev) = self.socket_state(ino, true) {
                        out.push(ev);
                    }
                } else if held.is_empty() {
                    self.set_fate(i, Fate::Closed { by: ByCall { pid, call: call.to_string() } });
                    let t = &self.objects[i];
                    out.push(KernelEvent::Gone(Gone {
                        kind: t.kind,
                        name: t.name.clone(),
                        how: GoneHow::Closed,
                        lives_on: None,
                    }));
                    // What its queue held unread goes with it.
                    self.queue_closed(ino, pid, call, out);
                } else if let Some(ev) = self.socket_state(ino, true) {
                    out.push(ev);
                }
            }
            _ => {}
        }
    }

    /// After a `read`, `write`... on fd `fd`: the bytes now in the pipe or
    /// socket, when it is one of the run's. `hint` is what the trace says
    /// the fd referred to at the call's entry, which the loop keeps true
    /// with `-e` too (it sees every call that closes or replaces an fd, or
    /// reads the target afresh): it saves a `readlink`.
    pub(super) fn on_data(&mut self, pid: Pid, fd: i32, hint: Option<&str>, out: &mut Vec<KernelEvent>) {
        if !self.objects.has_fd_objects() {
            return;
        }
        let found = match hint {
            Some(link) => self.objects.by_link(link),
            None => self.tracked_fd(pid, fd),
        };
        let Some(i) = found else { return };
        self.objects.used(i, pid);
        match self.objects[i].kind {
            ObjectKind::Pipe | ObjectKind::Fifo => out.push(self.pipe_state(i, Some((pid, fd)), false)),
            ObjectKind::Socket => {
                if let Some(ev) = self.socket_state(self.objects[i].id as u64, false) {
                    out.push(ev);
                }
            }
            _ => {}
        }
    }

    pub(super) fn on_dup(
        &mut self,
        pid: Pid,
        newfd: i32,
        before: Option<Before>,
        call: &str,
        out: &mut Vec<KernelEvent>,
    ) {
        if let Some(Before::Releasing(list)) = before {
            for i in list {
                self.released(i, pid, call, out);
            }
        }
        let Some(i) = self.tracked_fd(pid, newfd) else { return };
        self.objects.used(i, pid);
        match self.objects[i].kind {
            ObjectKind::Pipe | ObjectKind::Fifo => out.push(self.pipe_state(i, Some((pid, newfd)), true)),
            ObjectKind::Socket => {
                if let Some(ev) = self.socket_state(self.objects[i].id as u64, true) {
                    out.push(ev);
                }
            }
            _ => {}
        }
    }
}
