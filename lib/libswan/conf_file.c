/* Reading configuration files: whole files, includes, lines, errors. */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chunk.h"
#include "conf_file.h"

void conf_error(struct conf_errors *e, const char *file, unsigned line, const char *fmt, ...)
{
	char text[512], msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (line > 0)
		snprintf(msg, sizeof(msg), "%s:%u: %s", file, line, text);
	else
		snprintf(msg, sizeof(msg), "%s: %s", file, text);
	for (size_t i = 0; i < e->len; i++) {
		if (strcmp(e->msgs[i], msg) == 0)
			return;	/* a %default value is seen by every conn */
	}
	if (e->len >= CONF_ERRORS_MAX) {
		e->dropped++;
		return;
	}
	e->msgs = xrealloc(e->msgs, (e->len + 1) * sizeof(*e->msgs));
	e->msgs[e->len++] = xstrdup(msg);
}

char *conf_errors_take(struct conf_errors *e)
{
	if (e->len == 0)
		return NULL;
	size_t n = 64;
	for (size_t i = 0; i < e->len; i++)
		n += strlen(e->msgs[i]) + 1;
	char *out = xmalloc(n);
	size_t pos = 0;
	for (size_t i = 0; i < e->len; i++)
		pos += (size_t)snprintf(out + pos, n - pos, "%s%s", i > 0 ? "\n" : "", e->msgs[i]);
	if (e->dropped > 0)
		snprintf(out + pos, n - pos, "\n(%zu more errors)", e->dropped);
	conf_errors_free(e);
	return out;
}

void conf_errors_free(struct conf_errors *e)
{
	for (size_t i = 0; i < e->len; i++)
		free(e->msgs[i]);
	free(e->msgs);
	*e = (struct conf_errors){ .msgs = NULL };
}

/* Report against the including line when there is one. */
static void read_error(struct conf_errors *e, const char *path, const char *from_file,
		       unsigned from_line, const char *what)
{
	if (from_file != NULL)
		conf_error(e, from_file, from_line, "include %s: %s", path, what);
	else
		conf_error(e, path, 0, "%s", what);
}

static char *read_all(int fd, size_t size, const char *path, struct conf_errors *e,
		      const char *from_file, unsigned from_line)
{
	char *text = xmalloc(size + 1);
	size_t got = 0;
	while (got < size) {
		ssize_t r = read(fd, text + got, size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			read_error(e, path, from_file, from_line, strerror(errno));
			wipe(text, size + 1);
			free(text);
			return NULL;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	text[got] = '\0';
	if (memchr(text, '\0', got) != NULL) {
		read_error(e, path, from_file, from_line, "contains a NUL byte (not a text file?)");
		wipe(text, size + 1);
		free(text);
		return NULL;
	}
	return text;
}

char *conf_read_file(const char *path, struct conf_errors *e, const char *from_file,
		     unsigned from_line, mode_t *mode)
{
	/*
	 * Look before opening: opening a FIFO can hang and opening some
	 * devices has effects, and an include glob may name anything.
	 * O_NONBLOCK covers a file swapped for a FIFO in between.
	 */
	struct stat st;
	if (stat(path, &st) != 0) {
		read_error(e, path, from_file, from_line, strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		read_error(e, path, from_file, from_line, "not a regular file");
		return NULL;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		read_error(e, path, from_file, from_line, strerror(errno));
		return NULL;
	}
	char *text = NULL;
	if (fstat(fd, &st) != 0)
		read_error(e, path, from_file, from_line, strerror(errno));
	else if (!S_ISREG(st.st_mode))
		read_error(e, path, from_file, from_line, "not a regular file");
	else if (st.st_size > CONF_FILE_MAX)
		read_error(e, path, from_file, from_line, "file too large");
	else
		text = read_all(fd, (size_t)st.st_size, path, e, from_file, from_line);
	if (text != NULL && mode != NULL)
		*mode = st.st_mode & 07777;
	close(fd);
	return text;
}

char **conf_include_paths(const char *including_file, const char *pattern, size_t *n)
{
	char *full;
	if (pattern[0] == '/') {
		full = xstrdup(pattern);
	} else {
		char *copy = xstrdup(including_file);
		const char *dir = dirname(copy);
		full = xmalloc(strlen(dir) + strlen(pattern) + 2);
		sprintf(full, "%s/%s", dir, pattern);
		free(copy);
	}
	char **paths;
	if (strpbrk(full, "*?[") == NULL) {
		paths = xmalloc(sizeof(*paths));
		paths[0] = full;
		*n = 1;
		return paths;
	}
	glob_t g;
	*n = 0;
	paths = NULL;
	if (glob(full, 0, NULL, &g) == 0) {
		paths = xmalloc(g.gl_pathc * sizeof(*paths));
		for (size_t i = 0; i < g.gl_pathc; i++)
			paths[i] = xstrdup(g.gl_pathv[i]);
		*n = g.gl_pathc;
		globfree(&g);
	}
	free(full);
	return paths;
}

void conf_paths_free(char **paths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

bool conf_next_line(char **cursor, char **line)
{
	char *p = *cursor;
	if (p == NULL || *p == '\0')
		return false;
	char *nl = strchr(p, '\n');
	if (nl != NULL) {
		*nl = '\0';
		*cursor = nl + 1;
	} else {
		*cursor = p + strlen(p);
	}
	size_t len = strlen(p);
	if (len > 0 && p[len - 1] == '\r')
		p[len - 1] = '\0';
	*line = p;
	return true;
}
