//! System V IPC: keys, the messages of msgsnd and msgrcv, semaphore
//! operations, and the *ctl calls, whose buffer is what the command says:
//! a structure passed in (IPC_SET), one the kernel fills (IPC_STAT, the
//! *_INFO commands), a value (SETVAL) or nothing.

use super::calls::{field, int};
use super::flags::*;
use super::mem::Reader;
use super::value::{Field, Sym, Value};
use super::{RawSyscall, Syscall};

/// An IPC key: IPC_PRIVATE by name, otherwise in hexadecimal as ipcs shows it.
#[inline(never)]
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

/// A struct msgbuf: a `long` mtype (4 bytes in a 32-bit program), then the text.
fn msgbuf(r: &Reader, addr: u64, len: u64) -> Value {
    match r.read_word(addr, true) {
        Some(mtype) => Value::Struct(vec![
            field("mtype", int(mtype as i64)),
            field("mtext", r.buffer(addr.wrapping_add(r.word_size()), len)),
        ]),
        None => Value::Unreadable(addr),
    }
}

/// The message msgsnd(2) sends: `{mtype=1, mtext="ping"}`.
#[inline(never)]
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
#[inline(never)]
pub fn sembufs(r: &Reader, addr: u64, all: &[u64; 6]) -> Value {
    let Some((ops, more)) = r.read_array::<libc::sembuf>(addr, all[2] as u32 as usize) else {
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
    /// Not read: semctl's IPC_RMID, GETPID, GETVAL, GETNCNT and GETZCNT,
    /// which a C program calls with three arguments (the fourth is
    /// variadic), and which ipclab shows so.
    None,
    /// A value, not a pointer (semctl's SETVAL).
    Value,
    /// A structure the program passes (IPC_SET).
    In,
    /// The object's state, which the kernel fills (IPC_STAT and the
    /// *_STAT commands).
    Stat,
    /// The system's limits or usage, which the kernel fills (IPC_INFO and
    /// MSG_INFO, SHM_INFO, SEM_INFO).
    Info,
    /// A pointer shown as an address: unused (IPC_RMID, GETVAL, ...), or
    /// the array of GETALL/SETALL, whose length (the set's nsems) the call
    /// does not say.
    Ptr,
}

fn ctl_buf(kind: Ipc, cmd: i64) -> CtlBuf {
    match (kind, cmd & !IPC_64) {
        (_, 1) => CtlBuf::In,                                                            // IPC_SET
        (_, 2) => CtlBuf::Stat,                                                          // IPC_STAT
        (_, 3) => CtlBuf::Info,                                                          // IPC_INFO
        (Ipc::Msg, 11 | 13) | (Ipc::Shm, 13 | 15) | (Ipc::Sem, 18 | 20) => CtlBuf::Stat, // *_STAT, *_STAT_ANY
        (Ipc::Msg, 12) | (Ipc::Shm, 14) | (Ipc::Sem, 19) => CtlBuf::Info,                // MSG_INFO, SHM_INFO, SEM_INFO
        (Ipc::Sem, 16) => CtlBuf::Value,                                                 // SETVAL
        (Ipc::Sem, 0 | 11 | 12 | 14 | 15) => CtlBuf::None, // IPC_RMID, GETPID, GETVAL, GETNCNT, GETZCNT
        _ => CtlBuf::Ptr,
    }
}

/// The mode of a shared memory segment: SHM_DEST (marked for removal at
/// the last detach) and SHM_LOCKED, then the permissions.
static SHM_MODE: FlagSet =
    FlagSet { bits: &[(0o1000, "SHM_DEST"), (0o2000, "SHM_LOCKED")], zero: None, mode_bits: true, access_mode: false };

fn id_value(v: u32) -> Value {
    if v == u32::MAX { Value::Int(-1) } else { Value::Uint(v as u64) }
}

/// struct ipc_perm: the owner and mode (all IPC_SET changes); with `stat`
/// also the key and the creator, as IPC_STAT reports them.
fn ipc_perm(p: &libc::ipc_perm, kind: Ipc, stat: bool) -> Value {
    let mode = p.mode as u64;
    let mode = if kind == Ipc::Shm { Value::Flags(SHM_MODE.decode(mode & 0o7777)) } else { Value::Oct(mode & 0o777) };
    let mut fields = vec![field("uid", id_value(p.uid)), field("gid", id_value(p.gid)), field("mode", mode)];
    if stat {
        fields.push(field("key", key_value(p.__key)));
        fields.push(field("cuid", id_value(p.cuid)));
        fields.push(field("cgid", id_value(p.cgid)));
    }
    Value::Struct(fields)
}

fn time(t: i64) -> Value {
    Value::Uint(t as u64)
}

/// The buffer of a *ctl call: what IPC_SET changes (owner, mode, queue
/// size), or everything IPC_STAT reports.
fn ctl_struct(r: &Reader, kind: Ipc, addr: u64, stat: bool) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    if r.compat {
        return compat_ctl_struct(r, kind, addr, stat);
    }
    let value = match kind {
        Ipc::Msg => r.read::<libc::msqid_ds>(addr).map(|m| {
            let mut fields = vec![field("msg_perm", ipc_perm(&m.msg_perm, kind, stat))];
            if stat {
                fields.push(field("msg_stime", time(m.msg_stime)));
                fields.push(field("msg_rtime", time(m.msg_rtime)));
                fields.push(field("msg_ctime", time(m.msg_ctime)));
                // Not in strace's line: the bytes in the queue, what a
                // lesson on message queues asks about.
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
                fields.push(field("shm_atime", time(m.shm_atime)));
                fields.push(field("shm_dtime", time(m.shm_dtime)));
                fields.push(field("shm_ctime", time(m.shm_ctime)));
            }
            fields
        }),
        Ipc::Sem => r.read::<libc::semid_ds>(addr).map(|m| {
            let mut fields = vec![field("sem_perm", ipc_perm(&m.sem_perm, kind, stat))];
            if stat {
                fields.push(field("sem_otime", time(m.sem_otime)));
                fields.push(field("sem_ctime", time(m.sem_ctime)));
                fields.push(field("sem_nsems", Value::Uint(m.sem_nsems)));
            }
            fields
        }),
    };
    value.map(Value::Struct).unwrap_or(Value::Unreadable(addr))
}

