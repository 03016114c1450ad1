cp "$TESTDIR/west.secrets" /etc/ipsec.secrets
kill -HUP "$(cat /run/pluto/pluto.pid)"
sleep 0.3
