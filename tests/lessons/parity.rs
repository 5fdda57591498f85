//! The two editions of a lesson (or of its hints) have the same shape.
//!
//! `README.ko.md` is a translation of `README.md`, not a second lesson: the
//! same sections, in the same order and at the same levels; the same code
//! and trace blocks, identical (a Rust block's comments may be translated);
//! the same excerpt markers (the lesson test cuts both editions' excerpts
//! from the same runs) and illustration markers; the same pictures, in the
//! same places (where the English shows the lab's diagram, `diagram.svg`,
//! the Korean shows its Korean drawing, `diagram.ko.svg`: see
//! [`translated_picture`]); and in the hints, the same
//! `<!-- check: NAME -->` anchors on the same headings.
//! [`skeleton`] reads a file into that shape and [`compare`] says where two
//! shapes part.

use std::fmt;

/// One thing of a lesson that both editions must have, in the same order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A heading: its level (`##` is 2) and the check its hint anchor names.
    Heading { level: usize, check: Option<String> },
    /// A fenced block: its info string and its lines, without the fence's
    /// indentation (and, in a Rust block, without comments).
    Code { info: String, body: Vec<String> },
    /// An excerpt marker, its lines trimmed: the command and its clauses.
    Excerpt(String),
    /// An illustration marker (its reason may be translated).
    Illustration,
    /// A picture: `![...](TARGET)`, its target.
    Image(String),
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Item::Heading { level, check: None } => write!(f, "a level-{level} heading"),
            Item::Heading { level, check: Some(c) } => write!(f, "a level-{level} heading for the check {c}"),
            Item::Code { info, body } => {
                write!(f, "a code block ```{info} of {} lines", body.len())?;
                match body.first() {
                    Some(first) => write!(f, " starting {first:?}"),
                    None => Ok(()),
                }
            }
            Item::Excerpt(m) => write!(f, "the excerpt marker `{}`", m.replace('\n', " / ")),
            Item::Illustration => write!(f, "an illustration marker"),
            Item::Image(t) => write!(f, "the picture {t}"),
        }
    }
}

/// The items of a Markdown file, each with its 1-based line.
pub fn skeleton(text: &str) -> Vec<(usize, Item)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            let indent = &line[..line.len() - trimmed.len()];
            let start = i + 1;
            let mut end = start;
            while end < lines.len() && !lines[end].trim_start().starts_with("```") {
                end += 1;
            }
            let body: Vec<String> =
                lines[start..end].iter().map(|l| l.strip_prefix(indent).unwrap_or(l).trim_end().to_string()).collect();
            let info = info.trim().to_string();
            let body = if matches!(info.as_str(), "rust" | "rs") { without_rust_comments(&body) } else { body };
            out.push((i + 1, Item::Code { info, body }));
            i = end + 1;
            continue;
        }
        if trimmed.starts_with("<!-- excerpt:") || trimmed.starts_with("<!-- illustration:") {
            let first = i;
            let mut text = vec![trimmed.to_string()];
            while !lines[i].contains("-->") && i + 1 < lines.len() {
                i += 1;
                text.push(lines[i].trim().to_string());
            }
            let item =
                if trimmed.starts_with("<!-- excerpt:") { Item::Excerpt(text.join("\n")) } else { Item::Illustration };
            out.push((first + 1, item));
            i += 1;
            continue;
        }
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if hashes > 0 && line[hashes..].starts_with(' ') {
            let check = line
                .split_once("<!-- check:")
                .and_then(|(_, rest)| rest.split_once("-->"))
                .map(|(name, _)| name.trim().to_string());
            out.push((i + 1, Item::Heading { level: hashes, check }));
        }
        let mut rest = line;
        while let Some(at) = rest.find("![") {
            let after = &rest[at..];
            let Some(open) = after.find("](") else { break };
            let Some(close) = after[open..].find(')') else { break };
            out.push((i + 1, Item::Image(after[open + 2..open + close].to_string())));
            rest = &after[open + close..];
        }
        i += 1;
    }
    out
}

