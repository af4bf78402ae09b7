//! Typed indexes: every kind of page-owning entity has its own index type, and the [`Site`]
//! keeps each kind in a [`Table`] that only that type can index.
//!
//! Entities refer to one another by index (a person's articles, an event's people); with bare
//! `usize`s a person's index could look up an issue and nothing would say so. Here that is a
//! type error. The indexes are `u32`: the back-reference lists hold millions of them at 100,000
//! articles, and no dossier has four billion entities.
//!
//! [`Site`]: crate::site::Site

use std::fmt;
use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

/// An index into a [`Table`] of one kind of entity.
pub trait Idx: Copy + Ord + fmt::Debug {
    /// The `i`-th entity of its table.
    fn new(i: usize) -> Self;
    /// Its position in the table.
    fn index(self) -> usize;
}

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(u32);

        impl Idx for $name {
            fn new(i: usize) -> Self {
                Self(u32::try_from(i).expect("fewer than 2^32 entities of one kind"))
            }
            fn index(self) -> usize {
                self.0 as usize
            }
        }
    )*};
}

ids! {
    /// An article: its position in `Site::articles` (sorted by date, then slug).
    ArticleId;
    /// A person of the registry.
    PersonId;
    /// An issue of the registry.
    IssueId;
    /// An outlet of the registry.
    OutletId;
    /// An event: registry events first, then inline events in article order.
    EventId;
    /// An organisation of the registry.
    OrganisationId;
    /// A place of the registry.
    PlaceId;
}

/// A vector indexed by one id type only.
pub struct Table<I, T> {
    items: Vec<T>,
    index: PhantomData<fn(I) -> I>,
}

impl<I: Idx, T> Table<I, T> {
    pub fn new() -> Self {
        Self::from(Vec::new())
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn get(&self, i: I) -> Option<&T> {
        self.items.get(i.index())
    }

    /// Makes room for `additional` more items.
    pub fn reserve(&mut self, additional: usize) {
        self.items.reserve(additional);
    }

    /// Adds `item` at the end and returns its id.
    pub fn push(&mut self, item: T) -> I {
        self.items.push(item);
        I::new(self.items.len() - 1)
    }

    /// Removes the item `i`: every later id now names the item after the one it named.
    pub fn remove(&mut self, i: I) -> T {
        self.items.remove(i.index())
    }

    /// Reorders the items: every id now names whatever item landed in its place.
    pub fn sort_by(&mut self, cmp: impl FnMut(&T, &T) -> std::cmp::Ordering) {
        self.items.sort_by(cmp);
    }

    /// Keeps the first `len` items.
    pub fn truncate(&mut self, len: usize) {
        self.items.truncate(len);
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.items.iter_mut()
    }

    /// Every id, in order.
    pub fn ids(&self) -> impl DoubleEndedIterator<Item = I> + ExactSizeIterator + use<I, T> {
        (0..self.items.len()).map(I::new)
    }

    /// Every item with its id, in order.
    pub fn enumerate(&self) -> impl DoubleEndedIterator<Item = (I, &T)> + ExactSizeIterator {
        self.items.iter().enumerate().map(|(i, t)| (I::new(i), t))
    }

    /// Every item with its id, mutably.
    pub fn enumerate_mut(&mut self) -> impl Iterator<Item = (I, &mut T)> {
        self.items
            .iter_mut()
            .enumerate()
            .map(|(i, t)| (I::new(i), t))
    }

    /// The items as a plain slice, for code that does not index (sorting keys, counts).
    pub fn as_slice(&self) -> &[T] {
        &self.items
    }

    /// The items as a plain mutable slice (for parallel iteration).
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        &mut self.items
    }
}

impl<I: Idx, T> Default for Table<I, T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<I, T: Clone> Clone for Table<I, T> {
    fn clone(&self) -> Self {
        Self {
            items: self.items.clone(),
            index: PhantomData,
        }
    }
}

impl<I, T: fmt::Debug> fmt::Debug for Table<I, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.items.fmt(f)
    }
}

impl<I, T> From<Vec<T>> for Table<I, T> {
    fn from(items: Vec<T>) -> Self {
        Self {
            items,
            index: PhantomData,
        }
    }
}

impl<I, T> FromIterator<T> for Table<I, T> {
    fn from_iter<It: IntoIterator<Item = T>>(iter: It) -> Self {
        Self::from(iter.into_iter().collect::<Vec<T>>())
    }
}

impl<I, T> Extend<T> for Table<I, T> {
    fn extend<It: IntoIterator<Item = T>>(&mut self, iter: It) {
        self.items.extend(iter);
    }
}

impl<'a, I, T> IntoIterator for &'a Table<I, T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<I: Idx, T> Index<I> for Table<I, T> {
    type Output = T;
    fn index(&self, i: I) -> &T {
        &self.items[i.index()]
    }
}

impl<I: Idx, T> IndexMut<I> for Table<I, T> {
    fn index_mut(&mut self, i: I) -> &mut T {
        &mut self.items[i.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_returns_the_id_that_indexes_it() {
        let mut t: Table<PersonId, &str> = Table::new();
        let a = t.push("a");
        let b = t.push("b");
        assert_eq!((t[a], t[b]), ("a", "b"));
        assert_eq!(t.ids().collect::<Vec<_>>(), vec![a, b]);
        assert_eq!(t.enumerate().map(|(i, _)| i).next_back(), Some(b));
    }
}
