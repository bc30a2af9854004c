//! `factsheet` renders one month's key figures into the two-page humanitarian factsheet PDF.
//!
//! The pipeline: [`model`] reads and checks the data file, [`view`] computes every figure and
//! sentence (from [`format`] and [`sentences`]), [`render`] compiles the [`layouts`] in a
//! [`world`] with the bundled [`fonts`], and [`output`] writes the result.

pub mod cli;
pub mod diagnostics;
pub mod fonts;
pub mod format;
pub mod inspect;
pub mod layouts;
pub mod model;
pub mod output;
pub mod render;
pub mod sentences;
pub mod view;
pub mod world;
