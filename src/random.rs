//! Randomness from the operating system's source, for everything that must not be
//! guessed or ordered: phone-vote codes, the row keys of ballots, shuffled files.

/// 64 random bits. The operating system's source does not fail on the systems we run
/// on; if it ever did, going on with predictable codes would be worse than stopping.
pub fn u64() -> u64 {
    getrandom::u64().expect("the operating system's random source")
}

/// A random key for a row: positive and below 2⁶², far from SQLite's largest rowid.
pub fn row_key() -> i64 {
    (u64() >> 2) as i64
}

/// Puts `items` in a random order (Fisher–Yates).
pub fn shuffle<T>(items: &mut [T]) {
    for i in (1..items.len()).rev() {
        // 64 random bits reduced to 0..=i: the bias is below 2⁻⁴⁰ for any list we hold.
        let j = (u64() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}
