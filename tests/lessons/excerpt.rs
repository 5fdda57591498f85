//! Lesson excerpts: the trace blocks of `labs/NN_*/README.md` that are cut
//! from real runs, and how a new run is compared with them.
//!
//! An excerpt is a fenced block right after a marker comment:
//!
//! ```text
//! <!-- excerpt: run 01 --timeout 1
//!      mutant: child_keeps_write_end
//!      drop: sigaltstack(
//! -->
//! ```
//!
//! The first line is the ipclab command (what the lesson shows after `$
//! ipclab`); each further line is one clause:
//!
//! - `mutant: NAME`: run the lab with one planted mistake, the edits of
//!   `tests/mutants/NN_lab/NAME.mutant` or `tests/lessons/mutants/NN_lab/NAME.mutant`;
//! - `only: a, b`: keep the entries with these names: a call (`read`), a
//!   signal (`SIGCHLD`, or `signal` for any), `exit`, `out` (what the
//!   program printed), `report` (ipclab's own lines), `ledger`;
//! - `grep: TEXT`: also keep the entries whose first line contains TEXT;
//! - `drop: TEXT`: leave out the entries whose first line contains TEXT;
//! - `pids: 1, 2`: keep only the calls of these processes (1 is the lowest pid);
//! - `limit: NAME N`: keep only the first N entries named NAME of each process
//!   (the first lock and unlock of each, out of hundreds);
//! - `from: TEXT` / `until: TEXT`: keep only the lines from the first one
//!   containing TEXT to the first one after it containing the other TEXT;
//! - `mask: BEFORE…AFTER`: the text between BEFORE and AFTER on one line (or
//!   the end of the line, when AFTER is empty) varies from run to run (a count of lost updates, a queue's
//!   count while two processes race): it is not compared;
//! - `strip: TEXT`: TEXT appears in some runs and not in others (`with 4
//!   bytes to read`, when ipclab looked before the reader read): it is
//!   removed from both sides before comparing;
//! - `optional: TEXT`: a `kernel:` line, or a whole entry, containing TEXT
//!   appears in some runs and not in others (whether ipclab saw a child as a
//!   zombie before its parent's `wait4` returned; a `wait4` interrupted by
//!   the other child's `SIGCHLD`): it is shown, but not compared.
//!
//! An entry is one line of the trace with the `kernel:` lines under it (a
//! call split by `<unfinished ...>` is one entry), one line the program
//! printed, one of ipclab's reports with its indented lines, or one line of
//! the ledger. Cuts show as `...`.
//!
//! Comparing: both sides are normalised (pids become P1, P2... in numeric
//! order, IPC ids and inode numbers I1, I2... in order of appearance,
//! addresses 0xADDR), then split per process, because two processes'
//! lines interleave differently from run to run: each process's entries, in
//! order, must be the same, and so must the program's output, ipclab's
//! reports and the ledger.

use std::collections::{BTreeMap, HashMap};

/// One excerpt marker and where its block is in the lesson.
#[derive(Debug, Clone, Default)]
pub struct Marker {
    /// The ipclab command, as words (`run 01 --timeout 1`).
    pub command: Vec<String>,
    pub mutant: Option<String>,
    pub only: Vec<String>,
    pub grep: Vec<String>,
    pub drop: Vec<String>,
    pub pids: Vec<usize>,
    pub from: Option<String>,
    pub until: Option<String>,
    pub masks: Vec<(String, String)>,
    pub optional: Vec<String>,
    pub strips: Vec<String>,
    pub limits: Vec<(String, usize)>,
    /// 1-based line of the marker in the lesson.
    pub line: usize,
    /// The block's indentation (blocks inside list items are indented).
    pub indent: String,
    /// The block's content lines: `start..end` (0-based, fences excluded).
    pub block: (usize, usize),
}

impl Marker {
    /// The command as the lesson shows it.
    pub fn shown(&self) -> String {
        format!("$ ipclab {}", self.command.join(" "))
    }

