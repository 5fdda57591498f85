//! The 32-bit translation and decoding on fixture bytes: each i386 call is
//! given as the registers a gcc -m32 program passes (numbers from the
//! kernel's arch/x86/entry/syscalls/syscall_32.tbl).

use super::*;
use crate::decode::{DecodeOptions, FakeMemory, decode_entry, decode_exit};

const OPTS: DecodeOptions = DecodeOptions { string_limit: 32 };

/// The i386 number of `name`.
fn nr32(name: &str) -> u64 {
    name.parse::<CompatSysno>().unwrap_or_else(|_| panic!("{name} is not an i386 call")) as u64
}

/// i386 call `name` with `regs` translated, decoded at entry and, given a
/// return value, at exit; shown as `name(args) = ret`.
fn line(name: &str, regs: [u64; 6], mem: &FakeMemory, ret: Option<i64>) -> (Syscall, String) {
    let raw = translate(nr32(name), regs, 0, &Reader::new(mem, 32));
    let mut sc = decode_entry(raw, mem, &OPTS);
    if let Some(ret) = ret {
        decode_exit(&mut sc, ret, mem, &OPTS);
    }
    let args: Vec<String> = sc.args.iter().map(|a| a.value.to_string()).collect();
    let text = format!("{}({}) = {}", sc.name, args.join(", "), sc.ret.map_or("?".into(), |r| r.to_string()));
    (sc, text)
}

const IPC_MSGGET: u64 = 13;
const IPC_MSGSND: u64 = 11;
const IPC_MSGRCV: u64 = 12;
const IPC_MSGCTL: u64 = 14;
const IPC_SHMAT: u64 = 21;
const IPC_SEMCTL: u64 = 3;
const IPC_SEMTIMEDOP: u64 = 4;

#[test]
fn ipc_msgget_is_msgget_with_its_arguments_where_the_native_call_has_them() {
    let mem = FakeMemory::new();
    let (sc, text) = line("ipc", [IPC_MSGGET, 0, 0o1600, 0, 0, 0], &mem, Some(7));
    assert_eq!(text, "msgget(IPC_PRIVATE, IPC_CREAT|0600) = 7");
    assert_eq!(sc.sysno, Some(Sysno::msgget));
    assert_eq!(sc.raw.args[..2], [0, 0o1600]);
    assert_eq!(sc.raw.compat.map(|c| c.nr), Some(nr32("ipc") as u32), "the 32-bit call is kept");
}

#[test]
fn ipc_msgsnd_reads_a_msgbuf_whose_mtype_is_4_bytes() {
    let mut msg = 2i32.to_le_bytes().to_vec();
    msg.extend_from_slice(b"two");
    let mem = FakeMemory::new().with(0x1000, msg);
    // ipc(MSGSND, msqid, msgsz, msgflg, msgp)
    let (_, text) = line("ipc", [IPC_MSGSND, 5, 3, 0, 0x1000, 0], &mem, Some(0));
    assert_eq!(text, "msgsnd(5, {mtype=2, mtext=\"two\"}, 3, 0) = 0");
}

#[test]
fn ipc_msgrcv_of_version_0_finds_the_buffer_and_a_negative_type_in_the_kludge() {
    let mut kludge = 0x2000u32.to_le_bytes().to_vec();
    kludge.extend_from_slice(&(-3i32).to_le_bytes());
    let mut msg = 1i32.to_le_bytes().to_vec();
    msg.extend_from_slice(b"hi\0\0");
    let mem = FakeMemory::new().with(0x1000, kludge).with(0x2000, msg);
    // ipc(MSGRCV, msqid, msgsz, msgflg, &kludge)
    let (sc, text) = line("ipc", [IPC_MSGRCV, 5, 8, 0, 0x1000, 0], &mem, Some(2));
    assert_eq!(text, "msgrcv(5, {mtype=1, mtext=\"hi\"}, 8, -3, 0) = 2");
    assert_eq!(sc.raw.args[1], 0x2000, "the native msgp is the kludge's");
}

