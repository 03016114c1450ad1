ipsec stop
# one certificate check (the full handshake), none in the resumed IKE_AUTH
grep -E 'authenticated peer|established|CERT|refused' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'
