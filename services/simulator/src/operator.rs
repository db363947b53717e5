//! Simulated coders and billers (`--operators`): they work the coding and denial queues
//! with the same operator commands the CLI publishes, JSON on `inbox.ops.<command>` answered
//! by receipts on `outbox.ops.receipts`.
//!
//! They know what needs work the way the partners know it: a practice knows which of its
//! encounters it coded carelessly, the clearinghouse which claims it rejected, a payer which
//! it denied. A command the system refuses because the claim is not there yet (not triaged,
//! still being coded) is tried again later, a few times, with growing pauses; each refusal is
//! kept by the system in `DEADLETTER`, as every refused command is.
//!
//! The actions are those the services accept today: `code-correct`, `denial-correct`,
//! `appeal-file`, `bill-patient` and `write-off`. Rebilling another payer (`rebill`) needs a
//! second coverage the simulated encounters do not carry, so those denials are written off.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use claims_events::ClaimId;

use crate::adjudicate::ClaimPaid;
use crate::bus::{BusError, Receipts};
use crate::config::Shared;
use crate::decisions::Decision;
use crate::ledger::{work_for, Work};
use crate::progress::add;
use crate::x837::BilledClaim;

/// Refusals tried again before the operator gives up on an item.
const ATTEMPTS: u32 = 7;

/// One work item: a command for a claim.
#[derive(Debug, Clone)]
pub struct Task {
    pub claim_id: ClaimId,
    /// The `<command>` of `inbox.ops.<command>`.
    pub kind: &'static str,
    pub body: Value,
    pub attempt: u32,
}

impl Task {
    fn new(claim_id: ClaimId, kind: &'static str, mut body: Value) -> Task {
        body["schema"] = Value::from(format!("{kind}/v1"));
        body["claim_id"] = Value::from(claim_id.to_string());
        Task {
            claim_id,
            kind,
            body,
            attempt: 0,
        }
    }

    /// A coder replaces the careless diagnosis with the right one.
    pub fn correct_coding(shared: &Shared, claim_id: ClaimId) -> Option<Task> {
        let (diagnoses, lines) = coding_of(shared, &claim_id)?;
        Some(Task::new(
            claim_id,
            "code-correct",
            json!({"operator": "sim-coder", "diagnoses": diagnoses, "lines": lines,
            "note": "principal diagnosis coded to the highest specificity documented"}),
        ))
    }

    /// A biller fixes a claim the clearinghouse rejected and sends it again.
    pub fn fix_rejection(shared: &Shared, claim_id: &str) -> Option<Task> {
        let claim_id: ClaimId = claim_id.parse().ok()?;
        let (diagnoses, lines) = coding_of(shared, &claim_id)?;
        Some(Task::new(
            claim_id,
            "denial-correct",
            json!({"operator": "sim-biller", "diagnoses": diagnoses, "lines": lines,
            "note": "front-end rejection: subscriber and provider details verified, sent again"}),
        ))
    }

    /// What a biller does about a payer's decision, if anything.
    pub fn for_decision(
        shared: &Shared,
        billed: &BilledClaim,
        decision: Decision,
        paid: &ClaimPaid,
    ) -> Option<Task> {
        let claim_id: ClaimId = billed.claim_id.parse().ok()?;
        let (denial, amount) = match decision {
            Decision::Denied(denial) => (denial, paid.billed),
            Decision::Partial(denial) if denial.group != "PR" && denial.carc != "45" => {
                (denial, paid.lines.last().map_or(0, |l| l.charge))
            }
            _ => return None,
        };
        let amount = format!("{}.{:02}", amount / 100, amount % 100);
        let operator = "sim-biller";
        Some(match (work_for(&denial), decision) {
            (_, Decision::Partial(_)) | (Work::WriteOff(_), _) => {
                let reason = match work_for(&denial) {
                    Work::WriteOff(reason) => reason,
                    _ => "other",
                };
                Task::new(
                    claim_id,
                    "write-off",
                    json!({"operator": operator, "amount": amount, "reason": reason,
                    "note": format!("{}-{} not collectible from the payer or the patient", denial.group, denial.carc)}),
                )
            }
            (Work::Correct, _) => {
                let (diagnoses, lines) = coding_of(shared, &claim_id)?;
                Task::new(
                    claim_id,
                    "denial-correct",
                    json!({"operator": operator, "diagnoses": diagnoses, "lines": lines,
                    "note": format!("corrected claim for {}-{}: missing information and records added", denial.group, denial.carc)}),
                )
            }
            (Work::Appeal, _) => Task::new(
                claim_id,
                "appeal-file",
                json!({"operator": operator, "level": 1,
                "reason": "the service was medically necessary and documented; records enclosed"}),
            ),
            (Work::BillPatient, _) => Task::new(
                claim_id,
                "bill-patient",
                json!({"operator": operator,
                "note": format!("{}-{}: the payer assigned the balance to the patient", denial.group, denial.carc)}),
            ),
        })
    }
}

