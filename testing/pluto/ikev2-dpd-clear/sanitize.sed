s/^messages: [0-9]+ received, [0-9]+ sent/messages: N received, N sent/
