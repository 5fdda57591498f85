//! Decoders on fixture bytes: no process behind them. This file holds the
//! helpers and the first decoders' tests; each group of calls has its own
//! file beside it, and `robustness` feeds the decoders arbitrary input.

use super::bytes::{Fixture, bytes_of};
use super::*;
use crate::fixture;

mod events;
mod ipc;
mod net;
mod robustness;
mod signals;
mod system;

const OPTS: DecodeOptions = DecodeOptions { string_limit: 32 };

fn nr(name: &str) -> u64 {
    name.parse::<Sysno>().unwrap_or_else(|_| panic!("{name} is not a call on this architecture")) as u64
}

/// Decodes call `name` at entry and, given a return value, at exit.
fn call(name: &str, args: [u64; 6], mem: &FakeMemory, ret: Option<i64>) -> Syscall {
    let mut sc = decode_entry(RawSyscall::new(nr(name), args), mem, &OPTS);
    if let Some(ret) = ret {
        decode_exit(&mut sc, ret, mem, &OPTS);
    }
    sc
}

/// The arguments as the text renderer prints them.
fn args_text(sc: &Syscall) -> String {
    sc.args.iter().map(|a| a.value.to_string()).collect::<Vec<_>>().join(", ")
}

/// The decoded return value as the text renderer prints it, if any.
fn ret_text(sc: &Syscall) -> Option<String> {
    sc.ret_value.as_ref().map(|v| v.to_string())
}

