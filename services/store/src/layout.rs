//! The streams, their limits, and provisioning them.
//!
//! Every service provisions at start-up, so two processes starting together both run this:
//! creating a stream that another process just created with the same configuration succeeds,
//! and a process that loses the race to create falls back to updating. Changing a limit in
//! the settings updates the stream on the next start.

use std::time::Duration;

use async_nats::jetstream::{
    self,
    stream::{Config, DiscardPolicy, RetentionPolicy, StorageType},
};
use serde::{Deserialize, Serialize};

use claims_events::subjects;

use crate::StoreError;

/// The log of commits: kept for ever, never deleted from or purged.
pub const CLAIMS: &str = "CLAIMS";
/// What partners and operators sent, byte for byte.
pub const INBOX: &str = "INBOX";
/// What the system sends partners.
pub const OUTBOX: &str = "OUTBOX";
/// Inputs a service could not process, with the reason.
pub const DEADLETTER: &str = "DEADLETTER";
/// Claims ready to go out, waiting to be batched: a work queue, each message taken once.
pub const SUBMIT: &str = "SUBMIT";
/// The key-value bucket of the latest eligibility per (payer, member).
pub const ELIGIBILITY_BUCKET: &str = "ELIGIBILITY";

const DAY: u64 = 24 * 60 * 60;

/// Stream limits an operator may tune.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StreamSettings {
    /// JetStream replicas per stream: 1 on a single node, 3 in a production cluster.
    pub replicas: usize,
    /// How long the server remembers a `Nats-Msg-Id`. Longer windows cost server memory in
    /// proportion to the publish rate; beyond it the claim's own memory of handled inputs
    /// keeps redeliveries idempotent.
    pub duplicate_window_secs: u64,
    /// How long partner input is kept (years, for audits that ask for the original file).
    pub inbox_max_age_days: u64,
    pub outbox_max_age_days: u64,
    pub deadletter_max_age_days: u64,
}

impl Default for StreamSettings {
    fn default() -> Self {
        StreamSettings {
            replicas: 1,
            duplicate_window_secs: 120,
            inbox_max_age_days: 7 * 365,
            outbox_max_age_days: 2 * 365,
            deadletter_max_age_days: 7 * 365,
        }
    }
}

/// The configuration of every stream.
pub fn stream_configs(settings: &StreamSettings) -> Vec<Config> {
    let base = |name: &str, subjects: Vec<String>, max_age_days: u64| Config {
        name: name.to_owned(),
        subjects,
        storage: StorageType::File,
        retention: RetentionPolicy::Limits,
        discard: DiscardPolicy::Old,
        num_replicas: settings.replicas,
        duplicate_window: Duration::from_secs(settings.duplicate_window_secs),
        max_age: Duration::from_secs(max_age_days * DAY),
        allow_direct: true,
        ..Default::default()
    };
    vec![
        Config {
            deny_delete: true,
            deny_purge: true,
            // Discard New: should any limit ever be set, a full log refuses appends rather
            // than silently dropping the oldest history.
            discard: DiscardPolicy::New,
            ..base(
                CLAIMS,
                vec![
                    subjects::ALL_CLAIMS.into(),
                    subjects::ALL_REMITTANCES.into(),
                    subjects::ALL_BATCHES.into(),
                ],
                0,
            )
        },
        base(INBOX, vec!["inbox.>".into()], settings.inbox_max_age_days),
        base(
            OUTBOX,
            vec!["outbox.>".into()],
            settings.outbox_max_age_days,
        ),
        base(
            DEADLETTER,
            vec!["deadletter.>".into()],
            settings.deadletter_max_age_days,
        ),
        // The submission work queue: each queued claim is taken by one batcher, and gone
        // once its batch acks it.
        Config {
            retention: RetentionPolicy::WorkQueue,
            ..base(SUBMIT, vec!["submit.>".into()], 0)
        },
        // A key-value bucket is a stream with one message per subject. It is created here as a
        // stream because async-nats 0.51's bucket creation does not understand 2.9's answer;
        // the bucket API reads and writes it as usual.
        Config {
            max_messages_per_subject: 1,
            allow_rollup: true,
            // Replicated, the bucket is read from its leader (the client does so when direct
            // gets are off): a lagging follower would answer "no coverage on file" for an
            // answer just stored, and the claim would wait for an eligibility it already has.
            allow_direct: settings.replicas == 1,
            deny_delete: true,
            discard: DiscardPolicy::New,
            ..base(
                &format!("KV_{ELIGIBILITY_BUCKET}"),
                vec![format!("$KV.{ELIGIBILITY_BUCKET}.>")],
                0,
            )
        },
    ]
}

/// Creates or updates every stream.
pub async fn provision(
    js: &jetstream::Context,
    settings: &StreamSettings,
) -> Result<(), StoreError> {
    for config in stream_configs(settings) {
        provision_one(js, config).await?;
    }
    Ok(())
}

async fn provision_one(js: &jetstream::Context, config: Config) -> Result<(), StoreError> {
    let name = config.name.clone();
    let mut last_error = String::new();
    // A create that loses a race with another process's create fails with "already in use";
    // the next round then finds the stream and updates it.
    for attempt in 0..5u32 {
        match js.create_or_update_stream(config.clone()).await {
            Ok(_) => return Ok(()),
            Err(error) => {
                last_error = error.to_string();
                tracing::debug!(stream = %name, attempt, %error, "stream provisioning retried");
                tokio::time::sleep(Duration::from_millis(50 * u64::from(attempt + 1))).await;
            }
        }
    }
    Err(StoreError::Provision {
        stream: name,
        reason: last_error,
    })
}
