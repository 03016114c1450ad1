ipsec stop
# every protected exchange fragmented, before the IKE SA rekey
sed -n '1,/IKE SA rekeyed/p' "$OUTDIR/$HOST/pluto.log" | grep -E 'sent as|reassembled' | sed -E -e 's/^.*: #[0-9]+: //' -e 's/ [0-9]+ (sent|from)/ \1/' -e 's/ \([0-9]+ octets[^)]*\)$//' | sort | uniq -c
# and after it, on the new IKE SA (fragmentation negotiated once, kept)
sed -n '/IKE SA rekeyed/,$p' "$OUTDIR/$HOST/pluto.log" | grep -E 'sent as|reassembled' | sed -E -e 's/^.*: #[0-9]+: //' -e 's/ [0-9]+ (sent|from)/ \1/' -e 's/ \([0-9]+ octets[^)]*\)$//' | sort | uniq -c
