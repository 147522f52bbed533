'use strict'
// Stands in for undici inside the bundle (see scripts/bundle.mjs): @actions/http-client imports undici's
// ProxyAgent at load time for one method, getAgentDispatcher(), that nothing in this action calls. Loading
// undici cost two thirds of the action's start-up; requests go through Node's own http/https and fetch.
class ProxyAgent {
  constructor() {
    throw new Error(
      "undici's ProxyAgent is not bundled in hf-auth-action: HttpClient.getAgentDispatcher() is not supported here"
    )
  }
}
module.exports = { ProxyAgent }
