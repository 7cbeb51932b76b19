import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSweepProgress } from '../../../src/cli/internal/SweepProgress';
import type { SweepProgress, SweepProgressOptions } from '../../../src/cli/internal/SweepProgress';
import type { SweepPlan } from '../../../src/sweep/SweepPlan';
import type { SweepResult } from '../../../src/sweep/SweepResult';
import { Screen } from '../support/screen';
import { events, samplePlan, sampleResult } from '../support/sweepFixtures';

/** A fake stream that records what is written (no terminal). */
class Recorder {
  readonly chunks: string[] = [];
  isTTY = false;
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }
  get text(): string {
    return this.chunks.join('');
  }
  get lines(): string[] {
    return this.text.split('\n').filter((line) => line !== '');
  }
}

const started: SweepProgress[] = [];
function progress(plan: SweepPlan, options: SweepProgressOptions): SweepProgress {
  const p = createSweepProgress(plan, options);
  started.push(p);
  return p;
}

/** The screen rows a job's name is on. */
const rowsOf = (screen: Screen, name: string): number[] => screen.lines().flatMap((line, row) => (line.includes(name) ? [row] : []));
const lineOf = (screen: Screen, name: string): string => screen.lines().find((line) => line.includes(name)) ?? '';
const countIn = (lines: string[], text: string): number => lines.filter((line) => line.includes(text)).length;

function resultOf(plan: SweepPlan, jobs: SweepResult['jobs']): SweepResult {
  return { name: plan.name, model: plan.model, region: 'local', jobs, seed: 1, launchOrder: plan.jobs.map((j) => j.jobName), aborted: false };
}

