//! Ed25519 request signatures, checked one by one when the endpoint is quiet and in batches when
//! it is busy.
//!
//! Verifying Discord's signature is the largest single cost of an HTTP interaction (about half of
//! the server's CPU per request, see the README's profile). Every request is signed by the same
//! key, and Ed25519 signatures can be checked together: one multiscalar multiplication over a
//! batch costs about half as much per signature as checking each alone (measured here: ~48 µs
//! alone, ~25 µs each in batches of 8 to 32). So requests that arrive while a check is already
//! running wait in a queue, and one drainer task checks whatever has queued up in a single
//! [`ed25519_dalek::verify_batch`] call. An idle endpoint never waits: with nothing running, a
//! request is checked on the spot, alone.
//!
//! A batch only says "all valid" or "not all valid". When it fails, each of its signatures is
//! checked alone, so a forged request never lets a good one fail or a bad one pass; and for the
//! next [`DISTRUST_AFTER_FAILURE`] requests the drainer checks one by one, so a stream of forged
//! requests (Discord sends some on purpose, an attacker may send many) costs what it would
//! without batching instead of twice as much.

use std::sync::{Arc, Mutex, PoisonError};

use ed25519_dalek::{Signature, Verifier as _, VerifyingKey};
use tokio::sync::oneshot;

/// Largest batch. Beyond ~16 the saving per signature flattens out, while every request in a
/// batch waits for the whole batch (16 × ~25 µs ≈ 0.4 ms).
pub const MAX_BATCH: usize = 16;
/// Below this many waiting signatures, checking each alone is as cheap as a batch.
pub const MIN_BATCH: usize = 3;
/// After a batch fails, this many signatures are checked one by one.
pub const DISTRUST_AFTER_FAILURE: u32 = 256;

/// Checks request signatures against the application's public key; cheap to clone.
#[derive(Clone)]
pub struct SignatureChecker {
    inner: Arc<Inner>,
}

struct Inner {
    key: VerifyingKey,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// Checks running on the spot, outside the queue.
    inline: usize,
    /// Whether a drainer task is running; at most one is.
    draining: bool,
    queue: Vec<Job>,
    /// Signatures still to be checked one by one after a failed batch.
    distrust: u32,
    /// Signatures that passed as part of a batch, since start (tests use it to see batching
    /// happen).
    batched: u64,
}

struct Job {
    /// Timestamp followed by the raw body, exactly what Discord signed.
    message: Vec<u8>,
    signature: Signature,
    answer: oneshot::Sender<bool>,
}

impl SignatureChecker {
    pub fn new(key: VerifyingKey) -> SignatureChecker {
        SignatureChecker {
            inner: Arc::new(Inner {
                key,
                state: Mutex::new(State::default()),
            }),
        }
    }

    /// Whether `signature` is the key's signature of `message`. Must be called inside a tokio
    /// runtime: under load it hands the check to a drainer task.
    pub async fn verify(&self, message: Vec<u8>, signature: Signature) -> bool {
        match self.enqueue(message, signature) {
            Queued::No(message, signature) => {
                let valid = self.inner.key.verify(&message, &signature).is_ok();
                lock(&self.inner.state).inline -= 1;
                valid
            }
            Queued::Yes {
                wait,
                start_drainer,
            } => {
                if start_drainer {
                    tokio::spawn(drain(Arc::clone(&self.inner)));
                }
                // The drainer answers every job it takes; a dropped sender means it panicked,
                // and a request we could not check is refused.
                wait.await.unwrap_or(false)
            }
        }
    }

    /// Checks on the spot when nothing else is being checked, else queues for the drainer.
    fn enqueue(&self, message: Vec<u8>, signature: Signature) -> Queued {
        let mut state = lock(&self.inner.state);
        if state.inline == 0 && !state.draining && state.queue.is_empty() {
            state.inline += 1;
            return Queued::No(message, signature);
        }
        let (answer, wait) = oneshot::channel();
        state.queue.push(Job {
            message,
            signature,
            answer,
        });
        let start_drainer = !std::mem::replace(&mut state.draining, true);
        Queued::Yes {
            wait,
            start_drainer,
        }
    }
}

enum Queued {
    /// Check it now, alone (the caller holds one `inline` count).
    No(Vec<u8>, Signature),
    Yes {
        wait: oneshot::Receiver<bool>,
        start_drainer: bool,
    },
}

/// Checks queued signatures, a batch at a time, until the queue is empty.
async fn drain(inner: Arc<Inner>) {
    // Nothing here should panic (ed25519-dalek checks untrusted input without panicking), but if
    // it ever did, the `draining` flag must not stay set: every later request would queue for a
    // drainer that no longer exists. The next request then starts a new one.
    struct Reset<'a>(&'a Inner);
    impl Drop for Reset<'_> {
        fn drop(&mut self) {
            if std::thread::panicking() {
                lock(&self.0.state).draining = false;
            }
        }
    }
    let _reset = Reset(&inner);
    loop {
        let (jobs, one_by_one) = {
            let mut state = lock(&inner.state);
            // A client that hung up no longer needs its answer.
            state.queue.retain(|job| !job.answer.is_closed());
            if state.queue.is_empty() {
                state.draining = false;
                return;
            }
            let n = state.queue.len().min(MAX_BATCH);
            let jobs: Vec<Job> = state.queue.drain(..n).collect();
            let one_by_one = state.distrust > 0;
            state.distrust = state.distrust.saturating_sub(n as u32);
            (jobs, one_by_one)
        };
        let checks: Vec<(&[u8], Signature)> = jobs
            .iter()
            .map(|job| (job.message.as_slice(), job.signature))
            .collect();
        let (valid, batch_failed) = verify_all(&inner.key, &checks, one_by_one);
        {
            let mut state = lock(&inner.state);
            if batch_failed {
                state.distrust = DISTRUST_AFTER_FAILURE;
            } else if !one_by_one && jobs.len() >= MIN_BATCH {
                state.batched += jobs.len() as u64;
            }
        }
        drop(checks);
        for (job, valid) in jobs.into_iter().zip(valid) {
            let _ = job.answer.send(valid);
        }
        // Let the connections on this worker queue their requests before the next batch.
        tokio::task::yield_now().await;
    }
}

