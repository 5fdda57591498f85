//! The hang report: when a traced program runs out of time, say for each
//! live thread what it is blocked in, on which kernel object, and who could
//! wake it, from the tracer's own record of the pending call and from
//! /proc. Reading never changes what it reads (see the module root).
//!
//! The classic case it must explain: a child that reads a pipe until EOF
//! but never closed its own copy of the write end. The report names the
//! child, the pipe and the write-end fd the child still holds.
//!
//! The report is data ([`BlockedTask`], with a typed [`Diagnosis`]); its
//! words are rendered by `crate::render::hang`.

use std::collections::{BTreeSet, HashMap};

use nix::unistd::Pid as NixPid;

use crate::proc::{End, FDTarget, FdKind, Holder, ProcState, SigSet, fd_entry, holders, mq_attr};
use crate::proc::{ErrorKind, RING_HEADER_LEN, epoll, parse_ring, parse_shm_mappings, read_memory, signalfd, wchan};
use crate::proc::{msg_queue, msg_types, object_of, process_status, queued_bytes, sem_stat, unix_diag};
use syscalls::Sysno;

use crate::decode::signal_name;
use crate::decode::table::{self, Dir, Wait};
use crate::decode::{Syscall, Value};
pub use crate::event::hang::{BlockedTask, Diagnosis, Fact, SemValueFact, TypesRead, WatchedFact};
use crate::event::{EventKind, Pid};
use crate::ptrace::{Blocked, Observer, Outcome, TaskRef};
use crate::render::call::{CallStyle, head};

/// Reports, when time runs out, where each thread was blocked and why.
///
/// It also keeps the trace's own record of each System V queue's messages
/// (the types sent, less those received), for a kernel that cannot show
/// them: see [`Queued`].
#[derive(Debug, Default)]
pub struct HangReporter {
    queued: Queued,
}

/// The types of the messages in each System V queue, by the run's reported
/// `msgsnd` and `msgrcv` calls: true when every process that used the queue
/// was traced and its calls shown.
#[derive(Debug, Default)]
pub struct Queued(HashMap<i64, Vec<i64>>);

impl Queued {
    /// Notes a call that returned.
    pub fn note(&mut self, call: &Syscall) {
        let Some(id) = int_arg(call, "msqid") else { return };
        let mtype = call.arg("msgp").and_then(|m| m.field("mtype")).and_then(Value::as_i64);
        match (call.sysno, mtype) {
            (Some(Sysno::msgsnd), Some(t)) if call.succeeded() => self.0.entry(id).or_default().push(t),
            (Some(Sysno::msgrcv), Some(t)) if call.succeeded() => {
                let types = self.0.entry(id).or_default();
                if let Some(at) = types.iter().position(|x| *x == t) {
                    types.remove(at);
                }
            }
            (Some(Sysno::msgctl), _) if call.succeeded() && call.raw.args[1] as i32 == libc::IPC_RMID => {
                self.0.remove(&id);
            }
            _ => {}
        }
    }

    /// The types queued in `id`, oldest first, as far as the record goes.
    pub fn of(&self, id: i64) -> Vec<i64> {
        self.0.get(&id).cloned().unwrap_or_default()
    }
}

impl Observer for HangReporter {
    fn syscall_exit(&mut self, _task: TaskRef, call: &Syscall, _out: &mut Vec<EventKind>) {
        if matches!(call.sysno, Some(Sysno::msgsnd | Sysno::msgrcv | Sysno::msgctl)) {
            self.queued.note(call);
        }
    }

