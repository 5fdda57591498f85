//! The calls: each system call a diagram draws, on the object it names
//! (pipes, sockets, FIFOs, queues, semaphores, segments, files and locks),
//! and the signals a process sends.

use super::*;

impl Builder {
    pub(super) fn syscall(&mut self, rec: &J, kernels: &[J], detail: &str) {
        let name = rec["name"].as_str().unwrap_or("");
        let pid = rec["pid"].as_i64().unwrap_or(0);
        let args = &rec["args"];
        let ok = rec["errno"].is_null() && !rec["ret"].is_null();
        let ret = rec["ret"].as_i64().unwrap_or(-1);
        let time = rec["time"].as_f64().unwrap_or(0.0);
        match name {
            "prctl" if args["option"].as_str() == Some("PR_SET_NAME") => {
                let p = self.process(pid);
                if self.lanes[p].name.is_empty() {
                    self.lanes[p].name = args["arg2"].as_str().unwrap_or("").to_string();
                }
            }
            "pipe" | "pipe2" if ok => {
                let fds = args["pipefd"].as_array();
                let Some(target) = fds.first().and_then(|f| f["target"].as_str()) else { return };
                let Some(lane) = self.target_lane(target, true) else { return };
                let mut parts = Vec::new();
                for (i, f) in fds.iter().enumerate() {
                    if let Some(fd) = f["fd"].as_i64() {
                        let end = if i == 0 { "read" } else { "write" };
                        self.ends.insert((pid, fd), end.to_string());
                        parts.push(if i == 0 {
                            tr!("diagram-pipe-read", fd = fd)
                        } else {
                            tr!("diagram-pipe-write", fd = fd)
                        });
                    }
                }
                self.on_object(
                    pid,
                    lane,
                    StepKind::Create,
                    name,
                    format!("{name} → {}", parts.join(", ")),
                    detail,
                    rec,
                );
            }
            "socketpair" if ok => {
                let fds = args["sv"].as_array();
                let lanes: Vec<usize> =
                    fds.iter().filter_map(|f| f["target"].as_str()).filter_map(|t| self.target_lane(t, true)).collect();
                let Some(&first) = lanes.first() else { return };
                for &l in &lanes[1..] {
                    self.merge(first, l);
                }
                let numbers: Vec<String> = fds.iter().filter_map(|f| f["fd"].as_i64()).map(|f| f.to_string()).collect();
                self.on_object(
                    pid,
                    first,
                    StepKind::Create,
                    name,
                    format!("socketpair → fds {}", numbers.join(", ")),
                    detail,
                    rec,
                );
            }
            "socket" if ok => {
                let Some(target) = rec["ret_value"]["target"].as_str() else { return };
                if let Some(lane) = self.target_lane(target, true) {
                    self.on_object(pid, lane, StepKind::Create, name, format!("socket → fd {ret}"), detail, rec);
                }
            }
            "bind" | "connect" => {
                let Some((_, Some(target))) = fd_arg(rec) else { return };
                let Some(sock) = self.target_lane(target, true) else { return };
                let sock = self.root(sock);
                let named = sock_name(&args["addr"]);
                if let Some((addr, inet)) = named.as_ref().filter(|_| ok) {
                    self.state[sock].inet |= *inet;
                    if name == "bind" {
                        // The name is this socket's from now on (a name
                        // bound before, since unlinked, named another lane).
                        self.keys.insert(Key::Path(addr.clone()), sock);
                        self.state[sock].path = Some(addr.clone());
                    } else {
                        // A datagram socket's connect names a bound
                        // socket (the kernel view joins them by `peer`);
                        // a stream socket's, a listening one: a new connection.
                        self.state[sock].via.get_or_insert_with(|| addr.clone());
                        self.state[sock].connected = true;
                    }
                }
                let label = match &named {
                    Some((p, _)) => format!("{name} {}", basename(p)),
                    None => name.to_string(),
                };
                self.on_object(pid, sock, StepKind::Control, name, label, detail, rec);
            }
            // The port the kernel chose for a socket bound to port 0.
            "getsockname" if ok => {
                let Some((_, Some(target))) = fd_arg(rec) else { return };
                let Some((addr, true)) = sock_name(&args["addr"]) else { return };
                let Some(l) = self.target_lane(target, false) else { return };
                let l = self.root(l);
                if self.state[l].path.as_deref().is_some_and(|p| p.ends_with(":0")) {
                    self.keys.insert(Key::Path(addr.clone()), l);
                    self.state[l].path = Some(addr);
                }
            }
            "listen" | "shutdown" => {
                if let Some((_, Some(target))) = fd_arg(rec) {
                    if let Some(l) = self.target_lane(target, false) {
                        if name == "listen" && ok {
                            let l = self.root(l);
                            self.state[l].listening = true;
                        }
                        let label = match args["how"].as_str() {
                            Some(how) if name == "shutdown" => format!("shutdown {how}"),
                            _ => name.to_string(),
                        };
                        self.on_object(pid, l, StepKind::Control, name, label, detail, rec);
                    }
                }
            }
            "accept" | "accept4" => {
                let Some((_, Some(target))) = fd_arg(rec) else { return };
                let Some(listener) = self.target_lane(target, true) else { return };
                let listener = self.root(listener);
                let label = if ok {
                    // The accepted socket is a lane of its own: the
                    // connection, which the kernel view joins to the
                    // client's end (`peer`).
                    if let Some(new) = rec["ret_value"]["target"].as_str() {
                        if let Some(l) = self.target_lane(new, true) {
                            let l = self.root(l);
                            if l != listener {
                                let via = self.state[listener].path.clone().unwrap_or_else(|| target.to_string());
                                self.state[l].via.get_or_insert(via);
                                self.state[l].accepted = true;
                                self.state[l].inet |= self.state[listener].inet;
                            }
                        }
                    }
                    tr!("diagram-accepted", call = name, fd = ret)
                } else {
                    name.to_string()
                };
                self.on_object(pid, listener, StepKind::Control, name, label, detail, rec);
            }
            n if stream_put(n) => self.data(rec, StepKind::Put, detail),
            n if stream_get(n) => self.data(rec, StepKind::Get, detail),
            "close" => {
                let Some((fd, Some(target))) = fd_arg(rec) else { return };
                let Some(l) = self.target_lane(target, false) else { return };
                let label = match self.ends.get(&(pid, fd)).map(String::as_str) {
                    Some("read") => tr!("diagram-close-read-end", fd = fd),
                    Some("write") => tr!("diagram-close-write-end", fd = fd),
                    _ => format!("close fd {fd}"),
                };
                self.on_object(pid, l, StepKind::Close, name, label, detail, rec);
            }
            "mknod" | "mknodat" if ok && args["mode"].as_str().is_some_and(|m| m.contains("S_IFIFO")) => {
                let Some(path) = args["pathname"].as_str() else { return };
                let lane = self.object(Key::Path(path.to_string()), ObjKind::Fifo, path);
                self.on_object(pid, lane, StepKind::Create, name, format!("mkfifo {}", basename(path)), detail, rec);
            }
            "openat" | "open" | "creat" => self.open_call(rec, detail),
            "ftruncate" => {
                if let Some((_, Some(target))) = fd_arg(rec) {
                    if let Some(l) = self.target_lane(target, false) {
                        let len = args["length"].as_i64().unwrap_or(0);
                        self.on_object(pid, l, StepKind::Control, name, format!("ftruncate {len} B"), detail, rec);
                    }
                }
            }
            "mmap" => {
                let Some((_, Some(target))) = fd_arg(rec) else { return };
                let Some(l) = self.target_lane(target, false) else { return };
                let len = args["length"].as_i64().unwrap_or(0);
                if ok {
                    if let Some(addr) = rec["ret"].as_addr() {
                        self.maps.entry(pid).or_default().push((addr, addr + len.max(0) as u64, l));
                    }
                }
                let prot = args["prot"].as_str().unwrap_or("").split('|').map(prot_word).collect::<Vec<_>>().join("|");
                self.on_object(
                    pid,
                    l,
                    StepKind::Attach,
                    name,
                    tr!("diagram-mmap", call = name, len = len, prot = prot),
                    detail,
                    rec,
                );
            }
            "munmap" => {
                let Some(addr) = args["addr"].as_addr() else { return };
                let Some(maps) = self.maps.get_mut(&pid) else { return };
                let Some(i) = maps.iter().position(|&(s, _, _)| s == addr) else { return };
                let (_, _, l) = maps.remove(i);
                self.on_object(pid, l, StepKind::Attach, name, "munmap".into(), detail, rec);
            }
            "unlink" | "unlinkat" => {
                let Some(path) = args["pathname"].as_str() else { return };
                if let Some(l) = self.find(&Key::Path(path.to_string())) {
                    let i = self.on_object(
                        pid,
                        l,
                        StepKind::Control,
                        name,
                        format!("unlink {}", basename(path)),
                        detail,
                        rec,
                    );
                    // A file's name is its end here (the kernel view keeps
                    // no record of plain files).
                    if ok && self.lanes[l].kind == LaneKind::Object(ObjKind::File) {
                        self.lanes[l].end = LaneEnd::Gone(tr!("diagram-name-removed"));
                        self.lanes[l].last = i;
                    }
                }
            }
            "mq_unlink" => {
                let Some(n) = args["name"].as_str() else { return };
                let key = if n.starts_with('/') { n.to_string() } else { format!("/{n}") };
                if let Some(l) = self.find(&Key::Mq(key)) {
                    self.on_object(pid, l, StepKind::Control, name, "mq_unlink".into(), detail, rec);
                }
            }
            "rename" | "renameat" | "renameat2" => {
                let (Some(old), Some(new)) = (args["oldpath"].as_str(), args["newpath"].as_str()) else { return };
                let Some(l) = self.find(&Key::Path(old.to_string())) else { return };
                if ok {
                    self.keys.remove(&Key::Path(old.to_string()));
                    self.keys.insert(Key::Path(new.to_string()), l);
                    self.lanes[l].name = new.to_string();
                    self.state[l].writers.insert(pid);
                    self.state[l].opened = true;
                }
                self.on_object(pid, l, StepKind::Control, name, format!("rename → {}", basename(new)), detail, rec);
            }
            "mq_open" => {
                let target = rec["ret_value"]["target"].as_str().map(str::to_string);
                let Some(target) = target.filter(|_| ok) else { return };
                self.mq_names.insert(target.clone());
                let lane = self.object(Key::Mq(target.clone()), ObjKind::PosixMq, &target);
                let flags = args["oflag"].as_str().unwrap_or("");
                let kind = if flags.contains("O_CREAT") { StepKind::Create } else { StepKind::Control };
                self.on_object(pid, lane, kind, name, format!("mq_open {flags} → fd {ret}"), detail, rec);
            }
            "mq_notify" => {
                if let Some((_, Some(target))) = fd_arg(rec) {
                    if let Some(l) = self.target_lane(target, false) {
                        self.on_object(pid, l, StepKind::Control, name, "mq_notify".into(), detail, rec);
                    }
                }
            }
            "msgget" | "semget" | "shmget" if ok => {
                let (key, kind) = match name {
                    "msgget" => (Key::Msq(ret), ObjKind::MsgQueue),
                    "semget" => (Key::Sem(ret), ObjKind::SemSet),
                    _ => (Key::Shm(ret), ObjKind::Shm),
                };
                let id_name = match kind {
                    ObjKind::MsgQueue => format!("msqid {ret}"),
                    ObjKind::SemSet => format!("semid {ret}"),
                    _ => format!("shmid {ret}"),
                };
                let lane = self.object(key, kind, &id_name);
                let flags = args["msgflg"].as_str().or(args["semflg"].as_str()).or(args["shmflg"].as_str());
                let step =
                    if flags.is_some_and(|f| f.contains("IPC_CREAT")) { StepKind::Create } else { StepKind::Control };
                let label = match name {
                    "semget" => tr!("diagram-semget", call = name, id = ret, n = args["nsems"].as_i64().unwrap_or(0)),
                    "shmget" => format!("{name} → {ret} ({} B)", args["size"].as_i64().unwrap_or(0)),
                    _ => format!("{name} → {ret}"),
                };
                self.on_object(pid, lane, step, name, label, detail, rec);
            }
            "msgsnd" | "msgrcv" => {
                let Some(id) = args["msqid"].as_i64() else { return };
                let lane = self.object(Key::Msq(id), ObjKind::MsgQueue, &format!("msqid {id}"));
                let msg = &args["msgp"];
                let mut label = name.to_string();
                if let Some(t) = msg["mtype"].as_i64() {
                    label.push_str(&format!(" type {t}"));
                } else if let Some(t) = args["msgtyp"].as_i64() {
                    label.push_str(&format!(" type {t}"));
                }
                if let Some(q) = quoted(&msg["mtext"], PAYLOAD) {
                    label.push(' ');
                    label.push_str(&q);
                }
                let kind = if name == "msgsnd" { StepKind::Put } else { StepKind::Get };
                self.on_object(pid, lane, kind, name, label, detail, rec);
            }
            "msgctl" | "semctl" | "shmctl" => {
                let (key, kind, id) = match name {
                    "msgctl" => (Key::Msq as fn(i64) -> Key, ObjKind::MsgQueue, args["msqid"].as_i64()),
                    "semctl" => (Key::Sem as fn(i64) -> Key, ObjKind::SemSet, args["semid"].as_i64()),
                    _ => (Key::Shm as fn(i64) -> Key, ObjKind::Shm, args["shmid"].as_i64()),
                };
                let Some(id) = id else { return };
                let lane = match self.find(&key(id)) {
                    Some(l) => l,
                    None => self.object(key(id), kind, &format!("id {id}")),
                };
                let cmd = args["cmd"].as_str().unwrap_or("?");
                let mut label = format!("{name} {cmd}");
                match cmd {
                    "SETVAL" => label.push_str(&format!(" {}", args["arg"])),
                    "GETVAL" | "GETNCNT" | "GETZCNT" | "GETPID" if ok => label.push_str(&format!(" = {ret}")),
                    _ => {}
                }
                self.on_object(pid, lane, StepKind::Control, name, label, detail, rec);
            }
            "semop" | "semtimedop" => {
                let Some(id) = args["semid"].as_i64() else { return };
                let lane = self.object(Key::Sem(id), ObjKind::SemSet, &format!("semid {id}"));
                let values = kernels.iter().find(|k| k["object"].as_str() == Some("sem_set")).map(|k| &k["values"]);
                let ops: Vec<String> = args["sops"]
                    .as_array()
                    .iter()
                    .filter_map(|op| {
                        let n = op["sem_num"].as_i64()?;
                        let d = op["sem_op"].as_i64()?;
                        let what = match d {
                            0 => tr!("diagram-sem-wait-zero"),
                            d if d < 0 => format!("P −{}", -d),
                            d => format!("V +{d}"),
                        };
                        let after = values
                            .and_then(|v| v.as_array().get(n as usize))
                            .and_then(|v| v["value"].as_i64())
                            .filter(|_| ok)
                            .map(|v| format!(" → {v}"))
                            .unwrap_or_default();
                        Some(format!("sem[{n}] {what}{after}"))
                    })
                    .collect();
                self.on_object(pid, lane, StepKind::Sem, name, format!("{name} {}", ops.join(", ")), detail, rec);
            }
            "shmat" => {
                let Some(id) = args["shmid"].as_i64() else { return };
                let lane = self.object(Key::Shm(id), ObjKind::Shm, &format!("shmid {id}"));
                let mut label = "shmat".to_string();
                if ok {
                    if let Some(addr) = rec["ret"].as_addr() {
                        self.attached.insert((pid, addr), id);
                        label = format!("shmat → {addr:#x}");
                    }
                }
                self.on_object(pid, lane, StepKind::Attach, name, label, detail, rec);
            }
            "shmdt" => {
                let addr = args["shmaddr"].as_addr().unwrap_or(0);
                let id = self.attached.remove(&(pid, addr)).or_else(|| {
                    kernels.iter().find(|k| k["object"].as_str() == Some("shm")).and_then(|k| k["shmid"].as_i64())
                });
                let Some(id) = id else { return };
                let lane = self.object(Key::Shm(id), ObjKind::Shm, &format!("shmid {id}"));
                self.on_object(pid, lane, StepKind::Attach, name, "shmdt".into(), detail, rec);
            }
            "fcntl" | "flock" => self.lock(rec, detail),
            "futex" => {
                let Some(addr) = args["uaddr"].as_addr() else { return };
                let op = args["futex_op"].as_str().unwrap_or("");
                let lane =
                    self.maps.get(&pid).and_then(|m| m.iter().find(|&&(s, e, _)| s <= addr && addr < e)).map(|m| m.2);
                if let Some(l) = lane {
                    let what = if op.starts_with("FUTEX_WAKE") {
                        tr!("diagram-futex-wake-post")
                    } else {
                        tr!("diagram-futex-wait-post")
                    };
                    self.on_object(pid, l, StepKind::Sem, name, what, detail, rec);
                } else if let Some(k) = kernels.iter().find(|k| k["object"].as_str() == Some("futex")) {
                    // A word of a System V segment, as the kernel view found it.
                    let Some(id) = k["shmid"].as_i64() else { return };
                    let lane = self.object(Key::Shm(id), ObjKind::Shm, &format!("shmid {id}"));
                    let at = k["offset"].as_i64().unwrap_or(0);
                    let offset = format!("{at:#x}");
                    let label = if !op.starts_with("FUTEX_WAKE") {
                        tr!("diagram-futex-wait-while", offset = offset, value = args["val"].to_string())
                    } else if ok {
                        tr!("diagram-futex-wake-woken", offset = offset, woken = ret)
                    } else {
                        format!("futex wake +{offset}")
                    };
                    self.on_object(pid, lane, StepKind::Sem, name, label, detail, rec);
                }
            }
            "kill" | "tkill" | "tgkill" | "rt_sigqueueinfo" | "rt_tgsigqueueinfo" => {
                let target = args["pid"].as_i64().or(args["tgid"].as_i64()).or(args["tid"].as_i64()).unwrap_or(0);
                let sig = args["sig"].as_str().unwrap_or("?");
                let p = self.process(pid);
                let target_pid = self.threads.get(&target).copied().unwrap_or(target);
                let label = match failure(rec) {
                    Some(f) => format!("{name} {sig}{f}"),
                    None => format!("{name} {sig}"),
                };
                let failed = !ok;
                match self.procs.get(&target_pid).copied().filter(|_| target_pid > 0) {
                    Some(t) if t != p => {
                        self.step(p, Some(t), StepKind::Send, name, label, detail, failed, time);
                    }
                    _ => {
                        // To itself, to a group, to every process, or to a
                        // process the trace never saw: said in words.
                        let whom = match target {
                            0 => tr!("diagram-kill-own-group"),
                            -1 => tr!("diagram-kill-everyone"),
                            t if t < -1 => tr!("diagram-kill-group", group = -t),
                            _ if target_pid == pid => tr!("diagram-kill-self"),
                            t => tr!("diagram-kill-untraced", pid = t),
                        };
                        let label = format!("{name} {sig} {whom}{}", failure(rec).unwrap_or_default());
                        self.step(p, None, StepKind::Send, name, label, detail, failed, time);
                    }
                }
            }
            "rt_sigreturn" => {
                let tid = rec["tid"].as_i64().unwrap_or(pid);
                if let Some((from, label)) = self.handlers.get_mut(&tid).and_then(Vec::pop) {
                    let p = self.process(pid);
                    let returns = tr!("diagram-handler-returns", handler = &label);
                    let end = self.step(p, None, StepKind::Local, name, returns, detail, false, time);
                    self.spans.push(Span { lane: p, from, to: end, kind: SpanKind::Handler, label });
                }
            }
            "execve" | "execveat" if ok => {
                let path = args["pathname"].as_str().or(args["filename"].as_str()).unwrap_or("");
                let argv: Vec<String> = args["argv"]
                    .as_array()
                    .iter()
                    .skip(1)
                    .filter_map(|a| crate::diagram::text::buffer(a).map(|(s, _)| s.to_string()))
                    .collect();
                let mut program = basename(path).to_string();
                for a in argv.iter().take(2) {
                    program.push(' ');
                    program.push_str(&escape_payload(a, 16, false));
                }
                let p = self.process(pid);
                self.lanes[p].name = program.clone();
                let i = self.step(p, None, StepKind::Exec, name, format!("exec {program}"), detail, false, time);
                self.last_exec.insert(pid, i);
            }
            "wait4" | "waitid" if ok && (ret > 0 || name == "waitid") => {
                let child = if name == "wait4" { ret } else { args["infop"]["si_pid"].as_i64().unwrap_or(0) };
                if child <= 0 {
                    return;
                }
                let p = self.process(pid);
                let status = match &args["wstatus"] {
                    J::Arr(items) => items.first().and_then(J::as_str).map(|s| format!(" {s}")),
                    _ => None,
                };
                let status = status.map(|s| s.replace("[{", "").replace("}]", "")).unwrap_or_default();
                let label = tr!("diagram-reaps", call = name, child = child, status = status);
                self.step(p, None, StepKind::Local, name, label, detail, false, time);
            }
            "clone" | "clone3" | "fork" | "vfork" if ok => {
                let Some(&i) = self.spawned.get(&ret) else { return };
                let inherited = kernels.iter().find(|k| k["object"].as_str() == Some("inherited"));
                if let Some(k) = inherited {
                    let fds: Vec<String> =
                        k["fds"].as_array().iter().filter_map(|f| Some(format!("fd {}", f["fd"].as_i64()?))).collect();
                    if !fds.is_empty() {
                        let gets = tr!("diagram-child-gets", fds = fds.join(", "));
                        self.steps[i].label.push_str(&format!(": {gets}"));
                    }
                }
                self.steps[i].detail = detail.to_string();
            }
            _ => {}
        }
    }

