//! The ledger at the end of the run: the fate of every object the run
//! created, decided for those no call ended (still there: leaked), and,
//! with cleanup, the leaks removed (only while they are still the run's).

use super::KernelView;
use crate::event::EventKind;
use crate::event::kernel::{Fate, LedgerEntry, LedgerSummary};
use crate::kernel::journal::Record;
use crate::kernel::ledger::Presence;

impl KernelView {
    /// The ledger entries, after deciding the fate of what no call ended.
    pub(super) fn ledger(&mut self, out: &mut Vec<EventKind>) {
        let (folded, folded_count) = self.objects.folded();
        let mut summary = LedgerSummary { objects: folded_count, leaked: 0, cleaned: 0, folded: folded.to_vec() };
        for i in self.objects.indices() {
            let Some(created_by) = self.objects[i].created_by.clone() else { continue };
            summary.objects += 1;
            let t = &self.objects[i];
            let fate = match (&t.fate, &t.evidence) {
                (Some(f), _) => f.clone(),
                (None, Some(ev)) => match ev.presence() {
                    Ok(Presence::Same) => {
                        summary.leaked += 1;
                        let mut cleaned = false;
                        if self.cleanup {
                            match ev.remove() {
                                Ok(Presence::Same) => cleaned = true,
                                Ok(_) => {}
                                Err(e) => self.notes.push(crate::tr!(
                                    self.lang,
                                    "note-cleanup-failed",
                                    object = ev.to_string(),
                                    error = e.to_string()
                                )),
                            }
                        }
                        Fate::Leaked { cleaned }
                    }
                    Ok(Presence::Gone) => Fate::Ended,
                    Ok(Presence::Other(why)) => {
                        let why = why.message(self.lang);
                        self.notes.push(crate::tr!(self.lang, "note-not-the-runs", object = ev.to_string(), why = why));
                        Fate::Ended
                    }
                    Err(e) => {
                        let (object, error) = (ev.to_string(), e.to_string());
                        self.notes.push(crate::tr!(self.lang, "note-cannot-tell", object = object, error = error));
                        Fate::Ended
                    }
                },
                (None, None) => Fate::Ended,
            };
            if let Fate::Leaked { cleaned: true } = fate {
                summary.cleaned += 1;
                if let (Some(evidence), Some(j)) = (self.objects[i].evidence.clone(), self.journal.as_mut()) {
                    j.append(&Record::Removed { evidence });
                }
            }
            let t = &self.objects[i];
            let cleanup = match (&fate, &t.evidence) {
                (Fate::Leaked { cleaned: false }, Some(ev)) => Some(ev.cleanup_command()),
                _ => None,
            };
            out.push(EventKind::Ledger(LedgerEntry {
                kind: t.kind,
                name: t.name.clone(),
                id: t.id,
                key: t.sysv_key,
                path: t.path.clone(),
                created_by,
                used_by: t.used_by.iter().copied().collect(),
                fate,
                cleanup,
                passed: t.passed.clone(),
            }));
        }
        self.take_notes(out);
        let anything_left = summary.leaked > summary.cleaned;
        out.push(EventKind::LedgerEnd(summary));
        if let Some(j) = self.journal.as_mut() {
            j.finish(anything_left);
        }
    }
}
