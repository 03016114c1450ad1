ipsec status | grep -E '^#'
ipsec stop
grep -E 'secrets|AUTHENTICATION_FAILED|established' "$OUTDIR/$HOST/pluto.log" | sed 's/^[A-Z][a-z][a-z] [0-9][0-9] [0-9:.]*: //'
