# west's Delete removed everything (give it time to arrive)
sleep 0.5
xfrm-counters
"$REPO/testing/peers/charon.sh" stop
