//! Reading a stopped tracee's memory with `process_vm_readv(2)`, bounded by
//! the length the decoder asks for.
//!
//! A decoder often reads a structure piece by piece (a message's type, then
//! its text; one `sembuf` after another; argv's pointers one by one). Each
//! small read fetches a little more than asked, up to [`WINDOW`] bytes but
//! never past the end of the page holding the last byte asked for (a page
//! that is partly readable is wholly readable), and the next reads that
//! fall inside it are served without a system call. A window serves only
//! the `ProcessMemory` that fetched it, and the loop makes a new one at each
//! stop, so nothing read at a call's entry is reused at its exit.

use std::cell::{Cell, RefCell};
use std::io::IoSliceMut;

use nix::sys::uio::{RemoteIoVec, process_vm_readv};
use nix::unistd::Pid;

use crate::decode::TraceeMemory;

const PAGE: u64 = 4096;

/// The most a small read fetches ahead for the reads that follow it.
pub const WINDOW: usize = 512;

/// Bytes fetched ahead for the `ProcessMemory` numbered `owner`: `len`
/// bytes of its tracee's memory at `start`, in `data[..len]`.
struct Window {
    owner: u64,
    start: u64,
    len: usize,
    data: [u8; WINDOW],
}

thread_local! {
    /// One window per tracer thread, reused by every stop: a stop that
    /// reads nothing costs nothing, one that reads allocates nothing.
    static WINDOW_BUF: RefCell<Window> =
        const { RefCell::new(Window { owner: 0, start: 0, len: 0, data: [0; WINDOW] }) };
    /// The number of the last `ProcessMemory` made on this thread.
    static LAST_ID: Cell<u64> = const { Cell::new(0) };
}

/// The memory of one traced thread, as it is during one stop.
pub struct ProcessMemory {
    pid: Pid,
    /// Which fetches in the thread's window are this one's.
    id: u64,
}

impl ProcessMemory {
    pub fn new(tid: i32) -> Self {
        let id = LAST_ID.with(|last| {
            last.set(last.get() + 1);
            last.get()
        });
        ProcessMemory { pid: Pid::from_raw(tid), id }
    }

    /// Serves a read of at most [`WINDOW`] bytes from the window, fetching
    /// a new window first when it does not hold them; None when the bytes
    /// cannot all be read that way.
    fn read_windowed(&self, addr: u64, buf: &mut [u8]) -> Option<usize> {
        let n = buf.len();
        let end = addr.checked_add(n as u64)?;
        WINDOW_BUF.with_borrow_mut(|w| {
            let held = w.owner == self.id && addr >= w.start && end <= w.start + w.len as u64;
            if !held {
                let page_end = ((end - 1) | (PAGE - 1)).checked_add(1)?;
                let fetch = (page_end - addr).min(WINDOW as u64) as usize;
                let remote = [RemoteIoVec { base: addr as usize, len: fetch }];
                let got = process_vm_readv(self.pid, &mut [IoSliceMut::new(&mut w.data[..fetch])], &remote);
                w.owner = self.id;
                w.start = addr;
                w.len = got.unwrap_or(0);
                if w.len < n {
                    return None;
                }
            }
            let from = (addr - w.start) as usize;
            buf.copy_from_slice(&w.data[from..from + n]);
            Some(n)
        })
    }

    fn read_once(&self, addr: u64, buf: &mut [u8]) -> Option<usize> {
        let remote = [RemoteIoVec { base: addr as usize, len: buf.len() }];
        let mut local = [IoSliceMut::new(buf)];
        process_vm_readv(self.pid, &mut local, &remote).ok()
    }

    /// Reads word by word with PTRACE_PEEKDATA, for kernels or sandboxes
    /// where process_vm_readv is not allowed.
    fn read_peek(&self, addr: u64, buf: &mut [u8]) -> usize {
        let mut done = 0;
        while done < buf.len() {
            let word_addr = addr + done as u64;
            let aligned = word_addr & !7;
            let Ok(word) = nix::sys::ptrace::read(self.pid, aligned as nix::sys::ptrace::AddressType) else {
                break;
            };
            let bytes = word.to_ne_bytes();
            let skip = (word_addr - aligned) as usize;
            let n = (8 - skip).min(buf.len() - done);
            buf[done..done + n].copy_from_slice(&bytes[skip..skip + n]);
            done += n;
        }
        done
    }
}

impl TraceeMemory for ProcessMemory {
    fn read(&self, addr: u64, buf: &mut [u8]) -> usize {
        if buf.is_empty() || addr == 0 {
            return 0;
        }
        if buf.len() <= WINDOW {
            if let Some(n) = self.read_windowed(addr, buf) {
                return n;
            }
        }
        if let Some(n) = self.read_once(addr, buf) {
            return n;
        }
        // The kernel does not split one iovec: a range that runs into an
        // unmapped page fails as a whole. Read page by page to get the part
        // that is mapped.
        let mut done = 0usize;
        while done < buf.len() {
            let at = addr + done as u64;
            let len = ((PAGE - at % PAGE) as usize).min(buf.len() - done);
            match self.read_once(at, &mut buf[done..done + len]) {
                Some(n) if n > 0 => done += n,
                _ if done == 0 => return self.read_peek(addr, &mut buf[..len]),
                _ => break,
            }
        }
        done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// This thread's own memory, read as a tracee's is.
    fn own() -> ProcessMemory {
        ProcessMemory::new(nix::unistd::gettid().as_raw())
    }

    fn pattern(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i * 7 + i / 251) as u8).collect()
    }

    #[test]
    fn every_read_returns_the_bytes_at_its_address() {
        let data = pattern(3 * PAGE as usize);
        let base = data.as_ptr() as u64;
        let mem = own();
        // Reads in an order that hits, misses and straddles the window.
        for (off, len) in [(0, 8), (8, 32), (40, 6), (46, 6), (600, 8), (4090, 12), (8, 512), (100, 513), (1, 3000)] {
            let mut buf = vec![0u8; len];
            assert_eq!(mem.read(base + off as u64, &mut buf), len, "read at {off} of {len}");
            assert_eq!(buf, data[off..off + len], "read at {off} of {len}");
        }
    }

    #[test]
    fn a_read_that_runs_into_an_unreadable_page_returns_what_precedes_it() {
        let pages = crate::sys::GuardedPages::new(2, 1, 0xab);
        let base = pages.addr();
        let mem = own();
        let mut buf = [0u8; 16];
        assert_eq!(mem.read(base + PAGE - 8, &mut buf), 8);
        assert_eq!(buf[..8], [0xab; 8]);
        let mut buf = [0u8; 8];
        assert_eq!(mem.read(base + PAGE - 8, &mut buf), 8, "the last bytes of the readable page");
        assert_eq!(mem.read(base + PAGE, &mut buf), 0, "nothing from the unreadable page");
    }

    #[test]
    fn each_stop_reads_the_memory_afresh() {
        let mut data = pattern(64);
        let addr = data.as_ptr() as u64;
        let mut buf = [0u8; 4];
        assert_eq!(own().read(addr, &mut buf), 4);
        assert_eq!(buf, data[..4]);
        data[0] ^= 0xff;
        let addr = std::hint::black_box(data.as_ptr()) as u64;
        assert_eq!(own().read(addr, &mut buf), 4);
        assert_eq!(buf, data[..4], "a new ProcessMemory must not see the old bytes");
    }
}
