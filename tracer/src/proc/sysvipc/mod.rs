//! System V IPC tables: `/proc/sysvipc/msg`, `/proc/sysvipc/sem` and `/proc/sysvipc/shm`.
//!
//! These are the kernel's own lists of message queues, semaphore sets and
//! shared memory segments, the same rows `ipcs` prints. procfs has no parser
//! for `msg` and `sem`, and its `shm` parser reads the octal `perms` column as
//! decimal and uids as u16, so all three are parsed here: each table by the
//! names in its header line (a kernel that adds or moves a column still
//! parses), modes as octal, ids and keys as the kernel's `int`, uids as u32.
//!
//! The parsers (`parse_*`) take text and do no I/O; the readers bind them to
//! their paths. A kernel without System V IPC has no `/proc/sysvipc`, which is
//! reported as [`ErrorKind::NoSysvIpc`].

use std::cell::RefCell;
use std::fmt;
use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;
use std::path::Path;

use nix::unistd::Pid;

use super::error::{Error, ErrorKind, ParseError, Result};

/// Path of the message queue table.
pub const MSG_PATH: &str = "/proc/sysvipc/msg";
/// Path of the semaphore set table.
pub const SEM_PATH: &str = "/proc/sysvipc/sem";
/// Path of the shared memory segment table.
pub const SHM_PATH: &str = "/proc/sysvipc/shm";

/// `SHM_DEST` in a segment's mode: removed, to be freed at the last detach
/// (linux/shm.h; not in the libc crate).
pub const SHM_DEST: u32 = 0o1000;
/// `SHM_LOCKED` in a segment's mode: locked in memory with `SHM_LOCK`.
pub const SHM_LOCKED: u32 = 0o2000;

/// A System V IPC key, the name a program passes to `msgget`/`semget`/`shmget`.
///
/// The kernel prints it as a signed decimal `int`; it displays here as `ipcs`
/// shows it, in hexadecimal (`0x00000000` is `IPC_PRIVATE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IpcKey(pub i32);

impl IpcKey {
    /// True for `IPC_PRIVATE` (0): a key no other program can find, and also
    /// what the kernel shows for an object removed while still in use.
    pub fn is_private(self) -> bool {
        self.0 == libc::IPC_PRIVATE
    }
}

impl fmt::Display for IpcKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#010x}", self.0 as u32)
    }
}

/// The mode word of an IPC object: permission bits (`0o777`) plus, for
/// shared memory, the state bits `SHM_DEST` (`0o1000`) and `SHM_LOCKED`
/// (`0o2000`). The kernel prints it in octal; it displays in octal too
/// (`0600`, `1600`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IpcMode(pub u32);

impl IpcMode {
    /// The rwx permission bits alone, e.g. `0o600`.
    pub fn permissions(self) -> u32 {
        self.0 & 0o777
    }
}

impl fmt::Display for IpcMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04o}", self.0)
    }
}

/// One row of `/proc/sysvipc/msg`: a System V message queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgQueue {
    /// The key it was created with (`IPC_PRIVATE` shows as 0).
    pub key: IpcKey,
    /// The id `msgget` returned, used by `msgsnd`/`msgrcv`/`msgctl`.
    pub msqid: i32,
    /// Mode (permission bits), octal.
    pub perms: IpcMode,
    /// Bytes of message text now in the queue (the `mtype` longs not counted).
    pub cbytes: u64,
    /// Number of messages now in the queue.
    pub qnum: u64,
    /// Process that last sent a message (`msgsnd`); `None` if none yet.
    pub lspid: Option<Pid>,
    /// Process that last received a message (`msgrcv`); `None` if none yet.
    pub lrpid: Option<Pid>,
    /// Owner user id.
    pub uid: u32,
    /// Owner group id.
    pub gid: u32,
    /// Creator user id.
    pub cuid: u32,
    /// Creator group id.
    pub cgid: u32,
    /// Time of the last `msgsnd`, seconds since the epoch (0: never).
    pub stime: u64,
    /// Time of the last `msgrcv`, seconds since the epoch (0: never).
    pub rtime: u64,
    /// Time of creation or of the last `msgctl(IPC_SET)`, seconds since the epoch.
    pub ctime: u64,
}

