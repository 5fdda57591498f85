//! Tasks coming and going: a fork, vfork or clone makes a task (a thread or
//! a process, its fd table shared or copied), an exec renames it or hides
//! its start-up again, a signal is reported and passed on, a task that ends
//! is reported with the call it was cut off in.

use super::config::Outcome;
use super::observer::TaskRef;
use super::requests::{self, Resume, SyscallStop};
use super::task::{Task, Visibility};
use super::tracer::Tracer;
use crate::event::{EventKind, Exit, Pid, SignalInfo, Spawn};
use crate::proc::process_status;
use syscalls::Sysno;

impl Tracer<'_> {
    pub(super) fn event_stop(&mut self, tid: Pid, event: i32, signal: i32) {
        match event {
            libc::PTRACE_EVENT_FORK | libc::PTRACE_EVENT_VFORK | libc::PTRACE_EVENT_CLONE => {
                if let Ok(child) = requests::event_msg(tid) {
                    self.new_child(tid, child as Pid, event);
                }
                self.resume(tid, 0);
            }
            libc::PTRACE_EVENT_EXEC => {
                self.exec_event(tid);
                self.resume(tid, 0);
            }
            libc::PTRACE_EVENT_SECCOMP => {
                // A chosen call is entering: treat it as a syscall-entry-stop
                // and resume to its exit.
                if let Ok(SyscallStop::Entry { arch, nr, args, sp }) = requests::syscall_info(tid) {
                    self.syscall_entry(tid, arch, nr, args, sp);
                }
                self.resume(tid, 0);
            }
            libc::PTRACE_EVENT_EXIT => {
                let pid = self.tasks[&tid].tgid;
                let mut out = Vec::new();
                self.observer.exiting(TaskRef { pid, tid }, &mut out);
                self.emit_all(pid, tid, out);
                self.resume(tid, 0);
            }
            libc::PTRACE_EVENT_STOP => {
                if matches!(signal, libc::SIGSTOP | libc::SIGTSTP | libc::SIGTTIN | libc::SIGTTOU) {
                    // Group-stop: stay stopped as the program asked, but
                    // hear about SIGCONT.
                    if self.is_shown(tid) {
                        let pid = self.tasks[&tid].tgid;
                        self.emit(pid, tid, EventKind::Stop { signal });
                    }
                    let _ = requests::resume(tid, Resume::Listen, 0);
                } else {
                    self.resume(tid, 0);
                }
            }
            _ => self.resume(tid, 0),
        }
    }

    pub(super) fn is_shown(&self, tid: Pid) -> bool {
        self.tasks.get(&tid).is_some_and(|t| t.visibility == Visibility::Shown)
    }

    /// Takes on a task that stopped before its creator's fork event was
    /// seen: its process and parent come from /proc. Its spawn is reported
    /// now, from the thread of its creator that is in a fork or clone call,
    /// so that no consumer sees a task's events before the spawn that made
    /// it; the creator's event, when it comes, adds nothing.
    pub(super) fn adopt(&mut self, tid: Pid) {
        let (tgid, ppid) = ids_of(tid).unwrap_or((tid, self.root));
        let thread = tgid != tid;
        let creator = if thread { tgid } else { ppid };
        match self.creating_thread(creator) {
            Some(parent_tid) => {
                self.spawn_child(parent_tid, tid, None);
                self.announced.insert(tid);
            }
            None => self.add_task(tid, Task::new(tgid, Visibility::Shown)),
        }
    }

    /// The thread of process `pid` that is making a new task: the one in a
    /// fork, vfork or clone call, else its first thread.
    fn creating_thread(&self, pid: Pid) -> Option<Pid> {
        let forking = |t: &Task| {
            t.pending.as_ref().and_then(|p| p.call.sysno).is_some_and(|s| {
                #[cfg(target_arch = "x86_64")]
                if matches!(s, Sysno::fork | Sysno::vfork) {
                    return true;
                }
                matches!(s, Sysno::clone | Sysno::clone3)
            })
        };
        let threads = || self.tasks.iter().filter(move |(_, t)| t.tgid == pid).map(|(&tid, t)| (tid, t));
        threads().find(|(_, t)| forking(t)).or_else(|| threads().find(|&(tid, _)| tid == pid)).map(|(tid, _)| tid)
    }

    pub(super) fn new_child(&mut self, parent_tid: Pid, child: Pid, event: i32) {
        if self.announced.remove(&child) {
            // Reported when it was adopted.
            if self.killing.is_some() {
                requests::kill(child);
            }
            return;
        }
        self.spawn_child(parent_tid, child, Some(event));
    }

    /// `parent_tid` made `child` (with ptrace event `event`, when its
    /// event came): a task for it, and its spawn reported.
    fn spawn_child(&mut self, parent_tid: Pid, child: Pid, event: Option<i32>) {
        let parent = &self.tasks[&parent_tid];
        let pending = parent.pending.as_ref().map(|p| &p.call);
        let flags = pending.and_then(|c| c.clone_flags());
        let via: &'static str = pending.and_then(|c| c.sysno).map(|s| s.name()).unwrap_or(match event {
            Some(libc::PTRACE_EVENT_FORK) => "fork",
            Some(libc::PTRACE_EVENT_VFORK) => "vfork",
            _ => "clone",
        });
        let thread = match flags {
            Some(f) => f & libc::CLONE_THREAD as u64 != 0,
            None => {
                event.is_none_or(|e| e == libc::PTRACE_EVENT_CLONE) && ids_of(child).is_some_and(|(g, _)| g != child)
            }
        };
        let shares_files = match flags {
            Some(f) => f & libc::CLONE_FILES as u64 != 0,
            None => thread,
        };
        let pid = parent.tgid;
        let shown = parent.visibility == Visibility::Shown;
        if !self.tasks.contains_key(&child) {
            let task = Task::child_of(&self.tasks[&parent_tid], child, thread, shares_files);
            self.add_task(child, task);
        }
        let spawn = Spawn { child, thread, via };
        if shown {
            let mut out = Vec::new();
            self.observer.spawned(TaskRef { pid, tid: parent_tid }, &spawn, &mut out);
            self.emit(pid, parent_tid, EventKind::Spawn(spawn));
            self.emit_all(pid, parent_tid, out);
        }
        self.check_budget(pid, parent_tid);
        if self.killing.is_some() {
            requests::kill(child);
        }
    }

    pub(super) fn exec_event(&mut self, tid: Pid) {
        let former = requests::event_msg(tid).ok().map(|t| t as Pid).filter(|&t| t != tid);
        if let Some(former) = former {
            // A thread other than the leader exec'd: it takes the leader's
            // id, and the leader is gone without an exit report. As strace
            // shows it: the call the leader was in never returns, and it is
            // superseded.
            if let Some(mut leader) = self.take_task(tid) {
                let pid = leader.tgid;
                let shown = leader.visibility == Visibility::Shown;
                if let Some(p) = leader.pending.take().filter(|p| p.reported) {
                    self.emit(pid, tid, EventKind::Syscall(p.call));
                }
                if shown {
                    self.emit(pid, tid, EventKind::Superseded { by: former });
                }
            }
            if let Some(mut task) = self.take_task(former) {
                task.tgid = tid;
                self.add_task(tid, task);
            }
        }
        let marker = self.config.start_marker.is_some();
        let path = std::fs::read_link(format!("/proc/{tid}/exe"))
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(task) = self.tasks.get_mut(&tid) else { return };
        task.fds.borrow_mut().clear();
        match task.visibility {
            Visibility::PreExec => {
                task.visibility = if marker { Visibility::BeforeMarker } else { Visibility::Shown };
                self.program_path = Some(path.clone());
                if let Some(p) = task.pending.as_mut() {
                    p.reported = task.visibility == Visibility::Shown;
                }
                if task.visibility == Visibility::Shown {
                    if let Some(p) = task.pending.as_ref() {
                        self.sink.enter(task.tgid, tid, &p.call);
                    }
                }
            }
            // The program started itself again (a lab's roles run as the
            // same binary): hide its start-up again until its own marker.
            Visibility::Shown if marker && self.program_path.as_deref() == Some(path.as_str()) => {
                task.visibility = Visibility::BeforeMarker;
            }
            _ => {}
        }
        task.exec_path = Some((path, former));
    }

    pub(super) fn signal_stop(&mut self, tid: Pid, sig: i32) {
        if matches!(sig, libc::SIGINT | libc::SIGTERM | libc::SIGHUP) {
            if let Some(t) = self.tasks.get(&tid) {
                self.term_delivered.insert(t.tgid, (sig, super::tick::ticks()));
            }
        }
        if self.is_shown(tid) {
            let info = requests::siginfo(tid).ok().map(|si| signal_info(sig, &si));
            let info = info.unwrap_or(SignalInfo {
                signo: sig,
                code: 0,
                sender_pid: None,
                sender_uid: None,
                addr: None,
                status: None,
                times: None,
            });
            let pid = self.tasks[&tid].tgid;
            let mut out = Vec::new();
            self.observer.signal(TaskRef { pid, tid }, &info, &mut out);
            self.emit(pid, tid, EventKind::Signal(info));
            self.emit_all(pid, tid, out);
        }
        self.resume(tid, sig);
    }

    pub(super) fn task_gone(&mut self, tid: Pid, exit: Exit) {
        let Some(mut task) = self.take_task(tid) else { return };
        let pid = task.tgid;
        if let Some(p) = task.pending.take() {
            if p.reported {
                // Cut off inside the call (exit_group, a fatal signal).
                self.emit(pid, tid, EventKind::Syscall(p.call));
            }
        }
        if tid == self.root && task.visibility == Visibility::PreExec && self.exec_error.is_none() {
            self.prestart_exit = Some(exit);
        }
        if tid == self.root {
            self.root_exit = Some(match exit {
                Exit::Code(c) => Outcome::Exited(c),
                Exit::Signal { signal, core_dumped } => Outcome::Signaled { signal, core_dumped },
            });
        }
        if task.visibility == Visibility::Shown || tid == self.root && self.exec_error.is_none() {
            let mut out = Vec::new();
            self.observer.exited(TaskRef { pid, tid }, exit, &mut out);
            if task.visibility == Visibility::Shown {
                self.emit(pid, tid, EventKind::Exit(exit));
            }
            self.emit_all(pid, tid, out);
        }
    }
}