#[test]
fn ipc_msgctl_ipc_stat_reads_the_32_bit_msqid64_ds() {
    // compat_ipc64_perm: key, uid, gid, cuid, cgid, mode|pad, seq|pad, 2 unused.
    let mut b: Vec<u32> = vec![0x1234, 1000, 100, 1000, 100, 0o600, 7, 0, 0];
    // stime, rtime, ctime (low, high), cbytes, qnum, qbytes, lspid, lrpid, 2 unused.
    b.extend([11, 0, 12, 0, 13, 0, 5, 1, 16384, 42, 43, 0, 0]);
    let bytes: Vec<u8> = b.iter().flat_map(|w| w.to_le_bytes()).collect();
    let mem = FakeMemory::new().with(0x3000, bytes);
    // ipc(MSGCTL, msqid, IPC_64|IPC_STAT, 0, buf)
    let (_, text) = line("ipc", [IPC_MSGCTL, 5, 0x102, 0, 0x3000, 0], &mem, Some(0));
    assert_eq!(
        text,
        "msgctl(5, IPC_64|IPC_STAT, {msg_perm={uid=1000, gid=100, mode=0600, key=0x1234, cuid=1000, cgid=100}, \
         msg_stime=11, msg_rtime=12, msg_ctime=13, msg_cbytes=5, msg_qnum=1, msg_qbytes=16384, msg_lspid=42, \
         msg_lrpid=43}) = 0"
    );
}

#[test]
fn ipc_shmat_returns_the_address_the_kernel_wrote_for_it() {
    let mem = FakeMemory::new().with(0x4000, 0xf7f1b000u32.to_le_bytes().to_vec());
    // ipc(SHMAT, shmid, shmflg, &raddr, shmaddr): returns 0 to the library.
    let (sc, _) = line("ipc", [IPC_SHMAT, 9, 0, 0x4000, 0, 0], &mem, Some(0));
    assert_eq!(sc.sysno, Some(Sysno::shmat));
    assert_eq!(sc.ret, Some(0xf7f1b000), "the address attached, as a native shmat returns it");
}

#[test]
fn ipc_semctl_reads_its_fourth_argument_from_memory() {
    let mem = FakeMemory::new().with(0x5000, 1u32.to_le_bytes().to_vec());
    // ipc(SEMCTL, semid, semnum, IPC_64|SETVAL, &arg)
    let (sc, text) = line("ipc", [IPC_SEMCTL, 3, 0, 0x110, 0x5000, 0], &mem, Some(0));
    assert_eq!(text, "semctl(3, 0, IPC_64|SETVAL, 1) = 0");
    assert_eq!(sc.raw.args[3], 1, "the kernel view reads the value where semctl has it");
}

#[test]
fn ipc_semtimedop_reads_a_32_bit_timespec() {
    let ops: Vec<u8> = [0u16, 0xffff, 0].iter().flat_map(|v| v.to_le_bytes()).collect();
    let ts: Vec<u8> = [1i32, 500].iter().flat_map(|v| v.to_le_bytes()).collect();
    let mem = FakeMemory::new().with(0x1000, ops).with(0x2000, ts);
    // ipc(SEMTIMEDOP, semid, nsops, 0, sops, timeout)
    let (_, text) = line("ipc", [IPC_SEMTIMEDOP, 3, 1, 0, 0x1000, 0x2000], &mem, Some(0));
    assert_eq!(text, "semtimedop(3, [{sem_num=0, sem_op=-1, sem_flg=0}], 1, {tv_sec=1, tv_nsec=500}) = 0");
}

#[test]
fn an_ipc_call_whose_arguments_in_memory_are_unreadable_is_shown_as_ipc() {
    // A hostile or broken program: the kernel fails both with EFAULT, and
    // no message buffer, type or semaphore value is made up.
    let (sc, text) = line("ipc", [IPC_MSGRCV, 5, 8, 0, 0xdead0000, 0], &FakeMemory::new(), Some(-14));
    assert_eq!(sc.sysno, None);
    assert_eq!(text, "ipc(MSGRCV, 5, 8, 0, 0xdead0000, 0) = -14");
    let (sc, _) = line("ipc", [IPC_SEMCTL, 3, 0, 0x110, 0xdead0000, 0], &FakeMemory::new(), Some(-14));
    assert_eq!(sc.sysno, None);
}

