//! The projector: follows the log from the checkpoint and applies it in chunks, until shut
//! down. A chunk closes at 512 items or when the log has nothing more for a moment, so the
//! models are fresh under light load and cheap to write under heavy load.
//!
//! It reads every message of the `CLAIMS` stream (`EventStore::read_records`): claim
//! commits and the remittance service's suspense records feed the models; 837 batch records
//! only move the checkpoint.

use std::time::Duration;

use futures::StreamExt;
use tokio_util::sync::CancellationToken;

use claims_store::log::Record;
use claims_store::{EventStore, StoreError};

use crate::projection::{LogItem, Projection, ProjectionError};

const CHUNK: usize = 512;

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
/// chunk, so reading and writing overlap. Each chunk is applied whole (one atomic batch)
/// or not at all: killed at any point, the projector resumes from the checkpoint.
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
        while let Some((chunk, through)) = ready.recv().await {
            projection.apply(&chunk, through)?;
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

/// A chunk of items and the log sequence it reaches.
type Chunk = (Vec<LogItem>, u64);

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
    let mut chunk: Vec<LogItem> = Vec::with_capacity(CHUNK);
    let (mut through, mut sent) = (from - 1, from - 1);
    let result = loop {
        let next = tokio::select! {
            _ = shutdown.cancelled() => break Ok(()),
            next = tokio::time::timeout(Duration::from_millis(50), log.next()) => next,
        };
        match next {
            Ok(Some(Ok(entry))) => {
                through = entry.sequence;
                match entry.record {
                    Record::Commit(Ok(commit)) => chunk.push(LogItem::Commit(commit)),
                    // Not a commit (forged or misrouted): audit reports it; models skip it.
                    Record::Commit(Err(error)) => {
                        tracing::warn!(sequence = entry.sequence, %error, "log entry skipped by projections")
                    }
                    Record::Remittance(payload) => chunk.push(LogItem::Remittance {
                        sequence: entry.sequence,
                        stored_at: entry.stored_at,
                        payload,
                    }),
                    Record::Other => {}
                }
                if chunk.len() >= CHUNK {
                    if chunks
                        .send((std::mem::take(&mut chunk), through))
                        .await
                        .is_err()
                    {
                        return Ok(());
                    }
                    sent = through;
                }
            }
            Ok(Some(Err(error))) => break Err(error),
            Ok(None) => break Ok(()),
            // Quiet: apply what we have.
            Err(_) => {
                if through > sent {
                    if chunks
                        .send((std::mem::take(&mut chunk), through))
                        .await
                        .is_err()
                    {
                        return Ok(());
                    }
                    sent = through;
                }
            }
        }
    };
    if through > sent {
        let _ = chunks.send((chunk, through)).await;
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
