//! `claims audit verify <claim_id>` and `claims audit verify --all`: the log read in order
//! through the `Verifier`, every problem printed, then a summary; exit code 1 if anything is
//! wrong.
//!
//! `--all` streams the whole log with the ordered consumer of `EventStore::read_log` up to
//! the sequence that was newest when it started (commits appended meanwhile are left for the
//! next run), with a progress bar on the terminal. One claim is read from its own subject,
//! so a forgery published there is seen even if no later commit points at it.

use std::time::Duration;

use anyhow::Context;
use async_nats::jetstream::consumer::{pull::OrderedConfig, DeliverPolicy};
use async_nats::jetstream::stream::DirectGetErrorKind;
use claims_events::{subjects, ClaimId};
use claims_store::log::LogEntry;
use claims_store::{EventStore, StoreError, StoredCommit, CLAIMS};
use futures::{Stream, StreamExt};
use indicatif::{ProgressBar, ProgressStyle};

use super::verifier::{Problem, Verifier};
use super::VerifyArgs;

/// How long to wait for the next message before calling the read stalled.
const IDLE: Duration = Duration::from_secs(30);

/// Runs the command; returns whether the log verified.
pub async fn run(store: &EventStore, args: &VerifyArgs) -> anyhow::Result<bool> {
    let (verifier, what) = match (&args.claim_id, args.all) {
        (Some(id), false) => {
            let claim_id: ClaimId = id.parse()?;
            let verifier = claim(store, claim_id, |p| println!("{p}")).await?;
            (verifier, format!("claim {claim_id}"))
        }
        (None, true) => {
            let progress = progress_bar(store.last_sequence().await?);
            let verifier = all(store, &progress, |p| progress.suspend(|| println!("{p}"))).await?;
            progress.finish_and_clear();
            (verifier, "the log".to_owned())
        }
        _ => anyhow::bail!("name one claim id, or --all for the whole log"),
    };
    let counts = format!(
        "{} message(s) read up to #{}, {} commit(s) of {} claim(s) in the history",
        verifier.messages,
        verifier.last_sequence(),
        verifier.commits,
        verifier.claims()
    );
    if verifier.problems == 0 {
        println!("OK: {what} verified: {counts}; hash chains, sequences and ledgers intact");
        Ok(true)
    } else {
        println!(
            "FAILED: {} problem(s) in {what}: {counts}",
            verifier.problems
        );
        Ok(false)
    }
}

/// A bar over stream sequences, drawn on standard error only when it is a terminal.
pub fn progress_bar(last: u64) -> ProgressBar {
    let bar = ProgressBar::new(last);
    let style = ProgressStyle::with_template("{bar:40} #{pos}/{len} ({per_sec}, {eta} left) {msg}")
        .expect("a valid progress template");
    bar.set_style(style);
    bar
}

/// Verifies the whole log up to the sequence newest now, reporting each problem as found.
pub async fn all(
    store: &EventStore,
    progress: &ProgressBar,
    mut on_problem: impl FnMut(&Problem),
) -> anyhow::Result<Verifier> {
    let mut verifier = Verifier::new();
    let last = store.last_sequence().await?;
    for problem in deleted(store, last, &mut verifier).await? {
        on_problem(&problem);
    }
    let claims = store.jetstream().get_stream(CLAIMS).await?;
    // The ordered consumer would wait for ever on a log with no commit at all.
    match claims
        .direct_get_next_for_subject(subjects::ALL_CLAIMS, Some(1))
        .await
    {
        Err(error) if error.kind() == DirectGetErrorKind::NotFound => return Ok(verifier),
        _ => {}
    }
    let log = store.read_log(1).await?;
    read(
        log,
        last,
        &mut verifier,
        |entry| {
            if entry.sequence % 4096 == 0 || entry.pending == 0 {
                progress.set_position(entry.sequence);
            }
        },
        &mut on_problem,
    )
    .await?;
    Ok(verifier)
}

/// Verifies one claim from its own subject.
pub async fn claim(
    store: &EventStore,
    claim_id: ClaimId,
    mut on_problem: impl FnMut(&Problem),
) -> anyhow::Result<Verifier> {
    let subject = subjects::claim(&claim_id);
    let claims = store.jetstream().get_stream(CLAIMS).await?;
    let last = match claims.direct_get_last_for_subject(subject.as_str()).await {
        Ok(message) => message.sequence,
        Err(error) if error.kind() == DirectGetErrorKind::NotFound => {
            anyhow::bail!("claim {claim_id} has no history in this log")
        }
        Err(error) => return Err(error).context("reading the claim's newest commit"),
    };
    let consumer = claims
        .create_consumer(OrderedConfig {
            filter_subject: subject,
            deliver_policy: DeliverPolicy::All,
            ..Default::default()
        })
        .await?;
    let messages = consumer.messages().await?.map(|message| {
        let message = message.map_err(StoreError::unavailable)?;
        let info = message.info().map_err(StoreError::unavailable)?;
        let sequence = info.stream_sequence;
        Ok(LogEntry {
            sequence,
            subject: message.subject.to_string(),
            pending: info.pending,
            commit: StoredCommit::decode(sequence, &message.payload),
        })
    });
    let mut verifier = Verifier::new();
    read(messages, last, &mut verifier, |_| {}, &mut on_problem).await?;
    Ok(verifier)
}

/// Feeds log entries to the verifier until `last` (or the last message matching the
/// consumer's filter) has been checked.
async fn read(
    log: impl Stream<Item = Result<LogEntry, StoreError>>,
    last: u64,
    verifier: &mut Verifier,
    mut seen: impl FnMut(&LogEntry),
    on_problem: &mut impl FnMut(&Problem),
) -> anyhow::Result<()> {
    let mut log = std::pin::pin!(log);
    loop {
        let entry = match tokio::time::timeout(IDLE, log.next()).await {
            Ok(Some(entry)) => entry?,
            Ok(None) => anyhow::bail!("the log ended at #{}", verifier.last_sequence()),
            Err(_) => anyhow::bail!(
                "no message for {} s after #{} (reading up to #{last}): is NATS up?",
                IDLE.as_secs(),
                verifier.last_sequence()
            ),
        };
        for problem in verifier.check(&entry) {
            on_problem(&problem);
        }
        seen(&entry);
        // `pending` counts matching messages after this one: none means the rest up to
        // `last` are on other subjects (remittance batches).
        if entry.sequence >= last || entry.pending == 0 {
            return Ok(());
        }
    }
}

/// Messages deleted from `CLAIMS` up to `last`: the stream denies deletes, so any is a
/// problem, and it is the only trace of a claim's newest commit having been removed.
async fn deleted(
    store: &EventStore,
    last: u64,
    verifier: &mut Verifier,
) -> anyhow::Result<Vec<Problem>> {
    let claims = store.jetstream().get_stream(CLAIMS).await?;
    let info = claims.info_builder().with_deleted(true).fetch().await?;
    let gone: Vec<u64> = info.info.state.deleted.unwrap_or_default();
    let problems: Vec<Problem> = gone
        .into_iter()
        .filter(|&sequence| sequence <= last)
        .map(|sequence| Problem {
            sequence,
            claim_id: None,
            subject: CLAIMS.to_owned(),
            what: "deleted from the stream: the commit that was here is gone".to_owned(),
        })
        .collect();
    verifier.problems += problems.len() as u64;
    Ok(problems)
}
