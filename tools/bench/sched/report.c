// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The scheduler benchmark's statistics, its verdicts against the targets of
 * Documentation/performance.md, the summary table and the JSON report.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "bench.h"

double jain_index(const double *x, unsigned int n)
{
	double sum = 0, sq = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		sum += x[i];
		sq += x[i] * x[i];
	}
	return sq > 0 ? sum * sum / (n * sq) : 1.0;
}

/* Nearest rank of sorted @v. */
double percentile(double *v, size_t n, double p)
{
	size_t rank;

	if (!n)
		return -1;
	rank = (size_t)ceil(p / 100.0 * (double)n);
	if (rank < 1)
		rank = 1;
	return v[rank - 1];
}

const char *demand_name(enum demand d)
{
	switch (d) {
	case DEMAND_BUSY:
		return "busy";
	case DEMAND_BURSTY:
		return "bursty";
	default:
		return "idle";
	}
}

static bool is(const char *a, const char *b)
{
	return !strcmp(a, b);
}

static void judge(struct target *t, const char *name, double value,
		  const char *cmp, double limit)
{
	t->name = name;
	t->value = value;
	t->cmp = cmp;
	t->limit = limit;
	if (value < 0)
		t->verdict = VERDICT_NA;
	else if (is(cmp, ">="))
		t->verdict = value >= limit ? VERDICT_PASS : VERDICT_MISS;
	else
		t->verdict = value <= limit ? VERDICT_PASS : VERDICT_MISS;
}

/*
 * The targets that apply to @r. round_robin (the built-in policy before
 * the scheduler) is judged as a baseline against the best-effort and
 * equal-share targets it would have to meet.
 */
unsigned int report_targets(const struct scenario_result *r, struct target *t)
{
	bool rr = is(r->policy, "round_robin");
	bool be = rr || is(r->policy, "best_effort");
	unsigned int n = 0, i;

	if (r->error[0])
		return 0;
	memset(t, 0, BENCH_MAX_TARGETS * sizeof(*t));
	if ((rr || is(r->policy, "equal_share")) && r->nbusy >= 2)
		judge(&t[n++], "jain_min>=0.99", r->jain_min, ">=", 0.99);
	if (is(r->policy, "fixed_share") && r->nbusy >= 1) {
		double worst = 0;

		for (i = 0; i < r->nvgpus; i++)
			if (r->demand[i] == DEMAND_BUSY &&
			    fabs(r->share[i] - r->fixed_quota) > worst)
				worst = fabs(r->share[i] - r->fixed_quota);
		judge(&t[n++], "fixed_share_dev_pp<=2", 100 * worst, "<=", 2);
	}
	if (be && !is(r->mix, "solo") && !is(r->mix, "alone"))
		judge(&t[n++], "util_pct>=98", r->util_window_min >= 0 ?
		      100 * r->util_window_min : -1, ">=", 98);
	if (r->sched) {
		judge(&t[n], "overhead_pct<=1", r->overhead_pct, "<=", 1);
		if (r->frequency_hz != 960) {
			t[n].verdict = VERDICT_NA;
			snprintf(t[n].note, sizeof(t[n].note),
				 "measured at %lld Hz, target is at 960 Hz",
				 (long long)r->frequency_hz);
		} else if (r->overhead_pct < 0) {
			snprintf(t[n].note, sizeof(t[n].note),
				 "no sched_cpu_ns or busy_ns counter");
		}
		n++;
	}
	if (be && (is(r->mix, "mixed") || is(r->mix, "bursty")) && r->nlat)
		judge(&t[n++], "latency_p99_us<=slice+1ms", r->lat_p99, "<=",
		      (double)r->slice_us + 1000);
	return n;
}

static const char *verdict_name(enum verdict v)
{
	return v == VERDICT_PASS ? "PASS" : v == VERDICT_MISS ? "MISS" : "n/a";
}

void report_summary_header(FILE *f, bool sched)
{
	fprintf(f, "%2s %-12s %-6s | %-21s | %-11s | %-11s | %7s | %6s | %-17s | %s\n",
		"N", "policy", "mix", "busy share% avg[min,max]",
		"Jain min/avg", "util% all/win", "sw/s", "ovh%",
		"lat us p50/p99(n)", "targets");
	if (!sched)
		fprintf(f, "(sw/s and ovh%%: the round robin exports no "
			"switch or scheduler-CPU counters)\n");
}

