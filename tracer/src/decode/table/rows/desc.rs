//! Descriptors: reading, writing, duplicating, closing, controlling.

use syscalls::Sysno as S;

use super::super::super::RetKind::{Fd as RFd, Int as RInt};
use super::super::super::admin::*;
use super::super::super::calls::*;
use super::super::super::files::*;
use super::super::super::flags::*;
use super::super::super::spec::K::*;
use super::super::super::system::*;
use super::super::{Call, Effect as E, Family as F, Wait as W};
use super::{DESC, MEMORY, PIPE, c, custom, spec};

#[rustfmt::skip]
pub(super) const ROWS: &[Call] = &[
    c(S::read, &[PIPE, DESC]).keeps().on(F::Descriptor, E::Uses).waits(W::Data).reads(0, Some(2))
        .decode(spec!(RInt; "fd": Fd, "buf": OutBuf, "count": Ulong)),
    c(S::write, &[PIPE, DESC]).keeps().on(F::Descriptor, E::Uses).waits(W::Data).writes(0, Some(2))
        .decode(spec!(RInt; "fd": Fd, "buf": InBuf(2), "count": Ulong)),
    c(S::pread64, &[DESC]).keeps().waits(W::Data).reads(0, Some(2))
        .decode(spec!(RInt; "fd": Fd, "buf": OutBuf, "count": Ulong, "offset": Long)),
    c(S::pwrite64, &[DESC]).keeps().waits(W::Data).writes(0, Some(2))
        .decode(spec!(RInt; "fd": Fd, "buf": InBuf(2), "count": Ulong, "offset": Long)),
    c(S::readv, &[PIPE, DESC]).keeps().on(F::Descriptor, E::Uses).waits(W::Data).reads(0, Some(2))
        .decode(spec!(RInt; "fd": Fd, "iov": InOut(iovec_shape, iovec_after), "iovcnt": Ulong)),
    c(S::writev, &[PIPE, DESC]).keeps().on(F::Descriptor, E::Uses).waits(W::Data).writes(0, Some(2))
        .decode(spec!(RInt; "fd": Fd, "iov": In(iovec_in), "iovcnt": Ulong)),
    c(S::preadv, &[]).keeps().waits(W::Data).reads(0, Some(2))
        .decode(spec!(RInt; "fd": Fd, "iov": InOut(iovec_shape, iovec_after), "iovcnt": Ulong, "offset": Long)),
    c(S::pwritev, &[]).keeps().waits(W::Data).writes(0, Some(2))
        .decode(spec!(RInt; "fd": Fd, "iov": In(iovec_in), "iovcnt": Ulong, "offset": Long)),
    c(S::preadv2, &[]).waits(W::Data).reads(0, Some(2))
        .decode(spec!(RInt; "fd": Fd, "iov": InOut(iovec_shape, iovec_after), "iovcnt": Ulong, "offset": Long, "flags": In(rwf_flags))),
    c(S::pwritev2, &[]).waits(W::Data).writes(0, Some(2))
        .decode(spec!(RInt; "fd": Fd, "iov": In(iovec_in), "iovcnt": Ulong, "offset": Long, "flags": In(rwf_flags))),
    c(S::close, &[PIPE, DESC]).replaces().on(F::Descriptor, E::Uses).decode(spec!(RInt; "fd": Fd)),
    c(S::close_range, &[DESC]).replaces().on(F::Descriptor, E::Uses)
        .decode(spec!(RInt; "first": Fd, "last": Fd, "flags": Flags(&CLOSE_RANGE_FLAGS))),
    c(S::dup, &[PIPE, DESC]).adds().on(F::Descriptor, E::Uses).decode(spec!(RFd; "oldfd": Fd)),
    c(S::dup3, &[PIPE, DESC]).replaces().on(F::Descriptor, E::Uses)
        .decode(spec!(RFd; "oldfd": Fd, "newfd": Fd, "flags": Flags(&O_FLAGS))),
    c(S::lseek, &[DESC]).keeps().decode(spec!(RInt; "fd": Fd, "offset": Long, "whence": Sym(&WHENCE))),
    c(S::pipe2, &[PIPE, DESC]).adds().on(F::Pipe, E::Creates)
        .decode(spec!(RInt; "pipefd": Out(pipe_fds), "flags": Flags(&O_FLAGS))),
    c(S::fcntl, &[DESC]).adds().on(F::Descriptor, E::Uses).waits(W::Lock).decode(&FCNTL),
    c(S::flock, &[DESC]).keeps().on(F::Lock, E::Uses).waits(W::Lock)
        .decode(spec!(RInt; "fd": Fd, "operation": Flags(&FLOCK_OPS))),
    c(S::fstat, &[DESC]).keeps().decode(spec!(RInt; "fd": Fd, "statbuf": Out(stat_out))),
    c(S::getdents64, &[]).keeps().decode(spec!(RInt; "fd": Fd, "dirp": Out(dirents_out), "count": Uint)),
    c(S::ioctl, &[DESC]).decode(&IOCTL),
    c(S::fsync, &[DESC]).keeps().decode(spec!(RInt; "fd": Fd)),
    c(S::fdatasync, &[]).keeps().decode(spec!(RInt; "fd": Fd)),
    c(S::syncfs, &[]).decode(spec!(RInt; "fd": Fd)),
    c(S::sync_file_range, &[])
        .decode(spec!(RInt; "fd": Fd, "offset": Long, "nbytes": Long, "flags": Flags(&SYNC_FILE_RANGE_FLAGS))),
    c(S::fallocate, &[])
        .decode(spec!(RInt; "fd": Fd, "mode": Flags(&FALLOC_FLAGS), "offset": Long, "len": Long)),
    c(S::fadvise64, &[])
        .decode(spec!(RInt; "fd": Fd, "offset": Long, "len": Long, "advice": Sym(&FADVICE))),
    c(S::readahead, &[]).decode(spec!(RInt; "fd": Fd, "offset": Long, "count": Ulong)),
    c(S::fchmod, &[]).decode(spec!(RInt; "fd": Fd, "mode": Mode)),
    c(S::fchown, &[]).decode(spec!(RInt; "fd": Fd, "owner": Uid, "group": Uid)),
    c(S::fchdir, &[]).decode(spec!(RInt; "fd": Fd)),
    c(S::ftruncate, &[DESC]).keeps().on(F::PosixShm, E::Uses).decode(spec!(RInt; "fd": Fd, "length": Long)),
    c(S::fstatfs, &[]).decode(spec!(RInt; "fd": Fd, "buf": Out(statfs_out))),
    c(S::memfd_create, &[DESC, MEMORY]).adds().decode(spec!(RFd; "name": Str, "flags": In(memfd_flags))),
    c(S::memfd_secret, &[]).adds().decode(spec!(RFd; "flags": Flags(&O_FLAGS))),
    c(S::splice, &[PIPE, DESC]).on(F::Descriptor, E::Uses)
        .decode(spec!(RInt; "fd_in": Fd, "off_in": In(offset_ref), "fd_out": Fd, "off_out": In(offset_ref), "len": Ulong, "flags": Flags(&SPLICE_FLAGS))),
    c(S::tee, &[PIPE]).on(F::Descriptor, E::Uses)
        .decode(spec!(RInt; "fd_in": Fd, "fd_out": Fd, "len": Ulong, "flags": Flags(&SPLICE_FLAGS))),
    c(S::vmsplice, &[PIPE]).on(F::Descriptor, E::Uses)
        .decode(spec!(RInt; "fd": Fd, "iov": In(iovec_in), "nr_segs": Ulong, "flags": Flags(&SPLICE_FLAGS))),
    c(S::sendfile, &[DESC])
        .decode(spec!(RInt; "out_fd": Fd, "in_fd": Fd, "offset": InOut(offset_ref, offset_after), "count": Ulong)),
    c(S::copy_file_range, &[])
        .decode(spec!(RInt; "fd_in": Fd, "off_in": InOut(offset_ref, offset_after), "fd_out": Fd, "off_out": InOut(offset_ref, offset_after), "len": Ulong, "flags": Uint)),
    c(S::name_to_handle_at, &[])
        .decode(spec!(RInt; "dirfd": AtFd, "pathname": Path, "handle": Ptr, "mount_id": Ptr, "flags": Flags(&AT_FLAGS))),
    c(S::open_by_handle_at, &[]).adds()
        .decode(spec!(RFd; "mount_fd": Fd, "handle": Ptr, "flags": Flags(&OPEN_FLAGS))),
    c(S::kcmp, &[]).decode(spec!(RInt; "pid1": Pid, "pid2": Pid, "type": Sym(&KCMP_TYPES), "idx1": Ulong, "idx2": Ulong)),
    c(S::io_uring_setup, &[]).adds().decode(spec!(RFd; "entries": Uint, "p": Ptr)),
    c(S::io_uring_enter, &[]).replaces()
        .decode(spec!(RInt; "fd": Fd, "to_submit": Uint, "min_complete": Uint, "flags": Hex32, "sig": Ptr, "sz": Ulong)),
    c(S::io_uring_register, &[]).decode(spec!(RInt; "fd": Fd, "opcode": Uint, "arg": Ptr, "nr_args": Uint)),
    c(S::io_setup, &[]).decode(spec!(RInt; "nr_events": Uint, "ctx_idp": Ptr)),
    c(S::io_destroy, &[]).decode(spec!(RInt; "ctx_id": Hex)),
    c(S::io_submit, &[]).decode(spec!(RInt; "ctx_id": Hex, "nr": Long, "iocbpp": Ptr)),
    c(S::io_cancel, &[]).decode(spec!(RInt; "ctx_id": Hex, "iocb": Ptr, "result": Ptr)),
    c(S::io_getevents, &[])
        .decode(spec!(RInt; "ctx_id": Hex, "min_nr": Long, "nr": Long, "events": Ptr, "timeout": In(super::super::super::time::timespec))),
    c(S::io_pgetevents, &[])
        .decode(spec!(RInt; "ctx_id": Hex, "min_nr": Long, "nr": Long, "events": Ptr, "timeout": In(super::super::super::time::timespec), "usig": Ptr)),
    #[cfg(target_arch = "aarch64")]
    c(S::io_pgetevents_time64, &[])
        .decode(spec!(RInt; "ctx_id": Hex, "min_nr": Long, "nr": Long, "events": Ptr, "timeout": In(super::super::super::time::timespec), "usig": Ptr)),
    // Calls x86_64 kept and newer architectures dropped for others.
    #[cfg(target_arch = "x86_64")]
    c(S::dup2, &[PIPE, DESC]).replaces().on(F::Descriptor, E::Uses).decode(spec!(RFd; "oldfd": Fd, "newfd": Fd)),
    #[cfg(target_arch = "x86_64")]
    c(S::pipe, &[PIPE, DESC]).adds().on(F::Pipe, E::Creates).decode(spec!(RInt; "pipefd": Out(pipe_fds))),
    #[cfg(target_arch = "x86_64")]
    c(S::getdents, &[]).decode(spec!(RInt; "fd": Fd, "dirp": Ptr, "count": Uint)),
];

const FCNTL: super::super::super::spec::Decoder = custom(fcntl_entry, Some(fcntl_exit), RInt);
const IOCTL: super::super::super::spec::Decoder = custom(ioctl_entry, Some(ioctl_exit), RInt);
