//! Which of the claim's payers an 835 speaks for.
//!
//! The 835 names its payer in X12 terms (N1*PR name, REF*2U or N104 payer id, TRN03 the
//! payer's "1" + tax id), while the log knows payers by registry id (`medicare-il`). The
//! claim itself knows whom it billed, so the answer is always one of the claim's own
//! coverages, never a guess from a name:
//!
//! 1. the coverage whose registry payer has the 835's payer id (REF*2U / N104 / TRN03) as
//!    its X12 payer id;
//! 2. otherwise, for CLP02 2 or 20 (processed as secondary), the encounter's secondary
//!    coverage;
//! 3. otherwise the coverage billed now (`claim.coverage`).
//!
//! An 835 whose payer id is a registry payer the claim never had as a coverage is not
//! posted: its money belongs to someone else's claim (or the CLP01 is wrong).

use claims_events::event::ClaimPaymentStatus;
use claims_events::{Claim, Coverage, PayerId};
use claims_payers::PayerRegistry;
use claims_x12::remittance::Remittance;

/// Why no coverage of the claim matches the 835.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotPayable {
    /// The claim has no coverage at all (never registered).
    NoCoverage,
    /// The 835 is from this registry payer, which is none of the claim's coverages.
    OtherPayer(PayerId),
}

/// The coverage of `claim` that `remittance` pays under.
pub fn coverage_paid<'c>(
    claim: &'c Claim,
    remittance: &Remittance,
    status: &ClaimPaymentStatus,
    payers: &PayerRegistry,
) -> Result<&'c Coverage, NotPayable> {
    let encounter = claim.encounter.as_ref();
    let secondary = encounter.and_then(|e| e.secondary_coverage.as_ref());
    let known: Vec<&Coverage> = claim
        .coverage
        .iter()
        .chain(encounter.map(|e| &e.coverage))
        .chain(secondary)
        .collect();
    let ids = x12_ids(remittance);
    let by_id = known.iter().copied().find(|coverage| {
        payers.get(&coverage.payer_id).is_some_and(|payer| {
            ids.iter()
                .any(|id| id.eq_ignore_ascii_case(&payer.x12_payer_id))
        })
    });
    let by_order = matches!(
        status,
        ClaimPaymentStatus::Processed(2) | ClaimPaymentStatus::ProcessedAndForwarded(20)
    )
    .then_some(secondary)
    .flatten();
    if let Some(coverage) = by_id.or(by_order) {
        return Ok(coverage);
    }
    let other = payers.iter().find(|payer| {
        ids.iter()
            .any(|id| id.eq_ignore_ascii_case(&payer.x12_payer_id))
    });
    match (other, claim.coverage.as_ref()) {
        (Some(payer), _) => Err(NotPayable::OtherPayer(payer.id.clone())),
        (None, Some(coverage)) => Ok(coverage),
        (None, None) => Err(NotPayable::NoCoverage),
    }
}

/// The identifiers the 835 gives its payer: REF*2U or N104, TRN03, and TRN03 without the
/// leading `1` that marks a tax id.
fn x12_ids<'a>(remittance: &Remittance<'a>) -> Vec<&'a str> {
    let mut ids: Vec<&str> = remittance.payer.payer_id().into_iter().collect();
    if let Some(trn03) = remittance.trace.payer_id {
        ids.push(trn03);
        if let Some(tax_id) = trn03.strip_prefix('1') {
            ids.push(tax_id);
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use claims_events::{sample, Event};
    use claims_x12::remittance::read_835;

    fn remittance(payer_ref: &str) -> Remittance<'static> {
        let text = format!(
            "ISA*00*          *00*          *ZZ*P              *ZZ*R              *261210*0900*^*00501*000000001*0*T*:~\
             GS*HP*P*R*20261210*0900*1*X*005010X221A1~ST*835*0001~BPR*I*0*C*NON************20261210~\
             TRN*1*T1*1999999999~N1*PR*SOME PAYER~{payer_ref}N1*PE*R*XX*1234567893~SE*{}*0001~GE*1*1~IEA*1*000000001~",
            if payer_ref.is_empty() { 6 } else { 7 }
        );
        // The records borrow the text: a test's few hundred bytes may live until it ends.
        read_835(text.leak()).expect("test 835 reads").remove(0)
    }

    fn claim_with_secondary() -> Claim {
        let mut encounter = sample::encounter("springfield-fp", "ENC-1");
        encounter.secondary_coverage = Some(Coverage {
            payer_id: "aetna".parse().unwrap(),
            plan: "Aetna PPO".into(),
            order: claims_events::PayerOrder::Secondary,
        });
        let event = Event::ClaimRegistered(claims_events::event::ClaimRegistered { encounter });
        Claim::default().evolve(&event, chrono::Utc::now())
    }

    #[test]
    fn the_payer_id_picks_the_coverage_and_the_status_breaks_ties() {
        let claim = claim_with_secondary();
        let payers = PayerRegistry::sample();
        let primary = ClaimPaymentStatus::Processed(1);
        let aetna = remittance("REF*2U*60054~");
        let unnamed = remittance("");
        let pick = |r: &Remittance<'_>, s: &ClaimPaymentStatus| {
            coverage_paid(&claim, r, s, &payers)
                .ok()
                .map(|c| c.payer_id.to_string())
        };
        assert_eq!(pick(&aetna, &primary).as_deref(), Some("aetna"));
        assert_eq!(pick(&unnamed, &primary).as_deref(), Some("medicare-il"));
        assert_eq!(
            pick(&unnamed, &ClaimPaymentStatus::Processed(2)).as_deref(),
            Some("aetna")
        );
        assert_eq!(
            coverage_paid(&Claim::default(), &unnamed, &primary, &payers),
            Err(NotPayable::NoCoverage)
        );
        let united = remittance("REF*2U*87726~");
        assert_eq!(
            coverage_paid(&claim, &united, &primary, &payers),
            Err(NotPayable::OtherPayer("united-healthcare".parse().unwrap()))
        );
    }
}
