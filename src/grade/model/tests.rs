//! The model on synthetic events.

use syscalls::Sysno;
use tracer::decode::{Bytes, Fd, Field, Sym, Value};
use tracer::event::{SignalInfo, Spawn};

use super::synthetic::{event as ev, syscall as call};
use super::*;

fn fd(n: i32, target: &str) -> Value {
    Value::Fd(Fd { fd: n, target: Some(target.into()) })
}

fn trace(events: Vec<Event>) -> Trace {
    super::synthetic::trace(events, &crate::labs::course::LAB01)
}

fn pipe_fork_events() -> Vec<Event> {
    let pipefd = Value::Array { items: vec![fd(3, "pipe:[7]"), fd(4, "pipe:[7]")], more: false };
    vec![
        ev(10, EventKind::Syscall(call(Sysno::pipe2, vec![Field::new("pipefd", pipefd)], 0))),
        ev(10, EventKind::Spawn(Spawn { child: 11, thread: false, via: "clone" })),
        ev(10, EventKind::Syscall(call(Sysno::clone, vec![], 11))),
        ev(10, EventKind::Syscall(call(Sysno::close, vec![Field::new("fd", fd(3, "pipe:[7]"))], 0))),
    ]
}

#[test]
fn a_forked_child_holds_copies_of_its_parents_pipe_ends() {
    let t = trace(pipe_fork_events());
    let tables = t.fds_before(t.events.len());
    let parent: Vec<i32> = tables[&10].keys().copied().collect();
    let child: Vec<&HeldFd> = tables[&11].values().collect();
    assert_eq!(parent, vec![4], "the parent closed its read end");
    assert_eq!(child.len(), 2);
    assert_eq!(child[1].describe(), "the write end fd 4 of pipe:[7]");
    assert_eq!(t.children(), vec![11]);
}

#[test]
fn a_child_whose_calls_came_before_its_spawn_holds_what_it_really_inherited() {
    // The child's close comes first: the tracer saw it before the fork event.
    let mut events = pipe_fork_events();
    let spawn = events.remove(1);
    events.insert(1, ev(11, EventKind::Syscall(call(Sysno::close, vec![Field::new("fd", fd(4, "pipe:[7]"))], 0))));
    events.insert(2, spawn);
    let t = trace(events);
    let tables = t.fds_before(t.events.len());
    let child: Vec<i32> = tables[&11].keys().copied().collect();
    assert_eq!(child, vec![3], "the child closed its write end after the fork");
    assert_eq!(t.children(), vec![11]);
    assert!(matches!(t.events[1].kind, EventKind::Spawn(_)), "the spawn comes before the child's first call");
}

#[test]
fn an_exited_process_holds_no_descriptors() {
    let mut events = pipe_fork_events();
    events.push(ev(11, EventKind::Exit(Exit::Code(0))));
    assert!(!trace(events.clone()).fds_before(events.len()).contains_key(&11));
}

#[test]
fn a_queue_created_and_never_removed_is_leaked() {
    let key = Field::new("key", Value::Sym(Sym { raw: 0, name: Some("IPC_PRIVATE") }));
    let flags = Field::new(
        "msgflg",
        Value::Flags(tracer::decode::Flags { raw: 0o1600, names: vec!["IPC_CREAT"], rest: 0o600, rest_octal: true }),
    );
    let events = vec![ev(10, EventKind::Syscall(call(Sysno::msgget, vec![key, flags], 5)))];
    let objects = trace(events).objects();
    assert_eq!(objects.len(), 1);
    assert_eq!(objects[0].describe(), "System V message queue 5");
    assert!(objects[0].private);
    assert_eq!(objects[0].removed, None);
}

