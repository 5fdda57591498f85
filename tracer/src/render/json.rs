//! The trace as JSON lines, one object per event, for graders and tools.
//! The format is a contract (docs/trace-format.md): every object has
//! `"type"` and `"pid"`; a `"syscall"` has `"name"`, `"args"`, `"ret"` and
//! `"errno"`; an `"exit"` has `"code"` or `"signal"`. The kernel view adds
//! `"kernel"` objects (tagged by `"object"`), `"ledger"` entries and one
//! `"ledger_end"`. A call still in progress when another thread's event
//! comes is announced by an `"unfinished"` line first, as the text trace's
//! `<unfinished ...>`: where a call began is part of the record (a diagram
//! draws the wait from it).

use std::borrow::Cow;
use std::io::Write;

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};

use crate::decode::names::{si_code_name, signal_name};
use crate::decode::{Injected, Syscall, Value};
use crate::event::hang::BlockedTask;
use crate::event::{Event, EventKind, Exit, Pid, Sink};

/// A decoded value in its JSON form: numbers stay numbers, addresses are
/// hex strings (they exceed what a JSON number holds exactly), flags and
/// constants are their names, strings are text, structures are objects.
pub struct JsonValue<'a>(pub &'a Value);

impl Serialize for JsonValue<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Int(v) => s.serialize_i64(*v),
            Value::Uint(v) => s.serialize_u64(*v),
            Value::Hex(v) | Value::Ptr(v) | Value::Out(v) if *v != 0 => s.serialize_str(&format!("{v:#x}")),
            Value::Ptr(_) => s.serialize_none(),
            Value::Hex(_) | Value::Out(_) => s.serialize_str("0x0"),
            Value::Oct(v) => s.serialize_str(&format!("0{v:o}")),
            Value::Unreadable(v) => s.serialize_str(&format!("{v:#x}")),
            Value::Fd(fd) => {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("fd", &fd.fd)?;
                m.serialize_entry("target", &fd.target.as_deref())?;
                m.end()
            }
            Value::Str(b) if !b.truncated => s.serialize_str(&b.lossy()),
            Value::Str(b) => {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("str", &b.lossy())?;
                m.serialize_entry("truncated", &true)?;
                m.end()
            }
            Value::Flags(_) | Value::Sym(_) | Value::Text(_) => s.serialize_str(&self.0.to_string()),
            Value::Signal(sig) => s.serialize_str(&signal_name(*sig)),
            Value::Struct(fields) => {
                let mut m = s.serialize_map(Some(fields.len()))?;
                for f in fields {
                    m.serialize_entry(f.name, &JsonValue(&f.value))?;
                }
                m.end()
            }
            Value::Array { items, more } => {
                let mut seq = s.serialize_seq(Some(items.len() + usize::from(*more)))?;
                for item in items {
                    seq.serialize_element(&JsonValue(item))?;
                }
                if *more {
                    seq.serialize_element("...")?;
                }
                seq.end()
            }
        }
    }
}

/// A call's arguments as an object keyed by argument name, in order.
struct JsonArgs<'a>(&'a Syscall);

impl Serialize for JsonArgs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.args.len()))?;
        for a in &self.0.args {
            m.serialize_entry(a.name, &JsonValue(&a.value))?;
        }
        m.end()
    }
}

/// One event as a JSON object, serialised straight to the writer with its
/// keys in a fixed order: type, pid, tid, time, then the kind's fields.
pub struct JsonEvent<'a>(pub &'a Event);

