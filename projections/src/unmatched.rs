//! The unmatched-remittances worklist: payments an 835 carried that the remittance service
//! could not apply to any claim, held in suspense (`unmatched-remittance/v1` records on
//! `claims.remit.<trace>`, see docs/contracts/remittance.md).
//!
//! # When an item leaves the list
//!
//! A suspense record is never amended or withdrawn; an item leaves the list in one of two
//! ways.
//!
//! **An operator resolves it.** `claims remittance resolve` publishes `suspense-resolve/v1`;
//! the remittance service posts the held payment to the claim the biller found (`apply`) or
//! posts nothing (`dismiss`), then appends a `suspense-resolution/v1` record naming the
//! payment (trace, CLP01, occurrence) on the same `claims.remit.<trace>` subject. That
//! record takes the item off the list; a second one for the same payment changes nothing.
//!
//! **The payer sends it again.** When the same payment (same trace, TRN02) arrives in another
//! 835 and the claim its CLP01 names can now take it (it has been registered since, or the
//! line or ledger problem was fixed), that claim gets a `RemittancePosted` with that trace.
//! Since the service posts a trace to a claim at most once, such a posting *is* the held
//! payment, applied. So an item leaves the list when its CLP01's claim gets a
//! `RemittancePosted` of its trace caused by a different INBOX message than the one that
//! held it. The same 835 can both post one CLP of a trace and hold another CLP of the same
//! trace and claim (say, a line that matches nothing); that posting names the same INBOX
//! message and does not clear the held one. A posting caused by an operator's command
//! (`inbox.ops.*`) clears nothing this way: the command says which payment it applied, and
//! its resolution record clears exactly that one ([`posting_clears`]).
//!
//! A payment that is never re-sent and never resolved (wrong payee, another system's claim,
//! a hand-typed CLP01) stays on the list.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use claims_events::{Causation, Cents, ClaimId};

/// The schema the remittance service writes.
pub const SCHEMA: &str = "unmatched-remittance/v1";

/// The schema of an operator's resolution of a held payment.
pub const RESOLUTION_SCHEMA: &str = "suspense-resolution/v1";

/// The worklist's name, in the API and the key layout.
pub const WORKLIST: &str = "unmatched-remittances";

/// The fields of an `unmatched-remittance/v1` record the worklist reads; others are ignored.
#[derive(Debug, Clone, Deserialize)]
struct Record {
    schema: String,
    trace: String,
    payer: Payer,
    partner: String,
    clp01: String,
    occurrence: u32,
    claim_id: Option<String>,
    reason: String,
    message: String,
    billed: String,
    paid: String,
    paid_on: Option<NaiveDate>,
    inbox: Inbox,
}

/// The fields of a `suspense-resolution/v1` record the worklist reads: which payment.
#[derive(Debug, Clone, Deserialize)]
struct Resolution {
    trace: String,
    clp01: String,
    occurrence: u32,
}

#[derive(Deserialize)]
struct Envelope {
    schema: String,
}

/// What a record on `claims.remit.*` does to the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SuspenseRecord {
    /// A payment held: a new item, unless already on the list.
    Held(Box<UnmatchedRemittance>),
    /// An operator resolved the held payment with this key: it leaves the list.
    Resolved { key: Vec<u8> },
}

impl SuspenseRecord {
    /// Reads a record of `claims.remit.*`; `None` for anything else (another schema,
    /// malformed JSON, amounts that are not money).
    pub fn read(
        payload: &[u8],
        log_sequence: u64,
        received_at: DateTime<Utc>,
    ) -> Option<SuspenseRecord> {
        let envelope: Envelope = serde_json::from_slice(payload).ok()?;
        if envelope.schema == RESOLUTION_SCHEMA {
            let r: Resolution = serde_json::from_slice(payload).ok()?;
            return Some(SuspenseRecord::Resolved {
                key: item_key(&r.trace, &r.clp01, r.occurrence),
            });
        }
        UnmatchedRemittance::from_record(payload, log_sequence, received_at)
            .map(|item| SuspenseRecord::Held(Box::new(item)))
    }
}

/// True when a posting of an item's trace to its claim, caused by `causation`, is that held
/// payment applied (see the module doc): caused by another 835 than the one that held it.
pub fn posting_clears(causation: &Causation, item: &UnmatchedRemittance) -> bool {
    match causation {
        Causation::Inbox { subject, .. } if subject.starts_with("inbox.ops.") => false,
        Causation::Inbox { sequence, .. } => *sequence != item.inbox_sequence,
        _ => true,
    }
}

