ipsec auto --up road-east
sleep 3.5
