//! Hand-written readers for arguments that are structures, arrays, or whose
//! meaning depends on another argument.

use super::bytes::KernelSigaction;
use super::flags::*;
use super::mem::Reader;
use super::names::format_signal_set;
use super::value::{Fd, Field, Flags, Sym, Value};
use super::{RawSyscall, Syscall};

pub(super) fn field(name: &'static str, value: Value) -> Field {
    Field::new(name, value)
}

pub(super) fn int(v: i64) -> Value {
    Value::Int(v)
}

/// An `int` the kernel wrote or the program passed by address, shown in
/// brackets as strace does: `[16]`.
pub(super) fn int_ref(r: &Reader, addr: u64) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    match r.read::<i32>(addr) {
        Some(v) => Value::Array { items: vec![int(v as i64)], more: false },
        None => Value::Unreadable(addr),
    }
}

/// A 64-bit value behind a pointer: `[4096]`.
pub(super) fn long_ref(r: &Reader, addr: u64) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    match r.read::<i64>(addr) {
        Some(v) => Value::Array { items: vec![int(v)], more: false },
        None => Value::Unreadable(addr),
    }
}

/// A file mode as strace prints it: `S_IFREG|0644`, `S_IFDIR|S_ISVTX|0777`.
pub(super) fn mode_text(mode: u64) -> Value {
    let mut parts: Vec<String> = Vec::new();
    if let Some(kind) = FILE_TYPES.name((mode & libc::S_IFMT as u64) as i64) {
        parts.push(kind.to_string());
    }
    for (bit, name) in [(libc::S_ISUID, "S_ISUID"), (libc::S_ISGID, "S_ISGID"), (libc::S_ISVTX, "S_ISVTX")] {
        if mode & bit as u64 != 0 {
            parts.push(name.to_string());
        }
    }
    parts.push(format!("0{:o}", mode & 0o777));
    Value::Text(parts.join("|"))
}

// ---- descriptors and files -------------------------------------------------

/// The two descriptors pipe(2) and pipe2(2) wrote: `[3, 4]`.
pub fn pipe_fds(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    match r.read::<[i32; 2]>(addr) {
        Some([a, b]) => Value::Array { items: vec![Value::Fd(Fd::new(a)), Value::Fd(Fd::new(b))], more: false },
        None => Value::Unreadable(addr),
    }
}

/// An array of struct iovec; with a `budget`, only that many bytes in all
/// are data (what a read returned).
pub(super) fn iovecs(r: &Reader, addr: u64, count: u64, mut budget: Option<u64>) -> Value {
    let Some((iovs, more)) = r.read_array::<libc::iovec>(addr, count as usize) else {
        return Value::Unreadable(addr);
    };
    let items = iovs
        .iter()
        .map(|iov| {
            let len = iov.iov_len as u64;
            let shown = match budget.as_mut() {
                Some(left) => {
                    let n = len.min(*left);
                    *left -= n;
                    n
                }
                None => len,
            };
            Value::Struct(vec![
                field("iov_base", r.buffer(iov.iov_base as u64, shown)),
                field("iov_len", Value::Uint(len)),
            ])
        })
        .collect();
    Value::Array { items, more }
}

/// The buffers writev(2) sends.
pub fn iovec_in(r: &Reader, addr: u64, all: &[u64; 6]) -> Value {
    iovecs(r, addr, all[2], None)
}

/// The buffers readv(2) filled: only the first `ret` bytes hold data.
pub fn iovec_out(r: &Reader, addr: u64, all: &[u64; 6], ret: i64) -> Value {
    iovecs(r, addr, all[2], Some(ret.max(0) as u64))
}

fn open_args(r: &Reader, path: u64, flags: u64, mode: u64) -> Vec<Field> {
    let mut args = vec![field("pathname", r.path(path)), field("flags", Value::Flags(OPEN_FLAGS.decode(flags)))];
    // The mode matters only when the call may create a file.
    // (O_TMPFILE includes the O_DIRECTORY bit: test for all of it.)
    let tmpfile = libc::O_TMPFILE as u64;
    if flags & libc::O_CREAT as u64 != 0 || flags & tmpfile == tmpfile {
        args.push(field("mode", Value::Oct(mode & 0o7777)));
    }
    args
}

#[cfg(target_arch = "x86_64")]
/// open(2): the mode is shown only with O_CREAT or O_TMPFILE, as strace does.
pub fn open_entry(r: &Reader, raw: &RawSyscall) -> Vec<Field> {
    open_args(r, raw.args[0], raw.args[1], raw.args[2])
}

