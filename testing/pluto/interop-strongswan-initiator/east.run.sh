"$REPO/testing/peers/charon.sh" swanctl --initiate --child west-east > "$OUTDIR/$HOST/initiate.log" 2>&1
tail -n 1 "$OUTDIR/$HOST/initiate.log"
# through the tunnel: client subnet to client subnet
ping -n -c 2 -i 0.2 -W 2 -I 198.51.100.129 198.51.100.1
xfrm-counters
