"$REPO/testing/peers/charon.sh" swanctl --list-sas | grep -E 'ESTABLISHED' | sed -E 's/, [0-9a-f]{16}_i.*//' | sort
# what charon saw: our certificate, signature and CERTREQ (matched to its CA)
grep -E "authentication of|signature|received cert request" "$OUTDIR/$HOST/charon.log" | sed -E 's/^.*\[[A-Z]+\] //' | sort -u