/// One row of `/proc/sysvipc/sem`: a System V semaphore set.
///
/// The values of the semaphores are not in /proc; see
/// [`sem_values`](super::sem_values).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SemSet {
    /// The key it was created with (`IPC_PRIVATE` shows as 0).
    pub key: IpcKey,
    /// The id `semget` returned.
    pub semid: i32,
    /// Mode (permission bits), octal.
    pub perms: IpcMode,
    /// Number of semaphores in the set.
    pub nsems: u64,
    /// Owner user id.
    pub uid: u32,
    /// Owner group id.
    pub gid: u32,
    /// Creator user id.
    pub cuid: u32,
    /// Creator group id.
    pub cgid: u32,
    /// Time of the last `semop`, seconds since the epoch (0: never).
    pub otime: u64,
    /// Time of creation or of the last `semctl` that changed it, seconds since the epoch.
    pub ctime: u64,
}

/// One row of `/proc/sysvipc/shm`: a System V shared memory segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShmSegment {
    /// The key it was created with. Shows as 0 (`IPC_PRIVATE`) once the
    /// segment is marked for removal while still attached.
    pub key: IpcKey,
    /// The id `shmget` returned, also the inode of its mapping in /proc/PID/maps.
    pub shmid: i32,
    /// Mode, octal: permission bits plus `SHM_DEST` (`0o1000`, removed but
    /// still attached) and `SHM_LOCKED` (`0o2000`).
    pub perms: IpcMode,
    /// Size asked for in `shmget`, in bytes.
    pub size: u64,
    /// Process that created it.
    pub cpid: Pid,
    /// Process that last attached or detached it (`shmat`/`shmdt`); `None` if none yet.
    pub lpid: Option<Pid>,
    /// Number of attachments now (mappings in all processes).
    pub nattch: u64,
    /// Owner user id.
    pub uid: u32,
    /// Owner group id.
    pub gid: u32,
    /// Creator user id.
    pub cuid: u32,
    /// Creator group id.
    pub cgid: u32,
    /// Time of the last `shmat`, seconds since the epoch (0: never).
    pub atime: u64,
    /// Time of the last `shmdt`, seconds since the epoch (0: never).
    pub dtime: u64,
    /// Time of creation or of the last `shmctl(IPC_SET)`, seconds since the epoch.
    pub ctime: u64,
    /// Bytes of the segment now in RAM (pages touched so far).
    pub rss: u64,
    /// Bytes of the segment now in swap.
    pub swap: u64,
}

impl ShmSegment {
    /// True when `shmctl(IPC_RMID)` was called while processes still have it
    /// attached: it disappears at the last `shmdt` (`ipcs` says "dest").
    pub fn is_marked_for_removal(&self) -> bool {
        self.perms.0 & SHM_DEST != 0
    }
}

/// A table of /proc/sysvipc: its header names and the rows under it, split
/// in columns. Columns are found by name, so their order does not matter.
struct Table<'a> {
    header: Vec<&'a str>,
    rows: Vec<(usize, Vec<&'a str>)>,
}

impl<'a> Table<'a> {
    fn parse(text: &'a str) -> std::result::Result<Self, ParseError> {
        let mut lines = text.lines().enumerate();
        let header = match lines.next() {
            Some((_, h)) if !h.trim().is_empty() => h.split_ascii_whitespace().collect(),
            _ => return Err(ParseError::new(1, "missing the header line")),
        };
        let rows = lines
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| (i + 1, l.split_ascii_whitespace().collect()))
            .collect();
        Ok(Table { header, rows })
    }

    /// Checks that every named column exists and returns a row reader.
    fn columns<const N: usize>(&self, names: [&'static str; N]) -> std::result::Result<[usize; N], ParseError> {
        let mut idx = [0; N];
        for (slot, name) in idx.iter_mut().zip(names) {
            *slot = self
                .header
                .iter()
                .position(|h| *h == name)
                .ok_or_else(|| ParseError::new(1, format!("no column {name:?} in the header")))?;
        }
        Ok(idx)
    }
}

/// One row being read: its line number and fields, for error messages.
struct Row<'r, 'a> {
    line: usize,
    fields: &'r [&'a str],
    header: &'r [&'a str],
}

