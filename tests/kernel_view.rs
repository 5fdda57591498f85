//! The kernel view and the ledger on real programs (the C programs of
//! tests/kview): after each IPC call the `kernel` events report what the
//! kernel really holds (message counts, attach counts, pipe holders and
//! bytes, semaphore values, peers, signal masks, zombies), the ledger lists
//! every object the run created with its fate, and `--cleanup` and `ipclab
//! clean` remove what a run leaked and nothing else.
//!
//! Most tests run the tracer in this process with a `Recorder`; the ledger,
//! cleanup and clean tests run the `ipclab` binary as a user does. Every
//! object is IPC_PRIVATE or named after the creating process, and every
//! test removes what it made, also when it fails.

mod common;

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio as ProcStdio};
use std::time::Duration;

use serde_json::Value;
use tracer::event::{Event, EventKind, Recorder};
use tracer::kernel::locks::LockKind;
use tracer::kernel::objects::{CallStop, End, Fate, Gone, GoneHow, KernelEvent, LedgerEntry, ObjectKind};
use tracer::kernel::{KernelView, ViewOptions};
use tracer::ptrace::{self, Config, Outcome, Stdio};

const DEADLINE: Duration = Duration::from_secs(60);

fn kview_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("kview")
}

fn kv(name: &str) -> PathBuf {
    common::prog_in(&kview_dir(), name)
}

/// One traced run: its events, and what the program printed.
struct Run {
    events: Vec<Event>,
    stdout: String,
    root: i32,
}

/// Runs tests/kview/NAME under the tracer in this process, with the kernel
/// view and, when given, an `-e` filter.
fn trace(name: &str, args: &[&str], filter: Option<&str>) -> Run {
    let scratch = common::ScratchDir::new("kview");
    let out = scratch.path().join("stdout");
    let mut config = Config::new(kv(name), args.iter().map(OsString::from).collect());
    config.stop_at_exit = true;
    config.timeout = Some(DEADLINE);
    config.stdio[1] = Stdio::File(out.clone());
    if let Some(f) = filter {
        config.filter = tracer::filter::parse(f).unwrap();
    }
    let mut view = KernelView::new(ViewOptions { shown: config.filter.clone(), ..Default::default() });
    let mut rec = Recorder::default();
    let outcome = ptrace::run(&config, &mut rec, &mut view).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(outcome, Outcome::Exited(0), "{name} {args:?} did not exit 0");
    let root = rec.events.first().map(|e| e.pid).expect("some events");
    Run { events: rec.events, stdout: std::fs::read_to_string(out).unwrap_or_default(), root }
}

impl Run {
    /// The kernel events right after each successful call named `name`, in order.
    fn after(&self, name: &str) -> Vec<(&Event, Vec<&KernelEvent>)> {
        let mut out = Vec::new();
        for (i, e) in self.events.iter().enumerate() {
            if !e.syscall().is_some_and(|c| c.name == name && c.succeeded()) {
                continue;
            }
            let kernel = self.events[i + 1..]
                .iter()
                .take_while(|k| matches!(k.kind, EventKind::Kernel(_)))
                .filter_map(|k| match &k.kind {
                    EventKind::Kernel(k) => Some(k),
                    _ => None,
                })
                .collect();
            out.push((e, kernel));
        }
        assert!(!out.is_empty(), "no successful {name} in the trace");
        out
    }

    /// The kernel events after the `n`th successful `name` (from 0).
    fn nth_after(&self, name: &str, n: usize) -> Vec<&KernelEvent> {
        self.after(name).into_iter().nth(n).unwrap_or_else(|| panic!("fewer than {} {name}", n + 1)).1
    }

    fn kernel(&self) -> impl Iterator<Item = (&Event, &KernelEvent)> {
        self.events.iter().filter_map(|e| match &e.kind {
            EventKind::Kernel(k) => Some((e, k)),
            _ => None,
        })
    }

    fn ledger(&self) -> Vec<&LedgerEntry> {
        self.events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Ledger(l) => Some(l),
                _ => None,
            })
            .collect()
    }

    /// The value printed after `tag` (`msqid 32768` -> "32768").
    fn printed(&self, tag: &str) -> String {
        self.stdout
            .lines()
            .find_map(|l| l.strip_prefix(tag)?.strip_prefix(' '))
            .unwrap_or_else(|| panic!("the program printed no {tag:?}: {}", self.stdout))
            .to_string()
    }
}

macro_rules! only {
    ($events:expr, $variant:path) => {{
        let found: Vec<_> = $events
            .iter()
            .filter_map(|k| match k {
                $variant(s) => Some(s),
                _ => None,
            })
            .collect();
        assert_eq!(found.len(), 1, "expected one {} event in {:?}", stringify!($variant), $events);
        found[0]
    }};
}

#[test]
fn msg_queue_holds_one_message_of_seven_bytes_after_two_sends_and_one_receive() {
    let run = trace("kv_msg", &[], None);
    let q = only!(run.nth_after("msgrcv", 0), KernelEvent::MsgQueue);
    assert_eq!((q.messages, q.bytes), (1, 7), "{q:?}");
    assert_eq!((q.last_sender, q.last_receiver), (Some(run.root), Some(run.root)));
    assert_eq!(q.msqid.to_string(), run.printed("msqid"));
    let after_sends = only!(run.nth_after("msgsnd", 1), KernelEvent::MsgQueue);
    assert_eq!((after_sends.messages, after_sends.bytes), (2, 12));
}

#[test]
fn shm_attach_count_is_two_after_shmat_in_two_processes() {
    let run = trace("kv_shm", &[], None);
    let counts: Vec<u64> = run.after("shmat").iter().map(|(_, k)| only!(k, KernelEvent::Shm).attached).collect();
    assert_eq!(counts, vec![1, 2]);
    let (parent_shmat, k) = &run.after("shmat")[1];
    let attach = only!(k, KernelEvent::Shm).attach.expect("the mapping of the attach");
    assert_eq!((attach.pid, attach.end - attach.start), (parent_shmat.pid, 4096));
}

#[test]
fn shm_contents_after_shmdt_show_what_was_written_without_a_call() {
    let run = trace("kv_shm", &[], None);
    let m = only!(run.nth_after("shmdt", 0), KernelEvent::Shm);
    let c = m.contents.as_ref().expect("contents after shmdt");
    assert!(c.data.starts_with(b"hello from the child\0"), "{c:?}");
    assert_eq!((c.size, m.attached), (4096, 1));
}

#[test]
fn a_store_between_semaphore_operations_is_shown_at_the_next_operation_and_only_then() {
    let run = trace("kv_shmsem", &[], None);
    // glibc's semop is the semtimedop call.
    let name =
        if run.events.iter().any(|e| e.syscall().is_some_and(|c| c.name == "semop")) { "semop" } else { "semtimedop" };
    let counters: Vec<Option<u8>> = run
        .after(name)
        .iter()
        .map(|(_, kernel)| {
            let shown: Vec<_> = kernel
                .iter()
                .filter_map(|k| match k {
                    KernelEvent::Shm(m) => m.contents.as_ref(),
                    _ => None,
                })
                .collect();
            assert!(shown.len() <= 1, "{kernel:?}");
            shown.first().map(|c| c.data[8])
        })
        .collect();
    // -1 and +1 three times, the counter stored between them, then a -1
    // and a +1 with no store between: each +1 after a store shows it, and
    // nothing else does (the new segment's zeros are not news).
    assert_eq!(counters, [None, Some(1), None, Some(2), None, Some(3), None, None]);
}

#[test]
fn every_semaphore_operation_of_an_attacher_carries_what_the_segment_held_while_the_semaphore_was_held() {
    let run = trace("kv_shmsem", &[], None);
    let name =
        if run.events.iter().any(|e| e.syscall().is_some_and(|c| c.name == "semop")) { "semop" } else { "semtimedop" };
    let readings: Vec<(CallStop, u8)> = run
        .after(name)
        .iter()
        .map(|(_, kernel)| {
            let set = kernel
                .iter()
                .find_map(|k| match k {
                    KernelEvent::SemSet(s) => Some(s),
                    _ => None,
                })
                .unwrap_or_else(|| panic!("no sem_set line: {kernel:?}"));
            assert_eq!(set.held.len(), 1, "one segment attached: {set:?}");
            let h = &set.held[0];
            assert_eq!(h.contents.size, 4096, "the segment's size, not the mapping's: {h:?}");
            (h.at, h.contents.data[8])
        })
        .collect();
    // A -1 is read as it returns (the semaphore taken), a +1 as it is
    // called (still held): each section shows its own store, and the last,
    // with none, shows none; unchanged readings are carried too.
    use CallStop::{Entry, Exit};
    assert_eq!(readings, [(Exit, 0), (Entry, 1), (Exit, 1), (Entry, 2), (Exit, 2), (Entry, 3), (Exit, 3), (Entry, 3)]);
}

