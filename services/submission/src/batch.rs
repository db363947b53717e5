//! One batch: the claims queued for one clearinghouse and payer become one 837.
//!
//! The order of steps is what makes a crash at any point harmless:
//!
//! 1. each queued claim is scrubbed again as of today (and refused if it moved on);
//! 2. the batch is recorded in the log, which fixes its control numbers;
//! 3. each claim is marked `ClaimSubmitted` with its ST02, one at a time, with optimistic
//!    concurrency, so a claim another instance took is refused here and left out;
//! 4. the 837 is written from the marked claims and published, and the batch marked
//!    published ([`crate::publish`]);
//! 5. the queue messages are acked.
//!
//! If the process dies after 2 or 3, the queue messages come back and the marked claims
//! are no longer `Coded`, so they are not sent twice; the recovery loop publishes the
//! batch of whatever claims were marked ([`crate::recovery`]). A store failure while
//! marking stops the batch right there for the same reason: ST02s stay contiguous, and the
//! recovery loop sends what was marked.

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_nats::jetstream::{AckKind, Message};
use uuid::Uuid;

use claims_events::commit::input_key;
use claims_events::event::Event;
use claims_events::{Actor, Causation, ClaimId, PartnerId, PayerId};
use claims_runtime::{decide_and_append, Clock, CommandError, Outcome};
use claims_store::{Decision, EventStore, LoadedClaim};

use crate::batch_log::{control_number, BatchRecord};
use crate::decide::{decide_ready, decide_submission, NotSubmitted, Ready, Slot};
use crate::publish::{Billed, Publisher};
use crate::queue::ReadyMessage;
use crate::SERVICE;

/// A queue message and what it says.
pub struct Queued {
    pub ready: ReadyMessage,
    pub message: Message,
}

/// What one batch needs.
pub struct Batching {
    pub store: EventStore,
    pub publisher: Publisher,
    pub clock: Arc<dyn Clock>,
    pub max_conflicts: u32,
    /// Claims are marked for a batch only this long after its record (half the recovery
    /// delay), so the recovery loop never publishes a batch still being filled.
    pub marking_window: Duration,
}

/// A claim that may go in the batch: its queue message and the key of its coded commit.
struct Candidate {
    claim_id: ClaimId,
    key: String,
    causation: Causation,
    queued: Queued,
}

impl Batching {
    /// Sends the claims queued for (`clearinghouse`, `payer_id`) as one batch.
    pub async fn send(&self, clearinghouse: &PartnerId, payer_id: &PayerId, queued: Vec<Queued>) {
        let (candidates, mut done) = self.candidates(clearinghouse, payer_id, queued).await;
        if candidates.is_empty() {
            finish(done, Vec::new()).await;
            return;
        }
        let started = Instant::now();
        let record = BatchRecord {
            batch_id: Uuid::now_v7(),
            clearinghouse: clearinghouse.clone(),
            payer_id: payer_id.clone(),
            claims: candidates.iter().map(|c| c.claim_id).collect(),
            created_at: self.clock.now(),
        };
        let record_sequence = match self.publisher.log.record(&record).await {
            Ok(sequence) => sequence,
            Err(error) => {
                tracing::warn!(%error, "cannot record a batch; its claims go back to the queue");
                let back = candidates.into_iter().map(|c| c.queued).collect();
                finish(done, back).await;
                return;
            }
        };
        let mut slot = Slot {
            batch_id: record.batch_id,
            clearinghouse: clearinghouse.clone(),
            payer_id: payer_id.clone(),
            control: control_number(record_sequence),
            transaction: 1,
        };
        let mut billed = Vec::new();
        let mut back = Vec::new();
        // Set when a mark may or may not have landed: only the log can tell, so the batch
        // is left to the recovery loop, which reads it.
        let mut uncertain = false;
        for candidate in candidates {
            if uncertain || started.elapsed() > self.marking_window {
                back.push(candidate.queued);
                continue;
            }
            match self.mark(&candidate, &slot).await {
                Marked::Billed(claim) => {
                    billed.push(*claim);
                    slot.transaction += 1;
                    done.push(candidate.queued);
                }
                Marked::Refused => done.push(candidate.queued),
                Marked::Failed => {
                    uncertain = true;
                    back.push(candidate.queued);
                }
            }
        }
        if !uncertain {
            let publish = self.publisher.publish(
                record_sequence,
                &record,
                billed,
                "batcher",
                self.clock.now(),
            );
            if let Err(error) = publish.await {
                tracing::warn!(batch_id = %record.batch_id, %error, "batch not published; the recovery loop will");
            }
        }
        finish(done, back).await;
    }

