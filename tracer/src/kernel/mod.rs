//! The kernel view: what the kernel holds for the IPC objects a traced
//! program uses, shown beside the calls, and what became of every object the
//! run created.
//!
//! The tracer calls into this module right after an IPC system call returns,
//! while the tracee is still stopped, to show what the call did inside the
//! kernel: the row of a message queue, the values of a semaphore set, which
//! processes hold which end of a pipe and how many bytes wait in it, the
//! signal masks of a process, and, for hang reports, what a process is
//! blocked in. Everything it shows is read by the pure readers of
//! [`crate::proc`]; the events it reports are plain data of
//! [`crate::event::kernel`].
//!
//! The rooms:
//! - [`view`]: the stateful view, an observer of the ptrace loop that turns
//!   the readers into [`KernelEvent`]s after each call touching an object: a
//!   registry of the run's objects (testable without /proc) and one handler
//!   module per family of object;
//! - [`ledger`] and [`journal`]: the evidence that an object is still the one
//!   a run created, its removal, and the ledger on disk for `ipclab clean`.
//!   These, and only these, change the kernel: the rest of the tracer looks
//!   and never changes what it looks at;
//! - [`hang`]: where each thread waits when time runs out, and why.
//!
//! The readers are re-exported here, for code that knew them by this path.

pub mod hang;
pub mod journal;
pub mod ledger;
pub mod view;

/// The event types the kernel view reports, where they lived before they
/// joined the event model: `tracer::kernel::objects::Fate` reads on.
pub use crate::event::kernel as objects;
pub use crate::event::kernel::{KernelEvent, LedgerEntry, LedgerSummary};
pub use crate::proc::*;
pub use view::{KernelView, ViewOptions};
