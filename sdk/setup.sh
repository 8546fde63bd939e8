#!/usr/bin/env bash
# Build the SwiftWALI SDK: musl libc ported to wasm32-unknown-linux-muslwali.
#
#   sdk/setup.sh [--force] [--jobs N]
#
# Idempotent.  Installs the LLVM 22 toolchain packages if they are missing,
# fetches musl's source through Debian source packages into sdk/.cache/,
# applies the port in sdk/musl-port/ and installs headers, crt1.o, libc.a (and
# musl's empty libm.a, libpthread.a, ...) into sdk/sysroot/.  A stamp keyed by
# a hash of the port sources makes a second run a no-op; --force rebuilds.
set -euo pipefail

SDK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PORT_DIR="$SDK_DIR/musl-port"
CACHE_DIR="$SDK_DIR/.cache"
SYSROOT="$SDK_DIR/sysroot"
TRIPLE=wasm32-unknown-linux-muslwali
MUSL_VERSION=1.2.3
MUSL_DEB_VERSION=1.2.3-1
MUSL_TARBALL="musl_${MUSL_VERSION}.orig.tar.gz"
MUSL_SHA256=7d5b0b6062521e4627e099e4c9dc8248d32a30285e959b7eecaa780cf8cfd4a4
LLVM_VER=22
LLVM_BIN=/usr/lib/llvm-$LLVM_VER/bin
BUILTINS=/usr/lib/llvm-$LLVM_VER/lib/clang/$LLVM_VER/lib/wasi/libclang_rt.builtins-wasm32.a
CLANG_INCLUDE=/usr/lib/llvm-$LLVM_VER/lib/clang/$LLVM_VER/include

START=$(date +%s)
FORCE=0
JOBS=2
while [ $# -gt 0 ]; do
	case "$1" in
	--force) FORCE=1 ;;
	--jobs) JOBS="$2"; shift ;;
	--jobs=*) JOBS="${1#--jobs=}" ;;
	-h|--help) sed -n '2,10p' "$0"; exit 0 ;;
	*) echo "setup.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done

step() { printf '==> %s\n' "$*"; }
die() { printf 'setup.sh: error: %s\n' "$*" >&2; exit 1; }

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"
	elif command -v sudo >/dev/null 2>&1; then sudo "$@"
	else die "need root to run: $*"
	fi
}

APT_UPDATED=0
apt_update() {
	if [ "$APT_UPDATED" = 0 ]; then
		step "apt-get update"
		as_root apt-get update -q >/dev/null || die "apt-get update failed"
		APT_UPDATED=1
	fi
}

