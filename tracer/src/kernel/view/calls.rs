//! What the view does for each call: which object a call touched, what to
//! read about it, and what the call means for the ledger (created, used,
//! removed).

use super::*;

impl KernelView {
    pub(super) fn entry(&mut self, task: TaskRef, call: &Syscall) {
        let Some(sysno) = call.sysno else { return };
        let a = call.raw.args;
        let before = match sysno {
            Sysno::close => self.tracked_fd(task.pid, a[0] as i32).map(|i| Before::Releasing(vec![i])),
            #[cfg(target_arch = "x86_64")]
            Sysno::dup2 if a[0] != a[1] => self.tracked_fd(task.pid, a[1] as i32).map(|i| Before::Releasing(vec![i])),
            Sysno::dup3 if a[0] != a[1] => self.tracked_fd(task.pid, a[1] as i32).map(|i| Before::Releasing(vec![i])),
            Sysno::close_range if a[2] & libc::CLOSE_RANGE_CLOEXEC as u64 == 0 && self.fd_objects > 0 => {
                let (first, last) = (a[0] as u32, a[1] as u32);
                let mut found: Vec<usize> = fd_numbers(task.pid)
                    .into_iter()
                    .filter(|&fd| (first..=last).contains(&(fd as u32)))
                    .filter_map(|fd| self.tracked_fd(task.pid, fd))
                    .collect();
                found.sort_unstable();
                found.dedup();
                (!found.is_empty()).then_some(Before::Releasing(found))
            }
            #[cfg(target_arch = "x86_64")]
            Sysno::open => self.opening_shm(task, None, a[0], a[1]),
            #[cfg(target_arch = "x86_64")]
            Sysno::creat => self.opening_shm(task, None, a[0], libc::O_CREAT as u64),
            Sysno::openat => self.opening_shm(task, Some(a[0] as i32), a[1], a[2]),
            Sysno::munmap => self.unmapping_shm(task.pid, a[0]),
            Sysno::shmdt => {
                let maps = std::fs::read_to_string(format!("/proc/{}/maps", task.pid)).unwrap_or_default();
                parse_shm_mappings(&maps).ok().and_then(|ms| {
                    let m = ms.into_iter().find(|m| m.start == a[0])?;
                    let contents = Self::contents(task.pid, m.start, m.len(), None);
                    Some(Before::Detaching { shmid: m.shmid, contents })
                })
            }
            _ => None,
        };
        match before {
            Some(b) => {
                self.before.insert(task.tid, b);
            }
            None => {
                self.before.remove(&task.tid);
            }
        }
    }

