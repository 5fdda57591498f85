//! The ledger as data: each object the run created, who made and used it,
//! and what became of it (its [`Fate`]); the counts that close it. Built by
//! the kernel view (`crate::kernel::view`), rendered by `crate::render`.

use serde::Serialize;

use super::Pid;

/// A process and the call it made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ByCall {
    pub pid: Pid,
    pub call: String,
}

/// What became of an object by the end of the run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "fate", rename_all = "snake_case")]
pub enum Fate {
    /// Removed by a call: `msgctl(IPC_RMID)`, `mq_unlink`, `unlink`.
    Removed { by: ByCall },
    /// Its last descriptor was closed, by `close` or by the exit of the
    /// last process holding it (`call` is then `exit`).
    Closed { by: ByCall },
    /// Gone by the end of the run, by a call the tracer did not see
    /// (filtered out with `-e`, or the last holder exec'd).
    Ended,
    /// Still exists after the run: a leak.
    Leaked {
        /// `--cleanup` removed it.
        cleaned: bool,
    },
}

/// One object of the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerEntry {
    pub kind: ObjectKind,
    /// `pipe:[48213]`, `msg queue 32768`, `/tmp/x.fifo`, `/ipclab-q`, `socket:[9228]`.
    pub name: String,
    /// The id for System V objects, the inode for the others.
    pub id: i64,
    /// The key of a System V object.
    pub key: Option<i32>,
    /// The path of a FIFO or socket file, the name of a POSIX queue.
    pub path: Option<String>,
    /// Who created it, and with which call.
    pub created_by: ByCall,
    /// Every traced process seen holding or using it.
    pub used_by: Vec<Pid>,
    #[serde(flatten)]
    pub fate: Fate,
    /// For a leak: the shell command that removes it.
    pub cleanup: Option<String>,
    /// Descriptors on it passed from one process to another in Unix socket
    /// messages (SCM_RIGHTS) and received.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub passed: Vec<Handed>,
}

/// A descriptor passed from one process to another and received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Handed {
    pub from: Pid,
    pub to: Pid,
}

/// The end of the ledger: how many objects, how many outlived the run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerSummary {
    /// Every object the run created, listed or folded.
    pub objects: usize,
    pub leaked: usize,
    /// Leaks `--cleanup` removed.
    pub cleaned: usize,
    /// Objects whose end the kernel view saw and no longer keeps one by one
    /// (a run may make a hundred thousand pipes): how many, of which kind,
    /// ended how.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub folded: Vec<Folded>,
}

/// Objects of one kind that ended the same way, counted instead of listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Folded {
    pub kind: ObjectKind,
    pub count: usize,
    /// `closed` (its last descriptor closed) or `removed` (by a call).
    pub fate: &'static str,
    /// The processes that created them (the first few).
    pub created_by: Vec<Pid>,
    /// More processes created some than `created_by` lists.
    pub more_creators: bool,
}

/// The kinds of kernel object the ledger keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
    Pipe,
    Fifo,
    MsgQueue,
    SemSet,
    Shm,
    PosixMq,
    Socket,
    /// The file a Unix socket was bound to (`bind` to a path creates it).
    SocketFile,
    /// A POSIX shared memory object (`shm_open`: a file in /dev/shm).
    PosixShm,
    /// A POSIX named semaphore (`sem_open`: a file `sem.NAME` in /dev/shm,
    /// mapped by each process that uses it).
    PosixSem,
}

impl ObjectKind {
    /// Whether objects of this kind can outlive the processes that use them.
    pub fn persists(self) -> bool {
        !matches!(self, ObjectKind::Pipe | ObjectKind::Socket)
    }

    /// For people: `pipe`, `FIFO`, `msg queue`...
    pub fn label(self) -> &'static str {
        match self {
            ObjectKind::Pipe => "pipe",
            ObjectKind::Fifo => "FIFO",
            ObjectKind::MsgQueue => "msg queue",
            ObjectKind::SemSet => "sem set",
            ObjectKind::Shm => "shm segment",
            ObjectKind::PosixMq => "POSIX mq",
            ObjectKind::Socket => "socket",
            ObjectKind::SocketFile => "socket file",
            ObjectKind::PosixShm => "POSIX shm",
            ObjectKind::PosixSem => "POSIX sem",
        }
    }
}
