ipsec status | grep -E '^#'
