//! The scaled fact files the `scale` bench measures are valid, and answer about the original
//! entities as the Paris file does (copy 1 is the Paris file unchanged).

use summit_bot::catalog;
use summit_bot::facts;

#[path = "../benches/support/scale.rs"]
mod scale;

#[test]
fn a_scaled_file_is_valid_and_n_times_the_original() {
    let one = catalog::load_str("one.toml", &scale::scaled(1)).expect("N=1 is valid");
    let three = catalog::load_str("three.toml", &scale::scaled(3)).expect("N=3 is valid");
    let (a, b) = (&one.file, &three.file);
    assert_eq!(b.participants.len(), 3 * a.participants.len());
    assert_eq!(b.pledges.len(), 3 * a.pledges.len());
    assert_eq!(b.sources.len(), 3 * a.sources.len());
    assert_eq!(b.disputes.len(), 3 * a.disputes.len());
    assert_eq!(b.topics.len(), a.topics.len(), "topics are shared");
    // Copies point at their own entities: the UK's copy has the copy's pledges, as many as the
    // original.
    let uk = one.pledges_of("united-kingdom").count();
    assert!(uk > 0);
    assert_eq!(three.pledges_of("united-kingdom-qd").count(), uk);
    assert_eq!(three.pledges_of("united-kingdom").count(), uk);
}

#[test]
fn copy_one_is_the_embedded_file() {
    let paris = facts::embedded_file(scale::PARIS).expect("embedded");
    let embedded = catalog::load_str(scale::PARIS, paris).expect("valid");
    let one = catalog::load_str("one.toml", &scale::scaled(1)).expect("valid");
    // Debug output shows every value (not the spans, which differ between the two texts).
    assert_eq!(format!("{:?}", embedded.file), format!("{:?}", one.file));
}
