/**
 * One thing wrong with the input, precise enough to fix without reading the kit's source.
 * Validation collects every problem of a synth and reports them together.
 */
export interface Problem {
  /** Where the value came from, e.g. `environments[staging].apiHostPort`. */
  readonly path: string;
  /** What was given (secrets are redacted before they get here). */
  readonly value: unknown;
  /** What is allowed. */
  readonly expected: string;
  /** How to fix it. */
  readonly fix: string;
}

export function formatProblem(problem: Problem): string {
  return `${problem.path}: got ${describeValue(problem.value)}; expected ${problem.expected}. Fix: ${problem.fix}`;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

/** Stands in for a secret in a problem report: says what is wrong with it without showing it. */
export function redacted(secret: string): string {
  return `<redacted, ${secret.length} characters>`;
}

/** Thrown when input is invalid; carries every problem found, not only the first. */
export class KitValidationError extends Error {
  constructor(public readonly problems: readonly Problem[]) {
    super(
      `srs-secure-kit found ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was synthesized:\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join('\n'),
    );
    this.name = 'KitValidationError';
  }
}

/** Collects problems under a path prefix so nested validators do not repeat it. */
export class ProblemList {
  private readonly items: Problem[] = [];

  add(path: string, value: unknown, expected: string, fix: string): void {
    this.items.push({ path, value, expected, fix });
  }

  addAll(problems: readonly Problem[]): void {
    this.items.push(...problems);
  }

  get problems(): readonly Problem[] {
    return this.items;
  }

  get isEmpty(): boolean {
    return this.items.length === 0;
  }

  /** Throws every collected problem at once; returns normally when there are none. */
  throwIfAny(): void {
    if (this.items.length > 0) throw new KitValidationError(this.items);
  }
}
