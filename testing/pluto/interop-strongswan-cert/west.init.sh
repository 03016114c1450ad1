"$REPO/testing/pluto/common/nss-certs.sh" west west-rsa
. "$REPO/testing/pluto/common/start.sh"