/// The lines of Rust code without their `//` comments: a line that was only
/// a comment goes, a trailing comment is cut (not inside a string or a
/// character literal).
pub fn without_rust_comments(body: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for line in body {
        let code = rust_code_of(line);
        if code.trim().is_empty() && !line.trim().is_empty() {
            continue;
        }
        out.push(code.trim_end().to_string());
    }
    out
}

/// A line of Rust up to its `//` comment, if it has one.
fn rust_code_of(line: &str) -> &str {
    let bytes = line.as_bytes();
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if in_string => i += 1,
            b'"' => in_string = !in_string,
            // A character literal ('"', '\'', '\n'), not a lifetime ('a).
            b'\'' if !in_string => {
                if bytes.get(i + 1) == Some(&b'\\') {
                    // '\n', '\'', '\u{..}': the quote after the escaped character.
                    if let Some(close) = line.get(i + 3..).and_then(|r| r.find('\'')) {
                        i += 3 + close;
                    }
                } else if let Some(c) = line[i + 1..].chars().next() {
                    if line[i + 1 + c.len_utf8()..].starts_with('\'') {
                        i += 1 + c.len_utf8();
                    }
                }
            }
            b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => return &line[..i],
            _ => {}
        }
        i += 1;
    }
    line
}

/// The picture the Korean edition shows where the English one shows
/// `target`: a lab's diagram, `diagram.svg`, is drawn in each language
/// (tests/diagrams.rs draws `diagram.ko.svg` from the same trace under
/// `--lang ko`), so the Korean lesson shows `diagram.ko.svg`; any other
/// picture is the same file in both.
pub fn translated_picture(target: &str) -> String {
    let (dir, file) = target.rsplit_once('/').map_or(("", target), |(d, f)| (d, f));
    if file == "diagram.svg" {
        if dir.is_empty() { "diagram.ko.svg".to_string() } else { format!("{dir}/diagram.ko.svg") }
    } else {
        target.to_string()
    }
}

/// Whether the translation's item stands where the original's does: equal,
/// or, for a picture, the picture [`translated_picture`] names.
fn matches(original: &Item, translation: &Item) -> bool {
    match (original, translation) {
        (Item::Image(a), Item::Image(b)) => translated_picture(a) == *b,
        _ => original == translation,
    }
}

/// Where the translation's shape departs from the original's, or `None`.
/// The message names both files and lines.
pub fn compare(original: &str, original_name: &str, translation: &str, translation_name: &str) -> Option<String> {
    let a = skeleton(original);
    let b = skeleton(translation);
    for (n, pair) in a.iter().zip(&b).enumerate() {
        let ((la, ia), (lb, ib)) = pair;
        if matches(ia, ib) {
            continue;
        }
        let mut message = format!(
            "{translation_name}:{lb}: {ib}, where {original_name}:{la} has {ia} (item {} of the lesson's shape)",
            n + 1
        );
        if let (Item::Image(x), Item::Image(_)) = (ia, ib) {
            let want = translated_picture(x);
            if want != *x {
                message.push_str(&format!("; the translation must show {want} ({x} drawn in its language)"));
            } else {
                message.push_str(&format!("; the translation must show the same picture, {x}"));
            }
        }
        if let (Item::Code { body: x, .. }, Item::Code { body: y, .. }) = (ia, ib) {
            if let Some(k) = (0..x.len().max(y.len())).find(|&k| x.get(k) != y.get(k)) {
                message.push_str(&format!(
                    "\n  line {} of the block: {:?}\n  the original's:     {:?}",
                    k + 1,
                    y.get(k).map(String::as_str).unwrap_or("(none)"),
                    x.get(k).map(String::as_str).unwrap_or("(none)")
                ));
            }
        }
        return Some(message);
    }
    match a.len().cmp(&b.len()) {
        std::cmp::Ordering::Equal => None,
        std::cmp::Ordering::Greater => {
            let (line, item) = &a[b.len()];
            Some(format!("{translation_name} ends where {original_name}:{line} still has {item}"))
        }
        std::cmp::Ordering::Less => {
            let (line, item) = &b[a.len()];
            Some(format!("{translation_name}:{line} has {item}, after everything {original_name} has"))
        }
    }
}
