//! A service killed mid-stream loses nothing and decides nothing twice.
//!
//! The service runs on its own Tokio runtime in its own thread; "killing" it drops that
//! runtime at whatever await point each task is at (between an append and its ack, between
//! an append and its receipt, ...), which is what a crash looks like to the broker: nothing
//! more is acknowledged. A second instance then takes over the same durable consumer.

use std::time::Duration;

use claims_events::{ClaimId, PartnerId};
use claims_runtime::{CancellationToken, Settings};
use claims_store::OUTBOX;
use claims_test_support::{count_stream, publish_inbox, settings_for, NatsServer};
use serde_json::Value;

use crate::harness::example;

/// A registration instance on its own runtime; dropped without any chance to clean up.
struct Instance {
    kill: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Instance {
    fn start(settings: Settings) -> Instance {
        let (kill, killed) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                tokio::select! {
                    result = claims_registration::run(settings, CancellationToken::new()) => result.unwrap(),
                    _ = killed => {}
                }
            });
            runtime.shutdown_background();
        });
        Instance {
            kill: Some(kill),
            thread: Some(thread),
        }
    }

    fn kill(mut self) {
        let _ = self.kill.take().map(|k| k.send(()));
        let _ = self.thread.take().map(|t| t.join());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn encounters_survive_a_killed_instance_exactly_once() {
    let server = NatsServer::start();
    let mut settings = settings_for(&server);
    settings.consumer.ack_wait_secs = 2; // redeliver quickly what the dead instance held
    let client = claims_runtime::connect(&server.url(), &Default::default(), "test")
        .await
        .unwrap();
    let store = claims_test_support::store(&server).await;

    let total = 120;
    let template: Value = serde_json::from_slice(&example("encounter-self.json")).unwrap();
    for i in 0..total {
        let mut encounter = template.clone();
        encounter["encounter_id"] = format!("ENC-{i}").into();
        publish_inbox(
            &client,
            "inbox.springfield-fp.encounter",
            &format!("MSG-{i}"),
            &serde_json::to_vec(&encounter).unwrap(),
        )
        .await;
    }

    let first = Instance::start(settings.clone());
    // Kill it while it is busy: some receipts out, most not.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while count_stream(&client, OUTBOX, "outbox.springfield-fp.receipts").await < 10 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the first instance processed nothing"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    first.kill();
    let done_by_first = count_stream(&client, OUTBOX, "outbox.springfield-fp.receipts").await;

    let second = Instance::start(settings);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while count_stream(&client, OUTBOX, "outbox.springfield-fp.receipts").await < total {
        assert!(
            tokio::time::Instant::now() < deadline,
            "not every encounter was answered"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    second.kill();

    let partner: PartnerId = "springfield-fp".parse().unwrap();
    for i in 0..total {
        let claim = store
            .load(ClaimId::for_encounter(&partner, &format!("ENC-{i}")))
            .await
            .unwrap();
        assert_eq!(claim.commits.len(), 1, "ENC-{i} has exactly one commit");
    }
    assert_eq!(
        count_stream(&client, OUTBOX, "outbox.springfield-fp.receipts").await,
        total,
        "one receipt each"
    );
    assert!(
        done_by_first < total,
        "the kill happened mid-stream ({done_by_first} of {total} done)"
    );
}
