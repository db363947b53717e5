//! Coding: diagnosis and procedure codes checked against the code set and payer edits.
