//! Why a payer registry file was refused.
//!
//! A registry is loaded once, at start-up, by an operator's hand-edited file; every error
//! therefore names the payer and the field to fix, and the service refuses to start rather
//! than bill with a payer it only half understands.

/// A payer registry file that cannot be used. Every variant is an operator's fix to the
/// file: none is worth retrying unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistryError {
    /// The file is not TOML at all: fix the syntax at the line and column given.
    #[error("the payer registry is not valid TOML: {0}")]
    Syntax(String),
    /// The file has a top-level key other than `payer`, most likely a typo such as
    /// `[[payers]]`: rename it.
    #[error("unknown top-level key `{0}`: a payer registry holds only [[payer]] tables")]
    UnknownKey(String),
    /// The file defines no payer: add `[[payer]]` tables.
    #[error("the payer registry defines no payers: add [[payer]] tables")]
    Empty,
    /// One field of one payer is missing or wrong: fix that field. `payer` is the payer's
    /// id as written, or `#n` (its position, from 1) when the id itself is unusable.
    #[error("payer `{payer}`, field `{field}`: {problem}")]
    Field {
        payer: String,
        field: String,
        problem: String,
    },
    /// Two payers share an id: ids are how encounters name payers, so they must be unique.
    #[error("payer `{0}` is defined more than once: payer ids must be unique")]
    Duplicate(String),
}