    /// write, read, msgsnd..., on a descriptor; a datagram sent to a
    /// bound name goes to that name's lane.
    pub(super) fn data(&mut self, rec: &J, kind: StepKind, detail: &str) {
        let pid = rec["pid"].as_i64().unwrap_or(0);
        let name = rec["name"].as_str().unwrap_or("");
        let args = &rec["args"];
        let Some((_, Some(target))) = fd_arg(rec) else { return };
        let Some(mut lane) = self.target_lane(target, true) else { return };
        let dest = sock_name(&args["dest_addr"]).or_else(|| sock_name(&args["msg"]["msg_name"]));
        if let Some(to) = dest.filter(|_| kind == StepKind::Put).and_then(|(n, _)| self.find(&Key::Path(n))) {
            lane = to;
        }
        let ok = rec["errno"].is_null() && !rec["ret"].is_null();
        let ret = rec["ret"].as_i64().unwrap_or(-1);
        let short = match name {
            "mq_timedsend" => "mq_send",
            "mq_timedreceive" => "mq_receive",
            n => n,
        };
        let mut label = short.to_string();
        if let Some(prio) = args["msg_prio"].as_i64().or(args["msg_prio"].as_array().first().and_then(J::as_i64)) {
            label.push_str(&format!(" prio {prio}"));
        }
        let injected = &rec["injected"];
        if injected["what"].as_str() == Some("short") {
            let (count, given) = (injected["count"].as_i64().unwrap_or(0), injected["given"].as_i64().unwrap_or(0));
            let cut = if ok {
                tr!("diagram-cut-short", ret = ret, count = count)
            } else {
                tr!("diagram-cut-count", count = count, given = given)
            };
            label.push(' ');
            label.push_str(&cut);
        }
        let fds = passed_fds(rec);
        if !fds.is_empty() && (ok || kind == StepKind::Put) {
            let fds = fds.join(", ");
            let how = if kind == StepKind::Put {
                tr!("diagram-passing", fds = fds)
            } else {
                tr!("diagram-receiving", fds = fds)
            };
            label.push(' ');
            label.push_str(&how);
        }
        // A write shows only what went; a read's buffer holds only what came.
        let moved = usize::try_from(ret)
            .ok()
            .filter(|_| ok && kind == StepKind::Put && !name.starts_with("mq_") && name != "sendmmsg");
        if kind == StepKind::Get && ok && ret == 0 && !name.starts_with("mq_") {
            label.push(' ');
            label.push_str(&tr!("diagram-eof"));
        } else if let Some(p) = payload(rec, moved).filter(|_| ok || kind == StepKind::Put) {
            label.push(' ');
            label.push_str(&p);
        }
        let root = self.root(lane);
        if kind == StepKind::Put {
            self.state[root].writers.insert(pid);
        }
        self.on_object(pid, lane, kind, name, label, detail, rec);
    }

