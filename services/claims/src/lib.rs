//! The claims command: runs the services, audits the log, benchmarks.
