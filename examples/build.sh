#!/usr/bin/env bash
# Builds real Linux software from Debian's source packages with the SDK, for WALI and natively
# (the native build is the reference the tests compare with). Idempotent; outputs in examples/out/.
#   examples/build.sh lua       Lua 5.4 interpreter  -> out/lua.wasm, out/lua.native
#   examples/build.sh sqlite    SQLite 3 shell       -> out/sqlite3.wasm, out/sqlite3.native
#   examples/build.sh bash      GNU bash 5.2         -> out/bash.wasm, out/bash.native
#   examples/build.sh bash-musl GNU bash 5.2, native against musl -> out/bash.musl
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
    if [ ! -f "$OUT/lua.wasm" ] || [ "$HERE/build.sh" -nt "$OUT/lua.wasm" ]; then
        step "building Lua for WALI (wali-cc -O2)"
        "$CC_WALI" -O2 -DLUA_USE_POSIX -o "$OUT/lua.wasm" $sources -lm
    fi
    if [ ! -f "$OUT/lua.native" ] || [ "$HERE/build.sh" -nt "$OUT/lua.native" ]; then
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
    if [ ! -f "$OUT/sqlite3.wasm" ] || [ "$HERE/build.sh" -nt "$OUT/sqlite3.wasm" ]; then
        step "building SQLite for WALI (wali-cc ${SQLITE_FLAGS[0]})"
        "$CC_WALI" "${SQLITE_FLAGS[@]}" -I"$amal" -o "$OUT/sqlite3.wasm.tmp" "$amal/sqlite3.c" "$amal/shell.c" -lm
        mv "$OUT/sqlite3.wasm.tmp" "$OUT/sqlite3.wasm"
    fi
    if [ ! -f "$OUT/sqlite3.native" ] || [ "$HERE/build.sh" -nt "$OUT/sqlite3.native" ]; then
        step "building SQLite natively (reference)"
        cc "${SQLITE_FLAGS[@]}" -I"$amal" -o "$OUT/sqlite3.native.tmp" "$amal/sqlite3.c" "$amal/shell.c" -lpthread -lm
        mv "$OUT/sqlite3.native.tmp" "$OUT/sqlite3.native"
    fi
}

# GNU bash 5.2: Debian's upstream tarball (5.2.15; Debian's own patches are not applied), as is.
# (bash calls its unwind-protect cleanups through a pointer of another type; the engine's
# function-pointer cast adapters run those calls as native code does, so no patch is needed.)
# Configured twice from one tree, out of tree.
# For both builds:
#   --without-bash-malloc  bash's own malloc grows the heap with sbrk; use the C library's
#   --disable-nls          no message catalogs: skips the bundled libintl and the locale lookups
BASH_CONFIGURE=(--without-bash-malloc --disable-nls)
# For WALI only. configure cannot run test programs when cross-compiling, so the run-time
# checks that change bash's behaviour are answered as they are for musl on Linux:
BASH_CONFIGURE_WALI=(
    # (helpers such as mksyntax and mkbuiltins are built with gcc, configure's default)
    --host=wasm32-unknown-linux-musl --build="$(gcc -dumpmachine)" CC="$CC_WALI"
    # bundled lib/termcap/tparam.c calls write() undeclared; an error since clang 16
    CFLAGS="-O2 -Wno-error=implicit-function-declaration"
    bash_cv_wexitstatus_offset=8     # the exit status is bits 8..15 of a wait status
    bash_cv_getcwd_malloc=yes        # getcwd(NULL, 0) allocates (else bash's own getcwd)
    bash_cv_printf_a_format=yes      # printf %a
    bash_cv_strtold_broken=no        # printf's floating-point conversions use strtold
    ac_cv_func_strcoll_works=yes     # else no strcoll for globbing and [[ < ]]
    bash_cv_unusable_rtsigs=no       # SIGRTMIN..SIGRTMAX fit bash's signal table
    # configure's strtoimax test is inverted (Debian's bash-musl.diff fixes the m4): "yes" adds
    # bash's strtoimax, which clashes with musl's static one (same object as strtol)
    bash_cv_func_strtoimax=no
)
build_bash() {
    local src key=unpatched
    src=$(debian_source bash 'bash-5.2*')
    if [ -f "$src/.wali-patch" ]; then   # patched by an older build.sh: unpack again
        rm -rf "$src"
        src=$(debian_source bash 'bash-5.2*')
    fi
    bash_build wali bash.wasm "$key" "$src" "${BASH_CONFIGURE[@]}" "${BASH_CONFIGURE_WALI[@]}"
    bash_build native bash.native "$key" "$src" CC=cc CFLAGS=-O2 "${BASH_CONFIGURE[@]}"
}
# The same bash natively against musl (Debian's musl-tools), for bash's own tests: it tells a
# difference of the C library (musl's regex, locales) from one of the engine.
build_bash_musl() {
    local src
    src=$(debian_source bash 'bash-5.2*')
    command -v musl-gcc >/dev/null || { echo "musl-gcc missing: apt-get install musl-tools (scripts/setup does)" >&2; exit 1; }
    bash_build musl bash.musl unpatched "$src" CC=musl-gcc CFLAGS=-O2 "${BASH_CONFIGURE[@]}"
}
# bash_build FLAVOR OUTPUT KEY SRC CONFIGURE-ARGS...: configures $CACHE/bash-build-FLAVOR
# again when the arguments change; make is incremental.
bash_build() {
    local flavor=$1 out=$2 key=$3 src=$4 dir start
    shift 4
    dir="$CACHE/bash-build-$flavor"
    key=$(printf '%s\n' "$key" "$src" "$@" | sha256sum | cut -c1-16)
    if [ -f "$OUT/$out" ] && [ "$(cat "$dir/.wali-key" 2>/dev/null)" = "$key" ] \
        && [ ! "$HERE/build.sh" -nt "$OUT/$out" ]; then
        return
    fi
    start=$SECONDS
    if [ "$(cat "$dir/.wali-key" 2>/dev/null)" != "$key" ]; then
        step "configuring bash ($flavor)"
        rm -rf "$dir"
        mkdir -p "$dir"
        (cd "$dir" && "$src/configure" "$@" >configure.log 2>&1) || {
            echo "bash configure ($flavor) failed: see $dir/configure.log" >&2; exit 1; }
        echo "$key" > "$dir/.wali-key"
    fi
    step "building bash ($flavor, make -j2)"
    make -C "$dir" -j2 bash >"$dir/make.log" 2>&1 || {
        echo "bash build ($flavor) failed: see $dir/make.log" >&2; exit 1; }
    cp "$dir/bash" "$OUT/$out.tmp"
    mv "$OUT/$out.tmp" "$OUT/$out"
    step "bash ($flavor) built in $((SECONDS - start))s"
}

for target in "${@:-lua}"; do
    case "$target" in
        lua) build_lua ;;
        sqlite) build_sqlite ;;
        bash) build_bash ;;
        bash-musl) build_bash_musl ;;
        *) echo "unknown example '$target' (known: lua, sqlite, bash, bash-musl)" >&2; exit 2 ;;
    esac
done
