"$REPO/testing/peers/libreswan.sh" stop
