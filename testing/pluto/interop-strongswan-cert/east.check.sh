"$REPO/testing/peers/charon.sh" swanctl --list-sas | grep -E 'ESTABLISHED' | sed -E 's/, [0-9a-f]{16}_i.*//' | sort
# what charon saw: our certificate and signature
grep -E "authentication of|RFC 7427|signature" "$OUTDIR/$HOST/charon.log" | sed -E 's/^.*\[[A-Z]+\] //' | sort -u
