//! System V *ctl buffers, POSIX message queues and waitid on fixture bytes.

use super::*;

const IPC_STAT: u64 = libc::IPC_STAT as u64;
const IPC_SET: u64 = libc::IPC_SET as u64;

/// The owner, mode and key every buffer below has in its `ipc_perm`.
macro_rules! with_perm {
    ($t:ty, $perm:ident, $mode:expr) => {
        fixture!($t { $perm.uid: 1000, $perm.gid: 100, $perm.mode: $mode as _, $perm.__key: 0x1234 })
    };
}

#[test]
fn msgctl_ipc_stat_shows_the_queue_state_at_exit() {
    let ds = fixture!(on with_perm!(libc::msqid_ds, msg_perm, 0o600); libc::msqid_ds {
        __msg_cbytes: 9,
        msg_qnum: 2,
        msg_qbytes: 16384,
        msg_lspid: 1203,
        msg_lrpid: 1204,
    });
    let mem = FakeMemory::new().with_value(0x1000, &ds);
    let sc = call("msgctl", [7, IPC_STAT, 0x1000, 0, 0, 0], &mem, Some(0));
    assert_eq!(
        args_text(&sc),
        "7, IPC_STAT, {msg_perm={uid=1000, gid=100, mode=0600, key=0x1234, cuid=0, cgid=0}, msg_stime=0, msg_rtime=0, msg_ctime=0, msg_cbytes=9, msg_qnum=2, \
         msg_qbytes=16384, msg_lspid=1203, msg_lrpid=1204}"
    );
}

#[test]
fn msgctl_ipc_stat_is_not_read_before_the_kernel_fills_it() {
    let mem = FakeMemory::new().with_value(0x1000, &Fixture::<libc::msqid_ds>::zeroed());
    let sc = call("msgctl", [7, IPC_STAT, 0x1000, 0, 0, 0], &mem, None);
    assert_eq!(sc.arg("buf"), Some(&Value::Out(0x1000)));
    let failed = call("msgctl", [7, IPC_STAT, 0x1000, 0, 0, 0], &mem, Some(-22));
    assert_eq!(args_text(&failed), "7, IPC_STAT, 0x1000");
}

#[test]
fn msgctl_ipc_set_shows_what_it_changes_at_entry() {
    let ds = fixture!(on with_perm!(libc::msqid_ds, msg_perm, 0o640); libc::msqid_ds { msg_qbytes: 512 });
    let mem = FakeMemory::new().with_value(0x1000, &ds);
    let sc = call("msgctl", [7, IPC_SET, 0x1000, 0, 0, 0], &mem, None);
    assert_eq!(args_text(&sc), "7, IPC_SET, {msg_perm={uid=1000, gid=100, mode=0640}, msg_qbytes=512}");
}

#[test]
fn msgctl_rmid_shows_a_null_buffer() {
    let sc = call("msgctl", [7, libc::IPC_RMID as u64, 0, 0, 0, 0], &FakeMemory::new(), Some(0));
    assert_eq!(args_text(&sc), "7, IPC_RMID, NULL");
}

#[test]
fn ipc_64_commands_are_named_and_still_decoded() {
    let ds = fixture!(libc::msqid_ds { msg_qbytes: 16384 });
    let mem = FakeMemory::new().with_value(0x1000, &ds);
    let sc = call("msgctl", [7, 0x100 | IPC_STAT, 0x1000, 0, 0, 0], &mem, Some(0));
    assert_eq!(sc.arg("cmd").map(|v| v.to_string()).as_deref(), Some("IPC_64|IPC_STAT"));
    assert_eq!(sc.arg("buf").and_then(|b| b.field("msg_qbytes")), Some(&Value::Uint(16384)));
}

