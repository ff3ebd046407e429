//! One module per subcommand; `lib.rs` only wires them.

pub mod check;
pub mod rules;
pub mod score;
