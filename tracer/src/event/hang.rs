//! The hang report as data: for each live thread at the moment time ran
//! out, the call it was blocked in, what the kernel said about the object it
//! waited on, and the likely mistake, as a typed [`Diagnosis`].
//!
//! The analysis that fills these in reads /proc (`crate::kernel::hang`);
//! the words a person reads are rendered from them (`crate::render::hang`,
//! and [`Diagnosis::message`], in English or Korean: its `Display` is the
//! English); graders match the [`Diagnosis`]
//! itself, never its text.

use std::fmt;

use syscalls::Sysno;

use super::Pid;
use super::kernel::{ProcState, RingState};
use crate::i18n::Lang;
use crate::tr;

/// One live thread at the moment time ran out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BlockedTask {
    pub pid: Pid,
    pub tid: Pid,
    /// The call it is in, as the trace shows its head (`read(3<pipe:[48213]>, ...)`).
    pub call: Option<String>,
    /// The call's name.
    pub call_name: Option<String>,
    /// The call, when its number is one this architecture knows.
    pub sysno: Option<Sysno>,
    /// The scheduler state (sleeping, running, stopped...).
    pub state: Option<ProcState>,
    /// Where in the kernel it sleeps (/proc/PID/wchan), e.g. `pipe_read`.
    pub wchan: Option<String>,
    /// The object it waits on (`pipe:[48213]`, `msqid 32768`, `semid 5`).
    pub object: Option<String>,
    /// What the kernel says about that object, one line each.
    pub facts: Facts,
    /// The likely mistake, when the facts point at one.
    pub diagnosis: Option<Diagnosis>,
}

/// What the kernel said about the object a blocked thread waits on (and
/// about the thread), one line of the hang report each. Its `Display` is
/// the English (the JSON lines' `facts`); [`Fact::message`] says it in a
/// language, from the tracer's messages (`fact-*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    /// Opening a FIFO blocks until another process opens its other end.
    FifoOpenBlocks,
    /// It waits in wait4/waitid.
    WaitingForChild,
    /// Its children are blocked too: each (pid, the call it is blocked in).
    ChildrenBlocked { children: Vec<(Pid, String)> },
    /// The System V queue it sends to is full.
    SysvQueueFull { messages: u64, bytes: u64 },
    /// What the System V queue it receives from holds.
    SysvQueueHolds { messages: u64, bytes: u64 },
    /// The last process that sent to the queue (its `lspid`).
    LastSentBy { pid: Pid },
    /// The queue was removed while it waited.
    SysvQueueGone,
    /// The queue could not be read: why.
    QueueUnreadable { why: String },
    /// What the POSIX queue holds, of how many at most.
    PosixQueueHolds { messages: i64, max: i64 },
    /// It waits in accept.
    WaitingForClient,
    /// It sleeps (nanosleep, pause...).
    Sleeping,
    /// It waits in poll, select or epoll.
    WaitingForReadiness,
    /// It waits for a file lock.
    WaitingForFileLock,
    /// The pipe it writes to is full: how many bytes wait to be read.
    PipeFull { object: String, bytes: u64 },
    /// Who holds the pipe's read end: each process once, with its fds.
    ReadEndOpenIn { holders: Vec<(Pid, Vec<i32>)> },
    /// The pipe it reads is empty.
    PipeEmpty { object: String },
    /// The pipe it reads holds bytes.
    PipeHolds { object: String, bytes: u64 },
    /// No process holds the pipe's write end.
    NoWriteEnd,
    /// Who holds the pipe's write end: each process once, with its fds.
    WriteEndOpenIn { holders: Vec<(Pid, Vec<i32>)> },
    /// A unix socket's queues, and its peer.
    SocketQueues { object: String, to_read: u32, unsent: u32, peer: Option<u64> },
    /// It waits for an inotify event.
    WaitingForInotify,
    /// The semaphore set's values.
    SemValues { values: Vec<SemValueFact> },
    /// What the epoll instance it waits in watches.
    Watches { watched: Vec<WatchedFact> },
    /// A futex wait of another kind than FUTEX_WAIT.
    FutexInUserSpace,
    /// A futex wait outside any shared segment: another thread holds it.
    FutexHeld,
    /// The ring in the segment the futex word is in.
    Ring { ring: RingState },
    /// The futex word holds the value it went to sleep on.
    FutexUnchanged { now: u32 },
    /// The futex word changed since it went to sleep.
    FutexChanged { now: u32, slept_on: u32 },
    /// It waits for a signal (sigsuspend, sigwait...).
    WaitingForSignal,
    /// Its blocked and caught signals.
    SignalMasks { blocked: String, caught: String },
    /// Signals pending because they are blocked.
    PendingBlocked { signals: String },
    /// It runs its own code: where (a place of the program's source), else
    /// the address.
    RunningOwnCode { place: Option<String>, address: u64 },
    /// It runs in user space (no address was read).
    RunningUserSpace,
    /// It runs its own code, and made a call less than a second ago: it is
    /// between two calls, not spinning.
    RunningBetweenCalls,
    /// It is stopped by a signal.
    StoppedBySignal,
    /// On Ctrl-C: it catches the signal just sent.
    CatchesSignal { signal: String },
}

