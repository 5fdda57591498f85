//! Sockets: addresses (Unix paths, abstract names, IPv4 and IPv6), the
//! message headers of sendmsg/recvmsg with their control messages (the
//! descriptors SCM_RIGHTS carries), and socket options by name.

use std::fmt::Write as _;
use std::net::{Ipv4Addr, Ipv6Addr};

use super::Syscall;
use super::calls::{changed, field, int, iovecs};
use super::flags::{ADDRESS_FAMILIES, FlagSet, MSG_IO_FLAGS, SOCKET_TYPES, SymSet};
use super::mem::{ARRAY_LIMIT, Reader};
use super::value::{Bytes, Fd, Flags, Value, write_c_string};

mod ax25;
mod bluetooth;
use ax25::sockaddr_ax25;
use bluetooth::{bt_length, sockaddr_bt};

/// The largest socket address (struct sockaddr_storage).
const SOCKADDR_MAX: usize = 128;

fn be16(b: &[u8], off: usize) -> u16 {
    u16::from_be_bytes([b[off], b[off + 1]])
}

fn ne32(b: &[u8], off: usize) -> u32 {
    u32::from_ne_bytes([b[off], b[off + 1], b[off + 2], b[off + 3]])
}

/// A socket address of `len` bytes at `addr`, as strace prints it:
/// `{sa_family=AF_UNIX, sun_path="/tmp/x.sock"}`, `sun_path=@"name"` for an
/// abstract name, `{sa_family=AF_INET, sin_port=htons(8080),
/// sin_addr=inet_addr("127.0.0.1")}`. The length is a C int, as the kernel
/// takes it: the register's upper half is ignored, and a negative one
/// (refused with EINVAL) shows the address, as one too short for the family.
pub fn sockaddr(r: &Reader, addr: u64, len: u64) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    let len = len as i32;
    if len < 2 {
        // Too short to hold even the family, or negative.
        return Value::Ptr(addr);
    }
    let want = (len as usize).min(SOCKADDR_MAX);
    let b = r.read_some(addr, want);
    if b.len() < 2 {
        return Value::Unreadable(addr);
    }
    let family = u16::from_ne_bytes([b[0], b[1]]) as i32;
    let mut fields = vec![field("sa_family", Value::Sym(ADDRESS_FAMILIES.decode(family as i64)))];
    match family {
        libc::AF_UNIX => {
            let path = &b[2..];
            if path.is_empty() {
                // An unnamed socket (socketpair, or a client that never bound).
            } else if path[0] == 0 {
                // An abstract name: every byte of the given length counts.
                let mut text = String::from("@");
                write_c_string(&mut text, &path[1..], false);
                fields.push(field("sun_path", Value::Text(text)));
            } else {
                let end = path.iter().position(|&c| c == 0).unwrap_or(path.len());
                fields.push(field("sun_path", Value::Str(Bytes::new(path[..end].to_vec(), false))));
            }
        }
        libc::AF_INET if b.len() >= 8 => {
            let ip = Ipv4Addr::new(b[4], b[5], b[6], b[7]);
            fields.push(field("sin_port", Value::Text(format!("htons({})", be16(&b, 2)))));
            fields.push(field("sin_addr", Value::Text(format!("inet_addr(\"{ip}\")"))));
        }
        libc::AF_INET6 if b.len() >= 24 => {
            let mut octets = [0u8; 16];
            octets.copy_from_slice(&b[8..24]);
            let flow = u32::from_be_bytes([b[4], b[5], b[6], b[7]]);
            fields.push(field("sin6_port", Value::Text(format!("htons({})", be16(&b, 2)))));
            fields.push(field("sin6_flowinfo", Value::Text(format!("htonl({flow})"))));
            let ip = Ipv6Addr::from(octets);
            fields.push(field("sin6_addr", Value::Text(format!("inet_pton(AF_INET6, \"{ip}\")"))));
            if b.len() >= 28 {
                fields.push(field("sin6_scope_id", Value::Uint(ne32(&b, 24) as u64)));
            }
        }
        libc::AF_NETLINK if b.len() >= 12 => {
            fields.push(field("nl_pid", Value::Uint(ne32(&b, 4) as u64)));
            fields.push(field("nl_groups", Value::Text(format!("{:#08x}", ne32(&b, 8)))));
        }
        // A whole struct sockaddr_ll; a shorter one is shown as bytes.
        libc::AF_PACKET if b.len() >= 20 => fields.extend(sockaddr_ll(&b)),
        libc::AF_X25 if b.len() >= 3 => {
            // struct x25_address: 16 characters of digits.
            let addr = &b[2..b.len().min(18)];
            let end = addr.iter().position(|&c| c == 0).unwrap_or(addr.len());
            let mut text = String::from("{x25_addr=");
            write_c_string(&mut text, &addr[..end], false);
            text.push('}');
            fields.push(field("sx25_addr", Value::Text(text)));
        }
        // A struct sockaddr_ax25, or the full one with its digipeaters.
        libc::AF_AX25 if b.len() >= 16 => fields.extend(sockaddr_ax25(&b)),
        // Told apart by the length given (all of it read), as the family
        // does not say which protocol the socket speaks.
        libc::AF_BLUETOOTH if b.len() == want && bt_length(want) => fields.extend(sockaddr_bt(&b)),
        // Nothing past the family: `{sa_family=AF_INET}`, as strace.
        _ if b.len() == 2 => {}
        _ => {
            let data = &b[2..];
            let shown = data.len().min(r.string_limit);
            fields.push(field("sa_data", Value::Str(Bytes::new(data[..shown].to_vec(), shown < data.len()))));
        }
    }
    Value::Struct(fields)
}

