# east hands its ticket keys to the cluster, then dies
install -m 600 /var/lib/ipsec/ticket.keys "$OUTDIR/cluster-ticket.keys"
kill -9 "$(cat /run/pluto/pluto.pid)"
