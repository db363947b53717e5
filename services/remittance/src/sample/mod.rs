//! 835 files written for tests and demonstrations, with the shared X12 writer so their
//! envelopes and counts are right.
//!
//! Posting is only as good as the files it was tried on, and the public samples name
//! claims that are not ours. This builder writes the loops posting reads (BPR, TRN, N1*PR
//! with REF*2U, N1*PE, CLP, CAS, MOA, SVC, AMT*B6, REF*6R, LQ, PLB) from amounts in cents:
//! CLP05 is the sum of the PR adjustments and BPR02 the claims' payments less the PLBs,
//! unless a test overrides it to write an unbalanced file on purpose.
//!
//! `history` gives the claim such a file pays: its events up to acceptance by the payer.

mod history;

pub use history::submitted;

use chrono::NaiveDate;

use claims_x12::date::format_date;
use claims_x12::delimiters::Delimiters;
use claims_x12::money::format_cents;
use claims_x12::writer::{Element, GroupHeader, InterchangeHeader, Usage, X12Writer};
use claims_x12::X12Error;

/// One CAS triplet: group (`CO`, `PR`, ...), reason, amount in cents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cas(pub &'static str, pub &'static str, pub i64);

/// One SVC loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinePaid {
    pub procedure: String,
    pub charge: i64,
    pub paid: i64,
    pub allowed: Option<i64>,
    pub adjustments: Vec<Cas>,
    pub remarks: Vec<String>,
    pub control_number: Option<String>,
}

impl LinePaid {
    pub fn new(procedure: &str, charge: i64, paid: i64) -> LinePaid {
        LinePaid {
            procedure: procedure.into(),
            charge,
            paid,
            allowed: None,
            adjustments: Vec::new(),
            remarks: Vec::new(),
            control_number: None,
        }
    }

    pub fn cas(mut self, group: &'static str, reason: &'static str, cents: i64) -> LinePaid {
        self.adjustments.push(Cas(group, reason, cents));
        self
    }

    pub fn allowed(mut self, cents: i64) -> LinePaid {
        self.allowed = Some(cents);
        self
    }

    pub fn remark(mut self, code: &str) -> LinePaid {
        self.remarks.push(code.into());
        self
    }
}

/// One CLP loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimPaid {
    pub clp01: String,
    /// CLP02: `1`, `4`, `19`, `22`, ...
    pub status: &'static str,
    pub billed: i64,
    pub paid: i64,
    pub payer_claim_number: Option<String>,
    pub adjustments: Vec<Cas>,
    pub remarks: Vec<String>,
    pub lines: Vec<LinePaid>,
}

impl ClaimPaid {
    /// What a payer pays for the sample encounter's two lines
    /// (`claims_events::sample::encounter`: 99213 $125.00, 82947 $18.00) under CLP01
    /// `clp01`: $90.50 paid, CO-45 $27.50, the patient's $25.00 (PR-2 $20.00, PR-1 $5.00).
    /// `sign` -1 negates every amount, as payers write a reversal (status `22`).
    pub fn sample(clp01: &str, status: &'static str, sign: i64) -> ClaimPaid {
        ClaimPaid::new(clp01, status, sign * 14300, sign * 9050)
            .line(
                LinePaid::new("99213", sign * 12500, sign * 8050)
                    .cas("CO", "45", sign * 2450)
                    .cas("PR", "2", sign * 2000),
            )
            .line(
                LinePaid::new("82947", sign * 1800, sign * 1000)
                    .cas("CO", "45", sign * 300)
                    .cas("PR", "1", sign * 500),
            )
    }

    pub fn new(clp01: &str, status: &'static str, billed: i64, paid: i64) -> ClaimPaid {
        ClaimPaid {
            clp01: clp01.into(),
            status,
            billed,
            paid,
            payer_claim_number: None,
            adjustments: Vec::new(),
            remarks: Vec::new(),
            lines: Vec::new(),
        }
    }

