//! The history of a claim ready for its 835: registered with coverage confirmed, coded,
//! submitted and accepted, as the earlier services would have appended it, one decision
//! per commit. Tests of posting start from it rather than from a running pipeline.

use chrono::Days;
use uuid::Uuid;

use claims_events::event::{
    Acknowledgment, ClaimAccepted, ClaimCoded, ClaimRegistered, ClaimSubmitted,
    EligibilityConfirmed, Frequency,
};
use claims_events::{Encounter, Event, PartnerId};

/// The decisions, oldest first, that leave `encounter`'s claim accepted by its payer after
/// going out through `clearinghouse`.
pub fn submitted(encounter: Encounter, clearinghouse: PartnerId) -> Vec<Vec<Event>> {
    let coverage = encounter.coverage.clone();
    let charge = encounter.coding.total_charge();
    let service_date = encounter.service_date;
    let start = service_date
        .checked_sub_days(Days::new(365))
        .unwrap_or(service_date);
    vec![
        vec![
            Event::ClaimRegistered(ClaimRegistered { encounter }),
            Event::EligibilityConfirmed(EligibilityConfirmed {
                payer_id: coverage.payer_id.clone(),
                plan: coverage.plan,
                coverage_start: start,
                coverage_end: None,
            }),
        ],
        vec![Event::ClaimCoded(ClaimCoded {
            code_set: "ICD-10-CM FY2026".into(),
        })],
        vec![Event::ClaimSubmitted(ClaimSubmitted {
            batch_id: Uuid::nil(),
            clearinghouse,
            payer_id: coverage.payer_id,
            payer_order: coverage.order,
            frequency: Frequency::Original,
            charge,
            interchange_control: 1,
            group_control: 1,
            transaction_control: "0001".into(),
        })],
        vec![Event::ClaimAccepted(ClaimAccepted {
            acknowledgment: Acknowledgment::ClaimAck277,
            payer_claim_number: None,
            status_code: "A1:20".into(),
        })],
    ]
}
