//! `fidelio.com` on Windows: how a terminal runs `fidelio.exe` and gets its output and exit code.
//!
//! `fidelio.exe` is a window program, so no console window opens behind it when the owner
//! double-clicks it. But a prompt neither waits for a window program nor gets its exit code.
//! The installer puts this small console program beside it as `fidelio.com`, which a prompt
//! runs for `fidelio summary …` (`.COM` comes before `.EXE` in `PATHEXT`): it runs the program
//! beside it with the same arguments, passes its output through, waits, and returns its exit
//! code. The output comes through pipes, not the console itself: a window program is not
//! attached to a console, while a pipe works the same for any terminal or redirection.
//!
//! It does the same on Linux and macOS (beside `fidelio`), which is how the tests check it.

use std::io::{Read, Write};
use std::process::{Command, ExitCode, Stdio};
use std::thread;

const PROGRAM: &str = if cfg!(windows) {
    "fidelio.exe"
} else {
    "fidelio"
};

fn main() -> ExitCode {
    let program = match std::env::current_exe() {
        Ok(me) => me.with_file_name(PROGRAM),
        Err(error) => {
            eprintln!("fidelio: cannot tell where this program is: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut child = match Command::new(&program)
        .args(std::env::args_os().skip(1))
        .stdin(Stdio::inherit())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(error) => {
            eprintln!("fidelio: cannot run {}: {error}", program.display());
            return ExitCode::FAILURE;
        }
    };
    let stdout = child
        .stdout
        .take()
        .map(|from| relay(from, std::io::stdout()));
    let stderr = child
        .stderr
        .take()
        .map(|from| relay(from, std::io::stderr()));
    let status = child.wait();
    for relay in [stdout, stderr].into_iter().flatten() {
        let _ = relay.join();
    }
    match status {
        Ok(status) => ExitCode::from(status.code().unwrap_or(1).clamp(0, 255) as u8),
        Err(error) => {
            eprintln!("fidelio: {} did not finish: {error}", program.display());
            ExitCode::FAILURE
        }
    }
}

/// Copies one of the program's outputs to ours as it comes, on a thread of its own, so a full
/// pipe of one never holds up the other.
fn relay(
    mut from: impl Read + Send + 'static,
    mut to: impl Write + Send + 'static,
) -> thread::JoinHandle<()> {
    thread::Builder::new()
        .name("relay output".into())
        .spawn(move || {
            let mut buffer = [0u8; 8192];
            while let Ok(read) = from.read(&mut buffer) {
                if read == 0
                    || to
                        .write_all(&buffer[..read])
                        .and_then(|()| to.flush())
                        .is_err()
                {
                    break;
                }
            }
        })
        .expect("a thread to pass the output through")
}
