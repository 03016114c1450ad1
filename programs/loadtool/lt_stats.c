/* Counts, latency percentiles and the gateway's CPU (loadtool.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loadtool.h"

/*
 * utime + stime, fields 14 and 15 of /proc/<pid>/stat, counted after the
 * ")" that ends the command name (which may hold spaces).
 */
double lt_proc_cpu(int pid)
{
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return -1;
	size_t len = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[len] = '\0';
	char *p = strrchr(buf, ')');
	if (p == NULL)
		return -1;
	unsigned long utime = 0, stime = 0;
	/* after ")": state(3) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime */
	if (sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime) != 2)
		return -1;
	return (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
}

double lt_proc_schedstat(int pid)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/schedstat", pid);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return -1;
	unsigned long long ns = 0;
	int n = fscanf(f, "%llu", &ns);
	fclose(f);
	return n == 1 ? (double)ns / 1e9 : -1;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of sorted values. */
double lt_percentile(double *sorted, size_t n, double p)
{
	if (n == 0)
		return NAN;
	size_t rank = (size_t)ceil(p / 100.0 * (double)n);
	return sorted[rank == 0 ? 0 : rank - 1];
}

void lt_stats_compute(struct lt_phase_stats *s, const struct lt_client *clients, unsigned n,
		      const double *latencies)
{
	double *ok_lat = xmalloc(sizeof(double) * (n > 0 ? n : 1));
	size_t nok = 0;
	s->n = n;
	for (unsigned i = 0; i < n; i++) {
		const struct lt_client *c = &clients[i];
		bool ok = c->outcome == LT_OK || c->outcome == LT_FALLBACK_OK;
		s->ok += ok;
		s->resumed += c->outcome == LT_OK && c->resuming;
		s->nacked += c->nacked;
		s->fallback += c->fell_back;
		s->fallback_ok += c->outcome == LT_FALLBACK_OK;
		/* a resume that timed out and fell back counts as a time-out too */
		s->timeout += (c->outcome == LT_TIMEOUT) + (c->fell_back && !c->nacked);
		s->failed += c->outcome == LT_FAILED;
		s->child_failed += ok && !c->child_ok;
		if (ok && !isnan(latencies[i]))
			ok_lat[nok++] = latencies[i];
	}
	qsort(ok_lat, nok, sizeof(double), cmp_double);
	s->p50 = lt_percentile(ok_lat, nok, 50);
	s->p90 = lt_percentile(ok_lat, nok, 90);
	s->p99 = lt_percentile(ok_lat, nok, 99);
	s->max = nok > 0 ? ok_lat[nok - 1] : NAN;
	free(ok_lat);
}

void lt_stats_print(FILE *f, const struct lt_phase_stats *s)
{
	double rate = s->wall > 0 ? s->ok / s->wall : 0;
	double per_sa = s->ok > 0 && s->gw_cpu >= 0 ? s->gw_cpu / s->ok : NAN;
	double per_sa_ns = s->ok > 0 && s->gw_cpu_ns >= 0 ? s->gw_cpu_ns / s->ok : NAN;
	fprintf(f, "%s: %u clients: %u ok (%u resumed), %u TICKET_NACK, %u time-outs, %u fall-backs "
		"(%u ok), %u failed, %u lost, %u without Child SA, %u retransmits\n",
		s->label, s->n, s->ok, s->resumed, s->nacked, s->timeout, s->fallback, s->fallback_ok,
		s->failed, s->n - s->ok, s->child_failed, s->retransmits);
	fprintf(f, "%s: %.3f s wall, %.1f SAs/s; latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
		s->label, s->wall, rate, s->p50 * 1e3, s->p90 * 1e3, s->p99 * 1e3, s->max * 1e3);
	if (s->gw_cpu >= 0)
		fprintf(f, "%s: gateway CPU %.2f s (/proc/pid/stat), %.3f s (schedstat): %.3f ms per SA\n",
			s->label, s->gw_cpu, s->gw_cpu_ns, per_sa_ns * 1e3);
	/* one machine-readable line for scripts */
	fprintf(f, "RESULT label=%s n=%u ok=%u resumed=%u nack=%u timeout=%u fallback=%u fallback_ok=%u "
		"failed=%u lost=%u child_failed=%u retransmits=%u wall_s=%.4f sas_per_s=%.1f gw_cpu_s=%.3f "
		"gw_sched_s=%.4f gw_cpu_per_sa_ms=%.4f gw_sched_per_sa_ms=%.4f p50_ms=%.3f p90_ms=%.3f "
		"p99_ms=%.3f max_ms=%.3f\n",
		s->label, s->n, s->ok, s->resumed, s->nacked, s->timeout, s->fallback, s->fallback_ok,
		s->failed, s->n - s->ok, s->child_failed, s->retransmits, s->wall, rate, s->gw_cpu,
		s->gw_cpu_ns, per_sa * 1e3, per_sa_ns * 1e3, s->p50 * 1e3, s->p90 * 1e3, s->p99 * 1e3,
		s->max * 1e3);
}
