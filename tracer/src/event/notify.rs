//! What the kernel view reports of the objects processes wait and wake
//! through, rather than move bytes through: an eventfd's counter, an epoll
//! instance's interest list and a signalfd's mask (read from
//! /proc/PID/fdinfo), and a futex word in a shared memory segment, with the
//! ring a segment may hold ([`RingState`]).
//!
//! Plain data, like the rest of [`super::kernel`]: the kernel view fills it
//! in, the renderers put it into words and JSON, graders read the numbers.

use serde::{Serialize, Serializer};

use super::Pid;
use crate::decode::names::signal_name;
use crate::decode::{EPOLL_EVENTS, Value};
use crate::i18n::Lang;
use crate::tr;

/// An eventfd (eventfd(2)): a 64-bit counter in the kernel. A `write` adds
/// to it; a `read` returns it and sets it to 0 (or, in semaphore mode,
/// returns 1 and subtracts 1), and blocks while it is 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventfdState {
    /// The process and descriptor it was read through.
    pub pid: Pid,
    pub fd: i32,
    /// The counter (`eventfd-count`, hexadecimal in fdinfo).
    pub count: u64,
    /// Made with `EFD_SEMAPHORE` (`eventfd-semaphore: 1`).
    pub semaphore: bool,
}

/// One descriptor an epoll instance watches: a line `tfd: ... events: ...`
/// of the epoll descriptor's fdinfo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EpollWatchState {
    /// The descriptor number it was added under (`tfd`), in the process
    /// that called `epoll_ctl`.
    pub fd: i32,
    /// What that number refers to now in the epoll descriptor's process
    /// (`pipe:[48213]`), when it is still the same file (same inode).
    pub object: Option<String>,
    /// The events asked for (`EPOLLIN|EPOLLET`); the kernel adds
    /// `EPOLLERR|EPOLLHUP` to every watch, asked for or not.
    #[serde(serialize_with = "epoll_names")]
    pub events: u32,
    /// The `data` the caller gave, which `epoll_wait` hands back.
    pub data: u64,
}

/// An epoll instance and its interest list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EpollState {
    pub pid: Pid,
    pub fd: i32,
    /// In the order fdinfo lists them (by file, then descriptor number).
    pub watches: Vec<EpollWatchState>,
}

/// A signalfd (signalfd(2)): the signals it reads, and what the process
/// does with them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignalfdState {
    pub pid: Pid,
    pub fd: i32,
    /// The signals it accepts (`sigmask`, hexadecimal in fdinfo), a bit per
    /// signal as in a `SigSet` (bit N-1 is signal N).
    #[serde(serialize_with = "sig_names")]
    pub mask: u64,
    /// Of those, the ones the thread that made the call does not block: they
    /// are delivered as signals (their handler or default action) instead
    /// of waiting to be read here.
    #[serde(serialize_with = "sig_names")]
    pub unblocked: u64,
    /// The signals pending for the process or the thread: a `read` returns
    /// those of them it accepts.
    #[serde(serialize_with = "sig_names")]
    pub pending: u64,
}

/// A ring of slots at the start of a shared memory segment, as its header
/// says: `ipc-ring` (8 bytes), then the number of slots, the size of a slot,
/// and two counters that only grow, each a 32-bit word in the machine's
/// byte order: how many items were written and how many taken. ipclab's
/// lab 10 lays its ring out so; the view shows any segment that starts so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RingState {
    pub slots: u32,
    /// Items put in (the producer's counter; `written % slots` is the next slot to fill).
    pub written: u32,
    /// Items taken out (the consumer's counter; `taken % slots` is the next slot to empty).
    pub taken: u32,
}

impl RingState {
    /// Items in the ring: `written - taken`, as the counters wrap at 2^32.
    /// More than `slots` means the producer wrote over items not yet
    /// taken; a negative fill (a huge one here) that the consumer took
    /// slots never filled: see [`RingState::overrun`].
    pub fn fill(&self) -> u32 {
        self.written.wrapping_sub(self.taken)
    }

    /// What is wrong with the counters, if anything: the producer is more
    /// than `slots` ahead, or the consumer ahead of the producer.
    pub fn overrun(&self) -> Option<Overrun> {
        let ahead = self.taken.wrapping_sub(self.written);
        if self.fill() <= self.slots {
            None
        } else if ahead <= self.slots.max(1 << 16) {
            Some(Overrun::ConsumerAhead(ahead))
        } else {
            Some(Overrun::ProducerAhead(self.fill()))
        }
    }

