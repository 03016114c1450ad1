# the test zone, signed now with a fresh key; its DS is pluto's anchor
mkdir -p /tmp/dns
cp secure.example.zone /tmp/dns/
cd /tmp/dns
key=$(ldns-keygen -a ECDSAP256SHA256 -k secure.example)
ldns-signzone secure.example.zone $key
cp $key.ds anchors
# tamper with one signed record: its RRSIG no longer matches
sed -i -E 's/^(tampered\.secure\.example\.\s+60\s+IN\s+A\s+)192\.0\.2\.2$/\1192.0.2.3/' secure.example.zone.signed
grep -cE '^tampered\.secure\.example\.\s.*192\.0\.2\.3$' secure.example.zone.signed
cd "$TESTDIR"
unbound-checkconf unbound.conf
unbound -c unbound.conf >"$OUTDIR/$HOST/unbound.log" 2>&1 &
for i in $(seq 50); do unbound-control -c unbound.conf status >/dev/null 2>&1 && break; sleep 0.1; done
echo "nameserver 127.0.0.1" >/etc/resolv.conf
. "$REPO/testing/pluto/common/start.sh"
