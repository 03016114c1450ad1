# the test PKI: testing/pluto/certs/README.md
certs=$REPO/testing/pluto/certs/rsa
ipsec initnss >/dev/null
ipsec import --password test $certs/$HOST.p12
certutil -M -d sql:/var/lib/ipsec/nss -n ca -t CT,,
. "$REPO/testing/pluto/common/start.sh"
