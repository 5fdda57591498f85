//! The kernel view on real objects: each test creates a pipe, queue,
//! semaphore set, segment or socket (private, mode 0600), changes it, and
//! checks that the readers report the true counts and leave it unchanged.
//!
//! Every object is held by a guard that removes it on drop, so nothing is
//! left behind even when an assertion fails. Tests run in parallel with each
//! other and with other programs, so they only look at their own objects.

use std::ffi::CString;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::net::{UnixListener, UnixStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use nix::errno::Errno;
use nix::fcntl::OFlag;
use nix::sys::signal::{SigSet, Signal, kill};
use nix::sys::wait::{Id, WaitPidFlag, waitid};
use nix::unistd::{Pid, pipe2};
use tracer::proc::{self, End, FdKind, ProcState, UnixState};

fn me() -> Pid {
    Pid::this()
}

/// A name unique to this run and call, for objects with names.
fn unique(prefix: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!("{prefix}-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed))
}

/// Waits (bounded) until `cond` holds: for a child to reach a state we
/// cannot be told about otherwise.
fn wait_until(what: &str, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !cond() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// A child process killed and reaped on drop.
struct ChildGuard(Child);

impl ChildGuard {
    fn pid(&self) -> Pid {
        Pid::from_raw(self.0.id() as i32)
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A System V message queue removed on drop.
struct MsgQueueGuard(i32);

impl MsgQueueGuard {
    fn new() -> Self {
        // SAFETY: msgget takes plain integers.
        let id = unsafe { libc::msgget(libc::IPC_PRIVATE, libc::IPC_CREAT | 0o600) };
        MsgQueueGuard(Errno::result(id).expect("msgget"))
    }

    fn send(&self, mtype: libc::c_long, text: &[u8]) {
        let mut m = Msg { mtype, text: [0; 16] };
        m.text[..text.len()].copy_from_slice(text);
        // SAFETY: `m` is a message buffer: a long then at least `text.len()` bytes.
        let r = unsafe { libc::msgsnd(self.0, (&raw const m).cast(), text.len(), 0) };
        Errno::result(r).expect("msgsnd");
    }

    fn receive(&self) -> Vec<u8> {
        let mut m = Msg { mtype: 0, text: [0; 16] };
        // SAFETY: `m` has room for a long and 16 bytes of text, the size passed.
        let n = unsafe { libc::msgrcv(self.0, (&raw mut m).cast(), 16, 0, 0) };
        let n = Errno::result(n).expect("msgrcv") as usize;
        m.text[..n].to_vec()
    }
}

#[repr(C)]
struct Msg {
    mtype: libc::c_long,
    text: [u8; 16],
}

impl Drop for MsgQueueGuard {
    fn drop(&mut self) {
        // SAFETY: IPC_RMID reads no buffer.
        unsafe { libc::msgctl(self.0, libc::IPC_RMID, std::ptr::null_mut()) };
    }
}

/// A System V semaphore set removed on drop.
struct SemGuard(i32);

impl SemGuard {
    fn new(nsems: i32) -> Self {
        // SAFETY: semget takes plain integers.
        let id = unsafe { libc::semget(libc::IPC_PRIVATE, nsems, libc::IPC_CREAT | 0o600) };
        SemGuard(Errno::result(id).expect("semget"))
    }

    fn set(&self, semnum: i32, value: i32) {
        // SAFETY: SETVAL takes an int as its `union semun` argument.
        let r = unsafe { libc::semctl(self.0, semnum, libc::SETVAL, value) };
        Errno::result(r).expect("semctl SETVAL");
    }
}

impl Drop for SemGuard {
    fn drop(&mut self) {
        // SAFETY: IPC_RMID uses no fourth argument.
        unsafe { libc::semctl(self.0, 0, libc::IPC_RMID) };
    }
}

/// A System V shared memory segment, attached here, detached and removed on drop.
struct ShmGuard {
    id: i32,
    addr: *mut u8,
}

impl ShmGuard {
    fn new(size: usize) -> Self {
        // SAFETY: shmget takes plain integers.
        let id = unsafe { libc::shmget(libc::IPC_PRIVATE, size, libc::IPC_CREAT | 0o600) };
        let id = Errno::result(id).expect("shmget");
        let mut guard = ShmGuard { id, addr: std::ptr::null_mut() };
        // SAFETY: attaching at an address the kernel chooses.
        let addr = unsafe { libc::shmat(id, std::ptr::null(), 0) };
        assert_ne!(addr as isize, -1, "shmat: {}", Errno::last());
        guard.addr = addr.cast();
        guard
    }

    fn write(&self, at: usize, bytes: &[u8]) {
        // SAFETY: the segment is attached read-write at `addr` and is larger
        // than `at + bytes.len()` in every use below.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), self.addr.add(at), bytes.len()) };
    }
}

impl Drop for ShmGuard {
    fn drop(&mut self) {
        if !self.addr.is_null() {
            // SAFETY: `addr` is where shmat attached the segment.
            unsafe { libc::shmdt(self.addr.cast()) };
        }
        // SAFETY: IPC_RMID reads no buffer.
        unsafe { libc::shmctl(self.id, libc::IPC_RMID, std::ptr::null_mut()) };
    }
}

/// A POSIX message queue, closed and unlinked on drop.
struct MqGuard {
    name: CString,
    mqd: libc::mqd_t,
}

impl MqGuard {
    fn new(maxmsg: i64, msgsize: i64) -> Self {
        let name = CString::new(format!("/{}", unique("ipclab-kernel-test"))).unwrap();
        // SAFETY: zeroed mq_attr is valid; fields set below.
        let mut attr: libc::mq_attr = unsafe { std::mem::zeroed() };
        attr.mq_maxmsg = maxmsg;
        attr.mq_msgsize = msgsize;
        // SAFETY: name is a C string; with O_CREAT the variadic arguments are
        // a mode and a pointer to `attr`, alive for the call.
        let mqd = unsafe {
            libc::mq_open(
                name.as_ptr(),
                libc::O_CREAT | libc::O_EXCL | libc::O_RDWR | libc::O_NONBLOCK,
                0o600 as libc::mode_t,
                &raw mut attr,
            )
        };
        MqGuard { name, mqd: Errno::result(mqd).expect("mq_open") }
    }

    fn send(&self, bytes: &[u8]) {
        // SAFETY: the buffer is valid for its length.
        let r = unsafe { libc::mq_send(self.mqd, bytes.as_ptr().cast(), bytes.len(), 0) };
        Errno::result(r).expect("mq_send");
    }

    /// A second descriptor on the same queue, write-only, closed by the caller.
    fn open_write_only(&self) -> OwnedFd {
        // SAFETY: name is a C string; no O_CREAT, so no variadic arguments.
        let mqd = unsafe { libc::mq_open(self.name.as_ptr(), libc::O_WRONLY) };
        let mqd = Errno::result(mqd).expect("mq_open O_WRONLY");
        // SAFETY: on Linux an mqd_t is an fd that we now own.
        unsafe { OwnedFd::from_raw_fd(mqd) }
    }
}

impl Drop for MqGuard {
    fn drop(&mut self) {
        // SAFETY: mqd came from mq_open; name is a C string.
        unsafe {
            libc::mq_close(self.mqd);
            libc::mq_unlink(self.name.as_ptr());
        }
    }
}

/// A filesystem path removed on drop (a bound socket's file).
struct PathGuard(std::path::PathBuf);

impl Drop for PathGuard {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A pipe with close-on-exec ends, so children spawned by parallel tests
/// never inherit them.
fn pipe_pair() -> (std::fs::File, std::fs::File) {
    let (r, w) = pipe2(OFlag::O_CLOEXEC).expect("pipe2");
    (std::fs::File::from(r), std::fs::File::from(w))
}

#[test]
fn queued_bytes_counts_pipe_bytes_without_consuming_them() {
    let (mut r, mut w) = pipe_pair();
    w.write_all(b"hello").unwrap();
    let q = proc::queued_bytes(me(), r.as_raw_fd()).unwrap();
    assert_eq!((q.inq, q.outq), (5, None));
    let mut buf = [0u8; 5];
    r.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"hello", "the bytes are still there to read");
}

#[test]
fn borrowed_write_end_is_closed_so_eof_still_arrives() {
    use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
    use std::os::fd::AsFd;
    let (mut r, mut w) = pipe_pair();
    w.write_all(b"x").unwrap();
    assert_eq!(proc::queued_bytes(me(), w.as_raw_fd()).unwrap().inq, 1);
    drop(w);
    let mut buf = [0u8; 4];
    assert_eq!(r.read(&mut buf).unwrap(), 1);
    // A child being spawned by a parallel test may hold a copy of the write
    // end until its exec, so wait for the hang-up rather than expect it now;
    // a leaked duplicate would keep it away for good.
    let mut fds = [PollFd::new(r.as_fd(), PollFlags::POLLIN)];
    let n = poll(&mut fds, PollTimeout::from(10_000u16)).unwrap();
    assert_eq!(n, 1, "no EOF within 10 s: a write end survived");
    assert_eq!(r.read(&mut buf).unwrap(), 0, "EOF");
}

#[test]
fn fdinfo_tells_pipe_read_end_from_write_end() {
    let (r, w) = pipe_pair();
    let fds = proc::fds(me()).unwrap();
    let find = |fd: RawFd| fds.iter().find(|e| e.fd == fd).expect("fd listed").clone();
    let (re, we) = (find(r.as_raw_fd()), find(w.as_raw_fd()));
    assert_eq!((re.kind.clone(), we.kind.clone()), (FdKind::Pipe, FdKind::Pipe));
    assert_eq!((re.info.access(), we.info.access()), (End::Read, End::Write));
    assert_eq!(re.object, we.object, "both ends are one pipe");
    assert_eq!(re.target, proc::FDTarget::Pipe(re.object.ino));
}

#[test]
fn holders_lists_child_holding_pipe_read_end() {
    let (r, w) = pipe_pair();
    let child = ChildGuard(
        Command::new("sleep")
            .arg("1000")
            .stdin(Stdio::from(OwnedFd::from(r.try_clone().unwrap())))
            .spawn()
            .expect("spawn sleep"),
    );
    let object = proc::object_of(me(), w.as_raw_fd()).unwrap();
    let holders = proc::holders([me(), child.pid()], object).unwrap();
    let mine_r = proc::Holder { pid: me(), fd: r.as_raw_fd(), access: End::Read };
    let mine_w = proc::Holder { pid: me(), fd: w.as_raw_fd(), access: End::Write };
    let childs = proc::Holder { pid: child.pid(), fd: 0, access: End::Read };
    for h in [mine_r, mine_w, childs] {
        assert!(holders.contains(&h), "expected {h:?} in {holders:?}");
    }
    assert_eq!(holders.len(), 3, "{holders:?}");
}

#[test]
fn holders_skips_processes_that_have_exited() {
    let (_r, w) = pipe_pair();
    let mut child = Command::new("true").spawn().expect("spawn true");
    child.wait().unwrap();
    let gone = Pid::from_raw(child.id() as i32);
    let object = proc::object_of(me(), w.as_raw_fd()).unwrap();
    let holders = proc::holders([gone, me()], object).unwrap();
    assert!(holders.iter().all(|h| h.pid == me()), "{holders:?}");
}

#[test]
fn msg_queue_row_counts_messages_after_two_sends_and_one_receive() {
    let q = MsgQueueGuard::new();
    q.send(1, b"hello");
    q.send(2, b"goodbye");
    assert_eq!(q.receive(), b"hello");
    let row = proc::msg_queue(q.0).unwrap().expect("queue listed");
    assert_eq!((row.qnum, row.cbytes), (1, 7));
    assert_eq!((row.lspid, row.lrpid), (Some(me()), Some(me())));
    assert_eq!(row.perms.permissions(), 0o600);
    assert!(row.key.is_private());
}

#[test]
fn removed_msg_queue_is_no_longer_listed() {
    let id = {
        let q = MsgQueueGuard::new();
        q.0
    };
    assert_eq!(proc::msg_queue(id).unwrap(), None);
}

#[test]
fn sem_values_reports_setval_and_last_pid() {
    let s = SemGuard::new(2);
    s.set(1, 3);
    let values = proc::sem_values(s.0).unwrap();
    assert_eq!(values.iter().map(|v| v.value).collect::<Vec<_>>(), [0, 3]);
    assert_eq!(values[1].pid, Some(me()), "SETVAL records the pid");
    assert_eq!((values[1].ncnt, values[1].zcnt), (0, 0));
    assert_eq!(proc::sem_set(s.0).unwrap().expect("set listed").nsems, 2);
}

#[test]
fn sem_values_of_removed_set_is_an_error_naming_semctl() {
    let id = SemGuard::new(1).0;
    let err = proc::sem_values(id).unwrap_err();
    assert!(err.what().starts_with("semctl("), "{err}");
}

#[test]
fn shm_segment_row_and_mapping_after_attach() {
    let seg = ShmGuard::new(10000);
    let row = proc::shm_segment(seg.id).unwrap().expect("segment listed");
    assert_eq!((row.size, row.nattch, row.cpid), (10000, 1, me()));
    let maps = proc::shm_mappings(me(), seg.id).unwrap();
    assert_eq!(maps.len(), 1, "{maps:?}");
    assert_eq!(maps[0].start, seg.addr as u64);
    assert_eq!(maps[0].len(), 12288, "10000 bytes round up to three pages");
}

#[test]
fn read_shm_sees_plain_stores_without_attaching() {
    let seg = ShmGuard::new(4096);
    seg.write(0, b"shared!");
    let bytes = proc::read_shm(me(), seg.id, 7).unwrap().expect("attached here");
    assert_eq!(bytes, b"shared!");
    let row = proc::shm_segment(seg.id).unwrap().expect("segment listed");
    assert_eq!(row.nattch, 1, "reading did not attach");
}

#[test]
fn read_shm_of_unattached_process_is_none() {
    let seg = ShmGuard::new(4096);
    let child = ChildGuard(Command::new("sleep").arg("1000").spawn().expect("spawn sleep"));
    assert_eq!(proc::read_shm(child.pid(), seg.id, 16).unwrap(), None);
}

#[test]
fn socketpair_bytes_and_peer_are_reported() {
    let (mut a, b) = UnixStream::pair().unwrap();
    a.write_all(b"xyz").unwrap();
    let q = proc::queued_bytes(me(), b.as_raw_fd()).unwrap();
    assert_eq!(q.inq, 3);
    let ino = |s: &UnixStream| proc::object_of(me(), s.as_raw_fd()).unwrap().ino;
    let (ia, ib) = (ino(&a), ino(&b));
    assert_eq!(proc::unix_diag(ia).unwrap().peer, Some(ib), "peer of one end is the other");
    assert_eq!(proc::unix_diag(ib).unwrap().peer, Some(ia));
    assert_eq!(proc::unix_diag(ib).unwrap().rqueue, 3);
    let row = proc::unix_socket(ia).unwrap().expect("socket listed");
    assert_eq!((row.state, row.path), (UnixState::Connected, None));
}

#[test]
fn a_socket_whose_peer_closed_is_shut_down_both_ways() {
    let (a, b) = UnixStream::pair().unwrap();
    let ib = proc::object_of(me(), b.as_raw_fd()).unwrap().ino;
    assert_eq!(proc::unix_diag(ib).unwrap().shutdown, 0, "open both ways while the peer lives");
    drop(a);
    // A process another test forks at this moment holds a copy of `a` until
    // it execs (close-on-exec): the socket closes when that copy goes too.
    wait_until("the peer's last descriptor is closed", || proc::unix_diag(ib).is_ok_and(|d| d.peer.is_none()));
    let d = proc::unix_diag(ib).unwrap();
    assert_eq!((d.peer, d.shutdown), (None, 3), "no peer, no more receiving or sending");
}

#[test]
fn socket_send_queue_is_charged_until_the_peer_reads() {
    let (mut a, mut b) = UnixStream::pair().unwrap();
    a.write_all(b"xyz").unwrap();
    let outq = |s: &UnixStream| proc::queued_bytes(me(), s.as_raw_fd()).unwrap().outq;
    assert!(outq(&a).is_some_and(|n| n >= 3), "sender charged: {:?}", outq(&a));
    let mut buf = [0u8; 3];
    b.read_exact(&mut buf).unwrap();
    assert_eq!(outq(&a), Some(0), "freed once read");
}

#[test]
fn listening_socket_shows_path_and_state() {
    let path = std::env::temp_dir().join(format!("{} sock", unique("ipclab-kernel-test")));
    let _cleanup = PathGuard(path.clone());
    let l = UnixListener::bind(&path).unwrap();
    let ino = proc::object_of(me(), l.as_raw_fd()).unwrap().ino;
    let row = proc::unix_socket(ino).unwrap().expect("socket listed");
    assert_eq!(row.state, UnixState::Listening);
    assert_eq!(row.path.as_deref(), Some(path.to_str().unwrap()));
    assert!(proc::unix_diag(ino).unwrap().listening);
}

#[test]
fn abstract_socket_shows_at_name() {
    use std::os::linux::net::SocketAddrExt;
    let name = unique("ipclab-kernel-test");
    let addr = std::os::unix::net::SocketAddr::from_abstract_name(name.as_bytes()).unwrap();
    let l = UnixListener::bind_addr(&addr).unwrap();
    let ino = proc::object_of(me(), l.as_raw_fd()).unwrap().ino;
    let row = proc::unix_socket(ino).unwrap().expect("socket listed");
    assert_eq!(row.path, Some(format!("@{name}")));
}

#[test]
fn mq_attr_counts_messages_without_receiving() {
    let mq = MqGuard::new(4, 32);
    mq.send(b"abc");
    mq.send(b"hello");
    let a = proc::mq_attr(me(), mq.mqd).unwrap();
    assert_eq!((a.curmsgs, a.maxmsg, a.msgsize), (2, 4, 32));
    assert_eq!(a.flags, libc::O_NONBLOCK as i64);
    assert_eq!(proc::mq_attr(me(), mq.mqd).unwrap().curmsgs, 2, "still two");
}

#[test]
fn mq_status_sums_queued_bytes() {
    let mq = MqGuard::new(4, 32);
    mq.send(b"abc");
    mq.send(b"hello");
    let s = proc::mq_status(me(), mq.mqd).unwrap();
    assert_eq!((s.qsize, s.notify_pid), (8, None));
}

#[test]
fn mq_status_reads_write_only_queue_by_reopening() {
    let mq = MqGuard::new(4, 32);
    mq.send(b"abc");
    let w = mq.open_write_only();
    assert_eq!(proc::mq_status(me(), w.as_raw_fd()).unwrap().qsize, 3);
}

#[test]
fn mq_fd_is_classified_as_message_queue_without_dev_mqueue() {
    let mq = MqGuard::new(4, 32);
    let e = proc::fd_entry(me(), mq.mqd).unwrap();
    assert_eq!(e.kind, FdKind::MessageQueue(mq.name.to_str().unwrap().to_string()));
}

#[test]
fn mq_status_refuses_a_pipe_end() {
    let (_r, w) = pipe_pair();
    let err = proc::mq_status(me(), w.as_raw_fd()).unwrap_err();
    assert!(matches!(err.kind(), proc::ErrorKind::WrongKind(_)), "{err}");
}

#[test]
fn queued_bytes_refuses_a_regular_file() {
    let f = std::fs::File::open("/proc/self/status").unwrap();
    let err = proc::queued_bytes(me(), f.as_raw_fd()).unwrap_err();
    assert!(matches!(err.kind(), proc::ErrorKind::WrongKind(_)), "{err}");
}

/// A child process by pid, killed and reaped on drop.
struct PidGuard(Pid);

impl Drop for PidGuard {
    fn drop(&mut self) {
        let _ = kill(self.0, Signal::SIGKILL);
        let _ = nix::sys::wait::waitpid(self.0, None);
    }
}

/// Spawns `sleep 1000` with SIGUSR2 blocked, by `posix_spawn` (which, unlike
/// `fork`, does not copy this process's shared memory attachments into the
/// child for a moment, so the shm tests running in parallel see true counts).
/// SIGPIPE is ignored in the child because it is here (the Rust runtime
/// ignores it; ignored signals stay ignored across exec).
fn spawn_sleeper_with_signal_state() -> PidGuard {
    use nix::spawn::{PosixSpawnAttr, PosixSpawnFileActions, PosixSpawnFlags, posix_spawnp};
    // SAFETY: setting SIGPIPE to SIG_IGN, as the Rust runtime already did.
    unsafe { libc::signal(libc::SIGPIPE, libc::SIG_IGN) };
    let mut attr = PosixSpawnAttr::init().unwrap();
    let mut set = SigSet::empty();
    set.add(Signal::SIGUSR2);
    attr.set_sigmask(&set).unwrap();
    attr.set_flags(PosixSpawnFlags::POSIX_SPAWN_SETSIGMASK).unwrap();
    let actions = PosixSpawnFileActions::init().unwrap();
    let args = [c"sleep", c"1000"];
    let env: [&std::ffi::CStr; 0] = [];
    PidGuard(posix_spawnp(c"sleep", &actions, &attr, &args, &env).expect("spawn sleep"))
}

#[test]
fn status_names_blocked_ignored_and_pending_signals() {
    let child = spawn_sleeper_with_signal_state();
    kill(child.0, Signal::SIGUSR2).unwrap();
    let st = proc::process_status(child.0).unwrap();
    assert!(st.blocked.names().contains(&"SIGUSR2".to_string()), "{}", st.blocked);
    assert!(st.ignored.names().contains(&"SIGPIPE".to_string()), "{}", st.ignored);
    assert_eq!(st.shared_pending.names(), ["SIGUSR2"], "kill pends process-wide");
    assert_eq!(st.ppid, me());
}

#[test]
fn exited_unreaped_child_is_a_zombie() {
    let mut child = Command::new("true").spawn().expect("spawn true");
    let pid = Pid::from_raw(child.id() as i32);
    // Wait for the exit without reaping it.
    waitid(Id::Pid(pid), WaitPidFlag::WEXITED | WaitPidFlag::WNOWAIT).unwrap();
    let st = proc::process_status(pid);
    child.wait().unwrap();
    let st = st.unwrap();
    assert!(st.is_zombie(), "state {:?}", st.state);
}

#[test]
fn reading_a_reaped_process_is_a_gone_error() {
    let mut child = Command::new("true").spawn().expect("spawn true");
    child.wait().unwrap();
    let pid = Pid::from_raw(child.id() as i32);
    let err = proc::process_status(pid).unwrap_err();
    assert!(err.is_gone(), "{err}");
    assert!(err.to_string().contains(&format!("/proc/{pid}/status")), "{err}");
    let err = proc::queued_bytes(pid, 0).unwrap_err();
    assert!(err.is_gone(), "{err}");
}

#[test]
fn syscall_state_names_the_call_a_child_sleeps_in() {
    let (r, w) = pipe_pair();
    let child = ChildGuard(
        Command::new("cat").stdin(Stdio::from(OwnedFd::from(r))).stdout(Stdio::null()).spawn().expect("spawn cat"),
    );
    wait_until("cat sleeps", || {
        proc::process_status(child.pid()).is_ok_and(|s| s.state == ProcState::Sleeping)
            && proc::syscall_state(child.pid()).is_ok_and(|s| s.name() == Some("read"))
    });
    let s = proc::syscall_state(child.pid()).unwrap();
    match s {
        proc::SyscallState::InSyscall { args, .. } => assert_eq!(args[0], 0, "read(0, ...)"),
        other => panic!("expected a blocked read, got {other:?}"),
    }
    assert!(proc::wchan(child.pid()).unwrap().is_some());
    drop(w);
}
