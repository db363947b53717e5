//! Writing a batch's 837P from the claims marked for it, putting it in the clearinghouse's
//! outbox, and marking the batch published. The batcher does this right after marking the
//! claims; the recovery loop does exactly the same from the log when the batcher did not.
//!
//! The 837 is built only from what the log holds (the claims as they were when marked, their
//! `ClaimSubmitted` events, the batch record's creation time), so both paths write the same
//! text, and the outbox's `Nats-Msg-Id` `837:<batch id>` stores it once.

use std::sync::Arc;

use async_nats::HeaderMap;
use chrono::{DateTime, Utc};

use claims_events::event::ClaimSubmitted;
use claims_events::{subjects, Claim, ClaimId};
use claims_payers::PayerRegistry;
use claims_store::StoreError;

use crate::batch_log::{BatchLog, BatchPublished, BatchRecord, Transaction};
use crate::bill::to_bill;
use crate::settings::receiver_for;
use crate::x837::{write_batch, ControlNumbers, Submitter, Usage};

/// Header naming the batch of an 837 in the outbox.
pub const BATCH_ID_HEADER: &str = "Claims-Batch-Id";
/// Header with the 837's ISA13, for partners that route on it.
pub const INTERCHANGE_HEADER: &str = "Claims-Interchange-Control";

/// One claim in a batch: as it was when marked, and the mark.
#[derive(Debug, Clone)]
pub struct Billed {
    pub claim_id: ClaimId,
    /// The claim's state just before its `ClaimSubmitted`.
    pub state: Claim,
    pub submitted: ClaimSubmitted,
}

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// NATS failed: try again later; the batch stays unmarked until it succeeds.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The log holds a batch that cannot be written (a gap in its ST02s, a claim the writer
    /// refuses). A defect, not a transient failure: an operator must look at the batch.
    #[error("batch {batch_id} cannot be written: {reason}")]
    Unwritable {
        batch_id: uuid::Uuid,
        reason: String,
    },
}

/// What every 837 is written with.
#[derive(Clone)]
pub struct Publisher {
    pub log: BatchLog,
    pub payers: Arc<PayerRegistry>,
    pub submitter: Submitter,
    pub usage: Usage,
}

impl Publisher {
    /// Writes and publishes the batch recorded at `record_sequence` with `billed` claims,
    /// then marks it; returns the 837's outbox sequence (`None` for an empty batch).
    pub async fn publish(
        &self,
        record_sequence: u64,
        record: &BatchRecord,
        mut billed: Vec<Billed>,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<u64>, PublishError> {
        let unwritable = |reason: String| PublishError::Unwritable {
            batch_id: record.batch_id,
            reason,
        };
        billed.sort_by_key(|b| b.submitted.transaction_control.parse::<u32>().unwrap_or(0));
        let control = crate::batch_log::control_number(record_sequence);
        for (n, b) in billed.iter().enumerate() {
            let expected = format!("{:04}", n + 1);
            if b.submitted.transaction_control != expected
                || b.submitted.interchange_control != control
            {
                return Err(unwritable(format!(
                    "claim {} holds ST02 {} of ISA13 {}, expected {expected} of {control}",
                    b.claim_id, b.submitted.transaction_control, b.submitted.interchange_control
                )));
            }
        }
        let transactions: Vec<Transaction> = billed
            .iter()
            .map(|b| Transaction {
                claim_id: b.claim_id,
                transaction_control: b.submitted.transaction_control.clone(),
            })
            .collect();
        let outbox_sequence = if billed.is_empty() {
            None
        } else {
            Some(self.send(record, control, &billed).await?)
        };
        let marker = BatchPublished {
            batch_id: record.batch_id,
            interchange_control: control,
            transactions,
            outbox_sequence,
            published_at: now,
            by: by.to_owned(),
        };
        if !self.log.mark_published(record_sequence, &marker).await? {
            tracing::debug!(batch_id = %record.batch_id, "batch was already marked published");
        }
        Ok(outbox_sequence)
    }

    async fn send(
        &self,
        record: &BatchRecord,
        control: u32,
        billed: &[Billed],
    ) -> Result<u64, PublishError> {
        let unwritable = |reason: String| PublishError::Unwritable {
            batch_id: record.batch_id,
            reason,
        };
        let bills = billed
            .iter()
            .map(|b| to_bill(b.claim_id, &b.state, &self.payers, b.submitted.frequency))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|finding| unwritable(finding.message))?;
        let numbers = ControlNumbers {
            interchange: control,
            group: control,
            first_transaction: 1,
        };
        let batch = write_batch(
            &self.submitter,
            &receiver_for(&record.clearinghouse),
            numbers,
            record.created_at.naive_utc(),
            self.usage,
            &bills,
        )
        .map_err(|e| unwritable(e.to_string()))?;
        let mut headers = HeaderMap::new();
        headers.insert(BATCH_ID_HEADER, record.batch_id.to_string().as_str());
        headers.insert(INTERCHANGE_HEADER, format!("{control:09}").as_str());
        let sequence = self
            .log
            .store()
            .publish(
                subjects::outbox(&record.clearinghouse, "837"),
                &format!("837:{}", record.batch_id),
                headers,
                batch.text.into_bytes().into(),
            )
            .await?;
        tracing::info!(
            batch_id = %record.batch_id,
            clearinghouse = %record.clearinghouse,
            payer_id = %record.payer_id,
            interchange_control = control,
            claims = billed.len(),
            outbox_sequence = sequence,
            "837 batch published"
        );
        Ok(sequence)
    }
}
