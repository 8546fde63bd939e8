#!/usr/bin/env bash
# Builds real Linux software from Debian's source packages with the SDK, for WALI and natively
# (the native build is the reference the tests compare with). Idempotent; outputs in examples/out/.
#   examples/build.sh lua       Lua 5.4 interpreter  -> out/lua.wasm, out/lua.native
#   examples/build.sh sqlite    SQLite 3 shell       -> out/sqlite3.wasm, out/sqlite3.native
#   examples/build.sh bash      GNU bash 5.2         -> out/bash.wasm, out/bash.native
#   examples/build.sh python    CPython 3.11 (WALI only; the reference is Debian's python3.11)
#                               -> out/python.wasm, a link to out/python-lib/bin/python3.11.wasm,
#                                  whose standard library is out/python-lib/lib/python3.11
#   examples/build.sh bash-musl GNU bash 5.2, native against musl -> out/bash.musl
#   examples/build.sh ninja     ninja 1.11 (C++) and its unit tests
#                               -> out/ninja.wasm, out/ninja_test.wasm, out/ninja.native, out/ninja_test.native
#   examples/build.sh testfixture  SQLite's TCL test harness, with Tcl 8.6 -> out/testfixture.wasm,
#                               out/testfixture.native (for tests/run_sqlite_tcl.py; a few minutes)
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
        # The newest version first; a mirror snapshot may lack it (404), so older ones follow.
        local version fetched=
        for version in "" $(apt-cache showsrc "$pkg" 2>/dev/null | sed -n 's/^Version: //p' | sort -rV); do
            if (cd "$CACHE" && apt-get source -q --download-only "$pkg${version:+=$version}" >/dev/null 2>&1); then
                fetched=1; break
            fi
        done
        [ -n "$fetched" ] || {
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
# Prints the directory of SQLite's amalgamation, generating it once.
sqlite_amalgamation() {
    local src amal
    src=$(debian_source sqlite3 'sqlite3-3*')
    amal="$src/amalgamation"
    if [ ! -f "$amal/sqlite3.c" ] || [ ! -f "$amal/shell.c" ]; then
        command -v tclsh >/dev/null || { echo "tclsh is needed to generate SQLite's amalgamation (apt-get install tcl)" >&2; exit 1; }
        step "generating the SQLite amalgamation (native configure, tclsh)" >&2
        mkdir -p "$amal"
        (cd "$amal" && ../configure --disable-tcl --disable-readline >configure.log 2>&1 \
            && make sqlite3.c shell.c >make.log 2>&1) || { echo "amalgamation failed: see $amal/*.log" >&2; exit 1; }
    fi
    echo "$amal"
}
build_sqlite() {
    local amal
    amal=$(sqlite_amalgamation)
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
    # make does not see a newer SDK libc (say, its environment records); link bash.wasm again.
    local libc="$HERE/../sdk/sysroot/lib/wasm32-linux-muslwali/libc.a"
    if [ -f "$OUT/bash.wasm" ] && [ "$libc" -nt "$OUT/bash.wasm" ]; then
        rm -f "$OUT/bash.wasm" "$CACHE/bash-build-wali/bash"
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

# CPython 3.11 from Debian's python3.11 source package (the upstream tarball; Debian's patches are
# for its own layout and are not applied), cross-compiled with the SDK. Static: every extension
# module is compiled into the one module (MODULE_BUILDTYPE=static; there is no dlopen). zlib is
# Debian's, built with the SDK; _sqlite3 links the SQLite amalgamation above; _decimal uses the
# bundled libmpdec; hashlib has only the built-in hashes (no OpenSSL). Not built: _ssl/_hashlib,
# _ctypes (needs libffi and dlopen), _bz2, _lzma, _uuid, readline, curses, _dbm/_gdbm, _tkinter.
# The build machine's python3.11 (Debian's, the same version) runs the build's Python steps.
# Layout: out/python-lib is an installed prefix (bin/python3.11.wasm, lib/python3.11 with the test
# package, compiled to .pyc); out/python.wasm links to the binary, and CPython finds its library
# from the resolved path of argv[0] (sys.executable), so it runs from any directory; when argv[0]
# does not lead to it (Popen's executable= with another argv[0]), from the configured prefix.
PY_CONFIGURE_WALI=(
    --host=wasm32-unknown-linux-musl --build="$(gcc -dumpmachine)" CC="$CC_WALI"
    AR=llvm-ar-22 RANLIB=llvm-ranlib-22 READELF=true
    PKG_CONFIG=false               # nothing from the build machine's libraries
    --with-build-python=python3.11 --disable-shared --without-ensurepip
    --prefix="$OUT/python-lib"     # where the library is: the fallback when argv[0] does not lead to it
    MODULE_BUILDTYPE=static        # the extension modules go into python.wasm
    LINKFORSHARED=" "              # not --export-dynamic: nothing loads extensions at run time
    ac_cv_func_dlopen=no ac_cv_lib_dl_dlopen=no   # dynload_stub: no extension files are looked for
    # configure cannot run test programs when cross-compiling; these are Linux's answers:
    ac_cv_file__dev_ptmx=yes ac_cv_file__dev_ptc=no ac_cv_buggy_getaddrinfo=no
    ac_cv_working_tzset=yes        # musl's tzset follows TZ (else no time.tzset)
    # the getrandom syscall check includes <linux/random.h>, which musl's sysroot lacks; the
    # syscall works (os.getrandom; patches/python-3.11-getrandom-musl.patch gives GRND_*)
    ac_cv_getrandom_syscall=yes
    CFLAGS=-O2
)
PY_PATCHES=("$HERE/patches/python-3.11-ilp32-long64.patch" "$HERE/patches/python-3.11-getrandom-musl.patch")
build_python() {
    local src amal zsrc zdir sqdir dir key start stage patch_key p newer=
    start=$SECONDS
    src=$(debian_source python3.11 'Python-3.11*')
    patch_key=$(cat "${PY_PATCHES[@]}" | sha256sum | cut -c1-16)
    if [ "$(cat "$src/.wali-patch" 2>/dev/null)" != "$patch_key" ]; then
        if [ -f "$src/.wali-patch" ]; then   # patched with older patches: unpack again
            rm -rf "$src"
            src=$(debian_source python3.11 'Python-3.11*')
        fi
        for p in "${PY_PATCHES[@]}"; do
            step "patching CPython ($(basename "$p"))"
            patch -d "$src" -p1 -s --no-backup-if-mismatch < "$p"
        done
        echo "$patch_key" > "$src/.wali-patch"
    fi
    amal=$(sqlite_amalgamation)
    zsrc=$(debian_source zlib 'zlib-1.*')
    zdir="$CACHE/zlib-wali"
    if [ ! -f "$zdir/lib/libz.a" ]; then
        step "building zlib for WALI (static library)"
        rm -rf "$CACHE/zlib-build" && cp -r "$zsrc" "$CACHE/zlib-build"
        (cd "$CACHE/zlib-build" && CC="$CC_WALI" AR=llvm-ar-22 RANLIB=llvm-ranlib-22 CFLAGS=-O2 \
            ./configure --static --prefix="$zdir" >configure.log 2>&1 && make -j2 libz.a >make.log 2>&1 \
            && make install >>make.log 2>&1) || { echo "zlib build failed: see $CACHE/zlib-build/*.log" >&2; exit 1; }
    fi
    sqdir="$CACHE/sqlite-wali"
    if [ ! -f "$sqdir/libsqlite3.a" ] || [ "$HERE/build.sh" -nt "$sqdir/libsqlite3.a" ]; then
        step "building SQLite for WALI (static library for _sqlite3)"
        mkdir -p "$sqdir"
        "$CC_WALI" "${SQLITE_FLAGS[@]}" -I"$amal" -c -o "$sqdir/sqlite3.o" "$amal/sqlite3.c"
        rm -f "$sqdir/libsqlite3.a" && llvm-ar-22 rcs "$sqdir/libsqlite3.a" "$sqdir/sqlite3.o"
    fi
    dir="$CACHE/python-build-wali"
    local configure=("${PY_CONFIGURE_WALI[@]}" ZLIB_CFLAGS="-I$zdir/include" ZLIB_LIBS="-L$zdir/lib -lz"
                     LIBSQLITE3_CFLAGS="-I$amal" LIBSQLITE3_LIBS="-L$sqdir -lsqlite3")
    key=$(printf '%s\n' "$src" "${configure[@]}" | sha256sum | cut -c1-16)
    stage="$OUT/python-lib"
    if [ -f "$stage/bin/python3.11.wasm" ] && [ -L "$OUT/python.wasm" ] && [ "$(cat "$dir/.wali-key" 2>/dev/null)" = "$key" ] \
        && [ ! "$HERE/build.sh" -nt "$stage/bin/python3.11.wasm" ]; then
        for p in "${PY_PATCHES[@]}"; do [ "$p" -nt "$stage/bin/python3.11.wasm" ] && newer=1; done
        [ -n "$newer" ] || return 0
    fi
    command -v python3.11 >/dev/null || { echo "python3.11 is needed to build CPython (apt-get install python3.11)" >&2; exit 1; }
    if [ "$(cat "$dir/.wali-key" 2>/dev/null)" != "$key" ]; then
        step "configuring CPython for WALI (configure links each test program: a few minutes)"
        rm -rf "$dir" && mkdir -p "$dir"
        (cd "$dir" && CONFIG_SITE= "$src/configure" "${configure[@]}" >configure.log 2>&1) || {
            echo "CPython configure failed: see $dir/configure.log" >&2; exit 1; }
        # configure lists Modules/Setup.stdlib (the extension modules it found) among makesetup's
        # inputs only for Emscripten and WASI; elsewhere setup.py builds them as shared
        # libraries. Setup.local is always an input, so the modules are compiled in from there.
        cp "$dir/Modules/Setup.stdlib" "$dir/Modules/Setup.local"
        local missing
        for missing in _socket select _md5 _sha1 _sha256 _sha512 _sha3 _blake2 zlib _sqlite3 _decimal _json _struct \
                       _datetime math cmath array _posixsubprocess fcntl termios binascii _random _bisect _heapq \
                       itertools _collections unicodedata _pickle _csv resource mmap; do
            grep -Eq "^MODULE_${missing^^}_STATE=yes" "$dir/Makefile" || grep -Eq "^#?$missing " "$dir/Modules/Setup.bootstrap" || {
                echo "CPython configure: module $missing is not enabled (see $dir/configure.log)" >&2; exit 1; }
        done
        echo "$key" > "$dir/.wali-key"
    fi
    step "building CPython for WALI (make -j2)"
    make -C "$dir" -j2 >"$dir/make.log" 2>&1 || { echo "CPython build failed: see $dir/make.log" >&2; exit 1; }
    step "installing CPython's standard library into out/python-lib"
    rm -rf "$stage.tmp" && mkdir -p "$stage.tmp/bin" "$stage.tmp/lib/python3.11/lib-dynload"
    llvm-strip-22 --strip-debug -o "$stage.tmp/bin/python3.11.wasm" "$dir/python"
    (cd "$src/Lib" && tar cf - --exclude=idlelib --exclude=tkinter --exclude=turtledemo --exclude=__pycache__ .) \
        | tar xf - -C "$stage.tmp/lib/python3.11"
    cp "$dir/$(cat "$dir/pybuilddir.txt")"/_sysconfigdata_*.py "$stage.tmp/lib/python3.11/"
    # .pyc files made by the build machine's python3.11 (the same bytecode magic); CPython would
    # otherwise write them next to the sources on first import.
    python3.11 -m compileall -q -j2 -x 'bad_coding|badsyntax|site-packages|lib2to3/tests/data' \
        "$stage.tmp/lib/python3.11" >/dev/null || true
    rm -rf "$stage" && mv "$stage.tmp" "$stage"
    ln -sfn python-lib/bin/python3.11.wasm "$OUT/python.wasm"
    step "CPython built in $((SECONDS - start))s"
}

# ninja 1.11 (C++, libc++ with exceptions through sdk/wali-c++): its CMake build, once with the
# SDK's toolchain file and once natively (g++, the reference). Its generated lexers are in the
# tarball (no re2c).
NINJA_CMAKE=(-G Ninja -DCMAKE_BUILD_TYPE= -DCMAKE_CXX_FLAGS=-O2 -DBUILD_TESTING=ON -DRE2C=RE2C-NOTFOUND)
build_ninja() {
    local src build side
    src=$(debian_source ninja-build 'ninja-1.11*')
    command -v cmake >/dev/null && command -v ninja >/dev/null || {
        echo "ninja's build needs cmake and ninja (apt-get install cmake ninja-build)" >&2; exit 1; }
    for side in wasm native; do
        [ -f "$OUT/ninja.$side" ] && [ -f "$OUT/ninja_test.$side" ] && [ "$OUT/ninja.$side" -nt "$HERE/build.sh" ] && continue
        build="$CACHE/ninja-build-$side"
        rm -rf "$build"
        step "building ninja and ninja_test ($side: cmake + ninja)"
        local toolchain=()
        [ "$side" = wasm ] && toolchain=(-DCMAKE_TOOLCHAIN_FILE="$HERE/../sdk/wali.cmake")
        [ "$side" = native ] && toolchain=(-DCMAKE_CXX_COMPILER=g++ -DCMAKE_C_COMPILER=gcc)
        cmake -S "$src" -B "$build" "${NINJA_CMAKE[@]}" "${toolchain[@]}" \
            >"$CACHE/ninja-$side.log" 2>&1 \
            && ninja -C "$build" ninja ninja_test >>"$CACHE/ninja-$side.log" 2>&1 \
            || { echo "ninja ($side) build failed: see $CACHE/ninja-$side.log" >&2; exit 1; }
        local suffix=
        [ "$side" = wasm ] && suffix=.wasm   # sdk/wali.cmake's executable suffix
        for exe in ninja ninja_test; do
            cp "$build/$exe$suffix" "$OUT/$exe.$side.tmp"
            mv "$OUT/$exe.$side.tmp" "$OUT/$exe.$side"
        done
    done
}

# SQLite's testfixture (tclsqlite.c + the test*.c harness + the amalgamation, as `make testfixture`
# builds it) linked with Tcl 8.6 from Debian's tcl8.6 source (the upstream tarball, as is), for
# WALI and natively, configured alike: static, no threads (Tcl's notifier stays in the one thread),
# no `load`. Both run SQLite's test/*.test with Tcl's script library from the source tree.
TCL_CONFIGURE=(--disable-shared --disable-threads --disable-load --disable-dll-unloading CFLAGS=-O2)
TCL_CONFIGURE_WALI=(
    --host=wasm32-unknown-linux-musl --build="$(gcc -dumpmachine)" CC="$CC_WALI"
    AR=llvm-ar-22 RANLIB=llvm-ranlib-22
    # configure cannot run test programs when cross-compiling; musl's answers (else Tcl
    # substitutes its own strtod/strtoul from compat/, which is not needed):
    tcl_cv_strtod_unbroken=ok tcl_cv_strtod_buggy=ok tcl_cv_strtoul_unbroken=ok
    ac_cv_func_memcmp_working=yes tcl_cv_putenv_copy=no
)
# tcl_build FLAVOR CONFIGURE-ARGS...: $CACHE/tcl-build-FLAVOR/libtcl8.6.a (configured again when
# the arguments change; make is incremental).
TCL_PATCH="$HERE/patches/tcl-8.6-memcmpfn-long64.patch"
# Prints the Tcl source directory, patched once (for both builds: the patch changes nothing natively).
tcl_source() {
    local src patch_key
    src=$(debian_source tcl8.6 'tcl8.6*')
    patch_key=$(sha256sum "$TCL_PATCH" | cut -c1-16)
    if [ "$(cat "$src/.wali-patch" 2>/dev/null)" != "$patch_key" ]; then
        if [ -f "$src/.wali-patch" ]; then   # patched with an older patch: unpack again
            rm -rf "$src"
            src=$(debian_source tcl8.6 'tcl8.6*')
        fi
        step "patching Tcl ($(basename "$TCL_PATCH"))" >&2
        patch -d "$src" -p1 -s --no-backup-if-mismatch < "$TCL_PATCH"
        echo "$patch_key" > "$src/.wali-patch"
    fi
    echo "$src"
}
tcl_build() {
    local flavor=$1 src dir key
    shift
    src=$(tcl_source)
    dir="$CACHE/tcl-build-$flavor"
    key=$(printf '%s\n' "$src" "$@" | sha256sum | cut -c1-16)
    if [ "$(cat "$dir/.wali-key" 2>/dev/null)" != "$key" ]; then
        step "configuring Tcl 8.6 ($flavor)" >&2
        rm -rf "$dir" && mkdir -p "$dir"
        (cd "$dir" && "$src/unix/configure" "$@" >configure.log 2>&1) || {
            echo "Tcl configure ($flavor) failed: see $dir/configure.log" >&2; exit 1; }
        echo "$key" > "$dir/.wali-key"
    fi
    make -C "$dir" -j2 libtcl8.6.a >"$dir/make.log" 2>&1 || {
        echo "Tcl build ($flavor) failed: see $dir/make.log" >&2; exit 1; }
    echo "$dir"
}
# testfixture_build FLAVOR CC TCL-BUILD-DIR OUTPUT: compiles `make testfixture`'s sources with the
# flags SQLite's Makefile gives them (read from the amalgamation's configured Makefile).
testfixture_build() {
    local flavor=$1 cc=$2 tcldir=$3 out=$4 amal tclsrc dir vars key libs
    amal=$(sqlite_amalgamation)
    tclsrc=$(tcl_source)
    dir="$CACHE/testfixture-build-$flavor"
    mkdir -p "$dir"
    vars=$(cd "$amal" && printf 'print:\n\t@echo $(TESTFIXTURE_SRC)\n\t@echo $(TCC) -DSQLITE_NO_SYNC=1 $(TEMP_STORE) $(TESTFIXTURE_FLAGS)\n' \
        | make -s -f Makefile -f - print)
    libs=$(. "$tcldir/tclConfig.sh" && echo "$TCL_LIBS")
    key=$(printf '%s\n' "$vars" "$cc" "$libs" "$(sha256sum "$tcldir/libtcl8.6.a")" | sha256sum | cut -c1-16)
    if [ -f "$OUT/$out" ] && [ "$(cat "$dir/.wali-key" 2>/dev/null)" = "$key" ] && [ ! "$HERE/build.sh" -nt "$OUT/$out" ]; then
        return
    fi
    step "building testfixture ($flavor: the amalgamation and SQLite's test harness)"
    local sources flags
    # Without zipfile.c (and SQLITE_HAVE_ZLIB): the SDK has no zlib; the native build matches.
    sources=$(sed -n 1p <<<"$vars" | tr ' ' '\n' | grep -v '/zipfile\.c$')
    # TCC is "$(CC) $(CFLAGS) ..." natively; the compiler is replaced, -O1 as for the shell.
    flags=$(sed -n 2p <<<"$vars" | sed -E 's/^[^ ]+ //; s/(^| )-O[0-9s]?( |$)/ /g; s/(^| )-g( |$)/ /g; s/ -DSQLITE_HAVE_ZLIB=1//')
    rm -f "$dir"/*.o
    # One object per source, two compilers at a time (the amalgamation is most of the time).
    # shellcheck disable=SC2086
    printf '%s\n' $sources | (cd "$amal" && xargs -P2 -I{} sh -c \
        'f={}; exec '"$cc"' -O1 -w '"$flags"' -I'"$tclsrc"'/generic -c -o '"$dir"'/$(basename "$f" .c).o "$f"') \
        >"$dir/make.log" 2>&1 || { echo "testfixture build ($flavor) failed: see $dir/make.log" >&2; exit 1; }
    # shellcheck disable=SC2086
    $cc -o "$OUT/$out.tmp" "$dir"/*.o "$tcldir/libtcl8.6.a" $libs >>"$dir/make.log" 2>&1 || {
        echo "testfixture link ($flavor) failed: see $dir/make.log" >&2; exit 1; }
    mv "$OUT/$out.tmp" "$OUT/$out"
    echo "$key" > "$dir/.wali-key"
}
build_testfixture() {
    local start=$SECONDS tcl
    tcl=$(tcl_build native "${TCL_CONFIGURE[@]}")
    testfixture_build native cc "$tcl" testfixture.native
    tcl=$(tcl_build wali "${TCL_CONFIGURE[@]}" "${TCL_CONFIGURE_WALI[@]}")
    testfixture_build wali "$CC_WALI" "$tcl" testfixture.wasm
    step "testfixture ready in $((SECONDS - start))s"
}

for target in "${@:-lua}"; do
    case "$target" in
        lua) build_lua ;;
        sqlite) build_sqlite ;;
        bash) build_bash ;;
        python) build_python ;;
        bash-musl) build_bash_musl ;;
        ninja) build_ninja ;;
        testfixture) build_testfixture ;;
        *) echo "unknown example '$target' (known: lua, sqlite, bash, bash-musl, python, ninja, testfixture)" >&2; exit 2 ;;
    esac
done
