# west's Delete removed everything
xfrm-counters
"$REPO/testing/peers/charon.sh" stop