/// The 32-bit program's *id64_ds (its `long`s, `size_t`s and times 4
/// bytes; the kernel's `compat_msqid64_ds`, `compat_shmid64_ds` and
/// `compat_semid64_ds`), shown with the fields of the 64-bit one. A
/// command without IPC_64 is the old layout, which glibc never uses:
/// shown by address.
fn compat_ctl_struct(r: &Reader, kind: Ipc, addr: u64, stat: bool) -> Value {
    // struct compat_ipc64_perm: key, uid, gid, cuid, cgid (4 bytes each),
    // mode (2) and padding, seq and padding, two unused words: 36 bytes.
    const PERM: usize = 36;
    let words = |n: usize| -> Option<Vec<u32>> {
        let mut buf = vec![0u8; n * 4];
        r.read_exact(addr, &mut buf)
            .then(|| buf.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().unwrap())).collect())
    };
    let perm = |w: &[u32]| {
        // SAFETY: ipc_perm is plain integers; all zero is a valid value.
        let mut p: libc::ipc_perm = unsafe { std::mem::zeroed() };
        (p.__key, p.uid, p.gid, p.cuid, p.cgid) = (w[0] as i32, w[1], w[2], w[3], w[4]);
        p.mode = (w[5] & 0xffff) as _;
        ipc_perm(&p, kind, stat)
    };
    let at = PERM / 4;
    let value = match kind {
        // Then stime, rtime, ctime (each with a high word), cbytes, qnum,
        // qbytes, lspid, lrpid, two unused.
        Ipc::Msg => words(at + 13).map(|w| {
            let t = &w[at..];
            let mut fields = vec![field("msg_perm", perm(&w))];
            if stat {
                fields.push(field("msg_stime", time(t[0] as i64 | (t[1] as i64) << 32)));
                fields.push(field("msg_rtime", time(t[2] as i64 | (t[3] as i64) << 32)));
                fields.push(field("msg_ctime", time(t[4] as i64 | (t[5] as i64) << 32)));
                fields.push(field("msg_cbytes", Value::Uint(t[6] as u64)));
                fields.push(field("msg_qnum", Value::Uint(t[7] as u64)));
            }
            fields.push(field("msg_qbytes", Value::Uint(t[8] as u64)));
            if stat {
                fields.push(field("msg_lspid", int(t[9] as i32 as i64)));
                fields.push(field("msg_lrpid", int(t[10] as i32 as i64)));
            }
            fields
        }),
        // Then segsz, atime, dtime, ctime (each with a high word), cpid,
        // lpid, nattch, two unused.
        Ipc::Shm => words(at + 12).map(|w| {
            let t = &w[at..];
            let mut fields = vec![field("shm_perm", perm(&w))];
            if stat {
                fields.push(field("shm_segsz", Value::Uint(t[0] as u64)));
                fields.push(field("shm_cpid", int(t[7] as i32 as i64)));
                fields.push(field("shm_lpid", int(t[8] as i32 as i64)));
                fields.push(field("shm_nattch", Value::Uint(t[9] as u64)));
                fields.push(field("shm_atime", time(t[1] as i64 | (t[2] as i64) << 32)));
                fields.push(field("shm_dtime", time(t[3] as i64 | (t[4] as i64) << 32)));
                fields.push(field("shm_ctime", time(t[5] as i64 | (t[6] as i64) << 32)));
            }
            fields
        }),
        // Then otime, ctime (each with a high word), nsems, two unused.
        Ipc::Sem => words(at + 7).map(|w| {
            let t = &w[at..];
            let mut fields = vec![field("sem_perm", perm(&w))];
            if stat {
                fields.push(field("sem_otime", time(t[0] as i64 | (t[1] as i64) << 32)));
                fields.push(field("sem_ctime", time(t[2] as i64 | (t[3] as i64) << 32)));
                fields.push(field("sem_nsems", Value::Uint(t[4] as u64)));
            }
            fields
        }),
    };
    value.map(Value::Struct).unwrap_or(Value::Unreadable(addr))
}

