//! The human-readable trace, strace-like: one line per call, the thread id
//! first and coloured per process, a call shown unfinished and resumed
//! when another line comes between its entry and its return.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write;

use owo_colors::{AnsiColors, OwoColorize};

use crate::decode::names::{si_code_name, signal_name};
use crate::decode::{RetKind, Syscall, Value};
use crate::event::{Event, EventKind, Exit, Pid, SignalInfo, Sink};

/// Colours that read apart on dark and light terminals; red is kept for
/// errors and deaths.
const PALETTE: [AnsiColors; 8] = [
    AnsiColors::Cyan,
    AnsiColors::Yellow,
    AnsiColors::Magenta,
    AnsiColors::Green,
    AnsiColors::Blue,
    AnsiColors::BrightCyan,
    AnsiColors::BrightMagenta,
    AnsiColors::BrightGreen,
];

/// A call whose entry has been seen and whose line is not finished.
struct Open {
    tid: Pid,
    pid: Pid,
    /// The text up to where the kernel's answer goes: `read(3, `.
    head: String,
    /// The head is already on the output (written while the tracer idled).
    written: bool,
}

/// Renders events as text into any writer.
pub struct TextRenderer<W: Write> {
    out: W,
    color: bool,
    /// Flush after every line (for a terminal, so the trace keeps pace
    /// with the program's own output).
    flush_each_line: bool,
    open: Option<Open>,
    /// For calls shown unfinished: how many arguments their head held.
    split: HashMap<Pid, usize>,
    /// Processes in order of appearance, for colours.
    colors: HashMap<Pid, AnsiColors>,
    /// Write errors stop output (a closed pipe) without stopping the trace.
    broken: bool,
}

impl<W: Write> TextRenderer<W> {
    pub fn new(out: W, color: bool, flush_each_line: bool) -> Self {
        TextRenderer {
            out,
            color,
            flush_each_line,
            open: None,
            split: HashMap::new(),
            colors: HashMap::new(),
            broken: false,
        }
    }

    /// Gives the writer back (tests read what was rendered).
    pub fn into_inner(mut self) -> W {
        self.finish_open();
        let _ = self.out.flush();
        self.out
    }

    fn write(&mut self, s: &str) {
        if self.broken {
            return;
        }
        if self.out.write_all(s.as_bytes()).is_err() {
            self.broken = true;
        }
    }

    fn end_line(&mut self) {
        self.write("\n");
        if self.flush_each_line && !self.broken && self.out.flush().is_err() {
            self.broken = true;
        }
    }

    fn prefix(&mut self, pid: Pid, tid: Pid) -> String {
        let text = format!("{tid:>6} ");
        if !self.color {
            return text;
        }
        let next = self.colors.len();
        let color = *self.colors.entry(pid).or_insert(PALETTE[next % PALETTE.len()]);
        text.color(color).to_string()
    }

    fn paint_error(&self, s: String) -> String {
        if self.color { s.red().to_string() } else { s }
    }

    fn paint_dim(&self, s: String) -> String {
        if self.color { s.dimmed().to_string() } else { s }
    }

    /// Ends an open line as unfinished, because another line comes first.
    fn finish_open(&mut self) {
        if let Some(open) = self.open.take() {
            if !open.written {
                let prefix = self.prefix(open.pid, open.tid);
                self.write(&prefix);
                self.write(&open.head);
            }
            self.write(" <unfinished ...>");
            self.end_line();
        }
    }

    fn line(&mut self, pid: Pid, tid: Pid, body: &str) {
        self.finish_open();
        let prefix = self.prefix(pid, tid);
        self.write(&prefix);
        self.write(body);
        self.end_line();
    }

    fn syscall(&mut self, pid: Pid, tid: Pid, call: &Syscall) {
        let split = self.split.remove(&tid);
        match self.open.take() {
            Some(open) if open.tid == tid => {
                let split = split.unwrap_or(call.args.len());
                let tail = self.tail(call, split);
                if !open.written {
                    let prefix = self.prefix(pid, tid);
                    self.write(&prefix);
                    self.write(&open.head);
                }
                self.write(&tail);
                self.end_line();
            }
            other => {
                self.open = other;
                match split {
                    // Its entry was shown unfinished: resume it.
                    Some(split) => {
                        let body = format!("<... {} resumed>{}", call.name, self.tail(call, split));
                        self.line(pid, tid, &body);
                    }
                    None => {
                        let body = format!("{}{}", head(call).0, self.tail(call, head(call).1));
                        self.line(pid, tid, &body);
                    }
                }
            }
        }
    }