#[test]
fn shmctl_ipc_stat_shows_size_attachments_and_a_segment_marked_for_removal() {
    let ds = fixture!(on with_perm!(libc::shmid_ds, shm_perm, 0o1600); libc::shmid_ds {
        shm_segsz: 4096,
        shm_cpid: 1203,
        shm_lpid: 1204,
        shm_nattch: 2,
    });
    let mem = FakeMemory::new().with_value(0x1000, &ds);
    let sc = call("shmctl", [9, IPC_STAT, 0x1000, 0, 0, 0], &mem, Some(0));
    assert_eq!(
        args_text(&sc),
        "9, IPC_STAT, {shm_perm={uid=1000, gid=100, mode=SHM_DEST|0600, key=0x1234, cuid=0, cgid=0}, \
         shm_segsz=4096, shm_cpid=1203, shm_lpid=1204, shm_nattch=2, shm_atime=0, shm_dtime=0, shm_ctime=0}"
    );
}

#[test]
fn semctl_ipc_stat_shows_the_number_of_semaphores() {
    let ds = fixture!(on with_perm!(libc::semid_ds, sem_perm, 0o600); libc::semid_ds { sem_nsems: 3 });
    let mem = FakeMemory::new().with_value(0x1000, &ds);
    let sc = call("semctl", [5, 0, IPC_STAT, 0x1000, 0, 0], &mem, Some(0));
    assert_eq!(
        args_text(&sc),
        "5, 0, IPC_STAT, {sem_perm={uid=1000, gid=100, mode=0600, key=0x1234, cuid=0, cgid=0}, sem_otime=0, sem_ctime=0, sem_nsems=3}"
    );
}

#[test]
fn semctl_setall_and_getall_show_the_array_by_address_since_its_length_is_unknown() {
    let mem = FakeMemory::new().with_value(0x1000, &[1u16, 0, 2]);
    let sc = call("semctl", [5, 0, 17, 0x1000, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), "5, 0, SETALL, 0x1000");
    let sc = call("semctl", [5, 0, 13, 0x1000, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), "5, 0, GETALL, 0x1000");
}

fn mq_attr(flags: i64, maxmsg: i64, msgsize: i64, curmsgs: i64) -> Fixture<libc::mq_attr> {
    fixture!(libc::mq_attr { mq_flags: flags, mq_maxmsg: maxmsg, mq_msgsize: msgsize, mq_curmsgs: curmsgs })
}

#[test]
fn mq_open_with_o_creat_shows_mode_and_attributes_and_returns_a_descriptor() {
    let mem = FakeMemory::new().with(0x1000, *b"ipclab-mq-1\0").with_value(0x2000, &mq_attr(0, 4, 64, 0));
    let oflag = (libc::O_RDWR | libc::O_CREAT | libc::O_EXCL) as u64;
    let sc = call("mq_open", [0x1000, oflag, 0o600, 0x2000, 0, 0], &mem, Some(3));
    assert_eq!(
        args_text(&sc),
        r#""ipclab-mq-1", O_RDWR|O_CREAT|O_EXCL, 0600, {mq_flags=0, mq_maxmsg=4, mq_msgsize=64, mq_curmsgs=0}"#
    );
    assert_eq!(sc.ret_value, Some(Value::Fd(Fd::new(3))));
}

