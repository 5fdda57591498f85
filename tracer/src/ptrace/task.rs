//! The loop's model of a traced task: whether its calls are shown yet, the
//! call it is in (entry seen, exit not yet), and its descriptor table's
//! cached targets, shared with the threads and copied to the children that
//! share or copy the table itself.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Instant;

use super::fd_targets::{FdTargets, SharedFds};
use crate::decode::Syscall;
use crate::event::Pid;

/// Whether a task's calls are reported yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Visibility {
    /// ipclab's own child between fork and exec.
    PreExec,
    /// Before the start marker: the loader and the runtime.
    BeforeMarker,
    Shown,
}

/// A call whose entry was seen and whose exit was not yet.
pub(super) struct Pending {
    pub call: Syscall,
    /// Reported to the sinks (shown, and inside the filter).
    pub reported: bool,
}

/// One traced thread.
pub(super) struct Task {
    /// Its process (thread group).
    pub tgid: Pid,
    pub visibility: Visibility,
    pub pending: Option<Pending>,
    pub fds: SharedFds,
    /// An exec event arrived for the pending execve: report it after the call.
    pub exec_path: Option<(String, Option<Pid>)>,
    /// How many calls each `--inject` rule has matched in this process
    /// (shared by its threads; a child process starts from zero).
    pub inject_counts: Rc<RefCell<Vec<u32>>>,
    /// The last call exited with a restart code: the kernel may enter it
    /// again, which is not a new call.
    pub restart: Option<Restart>,
    /// Held at a call's entry by `delay=` until then; resumed by the loop.
    pub held_until: Option<Instant>,
    /// The tick (`tick::ticks`) of its last syscall stop: a thread that
    /// makes no call for a while is running in user space.
    pub last_stop: u64,
    /// The call a signal interrupted last, and the tick it happened in, so
    /// that where it waited is still known once Ctrl-C has woken it.
    pub interrupted: Option<(Syscall, u64)>,
}

/// A call that exited with a restart code (ERESTARTSYS and the like).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Restart {
    /// Its number.
    pub nr: u64,
    /// A signal handler has returned since (rt_sigreturn): the next call is
    /// either the restart or the program's own.
    pub handler_returned: bool,
}

impl Task {
    /// A task of process `tgid` with a descriptor table of its own, nothing
    /// cached yet.
    pub fn new(tgid: Pid, visibility: Visibility) -> Task {
        Task {
            tgid,
            visibility,
            pending: None,
            fds: Rc::new(RefCell::new(FdTargets::default())),
            exec_path: None,
            inject_counts: Rc::default(),
            restart: None,
            held_until: None,
            last_stop: super::tick::ticks(),
            interrupted: None,
        }
    }

    /// The task `child` that `parent` made: a thread of its process or a
    /// new process, its fd table shared or copied, shown when the parent is.
    pub fn child_of(parent: &Task, child: Pid, thread: bool, shares_files: bool) -> Task {
        let fds = if shares_files { parent.fds.clone() } else { Rc::new(RefCell::new(parent.fds.borrow().clone())) };
        Task {
            tgid: if thread { parent.tgid } else { child },
            visibility: parent.visibility,
            pending: None,
            fds,
            exec_path: None,
            inject_counts: if thread { parent.inject_counts.clone() } else { Rc::default() },
            restart: None,
            held_until: None,
            last_stop: super::tick::ticks(),
            interrupted: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thread_shares_its_process_and_table_and_a_process_gets_a_copy() {
        let parent = Task::new(100, Visibility::Shown);
        let thread = Task::child_of(&parent, 101, true, true);
        assert_eq!((thread.tgid, thread.visibility), (100, Visibility::Shown));
        assert!(Rc::ptr_eq(&thread.fds, &parent.fds));
        let process = Task::child_of(&parent, 200, false, false);
        assert_eq!(process.tgid, 200);
        assert!(!Rc::ptr_eq(&process.fds, &parent.fds));
        let hidden = Task::child_of(&Task::new(1, Visibility::BeforeMarker), 2, false, false);
        assert_eq!(hidden.visibility, Visibility::BeforeMarker, "children inherit their parent's visibility");
        assert!(Rc::ptr_eq(&thread.inject_counts, &parent.inject_counts), "a process's threads count together");
        assert!(!Rc::ptr_eq(&process.inject_counts, &parent.inject_counts), "a child process counts from zero");
    }
}
