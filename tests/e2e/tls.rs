//! TLS as deploy/nats/tls.conf sets it up (that file, with test paths), against a real server with certificates made at
//! test time: a service that trusts the CA connects and does its work; a client that does
//! not trust it, or (with mutual TLS) has no certificate of its own, is refused.

use std::path::Path;
use std::time::Duration;

use claims_runtime::connection::ConnectionSettings;
use claims_test_support::settings_for;

use crate::secured::{user, SecuredServer};

/// The deployment's deploy/nats/tls.conf, its files made in `dir`, client certificates
/// required or not.
fn tls_block(dir: &Path, verify_clients: bool) -> String {
    crate::certs::generate(dir);
    let deployed = include_str!("../../deploy/nats/tls.conf");
    assert!(deployed.contains("verify: true"));
    deployed
        .replace("/etc/nats/tls/", &format!("{}/", dir.display()))
        .replace("verify: true", &format!("verify: {verify_clients}"))
}

/// A client that gives up at the first refusal, so the refusal is seen.
async fn connect_once(
    server: &SecuredServer,
    options: async_nats::ConnectOptions,
) -> Result<async_nats::Client, async_nats::ConnectError> {
    let registration = user("registration");
    options
        .user_and_password(
            "registration".into(),
            registration.password.unwrap().expose().to_owned(),
        )
        .require_tls(true)
        .connection_timeout(Duration::from_secs(10))
        .connect(server.url())
        .await
}

/// What a service does first: connect as configured and provision the streams.
async fn service_starts(server: &SecuredServer, nats: ConnectionSettings) {
    let mut settings = settings_for(&server.server);
    settings.nats = nats;
    tokio::time::timeout(
        Duration::from_secs(60),
        claims_runtime::open_store(&settings, "registration"),
    )
    .await
    .expect("the service connects within 60 s")
    .expect("the service provisions its streams over TLS");
}

#[tokio::test]
async fn a_service_trusting_the_ca_connects_and_a_client_that_does_not_is_refused() {
    let server = SecuredServer::start_with(|dir| tls_block(dir, false));
    service_starts(
        &server,
        ConnectionSettings {
            ca_file: Some(server.file("ca.pem")),
            ..user("registration")
        },
    )
    .await;

    let untrusting = connect_once(&server, async_nats::ConnectOptions::new()).await;
    let error = untrusting.expect_err("a client without the CA is refused");
    assert!(
        error.to_string().to_lowercase().contains("certificate")
            || error.to_string().to_lowercase().contains("tls"),
        "{error}"
    );
}

#[tokio::test]
async fn with_mutual_tls_a_client_needs_its_own_certificate() {
    let server = SecuredServer::start_with(|dir| tls_block(dir, true));
    service_starts(
        &server,
        ConnectionSettings {
            ca_file: Some(server.file("ca.pem")),
            cert_file: Some(server.file("client.pem")),
            key_file: Some(server.file("client-key.pem")),
            ..user("registration")
        },
    )
    .await;

    let without_certificate = connect_once(
        &server,
        async_nats::ConnectOptions::new().add_root_certificates(server.file("ca.pem")),
    )
    .await;
    assert!(
        without_certificate.is_err(),
        "a client without a certificate is refused"
    );
}