#[derive(Debug, Clone, Deserialize)]
struct Payer {
    name: String,
    id: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct Inbox {
    sequence: u64,
}

/// One payment held in suspense, as the worklist shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnmatchedRemittance {
    /// TRN02, the check or EFT trace number.
    pub trace: String,
    /// The payer as the 835 names itself (N1*PR) and its id (REF*2U or N104), if given.
    pub payer_name: String,
    pub payer_id: Option<String>,
    /// The partner the 835 came from.
    pub partner: String,
    /// CLP01 exactly as the payer sent it.
    pub patient_control_number: String,
    /// 1 for the first CLP with this CLP01 under this trace, 2 for the second, ...
    pub occurrence: u32,
    /// Our claim, when CLP01 names one that exists but could not take the payment.
    pub claim_id: Option<String>,
    /// Why it is held: the stable code (`claim.unknown`, `line.unmatched`, ...) and words.
    pub reason: String,
    pub message: String,
    /// What the payer paid (CLP04) and billed (CLP03), in cents.
    pub amount: i64,
    pub billed: i64,
    /// BPR16, when the 835 gave one.
    pub paid_on: Option<NaiveDate>,
    /// When the suspense record was written (the server's time of storing it), which is
    /// when the 835 was processed.
    pub received_at: DateTime<Utc>,
    /// Where the record is in the `CLAIMS` log, and the 835 in `INBOX`.
    pub log_sequence: u64,
    pub inbox_sequence: u64,
}

impl UnmatchedRemittance {
    /// Reads a suspense record; `None` for anything else on `claims.remit.*` (another schema,
    /// malformed JSON, amounts that are not money).
    pub fn from_record(
        payload: &[u8],
        log_sequence: u64,
        received_at: DateTime<Utc>,
    ) -> Option<UnmatchedRemittance> {
        let record: Record = serde_json::from_slice(payload).ok()?;
        if record.schema != SCHEMA {
            return None;
        }
        Some(UnmatchedRemittance {
            amount: Cents::parse_decimal(&record.paid).ok()?.0,
            billed: Cents::parse_decimal(&record.billed).ok()?.0,
            trace: record.trace,
            payer_name: record.payer.name,
            payer_id: record.payer.id,
            partner: record.partner,
            patient_control_number: record.clp01,
            occurrence: record.occurrence,
            claim_id: record.claim_id,
            reason: record.reason,
            message: record.message,
            paid_on: record.paid_on,
            received_at,
            log_sequence,
            inbox_sequence: record.inbox.sequence,
        })
    }

    /// The item's key: one per (trace, CLP01, occurrence), as the remittance service
    /// identifies a held payment, so a record delivered twice is one item.
    pub fn key(&self) -> Vec<u8> {
        item_key(&self.trace, &self.patient_control_number, self.occurrence)
    }
}

/// The key of the held payment (trace, CLP01, occurrence), keyed under the claim a later
/// posting would name: CLP01 read as one of our claim ids.
fn item_key(trace: &str, clp01: &str, occurrence: u32) -> Vec<u8> {
    let mut key = prefix(trace, &claim_token(clp01));
    key.extend_from_slice(format!("{occurrence:010}").as_bytes());
    key
}

/// CLP01 as the claim id it names (canonical form), or as given when it names none.
fn claim_token(clp01: &str) -> String {
    clp01
        .parse::<ClaimId>()
        .map(|id| id.to_string())
        .unwrap_or_else(|_| clp01.to_owned())
}

pub const PREFIX: &str = "unmatched/";

/// The keys of the items held under `trace` for the claim `claim` (a claim id or a CLP01).
pub fn prefix(trace: &str, claim: &str) -> Vec<u8> {
    format!(
        "{PREFIX}{}/{}/",
        crate::keys::part(trace),
        crate::keys::part(claim)
    )
    .into_bytes()
}

