//! Calls and values quoted in check messages, as the trace shows them but
//! short: long strings are cut, so a message stays readable.

use tracer::decode::{Syscall, Value};

/// Longest string or buffer quoted in full.
const QUOTE_LIMIT: usize = 80;

/// A call in the trace's own form: `read(3<pipe:[48213]>, "", 64) = 0`.
pub fn call(call: &Syscall) -> String {
    let args: Vec<String> = call.args.iter().map(|f| value(&f.value)).collect();
    format!("{}({}) = {}", call.name, args.join(", "), result(call))
}

/// A call without its result, as it was entered: `wait4(1205, 0x7ffd..., 0, NULL)`.
pub fn call_head(call: &Syscall) -> String {
    let args: Vec<String> = call.args.iter().map(|f| value(&f.value)).collect();
    format!("{}({})", call.name, args.join(", "))
}

/// The result part of a call: `3`, `-1 ENOENT`, `?` when it never returned.
pub fn result(call: &Syscall) -> String {
    match (call.ret, call.errno) {
        (None, _) => "? (it never returned)".to_string(),
        (Some(_), Some(e)) => format!("-1 {}", e.name()),
        (Some(ret), None) => match &call.ret_value {
            Some(v) => value(v),
            None if call.ret_kind == tracer::decode::RetKind::Hex => format!("{ret:#x}"),
            None => ret.to_string(),
        },
    }
}

/// A value as the trace prints it, with strings cut at [`QUOTE_LIMIT`] bytes.
pub fn value(v: &Value) -> String {
    match v {
        Value::Str(b) if b.data.len() > QUOTE_LIMIT => {
            let mut s = String::new();
            tracer::decode::value::write_c_string(&mut s, &b.data[..QUOTE_LIMIT], true);
            s
        }
        Value::Struct(fields) => {
            let inner: Vec<String> = fields.iter().map(|f| format!("{}={}", f.name, value(&f.value))).collect();
            format!("{{{}}}", inner.join(", "))
        }
        Value::Array { items, more } => {
            let mut inner: Vec<String> = items.iter().map(value).collect();
            if *more {
                inner.push("...".into());
            }
            format!("[{}]", inner.join(", "))
        }
        other => other.to_string(),
    }
}

/// A value as plain text, with no quotes: a path, a name, a message.
pub fn plain(v: &Value) -> String {
    match v {
        Value::Str(b) => b.lossy().into_owned(),
        Value::Text(t) => t.clone(),
        other => other.to_string(),
    }
}

/// Text cut to `max` characters, with `...` when cut.
pub fn short(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).collect();
    if text.chars().count() > max {
        out.push_str("...");
    }
    out
}

/// Up to `max` quoted calls, one per line, with how many more there were.
pub fn calls_list(lines: &[String], max: usize) -> String {
    let mut out: Vec<String> = lines.iter().take(max).map(|l| format!("  {l}")).collect();
    if lines.len() > max {
        out.push(format!("  ... and {} more", lines.len() - max));
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use tracer::decode::{Bytes, Fd, Field, RawSyscall, RetKind};

    use super::*;

    #[test]
    fn a_call_is_quoted_as_the_trace_shows_it_with_long_strings_cut() {
        let c = Syscall {
            sysno: None,
            name: Cow::Borrowed("write"),
            args: vec![
                Field::new("fd", Value::Fd(Fd { fd: 4, target: Some("pipe:[9]".into()) })),
                Field::new("buf", Value::Str(Bytes::new(vec![b'x'; 90], false))),
                Field::new("count", Value::Uint(90)),
            ],
            raw: RawSyscall::new(1, [0; 6]),
            ret: Some(90),
            errno: None,
            ret_kind: RetKind::Int,
            ret_value: None,
        };
        assert_eq!(call(&c), format!("write(4<pipe:[9]>, \"{}\"..., 90) = 90", "x".repeat(80)));
    }

    #[test]
    fn a_call_that_never_returned_says_so() {
        let c = Syscall {
            sysno: None,
            name: Cow::Borrowed("read"),
            args: vec![],
            raw: RawSyscall::new(0, [0; 6]),
            ret: None,
            errno: None,
            ret_kind: RetKind::Int,
            ret_value: None,
        };
        assert_eq!(call(&c), "read() = ? (it never returned)");
    }
}
