//! `claims`: one binary for operators and developers. Parses the command line, sets up
//! tracing, and hands over to the command's module.

mod audit;
mod bench;
mod cli;
mod code;
mod codes;
mod demo;
mod denial;
mod operator;
mod projections_cmd;
mod remittance;
mod up;

use clap::Parser;
// The modules other crates call too (the end-to-end tests) live in the library; imported
// here so `crate::nats` and `crate::send` keep resolving in the binary's modules.
use claims_cli::{era, nats, send};

#[global_allocator]
static ALLOCATOR: claims_runtime::Allocator = claims_runtime::Allocator;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = cli::Cli::parse();
    let settings = claims_runtime::Settings::load(cli.config.as_deref())?;
    claims_runtime::telemetry::init(&settings.log);
    match cli.command {
        cli::Command::Up => up::run(settings).await,
        cli::Command::Dashboard => up::run_read_side_only(settings).await,
        cli::Command::Demo(args) => demo::run(settings, args).await,
        cli::Command::Audit(audit) => audit::run(settings, audit).await,
        cli::Command::Codes(command) => codes::run(command),
        cli::Command::Send(args) => send::run(settings, args).await,
        cli::Command::Era(command) => era::run(settings, command).await,
        cli::Command::Remittance(command) => remittance::run(settings, command).await,
        cli::Command::Projections(command) => projections_cmd::run(settings, command).await,
        cli::Command::Code(command) => code::run(settings, command).await,
        cli::Command::Denial(command) => denial::run(settings, command).await,
        cli::Command::Worklist(command) => denial::worklist(settings, command).await,
        cli::Command::Bench(bench) => bench::run(settings, bench).await,
    }
}
