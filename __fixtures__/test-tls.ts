/**
 * A self-signed certificate for localhost, 127.0.0.1 and 127.0.0.2 (the fake CDN's host), valid until 2126, for
 * the TLS tests only.
 */
export const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBoTCCAUegAwIBAgIULLpyCODnxF3iVfERBqdjdahNSXwwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyNjAxMDQxM1oYDzIxMjYxMTAy
MDEwNDEzWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAR/ZNLF+H3KbaUrB5eaYYl/Q4vvHIkI+/vsiTG7h1pJuqOQdGYR0sXw
XNR64NiKp8vnG7zkBy7se4K4SBLx0xopo3UwczAdBgNVHQ4EFgQUhJksN/6O7ZMc
+yma9mCvWZxoTqAwHwYDVR0jBBgwFoAUhJksN/6O7ZMc+yma9mCvWZxoTqAwDwYD
VR0TAQH/BAUwAwEB/zAgBgNVHREEGTAXgglsb2NhbGhvc3SHBH8AAAGHBH8AAAIw
CgYIKoZIzj0EAwIDSAAwRQIhAIKhVRJxg8XGFk3NjfvGsUgk5wUeUDudc77TzXkD
ViA1AiA/rTuV6uT70A8oxlKz9sQuUkcHNUuup+tuHSVduQdshw==
-----END CERTIFICATE-----
`

/** Its private key: a test fixture, trusted by nothing but the tests that pass TEST_CERT as their CA. */
export const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgx9ZPTgi6IPBoYpvC
5coR5VDUkvur2IhyNUIW8PuyLWGhRANCAAR/ZNLF+H3KbaUrB5eaYYl/Q4vvHIkI
+/vsiTG7h1pJuqOQdGYR0sXwXNR64NiKp8vnG7zkBy7se4K4SBLx0xop
-----END PRIVATE KEY-----
`
