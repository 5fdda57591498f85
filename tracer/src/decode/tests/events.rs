//! futex, poll, select, epoll and inotify on fixture bytes.

use super::*;

const PRIVATE: u64 = 128;
const CLOCK_REALTIME: u64 = 256;

#[test]
fn futex_wait_private_shows_the_expected_value_and_timeout() {
    let ts = fixture!(libc::timespec { tv_sec: 1, tv_nsec: 0 });
    let mem = FakeMemory::new().with_value(0x2000, &ts);
    let sc = call("futex", [0x1000, PRIVATE, 2, 0x2000, 0xdead, 0xbeef], &mem, Some(0));
    assert_eq!(args_text(&sc), "0x1000, FUTEX_WAIT_PRIVATE, 2, {tv_sec=1, tv_nsec=0}");
    assert_eq!(sc.arg("futex_op").and_then(Value::sym_name), Some("FUTEX_WAIT_PRIVATE"));
}

#[test]
fn futex_wake_shows_only_how_many_to_wake() {
    let sc = call("futex", [0x1000, 1, 1, 0xdead, 0xdead, 0xdead], &FakeMemory::new(), Some(1));
    assert_eq!(args_text(&sc), "0x1000, FUTEX_WAKE, 1");
}

#[test]
fn futex_wait_bitset_names_the_clock_and_the_match_any_bitset() {
    let op = 9 | PRIVATE | CLOCK_REALTIME;
    let sc = call("futex", [0x1000, op, 0, 0, 0, 0xffff_ffff], &FakeMemory::new(), Some(-110));
    assert_eq!(
        args_text(&sc),
        "0x1000, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, 0, NULL, FUTEX_BITSET_MATCH_ANY"
    );
}

#[test]
fn futex_cmp_requeue_shows_both_addresses_and_counts() {
    let sc = call("futex", [0x1000, 4 | PRIVATE, 1, 0x7fff_ffff, 0x2000, 3], &FakeMemory::new(), Some(1));
    assert_eq!(args_text(&sc), "0x1000, FUTEX_CMP_REQUEUE_PRIVATE, 1, 2147483647, 0x2000, 3");
}

#[test]
fn futex_wake_op_decodes_the_operation() {
    // FUTEX_OP(FUTEX_OP_SET, 0, FUTEX_OP_CMP_GT, 1)
    let val3 = (4 << 24) | 1;
    let sc = call("futex", [0x1000, 5 | PRIVATE, 1, 1, 0x2000, val3], &FakeMemory::new(), Some(1));
    assert_eq!(
        args_text(&sc),
        "0x1000, FUTEX_WAKE_OP_PRIVATE, 1, 1, 0x2000, FUTEX_OP_SET<<28|0<<12|FUTEX_OP_CMP_GT<<24|0x1"
    );
    // An unknown operation keeps the shift bit: strace's tests/futex.c.
    let sc = call("futex", [0x1000, 5, 1, 1, 0x2000, 0xf0ca_ffee], &FakeMemory::new(), Some(1));
    assert_eq!(
        args_text(&sc),
        "0x1000, FUTEX_WAKE_OP, 1, 1, 0x2000, FUTEX_OP_OPARG_SHIFT<<28|0x7<<28 /* FUTEX_OP_??? */|0xcaf<<12|FUTEX_OP_CMP_EQ<<24|0xfee"
    );
}

#[test]
fn an_unknown_futex_operation_shows_every_argument() {
    let sc = call("futex", [0x1000, 0x7f, 1, 2, 3, 4], &FakeMemory::new(), Some(-38));
    assert_eq!(args_text(&sc), "0x1000, 0x7f /* FUTEX_??? */, 1, 0x2, 0x3, 0x4");
}

fn pollfds(entries: &[(i32, i16, i16)]) -> Vec<u8> {
    let fds: Vec<Fixture<libc::pollfd>> = entries
        .iter()
        .map(|&(fd, events, revents)| fixture!(libc::pollfd { fd: fd, events: events, revents: revents }))
        .collect();
    bytes_of(&fds)
}

#[test]
fn ppoll_shows_events_at_entry_and_what_became_ready_in_the_result() {
    let fds = pollfds(&[(3, libc::POLLIN, libc::POLLIN), (4, libc::POLLOUT, 0)]);
    let left = fixture!(libc::timespec { tv_sec: 0, tv_nsec: 999 });
    let mem = FakeMemory::new().with(0x1000, fds).with_value(0x2000, &left);
    let sc = call("ppoll", [0x1000, 2, 0x2000, 0, 8, 0], &mem, Some(1));
    assert_eq!(args_text(&sc), "[{fd=3, events=POLLIN}, {fd=4, events=POLLOUT}], 2, {tv_sec=0, tv_nsec=999}, NULL, 8");
    assert_eq!(ret_text(&sc).as_deref(), Some("1 ([{fd=3, revents=POLLIN}], left {tv_sec=0, tv_nsec=999})"));
}

