//! All integration tests, in one binary so that typst is linked once.

mod cli;
mod harness;
mod reference;
mod snapshots;
