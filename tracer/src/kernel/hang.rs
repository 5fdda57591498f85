//! The hang report: when a traced program runs out of time, say for each
//! live thread what it is blocked in, on which kernel object, and who could
//! wake it, from the tracer's own record of the pending call and from
//! /proc. Reading never changes what it reads (see the module root).
//!
//! The classic case it must explain: a child that reads a pipe until EOF
//! but never closed its own copy of the write end. The report names the
//! child, the pipe and the write-end fd the child still holds.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use nix::unistd::Pid as NixPid;

use super::{Access, FdKind, Holder, ProcState, fd_entry, holders, mq_attr, msg_queue, object_of, process_status};
use super::{queued_bytes, sem_values, syscall_state, unix_diag, wchan};
use crate::decode::{Syscall, Value};
use crate::event::Pid;

/// One live thread at the moment time ran out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BlockedTask {
    pub pid: Pid,
    pub tid: Pid,
    /// The call it is in, as the trace shows its head (`read(3<pipe:[48213]>, ...)`).
    pub call: Option<String>,
    /// The call's name.
    pub call_name: Option<String>,
    /// The scheduler state letter (S sleeping, R running, T stopped, ...).
    pub state: Option<char>,
    /// Where in the kernel it sleeps (/proc/PID/wchan), e.g. `pipe_read`.
    pub wchan: Option<String>,
    /// The object it waits on (`pipe:[48213]`, `msqid 32768`, `semid 5`).
    pub object: Option<String>,
    /// What the kernel says about that object.
    pub facts: Vec<String>,
    /// The likely mistake, when the facts point at one.
    pub diagnosis: Option<String>,
}

/// What each live thread was doing: `blocked` lists every traced thread and
/// the call the tracer saw it enter (None when it is between calls).
pub fn analyze(blocked: &[(Pid, Pid, Option<&Syscall>)]) -> Vec<BlockedTask> {
    let processes: BTreeSet<Pid> = blocked.iter().map(|(pid, _, _)| *pid).collect();
    let mut tasks: Vec<BlockedTask> = blocked
        .iter()
        .map(|&(pid, tid, call)| {
            let mut task = BlockedTask { pid, tid, ..Default::default() };
            if let Ok(status) = process_status(NixPid::from_raw(tid)) {
                task.state = Some(status.state.letter());
            }
            task.wchan = wchan(NixPid::from_raw(tid)).ok().flatten();
            match call {
                Some(call) => {
                    task.call = Some(head(call));
                    task.call_name = Some(call.name.to_string());
                    explain(&mut task, call, &processes);
                }
                None => explain_between_calls(&mut task),
            }
            task
        })
        .collect();
    link_waiters(&mut tasks);
    tasks
}

/// A call's name and the arguments it passed in; what the kernel fills in
/// is shown as `...`.
pub fn head(call: &Syscall) -> String {
    let mut s = format!("{}(", call.name);
    for (i, arg) in call.args.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        match arg.value {
            Value::Out(_) => s.push_str("..."),
            ref v => {
                let _ = write!(s, "{v}");
            }
        }
    }
    s.push(')');
    s
}

fn fd_arg(call: &Syscall, name: &str) -> Option<i32> {
    call.arg(name).and_then(Value::as_fd).map(|f| f.fd)
}

fn int_arg(call: &Syscall, name: &str) -> Option<i64> {
    call.arg(name).and_then(Value::as_i64)
}

fn list_holders(hs: &[&Holder]) -> String {
    hs.iter().map(|h| format!("pid {} fd {}", h.pid, h.fd)).collect::<Vec<_>>().join(", ")
}

