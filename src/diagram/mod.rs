//! Sequence diagrams of a run: a lane per process and per kernel object, an
//! arrow for each call that moves data into or out of an object, the waits,
//! signals, forks, exits, the hang report and the leaks, drawn from the
//! trace (`ipclab run NN --diagram FILE`, `ipclab trace --diagram FILE --
//! CMD`, `ipclab diagram TRACE.jsonl -o FILE`).
//!
//! Both ways in read the same thing: the JSON lines of `--json`
//! (docs/trace-format.md). A live run feeds its events through the JSON
//! renderer into the builder as they happen, so a run drawn live and the
//! same run's trace drawn afterwards give the same picture (under Korean,
//! the live one's kernel lines and hang facts are Korean, as the text
//! trace prints them; a JSON trace's are English).
//!
//! - [`json`]: the records, keys in order; [`text`]: call text, escaping, widths;
//! - [`build`]: records to a [`model::Diagram`] (lanes, steps, spans);
//! - [`fold`]: repeated rounds drawn once, the row limit;
//! - [`svg`], [`html`], [`mermaid`]: the three formats, chosen by the file's extension.

pub mod build;
pub mod fold;
pub mod html;
pub mod json;
pub mod mermaid;
pub mod model;
pub mod svg;
pub mod text;

use std::cell::RefCell;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use tracer::decode::Syscall;
use tracer::event::{Event, EventKind, Pid, Sink};
use tracer::i18n::Lang;
use tracer::render::JsonRenderer;

use crate::exit::{Exit, Failure};
use crate::i18n::tr;

/// How many rows a diagram draws unless `--diagram-limit` says otherwise.
pub const DEFAULT_LIMIT: usize = 1000;

/// The format of a diagram, from its file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Svg,
    Html,
    Mermaid,
}

impl Format {
    /// `.svg`, `.html` (or `.htm`) or `.mmd`; anything else is a usage error.
    pub fn of(path: &Path) -> Result<Format, Failure> {
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("svg") => Ok(Format::Svg),
            Some("html" | "htm") => Ok(Format::Html),
            Some("mmd") => Ok(Format::Mermaid),
            _ => Err(Failure::usage(tr!("err-diagram-format", path = path.display().to_string()))),
        }
    }
}

/// The diagram in `format`, at most `limit` rows.
pub fn render(d: &model::Diagram, format: Format, limit: usize) -> String {
    let v = fold::view(d, limit);
    match format {
        Format::Svg => svg::svg(d, &v),
        Format::Html => html::html(d, &v),
        Format::Mermaid => mermaid::mermaid(d, &v),
    }
}

/// Reads a JSON trace, one record per line.
pub fn read_trace(input: impl BufRead, name: &str) -> Result<model::Diagram, Failure> {
    let mut b = build::Builder::new();
    let mut records = 0;
    for (n, line) in input.split(b'\n').enumerate() {
        let line = line.map_err(|e| Failure::failed(tr!("err-read", name = name, error = e.to_string())))?;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let rec = json::parse(&line)
            .map_err(|e| Failure::usage(tr!("err-not-json", name = name, line = n + 1, error = e.to_string())))?;
        if rec["type"].as_str().is_none() || rec["pid"].as_i64().is_none() {
            return Err(Failure::usage(tr!("err-not-record", name = name, line = n + 1)));
        }
        records += 1;
        b.push(rec);
    }
    if records == 0 {
        return Err(Failure::usage(tr!("err-no-records", name = name)));
    }
    Ok(b.finish())
}

/// The `--diagram-limit` given, checked.
pub fn limit(n: usize) -> Result<usize, Failure> {
    if n == 0 {
        return Err(Failure::usage(tr!("err-diagram-limit")));
    }
    Ok(n)
}

/// `ipclab diagram TRACE -o FILE`.
pub fn diagram_command(trace: &Path, output: &Path, rows: usize) -> Result<Exit, Failure> {
    let format = Format::of(output)?;
    let limit = limit(rows)?;
    let name = trace.display().to_string();
    let d = if trace.as_os_str() == "-" {
        read_trace(io::stdin().lock(), &tr!("err-standard-input"))?
    } else {
        let file = File::open(trace)
            .map_err(|e| Failure::usage(tr!("err-read-trace", name = &name, error = e.to_string())))?;
        read_trace(BufReader::with_capacity(1 << 16, file), &name)?
    };
    let mut out = create(output)?;
    write(&mut out, output, &render(&d, format, limit))?;
    Ok(Exit::Success)
}

