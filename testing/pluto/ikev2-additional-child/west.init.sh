. "$REPO/testing/pluto/common/start.sh"
