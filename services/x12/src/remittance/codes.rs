//! The coded pieces of an 835 claim: status, adjustment groups and reasons, procedures.
//!
//! Posting decides what to do with money by these codes (a CO adjustment is written off,
//! a PR one is billed to the patient; status 22 undoes an earlier payment), so they are
//! parsed into types here, and a code outside the implementation guide's list is an error
//! rather than a string nobody checks.

use std::fmt;

use crate::error::X12Error;
use crate::segment::Segment;

/// CLP02: what the payer did with the claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClaimStatus {
    /// `1`: processed as primary.
    ProcessedAsPrimary,
    /// `2`: processed as secondary.
    ProcessedAsSecondary,
    /// `3`: processed as tertiary.
    ProcessedAsTertiary,
    /// `4`: denied.
    Denied,
    /// `19`: processed as primary, forwarded to another payer.
    PrimaryForwarded,
    /// `20`: processed as secondary, forwarded.
    SecondaryForwarded,
    /// `21`: processed as tertiary, forwarded.
    TertiaryForwarded,
    /// `22`: reversal of a previous payment.
    Reversal,
    /// `23`: not our claim, forwarded to another payer.
    NotOurClaimForwarded,
    /// `25`: predetermination pricing only, no payment.
    PredeterminationOnly,
}

impl ClaimStatus {
    const ALL: [(&'static str, ClaimStatus); 10] = [
        ("1", ClaimStatus::ProcessedAsPrimary),
        ("2", ClaimStatus::ProcessedAsSecondary),
        ("3", ClaimStatus::ProcessedAsTertiary),
        ("4", ClaimStatus::Denied),
        ("19", ClaimStatus::PrimaryForwarded),
        ("20", ClaimStatus::SecondaryForwarded),
        ("21", ClaimStatus::TertiaryForwarded),
        ("22", ClaimStatus::Reversal),
        ("23", ClaimStatus::NotOurClaimForwarded),
        ("25", ClaimStatus::PredeterminationOnly),
    ];

    /// The status for a CLP02 code, or `None` for a code outside the guide's list.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().find(|(c, _)| *c == code).map(|(_, s)| *s)
    }

    /// The CLP02 code.
    pub fn code(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, s)| *s == self)
            .map_or("", |(c, _)| c)
    }

    /// Whether the claim was sent on to another payer (19, 20, 21, 23).
    pub fn is_forwarded(self) -> bool {
        matches!(
            self,
            Self::PrimaryForwarded
                | Self::SecondaryForwarded
                | Self::TertiaryForwarded
                | Self::NotOurClaimForwarded
        )
    }
}

/// CAS01: who bears an adjustment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AdjustmentGroup {
    /// `CO`: contractual obligation, written off by the provider.
    Contractual,
    /// `PR`: patient responsibility (deductible, coinsurance, copay).
    PatientResponsibility,
    /// `OA`: other adjustment.
    Other,
    /// `PI`: payer-initiated reduction.
    PayerInitiated,
    /// `CR`: correction or reversal of a prior claim.
    Correction,
}

impl AdjustmentGroup {
    /// The group for a CAS01 code, or `None` for a code outside the guide's list.
    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "CO" => Self::Contractual,
            "PR" => Self::PatientResponsibility,
            "OA" => Self::Other,
            "PI" => Self::PayerInitiated,
            "CR" => Self::Correction,
            _ => return None,
        })
    }

    /// The CAS01 code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Contractual => "CO",
            Self::PatientResponsibility => "PR",
            Self::Other => "OA",
            Self::PayerInitiated => "PI",
            Self::Correction => "CR",
        }
    }
}

/// One adjustment: one (reason, amount, quantity) triplet of a CAS segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjustment<'a> {
    /// CAS01 of the segment the triplet came from.
    pub group: AdjustmentGroup,
    /// The claim adjustment reason code (CARC), such as `45`.
    pub reason: &'a str,
    /// The amount in cents; positive reduces the payment, negative increases it.
    pub amount_cents: i64,
    /// The quantity (units or days adjusted), as written, when given.
    pub quantity: Option<&'a str>,
}

/// Reads every triplet of a CAS segment (up to six: CAS02-04, CAS05-07, ... CAS17-19).
pub(crate) fn read_cas<'a>(
    seg: &Segment<'a>,
    into: &mut Vec<Adjustment<'a>>,
) -> Result<(), X12Error> {
    let code = seg.required(1)?;
    let group = AdjustmentGroup::from_code(code)
        .ok_or_else(|| seg.invalid(1, "is not an adjustment group (CO, PR, OA, PI or CR)"))?;
    let before = into.len();
    let written = seg.element_count();
    for first in (2..=17).step_by(3).take_while(|&first| first <= written) {
        let (reason, amount) = (seg.get(first), seg.get(first + 1));
        if reason.is_none() && amount.is_none() {
            continue;
        }
        into.push(Adjustment {
            group,
            reason: seg.required(first)?,
            amount_cents: seg.required_cents(first + 1)?,
            quantity: seg.get(first + 2),
        });
    }
    if into.len() == before {
        return Err(seg.invalid(2, "is empty; a CAS needs at least one reason and amount"));
    }
    Ok(())
}

