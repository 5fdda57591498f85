//! Reading the state of one object for a kernel event: a pipe's bytes and
//! holders, a socket's peer, a System V row, a POSIX queue's counts, a
//! thread's signal masks; and what is left of an object after one of its
//! descriptors was closed.

use std::os::fd::AsFd;

use super::*;

impl KernelView {
    /// The descriptors of the live traced processes that `keep` picks, in
    /// order of process and fd, from their fd tables.
    fn open_fds(&mut self, keep: impl Fn(&tables::OpenFd) -> bool) -> Vec<(Pid, tables::OpenFd)> {
        let mut out = Vec::new();
        for &pid in &self.procs {
            let Some(table) = self.fd_tables.table(pid) else { continue };
            out.extend(table.iter().filter(|e| keep(e)).map(|e| (pid, *e)));
        }
        out
    }

    /// Every descriptor of a live traced process that refers to `object`,
    /// in order of process and fd.
    pub(super) fn fd_holders(&mut self, i: usize, object: ObjectId) -> Vec<FdHolder> {
        let out: Vec<FdHolder> = self
            .open_fds(|e| e.object == object)
            .into_iter()
            .map(|(pid, e)| FdHolder { pid, fd: e.fd, end: e.end })
            .collect();
        for h in &out {
            self.used(i, h.pid);
        }
        out
    }

    /// A pipe or FIFO of the run: bytes in it (asked through `via`, or any
    /// holder), and its holders when `with_holders`.
    pub(super) fn pipe_state(&mut self, i: usize, via: Option<(Pid, i32)>, with_holders: bool) -> KernelEvent {
        let Some(object) = self.objects[i].object else { return unavailable("no inode recorded") };
        let holders = with_holders.then(|| self.fd_holders(i, object));
        let via = via.or_else(|| holders.as_ref().and_then(|h| h.first()).map(|h| (h.pid, h.fd)));
        let bytes = via.and_then(|(p, fd)| self.pipe_bytes(p, fd));
        let t = &self.objects[i];
        KernelEvent::Pipe(PipeState {
            ino: object.ino,
            fifo: (t.kind == ObjectKind::Fifo).then(|| t.path.clone()).flatten(),
            bytes,
            holders,
        })
    }