    /// Whether `other` (the same marker in the other edition of the
    /// lesson) asks for the same run and keeps the same lines.
    pub fn same_selection(&self, other: &Marker) -> bool {
        let key = |m: &Marker| {
            format!(
                "{:?}",
                (
                    &m.command,
                    &m.mutant,
                    &m.only,
                    &m.grep,
                    &m.drop,
                    &m.pids,
                    &m.from,
                    &m.until,
                    &m.masks,
                    &m.optional,
                    &m.strips,
                    &m.limits
                )
            )
        };
        key(self) == key(other)
    }
}

/// The markers of a lesson, or an error naming the line of a broken one.
pub fn markers(lesson: &str) -> Result<Vec<Marker>, String> {
    let lines: Vec<&str> = lesson.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let trimmed = lines[i].trim_start();
        let Some(first) = trimmed.strip_prefix("<!-- excerpt:") else {
            i += 1;
            continue;
        };
        let indent = lines[i][..lines[i].len() - trimmed.len()].to_string();
        let mut m = Marker { line: i + 1, indent: indent.clone(), ..Default::default() };
        let mut clauses = vec![first.to_string()];
        let mut closed = first.contains("-->");
        while !closed {
            i += 1;
            let line = lines.get(i).ok_or(format!("line {}: the excerpt marker is never closed", m.line))?;
            closed = line.contains("-->");
            clauses.push(line.to_string());
        }
        for (n, clause) in clauses.iter().enumerate() {
            let clause = clause.replace("-->", "");
            let clause = clause.trim();
            if n == 0 {
                m.command = clause.split_whitespace().map(String::from).collect();
                continue;
            }
            if clause.is_empty() {
                continue;
            }
            let (key, value) =
                clause.split_once(": ").ok_or(format!("line {}: `{clause}` is not `key: value`", m.line))?;
            let list = || value.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
            match key {
                "mutant" => m.mutant = Some(value.trim().to_string()),
                "only" => m.only.extend(list()),
                "grep" => m.grep.push(value.to_string()),
                "drop" => m.drop.push(value.to_string()),
                "pids" => {
                    for p in list() {
                        m.pids.push(p.parse().map_err(|_| format!("line {}: pids: `{p}` is not a number", m.line))?);
                    }
                }
                "optional" => m.optional.push(value.to_string()),
                "strip" => m.strips.push(value.to_string()),
                "limit" => {
                    let (name, n) =
                        value.trim().split_once(' ').ok_or(format!("line {}: limit needs NAME N", m.line))?;
                    let n = n.trim().parse().map_err(|_| format!("line {}: limit: `{n}` is not a number", m.line))?;
                    m.limits.push((name.to_string(), n));
                }
                "from" => m.from = Some(value.to_string()),
                "until" => m.until = Some(value.to_string()),
                "mask" => {
                    let (a, b) = value.split_once('…').ok_or(format!("line {}: mask needs BEFORE…AFTER", m.line))?;
                    m.masks.push((a.to_string(), b.to_string()));
                }
                other => return Err(format!("line {}: unknown clause `{other}`", m.line)),
            }
        }
        if m.command.is_empty() {
            return Err(format!("line {}: the excerpt marker names no command", m.line));
        }
        // The fenced block follows, after blank lines at most.
        i += 1;
        while i < lines.len() && lines[i].trim().is_empty() {
            i += 1;
        }
        if lines.get(i).is_none_or(|l| !l.trim_start().starts_with("```")) {
            return Err(format!("line {}: no fenced block after the excerpt marker", m.line));
        }
        let start = i + 1;
        let mut end = start;
        while end < lines.len() && !lines[end].trim_start().starts_with("```") {
            end += 1;
        }
        if end == lines.len() {
            return Err(format!("line {}: the excerpt's block is never closed", m.line));
        }
        m.block = (start, end);
        out.push(m);
        i = end + 1;
    }
    Ok(out)
}

