/* ipsec.secrets lookup: the most specific PSK for a pair of IDs. */
#include "secrets.h"

/* How specifically an entry matches; higher wins. */
enum specificity {
	NO_MATCH,
	MATCH_DEFAULT,	/* no index, or wildcards only */
	MATCH_ONE,	/* one of the two IDs named */
	MATCH_BOTH,	/* both IDs named */
};

/* 2: index i is exactly id; 1: index i is %any; 0: no match. */
static int index_match(const struct secret_entry *e, size_t i, const struct ike_id *id)
{
	if (ike_id_is_any(&e->ids[i]))
		return 1;
	return ike_id_eq(&e->ids[i], id) ? 2 : 0;
}

static enum specificity match(const struct secret_entry *e, const struct ike_id *local,
			      const struct ike_id *remote)
{
	if (e->nr_ids == 0)
		return MATCH_DEFAULT;
	if (e->nr_ids == 1) {
		/* one index: it names the local end; the peer is not considered */
		switch (index_match(e, 0, local)) {
		case 2: return MATCH_ONE;
		case 1: return MATCH_DEFAULT;
		default: return NO_MATCH;
		}
	}
	/*
	 * Local and remote must match two different indices, so that
	 * "%any @road" is about @road and not about any pair at all; the
	 * best such choice counts its exact matches.
	 */
	enum specificity best = NO_MATCH;
	for (size_t i = 0; i < e->nr_ids; i++) {
		int l = index_match(e, i, local);
		for (size_t j = 0; l > 0 && j < e->nr_ids; j++) {
			int r = j == i ? 0 : index_match(e, j, remote);
			if (r == 0)
				continue;
			enum specificity level = (l == 2) + (r == 2) == 2 ? MATCH_BOTH
						 : (l == 2) + (r == 2) == 1 ? MATCH_ONE
									     : MATCH_DEFAULT;
			if (level > best)
				best = level;
		}
	}
	return best;
}

enum secrets_match secrets_find_psk(const struct secrets *s, const struct ike_id *local,
				    const struct ike_id *remote,
				    const struct secret_entry **found)
{
	const struct secret_entry *best = NULL;
	enum specificity best_level = NO_MATCH;
	bool ambiguous = false;
	*found = NULL;
	for (size_t i = 0; i < s->nr_entries; i++) {
		const struct secret_entry *e = &s->entries[i];
		if (e->kind != SECRET_PSK)
			continue;
		enum specificity level = match(e, local, remote);
		if (level == NO_MATCH || level < best_level)
			continue;
		if (level > best_level) {
			best = e;
			best_level = level;
			ambiguous = false;
		} else if (!secret_eq(secret_bytes(e->psk), secret_bytes(best->psk))) {
			ambiguous = true;
		}
	}
	if (best == NULL)
		return SECRETS_NONE;
	if (ambiguous)
		return SECRETS_AMBIGUOUS;
	*found = best;
	return SECRETS_FOUND;
}
