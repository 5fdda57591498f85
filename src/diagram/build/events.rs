//! The events around the calls: forks, execs, signal deliveries, exits, the
//! hang report, the ledger, and what the kernel view's lines tell.

use super::*;

impl Builder {
    pub(super) fn spawn(&mut self, rec: &J, detail: &str) {
        let pid = rec["pid"].as_i64().unwrap_or(0);
        let child = rec["child"].as_i64().unwrap_or(0);
        let via = rec["via"].as_str().unwrap_or("fork");
        let parent = self.process(pid);
        if rec["thread"].as_bool() == Some(true) {
            // A thread shares its process's lane: its start is a mark
            // there, and what it does is labelled with its thread id.
            let owner = self.threads.get(&pid).copied().unwrap_or(pid);
            self.threads.insert(child, owner);
            let tid = rec["tid"].as_i64().unwrap_or(pid);
            let label = if tid != owner {
                tr!("diagram-thread-starts-by", child = child, via = via, tid = tid)
            } else {
                tr!("diagram-thread-starts", child = child, via = via)
            };
            let time = rec["time"].as_f64().unwrap_or(0.0);
            let i = self.step(parent, None, StepKind::Thread, "thread starts", label, detail, false, time);
            self.steps[i].call = "thread starts".into();
            return;
        }
        let lane = self.process(child);
        self.lanes[lane].name = self.lanes[parent].name.clone();
        let label = if via == "clone" || via == "fork" { "fork".to_string() } else { via.to_string() };
        let time = rec["time"].as_f64().unwrap_or(0.0);
        let i = self.step(parent, Some(lane), StepKind::Spawn, via, label, detail, false, time);
        self.spawned.insert(child, i);
    }

    pub(super) fn exec_record(&mut self, rec: &J, detail: &str) {
        let pid = rec["pid"].as_i64().unwrap_or(0);
        let p = self.process(pid);
        if self.last_exec.get(&pid) == Some(&(self.steps.len().wrapping_sub(1))) {
            return;
        }
        let path = rec["path"].as_str().unwrap_or("");
        self.lanes[p].name = basename(path).to_string();
        let time = rec["time"].as_f64().unwrap_or(0.0);
        let label = format!("exec {}", basename(path));
        let i = self.step(p, None, StepKind::Exec, "exec", label, detail, false, time);
        self.last_exec.insert(pid, i);
    }

    pub(super) fn signal(&mut self, rec: &J, kernels: &[J], detail: &mut String) {
        let pid = rec["pid"].as_i64().unwrap_or(0);
        let tid = rec["tid"].as_i64().unwrap_or(pid);
        let sig = rec["signal"].as_str().unwrap_or("?");
        let code = rec["code"].as_str().unwrap_or("");
        let sender = rec["sender_pid"].as_i64();
        let from = sender.map_or("?".into(), |s| s.to_string());
        detail.push_str(&tr!("diagram-signal-detail", signal = sig, code = code, sender = from));
        for k in kernels {
            detail.push('\n');
            detail.push_str(&kernel_text(k));
        }
        let action = kernels.iter().find_map(|k| k["delivered"]["action"].as_str()).unwrap_or("");
        let receiver = self.process(pid);
        let mut label = tr!("diagram-signal-arrives", signal = sig);
        if sig == "SIGCHLD" {
            if let Some(child) = sender {
                label = tr!("diagram-sigchld", child = child);
            }
        } else if self.injected.get(&tid).is_some_and(|s| s == sig) {
            self.injected.remove(&tid);
            label = tr!("diagram-from-ipclab", label = label);
        } else if let Some(s) = sender.filter(|_| code.starts_with("SI_")) {
            label = tr!("diagram-from", label = label, pid = s);
        }
        label = match action {
            "handler" => tr!("diagram-handler-runs", label = label),
            "ignored" | "default:ignore" => tr!("diagram-ignored", label = label),
            "" => label,
            a => match a.strip_prefix("default:") {
                Some(what) => tr!("diagram-default-action", label = label, action = what),
                None => format!("{label}: {a}"),
            },
        };
        let time = rec["time"].as_f64().unwrap_or(0.0);
        let i = self.step(receiver, None, StepKind::Deliver, sig, label, detail, false, time);
        if action == "handler" {
            self.handlers.entry(tid).or_default().push((i, tr!("diagram-handler", signal = sig)));
        }
    }

