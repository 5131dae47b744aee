//! Rebuild when the embedded policy library changes (include_dir cannot tell cargo on stable).

fn main() {
    println!("cargo:rerun-if-changed=../policies");
}
