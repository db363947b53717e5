//! Claims of every shape the 837P writer must handle, each starting from the sample
//! encounter of `claims_events::sample` and changing only what makes the shape: a dependent
//! patient, several lines, twelve diagnoses, four modifiers, a correction, a void, secondary
//! claims with the primary's adjudication, names full of delimiters.

use claims_events::event::{
    Adjustment, AdjustmentGroup, ClaimPaymentStatus, Frequency, LinePayment, PatientShare,
    RemittancePosted,
};
use claims_events::{
    sample, Cents, Coverage, PayerOrder, Person, Relationship, ServiceLine, Sex, Subscriber,
};
use claims_submission::x837::PayerInfo;

use super::{commercial, date, medicare, parsed, Prior, Scenario};

/// The sample office visit, billed to Medicare: the patient is the insured.
pub fn self_patient() -> Scenario {
    let encounter = sample::encounter("springfield-fp", "ENC-SELF");
    Scenario {
        name: "self-patient",
        coding: encounter.coding.clone(),
        subscriber: encounter.subscriber.clone(),
        coverage: encounter.coverage.clone(),
        encounter,
        payer: medicare(),
        frequency: Frequency::Original,
        payer_claim_number: None,
        priors: Vec::new(),
    }
}

fn parent() -> Person {
    Person {
        first_name: "Ada".into(),
        last_name: "Example".into(),
        birth_date: date(1985, 2, 3),
        sex: Sex::Female,
        address: sample::address(),
    }
}

/// A child covered by a parent's commercial plan: patient in 2000C, parent in 2010BA.
pub fn dependent_child() -> Scenario {
    let mut s = self_patient();
    s.name = "dependent-child";
    s.encounter.encounter_id = "ENC-CHILD".into();
    s.encounter.patient = Person {
        first_name: "Tim".into(),
        last_name: "Example".into(),
        birth_date: date(2016, 7, 14),
        sex: Sex::Male,
        address: sample::address(),
    };
    s.subscriber = Subscriber {
        relationship: Relationship::Child,
        member_id: "PHP778899001".into(),
        group_number: Some("GRP-4410".into()),
        person: Some(parent()),
    };
    s.coverage = Coverage {
        payer_id: parsed("prairie-health"),
        plan: "Prairie PPO".into(),
        order: PayerOrder::Primary,
    };
    s.payer = commercial();
    s
}

fn line(procedure: &str, modifiers: &[&str], charge: i64, pointers: &[u8]) -> ServiceLine {
    ServiceLine {
        procedure: parsed(procedure),
        modifiers: modifiers.iter().map(|m| parsed(m)).collect(),
        units: 1,
        charge: Cents(charge),
        diagnosis_pointers: pointers.to_vec(),
        service_date: None,
    }
}

/// Five lines over two days, one with three units.
pub fn several_lines() -> Scenario {
    let mut s = self_patient();
    s.name = "several-lines";
    s.encounter.encounter_id = "ENC-LINES".into();
    let mut lab = line("85025", &[], 2850, &[1]);
    lab.service_date = Some(date(2026, 11, 21));
    let mut injection = line("J1100", &[], 1225, &[2]);
    injection.units = 3;
    s.coding.lines = vec![
        line("99214", &["25"], 18000, &[1, 2]),
        line("82947", &[], 1800, &[1]),
        lab,
        injection,
        line("96372", &[], 4000, &[2, 1]),
    ];
    s
}

/// Twelve diagnoses, the most HI carries; pointers reach the last one.
pub fn twelve_diagnoses() -> Scenario {
    let mut s = self_patient();
    s.name = "twelve-diagnoses";
    s.encounter.encounter_id = "ENC-DX12".into();
    s.coding.diagnoses = [
        "E11.9", "I10", "E78.5", "J45.909", "M54.50", "K21.9", "F41.1", "G47.33", "N18.30",
        "E66.9", "Z79.4", "S72.001A",
    ]
    .iter()
    .map(|c| parsed(c))
    .collect();
    s.coding.lines = vec![
        line("99215", &["25"], 21000, &[1, 2, 3, 4]),
        line("93000", &[], 5500, &[12, 11, 10, 9]),
    ];
    s
}

/// A line with four modifiers, the most SV101 carries.
pub fn four_modifiers() -> Scenario {
    let mut s = self_patient();
    s.name = "four-modifiers";
    s.encounter.encounter_id = "ENC-MODS".into();
    s.coding.lines = vec![
        line("99213", &["25"], 12500, &[1]),
        line("20610", &["RT", "59", "GA", "XS"], 22000, &[1, 2]),
    ];
    s
}

/// A corrected claim: frequency 7 replacing the payer's claim 2026330123456.
pub fn corrected() -> Scenario {
    let mut s = self_patient();
    s.name = "corrected";
    s.encounter.encounter_id = "ENC-CORR".into();
    s.frequency = Frequency::Replacement;
    s.payer_claim_number = Some("2026330123456".into());
    s
}

/// A void: frequency 8 of the payer's claim 2026330654321.
pub fn void() -> Scenario {
    let mut s = self_patient();
    s.name = "void";
    s.encounter.encounter_id = "ENC-VOID".into();
    s.frequency = Frequency::Void;
    s.payer_claim_number = Some("2026330654321".into());
    s
}

