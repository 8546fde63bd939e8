# A small "real" script (options, word frequencies, report), introspection, aliases, and error
# messages on stderr (the runner compares stderr too)
report() {
  local OPTIND opt top=3 sep=":" upper=0
  while getopts "n:s:u" opt; do
    case $opt in
      n) top=$OPTARG ;;
      s) sep=$OPTARG ;;
      u) upper=1 ;;
      *) echo "usage: report [-n N] [-s SEP] [-u] FILE" >&2; return 2 ;;
    esac
  done
  shift $(( OPTIND - 1 ))
  local -A freq=(); local word line
  while read -r line; do
    line=${line//[^[:alpha:] ]/ }
    for word in $line; do
      (( upper )) && word=${word^^} || word=${word,,}
      (( freq[$word]++ ))
    done
  done < "$1"
  for word in "${!freq[@]}"; do printf '%d %s\n' "${freq[$word]}" "$word"; done \
    | /usr/bin/sort -k1,1nr -k2,2 | /usr/bin/head -n "$top" \
    | while read -r n word; do printf '%-8s%s%*d\n' "$word" "$sep" 4 "$n"; done
}
/bin/cat > text.txt <<'EOT'
The shell reads input, splits it into words and operators, and expands the words.
Then the shell performs redirections, executes the command, and waits for its exit status.
Words, words, WORDS: the shell expands them all!
EOT
report text.txt
report -n 2 -s ' => ' -u text.txt
report -x text.txt; echo "bad option status $?"

# introspection: LINENO, FUNCNAME, BASH_SOURCE basename, caller-free call stack
where() { echo "in ${FUNCNAME[0]} called from ${FUNCNAME[1]:-main} at line ${BASH_LINENO[0]}"; }
outer() { where; }
outer; echo "this is line $LINENO of ${BASH_SOURCE[0]##*/}"
echo "BASH_VERSINFO ${BASH_VERSINFO[0]}.${BASH_VERSINFO[1]} argc $# shell opts $-"
declare -i counter=1; declare -r fixed=x; declare -A map=([k]=v); declare -a list=(1 "two words")
declare -p counter fixed map list

# aliases need expand_aliases in scripts; hash, command, builtin
shopt -s expand_aliases; alias greet='echo hello from an alias'
greet
echo() { builtin echo "[wrapped] $*"; }; echo "function shadows builtin"; command echo "command skips it"; unset -f echo
hash -r; /usr/bin/true; type -P sort; hash sort; hash -t sort
printf '%s\n' "$(command -V cd)" "$(command -V greet)"

# error messages (stderr) and statuses
nosuchcommand_xyz; echo "status $?"
echo $(( 1 / 0 )); echo "after division by zero: $?"
( : "${required:?is not set}" ); echo "unset with :? -> $?"
cd /definitely/not/here; echo "cd status $?"
readonly fixed2=1; fixed2=2; echo "assign to readonly: $?"
declare -A assoc; assoc=(oops); echo "odd assoc assignment: $?"
printf '%d\n' notanumber; echo "printf invalid number: $?"
set -- a b; shift 5; echo "shift too far: $? ($#)"
test 1 -eq; echo "test syntax: $?"
[[ 1 -lt 2 ]]; echo "[[ ok: $?"
eval 'if then'; echo "eval syntax error: $?"
unset -v fixed; echo "unset readonly: $?"
exit 0
