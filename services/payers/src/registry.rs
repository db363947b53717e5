//! Loading the payer registry from TOML, checking it whole, and looking payers up.
//!
//! The file is an array of `[[payer]]` tables (see `payers.toml`). It is read into a TOML
//! table first and then field by field, so that an operator's mistake is reported as
//! "payer `aetna`, field `appeal_days`: must be at least 1 day" rather than as a parser
//! position, and so that a misspelt optional field is an error instead of a silent default.

use std::collections::BTreeMap;

use claims_events::{PartnerId, PayerId};
use toml::{Table, Value};

use crate::toml_fields::PayerTable;
use crate::{ClaimFilingIndicator, MemberIdFormat, Payer, RegistryError};

/// The sample registry the project ships: the payers of the contract examples and a few
/// more, each with realistic X12 ids and deadlines.
pub const SAMPLE_TOML: &str = include_str!("../payers.toml");

const FIELDS: &[&str] = &[
    "id",
    "name",
    "x12_payer_id",
    "timely_filing_days",
    "follow_up_days",
    "appeal_days",
    "clearinghouse",
    "claim_filing_indicator",
    "requires_rendering_provider",
    "requires_group_number",
    "member_id_format",
];

/// 2010BB NM103, the payer's name in the 837P, holds at most 60 characters.
const MAX_NAME: usize = 60;

/// All known payers, by id. Immutable once loaded: a changed file is a new registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayerRegistry {
    payers: BTreeMap<PayerId, Payer>,
}

impl PayerRegistry {
    /// Reads and checks a registry file. The first problem found is returned; it names the
    /// payer and the field.
    pub fn from_toml(text: &str) -> Result<PayerRegistry, RegistryError> {
        let document: Table = text.parse().map_err(|e: toml::de::Error| {
            RegistryError::Syntax(e.to_string().trim_end().to_owned())
        })?;
        if let Some(key) = document.keys().find(|key| key.as_str() != "payer") {
            return Err(RegistryError::UnknownKey(key.clone()));
        }
        let entries = match document.get("payer") {
            None => return Err(RegistryError::Empty),
            Some(Value::Array(entries)) if entries.is_empty() => return Err(RegistryError::Empty),
            Some(Value::Array(entries)) => entries,
            Some(_) => {
                return Err(RegistryError::UnknownKey(
                    "payer (must be [[payer]] tables)".into(),
                ))
            }
        };
        let mut payers = BTreeMap::new();
        for (index, entry) in entries.iter().enumerate() {
            let position = index + 1;
            let Value::Table(table) = entry else {
                return Err(RegistryError::Field {
                    payer: format!("#{position}"),
                    field: "payer".into(),
                    problem: "each payer must be a [[payer]] table".into(),
                });
            };
            let payer = read_payer(&PayerTable::new(position, table))?;
            if payers.contains_key(&payer.id) {
                return Err(RegistryError::Duplicate(payer.id.to_string()));
            }
            payers.insert(payer.id.clone(), payer);
        }
        Ok(PayerRegistry { payers })
    }

    /// The registry in the TOML file at `path`, or the sample when no file is configured.
    /// Errors name the file and what is wrong with it, for an operator to fix.
    pub fn load(path: Option<&std::path::Path>) -> Result<PayerRegistry, String> {
        let Some(path) = path else {
            return Ok(PayerRegistry::sample());
        };
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read payer registry {}: {e}", path.display()))?;
        PayerRegistry::from_toml(&text)
            .map_err(|e| format!("payer registry {}: {e}", path.display()))
    }

    /// The sample registry of [`SAMPLE_TOML`]: what tests, examples and a fresh install use.
    pub fn sample() -> PayerRegistry {
        // The sample is part of the build, not input: a test proves it loads.
        PayerRegistry::from_toml(SAMPLE_TOML).expect("the shipped sample payer registry is valid")
    }

    pub fn get(&self, id: &PayerId) -> Option<&Payer> {
        self.payers.get(id)
    }

    /// Every payer, in id order.
    pub fn iter(&self) -> impl Iterator<Item = &Payer> {
        self.payers.values()
    }

    pub fn len(&self) -> usize {
        self.payers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.payers.is_empty()
    }
}

fn read_payer(table: &PayerTable<'_>) -> Result<Payer, RegistryError> {
    table.deny_unknown(FIELDS)?;
    let id: PayerId = table
        .string("id")?
        .parse()
        .map_err(|e| table.error("id", format!("{e}")))?;
    let name = table.string("name")?;
    if let Some(problem) = x12_name_problem(name) {
        return Err(table.error("name", problem));
    }
    let x12_payer_id = table.string("x12_payer_id")?;
    let x12_ok = (2..=80).contains(&x12_payer_id.len())
        && x12_payer_id.bytes().all(|b| b.is_ascii_alphanumeric());
    if !x12_ok {
        return Err(table.error(
            "x12_payer_id",
            "must be 2 to 80 letters and digits (2010BB NM109)",
        ));
    }
    let timely_filing_days = table.days("timely_filing_days")?;
    let follow_up_days = table.days("follow_up_days")?;
    if follow_up_days >= timely_filing_days {
        return Err(table.error(
            "follow_up_days",
            format!(
                "must be less than timely_filing_days ({timely_filing_days}), or an unanswered \
                 claim is noticed only after it can no longer be refiled"
            ),
        ));
    }
    let appeal_days = table.days("appeal_days")?;
    let clearinghouse: PartnerId = table
        .string("clearinghouse")?
        .parse()
        .map_err(|e| table.error("clearinghouse", format!("{e}")))?;
    let indicator = table.string("claim_filing_indicator")?;
    let claim_filing_indicator = ClaimFilingIndicator::from_code(indicator).ok_or_else(|| {
        table.error(
            "claim_filing_indicator",
            format!("`{indicator}` is not an X12 SBR09 code (MB Medicare Part B, MC Medicaid, BL Blue Cross, CI commercial, ...)"),
        )
    })?;
    let member_id_format = match table.optional_string("member_id_format")? {
        None => MemberIdFormat::Any,
        Some(name) => MemberIdFormat::from_name(name).ok_or_else(|| {
            table.error(
                "member_id_format",
                format!("`{name}` is not `any` or `mbi`"),
            )
        })?,
    };
    Ok(Payer {
        id,
        name: name.to_owned(),
        x12_payer_id: x12_payer_id.to_owned(),
        timely_filing_days,
        follow_up_days,
        appeal_days,
        clearinghouse,
        claim_filing_indicator,
        requires_rendering_provider: table.flag("requires_rendering_provider")?,
        requires_group_number: table.flag("requires_group_number")?,
        member_id_format,
    })
}

/// Why a payer name cannot go into an 837P as it stands, if it cannot.
fn x12_name_problem(name: &str) -> Option<String> {
    if name.trim().is_empty() {
        return Some("must not be empty".into());
    }
    if name.chars().count() > MAX_NAME {
        return Some(format!(
            "must be at most {MAX_NAME} characters (2010BB NM103)"
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(' '..='~').contains(c) || "*~:^".contains(*c))
    {
        return Some(format!(
            "contains {c:?}: use printable ASCII without the X12 delimiters * ~ : ^"
        ));
    }
    None
}
