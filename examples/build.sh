#!/usr/bin/env bash
# Builds real Linux software from Debian's source packages with the SDK, for WALI and natively
# (the native build is the reference the tests compare with). Idempotent; outputs in examples/out/.
#   examples/build.sh lua       Lua 5.4 interpreter  -> out/lua.wasm, out/lua.native
#   examples/build.sh sqlite    SQLite 3 shell       -> out/sqlite3.wasm, out/sqlite3.native
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

# SQLite's amalgamation (sqlite3.c, shell.c) is generated on the build machine (native configure,
# tclsh); then the shell is compiled with wali-cc. -O1: the amalgamation is 8 MB of C.
SQLITE_FLAGS=(-O1 -DSQLITE_THREADSAFE=1 -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_ENABLE_MATH_FUNCTIONS
              -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_RTREE -DHAVE_USLEEP=1)
build_sqlite() {
    local src amal
    src=$(debian_source sqlite3 'sqlite3-3*')
    amal="$src/amalgamation"
    if [ ! -f "$amal/sqlite3.c" ] || [ ! -f "$amal/shell.c" ]; then
        command -v tclsh >/dev/null || { echo "tclsh is needed to generate SQLite's amalgamation (apt-get install tcl)" >&2; exit 1; }
        step "generating the SQLite amalgamation (native configure, tclsh)"
        mkdir -p "$amal"
        (cd "$amal" && ../configure --disable-tcl --disable-readline >configure.log 2>&1 \
            && make sqlite3.c shell.c >make.log 2>&1) || { echo "amalgamation failed: see $amal/*.log" >&2; exit 1; }
    fi
    if [ ! -f "$OUT/sqlite3.wasm" ] || [ "$0" -nt "$OUT/sqlite3.wasm" ]; then
        step "building SQLite for WALI (wali-cc ${SQLITE_FLAGS[0]})"
        "$CC_WALI" "${SQLITE_FLAGS[@]}" -I"$amal" -o "$OUT/sqlite3.wasm.tmp" "$amal/sqlite3.c" "$amal/shell.c" -lm
        mv "$OUT/sqlite3.wasm.tmp" "$OUT/sqlite3.wasm"
    fi
    if [ ! -f "$OUT/sqlite3.native" ] || [ "$0" -nt "$OUT/sqlite3.native" ]; then
        step "building SQLite natively (reference)"
        cc "${SQLITE_FLAGS[@]}" -I"$amal" -o "$OUT/sqlite3.native.tmp" "$amal/sqlite3.c" "$amal/shell.c" -lpthread -lm
        mv "$OUT/sqlite3.native.tmp" "$OUT/sqlite3.native"
    fi
}

for target in "${@:-lua}"; do
    case "$target" in
        lua) build_lua ;;
        sqlite) build_sqlite ;;
        *) echo "unknown example '$target' (known: lua, sqlite)" >&2; exit 2 ;;
    esac
done
