ipsec auto --up west-east
pid=$(cat /run/pluto/pluto.pid)
# effective capabilities: bits 12 (NET_ADMIN), 10 (NET_BIND_SERVICE), 13 (NET_RAW)
grep -E '^Cap(Eff|Prm):' /proc/$pid/status
stat -c '%A %U %G' /run/pluto/pluto.ctl
kill -TERM $pid
for i in $(seq 50); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
kill -0 $pid 2>/dev/null && echo "pluto still running" || echo "pluto has exited"
ls /run/pluto/