impl Row<'_, '_> {
    fn field(&self, col: usize) -> std::result::Result<&str, ParseError> {
        self.fields.get(col).copied().ok_or_else(|| {
            ParseError::new(self.line, format!("expected {} columns, found {}", self.header.len(), self.fields.len()))
        })
    }

    fn num<T: std::str::FromStr>(&self, col: usize) -> std::result::Result<T, ParseError> {
        let s = self.field(col)?;
        s.parse().map_err(|_| ParseError::new(self.line, format!("column {}: {s:?} is not a number", self.header[col])))
    }

    fn octal(&self, col: usize) -> std::result::Result<IpcMode, ParseError> {
        let s = self.field(col)?;
        u32::from_str_radix(s, 8)
            .map(IpcMode)
            .map_err(|_| ParseError::new(self.line, format!("column {}: {s:?} is not an octal mode", self.header[col])))
    }

    /// A pid column where 0 means "no process yet".
    fn pid(&self, col: usize) -> std::result::Result<Option<Pid>, ParseError> {
        let n: i32 = self.num(col)?;
        Ok((n != 0).then(|| Pid::from_raw(n)))
    }
}

fn rows<'t, 'a, T>(
    table: &'t Table<'a>,
    mut f: impl FnMut(&Row<'t, 'a>) -> std::result::Result<T, ParseError>,
) -> std::result::Result<Vec<T>, ParseError> {
    table.rows.iter().map(|(line, fields)| f(&Row { line: *line, fields, header: &table.header })).collect()
}

/// Parses the text of `/proc/sysvipc/msg`.
pub fn parse_msg_queues(text: &str) -> std::result::Result<Vec<MsgQueue>, ParseError> {
    let t = Table::parse(text)?;
    let [key, id, perms, cbytes, qnum, lspid, lrpid, uid, gid, cuid, cgid, stime, rtime, ctime] = t.columns([
        "key", "msqid", "perms", "cbytes", "qnum", "lspid", "lrpid", "uid", "gid", "cuid", "cgid", "stime", "rtime",
        "ctime",
    ])?;
    rows(&t, |r| {
        Ok(MsgQueue {
            key: IpcKey(r.num(key)?),
            msqid: r.num(id)?,
            perms: r.octal(perms)?,
            cbytes: r.num(cbytes)?,
            qnum: r.num(qnum)?,
            lspid: r.pid(lspid)?,
            lrpid: r.pid(lrpid)?,
            uid: r.num(uid)?,
            gid: r.num(gid)?,
            cuid: r.num(cuid)?,
            cgid: r.num(cgid)?,
            stime: r.num(stime)?,
            rtime: r.num(rtime)?,
            ctime: r.num(ctime)?,
        })
    })
}

/// Parses the text of `/proc/sysvipc/sem`.
pub fn parse_sem_sets(text: &str) -> std::result::Result<Vec<SemSet>, ParseError> {
    let t = Table::parse(text)?;
    let [key, id, perms, nsems, uid, gid, cuid, cgid, otime, ctime] =
        t.columns(["key", "semid", "perms", "nsems", "uid", "gid", "cuid", "cgid", "otime", "ctime"])?;
    rows(&t, |r| {
        Ok(SemSet {
            key: IpcKey(r.num(key)?),
            semid: r.num(id)?,
            perms: r.octal(perms)?,
            nsems: r.num(nsems)?,
            uid: r.num(uid)?,
            gid: r.num(gid)?,
            cuid: r.num(cuid)?,
            cgid: r.num(cgid)?,
            otime: r.num(otime)?,
            ctime: r.num(ctime)?,
        })
    })
}

/// Parses the text of `/proc/sysvipc/shm`.
pub fn parse_shm_segments(text: &str) -> std::result::Result<Vec<ShmSegment>, ParseError> {
    let t = Table::parse(text)?;
    let [key, id, perms, size, cpid, lpid, nattch, uid, gid, cuid, cgid, atime, dtime, ctime, rss, swap] =
        t.columns([
            "key", "shmid", "perms", "size", "cpid", "lpid", "nattch", "uid", "gid", "cuid", "cgid", "atime", "dtime",
            "ctime", "rss", "swap",
        ])?;
    rows(&t, |r| {
        Ok(ShmSegment {
            key: IpcKey(r.num(key)?),
            shmid: r.num(id)?,
            perms: r.octal(perms)?,
            size: r.num(size)?,
            cpid: Pid::from_raw(r.num(cpid)?),
            lpid: r.pid(lpid)?,
            nattch: r.num(nattch)?,
            uid: r.num(uid)?,
            gid: r.num(gid)?,
            cuid: r.num(cuid)?,
            cgid: r.num(cgid)?,
            atime: r.num(atime)?,
            dtime: r.num(dtime)?,
            ctime: r.num(ctime)?,
            rss: r.num(rss)?,
            swap: r.num(swap)?,
        })
    })
}

