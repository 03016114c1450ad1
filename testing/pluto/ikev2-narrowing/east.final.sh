ipsec status | grep -E '^#'
ipsec stop
grep -E 'TS_UNACCEPTABLE|traffic selector|narrow' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'
