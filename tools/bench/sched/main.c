// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gpuslice-bench-sched: drives N vGPUs of one GPU through lib/vfio with
 * unequal demand (always busy, bursty, idle) under each scheduler policy and
 * measures each vGPU's share of the compute engine, Jain's fairness index
 * per 1 s window, utilisation, switches per second, scheduler overhead and
 * doorbell-to-start latency. One process, one epoll loop over every vGPU's
 * MSI eventfd and burst timer. Runs where gpuslice_sim is loaded (the VM of
 * tools/bench/sched/run); see Documentation/performance.md.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <linux/gpuslice_vgpu.h>

#include "gpuslice_cmd.h"

#include "bench.h"
#include "gpuslice_sysfs.h"

#define GPU_CLASS	"/sys/class/gpuslice"
#define MDEV_BUS	"/sys/class/mdev_bus"
#define MDEV_DEVICES	"/sys/bus/mdev/devices"
#define RING_SIZE	16384
#define UNITS_SLOTS	1024
#define DRAIN_MS	5000
#define RR_SLICE_US	2000	/* GPUSLICE_TIMESLICE_NS of the round robin */

enum ev_kind { EV_MSI = 1, EV_TIMER, EV_WINDOW };

struct bench {
	struct bench_config cfg;
	bool sched;
	bool enabled_vfs;
	struct vgpu vg[BENCH_MAX_VGPUS];
	unsigned int n;
	int epfd;
	int window_fd;
	double probe_engine_ns;
	unsigned int ctx_sms, gpu_sms;
	double fixed_quota;
	char original_policy[32];

	/* The scenario being run. */
	bool measuring, stopping;
	unsigned int windows, window;
	int64_t t_window[BENCH_MAX_WINDOWS + 1];
	int64_t t_start, t_end;	/* the scenario, warm-up and drain included */
	/* Time some vGPU had work outstanding, per window. */
	unsigned int active;
	int64_t demand_last;
	int64_t demand_ns[BENCH_MAX_WINDOWS + 1];
	struct scenario_result *r;
	uint64_t rng;
};

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static uint32_t rnd(struct bench *b)
{
	/* xorshift64*: reproducible pauses from a fixed seed. */
	b->rng ^= b->rng >> 12;
	b->rng ^= b->rng << 25;
	b->rng ^= b->rng >> 27;
	return (uint32_t)((b->rng * 2685821657736338717ULL) >> 32);
}

static void die(const char *what, int err)
{
	fprintf(stderr, "gpuslice-bench-sched: %s: %s\n", what, strerror(err));
	exit(1);
}

/* Demand accounting: called before every change of b->active. */
static void demand_tick(struct bench *b, int64_t now)
{
	if (b->measuring && b->active && b->window < b->windows)
		b->demand_ns[b->window + 1] += now - b->demand_last;
	b->demand_last = now;
}

/* Most jobs one submission carries. */
#define MAX_JOBS	64

/* Append one job (COMPUTE + interrupting FENCE) and remember its units. */
static void put_job(struct vgpu *g, struct gpuslice_cmd_buf *s, uint32_t units)
{
	g->submitted++;
	gpuslice_cmd_compute(s, units);
	gpuslice_cmd_fence(s, g->submitted, true);
	g->units_of[g->submitted % g->units_of_size] = units;
}

static void submit(struct bench *b, struct vgpu *g,
		   const struct gpuslice_cmd_buf *s, bool was_idle)
{
	int ret;

	if (gpuslice_cmd_overflow(s))
		die("command buffer", ENOSPC);
	if (was_idle) {
		demand_tick(b, now_ns());
		b->active++;
	}
	ret = gpuslice_vfio_submit(g->v, s->w, s->n, DRAIN_MS);
	if (ret) {
		fprintf(stderr, "gpuslice-bench-sched: vGPU %u: %u words, "
			"fences %llu..%llu\n", g->vf, s->n,
			(unsigned long long)g->done,
			(unsigned long long)g->submitted);
		die("submit", -ret);
	}
}

static void top_up(struct bench *b, struct vgpu *g)
{
	struct gpuslice_cmd_buf s = GPUSLICE_CMD_BUF_INIT;
	bool idle = g->submitted == g->done;
	unsigned int jobs = 0;

	while (g->submitted - g->done < b->cfg.queue_depth && jobs++ < MAX_JOBS)
		put_job(g, &s, b->cfg.chunk_units);
	if (s.n)
		submit(b, g, &s, idle);
}

static void arm_pause(struct bench *b, struct vgpu *g, unsigned int min_ms,
		      unsigned int max_ms)
{
	struct itimerspec its = {};
	unsigned int ms = min_ms + rnd(b) % (max_ms - min_ms + 1);

	its.it_value.tv_sec = ms / 1000;
	its.it_value.tv_nsec = (long)(ms % 1000) * 1000000 + 1;
	if (timerfd_settime(g->timer_fd, 0, &its, NULL))
		die("timerfd_settime", errno);
}

