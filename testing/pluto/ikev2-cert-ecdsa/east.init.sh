# the test PKI (made once per scenario, by whichever host comes first)
testcerts ecdsa $OUTDIR/certs
ipsec initnss >/dev/null
ipsec import --password test $OUTDIR/certs/$HOST.p12
certutil -M -d sql:/var/lib/ipsec/nss -n ca -t CT,,
ipsec listcerts
. "$REPO/testing/pluto/common/start.sh"
