//! Whole files: the balancing refusal names the claim and the difference in dollars and
//! cents, and the public samples read, balance and (their CLP01s not being our claim ids)
//! match no claim.

use chrono::NaiveDate;
use claims_remittance::balance::problems;
use claims_remittance::sample::{interchange, ClaimPaid, LinePaid, Remit835};
use claims_x12::remittance::read_835;

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../x12/tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn an_unbalanced_claim_is_named_with_its_difference_in_dollars_and_cents() {
    let day = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
    // 125.00 - 24.50 - 20.00 = 80.50, but the payer says 81.50.
    let file = Remit835::new("EFT-1", day).claim(
        ClaimPaid::new("3f2c0a4e-0000-5000-8000-000000000001", "1", 12500, 8150).line(
            LinePaid::new("99213", 12500, 8150)
                .cas("CO", "45", 2450)
                .cas("PR", "2", 2000),
        ),
    );
    let text = interchange(&[file]).unwrap();
    let remittances = read_835(&text).unwrap();

    let found = problems(&remittances);

    assert_eq!(found.len(), 2, "{found:#?}");
    let claim = &found[1];
    assert_eq!(claim.code, "remittance.unbalanced");
    assert_eq!(
        claim.path,
        "ST*0001/CLP*3f2c0a4e-0000-5000-8000-000000000001"
    );
    assert_eq!(
        claim.claim.as_deref(),
        Some("3f2c0a4e-0000-5000-8000-000000000001")
    );
    assert_eq!(claim.difference.as_deref(), Some("-1.00"));
    assert!(
        claim
            .message
            .contains("claim 3f2c0a4e-0000-5000-8000-000000000001"),
        "{}",
        claim.message
    );
    assert!(
        claim.message.contains("a difference of $1.00"),
        "{}",
        claim.message
    );
    assert!(found[0].path.ends_with("/SVC#1"));
}

#[test]
fn a_payment_total_that_disagrees_with_the_claims_is_refused_at_the_bpr() {
    let day = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
    let mut file = Remit835::new("EFT-1", day)
        .claim(ClaimPaid::new("X", "1", 10000, 8000).cas("CO", "45", 2000));
    file.payment_override = Some(7999);
    let found = problems(&read_835(&interchange(&[file]).unwrap()).unwrap());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path, "ST*0001/BPR");
    assert_eq!(found[0].difference.as_deref(), Some("0.01"));
}

#[test]
fn the_public_samples_balance_and_name_no_claim_of_ours() {
    for name in ["managed-care.835", "all-loops.835", "denial-mult-loops.835"] {
        let text = fixture(name);
        let remittances = read_835(&text).unwrap();
        assert!(
            problems(&remittances).is_empty(),
            "{name}: {:#?}",
            problems(&remittances)
        );
        for claim in remittances.iter().flat_map(|r| &r.claims) {
            assert!(
                claim.claim_id().parse::<claims_events::ClaimId>().is_err(),
                "{name}"
            );
        }
    }
}

/// pyx12's `x12valid` (PYX12_X12VALID, or on the PATH) accepts what the sample writer
/// writes: every loop posting reads, a reversal, a denial and a PLB. Skipped, saying so,
/// where pyx12 is not installed (`python3 -m pip install pyx12==4.0.0`).
#[test]
fn the_sample_835s_pass_pyx12_where_it_is_installed() {
    let x12valid = std::env::var("PYX12_X12VALID").unwrap_or_else(|_| "x12valid".into());
    let day = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
    let id = "3f2c0a4e-0000-5000-8000-000000000001";
    let file = Remit835::new("EFT-1", day)
        .claim(
            ClaimPaid::new(id, "1", 14300, 9050)
                .icn("ICN-1")
                .remark("MA01")
                .line(
                    LinePaid::new("99213", 12500, 8050)
                        .cas("CO", "45", 2450)
                        .cas("PR", "2", 2000)
                        .allowed(10050)
                        .remark("N130"),
                )
                .line(
                    LinePaid::new("82947", 1800, 1000)
                        .cas("CO", "45", 300)
                        .cas("PR", "1", 500),
                ),
        )
        .claim(
            ClaimPaid::new(id, "22", -14300, -9050)
                .icn("ICN-0")
                .cas("CO", "45", -2750)
                .cas("PR", "1", -2500),
        )
        .claim(ClaimPaid::new(id, "4", 14300, 0).cas("CO", "27", 14300));
    let mut second = Remit835::new("EFT-2", day)
        .claim(ClaimPaid::new(id, "1", 10000, 8000).cas("CO", "45", 2000));
    second.provider_adjustments.push(("L6", -150));
    let path = std::env::temp_dir().join(format!(
        "claims-remittance-sample-{}.835",
        std::process::id()
    ));
    std::fs::write(&path, interchange(&[file, second]).unwrap()).unwrap();
    let output = std::process::Command::new(&x12valid).arg(&path).output();
    let _ = std::fs::remove_file(&path);
    let Ok(output) = output else {
        eprintln!("skipped: {x12valid} not found");
        return;
    };
    // x12valid exits 0 either way; the verdict is the last line of its output. No verdict at
    // all means no working pyx12 (a shim without the package, say).
    let text = String::from_utf8_lossy(&output.stderr).to_string()
        + &String::from_utf8_lossy(&output.stdout);
    assert!(!text.contains(": Failure"), "{text}");
    if !text.trim_end().ends_with(": OK") {
        eprintln!("skipped: {x12valid} gave no verdict");
    }
}
