//! One simulator run: the practices, the clearinghouse, the payers and (optionally) the
//! operators, started together against a NATS server and stopped together.
//!
//! The handle stays usable while the run goes on: the CLI reads [`Simulator::stats`] for its
//! progress line, a test reads [`Simulator::ledger`] to compare the system with what the
//! partners did.

use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use claims_codes::CodeSet;

use crate::bus::BusError;
use crate::config::{Config, Shared};
use crate::encounter::Generator;
use crate::ledger::Ledger;
use crate::operator::Task;
use crate::progress::Snapshot;
use crate::{appeals, clearinghouse, operator, practice};

/// Why a run could not start or stopped early.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("the ICD-10-CM code set did not load: {0}")]
    CodeSet(String),
    #[error(transparent)]
    Bus(#[from] BusError),
}

/// A simulator, ready to run.
pub struct Simulator {
    shared: Arc<Shared>,
    queue: Mutex<Option<mpsc::UnboundedReceiver<Task>>>,
}

impl Simulator {
    /// Prepares a run over `client` (loads the code set the encounters draw from).
    pub fn new(config: Config, client: async_nats::Client) -> Result<Simulator, SimError> {
        let code_set = CodeSet::embedded().map_err(|e| SimError::CodeSet(e.to_string()))?;
        let (operator, queue) = mpsc::unbounded_channel();
        let shared = Shared {
            generator: Generator::new(config.seed, code_set, config.shares),
            js: async_nats::jetstream::new(client.clone()),
            client,
            ledger: Mutex::default(),
            stats: Default::default(),
            billed: Mutex::default(),
            payer_receipts: Default::default(),
            operator,
            run_nonce: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as u64),
            stopped: CancellationToken::new(),
            config,
        };
        Ok(Simulator {
            shared: Arc::new(shared),
            queue: Mutex::new(Some(queue)),
        })
    }

    pub fn config(&self) -> &Config {
        &self.shared.config
    }

    /// The counters now.
    pub fn stats(&self) -> Snapshot {
        self.shared.stats.snapshot()
    }

    /// The books so far (hold the guard briefly: the partners write to it).
    pub fn ledger(&self) -> MutexGuard<'_, Ledger> {
        self.shared.ledger.lock().expect("ledger")
    }

    /// Runs every partner until `shutdown`. The practices stop once all encounters are
    /// sent; the clearinghouse, payers and operators go on answering until stopped.
    pub async fn run(&self, shutdown: CancellationToken) -> Result<(), SimError> {
        let queue = self.queue.lock().expect("operator queue").take();
        let shared = &self.shared;
        let _stop_subscriptions = shared.stopped.clone().drop_guard();
        let operators = async {
            match queue {
                Some(queue) if shared.config.operators => {
                    operator::run(shared.clone(), queue, shutdown.clone()).await
                }
                _ => Ok(()),
            }
        };
        // A partner that fails stops the others: a half-simulated world misleads.
        let stop_all = |result: Result<(), BusError>| {
            if result.is_err() {
                shutdown.cancel();
            }
            result
        };
        let (practices, clearinghouse, appeals, operators) = tokio::join!(
            async { stop_all(practice::run(shared.clone(), shutdown.clone()).await) },
            async { stop_all(clearinghouse::run(shared.clone(), shutdown.clone()).await) },
            async { stop_all(appeals::run_appeals(shared.clone(), shutdown.clone()).await) },
            async { stop_all(operators.await) },
        );
        for result in [practices, clearinghouse, appeals, operators] {
            match result {
                Ok(()) | Err(BusError::Stopped) => {}
                Err(error) => return Err(error.into()),
            }
        }
        Ok(())
    }
}