#[test]
fn shm_contents_are_shown_when_a_process_exits_attached() {
    let run = trace("kv_shm", &["stay"], None);
    let exit = run
        .events
        .iter()
        .position(|e| e.pid == run.root && matches!(e.kind, EventKind::Exit(_)))
        .expect("the program's exit");
    let shown = run.events[..exit].iter().rev().find_map(|e| match &e.kind {
        EventKind::Kernel(KernelEvent::Shm(m)) => Some(m),
        _ => None,
    });
    let m = shown.expect("a shm event before the exit");
    assert!(m.contents.as_ref().is_some_and(|c| c.data.starts_with(b"hello from the child")), "{m:?}");
    assert!(m.removed && m.attached == 1, "removed, still attached by the exiting process: {m:?}");
}

#[test]
fn forked_child_holds_both_pipe_ends() {
    let run = trace("kv_pipe", &[], None);
    let inherited = run
        .kernel()
        .find_map(|(_, k)| match k {
            KernelEvent::Inherited(i) => Some(i),
            _ => None,
        })
        .expect("an inherited event after fork");
    let ends: Vec<(i32, End)> = inherited.fds.iter().map(|f| (f.fd, f.end)).collect();
    assert_eq!(ends, vec![(3, End::Read), (4, End::Write)]);
    assert_eq!(inherited.fds[0].object, inherited.fds[1].object, "both ends of one pipe");
    assert_eq!(inherited.parent, run.root);
}

#[test]
fn holders_follow_a_descriptor_added_while_another_process_runs() {
    // The view keeps each process's fd table between calls that cannot
    // change it: the parent's dup between the child's two closes must show.
    let run = trace("kv_holders", &[], None);
    let closes = run.after("close");
    let (close4, kernel) = closes
        .iter()
        .filter(|(e, _)| e.pid != run.root)
        .find(|(e, _)| e.syscall().is_some_and(|c| c.raw.args[0] == 4))
        .expect("the child's close(4)");
    assert_ne!(close4.pid, run.root);
    let p = only!(kernel, KernelEvent::Pipe);
    let holders: Vec<(i32, i32, End)> =
        p.holders.as_ref().expect("holders after a close").iter().map(|h| (h.pid, h.fd, h.end)).collect();
    let root = run.root;
    assert_eq!(holders, vec![(root, 3, End::Read), (root, 4, End::Write), (root, 9, End::Write)]);
}

#[test]
fn file_locks_show_who_holds_them_and_who_was_refused() {
    let run = trace("kv_lock", &[], None);
    let locks_after = |pid_is_root: bool, n: usize| {
        let (call, kernel) = run
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| e.syscall().is_some_and(|c| c.name == "fcntl") && (e.pid == run.root) == pid_is_root)
            .map(|(i, e)| {
                let next = run.events.get(i + 1).and_then(|k| match &k.kind {
                    EventKind::Kernel(KernelEvent::Locks(l)) => Some(l),
                    _ => None,
                });
                (e, next)
            })
            .nth(n)
            .unwrap_or_else(|| panic!("fcntl number {n}"));
        (call, kernel.unwrap_or_else(|| panic!("no locks event after {call:?}")))
    };
    let root = run.root;
    let (_, taken) = locks_after(true, 0);
    assert_eq!(
        taken.locks.iter().map(|l| (l.pid, l.write, l.waiting)).collect::<Vec<_>>(),
        [(Some(root), true, false)]
    );
    let (refused, held) = locks_after(false, 0);
    assert!(refused.syscall().unwrap().errno.is_some(), "the child's request is refused");
    assert_eq!(held.locks, taken.locks, "the refusal shows the lock in the way");
    assert_eq!(held.ino, taken.ino);
    assert!(taken.path.contains("ipclab-kv-lock-"), "{}", taken.path);
    let (_, released) = locks_after(true, 1);
    assert!(released.locks.is_empty(), "{released:?}");
    let flock = only!(run.nth_after("flock", 0), KernelEvent::Locks);
    assert_eq!(
        flock.locks.iter().map(|l| (l.kind, l.write, l.pid)).collect::<Vec<_>>(),
        [(LockKind::Flock, false, Some(root))]
    );
}

/// The pipe events of a run, with the event index they follow.
fn pipe_events(run: &Run) -> Vec<(usize, &tracer::kernel::objects::PipeState)> {
    run.events
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match &e.kind {
            EventKind::Kernel(KernelEvent::Pipe(p)) => Some((i, p)),
            _ => None,
        })
        .collect()
}

/// The passages of a run, in order.
fn passages(run: &Run) -> Vec<&tracer::kernel::objects::Passage> {
    run.kernel()
        .filter_map(|(_, k)| match k {
            KernelEvent::Passage(p) => Some(p),
            _ => None,
        })
        .collect()
}

#[test]
fn a_pipe_end_sent_and_closed_by_its_sender_is_in_flight_not_closed() {
    use tracer::kernel::objects::PassStep;
    let run = trace("kv_passfd", &["take"], None);
    let root = run.root;
    let p = passages(&run);
    assert_eq!(p.iter().map(|p| p.step).collect::<Vec<_>>(), [PassStep::Sent, PassStep::Received], "{p:?}");
    let sent = p[0].fds[0].from.fd;
    // The parent's close of the write end it sent: the pipe is not gone,
    // and its line names the end in flight, not an end of file to come.
    let (_, after_close) = run
        .after("close")
        .into_iter()
        .find(|(e, _)| e.pid == root && e.syscall().unwrap().raw.args[0] == sent as u64)
        .expect("the parent's close of the end it sent");
    let close = only!(after_close, KernelEvent::Pipe);
    let holders: Vec<(i32, End)> = close.holders.iter().flatten().map(|h| (h.pid, h.end)).collect();
    assert_eq!(holders, [(root, End::Read)], "{close:?}");
    assert_eq!(close.in_flight.len(), 1, "{close:?}");
    let flying = close.in_flight[0];
    assert_eq!((flying.end, flying.from.pid, flying.from.fd, flying.queue), (End::Write, root, sent, p[0].queue));
    let text = tracer::render::kernel::kernel_line(&KernelEvent::Pipe(close.clone()));
    assert!(text.contains("write end in flight") && !text.contains("EOF"), "{text}");
    // Received under the child's own number.
    let got = &p[1].fds[0];
    let to = got.to.expect("a receiver");
    assert_ne!(to.pid, root);
    assert_eq!((got.from.pid, got.from.fd, got.end, to.end), (root, sent, End::Write, End::Write));
    assert_eq!(p[0].queue, p[1].queue);
    let ledger = run.ledger();
    let name = format!("pipe:[{}]", close.ino);
    let pipe = ledger.iter().find(|l| l.name == name).expect("the pipe in the ledger");
    assert_eq!(pipe.passed.iter().map(|h| (h.from, h.to)).collect::<Vec<_>>(), [(root, to.pid)]);
    assert!(pipe.used_by.contains(&to.pid), "{pipe:?}");
}

#[test]
fn a_descriptor_with_no_room_in_the_control_buffer_is_closed_by_the_kernel() {
    use tracer::kernel::objects::PassStep;
    let run = trace("kv_passfd", &["small"], None);
    let p = passages(&run);
    assert_eq!(p.iter().map(|p| p.step).collect::<Vec<_>>(), [PassStep::Sent, PassStep::Truncated], "{p:?}");
    // After it, the pipe has no write end anywhere: the parent's read sees EOF.
    let (at, _) = run
        .kernel()
        .enumerate()
        .find(|(_, (_, k))| matches!(k, KernelEvent::Passage(p) if p.step == PassStep::Truncated))
        .unwrap();
    let after: Vec<_> = run
        .kernel()
        .skip(at + 1)
        .filter_map(|(_, k)| match k {
            KernelEvent::Pipe(p) if p.holders.is_some() => Some(p),
            _ => None,
        })
        .collect();
    let first = after.first().expect("the pipe after the truncation");
    assert!(first.in_flight.is_empty() && first.holders.iter().flatten().all(|h| h.end == End::Read), "{first:?}");
}

