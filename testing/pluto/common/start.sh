# sourced by init scripts: real ESP in the VM, logged SAs on the host
if [ "$TESTMODE" = vm ]; then sed -i 's/protostack=none/protostack=xfrm/' /etc/ipsec.conf; fi
ipsec --logfile "$OUTDIR/$HOST/pluto.log" start