/// Whether each signature is valid, in order, and whether a batch was tried and failed.
/// `one_by_one` skips the batch attempt.
pub fn verify_all(
    key: &VerifyingKey,
    checks: &[(&[u8], Signature)],
    one_by_one: bool,
) -> (Vec<bool>, bool) {
    let each = || {
        checks
            .iter()
            .map(|(message, signature)| key.verify(message, signature).is_ok())
            .collect()
    };
    if one_by_one || checks.len() < MIN_BATCH {
        return (each(), false);
    }
    let messages: Vec<&[u8]> = checks.iter().map(|(message, _)| *message).collect();
    let signatures: Vec<Signature> = checks.iter().map(|(_, signature)| *signature).collect();
    let keys = vec![*key; checks.len()];
    match ed25519_dalek::verify_batch(&messages, &signatures, &keys) {
        Ok(()) => (vec![true; checks.len()], false),
        Err(_) => (each(), true),
    }
}

/// The state holds no invariant a panic could break halfway (every update is a single step), so
/// a poisoned lock is still usable.
fn lock(state: &Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer, SigningKey};

    fn signed(key: &SigningKey, n: usize) -> Vec<(Vec<u8>, Signature)> {
        (0..n)
            .map(|i| {
                let message = format!("{}{{\"type\":1,\"n\":{i}}}", 1_700_000_000 + i).into_bytes();
                let signature = key.sign(&message);
                (message, signature)
            })
            .collect()
    }

    fn checks(signed: &[(Vec<u8>, Signature)]) -> Vec<(&[u8], Signature)> {
        signed.iter().map(|(m, s)| (m.as_slice(), *s)).collect()
    }

    #[test]
    fn a_good_batch_passes_whole() {
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let signed = signed(&key, 12);
        let (valid, failed) = verify_all(&key.verifying_key(), &checks(&signed), false);
        assert_eq!(valid, vec![true; 12]);
        assert!(!failed);
    }

    #[test]
    fn one_forgery_fails_only_itself() {
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let other = SigningKey::from_bytes(&[8u8; 32]);
        for bad in [0, 5, 11] {
            let mut signed = signed(&key, 12);
            // Each kind of forgery: another key's signature, a tampered body, a swapped signature.
            match bad {
                0 => signed[bad].1 = other.sign(&signed[bad].0),
                5 => signed[bad].0.push(b' '),
                _ => signed[bad].1 = signed[0].1,
            }
            let (valid, failed) = verify_all(&key.verifying_key(), &checks(&signed), false);
            let expected: Vec<bool> = (0..12).map(|i| i != bad).collect();
            assert_eq!(valid, expected, "forgery at {bad}");
            assert!(failed);
        }
    }

    #[test]
    fn small_or_distrusted_batches_are_checked_one_by_one() {
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let mut signed = signed(&key, 5);
        signed[1].0[0] ^= 1;
        let vk = key.verifying_key();
        let two = checks(&signed[..2]);
        assert_eq!(verify_all(&vk, &two, false), (vec![true, false], false));
        let five = checks(&signed);
        let (valid, failed) = verify_all(&vk, &five, true);
        assert_eq!(valid, vec![true, false, true, true, true]);
        assert!(!failed, "no batch was tried");
    }

    /// Checks `signed` all at once; each answer must be `expected(i)`. Returns the checker's
    /// count of signatures that passed in batches.
    async fn check_concurrently(
        checker: &SignatureChecker,
        signed: Vec<(Vec<u8>, Signature)>,
        expected: impl Fn(usize) -> bool,
    ) -> u64 {
        let tasks: Vec<_> = signed
            .into_iter()
            .map(|(message, signature)| {
                let checker = checker.clone();
                tokio::spawn(async move { checker.verify(message, signature).await })
            })
            .collect();
        for (i, task) in tasks.into_iter().enumerate() {
            assert_eq!(task.await.unwrap(), expected(i), "request {i}");
        }
        // The drainer exits once it finds the queue empty, just after its last answers.
        for _ in 0..200 {
            if !lock(&checker.inner.state).draining {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        let state = lock(&checker.inner.state);
        assert!(state.queue.is_empty() && !state.draining && state.inline == 0);
        state.batched
    }

    /// Many concurrent checks: they are grouped into batches, and with forgeries among them every
    /// answer is still the one a lone check would give.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_checks_answer_each_request() {
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let checker = SignatureChecker::new(key.verifying_key());
        let batched = check_concurrently(&checker, signed(&key, 200), |_| true).await;
        assert!(batched > 0, "200 simultaneous checks formed no batch");

        let mut signed = signed(&key, 200);
        for (i, (message, _)) in signed.iter_mut().enumerate() {
            if i % 7 == 3 {
                message.push(b'!');
            }
        }
        check_concurrently(&checker, signed, |i| i % 7 != 3).await;
        assert!(
            lock(&checker.inner.state).distrust > 0,
            "a failed batch brings distrust"
        );
    }
}
