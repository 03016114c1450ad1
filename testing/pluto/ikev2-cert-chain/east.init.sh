testcerts ecdsa $OUTDIR/certs
ipsec initnss >/dev/null
ipsec import --password test $OUTDIR/certs/east-sub.p12
certutil -M -d sql:/var/lib/ipsec/nss -n ca -t CT,,
ipsec listcerts
. "$REPO/testing/pluto/common/start.sh"
