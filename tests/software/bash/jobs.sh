# Background jobs: wait for one, for all, for the next (wait -n), their exit statuses, killed
# jobs, jobs writing to files, and a job pipeline
sleeper() { /usr/bin/sleep "$1"; return "$2"; }
sleeper 0.2 3 & p1=$!
sleeper 0.1 4 & p2=$!
( exit 5 ) & p3=$!
wait $p1; echo "job 1 status $?"
wait $p2; echo "job 2 status $?"
wait $p3; echo "job 3 status $?"
wait $p3; echo "waiting again for a reaped job: $?"

# wait with no arguments waits for all and returns 0; each job wrote its own file
for i in 1 2 3 4; do ( /usr/bin/sleep 0.$i; echo "job $i done" > job$i.txt; exit $i ) & done
wait; echo "wait all: $?"; /bin/cat job1.txt job2.txt job3.txt job4.txt

# wait -n returns the status of a finished job not yet waited for, before one still running (held
# on a FIFO). The kill -0 loops wait until bash has reaped the quick job: wait -n in bash 5.2 misses
# a job that ends just as it starts (natively too) and would wait for the held one forever.
/usr/bin/mkfifo gate
( read -r _ < gate; exit 21 ) & slow=$!
( exit 22 ) & quick=$!
while kill -0 $quick 2>/dev/null; do :; done
wait -n; echo "wait -n: $?"
echo go > gate; wait $slow; echo "slow job: $?"

# wait -p names the job that finished (compared with its pid, not printed)
( exit 23 ) & fast=$!
while kill -0 $fast 2>/dev/null; do :; done
wait -n -p finished; st=$?; [[ $finished == "$fast" ]] && echo "wait -p: the fast job, status $st"

# killed jobs: the status is 128 + signal
/usr/bin/sleep 30 & victim=$!
kill -TERM $victim; wait $victim; echo "killed sleep: $? ($(kill -l $(( $? - 128 ))))"
( trap 'exit 40' USR1; : > ready; while :; do /usr/bin/sleep 0.05; done ) & trapper=$!
until [[ -e ready ]]; do /usr/bin/sleep 0.05; done
kill -USR1 $trapper; wait $trapper; echo "job that traps USR1: $?"
( /usr/bin/sleep 30 ) & sub=$!
# (bash reports the kill with the job's pid on stderr)
kill -KILL $sub; wait $sub 2>/dev/null; echo "killed subshell: $?"

# a background pipeline and a background function; $! and jobs -p refer to the last one
printf '%s\n' 3 1 2 | /usr/bin/sort -n > sorted.txt & wait $!; echo "sorted: $(/usr/bin/paste -sd' ' sorted.txt)"
bg_func() { local s=0; for n in "$@"; do (( s += n )); done; echo "sum $s" > sum.txt; return 7; }
bg_func 1 2 3 4 & wait $!; echo "bg function: $? $(< sum.txt)"
/usr/bin/sleep 30 & last=$!; [[ $(jobs -p | /usr/bin/tail -1) == "$last" ]] && echo "jobs -p lists the last job"
kill $last; wait
echo "jobs left: $(jobs -p | /usr/bin/wc -l)"

# many short jobs at once
for i in $(seq 1 20); do ( exit $(( i % 7 )) ) & pids[i]=$!; done
sum=0; for i in $(seq 1 20); do wait ${pids[i]}; (( sum += $? )); done; echo "sum of 20 statuses: $sum"
