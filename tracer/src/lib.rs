//! ipclab's tracer: runs a program and every process it creates under
//! ptrace, decodes each system call, and reads the kernel's view of the IPC
//! objects they touch from /proc.
//!
//! - [`ptrace`] starts and follows the traced tree and produces [`event`]s;
//! - [`decode`] turns raw calls and tracee memory into typed [`decode::Syscall`]s;
//! - [`render`] prints events as text or JSON lines;
//! - [`proc`] reads what the kernel holds from /proc, without changing it;
//! - [`kernel`] is the kernel view: the run's objects beside the calls, the
//!   ledger of what the run created, the hang report;
//! - [`filter`] names the classes of calls `-e` accepts;
//! - [`inject`] parses `--inject` rules and decides which call they touch;
//! - [`arch`] holds what differs between architectures.

pub mod arch;
pub mod decode;
pub mod event;
pub mod filter;
pub mod i18n;
mod idmap;
pub mod inject;
pub mod kernel;
pub mod proc;
pub mod ptrace;
pub mod render;
pub mod symbols;
mod sys;

pub use event::{Event, EventKind, Recorder, Sink};
pub use ptrace::{Config, Error, Observer, Outcome, run};
