//! Memory: mappings, protections, locking, advice, NUMA policy.

use syscalls::Sysno as S;

use super::super::super::RetKind::{Fd as RFd, Hex as RHex, Int as RInt};
use super::super::super::admin::*;
use super::super::super::flags::*;
use super::super::super::spec::K::*;
use super::super::super::system::*;
use super::super::{Call, Effect as E, Family as F};
use super::{MEMORY, c, custom, spec};

#[rustfmt::skip]
pub(super) const ROWS: &[Call] = &[
    c(S::mmap, &[MEMORY]).keeps().on(F::PosixShm, E::Uses)
        .decode(spec!(RHex; "addr": Ptr, "length": Ulong, "prot": Flags64(&PROT_FLAGS), "flags": Flags64(&MAP_FLAGS), "fd": Fd, "offset": Hex)),
    c(S::munmap, &[MEMORY]).keeps().on(F::PosixShm, E::Unmaps)
        .decode(spec!(RInt; "addr": Ptr, "length": Ulong)),
    c(S::mprotect, &[MEMORY]).keeps().decode(spec!(RInt; "addr": Ptr, "length": Ulong, "prot": Flags64(&PROT_FLAGS))),
    c(S::pkey_mprotect, &[])
        .decode(spec!(RInt; "addr": Ptr, "len": Ulong, "prot": Flags64(&PROT_FLAGS), "pkey": Int)),
    c(S::pkey_alloc, &[]).decode(spec!(RInt; "flags": Uint, "access_rights": Flags(&PKEY_RIGHTS))),
    c(S::pkey_free, &[]).decode(spec!(RInt; "pkey": Int)),
    c(S::mremap, &[MEMORY]).keeps().decode(&MREMAP),
    c(S::remap_file_pages, &[])
        .decode(spec!(RInt; "addr": Ptr, "size": Ulong, "prot": Flags64(&PROT_FLAGS), "pgoff": Ulong, "flags": Flags64(&MAP_FLAGS))),
    c(S::madvise, &[MEMORY]).keeps().decode(spec!(RInt; "addr": Ptr, "length": Ulong, "advice": Sym(&MADVICE))),
    c(S::msync, &[MEMORY]).decode(spec!(RInt; "addr": Ptr, "length": Ulong, "flags": Flags(&MSYNC_FLAGS))),
    c(S::mincore, &[]).decode(spec!(RInt; "addr": Ptr, "length": Ulong, "vec": Ptr)),
    c(S::mlock, &[MEMORY]).decode(spec!(RInt; "addr": Ptr, "len": Ulong)),
    c(S::mlock2, &[]).decode(spec!(RInt; "addr": Ptr, "len": Ulong, "flags": Flags(&MLOCK_FLAGS))),
    c(S::munlock, &[MEMORY]).decode(spec!(RInt; "addr": Ptr, "len": Ulong)),
    c(S::mlockall, &[MEMORY]).decode(spec!(RInt; "flags": Flags(&MCL_FLAGS))),
    c(S::munlockall, &[MEMORY]).decode(spec!(RInt;)),
    c(S::mseal, &[]).decode(spec!(RInt; "addr": Ptr, "len": Ulong, "flags": Hex)),
    c(S::brk, &[MEMORY]).keeps().decode(spec!(RHex; "addr": Ptr)),
    c(S::mbind, &[])
        .decode(spec!(RInt; "addr": Ptr, "len": Ulong, "mode": Int, "nodemask": Ptr, "maxnode": Ulong, "flags": Hex32)),
    c(S::set_mempolicy, &[]).decode(spec!(RInt; "mode": Int, "nodemask": Ptr, "maxnode": Ulong)),
    c(S::get_mempolicy, &[])
        .decode(spec!(RInt; "mode": Ptr, "nodemask": Ptr, "maxnode": Ulong, "addr": Ptr, "flags": Hex)),
    c(S::set_mempolicy_home_node, &[])
        .decode(spec!(RInt; "start": Ptr, "len": Ulong, "home_node": Ulong, "flags": Hex)),
    c(S::migrate_pages, &[]).decode(spec!(RInt; "pid": Pid, "maxnode": Ulong, "old_nodes": Ptr, "new_nodes": Ptr)),
    c(S::move_pages, &[])
        .decode(spec!(RInt; "pid": Pid, "count": Ulong, "pages": Ptr, "nodes": Ptr, "status": Ptr, "flags": Flags(&MPOL_MF_FLAGS))),
    c(S::userfaultfd, &[]).adds().decode(spec!(RFd; "flags": Flags(&O_FLAGS))),
    c(S::membarrier, &[]).decode(spec!(RInt; "cmd": Int, "flags": Uint, "cpu_id": Int)),
    c(S::cachestat, &[]).decode(spec!(RInt; "fd": Fd, "cstat_range": Ptr, "cstat": Ptr, "flags": Uint)),
    c(S::map_shadow_stack, &[]).decode(spec!(RHex; "addr": Ptr, "size": Ulong, "flags": Hex32)),
];

const MREMAP: super::super::super::spec::Decoder = custom(mremap_entry, None, RHex);
