//! The ring a shared memory segment may hold, read from the segment's first
//! bytes: a header of `ipc-ring` (8 bytes), the number of slots, the size of
//! a slot, and two 32-bit counters that only grow, the items written and the
//! items taken (each in the machine's byte order). ipclab's lab 10 lays its
//! bounded buffer out so, which lets the kernel view say how full the ring
//! is wherever it reads the segment (before a detach, at an exit, at a futex
//! call on a word in it).
//!
//! A producer and a consumer change the counters while the bytes are read,
//! so one reading may mix an older value of one counter with a newer value
//! of the other: what it shows is true of the two words as read, a moment
//! apart at most.

use crate::event::kernel::RingState;

/// The first bytes of a segment that holds a ring.
pub const RING_MAGIC: &[u8; 8] = b"ipc-ring";

/// How many bytes the header takes: magic, slots, slot size, written, taken.
pub const RING_HEADER_LEN: usize = 24;

/// The ring a segment's first bytes describe, or None when they do not
/// start with a ring header (or name no slots).
pub fn parse_ring(bytes: &[u8]) -> Option<RingState> {
    if bytes.len() < RING_HEADER_LEN || &bytes[..8] != RING_MAGIC {
        return None;
    }
    let word = |at: usize| u32::from_ne_bytes(bytes[at..at + 4].try_into().expect("four bytes"));
    let slots = word(8);
    (slots > 0).then(|| RingState { slots, written: word(16), taken: word(20) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(slots: u32, written: u32, taken: u32) -> Vec<u8> {
        let mut b = RING_MAGIC.to_vec();
        for w in [slots, 8, written, taken] {
            b.extend_from_slice(&w.to_ne_bytes());
        }
        b.extend_from_slice(&[0xaa; 40]);
        b
    }

    #[test]
    fn a_ring_header_gives_its_slots_and_counters() {
        assert_eq!(parse_ring(&header(4, 9, 5)), Some(RingState { slots: 4, written: 9, taken: 5 }));
    }

    #[test]
    fn bytes_without_the_magic_or_too_short_or_with_no_slots_are_no_ring() {
        let mut other = header(4, 9, 5);
        other[0] = b'x';
        assert_eq!(parse_ring(&other), None);
        assert_eq!(parse_ring(&header(4, 9, 5)[..20]), None);
        assert_eq!(parse_ring(&header(0, 9, 5)), None);
        assert_eq!(parse_ring(&[0; 64]), None);
    }
}
