grep -E 'rekey|replaces|deleted' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'
ipsec stop
sed -n '/IKE SA rekeyed\|replaces/,$p' "$OUTDIR/$HOST/pluto.log" | grep -E 'sent as|reassembled' | sed -E -e 's/^.*: #[0-9]+: //' -e 's/ [0-9]+ (sent|from)/ \1/' -e 's/ \([0-9]+ octets[^)]*\)$//' | sort | uniq -c
