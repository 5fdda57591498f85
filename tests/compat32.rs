//! 32-bit programs (gcc -m32, the i386 ABI on x86_64) under ipclab: their
//! calls are named as their ABI names them and seen by the filter, the
//! kernel view, the ledger, `--cleanup` and the hang report as a 64-bit
//! program's are. (Their decoding against strace, call by call, is in
//! tests/decode_diff.rs.) Each test skips with a message where gcc cannot
//! build a 32-bit program (gcc-multilib not installed).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

const DEADLINE: Duration = Duration::from_secs(60);

fn ipclab(ledger_dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ipclab"));
    cmd.env("IPCLAB_LEDGER_DIR", ledger_dir).env("NO_COLOR", "1");
    cmd
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines().filter(|l| l.starts_with('{')).map(|l| serde_json::from_str(l).expect("JSON")).collect()
}

/// tests/DIR/NAME.c built with gcc -m32, or None (with the reason printed).
fn m32(dir: &str, name: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join(dir);
    match common::try_prog_m32_in(&dir, name) {
        Ok(p) => Some(p),
        Err(e) => {
            eprintln!("{e}");
            None
        }
    }
}

/// Whether System V message queue `id` still exists.
fn queue_exists(id: i32) -> bool {
    // SAFETY: msqid_ds is plain integers; all zero is a valid value.
    let mut ds: libc::msqid_ds = unsafe { std::mem::zeroed() };
    // SAFETY: IPC_STAT writes a msqid_ds into `ds`, which is one.
    unsafe { libc::msgctl(id, libc::IPC_STAT, &mut ds) == 0 }
}

/// Removes System V message queue `id` on drop, so that a failing test
/// leaves nothing behind.
struct RemoveQueue(i32);

impl Drop for RemoveQueue {
    fn drop(&mut self) {
        // SAFETY: IPC_RMID takes no buffer.
        unsafe { libc::msgctl(self.0, libc::IPC_RMID, std::ptr::null_mut()) };
    }
}

#[test]
fn a_32_bit_program_s_calls_have_their_abi_s_names_and_the_switch_is_marked() {
    let Some(prog) = m32("progs", "sysv_msg") else { return };
    let scratch = common::ScratchDir::new("m32-names");
    let done = common::run_with_deadline(
        ipclab(&scratch.path().join("ledger")).args(["trace", "--no-kernel", "--"]).arg(&prog),
        DEADLINE,
    );
    assert_eq!(done.code(), Some(0), "{}", done.stderr);
    let text = &done.stderr;
    assert!(text.contains("ipclab: [ Process PID=") && text.contains(" runs in 32 bit mode. ]"), "{text}");
    // The loader's calls by their i386 names, System V IPC by the sub-call
    // ipc(2) makes, never as a number of another architecture.
    assert!(text.contains(" mmap2(NULL, "), "{text}");
    assert!(text.contains(" msgget(IPC_PRIVATE, IPC_CREAT|0600) = "), "{text}");
    assert!(text.contains(" msgsnd(") && text.contains("{mtype=1, mtext=\"one\"}, 3, 0) = 0"), "{text}");
    assert!(text.contains("IPC_64|IPC_STAT, {msg_perm={uid="), "the ipc64 layout is read: {text}");
    assert!(!text.contains(" ipc(") && !text.contains("i386 syscall"), "{text}");
}

