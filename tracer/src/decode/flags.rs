//! Tables of symbolic constants and flag bits, named as in the kernel's
//! headers, with the values taken from the libc crate.

use super::value::{Flags, Sym};

/// A set of named bits.
pub struct FlagSet {
    pub bits: &'static [(u64, &'static str)],
    /// Name printed when no bit is set (`0` when None).
    pub zero: Option<&'static str>,
    /// Leftover low bits are a permission mode, printed in octal.
    pub mode_bits: bool,
    /// The low two bits are O_RDONLY/O_WRONLY/O_RDWR, not flags.
    pub access_mode: bool,
}

impl FlagSet {
    pub const fn new(bits: &'static [(u64, &'static str)]) -> Self {
        FlagSet { bits, zero: None, mode_bits: false, access_mode: false }
    }

    /// Decodes `raw` into the names of the set bits and what is left.
    pub fn decode(&self, raw: u64) -> Flags {
        let mut names = Vec::new();
        let mut rest = raw;
        if self.access_mode {
            names.push(match raw & libc::O_ACCMODE as u64 {
                0 => "O_RDONLY",
                1 => "O_WRONLY",
                2 => "O_RDWR",
                _ => "O_ACCMODE",
            });
            rest &= !(libc::O_ACCMODE as u64);
        }
        for &(bits, name) in self.bits {
            if bits != 0 && rest & bits == bits {
                names.push(name);
                rest &= !bits;
            }
        }
        if names.is_empty() && rest == 0 {
            if let Some(zero) = self.zero {
                names.push(zero);
            }
        }
        Flags { raw, names, rest, rest_octal: self.mode_bits }
    }
}

/// A set of constants of which a value is exactly one.
pub struct SymSet(pub &'static [(i64, &'static str)]);

impl SymSet {
    pub fn decode(&self, raw: i64) -> Sym {
        Sym { raw, name: self.name(raw) }
    }

    pub fn name(&self, raw: i64) -> Option<&'static str> {
        self.0.iter().find(|(v, _)| *v == raw).map(|(_, n)| *n)
    }
}

/// A flag constant as a bit mask. The C library declares most flags `int`,
/// so bit 31 (CLONE_IO, SA_RESETHAND) is a negative number there: it is
/// taken as the 32-bit pattern, not sign-extended over the upper half,
/// which would make the flag match only with all 32 upper bits set too.
pub(super) const fn flag_bits(v: i128) -> u64 {
    if v < 0 && v >= i32::MIN as i128 { v as i32 as u32 as u64 } else { v as u64 }
}

macro_rules! bits {
    ($($c:ident),* $(,)? $(; $(($v:expr, $n:literal)),* $(,)?)?) => {
        &[$(($crate::decode::flags::flag_bits(libc::$c as i128), stringify!($c)),)* $($(($v, $n)),*)?]
    };
}
macro_rules! syms {
    ($($c:ident),* $(,)?) => { &[$((libc::$c as i64, stringify!($c))),*] };
}
pub(super) use syms;

/// O_LARGEFILE as the kernel has it: the C library of x86_64 defines it as
/// 0 (every file is large there), but the bit the kernel sets is this one.
#[cfg(target_arch = "x86_64")]
const O_LARGEFILE: u64 = 0o100000;
#[cfg(not(target_arch = "x86_64"))]
const O_LARGEFILE: u64 = libc::O_LARGEFILE as u64;

/// The O_* flags after the access mode, as the kernel numbers them.
const O_BITS: &[(u64, &str)] = &[
    (libc::O_CREAT as u64, "O_CREAT"),
    (libc::O_EXCL as u64, "O_EXCL"),
    (libc::O_NOCTTY as u64, "O_NOCTTY"),
    (libc::O_TRUNC as u64, "O_TRUNC"),
    (libc::O_APPEND as u64, "O_APPEND"),
    (libc::O_NONBLOCK as u64, "O_NONBLOCK"),
    // Before O_DSYNC, whose bit it includes.
    (libc::O_SYNC as u64, "O_SYNC"),
    (libc::O_DSYNC as u64, "O_DSYNC"),
    (libc::O_ASYNC as u64, "O_ASYNC"),
    (libc::O_DIRECT as u64, "O_DIRECT"),
    (O_LARGEFILE, "O_LARGEFILE"),
    // Before O_DIRECTORY, whose bit it includes.
    (libc::O_TMPFILE as u64, "O_TMPFILE"),
    (libc::O_DIRECTORY as u64, "O_DIRECTORY"),
    (libc::O_NOFOLLOW as u64, "O_NOFOLLOW"),
    (libc::O_NOATIME as u64, "O_NOATIME"),
    (libc::O_CLOEXEC as u64, "O_CLOEXEC"),
    (libc::O_PATH as u64, "O_PATH"),
];