impl Serialize for JsonEvent<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let event = self.0;
        let (pid, tid, time) = (event.pid, event.tid, time_of(event));
        match &event.kind {
            EventKind::Kernel(k) => {
                // The line the text trace prints, for readers that show it
                // (the diagram's hover text) without a renderer of their own.
                let line = Some(super::kernel::kernel_line(k));
                return Flat { kind: "kernel", pid, tid, time, fields: k, line }.serialize(s);
            }
            EventKind::Ledger(e) => return Flat { kind: "ledger", pid, tid, time, fields: e, line: None }.serialize(s),
            EventKind::LedgerEnd(e) => {
                return Flat { kind: "ledger_end", pid, tid, time, fields: e, line: None }.serialize(s);
            }
            _ => {}
        }
        let mut m = s.serialize_map(None)?;
        let kind = match &event.kind {
            EventKind::Syscall(_) => "syscall",
            EventKind::Spawn(_) => "spawn",
            EventKind::Exec(_) => "exec",
            EventKind::Signal(_) => "signal",
            EventKind::Stop { .. } => "stop",
            EventKind::Exit(_) => "exit",
            EventKind::Note(_) => "note",
            EventKind::Interrupted { .. } => "interrupted",
            EventKind::Superseded { .. } => "superseded",
            EventKind::Hang(_) => "hang",
            EventKind::Kernel(_) => "kernel",
            EventKind::Ledger(_) => "ledger",
            EventKind::LedgerEnd(_) => "ledger_end",
        };
        m.serialize_entry("type", kind)?;
        m.serialize_entry("pid", &event.pid)?;
        m.serialize_entry("tid", &event.tid)?;
        m.serialize_entry("time", &time)?;
        match &event.kind {
            EventKind::Syscall(call) => {
                m.serialize_entry("name", &call.name)?;
                m.serialize_entry("args", &JsonArgs(call))?;
                let ret = match (call.ret, call.errno) {
                    (None, _) => None,
                    (Some(_), Some(_)) => Some(-1),
                    (Some(r), None) => Some(r),
                };
                m.serialize_entry("ret", &ret)?;
                m.serialize_entry("errno", &call.errno.map(|e| e.name()))?;
                if let Some(rv) = &call.ret_value {
                    m.serialize_entry("ret_value", &JsonValue(rv))?;
                }
                if let Some(c) = call.raw.compat {
                    // A 32-bit program's call: its ABI and number, and the
                    // native call it does when that is named otherwise.
                    m.serialize_entry("abi", crate::arch::COMPAT_NAME)?;
                    m.serialize_entry("nr", &c.nr)?;
                    if let Some(native) = call.sysno.map(|s| s.name()).filter(|n| *n != call.name) {
                        m.serialize_entry("native", native)?;
                    }
                }
                if let Some(injected) = call.injected {
                    m.serialize_entry("injected", &JsonInjected(injected))?;
                }
            }
            EventKind::Spawn(sp) => {
                m.serialize_entry("child", &sp.child)?;
                m.serialize_entry("thread", &sp.thread)?;
                m.serialize_entry("via", sp.via)?;
            }
            EventKind::Exec(ex) => {
                m.serialize_entry("path", &ex.path)?;
                m.serialize_entry("former_tid", &ex.former_tid)?;
            }
            EventKind::Signal(si) => {
                m.serialize_entry("signal", &signal_name(si.signo))?;
                m.serialize_entry("code", &si_code_name(si.signo, si.code))?;
                m.serialize_entry("sender_pid", &si.sender_pid)?;
                m.serialize_entry("sender_uid", &si.sender_uid)?;
                m.serialize_entry("addr", &si.addr.map(|a| format!("{a:#x}")))?;
                m.serialize_entry("status", &si.status)?;
            }
            EventKind::Stop { signal } => m.serialize_entry("signal", &signal_name(*signal))?,
            EventKind::Exit(Exit::Code(code)) => m.serialize_entry("code", code)?,
            EventKind::Exit(Exit::Signal { signal, core_dumped }) => {
                m.serialize_entry("signal", &signal_name(*signal))?;
                m.serialize_entry("core_dumped", core_dumped)?;
            }
            EventKind::Note(text) => m.serialize_entry("message", text)?,
            EventKind::Interrupted { signal, grace } => {
                m.serialize_entry("signal", &signal_name(*signal))?;
                m.serialize_entry("grace_ms", &(grace.as_millis() as u64))?;
            }
            EventKind::Superseded { by } => m.serialize_entry("by", by)?,
            EventKind::Hang(tasks) => m.serialize_entry("tasks", &JsonHang(tasks))?,
            EventKind::Kernel(_) | EventKind::Ledger(_) | EventKind::LedgerEnd(_) => {}
        }
        m.end()
    }
}