fn explain(task: &mut BlockedTask, call: &Syscall, processes: &BTreeSet<Pid>) {
    let name = call.name.as_ref();
    match name {
        "read" | "readv" | "pread64" | "recvfrom" | "recvmsg" | "write" | "writev" | "sendto" | "sendmsg" => {
            if let Some(fd) = fd_arg(call, "fd").or_else(|| fd_arg(call, "sockfd")) {
                let writing = matches!(name, "write" | "writev" | "sendto" | "sendmsg");
                explain_fd(task, fd, writing, processes);
            }
        }
        "openat" | "open" => {
            task.facts.push("opening a FIFO blocks until another process opens its other end".into());
            let flags = call.arg("flags").map(|f| f.to_string()).unwrap_or_default();
            let (mine, other) = if flags.starts_with("O_WRONLY") {
                ("writing", "reading (O_RDONLY)")
            } else {
                ("reading", "writing (O_WRONLY)")
            };
            task.diagnosis = Some(format!(
                "it opens the FIFO for {mine}, and no process opens it for {other}: does the other side run, \
                 open the same path, and open it the other way?"
            ));
        }
        "wait4" | "waitid" => {
            task.facts.push("waiting for a child process to change state".into());
        }
        "msgrcv" => explain_msgrcv(task, call),
        "msgsnd" => {
            if let Some(id) = int_arg(call, "msqid") {
                task.object = Some(format!("msqid {id}"));
                if let Ok(Some(q)) = msg_queue(id as i32) {
                    task.facts.push(format!("the queue holds {} messages, {} bytes: it is full", q.qnum, q.cbytes));
                }
            }
        }
        "semop" | "semtimedop" => explain_semop(task, call),
        "mq_timedreceive" | "mq_timedsend" => {
            if let Some(fd) = fd_arg(call, "mqdes") {
                task.object = Some(format!("POSIX queue fd {fd}"));
                if let Ok(attr) = mq_attr(NixPid::from_raw(task.tid), fd) {
                    task.facts.push(format!("the queue holds {} of at most {} messages", attr.curmsgs, attr.maxmsg));
                    if name == "mq_timedreceive" && attr.curmsgs == 0 {
                        task.diagnosis = Some("the queue is empty and no process sends to it any more".into());
                    }
                }
            }
        }
        "accept" | "accept4" => {
            task.facts.push("waiting for a client to connect".into());
            task.diagnosis = Some("no client connected: is the client running, and connecting to this path?".into());
        }
        "pause" | "rt_sigsuspend" | "rt_sigtimedwait" | "sigsuspend" => explain_signal_wait(task),
        "futex" => task.facts.push(
            "waiting on a futex: a lock, condition variable or thread join in user space (another thread holds it)"
                .into(),
        ),
        "nanosleep" | "clock_nanosleep" => task.facts.push("sleeping".into()),
        "poll" | "ppoll" | "select" | "pselect6" | "epoll_wait" | "epoll_pwait" => {
            task.facts.push("waiting until one of several descriptors is ready".into())
        }
        "flock" | "fcntl" => task.facts.push("waiting for a file lock another process holds (see /proc/locks)".into()),
        _ => {}
    }
}