/// A procedure from a composite such as SVC01 `HC:99213:25:59`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Procedure<'a> {
    /// Component 1: the code set, `HC` (CPT/HCPCS), `AD`, `ER`, `IV`, `N4`, `NU`, ...
    pub qualifier: &'a str,
    /// Component 2: the code, such as `99213`.
    pub code: &'a str,
    /// Components 3 to 6: up to four modifiers.
    pub modifiers: Vec<&'a str>,
    /// Component 7: a description, when the payer sends one.
    pub description: Option<&'a str>,
}

impl<'a> Procedure<'a> {
    /// Reads the composite in element `n`. Returns `None` when the element is empty, and
    /// a message when it holds no component separator (so no code could be split off).
    pub(crate) fn from_composite(seg: &Segment<'a>, n: usize) -> (Option<Self>, Option<String>) {
        let mut parts = match seg.element(n) {
            "" => return (None, None),
            composite => composite.split(seg.delimiters().component()),
        };
        let qualifier = parts.next().unwrap_or_default();
        let code = parts.next().unwrap_or_default();
        let mut modifiers = Vec::new();
        for modifier in parts.by_ref().take(4) {
            if !modifier.is_empty() {
                modifiers.push(modifier);
            }
        }
        let procedure = Procedure {
            qualifier,
            code,
            modifiers,
            description: parts.next().filter(|d| !d.is_empty()),
        };
        let note = procedure.code.is_empty().then(|| {
            format!(
                "{} `{}` has no procedure code after the component separator `{}` declared in ISA16; kept whole as the qualifier",
                seg.element_name(n),
                seg.element(n),
                seg.delimiters().component()
            )
        });
        (Some(procedure), note)
    }
}

impl fmt::Display for Procedure<'_> {
    /// `HC:99213:25:59`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.qualifier)?;
        if !self.code.is_empty() {
            write!(f, ":{}", self.code)?;
        }
        for modifier in &self.modifiers {
            write!(f, ":{modifier}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delimiters::Delimiters;

    fn segment(text: &str) -> Segment<'_> {
        Segment::parse(text, 1, Delimiters::default()).unwrap()
    }

    #[test]
    fn a_procedure_composite_splits_into_code_modifiers_and_description() {
        let seg = segment("SVC*HC:99213:25:59:GT:76:OFFICE VISIT*100*80");
        let (procedure, note) = Procedure::from_composite(&seg, 1);
        let procedure = procedure.unwrap();
        assert_eq!((procedure.qualifier, procedure.code), ("HC", "99213"));
        assert_eq!(procedure.modifiers, ["25", "59", "GT", "76"]);
        assert_eq!(procedure.description, Some("OFFICE VISIT"));
        assert_eq!(procedure.to_string(), "HC:99213:25:59:GT:76");
        assert_eq!(note, None);
        assert_eq!(Procedure::from_composite(&seg, 6), (None, None));
    }

    #[test]
    fn a_cas_segment_gives_all_six_triplets() {
        let seg = segment("CAS*CO*45*1*1*253*2**59*-3*2*97*4**B13*5**A2*6.5*1");
        let mut adjustments = Vec::new();
        read_cas(&seg, &mut adjustments).unwrap();
        let triplets: Vec<_> = adjustments
            .into_iter()
            .map(|a| (a.reason, a.amount_cents, a.quantity))
            .collect();
        assert_eq!(triplets.len(), 6);
        assert_eq!(triplets[2], ("59", -300, Some("2")));
        assert_eq!(triplets[5], ("A2", 650, Some("1")));
        assert!(read_cas(&segment("CAS*CO"), &mut Vec::new()).is_err());
        assert!(read_cas(&segment("CAS*CO*45"), &mut Vec::new()).is_err());
    }

    #[test]
    fn codes_round_trip() {
        for code in ["1", "2", "3", "4", "19", "20", "21", "22", "23", "25"] {
            assert_eq!(
                ClaimStatus::from_code(code).map(ClaimStatus::code),
                Some(code)
            );
        }
        assert_eq!(ClaimStatus::from_code("5"), None);
        for code in ["CO", "PR", "OA", "PI", "CR"] {
            assert_eq!(
                AdjustmentGroup::from_code(code).map(AdjustmentGroup::code),
                Some(code)
            );
        }
    }
}
