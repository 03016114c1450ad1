# probe after 1s idle, unanswered for 3s, then the SAs are cleared
for i in $(seq 40); do ipsec status | grep -q ESTABLISHED || break; sleep 0.5; done
grep -E 'not answering|would delete|initiating' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/; s/^.*kernel(none): /kernel(none): /'
ipsec status
