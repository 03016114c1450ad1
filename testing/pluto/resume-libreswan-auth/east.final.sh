grep -o 'AUTH.*' "$OUTDIR/$HOST/pluto.log"
ipsec status
ipsec stop
