//! How a process proves who it is to NATS and how it protects the wire: the `[nats]`
//! settings. Pure data and checks; `connect.rs` turns them into a connection.
//!
//! nats-server 2.9 configuration-file accounts authenticate users by user/password or by
//! nkey, and async-nats 0.51 supports both, so both are offered: a password is simplest to
//! rotate by hand, an nkey keeps the secret off the server (the server holds only the public
//! key). TLS verifies the server against a CA file; a client certificate and key add mutual
//! TLS where the server asks for it.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// A secret read from settings: never shown by `Debug`, never written back out.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret itself, for the one place that hands it to the NATS client.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

// Settings are serialisable (to print an effective configuration); a secret is not.
impl Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str("<redacted>")
    }
}

/// Credentials and TLS for the NATS connection. All unset: no authentication, plain TCP
/// (a private development server).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConnectionSettings {
    /// The user this process connects as (each service has its own in deploy/nats/).
    pub user: Option<String>,
    /// The user's password. Prefer `CLAIMS_NATS_PASSWORD` to writing it in a file.
    pub password: Option<Secret>,
    /// A file holding the nkey seed (`SU...`) this process signs the server's challenge
    /// with; instead of user/password.
    pub nkey_seed_file: Option<PathBuf>,
    /// The CA that signed the server's certificate. Set: TLS is required.
    pub ca_file: Option<PathBuf>,
    /// A client certificate and its key, for servers that verify clients (mutual TLS).
    pub cert_file: Option<PathBuf>,
    pub key_file: Option<PathBuf>,
    /// The prefix of reply subjects (default `_INBOX`). Partners' users may only subscribe
    /// to their own, so a partner cannot read replies meant for anyone else.
    pub inbox_prefix: Option<String>,
}

/// How this process authenticates, once the settings are checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials<'a> {
    None,
    UserPassword { user: &'a str, password: &'a Secret },
    NkeySeedFile(&'a std::path::Path),
}

impl ConnectionSettings {
    /// The one way of authenticating these settings name, or why they are contradictory.
    pub fn credentials(&self) -> Result<Credentials<'_>, String> {
        match (&self.user, &self.password, &self.nkey_seed_file) {
            (None, None, None) => Ok(Credentials::None),
            (Some(user), Some(password), None) => Ok(Credentials::UserPassword { user, password }),
            (None, None, Some(file)) => Ok(Credentials::NkeySeedFile(file)),
            (Some(_), None, None) => Err("nats.user is set without nats.password".into()),
            (None, Some(_), None) => Err("nats.password is set without nats.user".into()),
            _ => Err("set either nats.user and nats.password, or nats.nkey_seed_file".into()),
        }
    }

    /// Checks that the settings name one consistent way of connecting.
    pub fn validate(&self) -> Result<(), String> {
        self.credentials()?;
        match (&self.cert_file, &self.key_file) {
            (Some(_), None) => Err("nats.cert_file is set without nats.key_file".into()),
            (None, Some(_)) => Err("nats.key_file is set without nats.cert_file".into()),
            _ => Ok(()),
        }
    }

    /// Whether the connection must be TLS.
    pub fn tls(&self) -> bool {
        self.ca_file.is_some() || self.cert_file.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_password() -> ConnectionSettings {
        ConnectionSettings {
            user: Some("registration".into()),
            password: Some(Secret::new("s3cret-Pa55")),
            ..Default::default()
        }
    }

    #[test]
    fn debug_and_serialised_settings_never_show_the_password() {
        let settings = with_password();
        let debug = format!("{settings:?}");
        let json = serde_json::to_string(&settings).unwrap();
        for shown in [debug, json] {
            assert!(!shown.contains("s3cret-Pa55"), "{shown}");
            assert!(shown.contains("<redacted>"), "{shown}");
        }
    }

    #[test]
    fn one_way_of_authenticating_is_named() {
        assert_eq!(
            ConnectionSettings::default().credentials(),
            Ok(Credentials::None)
        );
        assert!(matches!(
            with_password().credentials(),
            Ok(Credentials::UserPassword {
                user: "registration",
                ..
            })
        ));
        let both = ConnectionSettings {
            nkey_seed_file: Some("seed.nk".into()),
            ..with_password()
        };
        assert!(both.credentials().is_err());
        let no_password = ConnectionSettings {
            user: Some("x".into()),
            ..Default::default()
        };
        assert!(no_password.validate().unwrap_err().contains("password"));
    }

    #[test]
    fn a_client_certificate_needs_its_key_and_implies_tls() {
        let cert_only = ConnectionSettings {
            cert_file: Some("client.pem".into()),
            ..Default::default()
        };
        assert!(cert_only.validate().unwrap_err().contains("key_file"));
        assert!(cert_only.tls());
        assert!(!ConnectionSettings::default().tls());
    }
}
