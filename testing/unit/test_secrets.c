/* ipsec.secrets: secret forms, entries, include, PSK lookup precedence. */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "secrets.h"
#include "unit.h"

static char tmpdir[64];

static void tmp_make(void)
{
	strcpy(tmpdir, "/tmp/test_secrets.XXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		exit(2);
	}
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static void tmp_remove(void)
{
	nftw(tmpdir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
}

static const char *tmp_write(const char *name, const char *text, mode_t mode)
{
	static char path[256];
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");
	if (f == NULL) {
		perror(path);
		exit(2);
	}
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
	return path;
}

static struct secrets *parse_ok(const char *text)
{
	char *errors = NULL;
	struct secrets *s = secrets_parse("test.secrets", text, &errors);
	if (s == NULL) {
		fprintf(stderr, "  unexpected errors:\n%s\n", errors);
		unit_fail(__FILE__, __LINE__, "parse_ok");
	}
	free(errors);
	return s;
}

static bool parse_fails(const char *text, const char *want)
{
	char *errors = NULL;
	struct secrets *s = secrets_parse("test.secrets", text, &errors);
	bool ok = s == NULL && errors != NULL && strstr(errors, want) != NULL;
	if (!ok)
		fprintf(stderr, "  wanted \"%s\", got: %s\n", want, errors != NULL ? errors : "(none)");
	secrets_free(s);
	free(errors);
	return ok;
}

static bool psk_is(const struct secret_entry *e, struct bytes want)
{
	return e != NULL && e->kind == SECRET_PSK && secret_eq(secret_bytes(e->psk), want);
}

#define TEXT(s) BYTES(s, strlen(s))

static void test_secret_forms(void)
{
	struct secrets *s = parse_ok(
		"@a @b : PSK \"quoted # not a comment\"\n"
		"@a @c : PSK 0x0123_4567_89AB_cdef\n"
		"@a @d : PSK 0X00ff\n"
		"@a @e : PSK 0sYmFzZTY0\n"
		"@a @f : PSK 0sYmFzZTY=\n"
		"@a @g : PSK 0sYmFzZQ==\n"
		"@a @h : PSK 0tplain#text\n");
	CHECK(s->nr_entries == 7);
	CHECK(psk_is(&s->entries[0], TEXT("quoted # not a comment")));
	CHECK(psk_is(&s->entries[1], unit_hex("0123456789abcdef")));
	CHECK(psk_is(&s->entries[2], unit_hex("00ff")));
	CHECK(psk_is(&s->entries[3], TEXT("base64")));
	CHECK(psk_is(&s->entries[4], TEXT("base6")));
	CHECK(psk_is(&s->entries[5], TEXT("base")));
	CHECK(psk_is(&s->entries[6], TEXT("plain#text")));
	CHECK(s->entries[0].nr_ids == 2 && s->entries[0].line == 1);
	CHECK(strcmp(s->entries[6].file, "test.secrets") == 0 && s->entries[6].line == 7);
	CHECK(s->notes == NULL);
	secrets_free(s);
}

static void test_secret_forms_refused(void)
{
	static const struct {
		const char *secret, *want;
	} bad[] = {
		{ "0x", "empty 0x hex secret" },
		{ "0x123", "odd number of digits" },
		{ "0xSECRETzz", "bad digit in 0x hex secret" },
		{ "0x_0102", "misplaced '_'" },
		{ "0x0102_", "misplaced '_'" },
		{ "0x01__02", "misplaced '_'" },
		{ "0s", "empty 0s base64 secret" },
		{ "0sSECRETx", "not made of 4-character groups" },
		{ "0sSECR*TAB", "bad character in 0s base64 secret" },
		{ "0sSE=CRETS", "bad" },
		{ "0sS===", "bad character" },
		{ "0sSE==SECR", "bad character" },
		{ "0t", "empty 0t secret" },
		{ "\"\"", "empty secret" },
		{ "SECRETbare", "a secret is written \"in double quotes\"" },
		{ "\"SECRET open", "unterminated double quote" },
		{ "\"SECRET\"x", "white space needed after a closing double quote" },
		{ "\"SECRET one\" \"SECRET two\"", "more than one secret" },
		{ "", "PSK without a secret" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char text[256];
		snprintf(text, sizeof(text), "# comment\n@a @b : PSK %s\n", bad[i].secret);
		CHECK(parse_fails(text, "test.secrets:2: "));
		CHECK(parse_fails(text, bad[i].want));
		/* an error never shows the secret */
		char *errors = NULL;
		CHECK(secrets_parse("test.secrets", text, &errors) == NULL);
		CHECK(errors != NULL && strstr(errors, "SECR") == NULL);
		free(errors);
	}
	/* too long */
	size_t n = SECRET_MAX + 1;
	char *text = xmalloc(n + 32);
	strcpy(text, ": PSK 0t");
	memset(text + 8, 'k', n);
	text[8 + n] = '\0';
	CHECK(parse_fails(text, "secret too long"));
	text[8 + n - 1] = '\0';
	struct secrets *s = parse_ok(text);
	CHECK(s->entries[0].psk.len == SECRET_MAX);
	secrets_free(s);
	free(text);
}

static void test_entries(void)
{
	struct secrets *s = parse_ok(
		"# the usual forms\n"
		"@west.example @east.example: PSK \"attached colon\"\n"
		"192.0.2.45 \"2001:db8::23\" : PSK \"v6 index quoted\"\n"
		"\n"
		"@multi.example\n"
		"    @line.example\n"
		"  # a comment inside an entry\n"
		"    : PSK\n"
		"\t\"continued\"\n"
		": PSK \"the default\"\n"
		"%any @road.example : PSK \"road\"\n"
		"@key-id : RSA \"west cert\"\n"
		": ECDSA AwEAAbhOpQ1\n"
		": RSA {\n"
		"\tModulus: 0x00\n"
		"\tPublicExponent: 0x03\n"
		"\t}\n"
		"@user : XAUTH \"SECRETxauth\"\n"
		": PPKS \"id\" \"SECRETppk\"\n");
	CHECK(s->nr_entries == 7);
	const struct secret_entry *e = s->entries;
	char buf[IKE_ID_STR_LEN];
	CHECK(psk_is(&e[0], TEXT("attached colon")) && e[0].nr_ids == 2);
	CHECK(strcmp(ike_id_str(&e[0].ids[1], buf, sizeof(buf)), "@east.example") == 0);
	CHECK(psk_is(&e[1], TEXT("v6 index quoted")) && e[1].ids[1].type == IKE_ID_IPV6_ADDR);
	CHECK(psk_is(&e[2], TEXT("continued")) && e[2].nr_ids == 2 && e[2].line == 5);
	CHECK(psk_is(&e[3], TEXT("the default")) && e[3].nr_ids == 0);
	CHECK(psk_is(&e[4], TEXT("road")) && e[4].ids[0].type == IKE_ID_ANY);
	CHECK(e[5].kind == SECRET_RSA && strcmp(e[5].nickname, "west cert") == 0);
	CHECK(e[5].nr_ids == 1 && e[5].psk.ptr == NULL);
	CHECK(e[6].kind == SECRET_ECDSA && strcmp(e[6].nickname, "AwEAAbhOpQ1") == 0);
	/* what was ignored is noted, and the notes never show secrets */
	CHECK(s->notes != NULL);
	CHECK(strstr(s->notes, "test.secrets:14: RSA entry without a single certificate "
			       "nickname ignored") != NULL);
	CHECK(strstr(s->notes, "test.secrets:18: XAUTH entry ignored") != NULL);
	CHECK(strstr(s->notes, "test.secrets:19: PPKS entry ignored") != NULL);
	CHECK(strstr(s->notes, "SECRET") == NULL);
	secrets_free(s);
}

static void test_entry_errors(void)
{
	CHECK(parse_fails("@a @b PSK \"SECRETx\"\n", "test.secrets:1: no ':' in entry"));
	CHECK(parse_fails("@a @b : \"SECRETx\"\n",
			  "test.secrets:1: expected PSK, RSA or ECDSA after ':'"));
	CHECK(parse_fails("@a @b : PKS \"SECRETx\"\n", "expected PSK, RSA or ECDSA"));
	CHECK(parse_fails("@a @b :\n", "expected PSK, RSA or ECDSA"));
	CHECK(parse_fails("west.example @b : PSK \"x\"\n",
			  "test.secrets:1: index west.example: neither an IP address nor an ID"));
	CHECK(parse_fails("@a\n  bad..name : PSK \"x\"\n", "test.secrets:2: index bad..name"));
	CHECK(parse_fails("  @a @b : PSK \"x\"\n", "test.secrets:1: indented line outside an entry"));
	CHECK(parse_fails(": PSK \"x\"\n\n# c\n   @c : PSK \"y\"\n@d : PSK\n",
			  "test.secrets:5: PSK without a secret"));
	CHECK(parse_fails("include\n", "test.secrets:1: expected \"include FILE\""));
	/* a line error drops the whole entry, once */
	char *errors = NULL;
	CHECK(secrets_parse("t", "@a : PSK \"open\n   more\n@b : PSK 0xzz\n", &errors) == NULL);
	CHECK(errors != NULL && strstr(errors, "t:1: unterminated double quote") != NULL &&
	      strstr(errors, "t:3: bad digit") != NULL && strstr(errors, "t:2") == NULL);
	free(errors);
}

static struct ike_id id(const char *text)
{
	struct ike_id i;
	if (ike_id_parse(text, &i) != NULL)
		unit_fail(__FILE__, __LINE__, text);
	return i;
}

/* The PSK found for local/remote, as text ("" for none, "?" if ambiguous). */
static const char *lookup(const struct secrets *s, const char *local, const char *remote)
{
	static char out[64];
	struct ike_id l = id(local), r = id(remote);
	const struct secret_entry *e;
	enum secrets_match m = secrets_find_psk(s, &l, &r, &e);
	ike_id_free(&l);
	ike_id_free(&r);
	if (m == SECRETS_NONE)
		return "";
	if (m == SECRETS_AMBIGUOUS)
		return "?";
	snprintf(out, sizeof(out), "%.*s", (int)e->psk.len, (const char *)e->psk.ptr);
	return out;
}

#define LOOKUP_IS(s, l, r, want) CHECK(strcmp(lookup(s, l, r), want) == 0)

static void test_matching(void)
{
	struct secrets *s = parse_ok(
		": PSK \"default\"\n"
		"@gw : PSK \"gw-only\"\n"
		"@gw @road1 : PSK \"gw-road1\"\n"
		"@road2 @gw : PSK \"road2-gw\"\n"
		"%any @road3 : PSK \"any-road3\"\n"
		"@gw %any : PSK \"gw-any\"\n"
		"@x @y : PSK \"xy\"\n"
		"192.0.2.1 192.0.2.2 : PSK \"by-address\"\n"
		"@gw : RSA \"gwcert\"\n");
	/* both named beats one named beats default; order in the file is irrelevant */
	LOOKUP_IS(s, "@gw", "@road1", "gw-road1");
	LOOKUP_IS(s, "@road1", "@gw", "gw-road1");	/* symmetric: either end may look */
	LOOKUP_IS(s, "@gw", "@road2", "road2-gw");
	/* @gw + %any and %any + @road3 are both "one named": they disagree */
	LOOKUP_IS(s, "@gw", "@road3", "?");
	/* "@gw" alone and "@gw %any" both name one end, and disagree */
	LOOKUP_IS(s, "@gw", "@stranger", "?");
	LOOKUP_IS(s, "@other", "@road3", "any-road3");
	/* "%any @road3" does not cover a pair without @road3 */
	LOOKUP_IS(s, "@nobody", "@stranger", "default");
	LOOKUP_IS(s, "@x", "@y", "xy");
	LOOKUP_IS(s, "@y", "@x", "xy");
	/* a single index names the local end only */
	LOOKUP_IS(s, "@stranger", "@x", "default");
	LOOKUP_IS(s, "192.0.2.2", "192.0.2.1", "by-address");
	LOOKUP_IS(s, "192.0.2.2", "192.0.2.3", "default");
	/* FQDN comparison ignores case and a trailing dot */
	LOOKUP_IS(s, "@X.", "@Y", "xy");
	secrets_free(s);

	/* no default: nothing found */
	s = parse_ok("@a @b : PSK \"ab\"\n");
	LOOKUP_IS(s, "@a", "@c", "");
	LOOKUP_IS(s, "@c", "@a", "");
	LOOKUP_IS(s, "@a", "@b", "ab");
	secrets_free(s);

	/* equal matches that agree are fine; wildcards only count as default */
	s = parse_ok("@a @b : PSK \"same\"\n@b @a : PSK \"same\"\n%any %any : PSK \"wild\"\n"
		     "%any : PSK \"lone any\"\n");
	LOOKUP_IS(s, "@a", "@b", "same");
	LOOKUP_IS(s, "@q", "@r", "?");		/* two defaults that disagree */
	secrets_free(s);
	s = parse_ok("%any %any : PSK \"wild\"\n@gw : PSK \"gw\"\n");
	LOOKUP_IS(s, "@q", "@r", "wild");
	LOOKUP_IS(s, "@gw", "@r", "gw");
	secrets_free(s);
}

static void test_include_and_files(void)
{
	tmp_make();
	char dir[128];
	snprintf(dir, sizeof(dir), "%s/secrets.d", tmpdir);
	mkdir(dir, 0700);
	tmp_write("ipsec.secrets", "@a @b : PSK \"main\"\ninclude secrets.d/*.secrets\n"
		  "include none/*.secrets\n", 0600);
	tmp_write("secrets.d/2.secrets", "@c @d : PSK 0x0102\n", 0600);
	tmp_write("secrets.d/1.secrets", "@e @f : PSK 0sAQI=\n", 0644);
	char path[256];
	snprintf(path, sizeof(path), "%s/ipsec.secrets", tmpdir);
	char *errors = NULL;
	struct secrets *s = secrets_load(path, &errors);
	CHECK(s != NULL && errors == NULL);
	if (s != NULL) {
		CHECK(s->nr_entries == 3);
		CHECK(psk_is(&s->entries[1], unit_hex("0102")) &&
		      strstr(s->entries[1].file, "secrets.d/1.secrets") != NULL);
		CHECK(psk_is(&s->entries[2], unit_hex("0102")));
		CHECK(s->notes != NULL && strstr(s->notes, "1.secrets: readable by group or others") != NULL);
		CHECK(strstr(s->notes, "2.secrets") == NULL);
	}
	secrets_free(s);

	tmp_write("bad.secrets", "@a @b : PSK \"x\"\ninclude sub/missing.secrets\n", 0600);
	snprintf(path, sizeof(path), "%s/bad.secrets", tmpdir);
	CHECK(secrets_load(path, &errors) == NULL);
	CHECK(errors != NULL && strstr(errors, "bad.secrets:2: include ") != NULL &&
	      strstr(errors, "missing.secrets: No such file or directory") != NULL);
	free(errors);

	tmp_write("loop.secrets", "include loop.secrets\n", 0600);
	snprintf(path, sizeof(path), "%s/loop.secrets", tmpdir);
	CHECK(secrets_load(path, &errors) == NULL);
	CHECK(errors != NULL && strstr(errors, "nested more than 10 deep") != NULL);
	free(errors);

	tmp_write("err.secrets", ": PSK \"ok\"\n@a : PSK 0x1\n", 0600);
	snprintf(path, sizeof(path), "%s/err.secrets", tmpdir);
	CHECK(secrets_load(path, &errors) == NULL);
	CHECK(errors != NULL && strstr(errors, "err.secrets:2: odd number of digits") != NULL);
	free(errors);
	tmp_remove();
}

static void test_sample_secrets(void)
{
	char *errors = NULL;
	struct secrets *s = secrets_load("configs/ipsec.secrets", &errors);
	if (errors != NULL)
		fprintf(stderr, "%s\n", errors);
	CHECK(s != NULL && s->nr_entries > 0);
	if (s != NULL) {
		struct ike_id w = id("@west.example"), e = id("@east.example");
		const struct secret_entry *found;
		CHECK(secrets_find_psk(s, &w, &e, &found) == SECRETS_FOUND);
		ike_id_free(&w);
		ike_id_free(&e);
	}
	secrets_free(s);
	free(errors);
}

UNIT_MAIN(UNIT(test_secret_forms), UNIT(test_secret_forms_refused), UNIT(test_entries),
	  UNIT(test_entry_errors), UNIT(test_matching), UNIT(test_include_and_files),
	  UNIT(test_sample_secrets))
