//! Input: reading a month's figures and checking them. A data file is read ([`load`]) into the
//! [`model`], its shape checked against the [`schema`] and its figures by [`validate`]; every
//! problem is reported by [`report`] at the line [`locate`] finds. A workbook is read as
//! [`table`]s of typed cells, its sheets as the operation's [`workbook`] of figures, and each
//! [`month`] computed from them into the same model.

pub mod formula;
pub mod load;
pub mod locate;
pub mod logo;
pub mod model;
pub mod month;
pub mod plausible;
pub mod report;
pub mod schema;
pub mod table;
pub mod validate;
pub mod workbook;
