# the test PKI: testing/pluto/certs/README.md
certs=$REPO/testing/pluto/certs/ecdsa
ipsec initnss >/dev/null
ipsec import --password test $certs/west.p12
certutil -M -d sql:/var/lib/ipsec/nss -n ca -t CT,,
. "$REPO/testing/pluto/common/start.sh"
. "$REPO/testing/pluto/common/route.sh"