/// openat(2), likewise.
pub fn openat_entry(r: &Reader, raw: &RawSyscall) -> Vec<Field> {
    let mut args = vec![field("dirfd", super::spec::entry_value(r, super::spec::K::AtFd, raw.args[0], &raw.args))];
    args.extend(open_args(r, raw.args[1], raw.args[2], raw.args[3]));
    args
}

/// The mode of mknod(2): the file type by name, then the permissions.
pub fn mknod_mode(_: &Reader, v: u64, _: &[u64; 6]) -> Value {
    let kind = FILE_TYPES.name((v & libc::S_IFMT as u64) as i64);
    let perms = v & 0o7777;
    Value::Text(match kind {
        Some(k) => format!("{k}|0{perms:o}"),
        None => format!("0{perms:o}"),
    })
}

/// The directory getcwd(2) wrote.
pub fn getcwd_buf(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    r.path(addr)
}

fn flock(r: &Reader, addr: u64) -> Value {
    match r.read::<libc::flock>(addr) {
        Some(l) => Value::Struct(vec![
            field("l_type", Value::Sym(LOCK_TYPES.decode(l.l_type as i64))),
            field("l_whence", Value::Sym(WHENCE.decode(l.l_whence as i64))),
            field("l_start", int(l.l_start)),
            field("l_len", int(l.l_len)),
            field("l_pid", int(l.l_pid as i64)),
        ]),
        None => Value::Unreadable(addr),
    }
}

/// F_GETSIG, which the libc crate does not define.
const F_GETSIG: i32 = 11;

fn is_lock_cmd(cmd: i32) -> bool {
    matches!(
        cmd,
        libc::F_GETLK | libc::F_SETLK | libc::F_SETLKW | libc::F_OFD_GETLK | libc::F_OFD_SETLK | libc::F_OFD_SETLKW
    )
}

/// fcntl(2): the third argument's type depends on the command.
pub fn fcntl_entry(r: &Reader, raw: &RawSyscall) -> Vec<Field> {
    let cmd = raw.args[1] as i32;
    let mut args = vec![
        field("fd", Value::Fd(Fd::new(raw.args[0] as i32))),
        field("cmd", Value::Sym(FCNTL_CMDS.decode(cmd as i64))),
    ];
    let arg = raw.args[2];
    let third = match cmd {
        libc::F_GETFD
        | libc::F_GETFL
        | libc::F_GETOWN
        | F_GETSIG
        | libc::F_GETLEASE
        | libc::F_GETPIPE_SZ
        | libc::F_GET_SEALS => None,
        libc::F_SETFD => Some(Value::Flags(FD_CLOEXEC_FLAGS.decode(arg))),
        libc::F_SETFL => Some(Value::Flags(OPEN_FLAGS.decode(arg))),
        c if is_lock_cmd(c) => Some(flock(r, arg)),
        _ => Some(int(arg as i32 as i64)),
    };
    if let Some(v) = third {
        args.push(field("arg", v));
    }
    args
}

/// fcntl(2) at exit: a duplicated fd, the flags read, or the lock found.
pub fn fcntl_exit(r: &Reader, call: &mut Syscall, ret: i64) {
    match call.raw.args[1] as i32 {
        libc::F_DUPFD | libc::F_DUPFD_CLOEXEC => call.ret_value = Some(Value::Fd(Fd::new(ret as i32))),
        libc::F_GETFL => call.ret_value = Some(Value::Flags(OPEN_FLAGS.decode(ret as u64))),
        libc::F_GETFD => call.ret_value = Some(Value::Flags(FD_CLOEXEC_FLAGS.decode(ret as u64))),
        libc::F_GETLK | libc::F_OFD_GETLK => {
            let lock = flock(r, call.raw.args[2]);
            if let Some(arg) = call.arg_mut("arg") {
                *arg = lock;
            }
        }
        _ => {}
    }
}

// ---- processes ---------------------------------------------------------------

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
pub fn argv(r: &Reader, addr: u64, _: &[u64; 6]) -> Value {
    r.string_array(addr)
}

