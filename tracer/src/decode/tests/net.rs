//! Socket calls on fixture bytes: addresses, messages, options.

use super::*;

/// A struct sockaddr_un of `len` bytes holding `path`.
fn sun(path: &[u8]) -> Vec<u8> {
    let mut b = (libc::AF_UNIX as u16).to_ne_bytes().to_vec();
    b.extend_from_slice(path);
    b
}

fn sin(port: u16, ip: [u8; 4]) -> Vec<u8> {
    let mut b = (libc::AF_INET as u16).to_ne_bytes().to_vec();
    b.extend_from_slice(&port.to_be_bytes());
    b.extend_from_slice(&ip);
    b.extend_from_slice(&[0; 8]);
    b
}

#[test]
fn socket_names_domain_type_flags_and_protocol_and_returns_a_descriptor() {
    let ty = (libc::SOCK_STREAM | libc::SOCK_CLOEXEC | libc::SOCK_NONBLOCK) as u64;
    let sc = call("socket", [libc::AF_INET as u64, ty, libc::IPPROTO_TCP as u64, 0, 0, 0], &FakeMemory::new(), Some(3));
    assert_eq!(args_text(&sc), "AF_INET, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_TCP");
    assert_eq!(sc.ret_value, Some(Value::Fd(Fd::new(3))));
    let sc = call("socket", [libc::AF_UNIX as u64, libc::SOCK_DGRAM as u64, 0, 0, 0, 0], &FakeMemory::new(), None);
    assert_eq!(args_text(&sc), "AF_UNIX, SOCK_DGRAM, 0");
}

#[test]
fn socketpair_shows_both_descriptors_at_exit() {
    let mem = FakeMemory::new().with_value(0x1000, &[3i32, 4]);
    let sc = call("socketpair", [libc::AF_UNIX as u64, libc::SOCK_STREAM as u64, 0, 0x1000, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), "AF_UNIX, SOCK_STREAM, 0, [3, 4]");
    assert_eq!(sc.name, "socketpair", "the fd cache recognises the call by this name");
}

