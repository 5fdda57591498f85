//! What each file descriptor refers to, like `strace -y`: `pipe:[48213]`,
//! `socket:[9911]`, `/tmp/x.fifo`. Targets are read from /proc/TID/fd once
//! and cached per fd table; the calls that create, replace or close
//! descriptors keep the cache true.
//!
//! A cached target goes stale when its number is closed or another file is
//! put under it ([`fd_replacing`], and exec); a new descriptor gets a free
//! number, which the cache cannot hold. So the cache can be trusted as long
//! as the tracer sees those few calls, reported or not. A file's name also
//! changes when it is unlinked or renamed, by any process
//! ([`renames_files`]): after such a call every cached path is dropped.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use syscalls::Sysno;

use crate::decode::table::{self, FdEffect};
use crate::decode::{DecodeOptions, FakeMemory, RawSyscall, RetKind, Syscall, Value};
use crate::idmap::IdMap;

/// The cached targets of one fd table (shared by threads, copied by fork).
#[derive(Debug, Default, Clone)]
pub struct FdTargets {
    targets: IdMap<Arc<str>>,
}

/// A task's handle on its fd table.
pub type SharedFds = Rc<RefCell<FdTargets>>;

impl FdTargets {
    /// The target of `fd` in task `tid`, from the cache or /proc.
    pub fn resolve(&mut self, tid: i32, fd: i32) -> Option<Arc<str>> {
        if fd < 0 {
            return None;
        }
        if let Some(t) = self.targets.get(&fd) {
            return Some(t.clone());
        }
        let target = std::fs::read_link(format!("/proc/{tid}/fd/{fd}")).ok()?;
        let target: Arc<str> = target.to_string_lossy().into();
        self.targets.insert(fd, target.clone());
        Some(target)
    }

    pub fn forget(&mut self, fd: i32) {
        self.targets.remove(&fd);
    }

    /// Forgets the targets that are paths: after an unlink or a rename,
    /// /proc names such a file anew (`/tmp/x (deleted)`, its new name).
    pub fn forget_paths(&mut self) {
        self.targets.retain(|_, t| !t.starts_with('/'));
    }

    pub fn clear(&mut self) {
        self.targets.clear();
    }

    /// Forgets the descriptors `first..=last`, as `close_range` closes them.
    fn forget_range(&mut self, first: u32, last: u32) {
        self.targets.retain(|fd, _| !(first..=last).contains(&(*fd as u32)));
    }

    /// After a call that was not reported (and so not decoded) returned:
    /// forget what it closed or replaced.
    pub fn after_hidden(&mut self, call: &Syscall) {
        if !call.succeeded() {
            return;
        }
        let a = &call.raw.args;
        match call.sysno {
            Some(Sysno::close) => self.forget(a[0] as i32),
            Some(Sysno::close_range) => self.forget_range(a[0] as u32, a[1] as u32),
            #[cfg(target_arch = "x86_64")]
            Some(Sysno::dup2) => self.forget(a[1] as i32),
            Some(Sysno::dup3) => self.forget(a[1] as i32),
            // The ring may close descriptors (IORING_OP_CLOSE).
            Some(Sysno::io_uring_enter) => self.clear(),
            _ => {}
        }
    }

    /// Fills in the targets of every descriptor in `value`.
    fn annotate(&mut self, tid: i32, value: &mut Value) {
        match value {
            Value::Fd(fd) if fd.target.is_none() => fd.target = self.resolve(tid, fd.fd),
            Value::Array { items, .. } => items.iter_mut().for_each(|v| self.annotate(tid, v)),
            Value::Struct(fields) => fields.iter_mut().for_each(|f| self.annotate(tid, &mut f.value)),
            _ => {}
        }
    }

    /// At entry: what the descriptors passed in refer to now.
    pub fn annotate_entry(&mut self, tid: i32, call: &mut Syscall) {
        for arg in &mut call.args {
            self.annotate(tid, &mut arg.value);
        }
    }

