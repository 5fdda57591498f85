//! System V IPC and POSIX message queues.

use syscalls::Sysno as S;

use super::super::super::RetKind::{Fd as RFd, Hex as RHex, Int as RInt};
use super::super::super::flags::*;
use super::super::super::mq::*;
use super::super::super::spec::K::*;
use super::super::super::sysv::*;
use super::super::super::time::timespec;
use super::super::{Call, Dir, Effect as E, Family as F, Wait as W};
use super::{DESC, IPC, MEMORY, c, custom, spec};

#[rustfmt::skip]
pub(super) const ROWS: &[Call] = &[
    c(S::msgget, &[IPC]).keeps().on(F::SysvMsg, E::Creates)
        .decode(spec!(RInt; "key": In(ipc_key), "msgflg": In(ipc_get_flags))),
    c(S::msgsnd, &[IPC]).keeps().on(F::SysvMsg, E::Uses).waits(W::SysvMessage(Dir::Out))
        .decode(spec!(RInt; "msqid": Int, "msgp": In(msgbuf_in), "msgsz": Ulong, "msgflg": Flags(&MSG_FLAGS))),
    c(S::msgrcv, &[IPC]).keeps().on(F::SysvMsg, E::Uses).waits(W::SysvMessage(Dir::In)).decode(&MSGRCV),
    c(S::msgctl, &[IPC]).keeps().on(F::SysvMsg, E::Controls).decode(&MSGCTL),
    c(S::shmget, &[IPC]).keeps().on(F::SysvShm, E::Creates)
        .decode(spec!(RInt; "key": In(ipc_key), "size": Ulong, "shmflg": In(shmget_flags))),
    c(S::shmat, &[IPC, MEMORY]).keeps().on(F::SysvShm, E::Uses)
        .decode(spec!(RHex; "shmid": Int, "shmaddr": Ptr, "shmflg": Flags(&SHMAT_FLAGS))),
    c(S::shmdt, &[IPC, MEMORY]).keeps().on(F::SysvShm, E::Uses).decode(spec!(RInt; "shmaddr": Ptr)),
    c(S::shmctl, &[IPC]).keeps().on(F::SysvShm, E::Controls).decode(&SHMCTL),
    c(S::semget, &[IPC]).keeps().on(F::SysvSem, E::Creates)
        .decode(spec!(RInt; "key": In(ipc_key), "nsems": Int, "semflg": In(ipc_get_flags))),
    c(S::semop, &[IPC]).keeps().on(F::SysvSem, E::Uses).waits(W::Semaphore)
        .decode(spec!(RInt; "semid": Int, "sops": In(sembufs), "nsops": Uint)),
    c(S::semtimedop, &[IPC]).keeps().on(F::SysvSem, E::Uses).waits(W::Semaphore)
        .decode(spec!(RInt; "semid": Int, "sops": In(sembufs), "nsops": Uint, "timeout": In(timespec))),
    #[cfg(target_arch = "aarch64")]
    c(S::semtimedop_time64, &[]).on(F::SysvSem, E::Uses).waits(W::Semaphore)
        .decode(spec!(RInt; "semid": Int, "sops": In(sembufs), "nsops": Uint, "timeout": In(timespec))),
    c(S::semctl, &[IPC]).keeps().on(F::SysvSem, E::Controls).decode(&SEMCTL),
    c(S::mq_open, &[IPC, DESC]).adds().on(F::PosixMq, E::Creates).decode(&MQ_OPEN),
    c(S::mq_unlink, &[IPC]).keeps().on(F::PosixMq, E::Removes).renames().decode(spec!(RInt; "name": Path)),
    c(S::mq_timedsend, &[IPC, DESC]).keeps().on(F::PosixMq, E::Uses).waits(W::PosixMessage(Dir::Out))
        .decode(spec!(RInt; "mqdes": Fd, "msg_ptr": InBuf(2), "msg_len": Ulong, "msg_prio": Uint, "abs_timeout": In(timespec))),
    c(S::mq_timedreceive, &[IPC, DESC]).keeps().on(F::PosixMq, E::Uses).waits(W::PosixMessage(Dir::In))
        .decode(spec!(RInt; "mqdes": Fd, "msg_ptr": OutBuf, "msg_len": Ulong, "msg_prio": Out(msg_prio_out), "abs_timeout": In(timespec))),
    #[cfg(target_arch = "aarch64")]
    c(S::mq_timedsend_time64, &[]).on(F::PosixMq, E::Uses).waits(W::PosixMessage(Dir::Out))
        .decode(spec!(RInt; "mqdes": Fd, "msg_ptr": InBuf(2), "msg_len": Ulong, "msg_prio": Uint, "abs_timeout": In(timespec))),
    #[cfg(target_arch = "aarch64")]
    c(S::mq_timedreceive_time64, &[]).on(F::PosixMq, E::Uses).waits(W::PosixMessage(Dir::In))
        .decode(spec!(RInt; "mqdes": Fd, "msg_ptr": OutBuf, "msg_len": Ulong, "msg_prio": Out(msg_prio_out), "abs_timeout": In(timespec))),
    c(S::mq_notify, &[IPC]).keeps().on(F::PosixMq, E::Uses).decode(spec!(RInt; "mqdes": Fd, "sevp": In(sigevent))),
    c(S::mq_getsetattr, &[IPC]).keeps().on(F::PosixMq, E::Uses)
        .decode(spec!(RInt; "mqdes": Fd, "newattr": In(mq_attr_in), "oldattr": Out(mq_attr_out))),
];

const MSGRCV: super::super::super::spec::Decoder = custom(msgrcv_entry, Some(msgrcv_exit), RInt);
const SEMCTL: super::super::super::spec::Decoder = custom(semctl_entry, Some(semctl_exit), RInt);
const MSGCTL: super::super::super::spec::Decoder = custom(msgctl_entry, Some(msgctl_exit), RInt);
const SHMCTL: super::super::super::spec::Decoder = custom(shmctl_entry, Some(shmctl_exit), RInt);
const MQ_OPEN: super::super::super::spec::Decoder = custom(mq_open_entry, None, RFd);