#[test]
fn ppoll_that_timed_out_says_so() {
    let mem = FakeMemory::new().with(0x1000, pollfds(&[(3, libc::POLLIN, 0)]));
    let sc = call("ppoll", [0x1000, 1, 0, 0, 8, 0], &mem, Some(0));
    assert_eq!(ret_text(&sc).as_deref(), Some("0 (Timeout)"));
}

#[cfg(target_arch = "x86_64")]
#[test]
fn poll_shows_revents_in_the_result_as_strace_does() {
    let mem = FakeMemory::new().with(0x1000, pollfds(&[(3, libc::POLLIN, libc::POLLIN | libc::POLLHUP)]));
    let sc = call("poll", [0x1000, 1, 1000, 0, 0, 0], &mem, Some(1));
    assert_eq!(args_text(&sc), "[{fd=3, events=POLLIN}], 1, 1000");
    assert_eq!(ret_text(&sc).as_deref(), Some("1 ([{fd=3, revents=POLLIN|POLLHUP}])"));
}

/// An fd_set with `fds` set (one 64-bit word).
fn fd_set(fds: &[u32]) -> u64 {
    fds.iter().fold(0, |set, fd| set | 1 << fd)
}

#[test]
fn pselect6_shows_fd_sets_and_what_became_ready() {
    let ts = fixture!(libc::timespec { tv_sec: 1, tv_nsec: 0 });
    let mut mem = FakeMemory::new().with_value(0x1000, &fd_set(&[3, 4])).with_value(0x3000, &ts);
    let sc = call("pselect6", [5, 0x1000, 0, 0, 0x3000, 0], &mem, None);
    assert_eq!(args_text(&sc), "5, [3 4], NULL, NULL, {tv_sec=1, tv_nsec=0}, NULL");
    // The kernel rewrites the sets with only the ready descriptors.
    mem = FakeMemory::new().with_value(0x1000, &fd_set(&[4])).with_value(0x3000, &ts);
    let mut sc = sc;
    decode_exit(&mut sc, 1, &mem, &OPTS);
    assert_eq!(ret_text(&sc).as_deref(), Some("1 (in [4], left {tv_sec=1, tv_nsec=0})"));
}

#[cfg(target_arch = "x86_64")]
#[test]
fn select_shows_fd_sets_and_reads_no_more_than_nfds_bits() {
    let mem = FakeMemory::new().with_value(0x1000, &fd_set(&[3, 40])).with_value(0x2000, &fd_set(&[1]));
    let sc = call("select", [5, 0x1000, 0x2000, 0, 0, 0], &mem, None);
    assert_eq!(args_text(&sc), "5, [3], [1], NULL, NULL");
}

fn epoll_event(events: u32, data: u64) -> Fixture<libc::epoll_event> {
    fixture!(libc::epoll_event { events: events, u64: data })
}

#[test]
fn epoll_ctl_shows_the_event_of_interest() {
    let ev = epoll_event((libc::EPOLLIN | libc::EPOLLET) as u32, 3);
    let mem = FakeMemory::new().with_value(0x1000, &ev);
    let sc = call("epoll_ctl", [5, libc::EPOLL_CTL_ADD as u64, 3, 0x1000, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), "5, EPOLL_CTL_ADD, 3, {events=EPOLLIN|EPOLLET, data={u32=3, u64=3}}");
}

#[test]
fn epoll_pwait_shows_the_events_returned_at_exit() {
    let evs = [epoll_event(libc::EPOLLIN as u32, 3), epoll_event(libc::EPOLLHUP as u32, 4)];
    let mem = FakeMemory::new().with(0x1000, bytes_of(&evs));
    let sc = call("epoll_pwait", [5, 0x1000, 8, u64::MAX, 0, 8], &mem, Some(1));
    assert_eq!(args_text(&sc), "5, [{events=EPOLLIN, data={u32=3, u64=3}}], 8, -1, NULL, 8");
}

#[test]
fn epoll_create1_names_its_flag_and_returns_a_descriptor() {
    let sc = call("epoll_create1", [libc::EPOLL_CLOEXEC as u64, 0, 0, 0, 0, 0], &FakeMemory::new(), Some(5));
    assert_eq!(args_text(&sc), "EPOLL_CLOEXEC");
    assert_eq!(sc.ret_value, Some(Value::Fd(Fd::new(5))));
}

