//! The diagram as one self-contained HTML page: the SVG inline and a small
//! inline script. Hover a step for its whole call and kernel line; choose a
//! lane to see only the steps that touch it; step forward and back through
//! the rows (buttons, or the arrow keys). The page's Content-Security-Policy
//! forbids fetching anything, so it works offline and leaks nothing.

use super::fold::View;
use super::model::Diagram;
use super::svg::{SANS, summary, svg};
use super::text::xml;
use crate::i18n::tr;

/// A message with numbers the script fills in, as a JavaScript expression
/// that joins its text and those numbers: `row { $row } of { $rows }`
/// with `(i + 1)` and `steps.length` is `"row " + (i + 1) + " of " +
/// steps.length`. `message` is the message with each argument given as
/// `\u{1}NAME\u{1}`; `values` maps each NAME to its expression.
fn js_text(message: &str, values: &[(&str, &str)]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for (i, piece) in message.split('\u{1}').enumerate() {
        if i % 2 == 1 {
            let expr = values.iter().find(|(name, _)| *name == piece).map_or("\"\"", |(_, e)| e);
            parts.push(expr.to_string());
        } else if !piece.is_empty() {
            let mut lit = String::from("\"");
            for c in piece.chars() {
                match c {
                    '"' => lit.push_str("\\\""),
                    '\\' => lit.push_str("\\\\"),
                    '<' => lit.push_str("\\u003c"),
                    '\n' => lit.push_str("\\n"),
                    c => lit.push(c),
                }
            }
            lit.push('"');
            parts.push(lit);
        }
    }
    // Two numbers first would be added, not joined.
    if parts.len() < 2 || !parts[0].starts_with('"') && !parts[1].starts_with('"') {
        parts.insert(0, "\"\"".to_string());
    }
    parts.join(" + ")
}

/// The script, its words in the language of this run.
fn script() -> String {
    let row = "\u{1}row\u{1}";
    let rows = "\u{1}rows\u{1}";
    let position =
        js_text(&tr!("diagram-html-position", row = row, rows = rows), &[("row", "(i + 1)"), ("rows", "steps.length")]);
    let count = js_text(&tr!("diagram-html-rows", rows = rows), &[("rows", "steps.length")]);
    SCRIPT.replace("@POSITION@", &position).replace("@ROWS@", &count)
}

