"$REPO/testing/pluto/common/nss-certs.sh" west
. "$REPO/testing/pluto/common/start.sh"
. "$REPO/testing/pluto/common/route.sh"
