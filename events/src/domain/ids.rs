//! Identifiers that name things across the system: claims, partners and payers.
//!
//! A claim id is derived, never allocated: UUID v5 of the partner id and the partner's own
//! encounter id. The same encounter therefore maps to the same claim in every process and
//! after every restart, which is what makes a re-sent encounter idempotent. Written lower-case
//! with hyphens it is 36 characters, within X12 CLM01's 38, so payers echo it back in 835 CLP01.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The namespace of claim ids: UUID v5 of the DNS name "claims.example" (RFC 4122 appendix C
/// namespace), fixed forever because every existing claim id depends on it.
const CLAIM_NAMESPACE: Uuid = Uuid::from_bytes([
    0x6b, 0x3f, 0x1c, 0x5e, 0x2a, 0x8d, 0x5b, 0x41, 0x9e, 0x07, 0x3c, 0x52, 0xd4, 0x6a, 0x10, 0x9f,
]);

/// Why an identifier from outside was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("`{0}` is not a claim id (a lower-case UUID such as 3f2c…-…)")]
    ClaimId(String),
    #[error("`{0}` is not a partner id: use 1 to 64 lower-case letters, digits and `-`")]
    PartnerId(String),
    #[error("`{0}` is not a payer id: use 1 to 64 lower-case letters, digits and `-`")]
    PayerId(String),
}

/// A claim's identity: one per (partner, encounter id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ClaimId(Uuid);

impl ClaimId {
    /// The claim id of a partner's encounter: stable across processes and restarts.
    pub fn for_encounter(partner: &PartnerId, encounter_id: &str) -> ClaimId {
        // The separator cannot occur in a partner id, so ("a-b", "c") and ("a", "b/c") differ.
        let name = format!("{}/{}", partner.as_str(), encounter_id);
        ClaimId(Uuid::new_v5(&CLAIM_NAMESPACE, name.as_bytes()))
    }

    pub fn from_uuid(uuid: Uuid) -> ClaimId {
        ClaimId(uuid)
    }

    pub fn as_uuid(&self) -> &Uuid {
        &self.0
    }

    /// The subject shard: the first two hex digits, so the log can later be split by ranges
    /// of shards across streams without renaming a subject.
    pub fn shard(&self) -> String {
        format!("{:02x}", self.0.as_bytes()[0])
    }
}

impl fmt::Display for ClaimId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl FromStr for ClaimId {
    type Err = IdError;
    /// Only the canonical lower-case hyphenated form: it is what CLM01 carries and what payers
    /// echo, so anything else is a different string and would not match.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let uuid = Uuid::try_parse(s).map_err(|_| IdError::ClaimId(s.to_owned()))?;
        if uuid.hyphenated().to_string() != s {
            return Err(IdError::ClaimId(s.to_owned()));
        }
        Ok(ClaimId(uuid))
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

macro_rules! slug_id {
    ($(#[$doc:meta])* $name:ident, $error:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                if is_slug(s) {
                    Ok($name(s.to_owned()))
                } else {
                    Err(IdError::$error(s.to_owned()))
                }
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                if is_slug(&s) {
                    Ok($name(s))
                } else {
                    Err(IdError::$error(s))
                }
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

slug_id!(
    /// A partner (practice, EHR, clearinghouse, payer) as it appears in NATS subjects:
    /// `inbox.<partner>.…` and `outbox.<partner>.…`. Lower-case letters, digits and `-` only,
    /// so it is always exactly one subject token.
    PartnerId,
    PartnerId
);

slug_id!(
    /// A payer as the payer registry names it (`medicare-il`), not its X12 id.
    PayerId,
    PayerId
);

#[cfg(test)]
mod tests {
    use super::*;

    fn partner(s: &str) -> PartnerId {
        s.parse().expect("valid partner id")
    }

    #[test]
    fn the_same_encounter_always_gets_the_same_claim_id() {
        let a = ClaimId::for_encounter(&partner("springfield-fp"), "ENC-1");
        let b = ClaimId::for_encounter(&partner("springfield-fp"), "ENC-1");
        let other = ClaimId::for_encounter(&partner("springfield-fp"), "ENC-2");
        assert_eq!(a, b);
        assert_ne!(a, other);
        assert_eq!(a.as_uuid().get_version_num(), 5);
    }

    #[test]
    fn claim_ids_fit_clm01_and_parse_back() {
        let id = ClaimId::for_encounter(&partner("p"), "e");
        let text = id.to_string();
        assert_eq!(text.len(), 36);
        assert_eq!(text, text.to_lowercase());
        assert_eq!(text.parse::<ClaimId>(), Ok(id));
        assert!(text.to_uppercase().parse::<ClaimId>().is_err());
        assert_eq!(id.shard(), text[..2]);
    }

    #[test]
    fn partner_ids_are_single_subject_tokens() {
        assert!("acme-ehr".parse::<PartnerId>().is_ok());
        for bad in ["", "Acme", "a.b", "a*", "a>", "a b", &"x".repeat(65)] {
            assert!(bad.parse::<PartnerId>().is_err(), "{bad:?}");
        }
    }
}
