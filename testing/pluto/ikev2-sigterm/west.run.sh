ipsec auto --up west-east
pid=$(cat /run/pluto/pluto.pid)
# the capability bits left (as numbers: a 16-digit mask would be
# sanitised away): 10 NET_BIND_SERVICE, 12 NET_ADMIN, 13 NET_RAW
for set in CapEff CapPrm; do m=$((16#$(awk -v s=$set: '$1 == s { print $2 }' /proc/$pid/status))); printf '%s:' $set; for b in $(seq 0 63); do [ $(( (m >> b) & 1 )) = 1 ] && printf ' %s' $b; done; echo; done
echo "kernel SAs: $(ip xfrm state | grep -c '^src'), policies: $(ip xfrm policy | grep -c '^[[:space:]]*dir ')"
stat -c '%A %U %G' /run/pluto/pluto.ctl
kill -TERM $pid
for i in $(seq 50); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
kill -0 $pid 2>/dev/null && echo "pluto still running" || echo "pluto has exited"
ls /run/pluto/
echo "kernel SAs: $(ip xfrm state | grep -c '^src'), policies: $(ip xfrm policy | grep -c '^[[:space:]]*dir ')"
