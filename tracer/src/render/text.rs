//! The human-readable trace, strace-like: one line per call, the thread id
//! first and coloured per process, a call shown unfinished and resumed
//! when another line comes between its entry and its return.

use std::fmt::Write as _;
use std::io::Write;

use owo_colors::{AnsiColors, OwoColorize};

use super::call::{self, CallStyle};
use super::kernel;
use crate::decode::Syscall;
use crate::decode::names::{si_code_name, signal_name};
use crate::event::kernel::Fate;
use crate::event::{Event, EventKind, Exit, Pid, SignalInfo, Sink};
use crate::i18n::Lang;
use crate::idmap::IdMap;

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

/// A call whose entry has been seen and whose line is not finished; the
/// text up to where the kernel's answer goes (`read(3, `) is in
/// [`TextRenderer::head`].
struct Open {
    tid: Pid,
    pid: Pid,
    /// How many arguments the head holds.
    split: usize,
    /// The head is already on the output (written while the tracer idled).
    written: bool,
}

/// Renders events as text into any writer.
///
/// Each line is built in a reused buffer and handed to the writer with one
/// `write_all`, so a trace costs no allocation per call and the writer sees
/// whole lines.
pub struct TextRenderer<W: Write> {
    out: W,
    color: bool,
    /// Flush after every line (for a terminal, so the trace keeps pace
    /// with the program's own output).
    flush_each_line: bool,
    open: Option<Open>,
    /// The head of the open call's line.
    head: String,
    /// The line being built.
    line: String,
    /// For calls shown unfinished: how many arguments their head held.
    split: IdMap<usize>,
    /// Processes in order of appearance, for colours.
    colors: IdMap<AnsiColors>,
    /// Write errors stop output (a closed pipe) without stopping the trace.
    /// The first error writing (EPIPE: the reader went away). Output
    /// stops, the trace goes on.
    failed: Option<std::io::Error>,
    /// The ledger's heading was written.
    ledger_started: bool,
    /// The language of the hang report (the calls stay as strace prints them).
    lang: Lang,
    /// ipclab was just interrupted by this signal: a hang report that
    /// follows says where each thread was then.
    interrupted: Option<i32>,
}

/// Kernel lines start under the call, past the thread id column.
const INDENT: &str = "       ";

impl<W: Write> TextRenderer<W> {
    pub fn new(out: W, color: bool, flush_each_line: bool) -> Self {
        TextRenderer {
            out,
            color,
            flush_each_line,
            open: None,
            head: String::new(),
            line: String::with_capacity(256),
            split: IdMap::default(),
            colors: IdMap::default(),
            failed: None,
            ledger_started: false,
            lang: Lang::En,
            interrupted: None,
        }
    }

    /// Writes the hang report in `lang` (English unless told).
    pub fn with_lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    /// The error that stopped the output, unless it was a reader going
    /// away (EPIPE), which is no error: `ipclab trace ... 2>&1 | head`.
    pub fn write_error(&self) -> Option<&std::io::Error> {
        self.failed.as_ref().filter(|e| e.kind() != std::io::ErrorKind::BrokenPipe)
    }

    /// Gives the writer back (tests read what was rendered).
    pub fn into_inner(mut self) -> W {
        self.finish_open();
        let _ = self.out.flush();
        self.out
    }

    /// Writes what `line` holds and empties it.
    fn write_pending(&mut self) {
        if self.failed.is_none() {
            if let Err(e) = self.out.write_all(self.line.as_bytes()) {
                self.failed = Some(e);
            }
        }
        self.line.clear();
    }

    /// Ends the line in `line` and writes it.
    fn end_line(&mut self) {
        self.line.push('\n');
        self.write_pending();
        if self.flush_each_line && self.failed.is_none() {
            if let Err(e) = self.out.flush() {
                self.failed = Some(e);
            }
        }
    }

    /// Appends the thread id column, coloured per process.
    fn prefix(&mut self, pid: Pid, tid: Pid) {
        if !self.color {
            // `{tid:>6} ` without the formatting machinery.
            let mut digits = itoa::Buffer::new();
            let digits = digits.format(tid);
            for _ in digits.len()..6 {
                self.line.push(' ');
            }
            self.line.push_str(digits);
            self.line.push(' ');
            return;
        }
        let next = self.colors.len();
        let color = *self.colors.entry(pid).or_insert(PALETTE[next % PALETTE.len()]);
        let _ = write!(self.line, "{}", format_args!("{tid:>6} ").color(color));
    }