    pub fn icn(mut self, number: &str) -> ClaimPaid {
        self.payer_claim_number = Some(number.into());
        self
    }

    pub fn cas(mut self, group: &'static str, reason: &'static str, cents: i64) -> ClaimPaid {
        self.adjustments.push(Cas(group, reason, cents));
        self
    }

    pub fn remark(mut self, code: &str) -> ClaimPaid {
        self.remarks.push(code.into());
        self
    }

    pub fn line(mut self, line: LinePaid) -> ClaimPaid {
        self.lines.push(line);
        self
    }

    fn patient_share(&self) -> i64 {
        let line_level = self.lines.iter().flat_map(|l| &l.adjustments);
        self.adjustments
            .iter()
            .chain(line_level)
            .filter(|c| c.0 == "PR")
            .map(|c| c.2)
            .sum()
    }
}

/// One 835 transaction set: one payment (BPR/TRN) and its claims.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remit835 {
    pub trace: String,
    pub paid_on: NaiveDate,
    pub payer_name: String,
    /// REF*2U, the payer's id (the registry's X12 payer id).
    pub payer_id: String,
    pub claims: Vec<ClaimPaid>,
    /// PLB (reason, cents).
    pub provider_adjustments: Vec<(&'static str, i64)>,
    /// BPR02 as written; `None` writes the balancing total.
    pub payment_override: Option<i64>,
}

impl Remit835 {
    /// A payment from Medicare Part B Illinois (`06102`, `medicare-il` in the sample registry).
    pub fn new(trace: &str, paid_on: NaiveDate) -> Remit835 {
        Remit835 {
            trace: trace.into(),
            paid_on,
            payer_name: "MEDICARE PART B ILLINOIS".into(),
            payer_id: "06102".into(),
            claims: Vec::new(),
            provider_adjustments: Vec::new(),
            payment_override: None,
        }
    }

    pub fn claim(mut self, claim: ClaimPaid) -> Remit835 {
        self.claims.push(claim);
        self
    }

    /// The BPR02 that balances: the claims' payments less the provider adjustments.
    pub fn balancing_total(&self) -> i64 {
        let claims: i64 = self.claims.iter().map(|c| c.paid).sum();
        claims - self.provider_adjustments.iter().map(|p| p.1).sum::<i64>()
    }
}

/// An interchange holding `transactions`, one per payment.
pub fn interchange(transactions: &[Remit835]) -> Result<String, X12Error> {
    let created = transactions
        .first()
        .map_or(NaiveDate::MIN, |t| t.paid_on)
        .and_hms_opt(9, 0, 0)
        .unwrap_or_default();
    let mut w = X12Writer::new(Delimiters::default());
    w.begin_interchange(&InterchangeHeader {
        sender_qualifier: "ZZ".into(),
        sender_id: "PAYER".into(),
        receiver_qualifier: "ZZ".into(),
        receiver_id: "PRACTICE".into(),
        created,
        control_number: 1,
        acknowledgment_requested: false,
        usage: Usage::Test,
    })?;
    w.begin_group(&GroupHeader {
        functional_id: "HP".into(),
        sender: "PAYER".into(),
        receiver: "PRACTICE".into(),
        created,
        control_number: 1,
        version: "005010X221A1".into(),
    })?;
    for (n, transaction) in (1u32..).zip(transactions) {
        w.begin_transaction("835", n, None)?;
        write_transaction(&mut w, transaction)?;
        w.finish_transaction()?;
    }
    w.finish()
}

