//! The legend under the diagram: a swatch for each kind of mark the
//! reader meets (the leaks, the delays and the failures `--inject` made
//! only when the drawing has them).

use std::fmt::Write as _;

use super::*;

/// How wide the legend is drawn (the layout makes room for it).
pub(super) fn legend_width(d: &Diagram) -> f64 {
    16.0 + items(d).iter().map(|(_, text)| 34.0 + width(text, 10.5)).sum::<f64>()
}

/// The legend's entries: a kind of swatch and its words.
fn items(d: &Diagram) -> Vec<(&'static str, String)> {
    let mut items = vec![
        ("data", tr!("diagram-legend-data")),
        ("signal", tr!("diagram-legend-signal")),
        ("blocked", tr!("diagram-legend-blocked")),
        ("handler", tr!("diagram-legend-handler")),
        ("fold", tr!("diagram-legend-fold")),
    ];
    if d.lanes.iter().any(|l| matches!(l.end, LaneEnd::Leaked { .. })) {
        items.push(("leak", tr!("diagram-legend-leak")));
    }
    if d.spans.iter().any(|s| s.kind == SpanKind::Delayed) {
        items.push(("delay", tr!("diagram-legend-delay")));
    }
    if d.steps.iter().any(|s| s.kind == StepKind::Skipped) {
        items.push(("skipped", tr!("diagram-legend-skipped")));
    }
    items
}

pub(super) fn legend(s: &mut String, d: &Diagram, l: &Layout) {
    let y = l.height - 34.0;
    let mut x = 16.0;
    s.push_str("<g class=\"legend\">\n");
    let pipe = colour(LaneKind::Object(ObjKind::Pipe));
    for (what, text) in items(d) {
        let swatch = match what {
            "data" => format!(
                r#"<line x1="{x:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="{pipe}" stroke-width="2.2" marker-end="url(#a-pipe)"/>"#,
                x + 20.0
            ),
            "signal" => format!(
                r#"<line x1="{x:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="{SIGNAL}" stroke-width="1.6" stroke-dasharray="6 4" marker-end="url(#a-sig)"/>"#,
                x + 20.0
            ),
            "blocked" => format!(
                r##"<rect x="{x:.1}" y="{:.1}" width="18" height="10" fill="#ffe066" stroke="#e67700"/>"##,
                y - 5.0
            ),
            "handler" => format!(
                r##"<rect x="{x:.1}" y="{:.1}" width="18" height="10" fill="#e5dbff" stroke="#7048e8"/>"##,
                y - 5.0
            ),
            "fold" => format!(
                r##"<rect x="{x:.1}" y="{:.1}" width="18" height="10" fill="#f1f3f5" stroke="#868e96"/>"##,
                y - 5.0
            ),
            "delay" => format!(
                r#"<rect x="{x:.1}" y="{:.1}" width="18" height="10" fill="{DELAY_FILL}" stroke="{DELAY}"/>"#,
                y - 5.0
            ),
            "skipped" => format!(
                r#"<circle cx="{:.1}" cy="{y:.1}" r="6" fill="none" stroke="{HANG}" stroke-width="2"/><path d="M{:.1},{:.1} l8,-8" stroke="{HANG}" stroke-width="2"/>"#,
                x + 9.0,
                x + 5.0,
                y + 4.0
            ),
            _ => format!(
                r#"<line x1="{x:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="{WARN}" stroke-width="4" stroke-dasharray="8 5"/>"#,
                x + 20.0
            ),
        };
        let _ =
            write!(s, "{swatch}<text x=\"{:.1}\" y=\"{:.1}\" class=\"small\">{}</text>", x + 26.0, y + 4.0, xml(&text));
        x += 34.0 + width(&text, 10.5);
    }
    s.push_str("</g>\n");
}
