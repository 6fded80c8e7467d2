#!/usr/bin/env bash
# Builds `brief` for release with profile-guided optimisation (PGO), into
# target/pgo/release/brief.
#
# A first build is instrumented; it builds the example site in content/ a
# few times (plainly and with a base URL, so feeds and the site map run too),
# then an archive of 302 briefs made of copies of the example's two, counting
# which branches are taken and which functions are hot. The final build
# hands those counts to the compiler, which lays out and inlines the whole
# program (Tera, the YAML parser, pulldown-cmark and ours) for them. The
# profile comes from the shipped example's texts, never from the
# benchmark's corpus, so the benchmark measures what a user's site would get.
#
#   benches/pgo.sh
#   cargo run --release --example bench -- --brief target/pgo/release/brief --baseline target/release/brief
#
# Output is the same as a plain `cargo build --release` (CI builds the example
# site with both and compares the files); only the speed differs. Needs
# `llvm-profdata` of rustc's LLVM version: `rustup component add llvm-tools`,
# or Debian's `llvm-N` package for rustc's LLVM major version N
# (`rustc -vV`), or LLVM_PROFDATA=/path/to/llvm-profdata. Extra RUSTFLAGS
# and CARGO_PROFILE_RELEASE_* settings from the environment are kept.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

llvm_major=$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')
host=$(rustc -vV | sed -n 's/^host: //p')

# The first llvm-profdata of rustc's LLVM major version: profiles written by
# one LLVM version are not read by another.
find_profdata() {
  local candidate version
  for candidate in "${LLVM_PROFDATA:-}" "$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata" \
    "llvm-profdata-$llvm_major" "llvm-profdata"; do
    [ -n "$candidate" ] || continue
    command -v "$candidate" >/dev/null 2>&1 || continue
    version=$("$candidate" --version 2>/dev/null | sed -n 's/.*LLVM version \([0-9]*\).*/\1/p' | head -n 1)
    if [ "$version" = "$llvm_major" ]; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

if ! profdata=$(find_profdata); then
  echo "benches/pgo.sh: no llvm-profdata of LLVM $llvm_major (rustc's) found." >&2
  echo "  install one: rustup component add llvm-tools   or   apt-get install llvm-$llvm_major" >&2
  echo "  or name it:  LLVM_PROFDATA=/path/to/llvm-profdata benches/pgo.sh" >&2
  exit 1
fi

work=$root/target/pgo-profile
rm -rf "$work"
mkdir -p "$work/raw"

echo "== instrumented build"
RUSTFLAGS="${RUSTFLAGS:-} -Cprofile-generate=$work/raw" \
  cargo build --release --locked --bin brief --target-dir target/pgo-instrumented

instrumented=target/pgo-instrumented/release/brief

# Builds the site at $1 with the instrumented binary, plainly and with a
# base URL (so feeds and the site map run too); $2 names it in an error.
train_on() {
  local site=$1 what=$2 base_url
  for base_url in "" "https://example.org/briefing/"; do
    args=(build --quiet --root "$site" --output "$work/site")
    [ -n "$base_url" ] && args+=(--base-url "$base_url")
    if ! "$instrumented" "${args[@]}" 2>"$work/build.log"; then
      cat "$work/build.log" >&2
      echo "benches/pgo.sh: $what did not build" >&2
      exit 1
    fi
  done
}

echo "== profile: the example site"
for round in 1 2 3; do
  train_on "$root" "the example site (round $round)"
done

echo "== profile: an archive made of the example's briefs"
# The example has two briefs, so a large site's paths (search index shards,
# timeline pages by year, the list in pages, long people pages) would go
# untrained. Copies of its briefs under other slugs and years (each copy's
# dates in its brief's year moved to the copy's) make one of 302 briefs:
# the same texts, laid out as an archive.
archive=$work/archive
mkdir -p "$archive/content/briefs"
cp -r content/site.yaml content/people content/orgs "$archive/content/"
cp -r themes "$archive/"
cp -r content/briefs/. "$archive/content/briefs/"
for copy in $(seq 0 149); do
  year=$((2000 + copy % 25))
  for brief in content/briefs/*/; do
    slug=$(basename "$brief")
    copied="$archive/content/briefs/$year${slug#????}-$copy"
    cp -r "$brief" "$copied"
    sed -i "s/\b${slug:0:4}-/$year-/g" "$copied/brief.yaml"
  done
done
train_on "$archive" "the archive made of the example"
"$profdata" merge -o "$work/brief.profdata" "$work/raw"

echo "== optimised build"
RUSTFLAGS="${RUSTFLAGS:-} -Cprofile-use=$work/brief.profdata" \
  cargo build --release --locked --bin brief --target-dir target/pgo
echo "built target/pgo/release/brief"
