//! The table answers what the lists it replaced said, call for call.

use std::collections::BTreeSet;
use std::str::FromStr;

use super::*;

/// The calls of `names` that exist on this architecture.
fn set(names: &str) -> BTreeSet<Sysno> {
    names.split_whitespace().filter_map(|n| Sysno::from_str(n).ok()).collect()
}

fn derived(pick: impl Fn(&Call) -> bool) -> BTreeSet<Sysno> {
    calls_where(pick).into_iter().collect()
}

#[test]
fn every_number_finds_its_own_row() {
    for s in Sysno::iter() {
        assert_eq!(of(s).sysno, s);
        assert_eq!(of_nr(s.id() as u64).map(|c| c.sysno), Some(s));
    }
    assert_eq!(all().count(), Sysno::count());
    assert!(of_nr(u64::MAX).is_none() && of_nr(100_000).is_none());
    #[cfg(target_arch = "x86_64")]
    assert!(of_nr(400).is_none(), "a gap in the x86_64 numbering has no row");
}

#[test]
fn the_classes_hold_the_calls_they_held_as_lists() {
    let lists = [
        (
            Classes::IPC,
            "msgget msgsnd msgrcv msgctl shmget shmat shmdt shmctl semget semop semtimedop semctl mq_open mq_unlink \
             mq_timedsend mq_timedreceive mq_notify mq_getsetattr",
        ),
        (
            Classes::PIPE,
            "pipe pipe2 mknod mknodat open openat read write readv writev close dup dup2 dup3 splice tee vmsplice",
        ),
        (
            Classes::PROCESS,
            "fork vfork clone clone3 execve execveat wait4 waitid exit exit_group kill tkill tgkill pidfd_open \
             pidfd_send_signal unshare setsid setpgid",
        ),
        (
            Classes::SIGNAL,
            "kill tkill tgkill rt_sigaction rt_sigprocmask rt_sigsuspend rt_sigreturn rt_sigpending rt_sigtimedwait \
             rt_sigqueueinfo rt_tgsigqueueinfo pause signalfd signalfd4 sigaltstack pidfd_send_signal alarm setitimer",
        ),
        (
            Classes::NETWORK,
            "socket socketpair bind connect listen accept accept4 sendto recvfrom sendmsg recvmsg sendmmsg recvmmsg \
             shutdown getsockname getpeername setsockopt getsockopt",
        ),
        (
            Classes::FILE,
            "open openat openat2 creat unlink unlinkat mknod mknodat stat lstat newfstatat statx access faccessat \
             faccessat2 execve execveat mkdir mkdirat rmdir rename renameat renameat2 link linkat symlink symlinkat \
             readlink readlinkat chmod fchmodat chown fchownat truncate chdir inotify_add_watch utimensat statfs",
        ),
        (
            Classes::DESC,
            "read write readv writev pread64 pwrite64 close close_range dup dup2 dup3 fcntl flock fstat lseek ioctl \
             poll ppoll select pselect6 epoll_create1 epoll_ctl epoll_wait epoll_pwait eventfd2 signalfd4 pipe pipe2 \
             open openat socket socketpair accept accept4 mq_open mq_timedsend mq_timedreceive inotify_init1 \
             memfd_create ftruncate fsync sendfile splice",
        ),
        (
            Classes::MEMORY,
            "mmap munmap mprotect mremap brk madvise msync mlock munlock mlockall munlockall shmat shmdt memfd_create",
        ),
    ];
    for (class, names) in lists {
        let mut want = set(names);
        // aarch64 names newfstatat fstatat.
        if cfg!(target_arch = "aarch64") && class == Classes::FILE {
            want.extend(set("fstatat"));
        }
        assert_eq!(derived(|c| c.classes.contains(class)), want, "{class:?}");
    }
}

