//! Reading a stopped tracee's memory with `process_vm_readv(2)`: one system
//! call per read, bounded by the length the decoder asks for.

use std::io::IoSliceMut;

use nix::sys::uio::{RemoteIoVec, process_vm_readv};
use nix::unistd::Pid;

use crate::decode::TraceeMemory;

const PAGE: u64 = 4096;

/// The memory of one traced thread.
pub struct ProcessMemory {
    pid: Pid,
}

impl ProcessMemory {
    pub fn new(tid: i32) -> Self {
        ProcessMemory { pid: Pid::from_raw(tid) }
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
