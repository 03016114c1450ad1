ping -n -c 2 -i 0.2 -W 2 192.0.2.2
ping -n -c 2 -i 0.2 -W 2 2001:db8::2
