//! Scrubbing: the payer's own rules, checked before a claim goes out the door.
//!
//! Coding checked the codes; this checks what a specific payer will reject on receipt or deny
//! on sight: a payer that is not in the registry, a claim past its timely-filing limit (CARC
//! 29), a missing rendering provider or group number the payer requires, a member id in the
//! wrong format, unconfirmed coverage, a corrected claim without the payer's claim number.
//! A claim that fails goes back to the rework list with every finding, never out.

use chrono::NaiveDate;

use claims_events::claim::Eligibility;
use claims_events::event::{Frequency, ScrubFinding};
use claims_events::{Claim, Coverage};
use claims_payers::{Payer, PayerRegistry};

fn finding(rule: &str, message: String) -> ScrubFinding {
    ScrubFinding {
        rule: rule.to_owned(),
        message,
    }
}

/// The last day a claim for `service_date` may reach `payer`.
pub fn timely_filing_deadline(payer: &Payer, service_date: NaiveDate) -> NaiveDate {
    service_date + chrono::Days::new(u64::from(payer.timely_filing_days))
}

/// Checks `claim`, to be billed to `coverage` as `frequency` on `today`, against its payer's
/// rules. Returns the payer when the claim may go out.
pub fn scrub<'a>(
    claim: &Claim,
    coverage: &Coverage,
    frequency: Frequency,
    payers: &'a PayerRegistry,
    today: NaiveDate,
) -> Result<&'a Payer, Vec<ScrubFinding>> {
    let Some(payer) = payers.get(&coverage.payer_id) else {
        return Err(vec![finding(
            "payer.unknown",
            format!(
                "payer `{}` is not in the payer registry: add it or rebill the right payer",
                coverage.payer_id
            ),
        )]);
    };
    let Some(encounter) = &claim.encounter else {
        return Err(vec![finding(
            "claim.unregistered",
            "the claim has no registered encounter".into(),
        )]);
    };
    let mut findings = Vec::new();
    let deadline = timely_filing_deadline(payer, encounter.service_date);
    if today > deadline {
        findings.push(finding(
            "timely_filing.expired",
            format!(
                "{} accepts claims up to {} days after the date of service; the limit for {} passed on {deadline}: \
                 appeal with proof of timely filing or write the balance off",
                payer.name, payer.timely_filing_days, encounter.service_date
            ),
        ));
    }
    if payer.requires_rendering_provider && encounter.rendering_provider.is_none() {
        findings.push(finding(
            "rendering_provider.required",
            format!(
                "{} requires the rendering provider (loop 2310B): add the provider's NPI and name",
                payer.name
            ),
        ));
    }
    let subscriber = claim.billed_subscriber().unwrap_or(&encounter.subscriber);
    if payer.requires_group_number
        && subscriber
            .group_number
            .as_deref()
            .is_none_or(|g| g.trim().is_empty())
    {
        findings.push(finding(
            "group_number.required",
            format!(
                "{} requires the subscriber's group number (SBR03): ask the practice for it",
                payer.name
            ),
        ));
    }
    if !payer.member_id_format.accepts(&subscriber.member_id) {
        // The member id itself is not quoted: findings are shown on screens and in logs.
        findings.push(finding(
            "member_id.format",
            format!(
                "the member id is not a valid {} for {}",
                payer.member_id_format.describe(),
                payer.name
            ),
        ));
    }
    if coverage.order == claims_events::PayerOrder::Primary
        && claim.eligibility != Eligibility::Confirmed
    {
        findings.push(finding(
            "eligibility.unconfirmed",
            "coverage on the date of service is not confirmed: wait for the eligibility answer"
                .into(),
        ));
    }
    if frequency != Frequency::Original && claim.payer_claim_number.is_none() {
        findings.push(finding(
            "payer_claim_number.required",
            format!(
                "a frequency {} claim must carry the payer's claim control number (REF*F8), and none was received",
                frequency.code()
            ),
        ));
    }
    if findings.is_empty() {
        Ok(payer)
    } else {
        Err(findings)
    }
}
