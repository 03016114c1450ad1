grep -o '#[0-9]*: .*ticket.*' "$OUTDIR/$HOST/pluto.log"
ipsec status
ipsec stop
