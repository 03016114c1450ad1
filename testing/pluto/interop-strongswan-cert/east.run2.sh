# charon initiates with its RSA certificate; west (responder) verifies it
"$REPO/testing/peers/charon.sh" swanctl --initiate --child east-rsa > $OUTDIR/$HOST/initiate.log 2>&1
grep -E "authentication of" $OUTDIR/$HOST/initiate.log | sed -E 's/^.*\[[A-Z]+\] //'
