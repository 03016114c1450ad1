#!/bin/sh
# nss-certs.sh NAME...: our daemon's NSS database with the test PKI's
# NAME.p12 (key, certificate and CA; testing/pluto/certs/README.md)
# imported, the CA (nickname "ca") trusted to issue peer certificates
certs=$REPO/testing/pluto/certs/ecdsa
ipsec initnss >/dev/null
for name in "$@"; do
	ipsec import --password test "$certs/$name.p12"
done
certutil -M -d sql:/var/lib/ipsec/nss -n ca -t CT,,
