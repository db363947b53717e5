//! A private `nats-server` process with JetStream, for `claims up` and for tests.
//!
//! The server picks its own port (`-p -1`) and writes it to a ports file, which is read back,
//! so nothing has to guess a free port. It can be restarted on the same port with the same
//! store, and is killed when dropped.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `nats-server`, killed on drop.
pub struct NatsServer {
    child: Option<Child>,
    dir: PathBuf,
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
        std::env::split_paths(&paths)
            .map(|dir| dir.join("nats-server"))
            .find(|p| p.is_file())
    });
    on_path.unwrap_or_else(|| PathBuf::from("/usr/sbin/nats-server"))
}

impl NatsServer {
    /// Starts a server storing under `dir`, on `port` or (with `None`) one it picks, with
    /// extra command-line arguments (e.g. `-c config`).
    pub fn start_in(
        dir: &Path,
        port: Option<u16>,
        extra_args: &[&str],
    ) -> Result<NatsServer, String> {
        let mut server = NatsServer {
            child: None,
            dir: dir.to_path_buf(),
            port: 0,
            extra_args: extra_args.iter().map(|s| s.to_string()).collect(),
        };
        server.spawn(port)?;
        Ok(server)
    }

    pub fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The server's directory (its store is under `jetstream/`).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The server's process id, while it runs (benchmarks read its CPU time).
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Kills the server abruptly (SIGKILL): what a crash looks like to clients.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Kills the server and starts it again on the same port with the same store.
    pub fn restart(&mut self) -> Result<(), String> {
        self.kill();
        let port = self.port;
        self.spawn(Some(port))
    }

    fn spawn(&mut self, port: Option<u16>) -> Result<(), String> {
        let ports_dir = self.dir.join("ports");
        let _ = std::fs::remove_dir_all(&ports_dir);
        std::fs::create_dir_all(&ports_dir)
            .map_err(|e| format!("cannot create {}: {e}", ports_dir.display()))?;
        let port_arg = port.map_or("-1".to_owned(), |p| p.to_string());
        let store = self.dir.join("jetstream");
        let child = Command::new(binary())
            .args(["-a", "127.0.0.1", "-p", &port_arg, "-js", "-sd"])
            .arg(&store)
            .arg("--ports_file_dir")
            .arg(&ports_dir)
            .args(&self.extra_args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                format!(
                    "cannot start {}: {e}. Install it with `apt-get install nats-server`",
                    binary().display()
                )
            })?;
        self.child = Some(child);
        self.port = self.wait_for_port(&ports_dir)?;
        Ok(())
    }

    /// Reads the client port from the ports file the server writes once it listens.
    fn wait_for_port(&mut self, ports_dir: &Path) -> Result<u16, String> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(port) = read_ports_file(ports_dir) {
                if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return Ok(port);
                }
            }
            if let Some(Ok(Some(status))) = self.child.as_mut().map(Child::try_wait) {
                return Err(format!(
                    "nats-server exited at start-up with {status} (is the port in use?)"
                ));
            }
            if Instant::now() > deadline {
                return Err("nats-server did not start within 20 s".into());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn read_ports_file(dir: &Path) -> Option<u16> {
    let entry = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .find(|e| e.path().extension().is_some_and(|x| x == "ports"))?;
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
