hostname
ip addr show
ip route show
# sorted: the order of equal-length routes (fe80::/64 on two links) varies
ip -6 route show | sort
cat /etc/ipsec.conf
stat -c '%a %n' /etc/ipsec.secrets
echo "$TESTNAME on $HOST"
test -d "$OUTDIR/$HOST" && echo "log folder: \$OUTDIR/$HOST"
echo west was here > /run/marker