/// What IPC_INFO and the *_INFO commands wrote: the system's limits
/// (IPC_INFO) or its usage (MSG_INFO, SHM_INFO, SEM_INFO), as the kernel's
/// struct msginfo, shminfo, shm_info and seminfo lay them out.
fn ctl_info(r: &Reader, kind: Ipc, cmd: i64, addr: u64) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    // struct msginfo ends with an unsigned short; struct seminfo is ten ints.
    let ints = |names: &[&'static str], short_last: bool| {
        let n = names.len();
        let read = if short_last {
            r.read::<[i32; 7]>(addr)
                .and_then(|v| r.read::<u16>(addr.wrapping_add(28)).map(|last| (v.to_vec(), last as i64)))
        } else {
            r.read::<[i32; 10]>(addr).map(|v| (v[..9].to_vec(), v[9] as i64))
        };
        read.map(|(v, last)| {
            let mut fields: Vec<Field> = names[..n - 1].iter().zip(v).map(|(n, x)| field(n, int(x as i64))).collect();
            fields.push(field(names[n - 1], int(last)));
            Value::Struct(fields)
        })
    };
    let value = match (kind, cmd & !IPC_64) {
        (Ipc::Msg, _) => ints(&["msgpool", "msgmap", "msgmax", "msgmnb", "msgmni", "msgssz", "msgtql", "msgseg"], true),
        (Ipc::Sem, _) => ints(
            &["semmap", "semmni", "semmns", "semmnu", "semmsl", "semopm", "semume", "semusz", "semvmx", "semaem"],
            false,
        ),
        (Ipc::Shm, 3) if r.compat => r.read::<[u32; 5]>(addr).map(|v| {
            let names = ["shmmax", "shmmin", "shmmni", "shmseg", "shmall"];
            Value::Struct(names.iter().zip(v).map(|(n, x)| field(n, Value::Uint(x as u64))).collect())
        }),
        (Ipc::Shm, _) if r.compat => r.read::<[u32; 6]>(addr).map(|v| {
            let mut fields = vec![field("used_ids", int(v[0] as i32 as i64))];
            let names = ["shm_tot", "shm_rss", "shm_swp", "swap_attempts", "swap_successes"];
            fields.extend(names.iter().zip(&v[1..]).map(|(n, x)| field(n, Value::Uint(*x as u64))));
            Value::Struct(fields)
        }),
        (Ipc::Shm, 3) => r.read::<[u64; 5]>(addr).map(|v| {
            let names = ["shmmax", "shmmin", "shmmni", "shmseg", "shmall"];
            Value::Struct(names.iter().zip(v).map(|(n, x)| field(n, Value::Uint(x))).collect())
        }),
        (Ipc::Shm, _) => r.read::<[u64; 6]>(addr).map(|v| {
            let mut fields = vec![field("used_ids", int(v[0] as i32 as i64))];
            let names = ["shm_tot", "shm_rss", "shm_swp", "swap_attempts", "swap_successes"];
            fields.extend(names.iter().zip(&v[1..]).map(|(n, x)| field(n, Value::Uint(*x))));
            Value::Struct(fields)
        }),
    };
    value.unwrap_or(Value::Unreadable(addr))
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
        // strace shows SETVAL's value as an address; it is the number the
        // semaphore is set to, so ipclab shows the number.
        CtlBuf::Value => int(arg as i32 as i64),
        CtlBuf::In => ctl_struct(r, kind, arg, false),
        CtlBuf::Stat | CtlBuf::Info if arg != 0 => Value::Out(arg),
        CtlBuf::Stat | CtlBuf::Info | CtlBuf::Ptr => Value::Ptr(arg),
    };
    args.push(field(buf_name, buf));
    args
}

