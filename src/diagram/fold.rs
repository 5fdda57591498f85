//! Long runs made readable: rounds that repeat are drawn once with "× N",
//! and at most `limit` rows are drawn (the hang report is always drawn).
//!
//! Two steps are alike when they join the same lanes, with the same kind
//! of step, the same call, the same outcome (failed or not) and the same
//! part in the bars along the lanes; payloads and values may differ. A
//! block of up to [`MAX_BLOCK`] steps that comes [`MIN_TIMES`] or more
//! times in a row, alike step for step, and saves [`MIN_SAVED`] rows or
//! more, becomes one fold: the first round
//! drawn, and "× N". Greedy from the start, the block covering the most
//! steps first.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use super::model::{Diagram, LaneEnd, LaneKind, SpanKind, StepKind};
use crate::i18n::tr;

/// The longest block of steps looked for as a repeating round.
pub const MAX_BLOCK: usize = 24;
/// How many times in a row a block must come to be folded.
pub const MIN_TIMES: usize = 4;
/// How many rows a fold must save: three kills in a row stay three rows.
pub const MIN_SAVED: usize = 4;

/// A row of the drawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// One step.
    Step(usize),
    /// Steps left out by the limit.
    Gap { steps: usize },
}

/// Rounds drawn once: rows `first..first + len` stand for `times` rounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fold {
    pub first: usize,
    pub len: usize,
    pub times: usize,
    /// Each round made and ended objects of its own (a pipe a round): the
    /// later rounds' objects are not drawn.
    pub fresh: bool,
}

impl Fold {
    /// What the fold stands for, in words (the fold's tooltip).
    pub fn says(&self) -> String {
        if self.fresh {
            tr!("diagram-fold-says-fresh", steps = self.len, times = self.times)
        } else {
            tr!("diagram-fold-says", steps = self.len, times = self.times)
        }
    }
}

/// What is drawn: the rows, the folds among them, and for each step the
/// row that stands for it.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    pub rows: Vec<Row>,
    pub folds: Vec<Fold>,
    /// For each step, its row (a step of a folded round: the row of the
    /// step it repeats; a step past the limit: the gap).
    pub row_of: Vec<usize>,
    /// For each step, whether it is drawn itself (not a repeat, not cut).
    pub drawn: Vec<bool>,
    /// The limit that cut the drawing, if it did.
    pub cut: Option<usize>,
}

/// An object whose whole life, creation to end, fits in a round: a round
/// that makes a pipe and closes it, again and again, is alike round after
/// round, each with its own pipe. An object that outlived the run is never
/// such: each leak is drawn.
fn transient(d: &Diagram, lane: usize) -> bool {
    let Some(l) = d.lanes.get(lane) else { return false };
    matches!(l.kind, LaneKind::Object(_))
        && matches!(l.end, LaneEnd::Gone(_))
        && l.last >= l.first
        && l.last - l.first < MAX_BLOCK
}

/// How a step names a lane in its signature: a transient object by its
/// kind and how many steps ago it appeared, any other lane by itself.
fn lane_sig(d: &Diagram, lane: usize, step: usize) -> (usize, usize) {
    if transient(d, lane) {
        let kind = match d.lanes[lane].kind {
            LaneKind::Object(k) => k as usize,
            LaneKind::Process | LaneKind::Tracer => 0,
        };
        (usize::MAX - kind, step.saturating_sub(d.lanes[lane].first))
    } else {
        (lane, 0)
    }
}

/// What makes two steps alike.
fn signatures(d: &Diagram) -> Vec<u64> {
    let mut marks = vec![0u16; d.steps.len()];
    for sp in &d.spans {
        let bit = match sp.kind {
            SpanKind::Blocked => 1,
            SpanKind::Hung => 2,
            SpanKind::Handler => 4,
            SpanKind::Zombie => 8,
            SpanKind::Delayed => 16,
        };
        marks[sp.from] |= bit;
        marks[sp.to] |= bit << 8;
    }
    d.steps
        .iter()
        .zip(&marks)
        .enumerate()
        .map(|(i, (s, m))| {
            let mut h = DefaultHasher::new();
            let to = s.to.map(|t| lane_sig(d, t, i));
            (lane_sig(d, s.lane, i), to, s.kind, &s.call, s.failed, m).hash(&mut h);
            h.finish()
        })
        .collect()
}

