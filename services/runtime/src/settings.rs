//! Typed settings: defaults, then a TOML file, then `CLAIMS_*` environment variables.
//!
//! Every service and `claims up` read the same structure, so one file configures a whole
//! deployment and one variable (`CLAIMS_NATS_URL`) points everything at a cluster. Tests
//! build settings in code.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use claims_store::StreamSettings;

use crate::connection::{ConnectionSettings, Secret};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// The NATS server(s), comma-separated. `None`: `claims up` starts a private one.
    pub nats_url: Option<String>,
    /// Credentials and TLS for the NATS connection (`[nats]`).
    pub nats: ConnectionSettings,
    /// Where private NATS storage, read models and other local state live.
    pub data_dir: PathBuf,
    pub log: LogSettings,
    pub streams: StreamSettings,
    pub consumer: ConsumerSettings,
    /// The payer registry (TOML); `None` uses the sample registry shipped in the binary.
    pub payers_file: Option<PathBuf>,
    /// Where the dashboard listens.
    pub dashboard_addr: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogSettings {
    pub format: LogFormat,
    /// A `tracing` filter such as `info` or `claims_registration=debug,info`.
    pub filter: String,
}

/// How each service consumes its inputs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConsumerSettings {
    /// Inputs handled at once, each for a different claim (per-claim order is kept).
    pub concurrency: usize,
    /// Attempts in-process for a transient failure before the input is handed back to the
    /// server for later redelivery.
    pub max_retries: u32,
    /// How long the server waits for an ack before redelivering.
    pub ack_wait_secs: u64,
    /// Conflicting appends retried before giving up on this delivery.
    pub max_conflicts: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            nats_url: None,
            nats: ConnectionSettings::default(),
            data_dir: PathBuf::from("data"),
            log: LogSettings::default(),
            streams: StreamSettings::default(),
            consumer: ConsumerSettings::default(),
            payers_file: None,
            dashboard_addr: "127.0.0.1:8080".into(),
        }
    }
}

impl Default for LogSettings {
    fn default() -> Self {
        LogSettings {
            format: LogFormat::Text,
            filter: "info,async_nats=warn".into(),
        }
    }
}

impl Default for ConsumerSettings {
    fn default() -> Self {
        ConsumerSettings {
            concurrency: 32,
            max_retries: 5,
            ack_wait_secs: 30,
            max_conflicts: 16,
        }
    }
}

/// Why settings could not be read: each names the file or variable to fix.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("cannot read settings file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("settings file {path} is not valid: {source}")]
    Parse {
        path: PathBuf,
        source: toml::de::Error,
    },
    /// The `[nats]` settings contradict themselves (from the file and the environment).
    #[error("{0}")]
    Connection(String),
    #[error("environment variable {name}={value:?} is not valid: {reason}")]
    Env {
        name: &'static str,
        value: String,
        reason: String,
    },
}

impl Settings {
    /// Defaults, then `file` (or `CLAIMS_CONFIG`) if given, then the environment.
    pub fn load(file: Option<&Path>) -> Result<Settings, SettingsError> {
        let from_env = std::env::var_os("CLAIMS_CONFIG").map(PathBuf::from);
        let mut settings = match file.map(Path::to_path_buf).or(from_env) {
            Some(path) => {
                let text =
                    std::fs::read_to_string(&path).map_err(|source| SettingsError::Read {
                        path: path.clone(),
                        source,
                    })?;
                toml::from_str(&text).map_err(|source| SettingsError::Parse { path, source })?
            }
            None => Settings::default(),
        };
        settings.apply_env(|name| std::env::var(name).ok())?;
        Ok(settings)
    }

    /// Applies `CLAIMS_*` overrides read through `var` (the process environment, or a map
    /// in tests).
    pub fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> Result<(), SettingsError> {
        if let Some(url) = var("CLAIMS_NATS_URL").filter(|u| !u.is_empty()) {
            self.nats_url = Some(url);
        }
        self.apply_connection_env(&var);
        if let Some(dir) = var("CLAIMS_DATA_DIR") {
            self.data_dir = PathBuf::from(dir);
        }
        if let Some(filter) = var("CLAIMS_LOG") {
            self.log.filter = filter;
        }
        if let Some(format) = var("CLAIMS_LOG_FORMAT") {
            self.log.format = match format.as_str() {
                "json" => LogFormat::Json,
                "text" => LogFormat::Text,
                _ => {
                    return Err(env_error(
                        "CLAIMS_LOG_FORMAT",
                        format,
                        "use `text` or `json`",
                    ))
                }
            };
        }
        if let Some(path) = var("CLAIMS_PAYERS_FILE") {
            self.payers_file = Some(PathBuf::from(path));
        }
        if let Some(addr) = var("CLAIMS_DASHBOARD_ADDR") {
            self.dashboard_addr = addr;
        }
        number(&var, "CLAIMS_CONCURRENCY", &mut self.consumer.concurrency)?;
        number(&var, "CLAIMS_MAX_RETRIES", &mut self.consumer.max_retries)?;
        number(
            &var,
            "CLAIMS_ACK_WAIT_SECS",
            &mut self.consumer.ack_wait_secs,
        )?;
        number(&var, "CLAIMS_REPLICAS", &mut self.streams.replicas)?;
        number(
            &var,
            "CLAIMS_DUPLICATE_WINDOW_SECS",
            &mut self.streams.duplicate_window_secs,
        )?;
        if let Err(reason) = self.nats.validate() {
            return Err(SettingsError::Connection(reason));
        }
        if self.consumer.concurrency == 0 {
            return Err(env_error(
                "CLAIMS_CONCURRENCY",
                "0".into(),
                "must be at least 1",
            ));
        }
        Ok(())
    }

