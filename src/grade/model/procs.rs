//! The process tree of a run: each process, who created it, the calls it
//! made, the program it exec'd and how it ended, from the events alone.

use std::collections::{BTreeMap, HashMap, HashSet};

use syscalls::Sysno;
use tracer::decode::Value;
use tracer::event::{Event, EventKind, Exit, Pid};

use crate::grade::quote;

/// One process of the run.
#[derive(Debug, Clone, Default)]
pub struct Proc {
    pub pid: Pid,
    /// The process that created it (None for the lab's first process).
    pub parent: Option<Pid>,
    /// Processes it created, in order.
    pub children: Vec<Pid>,
    /// Index of the spawn event that created it.
    pub spawned_at: Option<usize>,
    /// How it ended, and the index of that event.
    pub exit: Option<(usize, Exit)>,
    /// The arguments of the last successful-looking execve it made (a lab's
    /// role, e.g. `["lab02_fifo", "reader", PATH]`).
    pub exec_args: Option<Vec<String>>,
    /// Indices of its syscall events, in order.
    pub calls: Vec<usize>,
}

/// The processes of `events`, and the first of them (the lab's own).
pub fn tree(events: &[Event]) -> (BTreeMap<Pid, Proc>, Pid) {
    let mut procs: BTreeMap<Pid, Proc> = BTreeMap::new();
    let root = events.first().map(|e| e.pid).unwrap_or(0);
    for (i, e) in events.iter().enumerate() {
        procs.entry(e.pid).or_insert_with(|| Proc { pid: e.pid, ..Proc::default() });
        match &e.kind {
            EventKind::Spawn(s) if !s.thread => {
                procs.entry(e.pid).or_default().children.push(s.child);
                let child = procs.entry(s.child).or_default();
                child.pid = s.child;
                child.parent = Some(e.pid);
                child.spawned_at = Some(i);
            }
            EventKind::Syscall(call) => {
                let p = procs.entry(e.pid).or_default();
                p.calls.push(i);
                if call.sysno == Some(Sysno::execve) {
                    if let Some(Value::Array { items, .. }) = call.arg("argv") {
                        p.exec_args = Some(items.iter().map(quote::plain).collect());
                    }
                }
            }
            EventKind::Exit(x) if e.tid == e.pid => procs.entry(e.pid).or_default().exit = Some((i, *x)),
            _ => {}
        }
    }
    (procs, root)
}

/// The events with each new process's spawn moved to just before its first
/// event, when the tracer emitted some of the child's events first.
///
/// A child may stop and run before the tracer has seen its creator's fork
/// event (the order in which waitpid reports tasks is the kernel's); the
/// tracer then adopts it at once, and its first calls come before the spawn.
/// The fork happened before them all the same, and its creator, stopped in
/// the fork, did nothing in between: replaying the descriptors with the
/// spawn first gives the child what it really inherited (with it last, a
/// child's early `close` would apply to nothing, and the copy come after).
pub fn spawns_first(events: Vec<Event>) -> Vec<Event> {
    let mut first: HashMap<Pid, usize> = HashMap::new();
    for (i, e) in events.iter().enumerate() {
        first.entry(e.pid).or_insert(i);
    }
    let mut before: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut moved = HashSet::new();
    for (i, e) in events.iter().enumerate() {
        if let EventKind::Spawn(s) = &e.kind
            && !s.thread
            && let Some(&f) = first.get(&s.child).filter(|&&f| f < i)
        {
            before.entry(f).or_default().push(i);
            moved.insert(i);
        }
    }
    if moved.is_empty() {
        return events;
    }
    let mut slots: Vec<Option<Event>> = events.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(slots.len());
    for i in 0..slots.len() {
        for &j in before.get(&i).map(Vec::as_slice).unwrap_or_default() {
            out.extend(slots[j].take());
        }
        if !moved.contains(&i) {
            out.extend(slots[i].take());
        }
    }
    out
}
