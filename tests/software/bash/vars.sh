# Variables, arithmetic, indexed and associative arrays, string operations, printf
name="World"; empty=
echo "hello, $name" "${empty:-default}" "${unset_var-unset}" "${name:+set}"
: "${assigned:=now}"; echo "assigned=$assigned"
readonly RO=1; declare -i n=6*7; declare -u up=shout; declare -l low=QUIET
echo "n=$n up=$up low=$low RO=$RO"

# arithmetic: 64-bit wrap, division, modulo, bases, ternary, comma, pre/post increment
echo $(( 2**62 * 2 )) $(( 9223372036854775807 + 1 )) $(( -7 / 2 )) $(( -7 % 3 )) $(( 7 % -3 ))
echo $(( 0xff )) $(( 0777 )) $(( 2#101101 )) $(( 36#zz )) $(( 64#_ ))
i=5; echo $(( i++ )) $(( ++i )) $(( i-- )) $i $(( i > 3 ? 100 : 200 )) $(( a=3, b=4, a*b ))
echo $(( 1 << 40 )) $(( -1 >> 3 )) $(( ~0 )) $(( 5 & 3 | 8 ^ 2 )) $(( !0 && 1 || 0 ))
let "x = 10 ** 3" "y = x / 7"; echo "x=$x y=$y"
(( z = 17 )); (( z % 2 )) && echo "z odd"

# RANDOM is bash's own generator: same sequence for the same seed everywhere
RANDOM=12345; echo "random: $RANDOM $RANDOM $RANDOM"

# indexed arrays: sparse, negative index, slices, append, unset, keys
a=(zero one two three four)
a[10]=ten; a+=(eleven)
echo "${#a[@]} ${a[-1]} ${a[@]:1:3} keys: ${!a[*]}"
unset 'a[2]'; echo "${a[*]}" "${#a[@]}"
b=("${a[@]/#/<}"); echo "${b[@]/%/>}"
declare -a sorted; IFS=$'\n' sorted=($(printf '%s\n' pear apple fig banana | /usr/bin/sort)); unset IFS
echo "sorted: ${sorted[*]}"
declare -p sorted

# associative arrays
declare -A color=([apple]=red [banana]=yellow [grape]=purple)
color[lime]=green; color+=([plum]=purple)
for k in $(printf '%s\n' "${!color[@]}" | /usr/bin/sort); do printf '%-7s %s\n' "$k" "${color[$k]}"; done
echo "count=${#color[@]} has-fig=${color[fig]+yes}${color[fig]-no}"
unset 'color[grape]'; echo "after unset: ${#color[@]}"
declare -A counts=(); for w in a b a c b a; do (( counts[$w]++ )); done
echo "a=${counts[a]} b=${counts[b]} c=${counts[c]}"

# string operations
s="The quick brown fox jumps over the lazy dog"
echo "${#s} ${s:4:5} ${s: -3} ${s:(-8):4}"
echo "${s#* }" "|" "${s##* }" "|" "${s% *}" "|" "${s%% *}"
echo "${s/o/0}" "|" "${s//o/0}" "|" "${s/#The/A}" "|" "${s/%dog/cat}"
echo "${s^^}" "|" "${s,,}" "|" "${s^}" "|" "${s~~}"
path=/usr/local/lib/libfoo.so.1.2; echo "${path##*/} ${path%/*} ${path##*.}"
v="it's \"quoted\""; echo "${v@Q}"; printf '%q\n' "a b\$c'd"
ref=name; echo "indirect: ${!ref}"; declare -n nr=name; nr="Bash"; echo "nameref: $name"
prefix_one=1 prefix_two=2; echo "names: ${!prefix_@}"
set -- alpha beta gamma; echo "$# $2 ${@:2} ${*: -1}"; shift; echo "$*"
IFS=, read -r -a parts <<< "x,y,,z"; echo "${#parts[@]}: ${parts[*]}"
[[ "abc123def" =~ ^([a-z]+)([0-9]+) ]] && echo "match: ${BASH_REMATCH[0]} ${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
[[ apple < banana ]] && echo "apple < banana"
[[ foo.txt == *.txt && ! bar == b?z ]] && echo "glob patterns"
shopt -s extglob; f=file.tar.gz; echo "${f%%.@(tar|gz)*}" "${f//+([a-z])/X}"

# printf
printf '%5d|%-5d|%05d|%x|%X|%o|%#x|%+d\n' 42 42 42 255 255 8 255 7
printf '%.3f|%10.2f|%-8.1e|%g|%g\n' 3.14159265 2.5 12345.678 0.0001 1e20
printf '%s-%s\n' a b c d e
printf '%c%c|%5s|%-5s|%.2s\n' hello world abc abc abcdef
printf '%b\n' 'tab\there' 'nl\\n' '\0101\x42'
printf -v out '%03d' 7; echo "printf -v: $out"
printf '%(%Y-%m-%d %H:%M:%S)T\n' 86400 1700000000
printf '%d\n' "'A" 0x10 -0
