//! The briefs' positions by slug, laid out for lookups that mostly wait
//! for memory.
//!
//! Every link to a brief in every narrative looks its slug up: about
//! 800,000 lookups in a table of 10,000 slugs for a 10,000-brief build. A
//! `HashMap<String, usize>` keeps 32 bytes a bucket (half a megabyte) and
//! each key in an allocation of its own, so nearly every lookup missed the
//! cache twice, at the bucket and at the key's bytes (1% of such a build).
//! Here a bucket is a position (4 bytes) and the slugs lie one after
//! another in one string, in the order of the briefs.

use std::hash::BuildHasher;

use hashbrown::HashTable;

use crate::fxhash::Fx;

#[derive(Debug, Clone, Default)]
pub struct SlugIndex {
    /// Every slug, one after another, in the order of their positions.
    slugs: String,
    /// Where each position's slug ends in `slugs`.
    ends: Vec<u32>,
    table: HashTable<u32>,
}

impl SlugIndex {
    /// The index of `slugs`, each at its position in the iteration. A
    /// repeated slug is found at its first position.
    pub fn new<'s>(slugs: impl ExactSizeIterator<Item = &'s str>) -> Self {
        let mut index = SlugIndex {
            slugs: String::new(),
            ends: Vec::with_capacity(slugs.len()),
            table: HashTable::with_capacity(slugs.len()),
        };
        for slug in slugs {
            index.slugs.push_str(slug);
            let position = u32::try_from(index.ends.len()).expect("fewer than 4 billion briefs");
            index.ends.push(u32::try_from(index.slugs.len()).expect("under 4 GB of slugs"));
            if index.get(slug).is_none() {
                let SlugIndex { slugs, ends, table } = &mut index;
                table.insert_unique(hash(slug), position, |&p| hash(slug_at(slugs, ends, p)));
            }
        }
        index
    }

    /// The position of `slug`, if it is one of them.
    pub fn get(&self, slug: &str) -> Option<usize> {
        let found = self.table.find(hash(slug), |&p| slug_at(&self.slugs, &self.ends, p) == slug)?;
        Some(*found as usize)
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

fn hash(slug: &str) -> u64 {
    Fx::default().hash_one(slug)
}

fn slug_at<'s>(slugs: &'s str, ends: &[u32], position: u32) -> &'s str {
    let p = position as usize;
    let start = if p == 0 { 0 } else { ends[p - 1] as usize };
    &slugs[start..ends[p] as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_slug_is_found_at_its_position_and_no_other_string_is() {
        // Slugs of one day share their first eleven bytes.
        let slugs: Vec<String> = (0..5000).map(|i| format!("2025-02-{:02}-brief-{i}", i % 28 + 1)).collect();
        let index = SlugIndex::new(slugs.iter().map(String::as_str));
        assert_eq!(index.len(), 5000);
        for (i, slug) in slugs.iter().enumerate() {
            assert_eq!(index.get(slug), Some(i), "{slug}");
        }
        for absent in ["", "2025-02-01-brief-", "2025-02-01-brief-00", "2025-02-01-brief-5000", "x"] {
            assert_eq!(index.get(absent), None, "{absent}");
        }
        let empty = SlugIndex::new(std::iter::empty());
        assert!(empty.is_empty());
        assert_eq!(empty.get(""), None);
    }

    #[test]
    fn a_repeated_slug_is_found_at_its_first_position() {
        let index = SlugIndex::new(["a", "b", "a", ""].into_iter());
        assert_eq!((index.get("a"), index.get("b"), index.get("")), (Some(0), Some(1), Some(3)));
    }
}
