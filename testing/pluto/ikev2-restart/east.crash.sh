# a crash: no DELETE reaches west
kill -9 "$(cat /run/pluto/pluto.pid)"
sleep 0.2
sed -i 's/auto=add/auto=start/' /etc/ipsec.conf
ipsec --logfile "$OUTDIR/$HOST/pluto.log" start
for i in $(seq 50); do ipsec status | grep -q 'Child SA of' && break; sleep 0.1; done
ipsec status | grep -E '^(pluto|#)'
