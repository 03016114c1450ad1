# the test PKI: testing/pluto/certs/README.md
certs=$REPO/testing/pluto/certs/ecdsa
# east's certificate, key and the CA where swanctl looks for them
mkdir -p /etc/swanctl/x509 /etc/swanctl/x509ca /etc/swanctl/private
openssl pkcs12 -in $certs/east.p12 -passin pass:test -nokeys -clcerts -out /etc/swanctl/x509/east.pem
openssl pkcs12 -in $certs/east.p12 -passin pass:test -nocerts -nodes -out /etc/swanctl/private/east.key
openssl pkcs12 -in $certs/east-rsa.p12 -passin pass:test -nokeys -clcerts -out /etc/swanctl/x509/east-rsa.pem
openssl pkcs12 -in $certs/east-rsa.p12 -passin pass:test -nocerts -nodes -out /etc/swanctl/private/east-rsa.key
cp $certs/ca.pem /etc/swanctl/x509ca/ca.pem
# swanctl looks for credentials next to its configuration file
cp $TESTDIR/east.swanctl.conf /etc/swanctl/swanctl.conf
. "$REPO/testing/pluto/common/route.sh"
"$REPO/testing/peers/charon.sh" start /etc/swanctl/swanctl.conf
