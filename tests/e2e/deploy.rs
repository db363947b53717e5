//! The NATS configurations shipped in deploy/nats/ are valid for the nats-server we run
//! (2.9 refuses options it does not know, such as 2.10's `sync_interval`).

use std::path::{Path, PathBuf};

fn configs(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(configs(&path));
        } else if path.extension().is_some_and(|x| x == "conf") {
            found.push(path);
        }
    }
    found
}

#[test]
fn every_shipped_nats_configuration_is_valid_for_the_installed_server() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy/nats");
    let configs = configs(&dir);
    let cluster_nodes = configs
        .iter()
        .filter(|p| p.parent().is_some_and(|d| d.ends_with("cluster")))
        .count();
    assert_eq!(cluster_nodes, 3, "three cluster nodes in {configs:?}");
    assert!(configs.iter().any(|p| p.ends_with("single-node.conf")));
    for config in configs {
        let out = std::process::Command::new(claims_runtime::nats_server::binary())
            .arg("-c")
            .arg(&config)
            .arg("-t")
            .output()
            .expect("nats-server runs");
        assert!(
            out.status.success(),
            "{}: {}",
            config.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
