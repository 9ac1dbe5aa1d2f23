//! Any bytes as a campaign exchange document, and the same bytes as a roster CSV.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = shuzhi::exchange::parse_document("fuzz.json", data);
    let _ = shuzhi::planning::read_roster("fuzz.csv", data);
});
