"$REPO/testing/peers/charon.sh" swanctl --list-sas | grep -E 'ESTABLISHED|INSTALLED' | sed -E 's/, [0-9a-f]{16}_i.*//; s/, reqid [0-9]+//'
xfrm-counters
# what charon verified: our certificate's subject and signature
grep -E "authentication of" "$OUTDIR/$HOST/charon.log" | sed -E 's/^.*\[[A-Z]+\] //' | sort -u
