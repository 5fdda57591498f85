//! Memory, limits, file status, ioctl and the small file calls on fixture
//! bytes.

use super::*;

#[test]
fn mremap_names_its_flags_and_returns_an_address() {
    let sc = call("mremap", [0x7000, 4096, 8192, 1, 0, 0], &FakeMemory::new(), Some(0x9000));
    assert_eq!(args_text(&sc), "0x7000, 4096, 8192, MREMAP_MAYMOVE");
    assert_eq!(sc.ret_kind, RetKind::Hex);
    // The new address is an argument only with MREMAP_FIXED.
    let sc = call("mremap", [0x7000, 4096, 8192, 3, 0xa000, 0], &FakeMemory::new(), Some(0xa000));
    assert_eq!(args_text(&sc), "0x7000, 4096, 8192, MREMAP_MAYMOVE|MREMAP_FIXED, 0xa000");
}

#[test]
fn prctl_shows_only_the_arguments_its_option_uses() {
    let mem = FakeMemory::new().with(0x1000, *b"worker\0");
    let sc = call("prctl", [libc::PR_SET_NAME as u64, 0x1000, 0, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), r#"PR_SET_NAME, "worker""#);
    let sc = call("prctl", [libc::PR_GET_DUMPABLE as u64, 0, 0, 0, 0, 0], &mem, Some(1));
    assert_eq!(args_text(&sc), "PR_GET_DUMPABLE");
    let sc = call("prctl", [libc::PR_SET_PDEATHSIG as u64, 9, 0, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), "PR_SET_PDEATHSIG, SIGKILL");
    // PR_GET_NAME: the name the kernel wrote, read at exit.
    let sc = call("prctl", [libc::PR_GET_NAME as u64, 0x1000, 0, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), r#"PR_GET_NAME, "worker""#);
    // An option that uses them all, and one ipclab does not name, show all four.
    let sc = call("prctl", [libc::PR_SET_NO_NEW_PRIVS as u64, 1, 0, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), "PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0");
    let sc = call("prctl", [0x4242, 1, 2, 3, 4, 0], &mem, Some(-22));
    assert_eq!(args_text(&sc), "16962, 0x1, 0x2, 0x3, 0x4");
}

/// What libcap (through runuser, su, PostgreSQL's tools, dbus-daemon)
/// asks at start: strace's lines, word for word.
#[test]
fn prctl_names_the_capability_options_as_strace_does() {
    let mem = FakeMemory::new();
    let cases: [([u64; 6], i64, &str); 8] = [
        ([libc::PR_CAPBSET_READ as u64, 0, 0, 0, 0, 0], 1, "PR_CAPBSET_READ, CAP_CHOWN"),
        ([libc::PR_CAPBSET_READ as u64, 40, 0, 0, 0, 0], 1, "PR_CAPBSET_READ, CAP_CHECKPOINT_RESTORE"),
        ([libc::PR_CAPBSET_READ as u64, 48, 0, 0, 0, 0], -22, "PR_CAPBSET_READ, 0x30"),
        ([libc::PR_CAP_AMBIENT as u64, 1, 0, 0, 0, 0], 0, "PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_CHOWN, 0, 0"),
        ([libc::PR_CAP_AMBIENT as u64, 4, 0, 0, 0, 0], 0, "PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0"),
        ([libc::PR_GET_SECUREBITS as u64, 0, 0, 0, 0, 0], 0, "PR_GET_SECUREBITS"),
        ([libc::PR_GET_NO_NEW_PRIVS as u64, 0, 0, 0, 0, 0], 0, "PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0"),
        ([libc::PR_SET_DUMPABLE as u64, 1, 0, 0, 0, 0], 0, "PR_SET_DUMPABLE, SUID_DUMP_USER"),
    ];
    for (args, ret, text) in cases {
        let sc = call("prctl", args, &mem, Some(ret));
        assert_eq!(args_text(&sc), text, "{args:?}");
    }
}

#[test]
fn madvise_and_msync_name_advice_and_flags() {
    let sc = call("madvise", [0x7000, 4096, 4, 0, 0, 0], &FakeMemory::new(), Some(0));
    assert_eq!(args_text(&sc), "0x7000, 4096, MADV_DONTNEED");
    let sc = call("msync", [0x7000, 4096, 4 | 2, 0, 0, 0], &FakeMemory::new(), Some(0));
    assert_eq!(args_text(&sc), "0x7000, 4096, MS_INVALIDATE|MS_SYNC");
}

#[test]
fn getrandom_shows_the_bytes_returned() {
    let mem = FakeMemory::new().with(0x1000, [0xab, 0xcd, 0xef, 0x01]);
    let sc = call("getrandom", [0x1000, 4, 1, 0, 0, 0], &mem, Some(2));
    assert_eq!(args_text(&sc), r#""\xab\xcd", 4, GRND_NONBLOCK"#);
}

#[test]
fn prlimit64_names_the_resource_and_reads_the_old_limit_at_exit() {
    let mem = FakeMemory::new().with_value(0x1000, &[8u64 << 20, u64::MAX]);
    let sc = call("prlimit64", [0, 3, 0, 0x1000, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), "0, RLIMIT_STACK, NULL, {rlim_cur=8388608, rlim_max=RLIM64_INFINITY}");
    let mem = FakeMemory::new().with_value(0x2000, &[1024u64, 4096]);
    let sc = call("prlimit64", [0, 7, 0x2000, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), "0, RLIMIT_NOFILE, {rlim_cur=1024, rlim_max=4096}, NULL");
}

#[test]
fn set_robust_list_and_rseq_show_their_few_arguments() {
    let sc = call("set_robust_list", [0x7000, 24, 0xdead, 0xdead, 0, 0], &FakeMemory::new(), Some(0));
    assert_eq!(args_text(&sc), "0x7000, 24");
    let sc = call("rseq", [0x7000, 0x20, 0, 0x5305_3053, 0, 0], &FakeMemory::new(), Some(0));
    // strace shows the length in hexadecimal too.
    assert_eq!(args_text(&sc), "0x7000, 0x20, 0, 0x53053053");
}

#[cfg(target_arch = "x86_64")]
#[test]
fn arch_prctl_names_the_code() {
    let sc = call("arch_prctl", [0x1002, 0x7f00_0000_0740, 0, 0, 0, 0], &FakeMemory::new(), Some(0));
    assert_eq!(args_text(&sc), "ARCH_SET_FS, 0x7f0000000740");
}

#[test]
fn sched_getaffinity_lists_the_cpus_in_the_bytes_returned() {
    let mem = FakeMemory::new().with_value(0x1000, &[0b1011u64, 0xff]);
    let sc = call("sched_getaffinity", [0, 128, 0x1000, 0, 0, 0], &mem, Some(8));
    assert_eq!(args_text(&sc), "0, 128, [0 1 3]");
}

#[test]
fn ioctl_names_tcgets_and_shows_the_address_when_not_a_terminal() {
    let sc = call("ioctl", [1, libc::TCGETS, 0x7000, 0, 0, 0], &FakeMemory::new(), Some(-25));
    assert_eq!(args_text(&sc), "1, TCGETS, 0x7000");
    assert_eq!(sc.errno.map(|e| e.name()).as_deref(), Some("ENOTTY"));
}

#[test]
fn ioctl_fionread_reads_the_count_at_exit() {
    let mem = FakeMemory::new().with_value(0x7000, &5i32);
    let sc = call("ioctl", [3, libc::FIONREAD, 0x7000, 0, 0, 0], &mem, None);
    assert_eq!(sc.arg("arg"), Some(&Value::Out(0x7000)), "not read before the kernel wrote it");
    let mut sc = sc;
    decode_exit(&mut sc, 0, &mem, &OPTS);
    assert_eq!(args_text(&sc), "3, FIONREAD, [5]");
}

#[test]
fn ioctl_tiocgwinsz_shows_the_window_size() {
    let ws = fixture!(libc::winsize { ws_row: 24, ws_col: 80 });
    let mem = FakeMemory::new().with_value(0x7000, &ws);
    let sc = call("ioctl", [0, libc::TIOCGWINSZ, 0x7000, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), "0, TIOCGWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}");
}

#[test]
fn ioctl_with_an_unknown_request_shows_it_in_hex() {
    let sc = call("ioctl", [3, 0xc020_660b, 0x7000, 0, 0, 0], &FakeMemory::new(), Some(-25));
    assert_eq!(args_text(&sc), "3, 0xc020660b, 0x7000");
    let sc = call("ioctl", [3, libc::FIOCLEX, 0, 0, 0, 0], &FakeMemory::new(), Some(0));
    assert_eq!(args_text(&sc), "3, FIOCLEX");
}

fn dirent(ino: u64, kind: u8, name: &str) -> Vec<u8> {
    let reclen = (19 + name.len() + 1).next_multiple_of(8);
    let mut b = ino.to_ne_bytes().to_vec();
    b.extend_from_slice(&0i64.to_ne_bytes());
    b.extend_from_slice(&(reclen as u16).to_ne_bytes());
    b.push(kind);
    b.extend_from_slice(name.as_bytes());
    b.resize(reclen, 0);
    b
}

#[test]
fn getdents64_lists_the_entries_returned() {
    let mut b = dirent(2, 4, ".");
    b.extend(dirent(12, 1, "fifo"));
    let len = b.len() as i64;
    let mem = FakeMemory::new().with(0x1000, b);
    let sc = call("getdents64", [3, 0x1000, 32768, 0, 0, 0], &mem, Some(len));
    assert_eq!(
        args_text(&sc),
        r#"3, [{d_ino=2, d_type=DT_DIR, d_name="."}, {d_ino=12, d_type=DT_FIFO, d_name="fifo"}], 32768"#
    );
}

#[test]
fn getdents64_with_a_corrupt_record_length_stops_without_looping() {
    let mut b = dirent(2, 4, ".");
    b[16] = 0;
    b[17] = 0;
    let mem = FakeMemory::new().with(0x1000, b);
    let sc = call("getdents64", [3, 0x1000, 32768, 0, 0, 0], &mem, Some(24));
    assert_eq!(args_text(&sc), "3, [...], 32768");
}

#[test]
fn uname_shows_the_system_names() {
    let mut b = vec![0u8; 65 * 6];
    for (i, s) in ["Linux", "lab", "6.18.0", "#1 SMP", "x86_64"].iter().enumerate() {
        b[i * 65..i * 65 + s.len()].copy_from_slice(s.as_bytes());
    }
    let mem = FakeMemory::new().with(0x1000, b);
    let sc = call("uname", [0x1000, 0, 0, 0, 0, 0], &mem, Some(0));
    assert_eq!(
        args_text(&sc),
        r##"{sysname="Linux", nodename="lab", release="6.18.0", version="#1 SMP", machine="x86_64"}"##
    );
}

#[test]
fn statx_shows_type_mode_and_size() {
    let st =
        fixture!(libc::statx { stx_mask: 0x7ff, stx_mode: (libc::S_IFIFO | 0o600) as u16, stx_nlink: 1, stx_ino: 77 });
    let mem = FakeMemory::new().with(0x1000, *b"/tmp/f\0").with_value(0x2000, &st);
    let sc = call("statx", [libc::AT_FDCWD as u64, 0x1000, 0, 0x7ff, 0x2000, 0], &mem, Some(0));
    assert_eq!(
        args_text(&sc),
        r#"AT_FDCWD, "/tmp/f", AT_STATX_SYNC_AS_STAT, STATX_BASIC_STATS, {stx_mask=STATX_BASIC_STATS, stx_mode=S_IFIFO|0600, stx_nlink=1, stx_uid=0, stx_gid=0, stx_ino=77, stx_size=0}"#
    );
}

#[test]
fn fstat_shows_the_file_type_and_size() {
    let st = fixture!(libc::stat { st_mode: libc::S_IFREG | 0o644, st_size: 2996 });
    let mem = FakeMemory::new().with_value(0x1000, &st);
    let sc = call("fstat", [3, 0x1000, 0, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), "3, {st_mode=S_IFREG|0644, st_size=2996}");
}

#[test]
fn fstat_of_a_device_shows_its_numbers() {
    let st = fixture!(libc::stat { st_mode: libc::S_IFCHR | 0o666, st_rdev: libc::makedev(1, 3) });
    let mem = FakeMemory::new().with_value(0x1000, &st);
    let sc = call("fstat", [1, 0x1000, 0, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), "1, {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3)}");
}

#[test]
fn memfd_create_returns_a_descriptor_and_names_its_flags() {
    let mem = FakeMemory::new().with(0x1000, *b"shm\0");
    let sc = call("memfd_create", [0x1000, 1 | 2, 0, 0, 0, 0], &mem, Some(3));
    assert_eq!(args_text(&sc), r#""shm", MFD_CLOEXEC|MFD_ALLOW_SEALING"#);
    assert_eq!(sc.ret_value, Some(Value::Fd(Fd::new(3))));
}

#[test]
fn splice_tee_and_sendfile_show_descriptors_offsets_and_flags() {
    let mem = FakeMemory::new().with_value(0x1000, &7i64);
    let sc = call("splice", [3, 0, 5, 0x1000, 4096, 1], &mem, Some(5));
    assert_eq!(args_text(&sc), "3, NULL, 5, [7], 4096, SPLICE_F_MOVE");
    let sc = call("tee", [3, 5, 4096, 2, 0, 0], &mem, Some(5));
    assert_eq!(args_text(&sc), "3, 5, 4096, SPLICE_F_NONBLOCK");
    let sc = call("sendfile", [1, 3, 0x1000, 100, 0, 0], &mem, Some(5));
    assert_eq!(args_text(&sc), "1, 3, [7], 100");
}

#[test]
fn renameat2_names_its_flags() {
    let mem = FakeMemory::new().with(0x1000, *b"a\0").with(0x2000, *b"b\0");
    let fdcwd = libc::AT_FDCWD as u64;
    let sc = call("renameat2", [fdcwd, 0x1000, fdcwd, 0x2000, 1, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), r#"AT_FDCWD, "a", AT_FDCWD, "b", RENAME_NOREPLACE"#);
}

#[test]
fn readlinkat_shows_the_target_returned() {
    let mem = FakeMemory::new().with(0x1000, *b"/proc/self/exe\0").with(0x2000, *b"/usr/bin/catXXXX");
    let sc = call("readlinkat", [libc::AT_FDCWD as u64, 0x1000, 0x2000, 4096, 0, 0], &mem, Some(12));
    assert_eq!(args_text(&sc), r#"AT_FDCWD, "/proc/self/exe", "/usr/bin/cat", 4096"#);
}

#[test]
fn umask_returns_the_old_mask_in_octal() {
    let sc = call("umask", [0o077, 0, 0, 0, 0, 0], &FakeMemory::new(), Some(0o022));
    assert_eq!(args_text(&sc), "077");
    assert_eq!(ret_text(&sc).as_deref(), Some("022"));
}

#[test]
fn process_group_and_file_mode_calls_show_their_arguments() {
    let sc = call("setpgid", [0, 1204, 0, 0, 0, 0], &FakeMemory::new(), Some(0));
    assert_eq!(args_text(&sc), "0, 1204");
    let sc = call("getpgid", [1204, 0, 0, 0, 0, 0], &FakeMemory::new(), Some(1203));
    assert_eq!(args_text(&sc), "1204");
    let sc = call("fchmod", [3, 0o640, 0, 0, 0, 0], &FakeMemory::new(), Some(0));
    assert_eq!(args_text(&sc), "3, 0640");
    let sc = call("fsync", [3, 0, 0, 0, 0, 0], &FakeMemory::new(), Some(0));
    assert_eq!(args_text(&sc), "3");
}

#[cfg(target_arch = "x86_64")]
#[test]
fn legacy_x86_64_file_calls_are_decoded() {
    let mem = FakeMemory::new().with(0x1000, *b"/tmp/a\0").with(0x2000, *b"/tmp/b\0");
    let sc = call("rename", [0x1000, 0x2000, 0, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), r#""/tmp/a", "/tmp/b""#);
    let sc = call("chmod", [0x1000, 0o600, 0, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), r#""/tmp/a", 0600"#);
    let sc = call("readlink", [0x1000, 0x2000, 64, 0, 0, 0], &mem, Some(6));
    assert_eq!(args_text(&sc), r#""/tmp/a", "/tmp/b", 64"#);
}

#[test]
fn renameat_and_fchmodat_show_directories_paths_and_mode() {
    let mem = FakeMemory::new().with(0x1000, *b"a\0").with(0x2000, *b"b\0");
    let sc = call("renameat", [3, 0x1000, libc::AT_FDCWD as u64, 0x2000, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), r#"3, "a", AT_FDCWD, "b""#);
    let sc = call("fchmodat", [libc::AT_FDCWD as u64, 0x1000, 0o755, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), r#"AT_FDCWD, "a", 0755"#);
    let sc = call("fdatasync", [3, 0, 0, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), "3");
}

#[test]
fn sched_setaffinity_lists_the_cpus_passed() {
    let mem = FakeMemory::new().with_value(0x1000, &0b110u64);
    let sc = call("sched_setaffinity", [1204, 8, 0x1000, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), "1204, 8, [1 2]");
}

#[test]
fn getrlimit_and_setrlimit_name_the_resource() {
    let mem = FakeMemory::new().with_value(0x1000, &[10u64, 10]);
    let sc = call("getrlimit", [12, 0x1000, 0, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), "RLIMIT_MSGQUEUE, {rlim_cur=10, rlim_max=10}");
    let sc = call("setrlimit", [4, 0x1000, 0, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), "RLIMIT_CORE, {rlim_cur=10, rlim_max=10}");
}

#[cfg(target_arch = "x86_64")]
#[test]
fn legacy_x86_64_stat_shows_the_status_at_exit() {
    let st = fixture!(libc::stat { st_mode: libc::S_IFIFO | 0o600 });
    let mem = FakeMemory::new().with(0x1000, *b"/tmp/fifo\0").with_value(0x2000, &st);
    let sc = call("lstat", [0x1000, 0x2000, 0, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), r#""/tmp/fifo", {st_mode=S_IFIFO|0600, st_size=0}"#);
}

#[test]
fn linkat_and_symlinkat_show_both_paths() {
    let mem = FakeMemory::new().with(0x1000, b"/dev/shm/sem.tmp\0".to_vec()).with(0x2000, b"/dev/shm/sem.x\0".to_vec());
    let fdcwd = libc::AT_FDCWD as u64;
    let sc = call("linkat", [fdcwd, 0x1000, fdcwd, 0x2000, libc::AT_SYMLINK_FOLLOW as u64, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), "AT_FDCWD, \"/dev/shm/sem.tmp\", AT_FDCWD, \"/dev/shm/sem.x\", AT_SYMLINK_FOLLOW");
    let sc = call("symlinkat", [0x1000, fdcwd, 0x2000, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), "\"/dev/shm/sem.tmp\", AT_FDCWD, \"/dev/shm/sem.x\"");
    #[cfg(target_arch = "x86_64")]
    {
        let sc = call("link", [0x1000, 0x2000, 0, 0, 0, 0], &mem, Some(0));
        assert_eq!(args_text(&sc), "\"/dev/shm/sem.tmp\", \"/dev/shm/sem.x\"");
    }
}

#[test]
fn preadv2_shows_the_buffers_filled_and_the_flags_of_the_sixth_register() {
    let iov = [0x2000u64, 2, 0x3000, 3];
    let mem = FakeMemory::new().with_value(0x1000, &iov).with(0x2000, *b"ab").with(0x3000, *b"cde");
    let mut sc = call("preadv2", [3, 0x1000, 2, 0, 0, 8], &mem, None);
    assert_eq!(args_text(&sc), "3, [{iov_base=0x2000, iov_len=2}, {iov_base=0x3000, iov_len=3}], 2, 0, RWF_NOWAIT");
    decode_exit(&mut sc, 4, &mem, &OPTS);
    assert_eq!(args_text(&sc), r#"3, [{iov_base="ab", iov_len=2}, {iov_base="cd", iov_len=3}], 2, 0, RWF_NOWAIT"#);
}

#[test]
fn a_dynamic_clock_is_shown_as_the_macro_that_makes_it() {
    // What clock_getcpuclockid(3) returns for pid 18823: ~pid << 3 | 2.
    let process = (!18823i32 << 3) | 2;
    let sc = call(
        "clock_getres",
        [process as u32 as u64 | 0xdefa_ced0_0000_0000, 0, 0, 0, 0, 0],
        &FakeMemory::new(),
        Some(0),
    );
    assert_eq!(args_text(&sc), "MAKE_PROCESS_CPUCLOCK(18823, CPUCLOCK_SCHED), NULL");
    let thread = (!5i32 << 3) | 4 | 1;
    let sc = call("clock_gettime", [thread as u32 as u64, 0, 0, 0, 0, 0], &FakeMemory::new(), Some(0));
    assert_eq!(args_text(&sc), "MAKE_THREAD_CPUCLOCK(5, CPUCLOCK_VIRT), NULL");
    let fd = (!3i32 << 3) | 3;
    let sc = call("clock_gettime", [fd as u32 as u64, 0, 0, 0, 0, 0], &FakeMemory::new(), Some(0));
    assert_eq!(args_text(&sc), "FD_TO_CLOCKID(3), NULL");
    let sc = call("clock_gettime", [1, 0, 0, 0, 0, 0], &FakeMemory::new(), Some(0));
    assert_eq!(args_text(&sc), "CLOCK_MONOTONIC, NULL");
}

#[test]
fn an_unknown_ptrace_request_is_hexadecimal_with_its_pointers_as_strace_shows_them() {
    // The kernel reads all 64 bits of `long request`: garbage in the upper
    // half makes a request it does not know, shown as strace shows it.
    let sc = call("ptrace", [0xdefaced0000000c, 99999999, 0, 0, 0, 0], &FakeMemory::new(), Some(-3));
    assert_eq!(args_text(&sc), "0xdefaced0000000c /* PTRACE_??? */, 99999999, NULL, NULL");
    let sc = call("ptrace", [0x7777, 5, 0x1000, 0, 0, 0], &FakeMemory::new(), Some(-5));
    assert_eq!(args_text(&sc), "0x7777 /* PTRACE_??? */, 5, 0x1000, NULL");
    // A known request keeps its name and its own arguments.
    let sc = call("ptrace", [16, 42, 0, 0, 0, 0], &FakeMemory::new(), Some(0));
    assert_eq!(args_text(&sc), "PTRACE_ATTACH, 42");
}

/// strace's rule for mount(2): the type and the data are strings the
/// kernel reads, except where the flags make it ignore them.
#[test]
fn mount_shows_its_data_as_a_string_unless_the_flags_ignore_it() {
    let mem = FakeMemory::new()
        .with(0x1000, *b"none\0")
        .with(0x2000, *b"/mnt\0")
        .with(0x3000, *b"tmpfs\0")
        .with(0x4000, *b"size=1m\0");
    let sc = call("mount", [0x1000, 0x2000, 0x3000, 0, 0x4000, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), r#""none", "/mnt", "tmpfs", 0, "size=1m""#);
    // A remount keeps its type: only the data is read.
    let sc = call("mount", [0x1000, 0x2000, 0x3000, libc::MS_REMOUNT, 0x4000, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), r#""none", "/mnt", 0x3000, MS_REMOUNT, "size=1m""#);
    // A bind mount reads neither.
    let sc = call("mount", [0x1000, 0x2000, 0x3000, libc::MS_BIND, 0x4000, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), r#""none", "/mnt", 0x3000, MS_BIND, 0x4000"#);
    // The old magic in the upper half is no flag of its own.
    let sc = call("mount", [0x1000, 0x2000, 0x3000, 0xc0ed_0000 | libc::MS_BIND, 0, 0], &mem, Some(0));
    assert!(args_text(&sc).ends_with(", NULL"), "{}", args_text(&sc));
}