    /// `CLAIMS_NATS_*` credentials and TLS files; an empty variable unsets the setting.
    fn apply_connection_env(&mut self, var: &impl Fn(&str) -> Option<String>) {
        let nats = &mut self.nats;
        let text = |name| var(name).map(|v: String| Some(v).filter(|v| !v.is_empty()));
        let path = |name| text(name).map(|v: Option<String>| v.map(PathBuf::from));
        if let Some(user) = text("CLAIMS_NATS_USER") {
            nats.user = user;
        }
        if let Some(password) = text("CLAIMS_NATS_PASSWORD") {
            nats.password = password.map(Secret::new);
        }
        if let Some(file) = path("CLAIMS_NATS_NKEY_SEED_FILE") {
            nats.nkey_seed_file = file;
        }
        if let Some(file) = path("CLAIMS_NATS_CA_FILE") {
            nats.ca_file = file;
        }
        if let Some(file) = path("CLAIMS_NATS_CERT_FILE") {
            nats.cert_file = file;
        }
        if let Some(file) = path("CLAIMS_NATS_KEY_FILE") {
            nats.key_file = file;
        }
        if let Some(prefix) = text("CLAIMS_NATS_INBOX_PREFIX") {
            nats.inbox_prefix = prefix;
        }
    }

    /// The NATS URL, or an error telling the operator how to give one.
    pub fn nats_url(&self) -> Option<&str> {
        self.nats_url.as_deref()
    }
}

fn env_error(name: &'static str, value: String, reason: &str) -> SettingsError {
    SettingsError::Env {
        name,
        value,
        reason: reason.into(),
    }
}

fn number<T: std::str::FromStr>(
    var: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    target: &mut T,
) -> Result<(), SettingsError> {
    if let Some(value) = var(name) {
        *target = value
            .parse()
            .map_err(|_| env_error(name, value.clone(), "expected a whole number"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn environment_overrides_the_file_and_defaults() {
        let mut settings: Settings =
            toml::from_str("nats_url = \"nats://file:4222\"\n[consumer]\nconcurrency = 4\n")
                .unwrap();
        settings
            .apply_env(env(&[
                ("CLAIMS_NATS_URL", "nats://env:4222"),
                ("CLAIMS_REPLICAS", "3"),
            ]))
            .unwrap();
        assert_eq!(settings.nats_url(), Some("nats://env:4222"));
        assert_eq!(settings.consumer.concurrency, 4);
        assert_eq!(settings.streams.replicas, 3);
        assert_eq!(
            settings.consumer.max_retries,
            ConsumerSettings::default().max_retries
        );
    }

    #[test]
    fn a_bad_variable_names_itself() {
        let error = Settings::default()
            .apply_env(env(&[("CLAIMS_CONCURRENCY", "many")]))
            .unwrap_err();
        assert!(error.to_string().contains("CLAIMS_CONCURRENCY"), "{error}");
    }

    #[test]
    fn the_documented_example_file_is_valid_and_matches_the_defaults() {
        let text = include_str!("../../../deploy/claims.toml.example");
        let example: Settings = toml::from_str(text).expect("deploy/claims.toml.example parses");
        let defaults = Settings::default();
        assert_eq!(example.streams, defaults.streams);
        assert_eq!(example.consumer.concurrency, defaults.consumer.concurrency);
        assert_eq!(example.dashboard_addr, defaults.dashboard_addr);
    }

    #[test]
    fn the_example_file_names_every_variable_read_here() {
        let example = include_str!("../../../deploy/claims.toml.example");
        let source = include_str!("settings.rs");
        let variables: Vec<&str> = source
            .split('"')
            .filter(|token| token.starts_with("CLAIMS_") && !token.contains(' '))
            .collect();
        assert!(variables.contains(&"CLAIMS_NATS_PASSWORD"), "{variables:?}");
        for variable in variables {
            assert!(
                example.contains(variable),
                "deploy/claims.toml.example does not mention {variable}"
            );
        }
        for key in [
            "user",
            "password",
            "nkey_seed_file",
            "ca_file",
            "cert_file",
            "key_file",
            "inbox_prefix",
        ] {
            assert!(
                example.contains(&format!("# {key} = ")),
                "deploy/claims.toml.example does not show nats.{key}"
            );
        }
    }

    #[test]
    fn nats_credentials_and_tls_come_from_the_environment() {
        let mut settings = Settings::default();
        settings
            .apply_env(env(&[
                ("CLAIMS_NATS_USER", "coding"),
                ("CLAIMS_NATS_PASSWORD", "pw-from-env"),
                ("CLAIMS_NATS_CA_FILE", "/etc/claims/ca.pem"),
                ("CLAIMS_NATS_INBOX_PREFIX", "_INBOX.coding"),
            ]))
            .unwrap();
        assert_eq!(settings.nats.user.as_deref(), Some("coding"));
        assert_eq!(
            settings.nats.password.as_ref().map(|p| p.expose()),
            Some("pw-from-env")
        );
        assert!(settings.nats.tls());
        assert_eq!(settings.nats.inbox_prefix.as_deref(), Some("_INBOX.coding"));
        assert!(!format!("{settings:?}").contains("pw-from-env"));
    }

    #[test]
    fn contradictory_nats_credentials_are_refused_at_load() {
        let error = Settings::default()
            .apply_env(env(&[("CLAIMS_NATS_PASSWORD", "alone")]))
            .unwrap_err();
        assert!(error.to_string().contains("nats.user"), "{error}");
        assert!(!error.to_string().contains("alone"), "{error}");
    }

    #[test]
    fn unknown_settings_in_a_file_are_refused() {
        assert!(toml::from_str::<Settings>("nats_urll = \"x\"").is_err());
    }
}
