ipsec stop
# the operator replaces the key file: pluto makes a new key at start
mv /var/lib/ipsec/ticket.keys /tmp/ticket.keys.old
ipsec --logfile "$OUTDIR/$HOST/pluto.log" start
cmp -s /tmp/ticket.keys.old /var/lib/ipsec/ticket.keys || echo "ticket-key file replaced"
ipsec status | grep '^tickets:'