/// Steps that are never folded away: they happen once.
fn unique(kind: StepKind) -> bool {
    matches!(kind, StepKind::Hang | StepKind::HangWait | StepKind::Exit | StepKind::Spawn)
}

/// The rows of `d`, repeated rounds folded, cut after `limit` rows.
pub fn view(d: &Diagram, limit: usize) -> View {
    let sig = signatures(d);
    let n = sig.len();
    let mut rows = Vec::new();
    let mut folds = Vec::new();
    let mut row_of = vec![0usize; n];
    let mut drawn = vec![false; n];
    let mut i = 0;
    while i < n {
        let mut best: Option<(usize, usize)> = None;
        if !unique(d.steps[i].kind) {
            for len in 1..=MAX_BLOCK.min((n - i) / MIN_TIMES) {
                if (i..i + len).any(|j| unique(d.steps[j].kind)) {
                    break;
                }
                let mut times = 1;
                while i + (times + 1) * len <= n && sig[i + times * len..i + (times + 1) * len] == sig[i..i + len] {
                    times += 1;
                }
                let saves = len * (times - 1);
                if times >= MIN_TIMES && saves >= MIN_SAVED && best.is_none_or(|(bl, bt)| len * times > bl * bt) {
                    best = Some((len, times));
                }
            }
        }
        match best {
            Some((len, times)) => {
                let first = rows.len();
                for j in 0..len {
                    rows.push(Row::Step(i + j));
                    drawn[i + j] = true;
                }
                for k in 0..len * times {
                    row_of[i + k] = first + k % len;
                }
                let fresh = (i..i + len).any(|j| {
                    let st = &d.steps[j];
                    transient(d, st.lane) || st.to.is_some_and(|t| transient(d, t))
                });
                folds.push(Fold { first, len, times, fresh });
                i += len * times;
            }
            None => {
                row_of[i] = rows.len();
                drawn[i] = true;
                rows.push(Row::Step(i));
                i += 1;
            }
        }
    }
    let mut v = View { rows, folds, row_of, drawn, cut: None };
    if v.rows.len() > limit {
        cut(&mut v, d, limit);
    }
    v
}

