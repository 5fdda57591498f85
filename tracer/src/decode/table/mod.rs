//! The call table: one row per system call, as strace's `syscallent.h` is,
//! holding everything ipclab knows about a call apart from how it ran:
//!
//! - its classes, the names `-e` selects it by ([`Classes`]);
//! - what it does to the caller's descriptor table ([`FdEffect`]): the fd
//!   cache of the loop and the kernel view's kept fd tables follow it;
//! - which family of kernel object it creates, changes or removes
//!   ([`Object`]): the kernel view dispatches on it, and the calls it must
//!   see even under `-e` (those that create or remove an object of the
//!   ledger) are derived from it;
//! - what a thread blocked in it waits for ([`Wait`]): the hang report
//!   explains a blocked thread from it;
//! - for a call that moves data through a descriptor, which argument is the
//!   descriptor and which the count ([`Io`]): the hang report's reads and
//!   writes, and the calls a short count can be injected into;
//! - whether it renames or removes a file (/proc then names open
//!   descriptors anew);
//! - its decoder: the argument list (names and kinds) or hand-written entry
//!   and exit functions; a call without one shows its six raw registers.
//!
//! Every list of calls elsewhere in the tracer is a question asked of this
//! table. Lookups are an index by call number into a static array, built at
//! compile time: no hashing, no search.

mod rows;

use syscalls::Sysno;

use super::spec::Decoder;

/// The classes of calls `-e` names (`ipc`, `pipe`, ...), as bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Classes(u16);

impl Classes {
    pub const NONE: Classes = Classes(0);
    /// System V message queues, shared memory and semaphores; POSIX message queues.
    pub const IPC: Classes = Classes(1 << 0);
    /// Creating pipes and FIFOs and moving data through descriptors.
    pub const PIPE: Classes = Classes(1 << 1);
    /// Creating, replacing, waiting for and ending processes.
    pub const PROCESS: Classes = Classes(1 << 2);
    /// Sending, catching, blocking and waiting for signals.
    pub const SIGNAL: Classes = Classes(1 << 3);
    /// Sockets: Unix domain and internet.
    pub const NETWORK: Classes = Classes(1 << 4);
    /// Calls that take a file name.
    pub const FILE: Classes = Classes(1 << 5);
    /// Calls that take or make a file descriptor.
    pub const DESC: Classes = Classes(1 << 6);
    /// Mapping and unmapping memory, shared or not.
    pub const MEMORY: Classes = Classes(1 << 7);

    /// Both sets of classes.
    pub const fn with(self, other: Classes) -> Classes {
        Classes(self.0 | other.0)
    }

    /// Whether every class of `other` is in this set.
    pub const fn contains(self, other: Classes) -> bool {
        self.0 & other.0 == other.0 && other.0 != 0
    }
}

/// What a call does to the caller's descriptor table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FdEffect {
    /// It never adds, closes or replaces a descriptor of the caller.
    Keeps,
    /// It may add descriptors, under numbers that were free (`open`,
    /// `pipe2`, `dup`, `accept`; `recvmsg` with SCM_RIGHTS).
    Adds,
    /// It may close a descriptor or put another file under a number in use
    /// (`close`, `dup2`, `execve` with close-on-exec; `io_uring_enter`, whose
    /// ring may close any): a cached target of that number goes stale.
    Replaces,
    /// Not known: it counts as changing the table.
    Unknown,
}

/// The families of kernel objects, each with its handler in the kernel view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Touches no object the kernel view follows.
    None,
    /// Anonymous pipes, and FIFOs made with `mknod`.
    Pipe,
    /// Calls on any descriptor: data through a pipe, FIFO or socket,
    /// closing and duplicating.
    Descriptor,
    /// Calls on any path: opening a FIFO or a POSIX shared memory object,
    /// unlinking a FIFO, socket file or shared memory object, linking one.
    Path,
    /// System V message queues.
    SysvMsg,
    /// System V semaphore sets.
    SysvSem,
    /// System V shared memory segments.
    SysvShm,
    /// POSIX message queues.
    PosixMq,
    /// POSIX shared memory objects, through a descriptor (`ftruncate`, `mmap`).
    PosixShm,
    /// Unix sockets.
    Socket,
    /// Signal dispositions, masks and sending.
    Signal,
    /// File locks (`flock`; `fcntl`'s record locks are found by command).
    Lock,
    /// Waiting for children: zombies reaped.
    Process,
    /// Descriptors that carry events, not bytes: eventfd counters, epoll
    /// interest lists, signalfd masks.
    Event,
    /// Futex words (shown when they are in a shared memory segment).
    Futex,
}

