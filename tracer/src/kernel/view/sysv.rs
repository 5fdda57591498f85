//! System V message queues, semaphore sets and shared memory segments:
//! made, used, changed and removed, with their rows read after each call
//! (`msgctl`/`semctl` `IPC_STAT` where allowed, /proc/sysvipc otherwise).

use syscalls::Sysno;

use super::dispatch::{Before, by_call, made_by_call};
use super::registry::Key;
use super::{KernelView, PREVIEW_LEN, nix_pid};
use crate::decode::Syscall;
use crate::event::Pid;
use crate::event::kernel::{
    ByCall, CallStop, Fate, Gone, GoneHow, HeldReading, KernelEvent, MsgQueueState, ObjectKind, SemSetState, SemState,
    ShmAttach, ShmContents, ShmState, trim_zeros,
};
use crate::kernel::ledger::Evidence;
use crate::proc::{
    MsgQueue, SemSet, ShmSegment, msg_queue, msg_stat, parse_shm_mappings, read_memory, sem_set, sem_stat, sem_values,
    shm_row,
};

/// `IPC_64`, or'ed into the command of `msgctl`/`semctl`/`shmctl` by the C library.
const IPC_64: u64 = 0x100;

/// Whether a semaphore operation only adds to its semaphores (a release, a
/// `V`): it never waits, and its caller is still in the section it ends.
pub(super) fn releases_only(call: &Syscall) -> bool {
    match call.arg("sops") {
        Some(crate::decode::Value::Array { items, more: false }) if !items.is_empty() => {
            items.iter().all(|op| op.field("sem_op").and_then(|v| v.as_i64()).is_some_and(|v| v > 0))
        }
        _ => false,
    }
}

impl KernelView {
    /// After a call of a System V family: a queue, set or segment made,
    /// used, changed or removed.
    pub(super) fn sysv_exit(
        &mut self,
        pid: Pid,
        sysno: Sysno,
        call: &Syscall,
        before: Option<Before>,
        out: &mut Vec<KernelEvent>,
    ) {
        let a = call.raw.args;
        let ret = call.ret.unwrap_or(-1);
        let by = || by_call(pid, sysno);
        match sysno {
            Sysno::msgget => {
                let created = Self::sysv_created(before.as_ref(), a[0] as i32, a[1]);
                self.on_msgget(pid, ret as i32, created, by(), out)
            }
            Sysno::msgsnd | Sysno::msgrcv => self.on_msg_use(a[0] as i32, pid, out),
            Sysno::msgctl => self.on_msgctl(pid, a[0] as i32, a[1] & !IPC_64, by(), out),
            Sysno::semget => {
                let created = Self::sysv_created(before.as_ref(), a[0] as i32, a[2]);
                self.on_semget(pid, ret as i32, created, by(), out)
            }
            Sysno::semop | Sysno::semtimedop => {
                // A release is read at its entry, an acquire (or a wait)
                // as it returns: either way while the caller holds the
                // semaphore, so no one else is storing.
                let (read, at) = match before {
                    Some(Before::Syncing(read)) => (read, CallStop::Entry),
                    _ if self.any_shm && !releases_only(call) => match self.syncing(pid) {
                        Some(Before::Syncing(read)) => (read, CallStop::Exit),
                        _ => (Vec::new(), CallStop::Exit),
                    },
                    _ => (Vec::new(), CallStop::Exit),
                };
                let id = a[0] as i32;
                if let Some(i) = self.objects.find(&Key::Sem(id)) {
                    self.objects.used(i, pid);
                }
                let held =
                    read.iter().map(|(shmid, c)| HeldReading { shmid: *shmid, at, contents: c.clone() }).collect();
                self.sem_state_held(id, held, out);
                self.on_synced(read, out);
            }
            Sysno::semctl => self.on_semctl(pid, a[0] as i32, a[2] & !IPC_64, by(), out),
            Sysno::shmget => self.on_shmget(pid, ret as i32, by(), out),
            Sysno::shmat => self.on_shmat(pid, a[0] as i32, ret as u64, out),
            Sysno::shmdt => {
                if let Some(Before::Detaching { shmid, contents }) = before {
                    self.on_shmdt(pid, shmid, contents, out);
                }
            }
            Sysno::shmctl => self.on_shmctl(pid, a[0] as i32, a[1] & !IPC_64, by(), out),
            _ => {}
        }
    }