/// Keeps the first `limit` rows and the hang report, with a gap between.
fn cut(v: &mut View, d: &Diagram, limit: usize) {
    let tail: Vec<usize> = v.rows[limit..]
        .iter()
        .filter_map(|r| match r {
            Row::Step(s) if matches!(d.steps[*s].kind, StepKind::Hang | StepKind::HangWait) => Some(*s),
            _ => None,
        })
        .collect();
    let last_kept = v.rows[..limit].iter().rev().find_map(|r| match r {
        Row::Step(s) => Some(*s),
        Row::Gap { .. } => None,
    });
    let first_cut = last_kept.map_or(0, |s| s + 1);
    let hidden = d.steps.len() - first_cut - tail.len();
    v.rows.truncate(limit);
    v.folds.retain(|f| f.first + f.len <= limit);
    let gap = v.rows.len();
    v.rows.push(Row::Gap { steps: hidden });
    for s in first_cut..d.steps.len() {
        v.row_of[s] = gap;
        v.drawn[s] = false;
    }
    for s in tail {
        v.row_of[s] = v.rows.len();
        v.drawn[s] = true;
        v.rows.push(Row::Step(s));
    }
    v.cut = Some(limit);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::model::{Step, StepKind};

    fn step(lane: usize, call: &str) -> Step {
        Step {
            lane,
            to: Some(9),
            kind: StepKind::Sem,
            call: call.into(),
            label: String::new(),
            detail: String::new(),
            failed: false,
            note: Vec::new(),
            time: 0.0,
        }
    }

    fn diagram(calls: &[(usize, &str)]) -> Diagram {
        Diagram { steps: calls.iter().map(|&(l, c)| step(l, c)).collect(), ..Default::default() }
    }

    #[test]
    fn rounds_alike_step_for_step_fold_into_one_with_their_count() {
        let mut calls = vec![(0, "semget")];
        for _ in 0..500 {
            calls.extend([(0, "semop"), (1, "semop")]);
        }
        calls.push((0, "semctl"));
        let v = view(&diagram(&calls), 1000);
        assert_eq!(v.rows.len(), 4, "{:?}", v.rows);
        assert_eq!(v.folds, [Fold { first: 1, len: 2, times: 500, fresh: false }]);
        assert_eq!(v.row_of[1000], 2, "the last round's second step is drawn as the first round's");
        assert_eq!(v.row_of[1001], 3);
    }

    /// `rounds` rounds of one process making a pipe, writing, reading and
    /// closing it: a new pipe lane each round, ending as `end` says.
    fn pipe_a_round(rounds: usize, end: LaneEnd) -> Diagram {
        use crate::diagram::model::{Lane, ObjKind};
        let mut d = Diagram::default();
        let lane = |kind, first, last, end| Lane { kind, title: String::new(), name: String::new(), first, last, end };
        d.lanes.push(lane(LaneKind::Process, 0, 4 * rounds, LaneEnd::Open));
        for r in 0..rounds {
            let pipe = d.lanes.len();
            d.lanes.push(lane(LaneKind::Object(ObjKind::Pipe), 4 * r, 4 * r + 3, end.clone()));
            for (kind, call) in [
                (StepKind::Create, "pipe2"),
                (StepKind::Put, "write"),
                (StepKind::Get, "read"),
                (StepKind::Close, "close"),
            ] {
                d.steps.push(Step { lane: 0, to: Some(pipe), kind, ..step(0, call) });
            }
        }
        d.steps.push(Step { lane: 0, to: None, kind: StepKind::Exit, ..step(0, "exit") });
        d
    }

    #[test]
    fn rounds_that_each_make_their_own_object_fold_and_say_so() {
        let d = pipe_a_round(300, LaneEnd::Gone("freed".into()));
        let v = view(&d, 1000);
        assert_eq!(v.folds, [Fold { first: 0, len: 4, times: 300, fresh: true }]);
        assert_eq!(v.rows.len(), 5, "one round and the exit");
        assert!(v.folds[0].says().contains("new objects of its own"), "{}", v.folds[0].says());
        // Each round leaking its pipe: every leak is drawn, nothing folds.
        let leaks = pipe_a_round(300, LaneEnd::Leaked { cleaned: false, cleanup: None });
        assert!(view(&leaks, 100_000).folds.is_empty());
    }

    #[test]
    fn three_rounds_alike_are_not_folded_nor_four_single_steps() {
        let v = view(&diagram(&[(0, "a"), (1, "b"), (0, "a"), (1, "b")]), 1000);
        assert_eq!(v.rows.len(), 4);
        assert!(v.folds.is_empty());
        let v = view(&diagram(&[(0, "kill"), (0, "kill"), (0, "kill"), (0, "kill")]), 1000);
        assert!(v.folds.is_empty(), "four kills stay four rows: a fold must save more");
        let three: Vec<(usize, &str)> = [(0, "snd"), (1, "rcv")].repeat(3);
        assert!(view(&diagram(&three), 1000).folds.is_empty(), "three rounds stay, as a lesson shows them");
    }

    #[test]
    fn the_limit_keeps_the_first_rows_and_says_how_many_steps_it_left_out() {
        let calls: Vec<(usize, String)> = (0..50).map(|i| (0, format!("call{i}"))).collect();
        let calls: Vec<(usize, &str)> = calls.iter().map(|(l, c)| (*l, c.as_str())).collect();
        let v = view(&diagram(&calls), 10);
        assert_eq!(v.rows.len(), 11);
        assert_eq!(v.rows[10], Row::Gap { steps: 40 });
        assert_eq!(v.cut, Some(10));
    }
}
