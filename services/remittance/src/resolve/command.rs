//! Parsing `suspense-resolve/v1`: the schema first, then every field, each problem reported
//! with its JSON path and a stable code, as operator-command receipts name them.
//!
//! Unknown fields are refused (a misspelt `note` would otherwise be lost), `null` is the same
//! as leaving an optional field out, and a field that belongs to the other action is refused
//! rather than ignored (a `claim_id` on a dismissal says the operator meant something else).

use serde_json::{Map, Value};

use claims_events::ClaimId;

pub const SCHEMA: &str = "suspense-resolve/v1";

/// The `<kind>` of `inbox.ops.<kind>`.
pub const KIND: &str = "suspense-resolve";

const FIELDS: [&str; 9] = [
    "schema",
    "trace",
    "clp01",
    "occurrence",
    "operator",
    "action",
    "claim_id",
    "reason",
    "note",
];

/// A parsed command: who resolves which held payment, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// TRN02 of the held payment.
    pub trace: String,
    /// CLP01 exactly as the payer sent it.
    pub clp01: String,
    /// 1 for the first CLP with this CLP01 under the trace, 2 for the second, ...
    pub occurrence: u32,
    pub operator: String,
    pub action: Action,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Post the held payment to this claim, as an 835 naming it would have.
    Apply { claim_id: ClaimId },
    /// Take it off the list; nothing is posted.
    Dismiss { reason: DismissReason },
}

/// Why a held payment is dismissed: stable codes, as the resolution records them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DismissReason {
    /// Another practice's (or another system's) patient: the payer is told to redirect it.
    NotOurPatient,
    /// The money goes back to the payer.
    RefundRequested,
    /// The same payment is already on the books under another trace or claim.
    DuplicatePayment,
    /// Anything else; the `note` says what.
    Other,
}

impl DismissReason {
    pub const ALL: [DismissReason; 4] = [
        DismissReason::NotOurPatient,
        DismissReason::RefundRequested,
        DismissReason::DuplicatePayment,
        DismissReason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DismissReason::NotOurPatient => "not_our_patient",
            DismissReason::RefundRequested => "refund_requested",
            DismissReason::DuplicatePayment => "duplicate_payment",
            DismissReason::Other => "other",
        }
    }
}

/// One thing wrong with a command, as its receipt reports it (receipt/v1 `errors`).
pub use claims_runtime::Problem;

/// Parses a `suspense-resolve/v1` command: every problem found, or the typed command.
pub fn parse(payload: &[u8]) -> Result<Command, Vec<Problem>> {
    let mut map: Map<String, Value> = serde_json::from_slice(payload).map_err(|e| {
        vec![Problem::new(
            "$",
            "json.syntax",
            format!("not a {SCHEMA} command: {e}"),
        )]
    })?;
    match map.get("schema").and_then(Value::as_str) {
        Some(SCHEMA) => {}
        other => {
            return Err(vec![Problem::new(
                "$.schema",
                "schema.unsupported",
                format!(
                    "schema is {}; this subject reads `{SCHEMA}`",
                    other.map_or("missing".into(), |s| format!("`{s}`"))
                ),
            )])
        }
    }
    // `null` is the same as absent.
    map.retain(|_, v| !v.is_null());
    let mut problems: Vec<Problem> = map
        .keys()
        .filter(|k| !FIELDS.contains(&k.as_str()))
        .map(|k| {
            Problem::new(
                &format!("$.{k}"),
                "field.invalid",
                format!("`{k}` is not a field of {SCHEMA}"),
            )
        })
        .collect();
    let trace = keep(&mut problems, text(&map, "trace"));
    let clp01 = keep(&mut problems, text(&map, "clp01"));
    let operator = keep(&mut problems, text(&map, "operator"));
    let occurrence = keep(&mut problems, occurrence(&map));
    let note = keep(&mut problems, optional_text(&map, "note")).flatten();
    let action = keep(&mut problems, action(&map, note.as_deref()));
    match (trace, clp01, operator, occurrence, action) {
        (Some(trace), Some(clp01), Some(operator), Some(occurrence), Some(action))
            if problems.is_empty() =>
        {
            Ok(Command {
                trace,
                clp01,
                occurrence,
                operator,
                action,
                note,
            })
        }
        _ => Err(problems),
    }
}