/* A burst: a small probe job, then burst_chunks chunks, on an idle vGPU. */
static void start_burst(struct bench *b, struct vgpu *g)
{
	struct gpuslice_cmd_buf s = GPUSLICE_CMD_BUF_INIT;
	unsigned int i;

	put_job(g, &s, b->cfg.probe_units);
	g->probe_fence = g->submitted;
	for (i = 0; i < b->cfg.burst_chunks && i < MAX_JOBS; i++)
		put_job(g, &s, b->cfg.chunk_units);
	g->burst_end = g->submitted;
	g->in_burst = true;
	g->probe_seen = false;
	g->bursts++;
	g->wait_before = -1;
	if (b->sched) {
		struct vgpu_counters c;

		vgpu_counters_read(g->uuid, &c, true);
		g->wait_before = c.wait_ns;
	}
	g->t_doorbell = now_ns();
	submit(b, g, &s, true);
	g->submit_ns = now_ns() - g->t_doorbell;
}

static void add_latency(struct scenario_result *r, struct latency_sample s)
{
	if (r->nlat == r->lat_cap) {
		r->lat_cap = r->lat_cap ? 2 * r->lat_cap : 256;
		r->lat = realloc(r->lat, r->lat_cap * sizeof(*r->lat));
		if (!r->lat)
			die("realloc", ENOMEM);
	}
	r->lat[r->nlat++] = s;
}

static void on_msi(struct bench *b, struct vgpu *g, int64_t t)
{
	uint64_t cnt, fence, f;
	uint32_t lo, err = 0;
	int ret;

	if (read(g->msi_fd, &cnt, sizeof(cnt)) < 0 && errno != EAGAIN)
		die("read MSI eventfd", errno);
	ret = gpuslice_vfio_reg_read(g->v, GPUSLICE_VGPU_REG_FENCE_LO, &lo);
	if (ret)
		die("read FENCE", -ret);
	fence = (g->done & ~0xffffffffULL) | lo;
	if (fence < g->done)
		fence += 1ULL << 32;
	if (fence == g->done) {
		gpuslice_vfio_reg_read(g->v, GPUSLICE_VGPU_REG_ERROR, &err);
		if (err) {
			fprintf(stderr, "gpuslice-bench-sched: %s faulted (%u)\n",
				g->uuid, err);
			exit(1);
		}
		return;
	}
	for (f = g->done + 1; f <= fence; f++)
		g->units_done += g->units_of[f % g->units_of_size];
	g->done = fence;

	if (g->demand == DEMAND_BURSTY && g->in_burst && !g->probe_seen &&
	    fence >= g->probe_fence) {
		struct latency_sample s;

		g->probe_seen = true;
		s.client_us = (double)(t - g->t_doorbell) / 1000.0 -
			      b->probe_engine_ns / 1000.0;
		s.submit_us = (double)g->submit_ns / 1000.0;
		s.wait_us = -1;
		if (g->wait_before >= 0) {
			struct vgpu_counters c;

			vgpu_counters_read(g->uuid, &c, true);
			if (c.wait_ns >= 0)
				s.wait_us = (double)(c.wait_ns -
						     g->wait_before) / 1000.0;
		}
		if (b->measuring && !b->stopping)
			add_latency(b->r, s);
	}
	if (g->done == g->submitted) {
		demand_tick(b, t);
		b->active--;
		/* A busy vGPU must never run dry: count when the client lags. */
		if (g->demand == DEMAND_BUSY && b->measuring && !b->stopping)
			g->ran_dry++;
	}
	if (g->demand == DEMAND_BURSTY && g->in_burst &&
	    fence >= g->burst_end) {
		g->in_burst = false;
		if (!b->stopping)
			arm_pause(b, g, b->cfg.off_min_ms, b->cfg.off_max_ms);
	}
	if (g->demand == DEMAND_BUSY && !b->stopping)
		top_up(b, g);
}

static void sample_window(struct bench *b)
{
	unsigned int i, k = b->window;

	for (i = 0; i < b->n; i++) {
		vgpu_counters_read(b->vg[i].uuid, &b->vg[i].win[k], true);
		b->vg[i].win_units[k] = b->vg[i].units_done;
	}
	b->t_window[k] = now_ns();
}

static void on_window(struct bench *b, int64_t t)
{
	uint64_t cnt;

	if (read(b->window_fd, &cnt, sizeof(cnt)) < 0 && errno != EAGAIN)
		die("read window timerfd", errno);
	if (!b->measuring) {
		b->measuring = true;
		b->window = 0;
		b->demand_last = t;
		sample_window(b);
		return;
	}
	demand_tick(b, t);
	b->window++;
	sample_window(b);
	if (b->window == b->windows)
		b->stopping = true;
}

