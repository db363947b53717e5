//! A payer's adjudication of one billed claim, to the cent: the allowed amount by fee
//! schedule, the contractual reduction (CO-45), the patient's share (PR-1 deductible, PR-2
//! coinsurance, PR-3 copay) and, when the decision says so, a denied line or claim.
//!
//! Everything balances by construction at line level (charge − CAS = paid) and so at claim
//! level; the 835 writer checks both again with the system's own balancing rules before a
//! file leaves. Amounts depend only on the seed, the claim and the adjudication number, so a
//! test can recompute what a payer paid.

use crate::decisions::{Decision, Denial};
use crate::rng::Rng;
use crate::x837::BilledClaim;

/// One CAS triplet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cas {
    pub group: &'static str,
    pub reason: &'static str,
    pub cents: i64,
}

/// One SVC loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinePaid {
    pub procedure: String,
    pub modifiers: Vec<String>,
    pub charge: i64,
    pub paid: i64,
    pub allowed: Option<i64>,
    pub units: String,
    pub adjustments: Vec<Cas>,
    pub remark: Option<&'static str>,
}

/// One CLP loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimPaid {
    pub claim_id: String,
    /// CLP02: `1` processed as primary, `4` denied, `22` reversal.
    pub status: &'static str,
    pub billed: i64,
    pub paid: i64,
    /// CLP07, the payer's claim control number.
    pub icn: String,
    pub adjustments: Vec<Cas>,
    pub remark: Option<&'static str>,
    pub lines: Vec<LinePaid>,
    /// For NM1*QC (kept in memory, never logged).
    pub patient_last: String,
    pub patient_first: String,
    pub member_id: String,
}

impl ClaimPaid {
    /// CLP05: the sum of every PR adjustment.
    pub fn patient_share(&self) -> i64 {
        self.all_adjustments()
            .filter(|c| c.group == "PR")
            .map(|c| c.cents)
            .sum()
    }

    pub fn all_adjustments(&self) -> impl Iterator<Item = &Cas> {
        self.adjustments
            .iter()
            .chain(self.lines.iter().flat_map(|l| &l.adjustments))
    }
}

/// The payer's claim control number for the `adjudication`-th adjudication of a claim.
pub fn payer_claim_number(seed: u64, claim_id: &str, adjudication: u32) -> String {
    let mut rng = Rng::for_key(seed, "icn", &format!("{claim_id}/{adjudication}"));
    format!("26{:011}", rng.below(100_000_000_000))
}

/// Allowed per mille of the charge: Medicare and Medicaid pay by fee schedule well below
/// practice charges, commercial plans by contract somewhat closer.
fn fee_schedule(payer_id: &str) -> (i64, i64) {
    match payer_id {
        "medicare-il" => (520, 580),
        "illinois-medicaid" => (400, 480),
        "bluecross-il" => (650, 750),
        "aetna" => (680, 780),
        _ => (620, 720),
    }
}

/// Adjudicates `claim` as `decision` says; `fee_bump` (per mille) raises the allowed amount,
/// as a corrected payment after a reversal does.
pub fn adjudicate(
    seed: u64,
    payer_id: &str,
    claim: &BilledClaim,
    decision: Decision,
    adjudication: u32,
    fee_bump: i64,
) -> ClaimPaid {
    let mut rng = Rng::for_key(
        seed,
        "adjudicate",
        &format!("{}/{adjudication}", claim.claim_id),
    );
    let (low, high) = fee_schedule(payer_id);
    let factor = rng.between(low, high) + fee_bump;
    let last = claim.lines.len().saturating_sub(1);
    let mut lines: Vec<LinePaid> = claim
        .lines
        .iter()
        .map(|line| {
            let allowed = (line.charge_cents * factor + 500) / 1000;
            let mut adjustments = Vec::new();
            if line.charge_cents > allowed {
                adjustments.push(Cas {
                    group: "CO",
                    reason: "45",
                    cents: line.charge_cents - allowed,
                });
            }
            LinePaid {
                procedure: line.procedure.clone(),
                modifiers: line.modifiers.clone(),
                charge: line.charge_cents,
                paid: allowed,
                allowed: Some(allowed),
                units: line.units.clone(),
                adjustments,
                remark: None,
            }
        })
        .collect();
    let denied_line = |line: &mut LinePaid, denial: &Denial| {
        line.adjustments = vec![Cas {
            group: denial.group,
            reason: denial.carc,
            cents: line.charge,
        }];
        line.paid = 0;
        line.allowed = None;
        line.remark = denial.remark;
    };
    let mut status = "1";
    let mut remark = None;
    match decision {
        Decision::Denied(denial) => {
            status = "4";
            remark = denial.remark;
            for line in &mut lines {
                denied_line(line, &denial);
                line.remark = None;
            }
        }
        Decision::Partial(denial) if denial.carc == "45" => {
            // A fee-schedule reduction the payer reports under its own group (PI), not CO.
            for cas in &mut lines[last].adjustments {
                cas.group = denial.group;
            }
        }
        Decision::Partial(denial) => denied_line(&mut lines[last], &denial),
        Decision::Paid | Decision::PaidThenReversed => {}
    }
    if status == "1" {
        patient_share(&mut rng, payer_id, &mut lines);
    }
    ClaimPaid {
        claim_id: claim.claim_id.clone(),
        status,
        billed: claim.charge_cents,
        paid: lines.iter().map(|l| l.paid).sum(),
        icn: payer_claim_number(seed, &claim.claim_id, adjudication),
        adjustments: Vec::new(),
        remark,
        lines,
        patient_last: claim.patient_last.clone(),
        patient_first: claim.patient_first.clone(),
        member_id: claim.member_id.clone(),
    }
}