/// The claim's codes as they should be, from the ledger.
fn coding_of(shared: &Shared, claim_id: &ClaimId) -> Option<(Vec<String>, Value)> {
    let ledger = shared.ledger.lock().expect("ledger");
    let record = ledger.claims.get(claim_id)?;
    Some((record.diagnoses.clone(), record.lines.clone()))
}

/// Works the queue until `shutdown`.
pub async fn run(
    shared: Arc<Shared>,
    mut queue: mpsc::UnboundedReceiver<Task>,
    shutdown: CancellationToken,
) -> Result<(), BusError> {
    let receipts =
        Receipts::subscribe(&shared.client, "outbox.ops.receipts", shutdown.clone()).await?;
    loop {
        let task = tokio::select! {
            _ = shutdown.cancelled() => return Ok(()),
            task = queue.recv() => task,
        };
        let Some(task) = task else { return Ok(()) };
        shared
            .stats
            .pending
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let (shared, receipts, shutdown) = (shared.clone(), receipts.clone(), shutdown.clone());
        tokio::spawn(async move {
            work(&shared, &receipts, task, &shutdown).await;
            shared
                .stats
                .pending
                .fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
        });
    }
}

/// Sends one command, tried again on refusal until it is accepted or the attempts run out.
async fn work(shared: &Shared, receipts: &Receipts, mut task: Task, shutdown: &CancellationToken) {
    let subject = format!("inbox.ops.{}", task.kind);
    loop {
        let pause = shared.config.operator_delay * 2u32.pow(task.attempt.min(5));
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = tokio::time::sleep(pause) => {}
        }
        let id = format!(
            "sim-op-{}-{}-{}-{}",
            shared.run_nonce, task.claim_id, task.kind, task.attempt
        );
        let payload = serde_json::to_vec(&task.body).unwrap_or_default();
        let answer = receipts
            .send(&shared.js, &subject, &id, payload, Duration::from_secs(30))
            .await;
        let refusal = match answer {
            Ok((_, Some(receipt))) if receipt["status"] == "accepted" => {
                let outcome = receipt["outcome"].as_str().unwrap_or("done").to_owned();
                shared
                    .ledger
                    .lock()
                    .expect("ledger")
                    .worked(&task.claim_id, task.kind, &outcome);
                add(&shared.stats.operator_done, 1);
                return;
            }
            Ok((_, Some(receipt))) => receipt["errors"][0]["code"]
                .as_str()
                .unwrap_or("refused")
                .to_owned(),
            Ok((_, None)) => "no receipt".to_owned(),
            Err(error) => error.to_string(),
        };
        task.attempt += 1;
        if task.attempt >= ATTEMPTS {
            tracing::info!(claim_id = %task.claim_id, kind = task.kind, refusal, "an operator gave up on a work item");
            shared.ledger.lock().expect("ledger").worked(
                &task.claim_id,
                task.kind,
                &format!("refused: {refusal}"),
            );
            add(&shared.stats.operator_refused, 1);
            return;
        }
    }
}
