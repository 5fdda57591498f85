//! Calls and values quoted in check messages, as the trace shows them but
//! short: long strings are cut, so a message stays readable. The text is
//! the tracer's own call formatter in its quoting style
//! ([`CallStyle::QUOTE`]), the one the trace and the hang report use too.

use tracer::decode::{Syscall, Value};
use tracer::render::call::{self as format, CallStyle};

/// A call in the trace's own form: `read(3<pipe:[48213]>, "", 64) = 0`;
/// one that never returned, `= ?` with why in the language of this run.
pub fn call(call: &Syscall) -> String {
    format::line(call, quote_style())
}

/// [`CallStyle::QUOTE`], its words (`(it never returned)`) in the language
/// of this run: the call formatter keeps them as `&'static str`, so the
/// translation is made once.
fn quote_style() -> CallStyle {
    static UNFINISHED: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();
    match crate::lang::current() {
        crate::lang::Lang::En => CallStyle::QUOTE,
        lang => {
            let unfinished =
                UNFINISHED.get_or_init(|| Box::leak(crate::i18n::tr_in!(lang, "quote-unfinished").into_boxed_str()));
            CallStyle { unfinished, ..CallStyle::QUOTE }
        }
    }
}

/// A call a process was still blocked in when the run ended, without a
/// result, as the hang report shows it: `wait4(1205, ..., 0, NULL)`.
pub fn call_head(call: &Syscall) -> String {
    format::head(call, CallStyle { pending_as_dots: true, ..quote_style() })
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
        out.push(format!("  {}", crate::i18n::tr!("calls-more", n = lines.len() - max)));
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use tracer::decode::{Bytes, Fd, Field, RawSyscall, RetKind};

    use super::*;

    #[test]
    fn a_call_that_never_returned_says_so_in_either_language() {
        use crate::lang::Lang;
        assert_eq!(crate::i18n::tr_in!(Lang::En, "quote-unfinished"), CallStyle::QUOTE.unfinished);
        let ko = crate::i18n::tr_in!(Lang::Ko, "quote-unfinished");
        assert!(ko.starts_with("? (") && ko.chars().any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c)), "{ko}");
    }

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
            injected: None,
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
            injected: None,
        };
        assert_eq!(call(&c), "read() = ? (it never returned)");
    }
}
