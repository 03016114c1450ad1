install -m 600 -D "$OUTDIR/cluster-ticket.keys" /var/lib/ipsec/ticket.keys
rm "$OUTDIR/cluster-ticket.keys"
. "$REPO/testing/pluto/common/start.sh"
ipsec status | grep '^tickets:'
