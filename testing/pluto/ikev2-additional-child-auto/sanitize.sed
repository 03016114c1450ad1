# ipsec start's --initiate of west-east-2 comes before or after the IKE SA
# is up, by timing: its one line differs, the outcome does not
/^"west-east-2": (its Child SA follows once the IKE SA it shares is up|#N: asking for an additional Child SA on IKE SA #N)$/d