#[test]
fn a_renamed_file_is_removed_under_its_new_name() {
    let path = |p: &str| Value::Str(Bytes::new(p.as_bytes().to_vec(), false));
    let creat = Value::Int((libc::O_WRONLY | libc::O_CREAT) as i64);
    let events = vec![
        ev(
            10,
            EventKind::Syscall(call(
                Sysno::openat,
                vec![Field::new("pathname", path("/d/a.tmp")), Field::new("flags", creat)],
                3,
            )),
        ),
        ev(
            10,
            EventKind::Syscall(call(
                Sysno::renameat,
                vec![Field::new("oldpath", path("/d/a.tmp")), Field::new("newpath", path("/d/a"))],
                0,
            )),
        ),
        ev(10, EventKind::Syscall(call(Sysno::unlinkat, vec![Field::new("pathname", path("/d/a"))], 0))),
    ];
    let objects = trace(events).objects();
    assert_eq!(objects[0].name, "/d/a");
    assert_eq!(objects[0].removed, Some(2));
}

#[test]
fn a_write_between_signal_delivery_and_sigreturn_is_inside_the_handler() {
    let act = Value::Struct(vec![Field::new("sa_handler", Value::Hex(0x1000))]);
    let sig = Value::Signal(libc::SIGCHLD);
    let info = SignalInfo {
        signo: libc::SIGCHLD,
        code: 1,
        sender_pid: Some(11),
        sender_uid: Some(0),
        addr: None,
        status: Some(0),
        times: Some((0, 0)),
    };
    let events = vec![
        ev(
            10,
            EventKind::Syscall(call(Sysno::rt_sigaction, vec![Field::new("signum", sig), Field::new("act", act)], 0)),
        ),
        ev(10, EventKind::Signal(info)),
        ev(10, EventKind::Syscall(call(Sysno::write, vec![Field::new("fd", fd(1, "/dev/null"))], 5))),
        ev(10, EventKind::Syscall(call(Sysno::rt_sigreturn, vec![], 0))),
        ev(10, EventKind::Syscall(call(Sysno::write, vec![Field::new("fd", fd(1, "/dev/null"))], 5))),
    ];
    let inside = trace(events).handler_calls();
    assert_eq!(inside.len(), 1);
    assert_eq!(inside[0].call, 2);
    assert_eq!(inside[0].signal, libc::SIGCHLD);
}

#[test]
fn a_key_and_flags_are_read_from_their_bits_not_their_names() {
    // Decoded as plain numbers (no names): still a private queue, created.
    let key = Field::new("key", Value::Int(libc::IPC_PRIVATE as i64));
    let flags = Field::new("msgflg", Value::Oct((libc::IPC_CREAT | 0o600) as u64));
    let queue = trace(vec![ev(10, EventKind::Syscall(call(Sysno::msgget, vec![key, flags], 5)))]).objects();
    assert_eq!(queue.len(), 1);
    assert!(queue[0].private);
    // Without IPC_CREAT, msgget finds a queue: nothing was created.
    let key = Field::new("key", Value::Int(0x1234));
    let flags = Field::new("msgflg", Value::Oct(0o600));
    assert!(trace(vec![ev(10, EventKind::Syscall(call(Sysno::msgget, vec![key, flags], 5)))]).objects().is_empty());
}

#[test]
fn a_descriptor_duplicated_close_on_exec_is_gone_after_exec() {
    let mut events = pipe_fork_events();
    let mut dup3 = call(Sysno::dup3, vec![Field::new("oldfd", fd(4, "pipe:[7]"))], 9);
    dup3.raw.args = [4, 9, libc::O_CLOEXEC as u64, 0, 0, 0];
    events.push(ev(10, EventKind::Syscall(dup3)));
    let before = trace(events.clone());
    assert!(before.fds_before(before.events.len())[&10].contains_key(&9));
    events.push(ev(10, EventKind::Syscall(call(Sysno::execve, vec![], 0))));
    let after = trace(events);
    let held: Vec<i32> = after.fds_before(after.events.len())[&10].keys().copied().collect();
    assert_eq!(held, vec![4], "fd 9 was close-on-exec, fd 4 was not");
}

