//! The 999 and 277CA readers: the project's samples, a rejected 999 built with the writer,
//! and a 277CA with a free-text message and line statuses.

use chrono::NaiveDate;
use claims_x12::ack277::{claim_acknowledgments, read_277ca};
use claims_x12::ack999::{read_999, AckStatus};
use claims_x12::writer::{GroupHeader, InterchangeHeader, Usage, X12Writer};
use claims_x12::{Delimiters, X12Error};

const ACK_999: &str = include_str!("../fixtures/implementation-ack-accepted.999");
const ACK_277CA: &str = include_str!("../fixtures/claim-ack-accept-reject.277ca");

#[test]
fn accepted_999_names_our_group_and_transaction() {
    let acks = read_999(ACK_999).unwrap();
    assert_eq!(acks.len(), 1);
    let ack = &acks[0];
    assert_eq!(ack.functional_id, "HC");
    assert_eq!(ack.group_control_number, "17");
    assert_eq!(ack.group_version.as_deref(), Some("005010X222A1"));
    assert_eq!(ack.group_status, AckStatus::Accepted);
    assert_eq!(ack.set_counts, (Some(1), Some(1), Some(1)));
    let set = &ack.transactions[0];
    assert_eq!(
        (set.set_id.as_str(), set.control_number.as_str()),
        ("837", "0001")
    );
    assert_eq!(set.status, AckStatus::Accepted);
    assert!(set.status.is_accepted() && set.segment_errors.is_empty());
}

fn rejected_999() -> String {
    let created = NaiveDate::from_ymd_opt(2026, 11, 27)
        .unwrap()
        .and_hms_opt(8, 30, 0)
        .unwrap();
    let mut w = X12Writer::new(Delimiters::default());
    w.begin_interchange(&InterchangeHeader {
        sender_qualifier: "ZZ".into(),
        sender_id: "CLEARINGHOUSE".into(),
        receiver_qualifier: "ZZ".into(),
        receiver_id: "SUBMITTER".into(),
        created,
        control_number: 400125,
        acknowledgment_requested: false,
        usage: Usage::Test,
    })
    .unwrap();
    w.begin_group(&GroupHeader {
        functional_id: "FA".into(),
        sender: "CLEARINGHOUSE".into(),
        receiver: "SUBMITTER".into(),
        created,
        control_number: 400125,
        version: "005010X231A1".into(),
    })
    .unwrap();
    w.begin_transaction("999", 1, Some("005010X231A1")).unwrap();
    w.segment("AK1", &["HC", "18", "005010X222A1"]).unwrap();
    w.segment("AK2", &["837", "0001", "005010X222A1"]).unwrap();
    w.segment("IK3", &["NM1", "8", "", "8"]).unwrap();
    w.segment("CTX", &["CLM01:26463774"]).unwrap_err(); // `:` is the component separator
    w.segment_with(
        "CTX",
        &[claims_x12::writer::Element::Composite(&[
            "CLM01", "26463774",
        ])],
    )
    .unwrap();
    w.segment_with(
        "IK4",
        &[
            claims_x12::writer::Element::Composite(&["9"]),
            "67".into(),
            "7".into(),
            "1EG4TE5MK7".into(),
        ],
    )
    .unwrap();
    w.segment("IK5", &["R", "5"]).unwrap();
    w.segment("AK2", &["837", "0002", "005010X222A1"]).unwrap();
    w.segment("IK5", &["A"]).unwrap();
    w.segment("AK9", &["P", "2", "2", "1"]).unwrap();
    w.finish().unwrap()
}

#[test]
fn rejected_999_points_at_the_segment_and_element() {
    let acks = read_999(&rejected_999()).unwrap();
    let ack = &acks[0];
    assert_eq!(ack.group_status, AckStatus::PartiallyAccepted);
    assert_eq!(ack.set_counts, (Some(2), Some(2), Some(1)));
    let rejected = &ack.transactions[0];
    assert_eq!(rejected.status, AckStatus::Rejected);
    assert!(!rejected.status.is_accepted());
    assert_eq!(rejected.errors, ["5"]);
    let segment = &rejected.segment_errors[0];
    assert_eq!(
        (segment.segment_id.as_str(), segment.position),
        ("NM1", Some(8))
    );
    assert_eq!(
        (segment.loop_id.as_deref(), segment.error_code.as_deref()),
        (None, Some("8"))
    );
    let element = &segment.element_errors[0];
    assert_eq!((element.position, element.component), (Some(9), None));
    assert_eq!(element.reference_number.as_deref(), Some("67"));
    assert_eq!(element.error_code, "7");
    assert_eq!(element.bad_value.as_deref(), Some("1EG4TE5MK7"));
    assert_eq!(ack.transactions[1].status, AckStatus::Accepted);
    assert_eq!(
        ack.warnings.len(),
        1,
        "the CTX segment is skipped with a warning"
    );
}

