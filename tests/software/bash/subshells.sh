# Subshells, command substitution, pipelines between builtins and external programs
x=outer
( x=inner; echo "in subshell: $x"; cd /; echo "subshell cwd is root: $([[ $PWD == / ]] && echo yes)" )
echo "after subshell: $x, cwd kept: $([[ $PWD == "$HOME" ]] && echo yes)"
( exit 7 ); echo "subshell status $?"
v=$( echo one; echo two ); echo "captured: ${v//$'\n'/+}"
nested=$(echo "a$(echo "b$(echo c)")"); echo "nested: $nested"
old=`echo backquotes`; echo "$old"
trail=$(printf 'x\n\n\n'); echo "trailing newlines stripped: [${trail}]"
status=$(exit 3); echo "status of assignment from \$(exit 3): $?"
{ echo grouped; echo output; } | /usr/bin/wc -l
echo "BASH_SUBSHELL: $BASH_SUBSHELL $(echo $BASH_SUBSHELL) $( (echo $BASH_SUBSHELL) )"

# pipelines: builtins into externals and back
printf '%s\n' banana apple cherry apple date | /usr/bin/sort | /usr/bin/uniq -c | while read -r n w; do echo "$w:$n"; done
seq 1 1000 | /usr/bin/wc -l
for i in {1..5}; do echo "line $i"; done | /bin/cat -n | /usr/bin/tail -2
echo "hello world" | /usr/bin/tr a-z A-Z | { read -r a b; echo "$b $a"; }
/bin/echo external | /bin/cat | /bin/cat | /bin/cat
yes | /usr/bin/head -3
/usr/bin/head -c 100000 /dev/zero | /usr/bin/wc -c
big=$(seq 1 20000 | /usr/bin/tr '\n' ' '); echo "big capture: ${#big} chars"
printf 'c\nb\na\n' > unsorted.txt; /usr/bin/sort < unsorted.txt | /usr/bin/paste -sd,
# the last element of a pipeline runs in a subshell unless lastpipe is set
count=0; printf 'x\ny\n' | while read -r _; do count=$((count + 1)); done; echo "no lastpipe: $count"
shopt -s lastpipe; set +m; count=0; printf 'x\ny\n' | while read -r _; do count=$((count + 1)); done; echo "lastpipe: $count"
shopt -u lastpipe

# pipeline statuses
false | true; echo "status $? PIPESTATUS ${PIPESTATUS[*]}"
true | (exit 3) | true; echo "PIPESTATUS ${PIPESTATUS[*]}"
set -o pipefail; true | (exit 4) | true; echo "pipefail status $?"; set +o pipefail
! (exit 1) | false; echo "negated pipeline: $?"
/bin/sh -c 'exit 9'; echo "external status $?"
/nonexistent/cmd 2>/dev/null; echo "missing command status $?"
echo hi > notexec.sh; chmod -x notexec.sh; ./notexec.sh 2>/dev/null; echo "not executable status $?"
type -t cd; type -t cat; type -t fact 2>/dev/null || echo "fact: not found"; command -v sort

# process substitution and coprocesses
/usr/bin/diff <(printf '1\n2\n3\n') <(printf '1\n3\n') && echo same || echo "diff status $?"
while read -r l; do echo "from procsub: $l"; done < <(printf 'p\nq\n')
echo "to procsub" > >(/usr/bin/tr a-z A-Z); wait $!
coproc UP { /usr/bin/tr a-z A-Z; }
echo "via coproc" >&"${UP[1]}"; exec {UP[1]}>&-; read -r line <&"${UP[0]}"; wait "$UP_PID"; echo "$line (coproc status $?)"

# eval and source in the current shell; exec replaces the shell in a subshell
eval 'e1=eval; e2=${e1}ed'; echo "$e2"
echo 'sourced_var=from-file; return 5; echo unreachable' > lib.sh
. ./lib.sh; echo "source status $? var $sourced_var"
( exec /bin/echo "exec'd in a subshell" ); echo "still here"
