# libreswan's Delete takes the tunnel down on both sides; the conn stays
"$REPO/testing/peers/libreswan.sh" whack --name west-east --terminate > "$OUTDIR/$HOST/terminate.log" 2>&1
sleep 0.5
xfrm-counters
