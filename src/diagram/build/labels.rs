//! What a label shows of the data: a call's payload, a segment's contents.

use super::*;

/// The payload of a data call, quoted and short: only the `moved` bytes
/// when fewer moved than the buffer holds (a short write shows what went).
pub(super) fn payload(rec: &J, moved: Option<usize>) -> Option<String> {
    let args = &rec["args"];
    let value = ["buf", "msg_ptr"]
        .iter()
        .map(|k| &args[*k])
        .find(|v| buffer(v).is_some())
        .or_else(|| args["iov"].as_array().first().map(|f| &f["iov_base"]))
        .or_else(|| args["msg"]["msg_iov"].as_array().first().map(|f| &f["iov_base"]))
        .or_else(|| Some(&args["msgvec"].as_array().first()?["msg_hdr"]["msg_iov"].as_array().first()?["iov_base"]))?;
    let (text, _) = buffer(value)?;
    match moved {
        Some(n) if n < text.len() => {
            let mut end = n;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            Some(format!("\"{}\"", escape_payload(&text[..end], PAYLOAD, true)))
        }
        _ => quoted(value, PAYLOAD),
    }
}

/// What a segment holds, for a label (from a kernel record's `contents`):
/// text quoted, or (when most of it is not printable, as a binary counter
/// is) its first bytes in hexadecimal. The bytes are the record's `hex`,
/// exact; a trace written before `hex` existed has only the text, where a
/// byte that was not UTF-8 is lost (drawn `??`).
pub(super) fn contents_label(contents: &J) -> Option<String> {
    let exact = contents["hex"].as_str().and_then(|hex| {
        let valid = hex.len() % 2 == 0 && hex.bytes().all(|b| b.is_ascii_hexdigit());
        valid.then(|| {
            (0..hex.len()).step_by(2).filter_map(|i| u8::from_str_radix(&hex[i..i + 2], 16).ok()).collect::<Vec<u8>>()
        })
    });
    let (bytes, text): (Vec<Option<u8>>, String) = match exact {
        Some(b) => (b.iter().copied().map(Some).collect(), String::from_utf8_lossy(&b).into_owned()),
        None => {
            // Only an ASCII character is known to be one byte.
            let (data, _) = crate::diagram::text::buffer(&contents["data"])?;
            (data.chars().map(|c| c.is_ascii().then_some(c as u8)).collect(), data.to_string())
        }
    };
    if bytes.is_empty() {
        return Some(tr!("diagram-only-zero-bytes"));
    }
    let total = text.chars().count();
    let binary = text.chars().filter(|c| c.is_control() || *c == '\u{fffd}').count();
    if binary * 3 < total {
        return Some(format!("\"{}\"", escape_payload(&text, PAYLOAD, false)));
    }
    const SHOWN: usize = 12;
    let hex: Vec<String> = bytes.iter().take(SHOWN).map(|b| b.map_or("??".into(), |b| format!("{b:02x}"))).collect();
    let more = if bytes.len() > SHOWN { " …" } else { "" };
    Some(tr!("diagram-bytes", hex = format!("{}{more}", hex.join(" "))))
}
