package web

import "strings"

// Policy is the console's Content-Security-Policy, the same under relais
// dev and behind CloudFront: the console loads and runs its own files
// only, with nothing inline, and calls its API on its own origin, the
// media store at media, where images are uploaded to and previewed from
// by pre-signed URL, and the sign-in's discovery and token endpoints at
// signIn, when they are on other origins (Cognito's).
func Policy(media string, signIn ...string) string {
	connect := append([]string{"connect-src 'self'", media}, signIn...)
	return strings.Join([]string{
		"default-src 'self'", "script-src 'self'", "style-src 'self'",
		"img-src 'self' data: blob: " + media, strings.Join(connect, " "),
		"object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
	}, "; ")
}
