//! Finding a code as a coder wrote it. Codes with a 7th character (S72.001A) are not rows of
//! the table: they are computed from their base code and the 7th-character set it inherits, so
//! this module decides what a written code is (a table entry, a base plus a valid or invalid
//! 7th character, a code with its placeholder `X` missing) and describes it as [`CodeInfo`].

use crate::code::{self, MAX_LEN};
use crate::table::{Status, NONE};
use crate::CodeSet;

/// What a code is in the hierarchy of the tabular list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    /// Three characters (E11, I10); billable only when it has no subdivisions (I10).
    Category,
    /// Four to six characters with subdivisions (E11.6, S72.00).
    Subcategory,
    /// A complete code: a leaf, with its 7th character when one applies (E11.9, S72.001A).
    Code,
    /// A level the source lists only to carry the placeholder `X` (T36.0X); not a code.
    Placeholder,
}

/// Why a code in the table cannot be put on a claim as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotBillable {
    /// A category or subcategory: a more specific code must be used, e.g. `example`.
    HasSubdivisions { example: String },
    /// A leaf that is complete only with one of these 7th characters (value, meaning).
    SeventhCharacterRequired { allowed: Vec<(char, String)> },
    /// A placeholder level, not a code; e.g. `example` is.
    Placeholder { example: String },
}

/// The 7th character of a code and what it means for this code's category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeventhCharacter {
    pub character: char,
    /// e.g. "initial encounter for closed fracture".
    pub meaning: String,
}

/// What the code set says about one code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeInfo {
    /// Official dotted form, upper case ("E11.9", "S72.001A").
    pub code: String,
    /// Tabular description; for a 7th-character code, the base description followed by the
    /// meaning of the 7th character.
    pub description: String,
    pub billable: bool,
    pub kind: CodeKind,
    /// Why it is not billable; `None` when it is.
    pub not_billable: Option<NotBillable>,
    /// The 7th character, for codes that have one.
    pub seventh_character: Option<SeventhCharacter>,
    /// The section of the tabular list the code belongs to ("E08-E13").
    pub section: &'static str,
}

/// A written code, resolved against the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// A row of the table.
    Entry(u32),
    /// A base code (needing a 7th character) with a valid 7th character.
    Extended {
        base: u32,
        seventh: char,
        meaning: &'static str,
    },
    /// A base code with a 7th character its set does not allow.
    InvalidSeventh {
        base: u32,
        given: char,
    },
    /// The placeholder `X`s are missing or misplaced; `base` plus `seventh` is what was meant.
    MissingPlaceholder {
        base: u32,
        seventh: char,
    },
    Unknown,
}

impl CodeSet {
    /// The code, written with or without the dot in any case ("e119" is "E11.9"), or `None`
    /// when it is not in the code set (including a 7th character the code does not take; see
    /// [`CodeSet::validate`] for why a code is refused).
    pub fn lookup(&self, code: &str) -> Option<CodeInfo> {
        match self.resolve(code) {
            Resolved::Entry(i) => Some(self.entry_info(i)),
            Resolved::Extended {
                base,
                seventh,
                meaning,
            } => {
                let node = &self.nodes[base as usize];
                Some(CodeInfo {
                    code: code::dotted(&code::with_seventh(&code::undotted(node.label), seventh)),
                    description: format!("{}, {meaning}", node.desc),
                    billable: true,
                    kind: CodeKind::Code,
                    not_billable: None,
                    seventh_character: Some(SeventhCharacter {
                        character: seventh,
                        meaning: meaning.to_string(),
                    }),
                    section: self.section_of(base),
                })
            }
            _ => None,
        }
    }

    /// True when `code` carries the 7th character its category defines as "sequela" (S in
    /// injury and poisoning chapters). False for other codes and for codes not in the set.
    pub fn is_sequela(&self, code: &str) -> bool {
        match self.resolve(code) {
            Resolved::Extended { meaning, .. } => {
                meaning.trim().to_ascii_lowercase().starts_with("sequela")
            }
            _ => false,
        }
    }