#[test]
fn an_unknown_ipc_call_is_shown_as_ipc_with_its_registers() {
    let (sc, text) = line("ipc", [99, 1, 2, 3, 4, 5], &FakeMemory::new(), Some(-38));
    assert_eq!(sc.sysno, None);
    assert_eq!(text, "ipc(99, 1, 2, 3, 0x4, 0x5) = -38");
    assert!(sc.raw.nr >= NO_NATIVE, "no native row is picked");
}

#[test]
fn socketcall_reads_its_arguments_from_memory_and_send_shows_four() {
    let words = |w: &[u32]| w.iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<u8>>();
    let mem = FakeMemory::new().with(0x1000, words(&[1, 1, 0, 0x2000])).with(0x2000, words(&[3, 4]));
    // socketcall(SYS_SOCKETPAIR, {AF_UNIX, SOCK_STREAM, 0, sv})
    let (sc, text) = line("socketcall", [8, 0x1000, 0, 0, 0, 0], &mem, Some(0));
    assert_eq!(text, "socketpair(AF_UNIX, SOCK_STREAM, 0, [3, 4]) = 0");
    assert_eq!(sc.sysno, Some(Sysno::socketpair));
    let mem = FakeMemory::new().with(0x1000, words(&[3, 0x2000, 2, 0])).with(0x2000, b"hi".to_vec());
    // socketcall(SYS_SEND, {fd, buf, len, flags}): sendto with no address.
    let (sc, text) = line("socketcall", [9, 0x1000, 0, 0, 0, 0], &mem, Some(2));
    assert_eq!(text, "send(3, \"hi\", 2, 0) = 2");
    assert_eq!(sc.sysno, Some(Sysno::sendto));
    // The array unreadable: the kernel fails it; shown as socketcall.
    let (sc, text) = line("socketcall", [9, 0x9000, 0, 0, 0, 0], &FakeMemory::new(), Some(-14));
    assert_eq!(sc.sysno, None);
    assert_eq!(text, "socketcall(SYS_SEND, 0x9000) = -14");
}

#[test]
fn mmap2_llseek_clone_and_waitpid_take_the_native_calls_shape() {
    let mem = FakeMemory::new();
    let (sc, text) = line("mmap2", [0, 8192, 3, 0x22, 0xffff_ffff, 2], &mem, Some(0xf7f8c000));
    assert_eq!(sc.sysno, Some(Sysno::mmap));
    assert_eq!(sc.raw.args[5], 2 * 4096, "mmap2's offset is in pages");
    assert!(text.starts_with("mmap2(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, "), "{text}");
    let mem = FakeMemory::new().with(0x1000, 0x1_0000_0010u64.to_le_bytes().to_vec());
    // _llseek(fd, high, low, &result, whence)
    let (sc, text) = line("_llseek", [3, 1, 0x10, 0x1000, 0, 0], &mem, Some(0));
    assert_eq!(text, "_llseek(3, 4294967312, [4294967312], SEEK_SET) = 0");
    assert_eq!(sc.raw.args[..3], [3, 0x1_0000_0010, 0], "lseek(fd, offset, whence)");
    // i386 clone(flags, stack, parent_tid, tls, child_tid)
    let (sc, _) = line("clone", [0x0120_0011, 0, 0, 0x77, 0x88, 0], &FakeMemory::new(), None);
    assert_eq!(sc.raw.args[3..5], [0x88, 0x77], "native clone(flags, stack, parent_tid, child_tid, tls)");
    assert_eq!(sc.clone_flags(), Some(0x0120_0011));
    let (sc, text) = line("waitpid", [5, 0, 1, 0, 0, 0], &FakeMemory::new(), Some(0));
    assert_eq!((sc.sysno, text.as_str()), (Some(Sysno::wait4), "waitpid(5, NULL, WNOHANG) = 0"));
}

#[test]
fn a_64_bit_value_in_two_registers_is_joined() {
    // pread64(fd, buf, count, offset_low, offset_high)
    let (sc, _) = line("pread64", [3, 0, 0, 0x10, 0x1, 0], &FakeMemory::new(), None);
    assert_eq!(sc.raw.args[3], 0x1_0000_0010);
    let (sc, _) = line("ftruncate64", [3, 0x8000_0000, 0, 0, 0, 0], &FakeMemory::new(), None);
    assert_eq!((sc.sysno, sc.raw.args[1]), (Some(Sysno::ftruncate), 0x8000_0000), "a joined length stays positive");
}

