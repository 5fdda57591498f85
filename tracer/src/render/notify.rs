//! The `kernel:` lines of eventfds, epoll instances, signalfds and futex
//! words, and the ring a segment holds: pure functions of the events.
//! (`kernel.rs` calls these; signal sets are written with `SigSet`'s own
//! `Display`, names joined by `|`.)

use std::fmt::Write as _;

use crate::event::kernel::{
    EpollState, EventfdState, FutexState, KernelEvent, RingState, ShmContents, SigSet, SignalfdState,
};
use crate::event::notify::epoll_events;
use crate::i18n::Lang;
use crate::tr;

/// `eventfd 5 of 1203: counter 3`.
pub fn eventfd(e: &EventfdState) -> String {
    eventfd_in(e, Lang::En)
}

/// [`eventfd`] in `lang`.
pub fn eventfd_in(e: &EventfdState, lang: Lang) -> String {
    let mode = if e.semaphore { format!(" {}", tr!(lang, "kernel-eventfd-semaphore")) } else { String::new() };
    format!("eventfd {} of {}{mode}: {}", e.fd, e.pid, tr!(lang, "kernel-eventfd-counter", count = e.count))
}

/// `epoll 4 of 1203 watches fd 3 pipe:[48213] (EPOLLIN|EPOLLERR|EPOLLHUP|EPOLLET), ...`.
pub fn epoll(e: &EpollState) -> String {
    epoll_in(e, Lang::En)
}

/// [`epoll`] in `lang`.
pub fn epoll_in(e: &EpollState, lang: Lang) -> String {
    let mut list = String::new();
    for (i, w) in e.watches.iter().enumerate() {
        if i > 0 {
            list.push_str(", ");
        }
        let _ = write!(list, "fd {}", w.fd);
        if let Some(o) = &w.object {
            let _ = write!(list, " {o}");
        }
        let _ = write!(list, " ({})", epoll_events(w.events));
    }
    let watched = if e.watches.is_empty() { tr!(lang, "kernel-epoll-nothing") } else { list };
    format!("epoll {} of {} {}", e.fd, e.pid, tr!(lang, "kernel-epoll-watches", watched = watched))
}

/// `signalfd 6 of 1203 reads SIGCHLD; pending -` (and the signals it
/// cannot read because the process does not block them).
pub fn signalfd(f: &SignalfdState) -> String {
    signalfd_in(f, Lang::En)
}

/// [`signalfd`] in `lang`.
pub fn signalfd_in(f: &SignalfdState, lang: Lang) -> String {
    let mut s = format!(
        "signalfd {} of {} {}",
        f.fd,
        f.pid,
        tr!(lang, "kernel-signalfd-reads", mask = SigSet(f.mask).to_string())
    );
    if f.unblocked != 0 {
        let _ = write!(
            s,
            "; {}",
            tr!(lang, "kernel-signalfd-not-blocked", pid = f.pid, signals = SigSet(f.unblocked).to_string())
        );
    }
    let pending = SigSet(f.pending & f.mask);
    let _ = write!(s, "; {}", tr!(lang, "kernel-signalfd-pending", signals = pending.to_string()));
    s
}

/// The `kernel:` line of an eventfd, an epoll instance, a signalfd or a
/// futex word (empty for the other kinds, which `kernel.rs` writes).
pub fn line(event: &KernelEvent) -> String {
    line_in(event, Lang::En)
}

/// [`line`] in `lang`.
pub fn line_in(event: &KernelEvent, lang: Lang) -> String {
    match event {
        KernelEvent::Eventfd(e) => eventfd_in(e, lang),
        KernelEvent::Epoll(e) => epoll_in(e, lang),
        KernelEvent::Signalfd(f) => signalfd_in(f, lang),
        KernelEvent::Futex(f) => futex_in(f, lang),
        _ => String::new(),
    }
}

/// `; ring of 4 slots: ...` when a segment's bytes start with a ring
/// header, else nothing: what follows its `holds` part.
pub fn ring_of(c: &ShmContents) -> String {
    ring_of_in(c, Lang::En)
}

/// [`ring_of`] in `lang`.
pub fn ring_of_in(c: &ShmContents, lang: Lang) -> String {
    c.ring.as_ref().map(|r| format!("; {}", ring_in(r, lang))).unwrap_or_default()
}

/// `ring of 4 slots: 2 full (9 written, 7 taken)`.
pub fn ring(r: &RingState) -> String {
    ring_in(r, Lang::En)
}

/// [`ring`] in `lang` ([`RingState::describe`]).
pub fn ring_in(r: &RingState, lang: Lang) -> String {
    r.describe(lang)
}

/// `futex word at shm 753686+0x10 held 3 when it called FUTEX_WAIT, and
/// holds 4 now; the ring of 4 slots was empty (3 written, 3 taken), now 1
/// full (4 written, 3 taken)`.
pub fn futex(f: &FutexState) -> String {
    futex_in(f, Lang::En)
}

