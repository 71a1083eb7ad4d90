package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/relais-dev/relais/internal/routing"
)

// Synthesis starts Node through jsii and takes seconds, so the test binary
// builds the handlers and synthesizes the stack once, and every test reads
// the same template.
var (
	// assetDir holds <function>/bootstrap as built by buildHandlers.
	assetDir string
	// buildErrs holds, for each function whose build failed, why. Such a
	// function is synthesized from a placeholder so that the other tests
	// still run; TestHandlersBuild fails on it.
	buildErrs map[string]error
	// outDir is the cloud assembly the stack was synthesized into.
	outDir string
	// template is the synthesized stack.
	template assertions.Template
	// cfn is template as JSON.
	cfn map[string]any
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	os.Setenv("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
	os.Setenv("CDK_DISABLE_CLI_TELEMETRY", "true")
	// The CDK packages register their types at initialization, which
	// prepares the jsii client, and with it a copy of the environment,
	// before this runs. Closing the client, whose Node process has not
	// started yet, makes the first synthesis start Node with the variables
	// above.
	jsii.Close()

	dir, err := os.MkdirTemp("", "relais-infra-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)

	assetDir = filepath.Join(dir, "build")
	buildErrs = buildHandlers(assetDir)
	for name := range buildErrs {
		if err := writePlaceholder(filepath.Join(assetDir, name)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}

	outDir = filepath.Join(dir, "cdk.out")
	app := awscdk.NewApp(&awscdk.AppProps{
		Outdir: jsii.String(outDir),
		// As the CLI does: each function names its staged asset.
		Context: &map[string]any{"aws:cdk:enable-asset-metadata": true},
	})
	stack := NewRelaisStack(app, "Relais", &RelaisStackProps{
		AssetDir:    assetDir,
		AlertEmails: []string{"alerts@example.com"},
	})
	template = assertions.Template_FromStack(stack.Stack, nil)
	cfn = *template.ToJSON()

	code := m.Run()
	jsii.Close()
	return code
}

// buildHandlers builds every function of the main module the way the
// Makefile does, into dir/<function>/bootstrap.
func buildHandlers(dir string) map[string]error {
	errs := map[string]error{}
	for _, name := range routing.Functions {
		out := filepath.Join(dir, name, "bootstrap")
		cmd := exec.Command("go", "build",
			"-tags", "lambda.norpc", "-trimpath", "-ldflags", "-s -w",
			"-o", out, "./functions/"+name)
		cmd.Dir = ".."
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=arm64", "GOWORK=off")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			errs[name] = fmt.Errorf("%v: %s", err, strings.TrimSpace(stderr.String()))
		}
	}
	return errs
}

func writePlaceholder(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "bootstrap"), []byte("#!/bin/sh\nexit 1\n"), 0o755)
}

// check runs a CDK assertion, which panics through jsii when it fails, and
// reports the failure on t instead of crashing the test binary.
func check(t *testing.T, what string, assertion func()) {
	t.Helper()
	defer func() {
		t.Helper()
		if r := recover(); r != nil {
			t.Errorf("%s: %v", what, r)
		}
	}()
	assertion()
}

// resources returns the template's resources of one type by logical id.
func resources(typ string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for id, r := range cfn["Resources"].(map[string]any) {
		res := r.(map[string]any)
		if res["Type"] == typ {
			out[id] = res
		}
	}
	return out
}

// props returns a resource's Properties.
func props(res map[string]any) map[string]any {
	p, _ := res["Properties"].(map[string]any)
	return p
}

// onlyID returns the logical id of the one resource of a type.
func onlyID(t *testing.T, typ string) string {
	t.Helper()
	rs := resources(typ)
	if len(rs) != 1 {
		t.Fatalf("%s: got %d resources, want 1", typ, len(rs))
	}
	for id := range rs {
		return id
	}
	return ""
}

// idWhere returns the logical id of the one resource of a type whose
// property key renders to value.
func idWhere(t *testing.T, typ, key, value string) string {
	t.Helper()
	var ids []string
	for id, res := range resources(typ) {
		if render(props(res)[key]) == value {
			ids = append(ids, id)
		}
	}
	if len(ids) != 1 {
		t.Fatalf("%s with %s %q: got %v, want exactly one", typ, key, value, ids)
	}
	return ids[0]
}

// render writes a CloudFormation value as a string: Ref X is "${X}",
// GetAtt X.Y is "${X.Y}", Fn::Sub of a template is the template, Fn::Join
// is the joined rendering. A literal "*"
// stays "*", so a wildcard resource cannot hide inside an intrinsic.
func render(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64, bool:
		return fmt.Sprint(x)
	case map[string]any:
		if ref, ok := x["Ref"]; ok {
			return "${" + fmt.Sprint(ref) + "}"
		}
		if ga, ok := x["Fn::GetAtt"].([]any); ok && len(ga) == 2 {
			return fmt.Sprintf("${%v.%v}", ga[0], ga[1])
		}
		if sub, ok := x["Fn::Sub"].(string); ok {
			return sub
		}
		if j, ok := x["Fn::Join"].([]any); ok && len(j) == 2 {
			sep, _ := j[0].(string)
			items, _ := j[1].([]any)
			parts := make([]string, len(items))
			for i, item := range items {
				parts[i] = render(item)
			}
			return strings.Join(parts, sep)
		}
	}
	b, _ := json.Marshal(v)
	return "<" + string(b) + ">"
}

// strs turns a string-or-list value, such as a statement's Action or
// Resource, into rendered strings.
func strs(v any) []string {
	if list, ok := v.([]any); ok {
		out := make([]string, len(list))
		for i, item := range list {
			out[i] = render(item)
		}
		return out
	}
	if v == nil {
		return nil
	}
	return []string{render(v)}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

func ref(id string) string { return "${" + id + "}" }
func arn(id string) string { return "${" + id + ".Arn}" }

// pseudoARN is an ARN in the deploying account and region, as the template
// renders it.
func pseudoARN(service, rest string) string {
	return "arn:${AWS::Partition}:" + service + ":${AWS::Region}:${AWS::AccountId}:" + rest
}
