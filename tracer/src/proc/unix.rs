//! Unix domain sockets: rows of `/proc/net/unix`, and a socket's peer from
//! the kernel's sock_diag netlink interface.
//!
//! `/proc/net/unix` lists every Unix socket of the network namespace: inode
//! (the number in `socket:[...]`), type, state and bound path. procfs has a
//! parser, but it skips the Flags column, which is the only way to tell a
//! listening socket (flag `__SO_ACCEPTCON`, 0x10000) from an unconnected
//! one, and it keeps only the first word of a path containing spaces. So
//! [`parse_net_unix`] is here.
//!
//! Which socket is connected to which is not in that file. The `ss -x`
//! command asks the kernel over netlink (`NETLINK_SOCK_DIAG`, family
//! `AF_UNIX`) for `UNIX_DIAG_PEER`; [`unix_diag`] does the same for one
//! inode, and also asks for `UNIX_DIAG_RQLEN` (bytes queued, or for a
//! listening socket the pending connections and the backlog). Both are
//! queries: they change nothing.

use std::path::Path;

use nix::errno::Errno;
use nix::sys::socket::{AddressFamily, MsgFlags, NetlinkAddr, SockFlag, SockProtocol, SockType, recv, sendto, socket};
use nix::unistd::Pid;

use super::error::{Error, ParseError, Result, read_proc};

/// Path of the Unix socket table of the reader's network namespace.
pub const NET_UNIX_PATH: &str = "/proc/net/unix";

/// `__SO_ACCEPTCON` in the Flags column: the socket is listening.
const SO_ACCEPTCON: u32 = 0x10000;

/// Type of a Unix socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnixType {
    /// `SOCK_STREAM`: a byte stream, like a two-way pipe.
    Stream,
    /// `SOCK_DGRAM`: messages with boundaries.
    Dgram,
    /// `SOCK_SEQPACKET`: a connection carrying messages with boundaries.
    SeqPacket,
    /// Any other number.
    Other(u16),
}

impl UnixType {
    fn from_raw(n: u16) -> Self {
        match n as i32 {
            libc::SOCK_STREAM => UnixType::Stream,
            libc::SOCK_DGRAM => UnixType::Dgram,
            libc::SOCK_SEQPACKET => UnixType::SeqPacket,
            _ => UnixType::Other(n),
        }
    }
}

/// State of a Unix socket, as /proc/net/unix shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnixState {
    /// Not connected (`SS_UNCONNECTED`): new, bound, or a datagram socket.
    Unconnected,
    /// Listening for connections (`listen` called).
    Listening,
    /// An accepted connection not yet taken by `accept` (`SS_CONNECTING`,
    /// shown for sockets in a listener's queue).
    Connecting,
    /// Connected to a peer (`SS_CONNECTED`).
    Connected,
    /// Being closed (`SS_DISCONNECTING`).
    Disconnecting,
    /// Any other number.
    Other(u8),
}

/// One row of `/proc/net/unix`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnixSocket {
    /// Inode number: the `N` of `socket:[N]` in /proc/PID/fd.
    pub inode: u64,
    /// The bound address: a path, `@name` for the abstract namespace, or
    /// `None` for an unbound socket (as from `socketpair`). A peer of an
    /// accepted connection shows the listener's path.
    pub path: Option<String>,
    /// Stream, datagram or seqpacket.
    pub sock_type: UnixType,
    /// Connection state.
    pub state: UnixState,
    /// References to the socket held in the kernel (`RefCount`).
    pub ref_count: u32,
}

