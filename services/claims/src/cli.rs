//! The command line, declared with clap's derive so `--help` documents itself.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// The claims lifecycle: registration, coding, submission, remittance and denial handling
/// on an event log in NATS JetStream.
#[derive(Debug, Parser)]
#[command(name = "claims", version)]
pub struct Cli {
    /// A settings file (TOML); CLAIMS_* environment variables override it.
    #[arg(long, global = true, env = "CLAIMS_CONFIG")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run every service in this process, against CLAIMS_NATS_URL or, when that is unset,
    /// a private nats-server storing under the data directory.
    Up,
    /// Run only the projector and the dashboard against CLAIMS_NATS_URL, for installs that
    /// run each service as its own process (deploy/systemd/claims-dashboard.service).
    Dashboard,
    /// Everything `up` runs, plus simulated practices, clearinghouse, payers and (with
    /// --operators) coders and billers producing realistic traffic over NATS.
    Demo(crate::demo::DemoArgs),
    /// Read a claim's history from the log itself.
    #[command(subcommand)]
    Audit(crate::audit::AuditCommand),
    /// Publish a file to an inbox subject as a partner would, and print the receipt.
    Send(crate::send::SendArgs),
    /// Payers' 835 remittances: read one without posting it, or import it as a
    /// clearinghouse would.
    #[command(subcommand)]
    Era(crate::era::EraCommand),
    /// Billers' work on remittances: resolve a payment held in suspense (published as an
    /// operator command, answered by a receipt).
    #[command(subcommand)]
    Remittance(crate::remittance::RemittanceCommand),
    /// The read models: rebuild them from the log, or see how far behind they are.
    #[command(subcommand)]
    Projections(crate::projections_cmd::ProjectionsCommand),
    /// Look up ICD-10-CM FY2026 codes as a coder does.
    #[command(subcommand)]
    Codes(crate::codes::CodesCommand),
    /// Coders' actions on claims (published as operator commands, answered by receipts).
    #[command(subcommand)]
    Code(crate::code::CodeCommand),
    /// Billers' actions on denied and rejected claims (published as operator commands,
    /// answered by receipts).
    #[command(subcommand)]
    Denial(crate::denial::DenialCommand),
    /// Work queues, most urgent first.
    #[command(subcommand)]
    Worklist(crate::denial::WorklistCommand),
    /// Measure the event store against raw JetStream, in the same run.
    #[command(subcommand)]
    Bench(BenchCommand),
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Appends/s through the store against raw acknowledged publishes of the same size.
    Append(BenchArgs),
    /// p99 latency to load a claim of 10 commits from a log of a million commits.
    Load(BenchArgs),
    /// Claims checked per second by the coding rules against decoding the same claims.
    Coding,
    /// Audit: p99 of `audit show` in a log of a million commits, and `verify --all`
    /// throughput against reading the same log without verifying.
    Audit(crate::audit::bench::AuditBenchArgs),
    /// MB/s of 835 parsed by the remittance reader against splitting the same bytes into
    /// segments and elements only, on a generated file held in memory.
    #[command(name = "x12-835")]
    X12Remittance(crate::bench::x12_835::X12BenchArgs),
    /// Commits/s replayed into the read models from a log of a million commits, against
    /// reading the same log and writing one sled key per commit.
    Rebuild(crate::bench::rebuild::RebuildBenchArgs),
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// How many claims (append: distinct claims written; load: claims in the log).
    #[arg(long)]
    pub claims: Option<usize>,
    /// Commits per claim (load).
    #[arg(long)]
    pub commits_per_claim: Option<usize>,
    /// Loads to time (load).
    #[arg(long, default_value_t = 2000)]
    pub samples: usize,
}