/// `%#02x`, as strace prints a byte of a hardware address: `00`, `0x1`, `0xff`.
fn byte_hex(v: u8) -> String {
    if v == 0 { "00".into() } else { format!("{v:#x}") }
}

static ETH_PROTOCOLS: SymSet = SymSet(&[
    (0x0003, "ETH_P_ALL"),
    (0x0800, "ETH_P_IP"),
    (0x0806, "ETH_P_ARP"),
    (0x8100, "ETH_P_8021Q"),
    (0x86dd, "ETH_P_IPV6"),
    (0x88cc, "ETH_P_LLDP"),
]);

static ARP_HARDWARE: SymSet = SymSet(&[(1, "ARPHRD_ETHER"), (772, "ARPHRD_LOOPBACK"), (65534, "ARPHRD_NONE")]);

static PACKET_TYPES: SymSet = SymSet(&[
    (0, "PACKET_HOST"),
    (1, "PACKET_BROADCAST"),
    (2, "PACKET_MULTICAST"),
    (3, "PACKET_OTHERHOST"),
    (4, "PACKET_OUTGOING"),
    (5, "PACKET_LOOPBACK"),
]);

/// A constant by name, else in hexadecimal (C's `%#x`: 0 is `0`) with
/// strace's `/* NAME_??? */`.
fn named_or(set: &SymSet, v: i64, unknown: &str) -> String {
    match set.name(v) {
        Some(n) => n.to_string(),
        None if v == 0 => format!("0 /* {unknown} */"),
        None => format!("{v:#x} /* {unknown} */"),
    }
}

/// The fields of a struct sockaddr_ll (AF_PACKET), as strace prints them:
/// `sll_protocol=htons(ETH_P_ALL), sll_ifindex=1, sll_hatype=ARPHRD_ETHER,
/// sll_pkttype=PACKET_HOST, sll_halen=6, sll_addr=[0x2, ...]`; the address
/// bytes past the length given are `...`.
fn sockaddr_ll(b: &[u8]) -> Vec<super::value::Field> {
    let protocol = be16(b, 2) as i64;
    let ifindex = i32::from_ne_bytes([b[4], b[5], b[6], b[7]]);
    let hatype = u16::from_ne_bytes([b[8], b[9]]) as i64;
    let pkttype = b[10] as i64;
    let halen = b.get(11).copied().unwrap_or(0);
    let mut fields = vec![
        field("sll_protocol", Value::Text(format!("htons({})", named_or(&ETH_PROTOCOLS, protocol, "ETH_P_???")))),
        field("sll_ifindex", int(ifindex as i64)),
        field("sll_hatype", Value::Text(named_or(&ARP_HARDWARE, hatype, "ARPHRD_???"))),
        field("sll_pkttype", Value::Text(named_or(&PACKET_TYPES, pkttype, "PACKET_???"))),
        field("sll_halen", Value::Uint(halen as u64)),
    ];
    if halen > 0 {
        let given = b.len().saturating_sub(12);
        let mut text = String::from("[");
        for i in 0..halen as usize {
            if i > 0 {
                text.push_str(", ");
            }
            if i >= given {
                text.push_str("...");
                break;
            }
            text.push_str(&byte_hex(b[12 + i]));
        }
        text.push(']');
        fields.push(field("sll_addr", Value::Text(text)));
    }
    fields
}