    /// Appends `text`, in red when colouring.
    fn push_error(&mut self, text: std::fmt::Arguments<'_>) {
        push_error(&mut self.line, self.color, text);
    }

    /// Ends an open line as unfinished, because another line comes first.
    fn finish_open(&mut self) {
        if let Some(open) = self.open.take() {
            // Its result will come on a line of its own.
            self.split.insert(open.tid, open.split);
            if !open.written {
                self.prefix(open.pid, open.tid);
                self.line.push_str(&self.head);
            }
            self.line.push_str(" <unfinished ...>");
            self.end_line();
        }
    }

    /// A line of the kernel view: under the calls, past the tid column,
    /// dimmed (red when it reports a leak) so the calls stay in front.
    fn indented(&mut self, label: &str, body: &str, alarm: bool) {
        self.finish_open();
        let _ = match (self.color, alarm) {
            (false, _) => write!(self.line, "{INDENT}{label}{body}"),
            (true, true) => write!(self.line, "{}", format_args!("{INDENT}{label}{body}").red()),
            // Bright blue is in no process's palette.
            (true, false) => write!(self.line, "{INDENT}{}{}", label.bright_blue(), body.dimmed()),
        };
        self.end_line();
    }

    /// Starts a line of its own: ends any open one, then the prefix.
    fn start_line(&mut self, pid: Pid, tid: Pid) {
        self.finish_open();
        self.prefix(pid, tid);
    }

    fn syscall(&mut self, pid: Pid, tid: Pid, call: &Syscall) {
        let split = if self.split.is_empty() { None } else { self.split.remove(&tid) };
        match self.open.take() {
            Some(open) if open.tid == tid => {
                let split = open.split;
                if !open.written {
                    self.prefix(pid, tid);
                    self.line.push_str(&self.head);
                }
                self.tail(call, split);
                self.end_line();
            }
            other => {
                self.open = other;
                self.start_line(pid, tid);
                match split {
                    // Its entry was shown unfinished: resume it.
                    Some(split) => {
                        self.line.push_str("<... ");
                        self.line.push_str(&call.name);
                        self.line.push_str(" resumed>");
                        self.tail(call, split);
                    }
                    None => {
                        let split = write_head(&mut self.line, call);
                        self.tail(call, split);
                    }
                }
                self.end_line();
            }
        }
    }

    /// Appends the arguments from `split` on, the closing parenthesis and
    /// the result.
    fn tail(&mut self, call: &Syscall, split: usize) {
        call::write_args(&mut self.line, call.args.get(split..).unwrap_or_default(), CallStyle::TRACE);
        self.line.push_str(") = ");
        let color = self.color;
        call::write_result_with(&mut self.line, call, CallStyle::TRACE, |line, text| push_error(line, color, text));
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
            // An exit status is a number; a child killed, dumped, stopped
            // or continued has the signal that did it.
            if info.code == libc::CLD_EXITED {
                let _ = write!(fields, ", si_status={s}");
            } else {
                let _ = write!(fields, ", si_status={}", signal_name(s));
            }
        }
        if let Some((utime, stime)) = info.times {
            let _ = write!(fields, ", si_utime={utime}, si_stime={stime}");
        }
        if let Some(a) = info.addr {
            let _ = write!(fields, ", si_addr={a:#x}");
        }
        let body = format!("--- {} {{{fields}}} ---", signal_name(info.signo));
        let body = if self.color { body.yellow().to_string() } else { body };
        self.start_line(pid, tid);
        self.line.push_str(&body);
        self.end_line();
    }
}

/// Appends `text` to `line`, in red when colouring.
fn push_error(line: &mut String, color: bool, text: std::fmt::Arguments<'_>) {
    let _ = if color { write!(line, "{}", text.red()) } else { line.write_fmt(text) };
}

/// Appends the head of a call's line, up to the first argument the kernel
/// fills in, and returns how many arguments it holds.
fn write_head(s: &mut String, call: &Syscall) -> usize {
    s.push_str(&call.name);
    s.push('(');
    let split = crate::decode::written_from(call);
    call::write_args(s, &call.args[..split], CallStyle::TRACE);
    if split > 0 && split < call.args.len() {
        s.push_str(", ");
    }
    split
}

impl<W: Write> Sink for TextRenderer<W> {
    /// The text shows no times.
    fn needs_time(&self) -> bool {
        false
    }