fn ctl_exit(r: &Reader, kind: Ipc, buf_name: &str, call: &mut Syscall, cmd: u64, arg: u64) {
    let cmd = cmd as i32 as i64;
    let value = match ctl_buf(kind, cmd) {
        CtlBuf::Stat if arg != 0 => ctl_struct(r, kind, arg, true),
        CtlBuf::Info if arg != 0 => ctl_info(r, kind, cmd, arg),
        _ => return,
    };
    if let Some(buf) = call.arg_mut(buf_name) {
        *buf = value;
    }
}

/// msgctl(2): the msqid_ds of IPC_SET at entry, of IPC_STAT at exit.
pub fn msgctl_entry(r: &Reader, raw: &RawSyscall) -> Vec<Field> {
    ctl_entry(r, Ipc::Msg, "buf", field("msqid", int(raw.args[0] as i32 as i64)), raw, raw.args[2])
}

/// msgctl(2) at exit: the queue's state for IPC_STAT, the limits for IPC_INFO.
pub fn msgctl_exit(r: &Reader, call: &mut Syscall, _: i64) {
    let (cmd, buf) = (call.raw.args[1], call.raw.args[2]);
    ctl_exit(r, Ipc::Msg, "buf", call, cmd, buf);
}

/// shmctl(2): the shmid_ds of IPC_SET at entry, of IPC_STAT at exit.
pub fn shmctl_entry(r: &Reader, raw: &RawSyscall) -> Vec<Field> {
    ctl_entry(r, Ipc::Shm, "buf", field("shmid", int(raw.args[0] as i32 as i64)), raw, raw.args[2])
}

/// shmctl(2) at exit: the segment's state for IPC_STAT, the limits for IPC_INFO.
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

/// semctl(2) at exit: the set's state for IPC_STAT, the limits for
/// IPC_INFO; other values are the return value.
pub fn semctl_exit(r: &Reader, call: &mut Syscall, _: i64) {
    let (cmd, arg) = (call.raw.args[2], call.raw.args[3]);
    ctl_exit(r, Ipc::Sem, "arg", call, cmd, arg);
}

// ---- the *get calls' flags -----------------------------------------------------------

/// msgflg of msgget(2), semflg of semget(2): `IPC_CREAT|IPC_EXCL|0600`.
#[inline(never)]
pub fn ipc_get_flags(_: &Reader, v: u64, _: &[u64; 6]) -> Value {
    Value::Flags(IPC_GET_FLAGS.decode(v as u32 as u64))
}

/// shmflg of shmget(2): huge pages and their size too, the size as strace
/// shows it: `SHM_HUGETLB|21<<SHM_HUGE_SHIFT|0600`.
#[inline(never)]
pub fn shmget_flags(_: &Reader, v: u64, _: &[u64; 6]) -> Value {
    huge_shift(SHMGET_FLAGS.decode(v as u32 as u64), "SHM_HUGE_SHIFT")
}

/// Flags whose bits 26 to 31 are the log2 of a huge page size (shmget's
/// SHM_HUGE_*, memfd_create's MFD_HUGE_*): shown as `N<<SHIFT` after the
/// other bits, as strace does.
pub fn huge_shift(mut flags: super::value::Flags, shift_name: &str) -> Value {
    const SHIFT: u32 = 26;
    let size = (flags.rest >> SHIFT) & 0x3f;
    if size == 0 {
        return Value::Flags(flags);
    }
    flags.rest &= !(0x3f << SHIFT);
    let mode = flags.rest_octal.then_some(flags.rest & 0o777);
    let mut text = String::new();
    for name in &flags.names {
        text.push_str(name);
        text.push('|');
    }
    let unknown = if mode.is_some() { flags.rest & !0o777 } else { flags.rest };
    if unknown != 0 {
        super::value::push_hex(&mut text, unknown);
        text.push('|');
    }
    text.push_str(&format!("{size}<<{shift_name}"));
    if let Some(mode) = mode {
        text.push('|');
        super::value::push_mode(&mut text, mode);
    }
    Value::Text(text)
}
