//! The operations dashboard: one live web page an operations lead keeps open, the JSON API
//! behind it, and `/metrics` for Prometheus.
//!
//! It reads the read models (`claims-projections`), never writes anything, and for a claim's
//! timeline reads the claim's commits from the log itself. The page is server-sent HTML with a
//! little JavaScript and inline SVG; no front-end build.
//!
//! # Layout
//!
//! - [`api`]: `/api/overview`, `/api/worklists`, `/api/worklists/{name}`, `/api/claims/{id}`.
//! - [`live`]: `/api/live`, server-sent events when the read models move.
//! - [`metrics`]: the Prometheus text at `/metrics`.
//! - [`pages`]: `/` and `/claims/{id}`.

pub mod api;
pub mod live;
pub mod metrics;
pub mod pages;

use std::net::SocketAddr;

use axum::routing::get;
use axum::Router;
use claims_projections::SharedProjection;
use claims_store::EventStore;
use tokio_util::sync::CancellationToken;

/// What every handler reads.
#[derive(Clone)]
pub struct AppState {
    /// The read models in use (a rebuild swaps them underneath).
    pub projection: SharedProjection,
    pub store: EventStore,
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::index))
        .route("/claims/{id}", get(pages::claim))
        .route("/api/overview", get(api::overview))
        .route("/api/worklists", get(api::worklists))
        .route("/api/worklists/{name}", get(api::worklist))
        .route("/api/claims/{id}", get(api::claim))
        .route("/api/live", get(live::events))
        .route("/metrics", get(metrics::render))
        .with_state(state)
}

/// Serves the dashboard on `addr` until `shutdown`.
pub async fn serve(
    addr: SocketAddr,
    state: AppState,
    shutdown: CancellationToken,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!(%addr, "dashboard listening");
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async move { shutdown.cancelled().await })
        .await
}

/// Binds first (so the caller can print the real address, port 0 included), then serves.
pub async fn bind(addr: &str) -> std::io::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(addr).await
}

/// Serves on an already bound listener until `shutdown`.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: CancellationToken,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async move { shutdown.cancelled().await })
        .await
}
