//! 999s and 277CAs move exactly the claims they name, or change nothing.

use super::*;

/// Wraps transaction set bodies in an interchange from the clearinghouse.
fn from_clearinghouse(functional_id: &str, version: &str, set_id: &str, body: &[String]) -> String {
    let mut text = "ISA*00*          *00*          *ZZ*AVAILITY       *ZZ*SUBM12345      *261127*0830*^*00501*000000901*0*T*:~".to_owned();
    text += &format!("GS*{functional_id}*AVAILITY*SUBM12345*20261127*0830*901*X*{version}~ST*{set_id}*0001*{version}~");
    for segment in body {
        text += &format!("{segment}~");
    }
    text + &format!("SE*{}*0001~GE*1*901~IEA*1*000000901~", body.len() + 2)
}

fn ack_999(control: u32, rejected_st02: &str) -> String {
    let body = [
        format!("AK1*HC*{control}*005010X222A1"),
        "AK2*837*0001*005010X222A1".into(),
        "IK5*A".into(),
        format!("AK2*837*{rejected_st02}*005010X222A1"),
        "IK3*NM1*12**8".into(),
        "IK4*9*67*7".into(),
        "IK5*R*5".into(),
        "AK9*P*2*2*1".into(),
    ];
    from_clearinghouse("FA", "005010X231A1", "999", &body)
}

/// A 277CA: each claim accepted with a payer claim number, or rejected with a message.
pub(super) fn ack_277(claims: &[(String, Result<&str, &str>)]) -> String {
    let mut body: Vec<String> = [
        "BHT*0085*08*T901*20261127*0830*TH",
        "HL*1**20*1",
        "NM1*PR*2*AVAILITY*****PI*12345",
        "TRN*1*T901",
        "DTP*050*D8*20261127",
        "DTP*009*D8*20261127",
        "HL*2*1*21*1",
        "NM1*41*2*SPRINGFIELD BILLING*****46*SUBM12345",
        "TRN*2*T901",
        "STC*A1:19*20261127*WQ*286.00",
        "HL*3*2*19*1",
        "NM1*85*2*SPRINGFIELD FAMILY PRACTICE*****XX*1234567893",
        "TRN*1*0",
        "STC*A1:19**WQ*286.00",
    ]
    .map(String::from)
    .to_vec();
    for (n, (claim_id, verdict)) in claims.iter().enumerate() {
        body.push(format!("HL*{}*3*PT", n + 4));
        body.push("NM1*QC*1*EXAMPLE*ADA****MI*1EG4TE5MK73".into());
        body.push(format!("TRN*2*{claim_id}"));
        match verdict {
            Ok(number) => body.extend([
                "STC*A2:20*20261127*WQ*143.00".to_owned(),
                format!("REF*1K*{number}"),
            ]),
            Err(message) => body.push(format!("STC*A7:562:85*20261127*U*143.00********{message}")),
        }
        body.push("DTP*472*D8*20261120".into());
    }
    from_clearinghouse("HN", "005010X214", "277", &body)
}

async fn receipt(client: &async_nats::Client, n: usize) -> Value {
    let receipts = read_stream(client, OUTBOX, "outbox.availity.receipts", n, 20).await;
    serde_json::from_slice(&receipts[n - 1].payload).unwrap()
}

/// Two coded claims sent together in one batch; returns them in ST02 order.
async fn two_submitted(store: &EventStore) -> (LoadedClaim, LoadedClaim) {
    let a = coded(store, sample::encounter("springfield-fp", "ENC-A")).await;
    let b = coded(store, sample::encounter("springfield-fp", "ENC-B")).await;
    let a = wait_status(store, a, ClaimStatus::Submitted).await;
    let b = wait_status(store, b, ClaimStatus::Submitted).await;
    assert_eq!(submitted(&a).batch_id, submitted(&b).batch_id);
    if submitted(&a).transaction_control < submitted(&b).transaction_control {
        (a, b)
    } else {
        (b, a)
    }
}

