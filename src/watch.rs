//! What `ipclab run` adds around a lab's trace, as one sink wrapping the
//! renderers: the calls of a lab's panic hook folded into one line, one
//! notice when the lab has made no call for a while, and the objects the
//! lab leaked, kept for the run's last line.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use tracer::decode::{Syscall, Value};
use tracer::event::{Event, EventKind, Pid, Sink};
use tracer::kernel::LedgerEntry;
use tracer::kernel::objects::Fate;

use crate::i18n::tr_in;
use crate::lang::Lang;

/// The thread name a lab's panic hook sets first (labs/common's
/// `panic::MARKER`): the calls it makes from there until it sets the lab's
/// own name back are the panic machinery's.
pub const PANIC_MARKER: &str = "ipclab:panic";

/// After this long without a call, `run` says once that the lab is waiting.
pub const QUIET: Duration = Duration::from_secs(5);

/// Where the quiet notice goes.
pub enum Notice {
    /// Nowhere (JSON, not a terminal).
    Off,
    /// Into the trace, as a note the renderer places between the lines.
    InTrace,
    /// Straight to standard error (the trace goes to a file).
    Stderr,
}

/// The sink `run` traces a lab into: it passes every event on to `inner`,
/// but folds panic hooks, adds the quiet notice, and keeps the leaks.
pub struct Watch<'a> {
    inner: &'a mut dyn Sink,
    /// The lab's first process, to which the quiet notice is attached.
    root: Option<Pid>,
    notice: Notice,
    /// The run's time limit, for the notice.
    timeout: Duration,
    /// Since when no call was seen, and whether one was since the last look.
    quiet_since: Instant,
    active: bool,
    noticed: bool,
    /// Threads in their panic hook: how many of their calls were folded.
    folding: HashMap<Pid, usize>,
    /// The objects the run left in the kernel (from the ledger).
    pub leaked: Vec<LedgerEntry>,
    /// The language of its notes (English when they go into JSON).
    lang: Lang,
}

impl<'a> Watch<'a> {
    pub fn new(inner: &'a mut dyn Sink, notice: Notice, timeout: Duration, lang: Lang) -> Self {
        Watch {
            inner,
            root: None,
            notice,
            timeout,
            quiet_since: Instant::now(),
            active: false,
            noticed: false,
            folding: HashMap::new(),
            leaked: Vec::new(),
            lang,
        }
    }

    fn notice_text(&self) -> String {
        tr_in!(self.lang, "run-quiet", quiet = QUIET.as_secs(), limit = self.timeout.as_secs_f64())
    }
}

/// The name a `prctl(PR_SET_NAME, name)` call sets, if `call` is one.
fn set_name(call: &Syscall) -> Option<String> {
    if call.sysno != Some(syscalls::Sysno::prctl) || call.raw.args[0] != libc::PR_SET_NAME as u64 {
        return None;
    }
    match call.arg("arg2") {
        Some(Value::Str(b)) => Some(b.lossy().into_owned()),
        _ => None,
    }
}

impl Sink for Watch<'_> {
    fn enter(&mut self, pid: Pid, tid: Pid, call: &Syscall) {
        self.active = true;
        if self.folding.contains_key(&tid) {
            return;
        }
        if set_name(call).as_deref() == Some(PANIC_MARKER) {
            self.folding.insert(tid, 0);
            return;
        }
        self.inner.enter(pid, tid, call);
    }

    fn event(&mut self, event: &Event) {
        self.active = true;
        self.root.get_or_insert(event.pid);
        if let EventKind::Ledger(entry) = &event.kind
            && matches!(entry.fate, Fate::Leaked { .. })
        {
            self.leaked.push(entry.clone());
        }
        match &event.kind {
            EventKind::Syscall(call) => {
                if let Some(count) = self.folding.get_mut(&event.tid) {
                    let name = set_name(call);
                    if name.as_deref() == Some(PANIC_MARKER) {
                        // The marker itself, entered above.
                        return;
                    }
                    *count += 1;
                    if name.is_some() {
                        // The hook is done: one line for all it did.
                        let count = self.folding.remove(&event.tid).unwrap_or(0);
                        let note = tr_in!(self.lang, "run-panic-folded", count = count);
                        self.inner.event(&Event { kind: EventKind::Note(note), ..event.clone() });
                    }
                    return;
                }
                if set_name(call).as_deref() == Some(PANIC_MARKER) {
                    self.folding.insert(event.tid, 0);
                    return;
                }
            }
            // What the kernel view says of a folded call is folded with it.
            EventKind::Kernel(_) if self.folding.contains_key(&event.tid) => return,
            EventKind::Exit(_) => {
                if let Some(count) = self.folding.remove(&event.tid) {
                    let note = tr_in!(self.lang, "run-panic-folded-short", count = count);
                    self.inner.event(&Event { kind: EventKind::Note(note), ..event.clone() });
                }
            }
            _ => {}
        }
        self.inner.event(event);
    }

    fn idle(&mut self) {
        let now = Instant::now();
        if self.active {
            self.active = false;
            self.quiet_since = now;
        } else if !self.noticed && now.duration_since(self.quiet_since) >= QUIET {
            self.noticed = true;
            match self.notice {
                Notice::Off => {}
                Notice::InTrace => {
                    let root = self.root.unwrap_or_default();
                    let note =
                        Event { time: Duration::ZERO, pid: root, tid: root, kind: EventKind::Note(self.notice_text()) };
                    self.inner.event(&note);
                }
                Notice::Stderr => eprintln!("ipclab: {}", self.notice_text()),
            }
        }
        self.inner.idle();
    }

    fn needs_time(&self) -> bool {
        self.inner.needs_time()
    }
}
