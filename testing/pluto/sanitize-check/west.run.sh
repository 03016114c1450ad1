echo "2024-05-06T07:08:09.123456Z pluto[4242]: started"
echo "May  6 07:08:09 west pluto[4242]: established in 12.3ms, 0.25s in total"
echo "clock 07:08:09.123456, lifetime 3600s, timeout 10s"
echo "IKE SA #3 SPIi=0123456789abcdef SPIr=fedcba9876543210, replaces #1"
echo "ESP SA #4 inbound spi 0x1a2b3c4d, outbound 0xdeadbeef"
echo "Ni 5c2b9e1d4a7f30c6e8b1d2f4a6c8e0b2 cookie 0x00112233445566778899aabbccddeeff"
echo "  00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff"
echo "  00112233 44556677 8899aabb"
echo "key 01:23:45:67:89:ab:cd:ef:01 but MAC 02:00:00:00:01:01 stays"
echo "from 192.0.2.2:54321 to 192.0.2.1:500; [2001:db8::2]:60001 to [2001:db8::1]:4500; port 40000, port 500"
echo "pid 1234, pid=99 in /tmp/tmp.AbC123xyz"
echo "logs in $OUTDIR/$HOST/pluto.log, config $TESTDIR/west.conf, tool $REPO/testing"
echo "without asking: 1024 bytes in 3 packets"
echo "on request: 1024 bytes in 3 packets, bytes=2048 packets=4"   # sanitize: counters
printf '%s\n' "    RX:  bytes packets errors" "         1234      12      0"   # sanitize: counters
echo '#2: "west-east", type=ESP, add_time=1733340000, inBytes=0, outBytes=0, inPackets=0, outPackets=0'
echo '#2: "west-east", type=ESP, add_time=0, inBytes=84, outBytes=168, inPackets=1, outPackets=2'   # sanitize: counters
echo "session-tag $RANDOM"