/// A read or write on a pipe, FIFO or socket: who holds the other end.
fn explain_fd(task: &mut BlockedTask, fd: i32, writing: bool, processes: &BTreeSet<Pid>) {
    let me = NixPid::from_raw(task.tid);
    let Ok(entry) = fd_entry(me, fd) else { return };
    let target = target_string(&entry.target);
    match entry.kind {
        FdKind::Pipe | FdKind::Fifo(_) => {
            task.object = Some(target.clone());
            let Ok(object) = object_of(me, fd) else { return };
            let pids = processes.iter().map(|p| NixPid::from_raw(*p));
            let Ok(all) = holders(pids, object) else { return };
            let queued = queued_bytes(me, fd).map(|q| q.inq).ok();
            if writing {
                let readers: Vec<&Holder> = all.iter().filter(|h| h.access != Access::Write).collect();
                if let Some(q) = queued {
                    task.facts.push(format!("{target} is full: {q} bytes wait to be read"));
                }
                task.facts.push(format!("read end open in: {}", list_holders(&readers)));
                task.diagnosis = Some("nobody reads the pipe any more: the reader is blocked elsewhere (below)".into());
                return;
            }
            let writers: Vec<&Holder> = all.iter().filter(|h| h.access != Access::Read).collect();
            match queued {
                Some(0) | None => task.facts.push(format!("{target} is empty")),
                Some(q) => task.facts.push(format!("{target} holds {q} bytes")),
            }
            if writers.is_empty() {
                task.facts.push("no process holds its write end".into());
                return;
            }
            task.facts.push(format!("its write end is open in: {}", list_holders(&writers)));
            let own: Vec<&&Holder> = writers.iter().filter(|h| h.pid.as_raw() == task.pid).collect();
            if own.iter().any(|h| h.fd == fd && h.access == Access::ReadWrite) {
                task.diagnosis = Some(format!(
                    "pid {} opened {target} for reading and writing (O_RDWR) on fd {fd}: it is a writer itself, \
                     so end of file can never come; open it O_RDONLY to read",
                    task.pid
                ));
            } else if let Some(h) = own.first() {
                task.diagnosis = Some(format!(
                    "pid {} still holds the write end fd {} of {target}: end of file comes only when every write \
                     end is closed, so close fd {} before reading until EOF",
                    task.pid, h.fd, h.fd
                ));
            } else {
                task.diagnosis = Some(format!(
                    "{} never writes or closes it: close the write end in every process that does not write",
                    list_holders(&writers)
                ));
            }
        }
        FdKind::Socket => {
            task.object = Some(target.clone());
            if let super::FDTarget::Socket(inode) = entry.target {
                if let Ok(diag) = unix_diag(inode) {
                    task.facts.push(format!(
                        "{target}: {} bytes to read, {} bytes unsent{}",
                        diag.rqueue,
                        diag.wqueue,
                        diag.peer.map(|p| format!(", peer socket:[{p}]")).unwrap_or_default()
                    ));
                }
            }
        }
        FdKind::AnonInode(ref name) if name.contains("inotify") => {
            task.object = Some(target);
            task.facts.push("waiting for an inotify event on the watched paths".into());
            task.diagnosis = Some(
                "nothing happened that the watch asked for: check the event mask (e.g. a file renamed into place \
                 is IN_MOVED_TO, not IN_CREATE) and the watched path"
                    .into(),
            );
        }
        _ => task.object = Some(target),
    }
}

/// An fd's target as /proc names it: `pipe:[48213]`, `socket:[9911]`, a path.
fn target_string(target: &super::FDTarget) -> String {
    use super::FDTarget;
    match target {
        FDTarget::Pipe(ino) => format!("pipe:[{ino}]"),
        FDTarget::Socket(ino) => format!("socket:[{ino}]"),
        FDTarget::Net(ino) => format!("net:[{ino}]"),
        FDTarget::Path(p) => p.display().to_string(),
        FDTarget::AnonInode(name) => format!("anon_inode:{name}"),
        FDTarget::MemFD(name) => format!("/memfd:{name}"),
        FDTarget::Other(kind, ino) => format!("{kind}:[{ino}]"),
        FDTarget::Unknown(kind, rest) => format!("{kind}:{rest}"),
    }
}

fn explain_msgrcv(task: &mut BlockedTask, call: &Syscall) {
    let Some(id) = int_arg(call, "msqid") else { return };
    task.object = Some(format!("msqid {id}"));
    let msgtyp = int_arg(call, "msgtyp").unwrap_or(0);
    match msg_queue(id as i32) {
        Ok(Some(q)) => {
            task.facts.push(format!("the queue holds {} messages ({} bytes)", q.qnum, q.cbytes));
            if let Some(p) = q.lspid {
                task.facts.push(format!("last sent to by pid {p}"));
            }
            task.diagnosis = Some(if q.qnum == 0 {
                "the queue is empty and no process sends to it any more".into()
            } else {
                format!("no message of type {msgtyp} is queued: check the types sender and receiver use")
            });
        }
        Ok(None) => task.facts.push("the queue no longer exists".into()),
        Err(e) => task.facts.push(format!("cannot read the queue: {e}")),
    }
}