/// The value, or `None` with its problem added to `problems`.
fn keep<T>(problems: &mut Vec<Problem>, result: Result<T, Problem>) -> Option<T> {
    result.map_err(|problem| problems.push(problem)).ok()
}

fn action(map: &Map<String, Value>, note: Option<&str>) -> Result<Action, Problem> {
    let name = text(map, "action")?;
    let refuse = |key: &str, action: &str| -> Result<(), Problem> {
        match map.contains_key(key) {
            true => Err(Problem::new(
                &format!("$.{key}"),
                "field.invalid",
                format!("`{key}` does not go with action `{action}`"),
            )),
            false => Ok(()),
        }
    };
    match name.as_str() {
        "apply" => {
            refuse("reason", "apply")?;
            let id = text(map, "claim_id")?;
            let claim_id = id.parse::<ClaimId>().map_err(|_| {
                Problem::new(
                    "$.claim_id",
                    "field.type",
                    format!("`{id}` is not a claim id (the lower-case UUID of receipts and CLM01)"),
                )
            })?;
            Ok(Action::Apply { claim_id })
        }
        "dismiss" => {
            refuse("claim_id", "dismiss")?;
            let code = text(map, "reason")?;
            let reason = DismissReason::ALL
                .into_iter()
                .find(|r| r.as_str() == code)
                .ok_or_else(|| {
                    Problem::new(
                        "$.reason",
                        "reason.unknown",
                        format!("`{code}` is not one of not_our_patient, refund_requested, duplicate_payment, other"),
                    )
                })?;
            if reason == DismissReason::Other && note.is_none() {
                return Err(Problem::new(
                    "$.note",
                    "note.required",
                    "reason `other` needs a `note` saying why",
                ));
            }
            Ok(Action::Dismiss { reason })
        }
        other => Err(Problem::new(
            "$.action",
            "action.unknown",
            format!("`{other}` is not one of apply, dismiss"),
        )),
    }
}

fn occurrence(map: &Map<String, Value>) -> Result<u32, Problem> {
    let Some(value) = map.get("occurrence") else {
        return Ok(1);
    };
    let n = value.as_u64().ok_or_else(|| {
        Problem::new(
            "$.occurrence",
            "field.type",
            "`occurrence` is a whole number",
        )
    })?;
    match u32::try_from(n) {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(Problem::new(
            "$.occurrence",
            "occurrence.range",
            "`occurrence` counts from 1 (the first CLP with this CLP01 under the trace)",
        )),
    }
}

/// A required, non-blank text field.
fn text(map: &Map<String, Value>, key: &str) -> Result<String, Problem> {
    optional_text(map, key)?.ok_or_else(|| {
        Problem::new(
            &format!("$.{key}"),
            "field.missing",
            format!("`{key}` is required"),
        )
    })
}

