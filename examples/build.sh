#!/usr/bin/env bash
# Builds real Linux software from Debian's source packages with the SDK, for WALI and natively
# (the native build is the reference the tests compare with). Idempotent; outputs in examples/out/.
#   examples/build.sh lua       Lua 5.4 interpreter  -> out/lua.wasm, out/lua.native
set -euo pipefail
cd "$(dirname "$0")"
HERE=$PWD
CC_WALI="$HERE/../sdk/wali-cc"
CACHE="$HERE/.cache"
OUT="$HERE/out"
mkdir -p "$CACHE" "$OUT"
step() { printf '==> %s\n' "$*"; }

# Fetches and unpacks a Debian source package once; prints its directory.
debian_source() {
    local pkg=$1
    local dir
    dir=$(find "$CACHE" -maxdepth 1 -type d -name "$2" | head -n1)
    if [ -z "$dir" ]; then
        step "fetching Debian source package $pkg" >&2
        (cd "$CACHE" && apt-get source -q --download-only "$pkg" >/dev/null 2>&1) || {
            echo "apt-get source $pkg failed: enable deb-src entries (sdk/setup.sh does)" >&2; exit 1; }
        (cd "$CACHE" && tar xf "$(ls ${pkg}_*.orig.tar.* | grep -v www | head -n1)")
        dir=$(find "$CACHE" -maxdepth 1 -type d -name "$2" | head -n1)
    fi
    echo "$dir"
}

build_lua() {
    local src
    src=$(debian_source lua5.4 'lua-5.4*')/src
    local sources
    sources=$(cd "$src" && ls *.c | grep -v '^luac\.c$' | sed "s|^|$src/|")
    if [ ! -f "$OUT/lua.wasm" ] || [ "$0" -nt "$OUT/lua.wasm" ]; then
        step "building Lua for WALI (wali-cc -O2)"
        "$CC_WALI" -O2 -DLUA_USE_POSIX -o "$OUT/lua.wasm" $sources -lm
    fi
    if [ ! -f "$OUT/lua.native" ] || [ "$0" -nt "$OUT/lua.native" ]; then
        step "building Lua natively (reference)"
        cc -O2 -DLUA_USE_POSIX -o "$OUT/lua.native" $sources -lm
    fi
}

for target in "${@:-lua}"; do
    case "$target" in
        lua) build_lua ;;
        *) echo "unknown example '$target' (known: lua)" >&2; exit 2 ;;
    esac
done