/// One semaphore of a set, as a hang report shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SemValueFact {
    pub value: i64,
    /// Processes waiting to take it (`semncnt`).
    pub waiting: u64,
    /// The last process that changed it (`sempid`), None when none has.
    pub last: Option<Pid>,
}

/// One descriptor an epoll instance watches, as a hang report shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchedFact {
    pub fd: i32,
    pub object: String,
    /// The events watched (`EPOLLIN|EPOLLET`).
    pub events: String,
    /// A signalfd: the signals it reads, and those of them not blocked.
    pub unblocked: Option<(String, String)>,
    /// A stream with nobody left to write and nothing left to read.
    pub hung_up: bool,
}

/// The facts of one thread, in the order found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Facts(pub Vec<Fact>);

impl Facts {
    pub fn push(&mut self, fact: Fact) {
        self.0.push(fact);
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Fact> {
        self.0.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The facts in English, joined with `sep`.
    pub fn join(&self, sep: &str) -> String {
        self.text(Lang::En, sep)
    }

    /// The facts in `lang`, joined with `sep`.
    pub fn text(&self, lang: Lang, sep: &str) -> String {
        self.0.iter().map(|f| f.message(lang)).collect::<Vec<_>>().join(sep)
    }
}

impl From<Vec<Fact>> for Facts {
    fn from(v: Vec<Fact>) -> Facts {
        Facts(v)
    }
}

/// `pid 5 fds 3, 4 and 9, pid 6 fd 3`: each process once, with its fds.
fn holders(lang: Lang, hs: &[(Pid, Vec<i32>)]) -> String {
    let one = |(pid, fds): &(Pid, Vec<i32>)| match fds.as_slice() {
        [fd] => tr!(lang, "fact-holder-fd", pid = *pid, fd = *fd),
        [rest @ .., last] => {
            let rest: Vec<String> = rest.iter().map(|fd| fd.to_string()).collect();
            tr!(lang, "fact-holder-fds", pid = *pid, fds = rest.join(", "), last = *last)
        }
        [] => tr!(lang, "hang-pid", pid = *pid),
    };
    hs.iter().map(one).collect::<Vec<_>>().join(", ")
}

impl Fact {
    /// The line in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Fact::FifoOpenBlocks => tr!(lang, "fact-fifo-open-blocks"),
            Fact::WaitingForChild => tr!(lang, "fact-waiting-for-child"),
            Fact::ChildrenBlocked { children } => {
                let list: Vec<String> = children
                    .iter()
                    .map(|(pid, call)| tr!(lang, "fact-child-blocked", pid = *pid, call = call))
                    .collect();
                tr!(lang, "fact-children-blocked", children = list.join(", "))
            }
            Fact::SysvQueueFull { messages, bytes } => {
                tr!(lang, "fact-sysv-queue-full", messages = *messages, bytes = *bytes)
            }
            Fact::SysvQueueHolds { messages, bytes } => {
                tr!(lang, "fact-sysv-queue-holds", messages = *messages, bytes = *bytes)
            }
            Fact::LastSentBy { pid } => tr!(lang, "fact-last-sent-by", pid = *pid),
            Fact::SysvQueueGone => tr!(lang, "fact-sysv-queue-gone"),
            Fact::QueueUnreadable { why } => tr!(lang, "fact-queue-unreadable", why = why),
            Fact::PosixQueueHolds { messages, max } => {
                tr!(lang, "fact-posix-queue-holds", messages = *messages, max = *max)
            }
            Fact::WaitingForClient => tr!(lang, "fact-waiting-for-client"),
            Fact::Sleeping => tr!(lang, "fact-sleeping"),
            Fact::WaitingForReadiness => tr!(lang, "fact-waiting-for-readiness"),
            Fact::WaitingForFileLock => tr!(lang, "fact-waiting-for-file-lock"),
            Fact::PipeFull { object, bytes } => tr!(lang, "fact-pipe-full", object = object, bytes = *bytes),
            Fact::ReadEndOpenIn { holders: hs } => tr!(lang, "fact-read-end-open-in", holders = holders(lang, hs)),
            Fact::PipeEmpty { object } => tr!(lang, "fact-pipe-empty", object = object),
            Fact::PipeHolds { object, bytes } => tr!(lang, "fact-pipe-holds", object = object, bytes = *bytes),
            Fact::NoWriteEnd => tr!(lang, "fact-no-write-end"),
            Fact::WriteEndOpenIn { holders: hs } => tr!(lang, "fact-write-end-open-in", holders = holders(lang, hs)),
            Fact::SocketQueues { object, to_read, unsent, peer: None } => {
                tr!(lang, "fact-socket-queues", object = object, to_read = *to_read, unsent = *unsent)
            }
            Fact::SocketQueues { object, to_read, unsent, peer: Some(peer) } => tr!(
                lang,
                "fact-socket-queues-peer",
                object = object,
                to_read = *to_read,
                unsent = *unsent,
                peer = *peer
            ),
            Fact::WaitingForInotify => tr!(lang, "fact-waiting-for-inotify"),
            Fact::SemValues { values } => {
                let shown: Vec<String> = values
                    .iter()
                    .enumerate()
                    .map(|(num, v)| match v.last {
                        Some(pid) => {
                            tr!(lang, "fact-sem-value", num = num, value = v.value, waiting = v.waiting, pid = pid)
                        }
                        None => tr!(lang, "fact-sem-value-unchanged", num = num, value = v.value, waiting = v.waiting),
                    })
                    .collect();
                tr!(lang, "fact-sem-values", values = shown.join("; "))
            }
            Fact::Watches { watched } if watched.is_empty() => tr!(lang, "fact-watches-nothing"),
            Fact::Watches { watched } => {
                let list: Vec<String> = watched
                    .iter()
                    .map(|w| {
                        let (fd, object, events) = (w.fd, &w.object, &w.events);
                        match (&w.unblocked, w.hung_up) {
                            (Some((mask, open)), _) => tr!(
                                lang,
                                "fact-watched-signalfd",
                                fd = fd,
                                object = object,
                                events = events,
                                mask = mask,
                                open = open
                            ),
                            (None, true) => {
                                tr!(lang, "fact-watched-hung-up", fd = fd, object = object, events = events)
                            }
                            (None, false) => tr!(lang, "fact-watched", fd = fd, object = object, events = events),
                        }
                    })
                    .collect();
                tr!(lang, "fact-watches", watched = list.join(", "))
            }
            Fact::FutexInUserSpace => tr!(lang, "fact-futex-in-user-space"),
            Fact::FutexHeld => tr!(lang, "fact-futex-held"),
            Fact::Ring { ring } => tr!(lang, "fact-ring", ring = ring.describe(lang)),
            Fact::FutexUnchanged { now } => tr!(lang, "fact-futex-unchanged", now = *now),
            Fact::FutexChanged { now, slept_on } => {
                tr!(lang, "fact-futex-changed", now = *now, slept_on = *slept_on)
            }
            Fact::WaitingForSignal => tr!(lang, "fact-waiting-for-signal"),
            Fact::SignalMasks { blocked, caught } => {
                tr!(lang, "fact-signal-masks", blocked = blocked, caught = caught)
            }
            Fact::PendingBlocked { signals } => tr!(lang, "fact-pending-blocked", signals = signals),
            Fact::RunningOwnCode { place: Some(place), .. } => tr!(lang, "fact-running-own-code-in", place = place),
            Fact::RunningOwnCode { place: None, address } => {
                tr!(lang, "fact-running-own-code-at", address = format!("{address:#x}"))
            }
            Fact::RunningUserSpace => tr!(lang, "fact-running-user-space"),
            Fact::RunningBetweenCalls => tr!(lang, "fact-running-between-calls"),
            Fact::StoppedBySignal => tr!(lang, "fact-stopped-by-signal"),
            Fact::CatchesSignal { signal } => tr!(lang, "fact-catches-signal", signal = signal),
        }
    }
}