/// [`futex`] in `lang`.
pub fn futex_in(f: &FutexState, lang: Lang) -> String {
    let mut s = format!("futex word at shm {}+{:#x} ", f.shmid, f.offset);
    let was_ring = |a: &RingState| tr!(lang, "kernel-futex-ring-was", slots = a.slots, was = a.describe_fill(lang));
    let rings = match (&f.at_call, &f.now) {
        (Some(was), Some(now)) => {
            s.push_str(&tr!(lang, "kernel-futex-held-holds", was = was.word, op = f.op, now = now.word));
            match (&was.ring, &now.ring) {
                (Some(a), Some(b)) => Some(tr!(
                    lang,
                    "kernel-futex-ring-was-now",
                    slots = a.slots,
                    was = a.describe_fill(lang),
                    now = b.describe_fill(lang)
                )),
                (Some(a), None) => Some(was_ring(a)),
                (None, Some(b)) => Some(tr!(lang, "kernel-futex-ring", ring = ring_in(b, lang))),
                (None, None) => None,
            }
        }
        (Some(was), None) => {
            s.push_str(&tr!(lang, "kernel-futex-held", was = was.word, op = f.op));
            was.ring.as_ref().map(was_ring)
        }
        (None, Some(now)) => {
            s.push_str(&tr!(lang, "kernel-futex-holds-after", now = now.word, op = f.op));
            now.ring.as_ref().map(|b| tr!(lang, "kernel-futex-ring", ring = ring_in(b, lang)))
        }
        (None, None) => {
            s.push_str(&tr!(lang, "kernel-futex-unreadable", op = f.op));
            None
        }
    };
    if let Some(r) = rings {
        let _ = write!(s, "; {r}");
    }
    if f.private {
        let _ = write!(s, "; {}", tr!(lang, "kernel-futex-private"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::kernel::{EpollWatchState, FutexReading};

    #[test]
    fn an_eventfd_line_gives_its_counter() {
        let e = EventfdState { pid: 1203, fd: 5, count: 3, semaphore: false };
        assert_eq!(eventfd(&e), "eventfd 5 of 1203: counter 3");
        let sem = EventfdState { semaphore: true, ..e };
        assert_eq!(eventfd(&sem), "eventfd 5 of 1203 (EFD_SEMAPHORE: a read takes 1): counter 3");
    }

    #[test]
    fn an_epoll_line_lists_what_it_watches_with_the_events_the_kernel_keeps() {
        let w = |fd, object: Option<&str>, events| EpollWatchState {
            fd,
            object: object.map(String::from),
            events,
            data: fd as u64,
        };
        let e =
            EpollState { pid: 1203, fd: 4, watches: vec![w(3, Some("pipe:[48213]"), 0x8000_0019), w(5, None, 0x19)] };
        assert_eq!(
            epoll(&e),
            "epoll 4 of 1203 watches fd 3 pipe:[48213] (EPOLLIN|EPOLLERR|EPOLLHUP|EPOLLET), fd 5 (EPOLLIN|EPOLLERR|EPOLLHUP)"
        );
        assert_eq!(epoll(&EpollState { watches: vec![], ..e }), "epoll 4 of 1203 watches nothing");
    }

    #[test]
    fn a_signalfd_line_warns_of_signals_the_process_does_not_block() {
        let chld = 1 << (libc::SIGCHLD - 1);
        let f = SignalfdState { pid: 1203, fd: 6, mask: chld, unblocked: 0, pending: chld };
        assert_eq!(signalfd(&f), "signalfd 6 of 1203 reads SIGCHLD; pending SIGCHLD");
        let open = SignalfdState { unblocked: chld, pending: 0, ..f };
        assert!(signalfd(&open).contains("not blocked in 1203: SIGCHLD (delivered as a signal"), "{}", signalfd(&open));
    }

    #[test]
    fn a_ring_says_how_full_it_is_or_what_went_wrong() {
        let r = |w, t| ring(&RingState { slots: 4, written: w, taken: t });
        assert_eq!(r(9, 7), "ring of 4 slots: 2 full (9 written, 7 taken)");
        assert_eq!(r(9, 5), "ring of 4 slots: full (9 written, 5 taken)");
        assert_eq!(r(5, 5), "ring of 4 slots: empty (5 written, 5 taken)");
        assert!(r(12, 5).contains("7 items in it (12 written, 5 taken): the producer wrote over"), "{}", r(12, 5));
        assert!(r(5, 7).contains("the consumer took 2 more than were written"), "{}", r(5, 7));
    }

    #[test]
    fn a_futex_line_shows_the_word_at_the_call_and_now() {
        let g = RingState { slots: 4, written: 3, taken: 3 };
        let f = FutexState {
            addr: 0x7f00_0000_0010,
            shmid: 7,
            offset: 0x10,
            op: "FUTEX_WAIT",
            private: false,
            at_call: Some(FutexReading { word: 3, ring: Some(g) }),
            now: Some(FutexReading { word: 4, ring: Some(RingState { written: 4, ..g }) }),
        };
        assert_eq!(
            futex(&f),
            "futex word at shm 7+0x10 held 3 when it called FUTEX_WAIT, and holds 4 now; \
             the ring of 4 slots was empty (3 written, 3 taken), now 1 full (4 written, 3 taken)"
        );
        let wake = FutexState { op: "FUTEX_WAKE", at_call: None, private: true, ..f };
        assert!(
            futex(&wake).starts_with(
                "futex word at shm 7+0x10 holds 4 after FUTEX_WAKE; the ring of 4 slots: 1 full (4 written, 3 taken)"
            ),
            "{}",
            futex(&wake)
        );
        assert!(futex(&wake).contains("FUTEX_PRIVATE_FLAG"));
    }
}