    /// Bytes in the pipe behind fd `fd` of `pid`, through a handle on the
    /// process kept for its lifetime (one `pidfd_open` per process, not per
    /// look).
    pub(super) fn pipe_bytes(&mut self, pid: Pid, fd: i32) -> Option<u64> {
        let pidfd = match self.pidfds.entry(pid) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(pidfd_open(np(pid)).ok()?),
        };
        match pipe_bytes(pidfd.as_fd(), np(pid), fd) {
            Ok(n) => Some(n as u64),
            Err(_) => queued_bytes(np(pid), fd).ok().map(|q| q.inq as u64),
        }
    }

    /// Every descriptor of a live traced process whose link is `socket:[ino]`.
    pub(super) fn socket_holders(&mut self, inodes: &[u64]) -> Vec<Vec<FdHolder>> {
        let mut out = vec![Vec::new(); inodes.len()];
        for (pid, e) in self.open_fds(|e| e.socket && inodes.contains(&e.object.ino)) {
            if let Some(k) = inodes.iter().position(|&n| n == e.object.ino) {
                out[k].push(FdHolder { pid, fd: e.fd, end: End::Both });
            }
        }
        out
    }

    /// A Unix socket, from sock_diag; `None` when it is not one (or is gone).
    pub(super) fn socket_state(&mut self, ino: u64, with_holders: bool) -> Option<KernelEvent> {
        let d = match unix_diag(ino) {
            Ok(d) => d,
            Err(e) if matches!(e.kind(), ErrorKind::Sys(nix::errno::Errno::ENOENT)) => return None,
            Err(e) => return Some(unavailable(e)),
        };
        let (holders, peer_holders) = if with_holders {
            let mut both = self.socket_holders(&[ino, d.peer.unwrap_or(0)]);
            let peer = both.pop().unwrap_or_default();
            (Some(both.pop().unwrap_or_default()), peer)
        } else {
            (None, Vec::new())
        };
        if let Some(&i) = self.by_key.get(&Key::Socket(ino)) {
            for h in holders.iter().flatten() {
                self.objects[i].used_by.insert(h.pid);
            }
        }
        Some(KernelEvent::Socket(SocketState {
            ino,
            sock_type: type_name(d.sock_type),
            state: if d.listening { "listening" } else { state_name(d.state) },
            path: d.name,
            peer: d.peer,
            peer_holders,
            queued: d.rqueue,
            backlog: d.listening.then_some(d.wqueue),
            peer_queued: d.peer.and_then(|p| unix_diag(p).ok()).filter(|p| !p.listening).map(|p| p.rqueue),
            peer_closed: d.peer.is_none() && d.shutdown == 3,
            holders,
        }))
    }

    pub(super) fn msg_state(&mut self, id: i32, out: &mut Vec<KernelEvent>) -> Option<crate::kernel::MsgQueue> {
        // msgctl alone, after every msgsnd and msgrcv; the table when the
        // queue may not be read.
        match crate::kernel::msg_stat(id).or_else(|_| msg_queue(id)) {
            Ok(Some(q)) => {
                out.push(KernelEvent::MsgQueue(MsgQueueState {
                    msqid: q.msqid,
                    key: q.key.0,
                    mode: q.perms.0,
                    messages: q.qnum,
                    bytes: q.cbytes,
                    last_sender: q.lspid.map(|p| p.as_raw()),
                    last_receiver: q.lrpid.map(|p| p.as_raw()),
                }));
                Some(q)
            }
            Ok(None) => None,
            Err(e) => {
                self.failed(e, out);
                None
            }
        }
    }

    pub(super) fn sem_state(&mut self, id: i32, out: &mut Vec<KernelEvent>) -> Option<crate::kernel::SemSet> {
        // semctl alone, after every semop; the table when the set may not be
        // read (and then neither may its values).
        let read = crate::kernel::sem_stat(id).or_else(|_| Ok(sem_set(id)?.map(|s| (s, sem_values(id)))));
        match read {
            Ok(Some((s, values))) => {
                let values = values
                    .map(|v| {
                        v.iter()
                            .map(|v| SemState {
                                value: v.value,
                                ncnt: v.ncnt,
                                zcnt: v.zcnt,
                                last_pid: v.pid.map(|p| p.as_raw()),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                out.push(KernelEvent::SemSet(SemSetState { semid: s.semid, key: s.key.0, mode: s.perms.0, values }));
                Some(s)
            }
            Ok(None) => None,
            Err(e) => {
                self.failed(e, out);
                None
            }
        }
    }

    pub(super) fn shm_state(
        &mut self,
        id: i32,
        attach: Option<ShmAttach>,
        contents: Option<ShmContents>,
        out: &mut Vec<KernelEvent>,
    ) -> Option<crate::kernel::ShmSegment> {
        self.any_shm = true;
        match shm_segment(id) {
            Ok(Some(s)) => {
                out.push(KernelEvent::Shm(ShmState {
                    shmid: s.shmid,
                    key: s.key.0,
                    mode: s.perms.0,
                    size: s.size,
                    attached: s.nattch,
                    creator: s.cpid.as_raw(),
                    last_pid: s.lpid.map(|p| p.as_raw()),
                    removed: s.is_marked_for_removal(),
                    attach,
                    contents,
                }));
                Some(s)
            }
            Ok(None) => None,
            Err(e) => {
                self.failed(e, out);
                None
            }
        }
    }

    /// The first bytes of a segment as `pid` sees them at `start`.
    pub(super) fn contents(pid: Pid, start: u64, len: u64, size: Option<u64>) -> Option<ShmContents> {
        let n = (PREVIEW_LEN as u64).min(len).min(size.unwrap_or(u64::MAX)) as usize;
        let data = read_memory(np(pid), start, n).ok()?;
        Some(ShmContents { read: data.len() as u64, data, size: size.unwrap_or(len) })
    }

    pub(super) fn mq_state(&mut self, pid: Pid, fd: i32, name: String, out: &mut Vec<KernelEvent>) {
        match mq_attr(np(pid), fd) {
            Ok(a) => {
                let status = mq_status(np(pid), fd).ok();
                out.push(KernelEvent::PosixMq(PosixMqState {
                    name,
                    messages: a.curmsgs,
                    max_messages: a.maxmsg,
                    message_size: a.msgsize,
                    bytes: status.map(|s| s.qsize),
                    notify_pid: status.and_then(|s| s.notify_pid).map(|p| p.as_raw()),
                }));
            }
            Err(e) => self.failed(e, out),
        }
    }

    pub(super) fn signal_state(&mut self, pid: Pid, tid: Pid, delivered: Option<i32>, out: &mut Vec<KernelEvent>) {
        match thread_status(np(pid), np(tid)) {
            Ok(st) => out.push(KernelEvent::Signals(SignalState {
                process: st.tgid.as_raw(),
                thread: tid,
                delivered: delivered.map(|sig| Delivery {
                    signal: crate::decode::signal_name(sig).into_owned(),
                    action: if st.caught.contains(sig) {
                        "handler"
                    } else if st.ignored.contains(sig) {
                        "ignored"
                    } else {
                        default_action(sig)
                    },
                }),
                blocked: st.blocked,
                ignored: st.ignored,
                caught: st.caught,
                pending: SigSet(st.pending.0 | st.shared_pending.0),
            })),
            Err(e) => self.failed(e, out),
        }
    }

    /// After a descriptor on object `i` was closed (by `call` of `pid`):
    /// its holders now, or its end.
    pub(super) fn released(&mut self, i: usize, pid: Pid, call: &str, out: &mut Vec<KernelEvent>) {
        match self.objects[i].kind {
            // The file stays: who still has it open or mapped.
            ObjectKind::PosixShm => out.push(self.shm_file_state(i)),
            ObjectKind::Pipe | ObjectKind::Fifo => {
                let Some(object) = self.objects[i].object else { return };
                let h = self.fd_holders(i, object);
                if h.is_empty() && self.objects[i].kind == ObjectKind::Pipe {
                    self.set_fate(i, Fate::Closed { by: ByCall { pid, call: call.to_string() } });
                    let t = &self.objects[i];
                    out.push(KernelEvent::Gone(Gone { kind: t.kind, name: t.name.clone(), how: GoneHow::Closed }));
                } else if h.is_empty() {
                    let t = &self.objects[i];
                    out.push(KernelEvent::Pipe(PipeState {
                        ino: object.ino,
                        fifo: t.path.clone(),
                        bytes: None,
                        holders: Some(h),
                    }));
                } else {
                    out.push(self.pipe_state(i, None, true));
                }
            }
            ObjectKind::Socket => {
                let ino = self.objects[i].id as u64;
                let held = self.socket_holders(&[ino]).pop().unwrap_or_default();
                if held.is_empty() {
                    self.set_fate(i, Fate::Closed { by: ByCall { pid, call: call.to_string() } });
                    let t = &self.objects[i];
                    out.push(KernelEvent::Gone(Gone { kind: t.kind, name: t.name.clone(), how: GoneHow::Closed }));
                } else if let Some(ev) = self.socket_state(ino, true) {
                    out.push(ev);
                }
            }
            _ => {}
        }
    }
}