static void on_timer(struct bench *b, struct vgpu *g)
{
	uint64_t cnt;

	if (read(g->timer_fd, &cnt, sizeof(cnt)) < 0 && errno != EAGAIN)
		die("read burst timerfd", errno);
	if (!b->stopping && !g->in_burst)
		start_burst(b, g);
}

static void dispatch(struct bench *b, int timeout_ms)
{
	struct epoll_event ev[BENCH_MAX_VGPUS * 2 + 1];
	int n, i;
	int64_t t;

	n = epoll_wait(b->epfd, ev, BENCH_MAX_VGPUS * 2 + 1, timeout_ms);
	if (n < 0) {
		if (errno == EINTR)
			return;
		die("epoll_wait", errno);
	}
	t = now_ns();
	for (i = 0; i < n; i++) {
		uint32_t kind = (uint32_t)(ev[i].data.u64 >> 32);
		uint32_t idx = (uint32_t)ev[i].data.u64;

		if (kind == EV_MSI)
			on_msi(b, &b->vg[idx], t);
		else if (kind == EV_TIMER)
			on_timer(b, &b->vg[idx]);
		else if (kind == EV_WINDOW)
			on_window(b, t);
	}
}

/* The demand of vGPU @i of @n under @mix. */
static enum demand mix_demand(const char *mix, unsigned int i, unsigned int n)
{
	unsigned int nbusy = n / 2 ? n / 2 : 1;
	unsigned int nbursty = n / 4 ? n / 4 : 1;

	if (!strcmp(mix, "busy"))
		return DEMAND_BUSY;
	if (!strcmp(mix, "bursty"))
		return DEMAND_BURSTY;
	if (!strcmp(mix, "solo"))
		return i == 0 ? DEMAND_BURSTY : DEMAND_IDLE;
	if (!strcmp(mix, "alone"))
		return i == 0 ? DEMAND_BUSY : DEMAND_IDLE;
	/* mixed: half busy, a quarter bursty, the rest idle */
	if (i < nbusy)
		return DEMAND_BUSY;
	if (i < nbusy + nbursty)
		return DEMAND_BURSTY;
	return DEMAND_IDLE;
}

static int set_policy(struct bench *b, const char *policy,
		      struct scenario_result *r)
{
	char buf[32];
	int ret;

