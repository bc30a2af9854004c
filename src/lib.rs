//! `factsheet` renders one month's key figures into the two-page humanitarian factsheet PDF.
//!
//! The pipeline, one module per stage: [`input`] reads the month and checks it, [`text`]
//! computes every figure and sentence, [`map`] draws the map of arrivals, [`typeset`] compiles
//! the layouts with Typst, [`output`] writes the result, and [`cli`] is the command line.

pub mod cli;
pub mod input;
pub mod map;
pub mod output;
pub mod text;
pub mod typeset;

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