#[test]
fn inotify_add_watch_names_each_event_bit() {
    let mem = FakeMemory::new().with(0x1000, *b"/tmp/x\0");
    let mask = (libc::IN_MODIFY | libc::IN_CLOSE_WRITE | libc::IN_DELETE_SELF) as u64;
    let sc = call("inotify_add_watch", [3, 0x1000, mask, 0, 0, 0], &mem, Some(1));
    assert_eq!(args_text(&sc), r#"3, "/tmp/x", IN_MODIFY|IN_CLOSE_WRITE|IN_DELETE_SELF"#);
}

#[test]
fn inotify_init1_returns_a_descriptor() {
    let sc = call("inotify_init1", [libc::IN_NONBLOCK as u64, 0, 0, 0, 0, 0], &FakeMemory::new(), Some(3));
    assert_eq!(args_text(&sc), "IN_NONBLOCK");
    assert_eq!(sc.ret_value, Some(Value::Fd(Fd::new(3))));
    let sc = call("inotify_rm_watch", [3, 1, 0, 0, 0, 0], &FakeMemory::new(), Some(0));
    assert_eq!(args_text(&sc), "3, 1");
}

#[test]
fn eventfd2_names_its_flags() {
    let flags = (libc::EFD_CLOEXEC | libc::EFD_SEMAPHORE) as u64;
    let sc = call("eventfd2", [0, flags, 0, 0, 0, 0], &FakeMemory::new(), Some(3));
    assert_eq!(args_text(&sc), "0, EFD_CLOEXEC|EFD_SEMAPHORE");
}

#[cfg(target_arch = "x86_64")]
#[test]
fn legacy_epoll_calls_show_size_and_events() {
    let sc = call("epoll_create", [1, 0, 0, 0, 0, 0], &FakeMemory::new(), Some(5));
    assert_eq!((args_text(&sc), sc.ret_value), ("1".to_string(), Some(Value::Fd(Fd::new(5)))));
    let mem = FakeMemory::new().with_value(0x1000, &epoll_event(libc::EPOLLOUT as u32, 9));
    let sc = call("epoll_wait", [5, 0x1000, 4, 0, 0, 0], &mem, Some(1));
    assert_eq!(args_text(&sc), "5, [{events=EPOLLOUT, data={u32=9, u64=9}}], 4, 0");
}

#[test]
fn epoll_wait_that_timed_out_shows_no_events() {
    let sc = call("epoll_pwait", [5, 0x1000, 4, 0, 0, 8], &FakeMemory::new(), Some(0));
    assert_eq!(args_text(&sc), "5, [], 4, 0, NULL, 8");
}

/// The bytes of one `struct inotify_event` with its padded name.
fn inotify_event(wd: i32, mask: u32, cookie: u32, name: &[u8], padded: usize) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend_from_slice(&wd.to_ne_bytes());
    b.extend_from_slice(&mask.to_ne_bytes());
    b.extend_from_slice(&cookie.to_ne_bytes());
    b.extend_from_slice(&(padded as u32).to_ne_bytes());
    b.extend_from_slice(name);
    b.resize(16 + padded, 0);
    b
}

#[test]
fn a_read_of_an_inotify_descriptor_shows_its_events() {
    let mut bytes = inotify_event(1, libc::IN_MOVED_FROM, 77, b"a.tmp", 16);
    bytes.extend(inotify_event(1, libc::IN_MOVED_TO, 77, b"a.txt", 16));
    bytes.extend(inotify_event(2, libc::IN_DELETE_SELF, 0, b"", 0));
    let len = bytes.len() as i64;
    let mem = FakeMemory::new().with(0x1000, bytes);
    let mut sc = call("read", [3, 0x1000, 4096, 0, 0, 0], &mem, Some(len));
    assert!(matches!(sc.args[1].value, Value::Str(_)), "bytes until the descriptor is known");
    decode_by_target(&mut sc, &mem);
    assert!(matches!(sc.args[1].value, Value::Str(_)), "an fd of unknown kind stays bytes");
    if let Value::Fd(fd) = &mut sc.args[0].value {
        fd.target = Some("anon_inode:inotify".into());
    }
    decode_by_target(&mut sc, &mem);
    assert_eq!(
        sc.args[1].value.to_string(),
        "[{wd=1, mask=IN_MOVED_FROM, cookie=77, len=16, name=\"a.tmp\"}, \
         {wd=1, mask=IN_MOVED_TO, cookie=77, len=16, name=\"a.txt\"}, \
         {wd=2, mask=IN_DELETE_SELF, cookie=0, len=0}]"
    );
}

#[test]
fn a_short_inotify_read_shows_the_whole_events_and_marks_the_rest() {
    let mut bytes = inotify_event(1, libc::IN_CREATE, 0, b"x", 16);
    bytes.extend(&inotify_event(1, libc::IN_CREATE, 0, b"y", 16)[..20]);
    let len = bytes.len() as i64;
    let mem = FakeMemory::new().with(0x1000, bytes);
    let mut sc = call("read", [3, 0x1000, 4096, 0, 0, 0], &mem, Some(len));
    if let Value::Fd(fd) = &mut sc.args[0].value {
        fd.target = Some("anon_inode:inotify".into());
    }
    decode_by_target(&mut sc, &mem);
    assert_eq!(sc.args[1].value.to_string(), "[{wd=1, mask=IN_CREATE, cookie=0, len=16, name=\"x\"}, ...]");
}
