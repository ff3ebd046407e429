use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("okrlint: internal error, please report this bug with the input that caused it: {info}");
        std::process::exit(2);
    }));
    let cli = okrlint::cli::Cli::parse();
    ExitCode::from(okrlint::run(cli))
}
