//! What `--inject` did to a call, drawn: a call made to fail did not run
//! (a mark, no arrow), a delay is a bar, a signal comes from ipclab's own
//! lane; and which thread made a step.

use super::*;

impl Builder {
    /// A call ipclab held at its entry (`--inject CALL:delay=MS`): a bar
    /// from where it began (or its own row) to its step, and the step says so.
    pub(super) fn delayed(&mut self, rec: &J, from: Option<usize>, before: usize, ms: i64, detail: &str) {
        let pid = rec["pid"].as_i64().unwrap_or(0);
        let name = rec["name"].as_str().unwrap_or("");
        let p = self.process(pid);
        let held = tr!("diagram-held", ms = ms);
        let end = if self.steps.len() > before {
            // Before the payload, which a narrow arrow cuts.
            let label = &mut self.steps[before].label;
            let at = label.find(" \"").unwrap_or(label.len());
            label.insert_str(at, &format!(" ({held})"));
            before
        } else {
            let label = tr!("diagram-ran-held", call = name, held = &held, failure = failure(rec).unwrap_or_default());
            let failed = failed(rec);
            self.step(p, None, StepKind::Local, name, label, detail, failed, rec["time"].as_f64().unwrap_or(0.0))
        };
        let label = tr!("diagram-call-held", call = name, held = held);
        self.spans.push(Span { lane: p, from: from.unwrap_or(end), to: end, kind: SpanKind::Delayed, label });
    }

    /// A call `--inject` made fail: it did not run, so it is a mark on its
    /// process's lane, with no arrow to or from the object it names.
    pub(super) fn skipped(&mut self, rec: &J, detail: &str) {
        let pid = rec["pid"].as_i64().unwrap_or(0);
        let name = rec["name"].as_str().unwrap_or("");
        let args = &rec["args"];
        let p = self.process(pid);
        // The object it named is in the row's whole call (its tooltip).
        let on = match fd_arg(rec) {
            Some((fd, _)) => format!(" fd {fd}"),
            None => ["msqid", "semid", "shmid"]
                .iter()
                .find_map(|k| Some(format!(" {k} {}", args[*k].as_i64()?)))
                .unwrap_or_default(),
        };
        let errno = rec["errno"].as_str().unwrap_or("?");
        let label = tr!("diagram-did-not-run", call = format!("{name}{on}"), errno = errno);
        let i = self.step(p, None, StepKind::Skipped, name, label, detail, true, rec["time"].as_f64().unwrap_or(0.0));
        self.steps[i].call = format!("{name} skipped {errno}");
    }

    /// A signal `--inject` sent at a call's entry: an arrow from ipclab.
    pub(super) fn injected_signal(&mut self, rec: &J, detail: &str) {
        let pid = rec["pid"].as_i64().unwrap_or(0);
        let name = rec["name"].as_str().unwrap_or("");
        let sig = rec["injected"]["signal"].as_str().unwrap_or("?");
        let tracer = match self.tracer {
            Some(l) => l,
            None => {
                let l = self.new_lane(LaneKind::Tracer, "ipclab".into(), "--inject".into());
                self.tracer = Some(l);
                l
            }
        };
        let p = self.process(pid);
        self.injected.insert(rec["tid"].as_i64().unwrap_or(pid), sig.to_string());
        let label = tr!("diagram-injected-signal", signal = sig, call = name);
        let time = rec["time"].as_f64().unwrap_or(0.0);
        self.step(tracer, Some(p), StepKind::Send, "inject", label, detail, false, time);
    }

    /// A thread's steps on its process's lane say which thread made them.
    pub(super) fn thread_labels(&mut self, pid: i64, tid: i64, from: usize) {
        if tid == pid {
            return;
        }
        let p = self.process(pid);
        for st in &mut self.steps[from..] {
            if st.lane == p && !matches!(st.kind, StepKind::Contents | StepKind::Thread) {
                st.label = tr!("diagram-thread-step", tid = tid, label = &st.label);
            }
        }
    }
}
