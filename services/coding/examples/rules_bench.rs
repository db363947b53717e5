//! The coding benchmark as an example binary; `claims bench coding` runs the same code.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    claims_coding::bench::run()
}
