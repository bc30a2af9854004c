//! Text: every figure and sentence the pages print, computed from the checked month. [`view`]
//! prepares what the layouts read, with the words of a language's [`catalogue`], number and
//! date [`format`]s, country [`names`] and the figures behind generated [`sentences`];
//! [`briefing`] the words of the email that sends the factsheet.

pub mod briefing;
pub mod catalogue;
pub mod format;
pub mod names;
pub mod sentences;
pub mod view;
