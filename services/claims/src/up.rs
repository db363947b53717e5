//! `claims up`: every service in one process.
//!
//! Against `CLAIMS_NATS_URL` when set; otherwise a private `nats-server` storing under the
//! data directory, stopped on exit. Ctrl-C or SIGTERM stops the services gracefully (in-flight
//! inputs finish, queued ones go back to the server), then the private server.

use claims_runtime::{CancellationToken, ServiceError, Settings};
use tokio::task::JoinSet;

use crate::nats;

pub async fn run(mut settings: Settings) -> anyhow::Result<()> {
    let nats = nats::start_or_connect(&settings)?;
    settings.nats_url = Some(nats.url.clone());
    match &nats.private {
        Some(server) => println!(
            "claims: private NATS at {} (store in {})",
            nats.url,
            server.dir().display()
        ),
        None => println!("claims: using NATS at {}", nats.url),
    }
    let shutdown = claims_runtime::shutdown::on_signals();
    let result = run_services(&settings, &shutdown).await;
    drop(nats);
    result
}

type Services = JoinSet<(&'static str, Result<(), ServiceError>)>;

/// `claims dashboard`: only the projector and the dashboard (the read side), against
/// `CLAIMS_NATS_URL`, for installs that run each service in its own process.
pub async fn run_read_side_only(settings: Settings) -> anyhow::Result<()> {
    if settings.nats_url().is_none() {
        return Err(ServiceError::NoNatsUrl.into());
    }
    let shutdown = claims_runtime::shutdown::on_signals();
    let mut services = Services::new();
    spawn_read_side(&mut services, &settings, &shutdown).await?;
    supervise(services, &shutdown).await
}

/// Runs every service until shutdown; if one fails, the others are stopped too.
pub async fn run_services(settings: &Settings, shutdown: &CancellationToken) -> anyhow::Result<()> {
    let mut services = Services::new();
    let (s, token) = (settings.clone(), shutdown.clone());
    services.spawn(async move { ("registration", claims_registration::run(s, token).await) });
    let (s, token) = (settings.clone(), shutdown.clone());
    services.spawn(async move { ("coding", claims_coding::run(s, token).await) });
    let (s, token) = (settings.clone(), shutdown.clone());
    services.spawn(async move { ("submission", claims_submission::run(s, token).await) });
    let (s, token) = (settings.clone(), shutdown.clone());
    services.spawn(async move { ("remittance", claims_remittance::run(s, token).await) });
    let (s, token) = (settings.clone(), shutdown.clone());
    services.spawn(async move { ("denials", claims_denials::run(s, token).await) });
    spawn_read_side(&mut services, settings, shutdown).await?;
    println!("claims: services running; Ctrl-C to stop");
    supervise(services, shutdown).await
}

/// The projector and the dashboard.
async fn spawn_read_side(
    services: &mut Services,
    settings: &Settings,
    shutdown: &CancellationToken,
) -> anyhow::Result<()> {
    let (projection, store) = open_read_side(settings).await?;
    let (p, st, token) = (projection.clone(), store.clone(), shutdown.clone());
    services.spawn(async move {
        let result = claims_projections::projector::run_shared(st, p, token).await;
        (
            "projector",
            result.map_err(|e| ServiceError::Config(e.to_string())),
        )
    });
    let listener = claims_dashboard::bind(&settings.dashboard_addr)
        .await
        .map_err(|e| {
            anyhow::anyhow!(
                "cannot listen on {} for the dashboard: {e}",
                settings.dashboard_addr
            )
        })?;
    println!("claims: dashboard at http://{}", listener.local_addr()?);
    let state = claims_dashboard::AppState { projection, store };
    let token = shutdown.clone();
    services.spawn(async move {
        let result = claims_dashboard::serve_on(listener, state, token).await;
        (
            "dashboard",
            result.map_err(|e| ServiceError::Config(e.to_string())),
        )
    });
    Ok(())
}

/// Waits for every service to stop; the first to fail stops the others.
async fn supervise(mut services: Services, shutdown: &CancellationToken) -> anyhow::Result<()> {
    let mut failure = None;
    while let Some(joined) = services.join_next().await {
        match joined {
            Ok((_, Ok(()))) => {}
            Ok((name, Err(error))) => {
                tracing::error!(service = name, %error, "service stopped with an error");
                failure.get_or_insert_with(|| anyhow::anyhow!("{name}: {error}"));
                shutdown.cancel();
            }
            Err(panic) => {
                failure.get_or_insert_with(|| anyhow::anyhow!("a service panicked: {panic}"));
                shutdown.cancel();
            }
        }
    }
    match failure {
        Some(error) => Err(error),
        None => {
            println!("claims: stopped cleanly");
            Ok(())
        }
    }
}

/// The read models under the data directory, and a store to read the log with.
async fn open_read_side(
    settings: &Settings,
) -> anyhow::Result<(
    claims_projections::SharedProjection,
    claims_store::EventStore,
)> {
    let dir = settings.data_dir.join("projections");
    let payers = claims_payers::PayerRegistry::load(settings.payers_file.as_deref())
        .map_err(anyhow::Error::msg)?;
    let projection = claims_projections::SharedProjection::open(&dir, &payers)?;
    let store = claims_runtime::open_store(settings, "projections").await?;
    Ok((projection, store))
}