#[test]
fn the_calls_that_keep_or_replace_descriptors_are_the_listed_ones() {
    let mut keeps =
        set("read write readv writev pread64 pwrite64 preadv pwritev lseek fstat statx getdents64 fsync fdatasync \
         ftruncate flock sendto sendmsg sendmmsg recvfrom shutdown bind listen connect getsockname getpeername \
         getsockopt setsockopt ppoll pselect6 epoll_pwait epoll_ctl getpid getppid gettid getuid geteuid getgid \
         getegid getpgid getsid kill tkill tgkill rt_sigqueueinfo rt_sigaction rt_sigprocmask rt_sigreturn \
         rt_sigsuspend rt_sigtimedwait rt_sigpending sigaltstack nanosleep clock_nanosleep clock_gettime \
         gettimeofday sched_yield futex wait4 waitid brk mmap munmap mprotect mremap madvise msgsnd msgrcv msgget \
         msgctl semop semtimedop semget semctl shmget shmat shmdt shmctl mq_timedsend mq_timedreceive mq_notify \
         mq_getsetattr mq_unlink faccessat faccessat2 readlinkat unlinkat mkdirat mknodat renameat renameat2 \
         getrandom getrusage prlimit64 uname set_robust_list set_tid_address rseq exit");
    #[cfg(target_arch = "x86_64")]
    keeps.extend(set(
        "poll select pause alarm getpgrp time access readlink stat lstat unlink mkdir newfstatat epoll_wait",
    ));
    #[cfg(target_arch = "aarch64")]
    keeps.insert(Sysno::fstatat);
    assert_eq!(derived(|c| c.fds == FdEffect::Keeps), keeps);
    // The fd cache's stale-making calls, and exec (whose event clears it too).
    let replaces = set("close close_range dup2 dup3 io_uring_enter execve execveat");
    assert_eq!(derived(|c| c.fds == FdEffect::Replaces), replaces);
    assert!(derived(|c| c.fds == FdEffect::Adds).contains(&Sysno::openat));
    assert_eq!(of(Sysno::fcntl).fds, FdEffect::Adds, "F_DUPFD");
    assert_eq!(of(Sysno::clone).fds, FdEffect::Unknown);
}

#[test]
fn the_calls_the_ledger_needs_are_those_that_create_or_remove() {
    let needs =
        set("pipe pipe2 mknod mknodat unlink unlinkat msgget msgctl semget semctl shmget shmctl mq_open mq_unlink \
         socket socketpair bind accept accept4 link linkat");
    assert_eq!(derived(|c| c.object.changes_ledger()), needs);
    // And munmap, before which a POSIX shared memory object is read.
    let mut hidden = needs.clone();
    hidden.insert(Sysno::munmap);
    assert_eq!(derived(|c| c.object.needed_when_hidden()), hidden);
    let creating: Vec<(Sysno, u8)> = all()
        .filter_map(|c| match c.object.effect {
            Effect::CreatesIf { flags_arg } => Some((c.sysno, flags_arg)),
            _ => None,
        })
        .collect();
    let mut want = vec![(Sysno::openat, 2)];
    #[cfg(target_arch = "x86_64")]
    want.insert(0, (Sysno::open, 1));
    assert_eq!(creating, want);
}

#[test]
fn the_calls_that_rename_files_are_unlink_and_rename() {
    // mq_unlink too: /proc names a queue's descriptor `/name (deleted)` after it.
    assert_eq!(derived(|c| c.renames_files), set("unlink rename rmdir unlinkat renameat renameat2 mq_unlink"));
}

#[test]
fn a_data_call_names_its_descriptor_and_count() {
    let read = of(Sysno::read);
    assert_eq!(read.io, Some(Io { dir: Dir::In, fd_arg: 0, count_arg: Some(2) }));
    assert_eq!(read.waits, Some(Wait::Data));
    assert_eq!(of(Sysno::sendmsg).io.map(|io| (io.dir, io.count_arg)), Some((Dir::Out, None)));
    // Every call with a descriptor argument position has that argument named as one.
    for c in all().filter(|c| c.io.is_some()) {
        let io = c.io.unwrap();
        let Some(super::super::spec::Decoder::Spec { args, .. }) = c.decoder else { continue };
        let (name, _) = args[io.fd_arg as usize];
        assert!(name == "fd" || name == "sockfd", "{:?}: argument {} is {name}", c.sysno, io.fd_arg);
    }
}

#[test]
fn every_call_is_decoded_with_named_arguments_not_raw_registers() {
    use crate::decode::{DecodeOptions, FakeMemory, RawSyscall, decode_entry};
    let (mem, opts) = (FakeMemory::new(), DecodeOptions::default());
    let mut raw = Vec::new();
    for c in all() {
        assert!(c.decoder.is_some(), "{:?} has no decoder", c.sysno);
        for regs in [[0u64; 6], [u64::MAX; 6], [0x0def_aced_0000_0001; 6]] {
            let call = decode_entry(RawSyscall::new(c.sysno.id() as u64, regs), &mem, &opts);
            if call.args.iter().any(|a| a.name == "arg0" || a.name == "arg1") {
                raw.push(c.sysno.name());
                break;
            }
        }
    }
    assert!(raw.is_empty(), "calls shown with raw registers: {raw:?}");
}

#[test]
fn the_count_of_calls_with_a_decoder_is_every_call() {
    let decoded = all().filter(|c| c.decoder.is_some()).count();
    assert_eq!(decoded, Sysno::count(), "{decoded} of {} calls have a decoder", Sysno::count());
}
