//! Domain types that can only hold valid values: parsed once at the edge, trusted inside.

mod codes;
mod encounter;
mod ids;
mod money;
mod npi;

pub use codes::{CodeError, Icd10Code, Modifier, ProcedureCode, ProcedureKind};
pub use encounter::{
    Address, BillingProvider, ClaimCoding, Coverage, Encounter, PayerOrder, Person, Relationship,
    RenderingProvider, ServiceLine, Sex, Subscriber,
};
pub use ids::{ClaimId, IdError, PartnerId, PayerId};
pub use money::{Cents, MoneyError};
pub use npi::{Npi, NpiError};
