//! The projector: follows the log from the checkpoint and applies it until shut down.
//!
//! The log is read in chunks of 512 items, applied in memory as they come, and written in
//! one sled batch with the checkpoint as soon as the reader has caught up with the log (the
//! server said nothing was pending after the last message read). While it is behind
//! (a rebuild, a restart after a while), the models are stale anyway: batches then grow up
//! to [`BATCH_CLAIMS`] distinct claims or [`BATCH_AGE`], so a claim with many commits in
//! that stretch of the log is written once instead of once per commit.
//!
//! It reads every message of the `CLAIMS` stream (`EventStore::read_records`): claim
//! commits and the remittance service's suspense records feed the models; 837 batch records
//! only move the checkpoint.

use std::time::{Duration, Instant};

use futures::StreamExt;
use tokio_util::sync::CancellationToken;

use claims_store::log::Record;
use claims_store::{EventStore, StoreError};

use crate::changes::Changes;
use crate::projection::{LogItem, Projection, ProjectionError};

const CHUNK: usize = 512;

/// The most distinct claims one batch holds: their states are in memory until it is
/// written (half the state cache, `states::CACHED_CLAIMS`).
pub const BATCH_CLAIMS: usize = crate::states::CACHED_CLAIMS / 2;

/// The longest a batch gathers while the projector is behind: how stale the models may
/// get beyond how far behind the log they already are.
pub const BATCH_AGE: Duration = Duration::from_secs(5);

/// How long delivery may pause while the server still reports messages pending before the
/// reader gives up on its consumer and starts a new one from the checkpoint. Twice in
/// development runs a reader went quiet for about a minute with messages pending (the
/// client's ordered consumer only recreates itself after two missed 15 s heartbeats);
/// starting over costs one consumer creation.
pub const STALL: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum ProjectorError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Projection(#[from] ProjectionError),
}