    /// The arguments from `split` on, the closing parenthesis and the result.
    fn tail(&self, call: &Syscall, split: usize) -> String {
        let mut s = String::new();
        for (i, arg) in call.args.iter().enumerate().skip(split) {
            if i > split {
                s.push_str(", ");
            }
            let _ = write!(s, "{}", arg.value);
        }
        s.push_str(") = ");
        s.push_str(&self.result(call));
        s
    }

    fn result(&self, call: &Syscall) -> String {
        let Some(ret) = call.ret else { return "?".into() };
        if let Some(errno) = call.errno {
            let text = if errno.is_restart() { format!("? {errno}") } else { format!("-1 {errno}") };
            return self.paint_error(text);
        }
        match &call.ret_value {
            Some(Value::Flags(_)) if ret == 0 => "0".into(),
            Some(Value::Flags(f)) => format!("{:#x} ({})", ret, Value::Flags(f.clone())),
            Some(v) => v.to_string(),
            None if call.ret_kind == RetKind::Hex => format!("{ret:#x}"),
            None => ret.to_string(),
        }
    }

    fn signal(&mut self, pid: Pid, tid: Pid, info: &SignalInfo) {
        let mut fields =
            format!("si_signo={}, si_code={}", signal_name(info.signo), si_code_name(info.signo, info.code));
        if let Some(p) = info.sender_pid {
            let _ = write!(fields, ", si_pid={p}");
        }
        if let Some(u) = info.sender_uid {
            let _ = write!(fields, ", si_uid={u}");
        }
        if let Some(s) = info.status {
            let _ = write!(fields, ", si_status={s}");
        }
        if let Some(a) = info.addr {
            let _ = write!(fields, ", si_addr={a:#x}");
        }
        let body = format!("--- {} {{{fields}}} ---", signal_name(info.signo));
        let body = if self.color { body.yellow().to_string() } else { body };
        self.line(pid, tid, &body);
    }
}

/// The head of a call's line, up to the first argument the kernel fills
/// in, and how many arguments it holds.
fn head(call: &Syscall) -> (String, usize) {
    let mut s = format!("{}(", call.name);
    let split = call.args.iter().position(|a| matches!(a.value, Value::Out(_))).unwrap_or(call.args.len());
    for (i, arg) in call.args.iter().take(split).enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        let _ = write!(s, "{}", arg.value);
    }
    if split > 0 && split < call.args.len() {
        s.push_str(", ");
    }
    (s, split)
}

impl<W: Write> Sink for TextRenderer<W> {
    fn enter(&mut self, pid: Pid, tid: Pid, call: &Syscall) {
        self.finish_open();
        let (head, split) = head(call);
        self.split.insert(tid, split);
        self.open = Some(Open { tid, pid, head, written: false });
    }

    fn event(&mut self, event: &Event) {
        let (pid, tid) = (event.pid, event.tid);
        match &event.kind {
            EventKind::Syscall(call) => self.syscall(pid, tid, call),
            EventKind::Signal(info) => self.signal(pid, tid, info),
            EventKind::Stop { signal } => {
                let body = format!("--- stopped by {} ---", signal_name(*signal));
                self.line(pid, tid, &body);
            }
            EventKind::Exit(Exit::Code(code)) => {
                let body = format!("+++ exited with {code} +++");
                self.line(pid, tid, &body);
            }
            EventKind::Exit(Exit::Signal { signal, core_dumped }) => {
                let core = if *core_dumped { " (core dumped)" } else { "" };
                let body = self.paint_error(format!("+++ killed by {}{core} +++", signal_name(*signal)));
                self.line(pid, tid, &body);
            }
            EventKind::Note(text) => {
                let body = self.paint_dim(format!("ipclab: {text}"));
                self.line(pid, tid, &body);
            }
            EventKind::Hang(tasks) => {
                let title = self.paint_error("ipclab: time ran out; where each thread was:".to_string());
                self.finish_open();
                self.write(&title);
                self.end_line();
                for task in tasks {
                    for line in task.lines() {
                        let line = format!("  {line}");
                        self.write(&line);
                        self.end_line();
                    }
                }
            }
            EventKind::Spawn(_) | EventKind::Exec(_) => {}
        }
    }

    fn idle(&mut self) {
        if let Some(open) = self.open.as_mut() {
            if !open.written {
                open.written = true;
                let (pid, tid, head) = (open.pid, open.tid, open.head.clone());
                let prefix = self.prefix(pid, tid);
                self.write(&prefix);
                self.write(&head);
            }
        }
        if !self.broken && self.out.flush().is_err() {
            self.broken = true;
        }
    }
}
