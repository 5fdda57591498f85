//! A call as text, `read(3<pipe:[48213]>, "hi", 64) = 2`: the one
//! formatter of the text trace, the graders' quotes and the hang report's
//! head. A [`CallStyle`] says what differs between them: whether long
//! strings are cut, how an argument the kernel has not filled in yet is
//! shown, and how a failure or a call that never returned reads.

use crate::decode::value::{push_hex, write_c_string};
use crate::decode::{RetKind, Syscall, Value};

/// How a call is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallStyle {
    /// Strings and buffers longer than this are cut, with `...`; None
    /// shows them as decoded (the decoder already cut them at `-s`).
    pub cut: Option<usize>,
    /// An argument the kernel has not filled in yet shows as `...`
    /// instead of its address (a call still blocked in the kernel).
    pub pending_as_dots: bool,
    /// A failure names its error only (`-1 ENOENT`), not also its
    /// description (`-1 ENOENT (No such file or directory)`).
    pub errno_name_only: bool,
    /// What follows `= ` for a call that never returned.
    pub unfinished: &'static str,
}

impl CallStyle {
    /// The text trace: every argument as decoded, errors described.
    pub const TRACE: CallStyle =
        CallStyle { cut: None, pending_as_dots: false, errno_name_only: false, unfinished: "?" };
    /// A call quoted in a grader's finding: strings cut at 80 bytes, so a
    /// message stays readable, and a short result.
    pub const QUOTE: CallStyle =
        CallStyle { cut: Some(80), pending_as_dots: false, errno_name_only: true, unfinished: "? (it never returned)" };
    /// A call a thread is still blocked in (the hang report): what it
    /// passed in, and `...` for what the kernel has not written yet.
    pub const BLOCKED: CallStyle =
        CallStyle { cut: None, pending_as_dots: true, errno_name_only: true, unfinished: "?" };
}

/// Appends a value as the style shows it.
pub fn write_value(out: &mut String, v: &Value, style: CallStyle) {
    match v {
        Value::Str(b) if style.cut.is_some_and(|cut| b.data.len() > cut) => {
            let cut = style.cut.unwrap_or_default();
            write_c_string(out, &b.data[..cut], true);
        }
        Value::Out(_) if style.pending_as_dots => out.push_str("..."),
        // Only a cut can reach inside a structure or an array.
        Value::Struct(fields) if style.cut.is_some() => {
            out.push('{');
            for (i, field) in fields.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(field.name);
                out.push('=');
                write_value(out, &field.value, style);
            }
            out.push('}');
        }
        Value::Array { items, more } if style.cut.is_some() => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, item, style);
            }
            if *more {
                out.push_str(if items.is_empty() { "..." } else { ", ..." });
            }
            out.push(']');
        }
        other => other.render(out),
    }
}

/// Appends the arguments `args`, separated by `, `.
pub fn write_args(out: &mut String, args: &[crate::decode::Field], style: CallStyle) {
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_value(out, &arg.value, style);
    }
}