    pub(super) fn exit(&mut self, task: TaskRef, call: &Syscall, out: &mut Vec<KernelEvent>) {
        let before = self.before.remove(&task.tid);
        let Some(sysno) = call.sysno else { return };
        if call.name == sysno.name() && takes_lock(sysno, &call.raw.args) && lock_answered(call) {
            let fd = call.raw.args[0] as i32;
            self.on_lock(task.pid, fd, fd_target(call, fd), out);
            return;
        }
        if call.name != sysno.name() || !call.succeeded() {
            return;
        }
        let a = call.raw.args;
        let ret = call.ret.unwrap_or(-1);
        let pid = task.pid;
        let by = || ByCall { pid, call: sysno.name().to_string() };
        match sysno {
            #[cfg(target_arch = "x86_64")]
            Sysno::pipe => self.on_pipe(task, a[0], by(), out),
            Sysno::pipe2 => self.on_pipe(task, a[0], by(), out),
            #[cfg(target_arch = "x86_64")]
            Sysno::mknod => self.on_mknod(task, None, a[0], a[1], by(), out),
            Sysno::mknodat => self.on_mknod(task, Some(a[0] as i32), a[1], a[2], by(), out),
            #[cfg(target_arch = "x86_64")]
            Sysno::open => self.on_open(pid, call, created_file(before, a[1]), by(), out),
            #[cfg(target_arch = "x86_64")]
            Sysno::creat => self.on_open(pid, call, created_file(before, 0), by(), out),
            Sysno::openat => self.on_open(pid, call, created_file(before, a[2]), by(), out),
            Sysno::openat2 => self.on_open(pid, call, created_file(before, 0), by(), out),
            Sysno::ftruncate => self.on_shm_fd(pid, a[0] as i32, out),
            #[cfg(target_arch = "x86_64")]
            Sysno::link => self.on_link_shm(task, None, a[1], by(), out),
            Sysno::linkat => self.on_link_shm(task, Some(a[2] as i32), a[3], by(), out),
            Sysno::mmap if a[3] & libc::MAP_ANONYMOUS as u64 == 0 => self.on_shm_fd(pid, a[4] as i32, out),
            #[cfg(target_arch = "x86_64")]
            Sysno::unlink => self.on_unlink(task, None, a[0], by(), out),
            Sysno::unlinkat if a[2] & libc::AT_REMOVEDIR as u64 == 0 => {
                self.on_unlink(task, Some(a[0] as i32), a[1], by(), out)
            }
            Sysno::read
            | Sysno::write
            | Sysno::readv
            | Sysno::writev
            | Sysno::sendto
            | Sysno::recvfrom
            | Sysno::sendmsg
            | Sysno::recvmsg
            | Sysno::sendmmsg
            | Sysno::recvmmsg
            | Sysno::vmsplice => {
                let fd = a[0] as i32;
                self.on_data(pid, fd, fd_target(call, fd), out)
            }
            Sysno::splice | Sysno::tee => {
                let (fd_in, fd_out) = if sysno == Sysno::splice { (a[0], a[2]) } else { (a[0], a[1]) };
                self.on_data(pid, fd_in as i32, None, out);
                self.on_data(pid, fd_out as i32, None, out);
            }
            Sysno::close | Sysno::close_range => {
                if let Some(Before::Releasing(list)) = before {
                    for i in list {
                        self.released(i, pid, sysno.name(), out);
                    }
                }
            }
            #[cfg(target_arch = "x86_64")]
            Sysno::dup | Sysno::dup2 => self.on_dup(pid, ret as i32, before, sysno.name(), out),
            Sysno::dup3 => self.on_dup(pid, ret as i32, before, sysno.name(), out),
            Sysno::fcntl if matches!(a[1] as i32, libc::F_DUPFD | libc::F_DUPFD_CLOEXEC) => {
                self.on_dup(pid, ret as i32, None, "fcntl", out)
            }
            Sysno::wait4 => self.on_wait(pid, Some(ret as Pid), out),
            Sysno::waitid => self.on_wait(pid, None, out),
            Sysno::msgget => self.on_msgget(pid, ret as i32, a[0] as i32, a[1], by(), out),
            Sysno::msgsnd | Sysno::msgrcv => self.on_sysv_use(Key::Msg(a[0] as i32), pid, out),
            Sysno::msgctl => self.on_msgctl(pid, a[0] as i32, a[1] & !IPC_64, by(), out),
            Sysno::semget => self.on_semget(pid, ret as i32, a[0] as i32, a[2], by(), out),
            Sysno::semop | Sysno::semtimedop => self.on_sysv_use(Key::Sem(a[0] as i32), pid, out),
            Sysno::semctl => self.on_semctl(pid, a[0] as i32, a[2] & !IPC_64, by(), out),
            Sysno::shmget => self.on_shmget(pid, ret as i32, by(), out),
            Sysno::shmat => self.on_shmat(pid, a[0] as i32, ret as u64, out),
            Sysno::shmdt => {
                if let Some(Before::Detaching { shmid, contents }) = before {
                    self.on_shmdt(pid, shmid, contents, out);
                }
            }
            Sysno::shmctl => self.on_shmctl(pid, a[0] as i32, a[1] & !IPC_64, by(), out),
            Sysno::munmap => {
                if let Some(Before::Unmapping { object, contents }) = before {
                    self.used(object, pid);
                    let mut state = self.shm_file_state(object);
                    if let KernelEvent::PosixShm(s) = &mut state {
                        s.read_from = contents.as_ref().map(|_| pid);
                        s.contents = contents;
                    }
                    out.push(state);
                }
            }
            Sysno::mq_open => self.on_mq_open(pid, ret as i32, a[1], by(), out),
            Sysno::mq_timedsend | Sysno::mq_timedreceive | Sysno::mq_notify | Sysno::mq_getsetattr => {
                self.on_mq_use(pid, a[0] as i32, out)
            }
            Sysno::mq_unlink => self.on_mq_unlink(task, a[0], by(), out),
            Sysno::socket if a[0] == libc::AF_UNIX as u64 => self.on_new_socket(pid, ret as i32, by(), out),
            Sysno::accept | Sysno::accept4 => self.on_new_socket(pid, ret as i32, by(), out),
            Sysno::socketpair if a[0] == libc::AF_UNIX as u64 => {
                let mem = ProcessMemory::new(task.tid);
                match Reader::new(&mem, 0).read::<[i32; 2]>(a[3]) {
                    Some([s0, s1]) => {
                        self.on_new_socket(pid, s0, by(), out);
                        self.on_new_socket(pid, s1, by(), out);
                    }
                    None => out.push(unavailable("socketpair: cannot read the two fds")),
                }
            }
            Sysno::bind => self.on_bind(pid, a[0] as i32, by(), out),
            Sysno::listen | Sysno::connect | Sysno::shutdown => self.on_socket_use(pid, a[0] as i32, out),
            Sysno::rt_sigaction | Sysno::rt_sigprocmask | Sysno::rt_sigtimedwait => {
                self.signal_state(pid, task.tid, None, out)
            }
            Sysno::kill | Sysno::rt_sigqueueinfo if (a[0] as i32) > 0 && a[1] != 0 => {
                self.signal_state(a[0] as i32, a[0] as i32, None, out)
            }
            Sysno::tkill if (a[0] as i32) > 0 && a[1] != 0 => {
                let tid = a[0] as i32;
                let tgid = crate::kernel::process_status(np(tid)).map(|s| s.tgid.as_raw()).unwrap_or(tid);
                self.signal_state(tgid, tid, None, out)
            }
            Sysno::tgkill | Sysno::rt_tgsigqueueinfo if a[2] != 0 => {
                self.signal_state(a[0] as i32, a[1] as i32, None, out)
            }
            _ => {}
        }
    }