/// The line in English, as the JSON lines and the graders' findings give it.
impl fmt::Display for Fact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// The likely mistake behind a blocked thread, when what the kernel holds
/// points at one. Its `Display` is the sentence the hang report and the
/// graders' findings give after "likely mistake:".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Diagnosis {
    /// It opens a FIFO for writing (`writing`) or reading, and no process
    /// opens it the other way.
    FifoNoPeer { writing: bool },
    /// It writes to a full pipe that nobody reads any more: `readers` hold
    /// its read end (this one among them when it holds it itself).
    PipeNobodyReads { pid: Pid, readers: Vec<Pid> },
    /// It writes to a full pipe whose only read end is its own `fd`.
    PipeFullOwnReadEnd { object: String, fd: i32 },
    /// It reads a pipe or FIFO until end of file through `fd`, which it
    /// opened read-write: it is a writer itself.
    PipeOpenedReadWrite { pid: Pid, object: String, fd: i32 },
    /// It reads a pipe until end of file while it still holds a write end,
    /// `fd`, itself.
    PipeOwnWriteEnd { pid: Pid, object: String, fd: i32 },
    /// It reads a pipe whose write ends other processes hold (pid, fd) and
    /// neither write to nor close.
    PipeWritersIdle { writers: Vec<(Pid, i32)> },
    /// It receives from a POSIX message queue that is empty.
    MqEmpty,
    /// It receives from a System V message queue that is empty.
    MsgQueueEmpty,
    /// It receives messages of a type no message in the queue has; the types
    /// that are queued, oldest first, and where they were read.
    MsgTypeAbsent { msgtyp: i64, queued: Vec<i64>, read: TypesRead },
    /// It waits on semaphore `semnum`, which is 0 and has never been
    /// changed since the set was made: no `semctl(SETVAL)`, no `semop` ever
    /// succeeded on it (the kernel's `sempid` is 0).
    SemaphoreNeverInitialised { semnum: u16 },
    /// It waits on semaphore `semnum`, which `by` set to 0 (`semctl(SETVAL,
    /// 0)`) and no `semop` on the set ever succeeded: a lock that starts taken.
    SemaphoreSetToZero { semnum: u16, by: Pid },
    /// It waits on a semaphore that stays at 0, which `holder` changed last
    /// (took it, in a lock): nobody gave it back.
    SemaphoreNeverReleased { holder: Option<Pid> },
    /// It waits for a signal no process sends, or one it blocks.
    SignalNeverSent,
    /// It waits in `accept` for a client that never connects.
    NoClient,
    /// It waits for an inotify event the watch does not ask for.
    InotifyNoEvent,
    /// It runs in user space and never waits in the kernel; where it was,
    /// when the program's line tables say (`meet at labs/04_shared_memory/main.rs:125`).
    BusyLoop { place: Option<String> },
    /// It sleeps in a futex wait on a word that no longer holds the value
    /// it went to sleep on: the word was changed and no wake reached it.
    FutexWordChanged { slept_on: u32, now: u32 },
    /// It waits in epoll for a stream, watched edge-triggered, that hung up:
    /// epoll reported it once and never will again.
    EpollWatchesHungUp { fd: i32, object: String },
    /// It waits for a signalfd whose signals it does not block: they are
    /// delivered as signals instead, and never become readable.
    SignalfdNotBlocked { fd: i32, signals: String },
}

