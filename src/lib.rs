//! `factsheet` renders one month's key figures into the two-page humanitarian factsheet PDF.
//!
//! The pipeline: [`load`] reads the data file into the [`model`] and checks it ([`schema`],
//! [`validate`], reported by [`report`] at lines found by [`locate`]), [`view`] computes every figure and
//! sentence (from [`format`] and [`sentences`]), [`render`] compiles the [`layouts`] in a
//! [`world`] with the bundled [`fonts`], and [`output`] writes the result.

pub mod batch;
pub mod cli;
pub mod diagnostics;
pub mod fit;
pub mod fonts;
pub mod format;
pub mod inspect;
pub mod layouts;
pub mod load;
pub mod locate;
pub mod map;
pub mod model;
pub mod output;
pub mod render;
pub mod report;
pub mod schema;
pub mod sentences;
pub mod timings;
pub mod validate;
pub mod view;
pub mod watch;
pub mod world;

/// Prints to standard error like `eprint!`, but never panics: a closed or full standard error
/// (`2>/dev/full`) loses the message rather than crashing the run, whose exit code still says
/// how it went.
#[macro_export]
macro_rules! note {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

/// [`note!`] with a newline.
#[macro_export]
macro_rules! noteln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
