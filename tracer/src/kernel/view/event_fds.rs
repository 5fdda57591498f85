//! Descriptors that carry events: after the calls that make or change an
//! eventfd, an epoll instance or a signalfd, and after a `read` or `write`
//! on one, what its fdinfo now says (the counter, the interest list, the
//! mask), with what the process does with the signals a signalfd reads.
//!
//! These objects live only as long as a descriptor on them: nothing for
//! the ledger. They all share one anonymous inode, so the view finds them
//! by the descriptor's link (`anon_inode:[eventfd]`), never by identity.

use syscalls::Sysno;

use super::{KernelView, nix_pid};
use crate::decode::Syscall;
use crate::event::Pid;
use crate::event::kernel::{EpollState, EpollWatchState, EventfdState, KernelEvent, SignalfdState};
use crate::proc::fd_dir::fd_link;
use crate::proc::{epoll, eventfd, object_of, signalfd, thread_status};
use crate::ptrace::TaskRef;

/// The link of an eventfd's descriptor.
pub(super) const EVENTFD_LINK: &str = "anon_inode:[eventfd]";
/// The link of a signalfd's descriptor.
pub(super) const SIGNALFD_LINK: &str = "anon_inode:[signalfd]";

impl KernelView {
    /// After a call of the event family (`eventfd2`, `epoll_create1`,
    /// `epoll_ctl`, `signalfd4`...): the object it made or changed.
    pub(super) fn event_exit(&mut self, task: TaskRef, sysno: Sysno, call: &Syscall, out: &mut Vec<KernelEvent>) {
        let ret = call.ret.unwrap_or(-1) as i32;
        match sysno {
            Sysno::eventfd2 => self.eventfd_state(task.pid, ret, out),
            #[cfg(target_arch = "x86_64")]
            Sysno::eventfd => self.eventfd_state(task.pid, ret, out),
            Sysno::epoll_create1 => self.epoll_state(task.pid, ret, out),
            #[cfg(target_arch = "x86_64")]
            Sysno::epoll_create => self.epoll_state(task.pid, ret, out),
            Sysno::epoll_ctl => self.epoll_state(task.pid, call.raw.args[0] as i32, out),
            Sysno::signalfd4 => self.signalfd_state(task, ret, out),
            #[cfg(target_arch = "x86_64")]
            Sysno::signalfd => self.signalfd_state(task, ret, out),
            _ => {}
        }
    }

    /// After data moved through fd `fd` whose link is `link`: an eventfd's
    /// counter or a signalfd's state. False when it is neither.
    pub(super) fn on_event_fd(&mut self, task: TaskRef, fd: i32, link: &str, out: &mut Vec<KernelEvent>) -> bool {
        match link {
            EVENTFD_LINK => self.eventfd_state(task.pid, fd, out),
            SIGNALFD_LINK => self.signalfd_state(task, fd, out),
            _ => return false,
        }
        true
    }

    fn eventfd_state(&mut self, pid: Pid, fd: i32, out: &mut Vec<KernelEvent>) {
        match eventfd(nix_pid(pid), fd) {
            Ok(e) => out.push(KernelEvent::Eventfd(EventfdState { pid, fd, count: e.count, semaphore: e.semaphore })),
            Err(e) => self.failed(e, out),
        }
    }

    fn epoll_state(&mut self, pid: Pid, fd: i32, out: &mut Vec<KernelEvent>) {
        let watches = match epoll(nix_pid(pid), fd) {
            Ok(w) => w,
            Err(e) => return self.failed(e, out),
        };
        let mut watches: Vec<EpollWatchState> = watches
            .into_iter()
            .map(|w| {
                // The number still names the watched file only if the inode
                // is the same (it may have been closed, or reused).
                let same = object_of(nix_pid(pid), w.fd).is_ok_and(|o| o.ino == w.ino);
                let object = if same { fd_link(nix_pid(pid), w.fd) } else { None };
                EpollWatchState { fd: w.fd, object, events: w.events, data: w.data }
            })
            .collect();
        // fdinfo lists them in the order of the kernel's tree (by file).
        watches.sort_by_key(|w| w.fd);
        out.push(KernelEvent::Epoll(EpollState { pid, fd, watches }));
    }

    fn signalfd_state(&mut self, task: TaskRef, fd: i32, out: &mut Vec<KernelEvent>) {
        let mask = match signalfd(nix_pid(task.pid), fd) {
            Ok(m) => m,
            Err(e) => return self.failed(e, out),
        };
        let (unblocked, pending) = match thread_status(nix_pid(task.pid), nix_pid(task.tid)) {
            Ok(st) => (mask.0 & !st.blocked.0, st.pending.0 | st.shared_pending.0),
            Err(e) => return self.failed(e, out),
        };
        out.push(KernelEvent::Signalfd(SignalfdState { pid: task.pid, fd, mask: mask.0, unblocked, pending }));
    }
}
