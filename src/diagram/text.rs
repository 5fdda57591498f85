//! Text for the diagram: a call written back from its JSON form as the
//! trace shows it, short escaped payloads, the kernel line of a `kernel`
//! record, and how wide a label is drawn (no font metrics: an estimate per
//! character, wide for Hangul and CJK).

use std::fmt::Write as _;

use super::json::J;

/// A string in C's escapes (`\n`, `\t`, `\"`, `\x01`), cut after `max`
/// characters with `…`; printable non-ASCII text (Hangul included) is kept.
pub fn escape_payload(s: &str, max: usize, truncated: bool) -> String {
    let mut out = String::new();
    let mut cut = truncated;
    for (n, c) in s.chars().enumerate() {
        if n >= max {
            cut = true;
            break;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\0' => out.push_str("\\0"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            '\u{fffd}' => out.push_str("\\ufffd"),
            c => out.push(c),
        }
    }
    if cut {
        out.push('…');
    }
    out
}

/// The bytes a JSON buffer value carries: a string, or `{"str", "truncated"}`.
pub fn buffer(v: &J) -> Option<(&str, bool)> {
    match v {
        J::Str(s) => Some((s, false)),
        J::Obj(_) => {
            let s = v.get("str")?.as_str()?;
            Some((s, v["truncated"].as_bool().unwrap_or(false)))
        }
        _ => None,
    }
}

/// A payload as a quoted, escaped, short label: `"hello\n"`.
pub fn quoted(v: &J, max: usize) -> Option<String> {
    let (s, truncated) = buffer(v)?;
    Some(format!("\"{}\"", escape_payload(s, max, truncated)))
}

/// One argument value written as the text trace writes it: numbers as
/// they are, strings quoted, descriptors `3<pipe:[1]>`, structures
/// `{k=v, ...}`, NULL for a null pointer.
pub fn value_text(v: &J, out: &mut String) {
    match v {
        J::Null => out.push_str("NULL"),
        J::Bool(_) | J::Int(_) | J::Float(_) => {
            let _ = write!(out, "{v}");
        }
        J::Str(s) => quote_or_symbol(s, out),
        J::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                match item.as_str() {
                    Some("...") => out.push_str("..."),
                    _ => value_text(item, out),
                }
            }
            out.push(']');
        }
        J::Obj(m) => {
            if let (Some(fd), Some(target)) = (v["fd"].as_i64(), v.get("target")) {
                if m.len() == 2 {
                    let _ = write!(out, "{fd}");
                    if let Some(t) = target.as_str() {
                        let _ = write!(out, "<{t}>");
                    }
                    return;
                }
            }
            if let Some((s, true)) = buffer(v) {
                let _ = write!(out, "\"{}\"...", escape_payload(s, usize::MAX, false));
                return;
            }
            out.push('{');
            for (i, (k, val)) in m.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{k}=");
                value_text(val, out);
            }
            out.push('}');
        }
    }
}

/// Flags, constants, addresses and modes are strings in the JSON but are
/// not quoted in the text trace; strings and buffers are.
fn quote_or_symbol(s: &str, out: &mut String) {
    let symbolic = !s.is_empty()
        && (s.starts_with("0x")
            || (s.starts_with('0') && s.len() > 1 && s.bytes().all(|b| b.is_ascii_digit()))
            || s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b"_|+-".contains(&b))
                && s.bytes().any(|b| b.is_ascii_uppercase()));
    if symbolic {
        out.push_str(s);
    } else {
        let _ = write!(out, "\"{}\"", escape_payload(s, usize::MAX, false));
    }
}

/// A `syscall` record as one line of the text trace:
/// `write(4<pipe:[28988]>, "hello\n", 6) = 6`.
pub fn call_text(rec: &J) -> String {
    let mut s = String::new();
    s.push_str(rec["name"].as_str().unwrap_or("?"));
    s.push('(');
    {
        for (i, (_, v)) in rec["args"].entries().iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            value_text(v, &mut s);
        }
    }
    s.push_str(") = ");
    match (&rec["ret"], rec["errno"].as_str()) {
        (J::Null, _) => s.push('?'),
        (_, Some(errno)) => {
            let _ = write!(s, "-1 {errno}");
        }
        (ret, None) => match rec.get("ret_value") {
            Some(rv) if !rv.is_null() => {
                value_text(ret, &mut s);
                if !(matches!(rv, J::Obj(_)) && rv.get("fd").is_some())
                    || rv.get("target").is_some_and(|t| !t.is_null())
                {
                    s.push_str(" (");
                    value_text(rv, &mut s);
                    s.push(')');
                }
            }
            _ => value_text(ret, &mut s),
        },
    }
    s
}

