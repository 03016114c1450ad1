/* Our proposals to and from SA payloads (proposals.h). */
#include <stdio.h>
#include <string.h>

#include "proposals.h"

void proposals_to_sa(const struct proposals *ps, bool ike, struct bytes spi, struct ikev2_sa *sa)
{
	memset(sa, 0, sizeof(*sa));
	for (size_t i = 0; i < ps->n; i++) {
		const struct proposal *p = &ps->p[i];
		ikev2_sa_add_proposal(sa, ike ? IKEV2_PROTO_IKE : IKEV2_PROTO_ESP, spi);
		for (size_t j = 0; j < p->n_encr; j++) {
			const struct encr_desc *e = encr_by_id(p->encr[j]);
			unsigned bits = p->encr_bits[j] != 0 ? p->encr_bits[j] : e->default_key_bits;
			ikev2_sa_add_transform(sa, IKEV2_TRANS_ENCR, p->encr[j], (uint16_t)bits);
		}
		if (ike)
			for (size_t j = 0; j < p->n_prf; j++)
				ikev2_sa_add_transform(sa, IKEV2_TRANS_PRF, p->prf[j], 0);
		for (size_t j = 0; j < p->n_integ; j++)
			ikev2_sa_add_transform(sa, IKEV2_TRANS_INTEG, p->integ[j], 0);
		for (size_t j = 0; j < p->n_dh; j++)
			ikev2_sa_add_transform(sa, IKEV2_TRANS_DH, p->dh[j], 0);
		if (!ike)
			ikev2_sa_add_transform(sa, IKEV2_TRANS_ESN, IKEV2_ESN_NO, 0);
	}
}

