cat /run/marker
# a command spanning lines is echoed whole, then its output
for peer in 192.0.2.2 2001:db8::2; do
	ping -q -n -c 1 -W 2 $peer >/dev/null && echo "$peer answers"
done
