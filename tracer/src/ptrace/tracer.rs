//! The loop: wait for any tracee, decode its stop, pair each call's entry
//! and exit per thread, hand the events to the sinks and the observers, and
//! resume it. A tick wakes the wait to flush output and to notice a timeout
//! or ipclab being told to stop; then the tree is killed.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use nix::errno::Errno;
use nix::unistd::Pid as NixPid;
use syscalls::Sysno;

use super::config::{Budget, Config, Outcome};
use super::fd_targets;
use super::observer::{Blocked, Observer, TaskRef};
use super::requests::{self, Resume, Status, SyscallStop};
use super::task::{Pending, Task, Visibility};
use super::{ProcessMemory, tick};
use crate::decode::{self, Field, RawSyscall, Syscall};
use crate::event::{Event, EventKind, Exec, Exit, Pid, Sink};
use crate::idmap::IdMap;
use crate::proc::{ProcState, process_status};

/// How long a thread running its own code may take to stop, so that the
/// hang report can say where it was, and how many times it is looked at.
const LOCATE_PATIENCE: Duration = Duration::from_millis(200);
const PLACE_SAMPLES: usize = 8;

/// A running trace.
pub(super) struct Tracer<'a> {
    pub config: &'a Config,
    pub sink: &'a mut dyn Sink,
    pub observer: &'a mut dyn Observer,
    pub start: Instant,
    /// Some sink reads event times.
    pub timed: bool,
    pub tasks: IdMap<Task>,
    /// How many of `tasks` lead a process, and how many are other threads.
    pub processes: usize,
    pub threads: usize,
    /// Every task id ever traced in this run: a termination signal one of
    /// them sent (to its process group, which holds ipclab) is not a
    /// request to ipclab.
    pub traced_ever: HashSet<Pid, rustc_hash::FxBuildHasher>,
    /// Tasks whose spawn was reported before their creator's fork event.
    pub announced: HashSet<Pid, rustc_hash::FxBuildHasher>,
    pub root: Pid,
    pub root_exit: Option<Outcome>,
    /// Set once the tree is being killed, with the reason.
    pub killing: Option<Outcome>,
    /// The root process had ended by itself when the killing began.
    pub root_ended_first: bool,
    /// ipclab was asked to stop and lets the program end on its own.
    pub interrupt: Option<Interrupt>,
    /// The termination signals received, not yet looked at.
    pub requests: tick::Requests,
    /// The last termination signal delivered to each process (SIGINT,
    /// SIGTERM, SIGHUP), with the tick it came in.
    pub term_delivered: IdMap<(i32, u64)>,
    /// The program could not be exec'd after fork.
    pub exec_error: Option<Errno>,
    /// The child ended before it could exec the program.
    pub prestart_exit: Option<Exit>,
    /// The program's executable, once exec'd.
    pub program_path: Option<String>,
    pub filter: Option<Vec<bool>>,
    /// The calls the observer needs to hear of even when they are not
    /// reported: outside the filter, and before the start marker (so that
    /// objects made before it are in the ledger, and removed).
    pub observed: Option<Vec<bool>>,
    pub use_seccomp: bool,
    /// The fd cache sees every call that could make it wrong.
    pub trust_fds: bool,
    pub deadline: Option<Instant>,
    /// Argument vectors of calls already shown, emptied, for the next
    /// calls to decode into.
    pub spare_args: Vec<Vec<Field>>,
    /// Tasks held at a call's entry by `--inject ...:delay=MS`.
    pub held: Vec<Pid>,
    /// Wakes the wait when the first held task's time comes.
    pub wake: Option<nix::sys::timer::Timer>,
}

/// How many emptied argument vectors the tracer keeps for reuse.
pub(super) const SPARE_ARGS: usize = 8;

/// A thread that has made no call for this many ticks (a second) is
/// running in user space without progress.
const IDLE_TICKS: u64 = 10;

/// ipclab was asked to stop and lets the program end on its own first.
#[derive(Debug)]
pub(super) struct Interrupt {
    pub signal: i32,
    pub at: Instant,
    pub tick: u64,
    /// Whether ipclab made up its mind about sending the signal to the
    /// program (a signal sent to ipclab alone did not reach it).
    pub forward_decided: bool,
}

