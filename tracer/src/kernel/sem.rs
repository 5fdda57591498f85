//! Semaphore values, read with `semctl`.
//!
//! `/proc/sysvipc/sem` lists the sets but not the values inside them, nor who
//! waits on them. Those come only from `semctl`: `IPC_STAT` for the size of
//! the set, `GETALL` for the values, and per semaphore `GETNCNT` (processes
//! waiting for it to grow), `GETZCNT` (waiting for it to reach zero) and
//! `GETPID` (the last process to operate on it). All are read-only commands:
//! nothing here calls `semop`, `SETVAL` or `SETALL`, so looking never changes
//! a value or wakes a waiter.

use nix::errno::Errno;
use nix::unistd::Pid;

use super::error::{Error, Result};

/// One semaphore of a set, as `semctl` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SemValue {
    /// The current value (`semval`), never negative.
    pub value: u16,
    /// Processes blocked in `semop` waiting for the value to increase (`semncnt`).
    pub ncnt: u32,
    /// Processes blocked in `semop` waiting for the value to become zero (`semzcnt`).
    pub zcnt: u32,
    /// The last process that changed it with `semop` (`sempid`); `None` if none yet.
    pub pid: Option<Pid>,
}

/// Calls `semctl(semid, semnum, cmd)` for a command with no fourth argument.
fn semctl_query(semid: i32, semnum: i32, cmd: i32, name: &str) -> Result<i32> {
    // SAFETY: GETNCNT, GETZCNT and GETPID read no fourth argument and write
    // no memory of ours; an invalid id only makes the call fail.
    let r = unsafe { libc::semctl(semid, semnum, cmd) };
    Errno::result(r).map_err(|e| Error::sys(format!("semctl({semid}, {semnum}, {name})"), e, None))
}

/// The number of semaphores in set `semid`, by `semctl(IPC_STAT)`.
fn nsems(semid: i32) -> Result<usize> {
    let mut ds = std::mem::MaybeUninit::<libc::semid_ds>::zeroed();
    // SAFETY: IPC_STAT writes one `struct semid_ds` through the pointer
    // passed as the variadic `union semun` argument; `ds` is that big and
    // lives across the call.
    let r = unsafe { libc::semctl(semid, 0, libc::IPC_STAT, ds.as_mut_ptr()) };
    Errno::result(r).map_err(|e| Error::sys(format!("semctl({semid}, IPC_STAT)"), e, None))?;
    // SAFETY: the call succeeded, so the kernel filled the struct (it was
    // zeroed before, so every byte is initialised either way).
    let ds = unsafe { ds.assume_init() };
    Ok(ds.sem_nsems as usize)
}

/// The values of every semaphore in set `semid`, with who waits on each and
/// who last changed it.
///
/// Reads only: `semctl` with `IPC_STAT`, `GETALL`, `GETNCNT`, `GETZCNT`,
/// `GETPID`. The per-semaphore counts are separate calls, so a set changed
/// by a running process meanwhile may show values and counts from slightly
/// different instants. A removed set gives `EINVAL` or `EIDRM`.
pub fn sem_values(semid: i32) -> Result<Vec<SemValue>> {
    let n = nsems(semid)?;
    let mut values = vec![0u16; n];
    // SAFETY: GETALL writes `sem_nsems` unsigned shorts through the pointer
    // passed as `union semun`; `values` holds exactly that many. Should the set
    // be removed and re-created with more semaphores between the two calls, the
    // id would differ (ids are not reused at once), so the call fails instead.
    let r = unsafe { libc::semctl(semid, 0, libc::GETALL, values.as_mut_ptr()) };
    Errno::result(r).map_err(|e| Error::sys(format!("semctl({semid}, GETALL)"), e, None))?;
    values
        .iter()
        .enumerate()
        .map(|(i, &value)| {
            let i = i as i32;
            let pid = semctl_query(semid, i, libc::GETPID, "GETPID")?;
            Ok(SemValue {
                value,
                ncnt: semctl_query(semid, i, libc::GETNCNT, "GETNCNT")? as u32,
                zcnt: semctl_query(semid, i, libc::GETZCNT, "GETZCNT")? as u32,
                pid: (pid != 0).then(|| Pid::from_raw(pid)),
            })
        })
        .collect()
}
