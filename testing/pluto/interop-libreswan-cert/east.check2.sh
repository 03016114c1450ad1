xfrm-counters
# what libreswan verified, as initiator and as responder: our certificate
# and ECDSA signature
grep -o -E '(initiator|responder) established IKE SA; authenticated peer .*' "$OUTDIR/$HOST/libreswan.log" | sort
