. "$REPO/testing/pluto/common/route.sh"
"$REPO/testing/peers/charon.sh" start "$TESTDIR/east.swanctl.conf"
