//! Which claims the follow-up sweep should look at, kept in memory and rebuilt from the log
//! at start-up by reading `claims.claim.>` from the beginning, then following it.
//!
//! A claim is watched from registration until a payer answers it with a remittance (or it
//! is closed): while it waits for the payer, for follow-up; before the payer has it, for its
//! timely-filing limit. Only the few facts that say *when* to look are kept (date of
//! service, payer, when it was sent); the sweep loads the claim and the pure deciders make
//! the decision on its real history, so an imprecise index costs a read, never a wrong
//! event. Why memory and not a key-value bucket: the log already is the durable record, a
//! bucket on nats-server 2.9 has to be provisioned as a plain stream (see
//! `services/store/src/layout.rs`), and reading the log once per start is what projections
//! do anyway. At tens of millions of claims a snapshot would shorten the start.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use futures::StreamExt;

use claims_events::{ClaimId, Commit, Event, PayerId};
use claims_payers::PayerRegistry;
use claims_runtime::CancellationToken;
use claims_store::EventStore;

/// What the index knows of one claim.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Watched {
    pub service_date: Option<NaiveDate>,
    pub payer_id: Option<PayerId>,
    /// When it was last sent, while the payer has it and has not answered.
    pub submitted_at: Option<DateTime<Utc>>,
    /// The day the sweep last looked: once a day is enough.
    pub checked_on: Option<NaiveDate>,
}

/// The watched claims, shared by the task that follows the log and the sweep.
#[derive(Debug, Clone, Default)]
pub struct OpenClaims(Arc<Mutex<HashMap<ClaimId, Watched>>>);

