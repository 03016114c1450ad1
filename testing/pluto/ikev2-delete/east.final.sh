ipsec stop
grep -E 'established|deleted' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'
# debug lines ("| whack: status") only where plutodebug= asks for them
grep -q ' | whack: ' "$OUTDIR/$HOST/pluto.log" && echo "debug logging: on" || echo "debug logging: off"
