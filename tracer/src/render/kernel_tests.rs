//! Tests of the kernel lines' words.

use super::*;

fn h(pid: Pid, fd: i32, end: End) -> FdHolder {
    FdHolder { pid, fd, end }
}

#[test]
fn pipe_line_lists_bytes_and_both_ends() {
    let p = PipeState {
        ino: 48213,
        fifo: None,
        bytes: Some(5),
        holders: Some(vec![h(1203, 3, End::Read), h(1204, 3, End::Read), h(1203, 4, End::Write)]),
        in_flight: vec![],
    };
    assert_eq!(
        kernel_line(&KernelEvent::Pipe(p)),
        "pipe:[48213] 5 bytes buffered; read end: 1203 fd 3, 1204 fd 3; write end: 1203 fd 4"
    );
}

#[test]
fn a_pipe_whose_bytes_could_not_be_read_says_so() {
    let p = PipeState { ino: 9, fifo: None, bytes: None, holders: Some(vec![h(5, 3, End::Read)]), in_flight: vec![] };
    assert_eq!(
        kernel_line(&KernelEvent::Pipe(p)),
        "pipe:[9] holding an unknown number of bytes; read end: 5 fd 3; write end: none (a reader gets EOF once it is empty)"
    );
    let p = PipeState { ino: 9, fifo: Some("/tmp/f".into()), bytes: None, holders: Some(vec![]), in_flight: vec![] };
    assert_eq!(kernel_line(&KernelEvent::Pipe(p)), "FIFO /tmp/f (inode 9): no process has it open");
}

#[test]
fn pipe_line_without_writers_says_eof_comes() {
    let p =
        PipeState { ino: 7, fifo: None, bytes: Some(0), holders: Some(vec![h(1, 3, End::Read)]), in_flight: vec![] };
    assert_eq!(
        kernel_line(&KernelEvent::Pipe(p)),
        "pipe:[7] empty; read end: 1 fd 3; write end: none (a reader gets EOF once it is empty)"
    );
}

#[test]
fn pipe_line_with_its_write_end_in_flight_promises_no_eof() {
    let p = PipeState {
        ino: 7,
        fifo: None,
        bytes: Some(0),
        holders: Some(vec![h(1, 4, End::Read)]),
        in_flight: vec![InFlightEnd { end: End::Write, queue: 9, from: h(1, 5, End::Write) }],
    };
    assert_eq!(
        kernel_line(&KernelEvent::Pipe(p)),
        "pipe:[7] empty; read end: 1 fd 4; write end: none; write end in flight in socket:[9]'s queue (sent by 1 fd 5): the kernel keeps it open"
    );
}

#[test]
fn passage_lines_say_what_became_of_the_descriptors() {
    let fd =
        |to: Option<FdHolder>| PassedFd { object: "pipe:[7]".into(), end: End::Write, from: h(1, 5, End::Write), to };
    let line = |step, to| kernel_line(&KernelEvent::Passage(Passage { step, queue: 9, fds: vec![fd(to)] }));
    assert_eq!(
        line(PassStep::Sent, None),
        "socket:[9] now holds a message carrying pipe:[7] write end (1 fd 5): the kernel keeps it open until a recvmsg takes it"
    );
    assert_eq!(
        line(PassStep::Received, Some(h(2, 4, End::Write))),
        "received from socket:[9]: pipe:[7] write end: 1 fd 5 became 2 fd 4 (the same open file, under a number of the receiver's own)"
    );
    assert_eq!(
        line(PassStep::Truncated, None),
        "MSG_CTRUNC: no room in the control buffer for pipe:[7] write end (1 fd 5): the kernel closed it"
    );
    assert_eq!(
        line(PassStep::Discarded, None),
        "socket:[9] was closed with pipe:[7] write end (1 fd 5) unread in its queue: the kernel closed it"
    );
}

#[test]
fn exec_line_lists_what_close_on_exec_closed_and_what_stays() {
    let fd = |fd, end| InheritedFd { fd, object: "pipe:[7]".into(), end };
    let e = ExecClosed { process: 2, closed: vec![fd(3, End::Read), fd(4, End::Write)], kept: vec![] };
    assert_eq!(
        kernel_line(&KernelEvent::ExecClosed(e)),
        "2's execve closed its close-on-exec descriptors: pipe:[7] fd 3 (read end), fd 4 (write end); it holds none of the run's objects now"
    );
    let e = ExecClosed { process: 2, closed: vec![], kept: vec![fd(5, End::Write)] };
    assert_eq!(kernel_line(&KernelEvent::ExecClosed(e)), "2 after execve: it keeps pipe:[7] fd 5 (write end)");
}

