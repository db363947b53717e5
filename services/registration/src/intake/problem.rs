//! A problem with a partner's message: what goes back to the partner in a rejection receipt.
//!
//! A practice fixes a rejected encounter by hand, so one receipt must name every problem at
//! once: the JSON path of the field, a stable code its software can map, and a message a
//! person can act on. Messages never repeat a patient's name, birth date or member id: a
//! receipt is logged and shown on dashboards, and the sender already has the values.

/// One problem found in an inbox message, as a rejection receipt lists it.
pub use claims_runtime::Problem;

/// The problems found so far while reading one message.
#[derive(Debug, Default)]
pub(crate) struct Problems(Vec<Problem>);

impl Problems {
    pub fn push(&mut self, path: &str, code: &str, message: impl Into<String>) {
        self.0.push(Problem::new(path, code, message));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The problems to reject the message with. Called when a value could not be built, so
    /// the list is never empty: a missing value without a recorded problem is a bug in
    /// intake, reported as such rather than as an accepted message with holes.
    pub fn into_rejection(mut self) -> Vec<Problem> {
        if self.0.is_empty() {
            self.push(
                "$",
                "intake.internal",
                "the message could not be read for an unrecorded reason; please report this",
            );
        }
        self.0
    }
}
