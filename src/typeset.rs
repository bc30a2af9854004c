//! Typesetting: the layouts compiled by Typst. [`render`] runs Typst in a [`world`] of the
//! bundled [`fonts`] and the [`layouts`], turns its messages into [`diagnostics`], checks that
//! the laid-out pages hold the data ([`fit`]), draws them as pixels ([`raster`]), and records
//! [`timings`].

pub mod diagnostics;
pub mod fit;
pub mod fonts;
pub mod layouts;
pub mod raster;
pub mod render;
pub mod timings;
pub mod world;