    pub(super) fn on_pipe(&mut self, task: TaskRef, addr: u64, by: ByCall, out: &mut Vec<KernelEvent>) {
        let mem = ProcessMemory::new(task.tid);
        let Some([rfd, _]) = Reader::new(&mem, 0).read::<[i32; 2]>(addr) else {
            return out.push(unavailable("pipe: cannot read the two fds"));
        };
        match object_of(np(task.pid), rfd) {
            Ok(obj) => {
                let name = format!("pipe:[{}]", obj.ino);
                let i =
                    self.track(Key::Pipe(obj.ino), ObjectKind::Pipe, name, obj.ino as i64, Some(obj), None, Some(by));
                out.push(self.pipe_state(i, Some((task.pid, rfd)), true));
            }
            Err(e) => out.push(unavailable(e)),
        }
    }

    pub(super) fn on_mknod(
        &mut self,
        task: TaskRef,
        dirfd: Option<i32>,
        path: u64,
        mode: u64,
        by: ByCall,
        out: &mut Vec<KernelEvent>,
    ) {
        if mode as u32 & libc::S_IFMT != libc::S_IFIFO {
            return;
        }
        let Some(path) = self.path_arg(task, dirfd, path) else {
            return out.push(unavailable("mknod: cannot read the path"));
        };
        match std::fs::symlink_metadata(&path) {
            Ok(m) => {
                let obj = ObjectId { dev: m.dev(), ino: m.ino() };
                let name = format!("FIFO {path}");
                let i = self.track(
                    Key::Fifo(obj),
                    ObjectKind::Fifo,
                    name,
                    m.ino() as i64,
                    Some(obj),
                    Some(path.clone()),
                    Some(by),
                );
                self.set_evidence(i, Evidence::Fifo { path: path.clone(), dev: obj.dev, ino: obj.ino });
                out.push(KernelEvent::Pipe(PipeState {
                    ino: obj.ino,
                    fifo: Some(path),
                    bytes: None,
                    holders: Some(Vec::new()),
                }));
            }
            Err(e) => out.push(unavailable(format!("{path}: {e}"))),
        }
    }

    /// At the entry of an open with O_CREAT of a file in /dev/shm (what
    /// `shm_open` does): whether the file is there yet, to know at the exit
    /// whether this call created it.
    fn opening_shm(&self, task: TaskRef, dirfd: Option<i32>, path: u64, flags: u64) -> Option<Before> {
        if flags & libc::O_CREAT as u64 == 0 {
            return None;
        }
        let path = self.path_arg(task, dirfd, path)?;
        path.starts_with(SHM_DIR).then(|| Before::OpeningShm { existed: Path::new(&path).symlink_metadata().is_ok() })
    }

    /// After an open that succeeded; `created`: the call made the file.
    pub(super) fn on_open(&mut self, pid: Pid, call: &Syscall, created: bool, by: ByCall, out: &mut Vec<KernelEvent>) {
        let fd = call.ret.unwrap_or(-1) as i32;
        let Ok(m) = std::fs::metadata(format!("/proc/{pid}/fd/{fd}")) else { return };
        let is_fifo = std::os::unix::fs::FileTypeExt::is_fifo(&m.file_type());
        if !is_fifo && !m.file_type().is_file() {
            return;
        }
        // What the trace named the new descriptor (read at the exit, before
        // this), else /proc: hidden calls are not annotated.
        let shown =
            call.ret_value.as_ref().and_then(|v| v.as_fd()).filter(|f| f.fd == fd).and_then(|f| f.target.as_deref());
        let Some(path) = shown.map(str::to_string).or_else(|| read_link(pid, fd)) else { return };
        if !is_fifo {
            return self.on_open_shm(pid, path, &m, created, by, out);
        }
        let obj = ObjectId { dev: m.dev(), ino: m.ino() };
        let i = self.track(
            Key::Fifo(obj),
            ObjectKind::Fifo,
            format!("FIFO {path}"),
            m.ino() as i64,
            Some(obj),
            Some(path),
            None,
        );
        self.used(i, pid);
        out.push(self.pipe_state(i, Some((pid, fd)), true));
    }

