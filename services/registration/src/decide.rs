//! The registration decision: what an encounter means for its claim. Pure: the shell loads
//! the claim, reads the clock and checks coverage, and this says which facts follow.

use claims_events::event::{ClaimRegistered, EncounterAmended};
use claims_events::{Claim, Encounter, Event};

use crate::intake::{encounter_changes, Problem};

/// What an accepted encounter did to its claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registration {
    /// A new claim.
    Registered,
    /// An unsubmitted claim's encounter was replaced.
    Amended,
    /// Nothing new: the same message again, or the same content under a new message id.
    Unchanged,
}

impl Registration {
    pub fn as_str(self) -> &'static str {
        match self {
            Registration::Registered => "registered",
            Registration::Amended => "amended",
            Registration::Unchanged => "unchanged",
        }
    }
}

/// Decides on `encounter` for `claim`, given the idempotency key of the input that carried it
/// and the events of its coverage check (appended in the same commit, so a claim never exists
/// without its eligibility verdict).
pub fn decide_encounter(
    claim: &Claim,
    encounter: &Encounter,
    input_key: &str,
    coverage: Vec<Event>,
) -> Result<(Registration, Vec<Event>), Vec<Problem>> {
    if claim.has_handled(input_key) {
        return Ok((Registration::Unchanged, Vec::new()));
    }
    let Some(registered) = &claim.encounter else {
        let mut events = vec![Event::ClaimRegistered(ClaimRegistered {
            encounter: encounter.clone(),
        })];
        events.extend(coverage);
        return Ok((Registration::Registered, events));
    };
    let changed = encounter_changes(registered, encounter);
    if changed.is_empty() {
        return Ok((Registration::Unchanged, Vec::new()));
    }
    if claim.status().is_submitted() {
        return Err(vec![Problem {
            path: "$".into(),
            code: "encounter.already_submitted".into(),
            message: format!(
                "this encounter's claim was already submitted to the payer (status {}); it can no \
                 longer be amended ({} changed): send the change as a corrected claim instead",
                claim.status(),
                changed.join(", ")
            ),
        }]);
    }
    let mut events = vec![Event::EncounterAmended(EncounterAmended {
        encounter: encounter.clone(),
        changed,
    })];
    events.extend(coverage);
    Ok((Registration::Amended, events))
}