fn create(path: &Path) -> Result<File, Failure> {
    File::create(path)
        .map_err(|e| Failure::usage(tr!("err-write-diagram", path = path.display().to_string(), error = e.to_string())))
}

fn write(out: &mut File, path: &Path, text: &str) -> Result<(), Failure> {
    out.write_all(text.as_bytes()).and_then(|_| out.flush()).map_err(|e| {
        Failure::failed(tr!("err-write-diagram", path = path.display().to_string(), error = e.to_string()))
    })
}

/// A buffer the JSON renderer writes into and the sink drains.
#[derive(Clone, Default)]
struct Shared(Rc<RefCell<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The diagram of a live run: a sink that writes each event as its JSON
/// line and hands the line to the builder, then draws the file at the end.
pub struct Live {
    json: JsonRenderer<Shared>,
    buffer: Shared,
    builder: build::Builder,
    file: File,
    path: PathBuf,
    format: Format,
    limit: usize,
}

impl Live {
    /// Checks the format and the limit and creates the file, before the run.
    pub fn new(path: &Path, limit: usize) -> Result<Live, Failure> {
        let format = Format::of(path)?;
        let limit = self::limit(limit)?;
        let file = create(path)?;
        let buffer = Shared::default();
        Ok(Live {
            json: JsonRenderer::new(buffer.clone()),
            buffer,
            builder: build::Builder::new(),
            file,
            path: path.to_path_buf(),
            format,
            limit,
        })
    }

    /// Hands the lines written since the last call to the builder; the
    /// record of `event` (the last line) in the language of this run.
    fn drain(&mut self, event: Option<&Event>) {
        let lines = std::mem::take(&mut *self.buffer.0.borrow_mut());
        let mut recs: Vec<json::J> =
            lines.split(|&b| b == b'\n').filter(|l| !l.is_empty()).filter_map(|l| json::parse(l).ok()).collect();
        if let (Some(event), Some(last)) = (event, recs.last_mut()) {
            let lang = crate::lang::current();
            if lang != Lang::En {
                translate(last, event, lang);
            }
        }
        for rec in recs {
            self.builder.push(rec);
        }
    }

    /// Draws the run into the file.
    pub fn finish(mut self) -> Result<(), Failure> {
        self.drain(None);
        let d = self.builder.finish();
        write(&mut self.file, &self.path, &render(&d, self.format, self.limit))
    }
}

impl Sink for Live {
    fn enter(&mut self, pid: Pid, tid: Pid, call: &Syscall) {
        self.json.enter(pid, tid, call);
    }

    fn event(&mut self, event: &Event) {
        self.json.event(event);
        self.drain(Some(event));
    }
}

/// What a live run's record says in words, said in `lang` as the text
/// trace says it: a `kernel` record's `line`, a hang report's facts and
/// likely mistakes. (A trace read from a file keeps its English: the JSON
/// lines are English whatever the language.)
fn translate(rec: &mut json::J, event: &Event, lang: Lang) {
    let json::J::Obj(entries) = rec else { return };
    match &event.kind {
        EventKind::Kernel(k) if rec_type(entries) == Some("kernel") => {
            let line = tracer::render::kernel::kernel_line_in(k, lang);
            if let Some((_, v)) = entries.iter_mut().find(|(key, _)| key == "line") {
                *v = json::J::Str(line);
            }
        }
        EventKind::Hang(tasks) if rec_type(entries) == Some("hang") => {
            let Some((_, json::J::Arr(items))) = entries.iter_mut().find(|(key, _)| key == "tasks") else { return };
            for (item, task) in items.iter_mut().zip(tasks) {
                let json::J::Obj(fields) = item else { continue };
                for (key, v) in fields.iter_mut() {
                    match key.as_str() {
                        "facts" => {
                            *v = json::J::Arr(task.facts.iter().map(|f| json::J::Str(f.message(lang))).collect());
                        }
                        "diagnosis" => {
                            if let Some(d) = &task.diagnosis {
                                *v = json::J::Str(d.message(lang));
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        _ => {}
    }
}

fn rec_type(entries: &[(String, json::J)]) -> Option<&str> {
    entries.iter().find(|(k, _)| k == "type").and_then(|(_, v)| v.as_str())
}