    /// Whether a `...get` call created its object: `IPC_PRIVATE` always
    /// makes a new one, `IPC_CREAT|IPC_EXCL` fails unless it does, and
    /// `IPC_CREAT` alone made one when no object had the key at its entry.
    pub(super) fn sysv_created(before: Option<&Before>, key: i32, flags: u64) -> bool {
        let creat = flags & libc::IPC_CREAT as u64 != 0;
        let excl = flags & libc::IPC_EXCL as u64 != 0;
        key == libc::IPC_PRIVATE || creat && made_by_call(before, excl)
    }

    /// Records a System V object a `*get` call returned: tracked by id with
    /// its IPC key, the caller counted as a user, and, when this run created
    /// it, the evidence that identifies it for cleanup later.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn track_sysv(
        &mut self,
        key: Key,
        kind: ObjectKind,
        name: String,
        id: i32,
        ipc_key: i32,
        pid: Pid,
        created: Option<ByCall>,
        evidence: Evidence,
    ) {
        let i = self.objects.track(key, kind, name, id as i64, None, None, created);
        self.objects[i].sysv_key = Some(ipc_key);
        self.objects.used(i, pid);
        if self.objects[i].created_by.is_some() {
            self.set_evidence(i, evidence);
        }
    }

    pub(super) fn on_msgget(&mut self, pid: Pid, id: i32, created: bool, by: ByCall, out: &mut Vec<KernelEvent>) {
        let Some(q) = self.msg_state(id, out) else { return };
        let evidence = Evidence::MsgQueue { id, key: q.key.0, cuid: q.cuid, ctime: q.ctime };
        let name = format!("msg queue {id}");
        self.track_sysv(Key::Msg(id), ObjectKind::MsgQueue, name, id, q.key.0, pid, created.then_some(by), evidence);
    }

    pub(super) fn on_msg_use(&mut self, id: i32, pid: Pid, out: &mut Vec<KernelEvent>) {
        if let Some(i) = self.objects.find(&Key::Msg(id)) {
            self.objects.used(i, pid);
        }
        self.msg_state(id, out);
    }

    /// A System V object removed by `by`.
    pub(super) fn sysv_removed(&mut self, key: Key, kind: ObjectKind, id: i32, by: ByCall, out: &mut Vec<KernelEvent>) {
        let name = format!("{} {id}", kind.label());
        if let Some(i) = self.objects.find(&key) {
            self.objects.used(i, by.pid);
            self.set_fate(i, Fate::Removed { by });
        }
        out.push(KernelEvent::Gone(Gone { kind, name, how: GoneHow::Removed, lives_on: None }));
    }

    pub(super) fn on_msgctl(&mut self, pid: Pid, id: i32, cmd: u64, by: ByCall, out: &mut Vec<KernelEvent>) {
        match cmd as i32 {
            libc::IPC_RMID => self.sysv_removed(Key::Msg(id), ObjectKind::MsgQueue, id, by, out),
            libc::IPC_SET | libc::IPC_STAT => {
                let Some(q) = self.msg_state(id, out) else { return };
                if let Some(i) = self.objects.find(&Key::Msg(id)) {
                    self.objects.used(i, pid);
                    if self.objects[i].evidence.is_some() {
                        self.set_evidence(i, Evidence::MsgQueue { id, key: q.key.0, cuid: q.cuid, ctime: q.ctime });
                    }
                }
            }
            _ => {}
        }
    }

    pub(super) fn on_semget(&mut self, pid: Pid, id: i32, created: bool, by: ByCall, out: &mut Vec<KernelEvent>) {
        let Some(s) = self.sem_state(id, out) else { return };
        let evidence = Evidence::SemSet { id, key: s.key.0, cuid: s.cuid, ctime: s.ctime };
        let name = format!("sem set {id}");
        self.track_sysv(Key::Sem(id), ObjectKind::SemSet, name, id, s.key.0, pid, created.then_some(by), evidence);
    }

    pub(super) fn on_semctl(&mut self, pid: Pid, id: i32, cmd: u64, by: ByCall, out: &mut Vec<KernelEvent>) {
        const SEM_STAT: i32 = 18;
        const SEM_INFO: i32 = 19;
        const SEM_STAT_ANY: i32 = 20;
        match cmd as i32 {
            libc::IPC_RMID => self.sysv_removed(Key::Sem(id), ObjectKind::SemSet, id, by, out),
            libc::IPC_INFO | SEM_STAT | SEM_INFO | SEM_STAT_ANY => {}
            _ => {
                let Some(s) = self.sem_state(id, out) else { return };
                if let Some(i) = self.objects.find(&Key::Sem(id)) {
                    self.objects.used(i, pid);
                    if self.objects[i].evidence.is_some() {
                        self.set_evidence(i, Evidence::SemSet { id, key: s.key.0, cuid: s.cuid, ctime: s.ctime });
                    }
                }
            }
        }
    }

    pub(super) fn on_shmget(&mut self, pid: Pid, id: i32, by: ByCall, out: &mut Vec<KernelEvent>) {
        let Some(s) = self.shm_state(id, None, None, out) else { return };
        // The kernel names the creator of a segment: no guessing needed.
        let created = s.cpid.as_raw() == pid;
        let evidence = Evidence::Shm { id, key: s.key.0, cuid: s.cuid, cpid: s.cpid.as_raw(), ctime: Some(s.ctime) };
        let name = format!("shm segment {id}");
        self.track_sysv(Key::Shm(id), ObjectKind::Shm, name, id, s.key.0, pid, created.then_some(by), evidence);
    }

    pub(super) fn on_shmat(&mut self, pid: Pid, id: i32, addr: u64, out: &mut Vec<KernelEvent>) {
        if let Some(i) = self.objects.find(&Key::Shm(id)) {
            self.objects.used(i, pid);
        }
        let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap_or_default();
        let attach = parse_shm_mappings(&maps)
            .ok()
            .and_then(|ms| ms.into_iter().find(|m| m.start == addr))
            .map(|m| ShmAttach { pid, start: m.start, end: m.end, writable: m.writable });
        self.shm_state(id, attach, None, out);
    }

    pub(super) fn on_shmdt(&mut self, pid: Pid, id: i32, contents: Option<ShmContents>, out: &mut Vec<KernelEvent>) {
        if let Some(i) = self.objects.find(&Key::Shm(id)) {
            self.objects.used(i, pid);
        }
        let size = shm_row(id).ok().flatten().map(|s| s.size);
        let contents = contents.map(|mut c| {
            if let Some(size) = size {
                c.size = size;
                c.data.truncate(size as usize);
                c.read = c.data.len() as u64;
            }
            c
        });
        if self.shm_state(id, None, contents, out).is_none() {
            // Removed before, and this was the last detach: now it is freed.
            let name = format!("shm segment {id}");
            out.push(KernelEvent::Gone(Gone { kind: ObjectKind::Shm, name, how: GoneHow::Closed, lives_on: None }));
        }
    }

    pub(super) fn on_shmctl(&mut self, pid: Pid, id: i32, cmd: u64, by: ByCall, out: &mut Vec<KernelEvent>) {
        const SHM_STAT: i32 = 13;
        const SHM_INFO: i32 = 14;
        const SHM_STAT_ANY: i32 = 15;
        match cmd as i32 {
            libc::IPC_RMID => {
                if let Some(i) = self.objects.find(&Key::Shm(id)) {
                    self.objects.used(i, pid);
                    self.set_fate(i, Fate::Removed { by: by.clone() });
                }
                // Still attached somewhere: the row stays, marked, until the
                // last detach; what it holds now, read from an attacher.
                let contents = self.attached_contents(id);
                if self.shm_state(id, None, contents, out).is_none() {
                    self.sysv_removed(Key::Shm(id), ObjectKind::Shm, id, by, out);
                }
            }
            libc::IPC_INFO | SHM_STAT | SHM_INFO | SHM_STAT_ANY => {}
            _ => {
                if let Some(i) = self.objects.find(&Key::Shm(id)) {
                    self.objects.used(i, pid);
                }
                self.shm_state(id, None, None, out);
            }
        }
    }

    /// What each segment `pid` has attached holds now. Stores to shared
    /// memory make no calls; a process stopped at its `semop` has made its
    /// stores of the section before it.
    pub(super) fn syncing(&mut self, pid: Pid) -> Option<Before> {
        let maps = self.shm_maps_of(pid).into_owned();
        let read: Vec<(i32, ShmContents)> = maps
            .iter()
            .filter_map(|m| {
                let size = self.shm_sizes.get(&m.shmid).copied();
                Some((m.shmid, Self::contents(pid, m.start, m.len(), size)?))
            })
            .collect();
        (!read.is_empty()).then_some(Before::Syncing(read))
    }

    /// After a semaphore operation that succeeded: each segment whose bytes
    /// changed since the view last showed them (a new segment holds zeros),
    /// with what it held as the operation was called.
    fn on_synced(&mut self, read: Vec<(i32, ShmContents)>, out: &mut Vec<KernelEvent>) {
        for (id, mut c) in read {
            let unchanged = match self.shm_seen.get(&id) {
                Some(seen) => trim_zeros(seen) == trim_zeros(&c.data),
                None => trim_zeros(&c.data).is_empty(),
            };
            if unchanged {
                continue;
            }
            // The mapping is whole pages: the row `shm_state` reads gives
            // the segment's size (0 here: not known yet).
            c.size = 0;
            self.shm_state(id, None, Some(c), out);
        }
    }

    /// What segment `id` holds, read from a traced process that has it
    /// attached (None when none has).
    fn attached_contents(&self, id: i32) -> Option<ShmContents> {
        self.procs.live.iter().find_map(|&p| {
            let maps = std::fs::read_to_string(format!("/proc/{p}/maps")).ok()?;
            let m = parse_shm_mappings(&maps).ok()?.into_iter().find(|m| m.shmid == id)?;
            Self::contents(p, m.start, m.len(), None)
        })
    }

    pub(super) fn msg_state(&mut self, id: i32, out: &mut Vec<KernelEvent>) -> Option<MsgQueue> {
        // msgctl alone, after every msgsnd and msgrcv; the table when the
        // queue may not be read.
        match msg_stat(id).or_else(|_| msg_queue(id)) {
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

    pub(super) fn sem_state(&mut self, id: i32, out: &mut Vec<KernelEvent>) -> Option<SemSet> {
        self.sem_state_held(id, Vec::new(), out)
    }

    /// The set's row and values, with what the caller's segments held at
    /// its semaphore operation.
    fn sem_state_held(&mut self, id: i32, held: Vec<HeldReading>, out: &mut Vec<KernelEvent>) -> Option<SemSet> {
        // semctl alone, after every semop; the table when the set may not be
        // read (and then neither may its values).
        let read = sem_stat(id).or_else(|_| Ok(sem_set(id)?.map(|s| (s, sem_values(id)))));
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
                out.push(KernelEvent::SemSet(SemSetState {
                    semid: s.semid,
                    key: s.key.0,
                    mode: s.perms.0,
                    values,
                    held,
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

    pub(super) fn shm_state(
        &mut self,
        id: i32,
        attach: Option<ShmAttach>,
        contents: Option<ShmContents>,
        out: &mut Vec<KernelEvent>,
    ) -> Option<ShmSegment> {
        self.any_shm = true;
        match shm_row(id) {
            Ok(Some(s)) => {
                self.shm_sizes.insert(id, s.size);
                let detaching = self.detaching(id);
                // Contents read through a mapping with no size known (0):
                // the segment's size now, and no byte past it.
                let contents = contents.map(|mut c| {
                    if c.size == 0 {
                        c.size = s.size;
                        c.data.truncate(s.size as usize);
                        c.read = c.data.len() as u64;
                    }
                    c
                });
                if let Some(c) = &contents {
                    self.shm_seen.insert(id, c.data.clone());
                }
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
                    detaching,
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

    /// The traced threads inside a `shmdt` of segment `id` (its entry seen,
    /// its return not yet) whose process no longer has it attached at that
    /// address: another thread's line read now must not count them as
    /// attached while the trace has not shown their detach.
    fn detaching(&self, id: i32) -> Vec<Pid> {
        let mut pids: Vec<Pid> = self
            .before
            .iter()
            .filter(|(_, b)| matches!(b, Before::Detaching { shmid, .. } if *shmid == id))
            .filter(|(tid, _)| {
                let maps = std::fs::read_to_string(format!("/proc/{tid}/maps")).unwrap_or_default();
                parse_shm_mappings(&maps).is_ok_and(|ms| !ms.iter().any(|m| m.shmid == id))
            })
            .filter_map(|(tid, _)| crate::proc::process_status(nix_pid(*tid)).ok().map(|st| st.tgid.as_raw()))
            .collect();
        pids.sort_unstable();
        pids.dedup();
        pids
    }

    /// The first bytes of a segment as `pid` sees them at `start`.
    pub(super) fn contents(pid: Pid, start: u64, len: u64, size: Option<u64>) -> Option<ShmContents> {
        let n = (PREVIEW_LEN as u64).min(len).min(size.unwrap_or(u64::MAX)) as usize;
        let data = read_memory(nix_pid(pid), start, n).ok()?;
        Some(ShmContents {
            read: data.len() as u64,
            ring: crate::proc::parse_ring(&data),
            data,
            size: size.unwrap_or(len),
        })
    }
}
