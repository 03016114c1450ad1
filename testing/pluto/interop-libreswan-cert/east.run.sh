"$REPO/testing/peers/libreswan.sh" whack --name west-east --initiate > "$OUTDIR/$HOST/initiate.log" 2>&1
grep -c 'established Child SA' "$OUTDIR/$HOST/initiate.log"
# through the tunnel: client subnet to client subnet
ping -n -c 2 -i 0.2 -W 2 -I 198.51.100.129 198.51.100.1
xfrm-counters