#[test]
fn a_message_never_received_is_closed_with_its_socket() {
    use tracer::kernel::objects::PassStep;
    let run = trace("kv_passfd", &["unread"], None);
    let p = passages(&run);
    assert_eq!(p.iter().map(|p| p.step).collect::<Vec<_>>(), [PassStep::Sent, PassStep::Discarded], "{p:?}");
    // No pipe line claims the end in flight after the socket went.
    let gone_at = run
        .events
        .iter()
        .position(|e| matches!(&e.kind, EventKind::Kernel(KernelEvent::Passage(p)) if p.step == PassStep::Discarded))
        .unwrap();
    assert!(pipe_events(&run).iter().filter(|(i, _)| *i > gone_at).all(|(_, p)| p.in_flight.is_empty()));
}

#[test]
fn execve_says_which_descriptors_close_on_exec_closed_and_which_it_kept() {
    let run = trace("kv_exec", &[], None);
    let closed = run
        .kernel()
        .find_map(|(_, k)| match k {
            KernelEvent::ExecClosed(e) => Some(e),
            _ => None,
        })
        .expect("an exec_closed event");
    assert_ne!(closed.process, run.root);
    let fds = |v: &[tracer::kernel::objects::InheritedFd]| v.iter().map(|f| (f.fd, f.end)).collect::<Vec<_>>();
    assert_eq!(fds(&closed.closed), [(3, End::Read), (4, End::Write)], "{closed:?}");
    assert_eq!(fds(&closed.kept), [(5, End::Read), (6, End::Write)], "{closed:?}");
}

#[test]
fn closing_another_descriptor_drops_a_process_lock_and_leaves_an_ofd_lock() {
    let run = trace("kv_ofd", &[], None);
    let locks_after_close: Vec<&tracer::kernel::objects::LockState> = run
        .after("close")
        .into_iter()
        .filter_map(|(_, k)| {
            k.into_iter().find_map(|k| match k {
                KernelEvent::Locks(l) => Some(l),
                _ => None,
            })
        })
        .collect();
    assert!(locks_after_close.len() >= 2, "{locks_after_close:?}");
    assert!(locks_after_close[0].locks.is_empty(), "the process lock went with the close: {:?}", locks_after_close[0]);
    let ofd = &locks_after_close[1].locks;
    assert_eq!(ofd.len(), 1, "{ofd:?}");
    assert_eq!((ofd[0].kind, ofd[0].pid), (LockKind::Ofd, None));
    assert_eq!(ofd[0].through.iter().map(|h| (h.pid, h.fd)).collect::<Vec<_>>(), [(run.root, 3)]);
}

#[test]
fn a_posix_shm_object_shows_its_size_who_opens_and_who_maps_it() {
    let run = trace("kv_pshm", &[], None);
    let path = run.printed("shm");
    let sized = only!(run.nth_after("ftruncate", 0), KernelEvent::PosixShm);
    assert_eq!((sized.path.as_str(), sized.size), (path.as_str(), Some(4096)));
    assert_eq!(sized.holders.iter().map(|h| (h.pid, h.fd)).collect::<Vec<_>>(), [(run.root, 3)]);
    assert!(sized.mapped_by.is_empty());
    let (mmap, kernel) = run.after("mmap").into_iter().find(|(e, _)| e.pid != run.root).expect("the child's mmap");
    let mapped = only!(kernel, KernelEvent::PosixShm);
    assert_eq!(mapped.mapped_by, [mmap.pid]);
    let gone = only!(run.nth_after("unlink", 0), KernelEvent::Gone);
    assert_eq!((gone.kind, gone.how), (ObjectKind::PosixShm, GoneHow::Unlinked));
    let ledger = run.ledger();
    let entry = ledger.iter().find(|e| e.kind == ObjectKind::PosixShm).expect("a ledger entry");
    assert_eq!(entry.path.as_deref(), Some(path.as_str()));
    assert_eq!(entry.created_by.call, "openat");
    assert!(matches!(&entry.fate, Fate::Removed { by } if by.call == "unlink"), "{entry:?}");
    assert!(!Path::new(&path).exists());
}

#[test]
fn the_ledger_follows_posix_shm_and_named_semaphores_when_a_filter_hides_their_calls() {
    // Only the opens that may create a file stop (O_CREAT), unreported.
    let run = trace("kv_pshm", &[], Some("exit_group"));
    let shown = |c: &tracer::decode::Syscall| matches!(c.name.as_ref(), "exit_group" | "execve");
    assert!(run.events.iter().all(|e| e.syscall().is_none_or(shown)), "only exit_group (and the exec) shown");
    let path = run.printed("shm");
    let ledger = run.ledger();
    let entry = ledger.iter().find(|e| e.kind == ObjectKind::PosixShm).expect("a ledger entry under the filter");
    assert_eq!(entry.path.as_deref(), Some(path.as_str()));
    assert!(matches!(&entry.fate, Fate::Removed { by } if by.call == "unlink"), "{entry:?}");
    // The munmap is hidden, but what the child wrote is read at its entry
    // and shown on a line of its own, naming the child.
    let unmapped = run
        .events
        .iter()
        .find_map(|e| match &e.kind {
            EventKind::Kernel(KernelEvent::PosixShm(s)) if s.contents.is_some() => Some((e.pid, s)),
            _ => None,
        })
        .expect("what the object held when the child unmapped it");
    assert_ne!(unmapped.0, run.root);
    assert_eq!(unmapped.1.read_from, Some(unmapped.0));
    assert!(unmapped.1.contents.as_ref().unwrap().data.starts_with(b"hi"), "{:?}", unmapped.1);
    let run = trace("kv_psem", &[], Some("exit_group"));
    let path = run.printed("sem");
    let ledger = run.ledger();
    assert_eq!(ledger.len(), 1, "one semaphore, under its name: {ledger:?}");
    let named = &ledger[0];
    assert_eq!((named.kind, named.path.as_deref()), (ObjectKind::PosixSem, Some(path.as_str())));
    assert_eq!(named.created_by.call, "link");
    assert!(matches!(&named.fate, Fate::Removed { by } if by.call == "unlink"), "{named:?}");
}

#[test]
fn an_unlink_says_whether_the_object_lives_on_or_nothing_is_left() {
    let scratch = common::ScratchDir::new("kview-unlink");
    let dir = scratch.path().to_str().unwrap();
    // A socket file unlinked after its socket was closed, and one unlinked
    // while its socket still listens.
    let late = trace("kv_sock", &[dir], None);
    let gone = only!(late.nth_after("unlink", 0), KernelEvent::Gone);
    assert_eq!((gone.kind, gone.lives_on), (ObjectKind::SocketFile, Some(false)));
    let early = trace("kv_sock", &[dir, "early"], None);
    let gone = only!(early.nth_after("unlink", 0), KernelEvent::Gone);
    assert_eq!((gone.kind, gone.lives_on), (ObjectKind::SocketFile, Some(true)));
    // A POSIX queue unlinked after its last descriptor was closed.
    let mq = trace("kv_mq", &[], None);
    let gone = only!(mq.nth_after("mq_unlink", 0), KernelEvent::Gone);
    assert_eq!((gone.kind, gone.lives_on), (ObjectKind::PosixMq, Some(false)));
    // A POSIX shared memory object unlinked once closed and unmapped.
    let shm = trace("kv_pshm", &[], None);
    let gone = only!(shm.nth_after("unlink", 0), KernelEvent::Gone);
    assert_eq!((gone.kind, gone.lives_on), (ObjectKind::PosixShm, Some(false)));
    // The words.
    let line = |g: &Gone| tracer::render::kernel::kernel_line(&KernelEvent::Gone(g.clone()));
    let mut g = Gone {
        kind: ObjectKind::SocketFile,
        name: "socket file /tmp/s".into(),
        how: GoneHow::Unlinked,
        lives_on: Some(false),
    };
    assert!(line(&g).ends_with("the socket bound to it was already closed: nothing is left"), "{}", line(&g));
    g.lives_on = Some(true);
    assert!(line(&g).ends_with("the socket bound to it is still open"), "{}", line(&g));
}