    pub(super) fn exit(&mut self, rec: &J, detail: &str) {
        let pid = rec["pid"].as_i64().unwrap_or(0);
        let tid = rec["tid"].as_i64().unwrap_or(pid);
        self.open.remove(&tid);
        if tid != pid && self.threads.contains_key(&tid) {
            let p = self.process(pid);
            let how = match rec["code"].as_i64() {
                Some(code) => tr!("diagram-exit", code = code),
                None => tr!("diagram-killed-by", signal = rec["signal"].as_str().unwrap_or("?")),
            };
            let time = rec["time"].as_f64().unwrap_or(0.0);
            let i = self.step(
                p,
                None,
                StepKind::Thread,
                "thread ends",
                tr!("diagram-thread-ends", tid = tid, how = how),
                detail,
                false,
                time,
            );
            self.steps[i].call = "thread ends".into();
            return;
        }
        let p = self.process(pid);
        let (text, bad) = match rec["code"].as_i64() {
            Some(code) => (tr!("diagram-exit", code = code), code != 0),
            None => {
                let sig = rec["signal"].as_str().unwrap_or("?");
                let text = if rec["core_dumped"].as_bool() == Some(true) {
                    tr!("diagram-killed-by-core", signal = sig)
                } else {
                    tr!("diagram-killed-by", signal = sig)
                };
                (text, true)
            }
        };
        let time = rec["time"].as_f64().unwrap_or(0.0);
        let i = self.step(p, None, StepKind::Exit, "exit", text.clone(), detail, bad, time);
        self.lanes[p].end = LaneEnd::Exited { text, bad };
        // A handler the process died in ends with it.
        if let Some(stack) = self.handlers.remove(&tid) {
            for (from, label) in stack {
                if i > from + 1 {
                    self.spans.push(Span { lane: p, from: from + 1, to: i, kind: SpanKind::Handler, label });
                }
            }
        }
        // Its own zombie children are no longer its to reap.
        let orphans: Vec<i64> = self.zombies.keys().copied().filter(|z| self.parent_of(*z) == Some(pid)).collect();
        for z in orphans {
            if let Some(from) = self.zombies.remove(&z) {
                let zl = self.process(z);
                self.spans.push(Span {
                    lane: zl,
                    from,
                    to: i,
                    kind: SpanKind::Zombie,
                    label: tr!("diagram-zombie-never-reaped"),
                });
            }
        }
    }

    pub(super) fn parent_of(&self, child: i64) -> Option<i64> {
        let step = *self.spawned.get(&child)?;
        let lane = self.steps[step].lane;
        Some(self.state[lane].pid)
    }

    pub(super) fn hang(&mut self, rec: &J, detail: &str) {
        let pid = rec["pid"].as_i64().unwrap_or(0);
        let time = rec["time"].as_f64().unwrap_or(0.0);
        let root = self.process(pid);
        let mut note = vec![tr!("diagram-hang-heading")];
        let mut full = String::from(detail);
        full.push_str(&tr!("diagram-time-ran-out"));
        for t in rec["tasks"].as_array() {
            let tpid = t["pid"].as_i64().unwrap_or(0);
            let tid = t["tid"].as_i64().unwrap_or(tpid);
            let call = t["call"].as_str();
            let p = self.process(tpid);
            let head = match call {
                Some(c) => tr!("diagram-hang-blocked", pid = tpid, call = c),
                None => tr!("diagram-hang-between", pid = tpid),
            };
            note.push(head.clone());
            full.push('\n');
            full.push_str(&head);
            for f in t["facts"].as_array().iter().filter_map(J::as_str) {
                note.push(format!("    {f}"));
                full.push_str(&format!("\n    {f}"));
            }
            if let Some(d) = t["diagnosis"].as_str() {
                note.push(format!("  → {d}"));
                full.push_str(&format!("\n  → {d}"));
            }
            let object = t["object"].as_str().and_then(|o| self.hang_object(o));
            let name = t["call_name"].as_str().unwrap_or("");
            if call.is_none() {
                continue;
            }
            let label = tr!("diagram-waits-in", call = name);
            let i = match object {
                Some(o) => self.step(p, Some(o), StepKind::HangWait, name, label, &full, true, time),
                None => self.step(p, None, StepKind::HangWait, name, label, &full, true, time),
            };
            let from = match self.open.remove(&tid) {
                Some(open) => open.at,
                None => self.lanes[p].last.min(i),
            };
            // A wait no other step came during is a bar on its own row.
            if from <= i {
                let label = tr!("diagram-never-returned", call = name);
                self.spans.push(Span { lane: p, from, to: i, kind: SpanKind::Hung, label });
            }
        }
        let i = self.step(root, None, StepKind::Hang, "hang", tr!("diagram-time-ran-out"), &full, true, time);
        self.steps[i].note = note;
    }

