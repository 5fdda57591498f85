//! What each file descriptor refers to, like `strace -y`: `pipe:[48213]`,
//! `socket:[9911]`, `/tmp/x.fifo`. Targets are read from /proc/TID/fd once
//! and cached per fd table; the calls that create, replace or close
//! descriptors keep the cache true.

use std::cell::RefCell;
use std::rc::Rc;

use crate::decode::{RetKind, Syscall, Value};
use crate::idmap::IdMap;

/// The cached targets of one fd table (shared by threads, copied by fork).
#[derive(Debug, Default, Clone)]
pub struct FdTable {
    targets: IdMap<String>,
}

/// A task's handle on its fd table.
pub type SharedFds = Rc<RefCell<FdTable>>;

impl FdTable {
    /// The target of `fd` in task `tid`, from the cache or /proc.
    pub fn resolve(&mut self, tid: i32, fd: i32) -> Option<String> {
        if fd < 0 {
            return None;
        }
        if let Some(t) = self.targets.get(&fd) {
            return Some(t.clone());
        }
        let target = std::fs::read_link(format!("/proc/{tid}/fd/{fd}")).ok()?;
        let target = target.to_string_lossy().into_owned();
        self.targets.insert(fd, target.clone());
        Some(target)
    }

    pub fn forget(&mut self, fd: i32) {
        self.targets.remove(&fd);
    }

    pub fn clear(&mut self) {
        self.targets.clear();
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
                let (first, last) = (call.raw.args[0] as u32, call.raw.args[1] as u32);
                self.targets.retain(|fd, _| !(first..=last).contains(&(*fd as u32)));
                return;
            }
            // Descriptors may arrive in an SCM_RIGHTS message anywhere.
            "recvmsg" | "recvmmsg" => self.clear(),
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