#[test]
fn mq_open_without_o_creat_shows_only_name_and_flags() {
    let mem = FakeMemory::new().with(0x1000, *b"q\0");
    let sc = call("mq_open", [0x1000, libc::O_RDONLY as u64, 0o777, 0x2000, 0, 0], &mem, Some(-2));
    assert_eq!(args_text(&sc), r#""q", O_RDONLY"#);
}

#[test]
fn mq_timedsend_shows_message_priority_and_timeout() {
    let ts = fixture!(libc::timespec { tv_sec: 5, tv_nsec: 0 });
    let mem = FakeMemory::new().with(0x1000, *b"high").with_value(0x2000, &ts);
    let sc = call("mq_timedsend", [3, 0x1000, 4, 5, 0x2000, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), r#"3, "high", 4, 5, {tv_sec=5, tv_nsec=0}"#);
}

#[test]
fn mq_timedreceive_reads_the_message_and_its_priority_at_exit() {
    let mem = FakeMemory::new().with(0x1000, *b"high and stale bytes").with_value(0x2000, &5u32);
    let sc = call("mq_timedreceive", [3, 0x1000, 64, 0x2000, 0, 0], &mem, Some(4));
    assert_eq!(args_text(&sc), r#"3, "high", 64, [5], NULL"#);
}

#[test]
fn mq_timedreceive_that_failed_shows_addresses_and_null() {
    let sc = call("mq_timedreceive", [3, 0x1000, 64, 0, 0, 0], &FakeMemory::new(), Some(-11));
    assert_eq!(args_text(&sc), "3, 0x1000, 64, NULL, NULL");
}

#[test]
fn mq_notify_shows_the_signal_it_asks_for() {
    // struct sigevent: value, signo, notify, then the union.
    let ev: [u64; 4] = [0, (libc::SIGUSR1 as u64) | ((libc::SIGEV_SIGNAL as u64) << 32), 0, 0];
    let mem = FakeMemory::new().with_value(0x1000, &ev);
    let sc = call("mq_notify", [3, 0x1000, 0, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), "3, {sigev_signo=SIGUSR1, sigev_notify=SIGEV_SIGNAL}");
    let sc = call("mq_notify", [3, 0, 0, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), "3, NULL");
}

#[test]
fn mq_getsetattr_shows_new_attributes_at_entry_and_old_at_exit() {
    let mem = FakeMemory::new()
        .with_value(0x1000, &mq_attr(libc::O_NONBLOCK as i64, 0, 0, 0))
        .with_value(0x2000, &mq_attr(0, 4, 64, 1));
    let sc = call("mq_getsetattr", [3, 0x1000, 0x2000, 0, 0, 0], &mem, Some(0));
    assert_eq!(
        args_text(&sc),
        "3, {mq_flags=O_NONBLOCK, mq_maxmsg=0, mq_msgsize=0, mq_curmsgs=0}, \
         {mq_flags=0, mq_maxmsg=4, mq_msgsize=64, mq_curmsgs=1}"
    );
}

/// The first 48 bytes of a siginfo: signo, errno, code, then the union.
pub(super) fn siginfo_bytes(signo: i32, code: i32, union: &[i32]) -> Vec<u8> {
    let mut words = vec![signo, 0, code, 0];
    words.extend_from_slice(union);
    words.resize(SIGINFO_WORDS, 0);
    bytes_of(&words)
}

const SIGINFO_WORDS: usize = 32;

#[test]
fn waitid_shows_the_child_that_exited_at_exit() {
    let info = siginfo_bytes(libc::SIGCHLD, libc::CLD_EXITED, &[1204, 1000, 3]);
    let mem = FakeMemory::new().with(0x1000, info);
    let sc = call("waitid", [libc::P_PID as u64, 1204, 0x1000, libc::WEXITED as u64, 0, 0], &mem, Some(0));
    assert_eq!(
        args_text(&sc),
        "P_PID, 1204, {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=1204, si_uid=1000, si_status=3, si_utime=0, \
         si_stime=0}, WEXITED, NULL"
    );
}

#[test]
fn waitid_names_the_signal_that_killed_the_child() {
    let info = siginfo_bytes(libc::SIGCHLD, libc::CLD_KILLED, &[1204, 0, libc::SIGPIPE]);
    let mem = FakeMemory::new().with(0x1000, info);
    let sc = call("waitid", [libc::P_ALL as u64, 0, 0x1000, libc::WEXITED as u64, 0, 0], &mem, Some(0));
    assert_eq!(sc.arg("infop").and_then(|i| i.field("si_status")), Some(&Value::Signal(libc::SIGPIPE)));
}

#[test]
fn waitid_on_a_pidfd_shows_a_descriptor() {
    let sc = call("waitid", [libc::P_PIDFD as u64, 5, 0x1000, libc::WEXITED as u64, 0, 0], &FakeMemory::new(), None);
    assert_eq!(sc.arg("id"), Some(&Value::Fd(Fd::new(5))));
}

#[test]
fn waitid_that_found_no_child_ready_shows_an_empty_siginfo() {
    let mem = FakeMemory::new().with(0x1000, vec![0u8; 128]);
    let options = (libc::WEXITED | libc::WNOHANG) as u64;
    let sc = call("waitid", [libc::P_ALL as u64, 0, 0x1000, options, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), "P_ALL, 0, {}, WNOHANG|WEXITED, NULL");
}
