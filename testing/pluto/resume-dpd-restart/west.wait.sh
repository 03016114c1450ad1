# probe after 2s idle, unanswered for 4s, then the resume
for i in $(seq 40); do ipsec status | grep -q 'resumed' && break; sleep 0.5; done
grep -E 'not answering|resuming|established' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'
ipsec status
