xfrm-counters
# charon initiates with its RSA certificate; west (responder) verifies it
"$REPO/testing/peers/charon.sh" swanctl --initiate --child east-rsa > "$OUTDIR/$HOST/initiate.log" 2>&1
tail -n 1 "$OUTDIR/$HOST/initiate.log"
grep -E "authentication of" "$OUTDIR/$HOST/initiate.log" | sed -E 's/^.*\[[A-Z]+\] //'
ping -n -c 2 -i 0.2 -W 2 -I 198.51.100.129 198.51.100.1
xfrm-counters
