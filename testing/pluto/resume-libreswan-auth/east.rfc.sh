grep -o 'accepted a ticket.*' "$OUTDIR/$HOST/pluto.log"
ipsec status | grep resumed
# east alone back to the RFC's AUTH: the next resume must fail
sed -i '/session-resumption-auth=/d' /etc/ipsec.conf
ipsec auto --replace west-east