/// A socket address passed in, whose length is argument 2 (bind, connect).
#[inline(never)]
pub fn sockaddr_len2(r: &Reader, addr: u64, all: &[u64; 6]) -> Value {
    sockaddr(r, addr, all[2])
}

/// A socket address passed in, whose length is argument 5 (sendto).
#[inline(never)]
pub fn sockaddr_len5(r: &Reader, addr: u64, all: &[u64; 6]) -> Value {
    sockaddr(r, addr, all[5])
}

/// The `socklen_t` behind `ptr`, as the kernel left it.
fn socklen(r: &Reader, ptr: u64) -> Option<u64> {
    r.read::<u32>(ptr).map(u64::from)
}

/// The length the program passed by address, as decoded at entry: `[110]`.
fn length_in(call: &Syscall, name: &str) -> Option<u64> {
    match call.arg(name)? {
        Value::Array { items, more: false } if items.len() == 1 => items[0].as_i64().map(|n| n as u32 as u64),
        _ => None,
    }
}

/// A length passed by address that the kernel rewrites (a socket address's
/// or an option's): `[110]` at entry.
#[inline(never)]
pub fn socklen_in(r: &Reader, ptr: u64, _: &[u64; 6]) -> Value {
    if ptr == 0 {
        return Value::Ptr(0);
    }
    match socklen(r, ptr) {
        Some(len) => Value::Array { items: vec![Value::Uint(len)], more: false },
        None => Value::Unreadable(ptr),
    }
}

/// The length at exit, with the one passed in when the kernel changed it:
/// `[110 => 20]`, as strace shows it.
#[inline(never)]
pub fn socklen_after(r: &Reader, call: &Syscall, ptr: u64, ret: i64) -> Value {
    let before = call.args.iter().find(|a| a.name == "addrlen" || a.name == "optlen").map(|a| a.value.clone());
    let now = socklen_in(r, ptr, &call.raw.args);
    let _ = ret;
    changed(before.as_ref(), now)
}

/// The address the kernel wrote at `addr`: it wrote at most the length the
/// program gave (the buffer's size) and set the length to the address's
/// full size, so only the shorter of the two is read.
fn sockaddr_written(r: &Reader, call: &Syscall, addr: u64, len_arg: usize, len_name: &str) -> Value {
    let (Some(given), Some(full)) = (length_in(call, len_name), socklen(r, call.raw.args[len_arg])) else {
        return Value::Ptr(addr);
    };
    sockaddr(r, addr, given.min(full))
}

/// The address accept, accept4, getsockname and getpeername wrote, its
/// length behind argument 2.
#[inline(never)]
pub fn sockaddr_after_len2(r: &Reader, call: &Syscall, addr: u64, _: i64) -> Value {
    sockaddr_written(r, call, addr, 2, "addrlen")
}

/// The sender's address recvfrom(2) wrote, its length behind argument 5.
#[inline(never)]
pub fn sockaddr_after_len5(r: &Reader, call: &Syscall, addr: u64, _: i64) -> Value {
    sockaddr_written(r, call, addr, 5, "addrlen")
}

// ---- socket, socketpair ----------------------------------------------------------

const SOCK_TYPE_MASK: u64 = 0xf;

/// SOCK_CLOEXEC and SOCK_NONBLOCK, in a socket type or accept4's flags.
pub static SOCK_FLAGS: FlagSet = FlagSet {
    bits: &[(libc::SOCK_CLOEXEC as u64, "SOCK_CLOEXEC"), (libc::SOCK_NONBLOCK as u64, "SOCK_NONBLOCK")],
    zero: Some("0"),
    mode_bits: false,
    access_mode: false,
};

