//! The diagram as Mermaid `sequenceDiagram` text (GitHub draws it in a
//! README or an issue): a participant per lane, an arrow or a note per
//! step, `loop × N` for folded rounds, `activate` bars for blocked calls
//! and handlers, notes for ends, leaks and the hang report.

use std::fmt::Write as _;

use super::fold::{Row, View};
use super::model::{Diagram, LaneEnd, SpanKind, StepKind};
use crate::i18n::tr;

/// Text made safe for a Mermaid message or note: `#`, `;`, `<` and `>`
/// as Mermaid's entity codes, no line breaks.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '#' => out.push_str("#35;"),
            ';' => out.push_str("#59;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '\n' | '\r' => out.push(' '),
            '%' => out.push_str("#37;"),
            c => out.push(c),
        }
    }
    out
}

pub fn mermaid(d: &Diagram, v: &View) -> String {
    let mut s = String::from("sequenceDiagram\n");
    let mut used = vec![false; d.lanes.len()];
    for r in &v.rows {
        if let Row::Step(i) = r {
            used[d.steps[*i].lane] = true;
            if let Some(t) = d.steps[*i].to {
                used[t] = true;
            }
        }
    }
    for (i, l) in d.lanes.iter().enumerate().filter(|(i, _)| used[*i]) {
        let _ = writeln!(s, "    participant L{i} as {}", escape(&format!("{}: {}", l.title, l.name)));
    }
    // Which spans open and close at each row (only those within one fold
    // context, so that activations stay balanced).
    let fold_of = |row: usize| v.folds.iter().position(|f| row >= f.first && row < f.first + f.len);
    let mut opens: Vec<Vec<usize>> = vec![Vec::new(); v.rows.len()];
    let mut closes: Vec<Vec<usize>> = vec![Vec::new(); v.rows.len()];
    // A bar of a round drawn once is drawn once: the later rounds' bars
    // fall on the same rows, and Mermaid would nest them one in another.
    let mut seen = std::collections::HashSet::new();
    for sp in &d.spans {
        if !used[sp.lane]
            || !matches!(sp.kind, SpanKind::Blocked | SpanKind::Hung | SpanKind::Handler | SpanKind::Delayed)
        {
            continue;
        }
        if !v.drawn[sp.from] && !v.drawn[sp.to] {
            continue;
        }
        let (a, b) = (v.row_of[sp.from], v.row_of[sp.to]);
        if a < b && fold_of(a) == fold_of(b) && !matches!(v.rows[b], Row::Gap { .. }) && seen.insert((sp.lane, a, b)) {
            opens[a].push(sp.lane);
            closes[b].push(sp.lane);
        }
    }
    let mut depth = 1;
    for (r, row) in v.rows.iter().enumerate() {
        if let Some(f) = v.folds.iter().find(|f| f.first == r) {
            let rounds = if f.fresh {
                tr!("diagram-mermaid-loop-fresh", times = f.times)
            } else {
                tr!("diagram-mermaid-loop", times = f.times)
            };
            let _ = writeln!(s, "{}loop {}", "    ".repeat(depth), escape(&rounds));
            depth += 1;
        }
        let pad = "    ".repeat(depth);
        for &lane in &opens[r] {
            let _ = writeln!(s, "{pad}activate L{lane}");
        }
        match row {
            Row::Gap { steps } => {
                let first = used.iter().position(|&u| u).unwrap_or(0);
                let last = used.iter().rposition(|&u| u).unwrap_or(first);
                let _ = writeln!(
                    s,
                    "{pad}Note over L{first},L{last}: {}",
                    escape(&tr!("diagram-mermaid-gap", steps = *steps, limit = v.cut.unwrap_or(0)))
                );
            }
            Row::Step(i) => step(&mut s, d, *i, &pad, &used),
        }
        for &lane in &closes[r] {
            let _ = writeln!(s, "{pad}deactivate L{lane}");
        }
        if let Some(_f) = v.folds.iter().find(|f| f.first + f.len == r + 1) {
            depth -= 1;
            let _ = writeln!(s, "{}end", "    ".repeat(depth));
        }
    }
    for (i, l) in d.lanes.iter().enumerate().filter(|(i, _)| used[*i]) {
        match &l.end {
            LaneEnd::Leaked { cleaned, cleanup } => {
                let how = match (cleaned, cleanup) {
                    (true, _) => tr!("diagram-leak-cleaned"),
                    (false, Some(c)) => tr!("diagram-leak-remove-with", command = c),
                    (false, None) => tr!("diagram-leak-nobody"),
                };
                let _ = writeln!(s, "    Note over L{i}: {}", escape(&tr!("diagram-mermaid-leaked", how = how)));
            }
            LaneEnd::Gone(text) => {
                let _ = writeln!(s, "    Note over L{i}: {}", escape(text));
            }
            _ => {}
        }
    }
    s
}

