//! The decoded form of a system call argument: what the text and JSON
//! renderers print and what graders inspect, independent of how it was read.

use std::fmt;
use std::sync::Arc;

/// One decoded argument (or field of a structure): a value that knows how to
/// print itself the way strace does, and how to appear in JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A signed integer, printed in decimal.
    Int(i64),
    /// An unsigned integer, printed in decimal.
    Uint(u64),
    /// An integer best read in hexadecimal (addresses, sizes of mappings).
    Hex(u64),
    /// A permission mode, printed in octal with a leading 0.
    Oct(u64),
    /// A user-space address; 0 prints as NULL.
    Ptr(u64),
    /// A file descriptor, with what it refers to when known (`pipe:[48213]`).
    Fd(Fd),
    /// Bytes from the tracee: a string or a data buffer.
    Str(Bytes),
    /// A set of flags: the names of the bits that are set, and what is left.
    Flags(Flags),
    /// One constant out of a set (a command, an operation, a socket family).
    Sym(Sym),
    /// A signal number, printed by name.
    Signal(i32),
    /// A structure read from the tracee, with named fields.
    Struct(Vec<Field>),
    /// An array read from the tracee; `more` is set when it was cut short.
    Array { items: Vec<Value>, more: bool },
    /// An address the tracer could not read (unmapped, or the process is gone).
    Unreadable(u64),
    /// A value written by the kernel that is not known yet (the call has not
    /// returned) or not meaningful (the call failed): the address is shown.
    Out(u64),
    /// Free text for things with no better form (`FUTEX_WAIT_PRIVATE`-style
    /// composites, `~[SIGKILL]`-style sets).
    Text(String),
}

/// A named field of a decoded structure, or a named argument of a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub value: Value,
}

impl Field {
    pub fn new(name: &'static str, value: Value) -> Self {
        Field { name, value }
    }
}

/// A file descriptor and, when the tracer knows it, its target as
/// `/proc/PID/fd/N` names it (`pipe:[48213]`, `socket:[9911]`, `/tmp/x.fifo`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fd {
    pub fd: i32,
    /// Shared with the tracer's descriptor cache: naming a descriptor
    /// copies no text.
    pub target: Option<Arc<str>>,
}

impl Fd {
    pub fn new(fd: i32) -> Self {
        Fd { fd, target: None }
    }

    /// The pipe inode number when this descriptor is a pipe or FIFO end known
    /// as `pipe:[N]`.
    pub fn pipe_inode(&self) -> Option<u64> {
        inode_of(self.target.as_deref()?, "pipe:[")
    }

    /// The socket inode number when this descriptor is a socket.
    pub fn socket_inode(&self) -> Option<u64> {
        inode_of(self.target.as_deref()?, "socket:[")
    }
}

fn inode_of(target: &str, prefix: &str) -> Option<u64> {
    target.strip_prefix(prefix)?.strip_suffix(']')?.parse().ok()
}

/// Bytes read from the tracee's memory, bounded by the string limit.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bytes {
    pub data: Vec<u8>,
    /// More bytes followed that were not read (the limit was reached).
    pub truncated: bool,
}

impl Bytes {
    pub fn new(data: Vec<u8>, truncated: bool) -> Self {
        Bytes { data, truncated }
    }

    /// The bytes as text, with invalid UTF-8 replaced.
    pub fn lossy(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.data)
    }
}

/// A decoded bit set: the names of the known bits that were set, plus any
/// remaining bits printed in hexadecimal (or octal for modes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flags {
    pub raw: u64,
    pub names: Vec<&'static str>,
    /// Bits no name covered.
    pub rest: u64,
    /// Print the remaining bits in octal (permission bits after IPC_CREAT|...).
    pub rest_octal: bool,
}

impl Flags {
    /// True when the flag called `name` is among the set bits.
    pub fn has(&self, name: &str) -> bool {
        self.names.contains(&name)
    }
}

/// A symbolic constant: its name when known, and its raw value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sym {
    pub raw: i64,
    pub name: Option<&'static str>,
}

impl Value {
    /// The integer this value carries, if it is numeric in any form.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(v) => Some(*v),
            Value::Uint(v) | Value::Hex(v) | Value::Oct(v) | Value::Ptr(v) => Some(*v as i64),
            Value::Fd(fd) => Some(fd.fd as i64),
            Value::Flags(f) => Some(f.raw as i64),
            Value::Sym(s) => Some(s.raw),
            Value::Signal(s) => Some(*s as i64),
            _ => None,
        }
    }

    /// The file descriptor, if this value is one.
    pub fn as_fd(&self) -> Option<&Fd> {
        match self {
            Value::Fd(fd) => Some(fd),
            _ => None,
        }
    }

    /// The bytes, if this value is a string or buffer.
    pub fn as_bytes(&self) -> Option<&Bytes> {
        match self {
            Value::Str(b) => Some(b),
            _ => None,
        }
    }

    /// The field called `name`, if this value is a structure that has it.
    pub fn field(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Struct(fields) => fields.iter().find(|f| f.name == name).map(|f| &f.value),
            _ => None,
        }
    }

    /// The constant's name, if this value is a symbol or a flag set.
    pub fn sym_name(&self) -> Option<&'static str> {
        match self {
            Value::Sym(s) => s.name,
            Value::Flags(f) if f.names.len() == 1 && f.rest == 0 => Some(f.names[0]),
            _ => None,
        }
    }
}