    pub(super) fn open_call(&mut self, rec: &J, detail: &str) {
        let pid = rec["pid"].as_i64().unwrap_or(0);
        let name = rec["name"].as_str().unwrap_or("");
        let args = &rec["args"];
        let Some(path) = args["pathname"].as_str() else { return };
        let ok = rec["errno"].is_null() && !rec["ret"].is_null();
        let lane = if ok {
            let target = rec["ret_value"]["target"].as_str().unwrap_or(path).to_string();
            self.target_lane(&target, true)
        } else {
            self.find(&Key::Path(path.to_string()))
        };
        let Some(lane) = lane else { return };
        let flags = args["flags"].as_str().unwrap_or(if name == "creat" { "O_CREAT|O_WRONLY|O_TRUNC" } else { "" });
        let shown: Vec<&str> = flags
            .split('|')
            .filter(|f| {
                matches!(*f, "O_RDONLY" | "O_WRONLY" | "O_RDWR" | "O_CREAT" | "O_EXCL" | "O_TRUNC" | "O_NONBLOCK")
            })
            .collect();
        let root = self.root(lane);
        if ok {
            self.state[root].opened = true;
            if flags.contains("O_CREAT") || flags.contains("O_TRUNC") {
                self.state[root].writers.insert(pid);
            }
        }
        let created = ok && flags.contains("O_CREAT") && flags.contains("O_EXCL");
        let kind = if created { StepKind::Create } else { StepKind::Control };
        let mut label = format!("open {}", shown.join("|"));
        if ok {
            label.push_str(&format!(" → fd {}", rec["ret"].as_i64().unwrap_or(-1)));
        }
        self.on_object(pid, lane, kind, name, label, detail, rec);
    }

