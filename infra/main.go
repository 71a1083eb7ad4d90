// Command infra is the AWS CDK app that deploys Relais into an agency's
// own AWS account: one stack, "Relais", defined by NewRelaisStack.
//
// The bus rules it deploys are internal/routing's, and the functions read
// the environment variables and parameters named in internal/config. The
// functions' code comes from ../build/<function>/bootstrap (see the
// Makefile).
//
// Synthesize or deploy from this folder with the CLI pinned in
// package.json:
//
//	npm ci
//	npx cdk synth
//	npx cdk deploy -c alertEmails=ops@example.com,cm@example.com
//
// Context values: assetDir (default ../build); consoleDir, the built
// console (default ../web/dist/app, which make deps builds); alertEmails, a
// comma-separated list of addresses subscribed to the notifications topic;
// agencyName, agencyLogo (a base64 data URI) and agencyColor (#rrggbb), the
// agency's branding in reports; consoleDomain, the console's host name
// (the agency's own, with consoleCertificateArn, an ACM certificate in
// us-east-1, or the ConsoleUrl output's after a first deployment), and
// signInDomainPrefix, the hosted sign-in's (default relais-<account id>).
package main

import (
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/relais-dev/relais/internal/relais"
)

func main() {
	defer jsii.Close()

	app := awscdk.NewApp(nil)
	props := &RelaisStackProps{
		// No Env: the stack is environment-agnostic and deploys to the
		// account and region of the CLI's credentials.
		StackProps: awscdk.StackProps{
			Description: jsii.String("Relais: social-media automation back end"),
		},
		AssetDir:    contextString(app, "assetDir"),
		ConsoleDir:  contextString(app, "consoleDir"),
		AlertEmails: splitList(contextString(app, "alertEmails")),
		Branding: relais.Branding{
			Name: contextString(app, "agencyName"), Logo: contextString(app, "agencyLogo"), Color: contextString(app, "agencyColor"),
		},
		ConsoleDomain:         contextString(app, "consoleDomain"),
		ConsoleCertificateARN: contextString(app, "consoleCertificateArn"),
		SignInDomainPrefix:    contextString(app, "signInDomainPrefix"),
	}
	NewRelaisStack(app, "Relais", props)
	app.Synth(nil)
}

func contextString(app awscdk.App, key string) string {
	v := app.Node().TryGetContext(jsii.String(key))
	s, _ := v.(string)
	return s
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}
