//! Realistic sample data for tests, benchmarks and the golden corpus.
//!
//! Names and numbers are invented; the NPIs pass their check digit and the codes are real
//! FY2026 ICD-10-CM codes, so samples survive every check a real claim must pass.

use chrono::NaiveDate;

use crate::domain::*;
use crate::event::{Acknowledgment, ClaimAccepted, ClaimSubmitted, Frequency};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("sample dates are real")
}

fn parsed<T: std::str::FromStr>(text: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    text.parse().expect("sample values are valid")
}

pub fn address() -> Address {
    Address {
        line1: "1 Main St".into(),
        line2: None,
        city: "Springfield".into(),
        state: "IL".into(),
        zip: "62701".into(),
    }
}

/// The encounter of CONTRACTS.md: an office visit with a glucose test, billed to Medicare.
pub fn encounter(partner: &str, encounter_id: &str) -> Encounter {
    Encounter {
        partner: parsed(partner),
        encounter_id: encounter_id.into(),
        service_date: date(2026, 11, 20),
        place_of_service: "11".into(),
        patient: Person {
            first_name: "Ada".into(),
            last_name: "Example".into(),
            birth_date: date(1961, 4, 9),
            sex: Sex::Female,
            address: address(),
        },
        subscriber: Subscriber {
            relationship: Relationship::Insured,
            member_id: "1EG4TE5MK73".into(),
            group_number: None,
            person: None,
        },
        coverage: Coverage {
            payer_id: parsed("medicare-il"),
            plan: "Medicare Part B".into(),
            order: PayerOrder::Primary,
        },
        secondary_coverage: None,
        secondary_subscriber: None,
        billing_provider: BillingProvider {
            npi: parsed("1234567893"),
            name: "Springfield Family Practice".into(),
            tax_id: "371234567".into(),
            taxonomy: "207Q00000X".into(),
            address: Address {
                line1: "200 Clinic Rd".into(),
                line2: None,
                city: "Springfield".into(),
                state: "IL".into(),
                zip: "627011234".into(),
            },
        },
        rendering_provider: Some(RenderingProvider {
            npi: parsed("1245319599"),
            first_name: "Grace".into(),
            last_name: "Hopper".into(),
        }),
        coding: ClaimCoding {
            diagnoses: vec![parsed("E11.9"), parsed("I10")],
            lines: vec![
                ServiceLine {
                    procedure: parsed("99213"),
                    modifiers: vec![parsed("25")],
                    units: 1,
                    charge: Cents(12500),
                    diagnosis_pointers: vec![1, 2],
                    service_date: None,
                },
                ServiceLine {
                    procedure: parsed("82947"),
                    modifiers: vec![],
                    units: 1,
                    charge: Cents(1800),
                    diagnosis_pointers: vec![1],
                    service_date: None,
                },
            ],
        },
    }
}

/// The claim sent as an original to `payer_id` (as primary) through Availity, as the first
/// transaction of interchange 1.
pub fn submitted(batch_id: uuid::Uuid, payer_id: &str, charge: Cents) -> ClaimSubmitted {
    ClaimSubmitted {
        batch_id,
        clearinghouse: parsed("availity"),
        payer_id: parsed(payer_id),
        payer_order: PayerOrder::Primary,
        frequency: Frequency::Original,
        charge,
        interchange_control: 1,
        group_control: 1,
        transaction_control: "0001".into(),
    }
}

/// The claim accepted into the payer's adjudication system by a 277CA (A2:20), with the
/// payer's claim control number if it gave one.
pub fn accepted(payer_claim_number: Option<&str>) -> ClaimAccepted {
    ClaimAccepted {
        acknowledgment: Acknowledgment::ClaimAck277,
        payer_claim_number: payer_claim_number.map(str::to_owned),
        status_code: "A2:20".into(),
    }
}