/// A socket type with its flags: `SOCK_STREAM|SOCK_CLOEXEC`.
#[inline(never)]
pub fn socket_type(_: &Reader, v: u64, _: &[u64; 6]) -> Value {
    let v = v as u32 as u64;
    let mut names = Vec::new();
    let mut rest = v;
    if let Some(name) = SOCKET_TYPES.name((v & SOCK_TYPE_MASK) as i64) {
        names.push(name);
        rest &= !SOCK_TYPE_MASK;
    }
    let flags = SOCK_FLAGS.decode(rest);
    names.extend(flags.names.iter().filter(|n| **n != "0"));
    Value::Flags(Flags { raw: v, names, rest: flags.rest, rest_octal: false })
}

static IP_PROTOCOLS: SymSet = SymSet(&[
    (libc::IPPROTO_IP as i64, "IPPROTO_IP"),
    (libc::IPPROTO_ICMP as i64, "IPPROTO_ICMP"),
    (libc::IPPROTO_TCP as i64, "IPPROTO_TCP"),
    (libc::IPPROTO_UDP as i64, "IPPROTO_UDP"),
    (libc::IPPROTO_IPV6 as i64, "IPPROTO_IPV6"),
    (libc::IPPROTO_ICMPV6 as i64, "IPPROTO_ICMPV6"),
    (libc::IPPROTO_SCTP as i64, "IPPROTO_SCTP"),
    (libc::IPPROTO_RAW as i64, "IPPROTO_RAW"),
]);

static NETLINK_PROTOCOLS: SymSet = SymSet(&[
    (libc::NETLINK_ROUTE as i64, "NETLINK_ROUTE"),
    (libc::NETLINK_SOCK_DIAG as i64, "NETLINK_SOCK_DIAG"),
    (libc::NETLINK_AUDIT as i64, "NETLINK_AUDIT"),
    (libc::NETLINK_KOBJECT_UEVENT as i64, "NETLINK_KOBJECT_UEVENT"),
    (libc::NETLINK_GENERIC as i64, "NETLINK_GENERIC"),
]);

/// Bluetooth protocols (include/net/bluetooth/bluetooth.h).
static BT_PROTOCOLS: SymSet = SymSet(&[
    (0, "BTPROTO_L2CAP"),
    (1, "BTPROTO_HCI"),
    (2, "BTPROTO_SCO"),
    (3, "BTPROTO_RFCOMM"),
    (4, "BTPROTO_BNEP"),
    (5, "BTPROTO_CMTP"),
    (6, "BTPROTO_HIDP"),
    (7, "BTPROTO_AVDTP"),
    (8, "BTPROTO_ISO"),
]);

/// The protocol of socket(2): named for the inet, netlink and Bluetooth
/// families; a number those families do not name is shown as strace shows
/// it, `0x63 /* IPPROTO_??? */`. Other families' protocols are numbers.
#[inline(never)]
pub fn socket_protocol(_: &Reader, v: u64, all: &[u64; 6]) -> Value {
    let p = v as i32 as i64;
    let named = |set: &SymSet, unknown: &str| match set.name(p) {
        Some(_) => Value::Sym(set.decode(p)),
        None => Value::Text(named_or(set, p as u32 as i64, unknown)),
    };
    match all[0] as i32 {
        libc::AF_INET | libc::AF_INET6 => named(&IP_PROTOCOLS, "IPPROTO_???"),
        libc::AF_NETLINK => named(&NETLINK_PROTOCOLS, "NETLINK_???"),
        libc::AF_BLUETOOTH => named(&BT_PROTOCOLS, "BTPROTO_???"),
        _ => int(p),
    }
}

// ---- sendmsg, recvmsg --------------------------------------------------------------

/// Most bytes of control data read from a message header.
const CONTROL_MAX: usize = 4096;

static SOCKET_LEVELS: SymSet = SymSet(&[
    (libc::SOL_SOCKET as i64, "SOL_SOCKET"),
    (libc::IPPROTO_IP as i64, "SOL_IP"),
    (libc::IPPROTO_TCP as i64, "SOL_TCP"),
    (libc::IPPROTO_UDP as i64, "SOL_UDP"),
    (libc::IPPROTO_IPV6 as i64, "SOL_IPV6"),
]);