/// open(2) flags, after the access mode.
pub static OPEN_FLAGS: FlagSet = FlagSet { bits: O_BITS, zero: None, mode_bits: false, access_mode: true };

/// The O_* flags without an access mode, as strace decodes the flags of
/// pipe2(2) and dup3(2): `O_CLOEXEC`, `0`.
pub static O_FLAGS: FlagSet = FlagSet { bits: O_BITS, zero: Some("0"), mode_bits: false, access_mode: false };

/// clone(2) flags; the low byte is the exit signal, decoded separately.
pub static CLONE_FLAGS: FlagSet = FlagSet::new(bits!(
    CLONE_VM,
    CLONE_FS,
    CLONE_FILES,
    CLONE_SIGHAND,
    CLONE_PIDFD,
    CLONE_PTRACE,
    CLONE_VFORK,
    CLONE_PARENT,
    CLONE_THREAD,
    CLONE_NEWNS,
    CLONE_SYSVSEM,
    CLONE_SETTLS,
    CLONE_PARENT_SETTID,
    CLONE_CHILD_CLEARTID,
    CLONE_DETACHED,
    CLONE_UNTRACED,
    CLONE_CHILD_SETTID,
    CLONE_NEWCGROUP,
    CLONE_NEWUTS,
    CLONE_NEWIPC,
    CLONE_NEWUSER,
    CLONE_NEWPID,
    CLONE_NEWNET,
    CLONE_IO;
    (0x1_0000_0000, "CLONE_CLEAR_SIGHAND"),
    (0x2_0000_0000, "CLONE_INTO_CGROUP"),
));

/// IPC_CREAT and IPC_EXCL of msgget/shmget/semget, then the mode in octal.
pub static IPC_GET_FLAGS: FlagSet =
    FlagSet { bits: bits!(IPC_CREAT, IPC_EXCL, IPC_NOWAIT), zero: None, mode_bits: true, access_mode: false };

/// shmget(2) flags: as for every *get, plus huge pages and no reserve.
pub static SHMGET_FLAGS: FlagSet = FlagSet {
    bits: bits!(IPC_CREAT, IPC_EXCL, SHM_HUGETLB, SHM_NORESERVE),
    zero: None,
    mode_bits: true,
    access_mode: false,
};

/// msgsnd(2)/msgrcv(2) flags.
pub static MSG_FLAGS: FlagSet = FlagSet {
    bits: &[
        (libc::IPC_NOWAIT as u64, "IPC_NOWAIT"),
        (libc::MSG_NOERROR as u64, "MSG_NOERROR"),
        (libc::MSG_EXCEPT as u64, "MSG_EXCEPT"),
        (libc::MSG_COPY as u64, "MSG_COPY"),
    ],
    zero: Some("0"),
    mode_bits: false,
    access_mode: false,
};

/// shmat(2) flags.
pub static SHMAT_FLAGS: FlagSet = FlagSet {
    bits: bits!(SHM_RDONLY, SHM_RND, SHM_REMAP, SHM_EXEC),
    zero: Some("0"),
    mode_bits: false,
    access_mode: false,
};

/// sem_flg of a struct sembuf.
pub static SEM_FLAGS: FlagSet = FlagSet {
    bits: &[(libc::IPC_NOWAIT as u64, "IPC_NOWAIT"), (0x1000, "SEM_UNDO")],
    zero: Some("0"),
    mode_bits: false,
    access_mode: false,
};