#[test]
fn a_filter_picks_32_bit_calls_by_name_and_the_ledger_still_sees_the_others() {
    let Some(prog) = m32("progs", "sysv_msg") else { return };
    let scratch = common::ScratchDir::new("m32-filter");
    let out = scratch.path().join("trace.json");
    let done = common::run_with_deadline(
        ipclab(&scratch.path().join("ledger"))
            .args(["trace", "--json", "-e", "msgsnd", "-o"])
            .arg(&out)
            .arg("--")
            .arg(&prog),
        DEADLINE,
    );
    assert_eq!(done.code(), Some(0), "{}", done.stderr);
    let events = json_lines(&std::fs::read_to_string(&out).unwrap());
    let calls: Vec<&str> =
        events.iter().filter(|e| e["type"] == "syscall").filter_map(|e| e["name"].as_str()).collect();
    assert_eq!(calls, vec!["execve", "msgsnd", "msgsnd"], "only the chosen calls (and the exec) are shown");
    let snd = events.iter().find(|e| e["name"] == "msgsnd").unwrap();
    // The ABI and number of the call the program made: ipc(2), i386's 117.
    assert_eq!((&snd["abi"], &snd["nr"]), (&Value::from("i386"), &Value::from(117)), "{snd}");
    assert!(snd.get("native").is_none(), "msgsnd is msgsnd: {snd}");
    // msgget and msgctl(IPC_RMID) went through ipc(2), hidden: the ledger
    // heard of them.
    let ledger: Vec<&Value> = events.iter().filter(|e| e["type"] == "ledger").collect();
    assert_eq!(ledger.len(), 1, "{ledger:?}");
    assert_eq!(
        (&ledger[0]["kind"], &ledger[0]["created_by"]["call"]),
        (&Value::from("msg_queue"), &Value::from("msgget"))
    );
    assert_eq!(ledger[0]["fate"], "removed", "{}", ledger[0]);
}

#[test]
fn a_32_bit_program_blocked_in_msgrcv_is_named_by_the_hang_report_and_its_queue_removed() {
    let Some(prog) = m32("m32", "m32_msgrcv_hang") else { return };
    let scratch = common::ScratchDir::new("m32-hang");
    let out = scratch.path().join("trace.json");
    // -e ipc: the parent's wait4 is hidden, and read from /proc as the
    // 32-bit call it is.
    let done = common::run_with_deadline(
        ipclab(&scratch.path().join("ledger"))
            .args(["trace", "--json", "-e", "ipc", "--timeout", "1", "--cleanup", "-o"])
            .arg(&out)
            .arg("--")
            .arg(&prog),
        DEADLINE,
    );
    let id: i32 = done
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("msqid "))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("the program prints its queue: {}", done.stdout));
    let _guard = RemoveQueue(id);
    assert_eq!(done.code(), Some(124), "{}", done.stderr);
    let events = json_lines(&std::fs::read_to_string(&out).unwrap());
    let hang = events.iter().find(|e| e["type"] == "hang").expect("a hang report");
    let tasks = hang["tasks"].as_array().unwrap();
    let names: Vec<&str> = tasks.iter().filter_map(|t| t["call_name"].as_str()).collect();
    assert_eq!(names, vec!["wait4", "msgrcv"], "{hang}");
    let rcv = &tasks[1];
    assert_eq!(rcv["object"], format!("msqid {id}").as_str(), "{rcv}");
    assert_eq!(rcv["diagnosis"], "the queue is empty and no process sends to it any more", "{rcv}");
    let entry = events.iter().find(|e| e["type"] == "ledger").expect("a ledger entry");
    assert_eq!(
        (&entry["id"], &entry["fate"], &entry["cleaned"]),
        (&Value::from(id), &Value::from("leaked"), &Value::from(true))
    );
    assert!(!queue_exists(id), "--cleanup removed the 32-bit program's queue");
}