/// Appends what follows `= `: the result, or the error, then the mark of
/// an injected call. `error` writes a failure (the text trace colours it).
pub fn write_result_with(
    out: &mut String,
    call: &Syscall,
    style: CallStyle,
    error: impl FnOnce(&mut String, std::fmt::Arguments<'_>),
) {
    write_outcome(out, call, style, error);
    if let Some(injected) = call.injected {
        // What `--inject` did, as strace marks it: `(INJECTED: ...)`.
        let _ = std::fmt::Write::write_fmt(out, format_args!(" (INJECTED: {injected})"));
    }
}

fn write_outcome(
    out: &mut String,
    call: &Syscall,
    style: CallStyle,
    error: impl FnOnce(&mut String, std::fmt::Arguments<'_>),
) {
    let Some(ret) = call.ret else {
        out.push_str(style.unfinished);
        return;
    };
    if let Some(errno) = call.errno {
        let sign = if errno.is_restart() { "?" } else { "-1" };
        if style.errno_name_only {
            error(out, format_args!("{sign} {}", errno.name()));
        } else {
            error(out, format_args!("{sign} {errno}"));
        }
        return;
    }
    match &call.ret_value {
        Some(Value::Flags(_)) if ret == 0 => out.push('0'),
        Some(flags @ Value::Flags(_)) => {
            push_hex(out, ret as u64);
            out.push_str(" (");
            flags.render(out);
            out.push(')');
        }
        Some(v) => write_value(out, v, style),
        None if call.ret_kind == RetKind::Hex => push_hex(out, ret as u64),
        None => out.push_str(itoa::Buffer::new().format(ret)),
    }
}

/// Appends what follows `= `, uncoloured.
pub fn write_result(out: &mut String, call: &Syscall, style: CallStyle) {
    write_result_with(out, call, style, |out, text| {
        let _ = std::fmt::Write::write_fmt(out, text);
    });
}

/// The call's head: its name and arguments, `read(3<pipe:[48213]>, ...)`.
pub fn head(call: &Syscall, style: CallStyle) -> String {
    let mut s = String::with_capacity(64);
    s.push_str(&call.name);
    s.push('(');
    write_args(&mut s, &call.args, style);
    s.push(')');
    s
}

/// The whole call: `read(3<pipe:[48213]>, "", 64) = 0`.
pub fn line(call: &Syscall, style: CallStyle) -> String {
    let mut s = head(call, style);
    s.push_str(" = ");
    write_result(&mut s, call, style);
    s
}

/// A value alone, as the style shows it.
pub fn value(v: &Value, style: CallStyle) -> String {
    let mut s = String::new();
    write_value(&mut s, v, style);
    s
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    use crate::decode::{Bytes, Errno, Fd, Field, RawSyscall};

    fn call(name: &'static str, args: Vec<Field>, ret: Option<i64>) -> Syscall {
        Syscall {
            sysno: None,
            name: Cow::Borrowed(name),
            args,
            raw: RawSyscall::new(0, [0; 6]),
            ret,
            errno: ret.and_then(Errno::from_ret),
            ret_kind: RetKind::Int,
            ret_value: None,
            injected: None,
        }
    }

    fn write_of(len: usize) -> Syscall {
        call(
            "write",
            vec![
                Field::new("fd", Value::Fd(Fd { fd: 4, target: Some("pipe:[9]".into()) })),
                Field::new("buf", Value::Str(Bytes::new(vec![b'x'; len], false))),
                Field::new("count", Value::Uint(len as u64)),
            ],
            Some(len as i64),
        )
    }

    #[test]
    fn a_quote_cuts_long_strings_where_the_trace_shows_them_whole() {
        let c = write_of(90);
        assert_eq!(line(&c, CallStyle::QUOTE), format!("write(4<pipe:[9]>, \"{}\"..., 90) = 90", "x".repeat(80)));
        assert_eq!(line(&c, CallStyle::TRACE), format!("write(4<pipe:[9]>, \"{}\", 90) = 90", "x".repeat(90)));
        let nested = Value::Array {
            items: vec![Value::Struct(vec![Field::new("s", Value::Str(Bytes::new(vec![b'y'; 81], false)))])],
            more: true,
        };
        assert_eq!(value(&nested, CallStyle::QUOTE), format!("[{{s=\"{}\"...}}, ...]", "y".repeat(80)));
        assert_eq!(value(&nested, CallStyle::TRACE), nested.to_string());
    }

    #[test]
    fn an_injected_call_is_marked_after_its_result_in_every_style() {
        let mut c = write_of(23);
        c.ret = Some(11);
        c.injected = Some(crate::decode::Injected::Short { asked: 23, given: 11 });
        let mark = " = 11 (INJECTED: short, count 23 lowered to 11)";
        assert!(line(&c, CallStyle::TRACE).ends_with(mark), "{}", line(&c, CallStyle::TRACE));
        assert!(line(&c, CallStyle::QUOTE).ends_with(mark));
        c.ret = Some(-(libc::EINTR as i64));
        c.errno = Errno::from_ret(-(libc::EINTR as i64));
        c.injected = Some(crate::decode::Injected::Error(Errno(libc::EINTR)));
        assert!(
            line(&c, CallStyle::QUOTE).ends_with(" = -1 EINTR (INJECTED: EINTR, the call did not run)"),
            "{}",
            line(&c, CallStyle::QUOTE)
        );
    }

    #[test]
    fn a_blocked_call_shows_dots_for_what_the_kernel_has_not_written() {
        let mut c = call(
            "read",
            vec![
                Field::new("fd", Value::Fd(Fd::new(3))),
                Field::new("buf", Value::Out(0x1000)),
                Field::new("count", Value::Uint(64)),
            ],
            None,
        );
        assert_eq!(head(&c, CallStyle::BLOCKED), "read(3, ..., 64)");
        assert_eq!(line(&c, CallStyle::TRACE), "read(3, 0x1000, 64) = ?");
        assert_eq!(line(&c, CallStyle::QUOTE), "read(3, 0x1000, 64) = ? (it never returned)");
        c.ret = Some(-(libc::ENOENT as i64));
        c.errno = Errno::from_ret(-(libc::ENOENT as i64));
        assert_eq!(line(&c, CallStyle::QUOTE), "read(3, 0x1000, 64) = -1 ENOENT");
        assert_eq!(line(&c, CallStyle::TRACE), "read(3, 0x1000, 64) = -1 ENOENT (No such file or directory)");
    }
}
