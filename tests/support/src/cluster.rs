//! Three real `nats-server` processes on loopback as one JetStream cluster, as production
//! runs them (deploy/nats/cluster/), each with its own store in one temporary directory.
//!
//! Client ports are picked by the servers (`-p -1`). Cluster ports cannot be: a JetStream
//! cluster refuses to start without its routes, so every node must know the others' cluster
//! ports before any of them starts. They are reserved by binding port 0 and released just
//! before the servers start; should another process take one in between, a node fails to
//! start and the whole cluster is started again on new ports.

use std::net::TcpListener;
use std::time::Duration;

use claims_runtime::{nats_server, Settings};
use claims_store::{EventStore, StreamSettings};
use tempfile::TempDir;

const NODES: usize = 3;
const CLUSTER_NAME: &str = "claims-test";

/// A three-node cluster, killed and removed on drop. Bind it to a named variable.
pub struct NatsCluster {
    // Field order matters: the servers stop before their directory is removed.
    nodes: Vec<nats_server::NatsServer>,
    _dir: TempDir,
}

impl NatsCluster {
    pub fn start() -> NatsCluster {
        let mut last_error = String::new();
        for _ in 0..5 {
            match NatsCluster::try_start() {
                Ok(cluster) => return cluster,
                Err(error) => last_error = error,
            }
        }
        panic!("the NATS cluster did not start: {last_error}")
    }

    fn try_start() -> Result<NatsCluster, String> {
        let dir = tempfile::Builder::new()
            .prefix("claims-nats-cluster-")
            .tempdir()
            .map_err(|e| e.to_string())?;
        let cluster_ports = free_ports(NODES)?;
        let mut nodes = Vec::new();
        for (index, port) in cluster_ports.iter().enumerate() {
            let routes: Vec<String> = cluster_ports
                .iter()
                .filter(|other| *other != port)
                .map(|other| format!("nats-route://127.0.0.1:{other}"))
                .collect();
            let node_dir = dir.path().join(format!("node-{}", index + 1));
            std::fs::create_dir_all(&node_dir).map_err(|e| e.to_string())?;
            // Restarting a node reuses these arguments, so it comes back on the same cluster
            // port with the same routes, as a production node restarted with its config.
            let args = [
                "--server_name".to_owned(),
                format!("node-{}", index + 1),
                "--cluster_name".to_owned(),
                CLUSTER_NAME.to_owned(),
                "--cluster".to_owned(),
                format!("nats://127.0.0.1:{port}"),
                "--routes".to_owned(),
                routes.join(","),
            ];
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            nodes.push(nats_server::NatsServer::start_in(&node_dir, None, &args)?);
        }
        Ok(NatsCluster { nodes, _dir: dir })
    }

    /// Every node's client URL, comma-separated: what `CLAIMS_NATS_URL` holds in production.
    pub fn url(&self) -> String {
        self.nodes
            .iter()
            .map(|n| n.url())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// One node's client URL (`index` from 0).
    pub fn node_url(&self, index: usize) -> String {
        self.nodes[index].url()
    }

    /// Where the node's files are (for settings' data directory).
    pub fn dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    /// SIGKILL one node: what a crashed machine looks like to the others and to clients.
    pub fn kill(&mut self, index: usize) {
        self.nodes[index].kill()
    }

    /// Starts a killed node again with its store, ports and routes.
    pub fn restart(&mut self, index: usize) {
        self.nodes[index]
            .restart()
            .unwrap_or_else(|e| panic!("node {} did not restart: {e}", index + 1))
    }
}

/// Settings for services under test against the cluster: every node's URL, three replicas.
pub fn settings_for_cluster(cluster: &NatsCluster) -> Settings {
    claims_runtime::telemetry::init_for_tests();
    let mut settings = Settings {
        nats_url: Some(cluster.url()),
        data_dir: cluster.dir().join("data"),
        ..Settings::default()
    };
    settings.streams.replicas = NODES;
    settings.consumer.concurrency = 8;
    settings.consumer.ack_wait_secs = 5;
    settings
}

/// `count` distinct ports free right now on loopback, all held until every one is chosen.
fn free_ports(count: usize) -> Result<Vec<u16>, String> {
    let listeners: Vec<TcpListener> = (0..count)
        .map(|_| TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string()))
        .collect::<Result<_, _>>()?;
    listeners
        .iter()
        .map(|l| l.local_addr().map(|a| a.port()).map_err(|e| e.to_string()))
        .collect()
}

/// Connects to the cluster and provisions the streams with `settings` (replicas 3), once the
/// cluster can: on 2.9 a replicated stream can only be created after the nodes have found
/// each other and elected a JetStream meta leader, which takes a few seconds after start-up.
/// Until then creation fails; this polls it, up to 60 s.
pub async fn provisioned_store(url: &str, settings: &StreamSettings) -> EventStore {
    let client = claims_runtime::connect(url, &Default::default(), "test")
        .await
        .expect("connect to the test cluster");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        match EventStore::open(client.clone(), settings).await {
            Ok(store) => return store,
            Err(_) if tokio::time::Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            Err(error) => panic!("streams not created on the cluster within 60 s: {error}"),
        }
    }
}