/// Where each live thread is, when none is making progress: each one in
/// a call (or woken from one by the signal just now), or running
/// without a call for a second (only known when every call stops the
/// tracer). None when some thread is getting on.
fn stuck<'a>(
    tasks: &'a IdMap<Task>,
    unseen: &'a [(Pid, Syscall)],
    use_seccomp: bool,
    now: u64,
) -> Option<Vec<Blocked<'a>>> {
    let mut tids: Vec<Pid> = tasks.keys().copied().collect();
    tids.sort_unstable();
    let mut blocked = Vec::with_capacity(tids.len());
    for tid in tids {
        let t = &tasks[&tid];
        let task = TaskRef { pid: t.tgid, tid };
        let call = match (&t.pending, &t.interrupted) {
            (Some(p), _) => Some(&p.call),
            (None, Some((call, at))) if at + IDLE_TICKS >= now => Some(call),
            (None, _) if !use_seccomp && t.last_stop + IDLE_TICKS <= now => None,
            // Under a filter a call that does not stop the tracer is not
            // seen: the one /proc showed the thread asleep in, read when
            // the request came (`unseen`).
            (None, _) if use_seccomp => match unseen.iter().find(|(t, _)| *t == tid) {
                Some((_, call)) => Some(call),
                None => return None,
            },
            _ => return None,
        };
        // Where a thread running its own code is, is not sampled here: the
        // signal is on its way to it, and its handler runs next.
        blocked.push(Blocked { task, call, ips: Vec::new(), recent: false });
    }
    (!blocked.is_empty()).then_some(blocked)
}

/// A call's result that says a signal interrupted it (EINTR, or one of
/// the kernel's restart codes, which ptrace shows before the restart).
fn interrupted_by_signal(rval: i64) -> bool {
    const ERESTARTSYS: i64 = 512;
    const ERESTART_RESTARTBLOCK: i64 = 516;
    rval == -(libc::EINTR as i64) || (-ERESTART_RESTARTBLOCK..=-ERESTARTSYS).contains(&rval)
}