#[test]
fn a_named_semaphore_is_one_object_with_its_mappers_and_the_child_that_posts() {
    let run = trace("kv_psem", &[], None);
    let path = run.printed("sem");
    // sem_open's temporary file is the semaphore, published by the link.
    let linked = only!(run.nth_after("link", 0), KernelEvent::PosixShm);
    assert!(linked.semaphore, "{linked:?}");
    assert_eq!((linked.path.as_str(), linked.size), (path.as_str(), Some(32)));
    assert_eq!(linked.mapped_by, [run.root], "mapped (under its temporary name) since sem_open's mmap");
    // The temporary name's unlink says nothing: the object goes on under its name.
    assert!(run.nth_after("unlink", 0).is_empty(), "{:?}", run.nth_after("unlink", 0));
    let gone = only!(run.nth_after("unlink", 1), KernelEvent::Gone);
    assert_eq!((gone.kind, gone.how, gone.lives_on), (ObjectKind::PosixSem, GoneHow::Unlinked, Some(false)));
    let ledger = run.ledger();
    assert_eq!(ledger.len(), 1, "{ledger:?}");
    assert_eq!(ledger[0].kind, ObjectKind::PosixSem);
    // The child posts with no call (nothing contends); it maps the
    // semaphore it inherited, and so uses it.
    let child = run.events.iter().find_map(|e| match &e.kind {
        EventKind::Spawn(s) if !s.thread => Some(s.child),
        _ => None,
    });
    let child = child.expect("the child");
    assert_eq!(ledger[0].used_by, [run.root, child], "{:?}", ledger[0]);
}

/// Removes a file on drop, so that a failing test leaves nothing in /dev/shm.
struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Runs `ipclab trace --json --cleanup -- kview/NAME leak`, which prints
/// `TAG PATH` for the file in /dev/shm it leaves: that path (removed on
/// drop, whatever the test finds) and the trace's JSON events.
fn leak_in_dev_shm(name: &str, tag: &str) -> (RemoveOnDrop, String, Vec<Value>) {
    let scratch = common::ScratchDir::new("kview-shm-leak");
    let ledger_dir = scratch.path().join("ledger");
    let trace_file = scratch.path().join("trace.json");
    let mut cmd = ipclab(&ledger_dir);
    cmd.args(["trace", "--json", "--cleanup", "-o"]).arg(&trace_file).arg("--").arg(kv(name)).arg("leak");
    let done = common::run_with_deadline(&mut cmd, DEADLINE);
    let prefix = format!("{tag} ");
    let path = done.stdout.lines().find_map(|l| l.strip_prefix(prefix.as_str())).expect("the program names its file");
    let guard = RemoveOnDrop(PathBuf::from(path));
    assert_eq!(done.code(), Some(0), "{}", done.stderr);
    let events = json_lines(&std::fs::read_to_string(&trace_file).unwrap());
    (guard, path.to_string(), events)
}

#[test]
fn a_leaked_posix_shm_object_is_reported_and_cleanup_removes_it() {
    let (_guard, path, events) = leak_in_dev_shm("kv_pshm", "shm");
    let entry = events.iter().find(|e| e["type"] == "ledger" && e["kind"] == "posix_shm").expect("a ledger entry");
    assert_eq!(entry["path"], path.as_str(), "{entry}");
    assert_eq!((&entry["fate"], &entry["cleaned"]), (&Value::from("leaked"), &Value::from(true)), "{entry}");
    assert!(!Path::new(&path).exists(), "--cleanup removed it");
}

#[test]
fn a_named_semaphore_left_behind_is_reported_and_cleanup_removes_it() {
    // sem_open makes /dev/shm/sem.NAME with link(2); a forgotten sem_unlink
    // leaves it there.
    let (_guard, path, events) = leak_in_dev_shm("kv_psem", "sem");
    let entries: Vec<&Value> = events.iter().filter(|e| e["type"] == "ledger").collect();
    assert_eq!(entries.len(), 1, "the semaphore, once: {entries:?}");
    let named = entries[0];
    assert_eq!((&named["kind"], &named["path"]), (&Value::from("posix_sem"), &Value::from(path.as_str())), "{named}");
    assert_eq!(named["created_by"]["call"], "link", "{named}");
    assert_eq!((&named["fate"], &named["cleaned"]), (&Value::from("leaked"), &Value::from(true)), "{named}");
    assert!(!Path::new(&path).exists(), "--cleanup removed it");
}

#[test]
fn pipe_holds_five_bytes_after_the_write() {
    let run = trace("kv_pipe", &[], None);
    let p = only!(run.nth_after("write", 0), KernelEvent::Pipe);
    assert_eq!(p.bytes, Some(5));
    let created = only!(run.nth_after("pipe2", 0), KernelEvent::Pipe);
    assert_eq!(created.ino, p.ino);
    let holders: Vec<(i32, End)> = created.holders.as_ref().unwrap().iter().map(|h| (h.fd, h.end)).collect();
    assert_eq!(holders, vec![(3, End::Read), (4, End::Write)]);
}

#[test]
fn pipe_bytes_are_read_from_the_kernel_when_a_filter_hides_the_pipe_call() {
    let run = trace("kv_pipe", &[], Some("write"));
    assert!(run.events.iter().all(|e| e.syscall().is_none_or(|c| c.name != "pipe2")), "pipe2 is not shown");
    assert_eq!(only!(run.nth_after("write", 0), KernelEvent::Pipe).bytes, Some(5));
    let ledger = run.ledger();
    assert_eq!(ledger.len(), 1, "{ledger:?}");
    assert_eq!((ledger[0].kind, ledger[0].created_by.call.as_str()), (ObjectKind::Pipe, "pipe2"));
}

#[test]
fn msg_counts_are_true_when_a_filter_shows_only_msgrcv() {
    let run = trace("kv_msg", &[], Some("msgrcv"));
    let q = only!(run.nth_after("msgrcv", 0), KernelEvent::MsgQueue);
    assert_eq!((q.messages, q.bytes), (1, 7));
    let ledger = run.ledger();
    assert!(matches!(&ledger[0].fate, Fate::Removed { by } if by.call == "msgctl"), "{ledger:?}");
}

#[test]
fn sem_values_after_semop_are_read_from_the_set() {
    let run = trace("kv_sem", &[], None);
    let values = |n| -> Vec<u16> {
        only!(run.nth_after("semtimedop", n), KernelEvent::SemSet).values.iter().map(|v| v.value).collect()
    };
    assert_eq!(values(0), vec![2, 3]);
    assert_eq!(values(1), vec![2, 2]);
    let after_setval = only!(run.nth_after("semctl", 0), KernelEvent::SemSet);
    assert_eq!(after_setval.values.iter().map(|v| v.value).collect::<Vec<_>>(), vec![0, 3]);
}

#[test]
fn posix_mq_holds_one_message_after_two_sends_and_one_receive() {
    let run = trace("kv_mq", &[], None);
    let q = only!(run.nth_after("mq_timedreceive", 0), KernelEvent::PosixMq);
    assert_eq!((q.messages, q.bytes, q.max_messages, q.message_size), (1, Some(5), 4, 16), "{q:?}");
    assert_eq!(q.name, run.printed("mq"));
}

#[test]
fn socketpair_ends_are_each_others_peer() {
    let run = trace("kv_sock", &[], None);
    let pair: Vec<_> = run
        .nth_after("socketpair", 0)
        .into_iter()
        .filter_map(|k| match k {
            KernelEvent::Socket(s) => Some(s),
            _ => None,
        })
        .collect();
    assert_eq!(pair.len(), 2);
    assert_eq!((pair[0].peer, pair[1].peer), (Some(pair[1].ino), Some(pair[0].ino)));
    assert_eq!(pair[0].peer_holders[0].fd, 4, "the peer is fd 4 of the same process");
}

#[test]
fn bytes_written_to_a_socket_wait_at_its_peer() {
    let run = trace("kv_sock", &[], None);
    let s = only!(run.nth_after("write", 0), KernelEvent::Socket);
    assert_eq!((s.queued, s.peer_queued), (0, Some(4)), "{s:?}");
}