/// What `--inject` did to a call: `{"what":"error","errno":"EINTR"}`,
/// `{"what":"short","count":23,"given":11}`, `{"what":"delay","ms":100}`,
/// `{"what":"signal","signal":"SIGUSR1"}`.
struct JsonInjected(Injected);

impl Serialize for JsonInjected {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("what", self.0.what())?;
        match self.0 {
            Injected::Error(e) => m.serialize_entry("errno", &e.name())?,
            Injected::Short { asked, given } => {
                m.serialize_entry("count", &asked)?;
                m.serialize_entry("given", &given)?;
            }
            Injected::Delayed { ms } => m.serialize_entry("ms", &ms)?,
            Injected::Signal(sig) => m.serialize_entry("signal", &signal_name(sig))?,
        }
        m.end()
    }
}

/// The threads of a hang report.
struct JsonHang<'a>(&'a [BlockedTask]);

impl Serialize for JsonHang<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for t in self.0 {
            seq.serialize_element(&JsonBlocked(t))?;
        }
        seq.end()
    }
}

struct JsonBlocked<'a>(&'a BlockedTask);

impl Serialize for JsonBlocked<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("pid", &t.pid)?;
        m.serialize_entry("tid", &t.tid)?;
        m.serialize_entry("call", &t.call)?;
        m.serialize_entry("call_name", &t.call_name)?;
        m.serialize_entry("state", &t.state.map(|s| String::from(s.letter())))?;
        m.serialize_entry("wchan", &t.wchan)?;
        m.serialize_entry("object", &t.object)?;
        m.serialize_entry("facts", &t.facts.iter().map(ToString::to_string).collect::<Vec<_>>())?;
        m.serialize_entry("diagnosis", &t.diagnosis.as_ref().map(ToString::to_string))?;
        m.end()
    }
}

/// An event whose fields come from a serde type (the kernel view's): type,
/// pid, tid and time first, then the type's fields in their order.
#[derive(Serialize)]
struct Flat<'a, T: Serialize> {
    #[serde(rename = "type")]
    kind: &'static str,
    pid: i32,
    tid: i32,
    time: f64,
    #[serde(flatten)]
    fields: &'a T,
    /// A kernel record's line as the text trace shows it (English).
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<String>,
}

fn time_of(event: &Event) -> f64 {
    (event.time.as_secs_f64() * 1e6).round() / 1e6
}

/// One event as a line of JSON (without the newline).
pub fn event_json(event: &Event) -> String {
    serde_json::to_string(&JsonEvent(event)).unwrap_or_default()
}

/// Writes each event as one line of JSON.
///
/// Each line is serialised into a reused buffer and handed to the writer
/// with one `write_all`: serde_json writes in many small pieces, cheap into
/// a `Vec` and dear through a `dyn Write`.
pub struct JsonRenderer<W: Write> {
    out: W,
    line: Vec<u8>,
    /// The first error writing (EPIPE: the reader went away). Output
    /// stops, the trace goes on.
    failed: Option<std::io::Error>,
    /// Calls entered and not yet returned, in the order they were entered:
    /// (pid, tid, name, whether their `unfinished` line was written).
    open: Vec<(Pid, Pid, Cow<'static, str>, bool)>,
}

impl<W: Write> JsonRenderer<W> {
    pub fn new(out: W) -> Self {
        JsonRenderer { out, line: Vec::with_capacity(512), failed: None, open: Vec::new() }
    }

    /// The error that stopped the output, unless it was a reader going
    /// away (EPIPE).
    pub fn write_error(&self) -> Option<&std::io::Error> {
        self.failed.as_ref().filter(|e| e.kind() != std::io::ErrorKind::BrokenPipe)
    }

