//! Processes: clone and clone3, exec's argument and environment vectors,
//! wait statuses, and prctl.

use super::calls::{field, int};
use super::flags::*;
use super::mem::Reader;
use super::value::{Field, Flags, Value};
use super::{RawSyscall, Syscall};

/// Clone flags with the exit signal in the low byte, as strace prints them:
/// `CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD`.
pub fn clone_flags(v: u64) -> Flags {
    let mut flags = CLONE_FLAGS.decode(v & !0xff);
    flags.raw = v;
    let sig = (v & 0xff) as i32;
    if sig != 0 {
        match nix::sys::signal::Signal::try_from(sig) {
            Ok(s) => flags.names.push(s.as_str()),
            Err(_) => flags.rest |= sig as u64,
        }
    }
    flags
}

/// clone(2); the argument order is the architecture's.
pub fn clone_entry(_: &Reader, raw: &RawSyscall) -> Vec<Field> {
    let a = &raw.args;
    let (child_tid, tls) = crate::arch::CLONE_CHILD_TID_TLS;
    let (child_tid, tls) = (a[child_tid], a[tls]);
    vec![
        field("child_stack", Value::Ptr(a[1])),
        field("flags", Value::Flags(clone_flags(a[0]))),
        field("parent_tid", Value::Ptr(a[2])),
        field("child_tid", Value::Ptr(child_tid)),
        field("tls", Value::Hex(tls)),
    ]
}

/// The struct clone_args of clone3(2).
#[inline(never)]
pub fn clone3_args(r: &Reader, addr: u64, all: &[u64; 6]) -> Value {
    let size = (all[1] as usize).min(11 * 8) / 8;
    let Some((v, _)) = r.read_array::<u64>(addr, size) else {
        return Value::Unreadable(addr);
    };
    let get = |i: usize| v.get(i).copied().unwrap_or(0);
    let mut fields = vec![field("flags", Value::Flags(CLONE_FLAGS.decode(get(0))))];
    // The kernel writes the pidfd only with CLONE_PIDFD; glibc may fill
    // the field regardless.
    if get(0) & libc::CLONE_PIDFD as u64 != 0 {
        fields.push(field("pidfd", Value::Ptr(get(1))));
    }
    if get(2) != 0 {
        fields.push(field("child_tid", Value::Ptr(get(2))));
    }
    if get(3) != 0 {
        fields.push(field("parent_tid", Value::Ptr(get(3))));
    }
    fields.push(field("exit_signal", Value::Signal(get(4) as i32)));
    fields.push(field("stack", Value::Ptr(get(5))));
    fields.push(field("stack_size", Value::Hex(get(6))));
    if get(7) != 0 {
        fields.push(field("tls", Value::Hex(get(7))));
    }
    Value::Struct(fields)
}

/// The argument vector of execve(2).
#[inline(never)]
pub fn argv(r: &Reader, addr: u64, _: &[u64; 6]) -> Value {
    r.string_array(addr)
}

/// The environment of execve(2), counted rather than printed, as strace does.
#[inline(never)]
pub fn envp(r: &Reader, addr: u64, _: &[u64; 6]) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    let mut n = 0u64;
    // Unterminated: the array ran into memory that cannot be read before
    // its NULL (the kernel then fails the exec with EFAULT).
    let mut unterminated = false;
    let word = r.word_size();
    while n < 65536 {
        match r.read_word(addr.wrapping_add(n * word), false) {
            Some(0) => break,
            Some(_) => n += 1,
            None if n == 0 => return Value::Unreadable(addr),
            None => {
                unterminated = true;
                break;
            }
        }
    }
    let plural = if n == 1 { "" } else { "s" };
    let mark = if unterminated { ", unterminated" } else { "" };
    Value::Text(format!("{addr:#x} /* {n} var{plural}{mark} */"))
}

