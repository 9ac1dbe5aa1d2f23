//! The rules the program applies, as pure functions over plain data (no database, no
//! files): how the panel's ballots are counted and graded (`scoring`), and what a good
//! 述职报告 must have (`checks`). The recount and the tests use them the same way.

pub mod checks;
pub mod scoring;