#[test]
fn write_shows_the_bytes_written() {
    let mem = FakeMemory::new().with(0x1000, *b"hello");
    let sc = call("write", [4, 0x1000, 5, 0, 0, 0], &mem, Some(5));
    assert_eq!(args_text(&sc), r#"4, "hello", 5"#);
}

#[test]
fn read_shows_only_the_bytes_returned() {
    let mem = FakeMemory::new().with(0x1000, *b"hello world");
    let sc = call("read", [3, 0x1000, 128, 0, 0, 0], &mem, Some(5));
    assert_eq!(args_text(&sc), r#"3, "hello", 128"#);
}

#[test]
fn a_failed_read_shows_the_buffer_address() {
    let mem = FakeMemory::new();
    let sc = call("read", [3, 0x1000, 128, 0, 0, 0], &mem, Some(-11));
    assert_eq!(args_text(&sc), "3, 0x1000, 128");
    assert_eq!(sc.errno.unwrap().name(), "EAGAIN");
}

#[test]
fn long_buffers_are_cut_at_the_string_limit() {
    let mem = FakeMemory::new().with(0x1000, vec![b'a'; 100]);
    let sc = call("write", [1, 0x1000, 100, 0, 0, 0], &mem, Some(100));
    assert_eq!(args_text(&sc), format!("1, \"{}\"..., 100", "a".repeat(32)));
}

#[test]
fn pipe2_shows_both_descriptors() {
    let mem = FakeMemory::new().with_value(0x2000, &[3i32, 4i32]);
    let sc = call("pipe2", [0x2000, libc::O_CLOEXEC as u64, 0, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), "[3, 4], O_CLOEXEC");
}

#[test]
fn msgsnd_shows_type_and_text() {
    let mut bytes = 1i64.to_ne_bytes().to_vec();
    bytes.extend_from_slice(b"ping");
    let mem = FakeMemory::new().with(0x3000, bytes);
    let sc = call("msgsnd", [32768, 0x3000, 4, libc::IPC_NOWAIT as u64, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), r#"32768, {mtype=1, mtext="ping"}, 4, IPC_NOWAIT"#);
}

#[test]
fn msgrcv_reads_the_message_at_exit() {
    let mut bytes = 2i64.to_ne_bytes().to_vec();
    bytes.extend_from_slice(b"pong!!");
    let mem = FakeMemory::new().with(0x3000, bytes);
    let sc = call("msgrcv", [7, 0x3000, 64, 2, 0, 0], &mem, Some(4));
    assert_eq!(args_text(&sc), r#"7, {mtype=2, mtext="pong"}, 64, 2, 0"#);
}

#[test]
fn msgrcv_that_found_nothing_reports_enomsg() {
    let sc = call("msgrcv", [7, 0x3000, 64, 0, libc::IPC_NOWAIT as u64, 0], &FakeMemory::new(), Some(-42));
    assert_eq!(args_text(&sc), "7, 0x3000, 64, 0, IPC_NOWAIT");
    assert_eq!(sc.errno.unwrap().to_string(), "ENOMSG (No message of desired type)");
}

#[test]
fn semop_shows_the_operations() {
    let ops = [
        fixture!(libc::sembuf { sem_num: 0, sem_op: -1, sem_flg: 0x1000 }),
        fixture!(libc::sembuf { sem_num: 1, sem_op: 1, sem_flg: libc::IPC_NOWAIT as i16 }),
    ];
    let mem = FakeMemory::new().with_value(0x4000, &ops);
    let sc = call("semop", [5, 0x4000, 2, 0, 0, 0], &mem, Some(0));
    assert_eq!(
        args_text(&sc),
        "5, [{sem_num=0, sem_op=-1, sem_flg=SEM_UNDO}, {sem_num=1, sem_op=1, sem_flg=IPC_NOWAIT}], 2"
    );
}

#[test]
fn ipc_get_calls_name_private_keys_and_octal_modes() {
    let sc = call("msgget", [0, (libc::IPC_CREAT | 0o600) as u64, 0, 0, 0, 0], &FakeMemory::new(), Some(3));
    assert_eq!(args_text(&sc), "IPC_PRIVATE, IPC_CREAT|0600");
    let sc = call("shmget", [0x1234, 4096, 0o600, 0, 0, 0], &FakeMemory::new(), Some(3));
    assert_eq!(args_text(&sc), "0x1234, 4096, 0600");
}

#[test]
fn shmat_returns_an_address() {
    let sc = call("shmat", [9, 0, 0, 0, 0, 0], &FakeMemory::new(), Some(0x7f00_0000_0000));
    assert_eq!(sc.ret_kind, RetKind::Hex);
    assert_eq!(args_text(&sc), "9, NULL, 0");
}

#[test]
fn semctl_decodes_the_command_and_its_value() {
    let sc = call("semctl", [3, 0, 16, 1, 0, 0], &FakeMemory::new(), Some(0));
    assert_eq!(args_text(&sc), "3, 0, SETVAL, 1");
    let sc = call("semctl", [3, 0, libc::IPC_RMID as u64, 0, 0, 0], &FakeMemory::new(), Some(0));
    assert_eq!(args_text(&sc), "3, 0, IPC_RMID");
}

#[test]
fn clone_flags_end_with_the_exit_signal() {
    let flags = (libc::CLONE_CHILD_CLEARTID | libc::CLONE_CHILD_SETTID | libc::SIGCHLD) as u64;
    let sc = call("clone", [flags, 0, 0, 0x7000, 0, 0], &FakeMemory::new(), Some(1204));
    assert_eq!(args_text(&sc), "NULL, CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, NULL, 0x7000, 0");
    assert_eq!(sc.clone_flags(), Some(flags));
}

#[test]
fn execve_shows_path_and_argv_and_counts_the_environment() {
    let mem = FakeMemory::new()
        .with(0x1000, *b"/bin/echo\0")
        .with(0x1100, *b"echo\0hi\0")
        .with_value(0x2000, &[0x1100u64, 0x1105, 0])
        .with_value(0x3000, &[0x1100u64, 0x1100, 0x1100, 0]);
    let sc = call("execve", [0x1000, 0x2000, 0x3000, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), r#""/bin/echo", ["echo", "hi"], 0x3000 /* 3 vars */"#);
}

#[test]
fn wait4_decodes_the_status() {
    let mem = FakeMemory::new().with_value(0x5000, &(libc::SIGSEGV | 0x80));
    let sc = call("wait4", [u64::MAX, 0x5000, 0, 0, 0, 0], &mem, Some(1204));
    assert_eq!(args_text(&sc), "-1, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV && WCOREDUMP(s)}], 0, NULL");
}

#[test]
fn rt_sigaction_shows_handler_mask_and_flags() {
    let sa: [u64; 4] = [0x5555_0000, (libc::SA_RESTART | 0x0400_0000) as u64, 0x7f00, 1 << 9];
    let mem = FakeMemory::new().with_value(0x6000, &sa);
    let sc = call("rt_sigaction", [libc::SIGUSR1 as u64, 0x6000, 0, 8, 0, 0], &mem, Some(0));
    assert_eq!(
        args_text(&sc),
        "SIGUSR1, {sa_handler=0x55550000, sa_mask=[USR1], sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x7f00}, NULL, 8"
    );
}

#[test]
fn unreadable_memory_shows_the_address_not_a_panic() {
    let sc = call("write", [1, 0xdead, 10, 0, 0, 0], &FakeMemory::new(), Some(-14));
    assert_eq!(args_text(&sc), "1, 0xdead, 10");
    let sc = call("semop", [1, 0xdead, u64::MAX, 0, 0, 0], &FakeMemory::new(), Some(-14));
    // nsops is an unsigned int: the register's upper half is not read.
    assert_eq!(args_text(&sc), "1, 0xdead, 4294967295");
}

#[test]
fn unknown_calls_show_raw_arguments() {
    let sc = decode_entry(RawSyscall::new(100_000, [1, 2, 3, 4, 5, 6]), &FakeMemory::new(), &OPTS);
    assert_eq!(sc.name, "syscall_0x186a0");
    assert_eq!(args_text(&sc), "0x1, 0x2, 0x3, 0x4, 0x5, 0x6");
}