/// Moves the patient's share of the allowed amounts out of the payment, line by line:
/// Medicare's deductible and 20 % coinsurance, a commercial copay on the visit line or
/// coinsurance, nothing for Medicaid.
fn patient_share(rng: &mut Rng, payer_id: &str, lines: &mut [LinePaid]) {
    let allowed: i64 = lines.iter().filter_map(|l| l.allowed).sum();
    // A deductible larger than the visit would leave nothing paid; real ones often do, but a
    // demo's payments read better when every paid claim pays something.
    let mut deductible = match payer_id {
        "illinois-medicaid" => return,
        "medicare-il" if rng.chance(150) => rng.between(20, 120) * 100,
        "medicare-il" => 0,
        _ if rng.chance(200) => rng.between(25, 250) * 100,
        _ => 0,
    }
    .min(allowed / 2);
    let copay = (payer_id != "medicare-il" && rng.chance(550))
        .then(|| *rng.pick(&[2000, 2500, 3000, 4000]));
    let coinsurance = if payer_id == "medicare-il" {
        200
    } else if copay.is_none() {
        *rng.pick(&[100, 200])
    } else {
        0
    };
    for (i, line) in lines.iter_mut().enumerate() {
        let Some(allowed) = line.allowed.filter(|a| *a > 0) else {
            continue;
        };
        let mut owed = Vec::new();
        let take = deductible.min(allowed);
        if take > 0 {
            deductible -= take;
            owed.push(Cas {
                group: "PR",
                reason: "1",
                cents: take,
            });
        }
        match copay {
            Some(copay) if i == 0 => owed.push(Cas {
                group: "PR",
                reason: "3",
                cents: copay.min(allowed - take),
            }),
            _ => owed.push(Cas {
                group: "PR",
                reason: "2",
                cents: ((allowed - take) * coinsurance + 500) / 1000,
            }),
        }
        owed.retain(|c| c.cents > 0);
        line.paid -= owed.iter().map(|c| c.cents).sum::<i64>();
        line.adjustments.extend(owed);
    }
}

/// The reversal (CLP02 22) of an earlier payment: every amount negated, the adjustments
/// summed by group and reason at claim level, as payers send them.
pub fn reversal(original: &ClaimPaid) -> ClaimPaid {
    let mut adjustments: Vec<Cas> = Vec::new();
    for cas in original.all_adjustments() {
        match adjustments
            .iter_mut()
            .find(|c| c.group == cas.group && c.reason == cas.reason)
        {
            Some(sum) => sum.cents -= cas.cents,
            None => adjustments.push(Cas {
                group: cas.group,
                reason: cas.reason,
                cents: -cas.cents,
            }),
        }
    }
    ClaimPaid {
        status: "22",
        billed: -original.billed,
        paid: -original.paid,
        adjustments,
        remark: None,
        lines: Vec::new(),
        ..original.clone()
    }
}

#[cfg(test)]
#[path = "adjudicate_tests.rs"]
pub(crate) mod tests;