#[test]
fn accepted_socket_is_the_peer_of_the_connecting_one() {
    let run = trace("kv_sock", &[], None);
    let client = only!(run.nth_after("socket", 1), KernelEvent::Socket);
    let accepted = only!(run.nth_after("accept", 0), KernelEvent::Socket);
    assert_eq!(accepted.peer, Some(client.ino));
    let listening = only!(run.nth_after("listen", 0), KernelEvent::Socket);
    assert_eq!((listening.state, listening.backlog), ("listening", Some(4)));
    assert_eq!(listening.path.as_deref(), Some(run.printed("path").as_str()));
}

#[test]
fn signal_masks_follow_sigaction_sigprocmask_and_kill() {
    let run = trace("kv_signals", &[], None);
    let names = |s: tracer::kernel::SigSet| s.names();
    let after_action = only!(run.nth_after("rt_sigaction", 0), KernelEvent::Signals);
    assert_eq!(names(after_action.caught), vec!["SIGUSR1"]);
    let after_mask = only!(run.nth_after("rt_sigprocmask", 0), KernelEvent::Signals);
    assert_eq!(names(after_mask.blocked), vec!["SIGUSR2", "SIGCHLD"]);
    assert!(after_mask.pending.is_empty());
    let after_kill = only!(run.nth_after("kill", 0), KernelEvent::Signals);
    assert_eq!(names(after_kill.pending), vec!["SIGUSR2"], "blocked, so it stays pending");
}

#[test]
fn a_zombie_is_shown_until_its_parent_reaps_it() {
    let run = trace("kv_signals", &[], None);
    let position = |want: &dyn Fn(&EventKind) -> bool| run.events.iter().position(|e| want(&e.kind));
    let zombie = position(&|k| matches!(k, EventKind::Kernel(KernelEvent::Zombie(z)) if z.parent == run.root))
        .expect("a zombie event");
    let EventKind::Kernel(KernelEvent::Zombie(z)) = &run.events[zombie].kind else { unreachable!() };
    let marker = position(&|k| matches!(k, EventKind::Syscall(c) if c.name == "getppid")).expect("getppid");
    let reaped = position(&|k| matches!(k, EventKind::Kernel(KernelEvent::Reaped(r)) if r.zombie == z.zombie))
        .expect("a reaped event");
    assert!(zombie < marker && marker < reaped, "zombie {zombie}, still one at {marker}, reaped {reaped}");
    let EventKind::Kernel(KernelEvent::Reaped(r)) = &run.events[reaped].kind else { unreachable!() };
    assert_eq!(r.by, run.root);
    let reaping_call = run.events[..reaped].iter().rev().find_map(|e| e.syscall()).unwrap();
    assert_eq!(reaping_call.name, "wait4");
}

#[test]
fn each_of_many_zombies_is_reaped_once_by_the_wait_that_reaps_it() {
    // children64: 64 children exit in any order, the parent reaps them with
    // 64 wait4(-1); each wait names the one child it reaped.
    let mut config = Config::new(common::prog("children64"), Vec::new());
    config.stop_at_exit = true;
    config.timeout = Some(DEADLINE);
    config.stdio[1] = Stdio::Null;
    let mut view = KernelView::new(ViewOptions::default());
    let mut rec = Recorder::default();
    assert_eq!(ptrace::run(&config, &mut rec, &mut view).unwrap(), Outcome::Exited(0));
    let root = rec.events[0].pid;
    let mut zombie_at = std::collections::BTreeMap::new();
    let mut reaped = Vec::new();
    for (i, e) in rec.events.iter().enumerate() {
        match &e.kind {
            EventKind::Kernel(KernelEvent::Zombie(z)) if z.parent == root => {
                assert!(zombie_at.insert(z.zombie, i).is_none(), "{} a zombie twice", z.zombie);
            }
            EventKind::Kernel(KernelEvent::Reaped(r)) => {
                assert_eq!(r.by, root);
                assert!(zombie_at.get(&r.zombie).is_some_and(|&z| z < i), "{} reaped before it was a zombie", r.zombie);
                // The call just before is the wait4 that returned this child.
                let call = rec.events[..i].iter().rev().find_map(|e| e.syscall()).unwrap();
                assert_eq!((call.name.as_ref(), call.ret), ("wait4", Some(r.zombie as i64)));
                reaped.push(r.zombie);
            }
            _ => {}
        }
    }
    // Every zombie ipclab saw is reaped, once. It sees each child as a
    // zombie when it handles the child's exit; a parent already waiting may
    // reap the child first (it can once ipclab has taken the exit), and then
    // there is neither line, so the count seen is not asserted: only that
    // the view saw some, and that the parent's 64 waits returned 64 children.
    let count = reaped.len();
    reaped.sort_unstable();
    reaped.dedup();
    assert_eq!(reaped.len(), count, "a zombie reaped twice: {reaped:?}");
    let seen: Vec<i32> = zombie_at.keys().copied().collect();
    assert_eq!(seen, reaped, "every zombie seen is reaped");
    assert!(!seen.is_empty(), "the view saw none of the 64 zombies");
    let mut waited: Vec<i64> = rec
        .events
        .iter()
        .filter(|e| e.pid == root)
        .filter_map(|e| e.syscall())
        .filter(|c| c.name == "wait4")
        .filter_map(|c| c.ret.filter(|&r| r > 0))
        .collect();
    waited.sort_unstable();
    waited.dedup();
    assert_eq!(waited.len(), 64, "the parent reaped 64 children: {waited:?}");
}

#[test]
fn fifo_opens_show_a_reader_and_a_writer() {
    let dir = common::ScratchDir::new("kview-fifo");
    let run = trace("kv_fifo", &[dir.path().to_str().unwrap()], None);
    let path = run.printed("path");
    let last_open = run.after("openat").into_iter().filter_map(|(_, k)| k.into_iter().next()).next_back().unwrap();
    let KernelEvent::Pipe(p) = last_open else { panic!("{last_open:?}") };
    assert_eq!(p.fifo.as_deref(), Some(path.as_str()));
    let mut ends: Vec<End> = p.holders.as_ref().unwrap().iter().map(|h| h.end).collect();
    ends.sort();
    assert_eq!(ends, vec![End::Read, End::Write]);
}

#[test]
fn ledger_lists_every_object_with_its_fate() {
    let run = trace("kv_sock", &[], None);
    let fates: Vec<(ObjectKind, String)> = run
        .ledger()
        .iter()
        .map(|l| {
            let fate = match &l.fate {
                Fate::Removed { by } | Fate::Closed { by } => by.call.clone(),
                other => format!("{other:?}"),
            };
            (l.kind, fate)
        })
        .collect();
    let socket = |how: &str| (ObjectKind::Socket, how.to_string());
    assert_eq!(
        fates,
        vec![
            socket("close"),
            socket("close"),
            socket("close"),
            (ObjectKind::SocketFile, "unlink".to_string()),
            socket("close"),
            socket("close"),
        ]
    );
    let end = run.events.iter().find_map(|e| match &e.kind {
        EventKind::LedgerEnd(s) => Some(s.clone()),
        _ => None,
    });
    assert_eq!(end.map(|s| (s.objects, s.leaked)), Some((6, 0)));
}

#[test]
fn ledger_names_the_exit_that_closed_the_last_pipe_end() {
    let run = trace("kv_pipe", &[], None);
    let child = run.events.iter().find_map(|e| match &e.kind {
        EventKind::Spawn(s) => Some(s.child),
        _ => None,
    });
    let ledger = run.ledger();
    let Fate::Closed { by } = &ledger[0].fate else { panic!("{ledger:?}") };
    assert_eq!((Some(by.pid), by.call.as_str()), (child, "exit"));
    assert_eq!(ledger[0].used_by, vec![run.root, child.unwrap()]);
}

// ---- the ledger, --cleanup and ipclab clean, through the binary ----

/// What kv_leak left, removed on drop whatever the test found (so a
/// failing test leaks nothing either).
struct Leftovers {
    msg: i32,
    sem: i32,
    shm: i32,
    mq: String,
    fifo: String,
    sock: String,
}

impl Leftovers {
    fn parse(stdout: &str) -> Leftovers {
        let get = |tag: &str| {
            stdout
                .lines()
                .find_map(|l| l.strip_prefix(tag)?.strip_prefix(' '))
                .unwrap_or_else(|| panic!("kv_leak printed no {tag}: {stdout}"))
                .to_string()
        };
        Leftovers {
            msg: get("msg").parse().unwrap(),
            sem: get("sem").parse().unwrap(),
            shm: get("shm").parse().unwrap(),
            mq: get("mq"),
            fifo: get("fifo"),
            sock: get("sock"),
        }
    }