	r->timeslice_us = r->frequency_hz = -1;
	r->slice_us = RR_SLICE_US;
	if (!b->sched)
		return 0;
	ret = sched_write(b->cfg.gpu, "policy", policy);
	if (ret) {
		snprintf(r->error, sizeof(r->error), "policy %s: %s", policy,
			 strerror(-ret));
		return ret;
	}
	if (b->cfg.frequency_hz > 0) {
		snprintf(buf, sizeof(buf), "%d", b->cfg.frequency_hz);
		ret = sched_write(b->cfg.gpu, "frequency_hz", buf);
		if (ret) {
			snprintf(r->error, sizeof(r->error),
				 "frequency_hz %s: %s", buf, strerror(-ret));
			return ret;
		}
	}
	if (!sched_read(b->cfg.gpu, "timeslice_us", buf, sizeof(buf)))
		r->timeslice_us = strtoll(buf, NULL, 10);
	if (!sched_read(b->cfg.gpu, "frequency_hz", buf, sizeof(buf)))
		r->frequency_hz = strtoll(buf, NULL, 10);
	if (r->timeslice_us > 0)
		r->slice_us = r->timeslice_us;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double busy_of(const struct bench *b, const struct vgpu *g,
		      unsigned int k)
{
	/* Engine time; completed units stand in if busy_ns is missing. */
	if (g->win[k].busy_ns >= 0)
		return (double)g->win[k].busy_ns;
	return (double)g->win_units[k] * GPUSLICE_COMPUTE_UNIT_NS *
	       (b->probe_engine_ns / (b->cfg.probe_units *
				      (double)GPUSLICE_COMPUTE_UNIT_NS));
}

static int64_t delta(int64_t a, int64_t b)
{
	return a >= 0 && b >= 0 ? b - a : -1;
}

static void compute_results(struct bench *b, struct scenario_result *r,
			    const struct gpu_counters *g0,
			    const struct gpu_counters *g1)
{
	double x[BENCH_MAX_VGPUS], v[4096];
	unsigned int i, k, nb;
	int64_t slices = 0;
	bool have_slices = true;
	double sum_busy = 0, jsum = 0;
	size_t j, m;

	r->windows = b->windows;
	r->wall_s = (double)(b->t_window[b->windows] - b->t_window[0]) / 1e9;
	r->demand_s = 0;
	r->util_window_min = 1e9;
	r->jain_min = 1e9;
	r->jain_units_min = -1;
	for (k = 1; k <= b->windows; k++) {
		double wk = (double)(b->t_window[k] - b->t_window[k - 1]);
		double busy_k = 0, u[BENCH_MAX_VGPUS];
		unsigned int nu = 0;

		r->window_s[k - 1] = wk / 1e9;
		r->demand_s += (double)b->demand_ns[k] / 1e9;
		nb = 0;
		for (i = 0; i < b->n; i++) {
			double d = busy_of(b, &b->vg[i], k) -
				   busy_of(b, &b->vg[i], k - 1);

			r->window_share[k - 1][i] = d / wk;
			r->window_units[k - 1][i] = (double)(b->vg[i].win_units[k] -
						     b->vg[i].win_units[k - 1]);
			busy_k += d;
			if (b->vg[i].demand == DEMAND_BUSY) {
				x[nb++] = d / wk;
				u[nu++] = r->window_units[k - 1][i];
			}
		}
		r->jain[k - 1] = nb ? jain_index(x, nb) : -1;
		r->jain_units[k - 1] = nu ? jain_index(u, nu) : -1;
		if (nu && (r->jain_units_min < 0 ||
			   r->jain_units[k - 1] < r->jain_units_min))
			r->jain_units_min = r->jain_units[k - 1];
		if (nb && r->jain[k - 1] < r->jain_min)
			r->jain_min = r->jain[k - 1];
		jsum += nb ? r->jain[k - 1] : 0;
		if (b->demand_ns[k] > 0 &&
		    busy_k / (double)b->demand_ns[k] < r->util_window_min)
			r->util_window_min = busy_k / (double)b->demand_ns[k];
	}
	r->nbusy = 0;
	for (i = 0; i < b->n; i++) {
		struct vgpu *g = &b->vg[i];
		double d = busy_of(b, g, b->windows) - busy_of(b, g, 0);

		r->demand[i] = g->demand;
		r->ran_dry[i] = g->ran_dry;
		r->share[i] = d / (r->wall_s * 1e9);
		r->units_per_s[i] = (double)(g->win_units[b->windows] -
					     g->win_units[0]) / r->wall_s;
		sum_busy += d;
		if (g->demand == DEMAND_BUSY)
			r->nbusy++;
		r->delta[i].busy_ns = delta(g->start.busy_ns, g->end.busy_ns);
		r->delta[i].runtime_ns = delta(g->start.runtime_ns,
					       g->end.runtime_ns);
		r->delta[i].slices = delta(g->start.slices, g->end.slices);
		r->delta[i].preemptions = delta(g->start.preemptions,
						g->end.preemptions);
		r->delta[i].overshoot_ns = delta(g->start.overshoot_ns,
						 g->end.overshoot_ns);
		r->delta[i].wait_ns = delta(g->start.wait_ns, g->end.wait_ns);
		if (r->delta[i].slices < 0)
			have_slices = false;
		else
			slices += r->delta[i].slices;
	}
	if (r->jain_min > 1e8)
		r->jain_min = -1;
	r->jain_mean = r->nbusy ? jsum / b->windows : -1;
	if (r->util_window_min > 1e8)
		r->util_window_min = -1;
	r->util = sum_busy / (r->wall_s * 1e9);
	r->util_demand = r->demand_s > 0 ? sum_busy / (r->demand_s * 1e9) : -1;
	r->gpu_time_lost_pct = r->util_demand >= 0 ?
			       100.0 * (1.0 - r->util_demand) : -1;

	r->gpu_delta.busy_ns = delta(g0->busy_ns, g1->busy_ns);
	r->gpu_delta.idle_ns = delta(g0->idle_ns, g1->idle_ns);
	r->gpu_delta.switches = delta(g0->switches, g1->switches);
	r->gpu_delta.sched_cpu_ns = delta(g0->sched_cpu_ns, g1->sched_cpu_ns);
	/*
	 * Counters are read at the scenario's start and end (warm-up and
	 * drain included), so rates divide by that span.
	 */
	r->switches_per_s = -1;
	r->switches_source = "unavailable: no scheduler counters";
	if (r->gpu_delta.switches >= 0) {
		r->switches_per_s = (double)r->gpu_delta.switches /
				    ((double)(b->t_end - b->t_start) / 1e9);
		r->switches_source = "scheduler/switches";
	} else if (have_slices) {
		r->switches_per_s = (double)slices /
				    ((double)(b->t_end - b->t_start) / 1e9);
		r->switches_source = "sum of vGPU slices";
	}
	r->overhead_pct = -1;
	if (r->gpu_delta.sched_cpu_ns >= 0 && r->gpu_delta.busy_ns > 0)
		r->overhead_pct = 100.0 * (double)r->gpu_delta.sched_cpu_ns /
				  (double)r->gpu_delta.busy_ns;

	r->lat_p50 = r->lat_p99 = r->lat_max = -1;
	r->wait_p50 = r->wait_p99 = r->submit_p50 = -1;
	m = r->nlat < 4096 ? r->nlat : 4096;
	if (m) {
		for (j = 0; j < m; j++)
			v[j] = r->lat[j].client_us;
		qsort(v, m, sizeof(v[0]), cmp_double);
		r->lat_p50 = percentile(v, m, 50);
		r->lat_p99 = percentile(v, m, 99);
		r->lat_max = v[m - 1];
		for (j = 0; j < m; j++)
			v[j] = r->lat[j].submit_us;
		qsort(v, m, sizeof(v[0]), cmp_double);
		r->submit_p50 = percentile(v, m, 50);
		if (r->lat[0].wait_us >= 0) {
			for (j = 0; j < m; j++)
				v[j] = r->lat[j].wait_us;
			qsort(v, m, sizeof(v[0]), cmp_double);
			r->wait_p50 = percentile(v, m, 50);
			r->wait_p99 = percentile(v, m, 99);
		}
	}
}

static int run_scenario(struct bench *b, const char *policy, const char *mix,
			struct scenario_result *r)
{
	struct gpu_counters g0, g1;
	struct itimerspec its = {};
	int64_t deadline;
	unsigned int i;