/// A wait status as strace prints it: `[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]`.
pub fn format_wait_status(s: i32) -> String {
    let sig = |n: i32| super::names::signal_name(n);
    let inner = if libc::WIFEXITED(s) {
        format!("WIFEXITED(s) && WEXITSTATUS(s) == {}", libc::WEXITSTATUS(s))
    } else if libc::WIFSIGNALED(s) {
        let core = if libc::WCOREDUMP(s) { " && WCOREDUMP(s)" } else { "" };
        format!("WIFSIGNALED(s) && WTERMSIG(s) == {}{core}", sig(libc::WTERMSIG(s)))
    } else if libc::WIFSTOPPED(s) {
        format!("WIFSTOPPED(s) && WSTOPSIG(s) == {}", sig(libc::WSTOPSIG(s)))
    } else if libc::WIFCONTINUED(s) {
        "WIFCONTINUED(s)".to_string()
    } else {
        format!("{s:#x}")
    };
    format!("[{{{inner}}}]")
}

/// The status wait4(2) wrote.
#[inline(never)]
pub fn wait_status(r: &Reader, addr: u64, _: &[u64; 6], ret: i64) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    if ret == 0 {
        // WNOHANG and no child changed state: nothing was written.
        return Value::Ptr(addr);
    }
    match r.read::<i32>(addr) {
        Some(s) => Value::Text(format_wait_status(s)),
        None => Value::Unreadable(addr),
    }
}

/// prctl(2) options, by number (`linux/prctl.h`: the C library of one
/// architecture does not define another's).
static PRCTL_OPTIONS: SymSet = SymSet(&[
    (1, "PR_SET_PDEATHSIG"),
    (2, "PR_GET_PDEATHSIG"),
    (3, "PR_GET_DUMPABLE"),
    (4, "PR_SET_DUMPABLE"),
    (5, "PR_GET_UNALIGN"),
    (6, "PR_SET_UNALIGN"),
    (7, "PR_GET_KEEPCAPS"),
    (8, "PR_SET_KEEPCAPS"),
    (9, "PR_GET_FPEMU"),
    (10, "PR_SET_FPEMU"),
    (11, "PR_GET_FPEXC"),
    (12, "PR_SET_FPEXC"),
    (13, "PR_GET_TIMING"),
    (14, "PR_SET_TIMING"),
    (15, "PR_SET_NAME"),
    (16, "PR_GET_NAME"),
    (19, "PR_GET_ENDIAN"),
    (20, "PR_SET_ENDIAN"),
    (21, "PR_GET_SECCOMP"),
    (22, "PR_SET_SECCOMP"),
    (23, "PR_CAPBSET_READ"),
    (24, "PR_CAPBSET_DROP"),
    (25, "PR_GET_TSC"),
    (26, "PR_SET_TSC"),
    (27, "PR_GET_SECUREBITS"),
    (28, "PR_SET_SECUREBITS"),
    (29, "PR_SET_TIMERSLACK"),
    (30, "PR_GET_TIMERSLACK"),
    (31, "PR_TASK_PERF_EVENTS_DISABLE"),
    (32, "PR_TASK_PERF_EVENTS_ENABLE"),
    (33, "PR_MCE_KILL"),
    (34, "PR_MCE_KILL_GET"),
    (35, "PR_SET_MM"),
    (36, "PR_SET_CHILD_SUBREAPER"),
    (37, "PR_GET_CHILD_SUBREAPER"),
    (38, "PR_SET_NO_NEW_PRIVS"),
    (39, "PR_GET_NO_NEW_PRIVS"),
    (40, "PR_GET_TID_ADDRESS"),
    (41, "PR_SET_THP_DISABLE"),
    (42, "PR_GET_THP_DISABLE"),
    (43, "PR_MPX_ENABLE_MANAGEMENT"),
    (44, "PR_MPX_DISABLE_MANAGEMENT"),
    (45, "PR_SET_FP_MODE"),
    (46, "PR_GET_FP_MODE"),
    (47, "PR_CAP_AMBIENT"),
    (50, "PR_SVE_SET_VL"),
    (51, "PR_SVE_GET_VL"),
    (52, "PR_GET_SPECULATION_CTRL"),
    (53, "PR_SET_SPECULATION_CTRL"),
    (54, "PR_PAC_RESET_KEYS"),
    (55, "PR_SET_TAGGED_ADDR_CTRL"),
    (56, "PR_GET_TAGGED_ADDR_CTRL"),
    (57, "PR_SET_IO_FLUSHER"),
    (58, "PR_GET_IO_FLUSHER"),
    (59, "PR_SET_SYSCALL_USER_DISPATCH"),
    (60, "PR_PAC_SET_ENABLED_KEYS"),
    (61, "PR_PAC_GET_ENABLED_KEYS"),
    (62, "PR_SCHED_CORE"),
    (63, "PR_SME_SET_VL"),
    (64, "PR_SME_GET_VL"),
    (65, "PR_SET_MDWE"),
    (66, "PR_GET_MDWE"),
    (67, "PR_SET_MEMORY_MERGE"),
    (68, "PR_GET_MEMORY_MERGE"),
    (69, "PR_RISCV_V_SET_CONTROL"),
    (70, "PR_RISCV_V_GET_CONTROL"),
    (0x4155_5856, "PR_GET_AUXV"),
    (0x5356_4d41, "PR_SET_VMA"),
    (0x5961_6d61, "PR_SET_PTRACER"),
]);

