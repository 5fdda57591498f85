//! Signal calls on fixture bytes: waiting for, queueing and naming signals.

use super::ipc::siginfo_bytes;
use super::*;

const USR1_BIT: u64 = 1 << (libc::SIGUSR1 - 1);

#[test]
fn rt_sigtimedwait_returns_the_signal_by_name_with_its_siginfo() {
    let info = siginfo_bytes(libc::SIGUSR1, -3, &[1203, 0]); // SI_MESGQ
    let ts = fixture!(libc::timespec { tv_sec: 5, tv_nsec: 0 });
    let mem = FakeMemory::new().with_value(0x1000, &USR1_BIT).with(0x2000, info).with_value(0x3000, &ts);
    let sc = call("rt_sigtimedwait", [0x1000, 0x2000, 0x3000, 8, 0, 0], &mem, Some(libc::SIGUSR1 as i64));
    assert_eq!(
        args_text(&sc),
        "[USR1], {si_signo=SIGUSR1, si_code=SI_MESGQ, si_pid=1203, si_uid=0}, {tv_sec=5, tv_nsec=0}, 8"
    );
    assert_eq!(ret_text(&sc).as_deref(), Some("SIGUSR1"));
}

#[test]
fn rt_sigqueueinfo_shows_the_value_queued() {
    let info = siginfo_bytes(libc::SIGUSR2, -1, &[1203, 1000, 42, 0]); // SI_QUEUE
    let mem = FakeMemory::new().with(0x1000, info);
    let sc = call("rt_sigqueueinfo", [1204, libc::SIGUSR2 as u64, 0x1000, 0, 0, 0], &mem, Some(0));
    assert_eq!(
        args_text(&sc),
        "1204, SIGUSR2, {si_signo=SIGUSR2, si_code=SI_QUEUE, si_pid=1203, si_uid=1000, si_int=42, si_ptr=0x2a}"
    );
}

#[test]
fn a_fault_siginfo_shows_the_address() {
    let info = siginfo_bytes(libc::SIGSEGV, 1, &[0xdead, 0]); // SEGV_MAPERR
    let mem = FakeMemory::new().with_value(0x1000, &(1u64 << (libc::SIGSEGV - 1))).with(0x2000, info);
    let sc = call("rt_sigtimedwait", [0x1000, 0x2000, 0, 8, 0, 0], &mem, Some(libc::SIGSEGV as i64));
    assert_eq!(
        sc.arg("info").map(|v| v.to_string()).as_deref(),
        Some("{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0xdead}")
    );
}

#[test]
fn rt_sigpending_shows_the_pending_set_at_exit() {
    let mem = FakeMemory::new().with_value(0x1000, &USR1_BIT);
    let sc = call("rt_sigpending", [0x1000, 8, 0, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), "[USR1], 8");
}

#[test]
fn sigaltstack_shows_the_new_stack_and_the_old_one_at_exit() {
    let new: [u64; 3] = [0x7000, 0, 8192];
    let old: [u64; 3] = [0, libc::SS_DISABLE as u64, 0];
    let mem = FakeMemory::new().with_value(0x1000, &new).with_value(0x2000, &old);
    let sc = call("sigaltstack", [0x1000, 0x2000, 0, 0, 0, 0], &mem, Some(0));
    assert_eq!(
        args_text(&sc),
        "{ss_sp=0x7000, ss_flags=0, ss_size=8192}, {ss_sp=NULL, ss_flags=SS_DISABLE, ss_size=0}"
    );
}

#[test]
fn signalfd4_shows_the_mask_and_flags_and_returns_a_descriptor() {
    let mem = FakeMemory::new().with_value(0x1000, &(1u64 << (libc::SIGUSR2 - 1)));
    let sc = call("signalfd4", [u64::MAX, 0x1000, 8, libc::SFD_CLOEXEC as u64, 0, 0], &mem, Some(3));
    assert_eq!(args_text(&sc), "-1, [USR2], 8, SFD_CLOEXEC");
    assert_eq!(sc.ret_value, Some(Value::Fd(Fd::new(3))));
}

