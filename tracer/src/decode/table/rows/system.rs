//! The system: its name and information, randomness, logs, modules, keys,
//! security policies, performance counters, and calls the kernel numbers
//! but does not implement.

use syscalls::Sysno as S;

use super::super::super::RetKind::{Fd as RFd, Int as RInt};
use super::super::super::admin::*;
use super::super::super::spec::K::*;
use super::super::super::system::*;
use super::super::Call;
use super::{c, custom, spec};

#[rustfmt::skip]
pub(super) const ROWS: &[Call] = &[
    c(S::uname, &[]).keeps().decode(spec!(RInt; "buf": Out(utsname_out))),
    c(S::sysinfo, &[]).decode(spec!(RInt; "info": Out(sysinfo_out))),
    c(S::getrandom, &[]).keeps().decode(spec!(RInt; "buf": OutBuf, "buflen": Ulong, "flags": Flags(&GRND_FLAGS))),
    c(S::sethostname, &[]).decode(spec!(RInt; "name": InBuf(1), "len": Ulong)),
    c(S::setdomainname, &[]).decode(spec!(RInt; "name": InBuf(1), "len": Ulong)),
    c(S::syslog, &[]).decode(spec!(RInt; "type": Sym(&SYSLOG_TYPES), "bufp": Ptr, "len": Int)),
    c(S::sync, &[]).decode(spec!(RInt;)),
    c(S::vhangup, &[]).decode(spec!(RInt;)),
    c(S::reboot, &[]).decode(spec!(RInt; "magic": Hex32, "magic2": Hex32, "cmd": Sym(&REBOOT_CMDS), "arg": Ptr)),
    c(S::kexec_load, &[]).decode(spec!(RInt; "entry": Hex, "nr_segments": Ulong, "segments": Ptr, "flags": Hex)),
    c(S::kexec_file_load, &[])
        .decode(spec!(RInt; "kernel_fd": Fd, "initrd_fd": Fd, "cmdline_len": Ulong, "cmdline": Str, "flags": Hex)),
    c(S::init_module, &[]).decode(spec!(RInt; "module_image": Ptr, "len": Ulong, "param_values": Str)),
    c(S::finit_module, &[]).decode(spec!(RInt; "fd": Fd, "param_values": Str, "flags": Hex32)),
    c(S::delete_module, &[]).decode(spec!(RInt; "name": Str, "flags": Flags(&super::super::super::flags::O_FLAGS))),
    c(S::add_key, &[])
        .decode(spec!(RInt; "type": Str, "description": Str, "payload": InBuf(3), "plen": Ulong, "keyring": In(key_serial))),
    c(S::request_key, &[])
        .decode(spec!(RInt; "type": Str, "description": Str, "callout_info": Str, "dest_keyring": In(key_serial))),
    c(S::keyctl, &[]).decode(&KEYCTL),
    c(S::bpf, &[]).decode(spec!(RInt; "cmd": Sym(&BPF_CMDS), "attr": Ptr, "size": Uint)),
    c(S::seccomp, &[]).decode(spec!(RInt; "operation": Sym(&SECCOMP_OPS), "flags": Hex32, "args": Ptr)),
    c(S::perf_event_open, &[]).adds()
        .decode(spec!(RFd; "attr": Ptr, "pid": Pid, "cpu": Int, "group_fd": Fd, "flags": Hex)),
    c(S::landlock_create_ruleset, &[]).adds().decode(spec!(RFd; "attr": Ptr, "size": Ulong, "flags": Hex32)),
    c(S::landlock_add_rule, &[]).decode(spec!(RInt; "ruleset_fd": Fd, "rule_type": Uint, "rule_attr": Ptr, "flags": Hex32)),
    c(S::landlock_restrict_self, &[]).decode(spec!(RInt; "ruleset_fd": Fd, "flags": Hex32)),
    c(S::lsm_get_self_attr, &[]).decode(spec!(RInt; "attr": Uint, "ctx": Ptr, "size": Ptr, "flags": Hex32)),
    c(S::lsm_set_self_attr, &[]).decode(spec!(RInt; "attr": Uint, "ctx": Ptr, "size": Uint, "flags": Hex32)),
    c(S::lsm_list_modules, &[]).decode(spec!(RInt; "ids": Ptr, "size": Ptr, "flags": Hex32)),
    c(S::ioprio_get, &[]).decode(spec!(RInt; "which": Sym(&IOPRIO_WHICH), "who": Int)),
    c(S::ioprio_set, &[]).decode(spec!(RInt; "which": Sym(&IOPRIO_WHICH), "who": Int, "ioprio": Hex32)),
    c(S::lookup_dcookie, &[]).decode(spec!(RInt; "cookie": Hex, "buffer": Ptr, "len": Ulong)),
    c(S::nfsservctl, &[]).decode(spec!(RInt; "cmd": Int, "argp": Ptr, "resp": Ptr)),
    #[cfg(target_arch = "x86_64")]
    c(S::iopl, &[]).decode(spec!(RInt; "level": Int)),
    #[cfg(target_arch = "x86_64")]
    c(S::ioperm, &[]).decode(spec!(RInt; "from": Hex, "num": Ulong, "turn_on": Int)),
    #[cfg(target_arch = "x86_64")]
    c(S::modify_ldt, &[]).decode(spec!(RInt; "func": Int, "ptr": Ptr, "bytecount": Ulong)),
    #[cfg(target_arch = "x86_64")]
    c(S::set_thread_area, &[]).decode(spec!(RInt; "u_info": Ptr)),
    #[cfg(target_arch = "x86_64")]
    c(S::get_thread_area, &[]).decode(spec!(RInt; "u_info": Ptr)),
    #[cfg(target_arch = "x86_64")]
    c(S::_sysctl, &[]).decode(spec!(RInt; "args": Ptr)),
    #[cfg(target_arch = "x86_64")]
    c(S::create_module, &[]).decode(spec!(RInt; "name": Str, "size": Ulong)),
    #[cfg(target_arch = "x86_64")]
    c(S::get_kernel_syms, &[]).decode(spec!(RInt; "table": Ptr)),
    #[cfg(target_arch = "x86_64")]
    c(S::query_module, &[])
        .decode(spec!(RInt; "name": Str, "which": Int, "buf": Ptr, "bufsize": Ulong, "ret": Ptr)),
    #[cfg(target_arch = "x86_64")]
    c(S::getpmsg, &[]).decode(spec!(RInt; "fildes": Fd, "ctlptr": Ptr, "dataptr": Ptr, "bandp": Ptr, "flagsp": Ptr)),
    #[cfg(target_arch = "x86_64")]
    c(S::putpmsg, &[]).decode(spec!(RInt; "fildes": Fd, "ctlptr": Ptr, "dataptr": Ptr, "band": Int, "flags": Int)),
    // Numbers x86_64 reserves for calls the kernel never had, and the
    // uprobe trampolines' calls: the kernel reads no argument of theirs.
    #[cfg(target_arch = "x86_64")]
    c(S::afs_syscall, &[]).decode(spec!(RInt;)),
    #[cfg(target_arch = "x86_64")]
    c(S::tuxcall, &[]).decode(spec!(RInt;)),
    #[cfg(target_arch = "x86_64")]
    c(S::security, &[]).decode(spec!(RInt;)),
    #[cfg(target_arch = "x86_64")]
    c(S::vserver, &[]).decode(spec!(RInt;)),
    #[cfg(target_arch = "x86_64")]
    c(S::uprobe, &[]).decode(spec!(RInt;)),
    #[cfg(target_arch = "x86_64")]
    c(S::uretprobe, &[]).decode(spec!(RInt;)),
];

const KEYCTL: super::super::super::spec::Decoder = custom(keyctl_entry, None, RInt);