// Options the C library of every architecture does not define.
const PR_SVE_GET_VL: i32 = 51;
const PR_SET_IO_FLUSHER: i32 = 57;
const PR_SME_GET_VL: i32 = 64;

/// A capability by name; a number the kernel does not know, in hexadecimal
/// (`0x30`), as strace shows it.
fn capability(v: u64) -> Value {
    // By number, as PR_CAPBSET_READ and PR_CAP_AMBIENT take them.
    match super::creds::CAPS.get(v as usize) {
        Some(name) => Value::Text((*name).to_string()),
        None => Value::Hex(v),
    }
}

/// PR_CAP_AMBIENT operations.
static CAP_AMBIENT_OPS: SymSet =
    SymSet(syms!(PR_CAP_AMBIENT_IS_SET, PR_CAP_AMBIENT_RAISE, PR_CAP_AMBIENT_LOWER, PR_CAP_AMBIENT_CLEAR_ALL));

/// PR_SET_DUMPABLE values.
static SUID_DUMP: SymSet = SymSet(&[(0, "SUID_DUMP_DISABLE"), (1, "SUID_DUMP_USER"), (2, "SUID_DUMP_ROOT")]);

/// PR_SET_SECCOMP modes.
static SECCOMP_MODES: SymSet =
    SymSet(&[(0, "SECCOMP_MODE_DISABLED"), (1, "SECCOMP_MODE_STRICT"), (2, "SECCOMP_MODE_FILTER")]);

