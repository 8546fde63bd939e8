# execve of the shell itself keeps what the caller passed: values with newlines, exported
# functions (BASH_FUNC_f%%), non-UTF-8 bytes, and argv[0] (exec -a).
X=$'a\nb'
export X
B=$'\xff\xfe'
export B
f() { echo "function f got: $*"; }
export -f f
"$BASH" -c 'echo "[$X]"; f one two; printf "%s" "$B" | od -An -tx1'
(exec -a myname "$BASH" -c 'echo "argv0: $0"')
(exec -a -dashed "$BASH" -c 'echo "argv0: $0"')
(exec -c "$BASH" -c 'echo "empty environment: [${X-unset}]"')
echo done
