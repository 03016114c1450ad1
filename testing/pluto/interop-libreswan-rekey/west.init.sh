. "$REPO/testing/pluto/common/start.sh"
. "$REPO/testing/pluto/common/route.sh"