impl Tracer<'_> {
    pub(super) fn now(&self) -> Duration {
        if self.timed { self.start.elapsed() } else { Duration::ZERO }
    }

    pub(super) fn emit(&mut self, pid: Pid, tid: Pid, kind: EventKind) {
        let event = Event { time: self.now(), pid, tid, kind };
        self.sink.event(&event);
        if let EventKind::Syscall(call) = event.kind {
            self.recycle(call);
        }
    }

    /// Keeps the argument vector of a call that is done with.
    pub(super) fn recycle(&mut self, mut call: Syscall) {
        if self.spare_args.len() < SPARE_ARGS && call.args.capacity() > 0 {
            call.args.clear();
            self.spare_args.push(std::mem::take(&mut call.args));
        }
    }

    pub(super) fn emit_all(&mut self, pid: Pid, tid: Pid, kinds: Vec<EventKind>) {
        for kind in kinds {
            self.emit(pid, tid, kind);
        }
    }

    /// Adds a task to the table (replacing any with its id), counting it
    /// as a process or a thread.
    pub(super) fn add_task(&mut self, tid: Pid, task: Task) {
        self.count(tid, &task, 1);
        self.traced_ever.insert(tid);
        if let Some(old) = self.tasks.insert(tid, task) {
            self.count(tid, &old, -1);
        }
    }

    /// Takes a task out of the table.
    pub(super) fn take_task(&mut self, tid: Pid) -> Option<Task> {
        let task = self.tasks.remove(&tid)?;
        self.count(tid, &task, -1);
        Some(task)
    }

    fn count(&mut self, tid: Pid, task: &Task, by: isize) {
        let n = if task.tgid == tid { &mut self.processes } else { &mut self.threads };
        *n = n.saturating_add_signed(by);
    }

    /// Kills the tree when it holds more processes or threads than allowed.
    pub(super) fn check_budget(&mut self, pid: Pid, tid: Pid) {
        if self.killing.is_some() {
            return;
        }
        let over = match (self.config.max_processes, self.config.max_threads) {
            (Some(limit), _) if self.processes > limit => Budget::Processes(limit),
            (_, Some(limit)) if self.threads > limit => Budget::Threads(limit),
            _ => return,
        };
        let lang = self.config.lang;
        let note = match over {
            Budget::Processes(n) => crate::tr!(lang, "note-over-processes", count = n),
            Budget::Threads(n) => crate::tr!(lang, "note-over-threads", count = n),
        };
        self.emit(pid, tid, EventKind::Note(note));
        self.kill_tree(Outcome::TooManyTasks(over));
    }

    pub(super) fn run_loop(&mut self) -> Outcome {
        loop {
            self.check_limits();
            if !self.held.is_empty() {
                self.release_held();
            }
            match requests::wait_any() {
                Ok((tid, status)) => {
                    // A request that came while waiting is seen before the
                    // stop it woke up with.
                    self.check_requests();
                    self.handle(tid, status)
                }
                Err(Errno::EINTR) => self.sink.idle(),
                Err(Errno::ECHILD) => break,
                Err(e) => {
                    let note = crate::tr!(self.config.lang, "note-waitpid-failed", error = e.to_string());
                    self.emit(self.root, self.root, EventKind::Note(note));
                    break;
                }
            }
        }
        match (self.killing, self.root_exit) {
            // Interrupted, the program ended by itself, and only what it
            // left running was killed: its own status, as untraced.
            (Some(Outcome::Interrupted(_)), Some(own)) if self.root_ended_first => own,
            (killing, own) => killing.or(own).unwrap_or(Outcome::Exited(0)),
        }
    }

    /// Starts killing the tree when time is up or ipclab was told to stop,
    /// and lets an interrupted program end on its own within its grace.
    pub(super) fn check_limits(&mut self) {
        self.check_requests();
        if self.killing.is_some() {
            return;
        }
        if self.interrupt.is_some() {
            self.interrupt_progress();
        }
        if self.killing.is_none() && self.deadline.is_some_and(|d| Instant::now() >= d) {
            self.kill_tree(Outcome::TimedOut);
        }
    }

    /// Looks at the termination signals received: those a tracee sent (its
    /// process group holds ipclab) pass; the others ask ipclab to stop.
    pub(super) fn check_requests(&mut self) {
        for (seq, request) in self.requests.poll() {
            if request.sent_by_a_process() && self.traced_ever.contains(&request.sender) {
                tick::sent_by_tracee(seq);
                continue;
            }
            self.stop_requested(request.signal);
        }
    }

    fn stop_requested(&mut self, signal: i32) {
        if self.killing.is_some() {
            return;
        }
        let Some(grace) = self.config.interrupt_grace else {
            return self.kill_tree(Outcome::Interrupted(signal));
        };
        if self.interrupt.is_some() {
            let name = crate::decode::signal_name(signal);
            let note = crate::tr!(self.config.lang, "note-signal-again", signal = name);
            self.emit(self.root, self.root, EventKind::Note(note));
            return self.kill_tree(Outcome::Interrupted(signal));
        }
        let now = tick::ticks();
        self.interrupt = Some(Interrupt { signal, at: Instant::now(), tick: now, forward_decided: false });
        self.emit(self.root, self.root, EventKind::Interrupted { signal, grace });
        let mut out = Vec::new();
        let unseen = if self.use_seccomp { self.unseen_calls() } else { Vec::new() };
        if let Some(blocked) = stuck(&self.tasks, &unseen, self.use_seccomp, now) {
            self.observer.interrupted(signal, &blocked, &mut out);
        }
        self.emit_all(self.root, self.root, out);
    }

    /// Under a filter: the calls the threads ipclab saw in none sleep in,
    /// as /proc shows them now (the filter let them run without a stop),
    /// decoded at their entry. A thread running, or one whose call cannot
    /// be read, is left out.
    fn unseen_calls(&self) -> Vec<(Pid, Syscall)> {
        let opts = self.config.decode;
        let unseen = self.tasks.iter().filter(|(_, t)| t.pending.is_none());
        unseen
            .filter_map(|(&tid, _)| {
                let raw = crate::proc::blocked_call(NixPid::from_raw(tid))?;
                Some((tid, decode::decode_entry(raw, &ProcessMemory::new(tid), &opts)))
            })
            .collect()
    }

    /// An interrupted program: the signal sent on to it when it did not get
    /// it itself (a `kill` of ipclab alone), as strace does; killed when its
    /// grace is over.
    fn interrupt_progress(&mut self) {
        let Some(int) = self.interrupt.as_ref() else { return };
        let (signal, at, tick) = (int.signal, int.at, int.tick);
        let grace = self.config.interrupt_grace.unwrap_or_default();
        if at.elapsed() >= grace {
            let name = crate::decode::signal_name(signal);
            let secs = grace.as_secs_f64();
            self.emit(
                self.root,
                self.root,
                EventKind::Note(crate::tr!(
                    self.config.lang,
                    "note-grace-over",
                    secs = secs.to_string(),
                    signal = name
                )),
            );
            return self.kill_tree(Outcome::Interrupted(signal));
        }
        if int.forward_decided || at.elapsed() < tick::TICK {
            return;
        }
        // A signal to the whole group (the terminal's) reached the program
        // with ipclab; a signal to ipclab alone did not.
        let root = self.root;
        let delivered = self.term_delivered.get(&root).is_some_and(|&(s, t)| s == signal && t + IDLE_TICKS >= tick);
        let decided = match process_status(nix::unistd::Pid::from_raw(root)) {
            Err(_) => true, // gone
            Ok(_) if delivered || !self.tasks.contains_key(&root) => true,
            // In a stop not handled yet: it may be the signal's; look again.
            Ok(st) if st.state == crate::proc::ProcState::TracingStop => false,
            Ok(st) if st.pending.contains(signal) || st.shared_pending.contains(signal) => true,
            Ok(_) => {
                requests::signal(root, signal);
                let name = crate::decode::signal_name(signal);
                self.emit(
                    root,
                    root,
                    EventKind::Note(crate::tr!(self.config.lang, "note-sent-on", signal = name, pid = root)),
                );
                true
            }
        };
        if let Some(int) = self.interrupt.as_mut() {
            int.forward_decided = decided;
        }
    }

    pub(super) fn kill_tree(&mut self, why: Outcome) {
        if self.killing.is_some() {
            return;
        }
        if why == Outcome::TimedOut {
            self.let_active_threads_reach_a_call();
            if self.killing.is_some() {
                return;
            }
        }
        self.root_ended_first = self.root_exit.is_some();
        let mut tids: Vec<Pid> = self.tasks.keys().copied().collect();
        tids.sort_unstable();
        let now = tick::ticks();
        let recent = |t: &Task| t.last_stop + IDLE_TICKS > now;
        // On a timeout, a thread running its own code with no call for a
        // second (a busy loop) is stopped to see where it is: the hang
        // report names the place.
        let running = |tid: Pid| process_status(NixPid::from_raw(tid)).is_ok_and(|s| s.state == ProcState::Running);
        let ips: Vec<Vec<u64>> = tids
            .iter()
            .map(|tid| {
                let between = self.tasks[tid].pending.is_none() && !recent(&self.tasks[tid]);
                if why == Outcome::TimedOut && between && running(*tid) {
                    requests::sample_places(*tid, PLACE_SAMPLES, LOCATE_PATIENCE)
                } else {
                    Vec::new()
                }
            })
            .collect();
        let blocked: Vec<Blocked<'_>> = tids
            .iter()
            .zip(ips)
            .map(|(tid, ip)| {
                let t = &self.tasks[tid];
                let call = t.pending.as_ref().map(|p| &p.call);
                Blocked { task: TaskRef { pid: t.tgid, tid: *tid }, call, ips: ip, recent: recent(t) }
            })
            .collect();
        let mut out = Vec::new();
        self.observer.before_kill(why, &blocked, &mut out);
        self.emit_all(self.root, self.root, out);
        self.killing = Some(why);
        let mut groups: Vec<Pid> = self.tasks.values().map(|t| t.tgid).collect();
        groups.sort_unstable();
        groups.dedup();
        for pid in groups {
            requests::kill(pid);
        }
    }

    /// Before a hang report: a thread that made a call less than a second
    /// ago and is not asleep in one now (running its own code between two
    /// calls, in a call that does not block, or stopped at a call ipclab
    /// has not handled yet) is given a moment, all such threads together,
    /// to reach a call it sleeps in; its stops meanwhile are handled as any
    /// other. The report then shows an event loop back in its epoll_wait
    /// rather than taking it for a busy loop or naming a call by number.
    fn let_active_threads_reach_a_call(&mut self) {
        let now = tick::ticks();
        let asleep = |t: &Task, tid: Pid| {
            t.pending.is_some()
                && process_status(NixPid::from_raw(tid))
                    .is_ok_and(|s| matches!(s.state, ProcState::Sleeping | ProcState::DiskSleep))
        };
        let mut active: Vec<Pid> = self
            .tasks
            .iter()
            .filter(|(tid, t)| t.last_stop + IDLE_TICKS > now && !asleep(t, **tid))
            .map(|(tid, _)| *tid)
            .collect();
        active.sort_unstable();
        let deadline = Instant::now() + LOCATE_PATIENCE;
        while !active.is_empty() && self.killing.is_none() && Instant::now() < deadline {
            let mut handled = false;
            for &tid in &active {
                if let Ok((stopped, raw)) = crate::sys::waitpid(tid, libc::__WALL | libc::WNOHANG)
                    && stopped == tid
                {
                    self.handle(tid, Status::from_raw(raw));
                    handled = true;
                }
            }
            active.retain(|tid| self.tasks.get(tid).is_some_and(|t| !asleep(t, *tid)));
            if !handled {
                std::thread::sleep(Duration::from_millis(1));
            }
        }
    }

    pub(super) fn handle(&mut self, tid: Pid, status: Status) {
        if !self.tasks.contains_key(&tid) {
            match status {
                Status::Exited(_) | Status::Signaled { .. } => return,
                // A new task whose creator's fork event has not arrived yet
                // (or never will: the creator may be killed first).
                _ => self.adopt(tid),
            }
        }
        if self.killing.is_some() && matches!(status, Status::Event { event: libc::PTRACE_EVENT_STOP, .. }) {
            // A task born while the tree is being killed: kill it too.
            requests::kill(tid);
        }
        match status {
            Status::Exited(code) => self.task_gone(tid, Exit::Code(code)),
            Status::Signaled { signal, core_dumped } => self.task_gone(tid, Exit::Signal { signal, core_dumped }),
            Status::SyscallStop => self.syscall_stop(tid),
            Status::Event { event, signal } => self.event_stop(tid, event, signal),
            Status::Signal(sig) => self.signal_stop(tid, sig),
            Status::Other(_) => self.resume(tid, 0),
        }
    }

    /// Resumes `tid`: through the next call boundary when it is inside a
    /// call or every call is traced, else until the next seccomp stop.
    pub(super) fn resume(&mut self, tid: Pid, sig: i32) {
        let task = self.tasks.get(&tid);
        if task.is_some_and(|t| t.held_until.is_some()) {
            // `delay=`: the loop resumes it when its time comes.
            return;
        }
        let in_call = task.is_some_and(|t| t.pending.is_some());
        let how = if self.use_seccomp && !in_call { Resume::Cont } else { Resume::Syscall };
        // ESRCH: the task was killed meanwhile; its exit will be reported.
        let _ = requests::resume(tid, how, sig);
    }

    pub(super) fn in_filter(&self, nr: u64) -> bool {
        match &self.filter {
            None => true,
            Some(table) => table.get(nr as usize).copied().unwrap_or(false),
        }
    }

    /// Notes a task's first call in an ABI other than its last one's (a
    /// 64-bit program that exec'd a 32-bit one, or back), as strace marks
    /// it: `[ Process PID=N runs in 32 bit mode. ]`.
    fn personality(&mut self, tid: Pid, compat: bool) {
        let Some(task) = self.tasks.get_mut(&tid) else { return };
        if task.compat == compat {
            return;
        }
        task.compat = compat;
        let (pid, shown) = (task.tgid, task.visibility == Visibility::Shown);
        if shown {
            let mode = if compat { "32 bit" } else { "64 bit" };
            self.emit(pid, tid, EventKind::Note(format!("[ Process PID={pid} runs in {mode} mode. ]")));
        }
    }

    pub(super) fn syscall_stop(&mut self, tid: Pid) {
        match requests::syscall_info(tid) {
            Ok(SyscallStop::Entry { arch, nr, args, sp }) => self.syscall_entry(tid, arch, nr, args, sp),
            Ok(SyscallStop::Exit { rval }) => self.syscall_exit(tid, rval),
            Ok(SyscallStop::None) | Err(_) => {}
        }
        self.resume(tid, 0);
    }

    pub(super) fn syscall_entry(&mut self, tid: Pid, arch: u32, nr: u64, args: [u64; 6], sp: u64) {
        if let Some(task) = self.tasks.get_mut(&tid) {
            task.last_stop = tick::ticks();
            task.interrupted = None;
        }
        let opts = self.config.decode;
        let mem = ProcessMemory::new(tid);
        let native = arch == crate::arch::AUDIT_ARCH;
        let compat = !native && Some(arch) == crate::arch::COMPAT_AUDIT_ARCH;
        // A 32-bit program's call is put in the shape of the native call
        // that does the same: from here on it is read as that one.
        let raw = if compat {
            decode::compat::translate(nr, args, sp, &decode::Reader::new(&mem, opts.string_limit))
        } else {
            RawSyscall { nr, args, sp, compat: None }
        };
        let nr = raw.nr;
        let args = raw.args;
        self.personality(tid, compat);
        let in_filter = (native || compat) && self.in_filter(nr);
        let config = self.config;
        let task = self.tasks.get_mut(&tid).expect("task exists");
        let is_exec = (native || compat) && (nr == Sysno::execve.id() as u64 || nr == Sysno::execveat.id() as u64);
        let decode_it = match task.visibility {
            Visibility::Shown => in_filter,
            Visibility::PreExec => is_exec,
            Visibility::BeforeMarker => {
                (native || compat) && nr == Sysno::prctl.id() as u64 && args[0] == libc::PR_SET_NAME as u64 && {
                    let name = raw.reader(&mem, &opts).c_string_bytes(args[1], 16);
                    let wanted = config.start_marker.as_deref().unwrap_or_default().as_bytes();
                    // The kernel keeps 15 bytes of the name; the call passes
                    // more, of which 16 are read here.
                    let cut = |n: usize| &wanted[..wanted.len().min(n)];
                    name.is_some_and(|n| n.data == cut(15) || n.data == cut(16))
                }
            }
        };
        if task.visibility == Visibility::BeforeMarker && decode_it {
            task.visibility = Visibility::Shown;
        }
        // `--inject` touches only the calls of shown tasks; a touched call
        // is reported whatever the filter, so the trace says what was done.
        let shown = task.visibility == Visibility::Shown;
        let inject =
            if (native || compat) && shown && !config.inject.is_empty() { self.inject_decide(tid, nr) } else { None };
        let decode_it = decode_it || inject.is_some();
        let spare = if decode_it { self.spare_args.pop().unwrap_or_default() } else { Vec::new() };
        let mut call = if decode_it {
            decode::decode_entry_into(raw, &mem, &opts, spare)
        } else {
            // Not reported: keep only what the exit needs.
            Syscall {
                sysno: Sysno::new(nr as usize),
                name: decode::call_name(&raw),
                args: Vec::new(),
                raw,
                ret: None,
                errno: None,
                ret_kind: decode::RetKind::Int,
                ret_value: None,
                injected: None,
            }
        };
        if !native && !compat {
            // Its number means another call on this architecture.
            call.name = format!("{} syscall {nr}", crate::arch::describe(arch)).into();
            call.sysno = None;
        }
        if let Some(what) = inject {
            call.injected = self.inject_entry(tid, what, &call);
        }
        let task = self.tasks.get_mut(&tid).expect("task exists");
        let reported = decode_it && task.visibility == Visibility::Shown;
        if reported {
            let mut fds = task.fds.borrow_mut();
            if !self.trust_fds {
                // Calls outside the filter never stop, so the cache cannot
                // follow them: read every descriptor afresh.
                fds.clear();
            }
            fds.annotate_entry(tid, &mut call);
        }
        let pid = task.tgid;
        let hidden_but_observed = !reported
            && matches!(task.visibility, Visibility::Shown | Visibility::BeforeMarker)
            && self.observed.as_ref().is_some_and(|t| t.get(nr as usize).copied().unwrap_or(false));
        task.pending = Some(Pending { call, reported });
        if hidden_but_observed {
            let call = &self.tasks[&tid].pending.as_ref().expect("just set").call;
            self.observer.hidden_entry(TaskRef { pid, tid }, call);
        }
        if reported {
            let call = &self.tasks[&tid].pending.as_ref().expect("just set").call;
            self.observer.syscall_entry(TaskRef { pid, tid }, call);
            self.sink.enter(pid, tid, call);
            if matches!(call.sysno, Some(Sysno::exit | Sysno::exit_group)) {
                // It never returns: shown whole now, as strace does, and
                // kept (unreported) only for a hang report.
                let call = call.clone();
                if let Some(p) = self.tasks.get_mut(&tid).and_then(|t| t.pending.as_mut()) {
                    p.reported = false;
                }
                self.emit(pid, tid, EventKind::Syscall(call));
            }
        }
    }

    pub(super) fn syscall_exit(&mut self, tid: Pid, rval: i64) {
        let opts = self.config.decode;
        let task = self.tasks.get_mut(&tid).expect("task exists");
        task.last_stop = tick::ticks();
        let Some(mut pending) = task.pending.take() else { return };
        let pid = task.tgid;
        let rval = if self.config.inject.is_empty() { rval } else { self.inject_exit(tid, &pending.call, rval) };
        let task = self.tasks.get_mut(&tid).expect("task exists");
        // An EINTR `--inject` returned interrupted no wait.
        if interrupted_by_signal(rval) && pending.reported && pending.call.injected.is_none() {
            // Kept for a report of where it waited, should ipclab be asked to stop.
            let mut call = pending.call.clone();
            call.ret = Some(rval);
            task.interrupted = Some((call, task.last_stop));
        }
        let mem = ProcessMemory::new(tid);
        if pending.reported {
            decode::decode_exit(&mut pending.call, rval, &mem, &opts);
            task.fds.borrow_mut().after_exit(tid, &mut pending.call);
            decode::decode_by_target(&mut pending.call, &mem);
        } else {
            pending.call.ret = Some(rval);
            pending.call.errno = decode::Errno::from_ret(rval);
            // Keep the descriptor cache true for calls we do not show.
            task.fds.borrow_mut().after_hidden(&pending.call);
        }
        if task.visibility == Visibility::PreExec && pending.call.errno.is_some() && tid == self.root {
            let is_exec = matches!(pending.call.sysno, Some(Sysno::execve | Sysno::execveat));
            if is_exec {
                self.exec_error = pending.call.errno.map(|e| Errno::from_raw(e.0));
            }
        }
        let exec = task.exec_path.take();
        let renamed = fd_targets::renames_files(pending.call.sysno) && pending.call.succeeded();
        let hidden_but_observed = !pending.reported
            && matches!(task.visibility, Visibility::Shown | Visibility::BeforeMarker)
            && self.observed.as_ref().is_some_and(|t| t.get(pending.call.raw.nr as usize).copied().unwrap_or(false));
        if hidden_but_observed {
            let mut out = Vec::new();
            self.observer.hidden_exit(TaskRef { pid, tid }, &pending.call, &mut out);
            if self.is_shown(tid) {
                self.emit_all(pid, tid, out);
            }
        }
        if pending.reported {
            let mut extra = Vec::new();
            self.observer.syscall_exit(TaskRef { pid, tid }, &pending.call, &mut extra);
            self.emit(pid, tid, EventKind::Syscall(pending.call));
            self.emit_all(pid, tid, extra);
        }
        if renamed {
            // Any process's descriptor on that file is named anew.
            for t in self.tasks.values() {
                t.fds.borrow_mut().forget_paths();
            }
        }
        if let Some((path, former_tid)) = exec {
            if self.tasks.get(&tid).is_some_and(|t| t.visibility == Visibility::Shown) {
                self.emit(pid, tid, EventKind::Exec(Exec { path, former_tid }));
            }
        }
    }
}
