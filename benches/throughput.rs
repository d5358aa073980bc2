//! Throughput benchmark (filled in with the CLI work).
fn main() {}