/// The commands of msgctl(2), shmctl(2) and semctl(2).
pub static IPC_CMDS: SymSet = SymSet(&[
    (libc::IPC_RMID as i64, "IPC_RMID"),
    (libc::IPC_SET as i64, "IPC_SET"),
    (libc::IPC_STAT as i64, "IPC_STAT"),
    (libc::IPC_INFO as i64, "IPC_INFO"),
    (11, "MSG_STAT"),
    (12, "MSG_INFO"),
    (13, "MSG_STAT_ANY"),
]);

/// shmctl(2) commands beyond the common ones.
pub static SHM_CMDS: SymSet = SymSet(&[
    (libc::IPC_RMID as i64, "IPC_RMID"),
    (libc::IPC_SET as i64, "IPC_SET"),
    (libc::IPC_STAT as i64, "IPC_STAT"),
    (libc::IPC_INFO as i64, "IPC_INFO"),
    (libc::SHM_LOCK as i64, "SHM_LOCK"),
    (libc::SHM_UNLOCK as i64, "SHM_UNLOCK"),
    (13, "SHM_STAT"),
    (14, "SHM_INFO"),
    (15, "SHM_STAT_ANY"),
]);

/// semctl(2) commands.
pub static SEM_CMDS: SymSet = SymSet(&[
    (libc::IPC_RMID as i64, "IPC_RMID"),
    (libc::IPC_SET as i64, "IPC_SET"),
    (libc::IPC_STAT as i64, "IPC_STAT"),
    (libc::IPC_INFO as i64, "IPC_INFO"),
    (11, "GETPID"),
    (12, "GETVAL"),
    (13, "GETALL"),
    (14, "GETNCNT"),
    (15, "GETZCNT"),
    (16, "SETVAL"),
    (17, "SETALL"),
    (18, "SEM_STAT"),
    (19, "SEM_INFO"),
    (20, "SEM_STAT_ANY"),
]);

/// mmap(2) protections.
pub static PROT_FLAGS: FlagSet = FlagSet {
    bits: bits!(PROT_READ, PROT_WRITE, PROT_EXEC, PROT_GROWSDOWN, PROT_GROWSUP),
    zero: Some("PROT_NONE"),
    mode_bits: false,
    access_mode: false,
};

/// mmap(2) flags; the sharing type comes first.
pub static MAP_FLAGS: FlagSet = FlagSet::new(bits!(
    MAP_SHARED_VALIDATE,
    MAP_SHARED,
    MAP_PRIVATE,
    MAP_FIXED,
    MAP_ANONYMOUS,
    MAP_GROWSDOWN,
    MAP_DENYWRITE,
    MAP_EXECUTABLE,
    MAP_LOCKED,
    MAP_NORESERVE,
    MAP_POPULATE,
    MAP_NONBLOCK,
    MAP_STACK,
    MAP_HUGETLB,
    MAP_SYNC,
    MAP_FIXED_NOREPLACE,
));

/// wait4(2)/waitid(2) options.
pub static WAIT_OPTIONS: FlagSet = FlagSet {
    bits: &[
        (libc::WNOHANG as u64, "WNOHANG"),
        (libc::WUNTRACED as u64, "WUNTRACED"),
        (libc::WEXITED as u64, "WEXITED"),
        (libc::WCONTINUED as u64, "WCONTINUED"),
        (libc::WNOWAIT as u64, "WNOWAIT"),
        (0x2000_0000, "__WNOTHREAD"),
        (0x4000_0000, "__WALL"),
        (0x8000_0000, "__WCLONE"),
    ],
    zero: Some("0"),
    mode_bits: false,
    access_mode: false,
};

/// The *at calls' AT_* flags.
pub static AT_FLAGS: FlagSet = FlagSet {
    bits: bits!(AT_SYMLINK_NOFOLLOW, AT_REMOVEDIR, AT_SYMLINK_FOLLOW, AT_NO_AUTOMOUNT, AT_EMPTY_PATH),
    zero: Some("0"),
    mode_bits: false,
    access_mode: false,
};

/// rt_sigprocmask(2) `how`.
pub static SIGPROCMASK_HOW: SymSet = SymSet(syms!(SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK));

