//! The corpus: every program of tests/progs with the arguments the tests run
//! it with, how it must end, and what a tracer must record for it. The table
//! is checked against strace by tests/corpus.rs; the same entries serve to
//! check ipclab's own tracer.

use std::collections::BTreeMap;

use super::strace::{Call, collapse_restarts, per_process};

/// How a program run ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Exits with this code.
    Exit(i32),
    /// Killed by this signal.
    Signal(i32),
    /// Never ends by itself: must be run with a deadline and killed.
    Hang,
}

/// How many times a call must appear in a task's sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    Exactly(usize),
    AtLeast(usize),
}

/// One run of one program of the corpus.
#[derive(Debug)]
pub struct Prog {
    /// Unique name of this run (a program may be run in several modes).
    pub id: &'static str,
    /// The program: tests/progs/SOURCE.c.
    pub source: &'static str,
    pub args: &'static [&'static str],
    pub ending: Ending,
    /// How many tasks (processes and threads, the program included) it makes.
    pub tasks: usize,
    /// (task, call, count): task names as given by `per_process` ("0" the
    /// program, "0.1" its first child...), counted after
    /// `collapse_restarts`. Calls the dynamic loader also makes (openat,
    /// read, close, mmap...) are given as `AtLeast`.
    pub calls: &'static [(&'static str, &'static str, Count)],
    /// (task, call, errno): the task has a call of that name failing so.
    pub errors: &'static [(&'static str, &'static str, &'static str)],
    /// Calls whose presence or count may differ from run to run (races the
    /// program cannot avoid); `comparable` leaves them out.
    pub racy: &'static [&'static str],
}

/// hang_pipe once it is stuck: the parent in wait4, the child in its
/// second read (its first got "hello"; the parent wrote before waiting).
pub const HANG_PIPE_BLOCKED: &[&[i64]] = &[&[libc::SYS_wait4], &[libc::SYS_read]];

impl Prog {
    /// The calls a program that hangs is stuck in, one set per process (the
    /// first the program's own): it is interrupted once /proc shows them
    /// all asleep there, not after a time a loaded machine might need.
    pub fn blocked_in(&self) -> &'static [&'static [i64]] {
        match self.id {
            "hang_pipe" => HANG_PIPE_BLOCKED,
            other => panic!("{other} does not hang"),
        }
    }

    /// The per-task call sequences of `calls` with restarts collapsed: what
    /// `calls` and `tasks` are checked against.
    pub fn sequences(&self, calls: &[Call]) -> BTreeMap<String, Vec<String>> {
        per_process(&collapse_restarts(calls))
    }

    /// The `sequences` without this program's racy calls: equal for any two
    /// runs of the program.
    pub fn comparable(&self, calls: &[Call]) -> BTreeMap<String, Vec<String>> {
        let mut map = self.sequences(calls);
        for seq in map.values_mut() {
            seq.retain(|name| !self.racy.contains(&name.as_str()));
        }
        map
    }

    /// Asserts that `calls`, as `tracer` recorded them, hold what this entry
    /// lists: the number of tasks, each task's key calls, each expected error.
    pub fn assert_key_calls(&self, calls: &[Call], tracer: &str) {
        let id = self.id;
        let map = self.sequences(calls);
        let shown = super::strace::show(&map);
        assert_eq!(map.len(), self.tasks, "{id}: expected {} tasks, {tracer} recorded:\n{shown}", self.tasks);
        for &(task, name, count) in self.calls {
            let seq = map.get(task).unwrap_or_else(|| panic!("{id}: no task {task} in:\n{shown}"));
            let n = seq.iter().filter(|c| *c == name).count();
            let ok = match count {
                Count::Exactly(want) => n == want,
                Count::AtLeast(want) => n >= want,
            };
            assert!(ok, "{id}: task {task}: expected {name} {count:?}, got {n} in:\n  {}", seq.join(" "));
        }
        let names = super::strace::task_names(calls);
        for &(task, name, errno) in self.errors {
            let found =
                calls.iter().any(|c| names[&c.tid] == task && c.name == name && c.errno.as_deref() == Some(errno));
            assert!(found, "{id}: task {task}: expected {name} failing with {errno} ({tracer})");
        }
    }

    /// The entry with this id; panics if there is none.
    pub fn get(id: &str) -> &'static Prog {
        CORPUS.iter().find(|p| p.id == id).unwrap_or_else(|| panic!("no program {id:?} in the corpus"))
    }
}

