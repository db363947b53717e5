//! A NATS connection that outlives the server: it retries the first connect and reconnects
//! for ever, so a restarting NATS pauses the services instead of stopping them. It
//! authenticates and uses TLS as the `[nats]` settings say (see `connection.rs`).

use std::time::Duration;

use crate::connection::{ConnectionSettings, Credentials};

/// Why no connection was made. Never carries a secret: a seed file is named by its path.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("NATS connection settings: {0}")]
    Settings(String),
    #[error("cannot read the nkey seed file {path}: {source}")]
    SeedFile {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Nats(#[from] async_nats::ConnectError),
}

/// Connects to `url` as `name` (shown in the server's connection list), with the
/// credentials and TLS of `security` (`ConnectionSettings::default()`: none).
pub async fn connect(
    url: &str,
    security: &ConnectionSettings,
    name: &str,
) -> Result<async_nats::Client, ConnectError> {
    security.validate().map_err(ConnectError::Settings)?;
    let mut options = async_nats::ConnectOptions::new()
        .name(name)
        .retry_on_initial_connect()
        .max_reconnects(None)
        .connection_timeout(Duration::from_secs(5))
        .reconnect_delay_callback(|attempts| {
            Duration::from_millis((100 * 2u64.saturating_pow(attempts.min(6) as u32)).min(5_000))
        })
        // Refused credentials and permission violations arrive as server errors: say so,
        // or a misconfigured service would only look slow. Subjects hold ids, never PHI.
        .event_callback(|event| async move {
            match event {
                async_nats::Event::ServerError(error) => {
                    tracing::warn!(%error, "the NATS server refused something")
                }
                async_nats::Event::ClientError(error) => {
                    tracing::warn!(%error, "NATS client error")
                }
                other => tracing::debug!(event = %other, "NATS connection"),
            }
        });
    match security.credentials().map_err(ConnectError::Settings)? {
        Credentials::None => {}
        Credentials::UserPassword { user, password } => {
            options = options.user_and_password(user.to_owned(), password.expose().to_owned());
        }
        Credentials::NkeySeedFile(path) => {
            let seed =
                tokio::fs::read_to_string(path)
                    .await
                    .map_err(|source| ConnectError::SeedFile {
                        path: path.to_owned(),
                        source,
                    })?;
            options = options.nkey(seed.trim().to_owned());
        }
    }
    if let Some(ca) = &security.ca_file {
        options = options.add_root_certificates(ca.clone());
    }
    if let (Some(cert), Some(key)) = (&security.cert_file, &security.key_file) {
        options = options.add_client_certificate(cert.clone(), key.clone());
    }
    if security.tls() {
        options = options.require_tls(true);
    }
    if let Some(prefix) = &security.inbox_prefix {
        options = options.custom_inbox_prefix(prefix);
    }
    // async-nats parses a `&str` as one address; a cluster is given comma-separated.
    let servers: Vec<&str> = url
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    Ok(options.connect(servers).await?)
}