/// A parent (10) that forked a child (11) and then waited for it, and how
/// the run ended: `outcome`, with the child's and the parent's exits.
fn waiting_parent(outcome: Outcome, exits: Vec<Event>, stderr_write: Option<(Pid, &str)>) -> Trace {
    let mut wait = call(Sysno::wait4, vec![Field::new("pid", Value::Int(11))], 0);
    wait.ret = None;
    let mut events = pipe_fork_events();
    if let Some((pid, text)) = stderr_write {
        let buf = Value::Str(Bytes::new(text.as_bytes().to_vec(), false));
        let args = vec![Field::new("fd", fd(2, "/dev/pts/0")), Field::new("buf", buf)];
        events.push(ev(pid, EventKind::Syscall(call(Sysno::write, args, text.len() as i64))));
    }
    events.push(ev(10, EventKind::Syscall(wait)));
    events.extend(exits);
    let mut t = trace(events);
    t.outcome = outcome;
    t
}

#[test]
fn a_process_that_exited_with_status_0_was_not_cut_short() {
    let t = waiting_parent(Outcome::Exited(0), vec![ev(10, EventKind::Exit(Exit::Code(0)))], None);
    assert_eq!(t.end_of(10), ends::End::Finished);
    assert_eq!(t.cut_short(10), None);
}

#[test]
fn a_process_killed_at_the_time_limit_was_cut_short_in_the_call_it_waited_in() {
    let killed = Exit::Signal { signal: libc::SIGKILL, core_dumped: false };
    let t = waiting_parent(Outcome::TimedOut, vec![ev(10, EventKind::Exit(killed))], None);
    assert_eq!(
        t.cut_short(10).as_deref(),
        Some("the parent (pid 10) was still blocked in wait4(11) when the lab was killed after 1 s")
    );
}

#[test]
fn a_child_that_failed_is_cut_short_with_the_line_it_wrote_to_stderr() {
    let exits = vec![ev(11, EventKind::Exit(Exit::Code(1))), ev(10, EventKind::Exit(Exit::Code(0)))];
    let t = waiting_parent(Outcome::Exited(0), exits, Some((11, "child: error: mq_receive: EMSGSIZE\n")));
    assert_eq!(
        t.cut_short(11).as_deref(),
        Some("the child (pid 11) stopped with exit status 1: child: error: mq_receive: EMSGSIZE")
    );
    assert_eq!(t.cut_short(10), None);
}

#[test]
fn a_panicking_process_is_cut_short_with_its_panic_message() {
    let message = "\nthread 'main' (11) panicked at labs/01_pipe/main.rs:67:5:\nnot yet implemented: close it\n";
    let exits = vec![ev(11, EventKind::Exit(Exit::Code(101)))];
    let t = waiting_parent(Outcome::Exited(0), exits, Some((11, message)));
    let why = t.cut_short(11).unwrap();
    assert!(why.starts_with("the child (pid 11) panicked: not yet implemented: close it"), "{why}");
}

#[test]
fn processes_are_named_by_the_roles_the_labs_lesson_gives_them() {
    let killed = Exit::Signal { signal: libc::SIGKILL, core_dumped: false };
    let mut t = waiting_parent(Outcome::TimedOut, vec![ev(10, EventKind::Exit(killed))], None);
    // Lab 01's lesson calls them the parent and the child.
    assert_eq!((t.who(10), t.who(11)), ("the parent (pid 10)".to_string(), "the child (pid 11)".to_string()));
    // Lab 12's calls the first process the server, the one it starts the receiver.
    t.lab = &crate::labs::course::LAB12;
    assert_eq!(
        t.cut_short(10).as_deref(),
        Some("the server (pid 10) was still blocked in wait4(11) when the lab was killed after 1 s")
    );
    assert_eq!(t.who(11), "the receiver (pid 11)");
    // Lab 10's: the producer and its consumer.
    t.lab = &crate::labs::course::LAB10;
    assert_eq!((t.who(10), t.who(11)), ("the producer (pid 10)".to_string(), "the consumer (pid 11)".to_string()));
}
