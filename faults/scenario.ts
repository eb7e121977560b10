// What every fault scenario is: a promise journey makes, a bounded run that measures it, a figure.

interface ScenarioOptions {
  /** The short form `npm test` runs: fewer trials, no huge inputs. */
  short: boolean;
  /** Progress lines (stderr). */
  log: (line: string) => void;
}

export interface ScenarioResult {
  /** The measured figure, as the table prints it. */
  figure: string;
  ok: boolean;
}

export interface Scenario {
  name: string;
  /** The promise under test, in one line. */
  promise: string;
  run(options: ScenarioOptions): Promise<ScenarioResult>;
}