    pub(super) fn lock(&mut self, rec: &J, detail: &str) {
        let pid = rec["pid"].as_i64().unwrap_or(0);
        let name = rec["name"].as_str().unwrap_or("");
        let args = &rec["args"];
        let label = if name == "flock" {
            let op = args["operation"].as_str().unwrap_or("");
            if op.contains("LOCK_UN") {
                tr!("diagram-flock-unlock")
            } else if op.contains("LOCK_EX") {
                tr!("diagram-flock-exclusive")
            } else {
                tr!("diagram-flock-shared")
            }
        } else {
            let cmd = args["cmd"].as_str().unwrap_or("");
            if !matches!(cmd, "F_SETLK" | "F_SETLKW" | "F_OFD_SETLK" | "F_OFD_SETLKW" | "F_GETLK" | "F_OFD_GETLK") {
                return;
            }
            let l_type = args["arg"]["l_type"].as_str();
            let what = match l_type {
                Some("F_WRLCK") => tr!("diagram-lock-write"),
                Some("F_RDLCK") => tr!("diagram-lock-read"),
                Some("F_UNLCK") => tr!("diagram-unlock"),
                _ => tr!("diagram-lock"),
            };
            if cmd.contains("GETLK") {
                tr!("diagram-test-lock")
            } else if cmd.ends_with('W') && l_type != Some("F_UNLCK") {
                tr!("diagram-lock-waiting", what = what)
            } else {
                what
            }
        };
        let Some((_, Some(target))) = fd_arg(rec) else { return };
        let Some(lane) = self.target_lane(target, true) else { return };
        let root = self.root(lane);
        self.state[root].locked = true;
        self.on_object(pid, lane, StepKind::Control, name, label, detail, rec);
    }
}

