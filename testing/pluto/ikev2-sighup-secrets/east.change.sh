echo '@west @east : PSK "a new secret for both"' > /etc/ipsec.secrets
ipsec rereadsecrets