/// The environment of execve(2), counted rather than printed, as strace does.
pub fn envp(r: &Reader, addr: u64, _: &[u64; 6]) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    let mut n = 0u64;
    while n < 65536 {
        match r.read::<u64>(addr.wrapping_add(n * 8)) {
            Some(0) => break,
            Some(_) => n += 1,
            None if n == 0 => return Value::Unreadable(addr),
            None => break,
        }
    }
    Value::Text(format!("{addr:#x} /* {n} vars */"))
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

static PRCTL_OPTIONS: SymSet = SymSet(&[
    (libc::PR_SET_PDEATHSIG as i64, "PR_SET_PDEATHSIG"),
    (libc::PR_GET_PDEATHSIG as i64, "PR_GET_PDEATHSIG"),
    (libc::PR_GET_DUMPABLE as i64, "PR_GET_DUMPABLE"),
    (libc::PR_SET_DUMPABLE as i64, "PR_SET_DUMPABLE"),
    (libc::PR_SET_NAME as i64, "PR_SET_NAME"),
    (libc::PR_GET_NAME as i64, "PR_GET_NAME"),
    (libc::PR_SET_SECCOMP as i64, "PR_SET_SECCOMP"),
    (libc::PR_GET_SECCOMP as i64, "PR_GET_SECCOMP"),
    (libc::PR_SET_NO_NEW_PRIVS as i64, "PR_SET_NO_NEW_PRIVS"),
    (libc::PR_SET_CHILD_SUBREAPER as i64, "PR_SET_CHILD_SUBREAPER"),
    (libc::PR_SET_PTRACER as i64, "PR_SET_PTRACER"),
    (libc::PR_SET_VMA as i64, "PR_SET_VMA"),
]);

/// prctl(2): the option, then only the arguments it uses, as strace shows
/// them (`prctl(PR_SET_NAME, "worker")`, `prctl(PR_GET_DUMPABLE)`); an
/// option it does not know shows all four.
pub fn prctl_entry(r: &Reader, raw: &RawSyscall) -> Vec<Field> {
    let a = &raw.args;
    let option = a[0] as i32;
    let mut args = vec![field("option", Value::Sym(PRCTL_OPTIONS.decode(option as i64)))];
    let arg2 = match option {
        libc::PR_GET_DUMPABLE | libc::PR_GET_SECCOMP | libc::PR_GET_KEEPCAPS | libc::PR_GET_NO_NEW_PRIVS => None,
        libc::PR_SET_NAME => Some(r.c_string_limited(a[1], 16)),
        libc::PR_SET_PDEATHSIG => Some(Value::Signal(a[1] as i32)),
        // Filled at exit: what the kernel wrote there.
        libc::PR_GET_NAME | libc::PR_GET_PDEATHSIG | libc::PR_GET_CHILD_SUBREAPER => Some(Value::Ptr(a[1])),
        libc::PR_SET_DUMPABLE | libc::PR_SET_KEEPCAPS | libc::PR_SET_CHILD_SUBREAPER | libc::PR_CAPBSET_READ => {
            Some(int(a[1] as i64))
        }
        libc::PR_SET_PTRACER => Some(int(a[1] as i64)),
        _ => {
            // PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, PR_SET_VMA and the options
            // not named here: every argument.
            for (name, v) in ["arg2", "arg3", "arg4", "arg5"].into_iter().zip(&a[1..5]) {
                args.push(field(name, Value::Hex(*v)));
            }
            None
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
        libc::PR_GET_PDEATHSIG => match r.read::<i32>(addr) {
            Some(sig) => Value::Text(format!("[{}]", crate::decode::names::signal_name(sig))),
            None => Value::Unreadable(addr),
        },
        libc::PR_GET_CHILD_SUBREAPER => int_ref(r, addr),
        _ => return,
    };
    if let Some(arg) = call.arg_mut("arg2") {
        *arg = value;
    }
}

// ---- System V IPC ------------------------------------------------------------

/// An IPC key: IPC_PRIVATE by name, otherwise in hexadecimal as ipcs shows it.
pub fn ipc_key(_: &Reader, v: u64, _: &[u64; 6]) -> Value {
    key_value(v as i32)
}

fn key_value(key: i32) -> Value {
    if key == libc::IPC_PRIVATE {
        Value::Sym(Sym { raw: 0, name: Some("IPC_PRIVATE") })
    } else {
        Value::Hex(key as u32 as u64)
    }
}

fn msgbuf(r: &Reader, addr: u64, len: u64) -> Value {
    match r.read::<i64>(addr) {
        Some(mtype) => {
            Value::Struct(vec![field("mtype", int(mtype)), field("mtext", r.buffer(addr.wrapping_add(8), len))])
        }
        None => Value::Unreadable(addr),
    }
}

/// The message msgsnd(2) sends: `{mtype=1, mtext="ping"}`.
pub fn msgbuf_in(r: &Reader, addr: u64, all: &[u64; 6]) -> Value {
    msgbuf(r, addr, all[2])
}

/// msgrcv(2): the buffer is filled at exit.
pub fn msgrcv_entry(_: &Reader, raw: &RawSyscall) -> Vec<Field> {
    let a = &raw.args;
    vec![
        field("msqid", int(a[0] as i32 as i64)),
        field("msgp", Value::Out(a[1])),
        field("msgsz", Value::Uint(a[2])),
        field("msgtyp", int(a[3] as i64)),
        field("msgflg", Value::Flags(MSG_FLAGS.decode(a[4]))),
    ]
}

/// msgrcv(2) at exit: the message received, `ret` bytes of text.
pub fn msgrcv_exit(r: &Reader, call: &mut Syscall, ret: i64) {
    let v = msgbuf(r, call.raw.args[1], ret.max(0) as u64);
    if let Some(arg) = call.arg_mut("msgp") {
        *arg = v;
    }
}

const IPC_64: i64 = 0x100;

fn ipc_command(set: &SymSet, v: u64) -> Value {
    let raw = v as i32 as i64;
    let cmd = raw & !IPC_64;
    match set.name(cmd) {
        Some(name) if raw & IPC_64 != 0 => Value::Text(format!("IPC_64|{name}")),
        Some(name) => Value::Sym(Sym { raw, name: Some(name) }),
        None => Value::Sym(Sym { raw, name: None }),
    }
}

/// The operations of semop(2): `[{sem_num=0, sem_op=-1, sem_flg=SEM_UNDO}]`.
pub fn sembufs(r: &Reader, addr: u64, all: &[u64; 6]) -> Value {
    let Some((ops, more)) = r.read_array::<libc::sembuf>(addr, all[2] as usize) else {
        return Value::Unreadable(addr);
    };
    let items = ops
        .iter()
        .map(|op| {
            Value::Struct(vec![
                field("sem_num", Value::Uint(op.sem_num as u64)),
                field("sem_op", int(op.sem_op as i64)),
                field("sem_flg", Value::Flags(SEM_FLAGS.decode(op.sem_flg as u16 as u64))),
            ])
        })
        .collect();
    Value::Array { items, more }
}

/// A struct timespec.
pub fn timespec(r: &Reader, addr: u64, _: &[u64; 6]) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    match r.read::<libc::timespec>(addr) {
        Some(t) => Value::Struct(vec![field("tv_sec", int(t.tv_sec)), field("tv_nsec", int(t.tv_nsec))]),
        None => Value::Unreadable(addr),
    }
}