    /// At exit: forget descriptors the call replaced or closed, and name the
    /// ones it created.
    pub fn after_exit(&mut self, tid: i32, call: &mut Syscall) {
        let Some(ret) = call.ret else { return };
        if call.errno.is_some() {
            return;
        }
        let name = call.name.as_ref();
        match name {
            "close" => {
                self.forget(call.raw.args[0] as i32);
                return;
            }
            "close_range" => {
                self.forget_range(call.raw.args[0] as u32, call.raw.args[1] as u32);
                return;
            }
            // Descriptors may arrive in an SCM_RIGHTS message under any
            // number: forget the cache, then name the ones the message
            // carried, now this process's (`cmsg_data=[5<pipe:[9226]>]`).
            "recvmsg" | "recvmmsg" => {
                self.clear();
                for arg in &mut call.args {
                    self.annotate(tid, &mut arg.value);
                }
            }
            // The ring may close descriptors (IORING_OP_CLOSE).
            "io_uring_enter" => self.clear(),
            _ => {}
        }
        // New descriptors written to memory.
        let writes_fds = matches!(name, "pipe" | "pipe2" | "socketpair");
        for arg in call.args.iter_mut().filter(|_| writes_fds) {
            if let Value::Array { items, .. } = &mut arg.value {
                for item in items {
                    if let Value::Fd(fd) = item {
                        self.forget(fd.fd);
                        fd.target = self.resolve(tid, fd.fd);
                    }
                }
            }
        }
        match &mut call.ret_value {
            Some(Value::Fd(fd)) => {
                self.forget(fd.fd);
                fd.target = self.resolve(tid, fd.fd);
            }
            // A call no decoder knows may have returned a new descriptor.
            None if call.ret_kind == RetKind::Int && call.args.first().is_some_and(|a| a.name == "arg0") => {
                if let Ok(fd) = i32::try_from(ret) {
                    self.forget(fd);
                }
            }
            _ => {}
        }
    }
}

/// The calls that change the name /proc gives an open file: its own name
/// removed or moved (or a directory above it).
pub fn renames_files(sysno: Option<Sysno>) -> bool {
    sysno.is_some_and(|s| table::of(s).renames_files)
}

/// The calls that close a descriptor or put another file under its number:
/// the only calls (with exec) after which a cached target can be wrong.
pub fn fd_replacing() -> Vec<Sysno> {
    table::calls_where(|c| c.fds == FdEffect::Replaces)
}

/// Whether any of `calls` takes a descriptor it shows with its target, so
/// that a trace of only these calls needs the cache (a descriptor a call
/// returns is read from /proc anyway). Asks the decoders themselves, on a
/// call with every register AT_FDCWD: a directory argument then shows as
/// `AT_FDCWD`, as it mostly is, and only true descriptors as descriptors.
pub fn names_fds(calls: &[Sysno]) -> bool {
    fn has_fd(v: &Value) -> bool {
        match v {
            Value::Fd(_) => true,
            Value::Array { items, .. } => items.iter().any(has_fd),
            Value::Struct(fields) => fields.iter().any(|f| has_fd(&f.value)),
            _ => false,
        }
    }
    let (mem, opts) = (FakeMemory::new(), DecodeOptions::default());
    calls.iter().any(|s| {
        let args = [libc::AT_FDCWD as u64; 6];
        let call = crate::decode::decode_entry(RawSyscall::new(s.id() as u64, args), &mem, &opts);
        call.args.iter().any(|a| has_fd(&a.value))
    })
}

#[cfg(test)]
mod tests {
    use std::os::fd::AsRawFd;

    use super::*;

    #[test]
    fn calls_that_take_descriptors_need_the_cache_and_others_do_not() {
        assert!(names_fds(&[Sysno::write]));
        assert!(names_fds(&[Sysno::msgsnd, Sysno::close]));
        // Directory arguments are AT_FDCWD far more often than not.
        assert!(!names_fds(&[Sysno::openat, Sysno::execveat]));
        // Creating, replacing, waiting for and signalling processes names
        // none; a pidfd is a descriptor.
        assert!(!names_fds(&[Sysno::clone, Sysno::execve, Sysno::wait4, Sysno::kill, Sysno::exit_group]));
        assert!(names_fds(&[Sysno::pidfd_send_signal]));
        assert!(!names_fds(&[Sysno::msgsnd, Sysno::msgrcv, Sysno::semop]));
    }