#[test]
fn a_32_bit_program_s_leaks_are_in_the_ledger_and_cleanup_removes_them() {
    let Some(prog) = m32("kview", "kv_leak") else { return };
    let scratch = common::ScratchDir::new("m32-leak");
    let out = scratch.path().join("trace.json");
    let done = common::run_with_deadline(
        ipclab(&scratch.path().join("ledger"))
            .args(["trace", "--json", "--cleanup", "-o"])
            .arg(&out)
            .arg("--")
            .arg(&prog)
            .arg(scratch.path()),
        DEADLINE,
    );
    let printed = |tag: &str| done.stdout.lines().find_map(|l| l.strip_prefix(tag)).map(str::to_string);
    let msg: Option<i32> = printed("msg ").and_then(|n| n.parse().ok());
    let _guard = msg.map(RemoveQueue);
    assert_eq!(done.code(), Some(0), "{}", done.stderr);
    let events = json_lines(&std::fs::read_to_string(&out).unwrap());
    let ledger: Vec<&Value> = events.iter().filter(|e| e["type"] == "ledger").collect();
    let kinds: Vec<&str> = ledger.iter().filter_map(|e| e["kind"].as_str()).collect();
    let lasting = ["msg_queue", "sem_set", "shm", "posix_mq", "fifo", "socket_file"];
    for kind in lasting {
        assert!(kinds.contains(&kind), "a 32-bit {kind} is in the ledger: {kinds:?}");
    }
    for e in ledger.iter().filter(|e| lasting.iter().any(|k| e["kind"] == *k)) {
        assert_eq!((&e["fate"], &e["cleaned"]), (&Value::from("leaked"), &Value::from(true)), "{e}");
    }
    assert!(!queue_exists(msg.expect("the program prints its queue")), "--cleanup removed the queue");
    for tag in ["fifo ", "sock "] {
        let path = printed(tag).expect("the program prints its files");
        assert!(!Path::new(&path).exists(), "--cleanup removed {path}");
    }
    let mq = printed("mq ").expect("the program prints its POSIX queue");
    let name = std::ffi::CString::new(mq.clone()).unwrap();
    // SAFETY: a NUL-terminated name; the queue is opened to see whether it
    // exists, then closed and removed if it did.
    let left = unsafe { libc::mq_open(name.as_ptr(), libc::O_RDONLY) };
    if left >= 0 {
        // SAFETY: `left` is the descriptor just opened; the name as above.
        unsafe {
            libc::mq_close(left);
            libc::mq_unlink(name.as_ptr());
        }
    }
    assert!(left < 0, "--cleanup removed {mq}");
}

#[test]
fn a_32_bit_program_s_locks_and_mmap2_are_followed_by_the_kernel_view() {
    let Some(prog) = m32("m32", "m32_locks_shm") else { return };
    let scratch = common::ScratchDir::new("m32-locks");
    let out = scratch.path().join("trace.json");
    let done = common::run_with_deadline(
        ipclab(&scratch.path().join("ledger")).args(["trace", "--json", "-o"]).arg(&out).arg("--").arg(&prog),
        DEADLINE,
    );
    assert_eq!(done.code(), Some(0), "{}", done.stderr);
    let events = json_lines(&std::fs::read_to_string(&out).unwrap());
    let after = |i: usize| events.get(i + 1).filter(|e| e["type"] == "kernel");
    let locks: Vec<usize> = (0..events.len()).filter(|&i| events[i]["name"] == "fcntl64").collect();
    assert_eq!(locks.len(), 2, "two lock calls");
    // fcntl64's struct flock (32-bit offsets), then its packed flock64.
    let (narrow, wide) = (&events[locks[0]]["args"], &events[locks[1]]["args"]);
    assert_eq!(
        (&narrow["cmd"], &narrow["arg"]["l_start"], &narrow["arg"]["l_len"]),
        (&"F_SETLKW".into(), &10.into(), &20.into())
    );
    assert_eq!(
        (&wide["cmd"], &wide["arg"]["l_start"], &wide["arg"]["l_len"]),
        (&"F_SETLKW64".into(), &100.into(), &5.into())
    );
    // Each is followed by the locks /proc/locks lists, as a 64-bit call is.
    let held = |i: usize| after(i).map(|e| e["locks"].as_array().map_or(0, Vec::len));
    assert_eq!(held(locks[0]), Some(1), "the write lock: {:?}", after(locks[0]));
    assert_eq!(held(locks[1]), Some(2), "and the read lock: {:?}", after(locks[1]));
    // mmap2 maps the POSIX shared memory object: the view says who maps it.
    let map = (0..events.len())
        .find(|&i| {
            events[i]["name"] == "mmap2"
                && events[i]["args"]["flags"].as_str().is_some_and(|f| f.contains("MAP_SHARED"))
        })
        .expect("the shared mapping");
    let view = after(map).expect("a kernel line after mmap2");
    assert_eq!((&view["object"], &view["mapped_by"]), (&"posix_shm".into(), &serde_json::json!([events[map]["pid"]])));
    let unmapped = events.iter().find(|e| e["object"] == "posix_shm" && e["contents"].is_object()).expect("contents");
    assert_eq!(unmapped["contents"]["data"], "thirty-two");
}