fn adjustment(group: AdjustmentGroup, reason: &str, amount: i64, line: Option<u16>) -> Adjustment {
    Adjustment {
        group,
        reason: reason.into(),
        amount: Cents(amount),
        line,
    }
}

/// Medicare's adjudication of the sample claim (143.00 billed): line 1 allowed 110 and
/// paid 100 (CO-45 15, PR-2 10), line 2 applied to the deductible (CO-45 3, PR-1 15),
/// and a claim-level sequestration CO-253 of 2: paid 98.
pub fn medicare_paid() -> RemittancePosted {
    use AdjustmentGroup::{Contractual, PatientResponsibility};
    RemittancePosted {
        trace: "EFT0001".into(),
        payer_id: parsed("medicare-il"),
        paid_on: date(2026, 12, 10),
        status: ClaimPaymentStatus::Processed(1),
        billed: Cents(14300),
        paid: Cents(9800),
        allowed: Some(Cents(12500)),
        patient_share: PatientShare {
            deductible: Cents(1500),
            coinsurance: Cents(1000),
            copay: Cents(0),
            other: Cents(0),
        },
        adjustments: vec![
            adjustment(Contractual, "45", 1500, Some(1)),
            adjustment(PatientResponsibility, "2", 1000, Some(1)),
            adjustment(Contractual, "45", 300, Some(2)),
            adjustment(PatientResponsibility, "1", 1500, Some(2)),
            adjustment(Contractual, "253", 200, None),
        ],
        remarks: vec!["N130".into()],
        payer_claim_number: Some("2026344000111".into()),
        lines: vec![
            LinePayment {
                line: 1,
                procedure: "HC:99213:25".into(),
                billed: Cents(12500),
                paid: Cents(10000),
                allowed: Some(Cents(11000)),
                units: 1,
            },
            LinePayment {
                line: 2,
                procedure: "HC:82947".into(),
                billed: Cents(1800),
                paid: Cents(0),
                allowed: Some(Cents(1500)),
                units: 1,
            },
        ],
    }
}

/// The sample claim billed to a supplemental plan after Medicare paid.
pub fn secondary() -> Scenario {
    let mut s = self_patient();
    s.name = "secondary";
    s.encounter.encounter_id = "ENC-SECONDARY".into();
    s.priors = vec![Prior {
        payer_order: PayerOrder::Primary,
        payer: medicare(),
        subscriber: s.subscriber.clone(),
        remittance: medicare_paid(),
    }];
    s.subscriber = Subscriber {
        relationship: Relationship::Insured,
        member_id: "SUPP55501".into(),
        group_number: Some("MEDIGAP-F".into()),
        person: None,
    };
    s.coverage = Coverage {
        payer_id: parsed("prairie-health"),
        plan: "Prairie Medigap".into(),
        order: PayerOrder::Secondary,
    };
    s.payer = commercial();
    s
}

/// A child's claim to the parent's second plan after the first paid: 2320 SBR02 is 19 and
/// 2330A names the parent.
pub fn secondary_dependent() -> Scenario {
    let mut s = dependent_child();
    s.name = "secondary-dependent";
    s.encounter.encounter_id = "ENC-SECONDARY-CHILD".into();
    let mut paid = medicare_paid();
    paid.payer_id = parsed("prairie-health");
    paid.lines.clear();
    paid.adjustments.retain(|a| a.line.is_none());
    paid.adjustments.push(adjustment(
        AdjustmentGroup::PatientResponsibility,
        "3",
        4300,
        None,
    ));
    paid.paid = Cents(9800);
    let commercial_subscriber = s.subscriber.clone();
    s.priors = vec![Prior {
        payer_order: PayerOrder::Primary,
        payer: commercial(),
        subscriber: commercial_subscriber,
        remittance: paid,
    }];
    s.subscriber.member_id = "BCB20077".into();
    s.subscriber.group_number = None;
    s.coverage = Coverage {
        payer_id: parsed("blue-il"),
        plan: "Blue Choice".into(),
        order: PayerOrder::Secondary,
    };
    s.payer = PayerInfo {
        name: "Blue Cross Illinois".into(),
        x12_payer_id: "BCIL1".into(),
        claim_filing_indicator: "BL".into(),
    };
    s
}

/// Names and an address holding every delimiter: cleaned, never corrupting the file.
pub fn delimiter_in_name() -> Scenario {
    let mut s = dependent_child();
    s.name = "delimiter-in-name";
    s.encounter.encounter_id = "ENC-DELIM".into();
    s.encounter.patient.last_name = "O'Neil*Smith~Jr".into();
    s.encounter.patient.first_name = "Mary:Ann^Lou".into();
    s.encounter.patient.address.line1 = "12 Elm St * Apt 4~B".into();
    if let Some(parent) = &mut s.subscriber.person {
        parent.last_name = "Müller:Smith".into();
    }
    s.encounter.billing_provider.name = "Springfield ~ Family * Practice".into();
    s
}

/// Every shape the tests cover.
pub fn all() -> Vec<Scenario> {
    vec![
        self_patient(),
        dependent_child(),
        several_lines(),
        twelve_diagnoses(),
        four_modifiers(),
        corrected(),
        void(),
        secondary(),
        secondary_dependent(),
        delimiter_in_name(),
    ]
}
