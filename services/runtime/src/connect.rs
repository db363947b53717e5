//! A NATS connection that outlives the server: it retries the first connect and reconnects
//! for ever, so a restarting NATS pauses the services instead of stopping them.

use std::time::Duration;

/// Connects as `name` (shown in the server's connection list).
pub async fn connect(
    url: &str,
    name: &str,
) -> Result<async_nats::Client, async_nats::ConnectError> {
    async_nats::ConnectOptions::new()
        .name(name)
        .retry_on_initial_connect()
        .max_reconnects(None)
        .connection_timeout(Duration::from_secs(5))
        .reconnect_delay_callback(|attempts| {
            Duration::from_millis((100 * 2u64.saturating_pow(attempts.min(6) as u32)).min(5_000))
        })
        // async-nats parses a `&str` as one address; a cluster is given comma-separated.
        .connect(
            url.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>(),
        )
        .await
}
