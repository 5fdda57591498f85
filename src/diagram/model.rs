//! What a diagram shows, before it is laid out: the lanes (processes and
//! kernel objects, in order of appearance), the steps (one row each: an
//! arrow between two lanes or a mark on one), and the spans along a lane
//! (a blocked call, a signal handler running, a zombie).
//!
//! What a shared memory segment held when the kernel view read it (at a
//! detach, an exit, a semaphore operation after a store) is a
//! [`StepKind::Contents`] on the object's lane: any `kernel` record of a
//! segment with `contents` makes one, wherever in the run it comes.

use crate::i18n::tr;

/// One lane: a process or a kernel object.
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    pub kind: LaneKind,
    /// The first line of its header: `pid 1203`, `pipe`, `msg queue`.
    pub title: String,
    /// The second: the process's program, the object's name or path.
    pub name: String,
    /// The step where it appears.
    pub first: usize,
    /// The last step that touches it (its end, for an object or process that ended).
    pub last: usize,
    /// How it ends.
    pub end: LaneEnd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LaneKind {
    Process,
    Object(ObjKind),
    /// ipclab itself, the sender of the signals `--inject` sent.
    Tracer,
}

/// The kinds of object lane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ObjKind {
    Pipe,
    Fifo,
    MsgQueue,
    SemSet,
    Shm,
    PosixMq,
    PosixShm,
    PosixSem,
    Socket,
    File,
}

impl ObjKind {
    /// The header's first line, in the language of this run.
    pub fn title(self) -> String {
        match self {
            ObjKind::Pipe => tr!("diagram-lane-pipe"),
            ObjKind::Fifo => tr!("diagram-lane-fifo"),
            ObjKind::MsgQueue => tr!("diagram-lane-msg-queue"),
            ObjKind::SemSet => tr!("diagram-lane-sem-set"),
            ObjKind::Shm => tr!("diagram-lane-shm"),
            ObjKind::PosixMq => tr!("diagram-lane-posix-mq"),
            ObjKind::PosixShm => tr!("diagram-lane-posix-shm"),
            ObjKind::PosixSem => tr!("diagram-lane-posix-sem"),
            ObjKind::Socket => tr!("diagram-lane-unix-socket"),
            ObjKind::File => tr!("diagram-lane-file"),
        }
    }

    /// A CSS class name.
    pub fn class(self) -> &'static str {
        match self {
            ObjKind::Pipe | ObjKind::Fifo => "pipe",
            ObjKind::MsgQueue | ObjKind::PosixMq => "queue",
            ObjKind::Shm | ObjKind::PosixShm => "shm",
            ObjKind::SemSet | ObjKind::PosixSem => "sem",
            ObjKind::Socket => "sock",
            ObjKind::File => "file",
        }
    }
}

/// How a lane ends.
#[derive(Debug, Clone, PartialEq)]
pub enum LaneEnd {
    /// Still there when the trace ends (a process the trace did not see
    /// end; an object with no record of its end).
    Open,
    /// A process ended: `exit 0`, `killed by SIGKILL`; `bad` when it
    /// failed or was killed.
    Exited { text: String, bad: bool },
    /// An object ended: `removed (msgctl IPC_RMID)`, `freed: last descriptor closed`.
    Gone(String),
    /// An object that outlived the run (the ledger's leak).
    Leaked { cleaned: bool, cleanup: Option<String> },
}

