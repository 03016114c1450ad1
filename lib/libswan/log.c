/* Log lines to stderr, syslog or a file. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "log.h"

static struct {
	const char *prog;
	enum log_dest dest;
	FILE *file;
	bool debug;
	bool private_;
	bool timestamps;
} logger = { .prog = "pluto", .dest = LOG_DEST_STDERR };

bool log_open(const char *prog, enum log_dest dest, const char *path)
{
	log_close();
	logger.prog = prog;
	logger.dest = dest;
	switch (dest) {
	case LOG_DEST_SYSLOG:
		openlog(prog, LOG_PID | LOG_NDELAY, LOG_DAEMON);
		return true;
	case LOG_DEST_FILE:
		logger.file = fopen(path, "a");
		if (logger.file == NULL) {
			logger.dest = LOG_DEST_STDERR;
			return false;
		}
		setvbuf(logger.file, NULL, _IOFBF, 1 << 16);
		return true;
	case LOG_DEST_STDERR:
		return true;
	}
	return false;
}

void log_close(void)
{
	if (logger.dest == LOG_DEST_FILE && logger.file != NULL)
		fclose(logger.file);
	if (logger.dest == LOG_DEST_SYSLOG)
		closelog();
	logger.file = NULL;
	logger.dest = LOG_DEST_STDERR;
}

void log_set_debug(bool on) { logger.debug = on; }
void log_set_private(bool on) { logger.private_ = on; }
void log_set_timestamps(bool on) { logger.timestamps = on; }
bool log_debugging(void) { return logger.debug; }
bool log_private(void) { return logger.private_; }

static int syslog_priority(enum log_level level)
{
	switch (level) {
	case LOG_LEVEL_ERROR: return LOG_ERR;
	case LOG_LEVEL_WARN: return LOG_WARNING;
	case LOG_LEVEL_INFO: return LOG_INFO;
	case LOG_LEVEL_DEBUG: return LOG_DEBUG;
	}
	return LOG_INFO;
}

static const char *level_tag(enum log_level level)
{
	switch (level) {
	case LOG_LEVEL_ERROR: return "ERROR: ";
	case LOG_LEVEL_WARN: return "WARNING: ";
	case LOG_LEVEL_DEBUG: return "| ";
	case LOG_LEVEL_INFO: break;
	}
	return "";
}

/* "Dec 04 23:23:29.587332: ".  A busy daemon logs thousands of lines a
 * second: the date part is formatted once per second, the microseconds
 * by hand. */
static void put_stamp(FILE *f)
{
	static char date[32];
	static time_t date_sec = -1;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	if (ts.tv_sec != date_sec) {
		struct tm tm;
		localtime_r(&ts.tv_sec, &tm);
		if (strftime(date, sizeof(date), "%b %d %H:%M:%S", &tm) == 0)
			date[0] = '\0';
		date_sec = ts.tv_sec;
	}
	char usec[10] = ".000000: ";
	long us = ts.tv_nsec / 1000;
	for (int i = 6; i >= 1; i--, us /= 10)
		usec[i] = (char)('0' + us % 10);
	fputs(date, f);
	fputs(usec, f);
}

void log_line(enum log_level level, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);

	if (logger.dest == LOG_DEST_SYSLOG) {
		syslog(syslog_priority(level), "%s%s", level_tag(level), msg);
		return;
	}
	FILE *f = logger.dest == LOG_DEST_FILE ? logger.file : stderr;
	if (logger.timestamps)
		put_stamp(f);
	fputs(level_tag(level), f);
	fputs(msg, f);
	putc('\n', f);
	if (level <= LOG_LEVEL_WARN)
		fflush(f);
}

void log_flush(void)
{
	if (logger.dest == LOG_DEST_FILE && logger.file != NULL)
		fflush(logger.file);
}
