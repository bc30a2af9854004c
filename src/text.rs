//! Text: every figure and sentence the pages print, computed from the checked month. [`view`]
//! prepares what the layouts read, from number and date [`format`]s and generated
//! [`sentences`].

pub mod format;
pub mod sentences;
pub mod view;
