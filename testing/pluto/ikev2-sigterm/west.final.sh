sed -n '/SIGTERM/,$p' "$OUTDIR/$HOST/pluto.log" | sed 's/^[A-Z][a-z][a-z] [0-9][0-9] [0-9:.]*: //'
