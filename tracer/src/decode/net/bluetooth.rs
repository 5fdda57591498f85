//! AF_BLUETOOTH socket addresses, decoded as strace decodes them.

use super::*;
use crate::decode::value::Field;

/// A Bluetooth device address (bdaddr_t), its six bytes in memory order,
/// `61:62:63:64:65:66`, as strace prints it.
fn bdaddr(a: &[u8]) -> String {
    let mut text = String::new();
    for (i, c) in a[..6].iter().enumerate() {
        let _ = write!(text, "{}{c:02x}", if i > 0 { ":" } else { "" });
    }
    text
}

/// A 16-bit field the Bluetooth stack keeps little-endian whatever the CPU
/// (what htobs() makes of a host value).
fn le16(b: &[u8], off: usize) -> u16 {
    u16::from_le_bytes([b[off], b[off + 1]])
}

static HCI_CHANNELS: SymSet = SymSet(&[
    (0, "HCI_CHANNEL_RAW"),
    (1, "HCI_CHANNEL_USER"),
    (2, "HCI_CHANNEL_MONITOR"),
    (3, "HCI_CHANNEL_CONTROL"),
    (4, "HCI_CHANNEL_LOGGING"),
]);

static BDADDR_TYPES: SymSet = SymSet(&[(0, "BDADDR_BREDR"), (1, "BDADDR_LE_PUBLIC"), (2, "BDADDR_LE_RANDOM")]);

/// L2CAP protocol/service multiplexers with a name (include/net/bluetooth/l2cap.h).
static L2CAP_PSMS: SymSet = SymSet(&[
    (0x0001, "L2CAP_PSM_SDP"),
    (0x0003, "L2CAP_PSM_RFCOMM"),
    (0x0021, "L2CAP_PSM_3DSP"),
    (0x0023, "L2CAP_PSM_IPSP"),
    (0x0080, "L2CAP_PSM_LE_DYN_START"),
    (0x00ff, "L2CAP_PSM_LE_DYN_END"),
    (0x1001, "L2CAP_PSM_DYN_START"),
    (0x10ff, "L2CAP_PSM_AUTO_END"),
    (0xffff, "L2CAP_PSM_DYN_END"),
]);

/// L2CAP channel identifiers with a name.
static L2CAP_CIDS: SymSet = SymSet(&[
    (0x0001, "L2CAP_CID_SIGNALING"),
    (0x0002, "L2CAP_CID_CONN_LESS"),
    (0x0003, "L2CAP_CID_A2MP"),
    (0x0004, "L2CAP_CID_ATT"),
    (0x0005, "L2CAP_CID_LE_SIGNALING"),
    (0x0006, "L2CAP_CID_SMP"),
    (0x0007, "L2CAP_CID_SMP_BREDR"),
    (0x0040, "L2CAP_CID_DYN_START"),
    (0x007f, "L2CAP_CID_LE_DYN_END"),
    (0xffff, "L2CAP_CID_DYN_END"),
]);

/// An L2CAP PSM as strace prints it: by name, as an offset into a dynamic
/// range (`htobs(L2CAP_PSM_DYN_START+8248)`), else `htobs(0xbad /* L2CAP_PSM_??? */)`.
fn l2cap_psm(v: u16) -> String {
    let inner = match L2CAP_PSMS.name(v as i64) {
        Some(name) => name.to_string(),
        None if (0x80..=0xff).contains(&v) => format!("L2CAP_PSM_LE_DYN_START+{}", v - 0x80),
        None if v >= 0x1001 => format!("L2CAP_PSM_DYN_START+{}", v - 0x1001),
        None => named_or(&L2CAP_PSMS, v as i64, "L2CAP_PSM_???"),
    };
    format!("htobs({inner})")
}

/// An L2CAP channel identifier, likewise: `htobs(L2CAP_CID_DYN_START+1)`.
fn l2cap_cid(v: u16) -> String {
    let inner = match L2CAP_CIDS.name(v as i64) {
        Some(name) => name.to_string(),
        None if v >= 0x40 => format!("L2CAP_CID_DYN_START+{}", v - 0x40),
        None => named_or(&L2CAP_CIDS, v as i64, "L2CAP_CID_???"),
    };
    format!("htobs({inner})")
}

/// An AF_BLUETOOTH address. Its protocol is known only to the socket, so
/// the length the program gave tells the structs apart, as strace does:
/// 4 or 6 bytes a struct sockaddr_hci (without or with hci_channel), 8 a
/// struct sockaddr_sco, 10 a struct sockaddr_rc (RFCOMM), 12 or 14 a
/// struct sockaddr_l2 (without or with l2_bdaddr_type). Any other length is
/// none of them (`bt_length` says which), and the caller shows the bytes.
pub(super) fn sockaddr_bt(b: &[u8]) -> Vec<Field> {
    let text = |s: String| Value::Text(s);
    match b.len() {
        4 | 6 => {
            let mut f = vec![field("hci_dev", text(format!("htobs({})", le16(b, 2))))];
            if b.len() == 6 {
                f.push(field("hci_channel", text(named_or(&HCI_CHANNELS, le16(b, 4) as i64, "HCI_CHANNEL_???"))));
            }
            f
        }
        8 => vec![field("sco_bdaddr", text(bdaddr(&b[2..8])))],
        10 => vec![field("rc_bdaddr", text(bdaddr(&b[2..8]))), field("rc_channel", Value::Uint(b[8] as u64))],
        12 | 14 => {
            let mut f = vec![
                field("l2_psm", text(l2cap_psm(le16(b, 2)))),
                field("l2_bdaddr", text(bdaddr(&b[4..10]))),
                field("l2_cid", text(l2cap_cid(le16(b, 10)))),
            ];
            if b.len() == 14 {
                f.push(field("l2_bdaddr_type", text(named_or(&BDADDR_TYPES, b[12] as i64, "BDADDR_???"))));
            }
            f
        }
        _ => Vec::new(),
    }
}

/// Whether `len` is the length of one of the Bluetooth address structs.
pub(super) fn bt_length(len: usize) -> bool {
    matches!(len, 4 | 6 | 8 | 10 | 12 | 14)
}
