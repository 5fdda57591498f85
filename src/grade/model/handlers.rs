//! The calls a process made while running a signal handler: between the
//! delivery of a signal it handles and its rt_sigreturn.

use std::collections::HashMap;

use syscalls::Sysno;
use tracer::decode::Value;
use tracer::event::{EventKind, Pid};

use super::{Trace, calls};

/// A call a process made while running a signal handler.
#[derive(Debug, Clone, Copy)]
pub struct InHandler {
    pub signal: i32,
    /// Index of the signal event.
    pub delivered: usize,
    pub call: usize,
}

pub fn in_handlers(t: &Trace) -> Vec<InHandler> {
    // Which signals have a handler, per process.
    let mut handlers: HashMap<Pid, HashMap<i32, bool>> = HashMap::new();
    // Signals being handled, per thread (innermost last).
    let mut running: HashMap<Pid, Vec<(i32, usize)>> = HashMap::new();
    let mut out = Vec::new();
    for (i, e) in t.events.iter().enumerate() {
        match &e.kind {
            EventKind::Spawn(s) if !s.thread => {
                let copy = handlers.get(&e.pid).cloned().unwrap_or_default();
                handlers.insert(s.child, copy);
            }
            EventKind::Signal(info)
                if handlers.get(&e.pid).and_then(|h| h.get(&info.signo)).copied().unwrap_or(false) =>
            {
                running.entry(e.tid).or_default().push((info.signo, i));
            }
            EventKind::Syscall(call) => {
                match call.sysno {
                    Some(Sysno::rt_sigreturn) => {
                        running.entry(e.tid).or_default().pop();
                        continue;
                    }
                    Some(s) if calls::EXEC.contains(&s) && call.succeeded() => {
                        handlers.remove(&e.pid);
                    }
                    Some(Sysno::rt_sigaction) if call.succeeded() => {
                        let sig = call.arg("signum").and_then(Value::as_i64).unwrap_or(0) as i32;
                        if let Some(act) = call.arg("act") {
                            let handled = matches!(act.field("sa_handler"), Some(Value::Hex(_)));
                            handlers.entry(e.pid).or_default().insert(sig, handled);
                        }
                    }
                    _ => {}
                }
                if let Some(&(signal, delivered)) = running.get(&e.tid).and_then(|s| s.last()) {
                    out.push(InHandler { signal, delivered, call: i });
                }
            }
            _ => {}
        }
    }
    out
}