const SCRIPT: &str = r##"
(function () {
  "use strict";
  var svg = document.querySelector("#canvas svg");
  var steps = Array.prototype.slice.call(svg.querySelectorAll("g.step"));
  var info = document.getElementById("info");
  var tip = document.getElementById("tip");
  var pos = document.getElementById("pos");
  var filter = document.getElementById("filter");
  // The full record of each step moves from its <title> (the SVG's own
  // tooltip) into the page's.
  steps.forEach(function (g) {
    var t = g.querySelector("title");
    g.dataset.detail = t ? t.textContent : "";
    if (t) { t.remove(); }
  });
  Array.prototype.slice.call(svg.querySelectorAll("g.lane-header")).forEach(function (h) {
    var o = document.createElement("option");
    o.value = h.dataset.lane;
    o.textContent = h.dataset.label;
    filter.appendChild(o);
  });
  var current = -1;
  function visible(g) { return !g.classList.contains("dim"); }
  function show(g) {
    info.textContent = g.dataset.detail;
  }
  function go(i) {
    if (current >= 0) { steps[current].classList.remove("current"); }
    current = i;
    var g = steps[i];
    g.classList.add("current");
    show(g);
    pos.textContent = @POSITION@;
    g.scrollIntoView({ block: "center", inline: "nearest" });
  }
  function move(by) {
    var i = current;
    for (;;) {
      i += by;
      if (i < 0 || i >= steps.length) { return; }
      if (visible(steps[i])) { go(i); return; }
    }
  }
  document.getElementById("next").addEventListener("click", function () { move(1); });
  document.getElementById("prev").addEventListener("click", function () { move(-1); });
  document.addEventListener("keydown", function (e) {
    if (e.target === filter) { return; }
    if (e.key === "ArrowRight" || e.key === "ArrowDown" || e.key === "j") { move(1); e.preventDefault(); }
    if (e.key === "ArrowLeft" || e.key === "ArrowUp" || e.key === "k") { move(-1); e.preventDefault(); }
  });
  filter.addEventListener("change", function () {
    var lane = filter.value;
    var shown = 0;
    steps.forEach(function (g) {
      var on = lane === "" || g.dataset.lanes.split(" ").indexOf(lane) >= 0;
      g.classList.toggle("dim", !on);
      if (on) { shown += 1; }
    });
    Array.prototype.slice.call(svg.querySelectorAll("[data-lane]")).forEach(function (e) {
      if (e.tagName === "OPTION") { return; }
      e.classList.toggle("dim", lane !== "" && e.dataset.lane !== lane);
    });
    document.body.dataset.shown = String(shown);
  });
  svg.addEventListener("mousemove", function (e) {
    var g = e.target.closest ? e.target.closest("g.step") : null;
    if (!g) { tip.hidden = true; return; }
    tip.textContent = g.dataset.detail;
    tip.hidden = false;
    var x = Math.min(e.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
    var y = e.clientY + 16;
    if (y + tip.offsetHeight > window.innerHeight) { y = e.clientY - tip.offsetHeight - 12; }
    tip.style.left = Math.max(4, x) + "px";
    tip.style.top = Math.max(4, y) + "px";
  });
  svg.addEventListener("mouseleave", function () { tip.hidden = true; });
  svg.addEventListener("click", function (e) {
    var g = e.target.closest ? e.target.closest("g.step") : null;
    if (g) { go(steps.indexOf(g)); }
  });
  pos.textContent = @ROWS@;
  document.body.dataset.steps = String(steps.length);
  document.body.dataset.ready = "yes";
})();
"##;

pub fn html(d: &Diagram, v: &View) -> String {
    let title = xml(&summary(d));
    let body = svg(d, v);
    let lang = crate::lang::current().code();
    let (show, every, back, forward, help) = (
        xml(&tr!("diagram-html-show")),
        xml(&tr!("diagram-html-every-lane")),
        xml(&tr!("diagram-html-back")),
        xml(&tr!("diagram-html-forward")),
        xml(&tr!("diagram-html-help")),
    );
    let script = script();
    format!(
        r#"<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ margin: 0; font-family: {SANS}; color: #212529; background: #f8f9fa; }}
header {{ position: sticky; top: 0; z-index: 2; background: #ffffff; border-bottom: 1px solid #dee2e6; padding: 8px 16px; display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }}
header h1 {{ font-size: 15px; margin: 0; flex: 1 1 auto; }}
header button, header select {{ font: inherit; font-size: 13px; padding: 3px 8px; }}
#pos {{ font-size: 13px; color: #495057; min-width: 8em; text-align: center; }}
#canvas {{ overflow: auto; padding: 8px; }}
#canvas svg {{ background: #ffffff; box-shadow: 0 1px 3px rgba(0,0,0,.15); }}
#info {{ position: sticky; bottom: 0; background: #212529; color: #f8f9fa; font-family: ui-monospace, 'DejaVu Sans Mono', monospace; font-size: 12.5px; white-space: pre-wrap; padding: 8px 16px; min-height: 3.2em; max-height: 30vh; overflow: auto; margin: 0; }}
#tip {{ position: fixed; z-index: 3; max-width: 720px; background: #fffbe6; border: 1px solid #e67700; padding: 6px 8px; font-family: ui-monospace, 'DejaVu Sans Mono', monospace; font-size: 12px; white-space: pre-wrap; pointer-events: none; box-shadow: 0 2px 6px rgba(0,0,0,.2); }}
g.step {{ cursor: pointer; }}
g.step:hover line, g.step.current line {{ stroke-width: 4; }}
g.step.current text.lbl {{ font-weight: bold; }}
g.step.current {{ outline: 2px solid #1c7ed6; }}
.dim {{ opacity: 0.12; }}
</style>
</head>
<body>
<header>
<h1>{title}</h1>
<label>{show} <select id="filter"><option value="">{every}</option></select></label>
<button id="prev" type="button">{back}</button><span id="pos"></span><button id="next" type="button">{forward}</button>
</header>
<main id="canvas">
{body}</main>
<pre id="info">{help}</pre>
<div id="tip" hidden></div>
<script>{script}</script>
</body>
</html>
"#
    )
}
