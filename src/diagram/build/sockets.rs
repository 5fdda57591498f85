//! Sockets: the names an address gives, the descriptors a message carries,
//! and the titles of connection lanes.

use super::*;

/// The name a socket address gives: a Unix path or abstract `@name`, or
/// an IP `address:port` (then `true`).
pub(super) fn sock_name(addr: &J) -> Option<(String, bool)> {
    if let Some(path) = addr["sun_path"].as_str() {
        // An abstract name is written `@"name"` in a call's arguments and
        // `@name` by the kernel view: one lane, named as the kernel does.
        let path = match path.strip_prefix("@\"").and_then(|p| p.strip_suffix('"')) {
            Some(name) => format!("@{name}"),
            None => path.to_string(),
        };
        return Some((path, false));
    }
    let inside = |v: &J, open: &str, close: &str| -> Option<String> {
        Some(v.as_str()?.strip_prefix(open)?.strip_suffix(close)?.to_string())
    };
    if let (Some(ip), Some(port)) =
        (inside(&addr["sin_addr"], "inet_addr(\"", "\")"), inside(&addr["sin_port"], "htons(", ")"))
    {
        return Some((format!("{ip}:{port}"), true));
    }
    let ip = inside(&addr["sin6_addr"], "inet_pton(AF_INET6, \"", "\")")?;
    let port = inside(&addr["sin6_port"], "htons(", ")")?;
    Some((format!("[{ip}]:{port}"), true))
}

/// The descriptors a `sendmsg` passes or a `recvmsg` receives
/// (`SCM_RIGHTS`): `fd 5 (pipe:[9031])`.
pub(super) fn passed_fds(rec: &J) -> Vec<String> {
    let control = rec["args"]["msg"]["msg_control"].as_array();
    control
        .iter()
        .filter(|c| c["cmsg_type"].as_str() == Some("SCM_RIGHTS"))
        .flat_map(|c| c["cmsg_data"].as_array().iter())
        .filter_map(|f| {
            let fd = f["fd"].as_i64()?;
            Some(match f["target"].as_str() {
                Some(t) if t.starts_with('/') => format!("fd {fd} ({})", basename(t)),
                Some(t) => format!("fd {fd} ({t})"),
                None => format!("fd {fd}"),
            })
        })
        .collect()
}

impl Builder {
    /// Each connection's title names the listening socket it was made to
    /// and, when there were several, its number in order of appearance:
    /// `connection 2 to server.sock`. A server's end that no client's end
    /// was joined to (a client not traced, an IP connection: the kernel
    /// view reads Unix sockets only) is `connection accepted on NAME`.
    pub(super) fn number_connections(&mut self, keep: &[bool]) {
        let mut order: Vec<usize> =
            (0..self.lanes.len()).filter(|&l| keep[l] && self.lanes[l].title == CONNECTION).collect();
        order.sort_by_key(|&l| (self.lanes[l].first, l));
        let group = |s: &LaneState| (s.via.clone().unwrap_or_default(), s.accepted && !s.connected);
        let mut total: HashMap<(String, bool), usize> = HashMap::new();
        for &l in &order {
            *total.entry(group(&self.state[l])).or_default() += 1;
        }
        let mut seen: HashMap<(String, bool), usize> = HashMap::new();
        for &l in &order {
            let key = group(&self.state[l]);
            let n = seen.entry(key.clone()).or_default();
            *n += 1;
            let number = if total[&key] > 1 { format!(" {n}") } else { String::new() };
            let (via, server_end) = (basename(&key.0), key.1);
            self.lanes[l].title = if server_end {
                tr!("diagram-lane-connection-accepted", number = number, via = via)
            } else {
                tr!("diagram-lane-connection-to", number = number, via = via)
            };
        }
    }
}
