//! The course: one descriptor per lab, everything about it that is not its
//! checks. `ipclab run` reads its time limit, `ipclab check` and `grade` its
//! grading run (time limit, arguments, outputs it keeps) and the lines its
//! output must include; the catalog reads the other names it answers to.

use std::ffi::OsString;
use std::path::Path;
use std::time::Duration;

use syscalls::Sysno;

/// One lab of the course, by its folder under `labs/`.
#[derive(Debug)]
pub struct Descriptor {
    /// The folder, e.g. `01_pipe`; also the start marker the lab names itself with.
    pub dir: &'static str,
    /// Other names a student may call it by, besides its number, its topic
    /// and its folder (`ipclab run shm`).
    pub aliases: &'static [&'static str],
    /// How long `ipclab run` lets it run before reporting where it hangs.
    pub run_timeout: Duration,
    /// The arguments `ipclab run` gives it when the student gives none after
    /// `--` (none: its default scenario).
    pub run_args: &'static [&'static str],
    /// How long it may run while graded.
    pub grade_timeout: Duration,
    /// The arguments it is graded with (none: its default scenario).
    pub grade_args: &'static [Arg],
    /// Files it is meant to leave in its run directory: its outputs, not leaks.
    pub keeps: &'static [&'static str],
    /// Lines its output must include, as the lesson shows them (the `runs`
    /// check): what the scaffold prints whenever the lab runs to its end,
    /// never a line that reports what a solution region did (that is
    /// another check's to judge, and would cost its mistake twice).
    pub expected: &'static [&'static str],
    /// The calls through which it communicates: a run in which none of them
    /// succeeded made no IPC, whatever it printed, and fails `runs`.
    pub ipc: &'static [Sysno],
    /// Its robustness scenarios: grading runs it once more per scenario,
    /// with calls made to fail or come back short, and judges the
    /// scenario's checks on that run.
    pub robustness: &'static [Scenario],
    /// What the lesson calls its processes, for what ipclab says of them
    /// (`the server (pid 1204)`, not `the parent`).
    pub roles: Roles,
}

/// A robustness scenario: the lab run again under `--inject` rules, for
/// the checks of the paths a normal run never takes (a short write, an
/// interrupted call).
#[derive(Debug)]
pub struct Scenario {
    /// The `--inject` SPECs of its run, as a student would type them.
    pub inject: &'static [&'static str],
    /// The checks judged on this run instead of the normal one.
    pub checks: &'static [&'static str],
}

impl Scenario {
    /// Its SPECs as `ipclab run` options: `--inject write:short`.
    pub fn options(&self) -> String {
        self.inject.iter().map(|s| format!("--inject {s}")).collect::<Vec<_>>().join(" ")
    }

    /// Its rules, parsed (the course's SPECs are tested to parse).
    pub fn rules(&self) -> Result<tracer::inject::Rules, tracer::inject::SpecError> {
        let rules = self.inject.iter().map(|s| s.parse()).collect::<Result<Vec<_>, _>>()?;
        tracer::inject::Rules::new(rules)
    }
}

/// The names a lab's lesson gives its processes, where it gives them.
#[derive(Debug, Clone, Copy)]
pub struct Roles {
    /// The lab's first process (`parent` when the lesson names it so, or not at all).
    pub first: &'static str,
    /// The first process's children, in the order it creates them; one
    /// beyond the list is named by the program it execs, else `child`.
    pub children: &'static [&'static str],
}

/// The first process is the parent, its children children.
const PARENT_AND_CHILDREN: Roles = Roles { first: "parent", children: &[] };

impl Roles {
    /// The role of the first process's `nth` child, if the lesson names it.
    pub fn child(&self, nth: usize) -> Option<&'static str> {
        self.children.get(nth).copied()
    }
}

