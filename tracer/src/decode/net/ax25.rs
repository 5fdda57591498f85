//! AF_AX25 socket addresses (amateur radio call signs), decoded as strace
//! decodes them.

use super::*;
use crate::decode::value::Field;

/// An AX.25 address (7 bytes: six characters shifted left by one, then the
/// SSID byte) as strace prints it: a valid call sign as `CALL-SSID` (`*` for
/// the empty one), anything else as its bytes, `{ax25_call="\x00..."}`.
fn ax25_address(a: &[u8]) -> String {
    let chars: Vec<u8> = a[..6].iter().map(|c| c >> 1).collect();
    let end = chars.iter().rposition(|&c| c != b' ').map_or(0, |e| e + 1);
    let valid = a[..6].iter().all(|c| c & 1 == 0)
        && chars[..end].iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && chars[end..].iter().all(|&c| c == b' ')
        && end > 0
        && a[6] & !0x1e == 0;
    if !valid {
        let mut text = String::from("{ax25_call=\"");
        for c in a {
            let _ = write!(text, "\\x{c:02x}");
        }
        text.push_str("\"}");
        return text;
    }
    let ssid = (a[6] >> 1) & 0xf;
    format!("{}-{ssid}", String::from_utf8_lossy(&chars[..end]))
}

/// The fields of a struct sockaddr_ax25 (16 bytes) or, when the length
/// given is longer or digipeaters are counted, a struct full_sockaddr_ax25.
pub(super) fn sockaddr_ax25(b: &[u8]) -> Vec<Field> {
    let call = Value::Text(ax25_address(&b[2..9]));
    let ndigis = i32::from_ne_bytes([b[12], b[13], b[14], b[15]]);
    let inner = vec![field("sax25_call", call), field("sax25_ndigis", Value::Int(ndigis as i64))];
    if ndigis == 0 && b.len() <= 16 {
        return inner;
    }
    // Up to 8 digipeaters, as many as were given and counted.
    let given = (b.len() - 16) / 7;
    let shown = given.min(ndigis.clamp(0, 8) as usize);
    let digis = (0..shown).map(|i| Value::Text(ax25_address(&b[16 + 7 * i..23 + 7 * i]))).collect();
    vec![
        field("fsa_ax25", Value::Struct(inner)),
        field("fsa_digipeater", Value::Array { items: digis, more: shown < ndigis.clamp(0, 8) as usize }),
    ]
}
