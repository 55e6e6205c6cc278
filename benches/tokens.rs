//! Cost of minting and checking a client link token (one per page view).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use porthole::links::{Keyring, Purpose, SigningKey};

const NOW: i64 = 1_750_000_000;

fn tokens(c: &mut Criterion) {
    let mut ring = Keyring::new(1, SigningKey::new([7u8; 32]));
    ring.insert(2, SigningKey::new([9u8; 32]));
    assert!(ring.set_current(2));
    let grant = [42u8; 16];
    let token = ring.sign(Purpose::ClientPortal, grant, NOW, NOW + 30 * 86_400);

    c.bench_function("sign client token", |b| {
        b.iter(|| {
            ring.sign(
                black_box(Purpose::ClientPortal),
                black_box(grant),
                NOW,
                NOW + 60,
            )
        });
    });
    c.bench_function("verify client token", |b| {
        b.iter(|| {
            ring.verify(
                black_box(&token),
                Purpose::ClientPortal,
                black_box(NOW),
                300,
            )
        });
    });
    let nonce = ring.sign_nonce("grant", "approval");
    c.bench_function("verify approval nonce", |b| {
        b.iter(|| ring.verify_nonce(black_box(&nonce), "grant", "approval"));
    });
}

criterion_group!(benches, tokens);
criterion_main!(benches);