/// prctl(2): the option, then only the arguments it uses, as strace's
/// prctl decoder shows them (`prctl(PR_SET_NAME, "worker")`,
/// `prctl(PR_GET_DUMPABLE)`, `prctl(PR_CAPBSET_READ, CAP_CHOWN)`,
/// `prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0)`); an option it does not
/// decode shows all four, in hexadecimal.
pub fn prctl_entry(r: &Reader, raw: &RawSyscall) -> Vec<Field> {
    let a = &raw.args;
    let option = a[0] as i32;
    let mut args = vec![field("option", Value::Sym(PRCTL_OPTIONS.decode(option as i64)))];
    // The arguments from `from` (1: arg2) to arg5, in hexadecimal.
    let rest = |args: &mut Vec<Field>, from: usize| {
        for (name, v) in ["arg2", "arg3", "arg4", "arg5"].into_iter().zip(&a[1..5]).skip(from - 1) {
            args.push(field(name, Value::Hex(*v)));
        }
    };
    let arg2 = match option {
        libc::PR_GET_DUMPABLE
        | libc::PR_GET_SECCOMP
        | libc::PR_GET_KEEPCAPS
        | libc::PR_GET_TIMERSLACK
        | libc::PR_GET_TIMING
        | libc::PR_GET_SECUREBITS
        | libc::PR_GET_FP_MODE
        | PR_SVE_GET_VL
        | PR_SME_GET_VL
        | libc::PR_TASK_PERF_EVENTS_DISABLE
        | libc::PR_TASK_PERF_EVENTS_ENABLE => None,
        libc::PR_SET_NAME => Some(r.c_string_limited(a[1], 16)),
        libc::PR_SET_PDEATHSIG if a[1] <= 128 => Some(Value::Signal(a[1] as i32)),
        // Filled at exit: what the kernel wrote there.
        libc::PR_GET_NAME
        | libc::PR_GET_PDEATHSIG
        | libc::PR_GET_CHILD_SUBREAPER
        | libc::PR_GET_TID_ADDRESS
        | libc::PR_GET_TSC
        | libc::PR_GET_UNALIGN
        | libc::PR_GET_ENDIAN
        | libc::PR_GET_FPEMU
        | libc::PR_GET_FPEXC => Some(Value::Ptr(a[1])),
        libc::PR_SET_PDEATHSIG
        | libc::PR_SET_KEEPCAPS
        | libc::PR_SET_CHILD_SUBREAPER
        | libc::PR_SET_TIMING
        | libc::PR_SET_ENDIAN
        | libc::PR_SET_FPEMU
        | libc::PR_SET_FPEXC => Some(Value::Uint(a[1])),
        libc::PR_SET_TIMERSLACK => Some(int(a[1] as i64)),
        libc::PR_SET_DUMPABLE => Some(Value::Sym(SUID_DUMP.decode(a[1] as i64))),
        libc::PR_SET_SECUREBITS => Some(Value::Hex(a[1])),
        libc::PR_CAPBSET_READ | libc::PR_CAPBSET_DROP => Some(capability(a[1])),
        libc::PR_SET_PTRACER if a[1] as i32 == -1 => Some(Value::Text("PR_SET_PTRACER_ANY".into())),
        libc::PR_SET_PTRACER => Some(int(a[1] as i64)),
        libc::PR_CAP_AMBIENT => {
            args.push(field("arg2", Value::Sym(CAP_AMBIENT_OPS.decode(a[1] as i64))));
            match a[1] as i32 {
                libc::PR_CAP_AMBIENT_RAISE | libc::PR_CAP_AMBIENT_LOWER | libc::PR_CAP_AMBIENT_IS_SET => {
                    args.push(field("arg3", capability(a[2])));
                    rest(&mut args, 3);
                }
                _ => rest(&mut args, 2),
            }
            return args;
        }
        libc::PR_SET_SECCOMP => {
            args.push(field("arg2", Value::Sym(SECCOMP_MODES.decode(a[1] as i64))));
            match a[1] {
                1 => {}
                2 => args.push(field("arg3", Value::Ptr(a[2]))),
                _ => rest(&mut args, 2),
            }
            return args;
        }
        libc::PR_SET_NO_NEW_PRIVS | libc::PR_SET_THP_DISABLE | PR_SET_IO_FLUSHER => {
            args.push(field("arg2", Value::Uint(a[1])));
            rest(&mut args, 2);
            return args;
        }
        _ => {
            // PR_GET_NO_NEW_PRIVS, PR_SET_VMA, PR_SET_MM and the options not
            // named here: every argument.
            rest(&mut args, 1);
            return args;
        }
    };
    if let Some(v) = arg2 {
        args.push(field("arg2", v));
    }
    args
}

