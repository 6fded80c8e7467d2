//! What editors write, turned into a typed, validated model.
//!
//! The stages run in this order, each a plain function over plain data:
//! [`discover`] lists the files, [`load`] reads and parses them into the
//! [`model`], [`validate`] checks every cross-reference. Nothing here knows
//! about HTML or the output folder.

pub mod date;
pub mod discover;
pub mod duration;
pub mod load;
pub mod locate;
pub mod markdown;
pub mod model;
pub mod narrative;
pub mod read;
pub mod site;
pub mod slug_index;
pub mod source;
pub mod validate;
pub mod yaml;
