# one rotation (checked every second), not two
sleep 5.5
grep -o 'ticket keys rotated.*' "$OUTDIR/$HOST/pluto.log"
ipsec status | grep '^tickets:'