    /// Which of the six still exist.
    fn existing(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        // SAFETY: IPC_STAT into a zeroed struct of the right type.
        unsafe {
            let mut q: libc::msqid_ds = std::mem::zeroed();
            if libc::msgctl(self.msg, libc::IPC_STAT, &mut q) == 0 {
                out.push("msg");
            }
            let mut s: libc::semid_ds = std::mem::zeroed();
            if libc::semctl(self.sem, 0, libc::IPC_STAT, &mut s) == 0 {
                out.push("sem");
            }
            let mut m: libc::shmid_ds = std::mem::zeroed();
            if libc::shmctl(self.shm, libc::IPC_STAT, &mut m) == 0 {
                out.push("shm");
            }
        }
        if tracer::kernel::ledger::mq_identity(&self.mq).ok().flatten().is_some() {
            out.push("mq");
        }
        if Path::new(&self.fifo).symlink_metadata().is_ok() {
            out.push("fifo");
        }
        if Path::new(&self.sock).symlink_metadata().is_ok() {
            out.push("sock");
        }
        out
    }
}

impl Drop for Leftovers {
    fn drop(&mut self) {
        // SAFETY: IPC_RMID takes no buffer; a missing id only fails.
        unsafe {
            libc::msgctl(self.msg, libc::IPC_RMID, std::ptr::null_mut());
            libc::semctl(self.sem, 0, libc::IPC_RMID);
            libc::shmctl(self.shm, libc::IPC_RMID, std::ptr::null_mut());
        }
        if let Ok(name) = std::ffi::CString::new(self.mq.as_str()) {
            // SAFETY: a NUL-terminated name alive for the call.
            unsafe { libc::mq_unlink(name.as_ptr()) };
        }
        let _ = std::fs::remove_file(&self.fifo);
        let _ = std::fs::remove_file(&self.sock);
    }
}

/// A message queue the test itself creates outside any trace: cleanup must
/// never touch it.
struct Unrelated(i32);

impl Unrelated {
    fn new() -> Unrelated {
        // SAFETY: plain call; a private queue of this test.
        let id = unsafe { libc::msgget(libc::IPC_PRIVATE, libc::IPC_CREAT | 0o600) };
        assert!(id >= 0, "msgget: {}", std::io::Error::last_os_error());
        Unrelated(id)
    }

    fn exists(&self) -> bool {
        // SAFETY: IPC_STAT into a zeroed struct of the right type.
        unsafe {
            let mut q: libc::msqid_ds = std::mem::zeroed();
            libc::msgctl(self.0, libc::IPC_STAT, &mut q) == 0
        }
    }
}

impl Drop for Unrelated {
    fn drop(&mut self) {
        // SAFETY: IPC_RMID takes no buffer.
        unsafe { libc::msgctl(self.0, libc::IPC_RMID, std::ptr::null_mut()) };
    }
}

fn ipclab(ledger_dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ipclab"));
    cmd.env("IPCLAB_LANG", "en");
    cmd.env("IPCLAB_LEDGER_DIR", ledger_dir).env("NO_COLOR", "1");
    cmd
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines().filter(|l| l.starts_with('{')).map(|l| serde_json::from_str(l).expect("JSON")).collect()
}

#[test]
fn ledger_marks_each_leak_in_red_with_the_command_that_removes_it() {
    let scratch = common::ScratchDir::new("kview-leak");
    let ledger_dir = scratch.path().join("ledger");
    let leak = kv("kv_leak");
    let mut cmd = ipclab(&ledger_dir);
    cmd.args(["trace", "--color=always", "-e", "exit_group", "--"]).arg(&leak).arg(scratch.path());
    let done = common::run_with_deadline(&mut cmd, DEADLINE);
    let left = Leftovers::parse(&done.stdout);
    assert_eq!(done.code(), Some(0), "{}", done.stderr);
    let red = "\x1b[31m";
    for (what, command) in [
        (format!("msg queue {}", left.msg), format!("ipcrm -q {}", left.msg)),
        (format!("sem set {}", left.sem), format!("ipcrm -s {}", left.sem)),
        (format!("shm segment {}", left.shm), format!("ipcrm -m {}", left.shm)),
        (format!("POSIX mq {}", left.mq), "ipclab clean".to_string()),
        (format!("FIFO {}", left.fifo), format!("rm {}", left.fifo)),
        (format!("socket file {}", left.sock), format!("rm {}", left.sock)),
    ] {
        let line = done.stderr.lines().find(|l| l.contains(&format!("{what}:"))).unwrap_or_else(|| {
            panic!("no ledger line for {what} in:\n{}", done.stderr);
        });
        assert!(line.contains(red) && line.contains("LEAKED"), "{line:?}");
        assert!(line.contains(&format!("remove it with: {command}")), "{line:?}");
    }
    assert_eq!(left.existing().len(), 6, "a run without --cleanup removes nothing");
    // What the run left is in its ledger on disk, for ipclab clean.
    let done = common::run_with_deadline(ipclab(&ledger_dir).arg("clean"), DEADLINE);
    assert_eq!(done.code(), Some(0), "{}{}", done.stdout, done.stderr);
    assert_eq!(left.existing(), Vec::<&str>::new(), "ipclab clean said:\n{}", done.stdout);
}

#[test]
fn cleanup_removes_what_the_run_leaked_and_nothing_else() {
    let unrelated = Unrelated::new();
    let scratch = common::ScratchDir::new("kview-cleanup");
    let ledger_dir = scratch.path().join("ledger");
    let trace_file = scratch.path().join("trace.json");
    let mut cmd = ipclab(&ledger_dir);
    cmd.args(["trace", "--json", "--cleanup", "-o"]).arg(&trace_file).arg("--").arg(kv("kv_leak")).arg(scratch.path());
    let done = common::run_with_deadline(&mut cmd, DEADLINE);
    let left = Leftovers::parse(&done.stdout);
    assert_eq!(done.code(), Some(0), "{}", done.stderr);
    let events = json_lines(&std::fs::read_to_string(&trace_file).unwrap());
    let ledger: Vec<&Value> = events.iter().filter(|e| e["type"] == "ledger").collect();
    let kinds: Vec<&str> = ledger.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, vec!["msg_queue", "sem_set", "shm", "posix_mq", "fifo", "socket", "socket_file"]);
    for e in &ledger {
        if e["kind"] == "socket" {
            assert_eq!(e["fate"], "closed", "{e}");
        } else {
            assert_eq!((&e["fate"], &e["cleaned"]), (&Value::from("leaked"), &Value::from(true)), "{e}");
        }
    }
    let end = events.iter().find(|e| e["type"] == "ledger_end").expect("ledger_end");
    assert_eq!((&end["objects"], &end["leaked"], &end["cleaned"]), (&7.into(), &6.into(), &6.into()));
    assert_eq!(left.existing(), Vec::<&str>::new());
    assert!(unrelated.exists(), "--cleanup removed a queue the run did not create");
    assert!(!ledger_dir.exists() || std::fs::read_dir(&ledger_dir).unwrap().next().is_none(), "no ledger kept");
}

