/** The process environment as the action reads it (tests pass their own). */
export type Env = Record<string, string | undefined>
