//! One module per subcommand.

pub mod aggregate;
pub mod check;
pub mod compare;
pub mod config;
pub mod diff;
pub mod explain;
pub mod init;
pub mod list;
pub mod test;
