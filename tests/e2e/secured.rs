//! A nats-server secured the way deploy/nats/ says: the users and permissions of
//! deploy/nats/accounts.conf (with test passwords written next to it), plus whatever else
//! a test adds (a `tls {}` block); and connection settings for each of its users.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use claims_runtime::connection::{ConnectionSettings, Secret};
use claims_test_support::NatsServer;
use tempfile::TempDir;

const ACCOUNTS: &str = include_str!("../../deploy/nats/accounts.conf");

/// A user with every right, added to the test's copy only: it plays the partner simulator,
/// which speaks for every partner at once and creates its own consumers.
const HARNESS_USER: &str = "      { user: \"harness\", password: \"test-password-harness\" }\n";

/// The deployment's accounts with the harness user added to the CLAIMS account.
fn accounts_for_tests() -> String {
    let users = "users: [\n";
    let at = ACCOUNTS.find(users).expect("accounts.conf lists users") + users.len();
    format!("{}{HARNESS_USER}{}", &ACCOUNTS[..at], &ACCOUNTS[at..])
}

/// The server and the directory holding its configuration (removed on drop, after it).
pub struct SecuredServer {
    pub server: NatsServer,
    pub config_dir: TempDir,
}

/// The test password of `user`.
fn password(user: &str) -> String {
    format!("test-password-{user}")
}

/// `REGISTRATION_PASSWORD` -> `registration`, `MEDICARE_IL_PASSWORD` -> `medicare-il`.
fn user_of(variable: &str) -> String {
    variable
        .trim_end_matches("_PASSWORD")
        .to_lowercase()
        .replace('_', "-")
}

/// passwords.conf defining every password variable accounts.conf refers to.
fn passwords_conf() -> String {
    ACCOUNTS
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
        .filter_map(|token| token.strip_prefix('$'))
        .filter(|token| token.ends_with("_PASSWORD"))
        .map(|variable| format!("{variable}: \"{}\"\n", password(&user_of(variable))))
        .collect()
}

impl SecuredServer {
    /// Starts a server with the deployment's accounts.
    pub fn start() -> SecuredServer {
        SecuredServer::start_with(|_| String::new())
    }

    /// Starts a server with the deployment's accounts and the configuration `extra`
    /// returns, given the configuration directory to write its files (certificates) in.
    pub fn start_with(extra: impl FnOnce(&Path) -> String) -> SecuredServer {
        let config_dir = tempfile::Builder::new()
            .prefix("claims-nats-conf-")
            .tempdir()
            .expect("temp dir");
        let dir = config_dir.path();
        let extra = extra(dir);
        std::fs::write(dir.join("accounts.conf"), accounts_for_tests()).unwrap();
        std::fs::write(dir.join("passwords.conf"), passwords_conf()).unwrap();
        let main = dir.join("server.conf");
        std::fs::write(&main, format!("include \"accounts.conf\"\n{extra}\n")).unwrap();
        let server = NatsServer::start_with(&["-c", main.to_str().unwrap()]);
        SecuredServer { server, config_dir }
    }

    pub fn url(&self) -> String {
        self.server.url()
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.config_dir.path().join(name)
    }
}

/// Connection settings of a service or operator user.
pub fn user(name: &str) -> ConnectionSettings {
    ConnectionSettings {
        user: Some(name.into()),
        password: Some(Secret::new(password(name))),
        ..Default::default()
    }
}

/// Connection settings of a partner: its user, replies on its own inbox prefix.
pub fn partner(id: &str) -> ConnectionSettings {
    ConnectionSettings {
        inbox_prefix: Some(format!("_INBOX.{id}")),
        ..user(id)
    }
}

/// A raw client as `settings` say, without retrying, keeping every error the server sends
/// (async-nats 0.51 reports permission violations only as such events).
pub async fn client_noting_errors(
    url: &str,
    settings: &ConnectionSettings,
) -> (async_nats::Client, Arc<Mutex<Vec<String>>>) {
    let errors = Arc::new(Mutex::new(Vec::new()));
    let noted = errors.clone();
    let mut options = async_nats::ConnectOptions::new().event_callback(move |event| {
        let noted = noted.clone();
        async move {
            if let async_nats::Event::ServerError(error) = event {
                noted.lock().unwrap().push(error.to_string());
            }
        }
    });
    if let (Some(user), Some(password)) = (&settings.user, &settings.password) {
        options = options.user_and_password(user.clone(), password.expose().to_owned());
    }
    if let Some(prefix) = &settings.inbox_prefix {
        options = options.custom_inbox_prefix(prefix);
    }
    let client = options.connect(url).await.expect("the user connects");
    (client, errors)
}

/// Waits up to 20 s for a server error containing every one of `words` (case-insensitive).
pub async fn wait_for_error(errors: &Mutex<Vec<String>>, words: &[&str]) {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let seen = errors.lock().unwrap().clone();
        let found = seen.iter().any(|e| {
            let e = e.to_lowercase();
            words.iter().all(|w| e.contains(&w.to_lowercase()))
        });
        if found {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no server error with {words:?}; errors: {seen:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
