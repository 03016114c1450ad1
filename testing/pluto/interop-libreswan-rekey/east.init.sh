. "$REPO/testing/pluto/common/route.sh"
"$REPO/testing/peers/libreswan.sh" start "$TESTDIR/east.libreswan.conf" "$TESTDIR/east.libreswan.secrets" west-east
