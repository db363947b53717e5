//! Test harness: a real `nats-server` per test, and settings that point at it.
//!
//! Each `NatsServer` runs on a port the server picks itself (`-p -1`, read back from its
//! ports file), with JetStream storing into its own temporary directory, and is killed and
//! cleaned up when dropped, so tests run in parallel and need nothing running beforehand.
//! Bind it to `_server`, never `_`, or it is dropped at once.

mod server;

pub use server::NatsServer;

use claims_runtime::Settings;

/// Settings for services under test: this server, small and quick.
pub fn settings_for(server: &NatsServer) -> Settings {
    claims_runtime::telemetry::init_for_tests();
    let mut settings = Settings::default();
    settings.nats_url = Some(server.url());
    settings.data_dir = server.dir().join("data");
    settings.consumer.concurrency = 8;
    settings.consumer.ack_wait_secs = 5;
    settings
}

/// A connected event store on `server`, streams provisioned.
pub async fn store(server: &NatsServer) -> claims_store::EventStore {
    let client = claims_runtime::connect(&server.url(), "test").await.expect("connect to the test server");
    claims_store::EventStore::open(client, &Default::default()).await.expect("provision streams")
}