/// The bytes that stand for themselves in a C string literal: printable
/// ASCII but the quote and the backslash.
const PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0x20;
    while b <= 0x7e {
        table[b] = b != b'"' as usize && b != b'\\' as usize;
        b += 1;
    }
    table
};

/// Appends `data` as a C string literal the way strace does: printable
/// ASCII as is, common escapes, everything else as `\xNN`.
pub fn write_c_string(out: &mut String, data: &[u8], truncated: bool) {
    out.reserve(data.len() + 5);
    out.push('"');
    push_escaped(out, data);
    out.push('"');
    if truncated {
        out.push_str("...");
    }
}

/// Appends `data` with the escapes of a C string literal, without quotes:
/// a path in an fd annotation (`3</tmp/a\nb>`) stays on one line.
pub fn push_escaped(out: &mut String, data: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut rest = data;
    while !rest.is_empty() {
        // A run of bytes printed as they are goes out in one piece.
        let plain = rest.iter().position(|&b| !PLAIN[b as usize]).unwrap_or(rest.len());
        let (run, tail) = rest.split_at(plain);
        // Printable ASCII is valid UTF-8.
        out.push_str(std::str::from_utf8(run).unwrap_or_default());
        let Some((&b, tail)) = tail.split_first() else { break };
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\t' => out.push_str("\\t"),
            b'\r' => out.push_str("\\r"),
            0x0b => out.push_str("\\v"),
            0x0c => out.push_str("\\f"),
            _ => {
                out.push_str("\\x");
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 15) as usize] as char);
            }
        }
        rest = tail;
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        self.render(&mut s);
        f.write_str(&s)
    }
}

/// Appends `v` in hexadecimal with a `0x` prefix, as `{v:#x}` does.
pub fn push_hex(out: &mut String, v: u64) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut buf = [0u8; 18];
    let mut at = buf.len();
    let mut n = v;
    loop {
        at -= 1;
        buf[at] = HEX[(n & 15) as usize];
        n >>= 4;
        if n == 0 {
            break;
        }
    }
    at -= 2;
    buf[at] = b'0';
    buf[at + 1] = b'x';
    // Hex digits and "0x" are ASCII.
    out.push_str(std::str::from_utf8(&buf[at..]).unwrap_or_default());
}

/// Appends `v` in octal with a leading 0, as `0{v:o}` does.
fn push_octal(out: &mut String, v: u64) {
    let mut buf = [0u8; 23];
    let mut at = buf.len();
    let mut n = v;
    loop {
        at -= 1;
        buf[at] = b'0' + (n & 7) as u8;
        n >>= 3;
        if n == 0 {
            break;
        }
    }
    at -= 1;
    buf[at] = b'0';
    out.push_str(std::str::from_utf8(&buf[at..]).unwrap_or_default());
}

impl Value {
    /// Appends the value the way strace prints it. This is the one
    /// implementation of a value's text (`Display` goes through it); the
    /// text renderer calls it straight into its line, which spares every
    /// argument of every call the formatting machinery.
    pub fn render(&self, out: &mut String) {
        match self {
            Value::Int(v) => out.push_str(itoa::Buffer::new().format(*v)),
            Value::Uint(v) => out.push_str(itoa::Buffer::new().format(*v)),
            Value::Hex(0) => out.push('0'),
            Value::Hex(v) => push_hex(out, *v),
            Value::Oct(0) => out.push_str("000"),
            Value::Oct(v) => push_octal(out, *v),
            Value::Ptr(0) => out.push_str("NULL"),
            Value::Ptr(v) | Value::Out(v) | Value::Unreadable(v) => push_hex(out, *v),
            Value::Fd(fd) => {
                out.push_str(itoa::Buffer::new().format(fd.fd));
                if let Some(t) = &fd.target {
                    out.push('<');
                    push_escaped(out, t.as_bytes());
                    out.push('>');
                }
            }
            Value::Str(b) => {
                write_c_string(out, &b.data, b.truncated);
            }
            Value::Flags(fl) => push_flags(out, fl),
            Value::Sym(s) => match s.name {
                Some(n) => out.push_str(n),
                None => out.push_str(itoa::Buffer::new().format(s.raw)),
            },
            Value::Signal(s) => out.push_str(&crate::decode::names::signal_name(*s)),
            Value::Struct(fields) => {
                out.push('{');
                for (i, field) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(field.name);
                    out.push('=');
                    field.value.render(out);
                }
                out.push('}');
            }
            Value::Array { items, more } => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.render(out);
                }
                if *more {
                    out.push_str(if items.is_empty() { "..." } else { ", ..." });
                }
                out.push(']');
            }
            Value::Text(t) => out.push_str(t),
        }
    }
}

