# the SA of before the crash is gone, east's new one is up
sleep 0.3
ipsec status | grep -E '^(pluto|#)'
