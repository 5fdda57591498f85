//! The per-process summary of calls (`-c`), like `strace -c`: how many
//! times each process made each call, how many failed, and the time spent
//! between entry and return as the tracer saw it.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::time::{Duration, Instant};

use crate::decode::Syscall;
use crate::event::{Event, EventKind, Pid, Sink};
use crate::idmap::IdMap;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CallStats {
    pub calls: u64,
    pub errors: u64,
    pub time: Duration,
}

/// Counts calls per process and per name.
///
/// Counting is on the tracer's path at every call, so it allocates only for
/// a name it has not counted before: names are the kernel's `&'static str`.
#[derive(Debug, Default)]
pub struct Summary {
    pub per_process: BTreeMap<Pid, BTreeMap<Cow<'static, str>, CallStats>>,
    entered: IdMap<Instant>,
}

impl Summary {
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes one table per process, busiest calls first.
    pub fn write_to(&self, out: &mut dyn Write) -> io::Result<()> {
        for (pid, calls) in &self.per_process {
            let total: u64 = calls.values().map(|s| s.calls).sum();
            writeln!(out, "process {pid}: {total} calls")?;
            writeln!(out, "{:>8} {:>8} {:>12} {:>10}  syscall", "calls", "errors", "time (us)", "us/call")?;
            let mut rows: Vec<_> = calls.iter().collect();
            rows.sort_by(|a, b| b.1.calls.cmp(&a.1.calls).then(a.0.cmp(b.0)));
            for (name, s) in rows {
                let us = s.time.as_micros();
                writeln!(
                    out,
                    "{:>8} {:>8} {:>12} {:>10}  {name}",
                    s.calls,
                    s.errors,
                    us,
                    us / u128::from(s.calls.max(1))
                )?;
            }
            writeln!(out)?;
        }
        Ok(())
    }
}

impl Sink for Summary {
    /// Time in calls is measured from entry to exit by the summary itself.
    fn needs_time(&self) -> bool {
        false
    }

    fn enter(&mut self, _pid: Pid, tid: Pid, _call: &Syscall) {
        self.entered.insert(tid, Instant::now());
    }

    fn event(&mut self, event: &Event) {
        if let EventKind::Syscall(call) = &event.kind {
            let spent = self.entered.remove(&event.tid).map(|t| t.elapsed()).unwrap_or_default();
            let calls = self.per_process.entry(event.pid).or_default();
            let stats = match calls.get_mut(call.name.as_ref()) {
                Some(stats) => stats,
                None => calls.entry(call.name.clone()).or_default(),
            };
            stats.calls += 1;
            stats.errors += u64::from(call.errno.is_some());
            stats.time += spent;
        }
    }
}