	memset(r, 0, sizeof(*r));
	snprintf(r->policy, sizeof(r->policy), "%s", policy);
	snprintf(r->mix, sizeof(r->mix), "%s", mix);
	r->nvgpus = b->n;
	r->sched = b->sched;
	r->fixed_quota = b->fixed_quota;
	r->probe_engine_ns = b->probe_engine_ns;
	r->ctx_sms = b->ctx_sms;
	r->gpu_sms = b->gpu_sms;
	if (set_policy(b, policy, r))
		return -1;

	b->r = r;
	b->measuring = b->stopping = false;
	b->window = 0;
	b->windows = (unsigned int)lround(b->cfg.seconds);
	if (b->windows < 1)
		b->windows = 1;
	if (b->windows > BENCH_MAX_WINDOWS)
		b->windows = BENCH_MAX_WINDOWS;
	memset(b->demand_ns, 0, sizeof(b->demand_ns));
	b->active = 0;

	gpu_counters_read(b->cfg.gpu, &g0);
	for (i = 0; i < b->n; i++) {
		struct vgpu *g = &b->vg[i];

		g->demand = mix_demand(mix, i, b->n);
		g->in_burst = false;
		g->bursts = 0;
		g->ran_dry = 0;
		vgpu_counters_read(g->uuid, &g->start, false);
	}
	b->t_start = now_ns();
	for (i = 0; i < b->n; i++) {
		struct vgpu *g = &b->vg[i];

		if (g->demand == DEMAND_BUSY)
			top_up(b, g);
		else if (g->demand == DEMAND_BURSTY)
			arm_pause(b, g, 1, b->cfg.off_max_ms);
	}
	its.it_value.tv_sec = (time_t)b->cfg.warmup;
	its.it_value.tv_nsec = (long)((b->cfg.warmup - floor(b->cfg.warmup)) *
				      1e9) + 1;
	its.it_interval.tv_sec = 1;
	if (timerfd_settime(b->window_fd, 0, &its, NULL))
		die("timerfd_settime", errno);

	while (!b->stopping)
		dispatch(b, 1000);