static SCM_TYPES: SymSet = SymSet(&[
    (libc::SCM_RIGHTS as i64, "SCM_RIGHTS"),
    (libc::SCM_CREDENTIALS as i64, "SCM_CREDENTIALS"),
    (3, "SCM_SECURITY"),
    (29, "SO_TIMESTAMP_OLD"),
    (35, "SO_TIMESTAMPNS_OLD"),
    (76, "SCM_PIDFD"),
]);

/// The control messages of the IP level.
static IP_CMSG_TYPES: SymSet =
    SymSet(&[(1, "IP_TOS"), (2, "IP_TTL"), (8, "IP_PKTINFO"), (11, "IP_RECVERR"), (20, "IP_ORIGDSTADDR")]);

/// The data of a control message strace decodes by level and type: a
/// timestamp, an IP packet's TTL or TOS, where it arrived.
fn cmsg_payload(level: i32, kind: i32, data: &[u8]) -> Option<Value> {
    let i64_at = |o: usize| data.get(o..o + 8).map(|b| i64::from_ne_bytes(b.try_into().unwrap_or_default()));
    let ip = |o: usize| {
        let a = data.get(o..o + 4)?;
        Some(Value::Text(format!("inet_addr(\"{}\")", Ipv4Addr::new(a[0], a[1], a[2], a[3]))))
    };
    match (level, kind) {
        (libc::SOL_SOCKET, 29) => {
            Some(Value::Struct(vec![field("tv_sec", int(i64_at(0)?)), field("tv_usec", int(i64_at(8)?))]))
        }
        (libc::SOL_SOCKET, 35) => {
            Some(Value::Struct(vec![field("tv_sec", int(i64_at(0)?)), field("tv_nsec", int(i64_at(8)?))]))
        }
        (libc::IPPROTO_IP, 1) => Some(Value::Array { items: vec![Value::Uint(*data.first()? as u64)], more: false }),
        (libc::IPPROTO_IP, 2) => {
            let ttl = i32::from_ne_bytes(data.get(..4)?.try_into().ok()?);
            Some(Value::Array { items: vec![int(ttl as i64)], more: false })
        }
        (libc::IPPROTO_IP, 8) => Some(Value::Struct(vec![
            field("ipi_ifindex", int(i32::from_ne_bytes(data.get(..4)?.try_into().ok()?) as i64)),
            field("ipi_spec_dst", ip(4)?),
            field("ipi_addr", ip(8)?),
        ])),
        _ => None,
    }
}

/// The control messages of a message header: `[{cmsg_len=20,
/// cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[5]}]`.
fn cmsgs(r: &Reader, addr: u64, len: u64) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    let want = (len as usize).min(CONTROL_MAX);
    let b = r.read_some(addr, want);
    if b.is_empty() && want > 0 {
        return Value::Unreadable(addr);
    }
    // cmsg_len is a size_t: 4 bytes in a 32-bit program, whose headers
    // are aligned to 4.
    let word = r.word_size() as usize;
    let hdr = word + 8;
    let mut items = Vec::new();
    let mut off = 0usize;
    let mut more = false;
    while off + hdr <= b.len() {
        if items.len() == ARRAY_LIMIT {
            more = true;
            break;
        }
        let mut len_bytes = [0u8; 8];
        len_bytes[..word].copy_from_slice(&b[off..off + word]);
        let cmsg_len = u64::from_ne_bytes(len_bytes) as usize;
        let level = ne32(&b, off + word) as i32;
        let kind = ne32(&b, off + word + 4) as i32;
        // The data runs to cmsg_len, within what was read.
        let data_end = off.saturating_add(cmsg_len.max(hdr)).min(b.len());
        let data = &b[off + hdr..data_end];
        let mut fields = vec![
            field("cmsg_len", Value::Uint(cmsg_len as u64)),
            field("cmsg_level", Value::Sym(SOCKET_LEVELS.decode(level as i64))),
        ];
        let is_socket = level == libc::SOL_SOCKET;
        fields.push(field(
            "cmsg_type",
            match level {
                libc::SOL_SOCKET => Value::Sym(SCM_TYPES.decode(kind as i64)),
                libc::IPPROTO_IP => Value::Sym(IP_CMSG_TYPES.decode(kind as i64)),
                _ => int(kind as i64),
            },
        ));
        let payload = match kind {
            libc::SCM_RIGHTS if is_socket => {
                let fds: Vec<Value> = data
                    .chunks_exact(4)
                    .take(ARRAY_LIMIT)
                    .map(|c| Value::Fd(Fd::new(i32::from_ne_bytes([c[0], c[1], c[2], c[3]]))))
                    .collect();
                Value::Array { more: data.len() / 4 > fds.len(), items: fds }
            }
            libc::SCM_CREDENTIALS if is_socket && data.len() >= 12 => Value::Struct(vec![
                field("pid", int(ne32(data, 0) as i32 as i64)),
                field("uid", Value::Uint(ne32(data, 4) as u64)),
                field("gid", Value::Uint(ne32(data, 8) as u64)),
            ]),
            _ => match cmsg_payload(level, kind, data) {
                Some(v) => v,
                None => {
                    let shown = data.len().min(r.string_limit);
                    Value::Str(Bytes::new(data[..shown].to_vec(), shown < data.len()))
                }
            },
        };
        fields.push(field("cmsg_data", payload));
        items.push(Value::Struct(fields));
        if cmsg_len < hdr {
            break;
        }
        off = match cmsg_len.checked_next_multiple_of(word).and_then(|n| off.checked_add(n)) {
            Some(next) => next,
            None => break,
        };
    }
    Value::Array { items, more }
}

