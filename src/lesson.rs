//! `ipclab lesson`: a lab's lesson (its README.md, or README.ko.md in
//! Korean, `--lang`). On a terminal it is
//! rendered (headings, emphasis, tables, code blocks) with termimad and shown
//! through a pager: `$PAGER`, else `less -R`, else straight to the terminal
//! when there is no pager. Piped, it stays plain Markdown text. Either way,
//! the HTML comments (the lesson tests' excerpt markers) are left out.

use std::io::{IsTerminal, Write};
use std::process::{Command, Stdio};

use crate::cli::LabArg;
use crate::color::{Stream, use_color};
use crate::exit::{CommandResult, Exit, Failure};
use crate::i18n::{tr, tr_in};
use crate::labs::{self, Edition, Lab, display_path};
use crate::lang;

pub fn lesson_command(args: LabArg) -> CommandResult {
    let root = labs::project_root();
    let catalog = labs::catalog(&root)?;
    let lab = labs::find(&catalog, &args.lab)?;
    let edition = lab.lesson_in(lang::current());
    let text = std::fs::read_to_string(&edition.path).map_err(|e| {
        Failure::failed(tr!("err-read-lesson", path = display_path(&edition.path), error = e.to_string()))
    })?;
    say_if_untranslated(lab, &edition, "README.md");
    let text = without_comments(&text);
    if !std::io::stdout().is_terminal() {
        let _ = std::io::stdout().lock().write_all(text.as_bytes());
        return Ok(Exit::Success);
    }
    let width = terminal_width().unwrap_or(100);
    let rendered = render(&text, width, use_color(Stream::Stdout));
    page(&rendered);
    Ok(Exit::Success)
}

/// One line on standard error when the lab has no edition of `file` in the
/// language asked for, in that language, before the English one is shown.
pub fn say_if_untranslated(lab: &Lab, edition: &Edition, file: &str) {
    let Some(lang) = edition.missing else { return };
    let translated = lang::file_name(lang, file);
    let line = match file {
        "HINTS.md" => tr_in!(lang, "lesson-untranslated-hints", lab = &lab.dir, translated = translated, file = file),
        _ => tr_in!(lang, "lesson-untranslated-lesson", lab = &lab.dir, translated = translated, file = file),
    };
    eprintln!("ipclab: {line}");
}

/// The Markdown without its HTML comments (outside code blocks).
pub fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    let mut in_comment = false;
    for line in text.lines() {
        if !in_code && (in_comment || line.trim_start().starts_with("<!--")) {
            in_comment = !line.contains("-->");
            continue;
        }
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The Markdown rendered for a terminal `width` columns wide, in colour or not.
pub fn render(markdown: &str, width: usize, color: bool) -> String {
    let skin = if color { termimad::MadSkin::default() } else { termimad::MadSkin::no_style() };
    skin.text(markdown, Some(width.max(20))).to_string()
}

/// The terminal's width, from standard output (TIOCGWINSZ).
fn terminal_width() -> Option<usize> {
    let (width, _) = termimad::terminal_size();
    (width > 0).then_some(width as usize)
}

/// The pager to use: `$PAGER` (split as a shell would), else `less -R`.
fn pager_command() -> Vec<String> {
    match std::env::var("PAGER") {
        Ok(p) if !p.trim().is_empty() => shlex::split(&p).unwrap_or_else(|| vec![p]),
        _ => vec!["less".to_string(), "-R".to_string()],
    }
}

/// Shows `text` through the pager; with none to run, writes it to the
/// terminal. The reader quitting the pager early is no error.
fn page(text: &str) {
    let command = pager_command();
    let Some((program, args)) = command.split_first() else { return };
    let mut pager = Command::new(program);
    pager.args(args).stdin(Stdio::piped());
    // As git does: quit at once when it fits on one screen, keep colours,
    // and leave the text on the terminal, unless the user chose otherwise.
    if std::env::var_os("LESS").is_none() {
        pager.env("LESS", "FRX");
    }
    match pager.spawn() {
        Ok(mut child) => {
            if let Some(mut stdin) = child.stdin.take() {
                let _ = stdin.write_all(text.as_bytes());
            }
            let _ = child.wait();
        }
        Err(_) => {
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LESSON: &str = "# Lab 01\n\nA **pipe**.\n\n<!-- excerpt: run 01\n     only: read\n-->\n```\n$ ipclab run 01\n<!-- not a marker inside code -->\n```\n\n| call | does |\n|---|---|\n| `pipe` | makes one |\n";

    #[test]
    fn the_excerpt_markers_are_left_out_but_not_text_inside_code() {
        let plain = without_comments(LESSON);
        assert!(!plain.contains("excerpt: run 01"), "{plain}");
        assert!(plain.contains("<!-- not a marker inside code -->"), "{plain}");
        assert!(plain.contains("A **pipe**."), "piped, the Markdown stays as written: {plain}");
    }

    #[test]
    fn on_a_terminal_the_markdown_is_rendered() {
        let shown = render(&without_comments(LESSON), 60, false);
        assert!(!shown.contains("**pipe**"), "emphasis rendered, not shown as stars: {shown}");
        assert!(!shown.contains("|---|"), "a table drawn, not its Markdown: {shown}");
        assert!(shown.contains("pipe"), "{shown}");
        let coloured = render(&without_comments(LESSON), 60, true);
        assert!(coloured.contains("\u{1b}["), "colour when asked: {coloured}");
    }
}
