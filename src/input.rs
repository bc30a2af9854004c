//! Input: reading a month's figures and checking them. A data file is read ([`load`]) into the
//! [`model`], its shape checked against the [`schema`] and its figures by [`validate`]; every
//! problem is reported by [`report`] at the line [`locate`] finds.

pub mod load;
pub mod locate;
pub mod model;
pub mod report;
pub mod schema;
pub mod validate;
