//! Ctrl-C and `kill`: SIGINT / SIGTERM never leave half a change behind, and the operator is
//! told the truth about what landed.
//!
//! A background thread waits for the signals (signal-hook; nothing unsafe runs in a handler).
//! The library never ends the process: on the first signal the flag is set and the open store
//! is interrupted every few milliseconds, so the command returns an error to its caller —
//! the running statement fails, the CSV reader and writer stop at their next row, and a
//! change's `finish` refuses to commit once the flag is set. On the way out, temp files are
//! removed (a dropped atomic file deletes its temp) and the transaction rolls back; `main`
//! then exits with 128 + N.
//!
//! Two ways out that do not wait, both through the function `main` passes to [`install`]: a
//! second signal, and a first one that finds no write transaction open and the command still
//! running after [`GRACE`] (stuck in something no flag reaches). An uncommitted transaction
//! is then discarded by SQLite exactly as after a crash (see docs/reliability.md for the
//! SIGKILL tests that prove it).
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
/// Set when the command has stopped and only cleans up (gives back a lease): the store is no
/// longer interrupted, so that the clean-up's one statement can run.
static CLEANING_UP: AtomicBool = AtomicBool::new(false);

/// The command has stopped its work; what runs now is clean-up that must not be interrupted.
pub fn cleaning_up() {
    CLEANING_UP.store(true, Ordering::SeqCst);
}

/// How long a command with no write transaction open has to notice a signal and return.
pub const GRACE: Duration = Duration::from_secs(2);

/// Ends the process with 128 + the signal, printing the message: `main`'s to give, since only
/// the binary decides to exit.
pub type HardExit = fn(signal: i32, message: &str) -> !;

/// Starts the signal thread. Call once, early in `main`; without it the default actions apply
/// (the process dies, SQLite discards the open transaction).
pub fn install(hard_exit: HardExit) -> std::io::Result<()> {
    let mut signals = Signals::new([SIGINT, SIGTERM])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            let Some(first) = signals.forever().next() else {
                return;
            };
            PENDING.store(first, Ordering::SeqCst);
            let received = std::time::Instant::now();
            loop {
                {
                    let st = state();
                    if st.writes == 0 && received.elapsed() > GRACE {
                        drop(st);
                        hard_exit(first, &interrupted_message(first));
                    }
                    if let Some(interrupt) = st
                        .interrupt
                        .as_ref()
                        .filter(|_| !CLEANING_UP.load(Ordering::SeqCst))
                    {
                        // Statements started between two calls clear SQLite's flag, so it is
                        // set again until the command has returned.
                        interrupt();
                    }
                }
                if let Some(second) = signals.pending().next() {
                    hard_exit(second, &crate::tr!("store-signal-interrupted-again"));
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
pub struct Interrupted(pub i32);

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::tr!(
            "store-signal-interrupted-by",
            signal = &name(self.0)
        ))
    }
}

/// Fails with [`Interrupted`] when a signal has arrived (checked right before a commit).
pub fn check() -> Result<(), Interrupted> {
    match pending() {
        Some(n) => Err(Interrupted(n)),
        None => Ok(()),
    }
}

fn name(signal: i32) -> String {
    match signal {
        SIGINT => "SIGINT".to_string(),
        SIGTERM => "SIGTERM".to_string(),
        _ => crate::tr!("store-signal-a-signal"),
    }
}

/// What to tell the operator after `signal`: whether a change committed before it.
pub fn interrupted_message(signal: i32) -> String {
    if COMMITTED.load(Ordering::SeqCst) {
        crate::tr!(
            "store-signal-interrupted-after-change",
            signal = &name(signal)
        )
    } else {
        crate::tr!("store-signal-interrupted", signal = &name(signal))
    }
}

/// Taken (and never released) by whoever ends the process, so that `main` returning and the
/// signal thread exiting cannot race each other.
pub fn exit_lock() -> MutexGuard<'static, ()> {
    static EXIT: Mutex<()> = Mutex::new(());
    EXIT.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