    /// The lane of what a hang report says a thread waits on:
    /// `pipe:[N]`, a FIFO's path, `msqid N`, `semid N`, `socket:[N]`.
    pub(super) fn hang_object(&mut self, object: &str) -> Option<usize> {
        if let Some(id) = object.strip_prefix("msqid ") {
            return self.find(&Key::Msq(id.parse().ok()?));
        }
        if let Some(id) = object.strip_prefix("semid ") {
            return self.find(&Key::Sem(id.parse().ok()?));
        }
        if let Some(ino) = inode_of(object, "pipe") {
            return self.find(&Key::Pipe(ino));
        }
        if let Some(ino) = inode_of(object, "socket") {
            return self.find(&Key::Sock(ino));
        }
        self.find(&Key::Path(object.to_string()))
    }

    /// The lane the ledger or a `gone` record names: `pipe:[N]`,
    /// `msg queue N`, `FIFO /p`, `POSIX mq /q`, `socket file /p`...
    pub(super) fn named(&self, kind: &str, name: &str, id: Option<i64>) -> Option<usize> {
        let number = || id.or_else(|| name.rsplit(' ').next()?.parse().ok());
        match kind {
            "pipe" => self.find(&Key::Pipe(inode_of(name, "pipe")?)),
            "socket" => self.find(&Key::Sock(inode_of(name, "socket")?)),
            "msg_queue" => self.find(&Key::Msq(number()?)),
            "sem_set" => self.find(&Key::Sem(number()?)),
            "shm" => self.find(&Key::Shm(number()?)),
            "posix_mq" => self.find(&Key::Mq(name.strip_prefix("POSIX mq ").unwrap_or(name).to_string())),
            "fifo" | "socket_file" | "posix_shm" => {
                let path =
                    ["FIFO ", "socket file ", "POSIX shm "].iter().find_map(|p| name.strip_prefix(p)).unwrap_or(name);
                self.find(&Key::Path(path.to_string()))
            }
            _ => None,
        }
    }

    pub(super) fn ledger_entry(&mut self, rec: &J) {
        let kind = rec["kind"].as_str().unwrap_or("");
        let name = rec["name"].as_str().unwrap_or("");
        let Some(lane) =
            self.named(kind, name, rec["id"].as_i64().filter(|_| matches!(kind, "msg_queue" | "sem_set" | "shm")))
        else {
            return;
        };
        match rec["fate"].as_str() {
            Some("leaked") => {
                self.lanes[lane].end = LaneEnd::Leaked {
                    cleaned: rec["cleaned"].as_bool() == Some(true),
                    cleanup: rec["cleanup"].as_str().map(str::to_string),
                };
            }
            Some(fate) if self.lanes[lane].end == LaneEnd::Open => {
                let by = &rec["by"];
                let text = match (fate, by["pid"].as_i64(), by["call"].as_str()) {
                    ("removed", Some(p), Some(c)) => tr!("diagram-removed-by", pid = p, call = c),
                    ("closed", Some(p), Some("exit")) => tr!("diagram-freed-at-exit", pid = p),
                    ("closed", Some(p), Some(c)) => tr!("diagram-freed-closed-by", pid = p, call = c),
                    _ => tr!("diagram-gone-by-end"),
                };
                self.lanes[lane].end = LaneEnd::Gone(text);
            }
            _ => {}
        }
    }