    pub(super) fn on_unlink(
        &mut self,
        task: TaskRef,
        dirfd: Option<i32>,
        path: u64,
        by: ByCall,
        out: &mut Vec<KernelEvent>,
    ) {
        if self.by_path.is_empty() {
            return;
        }
        let Some(path) = self.path_arg(task, dirfd, path) else { return };
        for kind in [ObjectKind::Fifo, ObjectKind::SocketFile, ObjectKind::PosixShm] {
            if let Some(&i) = self.by_path.get(&(kind, path.clone())) {
                if self.objects[i].fate.is_none() {
                    self.used(i, task.pid);
                    self.set_fate(i, Fate::Removed { by: by.clone() });
                    out.push(KernelEvent::Gone(Gone {
                        kind,
                        name: self.objects[i].name.clone(),
                        how: GoneHow::Unlinked,
                    }));
                }
            }
        }
    }

    /// After a `read`, `write`... on fd `fd`: the bytes now in the pipe or
    /// socket, when it is one of the run's. `hint` is what the trace says
    /// the fd referred to at the call's entry, which the loop keeps true
    /// with `-e` too (it sees every call that closes or replaces an fd, or
    /// reads the target afresh): it saves a `readlink`.
    pub(super) fn on_data(&mut self, pid: Pid, fd: i32, hint: Option<&str>, out: &mut Vec<KernelEvent>) {
        if self.fd_objects == 0 {
            return;
        }
        let found = match hint {
            Some(link) => self.tracked_link(link),
            None => self.tracked_fd(pid, fd),
        };
        let Some(i) = found else { return };
        self.used(i, pid);
        match self.objects[i].kind {
            ObjectKind::Pipe | ObjectKind::Fifo => out.push(self.pipe_state(i, Some((pid, fd)), false)),
            ObjectKind::Socket => {
                if let Some(ev) = self.socket_state(self.objects[i].id as u64, false) {
                    out.push(ev);
                }
            }
            _ => {}
        }
    }

    pub(super) fn on_dup(
        &mut self,
        pid: Pid,
        newfd: i32,
        before: Option<Before>,
        call: &str,
        out: &mut Vec<KernelEvent>,
    ) {
        if let Some(Before::Releasing(list)) = before {
            for i in list {
                self.released(i, pid, call, out);
            }
        }
        let Some(i) = self.tracked_fd(pid, newfd) else { return };
        self.used(i, pid);
        match self.objects[i].kind {
            ObjectKind::Pipe | ObjectKind::Fifo => out.push(self.pipe_state(i, Some((pid, newfd)), true)),
            ObjectKind::Socket => {
                if let Some(ev) = self.socket_state(self.objects[i].id as u64, true) {
                    out.push(ev);
                }
            }
            _ => {}
        }
    }

    /// After a wait by `pid`: which of its zombies are gone. wait4 returns
    /// the one child it reaped (0 for none), so only that one is looked at;
    /// waitid leaves its child in memory, so every zombie of `pid` is.
    pub(super) fn on_wait(&mut self, pid: Pid, reaped: Option<Pid>, out: &mut Vec<KernelEvent>) {
        let children: Vec<Pid> = match reaped {
            Some(z) => self.zombies.get(&z).filter(|&&p| p == pid).map(|_| z).into_iter().collect(),
            None => self.zombies.iter().filter(|&(_, &p)| p == pid).map(|(&z, _)| z).collect(),
        };
        for z in children {
            let still = crate::kernel::process_status(np(z)).is_ok_and(|s| s.is_zombie() && s.ppid.as_raw() == pid);
            if !still {
                self.zombies.remove(&z);
                out.push(KernelEvent::Reaped(Reaped { zombie: z, by: pid }));
            }
        }
    }

    /// Whether a `...get` call that returned `id` created it: it did not
    /// exist when the run started, and the call could create (`IPC_PRIVATE`
    /// or `IPC_CREAT`).
    pub(super) fn sysv_created(&self, existed: impl Fn(&SysvAtStart) -> bool, key: i32, flags: u64) -> bool {
        let could_create = key == libc::IPC_PRIVATE || flags & libc::IPC_CREAT as u64 != 0;
        could_create && !self.sysv_at_start.as_ref().is_some_and(existed)
    }

    /// Records a System V object a `*get` call returned: tracked by id with
    /// its IPC key, the caller counted as a user, and, when this run created
    /// it, the evidence that identifies it for cleanup later.
    #[allow(clippy::too_many_arguments)]
    fn track_sysv(
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
        let i = self.track(key, kind, name, id as i64, None, None, created);
        self.objects[i].sysv_key = Some(ipc_key);
        self.used(i, pid);
        if self.objects[i].created_by.is_some() {
            self.set_evidence(i, evidence);
        }
    }