/// An optional text field: absent (or `null`) is `None`; present, it must not be blank.
fn optional_text(map: &Map<String, Value>, key: &str) -> Result<Option<String>, Problem> {
    let path = format!("$.{key}");
    let Some(value) = map.get(key) else {
        return Ok(None);
    };
    let text = value
        .as_str()
        .ok_or_else(|| Problem::new(&path, "field.type", format!("`{key}` is a string")))?;
    if text.trim().is_empty() {
        return Err(Problem::new(
            &path,
            "text.empty",
            format!("`{key}` must not be blank"),
        ));
    }
    Ok(Some(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const CLAIM: &str = "3f2c0a4e-0000-5000-8000-000000000001";

    fn parsed(value: Value) -> Result<Command, Vec<Problem>> {
        parse(&serde_json::to_vec(&value).unwrap())
    }

    fn codes(value: Value) -> Vec<(String, String)> {
        parsed(value)
            .unwrap_err()
            .into_iter()
            .map(|p| (p.path, p.code))
            .collect()
    }

    fn pair(path: &str, code: &str) -> (String, String) {
        (path.into(), code.into())
    }

    #[test]
    fn an_apply_names_the_claim_and_the_occurrence_defaults_to_the_first() {
        let command = parsed(json!({"schema": SCHEMA, "trace": "EFT-9", "clp01": "3f2c0a4e-0000-5000-8000-00000000001",
            "operator": "biller-3", "action": "apply", "claim_id": CLAIM}))
        .unwrap();
        assert_eq!(
            command,
            Command {
                trace: "EFT-9".into(),
                clp01: "3f2c0a4e-0000-5000-8000-00000000001".into(),
                occurrence: 1,
                operator: "biller-3".into(),
                action: Action::Apply {
                    claim_id: CLAIM.parse().unwrap()
                },
                note: None,
            }
        );
    }

    #[test]
    fn a_dismissal_carries_its_reason_and_note() {
        let command = parsed(json!({"schema": SCHEMA, "trace": "EFT-9", "clp01": "ACCT-77", "occurrence": 2,
            "operator": "biller-3", "action": "dismiss", "reason": "not_our_patient", "note": "Shelbyville clinic"}))
        .unwrap();
        assert_eq!(
            command.action,
            Action::Dismiss {
                reason: DismissReason::NotOurPatient
            }
        );
        assert_eq!(
            (command.occurrence, command.note.as_deref()),
            (2, Some("Shelbyville clinic"))
        );
    }

    #[test]
    fn null_is_the_same_as_leaving_an_optional_field_out() {
        let command = parsed(json!({"schema": SCHEMA, "trace": "EFT-9", "clp01": "ACCT-77", "occurrence": null,
            "operator": "biller-3", "action": "dismiss", "reason": "refund_requested", "note": null, "claim_id": null}))
        .unwrap();
        assert_eq!((command.occurrence, command.note), (1, None));
    }

    #[test]
    fn every_problem_is_reported_with_its_path() {
        assert_eq!(
            codes(
                json!({"schema": SCHEMA, "clp01": " ", "occurrence": 0, "action": "apply",
                "claim_id": "3F2C0A4E-0000-5000-8000-000000000001", "amount": "1.00"})
            ),
            [
                pair("$.amount", "field.invalid"),
                pair("$.trace", "field.missing"),
                pair("$.clp01", "text.empty"),
                pair("$.operator", "field.missing"),
                pair("$.occurrence", "occurrence.range"),
                pair("$.claim_id", "field.type"),
            ]
        );
    }

    #[test]
    fn the_schema_is_checked_first() {
        assert_eq!(
            codes(json!({"schema": "write-off/v1", "trace": "EFT-9"})),
            [pair("$.schema", "schema.unsupported")]
        );
        assert_eq!(
            parse(b"{not json").unwrap_err()[0].code,
            "json.syntax".to_owned()
        );
    }

    #[test]
    fn each_action_takes_only_its_own_fields() {
        let base = |extra: Value| {
            let mut command =
                json!({"schema": SCHEMA, "trace": "T", "clp01": "C", "operator": "o"});
            command
                .as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            command
        };
        assert_eq!(
            codes(base(
                json!({"action": "apply", "claim_id": CLAIM, "reason": "other"})
            )),
            [pair("$.reason", "field.invalid")]
        );
        assert_eq!(
            codes(base(
                json!({"action": "dismiss", "reason": "other", "claim_id": CLAIM})
            )),
            [pair("$.claim_id", "field.invalid")]
        );
        assert_eq!(
            codes(base(json!({"action": "apply"}))),
            [pair("$.claim_id", "field.missing")]
        );
        assert_eq!(
            codes(base(json!({"action": "dismiss"}))),
            [pair("$.reason", "field.missing")]
        );
        assert_eq!(
            codes(base(json!({"action": "dismiss", "reason": "lost"}))),
            [pair("$.reason", "reason.unknown")]
        );
        assert_eq!(
            codes(base(json!({"action": "dismiss", "reason": "other"}))),
            [pair("$.note", "note.required")]
        );
        assert_eq!(
            codes(base(json!({"action": "refund"}))),
            [pair("$.action", "action.unknown")]
        );
    }

    #[test]
    fn the_documented_examples_parse() {
        for (name, example) in [
            (
                "apply",
                include_str!("../../../../docs/contracts/examples/suspense-resolve-apply.json"),
            ),
            (
                "dismiss",
                include_str!("../../../../docs/contracts/examples/suspense-resolve-dismiss.json"),
            ),
        ] {
            let command =
                parse(example.as_bytes()).unwrap_or_else(|problems| panic!("{name}: {problems:?}"));
            assert_eq!(
                matches!(command.action, Action::Apply { .. }),
                name == "apply"
            );
        }
    }
}