/// prctl(2) at exit: the name PR_GET_NAME read, the signal or flag a
/// PR_GET_PDEATHSIG or PR_GET_CHILD_SUBREAPER wrote.
pub fn prctl_exit(r: &Reader, call: &mut Syscall, ret: i64) {
    if ret < 0 {
        return;
    }
    let addr = call.raw.args[1];
    let value = match call.raw.args[0] as i32 {
        libc::PR_GET_NAME => r.c_string_limited(addr, 16),
        libc::PR_GET_PDEATHSIG | libc::PR_GET_CHILD_SUBREAPER => match r.read::<i32>(addr) {
            Some(v) if call.raw.args[0] as i32 == libc::PR_GET_PDEATHSIG => {
                Value::Text(format!("[{}]", super::names::signal_name(v)))
            }
            Some(v) => Value::Text(format!("[{v}]")),
            None => Value::Unreadable(addr),
        },
        _ => return,
    };
    if let Some(arg) = call.arg_mut("arg2") {
        *arg = value;
    }
}

// ---- resources, priorities, scheduling -------------------------------------------

/// getpriority(2)/setpriority(2) `which`.
pub static PRIO_WHICH: SymSet = SymSet(&[(0, "PRIO_PROCESS"), (1, "PRIO_PGRP"), (2, "PRIO_USER")]);

/// getrusage(2) `who`.
pub static RUSAGE_WHO: SymSet = SymSet(&[(0, "RUSAGE_SELF"), (-1, "RUSAGE_CHILDREN"), (1, "RUSAGE_THREAD")]);

/// pidfd_open(2) flags.
pub static PIDFD_FLAGS: FlagSet = FlagSet {
    bits: &[(libc::O_NONBLOCK as u64, "PIDFD_NONBLOCK"), (libc::O_EXCL as u64, "PIDFD_THREAD")],
    zero: Some("0"),
    mode_bits: false,
    access_mode: false,
};

fn timeval_of(sec: i64, usec: i64) -> Value {
    Value::Struct(vec![field("tv_sec", int(sec)), field("tv_usec", int(usec))])
}

/// The struct rusage the kernel wrote (wait4, waitid, getrusage): the
/// times and the counters Linux keeps (the others are always 0).
#[inline(never)]
pub fn rusage_out(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    match r.read::<libc::rusage>(addr) {
        Some(u) => rusage_fields(
            (u.ru_utime.tv_sec, u.ru_utime.tv_usec),
            (u.ru_stime.tv_sec, u.ru_stime.tv_usec),
            [
                u.ru_maxrss,
                u.ru_ixrss,
                u.ru_idrss,
                u.ru_isrss,
                u.ru_minflt,
                u.ru_majflt,
                u.ru_nswap,
                u.ru_inblock,
                u.ru_oublock,
                u.ru_msgsnd,
                u.ru_msgrcv,
                u.ru_nsignals,
                u.ru_nvcsw,
                u.ru_nivcsw,
            ],
        ),
        None => Value::Unreadable(addr),
    }
}

/// What a struct rusage shows, in either ABI's layout: its two times
/// (seconds, microseconds) and, of its fourteen longs in the kernel's
/// order, the counters Linux keeps.
pub(super) fn rusage_fields(utime: (i64, i64), stime: (i64, i64), longs: [i64; 14]) -> Value {
    Value::Struct(vec![
        field("ru_utime", timeval_of(utime.0, utime.1)),
        field("ru_stime", timeval_of(stime.0, stime.1)),
        field("ru_maxrss", int(longs[0])),
        field("ru_minflt", int(longs[4])),
        field("ru_majflt", int(longs[5])),
        field("ru_inblock", int(longs[7])),
        field("ru_oublock", int(longs[8])),
        field("ru_nvcsw", int(longs[12])),
        field("ru_nivcsw", int(longs[13])),
    ])
}

static SCHED_POLICIES: SymSet = SymSet(&[
    (0, "SCHED_OTHER"),
    (1, "SCHED_FIFO"),
    (2, "SCHED_RR"),
    (3, "SCHED_BATCH"),
    (5, "SCHED_IDLE"),
    (6, "SCHED_DEADLINE"),
    (7, "SCHED_EXT"),
]);

const SCHED_RESET_ON_FORK: i64 = 0x4000_0000;

