//! Signals: a thread's masks after it changes them, a process's after it
//! is sent a signal, and what the kernel will do with a signal delivered.

use syscalls::Sysno;

use super::{KernelView, nix_pid};
use crate::event::Pid;
use crate::event::kernel::{Delivery, KernelEvent, SigSet, SignalState};
use crate::proc::{process_status, thread_status};
use crate::ptrace::TaskRef;

/// What the kernel does with a signal nobody catches or ignores (signal(7)).
fn default_action(sig: i32) -> &'static str {
    match sig {
        libc::SIGCHLD | libc::SIGURG | libc::SIGWINCH => "default:ignore",
        libc::SIGCONT => "default:continue",
        libc::SIGSTOP | libc::SIGTSTP | libc::SIGTTIN | libc::SIGTTOU => "default:stop",
        libc::SIGQUIT
        | libc::SIGILL
        | libc::SIGTRAP
        | libc::SIGABRT
        | libc::SIGBUS
        | libc::SIGFPE
        | libc::SIGSEGV
        | libc::SIGSYS
        | libc::SIGXCPU
        | libc::SIGXFSZ => "default:core",
        _ => "default:terminate",
    }
}

impl KernelView {
    /// After a call of the signal family: the masks of the thread it
    /// changed, or of the process it sent a signal to.
    pub(super) fn signal_exit(&mut self, task: TaskRef, sysno: Sysno, a: &[u64; 6], out: &mut Vec<KernelEvent>) {
        match sysno {
            Sysno::rt_sigaction | Sysno::rt_sigprocmask | Sysno::rt_sigtimedwait => {
                self.signal_state(task.pid, task.tid, None, out)
            }
            Sysno::kill | Sysno::rt_sigqueueinfo if (a[0] as i32) > 0 && a[1] != 0 => {
                self.signal_state(a[0] as i32, a[0] as i32, None, out)
            }
            Sysno::tkill if (a[0] as i32) > 0 && a[1] != 0 => {
                let tid = a[0] as i32;
                let tgid = process_status(nix_pid(tid)).map(|s| s.tgid.as_raw()).unwrap_or(tid);
                self.signal_state(tgid, tid, None, out)
            }
            Sysno::tgkill | Sysno::rt_tgsigqueueinfo if a[2] != 0 => {
                self.signal_state(a[0] as i32, a[1] as i32, None, out)
            }
            _ => {}
        }
    }

    pub(super) fn signal_state(&mut self, pid: Pid, tid: Pid, delivered: Option<i32>, out: &mut Vec<KernelEvent>) {
        match thread_status(nix_pid(pid), nix_pid(tid)) {
            Ok(st) => out.push(KernelEvent::Signals(SignalState {
                process: st.tgid.as_raw(),
                thread: tid,
                delivered: delivered.map(|sig| Delivery {
                    signal: crate::decode::signal_name(sig).into_owned(),
                    action: if st.caught.contains(sig) {
                        "handler"
                    } else if st.ignored.contains(sig) {
                        "ignored"
                    } else {
                        default_action(sig)
                    },
                }),
                blocked: st.blocked,
                ignored: st.ignored,
                caught: st.caught,
                pending: SigSet(st.pending.0 | st.shared_pending.0),
            })),
            Err(e) => self.failed(e, out),
        }
    }
}