fn write_transaction(w: &mut X12Writer, t: &Remit835) -> Result<(), X12Error> {
    let total = t.payment_override.unwrap_or_else(|| t.balancing_total());
    let (handling, method) = if total == 0 {
        ("H", "NON")
    } else {
        ("I", "ACH")
    };
    let credit = if total < 0 { "D" } else { "C" };
    let date = format_date(t.paid_on);
    let amount = format_cents(total.abs());
    w.segment(
        "BPR",
        &[
            handling, &amount, credit, method, "", "", "", "", "", "", "", "", "", "", "", &date,
        ],
    )?;
    w.segment("TRN", &["1", &t.trace, "1512345678"])?;
    w.segment("N1", &["PR", &t.payer_name])?;
    w.segment("N3", &["1 PAYER WAY"])?;
    w.segment("N4", &["CHICAGO", "IL", "60601"])?;
    w.segment("REF", &["2U", &t.payer_id])?;
    w.segment("PER", &["BL", "EDI SUPPORT", "TE", "8005551212"])?;
    w.segment(
        "N1",
        &["PE", "SPRINGFIELD FAMILY PRACTICE", "XX", "1234567893"],
    )?;
    for (n, claim) in (1u32..).zip(&t.claims) {
        w.segment("LX", &[&n.to_string()])?;
        write_claim(w, claim, &format!("{}-{n}", t.trace))?;
    }
    for (reason, cents) in &t.provider_adjustments {
        w.segment_with(
            "PLB",
            &[
                Element::Simple("1234567893"),
                Element::Simple(&format!("{}1231", t.paid_on.format("%Y"))),
                Element::Composite(&[reason]),
                Element::Simple(&format_cents(*cents)),
            ],
        )?;
    }
    Ok(())
}

/// `default_icn` is CLP07 when the claim has no payer claim number of its own (the guide
/// requires one).
fn write_claim(w: &mut X12Writer, c: &ClaimPaid, default_icn: &str) -> Result<(), X12Error> {
    let icn = c.payer_claim_number.as_deref().unwrap_or(default_icn);
    let (billed, paid, share) = (
        format_cents(c.billed),
        format_cents(c.paid),
        format_cents(c.patient_share()),
    );
    w.segment(
        "CLP",
        &[&c.clp01, c.status, &billed, &paid, &share, "MB", icn],
    )?;
    write_cas(w, &c.adjustments)?;
    w.segment("NM1", &["QC", "1", "PATIENT", "SAMPLE"])?;
    if !c.remarks.is_empty() {
        let mut moa = vec!["", ""];
        moa.extend(c.remarks.iter().map(String::as_str));
        w.segment("MOA", &moa)?;
    }
    for line in &c.lines {
        let procedure = ["HC", line.procedure.as_str()];
        w.segment_with(
            "SVC",
            &[
                Element::Composite(&procedure),
                Element::Simple(&format_cents(line.charge)),
                Element::Simple(&format_cents(line.paid)),
            ],
        )?;
        write_cas(w, &line.adjustments)?;
        if let Some(control) = &line.control_number {
            w.segment("REF", &["6R", control])?;
        }
        if let Some(allowed) = line.allowed {
            w.segment("AMT", &["B6", &format_cents(allowed)])?;
        }
        for remark in &line.remarks {
            w.segment("LQ", &["HE", remark])?;
        }
    }
    Ok(())
}

/// CAS segments per group, in the order the groups first appear, six triplets at most each.
fn write_cas(w: &mut X12Writer, adjustments: &[Cas]) -> Result<(), X12Error> {
    let mut groups: Vec<&str> = Vec::new();
    for cas in adjustments {
        if !groups.contains(&cas.0) {
            groups.push(cas.0);
        }
    }
    for group in groups {
        let triplets: Vec<&Cas> = adjustments.iter().filter(|c| c.0 == group).collect();
        for chunk in triplets.chunks(6) {
            let mut elements = vec![group.to_owned()];
            for cas in chunk {
                elements.extend([cas.1.to_owned(), format_cents(cas.2), String::new()]);
            }
            let refs: Vec<&str> = elements.iter().map(String::as_str).collect();
            w.segment("CAS", &refs)?;
        }
    }
    Ok(())
}
