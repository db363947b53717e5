//! The insured person (subscriber) whose policy covers the visit, and their member id.
//!
//! When the patient is the insured, the subscriber is only a relationship and a member id;
//! otherwise it carries the insured's own demographics, which the 837P sends in loop 2010BA
//! and the payer matches its member file against. The payer's own front-end rules apply
//! here: Medicare refuses anything but a well-formed MBI, some payers every claim without
//! a group number.

use claims_events::{Relationship, Subscriber};
use claims_payers::Payer;

use super::json::Node;
use super::person::{person_fields, Dates, PERSON_FIELDS};
use super::problem::Problems;
use super::text::{identifier, optional_text};
use super::values::one_of;

pub(crate) const SUBSCRIBER_FIELDS: &[&str] = &[
    "relationship",
    "member_id",
    "group_number",
    "first_name",
    "last_name",
    "birth_date",
    "sex",
    "address",
];

/// NM109 holds at most 80 characters; SBR03 at most 50.
const MAX_MEMBER_ID: usize = 80;
const MAX_GROUP_NUMBER: usize = 50;

pub(crate) const RELATIONSHIPS: &[(&str, Relationship)] = &[
    ("self", Relationship::Insured),
    ("spouse", Relationship::Spouse),
    ("child", Relationship::Child),
    ("other", Relationship::Other),
];

/// A subscriber object; `payer` is the payer of the coverage it belongs to, when known.
pub(crate) fn subscriber(
    node: &Node,
    dates: Dates,
    payer: Option<&Payer>,
    problems: &mut Problems,
) -> Option<Subscriber> {
    node.object(SUBSCRIBER_FIELDS, problems)?;
    let relationship = one_of(
        &node.field("relationship"),
        RELATIONSHIPS,
        "relationship.unknown",
        problems,
    );
    let member_id = member_id(&node.field("member_id"), payer, problems);
    let group_node = node.field("group_number");
    let group_number = optional_text(&group_node, MAX_GROUP_NUMBER, problems);
    if let Some(payer) = payer.filter(|p| p.requires_group_number && !group_node.is_present()) {
        problems.push(
            group_node.path(),
            "field.required_by_payer",
            format!("{} requires the insured's group number (SBR03): add group_number from the insurance card", payer.name),
        );
    }
    let sent_person_fields: Vec<Node> = PERSON_FIELDS
        .iter()
        .map(|f| node.field(f))
        .filter(Node::is_present)
        .collect();
    let person = match relationship {
        Some(Relationship::Insured) => {
            for field in &sent_person_fields {
                problems.push(
                    field.path(),
                    "field.unexpected",
                    format!(
                        "{} belongs to the patient when relationship is self: send it in patient only",
                        field.name()
                    ),
                );
            }
            None
        }
        Some(_) => Some(person_fields(node, dates, problems)?),
        // The relationship is already reported; still check whatever was sent with it.
        None if !sent_person_fields.is_empty() => person_fields(node, dates, problems),
        None => None,
    };
    Some(Subscriber {
        relationship: relationship?,
        member_id: member_id?,
        group_number,
        person,
    })
}

fn member_id(node: &Node, payer: Option<&Payer>, problems: &mut Problems) -> Option<String> {
    let id = identifier(node, MAX_MEMBER_ID, problems)?;
    if let Some(payer) = payer.filter(|p| !p.member_id_format.accepts(&id)) {
        problems.push(
            node.path(),
            "member_id.format",
            format!(
                "{} requires member_id to be a valid {}",
                payer.name,
                payer.member_id_format.describe()
            ),
        );
        return None;
    }
    Some(id)
}
