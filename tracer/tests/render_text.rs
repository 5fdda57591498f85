//! The text renderer on synthetic events: the line a call gets, and how a
//! call interrupted by another process's line is shown unfinished, then
//! resumed, as strace does.

use std::time::Duration;

use tracer::decode::{DecodeOptions, FakeMemory, RawSyscall, decode_entry, decode_exit};
use tracer::event::{Event, EventKind, Exit, Sink};
use tracer::render::TextRenderer;

fn nr(name: &str) -> u64 {
    name.parse::<syscalls::Sysno>().unwrap() as u64
}

fn event(pid: i32, kind: EventKind) -> Event {
    Event { time: Duration::ZERO, pid, tid: pid, kind }
}

fn render(f: impl FnOnce(&mut TextRenderer<Vec<u8>>)) -> String {
    let mut r = TextRenderer::new(Vec::new(), false, false);
    f(&mut r);
    String::from_utf8(r.into_inner()).unwrap()
}

#[test]
fn a_call_with_nothing_between_entry_and_exit_is_one_line() {
    let mem = FakeMemory::new().with(0x1000, *b"hi");
    let opts = DecodeOptions::default();
    let text = render(|r| {
        let mut call = decode_entry(RawSyscall::new(nr("write"), [1, 0x1000, 2, 0, 0, 0]), &mem, &opts);
        r.enter(7, 7, &call);
        decode_exit(&mut call, 2, &mem, &opts);
        r.event(&event(7, EventKind::Syscall(call)));
    });
    assert_eq!(text, "     7 write(1, \"hi\", 2) = 2\n");
}

#[test]
fn a_blocked_call_is_shown_unfinished_then_resumed() {
    let mem = FakeMemory::new().with(0x1000, *b"hello").with(0x2000, *b"hello");
    let opts = DecodeOptions::default();
    let text = render(|r| {
        let mut read = decode_entry(RawSyscall::new(nr("read"), [3, 0x2000, 64, 0, 0, 0]), &mem, &opts);
        r.enter(8, 8, &read);
        // The tracer idles while the reader blocks: the head is written.
        r.idle();
        let mut write = decode_entry(RawSyscall::new(nr("write"), [4, 0x1000, 5, 0, 0, 0]), &mem, &opts);
        r.enter(7, 7, &write);
        decode_exit(&mut write, 5, &mem, &opts);
        r.event(&event(7, EventKind::Syscall(write)));
        decode_exit(&mut read, 5, &mem, &opts);
        r.event(&event(8, EventKind::Syscall(read)));
        r.event(&event(8, EventKind::Exit(Exit::Code(0))));
    });
    assert_eq!(
        text,
        "     8 read(3,  <unfinished ...>\n     7 write(4, \"hello\", 5) = 5\n     8 <... read resumed>\"hello\", 64) = 5\n     8 +++ exited with 0 +++\n"
    );
}

#[test]
fn errors_and_calls_that_never_return_read_like_strace() {
    let mem = FakeMemory::new();
    let opts = DecodeOptions::default();
    let text = render(|r| {
        let mut rcv = decode_entry(RawSyscall::new(nr("msgrcv"), [5, 0x3000, 64, 0, 0o4000, 0]), &mem, &opts);
        r.enter(9, 9, &rcv);
        decode_exit(&mut rcv, -42, &mem, &opts);
        r.event(&event(9, EventKind::Syscall(rcv)));
        let exit = decode_entry(RawSyscall::new(nr("exit_group"), [1, 0, 0, 0, 0, 0]), &mem, &opts);
        r.enter(9, 9, &exit);
        r.event(&event(9, EventKind::Syscall(exit)));
        r.event(&event(9, EventKind::Exit(Exit::Signal { signal: libc::SIGPIPE, core_dumped: false })));
    });
    assert_eq!(
        text,
        "     9 msgrcv(5, 0x3000, 64, 0, IPC_NOWAIT) = -1 ENOMSG (No message of desired type)\n     9 exit_group(1) = ?\n     9 +++ killed by SIGPIPE +++\n"
    );
}

#[test]
fn shm_contents_show_text_then_zeros() {
    use tracer::event::kernel::ShmContents;
    let c = ShmContents { data: b"hello\0\0\0".to_vec(), read: 8, size: 4096, ring: None };
    assert_eq!(tracer::render::kernel::contents(&c), "\"hello\" then zeros (8 of 4096 bytes read)");
}

#[test]
fn a_segment_that_holds_a_ring_says_how_full_it_is_after_what_it_holds() {
    use tracer::event::kernel::{KernelEvent, RingState, ShmContents, ShmState};
    let mut data = b"ipc-ring".to_vec();
    data.resize(64, 0);
    let ring = Some(RingState { slots: 4, written: 9, taken: 7 });
    let m = ShmState {
        shmid: 5,
        key: 0,
        mode: 0o600,
        size: 4096,
        attached: 0,
        creator: 1203,
        last_pid: Some(1203),
        removed: false,
        attach: None,
        contents: Some(ShmContents { data, read: 64, size: 4096, ring }),
        detaching: vec![],
    };
    let line = tracer::render::kernel::kernel_line(&KernelEvent::Shm(m));
    assert!(line.ends_with("(64 of 4096 bytes read); ring of 4 slots: 2 full (9 written, 7 taken)"), "{line}");
}
