#!/usr/bin/env bash
# Builds ninja and its own test program (ninja_test) from Debian's ninja-build source package,
# for WALI with `sdk/wali-c++` and natively with g++, into tests/out/ninja/.
#
#   tests/software/ninja/build.sh            then: tests/software/ninja/run.sh
#
# The file lists are configure.py's for a POSIX host (no browse: it embeds a Python script).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
OUT="$ROOT/tests/out/ninja"
mkdir -p "$OUT"
cd "$OUT"
if [ ! -d src-ninja ]; then
	echo "==> fetching ninja-build's Debian source"
	rm -rf fetch && mkdir fetch
	(cd fetch && apt-get source -q ninja-build >/dev/null 2>&1) || { echo "apt-get source ninja-build failed (deb-src for bookworm needed)" >&2; exit 1; }
	mv fetch/ninja-build-*/ src-ninja
	rm -rf fetch
fi
LIB="build build_log clean clparser debug_flags depfile_parser deps_log disk_interface dyndep dyndep_parser
edit_distance eval_env graph graphviz json lexer line_printer manifest_parser metrics missing_deps parser
state status string_piece_util util version subprocess-posix"
TESTS="build_log_test build_test clean_test clparser_test depfile_parser_test deps_log_test dyndep_parser_test
disk_interface_test edit_distance_test graph_test json_test lexer_test manifest_parser_test missing_deps_test
ninja_test state_test status_test string_piece_util_test subprocess_test test util_test"
build() {  # build <kind> <compiler...>
	local kind=$1; shift
	mkdir -p "obj-$kind"
	local objs=() tobjs=()
	for f in $LIB ninja $TESTS; do
		local o="obj-$kind/$f.o"
		[ "$o" -nt "src-ninja/src/$f.cc" ] || "$@" -O2 -std=c++11 -DNDEBUG -DNINJA_PYTHON='"python3"' -Wno-deprecated -c "src-ninja/src/$f.cc" -o "$o"
	done
	for f in $LIB; do objs+=("obj-$kind/$f.o"); done
	for f in $TESTS; do tobjs+=("obj-$kind/$f.o"); done
	"$@" -o "ninja.$kind" "obj-$kind/ninja.o" "${objs[@]}"
	"$@" -o "ninja_test.$kind" "${tobjs[@]}" "${objs[@]}"
}
echo "==> building ninja and ninja_test with wali c++"
build wasm "$ROOT/sdk/wali-c++"
echo "==> building ninja and ninja_test natively (g++)"
build native g++ -pthread
ls -la "$OUT"/ninja*.wasm "$OUT"/ninja*.native 2>/dev/null || ls -la "$OUT"
