//! What every service shares: settings, telemetry, the durable consumer loop, shutdown.
