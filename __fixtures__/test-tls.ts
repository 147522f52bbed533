/** A self-signed certificate for localhost and 127.0.0.1 (valid until 2126), for the TLS tests only. */
export const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBmjCCAUGgAwIBAgIUKHCLhskUAQGtM53xlfGsVQimrZowCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyNjAwMzM0MVoYDzIxMjYxMTAy
MDAzMzQxWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAR+m14tKV0GXqxiGEwaS6GGhaoWiz/1EBXBP2g57LyP7Ewlx8/G42GL
uEDCxiUJbGzVz0/W3wfcwIv0/1qBQ85go28wbTAdBgNVHQ4EFgQUl5yJv+HRCgcL
FccKEwTF43HmqecwHwYDVR0jBBgwFoAUl5yJv+HRCgcLFccKEwTF43HmqecwDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
zj0EAwIDRwAwRAIgKdbgHass2EyILbilLzC4crFXgfjcNWO4v51EVvbBzxUCIGjU
QnH0QemX0LU8F5dmvpC/Pj0ZBAGiFhlFRG+WCMz/
-----END CERTIFICATE-----
`

/** Its private key: a test fixture, trusted by nothing but the tests that pass TEST_CERT as their CA. */
export const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgSYF++hZmIqc5t0h6
57Q2Ttk6XFlklysQp6trO5usGryhRANCAAR+m14tKV0GXqxiGEwaS6GGhaoWiz/1
EBXBP2g57LyP7Ewlx8/G42GLuEDCxiUJbGzVz0/W3wfcwIv0/1qBQ85g
-----END PRIVATE KEY-----
`
