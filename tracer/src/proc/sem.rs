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
use crate::sys::{self, SemQuery};

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

/// `semctl(semid, semnum, GETNCNT | GETZCNT | GETPID)`.
fn semctl_query(semid: i32, semnum: i32, what: SemQuery) -> Result<i32> {
    sys::sem_query(semid, semnum, what)
        .map_err(|e| Error::sys(format!("semctl({semid}, {semnum}, {})", query_name(what)), e, None))
}

fn query_name(what: SemQuery) -> &'static str {
    match what {
        SemQuery::WaitingToGrow => "GETNCNT",
        SemQuery::WaitingForZero => "GETZCNT",
        SemQuery::LastPid => "GETPID",
    }
}

/// What `semctl(IPC_STAT)` says of set `semid`.
fn stat(semid: i32) -> Result<libc::semid_ds> {
    sys::sem_stat(semid).map_err(|e| Error::sys(format!("semctl({semid}, IPC_STAT)"), e, None))
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
    let values = sys::sem_getall(semid, ds).map_err(|e| Error::sys(format!("semctl({semid}, GETALL)"), e, None))?;
    values
        .iter()
        .enumerate()
        .map(|(i, &value)| {
            let i = i as i32;
            let pid = semctl_query(semid, i, SemQuery::LastPid)?;
            Ok(SemValue {
                value,
                ncnt: semctl_query(semid, i, SemQuery::WaitingToGrow)? as u32,
                zcnt: semctl_query(semid, i, SemQuery::WaitingForZero)? as u32,
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
        let id = sys::semget(libc::IPC_PRIVATE, 3, libc::IPC_CREAT | 0o600).expect("semget");
        let r = sys::semop(id, &mut [libc::sembuf { sem_num: 1, sem_op: 2, sem_flg: 0 }]);
        let checked = std::panic::catch_unwind(|| {
            r.expect("semop");
            let (set, values) = sem_stat(id).unwrap().expect("the set exists");
            assert_eq!(Some(set), sem_set(id).unwrap(), "IPC_STAT and /proc/sysvipc/sem agree");
            let values = values.unwrap();
            assert_eq!(values, sem_values(id).unwrap());
            assert_eq!(values.iter().map(|v| v.value).collect::<Vec<_>>(), vec![0, 2, 0]);
            assert_eq!(values[1].pid, Some(nix::unistd::getpid()));
        });
        sys::sem_remove(id).expect("the set made above is removed");
        checked.unwrap();
        assert!(sem_stat(id).unwrap().is_none(), "a removed set is gone");
    }
}
