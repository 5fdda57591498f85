//! The hang report as data: for each live thread at the moment time ran
//! out, the call it was blocked in, what the kernel said about the object it
//! waited on, and the likely mistake, as a typed [`Diagnosis`].
//!
//! The analysis that fills these in reads /proc (`crate::kernel::hang`);
//! the words a person reads are rendered from them (`crate::render::hang`,
//! and the `Display` of [`Diagnosis`]); graders match the [`Diagnosis`]
//! itself, never its text.

use std::fmt;

use syscalls::Sysno;

use super::Pid;
use super::kernel::ProcState;

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
    /// What the kernel says about that object.
    pub facts: Vec<String>,
    /// The likely mistake, when the facts point at one.
    pub diagnosis: Option<Diagnosis>,
}

/// The likely mistake behind a blocked thread, when what the kernel holds
/// points at one. Its `Display` is the sentence the hang report and the
/// graders' findings give after "likely mistake:".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Diagnosis {
    /// It opens a FIFO for writing (`writing`) or reading, and no process
    /// opens it the other way.
    FifoNoPeer { writing: bool },
    /// It writes to a full pipe that nobody reads any more.
    PipeNobodyReads,
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

impl fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Diagnosis::FifoNoPeer { writing } => {
                let (mine, other) =
                    if *writing { ("writing", "reading (O_RDONLY)") } else { ("reading", "writing (O_WRONLY)") };
                write!(
                    f,
                    "it opens the FIFO for {mine}, and no process opens it for {other}: does the other side run, \
                     open the same path, and open it the other way?"
                )
            }
            Diagnosis::PipeNobodyReads => {
                f.write_str("nobody reads the pipe any more: the reader is blocked elsewhere (below)")
            }
            Diagnosis::PipeFullOwnReadEnd { object, fd } => write!(
                f,
                "{object} is full and the only read end is this process's own fd {fd}: no other process will ever \
                 make room, so a blocking write waits forever"
            ),
            Diagnosis::PipeOpenedReadWrite { pid, object, fd } => write!(
                f,
                "pid {pid} opened {object} for reading and writing (O_RDWR) on fd {fd}: it is a writer itself, \
                 so end of file can never come; open it O_RDONLY to read"
            ),
            Diagnosis::PipeOwnWriteEnd { pid, object, fd } => write!(
                f,
                "pid {pid} still holds the write end fd {fd} of {object}: end of file comes only when every write \
                 end is closed, so close fd {fd} before reading until EOF"
            ),
            Diagnosis::PipeWritersIdle { writers } => {
                let list: Vec<String> = writers.iter().map(|(pid, fd)| format!("pid {pid} fd {fd}")).collect();
                write!(
                    f,
                    "{} never writes or closes it: close the write end in every process that does not write",
                    list.join(", ")
                )
            }
            Diagnosis::MqEmpty | Diagnosis::MsgQueueEmpty => {
                f.write_str("the queue is empty and no process sends to it any more")
            }
            Diagnosis::MsgTypeAbsent { msgtyp, queued, read } => {
                write!(f, "no message of type {msgtyp} is queued")?;
                let types = |t: &[i64]| {
                    let mut seen: Vec<i64> = Vec::new();
                    for x in t {
                        if !seen.contains(x) {
                            seen.push(*x);
                        }
                    }
                    let list: Vec<String> = seen.iter().map(i64::to_string).collect();
                    match list.len() {
                        1 => format!("type {}", list[0]),
                        _ => format!("types {}", list.join(", ")),
                    }
                };
                match read {
                    TypesRead::FromQueue if !queued.is_empty() => {
                        write!(f, "; the queue holds {} (read from the queue with msgrcv MSG_COPY)", types(queued))?
                    }
                    TypesRead::FromTrace { why } if !queued.is_empty() => write!(
                        f,
                        "; by the trace's record of msgsnd and msgrcv, the queue holds {} ({why})",
                        types(queued)
                    )?,
                    TypesRead::Unknown { why } => write!(f, " (which types are, is not known: {why})")?,
                    _ => {}
                }
                f.write_str(": check the types sender and receiver use")
            }
            Diagnosis::SemaphoreNeverInitialised { semnum } => write!(
                f,
                "semaphore {semnum} was never initialised: it is 0 as it was made, no semctl(SETVAL) and no \
                 semop ever changed it, so every lock waits; set it to 1 with SETVAL before any process uses it"
            ),
            Diagnosis::SemaphoreSetToZero { semnum, by } => write!(
                f,
                "semaphore {semnum} starts taken: pid {by} set it to 0 and no semop on the set ever succeeded, \
                 so every lock waits; a free lock starts at 1"
            ),
            Diagnosis::SemaphoreNeverReleased { holder: Some(pid) } => write!(
                f,
                "the semaphore stays at 0: pid {pid} changed it last (took it) and nobody gave it back (a missing \
                 +1, or it died without SEM_UNDO)"
            ),
            Diagnosis::SemaphoreNeverReleased { holder: None } => f.write_str(
                "the semaphore stays at 0: a process took it and never gave it back (a missing +1, or it died \
                 without SEM_UNDO)",
            ),
            Diagnosis::SignalNeverSent => {
                f.write_str("no process sends the signal it waits for, or the signal is blocked")
            }
            Diagnosis::NoClient => {
                f.write_str("no client connected: is the client running, and connecting to this path?")
            }
            Diagnosis::InotifyNoEvent => f.write_str(
                "nothing happened that the watch asked for: check the event mask (e.g. a file renamed into place \
                 is IN_MOVED_TO, not IN_CREATE) and the watched path",
            ),
            Diagnosis::BusyLoop { place: Some(place) } => {
                write!(f, "a busy loop in {place}: it spins without ever waiting in the kernel")
            }
            Diagnosis::BusyLoop { place: None } => {
                f.write_str("a busy loop: it spins without ever waiting in the kernel")
            }
            Diagnosis::SignalfdNotBlocked { fd, signals } => write!(
                f,
                "it waits for the signalfd (fd {fd}), but {signals} is not blocked: such a signal is delivered (its \
                 handler or default action) instead of waiting to be read; block it with sigprocmask before it can \
                 arrive"
            ),
            Diagnosis::EpollWatchesHungUp { fd, object } => write!(
                f,
                "fd {fd} ({object}) hung up while still watched edge-triggered: epoll reported EPOLLHUP once and \
                 never will again, so this wait is for nothing; when epoll_wait reports EPOLLHUP (or a read returns \
                 0), remove the descriptor (EPOLL_CTL_DEL) or close it"
            ),
            Diagnosis::FutexWordChanged { slept_on, now } => write!(
                f,
                "a lost wake-up: it went to sleep while the word held {slept_on}, the word holds {now} now, and no \
                 FUTEX_WAKE reached it (the process that changed the word did not wake it, or woke it through a \
                 private futex, which never reaches another process)"
            ),
        }
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
}
