"$REPO/testing/peers/charon.sh" start "$TESTDIR/road.swanctl.conf"
