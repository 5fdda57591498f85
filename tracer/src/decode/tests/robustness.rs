//! The decoders against input a hostile tracee may pass: structures at the
//! top of the address space, counts that lie. (Arbitrary input, with the
//! JSON renderer, is tracer/tests/decode_robustness.rs.)

use super::*;

#[test]
fn structures_at_the_top_of_the_address_space_decode_without_overflow() {
    let top = u64::MAX - 7;
    let mem = FakeMemory::new().with(top, 1u64.to_ne_bytes());
    // The text would start past the end of the address space.
    let sc = call("msgsnd", [1, top, 100, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), "1, {mtype=1, mtext=NULL}, 100, 0");
    let sc = call("execve", [0, 0, top, 0, 0, 0], &mem, Some(-14));
    // Its one entry is followed by memory that cannot be read: no NULL.
    assert_eq!(args_text(&sc), format!("NULL, NULL, {top:#x} /* 1 var, unterminated */"));
}

#[test]
fn absurd_counts_read_no_more_than_the_array_limit() {
    let fds = vec![0u8; 8 * 100];
    let mem = FakeMemory::new().with(0x1000, fds);
    let sc = call("ppoll", [0x1000, u64::MAX, 0, 0, 8, 0], &mem, None);
    match sc.arg("fds") {
        Some(Value::Array { items, more: true }) => assert_eq!(items.len(), mem::ARRAY_LIMIT),
        other => panic!("expected {} entries and more, got {other:?}", mem::ARRAY_LIMIT),
    }
}
