# this scenario's own rule: a value only it prints
s/^(session-tag) [0-9]+$/\1 N/
