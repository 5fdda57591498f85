//! Where a System V shared memory segment is mapped, and what it holds now.
//!
//! Writes to shared memory are plain stores: no system call, nothing for a
//! tracer to see. To show them, the tracer looks at the memory itself. After
//! `shmat` the segment appears in `/proc/PID/maps` as
//! `/SYSV<key in hex> (deleted)`, whose inode column is the shmid (procfs
//! parses it as [`MMapPath::Vsys`]); its bytes are read from a process that
//! has it attached with `process_vm_readv`, bounded by the caller.
//!
//! The tracer never attaches the segment itself (`shmat` would add one to
//! `nattch`, and set `lpid` and `atime`, which the student is watching).

use std::io::IoSliceMut;
use std::path::PathBuf;

use nix::sys::uio::{RemoteIoVec, process_vm_readv};
use nix::unistd::Pid;
use procfs::FromBufRead;
use procfs::process::{MMapPath, MemoryMaps};

use super::error::{Error, ParseError, Result, read_proc};
use super::sysvipc::IpcKey;

/// One attachment of a shared memory segment in a process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShmMapping {
    /// First address of the mapping in the process.
    pub start: u64,
    /// Address just past the mapping (the size is rounded up to whole pages).
    pub end: u64,
    /// The key in the mapping's name. It keeps the key the segment was
    /// created with even after `IPC_RMID`, when /proc/sysvipc/shm shows 0.
    pub key: IpcKey,
    /// The segment id (the inode column).
    pub shmid: i32,
    /// False when attached with `SHM_RDONLY`.
    pub writable: bool,
}

impl ShmMapping {
    /// Length of the mapping in bytes.
    pub fn len(&self) -> u64 {
        self.end - self.start
    }

    /// True for an empty mapping (never, in practice).
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// Every System V shared memory mapping in the text of `/proc/PID/maps`.
pub fn parse_shm_mappings(text: &str) -> std::result::Result<Vec<ShmMapping>, ParseError> {
    let maps = MemoryMaps::from_buf_read(text.as_bytes()).map_err(|e| ParseError::new(0, e.to_string()))?;
    Ok(maps
        .into_iter()
        .filter_map(|m| match m.pathname {
            MMapPath::Vsys(key) => Some(ShmMapping {
                start: m.address.0,
                end: m.address.1,
                key: IpcKey(key),
                shmid: m.inode as i32,
                writable: m.perms.contains(procfs::process::MMPermissions::WRITE),
            }),
            _ => None,
        })
        .collect())
}

/// The attachments of segment `shmid` in process `pid` (a process may attach
/// the same segment more than once; none if it has not attached it).
pub fn shm_mappings(pid: Pid, shmid: i32) -> Result<Vec<ShmMapping>> {
    let path = PathBuf::from(format!("/proc/{pid}/maps"));
    let all = parse_shm_mappings(&read_proc(&path, Some(pid))?).map_err(|e| Error::parse(&path, e))?;
    Ok(all.into_iter().filter(|m| m.shmid == shmid).collect())
}

/// Reads up to `max_len` bytes of another process's memory at `addr`, with
/// `process_vm_readv` (permitted to its tracer). Fewer bytes come back when
/// the range runs into unmapped memory.
pub fn read_memory(pid: Pid, addr: u64, max_len: usize) -> Result<Vec<u8>> {
    let mut buf = vec![0u8; max_len];
    if max_len == 0 {
        return Ok(buf);
    }
    let remote = [RemoteIoVec { base: addr as usize, len: max_len }];
    let n = process_vm_readv(pid, &mut [IoSliceMut::new(&mut buf)], &remote)
        .map_err(|e| Error::sys(format!("process_vm_readv({pid}, {addr:#x}, {max_len})"), e, Some(pid)))?;
    buf.truncate(n);
    Ok(buf)
}

/// The first `max_len` bytes (at most the mapping's length) of segment
/// `shmid` as process `pid`, which has it attached, sees them now.
///
/// Gives `Ok(None)` if `pid` has not attached the segment. Reading a page of
/// the segment that no process has touched yet makes the kernel allocate it
/// (a zero page): `rss` in /proc/sysvipc/shm may grow; the bytes do not
/// change. Bound `max_len` by the segment's size to read no more than that.
pub fn read_shm(pid: Pid, shmid: i32, max_len: usize) -> Result<Option<Vec<u8>>> {
    let Some(m) = shm_mappings(pid, shmid)?.into_iter().next() else {
        return Ok(None);
    };
    let len = max_len.min(m.len() as usize);
    read_memory(pid, m.start, len).map(Some)
}

/// A shared mapping of a file (`MAP_SHARED`), as a line of /proc/PID/maps
/// gives it: a POSIX shared memory object mapped with `mmap`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileMapping {
    pub start: u64,
    pub end: u64,
    /// The file's offset at `start`.
    pub offset: u64,
    pub ino: u64,
}

