ipsec stop
unbound-control -c unbound.conf stop
# what pluto logged about names, each line once (retries repeat them)
sed -E 's/^[A-Z][a-z]{2} [0-9]{2} [0-9:.]+: //' "$OUTDIR/$HOST/pluto.log" | grep -E 'DNS|resolv' | sed -E 's/ \(attempt [0-9]+\); retrying in [0-9]+s$/ (retrying)/' | sort -u
# the test resolver answered from its zones only: it never recursed
grep -o ' 0 recursions' "$OUTDIR/$HOST/unbound.log"