/// A struct msghdr; `budget` is how many bytes of data the iovecs hold
/// (what recvmsg returned), None to show each buffer whole (sendmsg).
fn msghdr(r: &Reader, addr: u64, budget: Option<u64>) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    let m = if r.compat { r.read::<[u32; 7]>(addr).map(compat_msghdr) } else { r.read::<libc::msghdr>(addr) };
    let Some(m) = m else {
        return Value::Unreadable(addr);
    };
    msghdr_value(r, &m, budget)
}

/// A 32-bit program's struct msghdr (`compat_msghdr`: seven 4-byte fields)
/// in the 64-bit layout.
fn compat_msghdr(w: [u32; 7]) -> libc::msghdr {
    // SAFETY: msghdr is integers and pointers; all zero is a valid value.
    let mut m: libc::msghdr = unsafe { std::mem::zeroed() };
    m.msg_name = w[0] as usize as *mut libc::c_void;
    m.msg_namelen = w[1];
    m.msg_iov = w[2] as usize as *mut libc::iovec;
    m.msg_iovlen = w[3] as usize;
    m.msg_control = w[4] as usize as *mut libc::c_void;
    m.msg_controllen = w[5] as usize;
    m.msg_flags = w[6] as i32;
    m
}

fn msghdr_value(r: &Reader, m: &libc::msghdr, budget: Option<u64>) -> Value {
    let iov_addr = m.msg_iov as u64;
    let iov = if iov_addr == 0 { Value::Ptr(0) } else { iovecs(r, iov_addr, m.msg_iovlen as u64, budget) };
    Value::Struct(vec![
        field("msg_name", sockaddr(r, m.msg_name as u64, m.msg_namelen as u64)),
        field("msg_namelen", Value::Uint(m.msg_namelen as u64)),
        field("msg_iov", iov),
        field("msg_iovlen", Value::Uint(m.msg_iovlen as u64)),
        field("msg_control", cmsgs(r, m.msg_control as u64, m.msg_controllen as u64)),
        field("msg_controllen", Value::Uint(m.msg_controllen as u64)),
        field("msg_flags", Value::Flags(MSG_IO_FLAGS.decode(m.msg_flags as u32 as u64))),
    ])
}

/// The message sendmsg(2) sends.
#[inline(never)]
pub fn msghdr_in(r: &Reader, addr: u64, _: &[u64; 6]) -> Value {
    msghdr(r, addr, None)
}

/// The message recvmsg(2) received: `ret` bytes of data.
#[inline(never)]
pub fn msghdr_out(r: &Reader, addr: u64, _: &[u64; 6], ret: i64) -> Value {
    msghdr(r, addr, Some(ret.max(0) as u64))
}