/// The shared file mapping that starts at `addr` in the text of
/// /proc/PID/maps, if there is one (`rw-s`/`r--s`, with an inode).
pub fn parse_file_mapping_at(text: &str, addr: u64) -> Option<FileMapping> {
    text.lines().find_map(|l| {
        let mut w = l.split_whitespace();
        let (range, perms, offset, _dev, inode) = (w.next()?, w.next()?, w.next()?, w.next()?, w.next()?);
        let (start, end) = range.split_once('-')?;
        let start = u64::from_str_radix(start, 16).ok()?;
        if start != addr || !perms.ends_with('s') {
            return None;
        }
        let ino = inode.parse::<u64>().ok().filter(|&i| i != 0)?;
        Some(FileMapping {
            start,
            end: u64::from_str_radix(end, 16).ok()?,
            offset: u64::from_str_radix(offset, 16).ok()?,
            ino,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three lines of /proc/PID/maps on Linux 6.18 around segment 0
    /// (`IPC_PRIVATE`, 10000 bytes, so three pages) attached read-write.
    const MAPS_LINUX_6_18: &str = "\
7f0733779000-7f0733786000 rw-p 00000000 00:00 0 
7f073378c000-7f073378f000 rw-s 00000000 00:01 0                          /SYSV00000000 (deleted)
7f073378f000-7f0733791000 rw-p 00000000 00:00 0 
";

    /// The mapping line of a segment created with key 0x1a2b3c4d (shmid 2)
    /// after `IPC_RMID` while attached, Linux 6.18: the name keeps the key.
    const MAPS_REMOVED_LINUX_6_18: &str =
        "7f6659e67000-7f6659e69000 rw-s 00000000 00:01 2                          /SYSV1a2b3c4d (deleted)\n";

    #[test]
    fn finds_sysv_mapping_in_maps_linux_6_18() {
        assert_eq!(
            parse_shm_mappings(MAPS_LINUX_6_18).unwrap(),
            vec![ShmMapping { start: 0x7f073378c000, end: 0x7f073378f000, key: IpcKey(0), shmid: 0, writable: true }]
        );
    }

    #[test]
    fn mapping_keeps_key_after_removal_linux_6_18() {
        let m = parse_shm_mappings(MAPS_REMOVED_LINUX_6_18).unwrap();
        assert_eq!((m[0].key, m[0].shmid, m[0].len()), (IpcKey(0x1a2b3c4d), 2, 0x2000));
    }

    /// A POSIX shared memory object (inode 570) mapped read-write and
    /// shared, beside a private file mapping, Linux 6.18.
    const MAPS_POSIX_SHM_LINUX_6_18: &str = "\
7fa3178ee000-7fa3178ef000 rw-s 00000000 00:1a 570                        /dev/shm/ipclab-1961-04
7fa3178ef000-7fa3178f1000 r--p 00000000 08:01 1312                       /usr/lib/x86_64-linux-gnu/libc.so.6
";

    #[test]
    fn a_shared_file_mapping_is_found_at_its_start_linux_6_18() {
        let m = parse_file_mapping_at(MAPS_POSIX_SHM_LINUX_6_18, 0x7fa3178ee000).unwrap();
        assert_eq!((m.start, m.end, m.offset, m.ino), (0x7fa3178ee000, 0x7fa3178ef000, 0, 570));
        assert_eq!(
            parse_file_mapping_at(MAPS_POSIX_SHM_LINUX_6_18, 0x7fa3178ef000),
            None,
            "private: not shared memory"
        );
        assert_eq!(parse_file_mapping_at(MAPS_POSIX_SHM_LINUX_6_18, 0x1000), None);
    }

    #[test]
    fn maps_without_segments_give_none() {
        let text = MAPS_LINUX_6_18.lines().next().unwrap();
        assert_eq!(parse_shm_mappings(text).unwrap(), vec![]);
    }
}
