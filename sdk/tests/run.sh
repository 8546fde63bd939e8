#!/bin/sh
# Build the SDK tests, check their imports, and run them if an engine is given.
#
#   sdk/tests/run.sh                       build + check-imports only
#   sdk/tests/run.sh --engine "wali run"   also run each module (exit status 0 = pass)
#
# Builds the sysroot first if needed (sdk/setup.sh).  Prints "N passed, N failed".
set -u
tests_dir=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
sdk_dir=$(dirname "$tests_dir")
engine=
if [ "${1:-}" = "--engine" ]; then engine=$2; fi
out=${WALI_TEST_OUT:-${TMPDIR:-/tmp}/wali-sdk-tests}
mkdir -p "$out"

"$sdk_dir/setup.sh" >/dev/null || { echo "setup.sh failed"; exit 1; }

pass=0
fail=0
for src in "$tests_dir"/*.c; do
	name=$(basename "$src" .c)
	wasm="$out/$name.wasm"
	if ! "$sdk_dir/wali-cc" -O2 -Wall -Werror "$src" -o "$wasm" 2>"$out/$name.log"; then
		echo "FAIL $name: build"; sed 's/^/    /' "$out/$name.log"; fail=$((fail + 1)); continue
	fi
	if ! python3 "$sdk_dir/check-imports.py" "$wasm" >"$out/$name.log" 2>&1; then
		echo "FAIL $name: imports"; sed 's/^/    /' "$out/$name.log"; fail=$((fail + 1)); continue
	fi
	if [ -n "$engine" ]; then
		if ! (cd "$out" && timeout 60 $engine "$wasm" arg1 "arg 2") >"$out/$name.out" 2>&1; then
			echo "FAIL $name: run"; sed 's/^/    /' "$out/$name.out" | tail -20; fail=$((fail + 1)); continue
		fi
	fi
	echo "ok   $name"
	pass=$((pass + 1))
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
