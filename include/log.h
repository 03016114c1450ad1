/*
 * Logging for the programs.  Libraries report failures through return
 * values and reason strings; only programs decide where lines go.
 *
 * Secrets are never logged unless the operator asked for it with the
 * debug category "private" (log_private).
 */
#ifndef LOG_H
#define LOG_H

#include <stdbool.h>
#include <stdio.h>

enum log_level {
	LOG_LEVEL_ERROR,
	LOG_LEVEL_WARN,
	LOG_LEVEL_INFO,
	LOG_LEVEL_DEBUG,
};

enum log_dest {
	LOG_DEST_STDERR,
	LOG_DEST_SYSLOG,
	LOG_DEST_FILE,
};

/* prog: syslog ident and line prefix; path only for LOG_DEST_FILE. */
bool log_open(const char *prog, enum log_dest dest, const char *path);
void log_close(void);
void log_set_debug(bool on);
void log_set_private(bool on);
bool log_debugging(void);
bool log_private(void);
/* Prefix every line with a wall-clock timestamp (file/stderr only). */
void log_set_timestamps(bool on);

/* File logging is block-buffered so a busy gateway does not pay one
 * write() per line; the daemon flushes after each batch of work and on a
 * short timer, and errors are written at once. */
void log_flush(void);

void log_line(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_error(...) log_line(LOG_LEVEL_ERROR, __VA_ARGS__)
#define log_warn(...) log_line(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_info(...) log_line(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_debug(...) \
	do { if (log_debugging()) log_line(LOG_LEVEL_DEBUG, __VA_ARGS__); } while (0)

#endif