	memset(&its, 0, sizeof(its));
	timerfd_settime(b->window_fd, 0, &its, NULL);
	for (i = 0; i < b->n; i++)
		timerfd_settime(b->vg[i].timer_fd, 0, &its, NULL);
	deadline = now_ns() + (int64_t)DRAIN_MS * 1000000;
	for (;;) {
		bool idle = true;

		for (i = 0; i < b->n; i++)
			if (b->vg[i].done != b->vg[i].submitted)
				idle = false;
		if (idle)
			break;
		if (now_ns() > deadline) {
			fprintf(stderr,
				"gpuslice-bench-sched: work did not drain\n");
			exit(1);
		}
		dispatch(b, 100);
	}
	b->t_end = now_ns();
	gpu_counters_read(b->cfg.gpu, &g1);
	for (i = 0; i < b->n; i++)
		vgpu_counters_read(b->vg[i].uuid, &b->vg[i].end, false);
	compute_results(b, r, &g0, &g1);
	return 0;
}

static void vgpu_uuid(char *uuid, unsigned int i)
{
	snprintf(uuid, 37, "67730b5c-0000-4000-8000-%012x", i);
}

static void vgpus_remove(struct bench *b, unsigned int max)
{
	char path[PATH_MAX], uuid[40];
	unsigned int i;

	for (i = 0; i < max; i++) {
		vgpu_uuid(uuid, i);
		snprintf(path, sizeof(path), MDEV_DEVICES "/%s/remove", uuid);
		if (!access(path, W_OK))
			sysfs_write(path, "1");
	}
	(void)b;
}

static void vgpus_setup(struct bench *b, unsigned int n)
{
	struct epoll_event ev = {};
	char path[PATH_MAX];
	uint32_t data[8];
	int32_t status;
	unsigned int i;
	int64_t gpu_sms;
	int ret;

	snprintf(path, sizeof(path), GPU_CLASS "/%s/sm_count", b->cfg.gpu);
	gpu_sms = sysfs_read_i64(path);
	b->n = n;
	for (i = 0; i < n; i++) {
		struct vgpu *g = &b->vg[i];

		memset(g, 0, sizeof(*g));
		vgpu_uuid(g->uuid, i);
		g->vf = i;
		snprintf(path, sizeof(path),
			 MDEV_BUS "/%s-vf%u/mdev_supported_types/gpuslice-%u/create",
			 b->cfg.gpu, i, b->cfg.type_id);
		ret = sysfs_write(path, g->uuid);
		if (ret)
			die(path, -ret);
		ret = gpuslice_vfio_open(g->uuid, &g->v);
		if (ret)
			die("gpuslice_vfio_open", -ret);
		ret = gpuslice_vfio_msi_enable(g->v);
		if (!ret)
			ret = gpuslice_vfio_reg_write(g->v,
						      GPUSLICE_VGPU_REG_INTR_MASK,
						      GPUSLICE_VGPU_INTR_FENCE |
						      GPUSLICE_VGPU_INTR_ERROR);
		if (!ret)
			ret = gpuslice_vfio_ring_init(g->v, RING_SIZE);
		if (ret)
			die("vGPU setup", -ret);
		g->msi_fd = gpuslice_vfio_msi_fd(g->v);
		g->timer_fd = timerfd_create(CLOCK_MONOTONIC,
					     TFD_CLOEXEC | TFD_NONBLOCK);
		if (g->timer_fd < 0)
			die("timerfd_create", errno);
		g->units_of_size = UNITS_SLOTS;
		g->units_of = calloc(UNITS_SLOTS, sizeof(*g->units_of));
		if (!g->units_of)
			die("calloc", ENOMEM);
		ret = gpuslice_vfio_fence_read(g->v, &g->done);
		if (ret)
			die("read FENCE", -ret);
		g->submitted = g->done;
		ev.events = EPOLLIN;
		ev.data.u64 = (uint64_t)EV_MSI << 32 | i;
		if (epoll_ctl(b->epfd, EPOLL_CTL_ADD, g->msi_fd, &ev))
			die("epoll_ctl", errno);
		ev.data.u64 = (uint64_t)EV_TIMER << 32 | i;
		if (epoll_ctl(b->epfd, EPOLL_CTL_ADD, g->timer_fd, &ev))
			die("epoll_ctl", errno);
		if (i)
			continue;
		/* The probe's engine time, and the fixed-share quota. */
		ret = gpuslice_vfio_mbox_call(g->v, GPUSLICE_VGPU_MBOX_GET_CAPS,
					      0, &status, data);
		if (ret || status || !data[0] || gpu_sms <= 0)
			die("GET_CAPS", ret ? -ret : EIO);
		b->ctx_sms = data[0];
		b->gpu_sms = (unsigned int)gpu_sms;
		b->probe_engine_ns = (double)b->cfg.probe_units *
				     GPUSLICE_COMPUTE_UNIT_NS *
				     (double)gpu_sms / data[0];
		ret = gpuslice_vfio_mbox_call(g->v, GPUSLICE_VGPU_MBOX_GET_TYPE,
					      0, &status, data);
		if (ret || status || !data[1])
			die("GET_TYPE", ret ? -ret : EIO);
		b->fixed_quota = 1.0 / data[1];
	}
}

static void vgpus_teardown(struct bench *b)
{
	unsigned int i;

	for (i = 0; i < b->n; i++) {
		struct vgpu *g = &b->vg[i];

		epoll_ctl(b->epfd, EPOLL_CTL_DEL, g->msi_fd, NULL);
		epoll_ctl(b->epfd, EPOLL_CTL_DEL, g->timer_fd, NULL);
		close(g->timer_fd);
		gpuslice_vfio_close(g->v);
		free(g->units_of);
	}
	vgpus_remove(b, b->n);
	b->n = 0;
}

static void ensure_vfs(struct bench *b, unsigned int want)
{
	char path[PATH_MAX], buf[16];
	int64_t cur, total;
	int ret;

	snprintf(path, sizeof(path), GPU_CLASS "/%s/sriov_totalvfs", b->cfg.gpu);
	total = sysfs_read_i64(path);
	snprintf(path, sizeof(path), GPU_CLASS "/%s/sriov_numvfs", b->cfg.gpu);
	cur = sysfs_read_i64(path);
	if (cur < 0 || total < 0) {
		fprintf(stderr, "gpuslice-bench-sched: %s has no SR-IOV "
			"(no vGPU support)\n", b->cfg.gpu);
		exit(1);
	}
	if (cur >= want)
		return;
	if (cur > 0 || want > total) {
		fprintf(stderr, "gpuslice-bench-sched: %s has %lld VFs, "
			"%u needed\n", b->cfg.gpu, (long long)cur, want);
		exit(1);
	}
	snprintf(buf, sizeof(buf), "%u", want);
	ret = sysfs_write(path, buf);
	if (ret)
		die("sriov_numvfs", -ret);
	b->enabled_vfs = true;
}

static void split_list(const char *arg, char (*out)[32], size_t width,
		       unsigned int *n, unsigned int max)
{
	char tmp[256], *save = NULL, *tok;

	snprintf(tmp, sizeof(tmp), "%s", arg);
	*n = 0;
	for (tok = strtok_r(tmp, ",", &save); tok && *n < max;
	     tok = strtok_r(NULL, ",", &save))
		snprintf((char *)out + (size_t)(*n)++ * 32, width, "%s", tok);
}

static void usage(FILE *f)
{
	fprintf(f,
"Usage: gpuslice-bench-sched [options]\n"
"  --gpu NAME         GPU (default gpu0)\n"
"  --type ID          vGPU type id (default 21, H100-4C)\n"
"  --counts LIST      vGPU counts (default 2,4,8,16)\n"
"  --policies LIST    best_effort,equal_share,fixed_share (default: all\n"
"                     when scheduler/ exists, else round_robin only)\n"
"  --mixes LIST       busy,mixed,bursty (default all three; a solo run\n"
"                     measuring the latency floor always comes first)\n"
"  --seconds S        measured 1 s windows per scenario (default 4)\n"
"  --warmup S         unmeasured start of each scenario (default 0.5)\n"
"  --chunk UNITS      COMPUTE units per busy job (default 1000)\n"
"  --depth N          busy jobs kept queued per vGPU (default 8)\n"
"  --frequency HZ     scheduler frequency_hz to set (default 960, 0 keeps)\n"
"  --json FILE        write the results as JSON\n"
"  --summary FILE     also write the summary table there\n"
"  --env KEY=VALUE    record KEY in the JSON environment (repeatable)\n");
}

static void parse_args(struct bench *b, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "gpu", required_argument, NULL, 'g' },
		{ "type", required_argument, NULL, 't' },
		{ "counts", required_argument, NULL, 'c' },
		{ "policies", required_argument, NULL, 'p' },
		{ "mixes", required_argument, NULL, 'm' },
		{ "seconds", required_argument, NULL, 's' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "chunk", required_argument, NULL, 'k' },
		{ "depth", required_argument, NULL, 'd' },
		{ "frequency", required_argument, NULL, 'f' },
		{ "json", required_argument, NULL, 'j' },
		{ "summary", required_argument, NULL, 'o' },
		{ "env", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct bench_config *c = &b->cfg;
	char counts[8][32];
	unsigned int i;
	int opt;

	snprintf(c->gpu, sizeof(c->gpu), "gpu0");
	c->type_id = 21;
	c->counts[0] = 2; c->counts[1] = 4; c->counts[2] = 8; c->counts[3] = 16;
	c->ncounts = 4;
	strcpy(c->mixes[0], "busy");
	strcpy(c->mixes[1], "mixed");
	strcpy(c->mixes[2], "bursty");
	c->nmixes = 3;
	c->seconds = 4;
	c->warmup = 0.5;
	c->chunk_units = 1000;
	c->queue_depth = 8;
	c->probe_units = 100;
	c->burst_chunks = 4;
	c->off_min_ms = 10;
	c->off_max_ms = 40;
	c->frequency_hz = 960;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'g':
			snprintf(c->gpu, sizeof(c->gpu), "%s", optarg);
			break;
		case 't':
			c->type_id = (unsigned int)strtoul(optarg, NULL, 10);
			break;
		case 'c':
			split_list(optarg, counts, 32, &c->ncounts, 8);
			for (i = 0; i < c->ncounts; i++) {
				c->counts[i] = (unsigned int)strtoul(counts[i],
								    NULL, 10);
				if (!c->counts[i] ||
				    c->counts[i] > BENCH_MAX_VGPUS) {
					fprintf(stderr, "bad count %s\n",
						counts[i]);
					exit(2);
				}
			}
			break;
		case 'p':
			split_list(optarg, c->policies, 32, &c->npolicies, 4);
			c->policies_given = true;
			break;
		case 'm': {
			char m[4][32];

			split_list(optarg, m, 32, &c->nmixes, 4);
			for (i = 0; i < c->nmixes; i++)
				snprintf(c->mixes[i], sizeof(c->mixes[i]),
					 "%s", m[i]);
			break;
		}
		case 's':
			c->seconds = strtod(optarg, NULL);
			break;
		case 'w':
			c->warmup = strtod(optarg, NULL);
			break;
		case 'k':
			c->chunk_units = (unsigned int)strtoul(optarg, NULL, 10);
			break;
		case 'd':
			c->queue_depth = (unsigned int)strtoul(optarg, NULL, 10);
			if (c->queue_depth < 1 || c->queue_depth > 64)
				c->queue_depth = 8;
			break;
		case 'f':
			c->frequency_hz = atoi(optarg);
			break;
		case 'j':
			c->json_path = optarg;
			break;
		case 'o':
			c->summary_path = optarg;
			break;
		case 'e':
			if (c->nenv < BENCH_MAX_ENV)
				c->env[c->nenv++] = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			exit(2);
		}
	}
	if (optind != argc) {
		usage(stderr);
		exit(2);
	}
}