#[test]
fn bad_999_codes_are_refused() {
    let text = ACK_999.replace("IK5*A~", "IK5*Q~");
    assert_eq!(
        read_999(&text).unwrap_err().to_string(),
        "segment 6 (IK5): IK501 `Q` is not an acknowledgment code (A, E, P, R, M, W or X)"
    );
    let text = ACK_999
        .replace("AK2*837*0001*005010X222A1~\n", "")
        .replace("SE*6*", "SE*5*");
    assert_eq!(
        read_999(&text).unwrap_err().to_string(),
        "segment 5 (IK5): IK5 before any AK2"
    );
}

#[test]
fn claim_acknowledgments_accepted_and_rejected() {
    let acks = claim_acknowledgments(ACK_277CA).unwrap();
    assert_eq!(acks.len(), 2);
    let accepted = &acks[0];
    assert_eq!(accepted.claim_id, "0a1b2c3d-0000-5000-8000-00000000abcd");
    assert!(accepted.accepted);
    assert_eq!((accepted.category, accepted.status_code), ("A1", "20"));
    assert_eq!(accepted.payer_claim_number, Some("26331000123"));
    assert_eq!(accepted.charge_cents, Some(14300));
    assert_eq!(accepted.action_code, Some("WQ"));
    let day = NaiveDate::from_ymd_opt(2026, 11, 26);
    assert_eq!(
        (
            accepted.service_from,
            accepted.service_to,
            accepted.status_date
        ),
        (day, day, day)
    );
    assert_eq!(accepted.patient.as_ref().unwrap().id, Some("1EG4TE5MK73"));
    assert_eq!(
        accepted.billing_provider.as_ref().unwrap().id,
        Some("1234567893")
    );

    let rejected = &acks[1];
    assert_eq!(rejected.claim_id, "9f8e7d6c-0000-5000-8000-00000000dcba");
    assert!(!rejected.accepted);
    assert_eq!((rejected.category, rejected.status_code), ("A3", "21"));
    assert_eq!(rejected.entity, Some("85"));
    assert_eq!(rejected.payer_claim_number, None);
    assert_eq!(rejected.charge_cents, Some(12500));
}

#[test]
fn the_277ca_batch_levels() {
    let reports = read_277ca(ACK_277CA).unwrap();
    let report = &reports[0];
    assert_eq!(report.reference, Some("400123"));
    assert_eq!(report.received, NaiveDate::from_ymd_opt(2026, 11, 26));
    let receiver = report.receiver.as_ref().unwrap();
    assert_eq!(receiver.trace, Some("400123"));
    assert_eq!(
        (receiver.accepted_count, receiver.rejected_count),
        (Some(1), Some(1))
    );
    assert_eq!(receiver.statuses[0].category, "A1");
    assert_eq!(report.providers.len(), 1);
    assert_eq!(report.warnings, []);
}

#[test]
fn a_277ca_message_clearinghouse_trace_and_line_status() {
    let text = ACK_277CA
        .replace(
            "STC*A3:21:85*20261126*U*125.00~",
            "STC*A7:562:85*20261126*U*125.00********NPI CHECK DIGIT INVALID~\nREF*D9*CH123~\nSVC*HC:99213:25*125~\nSTC*A7:453*20261126*U~\nREF*FJ*LINE-1~",
        )
        .replace("SE*29*", "SE*33*");
    let acks = claim_acknowledgments(&text).unwrap();
    let rejected = &acks[1];
    assert!(!rejected.accepted);
    assert_eq!(rejected.message, Some("NPI CHECK DIGIT INVALID"));
    assert_eq!(rejected.clearinghouse_trace, Some("CH123"));
    let line = &rejected.lines[0];
    assert_eq!(line.procedure.modifiers, ["25"]);
    assert_eq!(line.statuses[0].code, "453");
    assert_eq!(line.line_item_control_number, Some("LINE-1"));
    assert_eq!(line.service_from, NaiveDate::from_ymd_opt(2026, 11, 26));
}

#[test]
fn a_claim_status_response_is_not_a_277ca() {
    let error = read_277ca(include_str!("../fixtures/claim-level-status.277")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "segment 3 (ST): transaction set 277 (005010X212) where a 277CA (005010X214) was expected"
    );
    let no_status = ACK_277CA
        .replace("STC*A3:21:85*20261126*U*125.00~\n", "")
        .replace("SE*29*", "SE*28*");
    assert!(matches!(
        read_277ca(&no_status),
        Err(X12Error::Structure { .. })
    ));
}
