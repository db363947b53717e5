//! The 835 reader against concrete values of the samples, and the balancing rules.

use chrono::NaiveDate;
use claims_x12::remittance::{
    check_balance, read_835, AdjustmentGroup, ClaimStatus, Imbalance, Remittance,
};
use claims_x12::X12Error;

const MANAGED_CARE: &str = include_str!("../fixtures/managed-care.835");
const SECONDARY: &str = include_str!("../fixtures/secondary-payment.835");
const DENIAL: &str = include_str!("../fixtures/denial-mult-loops.835");
const ALL_LOOPS: &str = include_str!("../fixtures/all-loops.835");

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn only(text: &str) -> Remittance<'_> {
    let mut remittances = read_835(text).unwrap();
    assert_eq!(remittances.len(), 1);
    remittances.remove(0)
}

#[test]
fn every_835_sample_balances() {
    for text in [MANAGED_CARE, SECONDARY, DENIAL, ALL_LOOPS] {
        for remittance in read_835(text).unwrap() {
            assert_eq!(
                check_balance(&remittance),
                [],
                "{}",
                remittance.control_number
            );
        }
    }
}

#[test]
fn managed_care_payment_payer_payee_and_claims() {
    let r = only(MANAGED_CARE);
    assert_eq!(r.control_number, "112233");
    assert_eq!(r.payment.amount_cents, 94500);
    assert_eq!((r.payment.handling_code, r.payment.method), ("I", "ACH"));
    assert_eq!(r.payment.format, Some("CCP"));
    // Sample quirk: BPR16 is `20002316` (month 23). The date is left out with a warning.
    assert_eq!(r.payment.date, None);
    assert_eq!(
        r.warnings[0].to_string(),
        "segment 4 (BPR): BPR16 `20002316` is not a day of the calendar; the date is left out"
    );
    assert_eq!(r.trace.number, "7170066655");
    assert_eq!(r.trace.payer_id, Some("1935665544"));
    assert_eq!(r.production_date, day(2002, 3, 14));
    assert_eq!(r.payer.name, "RUSHMORE LIFE");
    assert_eq!(r.payee.name, "ACME MEDICAL CENTER");
    assert_eq!(r.payee.npi(), Some("5544667733"));
    assert_eq!(r.payee.tax_id(), Some("777667755"));

    assert_eq!(r.claims.len(), 2);
    let claim = r.claim("5554555444").unwrap();
    assert_eq!(claim.header_number, Some(1));
    assert_eq!(claim.status, ClaimStatus::ProcessedAsPrimary);
    assert_eq!((claim.billed_cents, claim.paid_cents), (80000, 45000));
    assert_eq!(claim.patient_responsibility_cents, Some(30000));
    assert_eq!(claim.filing_indicator, Some("12"));
    assert_eq!(claim.payer_claim_control_number, Some("94060555410000"));
    let cas = &claim.adjustments[0];
    assert_eq!(
        (cas.group, cas.reason, cas.amount_cents),
        (AdjustmentGroup::Contractual, "A2", 5000)
    );
    let patient = claim.patient.as_ref().unwrap();
    assert_eq!(patient.last_or_organization, Some("BUDD"));
    assert_eq!(patient.id, Some("33344555510"));
    let line = &claim.lines[0];
    assert_eq!(line.procedure.to_string(), "HC:99211");
    assert_eq!((line.charge_cents, line.paid_cents), (80000, 50000));
    assert_eq!(
        (line.period_start, line.period_end),
        (day(2002, 3, 1), day(2002, 3, 4))
    );
    assert_eq!(
        line.adjustments[0].group,
        AdjustmentGroup::PatientResponsibility
    );

    let second = r.claim("8765432112").unwrap();
    let line_cas: Vec<_> = second.lines[0]
        .adjustments
        .iter()
        .map(|a| (a.group.code(), a.reason, a.amount_cents))
        .collect();
    assert_eq!(line_cas, [("PR", "1", 60000), ("CO", "45", 5000)]);
}

