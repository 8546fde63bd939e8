# Functions, recursion, local/dynamic scope, return values, control flow, case, here-docs
fact() { if (( $1 <= 1 )); then echo 1; else echo $(( $1 * $(fact $(( $1 - 1 ))) )); fi; }
echo "fact 20 = $(fact 20)"
fib() { local n=$1; (( n < 2 )) && { REPLY=$n; return; }; fib $(( n - 1 )); local a=$REPLY; fib $(( n - 2 )); REPLY=$(( a + REPLY )); }
fib 16; echo "fib 16 = $REPLY"
hanoi() { (( $1 == 0 )) && return; hanoi $(( $1 - 1 )) $2 $4 $3; moves=$(( moves + 1 )); hanoi $(( $1 - 1 )) $4 $3 $2; }
moves=0; hanoi 10 A B C; echo "hanoi 10: $moves moves"
ackermann() { local m=$1 n=$2
  if (( m == 0 )); then echo $(( n + 1 ))
  elif (( n == 0 )); then ackermann $(( m - 1 )) 1
  else ackermann $(( m - 1 )) $(ackermann $m $(( n - 1 ))); fi; }
echo "ackermann 2 3 = $(ackermann 2 3)"

# local and dynamic scoping
x=global
inner() { echo "inner sees x=$x"; x=changed-by-inner; }
outer() { local x=outer-local; inner; echo "outer after inner: x=$x"; }
outer; echo "global x=$x"
counter() { local -i c=0; for _ in 1 2 3; do c+=1; done; echo "local int $c"; }
counter; echo "c outside: '${c-unset}'"
arr_fn() { local -a arr=("$@"); local -A seen; for e in "${arr[@]}"; do seen[$e]=1; done; echo "${#arr[@]} args, ${#seen[@]} distinct"; }
arr_fn a b a c b
status() { return $1; }
for s in 0 1 42 255; do status $s; echo -n "$? "; done; echo
declare -f status; declare -F | /usr/bin/sort | head -3
recurse_depth() { (( $1 >= 200 )) && { echo "depth $1"; return; }; recurse_depth $(( $1 + 1 )); }
recurse_depth 0
FUNCNEST=50; deep() { deep; }; ( deep ) 2>/dev/null; echo "FUNCNEST stop: $?"; unset FUNCNEST

# control flow: for (both forms), while, until, break/continue N, select-free menus
for (( i = 0; i < 10; i++ )); do (( i % 2 )) && continue; (( i > 6 )) && break; echo -n "$i "; done; echo
for i in 1 2 3; do for j in a b c; do [[ $j == b ]] && continue 2; [[ $i == 3 ]] && break 2; echo -n "$i$j "; done; done; echo
n=0; while (( n < 5 )); do (( n++ )); done; echo "while: $n"
until (( n == 0 )); do (( n -= 2 )) || true; (( n < 0 )) && n=0; done; echo "until: $n"
for w in {1..3} {a..c} {09..11} {1..10..4}; do echo -n "$w,"; done; echo
if [[ -z "" && -n x ]] && [ 3 -gt 2 ] && test abc != abd; then echo "tests ok"; fi
! false && echo "negation ok"
true && false || echo "and-or ok"

# case with patterns (extglob must be on before the case is parsed), fallthrough ;& and ;;&
shopt -s extglob
for v in apple Banana 42 x.c "" other; do
  case $v in
    [Aa]pple|pear) echo "$v: fruit" ;;
    [[:upper:]]*) echo "$v: capitalised" ;&
    B*) echo "$v: starts with B (fallthrough)" ;;
    +([0-9])) echo "$v: number" ;;
    *.c) echo "$v: C source" ;;&
    x*) echo "$v: starts with x (;;& continued)" ;;
    '') echo "empty" ;;
    *) echo "$v: other" ;;
  esac
done

# here-documents and here-strings
cat <<EOT
expanded: $x $(( 6 * 7 )) $(echo sub)
EOT
cat <<'EOT'
literal: $x $(( 6 * 7 ))
EOT
cat <<-EOT
	tabs stripped: ${#x}
	EOT
/usr/bin/tr a-z A-Z <<< "here string $x"
read -r first rest <<< "one two three"; echo "first=$first rest=$rest"
# a here-document larger than a pipe buffer goes through a temporary file in $TMPDIR
big=$(printf 'line %05d\n' $(seq 1 8000))
/usr/bin/wc -l <<EOT
$big
EOT
while read -r a b; do echo "$b-$a"; done <<EOT | /usr/bin/sort -r
1 one
2 two
3 three
EOT
