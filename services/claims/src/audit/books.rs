//! A claim's books as verification replays them: what must hold after every commit, and the
//! little of the claim that is kept between commits to check it.
//!
//! `claims audit verify --all` folds every claim of the log at once, so what it keeps per
//! claim must stay small (a million commits over 100k claims). The fold's money rules read
//! nothing but the ledger, the status and the events (`Claim::evolve`), so `Books` keeps
//! those two and rebuilds a claim around them for each commit, folding with the one
//! `Claim::apply` everyone uses. Measured on the benchmark's claims (10 commits each): a
//! full `Claim` holds about 4.9 KB (490 MB for 100k claims), `Books` 80 bytes. A test checks
//! that the slim fold and `Claim::replay` agree at every step of a full cycle.

use claims_events::claim::LedgerViolation;
use claims_events::event::Event;
use claims_events::{Cents, Claim, ClaimStatus, Commit, Ledger};

/// The part of a claim's fold that the ledger checks need.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Books {
    pub ledger: Ledger,
    pub status: Option<ClaimStatus>,
    /// The violation reported last, so a part that stays negative is reported once, where it
    /// went wrong, not again at every later commit.
    reported: Option<LedgerViolation>,
}

impl Books {
    /// Applies one commit and says what no longer holds after it.
    pub fn apply(&mut self, commit: &Commit) -> Vec<String> {
        let before = Claim {
            ledger: self.ledger,
            status: self.status,
            ..Claim::default()
        };
        let after = before.apply(commit);
        let problems = check(&after, commit, &mut self.reported);
        self.ledger = after.ledger;
        self.status = after.status;
        problems
    }
}

/// Checks the claim as it stands after `commit`: every ledger part non-negative, a write-off
/// never larger than what was open, the charge the sum of the coding lines, and an 837 that
/// billed what the lines add up to.
///
/// `reported` is the violation already reported for this claim; it is updated, and a
/// violation equal to it is not reported again.
pub fn check(
    after: &Claim,
    commit: &Commit,
    reported: &mut Option<LedgerViolation>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let ledger = &after.ledger;
    let violation = ledger.check().err();
    if let Some(violation) = &violation {
        if reported.as_ref() != Some(violation) {
            problems.push(format!("ledger broken after this commit: {violation}"));
        }
    }
    *reported = violation;

    // `Ledger::check` allows a negative open balance (a credit from an overpayment), so a
    // write-off larger than the balance passes it; it is caught here, where it happens.
    let written_off: Cents = commit
        .events
        .iter()
        .filter_map(|event| match event {
            Event::BalanceWrittenOff(e) => Some(e.amount),
            _ => None,
        })
        .sum();
    if written_off != Cents::ZERO && ledger.open().is_negative() {
        problems.push(format!(
            "{written_off} written off, more than was open: leaves a credit balance of {}",
            ledger.open().abs()
        ));
    }

    // Only a commit that sets the coding leaves it in a slim fold; the charge changes only then.
    if let Some(coding) = &after.coding {
        let lines = coding.total_charge();
        if ledger.charge != lines {
            problems.push(format!(
                "charge {} is not the sum of the coding lines ({lines})",
                ledger.charge
            ));
        }
    }
    for event in &commit.events {
        if let Event::ClaimSubmitted(submitted) = event {
            if submitted.charge != ledger.charge {
                problems.push(format!(
                    "submitted with a charge of {}, but the claim's lines add up to {}",
                    submitted.charge, ledger.charge
                ));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::cycle;

    #[test]
    fn the_slim_fold_agrees_with_the_full_replay_at_every_step() {
        let commits = cycle::full_cycle();
        let mut books = Books::default();
        for (index, commit) in commits.iter().enumerate() {
            assert_eq!(books.apply(commit), Vec::<String>::new(), "step {index}");
            let full = Claim::replay(&commits[..=index]);
            assert_eq!(books.ledger, full.ledger, "ledger after step {index}");
            assert_eq!(books.status, full.status, "status after step {index}");
        }
        assert_eq!(books.status, Some(ClaimStatus::PatientBilled));
    }

    #[test]
    fn a_reversal_of_more_than_was_paid_is_reported_once() {
        let mut books = Books::default();
        for commit in &cycle::full_cycle()[..3] {
            books.apply(commit);
        }
        let over = cycle::commit(3, vec![cycle::reversal(Cents(50_000))]);
        let problems = books.apply(&over);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("paid is negative (-$500.00)"),
            "{problems:?}"
        );
        let later = cycle::commit(4, vec![cycle::follow_up()]);
        assert!(
            books.apply(&later).is_empty(),
            "reported where it went wrong only"
        );
    }

    #[test]
    fn a_write_off_larger_than_the_open_balance_is_reported() {
        let mut books = Books::default();
        books.apply(&cycle::full_cycle()[0]);
        let problems = books.apply(&cycle::commit(1, vec![cycle::write_off(Cents(20_000))]));
        assert_eq!(
            problems,
            vec!["$200.00 written off, more than was open: leaves a credit balance of $57.00"]
        );
    }

    #[test]
    fn a_submission_billing_another_amount_than_the_lines_is_reported() {
        let mut books = Books::default();
        books.apply(&cycle::full_cycle()[0]);
        let problems = books.apply(&cycle::commit(1, vec![cycle::submitted(Cents(9_900))]));
        assert_eq!(
            problems,
            vec!["submitted with a charge of $99.00, but the claim's lines add up to $143.00"]
        );
    }
}