    /// Every billable code in tabular order, with 7th characters applied (S72.001A, S72.001B...).
    pub fn billable_codes(&self) -> impl Iterator<Item = String> + '_ {
        self.nodes.iter().flat_map(move |node| match node.status {
            Status::Billable => vec![node.label.to_string()],
            Status::NeedsSeventh(set) => {
                let base = code::undotted(node.label);
                self.sevenths[set as usize]
                    .iter()
                    .map(|(c, _)| code::dotted(&code::with_seventh(&base, *c)))
                    .collect()
            }
            _ => Vec::new(),
        })
    }

    fn entry_info(&self, i: u32) -> CodeInfo {
        let node = &self.nodes[i as usize];
        let kind = self.kind(i);
        let not_billable = match node.status {
            Status::Billable => None,
            Status::NeedsSeventh(set) => Some(NotBillable::SeventhCharacterRequired {
                allowed: self.allowed(set),
            }),
            Status::Placeholder => Some(NotBillable::Placeholder {
                example: self.example_under(i),
            }),
            _ => Some(NotBillable::HasSubdivisions {
                example: self.example_under(i),
            }),
        };
        CodeInfo {
            code: node.label.to_string(),
            description: node.desc.to_string(),
            billable: not_billable.is_none(),
            kind,
            not_billable,
            seventh_character: None,
            section: self.section_of(i),
        }
    }

    pub(crate) fn kind(&self, i: u32) -> CodeKind {
        let node = &self.nodes[i as usize];
        match node.status {
            Status::Placeholder => CodeKind::Placeholder,
            _ if code::undotted(node.label).len() == 3 => CodeKind::Category,
            Status::Billable | Status::NeedsSeventh(_) => CodeKind::Code,
            _ => CodeKind::Subcategory,
        }
    }

    /// The 7th characters of set `set`, with their meanings.
    pub(crate) fn allowed(&self, set: u32) -> Vec<(char, String)> {
        self.sevenths[set as usize]
            .iter()
            .map(|(c, m)| (*c, m.to_string()))
            .collect()
    }

    /// A billable code under entry `i` to suggest: following subdivisions, the one ending in 9
    /// (usually "unspecified"/"other") or else the first, down to a leaf; with the first
    /// 7th character when one is needed.
    pub(crate) fn example_under(&self, i: u32) -> String {
        let mut at = i as usize;
        loop {
            let node = &self.nodes[at];
            match node.status {
                Status::Billable => return node.label.to_string(),
                Status::NeedsSeventh(set) => {
                    let seventh = self.sevenths[set as usize].first().map_or('A', |(c, _)| *c);
                    return code::dotted(&code::with_seventh(&code::undotted(node.label), seventh));
                }
                _ => {}
            }
            let mut children = Vec::new();
            let mut c = at + 1;
            while c < node.end as usize {
                children.push(c);
                c = self.nodes[c].end as usize;
            }
            let Some(&first) = children.first() else {
                return node.label.to_string();
            };
            at = children
                .iter()
                .copied()
                .find(|&c| self.nodes[c].label.ends_with('9'))
                .unwrap_or(first);
        }
    }

    fn section_of(&self, mut i: u32) -> &'static str {
        while i != NONE {
            let node = &self.nodes[i as usize];
            if node.status == Status::Section {
                return node.label;
            }
            i = node.parent;
        }
        ""
    }

    pub(crate) fn resolve(&self, written: &str) -> Resolved {
        let Some(key) = code::key(written) else {
            return Resolved::Unknown;
        };
        if let Some(&i) = self.by_key.get(&key) {
            return Resolved::Entry(i);
        }
        let needs_seventh = |k: &str| {
            self.by_key
                .get(k)
                .and_then(|&i| match self.nodes[i as usize].status {
                    Status::NeedsSeventh(set) => Some((i, set)),
                    _ => None,
                })
        };
        // A trailing run of X padding without the 7th character: "S00.00X" is S00.00.
        let unpadded = key.trim_end_matches('X');
        if unpadded.len() < key.len() && unpadded.len() >= 3 {
            if let Some((i, _)) = needs_seventh(unpadded) {
                return Resolved::Entry(i);
            }
        }
        let Some(seventh) = key.chars().last() else {
            return Resolved::Unknown;
        };
        let body = &key[..key.len() - 1];
        if key.len() == MAX_LEN {
            // Base padded to six characters with X, then the 7th character.
            let mut base = body;
            loop {
                if let Some((i, set)) = needs_seventh(base) {
                    return match self.sevenths[set as usize]
                        .iter()
                        .find(|(c, _)| *c == seventh)
                    {
                        Some((_, meaning)) => Resolved::Extended {
                            base: i,
                            seventh,
                            meaning,
                        },
                        None => Resolved::InvalidSeventh {
                            base: i,
                            given: seventh,
                        },
                    };
                }
                match base.strip_suffix('X') {
                    Some(shorter) if shorter.len() >= 3 => base = shorter,
                    _ => break,
                }
            }
        }
        for candidate in code::placeholder_candidates(body) {
            // Bases are stored unpadded: "S0000X" is looked up as S00.00.
            let base = candidate.trim_end_matches('X');
            if let Some((i, set)) = needs_seventh(base).filter(|_| base.len() >= 3) {
                if self.sevenths[set as usize]
                    .iter()
                    .any(|(c, _)| *c == seventh)
                {
                    return Resolved::MissingPlaceholder { base: i, seventh };
                }
            }
        }
        Resolved::Unknown
    }
}