    pub(super) fn on_msgget(
        &mut self,
        pid: Pid,
        id: i32,
        key: i32,
        flags: u64,
        by: ByCall,
        out: &mut Vec<KernelEvent>,
    ) {
        let Some(q) = self.msg_state(id, out) else { return };
        let created = self.sysv_created(|s| s.msg.contains(&(q.msqid, q.ctime)), key, flags);
        let evidence = Evidence::MsgQueue { id, key: q.key.0, cuid: q.cuid, ctime: q.ctime };
        let name = format!("msg queue {id}");
        self.track_sysv(Key::Msg(id), ObjectKind::MsgQueue, name, id, q.key.0, pid, created.then_some(by), evidence);
    }

    pub(super) fn on_sysv_use(&mut self, key: Key, pid: Pid, out: &mut Vec<KernelEvent>) {
        if let Some(&i) = self.by_key.get(&key) {
            self.used(i, pid);
        }
        match key {
            Key::Msg(id) => {
                self.msg_state(id, out);
            }
            Key::Sem(id) => {
                self.sem_state(id, out);
            }
            _ => {}
        }
    }

    /// A System V object removed by `by`.
    pub(super) fn sysv_removed(&mut self, key: Key, kind: ObjectKind, id: i32, by: ByCall, out: &mut Vec<KernelEvent>) {
        let name = format!("{} {id}", kind.label());
        if let Some(&i) = self.by_key.get(&key) {
            self.used(i, by.pid);
            self.set_fate(i, Fate::Removed { by });
        }
        out.push(KernelEvent::Gone(Gone { kind, name, how: GoneHow::Removed }));
    }

    pub(super) fn on_msgctl(&mut self, pid: Pid, id: i32, cmd: u64, by: ByCall, out: &mut Vec<KernelEvent>) {
        match cmd as i32 {
            libc::IPC_RMID => self.sysv_removed(Key::Msg(id), ObjectKind::MsgQueue, id, by, out),
            libc::IPC_SET | libc::IPC_STAT => {
                let Some(q) = self.msg_state(id, out) else { return };
                if let Some(&i) = self.by_key.get(&Key::Msg(id)) {
                    self.used(i, pid);
                    if self.objects[i].evidence.is_some() {
                        self.set_evidence(i, Evidence::MsgQueue { id, key: q.key.0, cuid: q.cuid, ctime: q.ctime });
                    }
                }
            }
            _ => {}
        }
    }

    pub(super) fn on_semget(
        &mut self,
        pid: Pid,
        id: i32,
        key: i32,
        flags: u64,
        by: ByCall,
        out: &mut Vec<KernelEvent>,
    ) {
        let Some(s) = self.sem_state(id, out) else { return };
        let created = self.sysv_created(|st| st.sem.contains(&(s.semid, s.ctime)), key, flags);
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
                if let Some(&i) = self.by_key.get(&Key::Sem(id)) {
                    self.used(i, pid);
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
        let evidence = Evidence::Shm { id, key: s.key.0, cuid: s.cuid, cpid: s.cpid.as_raw() };
        let name = format!("shm segment {id}");
        self.track_sysv(Key::Shm(id), ObjectKind::Shm, name, id, s.key.0, pid, created.then_some(by), evidence);
    }

    pub(super) fn on_shmat(&mut self, pid: Pid, id: i32, addr: u64, out: &mut Vec<KernelEvent>) {
        if let Some(&i) = self.by_key.get(&Key::Shm(id)) {
            self.used(i, pid);
        }
        let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap_or_default();
        let attach = parse_shm_mappings(&maps)
            .ok()
            .and_then(|ms| ms.into_iter().find(|m| m.start == addr))
            .map(|m| ShmAttach { pid, start: m.start, end: m.end, writable: m.writable });
        self.shm_state(id, attach, None, out);
    }

    pub(super) fn on_shmdt(&mut self, pid: Pid, id: i32, contents: Option<ShmContents>, out: &mut Vec<KernelEvent>) {
        if let Some(&i) = self.by_key.get(&Key::Shm(id)) {
            self.used(i, pid);
        }
        let size = shm_segment(id).ok().flatten().map(|s| s.size);
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
            out.push(KernelEvent::Gone(Gone { kind: ObjectKind::Shm, name, how: GoneHow::Closed }));
        }
    }

