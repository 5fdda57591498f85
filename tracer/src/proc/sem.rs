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

use super::error::{Error, ErrorKind, Result};
use super::sysvipc::{IpcKey, IpcMode, SemSet};

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

/// What `semctl(IPC_STAT)` says of set `semid`.
fn stat(semid: i32) -> Result<libc::semid_ds> {
    let mut ds = std::mem::MaybeUninit::<libc::semid_ds>::zeroed();
    // SAFETY: IPC_STAT writes one `struct semid_ds` through the pointer
    // passed as the variadic `union semun` argument; `ds` is that big and
    // lives across the call.
    let r = unsafe { libc::semctl(semid, 0, libc::IPC_STAT, ds.as_mut_ptr()) };
    Errno::result(r).map_err(|e| Error::sys(format!("semctl({semid}, IPC_STAT)"), e, None))?;
    // SAFETY: the call succeeded, so the kernel filled the struct (it was
    // zeroed before, so every byte is initialised either way).
    Ok(unsafe { ds.assume_init() })
}

/// The values of every semaphore in set `semid`, with who waits on each and
/// who last changed it.
///
/// Reads only: `semctl` with `IPC_STAT`, `GETALL`, `GETNCNT`, `GETZCNT`,
/// `GETPID`. The per-semaphore counts are separate calls, so a set changed
/// by a running process meanwhile may show values and counts from slightly
/// different instants. A removed set gives `EINVAL` or `EIDRM`.
pub fn sem_values(semid: i32) -> Result<Vec<SemValue>> {
    values_of(semid, &stat(semid)?)
}

/// Set `semid` as `/proc/sysvipc/sem` shows it, and its values, all from
/// `semctl` (`IPC_STAT`, then as [`sem_values`]): the kernel view reads a set
/// after every `semop`, and this needs no table. `None` when there is no
/// such set (removed). `IPC_STAT` needs read permission on the set, as the
/// values do; without it the error is `EACCES` (then only the table can
/// show the set).
pub fn sem_stat(semid: i32) -> Result<Option<(SemSet, Result<Vec<SemValue>>)>> {
    let ds = match stat(semid) {
        Ok(ds) => ds,
        Err(e) if matches!(e.kind(), ErrorKind::Sys(Errno::EINVAL | Errno::EIDRM)) => return Ok(None),
        Err(e) => return Err(e),
    };
    let p = &ds.sem_perm;
    let set = SemSet {
        key: IpcKey(p.__key),
        semid,
        perms: IpcMode(p.mode as u32),
        nsems: ds.sem_nsems,
        uid: p.uid,
        gid: p.gid,
        cuid: p.cuid,
        cgid: p.cgid,
        otime: ds.sem_otime as u64,
        ctime: ds.sem_ctime as u64,
    };
    Ok(Some((set, values_of(semid, &ds))))
}

/// The values of set `semid`, whose `IPC_STAT` is `ds`.
fn values_of(semid: i32, ds: &libc::semid_ds) -> Result<Vec<SemValue>> {
    let mut values = vec![0u16; ds.sem_nsems as usize];
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proc::sem_set;

    #[test]
    fn semctl_shows_a_set_as_the_table_does_with_its_values() {
        // SAFETY: semget with integer arguments makes a private set of 3.
        let id = unsafe { libc::semget(libc::IPC_PRIVATE, 3, libc::IPC_CREAT | 0o600) };
        assert!(id >= 0, "semget: {}", std::io::Error::last_os_error());
        let mut op = libc::sembuf { sem_num: 1, sem_op: 2, sem_flg: 0 };
        // SAFETY: one operation on the set just made.
        let r = unsafe { libc::semop(id, &mut op, 1) };
        let checked = std::panic::catch_unwind(|| {
            assert_eq!(r, 0, "semop: {}", std::io::Error::last_os_error());
            let (set, values) = sem_stat(id).unwrap().expect("the set exists");
            assert_eq!(Some(set), sem_set(id).unwrap(), "IPC_STAT and /proc/sysvipc/sem agree");
            let values = values.unwrap();
            assert_eq!(values, sem_values(id).unwrap());
            assert_eq!(values.iter().map(|v| v.value).collect::<Vec<_>>(), vec![0, 2, 0]);
            assert_eq!(values[1].pid, Some(nix::unistd::getpid()));
        });
        // SAFETY: removes the set made above.
        unsafe { libc::semctl(id, 0, libc::IPC_RMID) };
        checked.unwrap();
        assert!(sem_stat(id).unwrap().is_none(), "a removed set is gone");
    }
}
