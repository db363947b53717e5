//! `claims era import` end to end: the command's own function publishes an 835 file to
//! `inbox.availity.era` on a private server with the remittance service running, and
//! returns the receipt the service answers with; the payment is on the claim's books.

use claims_events::sample;
use claims_remittance::sample::{interchange, Remit835};
use claims_test_support::{settings_for, NatsServer};

use crate::harness::Running;
use crate::remittance::{books, day, paid, submitted_encounter};

#[tokio::test]
async fn an_imported_835_file_is_posted_and_its_receipt_returned() {
    let server = NatsServer::start();
    let settings = settings_for(&server);
    let system = Running::remittance(settings.clone()).await;
    let claim_id =
        submitted_encounter(&system, sample::encounter("springfield-fp", "ENC-ERA-CLI")).await;
    let body = interchange(&[Remit835::new("EFT-CLI-1", day(10)).claim(paid(claim_id, "1", 1))])
        .expect("the sample writes");
    let file = server.dir().join("payment.835");
    std::fs::write(&file, body).expect("write the 835");

    let receipt =
        claims_cli::era::import::import(&settings, &file, "availity", Some("ERA-CLI-1".into()))
            .await
            .expect("a receipt");

    assert_eq!(receipt["message_id"], "ERA-CLI-1", "{receipt}");
    assert_eq!(
        (&receipt["status"], &receipt["outcome"]),
        (&"accepted".into(), &"posted".into()),
        "{receipt}"
    );
    assert_eq!(receipt["payments"][0]["claim_id"], claim_id.to_string());
    let claim = system.store.load(claim_id).await.unwrap();
    assert_eq!(books(&claim), (9050, 2750, 2500, 0, 0));
    system.stop().await;
}