    /// Scrubs every queued claim again; claims that may go are returned, the others' queue
    /// messages are done with (a scrub failure is appended on the way).
    async fn candidates(
        &self,
        clearinghouse: &PartnerId,
        payer_id: &PayerId,
        queued: Vec<Queued>,
    ) -> (Vec<Candidate>, Vec<Queued>) {
        let mut candidates: Vec<Candidate> = Vec::new();
        let mut done = Vec::new();
        for item in queued {
            let claim_id = item.ready.claim_id;
            // A claim queued twice goes once, under its newest coded commit.
            if let Some(index) = candidates.iter().position(|c| c.claim_id == claim_id) {
                if candidates[index].queued.ready.coded_sequence < item.ready.coded_sequence {
                    let older = std::mem::replace(&mut candidates[index], self.candidate(item));
                    done.push(older.queued);
                } else {
                    done.push(item);
                }
                continue;
            }
            candidates.push(self.candidate(item));
        }
        let mut kept = Vec::new();
        for candidate in candidates {
            match self.rescrub(&candidate, clearinghouse, payer_id).await {
                Ok(true) => kept.push(candidate),
                Ok(false) => done.push(candidate.queued),
                Err(error) => {
                    tracing::warn!(claim_id = %candidate.claim_id, %error, "cannot scrub a queued claim; it goes back to the queue");
                    nak(candidate.queued).await;
                }
            }
        }
        (kept, done)
    }

    fn candidate(&self, queued: Queued) -> Candidate {
        let claim_id = queued.ready.claim_id;
        let causation = Causation::Commit {
            claim_id,
            sequence: queued.ready.coded_sequence,
        };
        Candidate {
            claim_id,
            key: input_key(SERVICE, &causation),
            causation,
            queued,
        }
    }

    /// True if the claim is still clean for this queue; appends its scrub failure if not.
    async fn rescrub(
        &self,
        candidate: &Candidate,
        clearinghouse: &PartnerId,
        payer_id: &PayerId,
    ) -> Result<bool, String> {
        let publisher = &self.publisher;
        let today = self.clock.now().date_naive();
        let mut verdict = Ready::Nothing;
        let outcome = decide_and_append(
            &self.store,
            candidate.claim_id,
            self.clock.as_ref(),
            self.max_conflicts,
            |claim| {
                verdict = decide_ready(
                    candidate.claim_id,
                    &claim.state,
                    &candidate.key,
                    &publisher.payers,
                    &publisher.submitter,
                    today,
                );
                let Ready::Failed(failed) = &verdict else {
                    return Ok::<_, std::convert::Infallible>(None);
                };
                Ok(Some(decision(
                    claim,
                    &candidate.causation,
                    Event::ScrubFailed(failed.clone()),
                )))
            },
        )
        .await;
        match outcome {
            Ok(_) => Ok(matches!(
                &verdict,
                Ready::Clean { clearinghouse: c, payer_id: p } if c == clearinghouse && p == payer_id
            )),
            Err(CommandError::Refused(never)) => match never {},
            Err(error) => Err(error.to_string()),
        }
    }

    async fn mark(&self, candidate: &Candidate, slot: &Slot) -> Marked {
        let mut submitted = None;
        let outcome = decide_and_append(
            &self.store,
            candidate.claim_id,
            self.clock.as_ref(),
            self.max_conflicts,
            |claim| {
                let event: Option<_> = decide_submission(&claim.state, &candidate.key, slot)?;
                submitted = event.clone();
                Ok::<_, NotSubmitted>(
                    event.map(|e| decision(claim, &candidate.causation, Event::ClaimSubmitted(e))),
                )
            },
        )
        .await;
        match (outcome, submitted) {
            (Ok(Outcome::Appended { before, .. }), Some(submitted)) => {
                Marked::Billed(Box::new(Billed {
                    claim_id: candidate.claim_id,
                    state: before.state,
                    submitted,
                }))
            }
            (Ok(_), _) => Marked::Failed,
            (Err(CommandError::Refused(reason)), _) => {
                tracing::debug!(claim_id = %candidate.claim_id, ?reason, "queued claim left out of the batch");
                Marked::Refused
            }
            (Err(error), _) => {
                tracing::warn!(claim_id = %candidate.claim_id, %error, "cannot mark a claim submitted");
                Marked::Failed
            }
        }
    }
}

enum Marked {
    /// Boxed: a claim's state is large and the other outcomes carry nothing.
    Billed(Box<Billed>),
    /// Not `Coded` any more, or rebilled: its queue message is done with.
    Refused,
    /// Unknown whether the mark landed: the batch stops here.
    Failed,
}

/// A system decision on `claim`, in the correlation of the claim's latest commit.
fn decision(claim: &LoadedClaim, causation: &Causation, event: Event) -> Decision {
    Decision {
        service: SERVICE.into(),
        actor: Actor::System,
        causation: causation.clone(),
        correlation_id: claim
            .commits
            .last()
            .map_or_else(Uuid::now_v7, |c| c.commit.correlation_id),
        events: vec![event],
    }
}

/// Acks what is done with and hands the rest back to the queue.
async fn finish(done: Vec<Queued>, back: Vec<Queued>) {
    for queued in done {
        if let Err(error) = queued.message.ack().await {
            tracing::warn!(%error, "queue ack failed; the claim will be looked at again");
        }
    }
    for queued in back {
        nak(queued).await;
    }
}

async fn nak(queued: Queued) {
    let _ = queued
        .message
        .ack_with(AckKind::Nak(Some(Duration::from_secs(1))))
        .await;
}
