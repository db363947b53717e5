//! Matching a read acknowledgment file to our batches and claims, all of it before any of
//! it is applied: one batch, transaction set or claim that is not ours refuses the whole
//! file, so a file is applied entirely or not at all.
//!
//! A 999 names a batch by its GS06, which is the stream sequence of the batch's record
//! (see [`crate::batch_log`]), and each claim by the ST02 the batch gave it: the batch's
//! published marker lists them, or, before it is written, the claims' own
//! `ClaimSubmitted` events do. A 277CA names each claim by its CLM01, our claim id, which
//! must have been sent to the clearinghouse that answers.

use std::collections::BTreeMap;

use claims_events::{ClaimId, PartnerId};
use claims_store::{EventStore, StoreError};

use super::decide::{same_control, AckAction};
use super::read::{AckFile, ClaimVerdict, GroupVerdict, Verdict277};
use crate::batch_log::{BatchEntry, BatchLog, BatchRecord};
use crate::receipt::Problem;

/// Per claim, what the file says about it, in file order.
pub type Matched = BTreeMap<ClaimId, Vec<AckAction>>;

/// Matches `file` from `clearinghouse`: every action, or every problem.
pub async fn resolve(
    store: &EventStore,
    log: &BatchLog,
    clearinghouse: &PartnerId,
    file: &AckFile,
) -> Result<Result<Matched, Vec<Problem>>, StoreError> {
    let mut matched = Matched::new();
    let mut problems = Vec::new();
    match file {
        AckFile::Implementation(groups) => {
            for group in groups {
                resolve_group(
                    log,
                    store,
                    clearinghouse,
                    group,
                    &mut matched,
                    &mut problems,
                )
                .await?;
            }
        }
        AckFile::ClaimAcks(claims) => {
            for (n, verdict) in claims.iter().enumerate() {
                resolve_claim(
                    store,
                    clearinghouse,
                    n,
                    verdict,
                    &mut matched,
                    &mut problems,
                )
                .await?;
            }
        }
    }
    Ok(if problems.is_empty() {
        Ok(matched)
    } else {
        Err(problems)
    })
}

async fn resolve_group(
    log: &BatchLog,
    store: &EventStore,
    clearinghouse: &PartnerId,
    group: &GroupVerdict,
    matched: &mut Matched,
    problems: &mut Vec<Problem>,
) -> Result<(), StoreError> {
    let Some((sequence, record)) = log
        .find_by_control(group.group_control, clearinghouse)
        .await?
    else {
        problems.push(Problem::new(
            "AK102",
            "ack.unmatched_batch",
            format!(
                "no 837 batch with group control number {} was sent to {clearinghouse}",
                group.group_control
            ),
        ));
        return Ok(());
    };
    let sets = transactions(log, store, sequence, &record).await?;
    let act = |claim_id: ClaimId, st02: &str, reasons: &Vec<_>, matched: &mut Matched| {
        matched
            .entry(claim_id)
            .or_default()
            .push(AckAction::Rejected999 {
                batch_id: record.batch_id,
                transaction_control: st02.to_owned(),
                reasons: reasons.clone(),
            });
    };
    if let Some(reasons) = &group.group_rejection {
        for (claim_id, st02) in &sets {
            act(*claim_id, st02, reasons, matched);
        }
    }
    for set in &group.sets {
        let found = sets
            .iter()
            .find(|(_, st02)| same_control(st02, &set.transaction_control));
        match (found, &set.rejection) {
            (None, _) => problems.push(Problem::new(
                "AK202",
                "ack.unmatched_transaction",
                format!(
                    "batch {} (group control number {}) has no transaction set {}",
                    record.batch_id, group.group_control, set.transaction_control
                ),
            )),
            (Some((claim_id, st02)), Some(reasons)) => act(*claim_id, st02, reasons, matched),
            (Some(_), None) => {}
        }
    }
    Ok(())
}

/// The (claim, ST02) pairs of a batch: from its marker, or from the claims' own marks.
async fn transactions(
    log: &BatchLog,
    store: &EventStore,
    sequence: u64,
    record: &BatchRecord,
) -> Result<Vec<(ClaimId, String)>, StoreError> {
    if let Some((last, BatchEntry::Published(published))) = log.last(&record.batch_id).await? {
        if last > sequence {
            return Ok(published
                .transactions
                .into_iter()
                .map(|t| (t.claim_id, t.transaction_control))
                .collect());
        }
    }
    let mut sets = Vec::new();
    for claim_id in &record.claims {
        let claim = store.load(*claim_id).await?;
        let submission = claim
            .state
            .submissions
            .iter()
            .rev()
            .find(|s| s.event.batch_id == record.batch_id);
        if let Some(submission) = submission {
            sets.push((*claim_id, submission.event.transaction_control.clone()));
        }
    }
    Ok(sets)
}

async fn resolve_claim(
    store: &EventStore,
    clearinghouse: &PartnerId,
    n: usize,
    verdict: &ClaimVerdict,
    matched: &mut Matched,
    problems: &mut Vec<Problem>,
) -> Result<(), StoreError> {
    let path = format!("TRN02[{n}]");
    let unmatched = |message: String| Problem::new(&path, "ack.unmatched_claim", message);
    let Ok(claim_id) = verdict.claim_id.trim().parse::<ClaimId>() else {
        problems.push(unmatched(format!(
            "`{}` is not a claim id this system sends as CLM01",
            verdict.claim_id
        )));
        return Ok(());
    };
    let claim = store.load(claim_id).await?;
    let sent_here = claim
        .state
        .submissions
        .iter()
        .any(|s| s.event.clearinghouse == *clearinghouse);
    if !sent_here {
        problems.push(unmatched(format!(
            "claim {claim_id} was never sent to {clearinghouse} in an 837"
        )));
        return Ok(());
    }
    let action = match &verdict.verdict {
        Verdict277::Accepted {
            payer_claim_number,
            status_code,
        } => AckAction::Accepted277 {
            payer_claim_number: payer_claim_number.clone(),
            status_code: status_code.clone(),
        },
        Verdict277::Rejected(reasons) => AckAction::Rejected277 {
            reasons: reasons.clone(),
        },
    };
    matched.entry(claim_id).or_default().push(action);
    Ok(())
}