/// Parses the text of `/proc/net/unix`.
pub fn parse_net_unix(text: &str) -> std::result::Result<Vec<UnixSocket>, ParseError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        let line_no = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        // Num RefCount Protocol Flags Type St Inode, then " path" if bound.
        let mut rest = line;
        let mut fields = [""; 7];
        for f in fields.iter_mut() {
            rest = rest.trim_start_matches(' ');
            let end = rest.find(' ').unwrap_or(rest.len());
            *f = &rest[..end];
            rest = &rest[end..];
        }
        let hex = |s: &str, name: &str| {
            u32::from_str_radix(s, 16).map_err(|_| ParseError::new(line_no, format!("{name}: {s:?} is not hex")))
        };
        let ref_count = hex(fields[1], "RefCount")?;
        let flags = hex(fields[3], "Flags")?;
        let sock_type = UnixType::from_raw(hex(fields[4], "Type")? as u16);
        let st = hex(fields[5], "St")? as u8;
        let inode = fields[6]
            .parse()
            .map_err(|_| ParseError::new(line_no, format!("Inode: {:?} is not a number", fields[6])))?;
        let state = match st {
            _ if flags & SO_ACCEPTCON != 0 => UnixState::Listening,
            1 => UnixState::Unconnected,
            2 => UnixState::Connecting,
            3 => UnixState::Connected,
            4 => UnixState::Disconnecting,
            n => UnixState::Other(n),
        };
        let path = rest.strip_prefix(' ').filter(|p| !p.is_empty()).map(str::to_string);
        out.push(UnixSocket { inode, path, sock_type, state, ref_count });
    }
    Ok(out)
}

/// All Unix sockets of the tracer's network namespace, from `/proc/net/unix`.
pub fn unix_sockets() -> Result<Vec<UnixSocket>> {
    let path = Path::new(NET_UNIX_PATH);
    parse_net_unix(&read_proc(path, None)?).map_err(|e| Error::parse(path, e))
}

/// All Unix sockets of `pid`'s network namespace, from `/proc/PID/net/unix`.
pub fn unix_sockets_of(pid: Pid) -> Result<Vec<UnixSocket>> {
    let path = format!("/proc/{pid}/net/unix");
    let path = Path::new(&path);
    parse_net_unix(&read_proc(path, Some(pid))?).map_err(|e| Error::parse(path, e))
}

/// The Unix socket with inode `inode`, or `None` if there is none (closed,
/// or not a Unix socket).
pub fn unix_socket(inode: u64) -> Result<Option<UnixSocket>> {
    Ok(unix_sockets()?.into_iter().find(|s| s.inode == inode))
}

/// What sock_diag tells about one Unix socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnixDiag {
    /// The socket's inode.
    pub inode: u64,
    /// The inode of the socket at the other end (`UNIX_DIAG_PEER`): for a
    /// `socketpair` or a connection, the other end; for a datagram socket
    /// after `connect`, its destination. `None` when not connected.
    pub peer: Option<u64>,
    /// For a listening socket, connections waiting for `accept`; otherwise
    /// bytes waiting to be read (`UNIX_DIAG_RQLEN`).
    pub rqueue: u32,
    /// For a listening socket, the `listen` backlog; otherwise the memory
    /// charged to this socket for data sent and not yet read by the peer:
    /// the bytes plus the kernel's buffer overhead (3 bytes sent show as 768),
    /// back to 0 once the peer has read them.
    pub wqueue: u32,
    /// True when listening (kernel state `TCP_LISTEN`).
    pub listening: bool,
    /// Stream, datagram or seqpacket (`udiag_type`).
    pub sock_type: UnixType,
    /// Connection state (`udiag_state`: the kernel keeps TCP's state names
    /// for Unix sockets too: established, listen, close).
    pub state: UnixState,
    /// The bound address (`UNIX_DIAG_NAME`): a path, `@name` for the
    /// abstract namespace, `None` when not bound.
    pub name: Option<String>,
    /// The shutdown bits (`UNIX_DIAG_SHUTDOWN`, always sent): 1 no more
    /// receiving, 2 no more sending. A connected stream socket whose peer was
    /// closed has both.
    pub shutdown: u8,
}

impl UnixDiag {
    /// A connected socket whose peer was closed, with nothing left to read:
    /// poll reports it hung up. Not a listening socket waiting for its
    /// first connection, nor one never connected: they have no peer either.
    pub fn hung_up(&self) -> bool {
        self.peer.is_none() && self.shutdown == 3 && self.rqueue == 0
    }
}

