# Redirections, file descriptors, files in the scratch cwd, globbing, read loops
echo first > out.txt; echo second >> out.txt; printf 'third\n' >> out.txt
/bin/cat out.txt; /usr/bin/wc -l < out.txt
echo "to stderr" 2> err.txt 1>&2; echo "stderr file has $(/usr/bin/wc -c < err.txt) bytes"
{ echo out; echo err >&2; } > both.txt 2>&1; /bin/cat both.txt
{ echo out; echo err >&2; } &> amp.txt; /usr/bin/sort amp.txt | /usr/bin/paste -sd' '
ls_missing=$( /bin/ls does-not-exist 2>&1 >/dev/null | /usr/bin/wc -l ); echo "stderr through pipe: $ls_missing line"
set -o noclobber; { echo clobber > out.txt; } 2>/dev/null || echo "noclobber refused"; echo forced >| out.txt; set +o noclobber
echo "now: $(< out.txt)"

# explicit descriptors: exec, duplication, closing, named fds, read/write mode
exec 3> fd3.txt; echo "via fd 3" >&3; echo "more" >&3; exec 3>&-
exec 4< fd3.txt; read -r l1 <&4; read -r l2 <&4; exec 4<&-; echo "read back: $l1 / $l2"
exec {auto}> auto.txt; echo "auto fd is >= 10: $(( auto >= 10 ))"; echo "named fd" >&$auto; exec {auto}>&-
/bin/cat auto.txt
echo 0123456789 > rw.txt; exec 5<> rw.txt; read -rn 4 head <&5; echo -n XY >&5; exec 5>&-; echo "$head $(< rw.txt)"
exec 6>&1; exec > redirected.txt; echo "this goes to a file"; exec 1>&6 6>&-; echo "stdout restored: $(< redirected.txt)"
cat < /dev/null; echo "empty stdin ok"; : > truncated.txt; echo "truncated size $(/usr/bin/stat -c %s truncated.txt)"

# files: tests, globbing (sorted by strcoll in the C locale), mkdir/rm, noglob/nullglob/dotglob
mkdir -p dir/sub; touch dir/b.txt dir/a.txt dir/C.txt dir/.hidden dir/sub/deep.txt
echo dir/*; echo dir/*.txt; echo dir/[ab]*; echo dir/**/*.txt
shopt -s globstar; echo "globstar:" dir/**/*.txt; shopt -u globstar
shopt -s dotglob; echo "dotglob:" dir/*; shopt -u dotglob
echo "no match:" dir/*.none; shopt -s nullglob; echo "nullglob:" dir/*.none; shopt -u nullglob
set -f; echo "noglob:" dir/*; set +f
for f in dir/*.txt; do [[ -f $f && -r $f && ! -x $f ]] && echo -n "${f##*/} "; done; echo
[[ -d dir/sub && -e dir/b.txt && ! -e dir/none && -s out.txt && ! -s dir/a.txt ]] && echo "file tests ok"
[[ dir/a.txt -ef dir/sub/../a.txt ]] && echo "same file"
chmod 750 dir/a.txt; echo "mode $(/usr/bin/stat -c %a dir/a.txt)"; ln -s a.txt dir/link; [[ -L dir/link ]] && echo "symlink to $(/bin/readlink dir/link)"
cd dir/sub && echo "cd: ${PWD##*/}" && cd - > /dev/null && echo "back: $([[ $PWD == "$HOME" ]] && echo yes)"
pushd dir > /dev/null; pushd sub > /dev/null; echo "dirs: ${#DIRSTACK[@]}"; popd > /dev/null; popd > /dev/null
rm -r dir; [[ -e dir ]] || echo "removed"
umask 027; : > masked.txt; echo "umask $(umask) -> $(/usr/bin/stat -c %a masked.txt)"

# read loops
printf 'alice:30:admin\nbob:25:user\ncarol:35:user\n' > users.txt
while IFS=: read -r name age role; do echo "$name is $age ($role)"; done < users.txt
total=0; while IFS=: read -r _ age _; do (( total += age )); done < users.txt; echo "total age $total"
printf 'no newline at end' > partial.txt; while read -r line || [[ -n $line ]]; do echo "got: $line"; done < partial.txt
mapfile -t lines < users.txt; echo "mapfile: ${#lines[@]} lines, last ${lines[-1]}"
readarray -t -s 1 -n 1 one < users.txt; echo "readarray slice: ${one[*]}"
read -r -d '' -a words <<< "multi
line   words"; echo "words: ${#words[@]}"
printf 'a\0b c\0' | while IFS= read -r -d '' item; do echo "nul item [$item]"; done
read -rn 3 chars <<< "abcdef"; echo "read -n: $chars"
IFS= read -r raw <<< '  back\slash  '; echo "raw: [$raw]"
read -r notraw <<< '  back\slash  '; echo "trimmed: [$notraw]"
exec 7< users.txt; while read -r -u 7 line; do echo "fd7: ${line%%:*}"; done; exec 7<&-
{ read -r h; while read -r l; do echo "body: $l"; done; } < <(printf 'header\nb1\nb2\n'); echo "header was $h"
