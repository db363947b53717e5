//! The event store on NATS JetStream: streams, appends with optimistic concurrency, loads, reading the log.
