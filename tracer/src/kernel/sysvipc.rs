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

/// The message queue with id `msqid` as its row of `/proc/sysvipc/msg`
/// shows it, read with `msgctl(IPC_STAT)` instead: the kernel view reads a
/// queue after every `msgsnd` and `msgrcv`, and this needs no table. `None`
/// if there is no such queue (removed). `IPC_STAT` needs read permission on
/// the queue; without it the error is `EACCES` (then only the table can show
/// the queue).
pub fn msg_stat(msqid: i32) -> Result<Option<MsgQueue>> {
    let mut ds = std::mem::MaybeUninit::<libc::msqid_ds>::zeroed();
    // SAFETY: IPC_STAT writes one `struct msqid_ds` through the pointer,
    // which is that big and lives across the call.
    let r = unsafe { libc::msgctl(msqid, libc::IPC_STAT, ds.as_mut_ptr()) };
    match nix::errno::Errno::result(r) {
        Ok(_) => {}
        Err(nix::errno::Errno::EINVAL | nix::errno::Errno::EIDRM) => return Ok(None),
        Err(e) => return Err(Error::sys(format!("msgctl({msqid}, IPC_STAT)"), e, None)),
    }
    // SAFETY: the call succeeded, so the kernel filled the struct (it was
    // zeroed before, so every byte is initialised either way).
    let ds = unsafe { ds.assume_init() };
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

/// The shared memory segment with id `shmid`, or `None` if there is none (removed).
pub fn shm_segment(shmid: i32) -> Result<Option<ShmSegment>> {
    Ok(shm_segments()?.into_iter().find(|s| s.shmid == shmid))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Captured on Linux 6.18 after two `msgsnd` (5 and 7 bytes) by pid 5414
    /// and one `msgrcv` by pid 5511 on queue 0 (`IPC_PRIVATE`, 0600); queue 1
    /// has key 0xbeefcafe, mode 0640 and owner 70000:70001 set by `IPC_SET`.
    const MSG_LINUX_6_18: &str = "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime
         0          0   600           7          1  5414  5511     0     0     0     0 1795487479 1795487520 1795487479
-1091581186          1   640           0          0     0     0 70000 70001     0     0          0          0 1795487479
";

    /// Captured on Linux 6.18: set 0 (`IPC_PRIVATE`, 3 semaphores, after one
    /// `semop`), set 1 (key 0x7a11c0de, mode 0660, never operated on).
    const SEM_LINUX_6_18: &str = "       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime
         0          0   600          3     0     0     0     0 1795487479 1795487479
2047983838          1   660          1     0     0     0     0          0 1795487479
";

    /// Captured on Linux 6.18: segment 0 (`IPC_PRIVATE`, 10000 bytes,
    /// attached once, one page touched), segment 1 (key 0xbeefcafe, 0604,
    /// owner uid 70000, never attached).
    const SHM_LINUX_6_18: &str = "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap
         0          0   600                 10000  5414  5414      1     0     0     0     0 1795487479          0 1795487479                  4096                     0
-1091581186          1   604                  4096  5414     0      0 70000     0     0     0          0          0 1795487479                     0                     0
";

    /// Captured on Linux 6.18: a segment created with key 0x1a2b3c4d, still
    /// attached, after `shmctl(IPC_RMID)`: key shown as 0 and mode 1600.
    const SHM_REMOVED_ATTACHED_LINUX_6_18: &str = "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap
         0          2  1600                  8192  6052  6052      1     0     0     0     0 1795487672          0 1795487672                  4096                     0
";

    #[test]
    fn parses_sysvipc_msg_linux_6_18() {
        let qs = parse_msg_queues(MSG_LINUX_6_18).unwrap();
        assert_eq!(
            qs,
            vec![
                MsgQueue {
                    key: IpcKey(0),
                    msqid: 0,
                    perms: IpcMode(0o600),
                    cbytes: 7,
                    qnum: 1,
                    lspid: Some(Pid::from_raw(5414)),
                    lrpid: Some(Pid::from_raw(5511)),
                    uid: 0,
                    gid: 0,
                    cuid: 0,
                    cgid: 0,
                    stime: 1795487479,
                    rtime: 1795487520,
                    ctime: 1795487479,
                },
                MsgQueue {
                    key: IpcKey(0xbeefcafe_u32 as i32),
                    msqid: 1,
                    perms: IpcMode(0o640),
                    cbytes: 0,
                    qnum: 0,
                    lspid: None,
                    lrpid: None,
                    uid: 70000,
                    gid: 70001,
                    cuid: 0,
                    cgid: 0,
                    stime: 0,
                    rtime: 0,
                    ctime: 1795487479,
                },
            ]
        );
    }

    #[test]
    fn parses_sysvipc_sem_linux_6_18() {
        let sets = parse_sem_sets(SEM_LINUX_6_18).unwrap();
        assert_eq!(
            sets,
            vec![
                SemSet {
                    key: IpcKey(0),
                    semid: 0,
                    perms: IpcMode(0o600),
                    nsems: 3,
                    uid: 0,
                    gid: 0,
                    cuid: 0,
                    cgid: 0,
                    otime: 1795487479,
                    ctime: 1795487479,
                },
                SemSet {
                    key: IpcKey(0x7a11c0de),
                    semid: 1,
                    perms: IpcMode(0o660),
                    nsems: 1,
                    uid: 0,
                    gid: 0,
                    cuid: 0,
                    cgid: 0,
                    otime: 0,
                    ctime: 1795487479,
                },
            ]
        );
    }

    #[test]
    fn parses_sysvipc_shm_linux_6_18() {
        let segs = parse_shm_segments(SHM_LINUX_6_18).unwrap();
        assert_eq!(
            segs[0],
            ShmSegment {
                key: IpcKey(0),
                shmid: 0,
                perms: IpcMode(0o600),
                size: 10000,
                cpid: Pid::from_raw(5414),
                lpid: Some(Pid::from_raw(5414)),
                nattch: 1,
                uid: 0,
                gid: 0,
                cuid: 0,
                cgid: 0,
                atime: 1795487479,
                dtime: 0,
                ctime: 1795487479,
                rss: 4096,
                swap: 0,
            }
        );
        assert_eq!(segs[1].key.to_string(), "0xbeefcafe");
        assert_eq!(segs[1].uid, 70000, "uid above u16 range");
        assert_eq!(segs[1].perms.permissions(), 0o604);
        assert_eq!(segs[1].lpid, None);
    }

    #[test]
    fn shm_removed_while_attached_shows_dest_bit_linux_6_18() {
        let segs = parse_shm_segments(SHM_REMOVED_ATTACHED_LINUX_6_18).unwrap();
        assert!(segs[0].is_marked_for_removal());
        assert_eq!(segs[0].perms.to_string(), "1600");
        assert_eq!(segs[0].perms.permissions(), 0o600);
        assert!(segs[0].key.is_private());
    }

    #[test]
    fn key_displays_as_hex_like_ipcs() {
        assert_eq!(IpcKey(-1091581186).to_string(), "0xbeefcafe");
        assert_eq!(IpcKey(0).to_string(), "0x00000000");
    }

    #[test]
    fn mode_displays_as_octal() {
        assert_eq!(IpcMode(0o640).to_string(), "0640");
    }

    #[test]
    fn empty_table_has_no_rows() {
        let header = SEM_LINUX_6_18.lines().next().unwrap();
        assert_eq!(parse_sem_sets(header).unwrap(), vec![]);
    }

    #[test]
    fn short_row_is_a_parse_error_naming_the_line() {
        let text = "       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n         0          0   600\n";
        let err = parse_sem_sets(text).unwrap_err();
        assert_eq!(err.line, 2, "{err}");
    }

    #[test]
    fn decimal_looking_mode_is_read_as_octal() {
        let text = SEM_LINUX_6_18.replace("   600   ", "   777   ");
        assert_eq!(parse_sem_sets(&text).unwrap()[0].perms, IpcMode(0o777));
    }

    #[test]
    fn missing_column_is_a_parse_error() {
        let err = parse_msg_queues("key msqid\n0 0\n").unwrap_err();
        assert!(err.reason.contains("perms"), "{err}");
    }

    #[test]
    fn missing_table_means_no_sysv_ipc() {
        let err = read_parsed("/proc/sysvipc/absent", parse_msg_queues).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::NoSysvIpc), "{err}");
        assert_eq!(
            err.to_string(),
            "/proc/sysvipc/absent: missing: this kernel has no System V IPC (built without CONFIG_SYSVIPC)"
        );
    }

    #[test]
    fn columns_are_found_by_name_not_position() {
        let text = "msqid key perms cbytes qnum lspid lrpid uid gid cuid cgid stime rtime ctime\n\
                    9 0 600 1 1 0 0 0 0 0 0 0 0 0\n";
        let q = &parse_msg_queues(text).unwrap()[0];
        assert_eq!((q.msqid, q.key), (9, IpcKey(0)));
    }

    /// Private message queues (mode 0600), removed when dropped.
    struct Queues(Vec<i32>);

    impl Queues {
        fn new(n: usize) -> Queues {
            let mut q = Queues(Vec::new());
            for _ in 0..n {
                // SAFETY: msgget with integer arguments.
                let id = unsafe { libc::msgget(libc::IPC_PRIVATE, libc::IPC_CREAT | 0o600) };
                assert!(id >= 0, "msgget: {}", io::Error::last_os_error());
                q.0.push(id);
            }
            q
        }
    }

    impl Drop for Queues {
        fn drop(&mut self) {
            for &id in &self.0 {
                // SAFETY: removes a queue this test made.
                unsafe { libc::msgctl(id, libc::IPC_RMID, std::ptr::null_mut()) };
            }
        }
    }

    #[test]
    fn a_table_read_again_shows_the_queue_as_it_is_now() {
        let q = Queues::new(1);
        let id = q.0[0];
        assert_eq!(msg_queue(id).unwrap().map(|q| q.qnum), Some(0));
        #[repr(C)]
        struct Msg {
            mtype: libc::c_long,
            text: [u8; 4],
        }
        let m = Msg { mtype: 1, text: *b"ping" };
        // SAFETY: sends the 4 bytes of text of a message laid out as msgbuf.
        let r = unsafe { libc::msgsnd(id, (&m as *const Msg).cast(), 4, libc::IPC_NOWAIT) };
        assert_eq!(r, 0, "msgsnd: {}", io::Error::last_os_error());
        let now = msg_queue(id).unwrap().expect("the queue is listed");
        assert_eq!((now.qnum, now.cbytes), (1, 4));
        drop(q);
        assert_eq!(msg_queue(id).unwrap(), None, "a removed queue is gone from the table");
    }

    #[test]
    fn msgctl_shows_a_queue_as_the_table_does() {
        let q = Queues::new(1);
        let id = q.0[0];
        #[repr(C)]
        struct Msg {
            mtype: libc::c_long,
            text: [u8; 3],
        }
        let m = Msg { mtype: 7, text: *b"abc" };
        // SAFETY: sends the 3 bytes of text of a message laid out as msgbuf.
        let r = unsafe { libc::msgsnd(id, (&m as *const Msg).cast(), 3, libc::IPC_NOWAIT) };
        assert_eq!(r, 0, "msgsnd: {}", io::Error::last_os_error());
        let stat = msg_stat(id).unwrap().expect("the queue exists");
        assert_eq!(Some(&stat), msg_queue(id).unwrap().as_ref(), "IPC_STAT and /proc/sysvipc/msg agree");
        assert_eq!((stat.qnum, stat.cbytes, stat.lspid), (1, 3, Some(nix::unistd::getpid())));
        drop(q);
        assert_eq!(msg_stat(id).unwrap(), None, "a removed queue is gone");
    }

    #[test]
    fn a_table_longer_than_a_page_is_read_whole() {
        let q = Queues::new(64);
        let listed: Vec<i32> = msg_queues().unwrap().iter().map(|m| m.msqid).collect();
        for id in &q.0 {
            assert!(listed.contains(id), "queue {id} missing from a table of {} rows", listed.len());
        }
    }
}