/// One argument of a graded run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arg {
    /// This text.
    Text(&'static str),
    /// The path of this file in the graded run's own directory.
    InRunDir(&'static str),
}

impl Descriptor {
    /// The arguments of a graded run whose directory is `run_dir`.
    pub fn grade_args(&self, run_dir: &Path) -> Vec<OsString> {
        self.grade_args
            .iter()
            .map(|a| match a {
                Arg::Text(t) => OsString::from(t),
                Arg::InRunDir(name) => run_dir.join(name).into_os_string(),
            })
            .collect()
    }
}

/// How long `ipclab run` lets a lab run when the course does not say.
pub const RUN_TIMEOUT: Duration = Duration::from_secs(20);

/// How long a lab may run while graded, unless its descriptor says.
const GRADE_TIMEOUT: Duration = Duration::from_secs(20);

pub static LAB01: Descriptor = Descriptor {
    dir: "01_pipe",
    aliases: &["pipes", "unnamed-pipe"],
    run_timeout: RUN_TIMEOUT,
    run_args: &[],
    grade_timeout: GRADE_TIMEOUT,
    grade_args: &[],
    keeps: &[],
    expected: &[
        "child: fork() returned 0 here; my own pid is ",
        "child: received \"hello through the pipe\\n\"",
        "the child's pid; the child exited with status 0",
    ],
    ipc: &[
        #[cfg(target_arch = "x86_64")]
        Sysno::pipe,
        Sysno::pipe2,
    ],
    robustness: &[Scenario { inject: &["write:short"], checks: &["short_writes"] }],
    roles: PARENT_AND_CHILDREN,
};

pub static LAB02: Descriptor = Descriptor {
    dir: "02_fifo",
    aliases: &["fifos", "named-pipe", "mkfifo"],
    run_timeout: RUN_TIMEOUT,
    run_args: &[],
    grade_timeout: GRADE_TIMEOUT,
    grade_args: &[],
    keeps: &[],
    expected: &[
        "reader: got \"first line\"",
        "reader: got \"third line\"",
        "coordinator: reader exited with status 0",
        "coordinator: writer exited with status 0",
    ],
    ipc: &[
        #[cfg(target_arch = "x86_64")]
        Sysno::mknod,
        Sysno::mknodat,
    ],
    robustness: &[],
    roles: Roles { first: "coordinator", children: &[] },
};

pub static LAB03: Descriptor = Descriptor {
    dir: "03_message_queue",
    aliases: &["mq", "msg", "msgq", "queue", "queues", "mqueue", "sysv-msg", "posix-mq"],
    run_timeout: RUN_TIMEOUT,
    run_args: &[],
    grade_timeout: GRADE_TIMEOUT,
    grade_args: &[],
    keeps: &[],
    expected: &[
        "server: got \"ping\" (type 1)",
        "client: reply \"QUEUE\" (type 2)",
        "client: the server has exited; the queue still holds 1 message(s)",
        "receiver: got \"urgent\" (priority 9)",
        "receiver: got \"low\" (priority 1)",
    ],
    ipc: &[Sysno::msgget, Sysno::msgsnd, Sysno::mq_open, Sysno::mq_timedsend],
    robustness: &[Scenario { inject: &["msgsnd:EINTR:when=2", "msgrcv:EINTR:when=1"], checks: &["retries_eintr"] }],
    roles: Roles { first: "parent", children: &["server"] },
};

pub static LAB04: Descriptor = Descriptor {
    dir: "04_shared_memory",
    aliases: &["shm", "shmem", "memory", "sysv-shm", "posix-shm"],
    run_timeout: RUN_TIMEOUT,
    run_args: &[],
    grade_timeout: GRADE_TIMEOUT,
    grade_args: &[],
    keeps: &[],
    expected: &[
        "parent: two processes each added 1, 200000 times, with no lock",
        "parent: read from the POSIX object: \"greetings from the child, through memory\"",
    ],
    ipc: &[Sysno::shmget, Sysno::shmat],
    robustness: &[],
    roles: PARENT_AND_CHILDREN,
};

pub static LAB05: Descriptor = Descriptor {
    dir: "05_semaphore",
    aliases: &["sem", "sems", "semaphores", "sysv-sem"],
    run_timeout: RUN_TIMEOUT,
    run_args: &[],
    grade_timeout: GRADE_TIMEOUT,
    grade_args: &[],
    keeps: &[],
    expected: &[
        "parent: two processes each ran increment_locked, 100 rounds",
        "parent: a child called lock() and exited without unlock()",
    ],
    ipc: &[Sysno::semget, Sysno::semop, Sysno::semtimedop],
    robustness: &[Scenario { inject: &["semop,semtimedop:EINTR:when=1+4"], checks: &["retries_semop"] }],
    roles: PARENT_AND_CHILDREN,
};

pub static LAB06: Descriptor = Descriptor {
    dir: "06_signal",
    aliases: &["signals", "sig", "sigaction"],
    run_timeout: RUN_TIMEOUT,
    run_args: &[],
    grade_timeout: GRADE_TIMEOUT,
    grade_args: &[],
    keeps: &[],
    expected: &[
        "child: SIGUSR1 is pending: true",
        "child: SIGUSR1 was sent 3 times while blocked; the handler ran 1 time(s)",
        "reaped the child, exit status 0",
    ],
    ipc: &[Sysno::kill, Sysno::tgkill, Sysno::rt_sigqueueinfo],
    robustness: &[],
    roles: PARENT_AND_CHILDREN,
};

pub static LAB07: Descriptor = Descriptor {
    dir: "07_socket",
    aliases: &["sockets", "unix", "uds", "socketpair", "unix-socket"],
    run_timeout: RUN_TIMEOUT,
    run_args: &[],
    grade_timeout: GRADE_TIMEOUT,
    grade_args: &[],
    keeps: &[],
    expected: &[
        "child: got \"ping\" on its end of the pair",
        "parent: got \"pong\" back on the same socket",
        "they arrived in 1 read(s): \"onetwothree\"",
        "server: binding a new socket to that path: EADDRINUSE",
    ],
    ipc: &[Sysno::socketpair, Sysno::socket],
    robustness: &[Scenario { inject: &["read,recvfrom:short=2"], checks: &["short_reads"] }],
    roles: PARENT_AND_CHILDREN,
};

pub static LAB08: Descriptor = Descriptor {
    dir: "08_file",
    aliases: &["files", "inotify", "polling"],
    run_timeout: RUN_TIMEOUT,
    run_args: &[],
    grade_timeout: GRADE_TIMEOUT,
    grade_args: &[],
    keeps: &[],
    expected: &[
        "reader: found by polling: \"meet me at noon\\n\"",
        "reader: woken by inotify (IN_MOVED_TO notice.txt): \"meet me at noon\\n\"",
        "parent: two processes each added 1 to the file, 50 times, under an fcntl lock",
    ],
    ipc: &[
        Sysno::inotify_add_watch,
        #[cfg(target_arch = "x86_64")]
        Sysno::rename,
        Sysno::renameat,
        Sysno::renameat2,
    ],
    robustness: &[],
    roles: PARENT_AND_CHILDREN,
};

/// Run under the tracer on a few rounds (its own defaults, 15 trials of 1000
/// rounds, are for measuring outside the tracer, and would print tens of
/// thousands of lines); graded on a short run, 2 trials of 3 rounds and a
/// fixed order, the chart in the run's directory (`grade::labs::lab09`
/// counts the calls of exactly this run).
pub static LAB09: Descriptor = Descriptor {
    dir: "09_compare",
    aliases: &["benchmark", "bench", "measure"],
    run_timeout: Duration::from_secs(120),
    run_args: &["--trials", "2", "--rounds", "3"],
    grade_timeout: Duration::from_secs(60),
    grade_args: &[
        Arg::Text("--trials"),
        Arg::Text("2"),
        Arg::Text("--rounds"),
        Arg::Text("3"),
        Arg::Text("--warmup"),
        Arg::Text("1"),
        Arg::Text("--depth"),
        Arg::Text("4"),
        Arg::Text("--seed"),
        Arg::Text("1"),
        Arg::Text("--chart"),
        Arg::InRunDir("chart.svg"),
    ],
    keeps: &["chart.svg"],
    expected: &[
        "lab 09: 8 mechanisms, each measured 2 times: 3 round trips of 64 bytes",
        "round trip of 64 bytes",
        "stream of 4 KiB messages one way",
        "TCP loopback",
        "chart written to",
    ],
    ipc: &[Sysno::pipe2, Sysno::msgget, Sysno::mq_open, Sysno::shmget, Sysno::semget, Sysno::socketpair],
    robustness: &[],
    roles: PARENT_AND_CHILDREN,
};

/// Graded on its default scenario: two parts of 64 items each, then the
/// handshake test, which stops after 4000 rounds on two CPUs or 1.5 s.
pub static LAB10: Descriptor = Descriptor {
    dir: "10_bounded_buffer",
    aliases: &["ring", "bounded-buffer", "producer-consumer", "futex"],
    run_timeout: RUN_TIMEOUT,
    run_args: &[],
    grade_timeout: GRADE_TIMEOUT,
    grade_args: &[],
    keeps: &[],
    expected: &[
        "part 1, semaphores: 64 items through a ring of 4 slots: 64 in order, 0 wrong",
        "part 2, futexes: 64 items through a ring of 4 slots: 64 in order, 0 wrong",
        "handshake test: lost wake-ups: 0 in",
    ],
    ipc: &[Sysno::shmget, Sysno::futex],
    robustness: &[],
    roles: Roles { first: "producer", children: &["consumer", "consumer"] },
};

/// Graded on its default scenario: part 1's reader waits 50 ms, part 2's
/// reads a record a millisecond (about 0.1 s), part 3's writers pause 5 ms
/// between bursts.
pub static LAB11: Descriptor = Descriptor {
    dir: "11_poll",
    aliases: &["epoll", "eventfd", "signalfd", "nonblocking"],
    run_timeout: RUN_TIMEOUT,
    run_args: &[],
    grade_timeout: GRADE_TIMEOUT,
    grade_args: &[],
    keeps: &[],
    expected: &[
        "part 1: the pipe took 65536 bytes before write returned EAGAIN",
        "part 2: 16 records of 4096 bytes arrived whole, 0 torn",
        "part 3: 12 lines through the pipe, 12 through the socket; the eventfd counted 24; 2 children reaped through the signalfd",
    ],
    ipc: &[Sysno::epoll_ctl, Sysno::eventfd2, Sysno::signalfd4],
    robustness: &[],
    roles: PARENT_AND_CHILDREN,
};

pub static LAB12: Descriptor = Descriptor {
    dir: "12_fd_passing",
    aliases: &["fd-passing", "scm-rights", "passing"],
    run_timeout: RUN_TIMEOUT,
    run_args: &[],
    grade_timeout: GRADE_TIMEOUT,
    grade_args: &[],
    keeps: &[],
    expected: &[
        "server: the peer is the receiver I started: true",
        "receiver: the sender is my parent, the server: true",
        "server: read from the pipe: \"hello from a program that inherited nothing\\n\"",
        "server: end of file: no process holds the write end any more",
        "server: receiver exited with status 0",
    ],
    ipc: &[Sysno::sendmsg, Sysno::recvmsg],
    robustness: &[],
    roles: Roles { first: "server", children: &["receiver"] },
};

pub static LAB13: Descriptor = Descriptor {
    dir: "13_locks",
    aliases: &["locks", "deadlock", "readers-writers"],
    run_timeout: RUN_TIMEOUT,
    run_args: &[],
    grade_timeout: GRADE_TIMEOUT,
    grade_args: &[],
    keeps: &[],
    expected: &[
        "writer: wrote \"2\"",
        "readers and writer: done; the data is now \"2\"",
        "probe: the log is still locked after the helper closed its descriptor: true",
        "other process: flock(LOCK_EX|LOCK_NB): busy, another open file holds it",
        "other process: an fcntl write lock on the same file meanwhile: granted: true",
        "accounts: A = 110, B = 90, together 200",
    ],
    ipc: &[Sysno::fcntl, Sysno::flock],
    robustness: &[],
    roles: PARENT_AND_CHILDREN,
};

/// Every lab of the course, in teaching order.
pub static COURSE: [&Descriptor; 13] =
    [&LAB01, &LAB02, &LAB03, &LAB04, &LAB05, &LAB06, &LAB07, &LAB08, &LAB09, &LAB10, &LAB11, &LAB12, &LAB13];

/// The descriptor of the lab in folder `dir`.
pub fn descriptor(dir: &str) -> Option<&'static Descriptor> {
    COURSE.iter().copied().find(|d| d.dir == dir)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// What a student may type for a lab: its number, topic, folder, aliases.
    fn names(d: &Descriptor) -> Vec<String> {
        let (number, topic) = d.dir.split_once('_').expect("NN_topic");
        let mut all = vec![number.to_string(), topic.to_string(), topic.replace('_', "-"), d.dir.to_string()];
        all.extend(d.aliases.iter().map(|a| a.to_string()));
        all
    }

    #[test]
    fn every_mechanism_has_its_short_names_and_no_name_means_two_labs() {
        let mut owner: BTreeMap<String, &str> = BTreeMap::new();
        for d in COURSE {
            assert!(!d.aliases.is_empty(), "{} has no alias", d.dir);
            for name in names(d) {
                assert_eq!(name, name.to_ascii_lowercase(), "{}: aliases are matched in lower case", d.dir);
                if let Some(other) = owner.insert(name.clone(), d.dir) {
                    assert_eq!(other, d.dir, "{name:?} names both {other} and {}", d.dir);
                }
            }
        }
        for (name, dir) in [("shm", "04_shared_memory"), ("sem", "05_semaphore"), ("mq", "03_message_queue")] {
            assert_eq!(owner.get(name).copied(), Some(dir), "{name}");
        }
        for name in ["msg", "fifo", "pipe", "signal", "socket", "file", "unix"] {
            assert!(owner.contains_key(name), "no lab answers to {name:?}");
        }
    }
}