    /// A call `name(args)` that returned `ret`, as the loop keeps it when it
    /// does not report it.
    fn hidden(name: &str, args: [u64; 6], ret: i64) -> Syscall {
        let nr = name.parse::<Sysno>().unwrap().id() as u64;
        let mut call = crate::decode::decode_entry(RawSyscall::new(nr, args), &FakeMemory::new(), &Default::default());
        crate::decode::decode_exit(&mut call, ret, &FakeMemory::new(), &Default::default());
        call
    }

    /// Puts `file` under the descriptor `slot` holds, as dup2 does.
    fn put(file: &std::fs::File, slot: &mut std::os::fd::OwnedFd) {
        nix::unistd::dup2(file, slot).expect("dup2 onto a descriptor of this test");
    }

    #[test]
    fn descriptors_received_in_a_message_are_named_after_the_call() {
        let tid = nix::unistd::gettid().as_raw();
        let (r, _w) = nix::unistd::pipe().unwrap();
        let received = r.as_raw_fd();
        let mut table = FdTargets::default();
        // What recvmsg's decoder shows at exit: the control message's fds, bare.
        let cmsg = Value::Struct(vec![
            crate::decode::Field::new("cmsg_type", Value::Text("SCM_RIGHTS".into())),
            crate::decode::Field::new(
                "cmsg_data",
                Value::Array { items: vec![Value::Fd(crate::decode::value::Fd::new(received))], more: false },
            ),
        ]);
        let msg = Value::Struct(vec![crate::decode::Field::new(
            "msg_control",
            Value::Array { items: vec![cmsg], more: false },
        )]);
        let mut call = hidden("recvmsg", [0; 6], 2);
        call.args[1].value = msg;
        table.after_exit(tid, &mut call);
        let target = format!("{}", call.args[1].value);
        assert!(target.contains(&format!("cmsg_data=[{received}<pipe:[")), "{target}");
        // Any other call's bare descriptors are left as they are.
        let mut write = hidden("write", [received as u64, 0, 0, 0, 0, 0], 0);
        write.args[0].value = Value::Fd(crate::decode::value::Fd::new(received));
        table.after_exit(tid, &mut write);
        assert_eq!(write.args[0].value.to_string(), received.to_string());
    }

    #[test]
    fn a_cached_target_follows_close_dup2_dup3_and_close_range_it_did_not_see_reported() {
        let tid = nix::unistd::gettid().as_raw();
        let null = std::fs::File::open("/dev/null").unwrap();
        let zero = std::fs::File::open("/dev/zero").unwrap();
        // A number this test holds: no other test can reuse it meanwhile.
        let mut slot = std::os::fd::OwnedFd::from(null.try_clone().unwrap());
        let fd = slot.as_raw_fd();
        let mut table = FdTargets::default();
        assert_eq!(table.resolve(tid, fd).as_deref(), Some("/dev/null"));
        for (call, first_arg) in [("dup2", 1), ("dup3", 1), ("close", 0), ("close_range", 0)] {
            put(&zero, &mut slot);
            // The cache still holds what it read before.
            assert_eq!(table.resolve(tid, fd).as_deref(), Some("/dev/null"), "{call}");
            let mut args = [zero.as_raw_fd() as u64, fd as u64, 0, 0, 0, 0];
            if first_arg == 0 {
                args = [fd as u64, fd as u64, 0, 0, 0, 0];
            }
            // A failed call changes nothing.
            table.after_hidden(&hidden(call, args, -(libc::EBADF as i64)));
            assert_eq!(table.resolve(tid, fd).as_deref(), Some("/dev/null"), "{call} failed");
            table.after_hidden(&hidden(call, args, 0));
            assert_eq!(table.resolve(tid, fd).as_deref(), Some("/dev/zero"), "after {call}");
            put(&null, &mut slot);
            table.forget(fd);
            assert_eq!(table.resolve(tid, fd).as_deref(), Some("/dev/null"));
        }
        // Other calls leave the cache alone.
        put(&zero, &mut slot);
        table.after_hidden(&hidden("getpid", [0; 6], 1));
        assert_eq!(table.resolve(tid, fd).as_deref(), Some("/dev/null"));
    }
}
