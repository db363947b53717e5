//! Reading acknowledgment files into verdicts: the X12 layer's sample 999 and 277CA, a 999
//! rejecting one of two sets, and files that are not acknowledgments at all.

use claims_submission::acks::read::{read_file, AckFile, Verdict277};

const ACK_999: &str = include_str!("../../../x12/tests/fixtures/implementation-ack-accepted.999");
const ACK_277CA: &str = include_str!("../../../x12/tests/fixtures/claim-ack-accept-reject.277ca");
const ERA_835: &str = include_str!("../../../x12/tests/fixtures/managed-care.835");

/// A 999 for our group 4321: set 0001 accepted, set 0002 rejected with an element error.
const REJECTING_999: &str = "ISA*00*          *00*          *ZZ*AVAILITY       *ZZ*SUBM12345      *261127*0830*^*00501*000400125*0*T*:~\
GS*FA*AVAILITY*SUBM12345*20261127*0830*400125*X*005010X231A1~\
ST*999*0001*005010X231A1~\
AK1*HC*4321*005010X222A1~\
AK2*837*0001*005010X222A1~\
IK5*A~\
AK2*837*0002*005010X222A1~\
IK3*NM1*12**8~\
IK4*9*67*7*1EG4TE5MK7~\
IK5*R*5~\
AK9*P*2*2*1~\
SE*10*0001~\
GE*1*400125~\
IEA*1*000400125~";

#[test]
fn an_accepting_999_names_our_group_and_rejects_nothing() {
    let AckFile::Implementation(groups) = read_file(ACK_999).unwrap() else {
        panic!("a 999")
    };
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].group_control, 17);
    assert!(groups[0].sets.iter().all(|s| s.rejection.is_none()));
    assert_eq!(groups[0].group_rejection, None);
}

#[test]
fn a_999_rejection_gives_reasons_by_code_without_quoting_the_bad_value() {
    let AckFile::Implementation(groups) = read_file(REJECTING_999).unwrap() else {
        panic!("a 999")
    };
    let sets = &groups[0].sets;
    assert_eq!(sets[0].rejection, None);
    let reasons = sets[1].rejection.as_ref().expect("set 0002 rejected");
    let codes: Vec<&str> = reasons.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["IK3:NM1:8", "IK4:9:7", "IK5:5"]);
    assert!(
        reasons[1].message.contains("invalid code value"),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().all(|r| !r.message.contains("1EG4TE5MK7")),
        "a member id in IK404 is never repeated: {reasons:?}"
    );
}

#[test]
fn a_277ca_accepts_one_claim_with_its_payer_number_and_rejects_the_other() {
    let AckFile::ClaimAcks(claims) = read_file(ACK_277CA).unwrap() else {
        panic!("a 277CA")
    };
    assert_eq!(claims.len(), 2);
    assert_eq!(claims[0].claim_id, "0a1b2c3d-0000-5000-8000-00000000abcd");
    assert_eq!(
        claims[0].verdict,
        Verdict277::Accepted {
            payer_claim_number: Some("26331000123".into()),
            status_code: "A1:20".into()
        }
    );
    let Verdict277::Rejected(reasons) = &claims[1].verdict else {
        panic!("{:?}", claims[1])
    };
    assert_eq!(reasons[0].code, "A3:21:85");
}

#[test]
fn files_that_are_not_acknowledgments_are_refused_with_a_reason() {
    assert_eq!(read_file(ERA_835).unwrap_err().code, "ack.unsupported");
    assert_eq!(read_file("hello").unwrap_err().code, "x12.syntax");
    let truncated = &ACK_277CA[..ACK_277CA.len() / 2];
    assert_eq!(read_file(truncated).unwrap_err().code, "x12.syntax");
}
