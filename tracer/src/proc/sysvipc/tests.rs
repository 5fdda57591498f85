//! The System V tables parsed from text captured on a real kernel, and read
//! from this one with objects the tests make (private, mode 0600, removed).

use super::*;
use crate::sys;

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
fn shmctl_shows_a_segment_as_the_table_does_also_removed_while_attached() {
    let (id, at) = sys::shm_private_attached(100).expect("a segment");
    // Removed at once: it is freed at the detach below, also if this fails.
    sys::shm_remove(id).expect("IPC_RMID");
    let stat = shm_stat(id).unwrap().expect("attached, so still there");
    let row = shm_segment(id).unwrap().expect("listed while attached");
    assert_eq!(
        ShmSegment { rss: row.rss, swap: row.swap, ..stat.clone() },
        row,
        "IPC_STAT and /proc/sysvipc/shm agree"
    );
    assert_eq!((stat.size, stat.nattch, stat.lpid), (100, 1, Some(nix::unistd::getpid())));
    assert!(stat.is_marked_for_removal() && stat.key.is_private(), "{stat:?}");
    assert_eq!(shm_row(id).unwrap(), Some(stat), "allowed to read it: shmctl's row, no table");
    sys::shm_detach(at).expect("shmdt");
    assert_eq!(shm_stat(id).unwrap(), None, "freed at the last detach");
    assert_eq!(shm_row(id).unwrap(), None, "gone");
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
            q.0.push(sys::msgget(libc::IPC_PRIVATE, libc::IPC_CREAT | 0o600).expect("msgget"));
        }
        q
    }
}

impl Drop for Queues {
    fn drop(&mut self) {
        for &id in &self.0 {
            let _ = sys::msg_remove(id);
        }
    }
}

#[test]
fn a_table_read_again_shows_the_queue_as_it_is_now() {
    let q = Queues::new(1);
    let id = q.0[0];
    assert_eq!(msg_queue(id).unwrap().map(|q| q.qnum), Some(0));
    sys::msgsnd(id, 1, b"ping", libc::IPC_NOWAIT).expect("msgsnd");
    let now = msg_queue(id).unwrap().expect("the queue is listed");
    assert_eq!((now.qnum, now.cbytes), (1, 4));
    drop(q);
    assert_eq!(msg_queue(id).unwrap(), None, "a removed queue is gone from the table");
}

#[test]
fn msgctl_shows_a_queue_as_the_table_does() {
    let q = Queues::new(1);
    let id = q.0[0];
    sys::msgsnd(id, 7, b"abc", libc::IPC_NOWAIT).expect("msgsnd");
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

#[test]
fn the_types_of_queued_messages_are_read_without_taking_them() {
    let q = Queues::new(1);
    let id = q.0[0];
    for (mtype, text) in [(3, &b"a note"[..]), (1, b"ping"), (3, b"again")] {
        sys::msgsnd(id, mtype, text, libc::IPC_NOWAIT).expect("msgsnd");
    }
    match msg_types(id, 8) {
        Ok(types) => assert_eq!(types, [3, 1, 3]),
        // A kernel without CONFIG_CHECKPOINT_RESTORE has no MSG_COPY.
        Err(e) if e.to_string().contains("ENOSYS") => {}
        Err(e) => panic!("{e}"),
    }
    assert_eq!(msg_types(id, 2).map(|t| t.len()).unwrap_or(2), 2, "at most as many as asked");
    let left = msg_stat(id).unwrap().expect("the queue exists");
    assert_eq!(left.qnum, 3, "reading took nothing from the queue");
}