    fn enter(&mut self, pid: Pid, tid: Pid, call: &Syscall) {
        self.finish_open();
        self.head.clear();
        let split = write_head(&mut self.head, call);
        self.open = Some(Open { tid, pid, split, written: false });
    }

    fn event(&mut self, event: &Event) {
        let (pid, tid) = (event.pid, event.tid);
        match &event.kind {
            EventKind::Syscall(call) => self.syscall(pid, tid, call),
            EventKind::Signal(info) => self.signal(pid, tid, info),
            EventKind::Stop { signal } => {
                self.start_line(pid, tid);
                let _ = write!(self.line, "--- stopped by {} ---", signal_name(*signal));
                self.end_line();
            }
            EventKind::Exit(Exit::Code(code)) => {
                self.start_line(pid, tid);
                let _ = write!(self.line, "+++ exited with {code} +++");
                self.end_line();
            }
            EventKind::Exit(Exit::Signal { signal, core_dumped }) => {
                let core = if *core_dumped { " (core dumped)" } else { "" };
                self.start_line(pid, tid);
                self.push_error(format_args!("+++ killed by {}{core} +++", signal_name(*signal)));
                self.end_line();
            }
            EventKind::Note(text) => {
                self.start_line(pid, tid);
                let text = format_args!("ipclab: {text}");
                let _ = if self.color { write!(self.line, "{}", text.dimmed()) } else { self.line.write_fmt(text) };
                self.end_line();
            }
            EventKind::Interrupted { signal, grace } => {
                self.finish_open();
                let name = signal_name(*signal);
                let said =
                    crate::tr!(self.lang, "interrupted-grace", signal = name, secs = grace.as_secs_f64().to_string());
                let text = format_args!("ipclab: {said}");
                let _ = if self.color { write!(self.line, "{}", text.dimmed()) } else { self.line.write_fmt(text) };
                self.end_line();
                self.interrupted = Some(*signal);
            }
            EventKind::Superseded { by } => {
                // The exec'ing thread's call goes on under this id.
                if let Some(open) = self.open.take_if(|o| o.tid == *by) {
                    if !open.written {
                        self.prefix(open.pid, open.tid);
                        self.line.push_str(&self.head);
                    }
                    let _ = write!(self.line, " <pid changed to {tid} ...>");
                    self.end_line();
                    self.split.insert(tid, open.split);
                } else if let Some(split) = self.split.remove(by) {
                    self.split.insert(tid, split);
                }
                self.start_line(pid, tid);
                let _ = write!(self.line, "+++ superseded by execve in pid {by} +++");
                self.end_line();
            }
            EventKind::Hang(tasks) => {
                self.finish_open();
                let heading = match self.interrupted.take() {
                    Some(sig) => crate::tr!(self.lang, "hang-heading-interrupted", signal = signal_name(sig)),
                    None => crate::tr!(self.lang, "hang-heading"),
                };
                self.push_error(format_args!("ipclab: {heading}"));
                self.end_line();
                for task in tasks {
                    for line in super::hang::task_lines(task, self.lang) {
                        let _ = write!(self.line, "  {line}");
                        self.end_line();
                    }
                }
            }
            EventKind::Kernel(k) => {
                let body = kernel::kernel_line_in(k, self.lang);
                self.indented("kernel: ", &body, false);
            }
            EventKind::Ledger(entry) => {
                if !self.ledger_started {
                    self.ledger_started = true;
                    let heading = crate::tr!(self.lang, "ledger-heading");
                    self.indented("", &heading, false);
                }
                let leaked = matches!(entry.fate, Fate::Leaked { cleaned: false });
                self.indented("  ", &kernel::ledger_line_in(entry, self.lang), leaked);
            }
            EventKind::LedgerEnd(summary) => {
                for f in &summary.folded {
                    self.indented("  ", &kernel::folded_line_in(f, self.lang), false);
                }
                let body = kernel::ledger_end_line_in(summary, self.lang);
                self.indented("", &body, summary.leaked > summary.cleaned);
            }
            EventKind::Spawn(_) | EventKind::Exec(_) => {}
        }
    }

    fn idle(&mut self) {
        if let Some(open) = self.open.as_mut() {
            if !open.written {
                open.written = true;
                let (pid, tid) = (open.pid, open.tid);
                self.prefix(pid, tid);
                self.line.push_str(&self.head);
                self.write_pending();
            }
        }
        if self.failed.is_none() {
            if let Err(e) = self.out.flush() {
                self.failed = Some(e);
            }
        }
    }
}
