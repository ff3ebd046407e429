//! Reading `.okrlint.yaml`: any text gives a configuration or a list of
//! pointed problems, never a panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use okrlint::config::Config;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    if let Err(err) = Config::parse(Path::new(".okrlint.yaml"), ".okrlint.yaml", text) {
        assert!(!err.problems.is_empty(), "an invalid configuration says why");
    }
});
