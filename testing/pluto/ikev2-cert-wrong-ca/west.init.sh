testcerts ecdsa $OUTDIR/certs
ipsec initnss >/dev/null
ipsec import --password test $OUTDIR/certs/west.p12
ipsec import --password test $OUTDIR/certs/west-rogue.p12
ipsec import --password test $OUTDIR/certs/west-rsa.p12
certutil -M -d sql:/var/lib/ipsec/nss -n ca -t CT,,
. "$REPO/testing/pluto/common/start.sh"