/// Applies the log to `projection` until `shutdown`; returns after the last full chunk.
///
/// A reader task reads and decodes the log into chunks while this one applies the previous
/// chunk, so reading and writing overlap. Each batch is written whole (one atomic batch
/// with the checkpoint) or not at all: killed at any point, the projector resumes from the
/// checkpoint, and what it had gathered and not written is applied again.
pub async fn run(
    store: EventStore,
    projection: Projection,
    shutdown: CancellationToken,
) -> Result<(), ProjectorError> {
    while !shutdown.is_cancelled() {
        let from = projection.checkpoint()? + 1;
        let log = store.read_records(from).await?;
        let (chunks, mut ready) = tokio::sync::mpsc::channel(2);
        let reader = tokio::spawn(read_chunks(log, from, chunks, shutdown.clone()));
        let mut changes = Changes::default();
        let (mut gathered_through, mut since) = (from - 1, Instant::now());
        while let Some(chunk) = ready.recv().await {
            if changes.items() == 0 {
                since = Instant::now();
            }
            projection.gather(&mut changes, &chunk.items)?;
            gathered_through = chunk.through;
            if chunk.caught_up || changes.claims() >= BATCH_CLAIMS || since.elapsed() >= BATCH_AGE {
                write(&projection, std::mem::take(&mut changes), gathered_through).await?;
            }
        }
        if gathered_through > projection.checkpoint()? {
            write(&projection, changes, gathered_through).await?;
        }
        if let Ok(Err(error)) = reader.await {
            tracing::warn!(%error, "log read interrupted; resuming from the checkpoint");
        }
        if !shutdown.is_cancelled() {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
    projection.flush()?;
    Ok(())
}

/// Writes a batch on a blocking thread: a rebuild's batch takes seconds, which would hold a
/// runtime worker (and the tasks queued on it: the log reader, the client's connection, the
/// dashboard in `claims up`) for as long.
async fn write(
    projection: &Projection,
    changes: Changes,
    through: u64,
) -> Result<(), ProjectorError> {
    let projection = projection.clone();
    tokio::task::spawn_blocking(move || projection.write(changes, through))
        .await
        .expect("a batch write does not panic")?;
    Ok(())
}

/// A chunk of items read from the log.
struct Chunk {
    items: Vec<LogItem>,
    /// The log sequence it reaches.
    through: u64,
    /// Nothing more was in the log when it closed.
    caught_up: bool,
}

/// Reads the log from `from` into chunks for the applier, until the log ends or fails, the
/// applier goes away, or `shutdown`. A chunk closes at [`CHUNK`] items, or when the log has
/// nothing more for a moment and the chunk moves the checkpoint at all.
async fn read_chunks(
    log: impl futures::Stream<Item = Result<claims_store::log::RecordEntry, StoreError>>,
    from: u64,
    chunks: tokio::sync::mpsc::Sender<Chunk>,
    shutdown: CancellationToken,
) -> Result<(), StoreError> {
    let mut log = std::pin::pin!(log);
    let mut items: Vec<LogItem> = Vec::with_capacity(CHUNK);
    let (mut through, mut sent) = (from - 1, from - 1);
    // Messages still in the log after the last one read, as the server said when it
    // delivered it. A pause in delivery with messages still pending is the reader or the
    // machine being slow, not the log being caught up with.
    let mut pending = 0;
    // Tokio's clock, so that tests can move it.
    let mut quiet_since: Option<tokio::time::Instant> = None;
    let send = |items: &mut Vec<LogItem>, through: u64, caught_up: bool| {
        let items = std::mem::replace(items, Vec::with_capacity(CHUNK));
        chunks.send(Chunk {
            items,
            through,
            caught_up,
        })
    };
    let result = loop {
        let next = tokio::select! {
            _ = shutdown.cancelled() => break Ok(()),
            next = tokio::time::timeout(Duration::from_millis(50), log.next()) => next,
        };
        match next {
            Ok(Some(Ok(entry))) => {
                quiet_since = None;
                (through, pending) = (entry.sequence, entry.pending);
                match entry.record {
                    Record::Commit(Ok(commit)) => items.push(LogItem::Commit(commit)),
                    // Not a commit (forged or misrouted): audit reports it; models skip it.
                    Record::Commit(Err(error)) => {
                        tracing::warn!(sequence = entry.sequence, %error, "log entry skipped by projections")
                    }
                    Record::Remittance(payload) => items.push(LogItem::Remittance {
                        sequence: entry.sequence,
                        stored_at: entry.stored_at,
                        payload,
                    }),
                    Record::Other => {}
                }
                if items.len() >= CHUNK {
                    if send(&mut items, through, pending == 0).await.is_err() {
                        return Ok(());
                    }
                    sent = through;
                }
            }
            Ok(Some(Err(error))) => break Err(error),
            Ok(None) => break Ok(()),
            // Quiet: apply what we have. Only time spent waiting on the log counts towards a
            // stall (a send waits for the applier), and only with messages still pending:
            // then the outer loop starts a new consumer from the checkpoint.
            Err(_) => {
                if through > sent {
                    if send(&mut items, through, pending == 0).await.is_err() {
                        return Ok(());
                    }
                    sent = through;
                    quiet_since = None;
                    continue;
                }
                let quiet = *quiet_since.get_or_insert_with(tokio::time::Instant::now);
                if pending > 0 && quiet.elapsed() >= STALL {
                    break Err(StoreError::Unavailable(format!(
                        "no delivery for {} s with {pending} messages pending after sequence {through}",
                        STALL.as_secs()
                    )));
                }
            }
        }
    };
    if through > sent {
        let _ = send(&mut items, through, true).await;
    }
    result
}

/// Runs the projector on the read models in use, switching to a rebuilt generation as soon as
/// `claims projections rebuild` points `CURRENT` at it (checked every two seconds).
pub async fn run_shared(
    store: EventStore,
    shared: crate::SharedProjection,
    shutdown: CancellationToken,
) -> Result<(), ProjectorError> {
    loop {
        let generation = shutdown.child_token();
        let task = tokio::spawn(run(store.clone(), shared.get(), generation.clone()));
        let switched = loop {
            tokio::select! {
                _ = shutdown.cancelled() => break false,
                _ = tokio::time::sleep(Duration::from_secs(2)) => {}
            }
            match shared.follow_pointer() {
                Ok(true) => break true,
                Ok(false) => {}
                Err(error) => tracing::warn!(%error, "cannot follow the projections pointer"),
            }
            if task.is_finished() {
                break false;
            }
        };
        generation.cancel();
        match task.await {
            Ok(result) => result?,
            Err(panic) => {
                return Err(ProjectorError::Projection(ProjectionError::Corrupt(
                    format!("projector panicked: {panic}"),
                )))
            }
        }
        if !switched {
            return Ok(());
        }
        tracing::info!("read models switched to a rebuilt generation");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use claims_store::log::RecordEntry;

    fn batch_record(sequence: u64, pending: u64) -> Result<RecordEntry, StoreError> {
        Ok(RecordEntry {
            sequence,
            subject: format!("claims.batch.{sequence}"),
            pending,
            stored_at: chrono::Utc::now(),
            record: Record::Other,
        })
    }

    /// Reads `log` as the projector does; returns how it ended and the chunks' ends.
    async fn read(
        log: impl futures::Stream<Item = Result<RecordEntry, StoreError>> + Send + 'static,
    ) -> (Result<(), StoreError>, Vec<(u64, bool)>) {
        let (chunks, mut ready) = tokio::sync::mpsc::channel(8);
        let reader = tokio::spawn(read_chunks(log, 1, chunks, CancellationToken::new()));
        let mut seen = Vec::new();
        while let Some(chunk) = ready.recv().await {
            seen.push((chunk.through, chunk.caught_up));
        }
        (reader.await.expect("no panic"), seen)
    }

    #[tokio::test(start_paused = true)]
    async fn a_reader_that_stops_delivering_with_messages_pending_gives_up_after_the_stall_time() {
        let log = futures::stream::iter([batch_record(1, 0), batch_record(2, 5)])
            .chain(futures::stream::pending());
        let started = tokio::time::Instant::now();
        let (ended, chunks) = tokio::time::timeout(STALL * 3, read(log))
            .await
            .expect("the reader gave up on the stalled consumer");
        assert!(
            matches!(ended, Err(StoreError::Unavailable(_))),
            "{ended:?}"
        );
        assert!(started.elapsed() >= STALL, "{:?}", started.elapsed());
        // What was read before the stall still reached the applier, not marked caught up.
        assert_eq!(chunks, [(2, false)]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_quiet_log_with_nothing_pending_is_followed_without_giving_up() {
        let log = futures::stream::iter([batch_record(1, 0)]).chain(futures::stream::pending());
        let (chunks, mut ready) = tokio::sync::mpsc::channel(8);
        let shutdown = CancellationToken::new();
        let reader = tokio::spawn(read_chunks(log, 1, chunks, shutdown.clone()));
        let first = ready.recv().await.expect("a chunk");
        assert_eq!((first.through, first.caught_up), (1, true));
        tokio::time::sleep(STALL * 6).await;
        assert!(
            !reader.is_finished(),
            "the reader gave up on a caught-up log"
        );
        shutdown.cancel();
        assert!(reader.await.expect("no panic").is_ok());
    }
}
