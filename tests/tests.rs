//! All integration tests, in one binary so that typst is linked once.

mod batch;
mod check;
mod cli;
mod contrast;
mod email;
mod formulas;
mod harness;
mod hostile;
mod languages;
mod logo;
mod pdf;
mod property;
mod readme;
mod reference;
mod robust;
mod snapshots;
mod trust;
mod workbook;
