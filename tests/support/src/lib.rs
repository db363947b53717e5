//! Test harness: a real nats-server per test on a dynamic port with its own store.
