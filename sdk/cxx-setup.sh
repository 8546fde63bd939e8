#!/usr/bin/env bash
# Build the SDK's C++ runtime: libc++, libc++abi and libunwind (Wasm exception handling) for
# wasm32-unknown-linux-muslwali, against the musl sysroot that sdk/setup.sh built.
#
#   sdk/cxx-setup.sh [--force] [--jobs N]
#
# Idempotent.  Fetches Debian's llvm-toolchain-22 source once into sdk/.cache/llvm/ (about
# 200 MB; only libcxx, libcxxabi, libunwind, runtimes, the CMake modules and the LLVM libc
# headers libc++ shares its float parsing with are unpacked),
# builds the three runtimes with CMake and Ninja into sdk/.cache/llvm/install-<key>/, and copies
# the headers (include/c++/v1) and static libraries into sdk/sysroot/.  The key hashes this
# script, the LLVM source, clang's version and the musl headers: when sdk/setup.sh rebuilds the
# sysroot with unchanged headers, the cached build is copied back in seconds.  --force rebuilds.
#
# Exceptions use the standard (exnref) Wasm encoding: try_table/throw/throw_ref, the only one
# WasmKit and the compiled tier run.  clang 22 still defaults to the legacy try/catch encoding,
# so every C++ object (here and in sdk/wali-c++) is built with -mllvm -wasm-use-legacy-eh=false.
set -euo pipefail

SDK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE_DIR="$SDK_DIR/.cache/llvm"
SYSROOT="${WALI_SYSROOT:-$SDK_DIR/sysroot}"
TRIPLE=wasm32-unknown-linux-muslwali
LIBDIR=lib/wasm32-linux-muslwali
LLVM_VER=22
LLVM_BIN=/usr/lib/llvm-$LLVM_VER/bin
# Debian's source package (bookworm-security); the orig tarball holds the whole LLVM monorepo.
LLVM_SRC_PACKAGE=llvm-toolchain-22
LLVM_DEB_VERSION=1:22.1.8-1~deb12u1
LLVM_UPSTREAM=22.1.8
LLVM_TARBALL="${LLVM_SRC_PACKAGE}_${LLVM_UPSTREAM}.orig.tar.xz"
LLVM_SHA256=b49b9277aef97616320b2da259e1f8174c65b0ce2fbe2e8629644a97693402fe
# Flags every C++ object for WALI is compiled with (sdk/wali-c++ uses the same).
EH_FLAGS="-fwasm-exceptions -mllvm -wasm-use-legacy-eh=false"

START=$(date +%s)
FORCE=0
JOBS=$(nproc 2>/dev/null || echo 2)
while [ $# -gt 0 ]; do
	case "$1" in
	--force) FORCE=1 ;;
	--jobs) JOBS="$2"; shift ;;
	--jobs=*) JOBS="${1#--jobs=}" ;;
	-h|--help) sed -n '2,16p' "$0"; exit 0 ;;
	*) echo "cxx-setup.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done

step() { printf '==> %s\n' "$*"; }
die() { printf 'cxx-setup.sh: error: %s\n' "$*" >&2; exit 1; }
as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"
	elif command -v sudo >/dev/null 2>&1; then sudo "$@"
	else die "need root to run: $*"
	fi
}

[ -f "$SYSROOT/$LIBDIR/libc.a" ] || die "no WALI sysroot at $SYSROOT: run $SDK_DIR/setup.sh first"

