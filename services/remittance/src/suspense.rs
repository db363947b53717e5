//! The suspense list: payments an 835 carried that could not be applied to a claim (an
//! unknown CLP01, a line or reversal that matches nothing), kept in the log so the money is
//! never lost from view.
//!
//! Each is one `unmatched-remittance/v1` JSON record on `claims.remit.<trace>` in the
//! `CLAIMS` stream, which is kept for ever and never purged, like the claims themselves. A
//! payment is identified by (trace, CLP01, occurrence of that CLP01 under the trace), not by
//! the message that carried it: the same 835 delivered twice, or the same payment in
//! another file, is recorded once. Within the server's duplicate window the `Nats-Msg-Id`
//! ensures it; beyond it, the trace's existing records are read first.
//!
//! An operator resolves a held payment with `suspense-resolve/v1` (see [`crate::resolve`]),
//! recorded as a `suspense-resolution/v1` beside it on the same subject
//! ([`crate::resolution`]); the held record itself is never amended.

use async_nats::jetstream::stream::DirectGetErrorKind;
use async_nats::HeaderMap;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use claims_events::{subjects, Cents, ClaimId, PartnerId};
use claims_runtime::Input;
use claims_store::{EventStore, StoreError, CLAIMS};
use claims_x12::remittance::{ClaimPayment, Remittance};

use crate::outcome::Suspense;
use crate::resolution::{self, SuspenseResolution};

pub const SCHEMA: &str = "unmatched-remittance/v1";

/// The 835's payer, as it named itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayerNamed {
    /// N1*PR N102.
    pub name: String,
    /// REF*2U, or N104.
    pub id: Option<String>,
    /// TRN03.
    pub trace_payer_id: Option<String>,
}

/// Where the 835 came in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxRef {
    pub subject: String,
    pub sequence: u64,
    pub message_id: Option<String>,
}

/// `unmatched-remittance/v1`: one payment held in suspense.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnmatchedRemittance {
    pub schema: String,
    /// TRN02, the check or EFT trace.
    pub trace: String,
    /// ST02 of the transaction set.
    pub transaction: String,
    pub payer: PayerNamed,
    /// The partner the 835 came from.
    pub partner: String,
    pub clp01: String,
    /// 1 for the first CLP with this CLP01 under this trace, 2 for the second, ...
    pub occurrence: u32,
    /// Our claim id, when CLP01 is one and the claim exists.
    pub claim_id: Option<String>,
    /// Why it is here: a stable code (`claim.unknown`, `line.unmatched`, ...) and words.
    pub reason: String,
    pub message: String,
    /// CLP02.
    pub status: String,
    /// CLP03, CLP04 and CLP05 as decimal strings.
    pub billed: String,
    pub paid: String,
    pub patient_responsibility: Option<String>,
    /// CLP07.
    pub payer_claim_number: Option<String>,
    /// BPR16.
    pub paid_on: Option<NaiveDate>,
    pub inbox: InboxRef,
}

impl UnmatchedRemittance {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        remittance: &Remittance,
        payment: &ClaimPayment,
        occurrence: u32,
        claim_id: Option<ClaimId>,
        why: &Suspense,
        partner: &PartnerId,
        input: &Input,
    ) -> UnmatchedRemittance {
        let cents = |c: i64| Cents(c).to_decimal_string();
        UnmatchedRemittance {
            schema: SCHEMA.into(),
            trace: remittance.trace.number.to_owned(),
            transaction: remittance.control_number.to_owned(),
            payer: PayerNamed {
                name: remittance.payer.name.to_owned(),
                id: remittance.payer.payer_id().map(str::to_owned),
                trace_payer_id: remittance.trace.payer_id.map(str::to_owned),
            },
            partner: partner.to_string(),
            clp01: payment.claim_id().to_owned(),
            occurrence,
            claim_id: claim_id.map(|id| id.to_string()),
            reason: why.code().into(),
            message: why.message(),
            status: payment.status.code().into(),
            billed: cents(payment.billed_cents),
            paid: cents(payment.paid_cents),
            patient_responsibility: payment.patient_responsibility_cents.map(cents),
            payer_claim_number: payment.payer_claim_control_number.map(str::to_owned),
            paid_on: remittance.payment.date,
            inbox: InboxRef {
                subject: input.subject.clone(),
                sequence: input.sequence,
                message_id: input.message_id.clone(),
            },
        }
    }

    fn identity(&self) -> (&str, &str, u32) {
        (&self.trace, &self.clp01, self.occurrence)
    }
}