/// Where the types of the messages in a queue were read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypesRead {
    /// From the queue itself, without taking them (`msgrcv` with `MSG_COPY`).
    FromQueue,
    /// From the trace's own record of the run's `msgsnd` and `msgrcv` calls,
    /// because the kernel could not say: why.
    FromTrace { why: String },
    /// Not known: why.
    Unknown { why: String },
}

impl Diagnosis {
    /// The sentence in `lang`, from the tracer's messages (`diag-*`).
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Diagnosis::FifoNoPeer { writing: true } => tr!(lang, "diag-fifo-no-peer-writing"),
            Diagnosis::FifoNoPeer { writing: false } => tr!(lang, "diag-fifo-no-peer-reading"),
            Diagnosis::PipeFullOwnReadEnd { object, fd } => {
                tr!(lang, "diag-pipe-full-own-read-end", object = object, fd = *fd)
            }
            Diagnosis::PipeOpenedReadWrite { pid, object, fd } => {
                tr!(lang, "diag-pipe-opened-read-write", pid = *pid, object = object, fd = *fd)
            }
            Diagnosis::PipeOwnWriteEnd { pid, object, fd } => {
                tr!(lang, "diag-pipe-own-write-end", pid = *pid, object = object, fd = *fd)
            }
            Diagnosis::PipeNobodyReads { pid, readers } => {
                let others: Vec<String> = readers.iter().filter(|r| *r != pid).map(|r| format!("pid {r}")).collect();
                if others.is_empty() {
                    tr!(lang, "diag-pipe-nobody-reads-own", pid = *pid)
                } else {
                    tr!(lang, "diag-pipe-nobody-reads-others", readers = others.join(", "), count = others.len())
                }
            }
            Diagnosis::PipeWritersIdle { writers } => {
                let list: Vec<String> =
                    writers.iter().map(|(pid, fd)| tr!(lang, "diag-pipe-writer", pid = *pid, fd = *fd)).collect();
                tr!(lang, "diag-pipe-writers-idle", writers = list.join(", "))
            }
            Diagnosis::MqEmpty | Diagnosis::MsgQueueEmpty => tr!(lang, "diag-queue-empty"),
            Diagnosis::MsgTypeAbsent { msgtyp, queued, read } => {
                let mut seen: Vec<i64> = Vec::new();
                for x in queued {
                    if !seen.contains(x) {
                        seen.push(*x);
                    }
                }
                let types: Vec<String> = seen.iter().map(i64::to_string).collect();
                let (types, count) = (types.join(", "), seen.len());
                match read {
                    TypesRead::FromQueue if !queued.is_empty() => {
                        tr!(lang, "diag-msg-type-absent-queue", msgtyp = *msgtyp, types = types, count = count)
                    }
                    TypesRead::FromTrace { why } if !queued.is_empty() => tr!(
                        lang,
                        "diag-msg-type-absent-trace",
                        msgtyp = *msgtyp,
                        types = types,
                        count = count,
                        why = why
                    ),
                    TypesRead::Unknown { why } => {
                        tr!(lang, "diag-msg-type-absent-unknown", msgtyp = *msgtyp, why = why)
                    }
                    _ => tr!(lang, "diag-msg-type-absent", msgtyp = *msgtyp),
                }
            }
            Diagnosis::SemaphoreNeverInitialised { semnum } => {
                tr!(lang, "diag-sem-never-initialised", semnum = *semnum)
            }
            Diagnosis::SemaphoreSetToZero { semnum, by } => {
                tr!(lang, "diag-sem-set-to-zero", semnum = *semnum, by = *by)
            }
            Diagnosis::SemaphoreNeverReleased { holder: Some(pid) } => {
                tr!(lang, "diag-sem-never-released-by", pid = *pid)
            }
            Diagnosis::SemaphoreNeverReleased { holder: None } => tr!(lang, "diag-sem-never-released"),
            Diagnosis::SignalNeverSent => tr!(lang, "diag-signal-never-sent"),
            Diagnosis::NoClient => tr!(lang, "diag-no-client"),
            Diagnosis::InotifyNoEvent => tr!(lang, "diag-inotify-no-event"),
            Diagnosis::BusyLoop { place: Some(place) } => tr!(lang, "diag-busy-loop-at", place = place),
            Diagnosis::BusyLoop { place: None } => tr!(lang, "diag-busy-loop"),
            Diagnosis::SignalfdNotBlocked { fd, signals } => {
                tr!(lang, "diag-signalfd-not-blocked", fd = *fd, signals = signals)
            }
            Diagnosis::EpollWatchesHungUp { fd, object } => {
                tr!(lang, "diag-epoll-watches-hung-up", fd = *fd, object = object)
            }
            Diagnosis::FutexWordChanged { slept_on, now } => {
                tr!(lang, "diag-futex-word-changed", slept_on = *slept_on, now = *now)
            }
        }
    }
}