/// Starts `ipclab trace OPTIONS --timeout 60 -- kv_leak DIR wait` and reads
/// the program's output up to its "ready" line: every object is made, and
/// it waits for a signal. Returns ipclab, the rest of the program's output
/// (to be drained once it is gone) and what it printed so far.
fn start_waiting_leak(
    ledger_dir: &Path,
    dir: &Path,
    options: &[&str],
    stderr: ProcStdio,
) -> (std::process::Child, std::io::Lines<BufReader<std::process::ChildStdout>>, String) {
    let mut child = ipclab(ledger_dir)
        .arg("trace")
        .args(options)
        .args(["--timeout", "60", "--"])
        .arg(kv("kv_leak"))
        .arg(dir)
        .arg("wait")
        .stdin(ProcStdio::null())
        .stdout(ProcStdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("ipclab runs");
    let mut stdout = String::new();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    for line in lines.by_ref() {
        let line = line.unwrap();
        stdout.push_str(&line);
        stdout.push('\n');
        if line == "ready" {
            break;
        }
    }
    (child, lines, stdout)
}

#[test]
fn clean_removes_the_leftovers_of_a_killed_run_and_nothing_else() {
    let unrelated = Unrelated::new();
    let scratch = common::ScratchDir::new("kview-killed");
    let ledger_dir = scratch.path().join("ledger");
    let (mut child, lines, stdout) =
        start_waiting_leak(&ledger_dir, scratch.path(), &["-o", "/dev/null"], ProcStdio::null());
    // SIGKILL: ipclab can print nothing; the traced program dies with it.
    child.kill().unwrap();
    child.wait().unwrap();
    for _ in lines {} // the program's end of the pipe closes when it is gone
    let left = Leftovers::parse(&stdout);
    assert_eq!(left.existing().len(), 6, "the killed run left its objects");
    let done = common::run_with_deadline(ipclab(&ledger_dir).arg("clean"), DEADLINE);
    assert_eq!(done.code(), Some(0), "{}{}", done.stdout, done.stderr);
    assert_eq!(left.existing(), Vec::<&str>::new(), "ipclab clean said:\n{}", done.stdout);
    let objects = done.stdout.lines().filter(|l| l.starts_with("removed ") && !l.contains(" directory "));
    assert_eq!(objects.count(), 6, "{}", done.stdout);
    assert!(unrelated.exists(), "ipclab clean removed a queue no run created");
    let again = common::run_with_deadline(ipclab(&ledger_dir).arg("clean"), DEADLINE);
    assert!(again.stdout.contains("nothing to clean"), "{}", again.stdout);
}

#[test]
fn clean_leaves_a_fifo_made_again_at_the_path_of_one_the_run_left_even_with_its_inode_number() {
    use std::os::unix::fs::MetadataExt;
    let scratch = common::ScratchDir::new("kview-fifo-again");
    let ledger_dir = scratch.path().join("ledger");
    let mut cmd = ipclab(&ledger_dir);
    cmd.args(["trace", "-o", "/dev/null", "--"]).arg(kv("kv_leak")).arg(scratch.path());
    let run = common::run_with_deadline(&mut cmd, DEADLINE);
    assert_eq!(run.code(), Some(0), "{}", run.stderr);
    let left = Leftovers::parse(&run.stdout);
    // Someone removes the run's FIFO and makes one of their own at its path:
    // a filesystem that reuses inode numbers (ext4 does, at once) gives it
    // the same one.
    let fifo = Path::new(&left.fifo);
    let ino = std::fs::metadata(fifo).unwrap().ino();
    std::fs::remove_file(fifo).unwrap();
    nix::unistd::mkfifo(fifo, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
    let reused = std::fs::metadata(fifo).unwrap().ino() == ino;
    // In Korean (a dry run changes nothing): every line, and why the FIFO is left.
    let ko = common::run_with_deadline(ipclab(&ledger_dir).args(["clean", "--dry-run", "--lang", "ko"]), DEADLINE);
    assert_eq!(ko.code(), Some(0), "{}{}", ko.stdout, ko.stderr);
    assert_eq!(ko.stdout.lines().count(), 6, "five to remove, the FIFO left alone:\n{}", ko.stdout);
    for line in ko.stdout.lines() {
        let ours = line.replace(&left.fifo, "").replace(&kv("kv_leak").display().to_string(), "");
        assert_eq!(common::english_sentence(&ours), None, "English left in {line:?}");
        assert!(line.contains("을(를) 제거할 것입니다: ") || line.starts_with("그대로 두었습니다: FIFO"), "{line}");
    }
    let why = if reused { "같은 inode 번호를 받았습니다" } else { "다른 파일이 있습니다" };
    assert!(ko.stdout.contains(why), "inode reused: {reused}:\n{}", ko.stdout);
    let done = common::run_with_deadline(ipclab(&ledger_dir).arg("clean"), DEADLINE);
    assert_eq!(done.code(), Some(0), "{}{}", done.stdout, done.stderr);
    assert!(fifo.exists(), "ipclab clean removed a FIFO the run did not make:\n{}", done.stdout);
    let line = done.stdout.lines().find(|l| l.contains(&left.fifo)).expect("a line about the FIFO");
    assert!(line.starts_with(&format!("left alone: FIFO {}", left.fifo)), "{line}");
    let why = if reused { "a file made later got the same inode number" } else { "another file is at that path now" };
    assert!(line.contains(why), "inode reused: {reused}: {line}");
    assert_eq!(left.existing(), vec!["fifo"], "the rest of what the run left is removed:\n{}", done.stdout);
    std::fs::remove_file(fifo).unwrap();
}

#[test]
fn a_queue_opened_with_o_creat_is_the_run_s_only_if_none_was_there_at_the_open() {
    use nix::mqueue::{MQ_OFlag, mq_close, mq_open, mq_unlink};
    use nix::sys::stat::Mode;
    struct Unlink(String);
    impl Drop for Unlink {
        fn drop(&mut self) {
            let _ = mq_unlink(self.0.as_str());
        }
    }
    let scratch = common::ScratchDir::new("kview-mq-creat");
    let ledger_dir = scratch.path().join("ledger");
    let run = |name: &str| {
        let out = scratch.path().join("trace.jsonl");
        let mut cmd = ipclab(&ledger_dir);
        cmd.args(["trace", "--json", "--cleanup", "-o"]).arg(&out).arg("--").arg(kv("kv_mq_creat")).arg(name);
        let done = common::run_with_deadline(&mut cmd, DEADLINE);
        assert_eq!(done.code(), Some(0), "{}", done.stderr);
        let text = std::fs::read_to_string(&out).unwrap();
        text.lines().map(|l| serde_json::from_str::<Value>(l).unwrap()).filter(|e| e["type"] == "ledger").collect()
    };
    // Someone else's queue, made in the same second the run starts: the
    // mqueue filesystem stamps whole seconds, so only the open's entry can
    // tell that the run did not make it.
    let theirs = Unlink(format!("/ipclab-kv-theirs-{}", std::process::id()));
    let flags = MQ_OFlag::O_CREAT | MQ_OFlag::O_EXCL | MQ_OFlag::O_RDWR;
    let attr = nix::mqueue::MqAttr::new(0, 4, 64, 0);
    let q = mq_open(theirs.0.as_str(), flags, Mode::from_bits_truncate(0o600), Some(&attr))
        .expect("a queue of the test's own");
    mq_close(q).unwrap();
    let ledger: Vec<Value> = run(&theirs.0);
    assert!(ledger.is_empty(), "the run opened the queue, it did not make it: {ledger:?}");
    assert!(
        tracer::kernel::ledger::mq_identity(&theirs.0).unwrap().is_some(),
        "--cleanup removed someone else's queue"
    );
    // A queue of that name that did not exist: the run made it, leaked it,
    // and --cleanup removed it.
    let ours = Unlink(format!("/ipclab-kv-ours-{}", std::process::id()));
    let ledger: Vec<Value> = run(&ours.0);
    assert_eq!(ledger.len(), 1, "{ledger:?}");
    assert_eq!(
        (&ledger[0]["kind"], &ledger[0]["created_by"]["call"]),
        (&Value::from("posix_mq"), &Value::from("mq_open"))
    );
    assert_eq!((&ledger[0]["fate"], &ledger[0]["cleaned"]), (&Value::from("leaked"), &Value::from(true)));
    assert!(tracer::kernel::ledger::mq_identity(&ours.0).unwrap().is_none());
}

#[test]
fn clean_removes_what_a_killed_grader_s_lab_made_before_its_start_marker() {
    let scratch = common::ScratchDir::new("kview-premarker");
    let ledger_dir = scratch.path().join("ledger");
    let report = scratch.path().join("report");
    let mut child = ipclab(&ledger_dir)
        .args(["check", "01", "--json", "--timeout", "60", "--program"])
        .arg(kv("kv_premarker"))
        .env("KV_REPORT", &report)
        .env("TMPDIR", scratch.path())
        .stdin(ProcStdio::null())
        .stdout(ProcStdio::null())
        .stderr(ProcStdio::null())
        .spawn()
        .expect("ipclab runs");
    let deadline = std::time::Instant::now() + DEADLINE;
    let text = loop {
        let text = std::fs::read_to_string(&report).unwrap_or_default();
        if text.ends_with("ready\n") || std::time::Instant::now() > deadline {
            break text;
        }
        std::thread::yield_now();
    };
    // SIGKILL: the grader reports nothing; its lab dies with it.
    child.kill().unwrap();
    child.wait().unwrap();
    let get =
        |tag: &str| text.lines().find_map(|l| l.strip_prefix(tag)).unwrap_or_else(|| panic!("{text:?}")).to_string();
    let (msg, mq) = (get("msg ").parse::<i32>().unwrap(), get("mq "));
    let queue_exists = || {
        // SAFETY: IPC_STAT into a zeroed struct of the right type.
        let mut q: libc::msqid_ds = unsafe { std::mem::zeroed() };
        // SAFETY: IPC_STAT writes one msqid_ds into `q`, which is one.
        unsafe { libc::msgctl(msg, libc::IPC_STAT, &mut q) == 0 }
    };
    let mq_exists = || tracer::kernel::ledger::mq_identity(&mq).ok().flatten().is_some();
    // Whatever the verdict, nothing stays behind for the tests after this one.
    struct Remove(i32, String);
    impl Drop for Remove {
        fn drop(&mut self) {
            // SAFETY: IPC_RMID of a queue this test's program made; mq_unlink of its name.
            unsafe { libc::msgctl(self.0, libc::IPC_RMID, std::ptr::null_mut()) };
            if let Ok(name) = std::ffi::CString::new(self.1.clone()) {
                // SAFETY: a NUL-terminated name, alive for the call.
                unsafe { libc::mq_unlink(name.as_ptr()) };
            }
        }
    }
    let _remove = Remove(msg, mq.clone());
    assert!(queue_exists() && mq_exists(), "the killed run left both objects");
    let run_dirs = || -> Vec<std::path::PathBuf> {
        let entries = std::fs::read_dir(scratch.path()).unwrap().flatten();
        entries
            .map(|e| e.path())
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("ipclab-grade-"))
            .collect()
    };
    assert_eq!(run_dirs().len(), 1, "the killed grader left its run directory");
    let done = common::run_with_deadline(ipclab(&ledger_dir).arg("clean").env("TMPDIR", scratch.path()), DEADLINE);
    assert_eq!(done.code(), Some(0), "{}{}", done.stdout, done.stderr);
    assert!(!queue_exists(), "the queue made before the marker is left:\n{}", done.stdout);
    assert!(!mq_exists(), "the POSIX queue opened without O_EXCL is left:\n{}", done.stdout);
    assert_eq!(run_dirs(), Vec::<std::path::PathBuf>::new(), "{}", done.stdout);
}

#[test]
fn ctrl_c_during_a_run_with_cleanup_removes_what_it_created() {
    let unrelated = Unrelated::new();
    let scratch = common::ScratchDir::new("kview-interrupted");
    let ledger_dir = scratch.path().join("ledger");
    let (child, lines, stdout) = start_waiting_leak(&ledger_dir, scratch.path(), &["--cleanup"], ProcStdio::piped());
    let left = Leftovers::parse(&stdout);
    // SAFETY: a signal to the ipclab this test started.
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGINT) }, 0);
    for _ in lines {}
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("ledger: 7 objects created"), "the ledger so far is printed:\n{stderr}");
    assert_eq!(left.existing(), Vec::<&str>::new(), "{stderr}");
    assert!(unrelated.exists(), "cleanup removed a queue the run did not create");
}