use Count::{AtLeast, Exactly};

const NONE: &[&str] = &[];

/// Every run of the corpus. Only `hang_pipe` must be run with a deadline.
pub const CORPUS: &[Prog] = &[
    Prog {
        id: "pipe_fork",
        source: "pipe_fork",
        args: &[],
        ending: Ending::Exit(0),
        tasks: 2,
        calls: &[
            ("0", "pipe2", Exactly(1)),
            ("0", "clone", Exactly(1)),
            ("0", "write", Exactly(2)),
            ("0", "wait4", Exactly(1)),
            ("0.1", "read", Exactly(2)),
            ("0.1", "close", Exactly(2)),
            ("0.1", "exit_group", Exactly(1)),
        ],
        errors: &[],
        racy: NONE,
    },
    Prog {
        id: "pipe2_dup",
        source: "pipe2_dup",
        args: &[],
        ending: Ending::Exit(0),
        tasks: 1,
        calls: &[
            ("0", "pipe2", Exactly(1)),
            ("0", "dup", Exactly(1)),
            ("0", "dup2", Exactly(1)),
            ("0", "dup3", Exactly(2)),
            ("0", "fcntl", Exactly(3)),
            ("0", "close", AtLeast(6)),
        ],
        errors: &[("0", "dup3", "EINVAL")],
        racy: NONE,
    },
    Prog {
        id: "fd_reuse",
        source: "fd_reuse",
        args: &[],
        ending: Ending::Exit(0),
        tasks: 1,
        calls: &[
            ("0", "pipe2", Exactly(2)),
            ("0", "write", Exactly(8)),
            ("0", "dup2", Exactly(1)),
            ("0", "dup3", Exactly(2)),
            ("0", "close_range", Exactly(1)),
            ("0", "execve", Exactly(2)),
            ("0", "close", AtLeast(1)),
        ],
        errors: &[],
        racy: NONE,
    },
    Prog {
        id: "fifo",
        source: "fifo",
        args: &[],
        ending: Ending::Exit(0),
        tasks: 3,
        calls: &[
            ("0", "mknod", Exactly(1)),
            ("0", "mknodat", Exactly(1)),
            ("0", "unlink", Exactly(2)),
            ("0", "clone", Exactly(2)),
            ("0", "wait4", Exactly(2)),
            ("0.1", "openat", Exactly(1)),
            ("0.1", "read", Exactly(2)),
            ("0.2", "openat", Exactly(1)),
            ("0.2", "write", Exactly(1)),
        ],
        errors: &[],
        racy: NONE,
    },
    Prog {
        id: "files",
        source: "files",
        args: &[],
        ending: Ending::Exit(0),
        tasks: 2,
        calls: &[
            ("0", "open", Exactly(1)),
            ("0", "pwrite64", Exactly(1)),
            ("0", "pread64", AtLeast(1)),
            ("0", "writev", Exactly(1)),
            ("0", "lseek", Exactly(1)),
            ("0", "readv", Exactly(1)),
            ("0", "fcntl", Exactly(2)),
            ("0", "flock", Exactly(2)),
            ("0", "clone", Exactly(1)),
            ("0", "unlinkat", Exactly(1)),
            ("0.1", "openat", Exactly(2)),
            ("0.1", "fcntl", Exactly(2)),
            ("0.1", "flock", Exactly(1)),
        ],
        errors: &[("0.1", "fcntl", "EAGAIN"), ("0.1", "flock", "EAGAIN")],
        racy: NONE,
    },
    Prog {
        id: "sysv_msg",
        source: "sysv_msg",
        args: &[],
        ending: Ending::Exit(0),
        tasks: 1,
        calls: &[
            ("0", "msgget", Exactly(1)),
            ("0", "msgsnd", Exactly(2)),
            ("0", "msgrcv", Exactly(3)),
            ("0", "msgctl", Exactly(3)),
        ],
        errors: &[("0", "msgrcv", "ENOMSG"), ("0", "msgctl", "EINVAL")],
        racy: NONE,
    },
    Prog {
        id: "sysv_shm",
        source: "sysv_shm",
        args: &[],
        ending: Ending::Exit(0),
        tasks: 2,
        calls: &[
            ("0", "shmget", Exactly(1)),
            ("0", "shmat", Exactly(1)),
            ("0", "clone", Exactly(1)),
            ("0", "shmdt", Exactly(1)),
            ("0", "shmctl", Exactly(3)),
            ("0.1", "shmat", Exactly(1)),
            ("0.1", "shmdt", Exactly(1)),
        ],
        errors: &[("0", "shmctl", "EINVAL")],
        racy: NONE,
    },
    Prog {
        id: "sysv_sem",
        source: "sysv_sem",
        args: &[],
        ending: Ending::Exit(0),
        tasks: 2,
        calls: &[
            ("0", "semget", Exactly(1)),
            ("0", "semctl", Exactly(7)),
            ("0", "semop", Exactly(1)),
            ("0", "semtimedop", Exactly(1)),
            ("0.1", "semop", Exactly(1)),
        ],
        errors: &[("0", "semop", "EAGAIN"), ("0", "semtimedop", "EAGAIN"), ("0", "semctl", "EINVAL")],
        racy: NONE,
    },
    Prog {
        id: "posix_mq",
        source: "posix_mq",
        args: &[],
        ending: Ending::Exit(0),
        tasks: 1,
        calls: &[
            ("0", "mq_open", Exactly(2)),
            ("0", "mq_timedsend", Exactly(3)),
            ("0", "mq_timedreceive", Exactly(4)),
            ("0", "mq_notify", Exactly(1)),
            ("0", "rt_sigtimedwait", Exactly(1)),
            ("0", "mq_getsetattr", Exactly(2)),
            ("0", "mq_unlink", Exactly(1)),
        ],
        errors: &[("0", "mq_timedreceive", "EAGAIN"), ("0", "mq_open", "ENOENT")],
        racy: NONE,
    },
    Prog {
        id: "signals",
        source: "signals",
        args: &[],
        ending: Ending::Exit(0),
        tasks: 2,
        calls: &[
            ("0", "rt_sigaction", Exactly(3)),
            ("0", "rt_sigprocmask", Exactly(2)),
            ("0", "kill", Exactly(3)),
            ("0", "tgkill", Exactly(1)),
            ("0", "rt_sigsuspend", Exactly(3)),
            ("0", "setitimer", Exactly(2)),
            ("0", "pause", Exactly(1)),
            ("0", "signalfd4", Exactly(1)),
            ("0", "rt_sigreturn", AtLeast(4)),
            ("0", "clone", Exactly(1)),
            ("0", "wait4", Exactly(2)),
            ("0.1", "rt_sigsuspend", Exactly(1)),
            ("0.1", "rt_sigreturn", Exactly(1)),
        ],
        errors: &[("0", "wait4", "ECHILD")],
        // A SIGALRM that comes before pause is entered runs its handler once more.
        racy: &["rt_sigreturn"],
    },
    Prog {
        id: "sigpipe",
        source: "sigpipe",
        args: &[],
        ending: Ending::Signal(libc::SIGPIPE),
        tasks: 1,
        calls: &[("0", "pipe2", Exactly(1)), ("0", "write", Exactly(2)), ("0", "exit_group", Exactly(0))],
        errors: &[("0", "write", "EPIPE")],
        racy: NONE,
    },
    Prog {
        id: "sigpipe_ignore",
        source: "sigpipe",
        args: &["ignore"],
        ending: Ending::Exit(0),
        tasks: 1,
        calls: &[
            ("0", "rt_sigaction", Exactly(1)),
            ("0", "pipe2", Exactly(1)),
            ("0", "write", Exactly(3)),
            ("0", "exit_group", Exactly(1)),
        ],
        errors: &[("0", "write", "EPIPE")],
        racy: NONE,
    },
    Prog {
        id: "sockets",
        source: "sockets",
        args: &[],
        ending: Ending::Exit(0),
        tasks: 2,
        calls: &[
            ("0", "socketpair", Exactly(1)),
            ("0", "socket", Exactly(3)),
            ("0", "bind", Exactly(2)),
            ("0", "listen", Exactly(2)),
            ("0", "accept4", Exactly(1)),
            ("0", "accept", Exactly(1)),
            ("0", "connect", Exactly(1)),
            ("0", "getsockname", Exactly(1)),
            ("0", "sendto", Exactly(2)),
            ("0", "recvfrom", Exactly(2)),
            ("0", "sendmsg", Exactly(1)),
            ("0", "unlink", Exactly(1)),
            ("0.1", "socket", Exactly(1)),
            ("0.1", "connect", Exactly(1)),
            ("0.1", "sendto", Exactly(1)),
            ("0.1", "recvfrom", Exactly(1)),
            ("0.1", "recvmsg", Exactly(1)),
            ("0.1", "shutdown", Exactly(1)),
        ],
        errors: &[],
        racy: NONE,
    },
    Prog {
        id: "memory",
        source: "memory",
        args: &[],
        ending: Ending::Exit(0),
        tasks: 2,
        calls: &[
            ("0", "mmap", AtLeast(1)),
            ("0", "eventfd2", Exactly(1)),
            ("0", "futex", Exactly(1)),
            ("0", "munmap", AtLeast(1)),
            ("0", "nanosleep", Exactly(1)),
            ("0", "clock_nanosleep", Exactly(1)),
            ("0", "poll", Exactly(1)),
            ("0", "ppoll", Exactly(1)),
            ("0", "select", Exactly(1)),
            ("0", "pselect6", Exactly(1)),
            ("0", "epoll_create1", Exactly(1)),
            ("0", "epoll_ctl", Exactly(1)),
            ("0", "epoll_wait", Exactly(1)),
            ("0.1", "write", Exactly(1)),
            ("0.1", "futex", Exactly(1)),
        ],
        errors: &[],
        racy: NONE,
    },
    Prog {
        id: "threads",
        source: "threads",
        args: &[],
        ending: Ending::Exit(0),
        tasks: 5,
        calls: &[
            ("0", "pipe2", Exactly(1)),
            ("0", "clone3", Exactly(4)),
            ("0", "read", AtLeast(4)),
            ("0.1", "write", Exactly(1)),
            ("0.1", "exit", Exactly(1)),
            ("0.2", "write", Exactly(1)),
            ("0.3", "write", Exactly(1)),
            ("0.4", "write", Exactly(1)),
            ("0.4", "exit", Exactly(1)),
        ],
        errors: &[],
        // pthread_join waits on a futex only if the thread has not yet exited.
        racy: &["futex"],
    },
    Prog {
        id: "vfork_exec",
        source: "vfork_exec",
        args: &[],
        ending: Ending::Exit(0),
        tasks: 3,
        calls: &[
            ("0", "vfork", Exactly(2)),
            ("0", "wait4", Exactly(2)),
            ("0.1", "execve", Exactly(1)),
            ("0.1", "exit_group", Exactly(1)),
            ("0.2", "execve", Exactly(1)),
            ("0.2", "exit_group", Exactly(1)),
        ],
        errors: &[("0.2", "execve", "ENOENT")],
        racy: NONE,
    },
    Prog {
        id: "exec_argv",
        source: "exec_argv",
        args: &[],
        ending: Ending::Exit(0),
        tasks: 1,
        calls: &[("0", "execve", Exactly(2)), ("0", "write", AtLeast(1)), ("0", "exit_group", Exactly(1))],
        errors: &[],
        racy: NONE,
    },
    Prog {
        id: "stopcont",
        source: "stopcont",
        args: &[],
        ending: Ending::Exit(0),
        tasks: 2,
        calls: &[
            ("0", "clone", Exactly(1)),
            ("0", "wait4", Exactly(3)),
            ("0", "kill", Exactly(1)),
            ("0.1", "tgkill", Exactly(1)),
            ("0.1", "read", Exactly(1)),
            ("0.1", "exit_group", Exactly(1)),
        ],
        errors: &[],
        racy: NONE,
    },
    Prog {
        id: "segv",
        source: "segv",
        args: &[],
        ending: Ending::Exit(0),
        tasks: 2,
        calls: &[
            ("0", "clone", Exactly(1)),
            ("0", "wait4", Exactly(1)),
            ("0", "exit_group", Exactly(1)),
            ("0.1", "prlimit64", Exactly(1)),
            ("0.1", "exit_group", Exactly(0)),
        ],
        errors: &[],
        racy: NONE,
    },
    Prog {
        id: "children64",
        source: "children64",
        args: &[],
        ending: Ending::Exit(0),
        tasks: 65,
        calls: &[
            ("0", "clone", Exactly(64)),
            ("0", "read", AtLeast(65)),
            ("0", "wait4", Exactly(64)),
            ("0.1", "write", Exactly(1)),
            ("0.1", "exit_group", Exactly(1)),
            ("0.64", "write", Exactly(1)),
            ("0.64", "exit_group", Exactly(1)),
        ],
        errors: &[],
        racy: NONE,
    },
    Prog {
        id: "forkbomb",
        source: "forkbomb",
        args: &[],
        ending: Ending::Exit(0),
        tasks: 15,
        calls: &[
            ("0", "clone", Exactly(2)),
            ("0", "wait4", Exactly(2)),
            ("0.1", "clone", Exactly(2)),
            ("0.2.2", "clone", Exactly(2)),
            ("0.2.2", "wait4", Exactly(2)),
            ("0.1.1.1", "clone", Exactly(0)),
            ("0.1.1.1", "exit_group", Exactly(1)),
        ],
        errors: &[],
        racy: NONE,
    },
    Prog {
        id: "many_threads",
        source: "many_threads",
        args: &[],
        ending: Ending::Exit(0),
        tasks: 101,
        calls: &[
            ("0", "clone3", Exactly(100)),
            ("0", "read", AtLeast(100)),
            ("0.1", "write", Exactly(1)),
            ("0.1", "exit", Exactly(1)),
            ("0.100", "write", Exactly(1)),
            ("0.100", "exit", Exactly(1)),
        ],
        errors: &[],
        racy: &["futex"],
    },
    Prog {
        id: "sigkill_self",
        source: "sigkill_self",
        args: &[],
        ending: Ending::Signal(libc::SIGKILL),
        tasks: 2,
        calls: &[
            ("0", "clone", Exactly(1)),
            ("0", "wait4", Exactly(1)),
            ("0", "kill", Exactly(1)),
            ("0.1", "kill", Exactly(1)),
            ("0.1", "exit_group", Exactly(0)),
        ],
        errors: &[],
        racy: NONE,
    },
    Prog {
        id: "closeall",
        source: "closeall",
        args: &[],
        ending: Ending::Exit(0),
        tasks: 1,
        calls: &[("0", "close", AtLeast(1024)), ("0", "pipe2", Exactly(1)), ("0", "getpid", Exactly(1))],
        errors: &[("0", "close", "EBADF")],
        racy: NONE,
    },
    Prog {
        id: "selfptrace",
        source: "selfptrace",
        args: &[],
        ending: Ending::Exit(0),
        tasks: 1,
        calls: &[("0", "ptrace", Exactly(1))],
        // Under a tracer; untraced the call succeeds.
        errors: &[("0", "ptrace", "EPERM")],
        racy: NONE,
    },
    Prog {
        id: "static",
        source: "static",
        args: &[],
        ending: Ending::Exit(0),
        tasks: 2,
        calls: &[
            ("0", "pipe2", Exactly(1)),
            ("0", "clone", Exactly(1)),
            ("0", "write", Exactly(2)),
            ("0", "wait4", Exactly(1)),
            ("0", "openat", Exactly(0)), // no dynamic loader
            ("0.1", "read", Exactly(2)),
        ],
        errors: &[],
        racy: NONE,
    },
    Prog {
        id: "getppid_loop",
        source: "getppid_loop",
        args: &["1000"],
        ending: Ending::Exit(0),
        tasks: 1,
        calls: &[("0", "getppid", Exactly(1000))],
        errors: &[],
        racy: NONE,
    },
    Prog {
        id: "hang_pipe",
        source: "hang_pipe",
        args: &[],
        ending: Ending::Hang,
        tasks: 2,
        calls: &[
            ("0", "pipe2", Exactly(1)),
            ("0", "clone", Exactly(1)),
            ("0", "write", Exactly(1)),
            ("0", "wait4", Exactly(1)),
            ("0.1", "read", Exactly(2)),
            ("0.1", "write", Exactly(1)),
        ],
        errors: &[],
        racy: NONE,
    },
    Prog {
        id: "unlinked_fd",
        source: "unlinked_fd",
        args: &[],
        ending: Ending::Exit(0),
        tasks: 2,
        calls: &[
            ("0", "openat", AtLeast(1)),
            ("0", "write", Exactly(2)),
            ("0", "clone", Exactly(1)),
            ("0", "wait4", Exactly(1)),
            ("0.1", "unlinkat", Exactly(1)),
        ],
        errors: &[],
        racy: NONE,
    },
];
