// The "Copy as code" harness, shared by every lesson's copy-as-code test: the figure computes as
// on the page (the wasm core under Node), its code hook describes the setup, the shared generator
// writes the script, Debian's python3 (python3-torch, python3-sklearn; scripts/setup.sh installs
// them) runs it, and every number it prints must match what the page shows: training results to
// 1e-4 relative, closed-form values to 1e-6. Each test file calls useCopyHarness() once.
// python3 starts once per test file (run_scripts.py imports torch and sklearn, then forks a fresh
// child per script), so the imports are paid once, not once per script.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLossLab, inProcess, type AsyncLossLab } from 'loss-lab';
import type { AnyFigure, ComputeContext } from '../../../web/lessons/framework/figure';
import { parseHeadlines, toleranceOf, toPython, type CodeSpec } from '../../../web/lessons/shared/code';
import { defaults, type ParamTable } from '../../../web/state/params';

/** Debian's interpreter, where apt installs python3-torch and python3-sklearn (override for other machines). */
const PYTHON = process.env.LOSSLAB_PYTHON ?? '/usr/bin/python3';

let engine: AsyncLossLab;
let workdir: string;

interface Reply { id: number; status: number; stdout: string; stderr: string }

/** The file's python3, with torch and sklearn imported: one script at a time, each in a forked child. */
class ScriptRunner {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private stderr = '';
  readonly ready: Promise<void>;

  constructor() {
    this.child = spawn(PYTHON, [fileURLToPath(new URL('./run_scripts.py', import.meta.url))]);
    this.child.stderr.on('data', (chunk) => { this.stderr += chunk; });
    const lines = createInterface({ input: this.child.stdout });
    this.ready = new Promise((resolve, reject) => {
      this.child.on('error', reject);
      // If python3 itself ends, everything still waiting fails at once instead of at its timeout.
      this.child.on('exit', (code) => {
        const error = new Error(`${PYTHON} run_scripts.py ended (${code}): ${this.stderr}`);
        reject(error);
        for (const { reject: fail } of this.waiting.values()) fail(error);
        this.waiting.clear();
      });
      lines.on('line', (line) => {
        const message = JSON.parse(line) as Partial<Reply> & { ready?: boolean; error?: string };
        if (message.ready === true) return resolve();
        if (message.ready === false) {
          return reject(new Error(`${PYTHON} cannot import torch, sklearn and numpy (apt-get install python3-torch python3-sklearn; scripts/setup.sh does): ${message.error}`));
        }
        this.waiting.get(message.id!)?.resolve(message as Reply);
        this.waiting.delete(message.id!);
      });
    });
  }

  run(script: string, cwd: string): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.stdin.write(`${JSON.stringify({ id, script, cwd })}\n`);
    });
  }

  close(): void {
    this.child.removeAllListeners('exit');
    this.child.stdin.end();
  }
}

let runner: ScriptRunner;

/** The engine the harness computes with (valid inside tests). */
export const harnessEngine = (): AsyncLossLab => engine;

/** Starts the engine and checks python3 before the file's tests; removes the work directory after. */
export function useCopyHarness(): void {
  beforeAll(async () => {
    engine = await inProcess(await createLossLab());
    workdir = mkdtempSync(join(tmpdir(), 'losslab-code-'));
    runner = new ScriptRunner();
    await runner.ready;
  }, 120_000);
  afterAll(() => {
    runner?.close();
    rmSync(workdir, { recursive: true, force: true });
  });
}

const context: ComputeContext<unknown> = { signal: new AbortController().signal, progress: () => {}, partial: () => {} };

/** The figure's data and code spec for the lesson's defaults with `overrides`, as the page would compute them. */
export async function specOf<S>(figure: AnyFigure<S>, table: ParamTable, local: Record<string, unknown>, overrides: Record<string, unknown>): Promise<CodeSpec> {
  const state = { ...defaults(table), ...local, ...overrides } as S;
  const data = await figure.compute(state, engine, context);
  // As the page does: the code hook may read only the figure's deps and view keys.
  const keys = new Set<string>([...figure.deps, ...(figure.view ?? []), ...(figure.playback?.param ? [figure.playback.param] : [])]);
  const readable = new Proxy(state as Record<string, unknown>, {
    get(target, key) {
      if (typeof key === 'string' && !keys.has(key) && key !== 'toJSON' && key !== 'then') throw new Error(`figure '${figure.name}' code read '${key}', which is not in its deps or view`);
      return target[key as string];
    },
  }) as S;
  return figure.code!(data, readable, engine);
}

/** Runs the generated script (and its CSV) and returns what it printed, by run label. */
export async function runScript(spec: CodeSpec): Promise<Record<string, Record<string, number>>> {
  const code = toPython(spec, engine.losses);
  writeFileSync(join(workdir, code.filename), code.script);
  if (code.csv) writeFileSync(join(workdir, code.csv.filename), code.csv.text);
  const run = await runner.run(code.filename, workdir);
  if (run.status !== 0) throw new Error(`the generated script failed:\n${run.stderr}\n--- script ---\n${code.script.slice(0, 4000)}`);
  return parseHeadlines(run.stdout, spec.runs.map((r) => r.label));
}

/** Relative error with a floor of 1 on the scale: an intercept of 0.003 is held to 1e-4 absolute. */
const close = (printed: number, shown: number, tolerance: number) => Math.abs(printed - shown) <= tolerance * Math.max(1, Math.abs(shown));

export function compare(spec: CodeSpec, printed: Record<string, Record<string, number>>): void {
  for (const run of spec.runs) {
    const tolerance = toleranceOf(run);
    if ('informative' in run && run.informative) {
      // Printed for the reader, compared with nothing: it claims no number of the page, and must
      // still print its line with at least one finite number.
      expect(run.expect, `${run.label} is informative and cannot also expect numbers`).toEqual([]);
      const line = printed[run.label];
      expect(line, `${run.label} was not printed`).toBeDefined();
      const values = Object.values(line ?? {});
      expect(values.length, `${run.label} printed no number`).toBeGreaterThan(0);
      for (const v of values) expect(Number.isFinite(v), `${run.label} printed ${v}`).toBe(true);
      continue;
    }
    expect(run.expect.length, run.label).toBeGreaterThan(0);
    for (const { name, value } of run.expect) {
      const got = printed[run.label]?.[name];
      expect(got, `${run.label} ${name} was not printed`).toBeTypeOf('number');
      expect(close(got!, value, tolerance), `${run.label} ${name}: script ${got}, page ${value}`).toBe(true);
    }
  }
}

export interface Case { name: string; overrides: Record<string, unknown> }

export function covers<S>(lesson: string, figure: AnyFigure<S>, table: ParamTable, local: Record<string, unknown>, cases: Case[]): void {
  describe(`${lesson} / ${figure.name}`, () => {
    for (const c of cases) {
      it(`the generated script prints the figure's numbers: ${c.name}`, async () => {
        const spec = await specOf(figure, table, local, c.overrides);
        expect(spec.runs.length).toBeGreaterThan(0);
        compare(spec, await runScript(spec));
      }, 600_000);
    }
  });
}

