# IKE_AUTH with certificates is fragmented (RFC 7383) by default; the
# number of fragments depends on the sizes of the certificates made at run time
s/^messages: [0-9]+ received, [0-9]+ sent/messages: N received, N sent/
