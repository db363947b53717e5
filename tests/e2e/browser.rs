//! The dashboard in a real browser: headless Chromium loads the page against a running
//! system with traffic, its JavaScript fetches and renders the API, and the numbers the page
//! shows must equal the API's. A screenshot is saved under the test's output directory.
//!
//! Chromium comes from Debian's `chromium` package (scripts/test.sh installs it); without
//! it this test fails and says what to install.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use claims_test_support::{publish_inbox, settings_for, NatsServer};
use serde_json::Value;

use crate::harness::{example, ReadSide, Running};

fn chromium() -> PathBuf {
    let path = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    assert!(
        path.exists(),
        "{} is missing: install Debian's chromium (apt-get install chromium) or set CHROMIUM",
        path.display()
    );
    path
}

/// Runs headless Chromium with the flags this machine needs (no sandbox as root, no
/// background networking on a closed network) and lets the page's scripts run for a while.
fn chromium_run(profile: &std::path::Path, args: &[&str], url: &str) -> std::process::Output {
    Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
        ])
        .args([
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        // Virtual time stands still while requests are pending, so the page's fetches finish
        // within the budget; its live-update stream opens only after it, at 2 s.
        .args([
            "--virtual-time-budget=1500",
            "--run-all-compositor-stages-before-draw",
        ])
        .args(args)
        .arg(url)
        .output()
        .expect("chromium runs")
}

/// The value of `attribute` on the element that has `marker` (e.g. `data-total="payments"`).
fn attribute_near(dom: &str, marker: &str, attribute: &str) -> Option<String> {
    let at = dom.find(marker)?;
    let tag_start = dom[..at].rfind('<')?;
    let tag_end = at + dom[at..].find('>')?;
    let tag = &dom[tag_start..tag_end];
    let start = tag.find(&format!("{attribute}=\""))? + attribute.len() + 2;
    Some(tag[start..start + tag[start..].find('"')?].to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_shows_the_numbers_the_api_serves() {
    let server = NatsServer::start();
    let settings = settings_for(&server);
    let system = Running::registration_and_coding(settings.clone()).await;
    let read_side = ReadSide::start(&settings, &system.store).await;
    let (projection, addr) = (read_side.projection.clone(), read_side.addr);

    publish_inbox(
        &system.client,
        "inbox.medicare-il.eligibility",
        "ELIG-1",
        &example("eligibility-active.json"),
    )
    .await;
    let template: Value = serde_json::from_slice(&example("encounter-self.json")).unwrap();
    for i in 0..6 {
        let mut encounter = template.clone();
        encounter["encounter_id"] = format!("ENC-{i}").into();
        if i % 3 == 0 {
            encounter["diagnoses"] = serde_json::json!(["E11", "I10"]);
        }
        publish_inbox(
            &system.client,
            "inbox.springfield-fp.encounter",
            &format!("M-{i}"),
            &serde_json::to_vec(&encounter).unwrap(),
        )
        .await;
    }
    // Wait until the read models hold every claim in its final state.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let counts = projection.get().counts().unwrap();
        if counts.get("status/coded") == Some(&4) && counts.get("status/coding_issues") == Some(&2)
        {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "read models never caught up: {counts:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let profile = tempfile::tempdir().unwrap();
    let url = format!("http://{addr}/");
    let (dom, screenshot) = tokio::task::spawn_blocking(move || {
        let dom = chromium_run(profile.path(), &["--dump-dom"], &url);
        let shot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("dashboard.png");
        let _ = std::fs::remove_file(&shot);
        chromium_run(
            profile.path(),
            &[
                &format!("--screenshot={}", shot.display()),
                "--window-size=1400,1100",
            ],
            &url,
        );
        (String::from_utf8_lossy(&dom.stdout).into_owned(), shot)
    })
    .await
    .unwrap();

    assert!(
        dom.contains("data-kpi=\"clean_claim_rate\""),
        "the page rendered its tiles: {}",
        &dom[..dom.len().min(2000)]
    );
    let (_, api) = crate::dashboard::get(addr, "/api/overview").await;
    let api: Value = serde_json::from_str(&api).unwrap();
    for total in [
        "charges",
        "payments",
        "contractual",
        "patient_responsibility",
        "open_receivables",
    ] {
        let shown = attribute_near(&dom, &format!("data-total=\"{total}\""), "data-cents");
        assert_eq!(
            shown,
            Some(api["overview"][total].to_string()),
            "{total}: page and API agree"
        );
    }
    for (status, count) in api["overview"]["by_status"].as_object().unwrap() {
        let shown = attribute_near(&dom, &format!("data-status=\"{status}\""), "data-count");
        assert_eq!(
            shown,
            Some(count.to_string()),
            "{status}: page and API agree"
        );
    }
    assert_eq!(
        attribute_near(&dom, "data-status=\"coded\"", "data-count").as_deref(),
        Some("4")
    );
    assert_eq!(
        attribute_near(&dom, "data-status=\"coding_issues\"", "data-count").as_deref(),
        Some("2")
    );
    assert_eq!(
        attribute_near(&dom, "data-total=\"charges\"", "data-cents").as_deref(),
        Some("85800"),
        "six claims of $143.00"
    );
    assert!(
        dom.contains("coding (2)"),
        "the coding worklist tab counts two claims"
    );
    assert!(
        screenshot.exists(),
        "a screenshot was saved at {}",
        screenshot.display()
    );
    eprintln!("dashboard screenshot: {}", screenshot.display());

    // A claim denied with CO-50 100 days ago (its appeal is due in 20 days), and a payment
    // held in suspense: the matrix, the deadlines tab and the suspense tab show them.
    let denied =
        claims_events::ClaimId::for_encounter(&"springfield-fp".parse().unwrap(), "ENC-DENIED");
    crate::denials::append(
        &system.store,
        denied,
        crate::dashboard::history("ENC-DENIED", "medicare-il", 150, true),
    )
    .await;
    crate::denials::append(
        &system.store,
        denied,
        vec![crate::dashboard::denial("50", 100)],
    )
    .await;
    crate::projections::hold_payment(&system.store, 9, "ACCT-9", 77, 0).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while projection.get().counts().unwrap().get("status/denied") != Some(&1)
        || projection
            .get()
            .counter("worklist/unmatched-remittances")
            .unwrap()
            != 1
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "read models never caught up"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (_, api) = crate::dashboard::get(addr, "/api/overview").await;
    let api: Value = serde_json::from_str(&api).unwrap();
    let (_, due) = crate::dashboard::get(addr, "/api/worklists/deadlines").await;
    let due: Value = serde_json::from_str(&due).unwrap();
    let tab = |hash: &'static str| {
        let (profile, url) = (
            tempfile::tempdir().unwrap(),
            format!("http://{addr}/#{hash}"),
        );
        tokio::task::spawn_blocking(move || {
            let dom = chromium_run(profile.path(), &["--dump-dom"], &url);
            String::from_utf8_lossy(&dom.stdout).into_owned()
        })
    };
    let (deadlines, suspense) = (
        tab("deadlines").await.unwrap(),
        tab("unmatched-remittances").await.unwrap(),
    );

    let cell = &api["overview"]["denial_rate_by_payer_carc"][0];
    assert_eq!(
        (&cell["payer_id"], &cell["reason"], &cell["rate"]),
        (&"medicare-il".into(), &"CO-50".into(), &1000.into())
    );
    assert_eq!(
        attribute_near(
            &deadlines,
            "data-payer-carc=\"medicare-il/CO-50\"",
            "data-rate"
        )
        .as_deref(),
        Some("1000"),
        "the matrix cell shows the API's rate"
    );
    let denied_row = due["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["claim_id"] == denied.to_string())
        .expect("the denied claim's appeal is due within 30 days");
    assert_eq!(
        attribute_near(
            &deadlines,
            &format!("data-deadline=\"{denied}\""),
            "data-due"
        ),
        denied_row["deadline"]["due"].as_str().map(str::to_owned),
        "the deadlines tab shows the API's due date"
    );
    // The example encounters' fixed date of service puts them in the window one day too.
    let within = &api["worklists"]["deadlines"];
    assert!(
        within.as_u64() >= Some(1) && deadlines.contains(&format!("deadlines ({within})")),
        "the tab counts what the API counts"
    );
    assert_eq!(
        attribute_near(&suspense, "data-unmatched=\"T-9/ACCT-9\"", "data-cents").as_deref(),
        Some("1234"),
        "the suspense tab shows the held payment"
    );
    assert!(suspense.contains("unmatched-remittances (1)"));

    system.stop().await;
}
