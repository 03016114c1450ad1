# how many attempts and how long the back-off depends on timing
s/\(attempt [0-9]+\); retrying in [0-9]+s/(attempt N); retrying in Ns/
