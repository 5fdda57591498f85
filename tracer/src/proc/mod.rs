//! What the kernel holds, read from /proc and from read-only queries: the
//! pure readers the kernel view, the hang report and the loop are built on.
//!
//! Each source has a pure parser, taking the text of the file
//! (`parse_msg_queues`, `parse_fdinfo`, `parse_status`...), tested on text
//! captured from a real kernel, and a thin reader binding it to its path
//! (`msg_queues`, `fdinfo`, `process_status`...). The procfs crate is used
//! where it parses correctly (fd link targets, maps).
//!
//! Looking never changes what it looks at: no pipe end is opened, no message
//! received, no semaphore operated on, no segment attached. The few readers
//! that need an fd borrow a duplicate of the tracee's (see [`queued_bytes`]).
//! Nothing here remembers anything between two reads: what a run's objects
//! are, and what became of them, is the kernel view's (`crate::kernel`).
//!
//! Every reader returns [`Result`]; its [`Error`] names the path or call that
//! failed, and a process that exited before it could be read is the
//! ordinary [`ErrorKind::Gone`].
//!
//! Sources: `/proc/sysvipc/{msg,sem,shm}` ([`sysvipc`]), `semctl` ([`sem`]),
//! `/proc/PID/fd` and `fdinfo` ([`fds`](mod@fds), [`fd_dir`]), borrowed fds
//! with `ioctl` and `mq_getattr` ([`peek`]), `/proc/PID/status` ([`status`]),
//! `/proc/net/unix` and sock_diag ([`unix`]), `/proc/PID/maps` and
//! `process_vm_readv` ([`shm`]), `/proc/PID/syscall` and `wchan`
//! ([`blocked`]), `/proc/locks` ([`locks`]), the fdinfo of eventfds, epoll
//! instances and signalfds ([`event_fds`]), a ring's header in a segment's
//! bytes ([`ring`]).

pub mod blocked;
mod error;
pub mod event_fds;
pub mod fd_dir;
pub mod fds;
pub mod locks;
pub mod peek;
pub mod ring;
pub mod sem;
pub mod shm;
pub mod status;
pub mod sysvipc;
pub mod unix;

pub use blocked::{
    SyscallState, blocked_call, parse_elf_is_32_bit, parse_syscall_state, parse_wchan, runs_32_bit, syscall_state,
    wchan,
};
pub use error::{Error, ErrorKind, ParseError, Result, process_exists};
pub use event_fds::{EpollWatch, EventfdInfo, epoll, eventfd, parse_epoll, parse_eventfd, parse_signalfd, signalfd};
pub use fd_dir::FdDir;
pub use fds::{
    End, FdEntry, FdInfo, FdKind, Holder, MQUEUE_MAGIC, ObjectId, fd_entry, fdinfo, fds, holders, object_of,
    parse_fdinfo,
};
pub use peek::{
    MqAttr, MqStatus, Queued, mq_attr, mq_status, parse_mq_status, pidfd_open, pipe_bytes, pipe_other_side,
    queued_bytes,
};
pub use procfs::process::FDTarget;
pub use ring::{RING_HEADER_LEN, RING_MAGIC, parse_ring};
pub use sem::{SemValue, sem_stat, sem_values};
pub use shm::{ShmMapping, parse_shm_mappings, read_memory, read_shm, shm_mappings};
pub use status::{
    ProcState, ProcessStatus, SIGRTMIN, SigSet, parse_stat_state, parse_status, process_state, process_status,
    thread_status,
};
pub use sysvipc::{
    IpcKey, IpcMode, MsgQueue, SemSet, ShmSegment, msg_queue, msg_queues, msg_stat, msg_types, parse_msg_queues,
    parse_sem_sets, parse_shm_segments, sem_set, sem_sets, shm_row, shm_segment, shm_segments, shm_stat,
};
pub use unix::{
    UnixDiag, UnixSocket, UnixState, UnixType, parse_net_unix, unix_diag, unix_socket, unix_sockets, unix_sockets_of,
};