/// A `kernel` record as one line: the `kernel:` line the text trace shows
/// (its `line`); for a trace recorded before records carried it, its keys:
/// `kernel: pipe ino=28988 bytes=23 ...`, every key but the record's own
/// type, pid, tid and time.
pub fn kernel_text(rec: &J) -> String {
    if let Some(line) = rec["line"].as_str() {
        return format!("kernel: {line}");
    }
    let mut s = String::from("kernel: ");
    s.push_str(rec["object"].as_str().unwrap_or("?"));
    for (k, v) in rec.entries() {
        if matches!(k.as_str(), "type" | "pid" | "tid" | "time" | "object" | "line") {
            continue;
        }
        let _ = write!(s, " {k}=");
        match v {
            J::Str(t) => s.push_str(t),
            v => {
                let _ = write!(s, "{v}");
            }
        }
    }
    s
}

/// Whether a character is drawn about twice as wide as a Latin letter
/// (Hangul, CJK ideographs, kana, fullwidth forms).
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA960..=0xA97F | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x20000..=0x3FFFD)
}

/// The drawn width of `s` in pixels at font size `size`, estimated.
pub fn width(s: &str, size: f64) -> f64 {
    let units: f64 = s.chars().map(|c| if is_wide(c) { 1.0 } else { 0.6 }).sum();
    units * size
}

/// `s` cut to at most `max` pixels at `size`, with `…` when cut.
pub fn fit(s: &str, max: f64, size: f64) -> String {
    if width(s, size) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = width("…", size);
    for c in s.chars() {
        let cw = if is_wide(c) { size } else { 0.6 * size };
        if w + cw > max {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    out
}

/// `s` cut to at most `max` pixels keeping its end (a path's file name),
/// with `…` first when cut.
pub fn fit_tail(s: &str, max: f64, size: f64) -> String {
    if width(s, size) <= max {
        return s.to_string();
    }
    let mut kept: Vec<char> = Vec::new();
    let mut w = width("…", size);
    for c in s.chars().rev() {
        let cw = if is_wide(c) { size } else { 0.6 * size };
        if w + cw > max {
            break;
        }
        w += cw;
        kept.push(c);
    }
    let mut out = String::from("…");
    out.extend(kept.iter().rev());
    out
}

/// Text for XML: `&`, `<`, `>` and quotes as entities, and no character
/// XML 1.0 forbids (control characters become U+FFFD).
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c as u32, 0xFFFE | 0xFFFF) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> J {
        super::super::json::parse(text.as_bytes()).unwrap()
    }

    #[test]
    fn payloads_are_escaped_and_cut_keeping_hangul() {
        assert_eq!(escape_payload("hi\n\"x\"\u{1}", 40, false), "hi\\n\\\"x\\\"\\x01");
        assert_eq!(escape_payload("안녕하세요 세계", 5, false), "안녕하세요…");
        assert_eq!(escape_payload("abc", 10, true), "abc…");
    }

    #[test]
    fn a_kernel_record_is_the_line_the_text_trace_shows_or_its_keys_in_an_older_trace() {
        let rec = json(
            r#"{"type":"kernel","pid":1,"tid":1,"time":0.1,"object":"pipe","ino":7,"fifo":null,"bytes":5,
            "holders":null,"line":"pipe:[7] 5 bytes buffered"}"#,
        );
        assert_eq!(kernel_text(&rec), "kernel: pipe:[7] 5 bytes buffered");
        let rec = json(r#"{"type":"kernel","pid":1,"tid":1,"time":0.1,"object":"pipe","ino":7,"bytes":5}"#);
        assert_eq!(kernel_text(&rec), "kernel: pipe ino=7 bytes=5");
    }

    #[test]
    fn a_call_is_written_back_as_the_text_trace_writes_it() {
        let rec = json(
            r#"{"type":"syscall","name":"write","args":{"fd":{"fd":4,"target":"pipe:[7]"},
            "buf":"hi\n","count":3},"ret":3,"errno":null}"#,
        );
        assert_eq!(call_text(&rec), "write(4<pipe:[7]>, \"hi\\n\", 3) = 3");
        let rec = json(
            r#"{"type":"syscall","name":"msgget","args":{"key":"IPC_PRIVATE","msgflg":"IPC_CREAT|0600"},
            "ret":-1,"errno":"ENOSPC"}"#,
        );
        assert_eq!(call_text(&rec), "msgget(IPC_PRIVATE, IPC_CREAT|0600) = -1 ENOSPC");
        let rec = json(r#"{"type":"syscall","name":"exit_group","args":{"status":0},"ret":null,"errno":null}"#);
        assert_eq!(call_text(&rec), "exit_group(0) = ?");
    }

    #[test]
    fn xml_text_escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(xml("<a href=\"x\">&</a>\u{1}"), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;\u{fffd}");
    }

    #[test]
    fn hangul_is_measured_wide() {
        assert!(width("가나", 10.0) > width("ab", 10.0) * 1.5);
        assert_eq!(fit("abcdefghij", 30.0, 10.0), "abcd…");
    }
}