    pub(super) fn on_shmctl(&mut self, pid: Pid, id: i32, cmd: u64, by: ByCall, out: &mut Vec<KernelEvent>) {
        const SHM_STAT: i32 = 13;
        const SHM_INFO: i32 = 14;
        const SHM_STAT_ANY: i32 = 15;
        match cmd as i32 {
            libc::IPC_RMID => {
                if let Some(&i) = self.by_key.get(&Key::Shm(id)) {
                    self.used(i, pid);
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
                if let Some(&i) = self.by_key.get(&Key::Shm(id)) {
                    self.used(i, pid);
                }
                self.shm_state(id, None, None, out);
            }
        }
    }

    /// What segment `id` holds, read from a traced process that has it
    /// attached (None when none has).
    fn attached_contents(&self, id: i32) -> Option<ShmContents> {
        self.procs.iter().find_map(|&p| {
            let maps = std::fs::read_to_string(format!("/proc/{p}/maps")).ok()?;
            let m = parse_shm_mappings(&maps).ok()?.into_iter().find(|m| m.shmid == id)?;
            Self::contents(p, m.start, m.len(), None)
        })
    }

    pub(super) fn on_mq_open(&mut self, pid: Pid, fd: i32, flags: u64, by: ByCall, out: &mut Vec<KernelEvent>) {
        let (Some(name), Ok(m)) = (read_link(pid, fd), std::fs::metadata(format!("/proc/{pid}/fd/{fd}"))) else {
            return out.push(unavailable(format!("mq_open: /proc/{pid}/fd/{fd} cannot be read")));
        };
        let obj = ObjectId { dev: m.dev(), ino: m.ino() };
        let flags = flags as i32;
        // The mqueue filesystem stamps whole seconds (Linux 6.18: a queue
        // made at 03:44:15.4 has ctime 03:44:15.000000000), so a queue made
        // in the second the run started counts as made by it.
        let made_at = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(m.ctime().max(0) as u64);
        let started = self.started.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let made_by_run = made_at >= SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(started);
        let created = flags & libc::O_CREAT != 0 && (flags & libc::O_EXCL != 0 || made_by_run);
        let label = format!("POSIX mq {name}");
        let i = self.track(
            Key::PosixMq(obj),
            ObjectKind::PosixMq,
            label,
            obj.ino as i64,
            Some(obj),
            Some(name.clone()),
            created.then_some(by),
        );
        self.used(i, pid);
        if self.objects[i].created_by.is_some() {
            self.set_evidence(i, Evidence::PosixMq { name: name.clone(), dev: obj.dev, ino: obj.ino });
        }
        self.mq_state(pid, fd, name, out);
    }

    pub(super) fn on_mq_use(&mut self, pid: Pid, fd: i32, out: &mut Vec<KernelEvent>) {
        let name = match self.tracked_fd(pid, fd) {
            Some(i) => {
                self.used(i, pid);
                self.objects[i].path.clone()
            }
            None => read_link(pid, fd),
        };
        if let Some(name) = name {
            self.mq_state(pid, fd, name, out);
        }
    }

    pub(super) fn on_mq_unlink(&mut self, task: TaskRef, addr: u64, by: ByCall, out: &mut Vec<KernelEvent>) {
        let mem = ProcessMemory::new(task.tid);
        let Some(bytes) = Reader::new(&mem, 0).c_string_bytes(addr, 256) else { return };
        // The C library passes the name without its leading slash.
        let name = format!("/{}", String::from_utf8_lossy(&bytes.data).trim_start_matches('/'));
        if let Some(&i) = self.by_path.get(&(ObjectKind::PosixMq, name.clone())) {
            if self.objects[i].fate.is_none() {
                self.used(i, task.pid);
                self.set_fate(i, Fate::Removed { by });
            }
        }
        out.push(KernelEvent::Gone(Gone {
            kind: ObjectKind::PosixMq,
            name: format!("POSIX mq {name}"),
            how: GoneHow::Unlinked,
        }));
    }

    pub(super) fn on_new_socket(&mut self, pid: Pid, fd: i32, by: ByCall, out: &mut Vec<KernelEvent>) {
        let Some(Link::Socket(ino)) = read_link(pid, fd).as_deref().map(parse_link) else { return };
        let Some(ev) = self.socket_state(ino, true) else { return }; // not a Unix socket
        let i = self.track(
            Key::Socket(ino),
            ObjectKind::Socket,
            format!("socket:[{ino}]"),
            ino as i64,
            None,
            None,
            Some(by),
        );
        self.used(i, pid);
        out.push(ev);
    }

    pub(super) fn on_socket_use(&mut self, pid: Pid, fd: i32, out: &mut Vec<KernelEvent>) {
        let Some(Link::Socket(ino)) = read_link(pid, fd).as_deref().map(parse_link) else { return };
        if let Some(&i) = self.by_key.get(&Key::Socket(ino)) {
            self.used(i, pid);
        }
        if let Some(ev) = self.socket_state(ino, true) {
            out.push(ev);
        }
    }

    pub(super) fn on_bind(&mut self, pid: Pid, fd: i32, by: ByCall, out: &mut Vec<KernelEvent>) {
        let Some(Link::Socket(ino)) = read_link(pid, fd).as_deref().map(parse_link) else { return };
        let Some(ev) = self.socket_state(ino, true) else { return };
        if let Some(&i) = self.by_key.get(&Key::Socket(ino)) {
            self.used(i, pid);
        }
        let path = match &ev {
            KernelEvent::Socket(s) => s.path.clone().filter(|p| !p.starts_with('@')),
            _ => None,
        };
        out.push(ev);
        let Some(bound) = path else { return };
        // The kernel keeps the name as given: make a relative one absolute
        // from the caller's working directory.
        let abs = if bound.starts_with('/') {
            normalize(Path::new(&bound))
        } else {
            match std::fs::read_link(format!("/proc/{pid}/cwd")) {
                Ok(cwd) => normalize(&cwd.join(&bound)),
                Err(_) => return,
            }
        };
        if let Ok(m) = std::fs::symlink_metadata(&abs) {
            let obj = ObjectId { dev: m.dev(), ino: m.ino() };
            let name = format!("socket file {abs}");
            let i = self.track(
                Key::SocketFile(obj),
                ObjectKind::SocketFile,
                name,
                m.ino() as i64,
                Some(obj),
                Some(abs.clone()),
                Some(by),
            );
            self.set_evidence(i, Evidence::SocketFile { path: abs, dev: obj.dev, ino: obj.ino });
        }
    }
}

/// What the trace says fd `fd`, the call's first argument, referred to at
/// the call's entry (the loop keeps it true, also under `-e`).
fn fd_target(call: &Syscall, fd: i32) -> Option<&str> {
    call.args.first().and_then(|f| f.value.as_fd()).filter(|f| f.fd == fd).and_then(|f| f.target.as_deref())
}

/// A call that takes or releases a file lock: `fcntl` with a record lock
/// command, or `flock`.
fn takes_lock(sysno: Sysno, a: &[u64; 6]) -> bool {
    match sysno {
        Sysno::flock => true,
        Sysno::fcntl => matches!(a[1] as i32, libc::F_SETLK | libc::F_SETLKW | libc::F_OFD_SETLK | libc::F_OFD_SETLKW),
        _ => false,
    }
}

/// The lock call returned, and either did what it asked or was refused
/// because another lock is in the way (what the locks then show).
fn lock_answered(call: &Syscall) -> bool {
    call.ret.is_some() && call.errno.is_none_or(|e| matches!(e.0, libc::EAGAIN | libc::EACCES))
}

impl KernelView {
    /// The locks on the file behind fd `fd` of `pid`, after a lock call.
    fn on_lock(&mut self, pid: Pid, fd: i32, hint: Option<&str>, out: &mut Vec<KernelEvent>) {
        let object = match object_of(np(pid), fd) {
            Ok(o) => o,
            Err(e) => return self.failed(e, out),
        };
        let path = hint.map(str::to_string).or_else(|| read_link(pid, fd)).unwrap_or_else(|| format!("fd {fd}"));
        match crate::kernel::locks::file_locks(object) {
            Ok(locks) => out.push(KernelEvent::Locks(LockState { path, ino: object.ino, locks })),
            Err(e) => self.failed(e, out),
        }
    }
}

/// Whether an open that succeeded made its file: it found none there at its
/// entry (when the entry was seen: a filter may hide it), or it was asked to
/// fail if the file existed (O_CREAT|O_EXCL).
fn created_file(before: Option<Before>, flags: u64) -> bool {
    let excl = (libc::O_CREAT | libc::O_EXCL) as u64;
    match before {
        Some(Before::OpeningShm { existed }) => !existed,
        _ => flags & excl == excl,
    }
}

/// Where POSIX shared memory objects live: `shm_open("/name")` opens
/// `/dev/shm/name`.
const SHM_DIR: &str = "/dev/shm/";

impl KernelView {
    /// After an open of a regular file: a POSIX shared memory object when
    /// it is in /dev/shm, created by this call when it was not there at
    /// its entry.
    fn on_open_shm(
        &mut self,
        pid: Pid,
        path: String,
        m: &std::fs::Metadata,
        created: bool,
        by: ByCall,
        out: &mut Vec<KernelEvent>,
    ) {
        if !path.starts_with(SHM_DIR) {
            return;
        }
        let obj = ObjectId { dev: m.dev(), ino: m.ino() };
        self.shm_object(Key::PosixShm(obj), path, obj, created.then_some(by), pid, out);
    }