# 1. Toolchain -----------------------------------------------------------------
step "checking toolchain (clang-$LLVM_VER, lld-$LLVM_VER, llvm-$LLVM_VER, libclang-rt-$LLVM_VER-dev-wasm32)"
missing=()
command -v clang-$LLVM_VER >/dev/null 2>&1 || missing+=("clang-$LLVM_VER")
command -v wasm-ld-$LLVM_VER >/dev/null 2>&1 || missing+=("lld-$LLVM_VER")
{ command -v llvm-ar-$LLVM_VER && command -v llvm-ranlib-$LLVM_VER; } >/dev/null 2>&1 || missing+=("llvm-$LLVM_VER")
[ -f "$BUILTINS" ] || missing+=("libclang-rt-$LLVM_VER-dev-wasm32")
command -v make >/dev/null 2>&1 || missing+=(make)
command -v patch >/dev/null 2>&1 || missing+=(patch)
if [ ${#missing[@]} -gt 0 ]; then
	step "installing ${missing[*]}"
	apt_update
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null \
		|| die "could not install ${missing[*]}"
fi
[ -f "$BUILTINS" ] || die "compiler-rt builtins not found at $BUILTINS"

# 2. musl source ---------------------------------------------------------------
mkdir -p "$CACHE_DIR"
tarball="$CACHE_DIR/$MUSL_TARBALL"
have_tarball() { [ -f "$tarball" ] && echo "$MUSL_SHA256  $tarball" | sha256sum -c --quiet - >/dev/null 2>&1; }
if ! have_tarball; then
	step "fetching musl $MUSL_DEB_VERSION source (Debian source package)"
	if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ /etc/apt/sources.list 2>/dev/null \
	   && ! grep -qs '^deb-src ' /etc/apt/sources.list 2>/dev/null; then
		step "enabling deb-src for bookworm main (/etc/apt/sources.list.d/swiftwali-deb-src.sources)"
		as_root tee /etc/apt/sources.list.d/swiftwali-deb-src.sources >/dev/null <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
		APT_UPDATED=0
	fi
	apt_update
	(cd "$CACHE_DIR" && apt-get source -q --download-only "musl=$MUSL_DEB_VERSION" >/dev/null 2>&1) \
		|| (cd "$CACHE_DIR" && apt-get source -q --download-only musl >/dev/null) \
		|| die "apt-get source musl failed (is a deb-src entry for bookworm enabled?)"
	have_tarball || die "$tarball missing or its checksum is not $MUSL_SHA256"
fi

# 3. Up to date? ---------------------------------------------------------------
port_hash=$( {
	echo "musl $MUSL_SHA256 clang $($LLVM_BIN/clang --version | head -1)"
	cat "$SDK_DIR/setup.sh"
	(cd "$PORT_DIR" && find . -type f ! -name '*.pyc' | LC_ALL=C sort | while read -r f; do echo "$f"; cat "$f"; done)
} | sha256sum | cut -c1-16)
stamp="$SYSROOT/.stamp"
if [ "$FORCE" = 0 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$port_hash" ] \
   && [ -f "$SYSROOT/lib/wasm32-linux-muslwali/libc.a" ]; then
	step "sysroot is up to date ($SYSROOT, port $port_hash)"
	exit 0
fi

# 4. Prepare the source tree -----------------------------------------------------
build="$CACHE_DIR/build"
step "preparing musl $MUSL_VERSION with the wasm32 port in $build"
rm -rf "$build"
mkdir -p "$build"
tar -xzf "$tarball" -C "$build" --strip-components=1
cd "$build"

# The port: arch/wasm32 and per-arch source overrides (src/*/wasm32/*,
# crt/wasm32/*), which musl's Makefile uses in place of the generic files.
cp -R "$PORT_DIR/arch/." arch/
cp -R "$PORT_DIR/src/." src/
cp -R "$PORT_DIR/crt/." crt/
# Files whose x86_64 versions are the WALI ABI unchanged: syscall numbers,
# struct stat/kstat, signal numbers and flags, SysV semaphores, registers.
for f in bits/syscall.h.in bits/stat.h bits/signal.h bits/sem.h bits/user.h bits/reg.h kstat.h; do
	[ -e "arch/wasm32/$f" ] || cp "arch/x86_64/$f" "arch/wasm32/$f"
done
for p in "$PORT_DIR"/patches/*.patch; do
	patch -p1 -s --no-backup-if-mismatch < "$p" || die "patch $(basename "$p") failed"
done

CFLAGS_TARGET="--target=$TRIPLE -matomics -mbulk-memory"
cat > config.mak <<EOF
# Written by sdk/setup.sh
ARCH = wasm32
SUBARCH =
ASMSUBARCH =
srcdir = .
prefix = $SYSROOT
exec_prefix = $SYSROOT
bindir = \$(exec_prefix)/bin
libdir = \$(prefix)/lib/wasm32-linux-muslwali
includedir = \$(prefix)/include
syslibdir = \$(prefix)/lib
CC = $LLVM_BIN/clang
AR = $LLVM_BIN/llvm-ar
RANLIB = $LLVM_BIN/llvm-ranlib
CFLAGS_AUTO = -O2 $CFLAGS_TARGET -fno-stack-protector -ffunction-sections -fdata-sections -fno-unwind-tables -fno-asynchronous-unwind-tables -w -Werror=implicit-function-declaration -Werror=implicit-int -Werror=int-conversion -Werror=incompatible-pointer-types -Werror=pointer-sign -Werror=pointer-arith
CFLAGS_C99FSE = -std=c99 -nostdinc -ffreestanding -frounding-math
CFLAGS_MEMOPS =
CFLAGS_NOSSP = -fno-stack-protector
CPPFLAGS =
LDFLAGS =
LIBCC =
OPTIMIZE_GLOBS =
ALL_TOOLS =
TOOL_LIBS =
SHARED_LIBS =
WRAPCC_GCC = false
WRAPCC_CLANG = false
# Wasm exception handling only where it is needed (longjmp throws).
obj/src/setjmp/wasm32/rt.o obj/src/setjmp/wasm32/c_longjmp.o: CFLAGS_ALL += -mexception-handling
# The simd128 string routines (wasm_simd128.h is clang's, outside -nostdinc).
obj/src/string/simd128/%.o: CFLAGS_ALL += -msimd128 -isystem $CLANG_INCLUDE
EOF

# 5. Build and install ----------------------------------------------------------
step "building libc.a and crt1.o with make -j$JOBS (about a minute on 2 cores)"

log="$CACHE_DIR/build.log"
if ! make -j"$JOBS" lib/libc.a >"$log" 2>&1; then
	tail -30 "$log" >&2
	die "musl build failed; full log in $log"
fi
# wasm simd128 versions of strlen, memchr, memrchr, strchrnul (so strchr, strrchr, strnlen),
# memcmp, strcmp and strncmp: one object that wali-cc links ahead of libc.a for programs built
# with -msimd128. Not the default: the interpreter tier (WasmKit 0.4.2) runs most SIMD
# instructions far slower than scalar ones, so plain programs keep musl's word-at-a-time code.
simd_objs=$(cd src/string/simd128 && for f in *.c; do echo "obj/src/string/simd128/${f%.c}.o"; done)
mkdir -p obj/src/string/simd128
if ! make -j"$JOBS" $simd_objs >>"$log" 2>&1 || ! "$LLVM_BIN/wasm-ld" -r -o lib/simd-string.o $simd_objs >>"$log" 2>&1; then
	tail -30 "$log" >&2
	die "building the simd128 string routines failed; full log in $log"
fi
step "installing into $SYSROOT"
rm -rf "$SYSROOT"
if ! make -j"$JOBS" install-headers install-libs >>"$log" 2>&1; then
	tail -30 "$log" >&2
	die "musl install failed; full log in $log"
fi
cp lib/simd-string.o "$SYSROOT/lib/wasm32-linux-muslwali/simd-string.o"

# compiler-rt builtins (soft-float long double, 128-bit integers) where clang
# looks for them with -resource-dir=$SYSROOT/clang-resource.
res="$SYSROOT/clang-resource"
mkdir -p "$res/lib/$TRIPLE"
cp "$BUILTINS" "$res/lib/$TRIPLE/libclang_rt.builtins.a"
# Debian's archive carries DWARF for every builtin; programs do not need it.
"$LLVM_BIN/llvm-strip" --strip-debug "$res/lib/$TRIPLE/libclang_rt.builtins.a"
ln -sfn "$CLANG_INCLUDE" "$res/include"

echo "$port_hash" > "$stamp"
step "done in $(( $(date +%s) - START ))s: sysroot at $SYSROOT (port $port_hash)"
