//! What the system knows of each member's coverage: the latest `eligibility/v1` message per
//! (payer, member), kept in a JetStream key-value bucket so every registration instance
//! sees the same answers, and the claims held waiting for one.
//!
//! Keys never hold a member id: it is protected health information, and keys show up in
//! subjects and server logs. They hold the first 32 hex digits of its SHA-256 instead.

use async_nats::jetstream::{self, kv};
use bytes::Bytes;
use sha2::{Digest, Sha256};

use claims_events::event::{CoverageLapsed, EligibilityConfirmed, EligibilityPending};
use claims_events::{ClaimId, Encounter, Event, PayerId};
use claims_store::StoreError;

use crate::intake::{check_coverage, parse_eligibility, CoverageCheck, EligibilityRecord};

/// The bucket's name.
pub const BUCKET: &str = claims_store::ELIGIBILITY_BUCKET;

#[derive(Clone)]
pub struct EligibilityBook {
    kv: kv::Store,
}

fn member_key(payer: &PayerId, member_id: &str) -> String {
    let digest = Sha256::digest(member_id.trim().to_ascii_uppercase().as_bytes());
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("{payer}.{hex}")
}

impl EligibilityBook {
    /// Opens the bucket (provisioned with the streams, see `claims_store::layout`).
    pub async fn open(js: &jetstream::Context) -> Result<EligibilityBook, StoreError> {
        js.get_key_value(BUCKET)
            .await
            .map(|kv| EligibilityBook { kv })
            .map_err(StoreError::unavailable)
    }

    /// The latest eligibility on file for a member of a payer.
    pub async fn record(
        &self,
        payer: &PayerId,
        member_id: &str,
    ) -> Result<Option<EligibilityRecord>, String> {
        let key = format!("record.{}", member_key(payer, member_id));
        let Some(raw) = self.kv.get(key).await.map_err(|e| e.to_string())? else {
            return Ok(None);
        };
        // Only valid messages are stored, so a parse failure means the bucket was edited by hand.
        parse_eligibility(&raw)
            .map(Some)
            .map_err(|_| "stored eligibility record no longer parses".to_owned())
    }

    /// Stores an eligibility message (already parsed and valid) as the latest for its member.
    pub async fn store(&self, record: &EligibilityRecord, raw: Bytes) -> Result<(), String> {
        let key = format!("record.{}", member_key(&record.payer_id, &record.member_id));
        self.kv
            .put(key, raw)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    /// The coverage verdict for an encounter, as the events that record it.
    pub async fn coverage_events(&self, encounter: &Encounter) -> Result<Vec<Event>, String> {
        let payer = &encounter.coverage.payer_id;
        let record = self.record(payer, &encounter.subscriber.member_id).await?;
        Ok(vec![coverage_event(
            payer,
            check_coverage(encounter, record.as_ref()),
        )])
    }

    /// Remembers that `claim_id` waits for eligibility of its member.
    pub async fn hold(&self, encounter: &Encounter, claim_id: ClaimId) -> Result<(), String> {
        let key = hold_key(
            &encounter.coverage.payer_id,
            &encounter.subscriber.member_id,
        );
        self.update_holds(&key, |held| {
            if !held.contains(&claim_id) {
                held.push(claim_id);
            }
        })
        .await
    }

    /// The claims waiting for eligibility of this member.
    pub async fn held_claims(
        &self,
        payer: &PayerId,
        member_id: &str,
    ) -> Result<Vec<ClaimId>, String> {
        let entry = self
            .kv
            .entry(hold_key(payer, member_id))
            .await
            .map_err(|e| e.to_string())?;
        Ok(entry.map(|e| parse_holds(&e.value)).unwrap_or_default())
    }

    /// Releases a claim from the hold list once its coverage is decided.
    pub async fn release(
        &self,
        payer: &PayerId,
        member_id: &str,
        claim_id: ClaimId,
    ) -> Result<(), String> {
        self.update_holds(&hold_key(payer, member_id), |held| {
            held.retain(|id| *id != claim_id)
        })
        .await
    }

    /// Read-modify-write of one member's hold list, with compare-and-set on the revision so
    /// two instances never overwrite each other's holds.
    async fn update_holds(
        &self,
        key: &str,
        change: impl Fn(&mut Vec<ClaimId>),
    ) -> Result<(), String> {
        for _ in 0..16 {
            let entry = self.kv.entry(key).await.map_err(|e| e.to_string())?;
            let (mut held, revision) = match &entry {
                Some(e) if e.operation == kv::Operation::Put => (parse_holds(&e.value), e.revision),
                Some(e) => (Vec::new(), e.revision),
                None => (Vec::new(), 0),
            };
            change(&mut held);
            let value: Bytes = held
                .iter()
                .map(|id| format!("{id}\n"))
                .collect::<String>()
                .into();
            let written = if revision == 0 {
                self.kv
                    .create(key, value)
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            } else {
                self.kv
                    .update(key, value, revision)
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            };
            if written.is_ok() {
                return Ok(());
            }
        }
        Err(format!("hold list {key} kept changing"))
    }
}

fn hold_key(payer: &PayerId, member_id: &str) -> String {
    format!("hold.{}", member_key(payer, member_id))
}

fn parse_holds(value: &[u8]) -> Vec<ClaimId> {
    String::from_utf8_lossy(value)
        .lines()
        .filter_map(|line| line.parse().ok())
        .collect()
}

/// The event that records a coverage verdict.
pub fn coverage_event(payer: &PayerId, check: CoverageCheck) -> Event {
    match check {
        CoverageCheck::Confirmed { plan, start, end } => {
            Event::EligibilityConfirmed(EligibilityConfirmed {
                payer_id: payer.clone(),
                plan,
                coverage_start: start,
                coverage_end: end,
            })
        }
        CoverageCheck::Pending { reason } => Event::EligibilityPending(EligibilityPending {
            payer_id: payer.clone(),
            reason,
        }),
        CoverageCheck::Lapsed { reason, start, end } => Event::CoverageLapsed(CoverageLapsed {
            payer_id: payer.clone(),
            coverage_start: Some(start),
            coverage_end: end,
            reason,
        }),
    }
}
