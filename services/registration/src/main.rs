//! The registration service as its own process: settings, tracing, signals, then `run`.

#[global_allocator]
static ALLOCATOR: claims_runtime::Allocator = claims_runtime::Allocator;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let settings = claims_runtime::Settings::load(None)?;
    claims_runtime::telemetry::init(&settings.log);
    claims_registration::run(settings, claims_runtime::shutdown::on_signals()).await?;
    Ok(())
}