/// Appends the records not already on the list; returns how many were new.
pub async fn record(
    store: &EventStore,
    records: &[UnmatchedRemittance],
) -> Result<usize, StoreError> {
    let mut added = 0;
    let mut traces: Vec<&str> = records.iter().map(|r| r.trace.as_str()).collect();
    traces.sort_unstable();
    traces.dedup();
    for trace in traces {
        let existing = recorded(store, trace).await?;
        for record in records.iter().filter(|r| r.trace == trace) {
            if existing.iter().any(|e| e.identity() == record.identity()) {
                continue;
            }
            let message_id = format!(
                "unmatched:{}:{}:{}",
                record.trace, record.clp01, record.occurrence
            );
            // Plain data: serialising cannot fail.
            let payload = serde_json::to_vec(record).unwrap_or_default();
            store
                .publish(
                    subjects::remittance(trace),
                    &message_id,
                    HeaderMap::new(),
                    payload.into(),
                )
                .await?;
            tracing::info!(trace, clp01 = %record.clp01, reason = %record.reason, "payment held in suspense");
            added += 1;
        }
    }
    Ok(added)
}

/// The suspense records already on a trace's subject.
pub async fn recorded(
    store: &EventStore,
    trace: &str,
) -> Result<Vec<UnmatchedRemittance>, StoreError> {
    Ok(on_trace(store, trace).await?.held)
}

/// What a trace's subject holds: the payments held, and the operators' resolutions of them.
#[derive(Debug, Default)]
pub struct TraceRecords {
    pub held: Vec<UnmatchedRemittance>,
    pub resolutions: Vec<SuspenseResolution>,
}

impl TraceRecords {
    /// The held payment (trace, CLP01, occurrence), if any.
    pub fn held(&self, clp01: &str, occurrence: u32) -> Option<&UnmatchedRemittance> {
        self.held
            .iter()
            .find(|r| r.clp01 == clp01 && r.occurrence == occurrence)
    }

    /// The resolution of the held payment (trace, CLP01, occurrence), if one was recorded.
    pub fn resolution(&self, clp01: &str, occurrence: u32) -> Option<&SuspenseResolution> {
        self.resolutions
            .iter()
            .find(|r| r.clp01 == clp01 && r.occurrence == occurrence)
    }
}

#[derive(Deserialize)]
struct Envelope {
    schema: String,
}

/// Every suspense record and resolution on a trace's subject, in log order.
pub async fn on_trace(store: &EventStore, trace: &str) -> Result<TraceRecords, StoreError> {
    let stream = store
        .jetstream()
        .get_stream(CLAIMS)
        .await
        .map_err(StoreError::unavailable)?;
    let subject = subjects::remittance(trace);
    let mut found = TraceRecords::default();
    let mut next = 1;
    loop {
        match stream
            .direct_get_next_for_subject(subject.as_str(), Some(next))
            .await
        {
            Ok(message) => {
                next = message.sequence + 1;
                // Only this trace's records count: another trace may differ only in
                // characters a subject cannot hold, and so share the subject.
                let payload = &message.payload;
                match serde_json::from_slice::<Envelope>(payload) {
                    Ok(e) if e.schema == SCHEMA => {
                        if let Ok(record) = serde_json::from_slice::<UnmatchedRemittance>(payload) {
                            if record.trace == trace {
                                found.held.push(record);
                            }
                        }
                    }
                    Ok(e) if e.schema == resolution::SCHEMA => {
                        if let Ok(record) = serde_json::from_slice::<SuspenseResolution>(payload) {
                            if record.trace == trace {
                                found.resolutions.push(record);
                            }
                        }
                    }
                    _ => {}
                }
            }
            Err(error) if error.kind() == DirectGetErrorKind::NotFound => return Ok(found),
            Err(error) => return Err(StoreError::unavailable(error)),
        }
    }
}
