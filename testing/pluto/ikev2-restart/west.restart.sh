ipsec --logfile "$OUTDIR/$HOST/pluto.log" restart
ipsec status | grep -E '^(pluto|#)'
ipsec auto --up west-east
ipsec status | grep -E '^(pluto|#)'
