# set -e, traps (EXIT, ERR, RETURN, INT via kill -INT $$, USR1), exit from nested functions and
# subshells (bash longjmps to its top level), and the script's own exit status
trap 'echo "EXIT trap, status $?"' EXIT

# set -e: a failing simple command ends a subshell; conditions and || do not trigger it
( set -e; echo "set -e start"; false; echo "not reached" ); echo "set -e subshell status $?"
( set -e; false || echo "|| keeps going"; if false; then :; fi; ! true; while false; do :; done; echo "conditions ok" )
( set -e; f() { false; echo "not reached in f"; }; f; echo "not reached after f" ); echo "set -e in function: $?"
( set -e; f() { false; echo "reached: errexit ignored in a condition"; }; f || true )
( set -e; x=$(false); echo "not reached after failing assignment" ); echo "failed assignment: $?"
( set -eo pipefail; false | true; echo "not reached with pipefail" ); echo "pipefail: $?"
( set -u; echo "${undefined_var}"; echo "not reached" ) 2>/dev/null; echo "set -u: $?"

# ERR and RETURN traps, errtrace
( trap 'echo "ERR trap at line $LINENO, status $?"' ERR; false; (exit 5); true )
( set -E; trap 'echo "ERR in ${FUNCNAME[0]:-main}"' ERR; g() { false; }; g )
( r() { trap 'echo "RETURN from r"' RETURN; return 2; }; r; echo "r returned $?" )

# signals: a trapped signal runs the handler and the script goes on; trap -p shows the traps;
# ignored signals stay ignored in subshells; an untrapped TERM kills a subshell
trap 'echo "caught INT"; got_int=1' INT
kill -INT $$; echo "after kill -INT: got_int=${got_int-0}"
trap 'echo "caught USR1"' USR1; kill -USR1 $$; kill -s USR1 $$
trap -p INT USR1
trap - INT USR1
trap '' TERM; ( kill -TERM $BASHPID; echo "TERM ignored in subshell" ); trap - TERM
( trap 'echo "subshell INT trap"; exit 3' INT; kill -INT $BASHPID; echo "not reached" ); echo "subshell trap exit: $?"
( kill -TERM $BASHPID; echo "not reached" ); echo "subshell killed by TERM: $? ($(kill -l $(( $? - 128 ))))"
( trap 'echo "subshell EXIT trap"' EXIT; exit 4 ); echo "subshell with EXIT trap: $?"

# exit from deep inside functions and subshells
level3() { echo "level3 exiting with $1"; exit "$1"; }
level2() { level3 "$1"; echo "not reached 2"; }
level1() { level2 "$1"; echo "not reached 1"; }
( level1 11 ); echo "nested exit in subshell: $?"
out=$(level1 12); echo "nested exit in comsub: $? ($out)"
loop_exit() { for i in 1 2 3; do while :; do (( i == 2 )) && exit 13; break; done; done; }
( loop_exit ); echo "exit from loops: $?"
ret() { return 300; }; ret; echo "return 300 wraps to $?"
( exit -1 ); echo "exit -1 is $?"
( exit 256 ); echo "exit 256 is $?"
( builtin_err() { cd /nonexistent 2>/dev/null; return; }; builtin_err ); echo "return without value keeps status: $?"

echo "exiting from nested functions with 3"
fin2() { exit 3; }
fin1() { fin2; }
fin1
echo "not reached"