fn step(s: &mut String, d: &Diagram, i: usize, pad: &str, used: &[bool]) {
    let st = &d.steps[i];
    let label = escape(&st.label);
    match (st.kind, st.to.filter(|&t| t != st.lane)) {
        (StepKind::Hang, _) => {
            let first = used.iter().position(|&u| u).unwrap_or(0);
            let last = used.iter().rposition(|&u| u).unwrap_or(first);
            let text: Vec<String> = st.note.iter().map(|l| escape(l.trim())).collect();
            let _ = writeln!(s, "{pad}Note over L{first},L{last}: {}", text.join("<br/>"));
        }
        (kind, Some(t)) => {
            let (from, to) = if kind.reversed() { (t, st.lane) } else { (st.lane, t) };
            let arrow = match kind {
                StepKind::Send => "-)",
                StepKind::Close | StepKind::HangWait => "-->>",
                _ => "->>",
            };
            let _ = writeln!(s, "{pad}L{from}{arrow}L{to}: {label}");
        }
        (_, None) => {
            let _ = writeln!(s, "{pad}Note right of L{}: {label}", st.lane);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::diagram::fold;
    use crate::diagram::model::{Lane, LaneEnd, LaneKind, ObjKind, Span, Step};

    fn lane(kind: LaneKind, title: &str) -> Lane {
        Lane { kind, title: title.into(), name: String::new(), first: 0, last: 0, end: LaneEnd::Open }
    }

    fn sem(lane: usize, call: &str) -> Step {
        Step {
            lane,
            to: Some(2),
            kind: StepKind::Sem,
            call: call.into(),
            label: call.into(),
            detail: String::new(),
            failed: false,
            note: Vec::new(),
            time: 0.0,
        }
    }

    #[test]
    fn a_bar_of_a_folded_round_is_one_activation_not_one_per_round() {
        // Ten rounds: 0 takes the semaphore while 1 waits in its P, 0 gives
        // it back and 1's P returns. Each round has its bar on lane 1.
        let mut d = Diagram {
            lanes: vec![
                lane(LaneKind::Process, "pid 1"),
                lane(LaneKind::Process, "pid 2"),
                lane(LaneKind::Object(ObjKind::SemSet), "SysV semaphores"),
            ],
            ..Default::default()
        };
        for round in 0..10 {
            let at = d.steps.len();
            d.steps.extend([sem(0, "P"), sem(0, "V"), sem(1, "P"), sem(1, "V")]);
            d.spans.push(Span { lane: 1, from: at, to: at + 2, kind: SpanKind::Blocked, label: format!("{round}") });
        }
        let v = fold::view(&d, 1000);
        assert_eq!(v.folds.len(), 1, "{:?}", v.folds);
        let text = mermaid(&d, &v);
        assert_eq!(text.matches("activate L1").count() - text.matches("deactivate L1").count(), 1, "{text}");
        assert_eq!(text.matches("deactivate L1").count(), 1, "{text}");
        assert!(text.contains("loop × 10 rounds"), "{text}");
    }

    #[test]
    fn text_that_mermaid_reads_as_syntax_is_escaped() {
        assert_eq!(escape("write \"a;b#c\" <x>\n"), "write \"a#59;b#35;c\" #lt;x#gt; ");
    }
}