/// A /proc/sysvipc table kept open.
struct OpenTable {
    path: &'static str,
    file: File,
}

thread_local! {
    /// The tables this thread has read, kept open, and the buffer their
    /// text is read into: the kernel makes a table's text afresh whenever it
    /// is read from offset 0, so a look costs a `pread` or two instead of
    /// an open, a stat, several reads and a close (the kernel view looks
    /// after every IPC call).
    static OPEN_TABLES: RefCell<(Vec<OpenTable>, Vec<u8>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

/// Reads one /proc/sysvipc table and parses it; a missing file means no
/// System V IPC.
fn read_parsed<T>(path: &'static str, parse: fn(&str) -> std::result::Result<Vec<T>, ParseError>) -> Result<Vec<T>> {
    let p = Path::new(path);
    let error = |e: io::Error| {
        if e.kind() == io::ErrorKind::NotFound { Error::new(path, ErrorKind::NoSysvIpc) } else { Error::io(p, e, None) }
    };
    OPEN_TABLES.with_borrow_mut(|(open, text)| {
        let at = match open.iter().position(|t| t.path == path) {
            Some(i) => i,
            None => {
                open.push(OpenTable { path, file: File::open(p).map_err(error)? });
                open.len() - 1
            }
        };
        // `text` only grows (zeroed once), so reading costs no clearing.
        let mut used = 0;
        loop {
            if text.len() - used < 1024 {
                text.resize(text.len() + 4096, 0);
            }
            match open[at].file.read_at(&mut text[used..], used as u64) {
                Ok(0) => break,
                Ok(n) => used += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    open.remove(at);
                    return Err(error(e));
                }
            }
        }
        let text =
            std::str::from_utf8(&text[..used]).map_err(|e| error(io::Error::new(io::ErrorKind::InvalidData, e)))?;
        parse(text).map_err(|e| Error::parse(p, e))
    })
}

/// All System V message queues of this IPC namespace, from `/proc/sysvipc/msg`.
pub fn msg_queues() -> Result<Vec<MsgQueue>> {
    read_parsed(MSG_PATH, parse_msg_queues)
}

/// All System V semaphore sets of this IPC namespace, from `/proc/sysvipc/sem`.
pub fn sem_sets() -> Result<Vec<SemSet>> {
    read_parsed(SEM_PATH, parse_sem_sets)
}

/// All System V shared memory segments of this IPC namespace, from `/proc/sysvipc/shm`.
pub fn shm_segments() -> Result<Vec<ShmSegment>> {
    read_parsed(SHM_PATH, parse_shm_segments)
}

/// The message queue with id `msqid`, or `None` if there is none (removed).
pub fn msg_queue(msqid: i32) -> Result<Option<MsgQueue>> {
    Ok(msg_queues()?.into_iter().find(|q| q.msqid == msqid))
}

/// The types of the messages queued in `msqid`, oldest first, at most
/// `max` of them, read without taking them (`msgrcv` with `MSG_COPY`): the
/// queue is as it was. An error `ENOSYS` means this kernel has no `MSG_COPY`
/// (it needs CONFIG_CHECKPOINT_RESTORE); `EACCES`, no read permission.
pub fn msg_types(msqid: i32, max: usize) -> Result<Vec<i64>> {
    // The largest message text the kernel accepts (msgmax, 8192 unless set).
    let largest = std::fs::read_to_string("/proc/sys/kernel/msgmax")
        .ok()
        .and_then(|t| t.trim().parse::<usize>().ok())
        .unwrap_or(8192)
        .min(1 << 20);
    let mut types = Vec::new();
    for index in 0..max {
        match crate::sys::msg_peek_type(msqid, index as libc::c_long, largest) {
            Ok(mtype) => types.push(mtype),
            Err(nix::errno::Errno::ENOMSG) => break,
            Err(e) => return Err(Error::sys(format!("msgrcv({msqid}, MSG_COPY)"), e, None)),
        }
    }
    Ok(types)
}

/// The message queue with id `msqid` as its row of `/proc/sysvipc/msg`
/// shows it, read with `msgctl(IPC_STAT)` instead: the kernel view reads a
/// queue after every `msgsnd` and `msgrcv`, and this needs no table. `None`
/// if there is no such queue (removed). `IPC_STAT` needs read permission on
/// the queue; without it the error is `EACCES` (then only the table can show
/// the queue).
pub fn msg_stat(msqid: i32) -> Result<Option<MsgQueue>> {
    let ds = match crate::sys::msg_stat(msqid) {
        Ok(ds) => ds,
        Err(nix::errno::Errno::EINVAL | nix::errno::Errno::EIDRM) => return Ok(None),
        Err(e) => return Err(Error::sys(format!("msgctl({msqid}, IPC_STAT)"), e, None)),
    };
    let p = &ds.msg_perm;
    let pid = |n: libc::pid_t| (n != 0).then(|| Pid::from_raw(n));
    Ok(Some(MsgQueue {
        key: IpcKey(p.__key),
        msqid,
        perms: IpcMode(p.mode as u32),
        cbytes: ds.__msg_cbytes,
        qnum: ds.msg_qnum,
        lspid: pid(ds.msg_lspid),
        lrpid: pid(ds.msg_lrpid),
        uid: p.uid,
        gid: p.gid,
        cuid: p.cuid,
        cgid: p.cgid,
        stime: ds.msg_stime as u64,
        rtime: ds.msg_rtime as u64,
        ctime: ds.msg_ctime as u64,
    }))
}

/// The semaphore set with id `semid`, or `None` if there is none (removed).
pub fn sem_set(semid: i32) -> Result<Option<SemSet>> {
    Ok(sem_sets()?.into_iter().find(|s| s.semid == semid))
}

/// The segment with id `shmid` as its row of `/proc/sysvipc/shm` shows it,
/// read with `shmctl(IPC_STAT)` instead: the kernel view reads a segment
/// after semaphore operations that follow a store, and this needs no table.
/// `shmid_ds` has no `rss` and `swap`: they are 0 here. `None` if there is no
/// such segment (removed); `EACCES` without read permission (then only the
/// table can show it).
pub fn shm_stat(shmid: i32) -> Result<Option<ShmSegment>> {
    let ds = match crate::sys::shm_stat(shmid) {
        Ok(ds) => ds,
        Err(nix::errno::Errno::EINVAL | nix::errno::Errno::EIDRM) => return Ok(None),
        Err(e) => return Err(Error::sys(format!("shmctl({shmid}, IPC_STAT)"), e, None)),
    };
    let p = &ds.shm_perm;
    Ok(Some(ShmSegment {
        key: IpcKey(p.__key),
        shmid,
        perms: IpcMode(p.mode as u32),
        size: ds.shm_segsz as u64,
        cpid: Pid::from_raw(ds.shm_cpid),
        lpid: (ds.shm_lpid != 0).then(|| Pid::from_raw(ds.shm_lpid)),
        nattch: ds.shm_nattch as u64,
        uid: p.uid,
        gid: p.gid,
        cuid: p.cuid,
        cgid: p.cgid,
        atime: ds.shm_atime as u64,
        dtime: ds.shm_dtime as u64,
        ctime: ds.shm_ctime as u64,
        rss: 0,
        swap: 0,
    }))
}

/// The shared memory segment with id `shmid`, or `None` if there is none (removed).
pub fn shm_segment(shmid: i32) -> Result<Option<ShmSegment>> {
    Ok(shm_segments()?.into_iter().find(|s| s.shmid == shmid))
}

/// Segment `shmid` read the cheap way when allowed: [`shm_stat`] (one
/// `shmctl`, no `rss` and `swap`), and its row of the table when
/// `IPC_STAT` is refused (no read permission). The table is written by the
/// kernel walking every segment of the namespace, for every look.
pub fn shm_row(shmid: i32) -> Result<Option<ShmSegment>> {
    shm_stat(shmid).or_else(|_| shm_segment(shmid))
}

#[cfg(test)]
mod tests;
