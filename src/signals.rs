//! Ctrl-C and `kill`: SIGINT / SIGTERM never leave half a change behind, and the operator is
//! told the truth about what landed.
//!
//! A background thread waits for the signals (signal-hook; nothing unsafe runs in a handler).
//! On the first one:
//!
//! - no write transaction is open (parsing a file, a dry run, a listing, waiting for another
//!   invmap's lock): the process exits at once with 128 + N — SQLite never saw a commit;
//! - a write transaction is open: the flag is set and the open store is interrupted
//!   (`sqlite3_interrupt`) every few milliseconds until the transaction is gone. The running
//!   statement fails, [`crate::store::changes::ChangeTx::finish`] refuses to commit once the flag
//!   is set, the transaction rolls back, and `main` exits with 128 + N.
//!
//! A second signal exits at once: an uncommitted transaction is discarded by SQLite exactly
//! as after a crash (see docs/reliability.md for the SIGKILL tests that prove it).
//!
//! "Nothing was changed" is only said when this process committed nothing; a change that
//! committed before the signal is reported as such.

use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

/// Interrupts the open store's running statement (the store registers it when it opens; the
/// store's driver stays behind the seam).
pub type Interrupter = Box<dyn Fn() + Send>;

/// The store being written, and how many write transactions are open on it.
#[derive(Default)]
struct State {
    interrupt: Option<Interrupter>,
    writes: u32,
}

fn state() -> MutexGuard<'static, State> {
    static STATE: OnceLock<Mutex<State>> = OnceLock::new();
    let lock = STATE.get_or_init(Default::default).lock();
    // A panic while holding this lock leaves plain data behind: keep using it.
    lock.unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The first signal received (0: none).
static PENDING: AtomicI32 = AtomicI32::new(0);
/// Set once this process committed a write transaction.
static COMMITTED: AtomicBool = AtomicBool::new(false);

/// Starts the signal thread. Call once, early in `main`; without it the default actions apply
/// (the process dies, SQLite discards the open transaction).
pub fn install() -> std::io::Result<()> {
    let mut signals = Signals::new([SIGINT, SIGTERM])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            let Some(first) = signals.forever().next() else {
                return;
            };
            PENDING.store(first, Ordering::SeqCst);
            loop {
                {
                    let st = state();
                    if st.writes == 0 {
                        drop(st);
                        exit_interrupted(first);
                    }
                    if let Some(interrupt) = &st.interrupt {
                        // Statements started between two calls clear SQLite's flag, so it is
                        // set again until the transaction is gone.
                        interrupt();
                    }
                }
                if let Some(second) = signals.pending().next() {
                    exit_now(
                        second,
                        "interrupted again: exiting now; the unfinished change was not committed",
                    );
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        })?;
    Ok(())
}

/// Registers how to interrupt the store just opened.
pub fn register(interrupt: Interrupter) {
    state().interrupt = Some(interrupt);
}

/// The signal received so far, if any.
pub fn pending() -> Option<i32> {
    match PENDING.load(Ordering::SeqCst) {
        0 => None,
        n => Some(n),
    }
}

/// Held for as long as a write transaction is open: while it lives, a signal interrupts the
/// transaction instead of ending the process.
#[derive(Debug)]
pub struct WriteGuard(());

impl WriteGuard {
    pub fn new() -> WriteGuard {
        state().writes += 1;
        WriteGuard(())
    }
}

impl Default for WriteGuard {
    fn default() -> Self {
        WriteGuard::new()
    }
}

impl Drop for WriteGuard {
    fn drop(&mut self) {
        let mut st = state();
        st.writes = st.writes.saturating_sub(1);
    }
}

/// Notes that a write transaction committed (so "nothing was changed" would be a lie).
pub fn note_committed() {
    COMMITTED.store(true, Ordering::SeqCst);
}

/// The error a write transaction returns instead of committing once a signal arrived.
#[derive(Debug, thiserror::Error)]
#[error("interrupted by {}", name(*.0))]
pub struct Interrupted(pub i32);

/// Fails with [`Interrupted`] when a signal has arrived (checked right before a commit).
pub fn check() -> Result<(), Interrupted> {
    match pending() {
        Some(n) => Err(Interrupted(n)),
        None => Ok(()),
    }
}

fn name(signal: i32) -> &'static str {
    match signal {
        SIGINT => "SIGINT",
        SIGTERM => "SIGTERM",
        _ => "a signal",
    }
}

/// Exits with 128 + `signal`, saying what landed. Safe to call from any thread.
pub fn exit_interrupted(signal: i32) -> ! {
    let message = if COMMITTED.load(Ordering::SeqCst) {
        format!(
            "interrupted ({}): the change recorded before the signal stays (see `invmap changes`); nothing else was changed",
            name(signal)
        )
    } else {
        format!(
            "interrupted: nothing was changed ({} received)",
            name(signal)
        )
    };
    exit_now(signal, &message)
}

/// One exit for the whole process: the first caller prints and exits, others wait for it.
fn exit_now(signal: i32, message: &str) -> ! {
    let guard = exit_lock();
    std::mem::forget(guard);
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{message}");
    std::process::exit(128 + signal)
}

/// Taken (and never released) by whoever ends the process, so that `main` returning and the
/// signal thread exiting cannot race each other.
pub fn exit_lock() -> MutexGuard<'static, ()> {
    static EXIT: Mutex<()> = Mutex::new(());
    EXIT.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