/// Appends a permission mode as C's `%#03o` prints it: `0600`, `000`, `007`.
pub fn push_mode(out: &mut String, mode: u64) {
    let mut digits = String::new();
    push_octal(&mut digits, mode);
    // push_octal gives a leading 0 ("0600", "00"): pad to three digits.
    let digits = digits.trim_start_matches('0');
    let width = digits.len() + 1;
    for _ in width..3 {
        out.push('0');
    }
    out.push('0');
    out.push_str(digits);
}

fn push_flags(out: &mut String, fl: &Flags) {
    let mut first = true;
    for name in &fl.names {
        if !first {
            out.push('|');
        }
        out.push_str(name);
        first = false;
    }
    if fl.rest_octal {
        // A mode after flags: bits above the permissions that no name
        // covers in hexadecimal, then the permissions, always.
        let unknown = fl.rest & !0o777;
        if unknown != 0 {
            if !first {
                out.push('|');
            }
            push_hex(out, unknown);
            first = false;
        }
        if !first {
            out.push('|');
        }
        push_mode(out, fl.rest & 0o777);
        return;
    }
    if fl.rest != 0 || first {
        if !first {
            out.push('|');
        }
        if fl.rest == 0 {
            out.push('0');
        } else {
            push_hex(out, fl.rest);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// strace's escaping of one byte, written out plainly.
    fn escaped(b: u8) -> String {
        match b {
            b'"' => "\\\"".into(),
            b'\\' => "\\\\".into(),
            b'\n' => "\\n".into(),
            b'\t' => "\\t".into(),
            b'\r' => "\\r".into(),
            0x0b => "\\v".into(),
            0x0c => "\\f".into(),
            0x20..=0x7e => (b as char).to_string(),
            _ => format!("\\x{b:02x}"),
        }
    }

    #[test]
    fn numbers_render_as_the_formatting_macros_print_them() {
        let mut values = vec![0, 1, 7, 8, 9, 15, 16, 255, 256, 0o777, 4096, u32::MAX as u64, i64::MAX as u64, u64::MAX];
        values.extend((0..64).map(|i| 1u64 << i));
        values.extend((0..64).map(|i| (1u64 << i).wrapping_mul(0x9e37_79b9_7f4a_7c15)));
        for v in values {
            let mut hex = String::new();
            push_hex(&mut hex, v);
            assert_eq!(hex, format!("{v:#x}"));
            let mut oct = String::new();
            push_octal(&mut oct, v);
            assert_eq!(oct, format!("0{v:o}"));
            assert_eq!(Value::Ptr(v).to_string(), if v == 0 { "NULL".into() } else { format!("{v:#x}") });
            assert_eq!(Value::Int(v as i64).to_string(), (v as i64).to_string());
            assert_eq!(Value::Uint(v).to_string(), v.to_string());
        }
        let flags =
            |names: Vec<&'static str>, rest, rest_octal| Value::Flags(Flags { raw: 0, names, rest, rest_octal });
        assert_eq!(flags(vec!["O_RDONLY"], 0, false).to_string(), "O_RDONLY");
        assert_eq!(flags(vec!["IPC_CREAT", "IPC_EXCL"], 0o600, true).to_string(), "IPC_CREAT|IPC_EXCL|0600");
        assert_eq!(flags(vec!["A"], 0x40, false).to_string(), "A|0x40");
        assert_eq!(flags(vec![], 0, false).to_string(), "0");
        let st = Value::Struct(vec![Field::new("a", Value::Int(-1)), Field::new("b", Value::Hex(0x10))]);
        assert_eq!(st.to_string(), "{a=-1, b=0x10}");
        let arr = Value::Array { items: vec![Value::Oct(0o644), Value::Sym(Sym { raw: 3, name: None })], more: true };
        assert_eq!(arr.to_string(), "[0644, 3, ...]");
        assert_eq!(Value::Array { items: vec![], more: true }.to_string(), "[...]");
        let fd = Value::Fd(Fd { fd: 3, target: Some("pipe:[9]".into()) });
        assert_eq!(fd.to_string(), "3<pipe:[9]>");
        let fd = Value::Fd(Fd { fd: 4, target: Some("/tmp/a\nb \"c\"".into()) });
        assert_eq!(fd.to_string(), "4</tmp/a\\nb \\\"c\\\">", "a path's newline stays on the line");
    }

    #[test]
    fn every_byte_is_escaped_as_strace_does() {
        // Every byte alone, and runs of plain text around each.
        for b in 0..=255u8 {
            let data = [b'a', b'b', b, b'c', b, b];
            let mut out = String::new();
            write_c_string(&mut out, &data, false);
            let want: String = data.iter().map(|&b| escaped(b)).collect();
            assert_eq!(out, format!("\"{want}\""), "byte {b:#x}");
        }
        let mut out = String::new();
        write_c_string(&mut out, b"", true);
        assert_eq!(out, "\"\"...");
    }
}
