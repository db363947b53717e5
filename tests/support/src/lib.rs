//! Test harness: a real `nats-server` per test, and settings that point at it.
//!
//! Each `NatsServer` runs on a port the server picks itself (`-p -1`, read back from its
//! ports file), with JetStream storing into its own temporary directory, and is killed and
//! cleaned up when dropped, so tests run in parallel and need nothing running beforehand.
//! Bind it to `_server`, never `_`, or it is dropped at once.

use std::path::Path;

mod cluster;
pub use cluster::{provisioned_store, settings_for_cluster, NatsCluster};

use claims_runtime::nats_server;
use tempfile::TempDir;

use claims_runtime::Settings;

/// A real `nats-server` in its own temporary directory, killed and removed on drop.
pub struct NatsServer {
    // Field order matters: the server stops before its directory is removed.
    server: nats_server::NatsServer,
    _dir: TempDir,
}

impl NatsServer {
    pub fn start() -> NatsServer {
        NatsServer::start_with(&[])
    }

    /// With extra server arguments (`-c config`, ...).
    pub fn start_with(args: &[&str]) -> NatsServer {
        let dir = tempfile::Builder::new()
            .prefix("claims-nats-")
            .tempdir()
            .expect("temp dir");
        let server = nats_server::NatsServer::start_in(dir.path(), None, args)
            .unwrap_or_else(|e| panic!("{e}"));
        NatsServer { server, _dir: dir }
    }

    pub fn url(&self) -> String {
        self.server.url()
    }

    pub fn dir(&self) -> &Path {
        self.server.dir()
    }

    /// SIGKILL: what a crash looks like to clients.
    pub fn kill(&mut self) {
        self.server.kill()
    }

    /// Kills it and starts it again on the same port with the same store.
    pub fn restart(&mut self) {
        self.server.restart().unwrap_or_else(|e| panic!("{e}"))
    }
}

/// Settings for services under test: this server, small and quick.
pub fn settings_for(server: &NatsServer) -> Settings {
    claims_runtime::telemetry::init_for_tests();
    let mut settings = Settings {
        nats_url: Some(server.url()),
        data_dir: server.dir().join("data"),
        ..Settings::default()
    };
    settings.consumer.concurrency = 8;
    settings.consumer.ack_wait_secs = 5;
    settings
}

/// A connected event store on `server`, streams provisioned.
pub async fn store(server: &NatsServer) -> claims_store::EventStore {
    let client = claims_runtime::connect(&server.url(), &Default::default(), "test")
        .await
        .expect("connect to the test server");
    claims_store::EventStore::open(client, &Default::default())
        .await
        .expect("provision streams")
}

/// Publishes a partner message into the inbox as a partner would: to its subject, with the
/// sender's `Nats-Msg-Id`, waiting for the server to store it. Returns the INBOX sequence.
pub async fn publish_inbox(
    client: &async_nats::Client,
    subject: &str,
    message_id: &str,
    payload: &[u8],
) -> u64 {
    let js = async_nats::jetstream::new(client.clone());
    let mut headers = async_nats::HeaderMap::new();
    headers.insert(async_nats::header::NATS_MESSAGE_ID, message_id);
    js.publish_with_headers(subject.to_owned(), headers, payload.to_vec().into())
        .await
        .expect("publish to the inbox")
        .await
        .expect("the inbox stored the message")
        .sequence
}

/// Reads `count` messages of `stream` matching `filter`, from the start, waiting at most
/// `seconds` for them; fails the test if they do not all arrive.
pub async fn read_stream(
    client: &async_nats::Client,
    stream: &str,
    filter: &str,
    count: usize,
    seconds: u64,
) -> Vec<async_nats::jetstream::Message> {
    use async_nats::jetstream::consumer::pull::OrderedConfig;
    use futures::StreamExt;
    let js = async_nats::jetstream::new(client.clone());
    let consumer = js
        .get_stream(stream)
        .await
        .expect("stream exists")
        .create_consumer(OrderedConfig {
            filter_subject: filter.to_owned(),
            ..Default::default()
        })
        .await
        .expect("ordered consumer");
    let mut messages = consumer.messages().await.expect("messages");
    let mut out = Vec::new();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(seconds);
    while out.len() < count {
        match tokio::time::timeout_at(deadline, messages.next()).await {
            Ok(Some(Ok(message))) => out.push(message),
            Ok(Some(Err(error))) => panic!("reading {stream} {filter}: {error}"),
            Ok(None) | Err(_) => panic!(
                "{stream} {filter}: {} of {count} messages within {seconds} s",
                out.len()
            ),
        }
    }
    out
}

/// How many messages of `stream` match `filter` now.
pub async fn count_stream(client: &async_nats::Client, stream: &str, filter: &str) -> u64 {
    use futures::StreamExt;
    let js = async_nats::jetstream::new(client.clone());
    let stream = js.get_stream(stream).await.expect("stream exists");
    let mut subjects = stream
        .info_with_subjects(filter)
        .await
        .expect("stream info");
    let mut total = 0;
    while let Some(entry) = subjects.next().await {
        total += entry.expect("subject counts").1 as u64;
    }
    total
}

/// A plain HTTP/1.1 GET (the dashboard, `/metrics`); returns the status code and the body.
pub async fn http_get(addr: std::net::SocketAddr, path: &str) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let status = response[9..12].parse().unwrap();
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// A documented example message, as partners read it in docs/contracts/examples/.
pub fn example(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../docs/contracts/examples")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
