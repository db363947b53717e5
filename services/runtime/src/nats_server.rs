//! One private `nats-server` process with JetStream.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// A running `nats-server`, killed on drop.
pub struct NatsServer {
    child: Option<Child>,
    dir: TempDir,
    port: u16,
    extra_args: Vec<String>,
}

/// The server binary: `NATS_SERVER` if set, else `nats-server` from PATH or /usr/sbin
/// (where Debian installs it, and which is not on every user's PATH).
pub fn binary() -> PathBuf {
    if let Some(path) = std::env::var_os("NATS_SERVER") {
        return PathBuf::from(path);
    }
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths).map(|dir| dir.join("nats-server")).find(|p| p.is_file())
    });
    on_path.unwrap_or_else(|| PathBuf::from("/usr/sbin/nats-server"))
}

impl NatsServer {
    /// Starts a server on a free port with JetStream in a fresh temporary directory.
    pub fn start() -> NatsServer {
        NatsServer::start_with(&[])
    }

    /// Starts a server with extra command-line arguments (e.g. `-c config`).
    pub fn start_with(extra_args: &[&str]) -> NatsServer {
        let dir = tempfile::Builder::new().prefix("claims-nats-").tempdir().expect("temp dir");
        let mut server = NatsServer {
            child: None,
            dir,
            port: 0,
            extra_args: extra_args.iter().map(|s| s.to_string()).collect(),
        };
        server.spawn(None);
        server
    }

    pub fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The server's own temporary directory (its store is under `jetstream/`).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Kills the server abruptly (SIGKILL): what a crash looks like to clients.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Kills the server and starts it again on the same port with the same store.
    pub fn restart(&mut self) {
        self.kill();
        let port = self.port;
        self.spawn(Some(port));
    }

    fn spawn(&mut self, port: Option<u16>) {
        let ports_dir = self.dir.path().join("ports");
        let _ = std::fs::remove_dir_all(&ports_dir);
        std::fs::create_dir_all(&ports_dir).expect("ports dir");
        let port_arg = port.map_or("-1".to_owned(), |p| p.to_string());
        let store = self.dir.path().join("jetstream");
        let child = Command::new(binary())
            .args(["-a", "127.0.0.1", "-p", &port_arg, "-js", "-sd"])
            .arg(&store)
            .arg("--ports_file_dir")
            .arg(&ports_dir)
            .args(&self.extra_args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {}: {e}. Install it: apt-get install nats-server", binary().display())
            });
        self.child = Some(child);
        self.port = self.wait_for_port(&ports_dir);
    }

    /// Reads the client port from the ports file the server writes once it listens.
    fn wait_for_port(&mut self, ports_dir: &Path) -> u16 {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(port) = read_ports_file(ports_dir) {
                if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return port;
                }
            }
            if let Some(Ok(Some(status))) = self.child.as_mut().map(Child::try_wait) {
                panic!("nats-server exited at start-up with {status}");
            }
            assert!(Instant::now() < deadline, "nats-server did not start within 20 s");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn read_ports_file(dir: &Path) -> Option<u16> {
    let entry = std::fs::read_dir(dir).ok()?.flatten().find(|e| e.path().extension().is_some_and(|x| x == "ports"))?;
    let text = std::fs::read_to_string(entry.path()).ok()?;
    let ports: serde_json::Value = serde_json::from_str(&text).ok()?;
    let url = ports.get("nats")?.get(0)?.as_str()?;
    url.rsplit(':').next()?.parse().ok()
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        self.kill();
    }
}