/// A scheduling policy: `SCHED_FIFO`, `SCHED_RR|SCHED_RESET_ON_FORK`.
pub fn sched_policy(_: &Reader, v: u64, _: &[u64; 6]) -> Value {
    let p = v as i32 as i64;
    let base = p & !SCHED_RESET_ON_FORK;
    match SCHED_POLICIES.name(base) {
        Some(name) if p & SCHED_RESET_ON_FORK != 0 => Value::Text(format!("{name}|SCHED_RESET_ON_FORK")),
        Some(name) => Value::Sym(super::value::Sym { raw: p, name: Some(name) }),
        None => int(p),
    }
}

fn sched_param(r: &Reader, addr: u64) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    match r.read::<i32>(addr) {
        Some(p) => Value::Array { items: vec![int(p as i64)], more: false },
        None => Value::Unreadable(addr),
    }
}

/// The policy sched_getscheduler(2) returned, by name: `0 (SCHED_OTHER)`.
pub fn sched_policy_ret(_: &Reader, call: &mut Syscall, ret: i64) {
    let base = ret & !SCHED_RESET_ON_FORK;
    if let Some(name) = SCHED_POLICIES.name(base) {
        let reset = if ret & SCHED_RESET_ON_FORK != 0 { "|SCHED_RESET_ON_FORK" } else { "" };
        call.ret_value = Some(Value::Text(format!("{ret} ({name}{reset})")));
    }
}

/// struct sched_param passed in, its one field: `[0]`, as strace shows it.
pub fn sched_param_in(r: &Reader, addr: u64, _: &[u64; 6]) -> Value {
    sched_param(r, addr)
}

/// struct sched_param the kernel wrote.
pub fn sched_param_out(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    sched_param(r, addr)
}

// ---- ptrace -------------------------------------------------------------------------

static PTRACE_REQUESTS: SymSet = SymSet(&[
    (0, "PTRACE_TRACEME"),
    (1, "PTRACE_PEEKTEXT"),
    (2, "PTRACE_PEEKDATA"),
    (3, "PTRACE_PEEKUSER"),
    (4, "PTRACE_POKETEXT"),
    (5, "PTRACE_POKEDATA"),
    (6, "PTRACE_POKEUSER"),
    (7, "PTRACE_CONT"),
    (8, "PTRACE_KILL"),
    (9, "PTRACE_SINGLESTEP"),
    (12, "PTRACE_GETREGS"),
    (13, "PTRACE_SETREGS"),
    (14, "PTRACE_GETFPREGS"),
    (15, "PTRACE_SETFPREGS"),
    (16, "PTRACE_ATTACH"),
    (17, "PTRACE_DETACH"),
    (18, "PTRACE_GETFPXREGS"),
    (19, "PTRACE_SETFPXREGS"),
    (24, "PTRACE_SYSCALL"),
    (30, "PTRACE_ARCH_PRCTL"),
    (31, "PTRACE_SYSEMU"),
    (32, "PTRACE_SYSEMU_SINGLESTEP"),
    (33, "PTRACE_SINGLEBLOCK"),
    (0x4200, "PTRACE_SETOPTIONS"),
    (0x4201, "PTRACE_GETEVENTMSG"),
    (0x4202, "PTRACE_GETSIGINFO"),
    (0x4203, "PTRACE_SETSIGINFO"),
    (0x4204, "PTRACE_GETREGSET"),
    (0x4205, "PTRACE_SETREGSET"),
    (0x4206, "PTRACE_SEIZE"),
    (0x4207, "PTRACE_INTERRUPT"),
    (0x4208, "PTRACE_LISTEN"),
    (0x4209, "PTRACE_PEEKSIGINFO"),
    (0x420a, "PTRACE_GETSIGMASK"),
    (0x420b, "PTRACE_SETSIGMASK"),
    (0x420c, "PTRACE_SECCOMP_GET_FILTER"),
    (0x420d, "PTRACE_SECCOMP_GET_METADATA"),
    (0x420e, "PTRACE_GET_SYSCALL_INFO"),
    (0x420f, "PTRACE_GET_RSEQ_CONFIGURATION"),
    (0x4210, "PTRACE_SET_SYSCALL_USER_DISPATCH_CONFIG"),
    (0x4211, "PTRACE_GET_SYSCALL_USER_DISPATCH_CONFIG"),
]);

