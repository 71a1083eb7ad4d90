package localoidc

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/relais-dev/relais/internal/auth"
	"github.com/relais-dev/relais/internal/relais"
)

// scopes are those the issuer grants; a sign-in asks for openid at least.
var scopes = []string{"openid", "email", "profile"}

// challengePattern is an S256 code_challenge: 32 bytes in base64url.
var challengePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)

// maxParam bounds state, nonce and login_hint, which the page echoes.
const maxParam = 512

// authRequest is a sign-in request, as the console starts it.
type authRequest struct {
	ClientID, RedirectURI, ResponseType, Scope, State, Nonce, Challenge, ChallengeMethod, LoginHint string
}

// refusal is why a sign-in request is refused, said to the person.
type refusal string

func (r refusal) Error() string { return string(r) }

// authRequestOf reads and checks a sign-in request. Every refusal is
// shown as a page, never redirected: an unchecked redirect_uri is not
// one to send anything to.
func (i *Issuer) authRequestOf(v url.Values) (authRequest, error) {
	a := authRequest{
		ClientID: v.Get("client_id"), RedirectURI: v.Get("redirect_uri"), ResponseType: v.Get("response_type"),
		Scope: v.Get("scope"), State: v.Get("state"), Nonce: v.Get("nonce"),
		Challenge: v.Get("code_challenge"), ChallengeMethod: v.Get("code_challenge_method"), LoginHint: v.Get("login_hint"),
	}
	switch {
	case a.ClientID != ClientID:
		return a, refusal(fmt.Sprintf("client_id %q is not this issuer's app client (%s).", a.ClientID, ClientID))
	case i.console == "":
		return a, refusal("This issuer signs in no console: it knows no redirect_uri.")
	case a.RedirectURI != i.console+"/":
		return a, refusal(fmt.Sprintf("redirect_uri %q is not the console's; open the console at %s/ and sign in from there.", a.RedirectURI, i.console))
	case a.ResponseType != "code":
		return a, refusal("response_type must be code: the issuer answers the authorization code flow only.")
	case !slices.Contains(strings.Fields(a.Scope), "openid"):
		return a, refusal("scope must include openid.")
	case a.Challenge == "":
		return a, refusal("code_challenge is missing: the sign-in needs PKCE.")
	case a.ChallengeMethod != "S256":
		return a, refusal("code_challenge_method must be S256.")
	case !challengePattern.MatchString(a.Challenge):
		return a, refusal("code_challenge is not an S256 challenge (43 characters of base64url).")
	case a.State == "":
		return a, refusal("state is missing.")
	case len(a.State) > maxParam || len(a.Nonce) > maxParam || len(a.LoginHint) > maxParam:
		return a, refusal(fmt.Sprintf("state, nonce and login_hint are at most %d characters.", maxParam))
	}
	return a, nil
}

// showSignIn serves the sign-in page for a request, or why it is refused.
func (i *Issuer) showSignIn(w http.ResponseWriter, r *http.Request) {
	a, err := i.authRequestOf(r.URL.Query())
	if err != nil {
		i.page(w, http.StatusBadRequest, pageData{Refused: err.Error()})
		return
	}
	form := signInForm{Role: string(auth.Manager)}
	if _, ok := i.person(a.LoginHint); !ok {
		form.Name = a.LoginHint
	}
	i.page(w, http.StatusOK, i.signInPage(a, form, ""))
}

// signIn answers the page's form: the chosen person, or the one the form
// describes, gets a code, sent to the console with the request's state.
func (i *Issuer) signIn(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		i.page(w, http.StatusBadRequest, pageData{Refused: "The form could not be read."})
		return
	}
	a, err := i.authRequestOf(r.PostForm)
	if err != nil {
		i.page(w, http.StatusBadRequest, pageData{Refused: err.Error()})
		return
	}
	form := signInForm{Name: strings.TrimSpace(r.PostForm.Get("name")), Role: r.PostForm.Get("role"), Clients: r.PostForm.Get("clients")}
	id, err := i.chosen(r.PostForm.Get("person"), form)
	if err != nil {
		i.page(w, http.StatusUnprocessableEntity, i.signInPage(a, form, relais.ErrorMessage(err)))
		return
	}
	code := i.codes.put(grant{clientID: a.ClientID, redirectURI: a.RedirectURI, challenge: a.Challenge, nonce: a.Nonce, id: id}, i.Now())
	http.Redirect(w, r, a.RedirectURI+"?"+url.Values{"code": {code}, "state": {a.State}}.Encode(), http.StatusSeeOther)
}

// chosen is who signs in: a registered person by name, or the form's.
func (i *Issuer) chosen(person string, f signInForm) (auth.Identity, error) {
	if person != "" {
		id, ok := i.person(person)
		if !ok {
			return auth.Identity{}, relais.Errorf(relais.ENOTFOUND, "%s is not registered with this issuer; use the form", person)
		}
		return id, nil
	}
	role, err := auth.ParseRole(f.Role)
	if err != nil {
		return auth.Identity{}, err
	}
	var granted []string
	for c := range strings.SplitSeq(f.Clients, ",") {
		if c = strings.TrimSpace(c); c != "" {
			granted = append(granted, c)
		}
	}
	return local(auth.Identity{Name: f.Name, Role: role, Clients: granted})
}

