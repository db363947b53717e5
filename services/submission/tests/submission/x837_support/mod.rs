//! Test data for the x837 tests: the batch's parties and control numbers, and claims of
//! every shape the 837P writer must handle ([`shapes`]).
//!
//! Each [`Scenario`] owns its data, because the writer's input borrows it.

#![allow(dead_code)]

mod shapes;

pub use shapes::*;

use chrono::{NaiveDate, NaiveDateTime};
use claims_events::event::{Frequency, RemittancePosted};
use claims_events::{ClaimCoding, ClaimId, Coverage, Encounter, PayerOrder, Subscriber};
use claims_submission::x837::{
    ClaimToBill, ControlNumbers, PayerInfo, PriorAdjudication, Receiver, Submitter,
};

pub fn parsed<T: std::str::FromStr>(text: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    text.parse().expect("test values are valid")
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
}

pub fn submitter() -> Submitter {
    Submitter {
        name: "Springfield Billing Service".into(),
        id: "SUBM12345".into(),
        contact_name: "Pat Biller".into(),
        phone: "(217) 555-0100".into(),
    }
}

pub fn receiver() -> Receiver {
    Receiver {
        name: "Example Clearinghouse".into(),
        id: "CLEARHOUSE01".into(),
    }
}

pub fn created() -> NaiveDateTime {
    date(2026, 11, 26)
        .and_hms_opt(9, 30, 0)
        .expect("a real time")
}

pub fn control() -> ControlNumbers {
    ControlNumbers {
        interchange: 123_456_789,
        group: 4321,
        first_transaction: 17,
    }
}

pub fn medicare() -> PayerInfo {
    PayerInfo {
        name: "Medicare Part B Illinois".into(),
        x12_payer_id: "00952".into(),
        claim_filing_indicator: "MB".into(),
    }
}

pub fn commercial() -> PayerInfo {
    PayerInfo {
        name: "Prairie Health Plan".into(),
        x12_payer_id: "PHP01".into(),
        claim_filing_indicator: "CI".into(),
    }
}

/// What a scenario's prior payer owns.
pub struct Prior {
    pub payer_order: PayerOrder,
    pub payer: PayerInfo,
    pub subscriber: Subscriber,
    pub remittance: RemittancePosted,
}

/// One claim and everything it borrows.
pub struct Scenario {
    pub name: &'static str,
    pub encounter: Encounter,
    pub coding: ClaimCoding,
    pub subscriber: Subscriber,
    pub coverage: Coverage,
    pub payer: PayerInfo,
    pub frequency: Frequency,
    pub payer_claim_number: Option<String>,
    pub priors: Vec<Prior>,
}

impl Scenario {
    pub fn claim_id(&self) -> ClaimId {
        ClaimId::for_encounter(&self.encounter.partner, &self.encounter.encounter_id)
    }

    pub fn bill(&self) -> ClaimToBill<'_> {
        ClaimToBill {
            claim_id: self.claim_id(),
            encounter: &self.encounter,
            coding: &self.coding,
            payer_order: self.coverage.order,
            subscriber: &self.subscriber,
            coverage: &self.coverage,
            payer: self.payer.clone(),
            frequency: self.frequency,
            payer_claim_number: self.payer_claim_number.clone(),
            prior_payers: self
                .priors
                .iter()
                .map(|p| PriorAdjudication {
                    payer_order: p.payer_order,
                    payer: p.payer.clone(),
                    subscriber: &p.subscriber,
                    remittance: &p.remittance,
                })
                .collect(),
        }
    }
}
