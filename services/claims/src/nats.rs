//! Where the CLI finds NATS: `CLAIMS_NATS_URL` or the settings file, else the private server
//! `claims up` runs (whose address it leaves in the data directory), else it starts one.

use std::path::{Path, PathBuf};

use anyhow::Context;
use claims_runtime::{nats_server::NatsServer, Settings};

/// A NATS URL to use, and the private server behind it if this process started one.
pub struct Nats {
    pub url: String,
    pub private: Option<NatsServer>,
}

fn url_file(data_dir: &Path) -> PathBuf {
    data_dir.join("nats").join("url")
}

/// The configured URL, or a private server under the data directory, started here.
pub fn start_or_connect(settings: &Settings) -> anyhow::Result<Nats> {
    if let Some(url) = settings.nats_url() {
        return Ok(Nats {
            url: url.to_owned(),
            private: None,
        });
    }
    let dir = settings.data_dir.join("nats");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let server = NatsServer::start_in(&dir, None, &[]).map_err(anyhow::Error::msg)?;
    let url = server.url();
    std::fs::write(url_file(&settings.data_dir), &url)?;
    Ok(Nats {
        url,
        private: Some(server),
    })
}

/// The URL of a running system: configured, or the one `claims up` left behind.
pub fn running_url(settings: &Settings) -> anyhow::Result<String> {
    if let Some(url) = settings.nats_url() {
        return Ok(url.to_owned());
    }
    std::fs::read_to_string(url_file(&settings.data_dir))
        .map(|s| s.trim().to_owned())
        .with_context(|| {
            format!(
                "no NATS to read from: set CLAIMS_NATS_URL, or start the system with `claims up` \
             (it writes its address to {})",
                url_file(&settings.data_dir).display()
            )
        })
}
