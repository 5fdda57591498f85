//! Data is drawn going in before it comes out.
//!
//! The trace gives a call where it returned. A write that wakes a reader
//! may be reported returning after the reader's read returned (the tracer
//! sees the two stops in either order: `write(... <unfinished ...>`, the
//! reader's `read(...) = 1`, then `<... write resumed>`), and drawn there
//! its arrow would come after the read of the bytes it carried. The bytes
//! went in once the write had begun, so such a write is drawn where it
//! began instead: records are held while a call that puts data into an
//! object is in progress, and when it returns, it is drawn just before the
//! first call of another thread that took data out of the same object
//! meanwhile (its bar, if others acted before that, still runs from where
//! it began). Nothing else changes order.

use super::calls::{stream_get, stream_put};
use super::{Builder, J, Key, fd_arg, inode_of};

/// Calls that put data into an object.
fn puts(name: &str) -> bool {
    stream_put(name) || name == "msgsnd"
}

/// Calls that take data out of an object.
fn gets(name: &str) -> bool {
    stream_get(name) || name == "msgrcv"
}

/// Held records past which the order is given up and they are drawn as they came.
const MAX_HELD: usize = 4096;

fn tid_of(rec: &J) -> i64 {
    let pid = rec["pid"].as_i64().unwrap_or(0);
    rec["tid"].as_i64().unwrap_or(pid)
}

impl Builder {
    /// Takes a record with its kernel records, in the trace's order, and
    /// draws it now or once the calls in progress that put data returned.
    pub(super) fn take(&mut self, rec: J, kernels: Vec<J>) {
        let tid = tid_of(&rec);
        let kind = rec["type"].as_str().unwrap_or("");
        let name = rec["name"].as_str().unwrap_or("");
        let returns = kind == "syscall" && self.puts_open.get(&tid).is_some_and(|n| n == name);
        // Any other record of that thread ends the wait for its return.
        self.puts_open.remove(&tid);
        if kind == "unfinished" && puts(name) {
            self.puts_open.insert(tid, name.to_string());
        }
        if self.held.is_empty() && self.puts_open.is_empty() {
            self.unit(&rec, &kernels);
            return;
        }
        let before = if returns { self.first_taken_meanwhile(&rec) } else { None };
        match before {
            Some(at) => self.held.insert(at, (rec, kernels)),
            None => self.held.push((rec, kernels)),
        }
        if self.puts_open.is_empty() || self.held.len() > MAX_HELD {
            self.puts_open.clear();
            self.flush_held();
        }
    }

    /// Draws every held record, in order.
    pub(super) fn flush_held(&mut self) {
        for (rec, kernels) in std::mem::take(&mut self.held) {
            self.unit(&rec, &kernels);
        }
    }

    /// Where among the held records the returning put `rec` goes: before
    /// the first call of another thread, after its own start, that took
    /// data out of the same object.
    fn first_taken_meanwhile(&self, rec: &J) -> Option<usize> {
        let tid = tid_of(rec);
        let object = self.object_id(rec)?;
        let started = self.held.iter().rposition(|(r, _)| {
            tid_of(r) == tid && r["type"].as_str() == Some("unfinished") && r["name"].as_str() == rec["name"].as_str()
        });
        let from = started.map_or(0, |s| s + 1);
        (from..self.held.len()).find(|&i| {
            let r = &self.held[i].0;
            r["type"].as_str() == Some("syscall")
                && tid_of(r) != tid
                && gets(r["name"].as_str().unwrap_or(""))
                && r["errno"].is_null()
                && r["ret"].as_i64().is_some_and(|n| n > 0)
                && self.object_id(r).as_ref() == Some(&object)
        })
    }

    /// The object a data call names, the same for both ends of a pipe, of
    /// a socket connection whose ends are known to be one, or of a queue.
    fn object_id(&self, rec: &J) -> Option<String> {
        if let Some(id) = rec["args"]["msqid"].as_i64() {
            return Some(format!("msq {id}"));
        }
        let target = fd_arg(rec)?.1?;
        if let Some(lane) = inode_of(target, "socket").and_then(|ino| self.find(&Key::Sock(ino))) {
            return Some(format!("lane {lane}"));
        }
        Some(target.to_string())
    }
}
