kill -9 "$(cat /run/pluto/pluto.pid)"
sleep 0.2
ipsec --logfile "$OUTDIR/$HOST/pluto.log" start
