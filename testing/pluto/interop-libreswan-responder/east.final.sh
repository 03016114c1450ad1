# west's Delete removed everything
xfrm-counters
"$REPO/testing/peers/libreswan.sh" stop
