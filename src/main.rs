//! The `fidelio` program: the window, or a windowless command.

// On Windows a double-click opens the window alone, with no console window behind it. The
// commands still print: see `attach_console` and the console launcher (src/bin/fidelio-console.rs).
#![cfg_attr(windows, windows_subsystem = "windows")]

use std::process::ExitCode;

use clap::Parser;
use fidelio::cli::{Cli, Command};

// mimalloc hands out big blocks in 2 MB pages: a 5-million-line import then takes a seventh
// of the page faults it took with the system's allocator, each of which clears fresh memory
// on the thread that touches it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay`, which the bindings do not name (the same in mimalloc 2 and 3).
const MIMALLOC_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // Freed memory goes back to the system at once, not a second later: held back, the
    // buffers of an import's steps added up, 100 MB more at the peak of a 5-million-line one.
    // SAFETY: no other thread runs yet, and the call only stores the option's value.
    unsafe { libmimalloc_sys::mi_option_set(MIMALLOC_PURGE_DELAY, 0) };
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            attach_console();
            // clap prints help and version to stdout with success, usage errors with status 2.
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    if cli.command.is_some() {
        attach_console();
    }
    match cli.command {
        Some(Command::Summary(args)) => ExitCode::from(fidelio::cli::summary::run(&args) as u8),
        Some(Command::Report(args)) => ExitCode::from(fidelio::cli::report::run(&args) as u8),
        Some(Command::Actions(args)) => {
            ExitCode::from(fidelio::cli::actions::run_actions(&args) as u8)
        }
        Some(Command::Customer(args)) => {
            ExitCode::from(fidelio::cli::actions::run_customer(&args) as u8)
        }
        None => match fidelio::ui::run(cli.files) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("fidelio: {error:#}");
                ExitCode::FAILURE
            }
        },
    }
}

/// A window program starts with no standard output unless its parent handed it one (a pipe, a
/// file, or the console launcher's pipes). Typed at a prompt as `fidelio.exe summary`, it would
/// print nothing: it borrows the prompt's console instead. Only for a command: the window stays
/// apart from the console, which would otherwise close it with the prompt.
#[cfg(windows)]
fn attach_console() {
    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn AttachConsole(process_id: u32) -> i32;
        fn GetStdHandle(which: u32) -> isize;
    }
    const ATTACH_PARENT_PROCESS: u32 = u32::MAX;
    const STD_OUTPUT_HANDLE: u32 = -11i32 as u32;
    // SAFETY: both calls take plain values and only change which console the process writes to.
    unsafe {
        let handle = GetStdHandle(STD_OUTPUT_HANDLE);
        if handle == 0 || handle == -1 {
            AttachConsole(ATTACH_PARENT_PROCESS);
        }
    }
}

#[cfg(not(windows))]
fn attach_console() {}
