/**
 * Errors the action reports to the user. Each carries a short title (shown as the annotation title)
 * and a message that says how to fix the problem.
 */
export class ActionError extends Error {
  constructor(
    readonly title: string,
    message: string
  ) {
    super(message)
    this.name = 'ActionError'
  }
}

/** A workflow input is malformed: the message names the input and the fix. */
export class InputError extends ActionError {
  constructor(
    readonly input: string,
    message: string
  ) {
    super(`Invalid input "${input}"`, message)
    this.name = 'InputError'
  }
}

/** Duck-typed: errors from Node internals may come from another realm, where `instanceof Error` fails. */
export function isErrorLike(error: unknown): error is { name: string; message: string } {
  return typeof error === 'object' && error !== null && typeof (error as Error).message === 'string'
}

export function errorMessage(error: unknown): string {
  return isErrorLike(error) ? error.message : String(error)
}

/** The Hub (or a proxy posing as it) answered with JSON of the wrong shape; nothing of it was used. */
export class HubResponseError extends ActionError {
  constructor(what: string, why: string) {
    super(
      'Unexpected answer from the Hub',
      `${what}: ${why}. Nothing of this answer was used. If the endpoint is a mirror or proxy, check that it serves the Hugging Face Hub API unchanged.`
    )
    this.name = 'HubResponseError'
  }
}