int main(int argc, char **argv)
{
	struct bench *b = calloc(1, sizeof(*b));
	struct scenario_result *res;
	struct epoll_event ev = {};
	size_t nres = 0, cap;
	unsigned int ci, pi, mi, maxn = 0;
	char note[256] = "";
	FILE *sf = NULL;

	if (!b)
		die("calloc", ENOMEM);
	parse_args(b, argc, argv);
	b->rng = 0x6773b5c0ffee1234ULL;
	b->sched = sched_present(b->cfg.gpu);
	if (b->sched) {
		sched_read(b->cfg.gpu, "policy", b->original_policy,
			   sizeof(b->original_policy));
		if (!b->cfg.policies_given) {
			strcpy(b->cfg.policies[0], "best_effort");
			strcpy(b->cfg.policies[1], "equal_share");
			strcpy(b->cfg.policies[2], "fixed_share");
			b->cfg.npolicies = 3;
		}
	} else {
		snprintf(note, sizeof(note),
			 "/sys/class/gpuslice/%s/scheduler is absent: the "
			 "time-slice scheduler has not landed, so only the "
			 "built-in round robin (2 ms slices) was measured",
			 b->cfg.gpu);
		strcpy(b->cfg.policies[0], "round_robin");
		b->cfg.npolicies = 1;
	}
	for (ci = 0; ci < b->cfg.ncounts; ci++)
		if (b->cfg.counts[ci] > maxn)
			maxn = b->cfg.counts[ci];

	b->epfd = epoll_create1(EPOLL_CLOEXEC);
	b->window_fd = timerfd_create(CLOCK_MONOTONIC,
				      TFD_CLOEXEC | TFD_NONBLOCK);
	if (b->epfd < 0 || b->window_fd < 0)
		die("epoll/timerfd", errno);
	ev.events = EPOLLIN;
	ev.data.u64 = (uint64_t)EV_WINDOW << 32;
	if (epoll_ctl(b->epfd, EPOLL_CTL_ADD, b->window_fd, &ev))
		die("epoll_ctl", errno);

	/* + the solo and alone floors */
	cap = (size_t)b->cfg.ncounts * b->cfg.npolicies * b->cfg.nmixes + 2;
	res = calloc(cap, sizeof(*res));
	if (!res)
		die("calloc", ENOMEM);

	ensure_vfs(b, maxn);
	vgpus_remove(b, BENCH_MAX_VGPUS);
	if (b->cfg.summary_path) {
		sf = fopen(b->cfg.summary_path, "w");
		if (!sf)
			die(b->cfg.summary_path, errno);
	}
	if (note[0]) {
		printf("NOTE: %s\n", note);
		if (sf)
			fprintf(sf, "NOTE: %s\n", note);
	}
	report_summary_header(stdout, b->sched);
	if (sf)
		report_summary_header(sf, b->sched);
	for (ci = 0; ci < b->cfg.ncounts; ci++) {
		vgpus_setup(b, b->cfg.counts[ci]);
		for (pi = 0; pi < b->cfg.npolicies; pi++) {
			/*
			 * The floors first, on one vGPU with no neighbour
			 * at work: "solo" the latency of the interrupt path,
			 * "alone" the engine's own pace and switch-free
			 * utilisation.
			 */
			unsigned int extra = ci == 0 && pi == 0 ? 2 : 0;

			for (mi = 0; mi < b->cfg.nmixes + extra; mi++) {
				const char *mix = mi < extra ?
					(mi == 0 ? "solo" : "alone") :
					b->cfg.mixes[mi - extra];
				struct scenario_result *r = &res[nres++];

				run_scenario(b, b->cfg.policies[pi], mix, r);
				report_summary_line(stdout, r);
				fflush(stdout);
				if (sf) {
					report_summary_line(sf, r);
					fflush(sf);
				}
			}
		}
		vgpus_teardown(b);
	}
	if (b->sched && b->original_policy[0])
		sched_write(b->cfg.gpu, "policy", b->original_policy);
	if (b->enabled_vfs) {
		char path[PATH_MAX];

		snprintf(path, sizeof(path), GPU_CLASS "/%s/sriov_numvfs",
			 b->cfg.gpu);
		sysfs_write(path, "0");
	}
	if (sf)
		fclose(sf);
	if (b->cfg.json_path) {
		FILE *f = fopen(b->cfg.json_path, "w");

		if (!f)
			die(b->cfg.json_path, errno);
		report_json(f, &b->cfg, res, nres, b->sched, note);
		fclose(f);
	}
	return 0;
}
