//! Excludes1 pairs: two conditions that are never coded together ("NOT CODED HERE"), such as
//! type 1 and type 2 diabetes. A note applies to the code it is written under and to everything
//! below it (a note under category E11 governs E11.9), and it names the excluded codes with
//! their subdivisions (E10.- covers E10.9). So a pair is excluded when a note on either code or
//! on one of its ancestors (subcategory, category, section, chapter) names the other code or
//! one of the other code's ancestors.

use crate::code;
use crate::lookup::Resolved;
use crate::table::NONE;
use crate::CodeSet;

/// An Excludes1 note that forbids coding two codes together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The code (as given, normalised) under whose hierarchy the note is written.
    pub code: String,
    /// The other code, which the note names.
    pub excluded: String,
    /// Where the note is written: a code ("E11"), a section ("E08-E13") or "chapter N".
    pub note_on: String,
    /// The note as printed in the tabular list, e.g. "type 1 diabetes mellitus (E10.-)".
    pub text: &'static str,
}

impl CodeSet {
    /// The Excludes1 note that says `a` and `b` may not be coded together, if any. Codes not in
    /// the code set (see [`CodeSet::validate`]) have no notes and give `None`.
    pub fn excludes1(&self, a: &str, b: &str) -> Option<Note> {
        let a = self.placed(a)?;
        let b = self.placed(b)?;
        self.note_covering(&a, &b)
            .or_else(|| self.note_covering(&b, &a))
    }

    /// A note on `holder` or its ancestors that names `other`.
    fn note_covering(&self, holder: &Placed, other: &Placed) -> Option<Note> {
        let mut at = holder.entry;
        while at != NONE {
            let node = &self.nodes[at as usize];
            let (start, end) = node.notes;
            for note in &self.notes[start as usize..end as usize] {
                if note.refs.iter().any(|r| r.covers(&other.key)) {
                    let note_on = match node.status {
                        crate::table::Status::Chapter => format!("chapter {}", node.label),
                        _ => node.label.to_string(),
                    };
                    return Some(Note {
                        code: code::dotted(&holder.key),
                        excluded: code::dotted(&other.key),
                        note_on,
                        text: note.text,
                    });
                }
            }
            at = node.parent;
        }
        None
    }

    /// Where a written code sits: its table entry (the base code for a 7th-character code) and
    /// its full undotted key.
    fn placed(&self, written: &str) -> Option<Placed> {
        match self.resolve(written) {
            Resolved::Entry(i) => Some(Placed {
                entry: i,
                key: code::undotted(self.nodes[i as usize].label),
            }),
            Resolved::Extended { base, seventh, .. } => Some(Placed {
                entry: base,
                key: code::with_seventh(&code::undotted(self.nodes[base as usize].label), seventh),
            }),
            _ => None,
        }
    }
}

struct Placed {
    entry: u32,
    key: String,
}
