//! Exact unbounded natural numbers, just enough for the weighted vote shares: a share is
//! Σ wᶜ·vᶜ/nᶜ over every category, kept exact over the product of the nᶜ, which outgrows any
//! machine integer with enough categories of different sizes. Products and sums of small
//! numbers, and comparisons; nothing is ever rounded.

use std::cmp::Ordering;

/// A natural number in base 2³², least significant limb first, without leading zero limbs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Natural(Vec<u32>);

impl Natural {
    pub(crate) fn from_u64(value: u64) -> Natural {
        let mut n = Natural(vec![value as u32, (value >> 32) as u32]);
        n.trim();
        n
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    pub(crate) fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    /// self × factor.
    pub(crate) fn times(&self, factor: u64) -> Natural {
        let (low, high) = (factor & 0xffff_ffff, factor >> 32);
        let mut sum = self.times_small(low);
        if high > 0 {
            let mut shifted = self.times_small(high);
            shifted.0.insert(0, 0);
            sum = sum.plus(&shifted);
        }
        sum
    }

    fn times_small(&self, factor: u64) -> Natural {
        let mut carry = 0u64;
        let mut limbs = Vec::with_capacity(self.0.len() + 2);
        for limb in &self.0 {
            let product = u64::from(*limb) * factor + carry;
            limbs.push(product as u32);
            carry = product >> 32;
        }
        while carry > 0 {
            limbs.push(carry as u32);
            carry >>= 32;
        }
        let mut n = Natural(limbs);
        n.trim();
        n
    }

    /// self + other.
    pub(crate) fn plus(&self, other: &Natural) -> Natural {
        let mut limbs = Vec::with_capacity(self.0.len().max(other.0.len()) + 1);
        let mut carry = 0u64;
        for i in 0..self.0.len().max(other.0.len()) {
            let sum = u64::from(*self.0.get(i).unwrap_or(&0)) + u64::from(*other.0.get(i).unwrap_or(&0)) + carry;
            limbs.push(sum as u32);
            carry = sum >> 32;
        }
        if carry > 0 {
            limbs.push(carry as u32);
        }
        let mut n = Natural(limbs);
        n.trim();
        n
    }
}

impl Ord for Natural {
    fn cmp(&self, other: &Natural) -> Ordering {
        self.0.len().cmp(&other.0.len()).then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }
}

impl PartialOrd for Natural {
    fn partial_cmp(&self, other: &Natural) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::Natural;

    #[test]
    fn products_and_sums_past_u128_stay_exact_and_ordered() {
        // 28 primes' product is far past u128; the order of two such products is exact.
        let primes = [
            3u64, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103,
            107, 109,
        ];
        let product = primes.iter().fold(Natural::from_u64(1), |n, p| n.times(*p));
        let plus_one = product.plus(&Natural::from_u64(1));
        assert!(plus_one > product);
        assert_eq!(product.cmp(&plus_one), std::cmp::Ordering::Less);
        assert_eq!(product.times(2), product.plus(&product));
        assert_eq!(
            Natural::from_u64(u64::MAX)
                .times(u64::MAX)
                .plus(&Natural::from_u64(u64::MAX))
                .plus(&Natural::from_u64(u64::MAX)),
            Natural::from_u64(u64::MAX).times(u64::MAX).plus(&Natural::from_u64(u64::MAX).times(2))
        );
        assert_eq!(Natural::from_u64(6).times(7), Natural::from_u64(42));
        assert!(Natural::from_u64(0).is_zero());
    }
}