static bool in_list(const uint16_t *ids, size_t n, uint16_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

static bool encr_allowed(const struct proposal *op, const struct ikev2_transform *t)
{
	const struct encr_desc *e = encr_by_id(t->id);
	if (e == NULL)
		return false;
	for (size_t i = 0; i < op->n_encr; i++) {
		unsigned want = op->encr_bits[i] != 0 ? op->encr_bits[i] : e->default_key_bits;
		/* a missing Key Length attribute only fits ciphers with a fixed size */
		if (op->encr[i] == t->id && t->key_length == want)
			return true;
	}
	return false;
}

/* What one peer proposal and one of ours agree on; 0 means "none" for a
 * type that must be absent. */
struct pick {
	const struct ikev2_transform *encr, *prf, *integ, *dh, *esn;
	bool integ_none_seen;
};

static bool pick_transforms(const struct ikev2_sa *sa, const struct ikev2_proposal *pp,
			    const struct proposal *op, bool ike, uint16_t prefer_dh, struct pick *pk)
{
	memset(pk, 0, sizeof(*pk));
	for (unsigned i = 0; i < pp->ntransforms; i++) {
		const struct ikev2_transform *t = ikev2_proposal_transform(sa, pp, i);
		if (t->unknown_attribute)
			continue;
		switch (t->type) {
		case IKEV2_TRANS_ENCR:
			if (pk->encr == NULL && encr_allowed(op, t))
				pk->encr = t;
			break;
		case IKEV2_TRANS_PRF:
			if (ike && pk->prf == NULL && in_list(op->prf, op->n_prf, t->id))
				pk->prf = t;
			break;
		case IKEV2_TRANS_INTEG:
			if (t->id == IKEV2_INTEG_NONE)
				pk->integ_none_seen = true;
			else if (pk->integ == NULL && in_list(op->integ, op->n_integ, t->id))
				pk->integ = t;
			break;
		case IKEV2_TRANS_DH:
			if (t->id == IKEV2_DH_NONE || !in_list(op->dh, op->n_dh, t->id))
				break;
			if (pk->dh == NULL || (t->id == prefer_dh && pk->dh->id != prefer_dh))
				pk->dh = t;
			break;
		case IKEV2_TRANS_ESN:
			if (!ike && (pk->esn == NULL || t->id == IKEV2_ESN_NO))
				pk->esn = t;
			break;
		default:
			/* RFC 7296 §3.3.6: a proposal with a transform type we do
			 * not know cannot be accepted */
			return false;
		}
	}
	if (pk->encr == NULL)
		return false;
	bool aead = encr_by_id(pk->encr->id)->aead;
	if (aead && pk->integ != NULL)
		pk->integ = NULL;	/* AEAD: integrity must not be negotiated */
	if (!aead && pk->integ == NULL)
		return false;
	if (ike)
		return pk->prf != NULL && pk->dh != NULL;
	/* ESP: PFS only when we require a group */
	if (op->n_dh > 0 && pk->dh == NULL)
		return false;
	return true;
}

static void echo_choice(const struct ikev2_proposal *pp, const struct pick *pk, struct ikev2_sa *chosen)
{
	memset(chosen, 0, sizeof(*chosen));
	ikev2_sa_add_proposal(chosen, pp->protocol, BYTES(pp->spi, pp->spi_size));
	chosen->proposals[0].number = pp->number;
	const struct ikev2_transform *ts[] = { pk->encr, pk->prf, pk->integ, pk->dh, pk->esn };
	for (size_t i = 0; i < sizeof(ts) / sizeof(ts[0]); i++)
		if (ts[i] != NULL)
			ikev2_sa_add_transform(chosen, ts[i]->type, ts[i]->id, ts[i]->key_length);
}

bool proposals_select_ike(const struct ikev2_sa *peer, const struct proposals *ours, uint16_t prefer_dh,
			  struct ike_algs *algs, struct ikev2_sa *chosen)
{
	for (unsigned i = 0; i < peer->nproposals; i++) {
		const struct ikev2_proposal *pp = &peer->proposals[i];
		if (pp->protocol != IKEV2_PROTO_IKE)
			continue;
		for (size_t j = 0; j < ours->n; j++) {
			struct pick pk;
			if (!pick_transforms(peer, pp, &ours->p[j], true, prefer_dh, &pk))
				continue;
			const struct encr_desc *e = encr_by_id(pk.encr->id);
			*algs = (struct ike_algs){
				.encr = e,
				.encr_key_bits = pk.encr->key_length != 0 ? pk.encr->key_length
									   : (uint16_t)e->default_key_bits,
				.prf = prf_by_id(pk.prf->id),
				/* AEAD: the NONE descriptor, as the crypto layer wants */
				.integ = integ_by_id(pk.integ != NULL ? pk.integ->id : IKEV2_INTEG_NONE),
				.dh = dh_by_id(pk.dh->id),
			};
			echo_choice(pp, &pk, chosen);
			return true;
		}
	}
	return false;
}

bool proposals_select_esp(const struct ikev2_sa *peer, const struct proposals *ours, bool want_pfs,
			  struct child_algs *algs, struct ikev2_sa *chosen, uint32_t *peer_spi)
{
	for (unsigned i = 0; i < peer->nproposals; i++) {
		const struct ikev2_proposal *pp = &peer->proposals[i];
		if (pp->protocol != IKEV2_PROTO_ESP || pp->spi_size != 4)
			continue;
		for (size_t j = 0; j < ours->n; j++) {
			struct pick pk;
			if (!pick_transforms(peer, pp, &ours->p[j], false, 0, &pk))
				continue;
			if (!want_pfs)
				pk.dh = NULL;
			const struct encr_desc *e = encr_by_id(pk.encr->id);
			*algs = (struct child_algs){
				.encr = e,
				.encr_key_bits = pk.encr->key_length != 0 ? pk.encr->key_length
									   : (uint16_t)e->default_key_bits,
				.integ = integ_by_id(pk.integ != NULL ? pk.integ->id : IKEV2_INTEG_NONE),
				.dh = pk.dh != NULL ? dh_by_id(pk.dh->id) : NULL,
				.esn = pk.esn != NULL && pk.esn->id == IKEV2_ESN_YES,
			};
			*peer_spi = (uint32_t)pp->spi[0] << 24 | (uint32_t)pp->spi[1] << 16 |
				    (uint32_t)pp->spi[2] << 8 | pp->spi[3];
			echo_choice(pp, &pk, chosen);
			return true;
		}
	}
	return false;
}

bool proposals_sa_is_single(const struct ikev2_sa *sa)
{
	if (sa->nproposals != 1)
		return false;
	const struct ikev2_proposal *pp = &sa->proposals[0];
	uint8_t seen[8] = { 0 };
	for (unsigned i = 0; i < pp->ntransforms; i++) {
		const struct ikev2_transform *t = ikev2_proposal_transform(sa, pp, i);
		if (t->type >= sizeof(seen) || seen[t->type]++ > 0)
			return false;
	}
	return true;
}

uint16_t proposals_first_dh(const struct proposals *ps)
{
	return ps->n > 0 && ps->p[0].n_dh > 0 ? ps->p[0].dh[0] : 0;
}

bool proposals_allow_dh(const struct proposals *ps, uint16_t group)
{
	for (size_t i = 0; i < ps->n; i++)
		if (in_list(ps->p[i].dh, ps->p[i].n_dh, group))
			return true;
	return false;
}

const char *ike_algs_str(const struct ike_algs *a, char *buf, size_t len)
{
	char e[48], p[48], i[48], d[48];
	bool integ = a->integ != NULL && a->integ->id != IKEV2_INTEG_NONE;
	snprintf(buf, len, "%s-%s%s%s%s%s",
		 ikev2_transform_str(e, sizeof(e), IKEV2_TRANS_ENCR, a->encr->id, a->encr_key_bits),
		 ikev2_transform_str(p, sizeof(p), IKEV2_TRANS_PRF, a->prf->id, 0),
		 integ ? "-" : "",
		 integ ? ikev2_transform_str(i, sizeof(i), IKEV2_TRANS_INTEG, a->integ->id, 0) : "",
		 a->dh != NULL ? "-" : "",
		 a->dh != NULL ? ikev2_transform_str(d, sizeof(d), IKEV2_TRANS_DH, a->dh->id, 0) : "");
	return buf;
}
