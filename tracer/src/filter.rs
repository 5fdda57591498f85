//! The classes of calls `-e/--trace` accepts (`ipc`, `pipe`, `process`, ...)
//! and the parser of a filter expression such as `ipc,kill` or `%signal`.

use std::str::FromStr;

use syscalls::Sysno;

/// A class of calls, by name, with the calls it holds. Names that do not
/// exist on this architecture (legacy calls such as `pipe`) are skipped.
pub struct Class {
    pub name: &'static str,
    pub about: &'static str,
    pub calls: &'static [&'static str],
}

pub const CLASSES: &[Class] = &[
    Class {
        name: "ipc",
        about: "System V message queues, shared memory and semaphores; POSIX message queues",
        calls: &[
            "msgget",
            "msgsnd",
            "msgrcv",
            "msgctl",
            "shmget",
            "shmat",
            "shmdt",
            "shmctl",
            "semget",
            "semop",
            "semtimedop",
            "semctl",
            "mq_open",
            "mq_unlink",
            "mq_timedsend",
            "mq_timedreceive",
            "mq_notify",
            "mq_getsetattr",
        ],
    },
    Class {
        name: "pipe",
        about: "creating pipes and FIFOs and moving data through descriptors",
        calls: &[
            "pipe", "pipe2", "mknod", "mknodat", "open", "openat", "read", "write", "readv", "writev", "close", "dup",
            "dup2", "dup3", "splice", "tee", "vmsplice",
        ],
    },
    Class {
        name: "process",
        about: "creating, replacing, waiting for and ending processes",
        calls: &[
            "fork",
            "vfork",
            "clone",
            "clone3",
            "execve",
            "execveat",
            "wait4",
            "waitid",
            "exit",
            "exit_group",
            "kill",
            "tkill",
            "tgkill",
            "pidfd_open",
            "pidfd_send_signal",
            "unshare",
            "setsid",
            "setpgid",
        ],
    },
    Class {
        name: "signal",
        about: "sending, catching, blocking and waiting for signals",
        calls: &[
            "kill",
            "tkill",
            "tgkill",
            "rt_sigaction",
            "rt_sigprocmask",
            "rt_sigsuspend",
            "rt_sigreturn",
            "rt_sigpending",
            "rt_sigtimedwait",
            "rt_sigqueueinfo",
            "rt_tgsigqueueinfo",
            "pause",
            "signalfd",
            "signalfd4",
            "sigaltstack",
            "pidfd_send_signal",
            "alarm",
            "setitimer",
        ],
    },
    Class {
        name: "network",
        about: "sockets: Unix domain and internet",
        calls: &[
            "socket",
            "socketpair",
            "bind",
            "connect",
            "listen",
            "accept",
            "accept4",
            "sendto",
            "recvfrom",
            "sendmsg",
            "recvmsg",
            "sendmmsg",
            "recvmmsg",
            "shutdown",
            "getsockname",
            "getpeername",
            "setsockopt",
            "getsockopt",
        ],
    },
    Class {
        name: "file",
        about: "calls that take a file name",
        calls: &[
            "open",
            "openat",
            "openat2",
            "creat",
            "unlink",
            "unlinkat",
            "mknod",
            "mknodat",
            "stat",
            "lstat",
            "newfstatat",
            "statx",
            "access",
            "faccessat",
            "faccessat2",
            "execve",
            "execveat",
            "mkdir",
            "mkdirat",
            "rmdir",
            "rename",
            "renameat",
            "renameat2",
            "link",
            "linkat",
            "symlink",
            "symlinkat",
            "readlink",
            "readlinkat",
            "chmod",
            "fchmodat",
            "chown",
            "fchownat",
            "truncate",
            "chdir",
            "inotify_add_watch",
            "utimensat",
            "statfs",
        ],
    },
    Class {
        name: "desc",
        about: "calls that take or make a file descriptor",
        calls: &[
            "read",
            "write",
            "readv",
            "writev",
            "pread64",
            "pwrite64",
            "close",
            "close_range",
            "dup",
            "dup2",
            "dup3",
            "fcntl",
            "flock",
            "fstat",
            "lseek",
            "ioctl",
            "poll",
            "ppoll",
            "select",
            "pselect6",
            "epoll_create1",
            "epoll_ctl",
            "epoll_wait",
            "epoll_pwait",
            "eventfd2",
            "signalfd4",
            "pipe",
            "pipe2",
            "open",
            "openat",
            "socket",
            "socketpair",
            "accept",
            "accept4",
            "mq_open",
            "mq_timedsend",
            "mq_timedreceive",
            "inotify_init1",
            "memfd_create",
            "ftruncate",
            "fsync",
            "sendfile",
            "splice",
        ],
    },
    Class {
        name: "memory",
        about: "mapping and unmapping memory, shared or not",
        calls: &[
            "mmap",
            "munmap",
            "mprotect",
            "mremap",
            "brk",
            "madvise",
            "msync",
            "mlock",
            "munlock",
            "mlockall",
            "munlockall",
            "shmat",
            "shmdt",
            "memfd_create",
        ],
    },
];