#[test]
fn odd_32_bit_calls_show_as_made_and_each_abi_switch_is_marked() {
    let Some(prog) = m32("m32", "m32_hostile") else { return };
    let scratch = common::ScratchDir::new("m32-hostile");
    let done = common::run_with_deadline(
        ipclab(&scratch.path().join("ledger")).args(["trace", "--no-kernel", "--"]).arg(&prog),
        DEADLINE,
    );
    assert_eq!(done.code(), Some(0), "{}", done.stderr);
    let text = &done.stderr;
    // The kernel failed these before reading any sub-call's argument:
    // shown as the multiplexer calls they are, nothing made up.
    for line in [
        "ipc(MSGRCV, 0, 8, 0, 0x10, 0) = -1 EFAULT",
        "ipc(SEMCTL, 0, 0, 16, 0x10, 0) = -1 EFAULT",
        "ipc(99, 1, 2, 3, 0x4, 0x5) = -1 ENOSYS",
        "socketcall(SYS_SOCKETPAIR, 0x10) = -1 EFAULT",
        "execve(\"/bin/true\", [\"true\"], ",
    ] {
        assert!(text.contains(line), "{line:?} in:\n{text}");
    }
    let marks: Vec<&str> = text.lines().filter(|l| l.contains("runs in")).collect();
    assert_eq!(marks.len(), 2, "the 32-bit program, then its child's 64-bit exec: {marks:?}");
    assert!(marks[0].ends_with("runs in 32 bit mode. ]") && marks[1].ends_with("runs in 64 bit mode. ]"), "{marks:?}");
}

#[test]
#[cfg(target_arch = "x86_64")]
fn a_64_bit_program_s_int_0x80_call_is_read_as_the_i386_call_it_is() {
    let prog = common::prog_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/m32"), "abi_switch");
    let scratch = common::ScratchDir::new("m32-switch");
    let done = common::run_with_deadline(
        ipclab(&scratch.path().join("ledger")).args(["trace", "--no-kernel", "-e", "getpid,write", "--"]).arg(&prog),
        DEADLINE,
    );
    assert_eq!(done.code(), Some(0), "{}\n{}", done.stdout, done.stderr);
    let lines: Vec<&str> = done.stderr.lines().collect();
    let at =
        lines.iter().position(|l| l.contains(" getpid() = ")).expect("i386's getpid, not x86_64's call 20 (writev)");
    assert!(lines[at - 1].ends_with("runs in 32 bit mode. ]"), "{lines:#?}");
    assert!(lines[at + 1].ends_with("runs in 64 bit mode. ]"), "{lines:#?}");
    assert!(lines[at + 2..].iter().any(|l| l.contains(" write(")), "{lines:#?}");
    assert_eq!(lines.iter().filter(|l| l.contains("runs in")).count(), 2, "{lines:#?}");
}

#[test]
fn inject_fails_and_shortens_a_32_bit_program_s_calls() {
    let (Some(msg), Some(pipe)) = (m32("progs", "sysv_msg"), m32("progs", "pipe_fork")) else { return };
    let scratch = common::ScratchDir::new("m32-inject");
    // msgsnd through ipc(2) made to fail: the call does not run, the
    // program gives up, --cleanup removes the queue it left.
    let done = common::run_with_deadline(
        ipclab(&scratch.path().join("ledger"))
            .args(["trace", "--cleanup", "-e", "msgsnd", "--inject", "msgsnd:EAGAIN:when=1", "--"])
            .arg(&msg),
        DEADLINE,
    );
    assert_eq!(done.code(), Some(1), "{}", done.stderr);
    assert!(
        done.stderr.contains("{mtype=1, mtext=\"one\"}, 3, 0) = -1 EAGAIN") && done.stderr.contains("INJECTED: EAGAIN"),
        "{}",
        done.stderr
    );
    // read's count lowered in its 32-bit register (edx): the kernel reads
    // two bytes, the program reads the rest next.
    let done = common::run_with_deadline(
        ipclab(&scratch.path().join("ledger"))
            .args(["trace", "--no-kernel", "-e", "read", "--inject", "read:short=2:when=1", "--"])
            .arg(&pipe),
        DEADLINE,
    );
    assert_eq!(done.code(), Some(0), "{}", done.stderr);
    let text = &done.stderr;
    assert!(text.contains("\"he\", 63) = 2 (INJECTED: short, count 63 lowered to 2)"), "{text}");
    assert!(text.contains("\"llo\", 61) = 3"), "the next read gets the rest: {text}");
}
