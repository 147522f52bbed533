// The bearer handler @actions/core gives HttpClient: its token, handed to the real handler on first use.
export class BearerCredentialHandler {
  constructor(token) {
    this.token = token
  }
}