/// Parses a filter: comma-separated class names (with or without strace's
/// `%`) and call names, optionally after `trace=`. `all` means no filter.
///
/// Returns None for `all`, else the calls. An unknown word is an error
/// naming it.
pub fn parse(expr: &str) -> Result<Option<Vec<Sysno>>, String> {
    let expr = expr.strip_prefix("trace=").unwrap_or(expr);
    let mut calls = Vec::new();
    for word in expr.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        if word == "all" || word == "%all" {
            return Ok(None);
        }
        let class_name = word.strip_prefix('%').unwrap_or(word);
        if let Some(class) = CLASSES.iter().find(|c| c.name == class_name) {
            calls.extend(class.calls.iter().filter_map(|n| Sysno::from_str(n).ok()));
            continue;
        }
        match Sysno::from_str(word) {
            Ok(s) => calls.push(s),
            Err(_) => {
                let classes: Vec<&str> = CLASSES.iter().map(|c| c.name).collect();
                return Err(format!(
                    "unknown call or class '{word}' in -e: use a system call name (e.g. msgsnd) or one of: {}",
                    classes.join(", ")
                ));
            }
        }
    }
    if calls.is_empty() {
        return Err("-e needs at least one call or class (e.g. -e ipc or -e msgsnd,msgrcv)".into());
    }
    calls.sort_by_key(|s| s.id());
    calls.dedup();
    Ok(Some(calls))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_and_names_combine() {
        let calls = parse("ipc,kill").unwrap().unwrap();
        assert!(calls.contains(&Sysno::msgsnd));
        assert!(calls.contains(&Sysno::mq_timedsend));
        assert!(calls.contains(&Sysno::kill));
        assert!(!calls.contains(&Sysno::write));
    }

    #[test]
    fn strace_spellings_are_accepted() {
        assert_eq!(parse("trace=%ipc").unwrap(), parse("ipc").unwrap());
        assert_eq!(parse("all").unwrap(), None);
    }

    #[test]
    fn unknown_words_are_named_in_the_error() {
        let err = parse("ipc,bogus").unwrap_err();
        assert!(err.contains("'bogus'"), "{err}");
        assert!(err.contains("network"), "{err}");
        assert!(parse(",").is_err());
    }

    #[test]
    fn every_class_name_is_a_real_call_somewhere() {
        // Each name must be a call on this architecture or a legacy call
        // another architecture lacks; a typo would silently vanish.
        let legacy = [
            "pipe",
            "mknod",
            "open",
            "dup2",
            "fork",
            "vfork",
            "creat",
            "unlink",
            "stat",
            "lstat",
            "access",
            "mkdir",
            "rmdir",
            "rename",
            "link",
            "symlink",
            "readlink",
            "chmod",
            "chown",
            "poll",
            "select",
            "pause",
            "signalfd",
            "alarm",
            "epoll_wait",
            "truncate",
        ];
        for class in CLASSES {
            for name in class.calls {
                assert!(Sysno::from_str(name).is_ok() || legacy.contains(name), "{} in {}", name, class.name);
            }
        }
    }
}
