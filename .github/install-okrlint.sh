#!/usr/bin/env bash
# Downloads okrlint's release archive for this machine, verifies its SHA-256
# checksum, and unpacks the binary into DEST. The GitHub Action runs it (a
# download takes seconds; building from source takes minutes).
#
#   install-okrlint.sh VERSION DEST
#
# VERSION is a release tag (v0.1.0). The platform comes from RUNNER_OS and
# RUNNER_ARCH on GitHub's runners, else from uname; OKRLINT_RELEASES is where
# releases live (a URL, or a local folder holding VERSION/ARCHIVE, for tests).
# Exits 1 with a message on anything it cannot do: an unknown platform, a
# missing archive, a checksum that does not match.
set -euo pipefail

fail() {
  echo "install-okrlint: $*" >&2
  exit 1
}

[ $# -eq 2 ] || fail "usage: install-okrlint.sh VERSION DEST"
version=$1
dest=$2
case "$version" in
  v[0-9]*) ;;
  *) fail "\`$version\` is not a release tag (v0.1.0, …)" ;;
esac
releases=${OKRLINT_RELEASES:-https://github.com/okrlint/okrlint/releases/download}

os=${RUNNER_OS:-$(uname -s)}
arch=${RUNNER_ARCH:-$(uname -m)}
case "$os/$arch" in
  Linux/X64 | Linux/x86_64) target=x86_64-unknown-linux-musl ;;
  Linux/ARM64 | Linux/aarch64 | Linux/arm64) target=aarch64-unknown-linux-musl ;;
  macOS/X64 | Darwin/x86_64) target=x86_64-apple-darwin ;;
  macOS/ARM64 | Darwin/arm64 | Darwin/aarch64) target=aarch64-apple-darwin ;;
  Windows/X64 | MINGW*/x86_64 | MSYS*/x86_64 | CYGWIN*/x86_64) target=x86_64-pc-windows-msvc ;;
  *) fail "no okrlint release is built for $os on $arch; install it with \`cargo install --locked okrlint\`" ;;
esac
case "$target" in
  *windows*) archive="okrlint-$version-$target.zip" binary=okrlint.exe ;;
  *) archive="okrlint-$version-$target.tar.gz" binary=okrlint ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# fetch NAME: the release file NAME into $work.
fetch() {
  case "$releases" in
    http://* | https://*)
      curl --fail --silent --show-error --location --retry 3 --proto '=https' \
        --output "$work/$1" "$releases/$version/$1" ||
        fail "cannot download $releases/$version/$1"
      ;;
    *)
      [ -f "$releases/$version/$1" ] || fail "no $1 in $releases/$version"
      cp "$releases/$version/$1" "$work/$1"
      ;;
  esac
}
fetch "$archive"
fetch "$archive.sha256"

# The checksum file holds "<hex>  <archive name>".
expected=$(awk '{print $1; exit}' "$work/$archive.sha256")
if command -v sha256sum >/dev/null; then
  actual=$(sha256sum "$work/$archive" | awk '{print $1}')
else
  actual=$(shasum -a 256 "$work/$archive" | awk '{print $1}')
fi
[ -n "$expected" ] && [ "$expected" = "$actual" ] ||
  fail "the checksum of $archive does not match its .sha256 (expected ${expected:-nothing}, got $actual): not installed"

mkdir -p "$work/unpacked" "$dest"
case "$archive" in
  *.zip) unzip -q "$work/$archive" -d "$work/unpacked" ;;
  *) tar -xzf "$work/$archive" -C "$work/unpacked" ;;
esac
found=$(find "$work/unpacked" -type f -name "$binary" | head -n 1)
[ -n "$found" ] || fail "$archive holds no $binary"
cp "$found" "$dest/$binary"
chmod +x "$dest/$binary"
echo "$dest/$binary"
