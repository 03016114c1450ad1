echo '@west @east : PSK "unterminated' > /etc/ipsec.secrets
ipsec rereadsecrets
ipsec whack --rereadsecrets
