// Package config holds the settings every Relais process reads: resource
// names from the environment, parameter names, and the AWS SDK
// configuration, whose endpoints are the only thing local mode changes.
package config

import (
	"fmt"
	"os"
	"strings"

	"github.com/relais-dev/relais/internal/relais"
)

// Environment variables the functions read. infra/ sets them; the local
// stack passes the same settings in process.
const (
	EnvTable  = "RELAIS_TABLE"
	EnvBus    = "RELAIS_BUS"
	EnvBucket = "RELAIS_BUCKET"
	// EnvMediaBucket names the bucket of the clients' uploaded images.
	EnvMediaBucket      = "RELAIS_MEDIA_BUCKET"
	EnvScheduleGroup    = "RELAIS_SCHEDULE_GROUP"
	EnvPublisherARN     = "RELAIS_PUBLISHER_ARN"
	EnvReporterARN      = "RELAIS_REPORTER_ARN"
	EnvModeratorARN     = "RELAIS_MODERATOR_ARN"
	EnvSchedulerRoleARN = "RELAIS_SCHEDULER_ROLE_ARN"
	EnvParameterPrefix  = "RELAIS_PARAMETER_PREFIX"
	// EnvAPIURL is the API's public base URL, under which report links
	// are served (https://console.example.com/api).
	EnvAPIURL = "RELAIS_API_URL"
	// The agency's branding in reports (see relais.Branding).
	EnvAgencyName  = "RELAIS_AGENCY_NAME"
	EnvAgencyLogo  = "RELAIS_AGENCY_LOGO"
	EnvAgencyColor = "RELAIS_AGENCY_COLOR"
	// Who signs the API's callers in, and from where the console calls.
	EnvIssuer        = "RELAIS_ISSUER"
	EnvAppClientID   = "RELAIS_APP_CLIENT_ID"
	EnvConsoleOrigin = "RELAIS_CONSOLE_ORIGIN"
)

// Settings names the resources of one Relais deployment.
type Settings struct {
	Table  string `json:"table"`
	Bus    string `json:"bus"`
	Bucket string `json:"bucket"`
	// MediaBucket holds the clients' uploaded images, under
	// media/<client>/.
	MediaBucket      string `json:"mediaBucket,omitempty"`
	ScheduleGroup    string `json:"scheduleGroup"`
	PublisherARN     string `json:"publisherArn"`
	ReporterARN      string `json:"reporterArn"`
	ModeratorARN     string `json:"moderatorArn,omitempty"`
	SchedulerRoleARN string `json:"schedulerRoleArn"`
	ParameterPrefix  string `json:"parameterPrefix"`
	// APIURL is the API's public base URL; report links are served under
	// it. Without it, Report Ready carries no link.
	APIURL string `json:"apiUrl,omitempty"`
	// Branding is the agency's, in every client's reports unless the
	// client overrides it.
	Branding relais.Branding `json:"branding,omitzero"`
	// Issuer is the OpenID issuer of the API's ID tokens (the Cognito
	// user pool's URL), AppClientID the app client they are for, and
	// ConsoleOrigin the one origin allowed cross-origin calls.
	Issuer        string `json:"issuer,omitempty"`
	AppClientID   string `json:"appClientId,omitempty"`
	ConsoleOrigin string `json:"consoleOrigin,omitempty"`
}

// DefaultParameterPrefix is where Relais keeps its parameters.
const DefaultParameterPrefix = "/relais"

// FromEnv reads the settings a function needs; required names the ones it
// cannot run without.
func FromEnv(required ...string) (Settings, error) {
	s := Settings{
		Table:            os.Getenv(EnvTable),
		Bus:              os.Getenv(EnvBus),
		Bucket:           os.Getenv(EnvBucket),
		MediaBucket:      os.Getenv(EnvMediaBucket),
		ScheduleGroup:    os.Getenv(EnvScheduleGroup),
		PublisherARN:     os.Getenv(EnvPublisherARN),
		ReporterARN:      os.Getenv(EnvReporterARN),
		ModeratorARN:     os.Getenv(EnvModeratorARN),
		SchedulerRoleARN: os.Getenv(EnvSchedulerRoleARN),
		ParameterPrefix:  os.Getenv(EnvParameterPrefix),
		APIURL:           os.Getenv(EnvAPIURL),
		Branding: relais.Branding{
			Name: os.Getenv(EnvAgencyName), Logo: os.Getenv(EnvAgencyLogo), Color: os.Getenv(EnvAgencyColor),
		},
		Issuer: os.Getenv(EnvIssuer), AppClientID: os.Getenv(EnvAppClientID), ConsoleOrigin: os.Getenv(EnvConsoleOrigin),
	}
	if s.ParameterPrefix == "" {
		s.ParameterPrefix = DefaultParameterPrefix
	}
	var missing []string
	for _, name := range required {
		if os.Getenv(name) == "" {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return s, fmt.Errorf("config: missing environment variables %s", strings.Join(missing, ", "))
	}
	if err := s.Branding.Validate(); err != nil {
		return s, fmt.Errorf("config: agency branding (%s, %s): %s", EnvAgencyLogo, EnvAgencyColor, relais.ErrorMessage(err))
	}
	return s, nil
}

// ConfigParameter holds the deployment's Settings as JSON, so that the CLI
// finds the resources it drives.
func (s Settings) ConfigParameter() string { return s.ParameterPrefix + "/config" }

// SecretParameter holds a secret (a SecureString).
func (s Settings) SecretParameter(w relais.Secret) string {
	return s.ParameterPrefix + "/secrets/" + w.Name
}

// TokenParameter holds an account's access token (a SecureString).
func (s Settings) TokenParameter(clientID string, ref relais.AccountRef) string {
	// Under the account's canonical id, however a post or a person spells
	// it: urn:li:organization:77 and 77 are one LinkedIn page.
	ref = ref.Canonical()
	return s.ParameterPrefix + "/tokens/" + clientID + "/" + string(ref.Network) + "/" + parameterSafe(ref.ID)
}

// RefreshTokenParameter holds the refresh token of an account connected
// with OAuth (a SecureString), beside its access token.
func (s Settings) RefreshTokenParameter(clientID string, ref relais.AccountRef) string {
	return s.TokenParameter(clientID, ref) + "/refresh"
}

// parameterSafe escapes the characters a parameter name cannot hold, such
// as the colons of a LinkedIn URN, keeping the name readable and unique.
func parameterSafe(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-':
			b.WriteRune(r)
		default:
			for _, c := range []byte(string(r)) {
				fmt.Fprintf(&b, "_%02x", c)
			}
		}
	}
	return b.String()
}

// AccountTokenParameter is where an account's token is kept.
func (s Settings) AccountTokenParameter(a relais.Account) string {
	return s.TokenParameter(a.ClientID, a.Ref())
}