const SOCK_DIAG_BY_FAMILY: u16 = 20;
const NLM_F_REQUEST: u16 = 1;
const NLMSG_ERROR: u16 = 2;
const UDIAG_SHOW_NAME: u32 = 0x01;
const UDIAG_SHOW_PEER: u32 = 0x04;
const UDIAG_SHOW_RQLEN: u32 = 0x10;
const UNIX_DIAG_NAME: u16 = 0;
const UNIX_DIAG_PEER: u16 = 2;
const UNIX_DIAG_RQLEN: u16 = 4;
const UNIX_DIAG_SHUTDOWN: u16 = 6;
const TCP_ESTABLISHED: u8 = 1;
const TCP_CLOSE: u8 = 7;
const TCP_LISTEN: u8 = 10;
const NLMSG_HDRLEN: usize = 16;
const UNIX_DIAG_MSG_LEN: usize = 16;

/// The netlink request for one socket: `nlmsghdr` + `unix_diag_req`.
fn diag_request(inode: u32) -> Vec<u8> {
    let mut m = Vec::with_capacity(40);
    m.extend_from_slice(&40u32.to_ne_bytes()); // nlmsg_len
    m.extend_from_slice(&SOCK_DIAG_BY_FAMILY.to_ne_bytes()); // nlmsg_type
    m.extend_from_slice(&NLM_F_REQUEST.to_ne_bytes()); // nlmsg_flags
    m.extend_from_slice(&1u32.to_ne_bytes()); // nlmsg_seq
    m.extend_from_slice(&0u32.to_ne_bytes()); // nlmsg_pid
    m.push(libc::AF_UNIX as u8); // sdiag_family
    m.push(0); // sdiag_protocol
    m.extend_from_slice(&0u16.to_ne_bytes()); // pad
    m.extend_from_slice(&u32::MAX.to_ne_bytes()); // udiag_states: any
    m.extend_from_slice(&inode.to_ne_bytes()); // udiag_ino
    m.extend_from_slice(&(UDIAG_SHOW_NAME | UDIAG_SHOW_PEER | UDIAG_SHOW_RQLEN).to_ne_bytes());
    m.extend_from_slice(&[0xff; 8]); // udiag_cookie: none
    m
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_ne_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_ne_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Parses the kernel's answer to [`diag_request`]: `Ok(Err(errno))` for a
/// netlink error message.
fn parse_diag_reply(b: &[u8]) -> std::result::Result<std::result::Result<UnixDiag, Errno>, ParseError> {
    let short = || ParseError::new(0, "short sock_diag reply");
    let len = (u32_at(b, 0).ok_or_else(short)? as usize).min(b.len());
    match u16_at(b, 4).ok_or_else(short)? {
        NLMSG_ERROR => {
            let err = u32_at(b, NLMSG_HDRLEN).ok_or_else(short)? as i32;
            return Ok(Err(Errno::from_raw(-err)));
        }
        SOCK_DIAG_BY_FAMILY => {}
        t => {
            return Err(ParseError::new(0, format!("unexpected netlink message type {t}")));
        }
    }
    let msg = NLMSG_HDRLEN;
    let sock_type = UnixType::from_raw((*b.get(msg + 1).ok_or_else(short)?).into());
    let state = *b.get(msg + 2).ok_or_else(short)?;
    let inode = u32_at(b, msg + 4).ok_or_else(short)?;
    let mut diag = UnixDiag {
        inode: inode.into(),
        peer: None,
        rqueue: 0,
        wqueue: 0,
        listening: state == TCP_LISTEN,
        sock_type,
        state: match state {
            TCP_ESTABLISHED => UnixState::Connected,
            TCP_CLOSE => UnixState::Unconnected,
            TCP_LISTEN => UnixState::Listening,
            n => UnixState::Other(n),
        },
        name: None,
        shutdown: 0,
    };
    let mut at = msg + UNIX_DIAG_MSG_LEN;
    while at + 4 <= len {
        let alen = u16_at(b, at).ok_or_else(short)? as usize;
        if alen < 4 || at + alen > len {
            break;
        }
        match u16_at(b, at + 2).ok_or_else(short)? {
            UNIX_DIAG_NAME => diag.name = b.get(at + 4..at + alen).and_then(sun_path_name),
            UNIX_DIAG_PEER => diag.peer = u32_at(b, at + 4).filter(|&p| p != 0).map(u64::from),
            UNIX_DIAG_RQLEN => {
                diag.rqueue = u32_at(b, at + 4).ok_or_else(short)?;
                diag.wqueue = u32_at(b, at + 8).ok_or_else(short)?;
            }
            UNIX_DIAG_SHUTDOWN => diag.shutdown = b.get(at + 4).copied().unwrap_or(0),
            _ => {}
        }
        at += (alen + 3) & !3;
    }
    Ok(Ok(diag))
}

/// The name in a `sun_path`: `@name` for the abstract namespace (leading
/// NUL), the path up to its NUL otherwise; `None` when empty.
fn sun_path_name(path: &[u8]) -> Option<String> {
    match path.split_first() {
        None => None,
        Some((0, rest)) => Some(format!("@{}", String::from_utf8_lossy(rest))),
        Some(_) => {
            let end = path.iter().position(|&c| c == 0).unwrap_or(path.len());
            Some(String::from_utf8_lossy(&path[..end]).into_owned())
        }
    }
}

/// Asks the kernel (sock_diag netlink, as `ss -x` does) about the Unix
/// socket with inode `inode` in the tracer's network namespace: its peer and
/// queue lengths. A socket that no longer exists gives `ENOENT`.
pub fn unix_diag(inode: u64) -> Result<UnixDiag> {
    let what = format!("sock_diag(unix inode {inode})");
    let sys = |e: Errno| Error::sys(what.clone(), e, None);
    let ino = u32::try_from(inode).map_err(|_| sys(Errno::EINVAL))?;
    let sock =
        socket(AddressFamily::Netlink, SockType::Datagram, SockFlag::SOCK_CLOEXEC, SockProtocol::NetlinkSockDiag)
            .map_err(sys)?;
    sendto(std::os::fd::AsRawFd::as_raw_fd(&sock), &diag_request(ino), &NetlinkAddr::new(0, 0), MsgFlags::empty())
        .map_err(sys)?;
    let mut buf = [0u8; 1024];
    let n = recv(std::os::fd::AsRawFd::as_raw_fd(&sock), &mut buf, MsgFlags::empty()).map_err(sys)?;
    match parse_diag_reply(&buf[..n]) {
        Ok(Ok(d)) => Ok(d),
        Ok(Err(errno)) => Err(sys(errno)),
        Err(e) => Err(Error::new(what, super::ErrorKind::Parse(e))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows of /proc/net/unix on Linux 6.18 for: the two ends of a
    /// `socketpair(AF_UNIX, SOCK_STREAM)`, a stream socket bound to a path
    /// with a space and listening, and a datagram socket bound to the
    /// abstract name "\0ipclab-abs".
    const NET_UNIX_LINUX_6_18: &str = "Num       RefCount Protocol Flags    Type St Inode Path
000000004836eabd: 00000003 00000000 00000000 0001 03  9228
000000005ebfe631: 00000003 00000000 00000000 0001 03  9229
00000000238475ed: 00000002 00000000 00010000 0001 01  9230 /tmp/kcap/my sock
00000000759dbe58: 00000002 00000000 00000000 0002 01  9231 @ipclab-abs
";

    #[test]
    fn parses_net_unix_unnamed_socketpair_linux_6_18() {
        let socks = parse_net_unix(NET_UNIX_LINUX_6_18).unwrap();
        assert_eq!(
            socks[0],
            UnixSocket {
                inode: 9228,
                path: None,
                sock_type: UnixType::Stream,
                state: UnixState::Connected,
                ref_count: 3,
            }
        );
        assert_eq!(socks[1].inode, 9229);
    }

    #[test]
    fn parses_net_unix_listening_path_with_space_linux_6_18() {
        let s = &parse_net_unix(NET_UNIX_LINUX_6_18).unwrap()[2];
        assert_eq!(s.path.as_deref(), Some("/tmp/kcap/my sock"));
        assert_eq!(s.state, UnixState::Listening);
    }

    #[test]
    fn parses_net_unix_abstract_dgram_linux_6_18() {
        let s = &parse_net_unix(NET_UNIX_LINUX_6_18).unwrap()[3];
        assert_eq!(s.path.as_deref(), Some("@ipclab-abs"));
        assert_eq!((s.sock_type, s.state), (UnixType::Dgram, UnixState::Unconnected));
    }

    #[test]
    fn bad_inode_is_a_parse_error_naming_the_line() {
        let text =
            "Num       RefCount Protocol Flags    Type St Inode Path\n0000: 00000003 00000000 00000000 0001 03  x\n";
        assert_eq!(parse_net_unix(text).unwrap_err().line, 2);
    }

    #[test]
    fn diag_request_is_40_bytes_with_inode() {
        let r = diag_request(9228);
        assert_eq!(r.len(), 40);
        assert_eq!(u32_at(&r, 24), Some(9228));
    }

    #[test]
    fn parses_diag_reply_with_peer_and_rqlen() {
        let mut b = Vec::new();
        b.extend_from_slice(&52u32.to_ne_bytes());
        b.extend_from_slice(&SOCK_DIAG_BY_FAMILY.to_ne_bytes());
        b.extend_from_slice(&[0; 10]);
        b.extend_from_slice(&[libc::AF_UNIX as u8, 1, 1, 0]);
        b.extend_from_slice(&9228u32.to_ne_bytes());
        b.extend_from_slice(&[0xff; 8]);
        b.extend_from_slice(&8u16.to_ne_bytes());
        b.extend_from_slice(&UNIX_DIAG_PEER.to_ne_bytes());
        b.extend_from_slice(&9229u32.to_ne_bytes());
        b.extend_from_slice(&12u16.to_ne_bytes());
        b.extend_from_slice(&UNIX_DIAG_RQLEN.to_ne_bytes());
        b.extend_from_slice(&3u32.to_ne_bytes());
        b.extend_from_slice(&0u32.to_ne_bytes());
        let d = parse_diag_reply(&b).unwrap().unwrap();
        assert_eq!(
            d,
            UnixDiag {
                inode: 9228,
                peer: Some(9229),
                rqueue: 3,
                wqueue: 0,
                listening: false,
                sock_type: UnixType::Stream,
                state: UnixState::Connected,
                name: None,
                shutdown: 0,
            }
        );
    }

    #[test]
    fn parses_diag_reply_name_of_a_listening_socket() {
        let mut b = Vec::new();
        b.extend_from_slice(&44u32.to_ne_bytes());
        b.extend_from_slice(&SOCK_DIAG_BY_FAMILY.to_ne_bytes());
        b.extend_from_slice(&[0; 10]);
        b.extend_from_slice(&[libc::AF_UNIX as u8, 1, TCP_LISTEN, 0]);
        b.extend_from_slice(&9230u32.to_ne_bytes());
        b.extend_from_slice(&[0xff; 8]);
        b.extend_from_slice(&12u16.to_ne_bytes());
        b.extend_from_slice(&UNIX_DIAG_NAME.to_ne_bytes());
        b.extend_from_slice(b"/tmp/s\0");
        b.push(0);
        let d = parse_diag_reply(&b).unwrap().unwrap();
        assert_eq!((d.state, d.listening, d.name.as_deref()), (UnixState::Listening, true, Some("/tmp/s")));
    }

    #[test]
    fn abstract_names_start_with_at() {
        assert_eq!(sun_path_name(b"\0ipclab-abs").as_deref(), Some("@ipclab-abs"));
        assert_eq!(sun_path_name(b""), None);
    }

    #[test]
    fn parses_diag_error_reply_as_errno() {
        let mut b = Vec::new();
        b.extend_from_slice(&36u32.to_ne_bytes());
        b.extend_from_slice(&NLMSG_ERROR.to_ne_bytes());
        b.extend_from_slice(&[0; 10]);
        b.extend_from_slice(&(-libc::ENOENT).to_ne_bytes());
        assert_eq!(parse_diag_reply(&b).unwrap(), Err(Errno::ENOENT));
    }
}
