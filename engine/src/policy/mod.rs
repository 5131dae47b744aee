//! The policy layer: Rego files, their METADATA, parameters, compilation and the test runner.

pub mod bundle;
pub mod coverage;
pub mod lint;
pub mod metadata;
pub mod params;
pub mod rego;
pub mod testing;