/// Calls that put bytes into a pipe, FIFO, socket or POSIX queue (a System
/// V message, `msgsnd`, is drawn on its own).
pub(super) fn stream_put(name: &str) -> bool {
    matches!(
        name,
        "write" | "writev" | "pwrite64" | "pwritev" | "pwritev2" | "sendto" | "sendmsg" | "sendmmsg" | "mq_timedsend"
    )
}

/// Calls that take bytes out of one (`msgrcv` likewise drawn on its own).
pub(super) fn stream_get(name: &str) -> bool {
    matches!(
        name,
        "read" | "readv" | "pread64" | "preadv" | "preadv2" | "recvfrom" | "recvmsg" | "recvmmsg" | "mq_timedreceive"
    )
}

/// A protection flag of `mmap` in the diagram's words: `PROT_READ` is
/// `read` (`읽기` under Korean); a flag it does not know, lowercased.
fn prot_word(flag: &str) -> String {
    match flag {
        "PROT_READ" => tr!("diagram-prot-read"),
        "PROT_WRITE" => tr!("diagram-prot-write"),
        "PROT_EXEC" => tr!("diagram-prot-exec"),
        "PROT_NONE" => tr!("diagram-prot-none"),
        other => other.strip_prefix("PROT_").unwrap_or(other).to_lowercase(),
    }
}
