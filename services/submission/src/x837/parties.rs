//! The hierarchy above the claim: billing provider (2000A), subscriber and payer (2000B),
//! and the patient (2000C) when the patient is not the insured.
//!
//! Each transaction set carries one claim, so the HL numbers are always the same: 1 for the
//! billing provider, 2 for the subscriber under it, 3 for a patient under the subscriber.
//! Whether loop 2000C exists is the one real decision here: X12 puts a patient who is the
//! insured in 2010BA (with address and demographics) and any other patient in 2010CA.

use claims_events::{BillingProvider, Encounter, PayerOrder, Person, Relationship, Subscriber};
use claims_x12::X12Writer;

use super::error::Problem;
use super::input::ClaimToBill;
use super::segments::{address, demographics, organization, person, required_id};

/// SBR01, the payer responsibility sequence code.
pub(super) fn order_code(order: PayerOrder) -> &'static str {
    match order {
        PayerOrder::Primary => "P",
        PayerOrder::Secondary => "S",
        PayerOrder::Tertiary => "T",
    }
}

/// The individual relationship code of the patient to the insured (SBR02, PAT01).
pub(super) fn relationship_code(relationship: Relationship) -> &'static str {
    match relationship {
        Relationship::Insured => "18",
        Relationship::Spouse => "01",
        Relationship::Child => "19",
        Relationship::Other => "G8",
    }
}

/// The insured of `subscriber`'s policy: the patient when they are the insured, otherwise
/// the demographics registration recorded for the insured.
pub(super) fn insured<'a>(
    encounter: &'a Encounter,
    subscriber: &'a Subscriber,
) -> Result<&'a Person, Problem> {
    match subscriber.relationship {
        Relationship::Insured => Ok(&encounter.patient),
        _ => subscriber.person.as_ref().ok_or(Problem::MissingInsured),
    }
}

/// Loop 2000A with 2010AA: who is paid, identified by NPI and tax id.
pub(super) fn billing_provider(
    w: &mut X12Writer,
    provider: &BillingProvider,
) -> Result<(), Problem> {
    let zip = &provider.address.zip;
    if zip.len() != 9 || !zip.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Problem::BillingZip(zip.clone()));
    }
    w.segment("HL", &["1", "", "20", "1"])?;
    let taxonomy = required_id(&provider.taxonomy, "the billing provider's taxonomy")?;
    w.segment("PRV", &["BI", "PXC", taxonomy])?;
    organization(
        w,
        "85",
        &provider.name,
        "the billing provider's name",
        "XX",
        provider.npi.as_str(),
    )?;
    address(w, &provider.address, "the billing provider's address")?;
    let tax_id = required_id(&provider.tax_id, "the billing provider's tax id")?;
    w.segment("REF", &["EI", tax_id])?;
    Ok(())
}

/// Loops 2000B (SBR), 2010BA (the insured), 2010BB (the payer billed) and, for a patient
/// who is not the insured, 2000C with 2010CA.
pub(super) fn subscriber_and_patient(
    w: &mut X12Writer,
    claim: &ClaimToBill<'_>,
) -> Result<(), Problem> {
    let subscriber = claim.subscriber;
    let patient_is_insured = subscriber.relationship == Relationship::Insured;
    if claim.payer_order != claim.coverage.order {
        return Err(Problem::PayerOrderMismatch {
            billed: claim.payer_order,
            coverage: claim.coverage.order,
        });
    }
    let member_id = required_id(&subscriber.member_id, "the insured's member id")?;
    let payer_id = required_id(&claim.payer.x12_payer_id, "the payer's X12 id")?;
    let filing = required_id(
        &claim.payer.claim_filing_indicator,
        "the claim filing indicator",
    )?;
    let insured = insured(claim.encounter, subscriber)?;

    w.segment(
        "HL",
        &["2", "1", "22", if patient_is_insured { "0" } else { "1" }],
    )?;
    let group = subscriber.group_number.as_deref().unwrap_or("");
    let sbr02 = if patient_is_insured { "18" } else { "" };
    let sbr01 = order_code(claim.payer_order);
    w.segment("SBR", &[sbr01, sbr02, group, "", "", "", "", "", filing])?;
    person(
        w,
        "IL",
        (&insured.last_name, &insured.first_name),
        "the insured's last name",
        "MI",
        member_id,
    )?;
    if patient_is_insured {
        address(w, &insured.address, "the insured's address")?;
        demographics(w, insured)?;
    }
    organization(
        w,
        "PR",
        &claim.payer.name,
        "the payer's name",
        "PI",
        payer_id,
    )?;

    if !patient_is_insured {
        let patient = &claim.encounter.patient;
        w.segment("HL", &["3", "2", "23", "0"])?;
        w.segment("PAT", &[relationship_code(subscriber.relationship)])?;
        person(
            w,
            "QC",
            (&patient.last_name, &patient.first_name),
            "the patient's last name",
            "",
            "",
        )?;
        address(w, &patient.address, "the patient's address")?;
        demographics(w, patient)?;
    }
    Ok(())
}
