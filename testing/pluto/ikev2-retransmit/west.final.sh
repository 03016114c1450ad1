ipsec stop
# pluto's log once it is closed: the limit was reached, nothing lingers
grep -E 'timed out|giving up|established|deleted' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'