/// What a call does to an object of its family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Nothing the ledger records.
    Uses,
    /// It makes a new object (or a new name for one).
    Creates,
    /// It makes a new file when argument `flags_arg` has `O_CREAT`.
    CreatesIf { flags_arg: u8 },
    /// It may make a file, in a way a filter cannot test (`creat`, or
    /// `openat2`, whose flags are in memory).
    Opens,
    /// It may remove the object, by command (`msgctl(IPC_RMID)`).
    Controls,
    /// It unmaps a shared mapping: what the object holds is read at its
    /// entry, while the mapping is still there.
    Unmaps,
    /// It removes the object or its name.
    Removes,
}

/// The family of object a call touches and what it does to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Object {
    pub family: Family,
    pub effect: Effect,
}

impl Object {
    pub const NONE: Object = Object { family: Family::None, effect: Effect::Uses };

    /// Whether the call may create or remove an object of the ledger.
    pub const fn changes_ledger(self) -> bool {
        matches!(self.effect, Effect::Creates | Effect::Controls | Effect::Removes)
    }

    /// Whether the kernel view must hear of the call even when it is not
    /// reported (hidden by `-e`, or before the start marker): it changes
    /// the ledger, or it ends what the view reads an object through.
    pub const fn needed_when_hidden(self) -> bool {
        self.changes_ledger() || matches!(self.effect, Effect::Unmaps)
    }
}

/// Which way data moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    /// Into the program (read, receive).
    In,
    /// Out of the program (write, send).
    Out,
}

/// A call that moves data through a descriptor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Io {
    pub dir: Dir,
    /// The argument that is the descriptor.
    pub fd_arg: u8,
    /// The argument that is the count of bytes (or of buffers), which a
    /// short transfer lowers; None when the count is in memory (`sendmsg`).
    pub count_arg: Option<u8>,
}

/// What a thread blocked in a call waits for, as the hang report explains it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Data to read from, or room to write to, its descriptor ([`Io`]).
    Data,
    /// Another process to open the same FIFO the other way.
    FifoPeer,
    /// A child to change state.
    Child,
    /// A System V message to receive (In), or room in the queue (Out).
    SysvMessage(Dir),
    /// A System V semaphore.
    Semaphore,
    /// A POSIX message to receive (In), or room in the queue (Out).
    PosixMessage(Dir),
    /// A client to connect.
    Connection,
    /// A signal.
    Signal,
    /// A futex: a lock, condition variable or thread join in user space.
    Futex,
    /// Time to pass.
    Sleep,
    /// One of several descriptors to become ready.
    Readiness,
    /// A file lock another process holds.
    Lock,
}

/// One row of the table.
#[derive(Clone, Copy)]
pub struct Call {
    pub sysno: Sysno,
    pub classes: Classes,
    pub fds: FdEffect,
    pub object: Object,
    pub waits: Option<Wait>,
    pub io: Option<Io>,
    /// It removes or renames a file, a POSIX message queue, or a directory
    /// above one: /proc names a descriptor on it anew (`/tmp/x (deleted)`).
    pub renames_files: bool,
    /// How its arguments are decoded; None shows the six raw registers.
    pub decoder: Option<&'static Decoder>,
}

impl std::fmt::Debug for Call {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("sysno", &self.sysno)
            .field("classes", &self.classes)
            .field("fds", &self.fds)
            .field("object", &self.object)
            .field("waits", &self.waits)
            .field("io", &self.io)
            .field("renames_files", &self.renames_files)
            .field("decoded", &self.decoder.is_some())
            .finish()
    }
}