fn mmsghdrs(r: &Reader, addr: u64, count: u64, received: bool) -> Value {
    let Some((msgs, more)) = r.read_array::<libc::mmsghdr>(addr, count as usize) else {
        return Value::Unreadable(addr);
    };
    let items = msgs
        .iter()
        .map(|m| {
            let budget = received.then_some(m.msg_len as u64);
            Value::Struct(vec![
                field("msg_hdr", msghdr_value(r, &m.msg_hdr, budget)),
                field("msg_len", Value::Uint(m.msg_len as u64)),
            ])
        })
        .collect();
    Value::Array { items, more }
}

/// The messages sendmmsg(2) sends.
pub fn mmsghdrs_in(r: &Reader, addr: u64, all: &[u64; 6]) -> Value {
    mmsghdrs(r, addr, all[2], false)
}

/// The messages recvmmsg(2) received: the first `ret` of them.
pub fn mmsghdrs_out(r: &Reader, addr: u64, all: &[u64; 6], ret: i64) -> Value {
    mmsghdrs(r, addr, (ret.max(0) as u64).min(all[2]), true)
}

// ---- socket options ----------------------------------------------------------------

/// The level of setsockopt(2)/getsockopt(2).
pub fn sockopt_level(_: &Reader, v: u64, _: &[u64; 6]) -> Value {
    Value::Sym(SOCKET_LEVELS.decode(v as i32 as i64))
}

static SOL_SOCKET_OPTS: SymSet = SymSet(&[
    (libc::SO_DEBUG as i64, "SO_DEBUG"),
    (libc::SO_REUSEADDR as i64, "SO_REUSEADDR"),
    (libc::SO_TYPE as i64, "SO_TYPE"),
    (libc::SO_ERROR as i64, "SO_ERROR"),
    (libc::SO_DONTROUTE as i64, "SO_DONTROUTE"),
    (libc::SO_BROADCAST as i64, "SO_BROADCAST"),
    (libc::SO_SNDBUF as i64, "SO_SNDBUF"),
    (libc::SO_RCVBUF as i64, "SO_RCVBUF"),
    (libc::SO_SNDBUFFORCE as i64, "SO_SNDBUFFORCE"),
    (libc::SO_RCVBUFFORCE as i64, "SO_RCVBUFFORCE"),
    (libc::SO_KEEPALIVE as i64, "SO_KEEPALIVE"),
    (libc::SO_OOBINLINE as i64, "SO_OOBINLINE"),
    (libc::SO_PRIORITY as i64, "SO_PRIORITY"),
    (libc::SO_LINGER as i64, "SO_LINGER"),
    (libc::SO_REUSEPORT as i64, "SO_REUSEPORT"),
    (libc::SO_PASSCRED as i64, "SO_PASSCRED"),
    (libc::SO_PEERCRED as i64, "SO_PEERCRED"),
    (libc::SO_RCVLOWAT as i64, "SO_RCVLOWAT"),
    (libc::SO_SNDLOWAT as i64, "SO_SNDLOWAT"),
    (libc::SO_RCVTIMEO as i64, "SO_RCVTIMEO"),
    (libc::SO_SNDTIMEO as i64, "SO_SNDTIMEO"),
    (libc::SO_BINDTODEVICE as i64, "SO_BINDTODEVICE"),
    (libc::SO_ACCEPTCONN as i64, "SO_ACCEPTCONN"),
    (libc::SO_PEERSEC as i64, "SO_PEERSEC"),
    (59, "SO_PEERGROUPS"),
    (libc::SO_PROTOCOL as i64, "SO_PROTOCOL"),
    (libc::SO_DOMAIN as i64, "SO_DOMAIN"),
    (29, "SO_TIMESTAMP_OLD"),
    (35, "SO_TIMESTAMPNS_OLD"),
    (76, "SO_PASSPIDFD"),
    (77, "SO_PEERPIDFD"),
]);