/// The three System V object kinds whose *ctl calls read or fill a buffer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ipc {
    Msg,
    Shm,
    Sem,
}

/// How the buffer argument of a *ctl command is used.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CtlBuf {
    /// Not used (semctl's IPC_RMID, GETVAL, ...).
    None,
    /// A value, not a pointer (semctl's SETVAL).
    Value,
    /// A structure the program passes (IPC_SET).
    In,
    /// A structure the kernel fills (IPC_STAT and the *_STAT commands).
    Out,
    /// A pointer shown as an address: an *_INFO buffer, or the array of
    /// GETALL/SETALL, whose length (the set's nsems) the call does not say.
    Ptr,
}

fn ctl_buf(kind: Ipc, cmd: i64) -> CtlBuf {
    match (kind, cmd & !IPC_64) {
        (_, 1) => CtlBuf::In,                                                           // IPC_SET
        (_, 2) => CtlBuf::Out,                                                          // IPC_STAT
        (Ipc::Msg, 11 | 13) | (Ipc::Shm, 13 | 15) | (Ipc::Sem, 18 | 20) => CtlBuf::Out, // *_STAT, *_STAT_ANY
        (Ipc::Sem, 16) => CtlBuf::Value,                                                // SETVAL
        (Ipc::Sem, 0 | 11 | 12 | 14 | 15) => CtlBuf::None, // IPC_RMID, GETPID, GETVAL, GETNCNT, GETZCNT
        _ => CtlBuf::Ptr,
    }
}