#[test]
fn times_are_32_bit_except_in_the_time64_calls() {
    let ts32: Vec<u8> = [1i32, 2].iter().flat_map(|v| v.to_le_bytes()).collect();
    let ts64: Vec<u8> = [3i64, 4].iter().flat_map(|v| v.to_le_bytes()).collect();
    let mem = FakeMemory::new().with(0x1000, ts32).with(0x2000, ts64);
    let (_, text) = line("clock_gettime", [1, 0x1000, 0, 0, 0, 0], &mem, Some(0));
    assert_eq!(text, "clock_gettime(CLOCK_MONOTONIC, {tv_sec=1, tv_nsec=2}) = 0");
    let (sc, text) = line("clock_gettime64", [1, 0x2000, 0, 0, 0, 0], &mem, Some(0));
    assert_eq!(text, "clock_gettime64(CLOCK_MONOTONIC, {tv_sec=3, tv_nsec=4}) = 0");
    assert_eq!(sc.sysno, Some(Sysno::clock_gettime));
}

#[test]
fn a_structure_no_decoder_knows_in_32_bits_is_shown_by_address() {
    // fstatfs64 fills a struct statfs64, laid out otherwise than the native statfs.
    let mem = FakeMemory::new().with(0x1000, vec![0xaa; 144]);
    let (_, text) = line("fstatfs64", [3, 84, 0x1000, 0, 0, 0], &mem, Some(0));
    assert!(!text.contains("0xaaaa") && !text.contains("f_type"), "{text}");
}

#[test]
fn a_32_bit_stat64_is_read_with_its_own_layout() {
    // i386's packed struct stat64: st_mode at 16, st_rdev at 32, st_size at 44.
    let mut st = vec![0u8; 96];
    st[16..20].copy_from_slice(&(libc::S_IFREG | 0o644).to_le_bytes());
    st[44..52].copy_from_slice(&1234i64.to_le_bytes());
    let mut chr = vec![0u8; 96];
    chr[16..20].copy_from_slice(&(libc::S_IFCHR | 0o666).to_le_bytes());
    chr[32..40].copy_from_slice(&((1u64 << 8) | 3).to_le_bytes());
    let mem = FakeMemory::new().with(0x1000, st).with(0x2000, chr).with(0x3000, *b"/dev/null\0");
    let (sc, text) = line("fstat64", [3, 0x1000, 0, 0, 0, 0], &mem, Some(0));
    assert_eq!(sc.sysno, Some(Sysno::fstat));
    assert_eq!(text, "fstat64(3, {st_mode=S_IFREG|0644, st_size=1234}) = 0");
    let (_, text) = line("stat64", [0x3000, 0x2000, 0, 0, 0, 0], &mem, Some(0));
    assert_eq!(text, "stat64(\"/dev/null\", {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3)}) = 0");
}

/// A 32-bit `struct flock`: type, whence, then 32-bit start, len and pid.
fn flock32(kind: i16, start: i32, len: i32, pid: i32) -> Vec<u8> {
    let mut b = kind.to_le_bytes().to_vec();
    b.extend_from_slice(&0i16.to_le_bytes());
    for v in [start, len, pid] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    b
}

/// i386's packed `struct flock64`: start and len 64-bit at offsets 4 and 12.
fn flock64_32(kind: i16, start: i64, len: i64, pid: i32) -> Vec<u8> {
    let mut b = kind.to_le_bytes().to_vec();
    b.extend_from_slice(&0i16.to_le_bytes());
    b.extend_from_slice(&start.to_le_bytes());
    b.extend_from_slice(&len.to_le_bytes());
    b.extend_from_slice(&pid.to_le_bytes());
    b
}