/// The sentence in English, as the graders' findings and tests read it.
impl fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_semaphore_never_set_a_type_nobody_sent_and_a_busy_loop_say_what_the_kernel_showed() {
        let never = Diagnosis::SemaphoreNeverInitialised { semnum: 0 };
        assert!(never.to_string().starts_with("semaphore 0 was never initialised"), "{never}");
        assert!(!never.to_string().contains("took it"), "nobody took it: {never}");
        let held = Diagnosis::SemaphoreNeverReleased { holder: Some(1204) };
        assert!(held.to_string().contains("pid 1204 changed it last (took it)"), "{held}");
        let absent = Diagnosis::MsgTypeAbsent { msgtyp: 2, queued: vec![3, 1, 3], read: TypesRead::FromQueue };
        assert_eq!(
            absent.to_string(),
            "no message of type 2 is queued; the queue holds types 3, 1 (read from the queue with msgrcv MSG_COPY): \
             check the types sender and receiver use"
        );
        let by_trace = Diagnosis::MsgTypeAbsent {
            msgtyp: 2,
            queued: vec![3],
            read: TypesRead::FromTrace { why: "no MSG_COPY".into() },
        };
        assert!(
            by_trace
                .to_string()
                .contains("by the trace's record of msgsnd and msgrcv, the queue holds type 3 (no MSG_COPY)")
        );
        let spin = Diagnosis::BusyLoop { place: Some("meet at labs/04_shared_memory/main.rs:125".into()) };
        assert!(spin.to_string().starts_with("a busy loop in meet at labs/04_shared_memory/main.rs:125"), "{spin}");
    }

    #[test]
    fn a_diagnosis_reads_as_the_sentence_a_student_gets() {
        let own = Diagnosis::PipeOwnWriteEnd { pid: 1205, object: "pipe:[48213]".into(), fd: 4 };
        assert_eq!(
            own.to_string(),
            "pid 1205 still holds the write end fd 4 of pipe:[48213]: end of file comes only when every write end \
             is closed, so close fd 4 before reading until EOF"
        );
        let idle = Diagnosis::PipeWritersIdle { writers: vec![(1204, 4), (1206, 5)] };
        assert!(idle.to_string().starts_with("pid 1204 fd 4, pid 1206 fd 5 never writes or closes it"), "{idle}");
        assert!(Diagnosis::FifoNoPeer { writing: true }.to_string().contains("for reading (O_RDONLY)"));
        assert!(Diagnosis::FifoNoPeer { writing: false }.to_string().contains("for writing (O_WRONLY)"));
    }

    #[test]
    fn a_full_pipe_names_its_readers_wherever_the_report_lists_them() {
        let other = Diagnosis::PipeNobodyReads { pid: 7, readers: vec![5] };
        assert_eq!(
            other.to_string(),
            "nobody reads the pipe any more: pid 5 holding its read end is not reading it (see where it waits in \
             this report)"
        );
        assert!(!other.to_string().contains("below"), "pid 5 may be listed above pid 7");
        let own = Diagnosis::PipeNobodyReads { pid: 7, readers: vec![7] };
        assert!(own.to_string().starts_with("nobody reads the pipe: pid 7 holds its only read end itself"), "{own}");
        let two = Diagnosis::PipeNobodyReads { pid: 7, readers: vec![5, 7, 9] };
        assert!(two.to_string().contains("pid 5, pid 9 holding its read end are not reading it"), "{two}");
    }
}
