//! POSIX message queues: the queue's attributes, the notification a
//! process asks for, and the open call whose mode and attributes matter only
//! when it creates the queue.

use super::bytes::Sigevent;
use super::calls::{field, int};
use super::flags::{FlagSet, OPEN_FLAGS, SymSet, syms};
use super::mem::Reader;
use super::value::Value;
use super::{RawSyscall, value::Field};

/// mq_flags of a struct mq_attr: only O_NONBLOCK means anything.
static MQ_FLAGS: FlagSet =
    FlagSet { bits: &[(libc::O_NONBLOCK as u64, "O_NONBLOCK")], zero: Some("0"), mode_bits: false, access_mode: false };

fn mq_attr(r: &Reader, addr: u64) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    if r.compat {
        // struct compat_mq_attr: four 4-byte longs (and four unused).
        return match r.read::<[i32; 4]>(addr) {
            Some(a) => Value::Struct(vec![
                field("mq_flags", Value::Flags(MQ_FLAGS.decode(a[0] as u32 as u64))),
                field("mq_maxmsg", int(a[1] as i64)),
                field("mq_msgsize", int(a[2] as i64)),
                field("mq_curmsgs", int(a[3] as i64)),
            ]),
            None => Value::Unreadable(addr),
        };
    }
    match r.read::<libc::mq_attr>(addr) {
        Some(a) => Value::Struct(vec![
            field("mq_flags", Value::Flags(MQ_FLAGS.decode(a.mq_flags as u64))),
            field("mq_maxmsg", int(a.mq_maxmsg)),
            field("mq_msgsize", int(a.mq_msgsize)),
            field("mq_curmsgs", int(a.mq_curmsgs)),
        ]),
        None => Value::Unreadable(addr),
    }
}

/// Queue attributes passed in (mq_getsetattr's new attributes).
#[inline(never)]
pub fn mq_attr_in(r: &Reader, addr: u64, _: &[u64; 6]) -> Value {
    mq_attr(r, addr)
}

/// Queue attributes the kernel wrote (mq_getsetattr's old attributes).
#[inline(never)]
pub fn mq_attr_out(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    mq_attr(r, addr)
}

/// mq_open(2): the mode and attributes are shown only with O_CREAT, as
/// strace does; without it the kernel ignores them.
pub fn mq_open_entry(r: &Reader, raw: &RawSyscall) -> Vec<Field> {
    let a = &raw.args;
    let mut args =
        vec![field("name", r.path(a[0])), field("oflag", Value::Flags(OPEN_FLAGS.decode(a[1] as u32 as u64)))];
    if a[1] & libc::O_CREAT as u64 != 0 {
        args.push(field("mode", Value::Oct(a[2] as u16 as u64)));
        args.push(field("attr", mq_attr(r, a[3])));
    }
    args
}

/// The priority mq_timedreceive(2) wrote: `[5]`.
#[inline(never)]
pub fn msg_prio_out(r: &Reader, addr: u64, _: &[u64; 6], _: i64) -> Value {
    match r.read::<u32>(addr) {
        Some(p) => Value::Array { items: vec![Value::Uint(p as u64)], more: false },
        None => Value::Unreadable(addr),
    }
}

/// sigev_notify of a struct sigevent.
static SIGEV_NOTIFY: SymSet = SymSet(syms!(SIGEV_SIGNAL, SIGEV_NONE, SIGEV_THREAD, SIGEV_THREAD_ID));

/// A struct sigevent, as strace prints it: `{sigev_signo=SIGUSR1,
/// sigev_notify=SIGEV_SIGNAL}`, the value first when its pointer is set
/// (`sigev_value={sival_int=1, sival_ptr=0x1}`), the thread fields for
/// SIGEV_THREAD and SIGEV_THREAD_ID.
pub fn sigevent_value(r: &Reader, addr: u64) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    let ev = if r.compat {
        // struct compat_sigevent: a 4-byte sigval, signo, notify, then the
        // thread id or the 4-byte function and attributes pointers.
        r.read::<[u32; 5]>(addr).map(|w| Sigevent {
            value: w[0] as u64,
            signo: w[1] as i32,
            notify: w[2] as i32,
            function_or_tid: w[3] as u64,
            attributes: w[4] as u64,
        })
    } else {
        r.read::<Sigevent>(addr)
    };
    let Some(ev) = ev else {
        return Value::Unreadable(addr);
    };
    let mut fields = Vec::new();
    if ev.value != 0 {
        fields.push(field(
            "sigev_value",
            Value::Struct(vec![
                field("sival_int", int(ev.value as i32 as i64)),
                field("sival_ptr", Value::Ptr(ev.value)),
            ]),
        ));
    }
    let signo = match ev.notify {
        libc::SIGEV_SIGNAL | libc::SIGEV_THREAD | libc::SIGEV_THREAD_ID => Value::Signal(ev.signo),
        _ => Value::Uint(ev.signo as u32 as u64),
    };
    fields.push(field("sigev_signo", signo));
    fields.push(field("sigev_notify", Value::Sym(SIGEV_NOTIFY.decode(ev.notify as i64))));
    match ev.notify {
        libc::SIGEV_THREAD => {
            fields.push(field("sigev_notify_function", Value::Ptr(ev.function_or_tid)));
            fields.push(field("sigev_notify_attributes", Value::Ptr(ev.attributes)));
        }
        libc::SIGEV_THREAD_ID => fields.push(field("sigev_notify_thread_id", int(ev.function_or_tid as i32 as i64))),
        _ => {}
    }
    Value::Struct(fields)
}

/// The notification mq_notify(2) asks for.
#[inline(never)]
pub fn sigevent(r: &Reader, addr: u64, _: &[u64; 6]) -> Value {
    sigevent_value(r, addr)
}
