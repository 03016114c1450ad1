"$REPO/testing/peers/charon.sh" swanctl --initiate --child road-east > "$OUTDIR/$HOST/initiate.log" 2>&1
tail -n 1 "$OUTDIR/$HOST/initiate.log"
# the IKE SA floated to 4500 behind the NAT
"$REPO/testing/peers/charon.sh" swanctl --list-sas | grep -oE 'remote .*@ 192.0.2.2\[[0-9]+\]'
ping -n -c 2 -i 0.2 -W 2 -I 203.0.113.2 198.51.100.129
xfrm-counters
