/**
 * Who started a run (written to the manifest): the schedule, a manual invocation
 * of the function, the CLI, or a state change (`sluice state --reset|--set`,
 * `{"mode": "state"}`), which commits state and no data.
 */
export const TRIGGERS = ['schedule', 'manual', 'cli', 'state'] as const;

/** One of {@link TRIGGERS}. */
export type Trigger = (typeof TRIGGERS)[number];
