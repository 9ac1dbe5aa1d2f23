//! Any bytes as a package of either kind, and as the JSON part of a package whose
//! container and digests are sound (so the fuzzer reaches the report and return parsing and
//! their consistency checks): reading must refuse or accept, never crash or hang.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = shuzhi::package::read_any_package("fuzz.szpkg", data);
    for (kind, part) in [("report", "report.json"), ("return", "return.json")] {
        if let Ok(sealed) = shuzhi::package::write_package(kind, &[(part.to_string(), data.to_vec())]) {
            let _ = shuzhi::package::read_any_package("fuzz.szpkg", &sealed);
        }
    }
});
