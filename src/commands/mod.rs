//! One module per subcommand; `lib.rs` only wires them.

pub mod check;
pub mod fix;
pub mod init;
pub mod pull;
pub mod report;
pub mod rules;
pub mod schema;
pub mod score;
pub mod server;