/// The mode of a shared memory segment: SHM_DEST (marked for removal at
/// the last detach) and SHM_LOCKED, then the permissions.
static SHM_MODE: FlagSet =
    FlagSet { bits: &[(0o1000, "SHM_DEST"), (0o2000, "SHM_LOCKED")], zero: None, mode_bits: true, access_mode: false };

fn ipc_perm(p: &libc::ipc_perm, kind: Ipc, with_key: bool) -> Value {
    let mode = p.mode as u64;
    let mode = if kind == Ipc::Shm { Value::Flags(SHM_MODE.decode(mode & 0o7777)) } else { Value::Oct(mode & 0o777) };
    let mut fields =
        vec![field("uid", Value::Uint(p.uid as u64)), field("gid", Value::Uint(p.gid as u64)), field("mode", mode)];
    if with_key {
        fields.push(field("key", key_value(p.__key)));
    }
    Value::Struct(fields)
}

/// The buffer of a *ctl call: what IPC_SET changes (owner, mode, queue
/// size), or everything IPC_STAT reports.
fn ctl_struct(r: &Reader, kind: Ipc, addr: u64, stat: bool) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    let value = match kind {
        Ipc::Msg => r.read::<libc::msqid_ds>(addr).map(|m| {
            let mut fields = vec![field("msg_perm", ipc_perm(&m.msg_perm, kind, stat))];
            if stat {
                fields.push(field("msg_cbytes", Value::Uint(m.__msg_cbytes)));
                fields.push(field("msg_qnum", Value::Uint(m.msg_qnum)));
            }
            fields.push(field("msg_qbytes", Value::Uint(m.msg_qbytes)));
            if stat {
                fields.push(field("msg_lspid", int(m.msg_lspid as i64)));
                fields.push(field("msg_lrpid", int(m.msg_lrpid as i64)));
            }
            fields
        }),
        Ipc::Shm => r.read::<libc::shmid_ds>(addr).map(|m| {
            let mut fields = vec![field("shm_perm", ipc_perm(&m.shm_perm, kind, stat))];
            if stat {
                fields.push(field("shm_segsz", Value::Uint(m.shm_segsz as u64)));
                fields.push(field("shm_cpid", int(m.shm_cpid as i64)));
                fields.push(field("shm_lpid", int(m.shm_lpid as i64)));
                fields.push(field("shm_nattch", Value::Uint(m.shm_nattch)));
            }
            fields
        }),
        Ipc::Sem => r.read::<libc::semid_ds>(addr).map(|m| {
            let mut fields = vec![field("sem_perm", ipc_perm(&m.sem_perm, kind, stat))];
            if stat {
                fields.push(field("sem_nsems", Value::Uint(m.sem_nsems)));
            }
            fields
        }),
    };
    value.map(Value::Struct).unwrap_or(Value::Unreadable(addr))
}

fn ctl_entry(r: &Reader, kind: Ipc, buf_name: &'static str, id: Field, raw: &RawSyscall, arg: u64) -> Vec<Field> {
    let cmd = raw.args[if kind == Ipc::Sem { 2 } else { 1 }];
    let cmds = match kind {
        Ipc::Msg => &IPC_CMDS,
        Ipc::Shm => &SHM_CMDS,
        Ipc::Sem => &SEM_CMDS,
    };
    let mut args = vec![id];
    if kind == Ipc::Sem {
        args.push(field("semnum", int(raw.args[1] as i32 as i64)));
    }
    args.push(field("cmd", ipc_command(cmds, cmd)));
    let buf = match ctl_buf(kind, cmd as i32 as i64) {
        CtlBuf::None => return args,
        CtlBuf::Value => int(arg as i32 as i64),
        CtlBuf::In => ctl_struct(r, kind, arg, false),
        CtlBuf::Out if arg != 0 => Value::Out(arg),
        CtlBuf::Out | CtlBuf::Ptr => Value::Ptr(arg),
    };
    args.push(field(buf_name, buf));
    args
}

fn ctl_exit(r: &Reader, kind: Ipc, buf_name: &str, call: &mut Syscall, cmd: u64, arg: u64) {
    if ctl_buf(kind, cmd as i32 as i64) == CtlBuf::Out && arg != 0 {
        let value = ctl_struct(r, kind, arg, true);
        if let Some(buf) = call.arg_mut(buf_name) {
            *buf = value;
        }
    }
}

