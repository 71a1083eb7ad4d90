package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
)

// idPrefixed returns the logical id of the one resource of a type whose
// id starts with prefix, as CDK names a construct's resources.
func idPrefixed(t *testing.T, typ, prefix string) string {
	t.Helper()
	var ids []string
	for id := range resources(typ) {
		if strings.HasPrefix(id, prefix) {
			ids = append(ids, id)
		}
	}
	if len(ids) != 1 {
		t.Fatalf("%s named %s*: got %v, want exactly one", typ, prefix, ids)
	}
	return ids[0]
}

// TestConsoleDeployment: the built console is copied into the Console
// bucket in two halves, each pruning only its own files: the hashed
// assets, immutable, then the pages, index.html first, no-cache.
func TestConsoleDeployment(t *testing.T) {
	bucket := ref(idPrefixed(t, "AWS::S3::Bucket", "Console"))
	tests := []struct {
		id               string
		exclude, include []string
		cache            string
	}{
		{"ConsoleAssets", []string{"*"}, []string{"assets/*"}, "public, max-age=31536000, immutable"},
		{"ConsolePages", []string{"assets/*"}, nil, "no-cache"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			p := props(resources("Custom::CDKBucketDeployment")[idPrefixed(t, "Custom::CDKBucketDeployment", tt.id)])
			if got := render(p["DestinationBucketName"]); got != bucket {
				t.Errorf("destination: got %s, want the console bucket %s", got, bucket)
			}
			if p["Prune"] != true {
				t.Errorf("prune: got %v, want true", p["Prune"])
			}
			if got := strs(p["Exclude"]); !slices.Equal(got, tt.exclude) {
				t.Errorf("exclude: got %q, want %q", got, tt.exclude)
			}
			if got := strs(p["Include"]); !slices.Equal(got, tt.include) {
				t.Errorf("include: got %q, want %q", got, tt.include)
			}
			meta, _ := p["SystemMetadata"].(map[string]any)
			if got := render(meta["cache-control"]); got != tt.cache {
				t.Errorf("cache-control: got %q, want %q", got, tt.cache)
			}
		})
	}
	pages := resources("Custom::CDKBucketDeployment")[idPrefixed(t, "Custom::CDKBucketDeployment", "ConsolePages")]
	assets := idPrefixed(t, "Custom::CDKBucketDeployment", "ConsoleAssets")
	if !slices.Contains(strs(pages["DependsOn"]), assets) {
		t.Errorf("the pages are copied before the assets they name: DependsOn %v lacks %s", pages["DependsOn"], assets)
	}
}

// TestConsoleDeploymentPrivilege: the deployment's function, the one
// function of the stack that is not Relais's, reads its asset, writes
// the console bucket and its own log group, and nothing else; it has no
// policy of AWS's, whose statements the template cannot show.
func TestConsoleDeploymentPrivilege(t *testing.T) {
	token := render(props(resources("Custom::CDKBucketDeployment")[idPrefixed(t, "Custom::CDKBucketDeployment", "ConsoleAssets")])["ServiceToken"])
	handler := strings.TrimSuffix(strings.TrimPrefix(token, "${"), ".Arn}")
	fn, ok := resources("AWS::Lambda::Function")[handler]
	if !ok {
		t.Fatalf("the deployment's service token %s is no function of the stack", token)
	}
	role := render(props(fn)["Role"])
	if role != arn(idPrefixed(t, "AWS::IAM::Role", "ConsoleDeploymentRole")) {
		t.Fatalf("the deployment's function runs as %s, want ConsoleDeploymentRole", role)
	}
	if logs := props(fn)["LoggingConfig"].(map[string]any)["LogGroup"]; render(logs) != ref(idPrefixed(t, "AWS::Logs::LogGroup", "ConsoleDeploymentLogs")) {
		t.Errorf("the deployment's function logs to %s, want ConsoleDeploymentLogs", render(logs))
	}
	console := arn(idPrefixed(t, "AWS::S3::Bucket", "Console"))
	asset := "arn:${AWS::Partition}:s3:::cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}"
	allowed := []string{console, console + "/*", asset, asset + "/*", arn(idPrefixed(t, "AWS::Logs::LogGroup", "ConsoleDeploymentLogs"))}
	statements := roleStatements(t, strings.TrimSuffix(strings.TrimPrefix(role, "${"), ".Arn}"))
	if len(statements) == 0 {
		t.Fatal("the deployment's role holds no statement")
	}
	for _, st := range statements {
		for _, a := range strs(st["Action"]) {
			if !strings.HasPrefix(a, "s3:") && a != "logs:CreateLogStream" && a != "logs:PutLogEvents" {
				t.Errorf("the deployment may %s", a)
			}
		}
		for _, r := range strs(st["Resource"]) {
			if !slices.Contains(allowed, r) {
				t.Errorf("the deployment reaches %s, beyond the console bucket, its asset and its log group", r)
			}
		}
	}
}

// TestConsoleNotBuilt: without the built console, synthesis stops and
// says how to build it.
func TestConsoleNotBuilt(t *testing.T) {
	defer func() {
		r := recover()
		if msg := fmt.Sprint(r); !strings.Contains(msg, "the console is not built") || !strings.Contains(msg, "make deps") {
			t.Errorf("got %v, want a panic saying to run make deps", r)
		}
	}()
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(t.TempDir())})
	NewRelaisStack(app, "Relais", &RelaisStackProps{AssetDir: assetDir, ConsoleDir: t.TempDir()})
}
