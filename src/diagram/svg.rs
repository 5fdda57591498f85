//! The diagram as one self-contained SVG: lanes left to right in order of
//! appearance, one row per step top to bottom. Nothing outside the file is
//! referred to (no fonts, images, scripts or links); text uses the system's
//! fonts, a list that covers Hangul. Every step is a `<g class="step">`
//! with its full record in a `<title>` (a tooltip in any SVG viewer) and
//! `data-lanes`, which the HTML page's script reads.

use std::fmt::Write as _;

use super::fold::{Row, View};
use super::model::{Diagram, LaneEnd, LaneKind, ObjKind, SpanKind, StepKind};
use super::text::{fit, fit_tail, is_wide, width, xml};
use crate::i18n::tr;

mod legend;
mod spans;
use legend::{legend, legend_width};
use spans::spans;

const LEFT: f64 = 96.0;
const RIGHT: f64 = 40.0;
const TITLE_H: f64 = 52.0;
const HEADER_H: f64 = 50.0;
const ROW_H: f64 = 30.0;
const GAP_H: f64 = 36.0;
const NOTE_LINE: f64 = 16.0;
/// The size of small text (`class="small"`, a bar's label).
const SMALL: f64 = 10.5;
/// How far a label's white outline reaches beyond its glyphs.
const HALO: f64 = 1.75;
/// A content box (`holds …`), from a row's line: its top, height, and its
/// text's baseline. Its text reaches 0.9 of the font size above the
/// baseline (Hangul) and 0.25 below; the box keeps 3 pixels beyond both.
const CONTENTS_TOP: f64 = -12.0;
const CONTENTS_H: f64 = 21.0;
const CONTENTS_BASELINE: f64 = 3.0;
/// What a row where a lane ends with a note (`freed: no descriptor left`)
/// adds below it, so that the note has a line of its own above the next
/// row's label.
const END_NOTE_H: f64 = 12.0;
const FONT: f64 = 12.0;
const MIN_GAP: f64 = 170.0;
const MAX_GAP: f64 = 340.0;

/// The fonts: the system's sans-serif, with fonts that have Hangul named.
pub const SANS: &str = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans KR', 'Noto Sans CJK KR', \
'Apple SD Gothic Neo', 'Malgun Gothic', 'NanumGothic', 'DejaVu Sans', sans-serif";
pub const MONO: &str = "ui-monospace, 'SFMono-Regular', 'DejaVu Sans Mono', 'Noto Sans Mono', 'Noto Sans Mono CJK KR', \
'D2Coding', 'NanumGothicCoding', Consolas, monospace";

/// The colour of each kind of lane.
fn colour(kind: LaneKind) -> &'static str {
    match kind {
        LaneKind::Process => "#1c7ed6",
        LaneKind::Tracer => "#343a40",
        LaneKind::Object(k) => match k.class() {
            "pipe" => "#2f9e44",
            "queue" => "#7048e8",
            "shm" => "#0c8599",
            "sem" => "#c2255c",
            "sock" => "#9c36b5",
            _ => "#495057",
        },
    }
}

const WARN: &str = "#f76707";
const HANG: &str = "#e03131";
const SIGNAL: &str = "#d6336c";
/// What `--inject` held: its bar.
const DELAY: &str = "#1971c2";
const DELAY_FILL: &str = "#d0ebff";

/// Where everything goes.
pub struct Layout {
    /// The lanes drawn, in order (indices into the diagram's lanes).
    pub shown: Vec<usize>,
    /// x of each lane of the diagram (NaN when not drawn).
    pub x: Vec<f64>,
    /// y of the top of each row, and one more for the bottom.
    pub y: Vec<f64>,
    pub width: f64,
    pub height: f64,
    /// Each row's note lines, wrapped.
    notes: Vec<Vec<String>>,
}

