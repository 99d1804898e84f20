#!/usr/bin/env bash
# Build step: fetch the browser assets that the built book serves itself, so that no page
# makes a request outside the site (no CDN).
#
#   MathJax 3.2.2                       -> _vendor/mathjax/         (mathjax_path; loaded only on pages with maths)
#
# The site shows no saved widget state (exercise pages offer live exercises instead of dead controls),
# so it needs no widget manager and no require.js.
#
# Versions come from vendor/package-lock.json (exact, with integrity hashes); `npm ci` installs them
# into vendor/node_modules/, then only the files the pages load are copied into _vendor/ (gitignored),
# which _config.yml lists in html_static_path, so they end up in _build/html/_static/.
#
# Idempotent and fast when already done: a stamp (hash of the lock file and of this script) in
# _vendor/ and in vendor/node_modules/ skips the copy and `npm ci` when nothing changed.
# Run it before `jupyter-book build`:   bash vendor/fetch.sh
# Output folder: $CLAIMLAB_VENDOR_OUT, default <project>/_vendor.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
out="${CLAIMLAB_VENDOR_OUT:-$root/_vendor}"
nm="$here/node_modules"

stamp="$(cat "$here/package-lock.json" "$here/fetch.sh" | sha256sum | cut -d' ' -f1)"
if [[ -f "$out/.stamp" && "$(cat "$out/.stamp")" == "$stamp" ]]; then
    echo "vendor: $out is up to date"
    exit 0
fi

command -v npm >/dev/null || { echo "vendor/fetch.sh: npm not found (install Node.js 18+ and npm)" >&2; exit 1; }

lock_hash="$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)"
if [[ -f "$nm/.claimlab-lock" && "$(cat "$nm/.claimlab-lock")" == "$lock_hash" ]]; then
    echo "vendor: node_modules already matches package-lock.json"
else
    echo "vendor: npm ci (exact versions from package-lock.json)"
    # --ignore-scripts: nothing here needs an install script (fontawesome's only prints a notice).
    (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
    echo "$lock_hash" > "$nm/.claimlab-lock"
fi

# Fail loudly if the lock file resolved something other than the pinned versions.
check_version() {
    local pkg="$1" want="$2" got
    got="$(node -p "require('$nm/$pkg/package.json').version")"
    [[ "$got" == "$want" ]] || { echo "vendor/fetch.sh: $pkg is $got, expected $want" >&2; exit 1; }
}
check_version mathjax 3.2.2

tmp="$out.tmp.$$"
rm -rf "$tmp"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/mathjax"

# MathJax: the combined component Sphinx loads, plus what it may load lazily at run time
# (TeX extensions via autoload/\require, the CHTML web fonts, the menu's accessibility and
# speech modules). The other combined components are not copied.
mj="$nm/mathjax"
cp "$mj/LICENSE" "$tmp/mathjax/"
mkdir -p "$tmp/mathjax/es5/output/chtml/fonts"
cp "$mj/es5/tex-mml-chtml.js" "$tmp/mathjax/es5/"
cp -r "$mj/es5/input" "$mj/es5/a11y" "$mj/es5/ui" "$mj/es5/sre" "$tmp/mathjax/es5/"
cp -r "$mj/es5/output/chtml/fonts/woff-v2" "$tmp/mathjax/es5/output/chtml/fonts/"


echo "$stamp" > "$tmp/.stamp"
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
echo "vendor: wrote $out ($(du -sh "$out" | cut -f1))"