static TCP_OPTS: SymSet = SymSet(&[
    (libc::TCP_NODELAY as i64, "TCP_NODELAY"),
    (libc::TCP_MAXSEG as i64, "TCP_MAXSEG"),
    (libc::TCP_CORK as i64, "TCP_CORK"),
    (libc::TCP_KEEPIDLE as i64, "TCP_KEEPIDLE"),
    (libc::TCP_KEEPINTVL as i64, "TCP_KEEPINTVL"),
    (libc::TCP_KEEPCNT as i64, "TCP_KEEPCNT"),
    (libc::TCP_INFO as i64, "TCP_INFO"),
    (libc::TCP_QUICKACK as i64, "TCP_QUICKACK"),
    (libc::TCP_CONGESTION as i64, "TCP_CONGESTION"),
    (libc::TCP_USER_TIMEOUT as i64, "TCP_USER_TIMEOUT"),
    (libc::TCP_FASTOPEN as i64, "TCP_FASTOPEN"),
]);

static IP_OPTS: SymSet = SymSet(&[
    (1, "IP_TOS"),
    (2, "IP_TTL"),
    (3, "IP_HDRINCL"),
    (4, "IP_OPTIONS"),
    (8, "IP_PKTINFO"),
    (10, "IP_MTU_DISCOVER"),
    (11, "IP_RECVERR"),
    (12, "IP_RECVTTL"),
    (13, "IP_RECVTOS"),
    (14, "IP_MTU"),
    (15, "IP_FREEBIND"),
    (19, "IP_TRANSPARENT"),
    (20, "IP_RECVORIGDSTADDR"),
    (32, "IP_MULTICAST_IF"),
    (33, "IP_MULTICAST_TTL"),
    (34, "IP_MULTICAST_LOOP"),
    (35, "IP_ADD_MEMBERSHIP"),
    (36, "IP_DROP_MEMBERSHIP"),
]);

/// The option name of setsockopt(2)/getsockopt(2), named for the socket,
/// IP and TCP levels.
pub fn sockopt_name(_: &Reader, v: u64, all: &[u64; 6]) -> Value {
    let name = v as i32 as i64;
    match all[1] as i32 {
        libc::SOL_SOCKET => Value::Sym(SOL_SOCKET_OPTS.decode(name)),
        libc::IPPROTO_TCP => Value::Sym(TCP_OPTS.decode(name)),
        libc::IPPROTO_IP => Value::Sym(IP_OPTS.decode(name)),
        _ => int(name),
    }
}

fn optval(r: &Reader, addr: u64, len: u64, all: &[u64; 6]) -> Value {
    if addr == 0 {
        return Value::Ptr(0);
    }
    let is_peercred = all[1] as i32 == libc::SOL_SOCKET && all[2] as i32 == libc::SO_PEERCRED;
    match len {
        // struct ucred, or as much of it as the length holds (the kernel
        // writes no more): `{pid=1204, uid=0}`.
        4.. if is_peercred => {
            match r.read::<[u32; 3]>(addr).or_else(|| r.read::<[u32; 2]>(addr).map(|[a, b]| [a, b, 0])) {
                Some([pid, uid, gid]) => {
                    let mut fields = vec![field("pid", int(pid as i32 as i64))];
                    if len >= 8 {
                        fields.push(field("uid", Value::Uint(uid as u64)));
                    }
                    if len >= 12 {
                        fields.push(field("gid", Value::Uint(gid as u64)));
                    }
                    Value::Struct(fields)
                }
                None => Value::Unreadable(addr),
            }
        }
        4 => match r.read::<i32>(addr) {
            Some(v) => Value::Array { items: vec![int(v as i64)], more: false },
            None => Value::Unreadable(addr),
        },
        _ => r.buffer(addr, len),
    }
}

/// The value setsockopt(2) sets: `[1]` for an int, else the bytes.
pub fn optval_in(r: &Reader, addr: u64, all: &[u64; 6]) -> Value {
    optval(r, addr, all[4], all)
}

/// The value getsockopt(2) wrote: no more than the length given, nor than
/// the length the kernel set behind argument 4.
pub fn optval_after(r: &Reader, call: &Syscall, addr: u64, _: i64) -> Value {
    match (length_in(call, "optlen"), socklen(r, call.raw.args[4])) {
        (Some(given), Some(full)) => optval(r, addr, given.min(full), &call.raw.args),
        _ => Value::Ptr(addr),
    }
}