/// PTRACE_O_* options of PTRACE_SETOPTIONS and PTRACE_SEIZE.
static PTRACE_OPTIONS: FlagSet = FlagSet {
    bits: &[
        (0x01, "PTRACE_O_TRACESYSGOOD"),
        (0x02, "PTRACE_O_TRACEFORK"),
        (0x04, "PTRACE_O_TRACEVFORK"),
        (0x08, "PTRACE_O_TRACECLONE"),
        (0x10, "PTRACE_O_TRACEEXEC"),
        (0x20, "PTRACE_O_TRACEVFORKDONE"),
        (0x40, "PTRACE_O_TRACEEXIT"),
        (0x80, "PTRACE_O_TRACESECCOMP"),
        (0x10_0000, "PTRACE_O_EXITKILL"),
        (0x20_0000, "PTRACE_O_SUSPEND_SECCOMP"),
    ],
    zero: Some("0"),
    mode_bits: false,
    access_mode: false,
};

/// ptrace(2): only the arguments the request reads, as strace shows them:
/// `ptrace(PTRACE_TRACEME)`, `ptrace(PTRACE_ATTACH, 1234)`,
/// `ptrace(PTRACE_SETOPTIONS, 1234, NULL, PTRACE_O_TRACESYSGOOD)`,
/// `ptrace(PTRACE_CONT, 1234, NULL, SIGUSR1)`.
pub fn ptrace_entry(_: &Reader, raw: &RawSyscall) -> Vec<Field> {
    let a = &raw.args;
    let request = a[0] as i64;
    // The kernel reads the whole register (`long request`); an unknown one
    // is shown in hexadecimal with strace's comment, not as a long decimal.
    let request_value = match PTRACE_REQUESTS.name(request) {
        Some(_) => Value::Sym(PTRACE_REQUESTS.decode(request)),
        None => Value::Text(format!("{:#x} /* PTRACE_??? */", a[0])),
    };
    let mut args = vec![field("request", request_value)];
    let pid = field("pid", int(a[1] as i32 as i64));
    let addr = field("addr", Value::Ptr(a[2]));
    match request {
        0 => {}
        8 | 16 | 0x4207 => args.push(pid),
        0x4200 | 0x4206 => args.extend([pid, addr, field("data", Value::Flags(PTRACE_OPTIONS.decode(a[3])))]),
        7 | 9 | 17 | 24 | 31 | 32 | 33 | 0x4208 => {
            let sig = if a[3] == 0 { int(0) } else { Value::Signal(a[3] as i32) };
            args.extend([pid, addr, field("data", sig)]);
        }
        // PEEK*: the word read is written at `data` by the C library; the
        // kernel's own call stores it there too.
        1..=3 => args.extend([pid, addr, field("data", if a[3] == 0 { Value::Ptr(0) } else { Value::Out(a[3]) })]),
        // A request the kernel does not know: its two pointers as strace
        // shows them (NULL, else the address).
        _ if PTRACE_REQUESTS.name(request).is_none() => args.extend([pid, addr, field("data", Value::Ptr(a[3]))]),
        _ => args.extend([pid, field("addr", Value::Hex(a[2])), field("data", Value::Hex(a[3]))]),
    }
    args
}

/// ptrace(2) at exit: the word a PEEK request read.
pub fn ptrace_exit(r: &Reader, call: &mut Syscall, _: i64) {
    let (request, data) = (call.raw.args[0], call.raw.args[3]);
    if (1..=3).contains(&request) && data != 0 {
        let word = match r.read::<u64>(data) {
            Some(w) => {
                let mut text = String::from("[");
                super::value::push_hex(&mut text, w);
                text.push(']');
                Value::Text(text)
            }
            None => Value::Unreadable(data),
        };
        if let Some(d) = call.arg_mut("data") {
            *d = word;
        }
    }
}
