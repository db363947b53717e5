//! The pure core of denial handling, given / when / then: the CARC table, triage with its
//! automatic actions, operators' actions, deadlines and the work queue.

mod actions;
mod classify;
mod commands;
mod deadlines;
mod given;
mod triage;
mod worklist;
