use std::process::ExitCode;

use clap::Parser;

/// The main work runs on a thread with a roomy stack, like the workers (see
/// `okrlint::run`): deep-but-allowed YAML must never overflow it.
const MAIN_STACK_BYTES: usize = 64 * 1024 * 1024;

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("okrlint: internal error, please report this bug with the input that caused it: {info}");
        std::process::exit(2);
    }));
    let cli = okrlint::cli::Cli::parse();
    let worker = std::thread::Builder::new()
        .name("okrlint".into())
        .stack_size(MAIN_STACK_BYTES)
        .spawn(move || okrlint::run(cli));
    match worker.map(|handle| handle.join()) {
        Ok(Ok(code)) => ExitCode::from(code),
        _ => {
            eprintln!("okrlint: internal error: the worker thread could not run");
            ExitCode::from(okrlint::EXIT_USAGE)
        }
    }
}
