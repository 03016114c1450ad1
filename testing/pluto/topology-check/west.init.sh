hostname
ip addr show
ip route show
ip -6 route show
cat /etc/ipsec.conf
stat -c '%a %n' /etc/ipsec.secrets
echo "$TESTNAME on $HOST"
test -d "$OUTDIR/$HOST" && echo "log folder: \$OUTDIR/$HOST"
echo west was here > /run/marker
