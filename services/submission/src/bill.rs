//! From a claim as the log folds it to what the 837P writer takes, and the trial write
//! that proves a claim can be written before it is marked submitted.
//!
//! A claim is marked `ClaimSubmitted` before its batch is written (the mark is what makes a
//! batch recoverable after a crash), so a claim the writer would refuse must be caught
//! earlier: it is written alone, with placeholder control numbers, when it is scrubbed and
//! again when it is batched. A refusal becomes a scrub finding and the claim goes to rework.

use chrono::NaiveDate;

use claims_events::event::{Frequency, ScrubFinding};
use claims_events::{Claim, ClaimId, PayerOrder};
use claims_payers::{Payer, PayerRegistry};

use crate::x837::{
    write_batch, ClaimToBill, ControlNumbers, PayerInfo, PriorAdjudication, Receiver, Submitter,
    Usage, X837Error,
};

/// The payer as X12 names it (2010BB, 2330B).
pub fn payer_info(payer: &Payer) -> PayerInfo {
    PayerInfo {
        name: payer.name.clone(),
        x12_payer_id: payer.x12_payer_id.clone(),
        claim_filing_indicator: payer.claim_filing_indicator.code().to_owned(),
    }
}

fn finding(rule: &str, message: impl Into<String>) -> ScrubFinding {
    ScrubFinding {
        rule: rule.to_owned(),
        message: message.into(),
    }
}

/// The claim's billable form for its current coverage, sent as `frequency`.
pub fn to_bill<'a>(
    claim_id: ClaimId,
    claim: &'a Claim,
    payers: &PayerRegistry,
    frequency: Frequency,
) -> Result<ClaimToBill<'a>, ScrubFinding> {
    let (Some(encounter), Some(coding), Some(coverage)) =
        (&claim.encounter, &claim.coding, &claim.coverage)
    else {
        return Err(finding(
            "claim.unregistered",
            "the claim has no registered encounter, codes or coverage",
        ));
    };
    let payer = payers.get(&coverage.payer_id).ok_or_else(|| {
        finding(
            "payer.unknown",
            format!("payer `{}` is not in the payer registry", coverage.payer_id),
        )
    })?;
    let mut prior_payers = Vec::new();
    if coverage.order != PayerOrder::Primary {
        for posting in claim.postings.iter().filter(|p| p.payer_id != payer.id) {
            let prior = payers.get(&posting.payer_id).ok_or_else(|| {
                finding(
                    "cob.prior_payer_unknown",
                    format!(
                        "prior payer `{}` is not in the payer registry",
                        posting.payer_id
                    ),
                )
            })?;
            let order = if encounter.coverage.payer_id == posting.payer_id {
                encounter.coverage.order
            } else {
                PayerOrder::Primary
            };
            prior_payers.push(PriorAdjudication {
                payer_order: order,
                payer: payer_info(prior),
                subscriber: encounter.subscriber_for(order),
                remittance: posting,
            });
        }
    }
    Ok(ClaimToBill {
        claim_id,
        encounter,
        coding,
        payer_order: coverage.order,
        subscriber: claim
            .billed_subscriber()
            .unwrap_or_else(|| encounter.subscriber_for(coverage.order)),
        coverage,
        payer: payer_info(payer),
        frequency,
        payer_claim_number: claim.payer_claim_number.clone(),
        prior_payers,
    })
}

/// Writes the claim alone with placeholder control numbers: every refusal, as findings.
pub fn check_billable(
    claim_id: ClaimId,
    claim: &Claim,
    payers: &PayerRegistry,
    frequency: Frequency,
    submitter: &Submitter,
    receiver: &Receiver,
    today: NaiveDate,
) -> Vec<ScrubFinding> {
    let bill = match to_bill(claim_id, claim, payers, frequency) {
        Ok(bill) => bill,
        Err(finding) => return vec![finding],
    };
    let placeholder = ControlNumbers {
        interchange: 1,
        group: 1,
        first_transaction: 1,
    };
    match write_batch(
        submitter,
        receiver,
        placeholder,
        today.and_time(chrono::NaiveTime::MIN),
        Usage::Test,
        &[bill],
    ) {
        Ok(_) => Vec::new(),
        Err(X837Error::Claim { problem, .. }) => vec![finding("x837.claim", problem.to_string())],
        Err(other) => vec![finding("x837.envelope", other.to_string())],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use claims_events::{sample, Encounter};

    fn claim(encounter: Encounter) -> Claim {
        Claim {
            coverage: Some(encounter.coverage.clone()),
            coding: Some(encounter.coding.clone()),
            encounter: Some(encounter),
            ..Claim::default()
        }
    }

    fn parties() -> (Submitter, Receiver) {
        let settings = crate::SubmissionSettings::default();
        (
            settings.submitter,
            crate::settings::receiver_for(&"availity".parse().unwrap()),
        )
    }

    #[test]
    fn a_complete_claim_is_billable() {
        let encounter = sample::encounter("springfield-fp", "ENC-1");
        let id = ClaimId::for_encounter(&encounter.partner, "ENC-1");
        let (submitter, receiver) = parties();
        let findings = check_billable(
            id,
            &claim(encounter),
            &PayerRegistry::sample(),
            Frequency::Original,
            &submitter,
            &receiver,
            NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
        );
        assert!(findings.is_empty(), "{findings:?}");
    }

    #[test]
    fn a_claim_the_writer_refuses_is_a_finding_not_a_failed_batch() {
        let mut encounter = sample::encounter("springfield-fp", "ENC-1");
        encounter.billing_provider.address.zip = "62701".into(); // 2010AA needs ZIP+4
        let id = ClaimId::for_encounter(&encounter.partner, "ENC-1");
        let (submitter, receiver) = parties();
        let findings = check_billable(
            id,
            &claim(encounter),
            &PayerRegistry::sample(),
            Frequency::Original,
            &submitter,
            &receiver,
            NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
        );
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].rule, "x837.claim");
        assert!(findings[0].message.contains("ZIP"), "{findings:?}");
    }
}