#[test]
fn an_ofd_lock_is_named_by_the_descriptors_of_its_open_file_description() {
    let lock = FileLock {
        kind: LockKind::Ofd,
        write: true,
        pid: None,
        start: 0,
        end: None,
        waiting: false,
        through: vec![h(1, 3, End::Both), h(2, 3, End::Both)],
    };
    let l = LockState { path: "/tmp/log".into(), ino: 9, locks: vec![lock] };
    assert_eq!(
        kernel_line(&KernelEvent::Locks(l)),
        "locks on /tmp/log: the open file description of 1 fd 3, 2 fd 3 holds WRITE (OFDLCK, whole file)"
    );
}

#[test]
fn msg_line_shows_counts_and_pids() {
    let q = MsgQueueState {
        msqid: 32768,
        key: 0,
        mode: 0o600,
        messages: 1,
        bytes: 7,
        last_sender: Some(5414),
        last_receiver: None,
    };
    assert_eq!(
        kernel_line(&KernelEvent::MsgQueue(q)),
        "msg queue 32768 (key IPC_PRIVATE, mode 0600): 1 message, 7 bytes of text; last msgsnd by 5414, last msgrcv by none yet"
    );
}

#[test]
fn a_key_is_printed_as_the_call_prints_it() {
    // msgget(0x9b4227, ...) and its kernel line name the same key alike.
    let call = crate::decode::Value::Hex(0x9b4227).to_string();
    assert_eq!(key(0x9b4227), call);
    assert_eq!(key(0x9b4227), "0x9b4227");
    assert_eq!(key(-1), "0xffffffff");
    assert_eq!(key(0), "IPC_PRIVATE");
}

#[test]
fn a_detach_the_trace_has_not_shown_yet_is_named_beside_the_count() {
    let m = ShmState {
        shmid: 7,
        key: 0,
        mode: 0o600,
        size: 4096,
        attached: 0,
        creator: 10,
        last_pid: Some(11),
        removed: false,
        attach: None,
        contents: None,
        detaching: vec![11],
    };
    assert_eq!(
        kernel_line(&KernelEvent::Shm(m)),
        "shm segment 7 (key IPC_PRIVATE, mode 0600, 4096 bytes): 0 attachments (11 detached already: its shmdt \
         returns later in the trace); created by 10, last shmat/shmdt by 11"
    );
}

#[test]
fn ledger_line_of_a_leak_gives_the_command() {
    let e = LedgerEntry {
        kind: ObjectKind::MsgQueue,
        name: "msg queue 32768".into(),
        id: 32768,
        key: Some(0),
        path: None,
        created_by: ByCall { pid: 10, call: "msgget".into() },
        used_by: vec![10, 11],
        fate: Fate::Leaked { cleaned: false },
        cleanup: Some("ipcrm -q 32768".into()),
        passed: vec![],
    };
    assert_eq!(
        ledger_line(&e),
        "msg queue 32768: created by 10 (msgget), used by 10, 11; LEAKED: still exists after the run; remove it with: ipcrm -q 32768"
    );
}

#[test]
fn a_set_of_nearly_every_signal_names_the_missing_ones() {
    let all_but_33 = SigSet(!(1 << 32));
    assert_eq!(sig_set(all_but_33), "all except SIG33");
    assert_eq!(sig_set(SigSet(u64::MAX)), "all");
    assert_eq!(sig_set(SigSet(1 << (libc::SIGUSR1 - 1))), "SIGUSR1");
    assert_eq!(sig_set(SigSet(0)), "-");
}

#[test]
fn inherited_line_groups_fds_by_object() {
    let i = Inherited {
        child: 1204,
        parent: 1203,
        fds: vec![
            InheritedFd { fd: 3, object: "pipe:[9]".into(), end: End::Read },
            InheritedFd { fd: 4, object: "pipe:[9]".into(), end: End::Write },
        ],
        shm: vec![],
    };
    assert_eq!(
        kernel_line(&KernelEvent::Inherited(i)),
        "1204 inherited from 1203: pipe:[9] fd 3 (read end), fd 4 (write end)"
    );
}
