//! The check a coder (or a claim rule) runs on a diagnosis code before it goes on a claim:
//! is it billable in the loaded code set, and if not, what to write instead. Each answer carries
//! what the coder needs to fix the code, and reads as a sentence through `Display`.

use std::fmt;

use crate::code;
use crate::lookup::{CodeKind, Resolved};
use crate::table::Status;
use crate::CodeSet;

/// The verdict on one written code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Validity {
    /// Billable as written; `code` is the official dotted form.
    Billable { code: String },
    /// A category, subcategory or placeholder level: use a code under it, such as
    /// `children_example`.
    NotBillable {
        code: String,
        kind: CodeKind,
        children_example: String,
    },
    /// The code is complete only with one of these 7th characters (value, meaning).
    SeventhCharacterRequired {
        code: String,
        allowed: Vec<(char, String)>,
    },
    /// `given` is not one of the 7th characters `code` takes.
    InvalidSeventhCharacter {
        code: String,
        given: char,
        allowed: Vec<(char, String)>,
    },
    /// The placeholder `X` is missing or misplaced: `written` should be `expected`
    /// (T36.01A should be T36.0X1A).
    MissingPlaceholder { written: String, expected: String },
    /// Not a code of the loaded code set (or not a code at all).
    Unknown { written: String },
}

impl Validity {
    /// True only for [`Validity::Billable`].
    pub fn is_billable(&self) -> bool {
        matches!(self, Validity::Billable { .. })
    }
}

impl CodeSet {
    /// Whether `code` (with or without the dot, any case) may be billed, and if not, why and
    /// what to use instead.
    pub fn validate(&self, code: &str) -> Validity {
        match self.resolve(code) {
            Resolved::Entry(i) => {
                let node = &self.nodes[i as usize];
                let code = node.label.to_string();
                match node.status {
                    Status::Billable => Validity::Billable { code },
                    Status::NeedsSeventh(set) => Validity::SeventhCharacterRequired {
                        code,
                        allowed: self.allowed(set),
                    },
                    _ => Validity::NotBillable {
                        code,
                        kind: self.kind(i),
                        children_example: self.example_under(i),
                    },
                }
            }
            Resolved::Extended { base, seventh, .. } => {
                let key =
                    code::with_seventh(&code::undotted(self.nodes[base as usize].label), seventh);
                Validity::Billable {
                    code: code::dotted(&key),
                }
            }
            Resolved::InvalidSeventh { base, given } => {
                let node = &self.nodes[base as usize];
                let allowed = match node.status {
                    Status::NeedsSeventh(set) => self.allowed(set),
                    _ => Vec::new(),
                };
                Validity::InvalidSeventhCharacter {
                    code: node.label.to_string(),
                    given,
                    allowed,
                }
            }
            Resolved::MissingPlaceholder { base, seventh } => {
                let key =
                    code::with_seventh(&code::undotted(self.nodes[base as usize].label), seventh);
                Validity::MissingPlaceholder {
                    written: code.trim().to_string(),
                    expected: code::dotted(&key),
                }
            }
            Resolved::Unknown => Validity::Unknown {
                written: code.trim().to_string(),
            },
        }
    }
}

impl fmt::Display for Validity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Validity::Billable { code } => write!(f, "{code} is billable"),
            Validity::NotBillable {
                code,
                kind,
                children_example,
            } => {
                let what = match kind {
                    CodeKind::Category => "a category",
                    CodeKind::Subcategory => "a subcategory",
                    CodeKind::Placeholder => "a placeholder level, not a code",
                    CodeKind::Code => "not billable",
                };
                write!(
                    f,
                    "{code} is {what}; use a more specific code such as {children_example}"
                )
            }
            Validity::SeventhCharacterRequired { code, allowed } => {
                write!(f, "{code} requires a 7th character: ")?;
                write_allowed(f, allowed)?;
                if let Some((c, _)) = allowed.first() {
                    let key = code::with_seventh(&code::undotted(code), *c);
                    write!(f, " (e.g. {})", code::dotted(&key))?;
                }
                Ok(())
            }
            Validity::InvalidSeventhCharacter {
                code,
                given,
                allowed,
            } => {
                write!(
                    f,
                    "{given} is not a valid 7th character for {code}; use one of "
                )?;
                write_allowed(f, allowed)
            }
            Validity::MissingPlaceholder { written, expected } => {
                write!(
                    f,
                    "{written} is missing its placeholder X: write {expected}"
                )
            }
            Validity::Unknown { written } => write!(
                f,
                "{written} is not a code in the loaded ICD-10-CM code set"
            ),
        }
    }
}

fn write_allowed(f: &mut fmt::Formatter<'_>, allowed: &[(char, String)]) -> fmt::Result {
    for (n, (c, meaning)) in allowed.iter().enumerate() {
        if n > 0 {
            write!(f, ", ")?;
        }
        write!(f, "{c} ({meaning})")?;
    }
    Ok(())
}
