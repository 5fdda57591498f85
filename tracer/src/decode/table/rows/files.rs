//! Paths: opening, creating, linking, removing, status, attributes, mounts.

use syscalls::Sysno as S;

use super::super::super::RetKind::{Fd as RFd, Int as RInt};
use super::super::super::calls::*;
use super::super::super::events::INOTIFY_INIT_FLAGS;
use super::super::super::files::*;
use super::super::super::flags::*;
use super::super::super::spec::K::*;
use super::super::super::system::*;
use super::super::super::time::*;
use super::super::{Call, Effect as E, Family as F, Wait as W};
use super::{DESC, FILE, PIPE, PROCESS, c, custom, spec};

#[rustfmt::skip]
pub(super) const ROWS: &[Call] = &[
    c(S::openat, &[PIPE, FILE, DESC]).adds().on(F::Path, E::CreatesIf { flags_arg: 2 }).waits(W::FifoPeer)
        .decode(&OPENAT),
    c(S::openat2, &[FILE]).adds().on(F::Path, E::Opens)
        .decode(spec!(RFd; "dirfd": AtFd, "pathname": Path, "how": In(open_how_in), "size": Ulong)),
    c(S::mknodat, &[PIPE, FILE]).keeps().on(F::Pipe, E::Creates).decode(&MKNODAT),
    c(S::unlinkat, &[FILE]).keeps().on(F::Path, E::Removes).renames()
        .decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "flags": Flags(&AT_FLAGS))),
    c(S::faccessat, &[FILE]).keeps()
        .decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "mode": Flags(&ACCESS_MODES))),
    c(S::faccessat2, &[FILE]).keeps()
        .decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "mode": Flags(&ACCESS_MODES), "flags": Flags(&AT_FLAGS))),
    c(S::statx, &[FILE]).keeps()
        .decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "flags": Flags(&STATX_FLAGS), "mask": Flags(&STATX_MASK), "statxbuf": Out(statx_out))),
    c(S::renameat, &[FILE]).keeps().renames()
        .decode(spec!(RInt; "olddirfd": AtFd, "oldpath": Path, "newdirfd": AtFd, "newpath": Path)),
    c(S::renameat2, &[FILE]).keeps().renames()
        .decode(spec!(RInt; "olddirfd": AtFd, "oldpath": Path, "newdirfd": AtFd, "newpath": Path, "flags": Flags(&RENAME_FLAGS))),
    c(S::linkat, &[FILE]).on(F::Path, E::Creates)
        .decode(spec!(RInt; "olddirfd": AtFd, "oldpath": Path, "newdirfd": AtFd, "newpath": Path, "flags": Flags(&AT_FLAGS))),
    c(S::symlinkat, &[FILE]).decode(spec!(RInt; "target": Path, "newdirfd": AtFd, "linkpath": Path)),
    c(S::readlinkat, &[FILE]).keeps()
        .decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "buf": Out(link_target_out), "bufsiz": Int)),
    c(S::fchmodat, &[FILE]).decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "mode": Mode)),
    c(S::fchmodat2, &[])
        .decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "mode": Mode, "flags": Flags(&AT_FLAGS))),
    c(S::fchownat, &[FILE])
        .decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "owner": Uid, "group": Uid, "flags": Flags(&AT_FLAGS))),
    c(S::umask, &[]).decode(spec!(super::super::super::RetKind::Oct; "mask": Mode)),
    c(S::mkdirat, &[FILE]).keeps().decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "mode": Mode)),
    c(S::getcwd, &[]).decode(spec!(RInt; "buf": Out(getcwd_buf), "size": Ulong)),
    c(S::chdir, &[FILE]).decode(spec!(RInt; "path": Path)),
    c(S::chroot, &[]).decode(spec!(RInt; "path": Path)),
    c(S::truncate, &[FILE]).decode(spec!(RInt; "path": Path, "length": Long)),
    c(S::statfs, &[FILE]).decode(spec!(RInt; "path": Path, "buf": Out(statfs_out))),
    c(S::utimensat, &[FILE])
        .decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "times": In(utimens_in), "flags": Flags(&AT_FLAGS))),
    #[cfg(target_arch = "aarch64")]
    c(S::utimensat_time64, &[])
        .decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "times": In(utimens_in), "flags": Flags(&AT_FLAGS))),
    c(S::inotify_init1, &[DESC]).adds().decode(spec!(RFd; "flags": Flags(&INOTIFY_INIT_FLAGS))),
    c(S::inotify_add_watch, &[FILE])
        .decode(spec!(RInt; "fd": Fd, "pathname": Path, "mask": Flags(&super::super::super::events::INOTIFY_MASK))),
    c(S::inotify_rm_watch, &[]).decode(spec!(RInt; "fd": Fd, "wd": Int)),
    c(S::fanotify_init, &[]).adds().decode(spec!(RFd; "flags": Hex32, "event_f_flags": Flags(&OPEN_FLAGS))),
    c(S::fanotify_mark, &[])
        .decode(spec!(RInt; "fanotify_fd": Fd, "flags": Hex32, "mask": Hex, "dirfd": AtFd, "pathname": Path)),
    c(S::setxattr, &[]).decode(spec!(RInt; "path": Path, "name": Str, "value": InBuf(3), "size": Ulong, "flags": Flags(&XATTR_FLAGS))),
    c(S::lsetxattr, &[]).decode(spec!(RInt; "path": Path, "name": Str, "value": InBuf(3), "size": Ulong, "flags": Flags(&XATTR_FLAGS))),
    c(S::fsetxattr, &[]).decode(spec!(RInt; "fd": Fd, "name": Str, "value": InBuf(3), "size": Ulong, "flags": Flags(&XATTR_FLAGS))),
    c(S::getxattr, &[]).decode(spec!(RInt; "path": Path, "name": Str, "value": OutBuf, "size": Ulong)),
    c(S::lgetxattr, &[]).decode(spec!(RInt; "path": Path, "name": Str, "value": OutBuf, "size": Ulong)),
    c(S::fgetxattr, &[]).decode(spec!(RInt; "fd": Fd, "name": Str, "value": OutBuf, "size": Ulong)),
    c(S::listxattr, &[]).decode(spec!(RInt; "path": Path, "list": Out(xattr_list_out), "size": Ulong)),
    c(S::llistxattr, &[]).decode(spec!(RInt; "path": Path, "list": Out(xattr_list_out), "size": Ulong)),
    c(S::flistxattr, &[]).decode(spec!(RInt; "fd": Fd, "list": Out(xattr_list_out), "size": Ulong)),
    c(S::removexattr, &[]).decode(spec!(RInt; "path": Path, "name": Str)),
    c(S::lremovexattr, &[]).decode(spec!(RInt; "path": Path, "name": Str)),
    c(S::fremovexattr, &[]).decode(spec!(RInt; "fd": Fd, "name": Str)),
    c(S::setxattrat, &[])
        .decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "at_flags": Flags(&AT_FLAGS), "name": Str, "args": Ptr, "size": Ulong)),
    c(S::getxattrat, &[])
        .decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "at_flags": Flags(&AT_FLAGS), "name": Str, "args": Ptr, "size": Ulong)),
    c(S::listxattrat, &[])
        .decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "at_flags": Flags(&AT_FLAGS), "list": Out(xattr_list_out), "size": Ulong)),
    c(S::removexattrat, &[])
        .decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "at_flags": Flags(&AT_FLAGS), "name": Str)),
    c(S::file_getattr, &[])
        .decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "fsx": Ptr, "usize": Ulong, "at_flags": Flags(&AT_FLAGS))),
    c(S::file_setattr, &[])
        .decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "fsx": Ptr, "usize": Ulong, "at_flags": Flags(&AT_FLAGS))),
    c(S::mount, &[])
        .decode(spec!(RInt; "source": Path, "target": Path, "filesystemtype": In(mount_type), "mountflags": Flags64(&MOUNT_FLAGS), "data": In(mount_data))),
    c(S::umount2, &[]).decode(spec!(RInt; "target": Path, "flags": Flags(&UMOUNT_FLAGS))),
    c(S::pivot_root, &[]).decode(spec!(RInt; "new_root": Path, "put_old": Path)),
    c(S::open_tree, &[]).adds().decode(spec!(RFd; "dirfd": AtFd, "path": Path, "flags": Hex32)),
    c(S::open_tree_attr, &[]).adds()
        .decode(spec!(RFd; "dirfd": AtFd, "path": Path, "flags": Hex32, "attr": Ptr, "size": Ulong)),
    c(S::move_mount, &[])
        .decode(spec!(RInt; "from_dirfd": AtFd, "from_path": Path, "to_dirfd": AtFd, "to_path": Path, "flags": Hex32)),
    c(S::fsopen, &[]).adds().decode(spec!(RFd; "fsname": Str, "flags": Hex32)),
    c(S::fsconfig, &[]).decode(spec!(RInt; "fd": Fd, "cmd": Uint, "key": Str, "value": Ptr, "aux": Int)),
    c(S::fsmount, &[]).adds().decode(spec!(RFd; "fd": Fd, "flags": Hex32, "attr_flags": Hex32)),
    c(S::fspick, &[]).adds().decode(spec!(RFd; "dirfd": AtFd, "path": Path, "flags": Hex32)),
    c(S::mount_setattr, &[])
        .decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "flags": Flags(&AT_FLAGS), "attr": Ptr, "size": Ulong)),
    c(S::statmount, &[]).decode(spec!(RInt; "req": Ptr, "buf": Ptr, "bufsize": Ulong, "flags": Hex32)),
    c(S::listmount, &[]).decode(spec!(RInt; "req": Ptr, "mnt_ids": Ptr, "nr_mnt_ids": Ulong, "flags": Hex32)),
    c(S::quotactl, &[]).decode(spec!(RInt; "cmd": Hex32, "special": Path, "id": Int, "addr": Ptr)),
    c(S::quotactl_fd, &[]).decode(spec!(RInt; "fd": Fd, "cmd": Hex32, "id": Int, "addr": Ptr)),
    c(S::acct, &[]).decode(spec!(RInt; "filename": Path)),
    c(S::swapon, &[]).decode(spec!(RInt; "path": Path, "swapflags": Hex32)),
    c(S::swapoff, &[]).decode(spec!(RInt; "path": Path)),
    c(S::execve, &[PROCESS, FILE]).replaces()
        .decode(spec!(RInt; "pathname": Path, "argv": In(super::super::super::process::argv), "envp": In(super::super::super::process::envp))),
    c(S::execveat, &[PROCESS, FILE]).replaces()
        .decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "argv": In(super::super::super::process::argv), "envp": In(super::super::super::process::envp), "flags": Flags(&AT_FLAGS))),
    // The kernel's newfstatat, which the syscalls crate calls fstatat on aarch64.
    #[cfg(not(target_arch = "aarch64"))]
    c(S::newfstatat, &[FILE]).keeps().decode(NEWFSTATAT),
    #[cfg(target_arch = "aarch64")]
    c(S::fstatat, &[FILE]).keeps().decode(NEWFSTATAT),
    // Calls x86_64 kept and newer architectures dropped for their *at forms.
    #[cfg(target_arch = "x86_64")]
    c(S::open, &[PIPE, FILE, DESC]).adds().on(F::Path, E::CreatesIf { flags_arg: 1 }).waits(W::FifoPeer)
        .decode(&OPEN),
    #[cfg(target_arch = "x86_64")]
    c(S::creat, &[FILE]).adds().on(F::Path, E::Opens).decode(spec!(RFd; "pathname": Path, "mode": Mode)),
    #[cfg(target_arch = "x86_64")]
    c(S::mknod, &[PIPE, FILE]).on(F::Pipe, E::Creates).decode(&MKNOD),
    #[cfg(target_arch = "x86_64")]
    c(S::stat, &[FILE]).keeps().decode(spec!(RInt; "pathname": Path, "statbuf": Out(stat_out))),
    #[cfg(target_arch = "x86_64")]
    c(S::lstat, &[FILE]).keeps().decode(spec!(RInt; "pathname": Path, "statbuf": Out(stat_out))),
    #[cfg(target_arch = "x86_64")]
    c(S::rename, &[FILE]).renames().decode(spec!(RInt; "oldpath": Path, "newpath": Path)),
    #[cfg(target_arch = "x86_64")]
    c(S::link, &[FILE]).on(F::Path, E::Creates).decode(spec!(RInt; "oldpath": Path, "newpath": Path)),
    #[cfg(target_arch = "x86_64")]
    c(S::symlink, &[FILE]).decode(spec!(RInt; "target": Path, "linkpath": Path)),
    #[cfg(target_arch = "x86_64")]
    c(S::readlink, &[FILE]).keeps()
        .decode(spec!(RInt; "pathname": Path, "buf": Out(link_target_out), "bufsiz": Int)),
    #[cfg(target_arch = "x86_64")]
    c(S::chmod, &[FILE]).decode(spec!(RInt; "pathname": Path, "mode": Mode)),
    #[cfg(target_arch = "x86_64")]
    c(S::chown, &[FILE]).decode(spec!(RInt; "pathname": Path, "owner": Uid, "group": Uid)),
    #[cfg(target_arch = "x86_64")]
    c(S::lchown, &[]).decode(spec!(RInt; "pathname": Path, "owner": Uid, "group": Uid)),
    #[cfg(target_arch = "x86_64")]
    c(S::unlink, &[FILE]).keeps().on(F::Path, E::Removes).renames().decode(spec!(RInt; "pathname": Path)),
    #[cfg(target_arch = "x86_64")]
    c(S::access, &[FILE]).keeps().decode(spec!(RInt; "pathname": Path, "mode": Flags(&ACCESS_MODES))),
    #[cfg(target_arch = "x86_64")]
    c(S::mkdir, &[FILE]).keeps().decode(spec!(RInt; "pathname": Path, "mode": Mode)),
    #[cfg(target_arch = "x86_64")]
    c(S::rmdir, &[FILE]).renames().decode(spec!(RInt; "pathname": Path)),
    #[cfg(target_arch = "x86_64")]
    c(S::utime, &[]).decode(spec!(RInt; "filename": Path, "times": In(utimbuf_in))),
    #[cfg(target_arch = "x86_64")]
    c(S::utimes, &[]).decode(spec!(RInt; "filename": Path, "times": In(timevals_in))),
    #[cfg(target_arch = "x86_64")]
    c(S::futimesat, &[]).decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "times": In(timevals_in))),
    #[cfg(target_arch = "x86_64")]
    c(S::inotify_init, &[]).adds().decode(spec!(RFd;)),
    #[cfg(target_arch = "x86_64")]
    c(S::uselib, &[]).decode(spec!(RInt; "library": Path)),
    #[cfg(target_arch = "x86_64")]
    c(S::ustat, &[]).decode(spec!(RInt; "dev": Hex32, "ubuf": Ptr)),
    #[cfg(target_arch = "x86_64")]
    c(S::sysfs, &[]).decode(spec!(RInt; "option": Int, "fs": Hex, "buf": Ptr)),
];

/// newfstatat(2), under either name.
const NEWFSTATAT: &super::super::super::spec::Decoder =
    spec!(RInt; "dirfd": AtFd, "pathname": Path, "statbuf": Out(stat_out), "flags": Flags(&AT_FLAGS));

#[cfg(target_arch = "x86_64")]
const OPEN: super::super::super::spec::Decoder = custom(open_entry, None, RFd);
const OPENAT: super::super::super::spec::Decoder = custom(openat_entry, None, RFd);
const MKNODAT: super::super::super::spec::Decoder = custom(mknodat_entry, None, RInt);
#[cfg(target_arch = "x86_64")]
const MKNOD: super::super::super::spec::Decoder = custom(mknod_entry, None, RInt);