    /// After a `link` that made a name in /dev/shm: how `sem_open` creates
    /// a POSIX named semaphore (it fills a temporary file there, then links
    /// it to `sem.NAME`), a POSIX shared memory object the run created.
    fn on_link_shm(&mut self, task: TaskRef, dirfd: Option<i32>, path: u64, by: ByCall, out: &mut Vec<KernelEvent>) {
        let Some(path) = self.path_arg(task, dirfd, path).filter(|p| p.starts_with(SHM_DIR)) else { return };
        let Ok(m) = std::fs::symlink_metadata(&path) else { return };
        if !m.file_type().is_file() {
            return;
        }
        let obj = ObjectId { dev: m.dev(), ino: m.ino() };
        // A new name for an inode the run already follows is a new object of
        // the ledger: each name must be unlinked.
        self.shm_object(Key::PosixShmName(path.clone()), path, obj, Some(by), task.pid, out);
    }

    /// Follows the POSIX shm object `path` that `pid` just opened or
    /// linked, in the ledger when `created_by` made it, and shows it.
    fn shm_object(
        &mut self,
        key: Key,
        path: String,
        obj: ObjectId,
        created_by: Option<ByCall>,
        pid: Pid,
        out: &mut Vec<KernelEvent>,
    ) {
        let created = created_by.is_some();
        let name = format!("POSIX shm {path}");
        let i = self.track(key, ObjectKind::PosixShm, name, obj.ino as i64, Some(obj), Some(path.clone()), created_by);
        if created {
            self.set_evidence(i, Evidence::PosixShm { path, dev: obj.dev, ino: obj.ino });
        }
        self.used(i, pid);
        out.push(self.shm_file_state(i));
    }

