package localaws

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// Parameter Store limits, as AWS documents them.
const (
	maxParameterName     = 2048
	maxParameterDepth    = 15
	maxStandardValue     = 4096
	maxAdvancedValue     = 8192
	maxParametersPerCall = 10
)

var parameterNamePattern = regexp.MustCompile(`^[a-zA-Z0-9_.\-/]+$`)

// parameter is a stored parameter's current version.
type parameter struct {
	name     string
	typ      string
	value    string
	dataType string
	tier     string
	version  int64
	modified time.Time
}

type putParameterInput struct {
	Name      string
	Value     *string
	Type      string
	Overwrite bool
	DataType  string
	Tier      string
}

type putParameterOutput struct {
	Version int64
	Tier    string
}

type getParameterInput struct {
	Name           string
	WithDecryption bool
}

type getParametersInput struct {
	Names          []string
	WithDecryption bool
}

type deleteParameterInput struct {
	Name string
}

type wireParameter struct {
	ARN              string
	DataType         string
	LastModifiedDate *epochSeconds
	Name             string
	Type             string
	Value            string
	Version          int64
}

type getParameterOutput struct {
	Parameter wireParameter
}

type getParametersOutput struct {
	Parameters        []wireParameter
	InvalidParameters []string
}

func (s *Server) putParameter(body []byte) (any, error) {
	var in putParameterInput
	if err := decodeJSON(body, &in); err != nil {
		return nil, err
	}
	if err := validateNewParameterName(in.Name); err != nil {
		return nil, err
	}
	if in.Value == nil {
		return nil, validationError("Value is required.")
	}
	switch in.Type {
	case "", "String", "StringList", "SecureString":
	default:
		return nil, validationError("Type must be String, StringList or SecureString, not %q.", in.Type)
	}
	switch in.Tier {
	case "":
		in.Tier = "Standard"
	case "Standard", "Advanced":
	default:
		return nil, validationError("Tier %q is not supported locally; use Standard or Advanced.", in.Tier)
	}
	if limit := valueLimit(in.Tier); len(*in.Value) > limit {
		return nil, validationError("%s tier parameters support a maximum parameter value of %d characters.", in.Tier, limit)
	}
	if in.DataType == "" {
		in.DataType = "text"
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	prior, exists := s.parameters[in.Name]
	switch {
	case exists && !in.Overwrite:
		return nil, newAPIError(http.StatusBadRequest, "ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.")
	case !exists && in.Type == "":
		return nil, validationError("A parameter type is required when you create a parameter.")
	}
	p := &parameter{name: in.Name, typ: in.Type, value: *in.Value, dataType: in.DataType, tier: in.Tier, version: 1, modified: s.clock.Now()}
	if exists {
		p.version = prior.version + 1
		if p.typ == "" {
			p.typ = prior.typ
		}
	}
	s.parameters[in.Name] = p
	return putParameterOutput{Version: p.version, Tier: p.tier}, nil
}

func (s *Server) getParameter(body []byte) (any, error) {
	var in getParameterInput
	if err := decodeJSON(body, &in); err != nil {
		return nil, err
	}
	if err := validateParameterName(in.Name); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.parameters[in.Name]
	if !ok {
		return nil, parameterNotFound(in.Name)
	}
	return getParameterOutput{Parameter: s.wireParameter(p, in.WithDecryption)}, nil
}

// getParameters answers the parameters found, in the order asked, and
// lists the names not found as InvalidParameters.
func (s *Server) getParameters(body []byte) (any, error) {
	var in getParametersInput
	if err := decodeJSON(body, &in); err != nil {
		return nil, err
	}
	if n := len(in.Names); n < 1 || n > maxParametersPerCall {
		return nil, validationError("Names must hold 1 to %d parameter names.", maxParametersPerCall)
	}
	for _, name := range in.Names {
		if err := validateParameterName(name); err != nil {
			return nil, err
		}
	}
	out := getParametersOutput{Parameters: []wireParameter{}, InvalidParameters: []string{}}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, name := range in.Names {
		if p, ok := s.parameters[name]; ok {
			out.Parameters = append(out.Parameters, s.wireParameter(p, in.WithDecryption))
		} else {
			out.InvalidParameters = append(out.InvalidParameters, name)
		}
	}
	return out, nil
}

func (s *Server) deleteParameter(body []byte) (any, error) {
	var in deleteParameterInput
	if err := decodeJSON(body, &in); err != nil {
		return nil, err
	}
	if err := validateParameterName(in.Name); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.parameters[in.Name]; !ok {
		return nil, parameterNotFound(in.Name)
	}
	delete(s.parameters, in.Name)
	return struct{}{}, nil
}

// wireParameter shapes p for an answer. A SecureString's value is only
// given with decryption; otherwise the caller gets an opaque stand-in for
// the ciphertext, as AWS returns, so code that forgets WithDecryption fails
// locally too.
func (s *Server) wireParameter(p *parameter, decrypt bool) wireParameter {
	value := p.value
	if p.typ == "SecureString" && !decrypt {
		mac := hmac.New(sha256.New, s.sealKey)
		fmt.Fprintf(mac, "%s\n%d\n%s", p.name, p.version, p.value)
		value = base64.StdEncoding.EncodeToString(mac.Sum(nil))
	}
	return wireParameter{
		ARN:              fmt.Sprintf("arn:aws:ssm:%s:%s:parameter/%s", s.region, s.account, strings.TrimPrefix(p.name, "/")),
		DataType:         p.dataType,
		LastModifiedDate: newEpochSeconds(p.modified),
		Name:             p.name,
		Type:             p.typ,
		Value:            value,
		Version:          p.version,
	}
}

// validateParameterName checks a name as Parameter Store does. Selectors
// (name:version, name:label) are not served locally.
func validateParameterName(name string) error {
	switch {
	case name == "":
		return validationError("Parameter name is required.")
	case strings.Contains(name, ":"):
		return validationError("Parameter %q: version and label selectors are not supported locally.", name)
	case len(name) > maxParameterName || !parameterNamePattern.MatchString(name):
		return validationError("Parameter name %q must be at most %d letters, digits, or . - _ /.", name, maxParameterName)
	case strings.Contains(name, "/") && !strings.HasPrefix(name, "/"):
		return validationError("Parameter name %q: a hierarchical name must be fully qualified, starting with /.", name)
	case strings.Count(name, "/") > maxParameterDepth:
		return validationError("Parameter name %q: the hierarchy is deeper than %d levels.", name, maxParameterDepth)
	}
	return nil
}

// validateNewParameterName adds the prefixes AWS reserves for its own
// parameters, which can be read but not written.
func validateNewParameterName(name string) error {
	if err := validateParameterName(name); err != nil {
		return err
	}
	first := strings.ToLower(strings.TrimPrefix(name, "/"))
	if strings.HasPrefix(first, "aws") || strings.HasPrefix(first, "ssm") {
		return validationError("Parameter name %q: names can't be prefixed with \"aws\" or \"ssm\" (case-insensitive).", name)
	}
	return nil
}

func valueLimit(tier string) int {
	if tier == "Advanced" {
		return maxAdvancedValue
	}
	return maxStandardValue
}

func parameterNotFound(name string) error {
	return newAPIError(http.StatusBadRequest, "ParameterNotFound", "Parameter %s not found.", name)
}
