// Stands in for @actions/http-client where @actions/core imports it (see scripts/stand-ins.mjs): core loads it
// at start for getIDToken() alone, and with it node's http, https and undici, most of a run's start-up. This
// facade keeps what getIDToken uses (HttpClient.getJson) and loads the real client on that first call. The
// bundle script replaces the '@actions/http-client/' prefix below with the path of the real package, as core
// would resolve it.
let real

function load() {
  real ??= Promise.all([
    import('@actions/http-client/lib/index.js'),
    import('@actions/http-client/lib/auth.js')
  ])
  return real
}

export class HttpClient {
  #args

  constructor(userAgent, handlers, requestOptions) {
    this.#args = { userAgent, handlers: handlers ?? [], requestOptions }
  }

  async getJson(requestUrl, additionalHeaders) {
    const [{ HttpClient: Client }, { BearerCredentialHandler }] = await load()
    const { userAgent, handlers, requestOptions } = this.#args
    const client = new Client(
      userAgent,
      handlers.map(handler => new BearerCredentialHandler(handler.token)),
      requestOptions
    )
    return client.getJson(requestUrl, additionalHeaders)
  }
}
