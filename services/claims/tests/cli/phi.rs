//! PHI hygiene: the whole system (`claims demo`, the real binary, as an operator runs it)
//! takes simulated practices, clearinghouse and payers through registration, coding,
//! submission, remittance and denials, with debug logging on; then no patient name, birth
//! date, member id or street address sent in any encounter or eligibility message appears
//! anywhere in what it logged (standard output and error) or in the dashboard's /metrics.
//!
//! The PHI is read back from what was actually sent (every INBOX message), plus encounters
//! of our own with distinctive values, including one intake refuses for a bad birth date:
//! the error paths are where values most easily slip into a log line.

use std::collections::BTreeSet;
use std::process::Stdio;
use std::time::Duration;

use claims_events::{ClaimId, PartnerId};
use claims_store::INBOX;
use claims_test_support::{publish_inbox, read_stream, NatsServer};
use serde_json::{json, Value};
use tokio::io::AsyncBufReadExt;

use crate::support::{claims_binary, example};

/// Keys whose values are PHI, wherever they appear outside a provider.
const PHI_KEYS: [&str; 5] = [
    "first_name",
    "last_name",
    "birth_date",
    "member_id",
    "line1",
];

/// The PHI values of a partner message: `PHI_KEYS` values (and full names) in every object
/// except providers' (a doctor's name is not patient information).
fn phi_values(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for key in PHI_KEYS {
                if let Some(text) = map.get(key).and_then(Value::as_str) {
                    out.insert(text.to_owned());
                }
            }
            if let (Some(first), Some(last)) = (
                map.get("first_name").and_then(Value::as_str),
                map.get("last_name").and_then(Value::as_str),
            ) {
                out.insert(format!("{first} {last}"));
            }
            for (key, inner) in map {
                if !key.contains("provider") {
                    phi_values(inner, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| phi_values(item, out)),
        _ => {}
    }
}

/// Values specific enough that finding one in a log is a leak, not a coincidence: whole
/// names and addresses, member ids, birth dates (also as X12's CCYYMMDD) before 2020 (later
/// ones could equal a date of service, which logs may carry). Single names are checked only
/// for our own distinctive patients.
fn distinctive(values: BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for value in values {
        let is_date = chrono::NaiveDate::parse_from_str(&value, "%Y-%m-%d").is_ok();
        if is_date {
            if value.as_str() < "2020" {
                out.insert(value.replace('-', ""));
                out.insert(value);
            }
        } else if value.len() >= 8 || value.contains(' ') {
            out.insert(value);
        }
    }
    out
}

/// Our own patients: values that occur nowhere else (the member id in Medicare's MBI
/// shape, so the first is accepted; the second's birth date is not a date).
const OURS: [&str; 8] = [
    "Zephyrine",
    "Quillfeather",
    "1931-07-19",
    "7QX9WK2PM84",
    "4471 Obsidian Heron Way",
    "Marisolde",
    "Vantwistle",
    "1933-02-30",
];

fn our_encounter(encounter_id: &str, first: &str, last: &str, birth_date: &str) -> Vec<u8> {
    let mut encounter: Value = serde_json::from_slice(&example("encounter-self.json")).unwrap();
    encounter["encounter_id"] = encounter_id.into();
    encounter["patient"]["first_name"] = first.into();
    encounter["patient"]["last_name"] = last.into();
    encounter["patient"]["birth_date"] = birth_date.into();
    encounter["patient"]["address"]["line1"] = OURS[4].into();
    encounter["subscriber"]["member_id"] = OURS[3].into();
    serde_json::to_vec(&encounter).unwrap()
}

/// Everything a pipe of the demo carries until it closes; on the way, the dashboard's
/// address from the line `claims: dashboard at http://<address>`, if asked for.
async fn read_all(
    pipe: impl tokio::io::AsyncRead + Unpin,
    mut address: Option<tokio::sync::oneshot::Sender<std::net::SocketAddr>>,
) -> Vec<u8> {
    let mut lines = tokio::io::BufReader::new(pipe);
    let mut all = Vec::new();
    loop {
        let start = all.len();
        match lines.read_until(b'\n', &mut all).await {
            Ok(0) | Err(_) => return all,
            Ok(_) => {}
        }
        let line = String::from_utf8_lossy(&all[start..]);
        if let Some(found) = line
            .trim()
            .strip_prefix("claims: dashboard at http://")
            .and_then(|a| a.parse().ok())
        {
            if let Some(sender) = address.take() {
                let _ = sender.send(found);
            }
        }
    }
}

/// A metric's value summed over its labels, 0 if absent.
fn metric(text: &str, name_and_labels: &str) -> f64 {
    text.lines()
        .filter(|line| line.starts_with(name_and_labels))
        .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

/// /metrics once the dashboard answers (it starts with the services).
async fn scrape(addr: std::net::SocketAddr) -> Option<String> {
    let connect = tokio::net::TcpStream::connect(addr).await;
    if connect.is_err() {
        return None;
    }
    let (status, body) = claims_test_support::http_get(addr, "/metrics").await;
    (status == 200).then_some(body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_patient_information_reaches_the_logs_or_the_metrics() {
    let server = NatsServer::start();
    let data = tempfile::tempdir().unwrap();
    let mut child = tokio::process::Command::new(claims_binary())
        .args([
            "demo",
            "--claims",
            "40",
            "--rate",
            "20",
            "--seed",
            "29",
            "--operators",
        ])
        .env_remove("CLAIMS_CONFIG")
        .env("CLAIMS_NATS_URL", server.url())
        .env("CLAIMS_DATA_DIR", data.path())
        // Port 0: a port picked here and let go could be taken by another test's server
        // before the demo binds it. The demo prints the address it bound.
        .env("CLAIMS_DASHBOARD_ADDR", "127.0.0.1:0")
        .env("CLAIMS_LOG", "debug,async_nats=info")
        .env("CLAIMS_BATCH_MAX_WAIT_SECS", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("claims demo starts");
    let (address_tx, address_rx) = tokio::sync::oneshot::channel();
    let captured = [
        tokio::spawn(read_all(child.stdout.take().unwrap(), Some(address_tx))),
        tokio::spawn(read_all(child.stderr.take().unwrap(), None)),
    ];
    let dashboard = match tokio::time::timeout(Duration::from_secs(120), address_rx).await {
        Ok(Ok(address)) => address,
        _ => {
            let _ = child.kill().await;
            let mut logs = String::new();
            for pipe in captured {
                logs.push_str(&String::from_utf8_lossy(&pipe.await.unwrap()));
            }
            panic!("claims demo never served its dashboard:\n{logs}");
        }
    };

    // Our own patients, once the services have provisioned the inbox.
    let client = claims_runtime::connect(&server.url(), &Default::default(), "phi-test")
        .await
        .unwrap();
    let js = async_nats::jetstream::new(client.clone());
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    while js.get_stream(INBOX).await.is_err() {
        assert!(tokio::time::Instant::now() < deadline, "no INBOX stream");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let ours = [
        ("ENC-PHI-1", OURS[0], OURS[1], OURS[2]),
        ("ENC-PHI-2", OURS[5], OURS[6], OURS[7]), // not a date: refused at intake
    ];
    for (id, first, last, birth_date) in ours {
        let encounter = our_encounter(id, first, last, birth_date);
        publish_inbox(&client, "inbox.springfield-fp.encounter", id, &encounter).await;
    }
    let eligibility = json!({
        "schema": "eligibility/v1", "payer_id": "medicare-il", "member_id": OURS[3],
        "first_name": OURS[0], "last_name": OURS[1], "birth_date": OURS[2],
        "plan": "Medicare Part B", "status": "active", "coverage_start": "2026-01-01",
        "coverage_end": null
    });
    let eligibility = serde_json::to_vec(&eligibility).unwrap();
    publish_inbox(
        &client,
        "inbox.medicare-il.eligibility",
        "ELIG-PHI",
        &eligibility,
    )
    .await;

    // Run until payments were posted and denials worked, so every service has logged.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(400);
    let metrics = loop {
        tokio::time::sleep(Duration::from_secs(2)).await;
        let text = scrape(dashboard).await.unwrap_or_default();
        let worked = |service: &str| {
            metric(
                &text,
                &format!("claims_input_seconds_count{{service=\"{service}\""),
            )
        };
        if [
            "registration",
            "coding",
            "submission",
            "remittance",
            "denials",
        ]
        .iter()
        .all(|service| worked(service) > 0.0)
        {
            break text;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "not every service worked within 400 s; metrics:\n{text}"
        );
    };

    let pid = child.id().expect("running").to_string();
    std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap();
    let status = tokio::time::timeout(Duration::from_secs(60), child.wait())
        .await
        .expect("claims demo stops within 60 s of Ctrl-C")
        .unwrap();
    let mut logs = String::new();
    for pipe in captured {
        logs.push_str(&String::from_utf8_lossy(&pipe.await.unwrap()));
    }
    assert!(status.success(), "claims demo exited {status}:\n{logs}");
    assert!(
        logs.contains("claims_registration") && logs.contains("DEBUG"),
        "debug logs were captured:\n{}",
        &logs[..logs.len().min(2000)]
    );

    // Everything partners sent: the PHI to look for.
    let count = claims_test_support::count_stream(&client, INBOX, "inbox.>").await as usize;
    let sent = read_stream(&client, INBOX, "inbox.>", count, 60).await;
    let mut values = BTreeSet::new();
    for message in &sent {
        if let Ok(json) = serde_json::from_slice::<Value>(&message.payload) {
            phi_values(&json, &mut values);
        }
    }
    let store = claims_store::EventStore::open_existing(client.clone())
        .await
        .unwrap();
    let ours = ClaimId::for_encounter(&"springfield-fp".parse::<PartnerId>().unwrap(), "ENC-PHI-1");
    let claim = store.load(ours).await.unwrap();
    assert!(
        !claim.commits.is_empty(),
        "our distinctive patient's encounter was registered"
    );
    let mut phi = distinctive(values);
    phi.extend(OURS.iter().map(|s| s.to_string()));
    assert!(
        phi.len() > 60,
        "PHI gathered from {} messages: {phi:?}",
        sent.len()
    );

    for (place, text) in [("the logs", &logs), ("/metrics", &metrics)] {
        let leaked: Vec<&String> = phi.iter().filter(|v| text.contains(v.as_str())).collect();
        assert!(
            leaked.is_empty(),
            "{place} hold patient information: {leaked:?}"
        );
    }
}
