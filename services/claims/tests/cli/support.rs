//! What the binary's tests share: the binary, the documented examples, a registration
//! service to register a claim the way partners' encounters are registered.

use claims_runtime::CancellationToken;
use claims_store::EventStore;
use claims_test_support::{settings_for, NatsServer};
use tokio::task::JoinHandle;

/// The `claims` binary cargo built for these tests.
pub fn claims_binary() -> &'static str {
    env!("CARGO_BIN_EXE_claims")
}

pub use claims_test_support::example;

/// The registration service running in this process against the test's server.
pub struct Registration {
    pub client: async_nats::Client,
    pub store: EventStore,
    shutdown: CancellationToken,
    task: JoinHandle<()>,
}

impl Registration {
    pub async fn start(server: &NatsServer) -> Registration {
        let store = claims_test_support::store(server).await;
        let shutdown = CancellationToken::new();
        let (settings, token) = (settings_for(server), shutdown.clone());
        let task = tokio::spawn(async move {
            claims_registration::run(settings, token)
                .await
                .unwrap_or_else(|e| panic!("registration failed: {e}"));
        });
        Registration {
            client: store.client(),
            store,
            shutdown,
            task,
        }
    }

    /// Stops the service and waits until it has, cleanly.
    pub async fn stop(self) {
        self.shutdown.cancel();
        tokio::time::timeout(std::time::Duration::from_secs(20), self.task)
            .await
            .expect("registration stops within 20 s")
            .expect("registration stops without panicking");
    }
}
