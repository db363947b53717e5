//! Services started in-process the way `claims up` starts them, against the test's server.

use claims_runtime::{CancellationToken, Settings};
use claims_store::EventStore;
use tokio::task::JoinHandle;

pub use claims_test_support::example;

/// Running services, stopped (gracefully) by `stop` or on drop.
pub struct Running {
    pub client: async_nats::Client,
    pub store: EventStore,
    shutdown: CancellationToken,
    tasks: Vec<JoinHandle<()>>,
}

impl Running {
    pub async fn start(settings: Settings, services: &[&str]) -> Running {
        let shutdown = CancellationToken::new();
        let url = settings
            .nats_url
            .clone()
            .expect("test settings name the server");
        let client = claims_runtime::connect(&url, &settings.nats, "test")
            .await
            .expect("connect");
        let store = EventStore::open(client.clone(), &settings.streams)
            .await
            .expect("provision");
        let mut tasks = Vec::new();
        for service in services {
            let (settings, token) = (settings.clone(), shutdown.clone());
            let service = service.to_string();
            tasks.push(tokio::spawn(async move {
                let result = match service.as_str() {
                    "registration" => claims_registration::run(settings, token).await,
                    "coding" => claims_coding::run(settings, token).await,
                    "denials" => claims_denials::run(settings, token).await,
                    "remittance" => claims_remittance::run(settings, token).await,
                    "submission" => claims_submission::run(settings, token).await,
                    other => panic!("no service {other}"),
                };
                result.unwrap_or_else(|e| panic!("{service} failed: {e}"));
            }));
        }
        Running {
            client,
            store,
            shutdown,
            tasks,
        }
    }

    pub async fn registration(settings: Settings) -> Running {
        Running::start(settings, &["registration"]).await
    }

    pub async fn registration_and_coding(settings: Settings) -> Running {
        Running::start(settings, &["registration", "coding"]).await
    }

    pub async fn denials_and_coding(settings: Settings) -> Running {
        Running::start(settings, &["coding", "denials"]).await
    }

    pub async fn remittance(settings: Settings) -> Running {
        Running::start(settings, &["remittance"]).await
    }

    /// Puts the documented active Medicare coverage on file (`eligibility-active.json` from
    /// the payer) and waits for its receipt, so encounters sent next find it.
    pub async fn coverage_on_file(&self) {
        claims_test_support::publish_inbox(
            &self.client,
            "inbox.medicare-il.eligibility",
            "ELIG-1",
            &example("eligibility-active.json"),
        )
        .await;
        claims_test_support::read_stream(
            &self.client,
            claims_store::OUTBOX,
            "outbox.medicare-il.receipts",
            1,
            20,
        )
        .await;
    }

    /// Stops the services and waits until they have: each must stop cleanly.
    pub async fn stop(mut self) {
        self.shutdown.cancel();
        for task in self.tasks.drain(..) {
            tokio::time::timeout(std::time::Duration::from_secs(20), task)
                .await
                .expect("services stop within 20 s")
                .expect("services stop without panicking");
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

/// The projector and the dashboard on a free port, as `claims up` runs them; stopped on drop.
pub struct ReadSide {
    pub projection: claims_projections::SharedProjection,
    pub addr: std::net::SocketAddr,
    shutdown: CancellationToken,
}

impl ReadSide {
    pub async fn start(settings: &Settings, store: &EventStore) -> ReadSide {
        let shutdown = CancellationToken::new();
        let payers = claims_payers::PayerRegistry::load(settings.payers_file.as_deref())
            .expect("the payer registry loads");
        let projection = claims_projections::SharedProjection::open(
            &settings.data_dir.join("projections"),
            &payers,
        )
        .expect("read models open");
        tokio::spawn(claims_projections::projector::run_shared(
            store.clone(),
            projection.clone(),
            shutdown.clone(),
        ));
        let listener = claims_dashboard::bind("127.0.0.1:0")
            .await
            .expect("a free port");
        let addr = listener.local_addr().expect("bound");
        let state = claims_dashboard::AppState {
            projection: projection.clone(),
            store: store.clone(),
        };
        tokio::spawn(claims_dashboard::serve_on(
            listener,
            state,
            shutdown.clone(),
        ));
        ReadSide {
            projection,
            addr,
            shutdown,
        }
    }
}

impl Drop for ReadSide {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

/// Waits up to 30 s (services work asynchronously) for the claim to satisfy `done`;
/// fails naming `what` was awaited and where the claim stands.
pub async fn wait_for(
    store: &claims_store::EventStore,
    id: claims_events::ClaimId,
    what: &str,
    done: impl Fn(&claims_store::LoadedClaim) -> bool,
) -> claims_store::LoadedClaim {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let claim = store.load(id).await.unwrap();
        if done(&claim) {
            return claim;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "claim {id} is {} not {what}",
            claim.state.status()
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Waits for the claim to reach `status`.
pub async fn wait_status(
    store: &claims_store::EventStore,
    id: claims_events::ClaimId,
    status: claims_events::ClaimStatus,
) -> claims_store::LoadedClaim {
    wait_for(store, id, status.as_str(), |c| c.state.status() == status).await
}