#[test]
fn secondary_payment_claims_with_and_without_lines() {
    let r = only(SECONDARY);
    assert_eq!((r.payment.amount_cents, r.payment.method), (122200, "CHK"));
    // Sample quirk: only 15 BPR elements, the date sits in BPR15; BPR16 is missing.
    assert_eq!(r.payment.date, None);
    assert_eq!(r.trace.number, "0012524965");
    assert_eq!(r.receiver_id, Some("030240928"));
    assert_eq!(r.payee.tax_id(), Some("599944521"));

    let first = r.claim("L0004828311").unwrap();
    assert_eq!(first.status, ClaimStatus::ProcessedAsSecondary);
    assert_eq!((first.billed_cents, first.paid_cents), (1032364, 91200));
    assert_eq!(first.patient_responsibility_cents, None);
    assert_eq!(
        (first.facility_code, first.frequency_code),
        (Some("11"), Some("1"))
    );
    assert_eq!(first.adjustments[0].amount_cents, 941164);
    assert_eq!(
        (first.statement_from, first.statement_to),
        (day(2005, 3, 3), day(2005, 3, 4))
    );
    assert_eq!(first.coverage_amount_cents(), Some(91200));
    let rendering = first.rendering_provider.as_ref().unwrap();
    assert_eq!(rendering.id, Some("987"));
    assert!(first.lines.is_empty());

    let second = r.claim("0001000053").unwrap();
    assert_eq!(second.header_number, Some(2));
    let line = &second.lines[1];
    assert_eq!((line.charge_cents, line.paid_cents), (58500, 28000));
    assert_eq!((line.revenue_code, line.units), (Some("220"), Some("1.00")));
    assert_eq!(line.service_date, day(2005, 1, 6));
    assert_eq!(line.allowed_cents(), Some(50000));
    // One CAS segment with two triplets: (1, 150.00) and (2, 70.00).
    let pr: Vec<_> = line
        .adjustments
        .iter()
        .map(|a| (a.reason, a.amount_cents))
        .collect();
    assert_eq!(pr, [("1", 15000), ("2", 7000), ("42", 8500)]);
    // Sample quirk: SVC01 written with `>` though ISA16 declares `:`.
    assert_eq!(line.procedure.qualifier, "HC>66543>26");
    assert_eq!(line.procedure.code, "");
    assert!(r.warnings.iter().any(|w| w.at.id == "SVC"
        && w.message
            .starts_with("SVC01 `HC>12345>26` has no procedure code")));
}

#[test]
fn denial_with_line_remarks_and_skipped_summary() {
    let r = only(DENIAL);
    assert_eq!((r.payment.handling_code, r.payment.amount_cents), ("H", 0));
    assert_eq!(r.payment.date, day(2004, 10, 28));
    assert_eq!(r.payee.tax_id(), Some("444313000"));
    let claim = r.claim("2005555A").unwrap();
    assert_eq!(claim.status, ClaimStatus::Denied);
    assert_eq!((claim.billed_cents, claim.paid_cents), (91539, 0));
    assert_eq!(claim.lines.len(), 3);
    assert_eq!(claim.lines[1].charge_cents, 12780);
    assert_eq!(claim.lines[0].units, Some("68"));
    assert_eq!(claim.remark_codes(), ["N14", "N14", "N14"]);
    assert_eq!(
        claim.all_adjustments().map(|a| a.amount_cents).sum::<i64>(),
        91539
    );
    assert_eq!(r.warnings, []);
}

#[test]
fn all_loops_plb_moa_mia_names_and_several_transactions() {
    let remittances = read_835(ALL_LOOPS).unwrap();
    assert_eq!(remittances.len(), 2);
    let r = &remittances[0];
    assert_eq!(r.payment.amount_cents, 4650);
    assert_eq!(r.payment.date, day(2026, 12, 10));
    assert_eq!(r.trace.number, "EFT20261210001");
    assert_eq!(r.payer.payer_id(), Some("EXHP1"));
    let plb = &r.provider_adjustments[0];
    assert_eq!(
        (plb.provider_id, plb.fiscal_period_end),
        ("1234567893", day(2026, 12, 31))
    );
    let items: Vec<_> = plb
        .items
        .iter()
        .map(|i| (i.reason, i.reference, i.amount_cents))
        .collect();
    assert_eq!(items, [("WO", Some("PCN0099"), 2500), ("L6", None, -150)]);
    assert_eq!(r.provider_adjustments_cents(), 2350);

    let claim = r.claim("CLAIM-0001").unwrap();
    assert_eq!(claim.paid_cents, 15000);
    assert_eq!(
        claim.outpatient.as_ref().unwrap().remark_codes,
        ["MA01", "N381"]
    );
    assert_eq!(
        claim.corrected_insured.as_ref().unwrap().id,
        Some("1EG4TE5MK74")
    );
    assert_eq!(claim.reference("1L"), Some("GROUP42"));
    assert_eq!(claim.received, day(2026, 12, 1));
    let line = &claim.lines[0];
    assert_eq!(line.procedure.modifiers, ["25"]);
    assert_eq!(line.original_procedure.as_ref().unwrap().code, "99214");
    assert_eq!(line.line_item_control_number(), Some("LINE-0001-1"));
    assert_eq!(line.remarks[0].code, "N130");
    let negative = &claim.lines[2].adjustments[1];
    assert_eq!((negative.reason, negative.amount_cents), ("59", -500));

    let denied = r.claim("CLAIM-0002").unwrap();
    assert!(denied.crossover_carrier.is_some() && denied.corrected_priority_payer.is_some());
    assert_eq!(denied.inpatient.as_ref().unwrap().remark_codes, ["MA130"]);
    let reversal = r.claim("CLAIM-0003").unwrap();
    assert_eq!(reversal.status, ClaimStatus::Reversal);
    assert_eq!(
        (reversal.billed_cents, reversal.paid_cents),
        (-10000, -8000)
    );

    let second = &remittances[1];
    assert_eq!(second.control_number, "0002");
    assert_eq!(second.payer.payer_id(), Some("EXHP1"));
    assert_eq!(
        second.claims[0].outpatient.as_ref().unwrap().remark_codes,
        ["N290"]
    );
    assert_eq!(
        remittances.iter().map(|r| r.warnings.len()).sum::<usize>(),
        0
    );
}

