//! `okrlint server`: the editor server (SPEC §8), over standard input and output.

use crate::UsageError;

pub fn run() -> Result<u8, UsageError> {
    Ok(crate::server::run_stdio())
}