#[test]
fn setitimer_shows_interval_and_value() {
    let timer =
        [fixture!(libc::timeval { tv_sec: 0, tv_usec: 20000 }), fixture!(libc::timeval { tv_sec: 1, tv_usec: 0 })];
    let mem = FakeMemory::new().with_value(0x1000, &timer);
    let sc = call("setitimer", [libc::ITIMER_REAL as u64, 0x1000, 0, 0, 0, 0], &mem, Some(0));
    assert_eq!(
        args_text(&sc),
        "ITIMER_REAL, {it_interval={tv_sec=0, tv_usec=20000}, it_value={tv_sec=1, tv_usec=0}}, NULL"
    );
}

#[test]
fn getitimer_reads_the_timer_at_exit() {
    let timer =
        [fixture!(libc::timeval { tv_sec: 0, tv_usec: 0 }), fixture!(libc::timeval { tv_sec: 0, tv_usec: 500 })];
    let mem = FakeMemory::new().with_value(0x1000, &timer);
    let sc = call("getitimer", [libc::ITIMER_PROF as u64, 0x1000, 0, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), "ITIMER_PROF, {it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=0, tv_usec=500}}");
}

#[test]
fn kill_names_real_time_signals_as_c_programs_do() {
    let sc = call("kill", [1204, 34, 0, 0, 0, 0], &FakeMemory::new(), Some(0));
    assert_eq!(args_text(&sc), "1204, SIGRTMIN");
    let sc = call("kill", [1204, 37, 0, 0, 0, 0], &FakeMemory::new(), Some(0));
    assert_eq!(args_text(&sc), "1204, SIGRTMIN+3");
    let sc = call("kill", [1204, 0, 0, 0, 0, 0], &FakeMemory::new(), Some(0));
    assert_eq!(args_text(&sc), "1204, 0");
}

#[cfg(target_arch = "x86_64")]
#[test]
fn alarm_and_pause_are_decoded_on_x86_64() {
    let sc = call("alarm", [5, 0, 0, 0, 0, 0], &FakeMemory::new(), Some(0));
    assert_eq!(args_text(&sc), "5");
    let sc = call("pause", [0; 6], &FakeMemory::new(), Some(-514));
    assert!(sc.args.is_empty(), "pause takes no arguments, got {:?}", sc.args);
}

#[test]
fn rt_tgsigqueueinfo_names_the_thread_and_the_signal() {
    let info = siginfo_bytes(libc::SIGUSR1, -1, &[1203, 0, 7, 0]);
    let mem = FakeMemory::new().with(0x1000, info);
    let sc = call("rt_tgsigqueueinfo", [1203, 1205, libc::SIGUSR1 as u64, 0x1000, 0, 0], &mem, Some(0));
    assert_eq!(
        args_text(&sc),
        "1203, 1205, SIGUSR1, {si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=1203, si_uid=0, si_int=7, si_ptr=0x7}"
    );
}

#[cfg(target_arch = "x86_64")]
#[test]
fn legacy_signalfd_returns_a_descriptor() {
    let mem = FakeMemory::new().with_value(0x1000, &USR1_BIT);
    let sc = call("signalfd", [u64::MAX, 0x1000, 8, 0, 0, 0], &mem, Some(4));
    assert_eq!(args_text(&sc), "-1, [USR1], 8");
    assert_eq!(sc.ret_value, Some(Value::Fd(Fd::new(4))));
}

#[test]
fn rt_sigreturn_shows_the_mask_its_frame_restores() {
    let sp = 0x7ffd_0000_1000u64;
    let at = sp + crate::arch::SIGRETURN_MASK_OFFSET;
    let nr = Sysno::rt_sigreturn.id() as u64;
    let shown = |mem: &FakeMemory, sp: u64| {
        let sc = decode_entry(RawSyscall { nr, args: [0; 6], sp, compat: None }, mem, &OPTS);
        sc.args.iter().map(|a| a.value.to_string()).collect::<Vec<_>>().join(", ")
    };
    let mask = USR1_BIT | 1 << (libc::SIGCHLD - 1);
    assert_eq!(shown(&FakeMemory::new().with_value(at, &mask), sp), "{mask=[USR1 CHLD]}");
    assert_eq!(shown(&FakeMemory::new().with_value(at, &0u64), sp), "{mask=[]}");
    assert_eq!(shown(&FakeMemory::new(), sp), format!("{at:#x}"), "an unreadable frame shows its address");
    assert_eq!(shown(&FakeMemory::new().with_value(at, &mask), 0), "", "no stack pointer, nothing shown");
}
