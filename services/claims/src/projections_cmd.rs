//! `claims projections rebuild` and `claims projections status`.
//!
//! A rebuild replays the whole log into a fresh generation of the read models, with a progress
//! line, then points `CURRENT` at it; a running `claims up` switches to it within two seconds
//! without stopping the dashboard (see `claims_projections::generations`).

use std::io::Write;
use std::time::Duration;

use anyhow::Context;
use claims_projections::{generations, Projection};
use claims_runtime::{CancellationToken, Settings};
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum ProjectionsCommand {
    /// Replay the whole log into new read models and swap them in.
    Rebuild,
    /// How far the read models are behind the log.
    Status,
}

pub async fn run(settings: Settings, command: ProjectionsCommand) -> anyhow::Result<()> {
    let root = settings.data_dir.join("projections");
    let url = crate::nats::running_url(&settings)?;
    let client = claims_runtime::connect(&url, &settings.nats, "claims-projections").await?;
    let store = claims_store::EventStore::open_existing(client).await?;
    let log_end = store.last_sequence().await?;
    let payers = claims_payers::PayerRegistry::load(settings.payers_file.as_deref())
        .map_err(anyhow::Error::msg)?;
    match command {
        ProjectionsCommand::Status => {
            let (checkpoint, source) = match dashboard_checkpoint(&settings.dashboard_addr).await {
                Some(checkpoint) => (
                    checkpoint,
                    format!("the running dashboard at {}", settings.dashboard_addr),
                ),
                None => {
                    let name = generations::current(&root)?;
                    let projection =
                        Projection::open(&root.join(&name), &payers).with_context(|| {
                            format!("cannot open the read models in {}", root.display())
                        })?;
                    (
                        projection.checkpoint()?,
                        format!("{} (nothing running)", root.join(name).display()),
                    )
                }
            };
            println!("projector: applied through log sequence {checkpoint} of {log_end}; lag {} ({source})", log_end.saturating_sub(checkpoint));
            Ok(())
        }
        ProjectionsCommand::Rebuild => {
            let (name, dir) = generations::next(&root)?;
            let projection = Projection::open(&dir, &payers)?;
            let shutdown = CancellationToken::new();
            let task = tokio::spawn(claims_projections::projector::run(
                store.clone(),
                projection.clone(),
                shutdown.clone(),
            ));
            loop {
                let done = projection.checkpoint()?;
                // An empty log is fully rebuilt.
                let percent = (done * 100).checked_div(log_end).unwrap_or(100);
                eprint!("\rrebuilding {name}: {done} of {log_end} log messages ({percent} %)   ");
                let _ = std::io::stderr().flush();
                if done >= log_end || task.is_finished() {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            shutdown.cancel();
            task.await??;
            drop(projection); // Close the files before anyone else opens them.
            generations::point_to(&root, &name)?;
            eprintln!();
            println!("read models rebuilt into {} and swapped in; a running `claims up` switches within 2 s", dir.display());
            Ok(())
        }
    }
}

/// The checkpoint the running dashboard reports, if one answers.
async fn dashboard_checkpoint(addr: &str) -> Option<u64> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream =
        tokio::time::timeout(Duration::from_secs(2), tokio::net::TcpStream::connect(addr))
            .await
            .ok()?
            .ok()?;
    let request =
        format!("GET /api/overview HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).await.ok()?;
    let body = response.split_once("\r\n\r\n")?.1;
    serde_json::from_str::<serde_json::Value>(body).ok()?["checkpoint"].as_u64()
}