    /// What a `kernel` record tells beyond its line: lanes joined, ends of
    /// pipes, attachments, an object's end, a zombie.
    pub(super) fn kernel_effects(&mut self, k: &J) {
        let now = self.steps.len().checked_sub(1);
        match k["object"].as_str().unwrap_or("") {
            "pipe" => {
                if let (Some(path), Some(ino)) = (k["fifo"].as_str(), k["ino"].as_i64()) {
                    let lane = self.object(Key::Path(path.to_string()), ObjKind::Fifo, path);
                    if let LaneKind::Object(ObjKind::File) = self.lanes[lane].kind {
                        self.lanes[lane].kind = LaneKind::Object(ObjKind::Fifo);
                        self.lanes[lane].title = ObjKind::Fifo.title();
                        self.state[lane].tentative = false;
                    }
                    self.keys.entry(Key::Pipe(ino as u64)).or_insert(lane);
                }
                for h in k["holders"].as_array() {
                    if let (Some(p), Some(fd), Some(end)) = (h["pid"].as_i64(), h["fd"].as_i64(), h["end"].as_str()) {
                        self.ends.insert((p, fd), end.to_string());
                    }
                }
            }
            "socket" => {
                let Some(ino) = k["ino"].as_i64() else { return };
                let Some(lane) = self.find(&Key::Sock(ino as u64)) else { return };
                if let Some(peer) = k["peer"].as_i64() {
                    match self.find(&Key::Sock(peer as u64)) {
                        Some(other) => self.merge(lane, other),
                        None => {
                            self.keys.insert(Key::Sock(peer as u64), lane);
                        }
                    }
                }
                // The name a socket is bound to, but not a connected
                // socket's: an accepted one reports its server's name
                // (it is a connection of its own), a client its own
                // (an autobound `@name`).
                let connected = k["state"].as_str() == Some("connected");
                if let Some(path) = k["path"].as_str().filter(|_| !connected) {
                    let lane = self.root(lane);
                    self.keys.insert(Key::Path(path.to_string()), lane);
                    self.state[lane].path = Some(path.to_string());
                    if k["state"].as_str() == Some("listening") {
                        self.state[lane].listening = true;
                    }
                }
            }
            "shm" => {
                let Some(id) = k["shmid"].as_i64() else { return };
                if let (Some(p), Some(start)) = (k["attach"]["pid"].as_i64(), k["attach"]["start"].as_addr()) {
                    self.attached.insert((p, start), id);
                }
                if let Some(what) = contents_label(&k["contents"]) {
                    let Some(lane) = self.find(&Key::Shm(id)) else { return };
                    let label = tr!("diagram-holds", what = what);
                    let time = k["time"].as_f64().unwrap_or(0.0);
                    let detail = format!("{time:.6} s  {}", kernel_text(k));
                    self.step(lane, None, StepKind::Contents, "contents", label, &detail, false, time);
                }
            }
            // What a POSIX shared memory object held before a munmap: a
            // contents step on its lane, as for a segment.
            "posix_shm" => {
                let Some(what) = contents_label(&k["contents"]) else { return };
                let Some(lane) = k["path"].as_str().and_then(|p| self.find(&Key::Path(p.to_string()))) else { return };
                let label = tr!("diagram-holds", what = what);
                let time = k["time"].as_f64().unwrap_or(0.0);
                let detail = format!("{time:.6} s  {}", kernel_text(k));
                self.step(lane, None, StepKind::Contents, "contents", label, &detail, false, time);
            }
            "inherited" => {
                let Some(child) = k["child"].as_i64() else { return };
                for f in k["fds"].as_array() {
                    if let (Some(fd), Some(end)) = (f["fd"].as_i64(), f["end"].as_str()) {
                        self.ends.insert((child, fd), end.to_string());
                    }
                }
                for s in k["shm"].as_array() {
                    if let (Some(id), Some(start)) = (s["shmid"].as_i64(), s["start"].as_addr()) {
                        self.attached.insert((child, start), id);
                    }
                }
            }
            "locks" => {
                if let Some(path) = k["path"].as_str() {
                    if let Some(l) = self.find(&Key::Path(path.to_string())) {
                        self.state[l].locked = true;
                    }
                }
            }
            "zombie" => {
                if let (Some(z), Some(now)) = (k["zombie"].as_i64(), now) {
                    self.zombies.insert(z, now + 1);
                }
            }
            "reaped" => {
                if let (Some(z), Some(now)) = (k["zombie"].as_i64(), now) {
                    if let Some(from) = self.zombies.remove(&z) {
                        let lane = self.process(z);
                        if from <= now {
                            self.spans.push(Span {
                                lane,
                                from,
                                to: now,
                                kind: SpanKind::Zombie,
                                label: tr!("diagram-zombie"),
                            });
                        }
                    }
                }
            }
            "gone" => {
                let (kind, name) = (k["kind"].as_str().unwrap_or(""), k["name"].as_str().unwrap_or(""));
                let Some(lane) = self.named(kind, name, None) else { return };
                let text = match k["how"].as_str() {
                    Some("removed") => tr!("diagram-removed"),
                    Some("closed") => tr!("diagram-freed-no-descriptor"),
                    Some("unlinked") => tr!("diagram-name-removed"),
                    Some(h) => h.to_string(),
                    None => tr!("diagram-gone"),
                };
                if let Some(now) = now {
                    self.lanes[lane].last = self.lanes[lane].last.max(now);
                }
                self.lanes[lane].end = LaneEnd::Gone(text);
            }
            _ => {}
        }
    }
}

/// What an event record that is no call says, in the text trace's words
/// where it has a line (`+++ exited with 0 +++`): the hover text of the
/// step it draws. A call's own record says nothing here (its text follows).
pub(super) fn event_text(rec: &J) -> String {
    match rec["type"].as_str().unwrap_or("") {
        "exit" => match rec["code"].as_i64() {
            Some(code) => format!("+++ exited with {code} +++"),
            None => {
                let core = if rec["core_dumped"].as_bool() == Some(true) { " (core dumped)" } else { "" };
                format!("+++ killed by {}{core} +++", rec["signal"].as_str().unwrap_or("?"))
            }
        },
        "spawn" => {
            let what = if rec["thread"].as_bool() == Some(true) { "thread" } else { "process" };
            let via = rec["via"].as_str().unwrap_or("fork");
            format!("+++ new {what} {} ({via}) +++", rec["child"].as_i64().unwrap_or(0))
        }
        "exec" => format!("+++ runs {} +++", rec["path"].as_str().unwrap_or("?")),
        _ => String::new(),
    }
}