/// The lines of a marker's block, without the block's indentation.
pub fn block_text(lesson: &str, m: &Marker) -> String {
    let lines: Vec<&str> = lesson.lines().collect();
    lines[m.block.0..m.block.1]
        .iter()
        .map(|l| l.strip_prefix(m.indent.as_str()).unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The lesson with a marker's block replaced by `text`.
pub fn replace_block(lesson: &str, m: &Marker, text: &str) -> String {
    let lines: Vec<&str> = lesson.lines().collect();
    let mut out: Vec<String> = lines[..m.block.0].iter().map(|s| s.to_string()).collect();
    for l in text.lines() {
        out.push(if l.is_empty() { String::new() } else { format!("{}{l}", m.indent) });
    }
    out.extend(lines[m.block.1..].iter().map(|s| s.to_string()));
    let mut s = out.join("\n");
    if lesson.ends_with('\n') {
        s.push('\n');
    }
    s
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A trace line (a call, a signal, an exit) and its `kernel:` lines.
    Call,
    /// A line the program printed.
    Output,
    /// One of ipclab's own lines (`ipclab: ...`) and the lines indented under it.
    Report,
    /// One line of the ledger.
    Ledger,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: Kind,
    /// The pid in the first column of a trace line.
    pub pid: Option<u64>,
    /// The call's name, the signal's name, `exit`, `out`, `report` or `ledger`.
    pub name: String,
    /// The entry's lines, with their index in the text.
    pub lines: Vec<(usize, String)>,
}

/// `  6201 rest` -> (6201, "rest").
fn trace_line(line: &str) -> Option<(u64, &str)> {
    let t = line.trim_start();
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || !t[digits..].starts_with(' ') {
        return None;
    }
    // A call's name, `<... resumed>`, `--- SIG` or `+++`: not the program's
    // own output that happens to start with a number (a backtrace printed
    // piece by piece glues a frame number to the next trace line).
    let rest = &t[digits + 1..];
    if !rest.starts_with(|c: char| c.is_ascii_lowercase() || c == '_' || c == '<' || c == '-' || c == '+') {
        return None;
    }
    Some((t[..digits].parse().ok()?, rest))
}

fn call_name(rest: &str) -> String {
    if let Some(r) = rest.strip_prefix("<... ") {
        return r.split(' ').next().unwrap_or_default().to_string();
    }
    if let Some(r) = rest.strip_prefix("--- ") {
        return r.split([' ', '{']).next().unwrap_or_default().to_string();
    }
    if rest.starts_with("+++ ") {
        return "exit".into();
    }
    rest.split('(').next().unwrap_or_default().to_string()
}

/// Splits a run's text (or an excerpt's) into entries. `$ ...` command
/// lines and `...` cuts are skipped.
pub fn entries(text: &str) -> Vec<Entry> {
    #[derive(PartialEq)]
    enum State {
        None,
        Report,
        Ledger,
    }
    let mut out: Vec<Entry> = Vec::new();
    let mut open: HashMap<u64, usize> = HashMap::new();
    let mut last_call: Option<usize> = None;
    let mut state = State::None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed == "..." || line.starts_with("$ ") || trimmed.is_empty() {
            continue;
        }
        if let Some((pid, rest)) = trace_line(line) {
            state = State::None;
            let name = call_name(rest);
            if rest.starts_with("<... ") {
                if let Some(idx) = open.remove(&pid) {
                    out[idx].lines.push((i, line.to_string()));
                    last_call = Some(idx);
                    continue;
                }
            }
            out.push(Entry { kind: Kind::Call, pid: Some(pid), name, lines: vec![(i, line.to_string())] });
            let idx = out.len() - 1;
            if rest.ends_with("<unfinished ...>") {
                open.insert(pid, idx);
            }
            last_call = Some(idx);
        } else if trimmed.starts_with("kernel:") && line.starts_with(' ') {
            state = State::None;
            match last_call {
                Some(idx) => out[idx].lines.push((i, line.to_string())),
                None => out.push(Entry {
                    kind: Kind::Call,
                    pid: None,
                    name: "kernel".into(),
                    lines: vec![(i, line.to_string())],
                }),
            }
        } else if trimmed.starts_with("ledger:") && line.starts_with(' ') {
            state = State::Ledger;
            out.push(Entry {
                kind: Kind::Ledger,
                pid: None,
                name: "ledger".into(),
                lines: vec![(i, line.to_string())],
            });
        } else if line.starts_with("ipclab: ") {
            state = State::Report;
            out.push(Entry {
                kind: Kind::Report,
                pid: None,
                name: "report".into(),
                lines: vec![(i, line.to_string())],
            });
        } else if line.starts_with(' ') && state == State::Ledger {
            out.push(Entry {
                kind: Kind::Ledger,
                pid: None,
                name: "ledger".into(),
                lines: vec![(i, line.to_string())],
            });
        } else if line.starts_with(' ') && state == State::Report {
            out.last_mut().expect("a report").lines.push((i, line.to_string()));
        } else {
            state = State::None;
            out.push(Entry { kind: Kind::Output, pid: None, name: "out".into(), lines: vec![(i, line.to_string())] });
        }
    }
    out
}

/// The entries of a run that a marker keeps, shown as the lesson shows
/// them: the command, then the kept lines in order, `...` where lines were cut.
pub fn select(run: &str, m: &Marker) -> String {
    let all_lines: Vec<&str> = run.lines().collect();
    let es = entries(run);
    let mut pids: Vec<u64> = es.iter().filter_map(|e| e.pid).collect();
    pids.sort_unstable();
    pids.dedup();
    let rank = |pid: u64| pids.iter().position(|&p| p == pid).map(|r| r + 1);
    let from = match &m.from {
        Some(f) => all_lines.iter().position(|l| l.contains(f.as_str())).unwrap_or(usize::MAX),
        None => 0,
    };
    let until = match &m.until {
        Some(u) => all_lines
            .iter()
            .enumerate()
            .skip(from.min(all_lines.len()))
            .find(|(_, l)| l.contains(u.as_str()))
            .map_or(usize::MAX, |(i, _)| i),
        None => usize::MAX,
    };
    let mut kept: Vec<(usize, String)> = Vec::new();
    let mut seen: HashMap<(Option<u64>, String), usize> = HashMap::new();
    for e in &es {
        let first = &e.lines[0].1;
        let at = e.lines[0].0;
        if at < from || at > until {
            continue;
        }
        let named =
            m.only.iter().any(|o| o == &e.name || (o == "signal" && e.kind == Kind::Call && first.contains(" --- ")));
        let grepped = m.grep.iter().any(|g| first.contains(g.as_str()));
        let filtered = !m.only.is_empty() || !m.grep.is_empty();
        if filtered && !named && !grepped {
            continue;
        }
        if m.drop.iter().any(|d| first.contains(d.as_str())) {
            continue;
        }
        if !m.pids.is_empty() && e.kind == Kind::Call && e.pid.and_then(rank).is_none_or(|r| !m.pids.contains(&r)) {
            continue;
        }
        if let Some((_, n)) = m.limits.iter().find(|(name, _)| name == &e.name) {
            let count = seen.entry((e.pid, e.name.clone())).or_insert(0usize);
            *count += 1;
            if *count > *n {
                continue;
            }
        }
        kept.extend(e.lines.iter().cloned());
    }
    kept.sort_by_key(|(i, _)| *i);
    let mut out = vec![m.shown()];
    let mut next = 0;
    for (i, line) in kept {
        if i > next {
            out.push("...".into());
        }
        out.push(line);
        next = i + 1;
    }
    if next < all_lines.len() && all_lines[next..].iter().any(|l| !l.trim().is_empty()) {
        out.push("...".into());
    }
    out.join("\n")
}

/// What a run prints, made fit for a lesson: no carriage returns or
/// colours, and the project's own path cut to `...` (where the student's
/// checkout is says nothing).
pub fn clean_run(raw: &str, root: &str) -> String {
    let mut s = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {}
            '\x1b' => {
                // CSI ... final byte
                if chars.peek() == Some(&'[') {
                    chars.next();
                    for c in chars.by_ref() {
                        if c.is_ascii_alphabetic() {
                            break;
                        }
                    }
                }
            }
            c => s.push(c),
        }
    }
    s.replace(root, "...")
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Replaces every whole decimal number of `map` in `s` by its label.
fn replace_numbers(s: &str, map: &HashMap<String, String>) -> String {
    if map.is_empty() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() && (i == 0 || !is_word(b[i - 1] as char)) {
            let mut j = i;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            let word_after = j < b.len() && is_word(b[j] as char);
            if !word_after {
                if let Some(label) = map.get(&s[i..j]) {
                    out.push_str(label);
                    i = j;
                    continue;
                }
            }
            out.push_str(&s[i..j]);
            i = j;
            continue;
        }
        let c = s[i..].chars().next().expect("a char");
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// The numbers that follow `prefix` in `s` (`pipe:[` -> 29423).
fn numbers_after<'a>(s: &'a str, prefix: &'a str) -> impl Iterator<Item = String> + 'a {
    s.match_indices(prefix).filter_map(move |(at, _)| {
        let rest = &s[at + prefix.len()..];
        let n: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        (!n.is_empty()
            && (at == 0
                || !prefix.starts_with(|c: char| c.is_ascii_alphanumeric())
                || !is_word(s[..at].chars().last().unwrap_or(' '))))
        .then_some(n)
    })
}

/// The pids a text names: the first column of trace lines, the values of
/// `clone`, and the words around pids in kernel lines, reports and the ledger.
fn pids_in(text: &str) -> Vec<u64> {
    let mut found: Vec<u64> = Vec::new();
    for line in text.lines() {
        if let Some((pid, rest)) = trace_line(line) {
            found.push(pid);
            if (rest.starts_with("clone")
                || rest.starts_with("<... clone")
                || rest.starts_with("fork")
                || rest.starts_with("vfork"))
                && let Some(v) = rest.rsplit(") = ").next()
            {
                if let Ok(n) = v.trim().parse() {
                    found.push(n);
                }
            }
        }
        for prefix in ["pid ", "by ", "zombie ", "parent ", "ipclab-", "kernel: ", "si_pid=", "Pid("] {
            for n in numbers_after(line, prefix) {
                if let Ok(n) = n.parse::<u64>() {
                    found.push(n);
                }
            }
        }
        // `write end: 6201 fd 4, 6202 fd 4`, `open by 1961 fd 3, 1963 fd 3`:
        // a number before ` fd ` is a pid.
        for (at, _) in line.match_indices(" fd ") {
            let before = &line[..at];
            let digits = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            if digits > 0 && !before[..before.len() - digits].ends_with(|c: char| is_word(c)) {
                if let Ok(n) = before[before.len() - digits..].parse() {
                    found.push(n);
                }
            }
        }
        // `used by 6201, 6202`
        if let Some(at) = line.find("used by ") {
            for n in line[at + 8..].split([',', ';']).map(str::trim) {
                match n.parse() {
                    Ok(n) => found.push(n),
                    Err(_) => break,
                }
            }
        }
    }
    // A number is a pid only if a trace line or a clone names it, or it
    // appears where pids appear and is not tiny (fd 3, `kernel: 0`).
    found.retain(|&n| n >= 100);
    found.sort_unstable();
    found.dedup();
    found
}

/// Masks the text between each mask's two ends.
fn apply_masks(s: &str, masks: &[(String, String)]) -> String {
    let mut s = s.to_string();
    for (before, after) in masks {
        let mut out = String::new();
        let mut rest = s.as_str();
        while let Some(at) = rest.find(before.as_str()) {
            let start = at + before.len();
            out.push_str(&rest[..start]);
            // Within the line; an empty AFTER masks to its end.
            let line_end = rest[start..].find('\n').map_or(rest.len(), |e| start + e);
            let end = if after.is_empty() {
                Some(line_end)
            } else {
                rest[start..line_end].find(after.as_str()).map(|e| start + e)
            };
            match end {
                Some(end) => {
                    out.push('…');
                    rest = &rest[end..];
                }
                // AFTER is not on this line: nothing to mask here.
                None => rest = &rest[start..],
            }
        }
        out.push_str(rest);
        s = out;
    }
    s
}

/// `0x7f0899535a50` -> `0xADDR` (six hex digits or more: an address).
fn mask_addresses(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'0' && i + 1 < b.len() && b[i + 1] == b'x' && (i == 0 || !is_word(b[i - 1] as char)) {
            let mut j = i + 2;
            while j < b.len() && b[j].is_ascii_hexdigit() {
                j += 1;
            }
            if j - i - 2 >= 6 {
                out.push_str("0xADDR");
                i = j;
                continue;
            }
        }
        let c = s[i..].chars().next().expect("a char");
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// Shortens a string the trace cut (`"..."...`) to its first 20 characters,
/// once pids are labels: where a pid of another length made the cut fall
/// elsewhere, they still agree. So is a string the trace did not cut but
/// could have, had a pid in it been a digit or two longer (a pid's label in
/// it, 28 characters or more once normalised; the trace cuts at 32): the
/// `"/tmp/ipclab-1234-02/channel.fifo"` of one run and the
/// `"/tmp/ipclab-12345-02/channel.fif"...` of another agree. A path cut to
/// `.../` (the project's) becomes `...`, wherever the project is.
/// The length from which a string the trace left whole could have been cut
/// in another run (the trace cuts strings at 32 characters).
const ALMOST_CUT: usize = 28;

/// Whether a normalised string holds a pid's label (`P1`), whose pid may be
/// longer or shorter in another run.
fn names_a_pid(content: &str) -> bool {
    content.match_indices('P').any(|(at, _)| {
        let before_is_word = content[..at].chars().last().is_some_and(is_word);
        let digits = content[at + 1..].chars().take_while(char::is_ascii_digit).count();
        let after_is_word = content[at + 1 + digits..].chars().next().is_some_and(is_word);
        !before_is_word && digits > 0 && !after_is_word
    })
}

fn shorten_cut_strings(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '"' {
            out.push(c);
            continue;
        }
        // A quoted string: up to the closing quote, escapes skipped.
        let mut end = None;
        while let Some((j, d)) = chars.next() {
            if d == '\\' {
                chars.next();
            } else if d == '"' {
                end = Some(j);
                break;
            }
        }
        let Some(end) = end else {
            out.push_str(&s[i..]);
            break;
        };
        let content = &s[i + 1..end];
        let cut = s[end + 1..].starts_with("...");
        let content: String = if content.starts_with(".../") || content == "..." {
            "...".into()
        } else if cut {
            content.chars().take(20).collect()
        } else if content.chars().count() >= ALMOST_CUT && names_a_pid(content) {
            // Shown as the trace would have shown it cut: `"..."...`.
            let mut shown: String = content.chars().take(20).collect();
            shown.push_str("\"...");
            out.push('"');
            out.push_str(&shown);
            continue;
        } else {
            content.to_string()
        };
        out.push('"');
        out.push_str(&content);
        out.push('"');
    }
    out
}

/// Normalises a whole text (a run's selected lines, or an excerpt): see the
/// module's doc. Line for line, so entries can be split afterwards.
pub fn normalise(text: &str, masks: &[(String, String)]) -> String {
    let text = apply_masks(text, masks);
    let mut text = mask_addresses(&text);
    for profile in ["target/debug/", "target/release/"] {
        text = text.replace(profile, "target/PROFILE/");
    }
    // `/* 35 vars */`: the environment's size.
    let mut out = String::new();
    for line in text.lines() {
        let mut l = line.to_string();
        if let (Some(a), Some(b)) = (l.find("/* "), l.find(" vars */")) {
            if a < b {
                l = format!("{}/* N vars */{}", &l[..a], &l[b + " vars */".len()..]);
            }
        }
        // Times a call reports (IPC_STAT's last send, change, attach...;
        // a child's CPU ticks; what a clock read): the clock's, not the
        // lesson's. A timeout the program passed is the lesson's, and kept.
        // (The call whole, or its resumed half.)
        let clock_read = l.contains("clock_gettime") || l.contains("clock_getres");
        let read_times: &[&str] = if clock_read { &["tv_sec=", "tv_nsec="] } else { &[] };
        let times = ["_stime=", "_rtime=", "_ctime=", "_atime=", "_dtime=", "_otime=", "si_utime=", "si_stime="];
        for key in times.iter().chain(read_times) {
            let mut from = 0;
            while let Some(a) = l[from..].find(key).map(|a| from + a + key.len()) {
                let n = l[a..].chars().take_while(|c| c.is_ascii_digit()).count();
                l = format!("{}N{}", &l[..a], &l[a + n..]);
                from = a;
            }
        }
        if let Some(a) = l.find("/dev/pts/") {
            let n = l[a + 9..].chars().take_while(|c| c.is_ascii_digit()).count();
            l = format!("{}/dev/pts/N{}", &l[..a], &l[a + 9 + n..]);
        }
        out.push_str(&l);
        out.push('\n');
    }
    // IPC ids and inode numbers, in order of appearance.
    let mut objects: HashMap<String, String> = HashMap::new();
    let mut order: Vec<(usize, String)> = Vec::new();
    for prefix in [
        "pipe:[",
        "socket:[",
        "(inode ",
        "stx_ino=",
        "msg queue ",
        "shm segment ",
        "at shm ",
        "sem set ",
        "ipcrm -q ",
        "ipcrm -m ",
        "ipcrm -s ",
        "msqid ",
        "shmid ",
        "semid ",
        "semtimedop(",
        "semop(",
        "semctl(",
        "msgsnd(",
        "msgrcv(",
        "msgctl(",
        "shmat(",
        "shmctl(",
    ] {
        for (at, _) in out.match_indices(prefix) {
            let n: String = out[at + prefix.len()..].chars().take_while(|c| c.is_ascii_digit()).collect();
            if !n.is_empty() {
                order.push((at, n));
            }
        }
    }
    for line in out.lines() {
        if let Some((_, rest)) = trace_line(line) {
            for call in ["msgget(", "shmget(", "semget("] {
                if (rest.starts_with(call) || rest.starts_with(&format!("<... {}", &call[..call.len() - 1])))
                    && let Some(v) = rest.rsplit(") = ").next()
                {
                    let v = v.trim().to_string();
                    if v.chars().all(|c| c.is_ascii_digit()) && !v.is_empty() {
                        let at = out.find(line).unwrap_or(0);
                        order.push((at, v));
                    }
                }
            }
        }
    }
    order.sort();
    for (_, n) in order {
        let next = format!("I{}", objects.len() + 1);
        objects.entry(n).or_insert(next);
    }
    let pids: HashMap<String, String> =
        pids_in(&out).iter().enumerate().map(|(i, p)| (p.to_string(), format!("P{}", i + 1))).collect();
    // Pids first: an inode number is never a pid of the same run in practice,
    // and where it is, the pid label is as stable.
    let out = replace_numbers(&out, &pids);
    // Strings last: a pid of another length moves where the trace cut a
    // string, not where its label is.
    mask_unix_address_lengths(&shorten_cut_strings(&replace_numbers(&out, &objects)))
}

/// `{sa_family=AF_UNIX, sun_path="/tmp/ipclab-P1-07/server.sock"}, 34` ->
/// `..., LEN`: a Unix socket address's length is its path's plus 3, and the
/// path holds a pid, one digit longer or shorter in another run. The path
/// itself is compared.
fn mask_unix_address_lengths(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("sun_path=\"") {
        let start = at + "sun_path=\"".len();
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        // The closing quote, escapes skipped.
        let mut end = None;
        let mut escaped = false;
        for (i, c) in rest.char_indices() {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => {
                    end = Some(i + 1);
                    break;
                }
                _ => {}
            }
        }
        let Some(end) = end else { break };
        let after = &rest[end..];
        let cut = if after.starts_with("...") { 3 } else { 0 };
        let tail = &after[cut..];
        let digits = tail.strip_prefix("}, ").map_or(0, |t| t.chars().take_while(char::is_ascii_digit).count());
        if digits > 0 {
            out.push_str(&rest[..end + cut]);
            out.push_str("}, LEN");
            rest = &tail["}, ".len() + digits..];
        } else {
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
}

/// The text's entries grouped for comparison: per process (`P1`...) the
/// calls in order, each as one line (a call split by `<unfinished ...>`
/// joined again) with its `kernel:` lines; then `out`, `report`, `ledger`.
pub fn streams(normalised: &str) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in entries(normalised) {
        let key = match e.kind {
            Kind::Call => match e.pid {
                Some(p) => format!("P{p}"),
                None => "kernel".into(),
            },
            Kind::Output => "out".into(),
            Kind::Report => "report".into(),
            Kind::Ledger => "ledger".into(),
        };
        let mut text = String::new();
        let mut call: Option<String> = None;
        for (_, line) in &e.lines {
            if e.kind == Kind::Call {
                if let Some((_, rest)) = trace_line(line) {
                    match rest.strip_suffix(" <unfinished ...>") {
                        Some(head) => call = Some(head.to_string()),
                        None => match (rest.strip_prefix("<... "), call.take()) {
                            (Some(r), Some(head)) => {
                                let tail = r.split_once(" resumed>").map_or(r, |(_, t)| t);
                                text.push_str(&head);
                                text.push_str(tail);
                            }
                            _ => text.push_str(rest),
                        },
                    }
                    continue;
                }
            }
            if let Some(head) = call.take() {
                text.push_str(&head);
                text.push_str(" <unfinished ...>");
            }
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(line.trim());
        }
        if let Some(head) = call.take() {
            text.push_str(&head);
            text.push_str(" <unfinished ...>");
        }
        map.entry(key).or_default().push(text);
    }
    // A trace line's pid was normalised to `P1`; `trace_line` needs digits,
    // so the key came from the label's number.
    map
}

/// Compares an excerpt with a run's selection of the same marker. `None`
/// when they agree; else what differs, process by process.
pub fn compare(excerpt: &str, selected: &str, m: &Marker) -> Option<String> {
    let prepare = |text: &str| {
        let mut text = text.to_string();
        for strip in &m.strips {
            text = text.replace(strip.as_str(), "");
        }
        let text = relabel(&normalise(&text, &[]));
        let kept: Vec<&str> = text
            .lines()
            .filter(|l| !(l.trim_start().starts_with("kernel:") && m.optional.iter().any(|o| l.contains(o.as_str()))))
            .collect();
        // Masks apply to the joined calls: a mask must not eat the
        // `<unfinished ...>` that says where a call was split.
        let mut streams = streams(&kept.join("\n"));
        for entries in streams.values_mut() {
            entries.retain(|e| {
                let first = e.lines().next().unwrap_or_default();
                !m.optional.iter().any(|o| first.contains(o.as_str()))
            });
            for e in entries.iter_mut() {
                *e = apply_masks(e, &m.masks);
            }
        }
        streams
    };
    let (a, b) = (prepare(excerpt), prepare(selected));
    if a == b {
        return None;
    }
    let mut diff = String::new();
    let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    for k in keys {
        let (x, y) = (a.get(k).cloned().unwrap_or_default(), b.get(k).cloned().unwrap_or_default());
        if x == y {
            continue;
        }
        diff.push_str(&format!("  {k}:\n"));
        for i in 0..x.len().max(y.len()) {
            match (x.get(i), y.get(i)) {
                (Some(p), Some(q)) if p == q => {}
                (p, q) => {
                    diff.push_str(&format!(
                        "    lesson: {}\n",
                        p.map_or("(nothing)".into(), |s| s.replace('\n', "\n            "))
                    ));
                    diff.push_str(&format!(
                        "    run:    {}\n",
                        q.map_or("(nothing)".into(), |s| s.replace('\n', "\n            "))
                    ));
                    break;
                }
            }
        }
    }
    Some(diff)
}

/// After `normalise`, a trace line starts with `P1`, which `entries` would
/// not take for a pid: turn the labels of the first column back into numbers.
fn relabel(normalised: &str) -> String {
    normalised
        .lines()
        .map(|l| {
            let t = l.trim_start();
            match t.strip_prefix('P') {
                Some(r) if r.starts_with(|c: char| c.is_ascii_digit()) => {
                    let digits = r.len() - r.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                    if r[digits..].starts_with(' ') {
                        format!("{} {}", &r[..digits], &r[digits + 1..])
                    } else {
                        l.to_string()
                    }
                }
                _ => l.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
