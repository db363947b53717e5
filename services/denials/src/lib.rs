//! Denial handling: triage, work queues, corrections, appeals, write-offs, deadlines.
