//! What a simulator run is asked to do, and what it shares between its partner loops.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use async_nats::jetstream;
use tokio::sync::mpsc;

use claims_payers::{Payer, PayerRegistry};

use crate::bus::Receipts;
use crate::decisions::{verdict, Verdict};
use crate::encounter::{Generator, ProblemShares};
use crate::ledger::Ledger;
use crate::operator::Task;
use crate::progress::Stats;
use crate::x837::BilledClaim;

/// The knobs of a run (`claims demo --claims --rate --seed --operators`).
#[derive(Debug, Clone)]
pub struct Config {
    /// Same seed, same traffic.
    pub seed: u64,
    /// Encounters to have sent in all, across runs of this seed: a run sends the rest.
    pub claims: u64,
    /// Encounters per second.
    pub rate: f64,
    /// Let simulated coders and billers work the coding and denial queues.
    pub operators: bool,
    /// The clearinghouse partner whose 837s the simulated clearinghouse answers.
    pub clearinghouse: String,
    /// How long a payer takes to adjudicate a batch (and to decide an appeal).
    pub payer_delay: Duration,
    /// How long an operator takes to pick up a work item (doubling on each retry).
    pub operator_delay: Duration,
    /// How long to wait for a receipt before going on without it.
    pub receipt_wait: Duration,
    pub shares: ProblemShares,
    /// The payer registry the system uses (names, X12 ids, filing indicators).
    pub payers: PayerRegistry,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seed: 1,
            claims: 500,
            rate: 5.0,
            operators: false,
            clearinghouse: "availity".into(),
            payer_delay: Duration::from_secs(3),
            operator_delay: Duration::from_secs(2),
            receipt_wait: Duration::from_secs(30),
            shares: ProblemShares::default(),
            payers: PayerRegistry::sample(),
        }
    }
}

/// One claim as the clearinghouse has seen it: the stream sequences of the 837s that carried
/// it (so a claim sent again is known as such, even after a restart) and its latest form.
#[derive(Debug, Clone)]
pub struct BilledHistory {
    pub sequences: Vec<u64>,
    pub latest: BilledClaim,
}

/// State shared by the partner loops of one run.
pub struct Shared {
    pub config: Config,
    pub generator: Generator,
    pub js: jetstream::Context,
    pub client: async_nats::Client,
    pub ledger: Mutex<Ledger>,
    pub stats: Stats,
    pub billed: Mutex<HashMap<String, BilledHistory>>,
    /// One receipts router per payer partner, made on first use.
    pub payer_receipts: tokio::sync::Mutex<HashMap<String, Receipts>>,
    pub operator: mpsc::UnboundedSender<Task>,
    /// Distinguishes this run's operator message ids from earlier runs'.
    pub run_nonce: u64,
    /// Cancelled when the run stops: ends the receipt subscriptions made along the way.
    pub stopped: tokio_util::sync::CancellationToken,
}

impl Shared {
    /// Records that the 837 at `sequence` carries `claim`; returns how many times the
    /// clearinghouse saw it before (its attempt) and how many of those reached the payer.
    pub fn bill(&self, sequence: u64, claim: &BilledClaim) -> (u32, u32) {
        let mut billed = self.billed.lock().expect("billed claims");
        let history = billed
            .entry(claim.claim_id.clone())
            .or_insert_with(|| BilledHistory {
                sequences: Vec::new(),
                latest: claim.clone(),
            });
        if !history.sequences.contains(&sequence) {
            history.sequences.push(sequence);
            history.sequences.sort_unstable();
        }
        if history.sequences.last() == Some(&sequence) {
            history.latest = claim.clone();
        }
        let attempt = history.sequences.iter().filter(|s| **s < sequence).count() as u32;
        let adjudications = (0..attempt)
            .filter(|k| verdict(self.config.seed, &claim.claim_id, *k) == Verdict::Accept)
            .count() as u32;
        (attempt, adjudications)
    }

    /// The latest billed form of a claim and how many times a payer adjudicated it.
    pub fn billed_claim(&self, claim_id: &str) -> Option<(BilledClaim, u32)> {
        let billed = self.billed.lock().expect("billed claims");
        let history = billed.get(claim_id)?;
        let accepted = (0..history.sequences.len() as u32)
            .filter(|k| verdict(self.config.seed, claim_id, *k) == Verdict::Accept)
            .count() as u32;
        Some((history.latest.clone(), accepted))
    }

    /// The registry's payer with this X12 payer id.
    pub fn payer_by_x12(&self, x12_payer_id: &str) -> Option<&Payer> {
        self.config
            .payers
            .iter()
            .find(|p| p.x12_payer_id == x12_payer_id)
    }
}

/// The payer registry at `path`, or the sample the services use when none is configured.
pub fn load_payers(path: Option<&std::path::Path>) -> Result<PayerRegistry, String> {
    PayerRegistry::load(path)
}
