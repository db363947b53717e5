//! What the 837P writer refuses rather than write a file a clearinghouse would reject or,
//! worse, misread: each refusal names the claim and says what to fix.

use crate::x837_support::*;
use claims_events::{Cents, PayerOrder, Relationship};
use claims_submission::x837::Usage;
use claims_submission::x837::{write_batch, ControlNumbers, Problem, X837Error};
use claims_x12::X12Error;

fn write(scenarios: &[Scenario]) -> Result<String, X837Error> {
    write_with(scenarios, control())
}

fn write_with(scenarios: &[Scenario], control: ControlNumbers) -> Result<String, X837Error> {
    let claims: Vec<_> = scenarios.iter().map(Scenario::bill).collect();
    write_batch(
        &submitter(),
        &receiver(),
        control,
        created(),
        Usage::Test,
        &claims,
    )
    .map(|b| b.text)
}

/// The problem the writer found with `scenario`, checking that it names the claim.
fn problem(scenario: Scenario) -> Problem {
    let id = scenario.claim_id();
    match write(&[self_patient(), scenario]) {
        Err(X837Error::Claim { claim_id, problem }) => {
            assert_eq!(
                claim_id, id,
                "the error names the bad claim, not its neighbour"
            );
            problem
        }
        other => panic!("expected a claim problem, got {other:?}"),
    }
}

#[test]
fn a_replacement_or_void_needs_the_payers_claim_number() {
    let mut s = corrected();
    s.payer_claim_number = None;
    assert_eq!(
        problem(s),
        Problem::MissingPayerClaimNumber { frequency: "7" }
    );
    let mut s = void();
    s.payer_claim_number = Some("  ".into());
    assert_eq!(
        problem(s),
        Problem::MissingPayerClaimNumber { frequency: "8" }
    );
}

#[test]
fn diagnoses_lines_modifiers_and_pointers_must_fit_the_segments() {
    let mut s = twelve_diagnoses();
    s.coding.diagnoses.push(parsed("R51.9"));
    assert_eq!(problem(s), Problem::DiagnosisCount(13));

    let mut s = self_patient();
    s.coding.lines.clear();
    assert_eq!(problem(s), Problem::LineCount(0));

    let mut s = four_modifiers();
    s.coding.lines[1].modifiers.push(parsed("76"));
    assert_eq!(problem(s), Problem::TooManyModifiers { line: 2, count: 5 });

    let mut s = self_patient();
    s.coding.lines[1].diagnosis_pointers = vec![3];
    assert_eq!(
        problem(s),
        Problem::BadPointers {
            line: 2,
            pointers: vec![3],
            diagnoses: 2
        }
    );

    let mut s = self_patient();
    s.coding.lines[0].units = 0;
    assert_eq!(problem(s), Problem::NoUnits { line: 1 });
}

#[test]
fn identifiers_with_a_delimiter_are_refused_not_changed() {
    let mut s = self_patient();
    s.subscriber.member_id = "1EG4*TE5".into();
    match problem(s) {
        Problem::Value(error) => match *error {
            X12Error::DelimiterInValue { element, .. } => assert_eq!(element, "NM109"),
            other => panic!("expected a delimiter refusal, got {other:?}"),
        },
        other => panic!("expected a delimiter refusal, got {other:?}"),
    }
}

#[test]
fn a_dependent_needs_the_insureds_name() {
    let mut s = dependent_child();
    s.subscriber.person = None;
    assert_eq!(problem(s), Problem::MissingInsured);
}

#[test]
fn the_billed_order_must_be_the_coverages() {
    let mut s = self_patient();
    s.coverage.order = PayerOrder::Secondary;
    let bill = s.bill();
    let claims = [claims_submission::x837::ClaimToBill {
        payer_order: PayerOrder::Primary,
        ..bill
    }];
    let error = write_batch(
        &submitter(),
        &receiver(),
        control(),
        created(),
        Usage::Test,
        &claims,
    );
    assert!(matches!(
        error,
        Err(X837Error::Claim {
            problem: Problem::PayerOrderMismatch { .. },
            ..
        })
    ));
}

#[test]
fn the_billing_provider_needs_a_zip_plus_four() {
    let mut s = self_patient();
    s.encounter.billing_provider.address.zip = "62701".into();
    assert_eq!(problem(s), Problem::BillingZip("62701".into()));
}

#[test]
fn a_prior_payers_amounts_must_balance() {
    let mut s = secondary();
    s.priors[0].remittance.paid = Cents(9900);
    assert!(matches!(problem(s), Problem::PriorPayerUnbalanced { .. }));

    let mut s = secondary();
    s.priors[0].remittance.lines[0].paid = Cents(9000);
    assert!(matches!(problem(s), Problem::PriorPayerUnbalanced { .. }));

    let mut s = secondary();
    s.priors[0].remittance.lines[1].line = 3;
    assert!(matches!(problem(s), Problem::PriorPayerUnbalanced { .. }));
}

#[test]
fn a_name_that_is_only_delimiters_is_empty() {
    let mut s = self_patient();
    s.encounter.patient.last_name = "*~".into();
    s.subscriber.relationship = Relationship::Insured;
    assert!(matches!(problem(s), Problem::Empty { .. }));
}

#[test]
fn the_batch_itself_needs_claims_and_control_numbers_that_fit() {
    assert_eq!(write(&[]), Err(X837Error::NoClaims));
    let too_far = ControlNumbers {
        first_transaction: 999_999_999,
        ..control()
    };
    assert!(matches!(
        write_with(&[self_patient(), dependent_child()], too_far),
        Err(X837Error::Envelope(Problem::ControlNumber {
            element: "ST02",
            ..
        }))
    ));
    let too_big = ControlNumbers {
        interchange: 1_000_000_000,
        ..control()
    };
    assert!(matches!(
        write_with(&[self_patient()], too_big),
        Err(X837Error::Envelope(Problem::Value(_)))
    ));
}

#[test]
fn errors_read_as_instructions() {
    let mut s = corrected();
    s.payer_claim_number = None;
    let id = s.claim_id();
    let error = write(&[s]).expect_err("refused");
    assert_eq!(
        error.to_string(),
        format!("claim {id}: frequency 7 needs the payer's claim number (REF*F8)")
    );
}
