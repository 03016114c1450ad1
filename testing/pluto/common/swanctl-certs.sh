#!/bin/sh
# swanctl-certs.sh NAME...: strongSwan's credentials from the test PKI's
# NAME.p12 (testing/pluto/certs/README.md) as /etc/swanctl/x509/NAME.pem
# and private/NAME.key, the CA in x509ca/, and the scenario's
# east.swanctl.conf next to them (where swanctl looks for credentials)
certs=$REPO/testing/pluto/certs/ecdsa
mkdir -p /etc/swanctl/x509 /etc/swanctl/x509ca /etc/swanctl/private
for name in "$@"; do
	openssl pkcs12 -in "$certs/$name.p12" -passin pass:test -nokeys -clcerts -out "/etc/swanctl/x509/$name.pem" &&
	openssl pkcs12 -in "$certs/$name.p12" -passin pass:test -nocerts -nodes -out "/etc/swanctl/private/$name.key" ||
		{ echo "swanctl-certs: $name.p12 not extracted"; exit 1; }
done
cp "$certs/ca.pem" /etc/swanctl/x509ca/ca.pem
cp "$TESTDIR/east.swanctl.conf" /etc/swanctl/swanctl.conf