impl OpenClaims {
    fn with<T>(&self, f: impl FnOnce(&mut HashMap<ClaimId, Watched>) -> T) -> T {
        let mut map = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut map)
    }

    /// Takes in one commit of the log.
    pub fn apply(&self, commit: &Commit) {
        self.with(|map| {
            for event in &commit.events {
                let reopens = matches!(
                    event,
                    Event::ClaimRegistered(_)
                        | Event::EncounterAmended(_)
                        | Event::RebilledToPayer(_)
                        | Event::SecondaryBillingQueued(_)
                        | Event::RebilledToPayerV2(_)
                        | Event::CorrectedClaimPrepared(_)
                        | Event::ClaimSubmitted(_)
                        | Event::ClaimRejected(_)
                );
                if matches!(event, Event::RemittancePosted(_) | Event::ClaimClosed(_)) {
                    map.remove(&commit.claim_id);
                    continue;
                }
                if !reopens {
                    continue;
                }
                let watched = map.entry(commit.claim_id).or_default();
                watched.checked_on = None;
                match event {
                    Event::ClaimRegistered(e) => {
                        watched.service_date = Some(e.encounter.service_date);
                        watched.payer_id = Some(e.encounter.coverage.payer_id.clone());
                    }
                    Event::EncounterAmended(e) => {
                        watched.service_date = Some(e.encounter.service_date);
                        watched.payer_id = Some(e.encounter.coverage.payer_id.clone());
                    }
                    Event::RebilledToPayer(e) => {
                        watched.payer_id = Some(e.coverage.payer_id.clone());
                        watched.submitted_at = None;
                    }
                    Event::RebilledToPayerV2(e) => {
                        watched.payer_id = Some(e.coverage.payer_id.clone());
                        watched.submitted_at = None;
                    }
                    Event::SecondaryBillingQueued(e) => {
                        watched.payer_id = Some(e.coverage.payer_id.clone());
                        watched.submitted_at = None;
                    }
                    Event::ClaimSubmitted(e) => {
                        watched.payer_id = Some(e.payer_id.clone());
                        watched.submitted_at = Some(commit.recorded_at);
                    }
                    Event::ClaimRejected(_) | Event::CorrectedClaimPrepared(_) => {
                        watched.submitted_at = None;
                    }
                    _ => {}
                }
            }
        })
    }

    /// Claims worth loading on `today`: waited at least their payer's follow-up days, or
    /// within `warning_days` of (or past) their filing limit, or not known well enough.
    pub fn candidates(
        &self,
        today: NaiveDate,
        payers: &PayerRegistry,
        warning_days: u32,
    ) -> Vec<ClaimId> {
        self.with(|map| {
            map.iter()
                .filter(|(_, w)| w.checked_on != Some(today))
                .filter(|(_, w)| {
                    let Some(payer) = w.payer_id.as_ref().and_then(|p| payers.get(p)) else {
                        return true;
                    };
                    match (w.submitted_at, w.service_date) {
                        (Some(at), _) => {
                            (today - at.date_naive()).num_days() >= i64::from(payer.follow_up_days)
                        }
                        (None, Some(date)) => {
                            let deadline = crate::scrub::timely_filing_deadline(payer, date);
                            (deadline - today).num_days() <= i64::from(warning_days)
                        }
                        (None, None) => true,
                    }
                })
                .map(|(id, _)| *id)
                .collect()
        })
    }

    /// Records that the sweep looked at a claim today; `keep = false` stops watching it.
    pub fn checked(&self, claim_id: ClaimId, today: NaiveDate, keep: bool) {
        self.with(|map| {
            if !keep {
                map.remove(&claim_id);
            } else if let Some(watched) = map.get_mut(&claim_id) {
                watched.checked_on = Some(today);
            }
        })
    }

    pub fn len(&self) -> usize {
        self.with(|map| map.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Follows the claims log from its start into `open` until `shutdown`.
pub async fn follow(store: EventStore, open: OpenClaims, shutdown: CancellationToken) {
    let mut next = 1;
    while !shutdown.is_cancelled() {
        let mut entries = match store.read_log(next).await {
            Ok(entries) => Box::pin(entries),
            Err(error) => {
                tracing::warn!(%error, "cannot read the claims log for follow-up; retrying");
                if crate::batcher::sleep_or_shutdown(std::time::Duration::from_secs(1), &shutdown)
                    .await
                {
                    return;
                }
                continue;
            }
        };
        loop {
            let entry = tokio::select! {
                _ = shutdown.cancelled() => return,
                entry = entries.next() => entry,
            };
            match entry {
                Some(Ok(entry)) => {
                    next = entry.sequence + 1;
                    match entry.commit {
                        Ok(stored) => open.apply(&stored.commit),
                        // Audit reports corrupt commits; follow-up only skips them.
                        Err(error) => {
                            tracing::warn!(sequence = entry.sequence, %error, "commit skipped")
                        }
                    }
                }
                Some(Err(error)) => {
                    tracing::warn!(%error, "claims log interrupted; following again");
                    break;
                }
                None => break,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use claims_events::event::{ClaimRegistered, RemittancePosted};
    use claims_events::{sample, Actor, Causation};

    fn commit(events: Vec<Event>, at: DateTime<Utc>) -> Commit {
        let claim_id = ClaimId::for_encounter(&"springfield-fp".parse().unwrap(), "ENC-1");
        Commit {
            claim_id,
            commit_id: uuid::Uuid::now_v7(),
            service: "test".into(),
            actor: Actor::System,
            causation: Causation::Commit {
                claim_id,
                sequence: 1,
            },
            correlation_id: uuid::Uuid::nil(),
            recorded_at: at,
            previous_hash: None,
            previous_sequences: Vec::new(),
            events,
        }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_registered_claim_is_looked_at_only_near_its_filing_limit() {
        let open = OpenClaims::default();
        let registered = ClaimRegistered {
            encounter: sample::encounter("springfield-fp", "ENC-1"),
        };
        open.apply(&commit(
            vec![Event::ClaimRegistered(registered)],
            Utc::now(),
        ));
        let payers = PayerRegistry::sample();
        // Medicare's limit for 2026-11-20 is 2027-11-20.
        assert!(open.candidates(date(2027, 10, 20), &payers, 30).is_empty());
        assert_eq!(open.candidates(date(2027, 10, 21), &payers, 30).len(), 1);
        let id = open.candidates(date(2027, 10, 21), &payers, 30)[0];
        open.checked(id, date(2027, 10, 21), true);
        assert!(
            open.candidates(date(2027, 10, 21), &payers, 30).is_empty(),
            "once a day"
        );
    }

    #[test]
    fn a_remittance_ends_the_watch() {
        let open = OpenClaims::default();
        let registered = ClaimRegistered {
            encounter: sample::encounter("springfield-fp", "ENC-1"),
        };
        let at = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        open.apply(&commit(vec![Event::ClaimRegistered(registered)], at));
        let remit = RemittancePosted {
            trace: "T1".into(),
            payer_id: "medicare-il".parse().unwrap(),
            paid_on: date(2026, 12, 20),
            status: claims_events::event::ClaimPaymentStatus::Processed(1),
            billed: claims_events::Cents(14300),
            paid: claims_events::Cents(10000),
            allowed: None,
            patient_share: Default::default(),
            adjustments: Vec::new(),
            remarks: Vec::new(),
            payer_claim_number: None,
            lines: Vec::new(),
        };
        open.apply(&commit(vec![Event::RemittancePosted(remit)], at));
        assert!(open.is_empty());
    }
}