    /// At the entry of `munmap(addr, ...)`: when `addr` starts a shared
    /// mapping of a POSIX shared memory object of the run, what it holds
    /// (read from this process's mapping, bounded as a segment's preview).
    fn unmapping_shm(&self, pid: Pid, addr: u64) -> Option<Before> {
        if !self.objects.iter().any(|o| o.kind == ObjectKind::PosixShm) {
            return None;
        }
        let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).ok()?;
        let m = crate::kernel::shm::parse_file_mapping_at(&maps, addr)?;
        let object = self
            .objects
            .iter()
            .position(|o| o.kind == ObjectKind::PosixShm && o.object.is_some_and(|id| id.ino == m.ino))?;
        let contents = (m.offset == 0).then(|| Self::contents(pid, m.start, m.end - m.start, None)).flatten();
        Some(Before::Unmapping { object, contents })
    }

    /// After a call on fd `fd` that may change a POSIX shared memory
    /// object or who maps it (`ftruncate`, `mmap`).
    fn on_shm_fd(&mut self, pid: Pid, fd: i32, out: &mut Vec<KernelEvent>) {
        let Some(i) = self.tracked_fd(pid, fd).filter(|&i| self.objects[i].kind == ObjectKind::PosixShm) else {
            return;
        };
        self.used(i, pid);
        out.push(self.shm_file_state(i));
    }

    /// A POSIX shared memory object: its size, who has it open, who maps it.
    pub(super) fn shm_file_state(&mut self, i: usize) -> KernelEvent {
        let Some(object) = self.objects[i].object else { return unavailable("no inode recorded") };
        let path = self.objects[i].path.clone().unwrap_or_default();
        let size = match std::fs::symlink_metadata(&path) {
            Ok(m) if m.ino() == object.ino => Some(m.len()),
            // Unlinked: the size through a descriptor, if any.
            _ => None,
        };
        let holders = self.fd_holders(i, object);
        let size = size.or_else(|| {
            let h = holders.first()?;
            std::fs::metadata(format!("/proc/{}/fd/{}", h.pid, h.fd)).ok().map(|m| m.len())
        });
        let mut mapped_by = Vec::new();
        for pid in self.procs.clone() {
            let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap_or_default();
            if maps_file(&maps, object.ino, &path) {
                mapped_by.push(pid);
                self.used(i, pid);
            }
        }
        KernelEvent::PosixShm(PosixShmState {
            path,
            ino: object.ino,
            size,
            holders,
            mapped_by,
            contents: None,
            read_from: None,
        })
    }
}

/// A line of /proc/PID/maps maps inode `ino` at `path` (` (deleted)` after
/// it once unlinked).
fn maps_file(maps: &str, ino: u64, path: &str) -> bool {
    maps.lines().any(|l| {
        let mut w = l.split_whitespace().skip(4);
        let inode = w.next().and_then(|n| n.parse::<u64>().ok());
        let name = w.collect::<Vec<_>>().join(" ");
        inode == Some(ino) && (name == path || name.strip_suffix(" (deleted)") == Some(path))
    })
}

#[cfg(test)]
mod shm_file_tests {
    use super::maps_file;

    #[test]
    fn a_mapping_of_the_file_is_found_by_inode_and_path() {
        let maps =
            "7f00-7f01 rw-s 00000000 00:1a 1234 /dev/shm/x\n7f02-7f03 r--p 00000000 08:01 99 /usr/lib/libc.so.6\n";
        assert!(maps_file(maps, 1234, "/dev/shm/x"));
        assert!(!maps_file(maps, 1234, "/dev/shm/y"));
        assert!(!maps_file(maps, 99, "/dev/shm/x"));
        assert!(maps_file("7f00-7f01 rw-s 00000000 00:1a 1234 /dev/shm/x (deleted)\n", 1234, "/dev/shm/x"));
    }
}
