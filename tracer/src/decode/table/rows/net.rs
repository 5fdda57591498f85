//! Sockets.

use syscalls::Sysno as S;

use super::super::super::RetKind::{Fd as RFd, Int as RInt};
use super::super::super::calls::pipe_fds;
use super::super::super::flags::*;
use super::super::super::net::*;
use super::super::super::spec::K::*;
use super::super::super::time::timespec;
use super::super::{Call, Effect as E, Family as F, Wait as W};
use super::{DESC, NETWORK, c, spec};

#[rustfmt::skip]
pub(super) const ROWS: &[Call] = &[
    c(S::socket, &[NETWORK, DESC]).adds().on(F::Socket, E::Creates)
        .decode(spec!(RFd; "domain": Sym(&ADDRESS_FAMILIES), "type": In(socket_type), "protocol": In(socket_protocol))),
    c(S::socketpair, &[NETWORK, DESC]).adds().on(F::Socket, E::Creates)
        .decode(spec!(RInt; "domain": Sym(&ADDRESS_FAMILIES), "type": In(socket_type), "protocol": In(socket_protocol), "sv": Out(pipe_fds))),
    c(S::bind, &[NETWORK]).keeps().on(F::Socket, E::Creates)
        .decode(spec!(RInt; "sockfd": Fd, "addr": In(sockaddr_len2), "addrlen": Int)),
    c(S::connect, &[NETWORK]).keeps().on(F::Socket, E::Uses)
        .decode(spec!(RInt; "sockfd": Fd, "addr": In(sockaddr_len2), "addrlen": Int)),
    c(S::listen, &[NETWORK]).keeps().on(F::Socket, E::Uses).decode(spec!(RInt; "sockfd": Fd, "backlog": Int)),
    c(S::accept, &[NETWORK, DESC]).adds().on(F::Socket, E::Creates).waits(W::Connection)
        .decode(spec!(RFd; "sockfd": Fd, "addr": OutAfter(sockaddr_after_len2), "addrlen": InOut(socklen_in, socklen_after))),
    c(S::accept4, &[NETWORK, DESC]).adds().on(F::Socket, E::Creates).waits(W::Connection)
        .decode(spec!(RFd; "sockfd": Fd, "addr": OutAfter(sockaddr_after_len2), "addrlen": InOut(socklen_in, socklen_after), "flags": Flags(&SOCK_FLAGS))),
    c(S::getsockname, &[NETWORK]).keeps()
        .decode(spec!(RInt; "sockfd": Fd, "addr": OutAfter(sockaddr_after_len2), "addrlen": InOut(socklen_in, socklen_after))),
    c(S::getpeername, &[NETWORK]).keeps()
        .decode(spec!(RInt; "sockfd": Fd, "addr": OutAfter(sockaddr_after_len2), "addrlen": InOut(socklen_in, socklen_after))),
    c(S::sendto, &[NETWORK]).keeps().on(F::Descriptor, E::Uses).waits(W::Data).writes(0, Some(2))
        .decode(spec!(RInt; "sockfd": Fd, "buf": InBuf(2), "len": Ulong, "flags": Flags(&MSG_IO_FLAGS), "dest_addr": In(sockaddr_len5), "addrlen": Int)),
    c(S::recvfrom, &[NETWORK]).keeps().on(F::Descriptor, E::Uses).waits(W::Data).reads(0, Some(2))
        .decode(spec!(RInt; "sockfd": Fd, "buf": OutBuf, "len": Ulong, "flags": Flags(&MSG_IO_FLAGS), "src_addr": OutAfter(sockaddr_after_len5), "addrlen": InOut(socklen_in, socklen_after))),
    c(S::sendmsg, &[NETWORK]).keeps().on(F::Descriptor, E::Uses).waits(W::Data).writes(0, None)
        .decode(spec!(RInt; "sockfd": Fd, "msg": In(msghdr_in), "flags": Flags(&MSG_IO_FLAGS))),
    c(S::recvmsg, &[NETWORK]).adds().on(F::Descriptor, E::Uses).waits(W::Data).reads(0, None)
        .decode(spec!(RInt; "sockfd": Fd, "msg": Out(msghdr_out), "flags": Flags(&MSG_IO_FLAGS))),
    c(S::sendmmsg, &[NETWORK]).keeps().on(F::Descriptor, E::Uses)
        .decode(spec!(RInt; "sockfd": Fd, "msgvec": In(mmsghdrs_in), "vlen": Uint, "flags": Flags(&MSG_IO_FLAGS))),
    c(S::recvmmsg, &[NETWORK]).adds().on(F::Descriptor, E::Uses)
        .decode(spec!(RInt; "sockfd": Fd, "msgvec": Out(mmsghdrs_out), "vlen": Uint, "flags": Flags(&MSG_IO_FLAGS), "timeout": In(timespec))),
    #[cfg(target_arch = "aarch64")]
    c(S::recvmmsg_time64, &[]).adds().on(F::Descriptor, E::Uses)
        .decode(spec!(RInt; "sockfd": Fd, "msgvec": Out(mmsghdrs_out), "vlen": Uint, "flags": Flags(&MSG_IO_FLAGS), "timeout": In(timespec))),
    c(S::shutdown, &[NETWORK]).keeps().on(F::Socket, E::Uses)
        .decode(spec!(RInt; "sockfd": Fd, "how": Sym(&SHUTDOWN_HOW))),
    c(S::setsockopt, &[NETWORK]).keeps()
        .decode(spec!(RInt; "sockfd": Fd, "level": In(sockopt_level), "optname": In(sockopt_name), "optval": In(optval_in), "optlen": Int)),
    c(S::getsockopt, &[NETWORK]).keeps()
        .decode(spec!(RInt; "sockfd": Fd, "level": In(sockopt_level), "optname": In(sockopt_name), "optval": OutAfter(optval_after), "optlen": InOut(socklen_in, socklen_after))),
];