#[test]
fn bind_shows_a_unix_path() {
    let mut addr = sun(b"/tmp/x.sock");
    addr.resize(110, 0);
    let mem = FakeMemory::new().with(0x1000, addr);
    let sc = call("bind", [3, 0x1000, 110, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), r#"3, {sa_family=AF_UNIX, sun_path="/tmp/x.sock"}, 110"#);
}

#[test]
fn connect_shows_an_abstract_unix_name_with_an_at_sign() {
    let addr = sun(b"\0ipclab");
    let len = addr.len() as u64;
    let mem = FakeMemory::new().with(0x1000, addr);
    let sc = call("connect", [3, 0x1000, len, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), r#"3, {sa_family=AF_UNIX, sun_path=@"ipclab"}, 9"#);
}

#[test]
fn an_unnamed_unix_address_shows_only_the_family() {
    let mem = FakeMemory::new().with(0x1000, sun(b"")).with_value(0x2000, &2u32);
    let sc = call("accept4", [3, 0x1000, 0x2000, libc::SOCK_CLOEXEC as u64, 0, 0], &mem, Some(4));
    assert_eq!(args_text(&sc), "3, {sa_family=AF_UNIX}, [2], SOCK_CLOEXEC");
    assert_eq!(sc.ret_value, Some(Value::Fd(Fd::new(4))));
}

#[test]
fn connect_shows_an_inet_address_as_strace_does() {
    let mem = FakeMemory::new().with(0x1000, sin(8080, [127, 0, 0, 1]));
    let sc = call("connect", [3, 0x1000, 16, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), r#"3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("127.0.0.1")}, 16"#);
}

#[test]
fn bind_shows_an_inet6_address() {
    let mut b = (libc::AF_INET6 as u16).to_ne_bytes().to_vec();
    b.extend_from_slice(&443u16.to_be_bytes());
    b.extend_from_slice(&[0; 4]); // flowinfo
    let mut ip = [0u8; 16];
    ip[15] = 1;
    b.extend_from_slice(&ip);
    b.extend_from_slice(&0u32.to_ne_bytes());
    let mem = FakeMemory::new().with(0x1000, b);
    let sc = call("bind", [3, 0x1000, 28, 0, 0, 0], &mem, Some(0));
    assert_eq!(
        args_text(&sc),
        r#"3, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), sin6_addr=inet_pton(AF_INET6, "::1"), sin6_scope_id=0}, 28"#
    );
}

#[test]
fn accept_reads_the_peer_address_with_the_length_the_kernel_wrote() {
    let mem = FakeMemory::new().with(0x1000, sin(40000, [10, 0, 0, 2])).with_value(0x2000, &16u32);
    let sc = call("accept", [3, 0x1000, 0x2000, 0, 0, 0], &mem, None);
    // The length the program gives is read at entry: it bounds the address.
    assert_eq!(args_text(&sc), "3, 0x1000, [16]");
    let mut sc = sc;
    decode_exit(&mut sc, 5, &mem, &OPTS);
    assert_eq!(
        args_text(&sc),
        r#"3, {sa_family=AF_INET, sin_port=htons(40000), sin_addr=inet_addr("10.0.0.2")}, [16]"#
    );
}

#[test]
fn getsockname_shows_the_bound_address() {
    let mem = FakeMemory::new().with(0x1000, sin(37173, [127, 0, 0, 1])).with_value(0x2000, &16u32);
    let sc = call("getsockname", [3, 0x1000, 0x2000, 0, 0, 0], &mem, Some(0));
    assert_eq!(
        args_text(&sc),
        r#"3, {sa_family=AF_INET, sin_port=htons(37173), sin_addr=inet_addr("127.0.0.1")}, [16]"#
    );
}

#[test]
fn sendto_shows_data_flags_and_destination() {
    let mem = FakeMemory::new().with(0x1000, *b"ping").with(0x2000, sin(53, [10, 0, 0, 1]));
    let flags = (libc::MSG_DONTWAIT | libc::MSG_NOSIGNAL) as u64;
    let sc = call("sendto", [3, 0x1000, 4, flags, 0x2000, 16], &mem, Some(4));
    assert_eq!(
        args_text(&sc),
        r#"3, "ping", 4, MSG_DONTWAIT|MSG_NOSIGNAL, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.0.0.1")}, 16"#
    );
}

#[test]
fn recvfrom_shows_only_the_bytes_received() {
    let mem = FakeMemory::new().with(0x1000, *b"pong and old bytes");
    let sc = call("recvfrom", [4, 0x1000, 64, libc::MSG_WAITALL as u64, 0, 0], &mem, Some(4));
    assert_eq!(args_text(&sc), r#"4, "pong", 64, MSG_WAITALL, NULL, NULL"#);
}

/// A msghdr at 0x1000 with one iovec at 0x2000 (data at 0x3000) and a
/// control buffer at 0x4000 carrying SCM_RIGHTS for `fds`.
fn message(data: &[u8], iov_len: usize, fds: &[i32]) -> FakeMemory {
    let mut control = Vec::new();
    let cmsg_len = 16 + 4 * fds.len();
    control.extend_from_slice(&(cmsg_len as u64).to_ne_bytes());
    control.extend_from_slice(&libc::SOL_SOCKET.to_ne_bytes());
    control.extend_from_slice(&libc::SCM_RIGHTS.to_ne_bytes());
    for fd in fds {
        control.extend_from_slice(&fd.to_ne_bytes());
    }
    let controllen = control.len().next_multiple_of(8);
    control.resize(controllen, 0);
    let m = fixture!(libc::msghdr {
        msg_iov: 0x2000 as *mut libc::iovec,
        msg_iovlen: 1,
        msg_control: 0x4000 as *mut libc::c_void,
        msg_controllen: controllen,
    });
    let iov = fixture!(libc::iovec { iov_base: 0x3000 as *mut libc::c_void, iov_len: iov_len });
    FakeMemory::new().with_value(0x1000, &m).with_value(0x2000, &iov).with(0x3000, data.to_vec()).with(0x4000, control)
}

#[test]
fn sendmsg_shows_the_data_and_the_descriptors_scm_rights_carries() {
    let mem = message(b"fd", 2, &[5]);
    let sc = call("sendmsg", [4, 0x1000, 0, 0, 0, 0], &mem, Some(2));
    assert_eq!(
        args_text(&sc),
        r#"4, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="fd", iov_len=2}], msg_iovlen=1, msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[5]}], msg_controllen=24, msg_flags=0}, 0"#
    );
    let data = sc.arg("msg").and_then(|m| m.field("msg_control"));
    assert!(
        matches!(data, Some(Value::Array { items, .. }) if items[0].field("cmsg_data") == Some(&Value::Array { items: vec![Value::Fd(Fd::new(5))], more: false })),
        "the passed descriptor is an Fd, for the fd annotations: {data:?}"
    );
}

#[test]
fn recvmsg_reads_the_message_at_exit_with_only_the_bytes_received() {
    let mem = message(b"fdxx", 64, &[6, 7]);
    let sc = call("recvmsg", [4, 0x1000, libc::MSG_CMSG_CLOEXEC as u64, 0, 0, 0], &mem, None);
    assert_eq!(sc.arg("msg"), Some(&Value::Out(0x1000)));
    let mut sc = sc;
    decode_exit(&mut sc, 2, &mem, &OPTS);
    assert_eq!(
        args_text(&sc),
        r#"4, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="fd", iov_len=64}], msg_iovlen=1, msg_control=[{cmsg_len=24, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[6, 7]}], msg_controllen=24, msg_flags=0}, MSG_CMSG_CLOEXEC"#
    );
}

#[test]
fn a_control_message_with_an_absurd_length_stays_within_what_was_read() {
    let mut control = (u64::MAX - 3).to_ne_bytes().to_vec();
    control.extend_from_slice(&libc::SOL_SOCKET.to_ne_bytes());
    control.extend_from_slice(&libc::SCM_RIGHTS.to_ne_bytes());
    control.extend_from_slice(&9i32.to_ne_bytes());
    let m = fixture!(libc::msghdr { msg_control: 0x4000 as *mut libc::c_void, msg_controllen: usize::MAX });
    let mem = FakeMemory::new().with_value(0x1000, &m).with(0x4000, control);
    let sc = call("sendmsg", [4, 0x1000, 0, 0, 0, 0], &mem, Some(-22));
    let text = sc.arg("msg").and_then(|m| m.field("msg_control")).map(|c| c.to_string());
    assert_eq!(
        text.as_deref(),
        Some("[{cmsg_len=18446744073709551612, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[9]}]")
    );
}

fn mmsghdr(iov_addr: u64, msg_len: u32) -> Fixture<libc::mmsghdr> {
    fixture!(libc::mmsghdr { msg_hdr.msg_iov: iov_addr as *mut libc::iovec, msg_hdr.msg_iovlen: 1, msg_len: msg_len })
}

#[test]
fn sendmmsg_shows_each_message() {
    let msgs = [mmsghdr(0x2000, 0), mmsghdr(0x2100, 0)];
    let iov_a = fixture!(libc::iovec { iov_base: 0x3000 as *mut libc::c_void, iov_len: 1 });
    let iov_b = fixture!(libc::iovec { iov_base: 0x3100 as *mut libc::c_void, iov_len: 1 });
    let mem = FakeMemory::new()
        .with(0x1000, bytes_of(&msgs))
        .with_value(0x2000, &iov_a)
        .with_value(0x2100, &iov_b)
        .with(0x3000, *b"a")
        .with(0x3100, *b"b");
    let sc = call("sendmmsg", [4, 0x1000, 2, 0, 0, 0], &mem, Some(2));
    let iovs: Vec<String> = match sc.arg("msgvec") {
        Some(Value::Array { items, more: false }) => {
            items.iter().filter_map(|m| m.field("msg_hdr")?.field("msg_iov").map(|v| v.to_string())).collect()
        }
        other => panic!("expected an array of messages, got {other:?}"),
    };
    assert_eq!(iovs, [r#"[{iov_base="a", iov_len=1}]"#, r#"[{iov_base="b", iov_len=1}]"#]);
}

#[test]
fn recvmmsg_shows_only_the_messages_received_with_their_lengths() {
    let msgs = [mmsghdr(0x2000, 3), mmsghdr(0x2000, 0)];
    let iov = fixture!(libc::iovec { iov_base: 0x3000 as *mut libc::c_void, iov_len: 16 });
    let mem = FakeMemory::new().with(0x1000, bytes_of(&msgs)).with_value(0x2000, &iov).with(0x3000, *b"abcdefgh");
    let sc = call("recvmmsg", [4, 0x1000, 2, 0, 0, 0], &mem, Some(1));
    match sc.arg("msgvec") {
        Some(Value::Array { items, more: false }) => {
            assert_eq!(items.len(), 1, "one message received: {items:?}");
            assert_eq!(items[0].field("msg_len"), Some(&Value::Uint(3)));
            assert_eq!(
                items[0].field("msg_hdr").and_then(|h| h.field("msg_iov")).map(|v| v.to_string()).as_deref(),
                Some(r#"[{iov_base="abc", iov_len=16}]"#)
            );
        }
        other => panic!("expected an array of messages, got {other:?}"),
    }
}

#[test]
fn shutdown_and_listen_show_their_arguments() {
    let sc = call("shutdown", [4, libc::SHUT_WR as u64, 0, 0, 0, 0], &FakeMemory::new(), Some(0));
    assert_eq!(args_text(&sc), "4, SHUT_WR");
    let sc = call("listen", [3, 128, 0, 0, 0, 0], &FakeMemory::new(), Some(0));
    assert_eq!(args_text(&sc), "3, 128");
}

#[test]
fn setsockopt_names_level_and_option_and_shows_an_int_value() {
    let mem = FakeMemory::new().with_value(0x1000, &1i32);
    let args = [3, libc::SOL_SOCKET as u64, libc::SO_REUSEADDR as u64, 0x1000, 4, 0];
    let sc = call("setsockopt", args, &mem, Some(0));
    assert_eq!(args_text(&sc), "3, SOL_SOCKET, SO_REUSEADDR, [1], 4");
    let args = [3, libc::IPPROTO_TCP as u64, libc::TCP_NODELAY as u64, 0x1000, 4, 0];
    let sc = call("setsockopt", args, &mem, Some(0));
    assert_eq!(args_text(&sc), "3, SOL_TCP, TCP_NODELAY, [1], 4");
}

#[test]
fn getsockopt_reads_the_value_and_its_length_at_exit() {
    let mem = FakeMemory::new().with_value(0x1000, &0i32).with_value(0x2000, &4u32);
    let sc = call("getsockopt", [3, libc::SOL_SOCKET as u64, libc::SO_ERROR as u64, 0x1000, 0x2000, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), "3, SOL_SOCKET, SO_ERROR, [0], [4]");
}

#[test]
fn getsockopt_so_peercred_shows_the_peer_process() {
    let mem = FakeMemory::new().with_value(0x1000, &[1204u32, 1000, 100]).with_value(0x2000, &12u32);
    let sc =
        call("getsockopt", [3, libc::SOL_SOCKET as u64, libc::SO_PEERCRED as u64, 0x1000, 0x2000, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), "3, SOL_SOCKET, SO_PEERCRED, {pid=1204, uid=1000, gid=100}, [12]");
}

#[test]
fn getpeername_shows_the_peer_path() {
    let mut addr = sun(b"/tmp/srv.sock");
    addr.push(0);
    let len = addr.len() as u32;
    let mem = FakeMemory::new().with(0x1000, addr).with_value(0x2000, &len);
    let sc = call("getpeername", [4, 0x1000, 0x2000, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), r#"4, {sa_family=AF_UNIX, sun_path="/tmp/srv.sock"}, [16]"#);
}

/// An AX.25 address: the call sign's characters shifted left by one,
/// padded with shifted spaces, then the SSID byte.
fn ax25(call: &str, ssid: u8) -> Vec<u8> {
    let mut a: Vec<u8> = call.bytes().chain(std::iter::repeat(b' ')).take(6).map(|c| c << 1).collect();
    a.push(ssid << 1);
    a
}

#[test]
fn an_ax25_address_shows_its_call_sign_or_its_bytes() {
    let mut b = (libc::AF_AX25 as u16).to_ne_bytes().to_vec();
    b.extend(ax25("VALID", 13));
    b.extend([0; 3]);
    b.extend(0i32.to_ne_bytes());
    let mem = FakeMemory::new().with(0x1000, b.clone());
    let sc = call("connect", [3, 0x1000, 16, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), "3, {sa_family=AF_AX25, sax25_call=VALID-13, sax25_ndigis=0}, 16");
    // Two digipeaters counted, one given; a lower-case one is not a call sign.
    b[12..16].copy_from_slice(&2i32.to_ne_bytes());
    b.extend([b'a' << 1, 0, 0, 0, 0, 0, 0]);
    let mem = FakeMemory::new().with(0x1000, b);
    let sc = call("connect", [3, 0x1000, 23, 0, 0, 0], &mem, Some(0));
    assert_eq!(
        args_text(&sc),
        r#"3, {sa_family=AF_AX25, fsa_ax25={sax25_call=VALID-13, sax25_ndigis=2}, fsa_digipeater=[{ax25_call="\xc2\x00\x00\x00\x00\x00\x00"}, ...]}, 23"#
    );
}

/// An AF_BLUETOOTH address: the family, then `rest`.
fn bt(rest: &[u8]) -> Vec<u8> {
    let mut b = (libc::AF_BLUETOOTH as u16).to_ne_bytes().to_vec();
    b.extend_from_slice(rest);
    b
}

/// connect(3, addr, len) on these bytes, as the text trace shows it.
fn connect_text(addr: &[u8], len: u64) -> String {
    let mem = FakeMemory::new().with(0x1000, addr.to_vec());
    args_text(&call("connect", [3, 0x1000, len, 0, 0, 0], &mem, Some(-libc::EBADF as i64)))
}

/// A struct sockaddr_l2: psm, bdaddr "abcdef", cid and bdaddr type, the
/// 16-bit fields little-endian as the Bluetooth stack keeps them.
fn l2(psm: u16, cid: u16, ty: u8) -> Vec<u8> {
    let mut rest = psm.to_le_bytes().to_vec();
    rest.extend_from_slice(b"abcdef");
    rest.extend_from_slice(&cid.to_le_bytes());
    rest.extend([ty, 0]);
    bt(&rest)
}

#[test]
fn a_bluetooth_hci_address_shows_its_device_and_channel_by_length() {
    let mut rest = 12345u16.to_le_bytes().to_vec();
    rest.extend(0u16.to_le_bytes());
    let b = bt(&rest);
    // 4 bytes: the struct before hci_channel existed.
    assert_eq!(connect_text(&b, 4), "3, {sa_family=AF_BLUETOOTH, hci_dev=htobs(12345)}, 4");
    assert_eq!(
        connect_text(&b, 6),
        "3, {sa_family=AF_BLUETOOTH, hci_dev=htobs(12345), hci_channel=HCI_CHANNEL_RAW}, 6"
    );
    let mut b = b;
    b[4] = 2;
    assert_eq!(
        connect_text(&b, 6),
        "3, {sa_family=AF_BLUETOOTH, hci_dev=htobs(12345), hci_channel=HCI_CHANNEL_MONITOR}, 6"
    );
    b[4] = 9;
    assert_eq!(
        connect_text(&b, 6),
        "3, {sa_family=AF_BLUETOOTH, hci_dev=htobs(12345), hci_channel=0x9 /* HCI_CHANNEL_??? */}, 6"
    );
}

#[test]
fn a_bluetooth_sco_or_rfcomm_address_shows_the_device_address_in_memory_order() {
    let b = bt(b"abcdef\x2a\x77");
    assert_eq!(connect_text(&b, 8), "3, {sa_family=AF_BLUETOOTH, sco_bdaddr=61:62:63:64:65:66}, 8");
    assert_eq!(connect_text(&b, 10), "3, {sa_family=AF_BLUETOOTH, rc_bdaddr=61:62:63:64:65:66, rc_channel=42}, 10");
    let mem = FakeMemory::new().with(0x1000, b);
    let sc = call("bind", [3, 0x1000, 10, 0, 0, 0], &mem, Some(0));
    assert_eq!(args_text(&sc), "3, {sa_family=AF_BLUETOOTH, rc_bdaddr=61:62:63:64:65:66, rc_channel=42}, 10");
}

#[test]
fn a_bluetooth_l2cap_address_names_psm_cid_and_address_type() {
    let line = |psm, cid, ty, len| connect_text(&l2(psm, cid, ty), len);
    assert_eq!(
        line(12345, 13579, 0xce, 14),
        "3, {sa_family=AF_BLUETOOTH, l2_psm=htobs(L2CAP_PSM_DYN_START+8248), l2_bdaddr=61:62:63:64:65:66, \
         l2_cid=htobs(L2CAP_CID_DYN_START+13515), l2_bdaddr_type=0xce /* BDADDR_??? */}, 14"
    );
    assert_eq!(
        line(1, 1, 2, 14),
        "3, {sa_family=AF_BLUETOOTH, l2_psm=htobs(L2CAP_PSM_SDP), l2_bdaddr=61:62:63:64:65:66, \
         l2_cid=htobs(L2CAP_CID_SIGNALING), l2_bdaddr_type=BDADDR_LE_RANDOM}, 14"
    );
    assert_eq!(
        line(0xbad, 8, 3, 14),
        "3, {sa_family=AF_BLUETOOTH, l2_psm=htobs(0xbad /* L2CAP_PSM_??? */), l2_bdaddr=61:62:63:64:65:66, \
         l2_cid=htobs(0x8 /* L2CAP_CID_??? */), l2_bdaddr_type=0x3 /* BDADDR_??? */}, 14"
    );
    // 12 bytes: the struct before l2_bdaddr_type existed.
    assert_eq!(
        line(0x10ff, 0xffff, 3, 12),
        "3, {sa_family=AF_BLUETOOTH, l2_psm=htobs(L2CAP_PSM_AUTO_END), l2_bdaddr=61:62:63:64:65:66, \
         l2_cid=htobs(L2CAP_CID_DYN_END)}, 12"
    );
    // The low-energy dynamic range, zero (C's %#x prints 0, not 0x0), the
    // edges of each range.
    assert_eq!(
        line(0x85, 0x7f, 0, 14),
        "3, {sa_family=AF_BLUETOOTH, l2_psm=htobs(L2CAP_PSM_LE_DYN_START+5), l2_bdaddr=61:62:63:64:65:66, \
         l2_cid=htobs(L2CAP_CID_LE_DYN_END), l2_bdaddr_type=BDADDR_BREDR}, 14"
    );
    assert_eq!(
        line(0, 0, 1, 14),
        "3, {sa_family=AF_BLUETOOTH, l2_psm=htobs(0 /* L2CAP_PSM_??? */), l2_bdaddr=61:62:63:64:65:66, \
         l2_cid=htobs(0 /* L2CAP_CID_??? */), l2_bdaddr_type=BDADDR_LE_PUBLIC}, 14"
    );
    assert_eq!(
        line(0xff, 0x3f, 1, 14),
        "3, {sa_family=AF_BLUETOOTH, l2_psm=htobs(L2CAP_PSM_LE_DYN_END), l2_bdaddr=61:62:63:64:65:66, \
         l2_cid=htobs(0x3f /* L2CAP_CID_??? */), l2_bdaddr_type=BDADDR_LE_PUBLIC}, 14"
    );
    assert_eq!(
        line(0xffff, 0x41, 1, 14),
        "3, {sa_family=AF_BLUETOOTH, l2_psm=htobs(L2CAP_PSM_DYN_END), l2_bdaddr=61:62:63:64:65:66, \
         l2_cid=htobs(L2CAP_CID_DYN_START+1), l2_bdaddr_type=BDADDR_LE_PUBLIC}, 14"
    );
    assert_eq!(
        line(2, 0x40, 1, 14),
        "3, {sa_family=AF_BLUETOOTH, l2_psm=htobs(0x2 /* L2CAP_PSM_??? */), l2_bdaddr=61:62:63:64:65:66, \
         l2_cid=htobs(L2CAP_CID_DYN_START), l2_bdaddr_type=BDADDR_LE_PUBLIC}, 14"
    );
}

#[test]
fn a_bluetooth_address_of_no_struct_s_length_is_shown_as_bytes() {
    let b = bt(&[b'0'; 30]);
    // Just the family: nothing else to show.
    assert_eq!(connect_text(&b, 2), "3, {sa_family=AF_BLUETOOTH}, 2");
    // Too short for any struct, and odd lengths between them.
    assert_eq!(connect_text(&b, 3), r#"3, {sa_family=AF_BLUETOOTH, sa_data="0"}, 3"#);
    assert_eq!(connect_text(&b, 5), r#"3, {sa_family=AF_BLUETOOTH, sa_data="000"}, 5"#);
    assert_eq!(connect_text(&b, 9), r#"3, {sa_family=AF_BLUETOOTH, sa_data="0000000"}, 9"#);
    assert_eq!(connect_text(&b, 13), r#"3, {sa_family=AF_BLUETOOTH, sa_data="00000000000"}, 13"#);
    // Longer than the longest (a struct sockaddr_storage, say).
    assert_eq!(connect_text(&b, 16), r#"3, {sa_family=AF_BLUETOOTH, sa_data="00000000000000"}, 16"#);
    // Below two bytes the family is not there: the address.
    assert_eq!(connect_text(&b, 1), "3, 0x1000, 1");
}

#[test]
fn a_bluetooth_address_whose_memory_ends_early_is_not_taken_for_a_shorter_struct() {
    // 14 bytes given, 12 readable: not an L2CAP address of 12 bytes.
    let mem = FakeMemory::new().with(0x1000, l2(1, 1, 2)[..12].to_vec());
    let sc = call("connect", [3, 0x1000, 14, 0, 0, 0], &mem, Some(-libc::EFAULT as i64));
    let text = args_text(&sc);
    assert!(!text.contains("l2_psm"), "{text}");
    assert!(text.starts_with("3, {sa_family=AF_BLUETOOTH, sa_data="), "{text}");
}

#[test]
fn a_bluetooth_address_in_json_names_every_field() {
    // The JSON writer names a struct's fields as the decoder does and
    // writes a number as a number: each field is named, rc_channel an int.
    fn fields(v: &Value) -> Vec<(&'static str, String)> {
        let Value::Struct(fs) = v else { panic!("a struct: {v:?}") };
        fs.iter().map(|f| (f.name, f.value.to_string())).collect()
    }
    let mem = FakeMemory::new().with(0x1000, l2(1, 1, 2));
    let sc = call("connect", [3, 0x1000, 14, 0, 0, 0], &mem, Some(0));
    let names: Vec<&str> = fields(&sc.args[1].value).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["sa_family", "l2_psm", "l2_bdaddr", "l2_cid", "l2_bdaddr_type"]);
    let mem = FakeMemory::new().with(0x1000, bt(b"abcdef\x2a\x00"));
    let sc = call("connect", [3, 0x1000, 10, 0, 0, 0], &mem, Some(0));
    let Value::Struct(fs) = &sc.args[1].value else { panic!("a struct") };
    let channel = fs.iter().find(|f| f.name == "rc_channel").expect("rc_channel");
    assert!(matches!(channel.value, Value::Int(42) | Value::Uint(42)), "{:?}", channel.value);
    assert_eq!(
        fields(&sc.args[1].value),
        [
            ("sa_family", "AF_BLUETOOTH".to_string()),
            ("rc_bdaddr", "61:62:63:64:65:66".to_string()),
            ("rc_channel", "42".to_string())
        ]
    );
}

#[test]
fn a_bluetooth_socket_names_its_protocol() {
    let args = |p: u64| [libc::AF_BLUETOOTH as u64, libc::SOCK_SEQPACKET as u64, p, 0, 0, 0];
    let sc = call("socket", args(0), &FakeMemory::new(), Some(-libc::EAFNOSUPPORT as i64));
    assert_eq!(args_text(&sc), "AF_BLUETOOTH, SOCK_SEQPACKET, BTPROTO_L2CAP");
    let sc = call("socket", args(3), &FakeMemory::new(), None);
    assert_eq!(args_text(&sc), "AF_BLUETOOTH, SOCK_SEQPACKET, BTPROTO_RFCOMM");
}

#[test]
fn a_protocol_its_family_does_not_name_is_shown_as_strace_shows_it() {
    let text = |family: i32, ty: i32, p: u64| {
        args_text(&call("socket", [family as u64, ty as u64, p, 0, 0, 0], &FakeMemory::new(), None))
    };
    // As strace 6.1 printed these calls.
    assert_eq!(text(libc::AF_INET, libc::SOCK_DGRAM, 99), "AF_INET, SOCK_DGRAM, 0x63 /* IPPROTO_??? */");
    assert_eq!(text(libc::AF_INET, libc::SOCK_RAW, 0x3f), "AF_INET, SOCK_RAW, 0x3f /* IPPROTO_??? */");
    assert_eq!(text(libc::AF_NETLINK, libc::SOCK_RAW, 77), "AF_NETLINK, SOCK_RAW, 0x4d /* NETLINK_??? */");
    assert_eq!(text(libc::AF_BLUETOOTH, libc::SOCK_STREAM, 99), "AF_BLUETOOTH, SOCK_STREAM, 0x63 /* BTPROTO_??? */");
    // The kernel reads an int: the register's upper half is not the protocol.
    assert_eq!(
        text(libc::AF_INET, libc::SOCK_DGRAM, 0xdead_beef_0000_0063),
        "AF_INET, SOCK_DGRAM, 0x63 /* IPPROTO_??? */"
    );
    // A family without named protocols keeps the number.
    assert_eq!(text(libc::AF_UNIX, libc::SOCK_STREAM, 99), "AF_UNIX, SOCK_STREAM, 99");
}

#[test]
fn a_socket_address_length_is_the_int_the_kernel_takes() {
    let mut rest = 1u16.to_le_bytes().to_vec();
    rest.extend([0; 14]);
    let b = bt(&rest);
    // Garbage in the register's upper half: the kernel reads 6 bytes.
    assert_eq!(
        connect_text(&b, 0x0def_aced_0000_0006),
        "3, {sa_family=AF_BLUETOOTH, hci_dev=htobs(1), hci_channel=HCI_CHANNEL_RAW}, 6"
    );
    // Negative (the kernel refuses it, reading nothing): the address.
    assert_eq!(connect_text(&b, u32::MAX as u64), "3, 0x1000, -1");
    assert_eq!(connect_text(&b, 0x8000_0000), "3, 0x1000, -2147483648");
}
