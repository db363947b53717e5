//! Parsing commands: given an operator's JSON, when it is parsed for its subject, then the
//! typed command, or every problem with its path and code.

use claims_denials::command::{parse, Action, Kind};
use claims_events::event::WriteOffReason;
use claims_events::Cents;
use serde_json::json;

use crate::given::*;

#[test]
fn commands_are_parsed_with_every_problem_named() {
    let ok = json!({"schema": "write-off/v1", "claim_id": claim_id(), "operator": "b", "amount": "12.50", "reason": "small_balance"});
    let command = parse(Kind::WriteOff, &serde_json::to_vec(&ok).unwrap()).unwrap();
    assert_eq!(
        command.action,
        Action::WriteOff {
            amount: Cents(1250),
            reason: WriteOffReason::SmallBalance,
            note: None
        }
    );
    let codes = |value: serde_json::Value, kind| {
        parse(kind, &serde_json::to_vec(&value).unwrap())
            .unwrap_err()
            .into_iter()
            .map(|p| p.code)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        codes(json!({"schema": "rebill/v1"}), Kind::WriteOff),
        ["schema.unsupported"]
    );
    assert_eq!(
        codes(
            json!({"schema": "appeal-file/v1", "claim_id": "x", "level": 9, "reason": "r"}),
            Kind::Appeal
        ),
        ["field.type", "field.missing", "level.range"]
    );
    assert_eq!(
        codes(
            json!({"schema": "write-off/v1", "claim_id": claim_id(), "operator": "b", "amount": "1", "reason": "other"}),
            Kind::WriteOff
        ),
        ["note.required"]
    );
    assert_eq!(
        codes(
            json!({"schema": "rebill/v1", "claim_id": claim_id(), "operator": "b", "payer_id": "aetna", "reason": "r", "x": 1}),
            Kind::Rebill
        ),
        ["field.invalid"]
    );
}

#[test]
fn a_rebill_member_id_is_checked_and_never_echoed() {
    let payload = json!({"schema": "rebill/v1", "claim_id": claim_id(), "operator": "b",
        "payer_id": "united-healthcare", "reason": "r", "member_id": "X; DROP"});
    let problems = parse(Kind::Rebill, payload.to_string().as_bytes()).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].code, "member_id.format");
    assert!(
        !problems[0].message.contains("DROP"),
        "{}",
        problems[0].message
    );
}
