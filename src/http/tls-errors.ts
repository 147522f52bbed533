/** What a failed TLS handshake looks like, by error code (Node's and OpenSSL's names). */

const CERTIFICATE_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/

/** Whether an error code says a certificate was refused (asking again will not help; a CA may be missing). */
export function isCertificateCode(code: string | undefined): boolean {
  return CERTIFICATE_CODE.test(String(code))
}

/** Whether an error code is any TLS failure, a refused certificate included (never a proxy's reachability). */
export function isTlsCode(code: string | undefined): boolean {
  return isCertificateCode(code) || /SSL|TLS/.test(String(code))
}
