/* Distinguished-name IDs through NSS (see ike_id_dn.h). */
#include <stdio.h>
#include <string.h>

#include <cert.h>
#include <nss.h>
#include <secasn1.h>

#include "ike_id_dn.h"

/*
 * NSS reads and writes names in RFC 4514 order (the last RDN of the DER
 * first); ipsec.conf, like libreswan and openssl's -subj, writes them in
 * DER order ("C=CA, O=Example, CN=west").  So the RDN list is reversed
 * after parsing and before printing.
 */
static void reverse_rdns(CERTName *name)
{
	size_t n = 0;
	while (name->rdns != NULL && name->rdns[n] != NULL)
		n++;
	for (size_t i = 0; i < n / 2; i++) {
		CERTRDN *t = name->rdns[i];
		name->rdns[i] = name->rdns[n - 1 - i];
		name->rdns[n - 1 - i] = t;
	}
}

const char *ike_id_dn_parse(const char *text, struct ike_id *out)
{
	*out = (struct ike_id){ .type = IKE_ID_UNSET };
	if (!NSS_IsInitialized())
		return "distinguished-name IDs need NSS, which is not initialised here";
	CERTName *name = CERT_AsciiToName(text);
	if (name == NULL)
		return "not a distinguished name (expected e.g. \"C=CA, O=Example, CN=west\")";
	reverse_rdns(name);
	SECItem der = { siBuffer, NULL, 0 };
	const char *why = NULL;
	if (SEC_ASN1EncodeItem(NULL, &der, name, SEC_ASN1_GET(CERT_NameTemplate)) == NULL)
		why = "cannot encode the distinguished name";
	else if (der.len > IKE_ID_BODY_MAX)
		why = "distinguished name too long";
	else
		*out = (struct ike_id){ .type = IKE_ID_DER_ASN1_DN, .body = chunk_clone(BYTES(der.data, der.len)) };
	SECITEM_FreeItem(&der, PR_FALSE);
	CERT_DestroyName(name);
	return why;
}

/* NSS's text of a DER name (PORT_Free it), or NULL. */
static char *dn_text(struct bytes der)
{
	if (!NSS_IsInitialized() || der.len == 0)
		return NULL;
	PLArenaPool *arena = PORT_NewArena(1024);
	if (arena == NULL)
		return NULL;
	CERTName name = { 0 };
	SECItem item = { siBuffer, (unsigned char *)der.ptr, (unsigned)der.len };
	char *text = NULL;
	if (SEC_QuickDERDecodeItem(arena, &name, SEC_ASN1_GET(CERT_NameTemplate), &item) == SECSuccess) {
		reverse_rdns(&name);
		text = CERT_NameToAscii(&name);
	}
	PORT_FreeArena(arena, PR_FALSE);
	if (text != NULL && text[0] == '\0') {
		PORT_Free(text);
		text = NULL;
	}
	return text;
}

bool ike_id_dn_str(struct bytes der, char *buf, size_t len)
{
	char *text = dn_text(der);
	if (text == NULL || len == 0) {
		PORT_Free(text);
		return false;
	}
	snprintf(buf, len, "%s", text);
	PORT_Free(text);
	return true;
}

bool ike_id_dn_eq(struct bytes a, struct bytes b)
{
	if (bytes_eq(a, b))
		return true;
	char *ta = dn_text(a), *tb = dn_text(b);
	bool eq = ta != NULL && tb != NULL && strcmp(ta, tb) == 0;
	PORT_Free(ta);
	PORT_Free(tb);
	return eq;
}
