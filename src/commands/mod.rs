//! One module per subcommand that reads a project beyond `check`.

pub mod score;