# 1. Build tools -----------------------------------------------------------------
missing=()
command -v cmake >/dev/null 2>&1 || missing+=(cmake)
command -v ninja >/dev/null 2>&1 || missing+=(ninja-build)
command -v xz >/dev/null 2>&1 || missing+=(xz-utils)
command -v clang++-$LLVM_VER >/dev/null 2>&1 || missing+=(clang-$LLVM_VER)
if [ ${#missing[@]} -gt 0 ]; then
	step "installing ${missing[*]}"
	as_root apt-get update -q >/dev/null || die "apt-get update failed"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
		|| die "could not install ${missing[*]}"
fi

# 2. Up to date? -------------------------------------------------------------------
# The musl headers are what the runtimes are compiled against (not libc.a: they link later).
key=$( {
	echo "llvm $LLVM_SHA256 clang $($LLVM_BIN/clang --version | head -1)"
	cat "$SDK_DIR/cxx-setup.sh"
	(cd "$SYSROOT/include" && find . -path ./c++ -prune -o -type f -print | LC_ALL=C sort | while read -r f; do echo "$f"; cat "$f"; done)
} | sha256sum | cut -c1-16)
stamp="$SYSROOT/.cxx-stamp"
installed() { [ -f "$SYSROOT/$LIBDIR/libc++.a" ] && [ -f "$SYSROOT/include/c++/v1/__config_site" ]; }
if [ "$FORCE" = 0 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ] && installed; then
	step "C++ runtime is up to date (libc++ $LLVM_UPSTREAM in $SYSROOT, key $key)"
	exit 0
fi

install_dir="$CACHE_DIR/install-$key"
install_into_sysroot() {
	step "installing libc++, libc++abi, libunwind into $SYSROOT"
	rm -rf "$SYSROOT/include/c++"
	mkdir -p "$SYSROOT/include/c++" "$SYSROOT/$LIBDIR"
	cp -R "$install_dir/include/c++/v1" "$SYSROOT/include/c++/v1"
	cp "$install_dir/$LIBDIR/"lib{c++,c++abi,c++experimental,unwind}.a "$SYSROOT/$LIBDIR/"
	echo "$key" > "$stamp"
	step "done in $(( $(date +%s) - START ))s: C++ runtime (libc++ $LLVM_UPSTREAM) in $SYSROOT"
}
if [ "$FORCE" = 0 ] && [ -f "$install_dir/.complete" ]; then
	step "using the cached build $install_dir"
	install_into_sysroot
	exit 0
fi

# 3. Source ----------------------------------------------------------------------------
mkdir -p "$CACHE_DIR"
tarball="$CACHE_DIR/$LLVM_TARBALL"
have_tarball() { [ -f "$tarball" ] && echo "$LLVM_SHA256  $tarball" | sha256sum -c --quiet - >/dev/null 2>&1; }
if ! have_tarball; then
	step "fetching $LLVM_SRC_PACKAGE $LLVM_DEB_VERSION source (Debian source package, 197 MB)"
	# clang-22 comes from bookworm-security, so its source does too.
	if ! apt-cache showsrc "$LLVM_SRC_PACKAGE" 2>/dev/null | grep -qx "Version: $LLVM_DEB_VERSION"; then
		step "enabling deb-src for bookworm-security (/etc/apt/sources.list.d/swiftwali-deb-src-security.sources)"
		as_root tee /etc/apt/sources.list.d/swiftwali-deb-src-security.sources >/dev/null <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
		as_root apt-get update -q >/dev/null || die "apt-get update failed"
	fi
	(cd "$CACHE_DIR" && apt-get source -q --download-only "$LLVM_SRC_PACKAGE=$LLVM_DEB_VERSION" >/dev/null 2>&1) || true
	if ! have_tarball; then
		# Some mirrors serve the orig tarball only from the main pool (the security suite shares
		# it); fetch it by name with apt's downloader, which checks the pinned SHA-256.
		for pool in http://deb.debian.org/debian-security/pool/updates/main http://deb.debian.org/debian/pool/main; do
			rm -f "$tarball"
			/usr/lib/apt/apt-helper download-file "$pool/l/$LLVM_SRC_PACKAGE/$LLVM_TARBALL" "$tarball" "SHA256:$LLVM_SHA256" >/dev/null 2>&1 && break
		done
	fi
	have_tarball || die "could not fetch $LLVM_TARBALL (SHA-256 $LLVM_SHA256); is a deb-src entry for bookworm-security enabled?"
fi

src="$CACHE_DIR/src-$LLVM_UPSTREAM"
if [ ! -f "$src/.complete" ]; then
	step "unpacking libcxx, libcxxabi, libunwind, libc (headers), runtimes, CMake modules (about a minute)"
	rm -rf "$src"
	mkdir -p "$src"
	top="${LLVM_SRC_PACKAGE}_$LLVM_UPSTREAM"
	tar -xJf "$tarball" -C "$src" --strip-components=1 --wildcards \
		--exclude="$top/libcxx/test" --exclude="$top/libcxxabi/test" --exclude="$top/libunwind/test" \
		--exclude="$top/libcxx/docs" --exclude="$top/libcxx/benchmarks" \
		--exclude="$top/libc/test" --exclude="$top/libc/docs" --exclude="$top/libc/utils" \
		--exclude="$top/libc/benchmarks" --exclude="$top/libc/fuzzing" \
		"$top/libcxx/*" "$top/libcxxabi/*" "$top/libunwind/*" "$top/runtimes/*" "$top/cmake/*" "$top/libc/*" "$top/llvm/cmake/*" \
		"$top/llvm/utils/llvm-lit/*" \
		|| die "unpacking $tarball failed"
	touch "$src/.complete"
fi

# 4. Configure and build -------------------------------------------------------------
build="$CACHE_DIR/build"
rm -rf "$build" "$install_dir"
mkdir -p "$build"
# libc++'s atomic wait calls futex(2) through syscall(2) and takes the operation numbers from
# <linux/futex.h>; the sysroot has no kernel headers, so the build gets the two it needs (Linux's
# FUTEX_WAIT/FUTEX_WAKE with FUTEX_PRIVATE_FLAG).
mkdir -p "$build/compat/linux"
cat > "$build/compat/linux/futex.h" <<'EOF'
/* Written by sdk/cxx-setup.sh: the futex operations libc++ uses (Linux UAPI values). */
#ifndef _LINUX_FUTEX_H
#define _LINUX_FUTEX_H
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_WAIT_PRIVATE (FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)
#endif
EOF
flags="--target=$TRIPLE --sysroot=$SYSROOT -resource-dir=$SYSROOT/clang-resource -pthread $EH_FLAGS"
cat > "$build/toolchain.cmake" <<EOF
# Written by sdk/cxx-setup.sh
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR wasm32)
set(CMAKE_C_COMPILER $LLVM_BIN/clang)
set(CMAKE_CXX_COMPILER $LLVM_BIN/clang++)
set(CMAKE_ASM_COMPILER $LLVM_BIN/clang)
set(CMAKE_C_COMPILER_TARGET $TRIPLE)
set(CMAKE_CXX_COMPILER_TARGET $TRIPLE)
set(CMAKE_AR $LLVM_BIN/llvm-ar CACHE FILEPATH "")
set(CMAKE_RANLIB $LLVM_BIN/llvm-ranlib CACHE FILEPATH "")
set(CMAKE_SYSROOT $SYSROOT)
set(CMAKE_C_FLAGS_INIT "$flags")
set(CMAKE_CXX_FLAGS_INIT "$flags -idirafter $build/compat")
# No C++ library exists yet to link test programs against.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
EOF
log="$CACHE_DIR/build.log"
step "configuring the runtimes (cmake; log in $log)"
if ! cmake -G Ninja -S "$src/runtimes" -B "$build" \
	-DCMAKE_TOOLCHAIN_FILE="$build/toolchain.cmake" \
	-DCMAKE_BUILD_TYPE=Release \
	-DCMAKE_INSTALL_PREFIX="$install_dir" \
	-DLLVM_ENABLE_RUNTIMES="libcxx;libcxxabi;libunwind" \
	-DLLVM_ENABLE_PER_TARGET_RUNTIME_DIR=OFF \
	-DLLVM_INCLUDE_TESTS=OFF -DLLVM_INCLUDE_DOCS=OFF \
	-DLIBCXX_INSTALL_LIBRARY_DIR=$LIBDIR -DLIBCXXABI_INSTALL_LIBRARY_DIR=$LIBDIR -DLIBUNWIND_INSTALL_LIBRARY_DIR=$LIBDIR \
	-DLIBCXX_ENABLE_SHARED=OFF -DLIBCXXABI_ENABLE_SHARED=OFF -DLIBUNWIND_ENABLE_SHARED=OFF \
	-DLIBCXX_HAS_MUSL_LIBC=ON \
	-DLIBCXX_CXX_ABI=libcxxabi \
	-DLIBCXX_HAS_PTHREAD_API=ON -DLIBCXXABI_HAS_PTHREAD_API=ON \
	-DLIBCXX_USE_COMPILER_RT=ON -DLIBCXXABI_USE_COMPILER_RT=ON -DLIBUNWIND_USE_COMPILER_RT=ON \
	-DLIBCXXABI_USE_LLVM_UNWINDER=ON \
	-DLIBCXXABI_ENABLE_STATIC_UNWINDER=ON -DLIBCXXABI_STATICALLY_LINK_UNWINDER_IN_STATIC_LIBRARY=ON \
	-DLIBCXX_STATICALLY_LINK_ABI_IN_STATIC_LIBRARY=OFF \
	-DLIBUNWIND_INSTALL_HEADERS=OFF -DLIBUNWIND_HIDE_SYMBOLS=ON \
	-DLIBCXX_INCLUDE_BENCHMARKS=OFF -DLIBCXX_INSTALL_MODULES=OFF \
	-DLIBCXX_ENABLE_TIME_ZONE_DATABASE=OFF \
	>"$log" 2>&1; then
	tail -30 "$log" >&2
	die "cmake failed; full log in $log"
fi
step "building libc++, libc++abi, libunwind with ninja -j$JOBS (a few minutes on 2 cores)"
if ! nice ninja -C "$build" -j"$JOBS" cxx cxxabi unwind >>"$log" 2>&1; then
	tail -30 "$log" >&2
	die "the runtimes build failed; full log in $log"
fi
if ! ninja -C "$build" install-cxx install-cxxabi install-unwind >>"$log" 2>&1; then
	tail -30 "$log" >&2
	die "installing the runtimes failed; full log in $log"
fi
# The exception tag C++ throws and catches (tag 0 of __builtin_wasm_throw). compiler-rt's builtins
# normally define it, but Debian's libclang-rt-22-dev-wasm32 carries an empty object (as for
# setjmp's __c_longjmp, which musl's port defines), so the unwinder's archives do.
cat > "$build/cpp_exception.s" <<'EOF'
	.tagtype	__cpp_exception i32
	.globl	__cpp_exception
__cpp_exception:
EOF
"$LLVM_BIN/clang" --target=$TRIPLE -c "$build/cpp_exception.s" -o "$build/cpp_exception.o" >>"$log" 2>&1 \
	|| die "assembling the __cpp_exception tag failed; see $log"
# An exception no handler catches ends the program by std::terminate (abort: SIGABRT), as natively.
# Wasm has no search phase: libunwind's _Unwind_RaiseException throws at once, and an exception
# nothing catches would leave the module as a trap (SIGILL). sdk/wali-c++ links with
# --wrap=__wali_libc_start and --wrap=__wali_thread_start_c, so the program's whole life (static
# constructors, main, exit and the static destructors) and each thread's run inside these
# handlers. Unlike native code (which terminates before unwinding), the frames between the throw
# and here have run their cleanups by then. Two objects: the thread one is linked only with
# pthread_create.
cat > "$build/wali_cxx_start.cpp" <<'EOF'
// Written by sdk/cxx-setup.sh: the C++ program's start (see there).
#include <exception>
extern "C" [[noreturn]] void __real___wali_libc_start(int (*main_void)());
extern "C" [[noreturn]] void __wrap___wali_libc_start(int (*main_void)()) {
    try {
        __real___wali_libc_start(main_void);
    } catch (...) {
        std::terminate();
    }
}
EOF
cat > "$build/wali_cxx_thread_start.cpp" <<'EOF'
// Written by sdk/cxx-setup.sh: a C++ program's thread start (see there).
#include <exception>
extern "C" void __real___wali_thread_start_c(int tid, void *start_args);
extern "C" void __wrap___wali_thread_start_c(int tid, void *start_args) {
    try {
        __real___wali_thread_start_c(tid, start_args);
    } catch (...) {
        std::terminate();
    }
}
EOF
for wrapper in wali_cxx_start wali_cxx_thread_start; do
	"$LLVM_BIN/clang++" $flags -O2 -nostdinc++ -isystem "$install_dir/include/c++/v1" -c "$build/$wrapper.cpp" \
		-o "$build/$wrapper.o" >>"$log" 2>&1 || die "compiling $wrapper.cpp failed; see $log"
done
for lib in libc++.a libc++abi.a libunwind.a; do
	# libunwind's register save/restore assembly has no wasm32 code (Wasm unwinds by itself) and
	# leaves non-Wasm objects the linker warns about.
	"$LLVM_BIN/llvm-ar" d "$install_dir/$LIBDIR/$lib" UnwindRegistersRestore.S.o UnwindRegistersSave.S.o
	[ "$lib" = libc++.a ] || "$LLVM_BIN/llvm-ar" rs "$install_dir/$LIBDIR/$lib" "$build/cpp_exception.o"
done
"$LLVM_BIN/llvm-ar" rs "$install_dir/$LIBDIR/libc++abi.a" "$build/wali_cxx_start.o" "$build/wali_cxx_thread_start.o"
touch "$install_dir/.complete"
rm -rf "$build"
install_into_sysroot