    pub fn into_inner(mut self) -> W {
        let _ = self.out.flush();
        self.out
    }
}

impl<W: Write> JsonRenderer<W> {
    /// Writes an `unfinished` line for each call other threads' events now
    /// interrupt, once per call, and forgets the calls `event` ends.
    fn announce_open_calls(&mut self, event: &Event) {
        let time = time_of(event);
        for (pid, tid, name, announced) in &mut self.open {
            if *tid == event.tid || *announced {
                continue;
            }
            *announced = true;
            let line = Unfinished { kind: "unfinished", pid: *pid, tid: *tid, time, name };
            if let Err(e) = serde_json::to_writer(&mut self.line, &line) {
                self.failed.get_or_insert(e.into());
            }
            self.line.push(b'\n');
        }
        let ends_call = matches!(event.kind, EventKind::Syscall(_) | EventKind::Exit(_) | EventKind::Exec(_));
        if ends_call {
            self.open.retain(|(_, tid, _, _)| *tid != event.tid);
        }
        if let EventKind::Superseded { by } = event.kind {
            // Its call goes on under the process's id.
            self.open.retain(|(_, tid, _, _)| *tid != by);
        }
    }
}

/// A call that has entered the kernel and not returned when another
/// thread's event comes.
#[derive(Serialize)]
struct Unfinished<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    pid: Pid,
    tid: Pid,
    time: f64,
    name: &'a str,
}

impl<W: Write> Sink for JsonRenderer<W> {
    fn enter(&mut self, pid: Pid, tid: Pid, call: &Syscall) {
        self.open.retain(|(_, t, _, _)| *t != tid);
        self.open.push((pid, tid, call.name.clone(), false));
    }

    fn event(&mut self, event: &Event) {
        if self.failed.is_some() {
            return;
        }
        self.line.clear();
        if !self.open.is_empty() {
            self.announce_open_calls(event);
        }
        let serialised = serde_json::to_writer(&mut self.line, &JsonEvent(event));
        self.line.push(b'\n');
        let written = serialised.map_err(std::io::Error::from).and_then(|()| self.out.write_all(&self.line));
        if let Err(e) = written {
            self.failed = Some(e);
        }
    }