/// msgctl(2): the msqid_ds of IPC_SET at entry, of IPC_STAT at exit.
pub fn msgctl_entry(r: &Reader, raw: &RawSyscall) -> Vec<Field> {
    ctl_entry(r, Ipc::Msg, "buf", field("msqid", int(raw.args[0] as i32 as i64)), raw, raw.args[2])
}

/// msgctl(2) at exit: the queue's state for IPC_STAT.
pub fn msgctl_exit(r: &Reader, call: &mut Syscall, _: i64) {
    let (cmd, buf) = (call.raw.args[1], call.raw.args[2]);
    ctl_exit(r, Ipc::Msg, "buf", call, cmd, buf);
}

/// shmctl(2): the shmid_ds of IPC_SET at entry, of IPC_STAT at exit.
pub fn shmctl_entry(r: &Reader, raw: &RawSyscall) -> Vec<Field> {
    ctl_entry(r, Ipc::Shm, "buf", field("shmid", int(raw.args[0] as i32 as i64)), raw, raw.args[2])
}

/// shmctl(2) at exit: the segment's state for IPC_STAT.
pub fn shmctl_exit(r: &Reader, call: &mut Syscall, _: i64) {
    let (cmd, buf) = (call.raw.args[1], call.raw.args[2]);
    ctl_exit(r, Ipc::Shm, "buf", call, cmd, buf);
}

/// semctl(2): the fourth argument is a value (SETVAL), a semid_ds
/// (IPC_SET, IPC_STAT), or an array (GETALL, SETALL) shown by address
/// because its length, the set's nsems, is not among the arguments.
pub fn semctl_entry(r: &Reader, raw: &RawSyscall) -> Vec<Field> {
    ctl_entry(r, Ipc::Sem, "arg", field("semid", int(raw.args[0] as i32 as i64)), raw, raw.args[3])
}

/// semctl(2) at exit: the set's state for IPC_STAT; other values are the
/// return value.
pub fn semctl_exit(r: &Reader, call: &mut Syscall, _: i64) {
    let (cmd, arg) = (call.raw.args[2], call.raw.args[3]);
    ctl_exit(r, Ipc::Sem, "arg", call, cmd, arg);
}

// ---- signals -----------------------------------------------------------------

fn sigaction(r: &Reader, addr: u64) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    let Some(sa) = r.read::<KernelSigaction>(addr) else {
        return Value::Unreadable(addr);
    };
    let handler = match sa.handler {
        0 => Value::Text("SIG_DFL".into()),
        1 => Value::Text("SIG_IGN".into()),
        h => Value::Hex(h),
    };
    let mut fields = vec![
        field("sa_handler", handler),
        field("sa_mask", Value::Text(format_signal_set(sa.mask))),
        field("sa_flags", Value::Flags(SA_FLAGS.decode(sa.flags))),
    ];
    if sa.flags & 0x0400_0000 != 0 {
        fields.push(field("sa_restorer", Value::Hex(sa.restorer)));
    }
    Value::Struct(fields)
}

/// The new action of rt_sigaction(2).
pub fn sigaction_in(r: &Reader, addr: u64, _: &[u64; 6]) -> Value {
    sigaction(r, addr)
}

/// The old action rt_sigaction(2) wrote back.
pub fn sigaction_out(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    sigaction(r, addr)
}

fn sigset(r: &Reader, addr: u64) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    match r.read::<u64>(addr) {
        Some(mask) => Value::Text(format_signal_set(mask)),
        None => Value::Unreadable(addr),
    }
}

/// rt_sigreturn(2): the signal frame it returns through, as strace shows
/// it: `{mask=[USR2 CHLD]}`, the mask the kernel restores (the one from
/// before the handler ran). The call takes no arguments; the frame is at
/// the stack pointer of its entry. Nothing is shown when that is not known.
pub fn sigreturn_entry(r: &Reader, raw: &RawSyscall) -> Vec<Field> {
    if raw.sp == 0 {
        return Vec::new();
    }
    let at = raw.sp.wrapping_add(crate::arch::SIGRETURN_MASK_OFFSET);
    let frame = match r.read::<u64>(at) {
        Some(mask) => Value::Struct(vec![field("mask", Value::Text(format_signal_set(mask)))]),
        None => Value::Unreadable(at),
    };
    vec![field("frame", frame)]
}

/// A signal set passed in.
pub fn sigset_in(r: &Reader, addr: u64, _: &[u64; 6]) -> Value {
    sigset(r, addr)
}

/// A signal set the kernel wrote back.
pub fn sigset_out(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    sigset(r, addr)
}
