ping -n -c 1 -W 2 192.0.2.2