/// sa_flags of a struct sigaction.
pub static SA_FLAGS: FlagSet = FlagSet {
    bits: &[
        (libc::SA_NOCLDSTOP as u64, "SA_NOCLDSTOP"),
        (libc::SA_NOCLDWAIT as u64, "SA_NOCLDWAIT"),
        (libc::SA_SIGINFO as u64, "SA_SIGINFO"),
        (0x0400_0000, "SA_RESTORER"),
        (libc::SA_ONSTACK as u64, "SA_ONSTACK"),
        (libc::SA_RESTART as u64, "SA_RESTART"),
        (libc::SA_NODEFER as u64, "SA_NODEFER"),
        (flag_bits(libc::SA_RESETHAND as i128), "SA_RESETHAND"),
    ],
    zero: Some("0"),
    mode_bits: false,
    access_mode: false,
};

/// Socket address families.
pub static ADDRESS_FAMILIES: SymSet = SymSet(syms!(
    AF_UNSPEC,
    AF_UNIX,
    AF_INET,
    AF_AX25,
    AF_IPX,
    AF_APPLETALK,
    AF_X25,
    AF_INET6,
    AF_KEY,
    AF_NETLINK,
    AF_PACKET,
    AF_IRDA,
    AF_CAN,
    AF_BLUETOOTH,
    AF_VSOCK,
    AF_ALG,
    AF_XDP,
));

/// Socket types, without SOCK_NONBLOCK and SOCK_CLOEXEC.
pub static SOCKET_TYPES: SymSet = SymSet(syms!(SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, SOCK_RDM, SOCK_SEQPACKET));

/// send(2)/recv(2) flags.
pub static MSG_IO_FLAGS: FlagSet = FlagSet {
    bits: bits!(
        MSG_OOB,
        MSG_PEEK,
        MSG_DONTROUTE,
        MSG_CTRUNC,
        MSG_TRUNC,
        MSG_DONTWAIT,
        MSG_EOR,
        MSG_WAITALL,
        MSG_NOSIGNAL,
        MSG_MORE,
        MSG_CMSG_CLOEXEC,
        MSG_ERRQUEUE,
        MSG_CONFIRM,
    ),
    zero: Some("0"),
    mode_bits: false,
    access_mode: false,
};

/// shutdown(2) `how`.
pub static SHUTDOWN_HOW: SymSet = SymSet(syms!(SHUT_RD, SHUT_WR, SHUT_RDWR));

/// fcntl(2) commands.
pub static FCNTL_CMDS: SymSet = SymSet(&[
    (libc::F_DUPFD as i64, "F_DUPFD"),
    (libc::F_GETFD as i64, "F_GETFD"),
    (libc::F_SETFD as i64, "F_SETFD"),
    (libc::F_GETFL as i64, "F_GETFL"),
    (libc::F_SETFL as i64, "F_SETFL"),
    (libc::F_GETLK as i64, "F_GETLK"),
    (libc::F_SETLK as i64, "F_SETLK"),
    (libc::F_SETLKW as i64, "F_SETLKW"),
    (libc::F_SETOWN as i64, "F_SETOWN"),
    (libc::F_GETOWN as i64, "F_GETOWN"),
    (libc::F_SETLEASE as i64, "F_SETLEASE"),
    (libc::F_GETLEASE as i64, "F_GETLEASE"),
    (libc::F_NOTIFY as i64, "F_NOTIFY"),
    (libc::F_DUPFD_CLOEXEC as i64, "F_DUPFD_CLOEXEC"),
    (libc::F_SETPIPE_SZ as i64, "F_SETPIPE_SZ"),
    (libc::F_GETPIPE_SZ as i64, "F_GETPIPE_SZ"),
    (libc::F_ADD_SEALS as i64, "F_ADD_SEALS"),
    (libc::F_GET_SEALS as i64, "F_GET_SEALS"),
    (libc::F_OFD_GETLK as i64, "F_OFD_GETLK"),
    (libc::F_OFD_SETLK as i64, "F_OFD_SETLK"),
    (libc::F_OFD_SETLKW as i64, "F_OFD_SETLKW"),
    (10, "F_SETSIG"),
    (11, "F_GETSIG"),
    (15, "F_SETOWN_EX"),
    (16, "F_GETOWN_EX"),
]);

/// Record lock types.
pub static LOCK_TYPES: SymSet = SymSet(syms!(F_RDLCK, F_WRLCK, F_UNLCK));