/// The keys of the items a posting of `trace` to `claim_id` may have matched.
pub fn matched_by(trace: &str, claim_id: &ClaimId) -> Vec<u8> {
    prefix(trace, &claim_id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(clp01: &str) -> Vec<u8> {
        serde_json::to_vec(&serde_json::json!({
            "schema": "unmatched-remittance/v1", "trace": "EFT/7", "transaction": "0001",
            "payer": {"name": "MEDICARE PART B ILLINOIS", "id": "06102", "trace_payer_id": null},
            "partner": "availity", "clp01": clp01, "occurrence": 2, "claim_id": null,
            "reason": "claim.not_ours", "message": "not ours", "status": "1",
            "billed": "100.00", "paid": "80.05", "patient_responsibility": null,
            "payer_claim_number": null, "paid_on": "2026-12-10",
            "inbox": {"subject": "inbox.availity.era", "sequence": 42, "message_id": "ERA-1"}
        }))
        .unwrap()
    }

    #[test]
    fn a_suspense_record_is_read_to_the_cent_and_keyed_by_trace_claim_and_occurrence() {
        let at = DateTime::from_timestamp(1_795_000_000, 0).unwrap();
        let item = UnmatchedRemittance::from_record(&record("ACCT-77"), 9, at).unwrap();
        assert_eq!((item.amount, item.billed), (8005, 10000));
        assert_eq!(item.patient_control_number, "ACCT-77");
        assert_eq!((item.inbox_sequence, item.log_sequence), (42, 9));
        assert_eq!(
            String::from_utf8(item.key()).unwrap(),
            "unmatched/EFT%2F7/ACCT-77/0000000002",
            "a slash in the trace cannot reach into the next part of the key"
        );
    }

    #[test]
    fn a_clp01_that_is_a_claim_id_is_keyed_so_a_posting_to_that_claim_finds_it() {
        let id = ClaimId::for_encounter(&"springfield-fp".parse().unwrap(), "ENC-1");
        let at = DateTime::from_timestamp(1_795_000_000, 0).unwrap();
        let item = UnmatchedRemittance::from_record(&record(&id.to_string()), 9, at).unwrap();
        assert!(item.key().starts_with(&matched_by("EFT/7", &id)));
    }

    fn resolution(clp01: &str, occurrence: u32) -> Vec<u8> {
        serde_json::to_vec(&serde_json::json!({
            "schema": "suspense-resolution/v1", "trace": "EFT/7", "clp01": clp01,
            "occurrence": occurrence, "action": "dismissed", "claim_id": null,
            "reason": "not_our_patient", "note": null, "operator": "biller-3",
            "resolved_at": "2026-12-11T09:00:00Z",
            "command": {"subject": "inbox.ops.suspense-resolve", "sequence": 50, "message_id": "R-1"}
        }))
        .unwrap()
    }

    #[test]
    fn a_resolution_names_the_key_of_the_item_it_resolves() {
        let at = DateTime::from_timestamp(1_795_000_000, 0).unwrap();
        let item = UnmatchedRemittance::from_record(&record("ACCT-77"), 9, at).unwrap();
        assert_eq!(
            SuspenseRecord::read(&resolution("ACCT-77", 2), 10, at),
            Some(SuspenseRecord::Resolved { key: item.key() })
        );
        assert_ne!(
            SuspenseRecord::read(&resolution("ACCT-77", 1), 10, at),
            Some(SuspenseRecord::Resolved { key: item.key() }),
            "another occurrence is another payment"
        );
        assert_eq!(
            SuspenseRecord::read(&record("ACCT-77"), 9, at),
            Some(SuspenseRecord::Held(Box::new(item)))
        );
    }

    #[test]
    fn an_operators_posting_clears_nothing_by_trace_but_another_835s_does() {
        let at = DateTime::from_timestamp(1_795_000_000, 0).unwrap();
        let item = UnmatchedRemittance::from_record(&record("ACCT-77"), 9, at).unwrap();
        let inbox = |subject: &str, sequence| Causation::Inbox {
            subject: subject.into(),
            sequence,
            message_id: None,
        };
        assert!(posting_clears(&inbox("inbox.availity.era", 43), &item));
        assert!(
            !posting_clears(&inbox("inbox.availity.era", 42), &item),
            "the 835 that held it"
        );
        assert!(!posting_clears(
            &inbox("inbox.ops.suspense-resolve", 43),
            &item
        ));
    }

    /// The items and the two counters after applying `records` cut into chunks of `size`.
    fn applied(records: &[Vec<u8>], size: usize) -> (Vec<String>, i64, i64) {
        use crate::projection::{LogItem, Projection};
        let dir = tempfile::tempdir().unwrap();
        let projection =
            Projection::open(dir.path(), &claims_payers::PayerRegistry::sample()).unwrap();
        let at = DateTime::from_timestamp(1_795_000_000, 0).unwrap();
        let items: Vec<LogItem> = (1u64..)
            .zip(records)
            .map(|(sequence, payload)| LogItem::Remittance {
                sequence,
                stored_at: at,
                payload: payload.clone().into(),
            })
            .collect();
        let mut through = 0;
        for chunk in items.chunks(size) {
            through += chunk.len() as u64;
            projection.apply(chunk, through).unwrap();
        }
        let left = projection.unmatched().unwrap();
        (
            left.into_iter()
                .map(|i| format!("{} {}", i.patient_control_number, i.occurrence))
                .collect(),
            projection.counter(&format!("worklist/{WORKLIST}")).unwrap(),
            projection.counter("total/unmatched_amount").unwrap(),
        )
    }

    #[test]
    fn a_resolved_item_leaves_the_list_once_however_the_log_is_cut_into_chunks() {
        let records = [
            record("ACCT-77"),
            record("ACCT-78"),
            resolution("ACCT-77", 2),
            resolution("ACCT-77", 2),
            resolution("ACCT-79", 2),
        ];
        for size in 1..=records.len() {
            assert_eq!(
                applied(&records, size),
                (vec!["ACCT-78 2".to_owned()], 1, 8005),
                "in chunks of {size}: a repeated resolution, or one of nothing held, takes nothing more off"
            );
        }
    }

    #[test]
    fn other_schemas_are_not_suspense_items() {
        let at = DateTime::from_timestamp(1_795_000_000, 0).unwrap();
        let other = br#"{"schema": "batch/v1", "trace": "x"}"#;
        assert_eq!(UnmatchedRemittance::from_record(other, 1, at), None);
        assert_eq!(SuspenseRecord::read(other, 1, at), None);
    }
}