#[test]
fn text_trace_shows_kernel_lines_under_the_calls() {
    let scratch = common::ScratchDir::new("kview-text");
    let mut cmd = ipclab(&scratch.path().join("ledger"));
    cmd.args(["trace", "-e", "ipc", "--"]).arg(kv("kv_msg"));
    let done = common::run_with_deadline(&mut cmd, DEADLINE);
    assert_eq!(done.code(), Some(0), "{}", done.stderr);
    let lines: Vec<&str> = done.stderr.lines().collect();
    let rcv = lines.iter().position(|l| l.contains("msgrcv(")).expect("the msgrcv line");
    assert!(
        lines[rcv + 1].starts_with("       kernel: msg queue ")
            && lines[rcv + 1].contains("(key IPC_PRIVATE, mode 0600): 1 message, 7 bytes of text"),
        "{}",
        lines[rcv + 1]
    );
    assert!(done.stderr.contains("ledger: 1 object created, none left behind"), "{}", done.stderr);
}

#[test]
fn no_kernel_hides_the_kernel_lines_and_the_ledger() {
    let scratch = common::ScratchDir::new("kview-nokernel");
    let mut cmd = ipclab(&scratch.path().join("ledger"));
    cmd.args(["trace", "--no-kernel", "-e", "ipc", "--"]).arg(kv("kv_msg"));
    let done = common::run_with_deadline(&mut cmd, DEADLINE);
    assert_eq!(done.code(), Some(0), "{}", done.stderr);
    assert!(done.stderr.contains("msgrcv("), "{}", done.stderr);
    assert!(!done.stderr.contains("kernel:") && !done.stderr.contains("ledger"), "{}", done.stderr);
}

#[test]
fn an_eventfd_shows_its_counter_after_each_write_and_read() {
    let run = trace("kv_events", &[], None);
    let counts: Vec<u64> = run
        .after("write")
        .iter()
        .chain(run.after("read").iter())
        .filter_map(|(_, k)| k.iter().find_map(|k| if let KernelEvent::Eventfd(e) = k { Some(e.count) } else { None }))
        .collect();
    assert_eq!(counts, vec![5, 8, 0]);
}

#[test]
fn an_epoll_instance_shows_its_interest_list_and_a_number_that_names_another_file() {
    let run = trace("kv_events", &[], None);
    let added = only!(run.nth_after("epoll_ctl", 1), KernelEvent::Epoll);
    let by_data = |data: u64| added.watches.iter().find(|w| w.data == data).expect("a watch of each");
    let (pipe, efd) = (by_data(0x1234), by_data(7));
    assert!(pipe.object.as_deref().is_some_and(|o| o.starts_with("pipe:[")), "{added:?}");
    assert_eq!(pipe.events, (libc::EPOLLIN | libc::EPOLLET | libc::EPOLLERR | libc::EPOLLHUP) as u32);
    assert_eq!((efd.object.as_deref(), efd.events), (Some("anon_inode:[eventfd]"), (libc::EPOLLIN | 0x18) as u32));
    assert!(added.watches.windows(2).all(|w| w[0].fd < w[1].fd), "sorted by descriptor: {added:?}");
    // After the pipe's number went to /dev/null: still watched, not named.
    let later = only!(run.nth_after("epoll_ctl", 2), KernelEvent::Epoll);
    let again: Vec<(i32, Option<&str>)> = later.watches.iter().map(|w| (w.fd, w.object.as_deref())).collect();
    let mut expected = vec![(pipe.fd, None), (efd.fd, Some("anon_inode:[eventfd]"))];
    expected.sort();
    assert_eq!(again, expected);
}

#[test]
fn a_signalfd_shows_its_mask_and_the_signals_the_thread_does_not_block() {
    let run = trace("kv_events", &[], None);
    let made = only!(run.nth_after("signalfd4", 0), KernelEvent::Signalfd);
    let bit = |s: i32| 1u64 << (s - 1);
    assert_eq!(made.mask, bit(libc::SIGUSR1) | bit(libc::SIGUSR2));
    assert_eq!(made.unblocked, bit(libc::SIGUSR2));
}

#[test]
fn a_futex_wait_on_a_segment_word_shows_the_word_at_the_call_and_after_and_the_ring() {
    use tracer::kernel::objects::{FutexReading, RingState};
    let run = trace("kv_futex", &[], None);
    let waits: Vec<_> = run
        .kernel()
        .filter_map(|(_, k)| match k {
            KernelEvent::Futex(f) if f.op == "FUTEX_WAIT" && f.at_call.is_some() => Some(f),
            _ => None,
        })
        .collect();
    let slept = waits.last().expect("a futex wait on the segment");
    assert_eq!((slept.offset, slept.private), (16, false));
    let ring = |written| Some(RingState { slots: 4, written, taken: 0 });
    assert_eq!(slept.at_call, Some(FutexReading { word: 0, ring: ring(0) }));
    assert_eq!(slept.now, Some(FutexReading { word: 1, ring: ring(1) }));
    let wake = run
        .kernel()
        .find_map(|(_, k)| match k {
            KernelEvent::Futex(f) if f.op == "FUTEX_WAKE" => Some(f),
            _ => None,
        })
        .expect("a futex wake on the segment");
    assert_eq!((wake.shmid, wake.at_call, wake.now.map(|r| r.word)), (slept.shmid, None, Some(1)));
}