    fn before_kill(&mut self, why: Outcome, blocked: &[Blocked<'_>], out: &mut Vec<EventKind>) {
        if why != Outcome::TimedOut {
            return;
        }
        out.push(EventKind::Hang(analyze(blocked, &self.queued)));
    }

    /// Ctrl-C on a stuck program: the same report as a timeout. A thread
    /// the signal has just woken is stopped by the tracer now, so its state
    /// is what it was doing before: in its call, or (not in a call, none
    /// made for a while) running in user space.
    fn interrupted(&mut self, signal: i32, blocked: &[Blocked<'_>], out: &mut Vec<EventKind>) {
        let mut tasks = analyze_as(blocked, &self.queued, |call| match call {
            Some(_) => None,
            None => Some(ProcState::Running),
        });
        for t in &mut tasks {
            // Waiting for a signal it catches, and this is one: not a mistake.
            let catches =
                |pid: Pid| process_status(NixPid::from_raw(pid)).is_ok_and(|st| SigSet(st.caught.0).contains(signal));
            if t.diagnosis == Some(Diagnosis::SignalNeverSent) && catches(t.pid) {
                t.diagnosis = None;
                t.facts.push(Fact::CatchesSignal { signal: signal_name(signal).to_string() });
            }
            // The signal wakes a thread from its call: whatever it does now
            // (stopped by the tracer, running to its handler) is not where
            // it waited, which its call says.
            let asleep = matches!(t.state, Some(ProcState::Sleeping | ProcState::DiskSleep));
            if t.call.is_some() && !asleep {
                t.state = None;
            }
            if !asleep {
                t.wchan = None;
            }
        }
        out.push(EventKind::Hang(tasks));
    }
}

/// What each live thread was doing: `blocked` lists every traced thread,
/// the call the tracer saw it enter (None when it is between calls) and,
/// for one running its own code, where it was; `queued` is the trace's
/// record of the queues' messages.
pub fn analyze(blocked: &[Blocked<'_>], queued: &Queued) -> Vec<BlockedTask> {
    analyze_as(blocked, queued, |_| None)
}

/// As [`analyze`], with the state of a thread that is stopped by the
/// tracer taken from `state_of` its call (None: as /proc says).
fn analyze_as(
    blocked: &[Blocked<'_>],
    queued: &Queued,
    state_of: impl Fn(Option<&Syscall>) -> Option<ProcState>,
) -> Vec<BlockedTask> {
    let processes: BTreeSet<Pid> = blocked.iter().map(|b| b.task.pid).collect();
    let mut tasks: Vec<BlockedTask> = blocked
        .iter()
        .map(|b| {
            let (pid, tid, call) = (b.task.pid, b.task.tid, b.call);
            let mut task = BlockedTask { pid, tid, ..Default::default() };
            if let Ok(status) = process_status(NixPid::from_raw(tid)) {
                task.state = Some(status.state);
            }
            if task.state == Some(ProcState::TracingStop) {
                task.state = state_of(call).or(task.state);
            }
            task.wchan = wchan(NixPid::from_raw(tid)).ok().flatten();
            match call {
                Some(call) => {
                    task.call = Some(head(call, CallStyle::BLOCKED));
                    task.call_name = Some(call.name.to_string());
                    // A call of another architecture has a name of its own.
                    task.sysno = call.sysno.filter(|s| s.name() == call.name);
                    explain(&mut task, call, &processes, queued);
                }
                None => explain_between_calls(&mut task, &b.ips, b.recent),
            }
            task
        })
        .collect();
    link_waiters(&mut tasks);
    tasks
}

fn fd_arg(call: &Syscall, name: &str) -> Option<i32> {
    call.arg(name).and_then(Value::as_fd).map(|f| f.fd)
}

fn int_arg(call: &Syscall, name: &str) -> Option<i64> {
    call.arg(name).and_then(Value::as_i64)
}

/// Each process once, with its fds, in the order first seen.
fn list_holders(hs: &[&Holder]) -> Vec<(Pid, Vec<i32>)> {
    let mut by_pid: Vec<(Pid, Vec<i32>)> = Vec::new();
    for h in hs {
        let pid = h.pid.as_raw();
        match by_pid.iter_mut().find(|(p, _)| *p == pid) {
            Some((_, fds)) => fds.push(h.fd),
            None => by_pid.push((pid, vec![h.fd])),
        }
    }
    by_pid
}

/// What the call waits for, from the call table.
fn wait_of(task: &BlockedTask) -> Option<Wait> {
    task.sysno.and_then(|s| table::of(s).waits)
}

fn explain(task: &mut BlockedTask, call: &Syscall, processes: &BTreeSet<Pid>, queued: &Queued) {
    let Some(row) = task.sysno.map(table::of) else { return };
    let Some(wait) = row.waits else { return };
    match wait {
        Wait::Data => {
            let Some(io) = row.io else { return };
            if let Some(fd) = call.args.get(io.fd_arg as usize).and_then(|a| a.value.as_fd()).map(|f| f.fd) {
                explain_fd(task, fd, io.dir == Dir::Out, processes);
            }
        }
        Wait::FifoPeer => {
            task.facts.push(Fact::FifoOpenBlocks);
            let flags = call.arg("flags").and_then(Value::as_i64).unwrap_or(0) as i32;
            task.diagnosis = Some(Diagnosis::FifoNoPeer { writing: End::from_open_flags(flags) == End::Write });
        }
        Wait::Child => task.facts.push(Fact::WaitingForChild),
        Wait::SysvMessage(Dir::In) => explain_msgrcv(task, call, queued),
        Wait::SysvMessage(Dir::Out) => {
            if let Some(id) = int_arg(call, "msqid") {
                task.object = Some(format!("msqid {id}"));
                if let Ok(Some(q)) = msg_queue(id as i32) {
                    task.facts.push(Fact::SysvQueueFull { messages: q.qnum, bytes: q.cbytes });
                }
            }
        }
        Wait::Semaphore => explain_semop(task, call),
        Wait::PosixMessage(dir) => {
            if let Some(fd) = fd_arg(call, "mqdes") {
                task.object = Some(format!("POSIX queue fd {fd}"));
                if let Ok(attr) = mq_attr(NixPid::from_raw(task.tid), fd) {
                    task.facts.push(Fact::PosixQueueHolds { messages: attr.curmsgs, max: attr.maxmsg });
                    if dir == Dir::In && attr.curmsgs == 0 {
                        task.diagnosis = Some(Diagnosis::MqEmpty);
                    }
                }
            }
        }
        Wait::Connection => {
            task.facts.push(Fact::WaitingForClient);
            task.diagnosis = Some(Diagnosis::NoClient);
        }
        Wait::Signal => explain_signal_wait(task),
        Wait::Futex => explain_futex(task, call),
        Wait::Sleep => task.facts.push(Fact::Sleeping),
        Wait::Readiness => {
            task.facts.push(Fact::WaitingForReadiness);
            if is_epoll_wait(task.sysno) {
                explain_epoll(task, a_fd(call), processes);
            }
        }
        Wait::Lock => task.facts.push(Fact::WaitingForFileLock),
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
                let readers: Vec<&Holder> = all.iter().filter(|h| h.access.reads()).collect();
                if let Some(q) = queued {
                    task.facts.push(Fact::PipeFull { object: target.clone(), bytes: q as u64 });
                }
                task.facts.push(Fact::ReadEndOpenIn { holders: list_holders(&readers) });
                // Only the writer itself could make room: it never will.
                task.diagnosis = match readers.as_slice() {
                    [only] if only.pid.as_raw() == task.pid => {
                        Some(Diagnosis::PipeFullOwnReadEnd { object: target, fd: only.fd })
                    }
                    _ => {
                        let mut pids: Vec<Pid> = readers.iter().map(|h| h.pid.as_raw()).collect();
                        pids.dedup();
                        Some(Diagnosis::PipeNobodyReads { pid: task.pid, readers: pids })
                    }
                };
                return;
            }
            let writers: Vec<&Holder> = all.iter().filter(|h| h.access.writes()).collect();
            match queued {
                Some(0) | None => task.facts.push(Fact::PipeEmpty { object: target.clone() }),
                Some(q) => task.facts.push(Fact::PipeHolds { object: target.clone(), bytes: q as u64 }),
            }
            if writers.is_empty() {
                task.facts.push(Fact::NoWriteEnd);
                return;
            }
            task.facts.push(Fact::WriteEndOpenIn { holders: list_holders(&writers) });
            let own: Vec<&&Holder> = writers.iter().filter(|h| h.pid.as_raw() == task.pid).collect();
            if own.iter().any(|h| h.fd == fd && h.access == End::Both) {
                task.diagnosis = Some(Diagnosis::PipeOpenedReadWrite { pid: task.pid, object: target, fd });
            } else if let Some(h) = own.first() {
                task.diagnosis = Some(Diagnosis::PipeOwnWriteEnd { pid: task.pid, object: target, fd: h.fd });
            } else {
                let writers = writers.iter().map(|h| (h.pid.as_raw(), h.fd)).collect();
                task.diagnosis = Some(Diagnosis::PipeWritersIdle { writers });
            }
        }
        FdKind::Socket => {
            task.object = Some(target.clone());
            if let FDTarget::Socket(inode) = entry.target {
                if let Ok(diag) = unix_diag(inode) {
                    let (to_read, unsent, peer) = (diag.rqueue, diag.wqueue, diag.peer);
                    task.facts.push(Fact::SocketQueues { object: target.clone(), to_read, unsent, peer });
                }
            }
        }
        FdKind::AnonInode(ref name) if name.contains("inotify") => {
            task.object = Some(target);
            task.facts.push(Fact::WaitingForInotify);
            task.diagnosis = Some(Diagnosis::InotifyNoEvent);
        }
        _ => task.object = Some(target),
    }
}

/// An fd's target as /proc names it: `pipe:[48213]`, `socket:[9911]`, a path.
fn target_string(target: &FDTarget) -> String {
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

/// Most messages whose types a report lists.
const TYPES_SHOWN: usize = 32;

fn explain_msgrcv(task: &mut BlockedTask, call: &Syscall, queued: &Queued) {
    let Some(id) = int_arg(call, "msqid") else { return };
    task.object = Some(format!("msqid {id}"));
    let msgtyp = int_arg(call, "msgtyp").unwrap_or(0);
    match msg_queue(id as i32) {
        Ok(Some(q)) => {
            task.facts.push(Fact::SysvQueueHolds { messages: q.qnum, bytes: q.cbytes });
            if let Some(p) = q.lspid {
                task.facts.push(Fact::LastSentBy { pid: p.as_raw() });
            }
            task.diagnosis = Some(if q.qnum == 0 {
                Diagnosis::MsgQueueEmpty
            } else {
                let (queued, read) = queued_types(id, queued);
                Diagnosis::MsgTypeAbsent { msgtyp, queued, read }
            });
        }
        Ok(None) => task.facts.push(Fact::SysvQueueGone),
        Err(e) => task.facts.push(Fact::QueueUnreadable { why: e.to_string() }),
    }
}

/// The types of the messages in queue `id`: from the queue itself, or,
/// when the kernel cannot copy them out, from the trace's record.
fn queued_types(id: i64, record: &Queued) -> (Vec<i64>, TypesRead) {
    match msg_types(id as i32, TYPES_SHOWN) {
        Ok(types) => (types, TypesRead::FromQueue),
        Err(e) if matches!(e.kind(), ErrorKind::Sys(nix::errno::Errno::ENOSYS)) => {
            let why = "this kernel cannot copy a message out without taking it (msgrcv MSG_COPY needs \
                       CONFIG_CHECKPOINT_RESTORE)"
                .to_string();
            match record.of(id) {
                types if types.is_empty() => {
                    (types, TypesRead::Unknown { why: format!("{why}, and no msgsnd to it was shown") })
                }
                types => (types, TypesRead::FromTrace { why }),
            }
        }
        Err(e) => (Vec::new(), TypesRead::Unknown { why: e.to_string() }),
    }
}

/// The semaphore a blocked `semop` waits on: the first operation that
/// takes (`sem_op` < 0) or waits for zero, else the first.
fn awaited_semaphore(call: &Syscall) -> u16 {
    let ops: Vec<(i64, i64)> = match call.arg("sops") {
        Some(Value::Array { items, .. }) => items
            .iter()
            .map(|op| {
                let num = op.field("sem_num").and_then(Value::as_i64).unwrap_or(0);
                (num, op.field("sem_op").and_then(Value::as_i64).unwrap_or(0))
            })
            .collect(),
        _ => Vec::new(),
    };
    let first = ops.iter().find(|(_, op)| *op <= 0).or(ops.first());
    first.map_or(0, |(num, _)| *num as u16)
}

fn explain_semop(task: &mut BlockedTask, call: &Syscall) {
    let Some(id) = int_arg(call, "semid") else { return };
    task.object = Some(format!("semid {id}"));
    let Ok(Some((set, Ok(values)))) = sem_stat(id as i32) else { return };
    let shown = values.iter().map(|v| SemValueFact {
        value: v.value.into(),
        waiting: v.ncnt.into(),
        last: v.pid.map(|p| p.as_raw()),
    });
    task.facts.push(Fact::SemValues { values: shown.collect() });
    let semnum = awaited_semaphore(call);
    let Some(awaited) = values.get(semnum as usize) else { return };
    // The kernel's own record: `sempid` is set by every semop and SETVAL
    // that changed the semaphore, `sem_otime` by every semop that
    // succeeded on the set.
    task.diagnosis = Some(match (awaited.value, awaited.pid, set.otime) {
        (0, None, _) => Diagnosis::SemaphoreNeverInitialised { semnum },
        (0, Some(by), 0) => Diagnosis::SemaphoreSetToZero { semnum, by: by.as_raw() },
        (_, holder, _) => Diagnosis::SemaphoreNeverReleased { holder: holder.map(|p| p.as_raw()) },
    });
}

/// One of the calls that wait in an epoll instance (its first argument).
fn is_epoll_wait(sysno: Option<Sysno>) -> bool {
    #[cfg(target_arch = "x86_64")]
    if sysno == Some(Sysno::epoll_wait) {
        return true;
    }
    matches!(sysno, Some(Sysno::epoll_pwait | Sysno::epoll_pwait2))
}

fn a_fd(call: &Syscall) -> i32 {
    call.raw.args[0] as i32
}

/// An epoll wait: what the instance watches, and which of the watched
/// streams hung up while still watched edge-triggered (epoll told that once).
fn explain_epoll(task: &mut BlockedTask, epfd: i32, processes: &BTreeSet<Pid>) {
    let me = NixPid::from_raw(task.tid);
    let Ok(mut watches) = epoll(NixPid::from_raw(task.pid), epfd) else { return };
    watches.sort_by_key(|w| w.fd);
    task.object = Some(format!("epoll fd {epfd}"));
    let mut list = Vec::new();
    for w in watches {
        let Ok(entry) = fd_entry(me, w.fd) else { continue };
        let target = target_string(&entry.target);
        let events = crate::event::notify::epoll_events(w.events);
        let mut item = WatchedFact { fd: w.fd, object: target.clone(), events, unblocked: None, hung_up: false };
        let hung_up = match entry.kind {
            FdKind::Pipe | FdKind::Fifo(_) => object_of(me, w.fd).ok().and_then(|object| {
                let pids = processes.iter().map(|p| NixPid::from_raw(*p));
                let writers = holders(pids, object).ok()?.iter().filter(|h| h.access.writes()).count();
                let empty = queued_bytes(me, w.fd).map(|q| q.inq == 0).unwrap_or(false);
                Some(writers == 0 && empty)
            }),
            FdKind::Socket => match entry.target {
                FDTarget::Socket(inode) => unix_diag(inode).ok().map(|d| d.hung_up()),
                _ => None,
            },
            FdKind::AnonInode(ref name) if name.contains("signalfd") => {
                // Signals it reads that the thread does not block are
                // delivered instead, and never wait here.
                let mask = signalfd(NixPid::from_raw(task.pid), w.fd).ok();
                let blocked = process_status(me).ok().map(|st| st.blocked);
                if let (Some(mask), Some(blocked)) = (mask, blocked) {
                    let open = SigSet(mask.0 & !blocked.0);
                    if !open.is_empty() {
                        item.unblocked = Some((mask.to_string(), open.to_string()));
                        if task.diagnosis.is_none() {
                            task.diagnosis =
                                Some(Diagnosis::SignalfdNotBlocked { fd: w.fd, signals: open.to_string() });
                        }
                    }
                }
                None
            }
            _ => None,
        };
        if hung_up == Some(true) {
            item.hung_up = true;
            if w.events & libc::EPOLLET as u32 != 0 && task.diagnosis.is_none() {
                task.diagnosis = Some(Diagnosis::EpollWatchesHungUp { fd: w.fd, object: target });
            }
        }
        list.push(item);
    }
    task.facts.push(Fact::Watches { watched: list });
}

/// A futex wait: what the word holds now against what the thread went to
/// sleep on (the kernel put it to sleep only because they were equal), and
/// the segment and ring it is in.
fn explain_futex(task: &mut BlockedTask, call: &Syscall) {
    let a = call.raw.args;
    let cmd = a[1] as i32 & !(libc::FUTEX_PRIVATE_FLAG | libc::FUTEX_CLOCK_REALTIME);
    if cmd != libc::FUTEX_WAIT && cmd != libc::FUTEX_WAIT_BITSET {
        task.facts.push(Fact::FutexInUserSpace);
        return;
    }
    let pid = NixPid::from_raw(task.pid);
    let (addr, slept_on) = (a[0], a[2] as u32);
    let maps = std::fs::read_to_string(format!("/proc/{}/maps", task.pid)).unwrap_or_default();
    let segment = parse_shm_mappings(&maps).unwrap_or_default().into_iter().find(|m| m.start <= addr && addr < m.end);
    match segment {
        Some(m) => {
            task.object = Some(format!("futex word at shm {}+{:#x}", m.shmid, addr - m.start));
            if let Some(r) = read_memory(pid, m.start, RING_HEADER_LEN).ok().and_then(|b| parse_ring(&b)) {
                task.facts.push(Fact::Ring { ring: r });
            }
        }
        None => task.facts.push(Fact::FutexHeld),
    }
    let Some(now) = read_memory(pid, addr, 4).ok().and_then(|b| Some(u32::from_ne_bytes(b.try_into().ok()?))) else {
        return;
    };
    if now == slept_on {
        task.facts.push(Fact::FutexUnchanged { now });
    } else {
        task.facts.push(Fact::FutexChanged { now, slept_on });
        task.diagnosis = Some(Diagnosis::FutexWordChanged { slept_on, now });
    }
}

fn explain_signal_wait(task: &mut BlockedTask) {
    task.facts.push(Fact::WaitingForSignal);
    if let Ok(st) = process_status(NixPid::from_raw(task.tid)) {
        task.facts.push(Fact::SignalMasks { blocked: st.blocked.to_string(), caught: st.caught.to_string() });
        let pending = (st.pending.0 | st.shared_pending.0) & st.blocked.0;
        if pending != 0 {
            task.facts.push(Fact::PendingBlocked { signals: SigSet(pending).to_string() });
        }
    }
    task.diagnosis = Some(Diagnosis::SignalNeverSent);
}

/// A thread in no call: running its own code (spinning: the loop stopped it to read where, `ips`,
/// and the first place in the program's own source is named; or between two `recent` calls), or stopped.
fn explain_between_calls(task: &mut BlockedTask, ips: &[u64], recent: bool) {
    if let Some(&first) = ips.first() {
        let place = crate::symbols::first_own_place(task.pid, ips);
        task.facts.push(Fact::RunningOwnCode { place: place.clone(), address: first });
        // What /proc says now is the stop the loop made to look.
        (task.state, task.wchan) = (Some(ProcState::Running), None);
        task.diagnosis = Some(Diagnosis::BusyLoop { place });
        return;
    }
    match task.state {
        Some(ProcState::Running) if recent => task.facts.push(Fact::RunningBetweenCalls),
        Some(ProcState::Running) => {
            task.facts.push(Fact::RunningUserSpace);
            task.diagnosis = Some(Diagnosis::BusyLoop { place: None });
        }
        Some(ProcState::Stopped) => task.facts.push(Fact::StoppedBySignal),
        _ => {
            if let Some(raw) = crate::proc::blocked_call(NixPid::from_raw(task.tid)) {
                (task.call, task.sysno) =
                    (Some(format!("{}(...)", crate::decode::call_name(&raw))), Sysno::new(raw.nr as usize));
                task.call_name = Some(crate::decode::call_name(&raw).into_owned());
            }
        }
    }
}

/// A parent waiting for a child that is itself blocked: say so.
fn link_waiters(tasks: &mut [BlockedTask]) {
    let blocked: Vec<(Pid, String)> = tasks
        .iter()
        .filter(|t| t.sysno != Some(Sysno::wait4))
        .filter_map(|t| Some((t.pid, t.call_name.clone()?)))
        .collect();
    for task in tasks.iter_mut() {
        if wait_of(task) == Some(Wait::Child) {
            let children: Vec<(Pid, String)> = blocked
                .iter()
                .filter(|(pid, _)| process_status(NixPid::from_raw(*pid)).is_ok_and(|s| s.ppid.as_raw() == task.pid))
                .cloned()
                .collect();
            if !children.is_empty() {
                task.facts.push(Fact::ChildrenBlocked { children });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    use crate::decode::{Field, RawSyscall, RetKind};
    use crate::sys;

    fn blocked_in(sysno: Sysno, args: Vec<Field>) -> Syscall {
        Syscall {
            sysno: Some(sysno),
            name: Cow::Borrowed(sysno.name()),
            args,
            raw: RawSyscall::new(sysno.id() as u64, [0; 6]),
            ret: None,
            errno: None,
            ret_kind: RetKind::Int,
            ret_value: None,
            injected: None,
        }
    }

    /// This process, as if blocked in `call`.
    fn diagnose(call: &Syscall) -> Option<Diagnosis> {
        let me = std::process::id() as Pid;
        let task = TaskRef { pid: me, tid: me };
        let blocked = Blocked { task, call: Some(call), ips: Vec::new(), recent: false };
        analyze(&[blocked], &Queued::default())[0].diagnosis.clone()
    }

    fn take(semid: i32) -> Syscall {
        let op = Value::Struct(vec![
            Field::new("sem_num", Value::Int(0)),
            Field::new("sem_op", Value::Int(-1)),
            Field::new("sem_flg", Value::Int(0)),
        ]);
        let sops = Value::Array { items: vec![op], more: false };
        blocked_in(Sysno::semtimedop, vec![Field::new("semid", Value::Int(semid as i64)), Field::new("sops", sops)])
    }

    #[test]
    fn a_semaphore_never_initialised_is_told_apart_from_one_taken_and_not_given_back() {
        let id = sys::semget(libc::IPC_PRIVATE, 1, libc::IPC_CREAT | 0o600).expect("semget");
        let checked = std::panic::catch_unwind(|| {
            assert_eq!(diagnose(&take(id)), Some(Diagnosis::SemaphoreNeverInitialised { semnum: 0 }));
            sys::sem_setval(id, 0, 0).expect("SETVAL 0");
            let me = std::process::id() as Pid;
            assert_eq!(diagnose(&take(id)), Some(Diagnosis::SemaphoreSetToZero { semnum: 0, by: me }));
            sys::semop(id, &mut [libc::sembuf { sem_num: 0, sem_op: 1, sem_flg: 0 }]).expect("give");
            sys::semop(id, &mut [libc::sembuf { sem_num: 0, sem_op: -1, sem_flg: 0 }]).expect("take");
            assert_eq!(diagnose(&take(id)), Some(Diagnosis::SemaphoreNeverReleased { holder: Some(me) }));
        });
        sys::sem_remove(id).expect("the set made above is removed");
        checked.unwrap();
    }

    #[test]
    fn a_wait_for_a_type_nobody_sent_lists_the_types_queued() {
        let id = sys::msgget(libc::IPC_PRIVATE, libc::IPC_CREAT | 0o600).expect("msgget");
        let checked = std::panic::catch_unwind(|| {
            sys::msgsnd(id, 3, b"a note", libc::IPC_NOWAIT).expect("msgsnd");
            sys::msgsnd(id, 1, b"ping", libc::IPC_NOWAIT).expect("msgsnd");
            let args = vec![Field::new("msqid", Value::Int(id as i64)), Field::new("msgtyp", Value::Int(2))];
            let d = diagnose(&blocked_in(Sysno::msgrcv, args)).expect("a diagnosis");
            match &d {
                Diagnosis::MsgTypeAbsent { msgtyp: 2, queued, read: TypesRead::FromQueue } => {
                    assert_eq!(queued, &[3, 1]);
                    assert!(d.to_string().starts_with("no message of type 2 is queued; the queue holds types 3, 1"));
                }
                // A kernel without MSG_COPY: the trace's record, empty here.
                Diagnosis::MsgTypeAbsent { msgtyp: 2, read: TypesRead::Unknown { .. }, .. } => {}
                other => panic!("{other:?}"),
            }
        });
        sys::msg_remove(id).expect("the queue made above is removed");
        checked.unwrap();
    }

    #[test]
    fn the_trace_keeps_what_each_queue_holds_for_a_kernel_that_cannot_show_it() {
        let done = |sysno, id: i64, mtype: i64, extra: u64| {
            let msgp = Value::Struct(vec![Field::new("mtype", Value::Int(mtype))]);
            let mut c = blocked_in(sysno, vec![Field::new("msqid", Value::Int(id)), Field::new("msgp", msgp)]);
            c.ret = Some(0);
            c.raw.args[1] = extra;
            c
        };
        let mut q = Queued::default();
        q.note(&done(Sysno::msgsnd, 7, 3, 0));
        q.note(&done(Sysno::msgsnd, 7, 1, 0));
        q.note(&done(Sysno::msgsnd, 7, 1, 0));
        q.note(&done(Sysno::msgrcv, 7, 1, 0));
        assert_eq!(q.of(7), [3, 1]);
        q.note(&done(Sysno::msgctl, 7, 0, libc::IPC_RMID as u64));
        assert!(q.of(7).is_empty(), "a removed queue holds nothing");
    }

    #[test]
    fn holders_list_each_process_once_with_its_fds() {
        let h = |pid, fd| Holder { pid: NixPid::from_raw(pid), fd, access: End::Read };
        let hs = [h(5, 3), h(5, 4), h(6, 3), h(5, 9)];
        let refs: Vec<&Holder> = hs.iter().collect();
        assert_eq!(list_holders(&refs), [(5, vec![3, 4, 9]), (6, vec![3])]);
        let fact = Fact::ReadEndOpenIn { holders: list_holders(&refs) };
        assert_eq!(fact.to_string(), "read end open in: pid 5 fds 3, 4 and 9, pid 6 fd 3");
        assert_eq!(fact.message(crate::i18n::Lang::Ko), "읽기 끝을 쥔 프로세스: pid 5 fd 3, 4 및 9, pid 6 fd 3");
    }
}