/// lseek(2) `whence`, and the l_whence of a lock.
pub static WHENCE: SymSet = SymSet(syms!(SEEK_SET, SEEK_CUR, SEEK_END, SEEK_DATA, SEEK_HOLE));

/// flock(2) operations.
pub static FLOCK_OPS: FlagSet = FlagSet::new(bits!(LOCK_SH, LOCK_EX, LOCK_NB, LOCK_UN));

/// Flags a file descriptor itself carries (F_GETFD/F_SETFD).
pub static FD_CLOEXEC_FLAGS: FlagSet =
    FlagSet { bits: bits!(FD_CLOEXEC), zero: Some("0"), mode_bits: false, access_mode: false };

/// File types in the mode of mknod(2).
pub static FILE_TYPES: SymSet = SymSet(syms!(S_IFIFO, S_IFCHR, S_IFDIR, S_IFBLK, S_IFREG, S_IFLNK, S_IFSOCK));

/// Clock ids.
pub static CLOCKS: SymSet = SymSet(syms!(
    CLOCK_REALTIME,
    CLOCK_MONOTONIC,
    CLOCK_PROCESS_CPUTIME_ID,
    CLOCK_THREAD_CPUTIME_ID,
    CLOCK_MONOTONIC_RAW,
    CLOCK_REALTIME_COARSE,
    CLOCK_MONOTONIC_COARSE,
    CLOCK_BOOTTIME,
    CLOCK_REALTIME_ALARM,
    CLOCK_BOOTTIME_ALARM,
    CLOCK_TAI,
));

/// access(2) modes.
pub static ACCESS_MODES: FlagSet =
    FlagSet { bits: bits!(R_OK, W_OK, X_OK), zero: Some("F_OK"), mode_bits: false, access_mode: false };

/// poll(2) events.
pub static POLL_EVENTS: FlagSet = FlagSet {
    bits: &[
        (libc::POLLIN as u64, "POLLIN"),
        (libc::POLLPRI as u64, "POLLPRI"),
        (libc::POLLOUT as u64, "POLLOUT"),
        (libc::POLLERR as u64, "POLLERR"),
        (libc::POLLHUP as u64, "POLLHUP"),
        (libc::POLLNVAL as u64, "POLLNVAL"),
        (libc::POLLRDNORM as u64, "POLLRDNORM"),
        (libc::POLLRDBAND as u64, "POLLRDBAND"),
        (libc::POLLWRNORM as u64, "POLLWRNORM"),
        (libc::POLLWRBAND as u64, "POLLWRBAND"),
        (libc::POLLRDHUP as u64, "POLLRDHUP"),
    ],
    zero: Some("0"),
    mode_bits: false,
    access_mode: false,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipc_flags_print_the_mode_in_octal() {
        let f = IPC_GET_FLAGS.decode((libc::IPC_CREAT | 0o600) as u64);
        assert_eq!(crate::decode::Value::Flags(f).to_string(), "IPC_CREAT|0600");
    }

    #[test]
    fn open_flags_start_with_the_access_mode() {
        let f = OPEN_FLAGS.decode((libc::O_WRONLY | libc::O_CREAT | libc::O_CLOEXEC) as u64);
        assert_eq!(crate::decode::Value::Flags(f).to_string(), "O_WRONLY|O_CREAT|O_CLOEXEC");
    }

    #[test]
    fn open_flags_name_the_flags_that_include_other_bits() {
        let f = OPEN_FLAGS.decode((libc::O_RDWR | libc::O_TMPFILE | libc::O_SYNC) as u64);
        assert_eq!(crate::decode::Value::Flags(f).to_string(), "O_RDWR|O_SYNC|O_TMPFILE");
        let f = OPEN_FLAGS.decode((libc::O_DIRECTORY | libc::O_DSYNC) as u64);
        assert_eq!(crate::decode::Value::Flags(f).to_string(), "O_RDONLY|O_DSYNC|O_DIRECTORY");
    }

    #[test]
    fn unknown_bits_are_kept_in_hex() {
        let f = O_FLAGS.decode(libc::O_CLOEXEC as u64 | 0x1);
        assert_eq!(crate::decode::Value::Flags(f).to_string(), "O_CLOEXEC|0x1");
        assert_eq!(crate::decode::Value::Flags(O_FLAGS.decode(0)).to_string(), "0");
    }
}