    /// `ring of 4 slots: 2 full (9 written, 7 taken)`, in `lang`: the
    /// words live with the data, as the hang report's facts do, so the
    /// event model needs no renderer to say them.
    pub fn describe(&self, lang: Lang) -> String {
        tr!(lang, "ring", slots = self.slots, fill = self.describe_fill(lang))
    }

    /// `2 full (9 written, 7 taken)`, or what went wrong.
    pub fn describe_fill(&self, lang: Lang) -> String {
        let counters = tr!(lang, "ring-counters", written = self.written, taken = self.taken);
        match self.overrun() {
            Some(Overrun::ProducerAhead(n)) => tr!(lang, "ring-producer-ahead", items = n, counters = counters),
            Some(Overrun::ConsumerAhead(n)) => tr!(lang, "ring-consumer-ahead", items = n, counters = counters),
            None => match self.fill() {
                0 => tr!(lang, "ring-empty", counters = counters),
                n if n == self.slots => tr!(lang, "ring-full", counters = counters),
                n => tr!(lang, "ring-filled", items = n, counters = counters),
            },
        }
    }
}

/// A ring whose counters no correct producer and consumer can reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overrun {
    /// This many items are "in" a ring of fewer slots: the producer wrote
    /// over slots the consumer had not taken yet.
    ProducerAhead(u32),
    /// The consumer took this many more items than were written.
    ConsumerAhead(u32),
}

/// What a futex word and the ring of its segment held at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FutexReading {
    /// The 32-bit word at the futex's address.
    pub word: u32,
    /// The ring at the start of the segment, if it starts with a ring header.
    pub ring: Option<RingState>,
}

/// A futex call on a word in a System V shared memory segment: which word,
/// and what it (and the segment's ring) held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FutexState {
    /// The address, as the caller sees it.
    #[serde(serialize_with = "hex")]
    pub addr: u64,
    /// The segment the address is in, and where in it.
    pub shmid: i32,
    pub offset: u64,
    /// The operation without its flags: `FUTEX_WAIT`, `FUTEX_WAKE`...
    pub op: &'static str,
    /// Without `FUTEX_PRIVATE_FLAG`, any process mapping the page is found;
    /// with it, only threads of the caller's own process.
    pub private: bool,
    /// For a wait: what the word held when the call was made (what it went
    /// to sleep on). None for a wake.
    pub at_call: Option<FutexReading>,
    /// What the word held when the call returned.
    pub now: Option<FutexReading>,
}

fn epoll_names<S: Serializer>(events: &u32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&epoll_events(*events))
}

/// Epoll event bits by name: `EPOLLIN|EPOLLET`.
pub fn epoll_events(events: u32) -> String {
    Value::Flags(EPOLL_EVENTS.decode(u64::from(events))).to_string()
}

/// The names of the signals in a mask, as `SigSet::names` gives them
/// (this module stays apart from `kernel.rs`, which uses it).
fn sig_names<S: Serializer>(mask: &u64, s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq((1..=64).filter(|n| mask & (1u64 << (n - 1)) != 0).map(signal_name))
}

fn hex<S: Serializer>(v: &u64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format!("{v:#x}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(slots: u32, written: u32, taken: u32) -> RingState {
        RingState { slots, written, taken }
    }

    #[test]
    fn a_ring_is_full_empty_or_in_between_and_its_counters_wrap() {
        assert_eq!(ring(4, 7, 3).fill(), 4);
        assert_eq!(ring(4, 3, 3).fill(), 0);
        assert_eq!(ring(4, 1, u32::MAX).fill(), 2);
        assert_eq!(ring(4, 7, 3).overrun(), None);
    }

    #[test]
    fn a_ring_fuller_than_its_slots_or_emptier_than_empty_is_an_overrun() {
        assert_eq!(ring(4, 9, 3).overrun(), Some(Overrun::ProducerAhead(6)));
        assert_eq!(ring(4, 3, 5).overrun(), Some(Overrun::ConsumerAhead(2)));
    }

    #[test]
    fn epoll_events_serialise_as_their_names() {
        let w = EpollWatchState { fd: 3, object: None, events: (libc::EPOLLIN | libc::EPOLLET) as u32 | 0x18, data: 3 };
        let json = serde_json::to_string(&w).unwrap();
        assert!(json.contains(r#""events":"EPOLLIN|EPOLLERR|EPOLLHUP|EPOLLET""#), "{json}");
    }
}
