ipsec stop
grep -E 'established|deleted|no PSK|initiat' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'