/// The thread group and parent of `tid`, from /proc (for tasks whose
/// creation we did not see).
fn ids_of(tid: Pid) -> Option<(Pid, Pid)> {
    let status = process_status(nix::unistd::Pid::from_raw(tid)).ok()?;
    Some((status.tgid.as_raw(), status.ppid.as_raw()))
}

fn signal_info(sig: i32, si: &libc::siginfo_t) -> SignalInfo {
    let code = si.si_code;
    let mut info =
        SignalInfo { signo: sig, code, sender_pid: None, sender_uid: None, addr: None, status: None, times: None };
    // The members that mean something for this signal and code (see
    // sigaction(2), "The siginfo_t argument").
    let fields = crate::sys::siginfo_fields(si);
    match sig {
        libc::SIGSEGV | libc::SIGBUS | libc::SIGILL | libc::SIGFPE | libc::SIGTRAP if code > 0 => {
            info.addr = Some(fields.addr);
        }
        // A child changed state: the kernel filled the status and times.
        // (A SIGCHLD sent with kill has si_code SI_USER and neither.)
        libc::SIGCHLD if code > 0 => {
            info.sender_pid = Some(fields.pid);
            info.sender_uid = Some(fields.uid);
            info.status = Some(fields.status);
            info.times = Some((fields.utime, fields.stime));
        }
        _ if code <= 0 || code == libc::SI_USER => {
            // Sent by a process: kill, tkill, tgkill, sigqueue, or
            // a timer/mq notification (which also fill si_pid).
            info.sender_pid = Some(fields.pid);
            info.sender_uid = Some(fields.uid);
        }
        _ => {}
    }
    info
}