/// How many columns of a monospaced font a text takes: Hangul and CJK two.
fn columns(s: &str) -> usize {
    s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn wrap(line: &str, chars: usize) -> Vec<String> {
    let indent: String = line.chars().take_while(|c| *c == ' ').collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    for word in line.split(' ').filter(|w| !w.is_empty()) {
        let extra = if cur.is_empty() { 0 } else { 1 };
        if !cur.is_empty() && columns(&cur) + extra + columns(word) > chars {
            out.push(cur);
            cur = format!("{indent}    ");
        } else if cur.is_empty() {
            cur.push_str(&indent);
        } else {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.trim().is_empty() {
        out.push(cur);
    }
    out
}

impl Layout {
    pub fn new(d: &Diagram, v: &View) -> Layout {
        let mut used = vec![false; d.lanes.len()];
        for r in &v.rows {
            if let Row::Step(s) = r {
                let s = &d.steps[*s];
                used[s.lane] = true;
                if let Some(t) = s.to {
                    used[t] = true;
                }
            }
        }
        let shown: Vec<usize> = (0..d.lanes.len()).filter(|&l| used[l]).collect();
        let mut col = vec![usize::MAX; d.lanes.len()];
        for (i, &l) in shown.iter().enumerate() {
            col[l] = i;
        }
        // The space after each lane: enough for the labels drawn there.
        let mut gap = vec![MIN_GAP; shown.len()];
        for r in &v.rows {
            let Row::Step(s) = r else { continue };
            let s = &d.steps[*s];
            let w = width(&s.label, FONT) + 28.0;
            match s.to.filter(|&t| t != s.lane) {
                Some(t) => {
                    let (a, b) = (col[s.lane].min(col[t]), col[s.lane].max(col[t]));
                    let per = w / (b - a) as f64;
                    for g in &mut gap[a..b] {
                        *g = g.max(per.min(MAX_GAP));
                    }
                }
                None if s.kind != StepKind::Hang => {
                    let c = col[s.lane];
                    gap[c] = gap[c].max((w + 12.0).min(MAX_GAP));
                }
                None => {}
            }
        }
        // A header is as wide as the room on both its sides allows.
        for (i, &l) in shown.iter().enumerate() {
            let header = (width(&d.lanes[l].name, 11.5).max(width(&d.lanes[l].title, 12.5)) + 30.0).min(MAX_GAP * 0.75);
            gap[i] = gap[i].max(header);
            if i > 0 {
                gap[i - 1] = gap[i - 1].max(header);
            }
        }
        let mut x = vec![f64::NAN; d.lanes.len()];
        let mut at = LEFT + gap.first().copied().unwrap_or(MIN_GAP) / 2.0;
        for (i, &l) in shown.iter().enumerate() {
            x[l] = at;
            at += gap[i];
        }
        // As wide as the lanes need, the title's two lines and the legend
        // (Korean words are wider than the English ones).
        let (first, second) = title_lines(d);
        let title = (width(&first, 15.0) + 16.0).max(width(&second, 10.5) + 16.0).max(legend_width(d));
        let width =
            (at + RIGHT - gap.last().copied().unwrap_or(0.0) / 2.0 + MIN_GAP / 2.0).max(at).max(640.0).max(title);
        let chars = (((width - LEFT - 40.0) / (0.6 * FONT)) as usize).max(40);
        let mut end_note = vec![false; v.rows.len()];
        for &lane in &shown {
            if let Some(row) = end_note_row(d, v, lane) {
                end_note[row] = true;
            }
        }
        let mut y = Vec::with_capacity(v.rows.len() + 1);
        let mut notes = Vec::with_capacity(v.rows.len());
        let mut at = TITLE_H + HEADER_H + 14.0;
        for (i, r) in v.rows.iter().enumerate() {
            y.push(at);
            if end_note[i] {
                at += END_NOTE_H;
            }
            let (h, note) = match r {
                Row::Gap { .. } => (GAP_H, Vec::new()),
                Row::Step(s) if !d.steps[*s].note.is_empty() => {
                    let lines: Vec<String> = d.steps[*s].note.iter().flat_map(|l| wrap(l, chars)).collect();
                    (24.0 + NOTE_LINE * lines.len() as f64, lines)
                }
                Row::Step(_) => (ROW_H, Vec::new()),
            };
            notes.push(note);
            at += h;
        }
        y.push(at);
        let leaks = d.lanes.iter().filter(|l| matches!(l.end, LaneEnd::Leaked { .. })).count();
        let height = at + 24.0 + if leaks > 0 { 50.0 } else { 0.0 } + 40.0;
        Layout { shown, x, y, width, height, notes }
    }
}

/// The row under which a lane's end note is written (an object freed or
/// removed), if it has one: its last row, unless a gap cut the lane there.
fn end_note_row(d: &Diagram, v: &View, lane: usize) -> Option<usize> {
    let ln = &d.lanes[lane];
    let row = v.row_of[ln.last];
    let cut_here = !v.drawn[ln.last] && matches!(v.rows.get(row), Some(Row::Gap { .. }));
    (matches!(ln.end, LaneEnd::Gone(_)) && !cut_here).then_some(row)
}

/// The SVG text of a diagram.
pub fn svg(d: &Diagram, v: &View) -> String {
    let l = Layout::new(d, v);
    let mut s = String::with_capacity(4096 + v.rows.len() * 600);
    let (w, h) = (l.width, l.height);
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" role="img" font-family="{SANS}" font-size="{FONT}" class="ipclab-diagram">"#
    );
    let _ = write!(s, "\n<title>{}</title>\n", xml(&summary(d)));
    style(&mut s);
    defs(&mut s);
    let _ = writeln!(s, r##"<rect class="bg" x="0" y="0" width="{w:.0}" height="{h:.0}" fill="#ffffff"/>"##);
    title(&mut s, d, &l);
    folds(&mut s, v, &l);
    lifelines(&mut s, d, v, &l);
    spans(&mut s, d, v, &l);
    rows(&mut s, d, v, &l);
    headers(&mut s, d, &l);
    legend(&mut s, d, &l);
    s.push_str("</svg>\n");
    s
}

/// One line about the run: the program, how many processes, objects, events.
pub fn summary(d: &Diagram) -> String {
    let (p, o) = (d.processes(), d.objects());
    let program = if d.program.is_empty() { tr!("diagram-a-run") } else { d.program.clone() };
    tr!("diagram-summary", program = program, processes = p, objects = o, records = d.records)
}

fn style(s: &mut String) {
    let _ = write!(
        s,
        "<style>
.ipclab-diagram text {{ fill: #212529; }}
.ipclab-diagram .lbl {{ paint-order: stroke; stroke: #ffffff; stroke-width: 3.5px; stroke-linejoin: round; }}
.ipclab-diagram .mono {{ font-family: {MONO}; }}
.ipclab-diagram .small {{ font-size: 10.5px; fill: #495057; }}
.ipclab-diagram .failed text.lbl {{ fill: {HANG}; }}
.ipclab-diagram .bad {{ fill: {HANG}; font-weight: bold; }}
.ipclab-diagram .warn {{ fill: {WARN}; font-weight: bold; }}
.ipclab-diagram .hdr-title {{ font-weight: bold; font-size: 12.5px; }}
.ipclab-diagram .hdr-name {{ font-size: 11.5px; }}
.ipclab-diagram .fold-times {{ font-weight: bold; font-size: 14px; fill: #495057; }}
.ipclab-diagram .span-label {{ font-size: 10.5px; font-style: italic; }}
</style>
"
    );
}

/// Arrowheads, one per colour.
fn defs(s: &mut String) {
    s.push_str("<defs>\n");
    for (id, c) in [
        ("p", colour(LaneKind::Process)),
        ("pipe", colour(LaneKind::Object(ObjKind::Pipe))),
        ("queue", colour(LaneKind::Object(ObjKind::MsgQueue))),
        ("shm", colour(LaneKind::Object(ObjKind::Shm))),
        ("sem", colour(LaneKind::Object(ObjKind::SemSet))),
        ("sock", colour(LaneKind::Object(ObjKind::Socket))),
        ("file", colour(LaneKind::Object(ObjKind::File))),
        ("sig", SIGNAL),
        ("hang", HANG),
        ("grey", "#868e96"),
    ] {
        let _ = writeln!(
            s,
            r#"<marker id="a-{id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{c}"/></marker>"#
        );
    }
    s.push_str("</defs>\n");
}

/// The title's two lines: the summary, and the ledger with how to read the drawing.
fn title_lines(d: &Diagram) -> (String, String) {
    let mut second = tr!("diagram-how-to-read");
    if let Some(ledger) = &d.ledger {
        second = format!("{ledger}. {second}");
    }
    (summary(d), second)
}

fn title(s: &mut String, d: &Diagram, _l: &Layout) {
    let (first, second) = title_lines(d);
    let _ = writeln!(s, r#"<text x="16" y="22" font-size="15" font-weight="bold">{}</text>"#, xml(&first));
    let _ = writeln!(s, r#"<text x="16" y="40" class="small">{}</text>"#, xml(&second));
}

fn headers(s: &mut String, d: &Diagram, l: &Layout) {
    s.push_str("<g class=\"headers\">\n");
    for (i, &lane) in l.shown.iter().enumerate() {
        let ln = &d.lanes[lane];
        let x = l.x[lane];
        // The last lane has the room its gap left on its right; the first as
        // much on its left as on its right.
        let right = if i + 1 == l.shown.len() {
            (x + MIN_GAP / 2.0).max(l.width - RIGHT - MIN_GAP / 2.0)
        } else {
            (l.x[l.shown[i + 1]] + x) / 2.0
        };
        let left = if i == 0 { x - (right - x) } else { (l.x[l.shown[i - 1]] + x) / 2.0 };
        let bw = ((x - left).min(right - x) * 2.0 - 12.0).clamp(100.0, 240.0);
        let c = colour(ln.kind);
        let (fill, rx) = match ln.kind {
            LaneKind::Process => ("#e7f5ff", 10.0),
            LaneKind::Tracer => ("#f1f3f5", 10.0),
            LaneKind::Object(_) => ("#f8f9fa", 2.0),
        };
        let class = match ln.kind {
            LaneKind::Process => "process".to_string(),
            LaneKind::Tracer => "tracer".to_string(),
            LaneKind::Object(k) => format!("object {}", k.class()),
        };
        let label = format!("{} {}", ln.title, ln.name);
        let _ = writeln!(
            s,
            r#"<g class="lane-header {class}" data-lane="{lane}" data-label="{}"><rect x="{:.1}" y="{TITLE_H:.1}" width="{bw:.1}" height="{:.1}" rx="{rx}" fill="{fill}" stroke="{c}" stroke-width="2"/><text x="{x:.1}" y="{:.1}" text-anchor="middle" class="hdr-title" fill="{c}">{}</text><text x="{x:.1}" y="{:.1}" text-anchor="middle" class="hdr-name mono">{}</text><title>{}</title></g>"#,
            xml(&label),
            x - bw / 2.0,
            HEADER_H - 8.0,
            TITLE_H + 18.0,
            xml(&fit(&ln.title, bw - 10.0, 12.5)),
            TITLE_H + 34.0,
            xml(&if ln.name.starts_with('/') {
                fit_tail(&ln.name, bw - 10.0, 11.5)
            } else {
                fit(&ln.name, bw - 10.0, 11.5)
            }),
            xml(&label),
        );
    }
    s.push_str("</g>\n");
}

/// Where a lane's line ends, and how.
fn lifelines(s: &mut String, d: &Diagram, v: &View, l: &Layout) {
    let bottom = *l.y.last().unwrap_or(&0.0);
    s.push_str("<g class=\"lifelines\">\n");
    for &lane in &l.shown {
        let ln = &d.lanes[lane];
        let x = l.x[lane];
        let c = colour(ln.kind);
        let r0 = v.row_of[ln.first];
        let y0 = if ln.first == 0 && ln.kind == LaneKind::Process { TITLE_H + HEADER_H - 8.0 } else { l.y[r0] + 20.0 };
        // A dotted line from the header to where the lane begins.
        if y0 > TITLE_H + HEADER_H {
            let _ = writeln!(
                s,
                r##"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{y0:.1}" stroke="#dee2e6" stroke-width="1" stroke-dasharray="2 4"/>"##,
                TITLE_H + HEADER_H - 8.0
            );
        }
        let last_row = v.row_of[ln.last];
        let cut_here = !v.drawn[ln.last] && matches!(v.rows.get(last_row), Some(Row::Gap { .. }));
        let (y1, tail) = match &ln.end {
            _ if cut_here => (l.y[last_row] + GAP_H, ""),
            LaneEnd::Open | LaneEnd::Leaked { .. } => (bottom, ""),
            LaneEnd::Exited { .. } => (l.y[last_row] + 20.0, ""),
            LaneEnd::Gone(_) => (l.y[last_row] + 20.0, "gone"),
        };
        let (sw, op) = match ln.kind {
            LaneKind::Process | LaneKind::Tracer => (2.0, 1.0),
            LaneKind::Object(_) => (4.0, 0.45),
        };
        let _ = writeln!(
            s,
            r#"<line class="lifeline" data-lane="{lane}" x1="{x:.1}" y1="{y0:.1}" x2="{x:.1}" y2="{y1:.1}" stroke="{c}" stroke-width="{sw}" stroke-opacity="{op}"/>"#
        );
        if tail == "gone" {
            if let LaneEnd::Gone(text) = &ln.end {
                let _ = writeln!(
                    s,
                    r#"<g class="lane-end" data-lane="{lane}"><line x1="{:.1}" y1="{y1:.1}" x2="{:.1}" y2="{y1:.1}" stroke="{c}" stroke-width="3"/><text x="{x:.1}" y="{:.1}" text-anchor="middle" class="small lbl">{}</text></g>"#,
                    x - 12.0,
                    x + 12.0,
                    y1 + 13.0,
                    xml(text)
                );
            }
        }
        if let LaneEnd::Leaked { cleaned, cleanup } = &ln.end {
            let from = l.y[last_row] + 24.0;
            let _ = writeln!(
                s,
                r#"<g class="leak" data-lane="{lane}"><line x1="{x:.1}" y1="{from:.1}" x2="{x:.1}" y2="{:.1}" stroke="{WARN}" stroke-width="4" stroke-dasharray="8 5"/>"#,
                bottom + 8.0
            );
            let text = tr!("diagram-leaked");
            let second = match (cleaned, cleanup) {
                (true, _) => tr!("diagram-leak-cleaned"),
                (false, Some(c)) => tr!("diagram-leak-remove", command = c),
                (false, None) => tr!("diagram-leak-nobody"),
            };
            let bw = width(&text, FONT).max(width(&second, 10.5)) + 16.0;
            let _ = writeln!(
                s,
                r##"<rect x="{:.1}" y="{:.1}" width="{bw:.1}" height="38" rx="4" fill="#fff4e6" stroke="{WARN}" stroke-width="2"/><text x="{x:.1}" y="{:.1}" text-anchor="middle" class="warn">{}</text><text x="{x:.1}" y="{:.1}" text-anchor="middle" class="small mono">{}</text><title>{}: {}</title></g>"##,
                x - bw / 2.0,
                bottom + 8.0,
                bottom + 24.0,
                xml(&text),
                bottom + 39.0,
                xml(&second),
                xml(&format!("{} {}", ln.title, ln.name)),
                xml(&second)
            );
        }
    }
    s.push_str("</g>\n");
}

fn folds(s: &mut String, v: &View, l: &Layout) {
    s.push_str("<g class=\"folds\">\n");
    for f in &v.folds {
        let y0 = l.y[f.first];
        let y1 = l.y[f.first + f.len];
        let _ = writeln!(
            s,
            r##"<g class="fold" data-times="{}"><rect x="{:.1}" y="{y0:.1}" width="{:.1}" height="{:.1}" rx="6" fill="#f1f3f5"/><path d="M{:.1},{:.1} h-8 v{:.1} h8" fill="none" stroke="#868e96" stroke-width="2"/><text x="{:.1}" y="{:.1}" text-anchor="end" class="fold-times">× {}</text><text x="{:.1}" y="{:.1}" text-anchor="end" class="small">{}</text><title>{}</title></g>"##,
            f.times,
            LEFT - 44.0,
            l.width - LEFT + 24.0,
            y1 - y0,
            LEFT - 14.0,
            y0 + 4.0,
            y1 - y0 - 8.0,
            LEFT - 26.0,
            (y0 + y1) / 2.0 + 2.0,
            f.times,
            LEFT - 26.0,
            (y0 + y1) / 2.0 + 15.0,
            xml(&tr!("diagram-rounds")),
            xml(&f.says())
        );
    }
    s.push_str("</g>\n");
}

fn marker_of(kind: LaneKind) -> &'static str {
    match kind {
        LaneKind::Process | LaneKind::Tracer => "p",
        LaneKind::Object(k) => k.class(),
    }
}

fn rows(s: &mut String, d: &Diagram, v: &View, l: &Layout) {
    s.push_str("<g class=\"steps\">\n");
    for (r, row) in v.rows.iter().enumerate() {
        let y = l.y[r];
        let step = match row {
            Row::Gap { steps } => {
                let limit = v.cut.unwrap_or(0);
                let _ = writeln!(
                    s,
                    r#"<g class="gap"><text x="{:.1}" y="{:.1}" text-anchor="middle" class="small">{}</text></g>"#,
                    l.width / 2.0,
                    y + 22.0,
                    xml(&tr!("diagram-gap", steps = *steps, limit = limit))
                );
                continue;
            }
            Row::Step(i) => *i,
        };
        let st = &d.steps[step];
        let lanes = match st.to {
            Some(t) if t != st.lane => format!("{} {}", st.lane, t),
            _ => st.lane.to_string(),
        };
        let failed = if st.failed { " failed" } else { "" };
        let _ = write!(
            s,
            r#"<g class="step s-{}{failed}" id="r{r}" data-row="{r}" data-step="{step}" data-lanes="{lanes}"><title>{}</title>"#,
            st.kind.class(),
            xml(&st.detail)
        );
        let x = l.x[st.lane];
        let line_y = y + 20.0;
        let label_class = if st.failed { "lbl bad" } else { "lbl" };
        match (st.kind, st.to.filter(|&t| t != st.lane)) {
            (StepKind::Hang, _) => {
                let lines = &l.notes[r];
                let hh = l.y[r + 1] - y - 8.0;
                let _ = write!(
                    s,
                    r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{hh:.1}" rx="6" fill="#fff5f5" stroke="{HANG}" stroke-width="2"/>"##,
                    LEFT - 40.0,
                    y + 4.0,
                    l.width - LEFT + 20.0
                );
                for (i, line) in lines.iter().enumerate() {
                    let class = if i == 0 { "bad" } else { "mono" };
                    let _ = write!(
                        s,
                        r#"<text x="{:.1}" y="{:.1}" class="{class}" xml:space="preserve">{}</text>"#,
                        LEFT - 30.0,
                        y + 22.0 + NOTE_LINE * i as f64,
                        xml(line)
                    );
                }
            }
            (kind, Some(t)) => {
                let (mut x1, mut x2) = (x, l.x[t]);
                if kind.reversed() {
                    std::mem::swap(&mut x1, &mut x2);
                }
                let object = if d.lanes[t].kind == LaneKind::Process { d.lanes[st.lane].kind } else { d.lanes[t].kind };
                let (c, m) = match kind {
                    StepKind::Send => (SIGNAL, "sig"),
                    StepKind::HangWait => (HANG, "hang"),
                    StepKind::Spawn => (colour(LaneKind::Process), "p"),
                    StepKind::Close => ("#868e96", "grey"),
                    _ => (colour(object), marker_of(object)),
                };
                let dash = match kind {
                    StepKind::Send | StepKind::Close => r#" stroke-dasharray="6 4""#,
                    StepKind::HangWait => r#" stroke-dasharray="2 3""#,
                    StepKind::Control | StepKind::Create | StepKind::Attach | StepKind::Sem => "",
                    _ => "",
                };
                let sw = if matches!(kind, StepKind::Put | StepKind::Get) { 2.2 } else { 1.6 };
                let end = if x2 > x1 { x2 - 6.0 } else { x2 + 6.0 };
                let start = if x2 > x1 { x1 + 6.0 } else { x1 - 6.0 };
                let _ = write!(
                    s,
                    r#"<line x1="{start:.1}" y1="{line_y:.1}" x2="{end:.1}" y2="{line_y:.1}" stroke="{c}" stroke-width="{sw}"{dash} marker-end="url(#a-{m})"/>"#
                );
                let room = (x2 - x1).abs() - 12.0;
                let mono = if matches!(kind, StepKind::Put | StepKind::Get) { " mono" } else { "" };
                let _ = write!(
                    s,
                    r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" class="{label_class}{mono}">{}</text>"#,
                    (x1 + x2) / 2.0,
                    y + 15.0,
                    xml(&fit(&st.label, room, FONT))
                );
            }
            (kind, None) => {
                let room = right_room(d, l, st.lane) - 14.0;
                match kind {
                    StepKind::Exit => {
                        let c = if st.failed { HANG } else { "#495057" };
                        let _ = write!(
                            s,
                            r#"<path d="M{:.1},{:.1} l12,12 m0,-12 l-12,12" stroke="{c}" stroke-width="3"/>"#,
                            x - 6.0,
                            line_y - 6.0
                        );
                    }
                    StepKind::Deliver | StepKind::Send => {
                        let _ = write!(
                            s,
                            r#"<path d="M{:.1},{:.1} l6,-7 l-1,5 l5,0 l-6,7 l1,-5 z" fill="{SIGNAL}"/>"#,
                            x - 5.0,
                            line_y + 1.0
                        );
                    }
                    StepKind::Contents => {
                        // The box holds the text's tallest glyphs (Hangul)
                        // and its descenders with room to spare; its fill is
                        // the text's background, so the text has no outline.
                        let w = width(&st.label, FONT).min(room) + 12.0;
                        let _ = write!(
                            s,
                            r##"<rect x="{:.1}" y="{:.1}" width="{w:.1}" height="{CONTENTS_H:.1}" rx="3" fill="#e3fafc" stroke="{}"/>"##,
                            x + 8.0,
                            line_y + CONTENTS_TOP,
                            colour(d.lanes[st.lane].kind)
                        );
                    }
                    StepKind::Skipped => {
                        // A call that did not run: a crossed-out circle.
                        let _ = write!(
                            s,
                            r#"<circle cx="{x:.1}" cy="{line_y:.1}" r="6" fill="none" stroke="{HANG}" stroke-width="2"/><path d="M{:.1},{:.1} l8,-8" stroke="{HANG}" stroke-width="2"/>"#,
                            x - 4.0,
                            line_y + 4.0
                        );
                    }
                    StepKind::Thread => {
                        // A thread: a small diamond on its process's lane.
                        let _ = write!(
                            s,
                            r#"<path d="M{x:.1},{:.1} l5,5 l-5,5 l-5,-5 z" fill="{}"/>"#,
                            line_y - 5.0,
                            colour(LaneKind::Process)
                        );
                    }
                    StepKind::Exec => {
                        let _ = write!(
                            s,
                            r#"<rect x="{:.1}" y="{:.1}" width="10" height="10" fill="{}"/>"#,
                            x - 5.0,
                            line_y - 5.0,
                            colour(LaneKind::Process)
                        );
                    }
                    _ => {
                        let c = if st.failed { HANG } else { colour(d.lanes[st.lane].kind) };
                        let _ = write!(s, r#"<circle cx="{x:.1}" cy="{line_y:.1}" r="4" fill="{c}"/>"#);
                    }
                }
                let class = match kind {
                    StepKind::Exit if st.failed => "lbl bad".to_string(),
                    StepKind::Contents => "mono".to_string(),
                    _ => label_class.to_string(),
                };
                let baseline = if kind == StepKind::Contents { CONTENTS_BASELINE } else { 4.0 };
                let _ = write!(
                    s,
                    r#"<text x="{:.1}" y="{:.1}" class="{class}">{}</text>"#,
                    x + 14.0,
                    line_y + baseline,
                    xml(&fit(&st.label, room, FONT))
                );
            }
        }
        s.push_str("</g>\n");
    }
    s.push_str("</g>\n");
}

/// How much room a label beside a lane has: up to the next lane drawn.
fn right_room(d: &Diagram, l: &Layout, lane: usize) -> f64 {
    let x = l.x[lane];
    let next = l.shown.iter().map(|&o| l.x[o]).filter(|&o| o > x).fold(f64::INFINITY, f64::min);
    let _ = d;
    if next.is_finite() { next - x } else { l.width - x - 8.0 }
}
