//! What a service does before and around its consumers: connect, provision, and report a
//! failure in terms an operator can act on.

use claims_store::{EventStore, StoreError};

use crate::Settings;

/// Why a service stopped other than by being asked to.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// No NATS URL: the operator must give one (`claims up` starts a private server).
    #[error("no NATS server configured: set CLAIMS_NATS_URL (or nats_url in the settings file)")]
    NoNatsUrl,
    #[error("cannot connect to NATS at {url}: {reason}")]
    Connect { url: String, reason: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A setting or reference file is wrong: the message names it.
    #[error("{0}")]
    Config(String),
}

/// Connects as `service` and opens (provisioning) the event store.
pub async fn open_store(settings: &Settings, service: &str) -> Result<EventStore, ServiceError> {
    let url = settings.nats_url().ok_or(ServiceError::NoNatsUrl)?;
    let client = crate::connect(url, &settings.nats, service)
        .await
        .map_err(|e| ServiceError::Connect {
            url: url.to_owned(),
            reason: e.to_string(),
        })?;
    Ok(EventStore::open(client, &settings.streams).await?)
}
