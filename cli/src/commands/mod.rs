//! One module per subcommand.

pub mod check;
pub mod config;
pub mod explain;
pub mod init;
pub mod list;
pub mod test;
