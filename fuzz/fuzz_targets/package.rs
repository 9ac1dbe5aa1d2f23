//! Any bytes as a report package: reading must refuse or accept, never crash or hang.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = shuzhi::package::read_package("fuzz.szpkg", data);
});
