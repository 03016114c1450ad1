# east's ECDSA and RSA certificates, the CA and east.swanctl.conf in /etc/swanctl
"$REPO/testing/pluto/common/swanctl-certs.sh" east east-rsa
"$REPO/testing/peers/charon.sh" start /etc/swanctl/swanctl.conf