    fn idle(&mut self) {
        if self.failed.is_none() {
            if let Err(e) = self.out.flush() {
                self.failed = Some(e);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::event::kernel::SigSet;
    use crate::event::kernel::*;

    #[test]
    fn a_run_reads_the_clock_when_any_of_its_sinks_needs_times() {
        use crate::event::{Recorder, Tee};
        use crate::render::text::TextRenderer;
        let mut text = TextRenderer::new(Vec::new(), false, false);
        assert!(!text.needs_time(), "the text shows no times");
        let mut json = JsonRenderer::new(Vec::new());
        assert!(json.needs_time());
        let mut rec = Recorder::default();
        assert!(rec.needs_time(), "graders read times");
        assert!(!Tee(vec![&mut text]).needs_time());
        assert!(Tee(vec![&mut text, &mut json]).needs_time());
        assert!(Tee(vec![&mut text, &mut rec]).needs_time());
    }

    /// The keys of the outermost object of a JSON text, in order, duplicates
    /// kept (a JSON parser would silently keep only the last).
    fn top_level_keys(json: &str) -> Vec<String> {
        let (mut depth, mut keys, mut in_str, mut escaped, mut current) = (0, Vec::new(), false, false, String::new());
        let mut chars = json.chars().peekable();
        while let Some(c) = chars.next() {
            if in_str {
                match c {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => {
                        in_str = false;
                        if depth == 1 && chars.peek() == Some(&':') {
                            keys.push(std::mem::take(&mut current));
                        }
                        current.clear();
                    }
                    _ => current.push(c),
                }
                continue;
            }
            match c {
                '"' => in_str = true,
                '{' | '[' => depth += 1,
                '}' | ']' => depth -= 1,
                _ => {}
            }
        }
        keys
    }

    fn event(kind: EventKind) -> Event {
        Event { time: Duration::ZERO, pid: 1, tid: 1, kind }
    }

    #[test]
    fn kernel_and_ledger_events_have_no_key_twice() {
        let holder = FdHolder { pid: 1, fd: 3, end: End::Read };
        let by = ByCall { pid: 1, call: "close".into() };
        let kernel = [
            KernelEvent::Pipe(PipeState {
                ino: 1,
                fifo: None,
                bytes: Some(0),
                holders: Some(vec![holder]),
                in_flight: vec![InFlightEnd { end: End::Write, queue: 2, from: holder }],
            }),
            KernelEvent::Passage(Passage {
                step: PassStep::Received,
                queue: 2,
                fds: vec![PassedFd { object: "pipe:[1]".into(), end: End::Write, from: holder, to: Some(holder) }],
            }),
            KernelEvent::ExecClosed(ExecClosed { process: 1, closed: vec![], kept: vec![] }),
            KernelEvent::MsgQueue(MsgQueueState {
                msqid: 1,
                key: 0,
                mode: 0o600,
                messages: 0,
                bytes: 0,
                last_sender: None,
                last_receiver: None,
            }),
            KernelEvent::SemSet(SemSetState { semid: 1, key: 0, mode: 0o600, values: vec![], held: vec![] }),
            KernelEvent::Shm(ShmState {
                shmid: 1,
                key: 0,
                mode: 0o600,
                size: 1,
                attached: 0,
                creator: 1,
                last_pid: None,
                removed: false,
                attach: Some(ShmAttach { pid: 1, start: 0, end: 1, writable: true }),
                contents: Some(ShmContents { data: vec![], read: 0, size: 1, ring: None }),
                detaching: vec![],
            }),
            KernelEvent::PosixMq(PosixMqState {
                name: "/q".into(),
                messages: 0,
                max_messages: 1,
                message_size: 1,
                bytes: None,
                notify_pid: None,
            }),
            KernelEvent::Socket(SocketState {
                ino: 1,
                sock_type: "stream",
                state: "connected",
                path: None,
                peer: Some(2),
                peer_holders: vec![holder],
                queued: 0,
                backlog: None,
                peer_queued: Some(0),
                peer_closed: false,
                holders: Some(vec![holder]),
            }),
            KernelEvent::Signals(SignalState {
                process: 1,
                thread: 1,
                delivered: Some(Delivery { signal: "SIGUSR1".into(), action: "handler" }),
                blocked: SigSet(0),
                ignored: SigSet(0),
                caught: SigSet(0),
                pending: SigSet(0),
            }),
            KernelEvent::Inherited(Inherited { child: 2, parent: 1, fds: vec![], shm: vec![] }),
            KernelEvent::Zombie(Zombie { zombie: 2, parent: 1 }),
            KernelEvent::Reaped(Reaped { zombie: 2, by: 1 }),
            KernelEvent::Gone(Gone {
                kind: ObjectKind::Pipe,
                name: "pipe:[1]".into(),
                how: GoneHow::Closed,
                lives_on: None,
            }),
            KernelEvent::Unavailable(Unavailable { reason: "gone".into() }),
        ];
        let mut events: Vec<Event> = kernel.into_iter().map(|k| event(EventKind::Kernel(k))).collect();
        for fate in [
            Fate::Removed { by: by.clone() },
            Fate::Closed { by: by.clone() },
            Fate::Ended,
            Fate::Leaked { cleaned: false },
        ] {
            events.push(event(EventKind::Ledger(LedgerEntry {
                kind: ObjectKind::MsgQueue,
                name: "msg queue 1".into(),
                id: 1,
                key: Some(0),
                path: None,
                created_by: by.clone(),
                used_by: vec![1],
                fate,
                cleanup: None,
                passed: vec![Handed { from: 1, to: 2 }],
            })));
        }
        events.push(event(EventKind::LedgerEnd(LedgerSummary {
            objects: 1,
            leaked: 0,
            cleaned: 0,
            folded: Vec::new(),
        })));
        for e in &events {
            let json = event_json(e);
            let mut keys = top_level_keys(&json);
            assert_eq!(&keys[..4], ["type", "pid", "tid", "time"], "{json}");
            keys.sort();
            let n = keys.len();
            keys.dedup();
            assert_eq!(keys.len(), n, "a key twice in {json}");
        }
    }

    #[test]
    fn an_injected_call_has_an_injected_object_and_others_none() {
        use crate::decode::{Errno, RawSyscall, RetKind};
        let call = |injected| Syscall {
            sysno: None,
            name: "msgrcv".into(),
            args: Vec::new(),
            raw: RawSyscall::new(0, [0; 6]),
            ret: Some(-4),
            errno: Some(Errno(libc::EINTR)),
            ret_kind: RetKind::Int,
            ret_value: None,
            injected,
        };
        let json = |injected| {
            let e = Event { time: Duration::ZERO, pid: 1, tid: 1, kind: EventKind::Syscall(call(injected)) };
            serde_json::from_str::<serde_json::Value>(&event_json(&e)).unwrap()
        };
        assert!(json(None).get("injected").is_none());
        let v = json(Some(Injected::Error(Errno(libc::EINTR))));
        assert_eq!(v["injected"], serde_json::json!({"what": "error", "errno": "EINTR"}));
        assert_eq!((v["ret"].as_i64(), v["errno"].as_str()), (Some(-1), Some("EINTR")));
        let v = json(Some(Injected::Short { asked: 64, given: 32 }));
        assert_eq!(v["injected"], serde_json::json!({"what": "short", "count": 64, "given": 32}));
        let v = json(Some(Injected::Delayed { ms: 5 }));
        assert_eq!(v["injected"], serde_json::json!({"what": "delay", "ms": 5}));
        let v = json(Some(Injected::Signal(libc::SIGUSR1)));
        assert_eq!(v["injected"], serde_json::json!({"what": "signal", "signal": "SIGUSR1"}));
    }

    #[test]
    fn a_call_interrupted_by_another_threads_event_is_announced_once_as_unfinished() {
        use crate::decode::{RawSyscall, RetKind};
        let read = |ret| Syscall {
            sysno: None,
            name: "read".into(),
            args: Vec::new(),
            raw: RawSyscall::new(0, [0; 6]),
            ret,
            errno: None,
            ret_kind: RetKind::Int,
            ret_value: None,
            injected: None,
        };
        let at = |pid, kind| Event { time: Duration::from_millis(3), pid, tid: pid, kind };
        let mut r = JsonRenderer::new(Vec::new());
        r.enter(7, 7, &read(None));
        r.event(&at(8, EventKind::Exit(Exit::Code(0))));
        r.event(&at(8, EventKind::Note("again".into())));
        r.event(&at(7, EventKind::Syscall(read(Some(0)))));
        r.enter(7, 7, &read(None));
        r.event(&at(7, EventKind::Syscall(read(Some(0)))));
        let text = String::from_utf8(r.into_inner()).unwrap();
        let types: Vec<String> = text
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .map(|v| format!("{} {}", v["type"].as_str().unwrap(), v["pid"]))
            .collect();
        assert_eq!(types, ["unfinished 7", "exit 8", "note 8", "syscall 7", "syscall 7"], "{text}");
        assert!(text.starts_with(r#"{"type":"unfinished","pid":7,"tid":7,"time":0.003,"name":"read"}"#), "{text}");
    }

    #[test]
    fn a_segment_s_bytes_are_in_json_exactly_in_hex_beside_the_text() {
        // A binary counter (2, then 200 as a little-endian u64 at byte 8) and
        // a UTF-8 "é": the text loses the lone 0xc8, the hex keeps every byte.
        let mut data = vec![2, 0, 0, 0, 0, 0, 0, 0, 0xc8, 0, 0, 0, 0, 0, 0, 0, 0xc3, 0xa9];
        data.resize(64, 0);
        let c = crate::event::kernel::ShmContents { data, read: 64, size: 4096, ring: None };
        let v: serde_json::Value = serde_json::to_value(&c).unwrap();
        assert_eq!(v["hex"], "0200000000000000c800000000000000c3a9");
        let text = v["data"].as_str().unwrap();
        assert!(text.contains('\u{fffd}') && text.ends_with('é'), "{text:?}");
        assert_eq!((v["read"].as_u64(), v["size"].as_u64()), (Some(64), Some(4096)));
        assert!(v.get("ring").is_none());
        let zeros = crate::event::kernel::ShmContents { data: vec![0; 64], read: 64, size: 64, ring: None };
        assert_eq!(serde_json::to_string(&zeros).unwrap(), r#"{"data":"","hex":"","read":64,"size":64}"#);
    }
}