fn explain_semop(task: &mut BlockedTask, call: &Syscall) {
    let Some(id) = int_arg(call, "semid") else { return };
    task.object = Some(format!("semid {id}"));
    let Ok(values) = sem_values(id as i32) else { return };
    let shown: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let last = v.pid.map(|p| format!(", last changed by pid {p}")).unwrap_or_default();
            format!("sem {i} = {} ({} waiting{last})", v.value, v.ncnt)
        })
        .collect();
    task.facts.push(format!("values: {}", shown.join("; ")));
    task.diagnosis = Some(
        "the semaphore stays at 0: a process took it and never gave it back (a missing +1, or it died without SEM_UNDO)"
            .into(),
    );
}

fn explain_signal_wait(task: &mut BlockedTask) {
    task.facts.push("waiting for a signal".into());
    if let Ok(st) = process_status(NixPid::from_raw(task.tid)) {
        task.facts.push(format!("blocked signals: {}; caught: {}", st.blocked, st.caught));
        let pending = st.pending.0 | st.shared_pending.0;
        if pending != 0 {
            task.facts.push(format!("pending (blocked, so not delivered): {}", super::SigSet(pending)));
        }
    }
    task.diagnosis = Some("no process sends the signal it waits for, or the signal is blocked".into());
}

fn explain_between_calls(task: &mut BlockedTask) {
    match task.state {
        Some('R') => {
            task.facts.push("running in user space, making no system call".into());
            task.diagnosis = Some("a busy loop: it spins without ever waiting in the kernel".into());
        }
        Some('T') => task.facts.push("stopped by a signal (SIGSTOP?): nobody sent SIGCONT".into()),
        _ => {
            if let Ok(super::SyscallState::InSyscall { nr, .. }) = syscall_state(NixPid::from_raw(task.tid)) {
                task.call_name = Some(crate::decode::syscall_name(nr).into_owned());
                task.call = Some(format!("{}(...)", crate::decode::syscall_name(nr)));
            }
        }
    }
}

/// A parent waiting for a child that is itself blocked: say so.
fn link_waiters(tasks: &mut [BlockedTask]) {
    let blocked: Vec<(Pid, String)> =
        tasks.iter().filter_map(|t| Some((t.pid, t.call_name.clone()?))).filter(|(_, c)| c != "wait4").collect();
    for task in tasks.iter_mut() {
        if task.call_name.as_deref() == Some("wait4") || task.call_name.as_deref() == Some("waitid") {
            let kids: Vec<String> = blocked
                .iter()
                .filter(|(pid, _)| process_status(NixPid::from_raw(*pid)).is_ok_and(|s| s.ppid.as_raw() == task.pid))
                .map(|(pid, call)| format!("pid {pid} (blocked in {call})"))
                .collect();
            if !kids.is_empty() {
                task.facts.push(format!("its children are blocked too: {}", kids.join(", ")));
            }
        }
    }
}

impl BlockedTask {
    /// The report for this thread as text lines (without the tracer's prefix).
    pub fn lines(&self) -> Vec<String> {
        let mut first = if self.pid == self.tid {
            format!("pid {}", self.pid)
        } else {
            format!("pid {} thread {}", self.pid, self.tid)
        };
        match &self.call {
            Some(call) => {
                let _ = write!(first, ": blocked in {call}");
            }
            None => first.push_str(": not in a system call"),
        }
        let state = self.state.map(|c| format!("{c} ({})", state_word(c)));
        let mut extra: Vec<String> = state.into_iter().collect();
        if let Some(w) = &self.wchan {
            extra.push(format!("sleeping in {w}"));
        }
        if !extra.is_empty() {
            let _ = write!(first, " [{}]", extra.join(", "));
        }
        let mut lines = vec![first];
        lines.extend(self.facts.iter().map(|f| format!("    {f}")));
        if let Some(d) = &self.diagnosis {
            lines.push(format!("    likely mistake: {d}"));
        }
        lines
    }
}

fn state_word(c: char) -> &'static str {
    match ProcState::from_letter(c) {
        ProcState::Running => "running",
        ProcState::Sleeping => "sleeping",
        ProcState::DiskSleep => "in uninterruptible sleep",
        ProcState::Stopped => "stopped",
        ProcState::TracingStop => "stopped by the tracer",
        ProcState::Zombie => "zombie",
        _ => "other",
    }
}