// signInForm is what the form for anyone holds.
type signInForm struct{ Name, Role, Clients string }

// choice is a registered person as the page offers them.
type choice struct {
	Name, Describe string
	Hinted         bool
}

// pageData fills the page: a request's sign-in, or a refusal.
type pageData struct {
	Refused string
	Request authRequest
	Action  string
	People  []choice
	Form    signInForm
	Error   string
	Roles   []auth.Role
	Style   template.CSS
}

func (i *Issuer) signInPage(a authRequest, form signInForm, problem string) pageData {
	d := pageData{Request: a, Action: i.url + AuthorizePath, Form: form, Error: problem, Roles: auth.Roles}
	for _, p := range i.People() {
		d.People = append(d.People, choice{Name: p.Name, Describe: describe(p), Hinted: p.Name == a.LoginHint})
	}
	return d
}

// page writes the sign-in page or a refusal, under a policy that lets it
// load nothing and run nothing, and post only to the issuer, which
// redirects to the console.
func (i *Issuer) page(w http.ResponseWriter, status int, d pageData) {
	d.Style = style
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src "+styleHash+"; form-action 'self' "+i.console+"; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(status)
	pageTemplate.Execute(w, d)
}

// style is the page's only styling, allowed by its hash.
const style = `body{font:1rem/1.5 system-ui,sans-serif;margin:0;padding:1rem;color:#1b1b1f;background:#f6f7fb}` +
	`main{max-width:34rem;margin:0 auto}fieldset{border:1px solid #c5c8d4;border-radius:.5rem;margin:1rem 0;padding:1rem}` +
	`ul{list-style:none;padding:0;margin:0}li{margin:.5rem 0}` +
	`button{font:inherit;padding:.6rem 1rem;border-radius:.4rem;border:1px solid #2f5fd0;background:#2f5fd0;color:#fff;cursor:pointer;min-height:44px}` +
	`button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #f5a623;outline-offset:2px}` +
	`label{display:block;font-weight:600}input,select{font:inherit;padding:.4rem;width:100%;box-sizing:border-box;min-height:44px}` +
	`.hint{color:#4a4d57;font-size:.9rem}.error{color:#a4161a;font-weight:600}`

var styleHash = func() string {
	sum := sha256.Sum256([]byte(style))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}()

var pageTemplate = template.Must(template.New("signin").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{if .Refused}}Sign-in refused{{else}}Sign in{{end}} · Relais (local)</title>
<style>{{.Style}}</style>
</head>
<body>
<main>
{{- if .Refused}}
<h1>Sign-in refused</h1>
<p class="error">{{.Refused}}</p>
<p>This is the local stack's sign-in page; the console starts it. Open the console and sign in again.</p>
{{- else}}
<h1>Sign in to Relais</h1>
<p>This local sign-in stands for the agency's user pool: choose who to be. No password is asked.</p>
{{- if .Error}}
<p class="error" role="alert">{{.Error}}</p>
{{- end}}
{{- if .People}}
<form method="post" action="{{.Action}}">
{{- template "request" .Request}}
<fieldset>
<legend>People of this stack</legend>
<ul>
{{- range .People}}
<li><button type="submit" name="person" value="{{.Name}}"{{if .Hinted}} autofocus aria-describedby="hinted"{{end}}>Sign in as {{.Name}} ({{.Describe}})</button>{{if .Hinted}} <span id="hinted" class="hint">suggested by the link you followed</span>{{end}}</li>
{{- end}}
</ul>
</fieldset>
</form>
{{- end}}
<form method="post" action="{{.Action}}">
{{- template "request" .Request}}
<fieldset>
<legend>{{if .People}}Someone else{{else}}Who are you?{{end}}</legend>
<p><label for="name">Name</label>
<input id="name" name="name" required maxlength="64" autocomplete="username" value="{{.Form.Name}}"{{if .Form.Name}} autofocus{{end}}></p>
<p><label for="role">Role</label>
<select id="role" name="role">
{{- range .Roles}}
<option value="{{.}}"{{if eq (print .) $.Form.Role}} selected{{end}}>{{.}}</option>
{{- end}}
</select></p>
<p><label for="clients">Clients</label>
<input id="clients" name="clients" aria-describedby="clients-hint" value="{{.Form.Clients}}">
<span id="clients-hint" class="hint">Client ids, separated by commas: none for an admin, who sees every client; exactly one for a reviewer.</span></p>
<p><button type="submit">Sign in</button></p>
</fieldset>
</form>
{{- end}}
</main>
</body>
</html>
{{define "request"}}
<input type="hidden" name="client_id" value="{{.ClientID}}">
<input type="hidden" name="redirect_uri" value="{{.RedirectURI}}">
<input type="hidden" name="response_type" value="{{.ResponseType}}">
<input type="hidden" name="scope" value="{{.Scope}}">
<input type="hidden" name="state" value="{{.State}}">
<input type="hidden" name="nonce" value="{{.Nonce}}">
<input type="hidden" name="code_challenge" value="{{.Challenge}}">
<input type="hidden" name="code_challenge_method" value="{{.ChallengeMethod}}">
<input type="hidden" name="login_hint" value="{{.LoginHint}}">
{{- end}}
`))