#[tokio::test]
async fn a_999_rejecting_one_transaction_set_rejects_exactly_that_claim() {
    let server = NatsServer::start();
    let settings = settings_for(&server);
    let store = store(&server).await;
    let submission = Submission::start(&settings, quick(2), Arc::new(SystemClock));
    let (first, second) = two_submitted(&store).await;
    let control = submitted(&second).interchange_control;
    publish_inbox(
        &store.client(),
        "inbox.availity.ack",
        "999-1",
        ack_999(control, "0002").as_bytes(),
    )
    .await;

    let rejected = wait_status(&store, second.claim_id, ClaimStatus::Rejected).await;
    let Some(Event::ClaimRejected(rejection)) =
        rejected.commits.last().unwrap().commit.events.first()
    else {
        panic!()
    };
    assert_eq!(rejection.acknowledgment, Acknowledgment::Implementation999);
    assert!(
        rejection.reasons.iter().any(|r| r.code == "IK4:9:7"),
        "{:?}",
        rejection.reasons
    );
    assert_eq!(receipt(&store.client(), 1).await["status"], "accepted");
    assert_eq!(
        store.load(first.claim_id).await.unwrap().state.status(),
        ClaimStatus::Submitted,
        "its neighbour stays"
    );
    submission.stop().await;
}

#[tokio::test]
async fn a_277ca_accepts_one_claim_keeping_the_payers_number_and_rejects_the_other() {
    let server = NatsServer::start();
    let settings = settings_for(&server);
    let store = store(&server).await;
    let submission = Submission::start(&settings, quick(2), Arc::new(SystemClock));
    let (first, second) = two_submitted(&store).await;
    let file = ack_277(&[
        (first.claim_id.to_string(), Ok("26331000123")),
        (second.claim_id.to_string(), Err("BILLING NPI NOT ON FILE")),
    ]);
    publish_inbox(
        &store.client(),
        "inbox.availity.ack",
        "277-1",
        file.as_bytes(),
    )
    .await;

    let accepted = wait_status(&store, first.claim_id, ClaimStatus::Accepted).await;
    assert_eq!(
        accepted.state.payer_claim_number.as_deref(),
        Some("26331000123")
    );
    let rejected = wait_status(&store, second.claim_id, ClaimStatus::Rejected).await;
    assert_eq!(rejected.state.rejections[0].code, "A7:562:85");
    assert_eq!(
        rejected.state.rejections[0].message,
        "BILLING NPI NOT ON FILE"
    );
    assert_eq!(receipt(&store.client(), 1).await["status"], "accepted");
    submission.stop().await;
}

#[tokio::test]
async fn an_unmatched_or_malformed_acknowledgment_is_refused_kept_and_changes_nothing() {
    let server = NatsServer::start();
    let settings = settings_for(&server);
    let store = store(&server).await;
    let submission = Submission::start(&settings, quick(1), Arc::new(SystemClock));
    let id = coded(&store, sample::encounter("springfield-fp", "ENC-A")).await;
    let before = wait_status(&store, id, ClaimStatus::Submitted).await;
    let stranger = ClaimId::for_encounter(&"elsewhere".parse().unwrap(), "X-1");
    let file = ack_277(&[
        (id.to_string(), Ok("26331000123")),
        (stranger.to_string(), Ok("26331000124")),
    ]);
    publish_inbox(
        &store.client(),
        "inbox.availity.ack",
        "277-X",
        file.as_bytes(),
    )
    .await;
    publish_inbox(
        &store.client(),
        "inbox.availity.ack",
        "277-Y",
        &file.as_bytes()[..200],
    )
    .await;

    let refused = receipt(&store.client(), 1).await;
    assert_eq!(refused["status"], "rejected", "{refused}");
    assert_eq!(refused["message_id"], "277-X");
    assert_eq!(
        refused["errors"][0]["code"], "ack.unmatched_claim",
        "{refused}"
    );
    assert_eq!(
        receipt(&store.client(), 2).await["errors"][0]["code"],
        "x12.syntax"
    );
    let kept = read_stream(&store.client(), DEADLETTER, "deadletter.submission", 2, 20).await;
    assert_eq!(
        kept[0].payload.as_ref(),
        file.as_bytes(),
        "the original, byte for byte"
    );
    let after = store.load(id).await.unwrap();
    assert_eq!(
        after.commits.len(),
        before.commits.len(),
        "the matched claim did not change either"
    );
    submission.stop().await;
}