describe('createSweepProgress', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-03-02T12:03:04') });
  });
  afterEach(() => {
    for (const p of started.splice(0)) p.finish();
    vi.useRealTimers();
  });

  describe('on a terminal (live)', () => {
    const plan = samplePlan();
    const [a, b, c] = plan.jobs.map((job) => job.jobName) as [string, string, string];

    it('draws one line per job and a total bar at once, with the cursor hidden', () => {
      const screen = new Screen(30, 100);
      progress(plan, { stream: screen, live: true, color: false });
      const lines = screen.nonEmptyLines();
      expect(lines).toHaveLength(plan.jobs.length + 1);
      for (const job of plan.jobs) expect(countIn(lines, job.jobName)).toBe(1);
      for (const name of [a, b, c]) expect(lineOf(screen, name)).toMatch(/\squeued\b/);
      expect(lines.at(-1)).toMatch(/^\[-+\] 0\/3 done · 00:00$/);
      expect(screen.cursorVisible).toBe(false);
    });

    it('redraws the block in place: the same rows, no scrolled copies, each job once', () => {
      const screen = new Screen(30, 120);
      const p = progress(plan, { stream: screen, live: true, color: true });
      const rows = plan.jobs.map((job) => rowsOf(screen, job.jobName));
      const script = [
        events.launched(a),
        events.status(a, 'Starting'),
        events.queued(b, 'concurrency', 'maxConcurrent 1'),
        events.status(a, 'Training'),
        events.ended(a, 'Completed'),
        events.result(sampleResult(plan, a, { seconds: 41 })),
        events.launched(b),
        events.status(b, 'Downloading'),
      ];
      for (const event of script) {
        p.onEvent(event);
        vi.advanceTimersByTime(120);
      }
      expect(screen.writes.length).toBeGreaterThan(script.length / 2);
      expect(screen.scrolledOff).toEqual([]);
      expect(screen.wraps).toBe(0);
      expect(plan.jobs.map((job) => rowsOf(screen, job.jobName))).toEqual(rows);
      expect(screen.nonEmptyLines()).toHaveLength(plan.jobs.length + 1);
      expect(lineOf(screen, a)).toMatch(/Completed\s+00:0\d\s+5 epochs {2}val_accuracy 0\.91 {2}\$0\.00$/);
      expect(lineOf(screen, b)).toMatch(/InProgress Downloading\s+00:00$/);
      expect(lineOf(screen, c)).toMatch(/\squeued$/);
      expect(screen.nonEmptyLines().at(-1)).toMatch(/^\[#{7}-{13}\] 1\/3 done · 1 running · 00:00$/);
    });

    it('shows a job waiting for quota with the reason the sweep gave', () => {
      const screen = new Screen(30, 120);
      const p = progress(plan, { stream: screen, live: true, color: false });
      p.onEvent(events.queued(c, 'quota', 'ml.m5.large: 2 of 2 instances in use'));
      vi.advanceTimersByTime(60);
      expect(lineOf(screen, c)).toMatch(/waiting for quota\s+ml\.m5\.large: 2 of 2 instances in use$/);
      expect(screen.nonEmptyLines().at(-1)).toContain('1 waiting for quota');
    });

    it('ticks the elapsed time of running jobs every redrawMs, and freezes it when the job ends', () => {
      const screen = new Screen(30, 100);
      const p = progress(plan, { stream: screen, live: true, color: false, redrawMs: 1000 });
      p.onEvent(events.launched(a));
      p.onEvent(events.status(a, 'Training'));
      vi.advanceTimersByTime(5_000);
      expect(lineOf(screen, a)).toMatch(/InProgress Training\s+00:05$/);
      vi.advanceTimersByTime(61_000);
      expect(lineOf(screen, a)).toMatch(/InProgress Training\s+01:06$/);
      p.onEvent(events.ended(a, 'Failed', 'AlgorithmError: out of memory'));
      vi.advanceTimersByTime(10_000);
      expect(lineOf(screen, a)).toMatch(/Failed\s+01:06\s+AlgorithmError: out of memory$/);
      expect(screen.nonEmptyLines().at(-1)).toMatch(/1\/3 done · 1 failed · 01:16$/);
    });

    it('draws at most one frame per ~50 ms for a burst of events, and the last state after it', () => {
      const screen = new Screen(30, 100);
      const p = progress(plan, { stream: screen, live: true, color: false });
      const before = screen.writes.length;
      vi.advanceTimersByTime(100);
      const burst = [events.launched(a), events.status(a, 'Starting'), events.status(a, 'Downloading'), events.status(a, 'Training'), events.launched(b), events.status(b, 'Starting')];
      for (const event of burst) p.onEvent(event);
      expect(screen.writes.length - before).toBe(1); // the first event draws at once, the rest wait
      vi.advanceTimersByTime(49);
      expect(screen.writes.length - before).toBe(1);
      vi.advanceTimersByTime(1);
      expect(screen.writes.length - before).toBe(2);
      expect(lineOf(screen, a)).toMatch(/InProgress Training/);
      expect(lineOf(screen, b)).toMatch(/InProgress Starting/);
    });

    it('cuts every line to the width of the terminal, shortening a long name in its middle', () => {
      const long = samplePlan({ name: 'a-very-long-sweep-name-x', batchSizes: [16, 512] });
      const screen = new Screen(30, 40);
      const p = progress(long, { stream: screen, live: true, color: true });
      p.onEvent(events.launched(long.jobs[0]!.jobName));
      p.onEvent(events.status(long.jobs[0]!.jobName, 'DownloadingTrainingImage'));
      p.onEvent(events.queued(long.jobs[1]!.jobName, 'quota', 'a reason far too long to fit on one line of a narrow terminal'));
      vi.advanceTimersByTime(3_000);
      expect(screen.wraps).toBe(0);
      expect(screen.scrolledOff).toEqual([]);
      const lines = screen.nonEmptyLines();
      expect(lines).toHaveLength(3);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(39);
      // The ends of the names (what tells the jobs apart) stay.
      expect(lines[0]).toMatch(/^a-ve…[\w-]*b16-e5-r1 +DownloadingTr… +00:03$/);
      expect(lines[1]).toMatch(/^a-ve…[\w-]*b512-e5-r1 +waiting for q…/);
      expect(lines[1]).toMatch(/…$/);
      expect(lines[0]).toContain('00:03');
    });

    it('summarises the jobs that do not fit the terminal, showing the running and most recent ones', () => {
      const big = samplePlan({ batchSizes: [8, 16, 32, 64, 128], repeats: 4 });
      const names = big.jobs.map((job) => job.jobName);
      const screen = new Screen(10, 100);
      const p = progress(big, { stream: screen, live: true, color: false });
      for (const name of names.slice(0, 4)) {
        p.onEvent(events.launched(name));
        p.onEvent(events.result(sampleResult(big, name)));
      }
      for (const name of names.slice(10, 12)) {
        p.onEvent(events.launched(name));
        p.onEvent(events.status(name, 'Training'));
      }
      vi.advanceTimersByTime(1_000);
      const lines = screen.nonEmptyLines();
      expect(lines.length).toBeLessThanOrEqual(screen.rows - 2);
      expect(screen.scrolledOff).toEqual([]);
      for (const name of names.slice(10, 12)) expect(countIn(lines, name)).toBe(1);
      const shownJobs = names.filter((name) => countIn(lines, name) === 1);
      expect(shownJobs).toHaveLength(screen.rows - 4);
      const hidden = names.length - shownJobs.length;
      const hiddenDone = 4 - names.slice(0, 4).filter((name) => shownJobs.includes(name)).length;
      expect(lines.at(-2)).toBe(`… ${hidden} more (${hidden - hiddenDone} queued${hiddenDone > 0 ? `, ${hiddenDone} done` : ''})`);
      expect(lines.at(-1)).toMatch(/ 4\/20 done · 2 running · /);
      // Shown in plan order.
      expect(shownJobs).toEqual([...shownJobs].sort((x, y) => names.indexOf(x) - names.indexOf(y)));
    });

    it('prints a note above the block and redraws the block under it', () => {
      const screen = new Screen(30, 100);
      const p = progress(plan, { stream: screen, live: true, color: false });
      p.onEvent(events.launched(a));
      vi.advanceTimersByTime(60);
      p.note('Ctrl-C: stopping 1 job…');
      p.note('(Ctrl-C again does not leave it running)');
      const lines = screen.nonEmptyLines();
      expect(lines.slice(0, 2)).toEqual(['Ctrl-C: stopping 1 job…', '(Ctrl-C again does not leave it running)']);
      expect(lines).toHaveLength(2 + plan.jobs.length + 1);
      for (const job of plan.jobs) expect(countIn(lines, job.jobName)).toBe(1);
      expect(lines[2]).toContain(a);
      expect(screen.scrolledOff).toEqual([]);
    });

    it('draws the final state on finish, shows the cursor again and stops redrawing; twice is once', () => {
      const screen = new Screen(30, 120);
      const p = progress(plan, { stream: screen, live: true, color: false });
      p.onEvent(events.launched(a));
      p.onEvent(events.status(a, 'Training'));
      p.onEvent(events.stopped(a));
      vi.advanceTimersByTime(2_000);
      const final = resultOf(plan, [
        { ...sampleResult(plan, a, { status: 'Stopped', epochs: 2 }), failureReason: 'stopped by the sweep (aborted)' },
        { jobName: b, cell: plan.jobs[1]!.cell, status: 'NotLaunched', failureReason: 'not launched: the sweep was aborted', notes: [] },
        { jobName: c, cell: plan.jobs[2]!.cell, status: 'NotLaunched', failureReason: 'not launched: the sweep was aborted', notes: [] },
      ]);
      p.finish(final);
      expect(screen.cursorVisible).toBe(true);
      expect(lineOf(screen, a)).toMatch(/Stopped\s+00:00\s+stopped by the sweep \(aborted\) {2}2 epochs/);
      expect(lineOf(screen, b)).toMatch(/NotLaunched\s+not launched: the sweep was aborted$/);
      expect(screen.nonEmptyLines().at(-1)).toMatch(/^\[#{20}\] 3\/3 done · 1 stopped · 2 not launched · 00:02$/);
      const writes = screen.writes.length;
      p.finish();
      p.onEvent(events.launched(c));
      p.note('after the end');
      vi.advanceTimersByTime(10_000);
      expect(screen.writes.slice(writes)).toEqual(['after the end\n']);
      expect(screen.transcript().filter((line) => line.includes(a))).toHaveLength(1);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('shows the jobs a resumed sweep already ended, from the journal', () => {
      const screen = new Screen(30, 100);
      const previous = resultOf(plan, [sampleResult(plan, a, { seconds: 75, valAccuracy: 0.88 })]);
      progress(plan, { stream: screen, live: true, color: false, previous });
      expect(lineOf(screen, a)).toMatch(/Completed\s+01:15\s+5 epochs {2}val_accuracy 0\.88/);
      expect(screen.nonEmptyLines().at(-1)).toMatch(/ 1\/3 done · /);
    });

    it('shows the jobs a resumed sweep did not launch before as queued, not done: --resume launches them', () => {
      const screen = new Screen(30, 100);
      const previous = resultOf(plan, [sampleResult(plan, a, { status: 'Stopped', seconds: 30 }), sampleResult(plan, b, { status: 'NotLaunched' })]);
      progress(plan, { stream: screen, live: true, color: false, previous });
      expect(lineOf(screen, a)).toMatch(/Stopped\s+00:30/);
      expect(lineOf(screen, b)).toMatch(/\squeued$/);
      expect(screen.nonEmptyLines().at(-1)).toMatch(/ 1\/3 done · /);
      expect(screen.nonEmptyLines().at(-1)).not.toMatch(/not launched/);
    });

    it('colours the statuses but counts only visible characters against the width', () => {
      const screen = new Screen(30, 60);
      const p = progress(plan, { stream: screen, live: true, color: true });
      p.onEvent(events.result(sampleResult(plan, a)));
      vi.advanceTimersByTime(60);
      expect(screen.writes.join('')).toMatch(/\x1b\[32mCompleted/);
      expect(screen.wraps).toBe(0);
      for (const line of screen.nonEmptyLines()) expect(line.length).toBeLessThanOrEqual(59);
    });
  });

  describe('in a pipe or a CI log (not live)', () => {
    const plan = samplePlan();
    const [a, b] = plan.jobs.map((job) => job.jobName) as [string, string, string];
    const width = Math.max(...plan.jobs.map((job) => job.jobName.length));
    const at = (name: string) => `^\\d\\d:\\d\\d:\\d\\d ${name.padEnd(width)} {2}`;

    function run(color: boolean) {
      const out = new Recorder();
      const p = progress(plan, { stream: out, live: false, color });
      p.onEvent(events.queued(b, 'quota', 'ml.m5.large: 1 of 1 instances in use'));
      p.onEvent(events.queued(b, 'quota', 'ml.m5.large: 1 of 1 instances in use'));
      p.onEvent(events.launched(a));
      p.onEvent(events.status(a, 'Starting'));
      p.onEvent(events.status(a, 'Starting'));
      p.onEvent(events.status(a, 'Training'));
      p.onEvent(events.status(a, 'Training'));
      vi.advanceTimersByTime(41_000);
      p.onEvent(events.ended(a, 'Completed'));
      p.onEvent(events.result(sampleResult(plan, a, { seconds: 41 })));
      p.onEvent(events.launched(b));
      p.onEvent(events.stopped(b));
      p.note('Ctrl-C: stopping 1 job…');
      vi.advanceTimersByTime(5_000);
      p.finish();
      return out;
    }

    it('writes no escape sequence at all, even with colour on', () => {
      for (const color of [false, true]) expect(run(color).text).not.toContain('\x1b');
    });

    it('writes one line per change of status or phase, and one per end with its outcome', () => {
      const lines = run(false).lines;
      expect(lines).toHaveLength(8);
      expect(lines[0]).toMatch(new RegExp(`${at(b)}waiting: ml\\.m5\\.large: 1 of 1 instances in use$`));
      expect(lines[1]).toMatch(new RegExp(`${at(a)}launched$`));
      expect(lines[2]).toMatch(new RegExp(`${at(a)}InProgress Starting$`));
      expect(lines[3]).toMatch(new RegExp(`${at(a)}InProgress Training$`));
      expect(lines[4]).toMatch(new RegExp(`${at(a)}Completed {2}5 epochs {2}val_accuracy 0\\.91 {2}\\$0\\.00 {2}41s$`));
      expect(lines[5]).toMatch(new RegExp(`${at(b)}launched$`));
      expect(lines[6]).toMatch(new RegExp(`${at(b)}stopped \\(stopped by the sweep \\(aborted\\)\\)$`));
      expect(lines[7]).toBe('Ctrl-C: stopping 1 job…');
    });

    it('stamps each line with the local time of its event', () => {
      const out = new Recorder();
      const p = progress(plan, { stream: out, live: false, color: false });
      const event = events.launched(a);
      p.onEvent(event);
      const two = (n: number) => String(n).padStart(2, '0');
      expect(out.lines[0]!.slice(0, 8)).toBe(`${two(event.at.getHours())}:${two(event.at.getMinutes())}:${two(event.at.getSeconds())}`);
    });

    it('says a job that was not launched when it ends, and writes nothing on finish', () => {
      const out = new Recorder();
      const p = progress(plan, { stream: out, live: false, color: false });
      p.onEvent(events.ended(b, 'NotLaunched', 'ml.p5.48xlarge: the account may use 0 instances'));
      expect(out.lines).toHaveLength(1);
      expect(out.lines[0]).toMatch(new RegExp(`${at(b)}NotLaunched {2}ml\\.p5\\.48xlarge: the account may use 0 instances$`));
      p.finish(resultOf(plan, []));
      p.finish();
      expect(out.lines).toHaveLength(1);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('says on finish an end that no result followed (a job that ended as the sweep was aborted)', () => {
      const out = new Recorder();
      const p = progress(plan, { stream: out, live: false, color: false });
      p.onEvent(events.ended(a, 'Failed', 'AlgorithmError: exit code 1'));
      expect(out.lines).toHaveLength(0);
      p.finish();
      expect(out.lines).toHaveLength(1);
      expect(out.lines[0]).toMatch(new RegExp(`${at(a)}Failed {2}AlgorithmError: exit code 1$`));
    });
  });

  it('refuses a redrawMs that is not a positive number', () => {
    expect(() => createSweepProgress(samplePlan(), { stream: new Recorder(), live: true, color: false, redrawMs: 0 })).toThrow(/redrawMs/);
  });
});
