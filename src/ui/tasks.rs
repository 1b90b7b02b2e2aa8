//! Background work: imports and analyses run on named threads and report progress and results
//! over a channel, waking the UI with a repaint. A panic in a task becomes a message, never a
//! crash of the app.

use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

/// What a task sends back.
pub enum TaskMessage<T> {
    /// `done` of `total` steps finished; `label` says what is being done now.
    Progress {
        /// Steps done.
        done: usize,
        /// Steps in all.
        total: usize,
        /// What is being done now.
        label: String,
    },
    /// The result.
    Done(T),
}

/// A handle a task uses to report, waking the UI each time.
pub struct Reporter<T> {
    sender: Sender<TaskMessage<T>>,
    wake: Box<dyn Fn() + Send>,
}

impl<T> Reporter<T> {
    /// Reports progress.
    pub fn progress(&self, done: usize, total: usize, label: impl Into<String>) {
        // The UI may have dropped the task (a newer one replaced it): nobody to tell.
        let _ = self.sender.send(TaskMessage::Progress {
            done,
            total,
            label: label.into(),
        });
        (self.wake)();
    }
}

/// A task running in the background.
pub struct Running<T> {
    receiver: Receiver<TaskMessage<T>>,
    /// Last progress reported: (done, total, label).
    pub progress: (usize, usize, String),
}

/// What polling a task found.
pub enum Poll<T> {
    /// Still running.
    Pending,
    /// Finished with a result.
    Done(T),
    /// Died without a result (it panicked); holds what it was doing (its last progress label).
    Failed(String),
}

impl<T: Send + 'static> Running<T> {
    /// Starts `work` on a thread called `name`; `wake` asks the UI for a repaint.
    pub fn spawn(
        name: &str,
        wake: impl Fn() + Send + Clone + 'static,
        work: impl FnOnce(&Reporter<T>) -> T + Send + 'static,
    ) -> Running<T> {
        let (sender, receiver) = channel();
        let reporter = Reporter {
            sender: sender.clone(),
            wake: Box::new(wake.clone()),
        };
        let spawned = std::thread::Builder::new()
            .name(name.to_string())
            .spawn(move || {
                let result =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&reporter)));
                if let Ok(value) = result {
                    let _ = sender.send(TaskMessage::Done(value));
                }
                // On panic the sender is dropped without Done: the UI sees a failure.
                wake();
            });
        let running = Running {
            receiver,
            progress: (0, 0, String::new()),
        };
        if let Err(error) = spawned {
            log_error(&format!(
                "could not start background thread {name}: {error}"
            ));
        }
        running
    }

    /// Takes whatever the task sent since the last poll.
    pub fn poll(&mut self) -> Poll<T> {
        loop {
            match self.receiver.try_recv() {
                Ok(TaskMessage::Progress { done, total, label }) => {
                    self.progress = (done, total, label)
                }
                Ok(TaskMessage::Done(value)) => return Poll::Done(value),
                Err(TryRecvError::Empty) => return Poll::Pending,
                Err(TryRecvError::Disconnected) => {
                    return Poll::Failed(self.progress.2.clone());
                }
            }
        }
    }

    /// Waits for the result (tests and the command line).
    pub fn wait(mut self) -> Result<T, String> {
        loop {
            match self.receiver.recv() {
                Ok(TaskMessage::Progress { done, total, label }) => {
                    self.progress = (done, total, label)
                }
                Ok(TaskMessage::Done(value)) => return Ok(value),
                Err(_) => return Err("the background task stopped unexpectedly".to_string()),
            }
        }
    }
}

fn log_error(message: &str) {
    eprintln!("fidelio: {message}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_reports_progress_then_its_result() {
        let task = Running::spawn(
            "fidelio-test",
            || {},
            |r: &Reporter<u32>| {
                r.progress(1, 2, "half");
                42
            },
        );
        assert_eq!(task.wait(), Ok(42));
    }

    #[test]
    fn a_panicking_task_is_a_failure_not_a_crash() {
        let mut task = Running::spawn(
            "fidelio-test-panic",
            || {},
            |_r: &Reporter<u32>| {
                panic!("boom");
            },
        );
        let outcome = loop {
            match task.poll() {
                Poll::Pending => std::thread::sleep(std::time::Duration::from_millis(5)),
                other => break other,
            }
        };
        assert!(matches!(outcome, Poll::Failed(_)));
    }
}
