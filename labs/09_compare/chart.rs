//! The chart of lab 09: one SVG document, two panels (the round trip, and
//! the stream per 4 KiB message), one row per mechanism. A bar is the median
//! wall time over the trials, the black whisker across its end the spread
//! from the 10th to the 90th percentile, and the thin dark bar under it the
//! median CPU time of both processes.
//!
//! It goes where `--chart` says, or else beside the program, in cargo's
//! target directory (`target/release/lab09_compare.svg`; the next run
//! overwrites it): never into /tmp, where nobody would clean it up.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::measure::{Spread, Summary};
use common::{Context, Result};

/// Where the chart goes when `--chart` is not given: beside this program,
/// with its name (`target/release/lab09_compare.svg` after `cargo run
/// --release`).
pub fn default_path() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    Some(exe.with_extension("svg"))
}

/// Writes `svg` to `path`.
pub fn write(path: &Path, svg: &str) -> Result<()> {
    std::fs::write(path, svg).context(&format!("write {}", path.display()))
}

/// One panel: its title and which figures of a summary it draws.
struct Panel {
    title: &'static str,
    wall: fn(&Summary) -> Spread,
    cpu: fn(&Summary) -> Spread,
    colour: &'static str,
}

const PANELS: [Panel; 2] = [
    Panel {
        title: "round trip of 64 bytes, µs (shorter is better)",
        wall: |s| s.round_trip,
        cpu: |s| s.round_trip_cpu,
        colour: "#4e79a7",
    },
    Panel {
        title: "stream, µs per 4 KiB message (shorter is better)",
        wall: |s| s.stream,
        cpu: |s| s.stream_cpu,
        colour: "#f28e2b",
    },
];

/// The chart of `rows` (a mechanism's name and its summary); `caption` says
/// how it was measured.
pub fn svg(rows: &[(&str, &Summary)], caption: &str) -> String {
    const WIDTH: f64 = 860.0;
    const LABEL: f64 = 120.0;
    const BARS: f64 = 520.0;
    const ROW: f64 = 26.0;
    const GAP: f64 = 56.0;
    let panel_height = ROW * rows.len() as f64;
    let height = 84.0 + 2.0 * (panel_height + GAP) + 20.0;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" font-family="sans-serif" font-size="13">"#
    );
    let _ = writeln!(out, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(out, r#"<text x="10" y="24" font-size="16">ipclab lab 09: one exchange, eight mechanisms</text>"#);
    let _ = writeln!(out, r##"<text x="10" y="44" fill="#555">{}</text>"##, escape(caption));
    let _ = writeln!(
        out,
        r##"<text x="10" y="62" fill="#555">bar: median wall time; whisker: 10th to 90th percentile over the trials; thin dark bar: median CPU time of both processes</text>"##
    );
    let mut top = 84.0 + 20.0;
    for panel in &PANELS {
        let max = rows
            .iter()
            .map(|(_, s)| (panel.wall)(s).p90.max((panel.cpu)(s).p90))
            .fold(0.0_f64, f64::max)
            .max(f64::MIN_POSITIVE);
        let x = |v: f64| LABEL + v / max * BARS;
        let _ = writeln!(out, r#"<text x="{LABEL}" y="{}">{}</text>"#, top - 8.0, panel.title);
        for (i, (name, summary)) in rows.iter().enumerate() {
            let y = top + ROW * i as f64;
            let wall = (panel.wall)(summary);
            let cpu = (panel.cpu)(summary);
            let _ = writeln!(out, r#"<text x="10" y="{:.1}">{}</text>"#, y + ROW - 14.0, escape(name));
            let _ = writeln!(
                out,
                r#"<rect x="{LABEL}" y="{y:.1}" width="{:.1}" height="{:.1}" fill="{}"/>"#,
                (x(wall.median) - LABEL).max(1.0),
                ROW - 12.0,
                panel.colour
            );
            let _ = writeln!(
                out,
                r##"<rect x="{LABEL}" y="{:.1}" width="{:.1}" height="3" fill="#333"/>"##,
                y + ROW - 10.0,
                (x(cpu.median) - LABEL).max(1.0)
            );
            let mid = y + (ROW - 12.0) / 2.0;
            let _ = writeln!(
                out,
                r#"<path d="M{:.1} {:.1}V{:.1}M{:.1} {mid:.1}H{:.1}M{:.1} {:.1}V{:.1}" stroke="black" fill="none"/>"#,
                x(wall.p10),
                mid - 4.0,
                mid + 4.0,
                x(wall.p10),
                x(wall.p90),
                x(wall.p90),
                mid - 4.0,
                mid + 4.0
            );
            let _ = writeln!(
                out,
                r#"<text x="{:.1}" y="{:.1}">{:.1} ({:.1}–{:.1})</text>"#,
                x(wall.p90) + 6.0,
                y + ROW - 14.0,
                wall.median,
                wall.p10,
                wall.p90
            );
        }
        top += panel_height + GAP;
    }
    out.push_str("</svg>\n");
    out
}

/// Text safe inside an SVG element.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}