impl Call {
    /// A row of nothing known: no class, any effect on descriptors.
    pub const fn of(sysno: Sysno) -> Call {
        Call {
            sysno,
            classes: Classes::NONE,
            fds: FdEffect::Unknown,
            object: Object::NONE,
            waits: None,
            io: None,
            renames_files: false,
            decoder: None,
        }
    }

    const fn class(mut self, c: Classes) -> Call {
        self.classes = self.classes.with(c);
        self
    }

    const fn fds(mut self, e: FdEffect) -> Call {
        self.fds = e;
        self
    }

    const fn keeps(self) -> Call {
        self.fds(FdEffect::Keeps)
    }

    const fn adds(self) -> Call {
        self.fds(FdEffect::Adds)
    }

    const fn replaces(self) -> Call {
        self.fds(FdEffect::Replaces)
    }

    const fn on(mut self, family: Family, effect: Effect) -> Call {
        self.object = Object { family, effect };
        self
    }

    const fn waits(mut self, w: Wait) -> Call {
        self.waits = Some(w);
        self
    }

    const fn reads(mut self, fd_arg: u8, count_arg: Option<u8>) -> Call {
        self.io = Some(Io { dir: Dir::In, fd_arg, count_arg });
        self
    }

    const fn writes(mut self, fd_arg: u8, count_arg: Option<u8>) -> Call {
        self.io = Some(Io { dir: Dir::Out, fd_arg, count_arg });
        self
    }

    const fn renames(mut self) -> Call {
        self.renames_files = true;
        self
    }

    const fn decode(mut self, d: &'static Decoder) -> Call {
        self.decoder = Some(d);
        self
    }
}

/// The first call number of this architecture (the table starts there).
const FIRST: usize = Sysno::first().id() as usize;
/// How many numbers the table spans, gaps included.
const SIZE: usize = Sysno::table_size();

/// Every row, indexed by call number; numbers without a call hold a row of
/// the first call that is never handed out.
static TABLE: [Call; SIZE] = build(rows::ROWS);

/// The table from the rows, checked as it is built, at compile time: a call
/// listed twice, or a call of this architecture without a decoder (its
/// prototype), stops the build with the call's name.
const fn build(families: &[&[Call]]) -> [Call; SIZE] {
    let mut table = [Call::of(Sysno::first()); SIZE];
    let mut i = 0;
    while i < SIZE {
        if let Some(s) = Sysno::new(FIRST + i) {
            table[i] = Call::of(s);
        }
        i += 1;
    }
    let mut seen = [false; SIZE];
    let mut f = 0;
    while f < families.len() {
        let rows = families[f];
        let mut r = 0;
        while r < rows.len() {
            let at = rows[r].sysno.id() as usize - FIRST;
            if seen[at] {
                panic!("{}", rows[r].sysno.name());
            }
            seen[at] = true;
            table[at] = rows[r];
            r += 1;
        }
        f += 1;
    }
    let mut i = 0;
    while i < SIZE {
        if let Some(s) = Sysno::new(FIRST + i) {
            if table[i].decoder.is_none() {
                panic!("{}", s.name());
            }
        }
        i += 1;
    }
    table
}

/// The row of `sysno`.
pub fn of(sysno: Sysno) -> &'static Call {
    &TABLE[sysno.id() as usize - FIRST]
}

/// The row of call number `nr`, when this architecture has such a call.
pub fn of_nr(nr: u64) -> Option<&'static Call> {
    let call = TABLE.get((nr as usize).checked_sub(FIRST)?)?;
    (call.sysno.id() as u64 == nr).then_some(call)
}

/// The decoder of `sysno`, or None to show raw arguments.
pub fn decoder(sysno: Sysno) -> Option<&'static Decoder> {
    of(sysno).decoder
}

/// Every call of this architecture, in number order.
pub fn all() -> impl Iterator<Item = &'static Call> {
    TABLE.iter().enumerate().filter(|(i, c)| c.sysno.id() as usize == FIRST + i).map(|(_, c)| c)
}

/// The calls for which `pick` holds, in number order.
pub fn calls_where(pick: impl Fn(&Call) -> bool) -> Vec<Sysno> {
    all().filter(|c| pick(c)).map(|c| c.sysno).collect()
}

#[cfg(test)]
mod tests;
