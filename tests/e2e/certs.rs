//! A certificate authority and certificates made at test time with the `openssl` CLI (no
//! key material in the repository, nothing to expire): a CA, a server certificate for
//! 127.0.0.1, and a client certificate for mutual TLS.

use std::path::Path;
use std::process::Command;

fn openssl(dir: &Path, args: &[&str]) {
    let output = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the openssl CLI is installed (apt-get install openssl)");
    assert!(
        output.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A certificate for `name` signed by the CA in `dir`, with the extensions in `extensions`.
fn signed(dir: &Path, name: &str, subject: &str, extensions: &str) {
    let ext_file = format!("{name}.ext");
    std::fs::write(dir.join(&ext_file), extensions).unwrap();
    let (key, csr, cert) = (
        format!("{name}-key.pem"),
        format!("{name}.csr"),
        format!("{name}.pem"),
    );
    openssl(
        dir,
        &[
            "req", "-newkey", "rsa:2048", "-nodes", "-keyout", &key, "-out", &csr, "-subj", subject,
        ],
    );
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            &csr,
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca-key.pem",
            "-CAcreateserial",
            "-days",
            "2",
            "-out",
            &cert,
            "-extfile",
            &ext_file,
        ],
    );
}

/// Writes ca.pem, server.pem/server-key.pem and client.pem/client-key.pem into `dir`.
pub fn generate(dir: &Path) {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca-key.pem",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=claims test CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
    );
    signed(
        dir,
        "server",
        "/CN=claims-nats",
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n",
    );
    signed(
        dir,
        "client",
        "/CN=registration",
        "extendedKeyUsage=clientAuth\n",
    );
}
