//! Futex calls on a word in a System V shared memory segment: which
//! segment and where in it, what the word held when a wait was called (what
//! it went to sleep on) and when the call returned, and how full the ring
//! at the start of the segment was each time, if it holds one
//! ([`crate::proc::ring`]).
//!
//! Futexes elsewhere (a thread's own mutexes) are left alone: only a word
//! in a segment the run shares is shown. Finding the segment takes the
//! caller's /proc/PID/maps, kept per process while no call may have changed
//! its mappings (without a filter: with `-e` the calls that map and unmap
//! may be hidden, so it is read each time).

use std::borrow::Cow;

use syscalls::Sysno;

use super::dispatch::Before;
use super::{KernelView, nix_pid};
use crate::decode::Syscall;
use crate::event::Pid;
use crate::event::kernel::{FutexReading, FutexState, KernelEvent};
use crate::proc::{RING_HEADER_LEN, ShmMapping, parse_ring, parse_shm_mappings, read_memory};
use crate::ptrace::TaskRef;

/// What a futex operation does, by its command (futex(2)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Wait,
    Wake,
}

/// The command of a futex `op` (without FUTEX_PRIVATE_FLAG and
/// FUTEX_CLOCK_REALTIME), its name and what it does; None for the commands
/// the view does not show (PI locks, requeue to PI, FUTEX_FD).
fn command(op: u64) -> Option<(&'static str, Kind)> {
    let cmd = op as i32 & !(libc::FUTEX_PRIVATE_FLAG | libc::FUTEX_CLOCK_REALTIME);
    Some(match cmd {
        libc::FUTEX_WAIT => ("FUTEX_WAIT", Kind::Wait),
        libc::FUTEX_WAIT_BITSET => ("FUTEX_WAIT_BITSET", Kind::Wait),
        libc::FUTEX_WAKE => ("FUTEX_WAKE", Kind::Wake),
        libc::FUTEX_WAKE_BITSET => ("FUTEX_WAKE_BITSET", Kind::Wake),
        libc::FUTEX_REQUEUE => ("FUTEX_REQUEUE", Kind::Wake),
        libc::FUTEX_CMP_REQUEUE => ("FUTEX_CMP_REQUEUE", Kind::Wake),
        libc::FUTEX_WAKE_OP => ("FUTEX_WAKE_OP", Kind::Wake),
        _ => return None,
    })
}

/// The segment mapping that holds the 4 bytes at `addr`.
fn mapping_at(maps: &[ShmMapping], addr: u64) -> Option<ShmMapping> {
    maps.iter().find(|m| m.start <= addr && addr.saturating_add(4) <= m.end).copied()
}

impl KernelView {
    /// The segments `pid` has attached, from its maps (kept while valid,
    /// and then lent, not copied: a semaphore operation looks at them).
    pub(super) fn shm_maps_of(&mut self, pid: Pid) -> Cow<'_, [ShmMapping]> {
        if !self.shm_maps.contains_key(&pid) {
            let text = std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap_or_default();
            let maps = parse_shm_mappings(&text).unwrap_or_default();
            if self.shown.is_some() {
                return Cow::Owned(maps);
            }
            self.shm_maps.insert(pid, maps);
        }
        Cow::Borrowed(&self.shm_maps[&pid])
    }

    /// A call of `pid` may have changed its mappings: forget what was kept.
    pub(super) fn mappings_changed(&mut self, pid: Pid, sysno: Sysno) {
        if matches!(
            sysno,
            Sysno::shmat | Sysno::shmdt | Sysno::mmap | Sysno::munmap | Sysno::mremap | Sysno::execve | Sysno::execveat
        ) {
            self.shm_maps.remove(&pid);
        }
    }

    /// The word at `addr` and the ring of its segment, read now.
    fn futex_reading(&mut self, task: TaskRef, addr: u64) -> Option<(ShmMapping, Option<FutexReading>)> {
        let m = mapping_at(&self.shm_maps_of(task.pid), addr)?;
        let pid = nix_pid(task.pid);
        let word = read_memory(pid, addr, 4).ok().and_then(|b| Some(u32::from_ne_bytes(b.try_into().ok()?)));
        let ring = read_memory(pid, m.start, RING_HEADER_LEN).ok().and_then(|b| parse_ring(&b));
        Some((m, word.map(|word| FutexReading { word, ring })))
    }

    /// At a futex wait's entry on a word in a segment: what it goes to sleep on.
    pub(super) fn futex_entry(&mut self, task: TaskRef, a: &[u64; 6]) -> Option<Before> {
        if !self.any_shm || command(a[1]).is_none_or(|(_, k)| k != Kind::Wait) {
            return None;
        }
        let (_, reading) = self.futex_reading(task, a[0])?;
        Some(Before::FutexWait { addr: a[0], reading })
    }

    /// After a futex call (whatever it returned: a wait that finds the word
    /// changed fails with EAGAIN, and that is worth seeing) on a word in a
    /// segment: the word and the ring now, and for a wait at its call.
    pub(super) fn futex_exit(
        &mut self,
        task: TaskRef,
        call: &Syscall,
        before: Option<Before>,
        out: &mut Vec<KernelEvent>,
    ) {
        let a = call.raw.args;
        if !self.any_shm {
            return;
        }
        let Some((op, kind)) = command(a[1]) else { return };
        let Some((m, now)) = self.futex_reading(task, a[0]) else { return };
        let at_call = match before {
            Some(Before::FutexWait { addr, reading }) if addr == a[0] && kind == Kind::Wait => reading,
            _ => None,
        };
        out.push(KernelEvent::Futex(FutexState {
            addr: a[0],
            shmid: m.shmid,
            offset: a[0] - m.start,
            op,
            private: a[1] as i32 & libc::FUTEX_PRIVATE_FLAG != 0,
            at_call,
            now,
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proc::IpcKey;

    #[test]
    fn futex_commands_are_named_without_their_flags() {
        let op = (libc::FUTEX_WAIT_BITSET | libc::FUTEX_CLOCK_REALTIME) as u64;
        assert_eq!(command(op), Some(("FUTEX_WAIT_BITSET", Kind::Wait)));
        assert_eq!(command((libc::FUTEX_WAKE | libc::FUTEX_PRIVATE_FLAG) as u64), Some(("FUTEX_WAKE", Kind::Wake)));
        assert_eq!(command(libc::FUTEX_LOCK_PI as u64), None);
    }

    #[test]
    fn a_word_is_in_a_segment_only_if_all_four_bytes_are() {
        let m = ShmMapping { start: 0x1000, end: 0x2000, key: IpcKey(0), shmid: 7, writable: true };
        assert_eq!(mapping_at(&[m], 0x1010).map(|m| m.shmid), Some(7));
        assert_eq!(mapping_at(&[m], 0x1ffc).map(|m| m.shmid), Some(7));
        assert_eq!(mapping_at(&[m], 0x1ffe), None);
        assert_eq!(mapping_at(&[m], 0x0ffc), None);
    }
}
