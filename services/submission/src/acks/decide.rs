//! What a matched acknowledgment means for one claim. Pure.
//!
//! An acknowledgment only moves a claim that is waiting for it: a 999 rejection only the
//! submission it names (batch and ST02), a 277CA only a claim still `Submitted` or
//! `Accepted`. An answer about an older submission, or one already recorded, changes
//! nothing; it is not an error either, since clearinghouses resend files.

use uuid::Uuid;

use claims_events::event::{Acknowledgment, ClaimAccepted, ClaimRejected, RejectionReason};
use claims_events::{Claim, ClaimStatus, Event};

/// One thing an acknowledgment file says about one claim, once matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AckAction {
    /// A 999 rejected the transaction set that carried the claim.
    Rejected999 {
        batch_id: Uuid,
        transaction_control: String,
        reasons: Vec<RejectionReason>,
    },
    /// A 277CA accepted the claim into adjudication.
    Accepted277 {
        payer_claim_number: Option<String>,
        status_code: String,
    },
    /// A 277CA rejected the claim at the front end.
    Rejected277 { reasons: Vec<RejectionReason> },
}

/// The events for `actions` (in file order) on `claim`; empty when nothing changes.
pub fn decide_acks(claim: &Claim, input_key: &str, actions: &[AckAction]) -> Vec<Event> {
    if claim.has_handled(input_key) {
        return Vec::new();
    }
    let mut state = claim.clone();
    let mut events = Vec::new();
    for action in actions {
        if let Some(event) = decide_one(&state, action) {
            // Later actions of the same file see this one's effect.
            let at = state.last_changed.unwrap_or_default();
            state = state.evolve(&event, at);
            events.push(event);
        }
    }
    events
}

fn decide_one(claim: &Claim, action: &AckAction) -> Option<Event> {
    let status = claim.status();
    match action {
        AckAction::Rejected999 {
            batch_id,
            transaction_control,
            reasons,
        } => {
            let current = claim.submissions.last()?;
            let same = current.event.batch_id == *batch_id
                && same_control(&current.event.transaction_control, transaction_control);
            (same && status == ClaimStatus::Submitted).then(|| {
                Event::ClaimRejected(ClaimRejected {
                    acknowledgment: Acknowledgment::Implementation999,
                    reasons: reasons.clone(),
                })
            })
        }
        AckAction::Accepted277 {
            payer_claim_number,
            status_code,
        } => {
            let news = match status {
                ClaimStatus::Submitted => true,
                // A later 277CA (the payer's, after the clearinghouse's) may bring the
                // payer's claim number; without one it says nothing new.
                ClaimStatus::Accepted => {
                    payer_claim_number.is_some() && *payer_claim_number != claim.payer_claim_number
                }
                _ => false,
            };
            news.then(|| {
                Event::ClaimAccepted(ClaimAccepted {
                    acknowledgment: Acknowledgment::ClaimAck277,
                    payer_claim_number: payer_claim_number.clone(),
                    status_code: status_code.clone(),
                })
            })
        }
        AckAction::Rejected277 { reasons } => {
            matches!(status, ClaimStatus::Submitted | ClaimStatus::Accepted).then(|| {
                Event::ClaimRejected(ClaimRejected {
                    acknowledgment: Acknowledgment::ClaimAck277,
                    reasons: reasons.clone(),
                })
            })
        }
    }
}

/// ST02s compare as numbers (`0001` and `1`), or as text when they are not numbers.
pub fn same_control(a: &str, b: &str) -> bool {
    match (a.trim().parse::<u32>(), b.trim().parse::<u32>()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a.trim() == b.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use claims_events::event::{ClaimSubmitted, Frequency};
    use claims_events::{Cents, PayerOrder};

    fn submitted(batch_id: Uuid, st02: &str) -> Claim {
        let event = ClaimSubmitted {
            batch_id,
            clearinghouse: "availity".parse().unwrap(),
            payer_id: "medicare-il".parse().unwrap(),
            payer_order: PayerOrder::Primary,
            frequency: Frequency::Original,
            charge: Cents(14300),
            interchange_control: 9,
            group_control: 9,
            transaction_control: st02.into(),
        };
        Claim::default().evolve(&Event::ClaimSubmitted(event), Utc::now())
    }

    fn reasons() -> Vec<RejectionReason> {
        vec![RejectionReason {
            code: "A7:562".into(),
            message: "entity's NPI invalid".into(),
        }]
    }

    #[test]
    fn a_999_rejects_the_submission_it_names_and_no_other() {
        let batch = Uuid::now_v7();
        let claim = submitted(batch, "0002");
        let reject = |batch_id, st02: &str| AckAction::Rejected999 {
            batch_id,
            transaction_control: st02.into(),
            reasons: reasons(),
        };
        let events = decide_acks(&claim, "k", &[reject(batch, "2")]);
        assert!(
            matches!(&events[..], [Event::ClaimRejected(r)] if r.acknowledgment == Acknowledgment::Implementation999)
        );
        assert!(decide_acks(&claim, "k", &[reject(Uuid::now_v7(), "0002")]).is_empty());
        assert!(decide_acks(&claim, "k", &[reject(batch, "0003")]).is_empty());
    }

    #[test]
    fn a_277ca_acceptance_keeps_the_payers_claim_number() {
        let claim = submitted(Uuid::now_v7(), "0001");
        let accept = AckAction::Accepted277 {
            payer_claim_number: Some("26331000123".into()),
            status_code: "A1:20".into(),
        };
        let events = decide_acks(&claim, "k", std::slice::from_ref(&accept));
        let Event::ClaimAccepted(accepted) = &events[0] else {
            panic!("{events:?}")
        };
        assert_eq!(accepted.payer_claim_number.as_deref(), Some("26331000123"));
        let after = claim.evolve(&events[0], Utc::now());
        assert!(
            decide_acks(&after, "k2", &[accept]).is_empty(),
            "the same number again is no news"
        );
    }

    #[test]
    fn a_277ca_rejection_moves_an_accepted_claim_back_but_not_a_paid_one() {
        let mut claim = submitted(Uuid::now_v7(), "0001");
        claim.status = Some(ClaimStatus::Accepted);
        let reject = AckAction::Rejected277 { reasons: reasons() };
        assert_eq!(
            decide_acks(&claim, "k", std::slice::from_ref(&reject)).len(),
            1
        );
        claim.status = Some(ClaimStatus::Paid);
        assert!(decide_acks(&claim, "k", &[reject]).is_empty());
    }
}