static void fmt_num(char *buf, size_t size, const char *fmt, double v)
{
	if (v < 0)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, fmt, v);
}

void report_summary_line(FILE *f, const struct scenario_result *r)
{
	struct target t[BENCH_MAX_TARGETS];
	double sum = 0, mn = 1e9, mx = 0;
	char share[40], sw[16], ovh[16], lat[40], jain[24], util[24];
	unsigned int i, n, nt;

	if (r->error[0]) {
		fprintf(f, "%2u %-12s %-6s | not run: %s\n", r->nvgpus,
			r->policy, r->mix, r->error);
		return;
	}
	for (i = n = 0; i < r->nvgpus; i++) {
		if (r->demand[i] != DEMAND_BUSY)
			continue;
		sum += r->share[i];
		mn = fmin(mn, r->share[i]);
		mx = fmax(mx, r->share[i]);
		n++;
	}
	if (n)
		snprintf(share, sizeof(share), "%.2f[%.2f,%.2f]",
			 100 * sum / n, 100 * mn, 100 * mx);
	else
		snprintf(share, sizeof(share), "-");
	if (r->nbusy >= 2)
		snprintf(jain, sizeof(jain), "%.4f/%.4f", r->jain_min,
			 r->jain_mean);
	else
		snprintf(jain, sizeof(jain), "- (%u busy)", r->nbusy);
	snprintf(util, sizeof(util), "%.1f/%.1f", 100 * r->util,
		 r->util_window_min >= 0 ? 100 * r->util_window_min : -1.0);
	fmt_num(sw, sizeof(sw), "%.0f", r->switches_per_s);
	fmt_num(ovh, sizeof(ovh), "%.3f", r->overhead_pct);
	if (r->nlat)
		snprintf(lat, sizeof(lat), "%.0f/%.0f(%zu)", r->lat_p50,
			 r->lat_p99, r->nlat);
	else
		snprintf(lat, sizeof(lat), "-");
	fprintf(f, "%2u %-12s %-6s | %-24s | %-12s | %-13s | %7s | %6s | %-17s |",
		r->nvgpus, r->policy, r->mix, share, jain, util, sw, ovh, lat);
	nt = report_targets(r, t);
	for (i = 0; i < nt; i++)
		fprintf(f, " %s:%s", t[i].name, verdict_name(t[i].verdict));
	fprintf(f, "\n   shares%%:");
	for (i = 0; i < r->nvgpus; i++)
		fprintf(f, " %c%.2f", r->demand[i] == DEMAND_BUSY ? 'B' :
			r->demand[i] == DEMAND_BURSTY ? 'b' : 'i',
			100 * r->share[i]);
	for (i = n = 0; i < r->nvgpus; i++)
		n += r->ran_dry[i];
	if (r->nbusy)
		fprintf(f, "  (busy queues ran dry %u times)", n);
	if (r->nbusy >= 2)
		fprintf(f, "  Jain by units min %.4f", r->jain_units_min);
	fprintf(f, "\n");
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

/* A number, or null when negative (unknown). */
static void json_num(FILE *f, double v)
{
	if (v < 0 || !isfinite(v))
		fprintf(f, "null");
	else
		fprintf(f, "%.6g", v);
}

static void json_i64(FILE *f, int64_t v)
{
	if (v < 0)
		fprintf(f, "null");
	else
		fprintf(f, "%lld", (long long)v);
}

static void json_scenario(FILE *f, const struct scenario_result *r)
{
	struct target t[BENCH_MAX_TARGETS];
	unsigned int i, k, nt;

	fprintf(f, "    {\"vgpus\": %u, \"policy\": ", r->nvgpus);
	json_str(f, r->policy);
	fprintf(f, ", \"mix\": ");
	json_str(f, r->mix);
	if (r->error[0]) {
		fprintf(f, ", \"error\": ");
		json_str(f, r->error);
		fprintf(f, "}");
		return;
	}
	fprintf(f, ",\n     \"timeslice_us\": ");
	json_i64(f, r->timeslice_us);
	fprintf(f, ", \"frequency_hz\": ");
	json_i64(f, r->frequency_hz);
	fprintf(f, ", \"latency_slice_us\": %lld", (long long)r->slice_us);
	fprintf(f, ", \"fixed_quota\": %.6g", r->fixed_quota);
	fprintf(f, ", \"probe_engine_ns\": %.6g, \"vgpu_sms\": %u, "
		"\"gpu_sms\": %u", r->probe_engine_ns, r->ctx_sms, r->gpu_sms);
	fprintf(f, ",\n     \"wall_s\": %.6g, \"demand_s\": %.6g", r->wall_s,
		r->demand_s);
	fprintf(f, ", \"windows_s\": [");
	for (k = 0; k < r->windows; k++)
		fprintf(f, "%s%.6g", k ? ", " : "", r->window_s[k]);
	fprintf(f, "],\n     \"vgpu\": [\n");
	for (i = 0; i < r->nvgpus; i++) {
		fprintf(f, "       {\"index\": %u, \"demand\": \"%s\", "
			"\"share\": %.6g, \"units_per_s\": %.6g, "
			"\"window_share\": [", i, demand_name(r->demand[i]),
			r->share[i], r->units_per_s[i]);
		for (k = 0; k < r->windows; k++)
			fprintf(f, "%s%.5g", k ? ", " : "",
				r->window_share[k][i]);
		fprintf(f, "], \"window_units\": [");
		for (k = 0; k < r->windows; k++)
			fprintf(f, "%s%.0f", k ? ", " : "",
				r->window_units[k][i]);
		fprintf(f, "], \"ran_dry\": %u, \"busy_ns\": ", r->ran_dry[i]);
		json_i64(f, r->delta[i].busy_ns);
		/* Engine wall time per COMPUTE unit: the model's fidelity. */
		fprintf(f, ", \"ns_per_unit\": ");
		json_num(f, r->units_per_s[i] > 0 ?
			 r->share[i] * 1e9 / r->units_per_s[i] : -1);
		fprintf(f, ", \"runtime_ns\": ");
		json_i64(f, r->delta[i].runtime_ns);
		fprintf(f, ", \"slices\": ");
		json_i64(f, r->delta[i].slices);
		fprintf(f, ", \"preemptions\": ");
		json_i64(f, r->delta[i].preemptions);
		fprintf(f, ", \"overshoot_ns\": ");
		json_i64(f, r->delta[i].overshoot_ns);
		fprintf(f, ", \"wait_ns\": ");
		json_i64(f, r->delta[i].wait_ns);
		fprintf(f, "}%s\n", i + 1 < r->nvgpus ? "," : "");
	}
	fprintf(f, "     ],\n     \"busy_vgpus\": %u, \"jain_windows\": [",
		r->nbusy);
	for (k = 0; k < r->windows; k++) {
		fprintf(f, "%s", k ? ", " : "");
		json_num(f, r->jain[k]);
	}
	fprintf(f, "], \"jain_units_windows\": [");
	for (k = 0; k < r->windows; k++) {
		fprintf(f, "%s", k ? ", " : "");
		json_num(f, r->jain_units[k]);
	}
	fprintf(f, "], \"jain_units_min\": ");
	json_num(f, r->jain_units_min);
	fprintf(f, ", \"jain_min\": ");
	json_num(f, r->jain_min);
	fprintf(f, ", \"jain_mean\": ");
	json_num(f, r->jain_mean);
	fprintf(f, ",\n     \"utilisation\": ");
	json_num(f, r->util);
	fprintf(f, ", \"utilisation_while_work\": ");
	json_num(f, r->util_demand);
	fprintf(f, ", \"utilisation_window_min\": ");
	json_num(f, r->util_window_min);
	fprintf(f, ", \"gpu_time_lost_pct\": ");
	json_num(f, r->gpu_time_lost_pct);
	fprintf(f, ",\n     \"switches_per_s\": ");
	json_num(f, r->switches_per_s);
	fprintf(f, ", \"switches_source\": ");
	json_str(f, r->switches_source ? r->switches_source : "");
	fprintf(f, ", \"overhead_pct\": ");
	json_num(f, r->overhead_pct);
	fprintf(f, ",\n     \"gpu_counters\": {\"busy_ns\": ");
	json_i64(f, r->gpu_delta.busy_ns);
	fprintf(f, ", \"idle_ns\": ");
	json_i64(f, r->gpu_delta.idle_ns);
	fprintf(f, ", \"switches\": ");
	json_i64(f, r->gpu_delta.switches);
	fprintf(f, ", \"sched_cpu_ns\": ");
	json_i64(f, r->gpu_delta.sched_cpu_ns);
	fprintf(f, "},\n     \"latency_us\": {\"samples\": %zu, \"p50\": ",
		r->nlat);
	json_num(f, r->lat_p50);
	fprintf(f, ", \"p99\": ");
	json_num(f, r->lat_p99);
	fprintf(f, ", \"max\": ");
	json_num(f, r->lat_max);
	fprintf(f, ", \"wait_ns_p50\": ");
	json_num(f, r->wait_p50);
	fprintf(f, ", \"wait_ns_p99\": ");
	json_num(f, r->wait_p99);
	fprintf(f, ", \"submit_call_p50\": ");
	json_num(f, r->submit_p50);
	fprintf(f, "},\n     \"targets\": [");
	nt = report_targets(r, t);
	for (i = 0; i < nt; i++) {
		fprintf(f, "%s{\"name\": ", i ? ", " : "");
		json_str(f, t[i].name);
		fprintf(f, ", \"value\": ");
		json_num(f, t[i].value);
		fprintf(f, ", \"limit\": %.6g, \"verdict\": \"%s\"", t[i].limit,
			verdict_name(t[i].verdict));
		if (t[i].note[0]) {
			fprintf(f, ", \"note\": ");
			json_str(f, t[i].note);
		}
		fprintf(f, "}");
	}
	fprintf(f, "]}");
}

void report_json(FILE *f, const struct bench_config *cfg,
		 const struct scenario_result *res, size_t nres, bool sched,
		 const char *note)
{
	struct utsname u;
	char model[128] = "";
	unsigned int i;
	FILE *ci;

	ci = fopen("/proc/cpuinfo", "r");
	if (ci) {
		char line[256];

		while (fgets(line, sizeof(line), ci)) {
			char *c = strchr(line, ':');

			if (!strncmp(line, "model name", 10) && c) {
				snprintf(model, sizeof(model), "%s", c + 2);
				model[strcspn(model, "\n")] = '\0';
				break;
			}
		}
		fclose(ci);
	}
	uname(&u);
	fprintf(f, "{\n  \"benchmark\": \"gpuslice-bench-sched\", "
		"\"version\": 1,\n  \"environment\": {\"kernel\": ");
	json_str(f, u.release);
	fprintf(f, ", \"guest_cpu\": ");
	json_str(f, model);
	fprintf(f, ", \"online_cpus\": %ld", sysconf(_SC_NPROCESSORS_ONLN));
	for (i = 0; i < cfg->nenv; i++) {
		const char *eq = strchr(cfg->env[i], '=');
		char key[64];

		if (!eq)
			continue;
		snprintf(key, sizeof(key), "%.*s", (int)(eq - cfg->env[i]),
			 cfg->env[i]);
		fprintf(f, ", ");
		json_str(f, key);
		fprintf(f, ": ");
		json_str(f, eq + 1);
	}
	fprintf(f, "},\n  \"scheduler_present\": %s, \"note\": ",
		sched ? "true" : "false");
	json_str(f, note);
	fprintf(f, ",\n  \"config\": {\"gpu\": ");
	json_str(f, cfg->gpu);
	fprintf(f, ", \"type_id\": %u, \"seconds\": %g, \"warmup_s\": %g, "
		"\"chunk_units\": %u, \"queue_depth\": %u, \"probe_units\": %u, "
		"\"burst_chunks\": %u, \"pause_ms\": [%u, %u], "
		"\"frequency_hz\": %d},\n  \"scenarios\": [\n",
		cfg->type_id, cfg->seconds, cfg->warmup, cfg->chunk_units,
		cfg->queue_depth, cfg->probe_units, cfg->burst_chunks,
		cfg->off_min_ms, cfg->off_max_ms, cfg->frequency_hz);
	for (i = 0; i < nres; i++) {
		json_scenario(f, &res[i]);
		fprintf(f, "%s\n", i + 1 < nres ? "," : "");
	}
	fprintf(f, "  ]\n}\n");
}
