//! What the simulated clearinghouse and payers decide about a claim, as pure functions of the
//! seed, the claim id and how many times they have seen it.
//!
//! Keeping decisions here, apart from the loops that act on them, is what lets the ledger
//! predict a claim's whole path when the encounter is generated, and a test compare that
//! prediction with what the system did. The shares are those an operations team meets (and
//! DOMAIN.md's benchmarks describe): about 95 % clean at the front end, most claims paid
//! with a contractual adjustment and a patient share, denials under 15 % across the CARCs a
//! biller works. A claim sent again after a fix is accepted and paid: the fix worked.

use crate::rng::Rng;

/// The clearinghouse's answer to one claim of an 837.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Accept,
    /// The 999 rejects the claim's transaction set (a syntax or code value error).
    Reject999,
    /// The 277CA rejects the claim: (category, status code, entity, message).
    Reject277(&'static str, &'static str, &'static str, &'static str),
}

const REJECTIONS_277: &[(&str, &str, &str, &str)] = &[
    (
        "A7",
        "562",
        "85",
        "BILLING PROVIDER NPI NOT ENROLLED WITH PAYER",
    ),
    ("A7", "33", "IL", "SUBSCRIBER ID NOT FOUND"),
    ("A3", "21", "", "MISSING OR INVALID INFORMATION"),
    (
        "A7",
        "164",
        "IL",
        "ENTITY CONTRACT OR MEMBER DATES DO NOT MATCH",
    ),
];

/// The verdict on a claim the clearinghouse sees for the `attempt`-th time (0 = first).
pub fn verdict(seed: u64, claim_id: &str, attempt: u32) -> Verdict {
    if attempt > 0 {
        return Verdict::Accept;
    }
    let mut rng = Rng::for_key(seed, "clearinghouse", claim_id);
    match rng.weighted(&[955, 15, 30]) {
        0 => Verdict::Accept,
        1 => Verdict::Reject999,
        _ => {
            let (category, code, entity, message) = *rng.pick(REJECTIONS_277);
            Verdict::Reject277(category, code, entity, message)
        }
    }
}

/// A denial reason: CAS group, CARC, and the remark (RARC) payers send with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Denial {
    pub group: &'static str,
    pub carc: &'static str,
    pub remark: Option<&'static str>,
}

const fn denial(group: &'static str, carc: &'static str, remark: Option<&'static str>) -> Denial {
    Denial {
        group,
        carc,
        remark,
    }
}

/// Whole-claim denials with their relative frequency.
const CLAIM_DENIALS: &[(Denial, u64)] = &[
    (denial("CO", "16", Some("MA130")), 14),
    (denial("CO", "18", None), 6),
    (denial("OA", "22", Some("MA04")), 6),
    (denial("PR", "27", None), 8),
    (denial("CO", "29", None), 4),
    (denial("CO", "50", Some("N115")), 12),
    (denial("CO", "96", Some("N130")), 6),
    (denial("PR", "96", Some("N130")), 4),
    (denial("CO", "97", Some("M15")), 5),
    (denial("CO", "109", None), 6),
    (denial("CO", "167", Some("N386")), 8),
    (denial("CO", "197", None), 8),
    (denial("CO", "204", None), 4),
    (denial("PR", "204", None), 3),
    (denial("CO", "252", Some("N706")), 6),
];

/// One line denied while the rest is paid.
const LINE_DENIALS: &[(Denial, u64)] = &[
    (denial("CO", "97", Some("M15")), 40),
    (denial("CO", "96", Some("N130")), 15),
    (denial("PR", "204", None), 15),
    (denial("PI", "45", None), 15),
    (denial("CO", "204", None), 15),
];

/// What a payer does with a claim it adjudicates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Paid with CO-45 and the patient's share.
    Paid,
    /// Paid, then reversed (CLP02 22) and paid again corrected in a later 835.
    PaidThenReversed,
    /// Paid but for one line (the last), denied.
    Partial(Denial),
    /// The whole claim denied (CLP02 4).
    Denied(Denial),
}

/// The payer's decision the `adjudication`-th time it adjudicates the claim (0 = first):
/// a corrected or resubmitted claim, and an appealed one, are paid.
pub fn decision(seed: u64, claim_id: &str, adjudication: u32, lines: usize) -> Decision {
    if adjudication > 0 {
        return Decision::Paid;
    }
    let mut rng = Rng::for_key(seed, "payer", claim_id);
    let weighted = |rng: &mut Rng, table: &[(Denial, u64)]| {
        let weights: Vec<u64> = table.iter().map(|(_, w)| *w).collect();
        table[rng.weighted(&weights)].0
    };
    match rng.weighted(&[800, 25, 70, 105]) {
        0 => Decision::Paid,
        1 => Decision::PaidThenReversed,
        2 if lines > 1 => Decision::Partial(weighted(&mut rng, LINE_DENIALS)),
        2 => Decision::Paid,
        _ => Decision::Denied(weighted(&mut rng, CLAIM_DENIALS)),
    }
}

/// Whether a payer sends its `n`-th remittance file of a run (counting from 1) twice, as
/// a gateway that lost the acknowledgment does: every tenth, starting with the first, so
/// even a short run shows the system posting a retransmitted file once.
pub fn resends_file(n: u64) -> bool {
    n % 10 == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_those_of_a_working_revenue_cycle() {
        let ids: Vec<String> = (0..4000).map(|n| format!("claim-{n}")).collect();
        let accepted = ids
            .iter()
            .filter(|id| verdict(1, id, 0) == Verdict::Accept)
            .count();
        assert!((3700..3900).contains(&accepted), "{accepted}");
        let denied = ids
            .iter()
            .filter(|id| matches!(decision(1, id, 0, 2), Decision::Denied(_)))
            .count();
        assert!((350..620).contains(&denied), "{denied}");
        let paid = ids
            .iter()
            .filter(|id| decision(1, id, 0, 2) == Decision::Paid)
            .count();
        assert!(paid > 2900, "{paid}");
    }

    #[test]
    fn a_claim_sent_again_is_accepted_and_paid() {
        for n in 0..500 {
            let id = format!("claim-{n}");
            assert_eq!(verdict(3, &id, 1), Verdict::Accept);
            assert_eq!(decision(3, &id, 1, 2), Decision::Paid);
            assert_eq!(verdict(3, &id, 0), verdict(3, &id, 0));
        }
    }

    #[test]
    fn one_line_claims_are_never_partly_paid() {
        for n in 0..2000 {
            assert!(!matches!(
                decision(5, &format!("c{n}"), 0, 1),
                Decision::Partial(_)
            ));
        }
    }
}
