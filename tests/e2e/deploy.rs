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

/// Copies `from` into `to`, with `passwords.conf` written from its example as a deployment
/// writes it (accounts.conf includes it).
fn deployed_copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            deployed_copy(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
    let example = to.join("passwords.conf.example");
    if example.exists() {
        std::fs::copy(&example, to.join("passwords.conf")).unwrap();
    }
}

#[test]
fn every_shipped_nats_configuration_is_valid_for_the_installed_server() {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy/nats");
    let deployed = tempfile::tempdir().unwrap();
    deployed_copy(&shipped, deployed.path());
    // tls.conf (included by the cluster nodes) names certificates under /etc/nats/tls: the
    // copy names freshly generated ones instead. passwords.conf is only variables, checked
    // through accounts.conf, which includes it.
    let certificates = deployed.path().join("tls");
    std::fs::create_dir_all(&certificates).unwrap();
    crate::certs::generate(&certificates);
    let tls = deployed.path().join("tls.conf");
    let text = std::fs::read_to_string(&tls).unwrap();
    assert!(text.contains("/etc/nats/tls/"), "{text}");
    let here = format!("{}/", certificates.display());
    std::fs::write(&tls, text.replace("/etc/nats/tls/", &here)).unwrap();
    let configs: Vec<PathBuf> = configs(deployed.path())
        .into_iter()
        .filter(|p| !p.ends_with("passwords.conf"))
        .collect();
    for node in configs
        .iter()
        .filter(|p| p.parent().is_some_and(|d| d.ends_with("cluster")))
    {
        let text = std::fs::read_to_string(node).unwrap();
        assert!(
            text.contains("include \"../tls.conf\"")
                && text.contains("include \"../accounts.conf\""),
            "{}: the cluster requires TLS and per-user permissions",
            node.display()
        );
    }
    assert!(configs.iter().any(|p| p.ends_with("accounts.conf")));
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
