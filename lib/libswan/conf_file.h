/*
 * What ipsec_conf*.c and secrets.c share (internal to libswan): reading
 * a file whole, include paths with globbing, lines, and an error list.
 */
#ifndef CONF_FILE_H
#define CONF_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Includes nest at most this deep (libreswan's limit too); a loop hits it. */
#define CONF_INCLUDE_DEPTH 10
/* Largest file read; configuration files are far smaller. */
#define CONF_FILE_MAX (1024 * 1024)
/* Errors kept; later ones are counted in one last message. */
#define CONF_ERRORS_MAX 20

/* Messages "FILE:LINE: text", in the order found, without duplicates. */
struct conf_errors {
	char **msgs;
	size_t len;
	size_t dropped;	/* errors past CONF_ERRORS_MAX */
};

/* line 0 gives "FILE: text". */
void conf_error(struct conf_errors *e, const char *file, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* All messages joined with newlines (NULL when none); empties the list. */
char *conf_errors_take(struct conf_errors *e);
void conf_errors_free(struct conf_errors *e);

/*
 * A whole regular file, NUL-terminated, read with one allocation so that
 * no stray copy of a secret is left in freed memory; the caller wipes it
 * when it held secrets.  NULL on error (recorded against from_file:line,
 * or against path itself when from_file is NULL).  *mode gets the
 * permission bits when mode is not NULL.
 */
char *conf_read_file(const char *path, struct conf_errors *e, const char *from_file,
		     unsigned from_line, mode_t *mode);

/*
 * The files an "include PATTERN" line names: PATTERN relative to the
 * including file's directory, glob-expanded and sorted.  A pattern with
 * wildcards may match nothing; one without is returned as is so that
 * opening it reports the problem.  Free with conf_paths_free.
 */
char **conf_include_paths(const char *including_file, const char *pattern, size_t *n);
void conf_paths_free(char **paths, size_t n);

/*
 * The next line of text at *cursor, NUL-terminated in place with a
 * trailing CR dropped; false at the end.
 */
bool conf_next_line(char **cursor, char **line);

#endif