#[test]
fn a_32_bit_lock_is_read_with_the_layout_its_command_names() {
    let wr = libc::F_WRLCK as i16;
    let mem = FakeMemory::new().with(0x1000, flock32(wr, 10, 20, 0)).with(0x2000, flock64_32(wr, 1 << 33, 5, 0));
    let (_, text) = line("fcntl64", [3, libc::F_SETLKW as u64, 0x1000, 0, 0, 0], &mem, Some(0));
    assert_eq!(text, "fcntl64(3, F_SETLKW, {l_type=F_WRLCK, l_whence=SEEK_SET, l_start=10, l_len=20}) = 0");
    let (_, text) = line("fcntl64", [3, 14, 0x2000, 0, 0, 0], &mem, Some(0));
    assert_eq!(text, "fcntl64(3, F_SETLKW64, {l_type=F_WRLCK, l_whence=SEEK_SET, l_start=8589934592, l_len=5}) = 0");
    let (_, text) = line("fcntl64", [3, libc::F_OFD_SETLK as u64, 0x2000, 0, 0, 0], &mem, Some(0));
    assert!(text.contains("F_OFD_SETLK, {l_type=F_WRLCK, l_whence=SEEK_SET, l_start=8589934592, l_len=5}"), "{text}");
    // F_GETLK64 shows what the kernel wrote back, with its pid.
    let out = FakeMemory::new().with(0x3000, flock64_32(libc::F_RDLCK as i16, 0, 0, 4321));
    let (_, text) = line("fcntl64", [3, 12, 0x3000, 0, 0, 0], &out, Some(0));
    assert!(
        text.ends_with("F_GETLK64, {l_type=F_RDLCK, l_whence=SEEK_SET, l_start=0, l_len=0, l_pid=4321}) = 0"),
        "{text}"
    );
}

#[test]
fn a_call_without_native_counterpart_keeps_its_name_and_registers() {
    let (sc, text) = line("sigprocmask", [0, 0x1000, 0, 0, 0, 0], &FakeMemory::new(), Some(0));
    assert_eq!(sc.sysno, None);
    assert!(text.starts_with("sigprocmask(0, 0x1000, 0, "), "{text}");
}

#[test]
fn the_filter_lets_the_32_bit_calls_of_the_chosen_ones_stop() {
    let nrs = numbers_for(&[Sysno::msgget, Sysno::mmap]);
    for name in ["ipc", "msgget", "mmap2", "mmap"] {
        assert!(nrs.contains(&nr32(name)), "{name} stops");
    }
    assert!(!nrs.contains(&nr32("socketcall")) && !nrs.contains(&nr32("read")));
    assert!(numbers_for(&[Sysno::socketpair]).contains(&nr32("socketcall")));
    assert_eq!(numbers_for(&[]), Vec::<u64>::new());
}

#[test]
fn most_i386_calls_take_a_native_calls_shape() {
    // The figures docs/trace-format.md gives.
    #[cfg(target_arch = "x86_64")]
    assert_eq!(counts(), (DOC_CALLS, DOC_SHAPED, DOC_WHOLE), "update docs/trace-format.md");
    let (all, shaped, whole) = counts();
    assert!(whole <= shaped && shaped <= all);
}

/// The counts docs/trace-format.md states for i386: calls, in a native
/// call's shape, decoded whole.
#[cfg(target_arch = "x86_64")]
const DOC_CALLS: usize = 458;
#[cfg(target_arch = "x86_64")]
const DOC_SHAPED: usize = 424;
#[cfg(target_arch = "x86_64")]
const DOC_WHOLE: usize = 355;

#[test]
fn every_i386_call_decodes_on_any_registers_without_raw_registers_where_it_has_a_native_shape() {
    let mem = FakeMemory::new().with(0x1000, vec![0x41; 4096]);
    for call in CompatSysno::iter() {
        for regs in [[0; 6], [0x1000; 6], [u32::MAX as u64, 0x1000, 7, 0xffff_fff0, 1, 0x8000_0000]] {
            let (sc, text) = line(call.name(), regs, &mem, Some(0));
            assert!(!sc.name.is_empty() && !text.contains("i386"), "{text}");
            let multiplexer = matches!(call.name(), "ipc" | "socketcall");
            let raw = sc.args.iter().any(|a| a.name == "arg0") || multiplexer && sc.sysno.is_none();
            // Raw registers only without a native call, or where its
            // hand-written decoder reads 64-bit layouts (ptrace, ioctl).
            let custom = sc
                .sysno
                .and_then(crate::decode::table::decoder)
                .is_some_and(|d| matches!(d, Decoder::Custom { .. }) && !custom_decoder_fits(sc.sysno.unwrap()));
            let sigreturn = call.name() == "sigreturn";
            assert_eq!(raw, (sc.sysno.is_none() || custom) && !sigreturn, "{}: {text}", call.name());
            assert!(sc.sysno.is_some() || multiplexer || sc.name == call.name(), "{text}");
        }
    }
}

