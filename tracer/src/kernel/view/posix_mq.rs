//! POSIX message queues: opened (created or not), used, unlinked, and their
//! counts read through a borrowed descriptor after each call.

use std::os::unix::fs::MetadataExt;

use syscalls::Sysno;

use super::dispatch::{Before, by_call, made_by_call};
use super::registry::Key;
use super::{KernelView, nix_pid, unavailable};
use crate::decode::{Reader, Syscall};
use crate::event::Pid;
use crate::event::kernel::{ByCall, Fate, Gone, GoneHow, KernelEvent, ObjectKind, PosixMqState};
use crate::kernel::ledger::{Evidence, mq_identity};
use crate::proc::fd_dir::fd_link;
use crate::proc::{ObjectId, mq_attr, mq_status};
use crate::ptrace::{ProcessMemory, TaskRef};

impl KernelView {
    /// After a call of the POSIX queue family.
    pub(super) fn mq_exit(
        &mut self,
        task: TaskRef,
        sysno: Sysno,
        call: &Syscall,
        before: Option<Before>,
        out: &mut Vec<KernelEvent>,
    ) {
        let a = call.raw.args;
        let pid = task.pid;
        match sysno {
            Sysno::mq_open => {
                let flags = a[1] as i32;
                let created = flags & libc::O_CREAT != 0 && made_by_call(before.as_ref(), flags & libc::O_EXCL != 0);
                self.on_mq_open(pid, call.ret.unwrap_or(-1) as i32, created, by_call(pid, sysno), out)
            }
            Sysno::mq_timedsend | Sysno::mq_timedreceive | Sysno::mq_notify | Sysno::mq_getsetattr => {
                self.on_mq_use(pid, a[0] as i32, out)
            }
            Sysno::mq_unlink => self.on_mq_unlink(task, a[0], by_call(pid, sysno), out),
            _ => {}
        }
    }

    /// At the entry of an `mq_open` with `O_CREAT` but not `O_EXCL`, which
    /// creates the queue only if there is none of its name: whether there
    /// is one (the mqueue filesystem stamps whole seconds, so no time can
    /// tell a queue made in the run's first second from one made just
    /// before it by someone else).
    pub(super) fn mq_opening(&self, task: TaskRef, name: u64, flags: u64) -> Option<Before> {
        let flags = flags as i32;
        if flags & libc::O_CREAT == 0 || flags & libc::O_EXCL != 0 {
            return None;
        }
        let mem = ProcessMemory::new(task.tid);
        let bytes = Reader::new(&mem, 0).c_string_bytes(name, 256)?;
        let name = format!("/{}", String::from_utf8_lossy(&bytes.data).trim_start_matches('/'));
        // Not readable (EACCES): it exists.
        Some(Before::Existed(mq_identity(&name).map_or(true, |q| q.is_some())))
    }

    pub(super) fn on_mq_open(&mut self, pid: Pid, fd: i32, created: bool, by: ByCall, out: &mut Vec<KernelEvent>) {
        let (Some(name), Ok(m)) = (fd_link(nix_pid(pid), fd), std::fs::metadata(format!("/proc/{pid}/fd/{fd}"))) else {
            return out.push(unavailable(format!("mq_open: /proc/{pid}/fd/{fd} cannot be read")));
        };
        let obj = ObjectId { dev: m.dev(), ino: m.ino() };
        let label = format!("POSIX mq {name}");
        let i = self.objects.track(
            Key::PosixMq(obj),
            ObjectKind::PosixMq,
            label,
            obj.ino as i64,
            Some(obj),
            Some(name.clone()),
            created.then_some(by),
        );
        self.objects.used(i, pid);
        if self.objects[i].created_by.is_some() {
            self.set_evidence(i, Evidence::PosixMq { name: name.clone(), dev: obj.dev, ino: obj.ino });
        }
        self.mq_state(pid, fd, name, out);
    }

    pub(super) fn on_mq_use(&mut self, pid: Pid, fd: i32, out: &mut Vec<KernelEvent>) {
        let name = match self.tracked_fd(pid, fd) {
            Some(i) => {
                self.objects.used(i, pid);
                self.objects[i].path.clone()
            }
            None => fd_link(nix_pid(pid), fd),
        };
        if let Some(name) = name {
            self.mq_state(pid, fd, name, out);
        }
    }

    pub(super) fn on_mq_unlink(&mut self, task: TaskRef, addr: u64, by: ByCall, out: &mut Vec<KernelEvent>) {
        let mem = ProcessMemory::new(task.tid);
        let Some(bytes) = Reader::new(&mem, 0).c_string_bytes(addr, 256) else { return };
        // The C library passes the name without its leading slash.
        let name = format!("/{}", String::from_utf8_lossy(&bytes.data).trim_start_matches('/'));
        let mut lives_on = None;
        if let Some(i) = self.objects.find_path(ObjectKind::PosixMq, &name) {
            if self.objects[i].fate.is_none() {
                self.objects.used(i, task.pid);
                self.set_fate(i, Fate::Removed { by });
                lives_on = self.lives_on(task, i, &name);
            }
        }
        out.push(KernelEvent::Gone(Gone {
            kind: ObjectKind::PosixMq,
            name: format!("POSIX mq {name}"),
            how: GoneHow::Unlinked,
            lives_on,
        }));
    }

    pub(super) fn mq_state(&mut self, pid: Pid, fd: i32, name: String, out: &mut Vec<KernelEvent>) {
        match mq_attr(nix_pid(pid), fd) {
            Ok(a) => {
                let status = mq_status(nix_pid(pid), fd).ok();
                out.push(KernelEvent::PosixMq(PosixMqState {
                    name,
                    messages: a.curmsgs,
                    max_messages: a.maxmsg,
                    message_size: a.msgsize,
                    bytes: status.map(|s| s.qsize),
                    notify_pid: status.and_then(|s| s.notify_pid).map(|p| p.as_raw()),
                }));
            }
            Err(e) => self.failed(e, out),
        }
    }
}