#[test]
fn an_edited_claim_payment_is_reported_with_the_exact_difference() {
    let edited = MANAGED_CARE.replace("*800.00*450.00*300.00*", "*800.00*450.37*300.00*");
    let imbalances = check_balance(&only(&edited));
    assert_eq!(imbalances.len(), 2);
    assert_eq!(
        imbalances[0],
        Imbalance::Claim {
            claim_id: "5554555444".into(),
            billed_cents: 80000,
            adjustments_cents: 35000,
            paid_cents: 45037,
            difference_cents: -37,
        }
    );
    assert_eq!(
        imbalances[0].to_string(),
        "claim 5554555444: billed 800 minus claim and line adjustments 350 is 450 but CLP04 is 450.37 (difference -0.37)"
    );
    assert!(matches!(
        imbalances[1],
        Imbalance::Transaction {
            difference_cents: 37,
            ..
        }
    ));
}

#[test]
fn an_edited_line_or_plb_is_reported_at_its_level() {
    let edited = MANAGED_CARE.replace("SVC*HC:99211*800.00*500.00", "SVC*HC:99211*800.00*499.99");
    let imbalances = check_balance(&only(&edited));
    assert_eq!(imbalances.len(), 1);
    assert!(matches!(
        &imbalances[0],
        Imbalance::Line { claim_id, line: 1, procedure, difference_cents: 1, .. }
            if claim_id == "5554555444" && procedure == "HC:99211"
    ));
    let edited = ALL_LOOPS.replace("WO:PCN0099*25*", "WO:PCN0099*25.1*");
    let imbalances = check_balance(&read_835(&edited).unwrap()[0]);
    assert_eq!(
        imbalances
            .iter()
            .map(Imbalance::difference_cents)
            .collect::<Vec<_>>(),
        [-10]
    );
}

#[test]
fn bad_money_and_codes_fail_with_the_element_named() {
    let error = read_835(&MANAGED_CARE.replace("*450.00*300.00*", "*12.345*300.00*")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "segment 13 (CLP): CLP04 `12.345` has more than two decimals"
    );
    let error = read_835(&MANAGED_CARE.replace("CAS*CO*A2", "CAS*XX*A2")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "segment 14 (CAS): CAS01 `XX` is not an adjustment group (CO, PR, OA, PI or CR)"
    );
    let error = read_835(&MANAGED_CARE.replace("CAS*CO*A2*50.00", "CAS*CO*A2")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "segment 14 (CAS): CAS03 is required but missing"
    );
    let error = read_835(&MANAGED_CARE.replace("*5554555444*1*", "*5554555444*9*")).unwrap_err();
    assert!(matches!(error, X12Error::InvalidValue { ref element, .. } if element == "CLP02"));
}

#[test]
fn structure_errors_and_missing_segments() {
    let moved = MANAGED_CARE
        .replace("LX*1~\nCLP", "CAS*CO*A2*1~\nLX*1~\nCLP")
        .replace("SE*26*", "SE*27*");
    let error = read_835(&moved).unwrap_err();
    assert_eq!(
        error.to_string(),
        "segment 12 (CAS): CAS before any CLP: the amount cannot be given to a claim"
    );
    let no_bpr = MANAGED_CARE.replace("BPR*I*945.00*C*ACH*CCP*01*888999777*DA*24681012*1935665544**01*111333555*DA*144444*20002316~\n", "").replace("SE*26*", "SE*25*");
    let error = read_835(&no_bpr).unwrap_err();
    assert_eq!(
        error.to_string(),
        "segment 3 (ST): transaction set 112233 has no BPR segment (the payment)"
    );
    let error = read_835(include_str!("../fixtures/implementation-ack-accepted.999")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "segment 3 (ST): transaction set 999 (005010X231A1) where an 835 (005010X221A1) was expected"
    );
}