#[test]
fn an_argument_s_register_is_known_where_it_has_one() {
    let mem = FakeMemory::new();
    let raw = |name: &str, regs: [u64; 6]| translate(nr32(name), regs, 0, &Reader::new(&mem, 32));
    // read(fd, buf, count): count is in the third register (edx).
    assert_eq!(arg_register(&raw("read", [3, 0x1000, 64, 0, 0, 0]), 2), Some(2));
    assert_eq!(arg_register(&raw("clone", [0, 0, 0, 7, 8, 0]), 3), Some(4), "child_tid is in edi");
    assert_eq!(arg_register(&raw("pread64", [3, 0, 8, 1, 0, 0]), 3), None, "a joined offset");
    assert_eq!(arg_register(&raw("pread64", [3, 0, 8, 1, 0, 0]), 2), Some(2));
    assert_eq!(arg_register(&raw("ipc", [IPC_MSGGET, 0, 0, 0, 0, 0]), 0), None, "in ipc's own order");
    assert_eq!(arg_register(&RawSyscall::new(0, [0; 6]), 0), None, "a native call has no 32-bit register");
}

#[test]
fn a_32_bit_rusage_is_read_with_its_32_bit_longs_and_times() {
    // compat_rusage: utime {3, 500}, stime {0, 250}, then fourteen longs:
    // maxrss 2048, minflt 90, majflt 1, inblock 8, oublock 16, nvcsw 5, nivcsw 2.
    let mut words = vec![3i32, 500, 0, 250];
    words.extend([2048, 0, 0, 0, 90, 1, 0, 8, 16, 0, 0, 0, 5, 2]);
    let bytes: Vec<u8> = words.iter().flat_map(|v| v.to_le_bytes()).collect();
    let mem = FakeMemory::new().with(0x1000, bytes.clone()).with(0x2000, 0i32.to_le_bytes().to_vec());
    let (sc, text) = line("wait4", [u32::MAX as u64, 0x2000, 0, 0x1000, 0, 0], &mem, Some(42));
    assert_eq!(sc.sysno, Some(Sysno::wait4));
    assert_eq!(
        text,
        "wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, {ru_utime={tv_sec=3, tv_usec=500}, ru_stime={tv_sec=0, tv_usec=250}, ru_maxrss=2048, ru_minflt=90, ru_majflt=1, ru_inblock=8, ru_oublock=16, ru_nvcsw=5, ru_nivcsw=2}) = 42"
    );
    let mem = FakeMemory::new().with(0x1000, bytes);
    let (_, text) = line("getrusage", [0, 0x1000, 0, 0, 0, 0], &mem, Some(0));
    assert!(text.starts_with("getrusage(RUSAGE_SELF, {ru_utime={tv_sec=3, tv_usec=500}, "), "{text}");
}

#[test]
fn a_32_bit_rlimit_is_two_32_bit_longs_and_prlimit64_s_is_64_bit_in_both_abis() {
    let lim32: Vec<u8> = [1024u32, u32::MAX].iter().flat_map(|v| v.to_le_bytes()).collect();
    let lim64: Vec<u8> = [8u64 << 20, u64::MAX].iter().flat_map(|v| v.to_le_bytes()).collect();
    let mem = FakeMemory::new().with(0x1000, lim32).with(0x2000, lim64);
    let (_, text) = line("ugetrlimit", [7, 0x1000, 0, 0, 0, 0], &mem, Some(0));
    assert_eq!(text, "ugetrlimit(RLIMIT_NOFILE, {rlim_cur=1024, rlim_max=RLIM_INFINITY}) = 0");
    let (_, text) = line("setrlimit", [7, 0x1000, 0, 0, 0, 0], &mem, Some(0));
    assert_eq!(text, "setrlimit(RLIMIT_NOFILE, {rlim_cur=1024, rlim_max=RLIM_INFINITY}) = 0");
    let (_, text) = line("prlimit64", [0, 3, 0, 0x2000, 0, 0], &mem, Some(0));
    assert_eq!(text, "prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8388608, rlim_max=RLIM64_INFINITY}) = 0");
}
