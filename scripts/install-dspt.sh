#!/usr/bin/env bash
# Installs the released dspt binary for this machine, after checking its SHA-256 against the
# checksum published beside it; builds from source only when asked, or when the version has no
# release. Used by action.yml; tested in tests/cli/integrations.rs against a server on 127.0.0.1.
#
# Everything comes in through the environment (never interpolated into a script):
#   DSPT_VERSION            release tag, e.g. v0.2.0 (empty: build from source)
#   DSPT_RELEASES_URL       base of the release downloads, e.g.
#                           https://github.com/OWNER/dspt/releases/download
#   DSPT_INSTALL_DIR        where `dspt` is put (created if missing)
#   DSPT_BUILD_FROM_SOURCE  `true` to build with cargo instead of downloading
#   DSPT_SOURCE_DIR         the dspt source tree to build from (the action's own checkout)
#   DSPT_CARGO              the cargo to build with (default: cargo)
#
# The archives are those `dist` (cargo-dist) publishes: dspt-cli-<target>.tar.xz (.zip on
# Windows) and dspt-cli-<target>.tar.xz.sha256 beside it.
set -euo pipefail

say() { printf 'install-dspt: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

install_dir=${DSPT_INSTALL_DIR:?DSPT_INSTALL_DIR must name the folder to install into}
mkdir -p "$install_dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

build_from_source() {
  local source=${DSPT_SOURCE_DIR:?DSPT_SOURCE_DIR must name the dspt source to build}
  say "building dspt from $source ($1)"
  "${DSPT_CARGO:-cargo}" install --locked --quiet --path "$source/cli" --root "$work/build" \
    || die "cargo install failed"
  install -m 0755 "$work/build/bin/dspt" "$install_dir/dspt"
}

if [ "${DSPT_BUILD_FROM_SOURCE:-false}" = true ]; then
  build_from_source "build-from-source was asked for"
  exit 0
fi

if [ -z "${DSPT_VERSION:-}" ]; then
  # The action used from a checkout (`uses: ./`) has no ref, so no release to fetch.
  build_from_source "no version was given"
  exit 0
fi
version=$DSPT_VERSION
base=${DSPT_RELEASES_URL:?DSPT_RELEASES_URL must give the base of the release downloads}

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) target=x86_64-unknown-linux-musl ;;
  Linux-aarch64 | Linux-arm64) target=aarch64-unknown-linux-musl ;;
  Darwin-x86_64) target=x86_64-apple-darwin ;;
  Darwin-arm64) target=aarch64-apple-darwin ;;
  *) die "no released binary for $(uname -s) $(uname -m); set DSPT_BUILD_FROM_SOURCE=true" ;;
esac
archive="dspt-cli-$target.tar.xz"
url="$base/$version/$archive"

# Only an archive that is not there (404) falls back to a build; any other failure stops, since
# a network fault or a server error says nothing about whether the release exists.
status=$(curl --silent --show-error --location --retry 2 --output "$work/$archive" \
  --write-out '%{http_code}' "$url") || die "cannot download $url"
case "$status" in
  200) ;;
  404)
    build_from_source "no release $version for $target at $url"
    exit 0
    ;;
  *) die "downloading $url answered HTTP $status" ;;
esac
curl --silent --show-error --location --fail --retry 2 --output "$work/$archive.sha256" \
  "$url.sha256" || die "the release has no checksum at $url.sha256: refusing an unverified binary"

expected=$(awk 'NR == 1 { print tolower($1) }' "$work/$archive.sha256")
case "$expected" in
  [0-9a-f][0-9a-f][0-9a-f][0-9a-f]*) ;;
  *) die "$url.sha256 holds no SHA-256 checksum" ;;
esac
if command -v sha256sum >/dev/null 2>&1; then
  actual=$(sha256sum "$work/$archive" | awk '{ print $1 }')
else
  actual=$(shasum -a 256 "$work/$archive" | awk '{ print $1 }')
fi
[ "$actual" = "$expected" ] \
  || die "checksum mismatch for $archive: expected $expected, got $actual; not installed"

mkdir "$work/unpacked"
tar -xJf "$work/$archive" -C "$work/unpacked" || die "$archive is not a tar.xz archive"
binary=$(find "$work/unpacked" -type f -name dspt | head -n 1)
[ -n "$binary" ] || die "$archive holds no dspt binary"
install -m 0755 "$binary" "$install_dir/dspt"
say "installed dspt $version ($target, sha256 $actual) into $install_dir"
