//! The bars along the lanes (a blocked call, a handler, a zombie, a
//! delay) and where their vertical labels go: beside the bar, where no
//! other text crosses it.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::*;

pub(super) fn spans(s: &mut String, d: &Diagram, v: &View, l: &Layout) {
    s.push_str("<g class=\"spans\">\n");
    // Bars that overlap on one lane (two threads blocked at once, a handler
    // run during a wait) are drawn side by side.
    let mut drawn: Vec<(usize, usize)> = Vec::new();
    // The lanes' end notes, by row: where they are written across.
    let mut notes: HashMap<usize, Vec<(f64, f64)>> = HashMap::new();
    for &lane in &l.shown {
        if let (Some(row), LaneEnd::Gone(text)) = (end_note_row(d, v, lane), &d.lanes[lane].end) {
            let half = width(text, SMALL) / 2.0;
            notes.entry(row).or_default().push((l.x[lane] - half, l.x[lane] + half));
        }
    }
    for sp in &d.spans {
        // A bar of a round drawn once is drawn once.
        if !v.drawn[sp.from] && !v.drawn[sp.to] {
            continue;
        }
        let (r0, r1) = (v.row_of[sp.from], v.row_of[sp.to]);
        if r0 > r1 || l.x[sp.lane].is_nan() {
            continue;
        }
        let level = drawn.iter().filter(|&&(lane, end)| lane == sp.lane && end >= r0).count();
        drawn.push((sp.lane, r1));
        // To the left: marks write their labels on the right.
        let x = l.x[sp.lane] - 7.0 * (level % 4) as f64;
        let (y0, y1) = (l.y[r0] + 4.0, l.y[r1] + 26.0);
        let (fill, stroke, text) = match sp.kind {
            SpanKind::Blocked => ("#ffe066", "#e67700", "#a05a00"),
            SpanKind::Hung => ("#ffc9c9", HANG, HANG),
            SpanKind::Handler => ("#e5dbff", "#7048e8", "#5f3dc4"),
            SpanKind::Zombie => ("#f1f3f5", "#adb5bd", "#868e96"),
            SpanKind::Delayed => (DELAY_FILL, DELAY, "#1864ab"),
        };
        let dash = if sp.kind == SpanKind::Zombie { r#" stroke-dasharray="4 3""# } else { "" };
        let _ = write!(
            s,
            r#"<g class="span {}" data-lane="{}"><rect x="{:.1}" y="{y0:.1}" width="10" height="{:.1}" rx="2" fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dash}/>"#,
            sp.kind.class(),
            sp.lane,
            x - 5.0,
            (y1 - y0).max(6.0),
        );
        // The label runs down beside the bar, on its right or else on its
        // left, where the bar is long enough and no other text crosses it
        // (a bar beside another has its label in its tooltip only, as has
        // one with no such stretch).
        let left = x - 6.0 - 0.9 * SMALL - HALO;
        let at = [x + 9.0, left]
            .into_iter()
            .filter(|_| level == 0)
            .find_map(|lx| Some((lx, span_label_at(d, v, l, &notes, (r0, r1), lx, (y0, y1), &sp.label)?)));
        if let Some((lx, at)) = at {
            let _ = write!(
                s,
                r#"<text x="{lx:.1}" y="{at:.1}" class="span-label lbl" fill="{text}" transform="rotate(90 {lx:.1} {at:.1})">{}</text>"#,
                xml(&sp.label)
            );
        }
        let _ = writeln!(s, "<title>{}</title></g>", xml(&sp.label));
    }
    s.push_str("</g>\n");
}

/// Where a bar's vertical label (`blocked in read`) begins, written down
/// the line `x` from `y0` to `y1` (the bar's rows `r0..=r1`): the top of
/// the first stretch of rows long enough for it that no other text crosses
/// (an arrow's label, a mark's, a lane's end note). None when there is none.
#[allow(clippy::too_many_arguments)]
fn span_label_at(
    d: &Diagram,
    v: &View,
    l: &Layout,
    notes: &HashMap<usize, Vec<(f64, f64)>>,
    (r0, r1): (usize, usize),
    x: f64,
    (y0, y1): (f64, f64),
    label: &str,
) -> Option<f64> {
    let need = width(label, SMALL);
    // Turned a quarter, the text's descenders are on the left of `x`, its
    // capitals and Hangul on the right, its white outline around both.
    let (left, right) = (x - 0.25 * SMALL - HALO, x + 0.9 * SMALL + HALO);
    let crosses = |(a, b): (f64, f64)| a - HALO < right && b + HALO > left;
    let mut start = y0 + 2.0;
    for r in r0..=r1.min(v.rows.len() - 1) {
        let crossed = row_text_x(d, v, l, r).is_some_and(crosses)
            || notes.get(&r).is_some_and(|n| n.iter().copied().any(crosses));
        if crossed {
            if l.y[r] - 2.0 - start >= need {
                return Some(start);
            }
            start = start.max(l.y[r + 1] + 2.0);
        }
    }
    (y1 - 2.0 - start >= need).then_some(start)
}

/// How far across the text of a row runs: its arrow's or mark's label,
/// the gap's line, the hang report's box.
fn row_text_x(d: &Diagram, v: &View, l: &Layout, r: usize) -> Option<(f64, f64)> {
    let st = match v.rows[r] {
        Row::Gap { .. } => return Some((0.0, l.width)),
        Row::Step(i) => &d.steps[i],
    };
    let x = l.x[st.lane];
    match (st.kind, st.to.filter(|&t| t != st.lane)) {
        (StepKind::Hang, _) => Some((LEFT - 40.0, l.width - 20.0)),
        (_, Some(t)) => {
            let (x1, x2) = (x.min(l.x[t]), x.max(l.x[t]));
            let w = width(&fit(&st.label, x2 - x1 - 12.0, FONT), FONT);
            Some(((x1 + x2 - w) / 2.0, (x1 + x2 + w) / 2.0))
        }
        (kind, None) => {
            let room = right_room(d, l, st.lane) - 14.0;
            let w = width(&fit(&st.label, room, FONT), FONT);
            let extra = if kind == StepKind::Contents { 6.0 } else { 0.0 };
            Some((x + 8.0, x + 14.0 + w + extra))
        }
    }
}