/// One row of the diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The lane it belongs to: the process that acted (or the object, for a
    /// note on an object).
    pub lane: usize,
    /// The other end of its arrow, if it has one.
    pub to: Option<usize>,
    pub kind: StepKind,
    /// What repeats when rounds repeat: the call's name (payloads and
    /// values left out).
    pub call: String,
    /// The short label drawn with it.
    pub label: String,
    /// The full record: the decoded call and its kernel lines.
    pub detail: String,
    /// The call failed (its label says how).
    pub failed: bool,
    /// Extra lines drawn in a box (the hang report).
    pub note: Vec<String>,
    /// Seconds since the start.
    pub time: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepKind {
    /// A process creates an object (pipe2, msgget, socket...).
    Create,
    /// Data into an object (write, msgsnd, mq_send, sendmsg).
    Put,
    /// Data out of an object (read, msgrcv, mq_receive, recvmsg): the arrow
    /// points from the object to the process.
    Get,
    /// Any other operation on an object (open, bind, msgctl, a lock).
    Control,
    /// A descriptor on the object closed.
    Close,
    /// A semaphore operation.
    Sem,
    /// Shared memory attached or detached (shmat, shmdt, mmap, munmap).
    Attach,
    /// What a shared memory segment holds, as the kernel view read it.
    Contents,
    /// A process creates another (fork, clone).
    Spawn,
    /// A process runs a new program.
    Exec,
    /// A process ends.
    Exit,
    /// A process sends a signal to another.
    Send,
    /// A signal is delivered.
    Deliver,
    /// A call on the process's own lane (a wait that blocked, a reap).
    Local,
    /// A thread of the process starts (clone with CLONE_THREAD) or ends.
    Thread,
    /// A call `--inject` made fail: it did not run, so it touched no object.
    Skipped,
    /// At a hang: what a blocked thread waits on.
    HangWait,
    /// The hang report.
    Hang,
}

impl StepKind {
    pub fn class(self) -> &'static str {
        match self {
            StepKind::Create => "create",
            StepKind::Put => "put",
            StepKind::Get => "get",
            StepKind::Control => "control",
            StepKind::Close => "close",
            StepKind::Sem => "semop",
            StepKind::Attach => "attach",
            StepKind::Contents => "contents",
            StepKind::Spawn => "spawn",
            StepKind::Exec => "exec",
            StepKind::Exit => "exit",
            StepKind::Send => "send",
            StepKind::Deliver => "deliver",
            StepKind::Local => "local",
            StepKind::Thread => "thread",
            StepKind::Skipped => "skipped",
            StepKind::HangWait => "hangwait",
            StepKind::Hang => "hang",
        }
    }

    /// Whether the arrow points from `to` to `lane` (data out of an object).
    pub fn reversed(self) -> bool {
        self == StepKind::Get
    }
}

/// Something that lasts along a lane, from one step to another.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub lane: usize,
    /// The first step during it.
    pub from: usize,
    /// The step that ends it.
    pub to: usize,
    pub kind: SpanKind,
    pub label: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpanKind {
    /// A call that waited while other processes acted, until it returned.
    Blocked,
    /// A call still blocked when time ran out.
    Hung,
    /// A signal handler running.
    Handler,
    /// An exited process its parent has not reaped.
    Zombie,
    /// A call ipclab held at its entry (`--inject CALL:delay=MS`).
    Delayed,
}

impl SpanKind {
    pub fn class(self) -> &'static str {
        match self {
            SpanKind::Blocked => "blocked",
            SpanKind::Hung => "hung",
            SpanKind::Handler => "handler",
            SpanKind::Zombie => "zombie",
            SpanKind::Delayed => "delayed",
        }
    }
}

/// A whole diagram before layout.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diagram {
    pub lanes: Vec<Lane>,
    pub steps: Vec<Step>,
    pub spans: Vec<Span>,
    /// Records read from the trace.
    pub records: usize,
    /// The ledger's last line, when the trace has one.
    pub ledger: Option<String>,
    /// The program, as the first process is named.
    pub program: String,
}

impl Diagram {
    pub fn processes(&self) -> usize {
        self.lanes.iter().filter(|l| l.kind == LaneKind::Process).count()
    }

    pub fn objects(&self) -> usize {
        self.lanes.iter().filter(|l| matches!(l.kind, LaneKind::Object(_))).count()
    }
}
