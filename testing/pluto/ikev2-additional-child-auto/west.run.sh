for i in 1 2 3 4 5 6 7 8 9 10; do [ "$(ipsec status | grep -c 'Child SA of')" = 2 ] && break; sleep 0.3; done
ipsec status | grep -E '^#'
