"$REPO/testing/peers/charon.sh" stop
