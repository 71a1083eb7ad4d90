package main

import (
	"reflect"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/relais-dev/relais/web"
)

// TestUserPool proves the agency's people sign in to a pool nobody joins
// alone, with strong passwords, optional TOTP, one group per Relais role
// and the custom attribute that grants them clients.
func TestUserPool(t *testing.T) {
	check(t, "user pool", func() {
		template.HasResource(jsii.String("AWS::Cognito::UserPool"), map[string]any{
			"DeletionPolicy": "Retain",
			"Properties": assertions.Match_ObjectLike(&map[string]any{
				"AdminCreateUserConfig":  map[string]any{"AllowAdminCreateUserOnly": true},
				"AliasAttributes":        []any{"email"},
				"UsernameConfiguration":  map[string]any{"CaseSensitive": false},
				"AutoVerifiedAttributes": []any{"email"},
				"MfaConfiguration":       "OPTIONAL",
				"EnabledMfas":            []any{"SOFTWARE_TOKEN_MFA"},
				"DeletionProtection":     "ACTIVE",
				"Policies": map[string]any{"PasswordPolicy": map[string]any{
					"MinimumLength": 12, "RequireLowercase": true, "RequireUppercase": true,
					"RequireNumbers": true, "RequireSymbols": true, "TemporaryPasswordValidityDays": 3,
				}},
				"Schema": assertions.Match_ArrayWith(&[]any{
					map[string]any{"Name": "email", "Mutable": true, "Required": true},
					map[string]any{"Name": "clients", "AttributeDataType": "String", "Mutable": true,
						"StringAttributeConstraints": map[string]any{"MaxLength": "2048"}},
				}),
			}),
		})
	})
	pool := onlyID(t, "AWS::Cognito::UserPool")
	var got []string
	for _, g := range resources("AWS::Cognito::UserPoolGroup") {
		p := props(g)
		if render(p["UserPoolId"]) != ref(pool) {
			t.Errorf("group %v is not in the pool", p["GroupName"])
		}
		got = append(got, render(p["GroupName"]))
	}
	// The roles the API reads in cognito:groups (internal/auth).
	if want := []string{"admin", "manager", "reviewer"}; !reflect.DeepEqual(sorted(got), want) {
		t.Errorf("groups %v, want %v", got, want)
	}
	check(t, "hosted sign-in domain", func() {
		template.HasResourceProperties(jsii.String("AWS::Cognito::UserPoolDomain"), map[string]any{
			"Domain":     map[string]any{"Fn::Join": []any{"", []any{"relais-", map[string]any{"Ref": "AWS::AccountId"}}}},
			"UserPoolId": map[string]any{"Ref": pool},
		})
	})
}

// TestConsoleClient proves the console signs in with the code flow and
// PKCE, keeps no secret, gets hour-long ID tokens, and may read but not
// write the clients a person is granted.
func TestConsoleClient(t *testing.T) {
	check(t, "app client", func() {
		template.HasResourceProperties(jsii.String("AWS::Cognito::UserPoolClient"), map[string]any{
			"UserPoolId":                      map[string]any{"Ref": onlyID(t, "AWS::Cognito::UserPool")},
			"GenerateSecret":                  false,
			"AllowedOAuthFlows":               []any{"code"},
			"AllowedOAuthFlowsUserPoolClient": true,
			"AllowedOAuthScopes":              []any{"openid", "email", "profile"},
			"CallbackURLs":                    []any{DefaultConsoleOrigin + "/"},
			"LogoutURLs":                      []any{DefaultConsoleOrigin + "/"},
			"SupportedIdentityProviders":      []any{"COGNITO"},
			"IdTokenValidity":                 60,
			"RefreshTokenValidity":            30 * 24 * 60,
			"TokenValidityUnits":              map[string]any{"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "minutes"},
			"PreventUserExistenceErrors":      "ENABLED",
		})
	})
	p := props(resources("AWS::Cognito::UserPoolClient")[onlyID(t, "AWS::Cognito::UserPoolClient")])
	if read := strs(p["ReadAttributes"]); !contains(read, "custom:clients") {
		t.Errorf("read attributes %v: the console cannot read custom:clients", read)
	}
	write := strs(p["WriteAttributes"])
	if len(write) == 0 || contains(write, "custom:clients") {
		// No WriteAttributes at all would let people write every attribute.
		t.Errorf("write attributes %v: people could grant themselves clients", write)
	}
}

// TestConsoleDistribution proves the console is served from its private
// bucket through Origin Access Control, as a single-page app with
// security headers, and /api/* goes uncached, over HTTPS, with every
// method and every viewer header but Host, to the api function's URL.
func TestConsoleDistribution(t *testing.T) {
	dist := onlyID(t, "AWS::CloudFront::Distribution")
	cfg := props(resources("AWS::CloudFront::Distribution")[dist])["DistributionConfig"].(map[string]any)
	console := consoleBucketID(t)
	apiURL := functionURL(t, "api")

	origins := map[string]map[string]any{}
	for _, o := range cfg["Origins"].([]any) {
		origin := o.(map[string]any)
		origins[render(origin["Id"])] = origin
	}
	def := cfg["DefaultCacheBehavior"].(map[string]any)
	s3 := origins[render(def["TargetOriginId"])]
	if got := render(s3["DomainName"]); got != "${"+console+".RegionalDomainName}" {
		t.Errorf("default behaviour's origin %s, want the console bucket", got)
	}
	if got := render(s3["OriginAccessControlId"]); got != "${"+onlyID(t, "AWS::CloudFront::OriginAccessControl")+".Id}" {
		t.Errorf("console origin's access control %s", got)
	}
	const (
		cachingDisabled  = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
		allViewerButHost = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
	)
	headers := onlyID(t, "AWS::CloudFront::ResponseHeadersPolicy")
	if render(def["ResponseHeadersPolicyId"]) != ref(headers) || def["ViewerProtocolPolicy"] != "redirect-to-https" {
		t.Errorf("default behaviour %v: want the console's headers policy over HTTPS", def)
	}
	// The pages carry the policy relais dev sets, naming the media
	// bucket, and the managed security headers' protections, stricter.
	sec := props(resources("AWS::CloudFront::ResponseHeadersPolicy")[headers])["ResponseHeadersPolicyConfig"].(map[string]any)["SecurityHeadersConfig"].(map[string]any)
	if got, want := render(sec["ContentSecurityPolicy"].(map[string]any)["ContentSecurityPolicy"]), web.Policy("https://${"+mediaBucketID(t)+".RegionalDomainName}",
		"https://cognito-idp.${AWS::Region}.${AWS::URLSuffix}", "https://${"+onlyID(t, "AWS::Cognito::UserPoolDomain")+"}.auth.${AWS::Region}.amazoncognito.com"); got != want {
		t.Errorf("content security policy\n got %s\nwant %s", got, want)
	}
	if got := sec["FrameOptions"].(map[string]any)["FrameOption"]; got != "DENY" {
		t.Errorf("frame options %v, want DENY", got)
	}
	if got := sec["ReferrerPolicy"].(map[string]any)["ReferrerPolicy"]; got != "no-referrer" {
		t.Errorf("referrer policy %v, want no-referrer", got)
	}
	if got := sec["StrictTransportSecurity"].(map[string]any)["AccessControlMaxAgeSec"]; got != float64(365*24*3600) {
		t.Errorf("HSTS max age %v, want a year", got)
	}
	if cfg["DefaultRootObject"] != "index.html" {
		t.Errorf("default root object %v", cfg["DefaultRootObject"])
	}
	for _, code := range []float64{403, 404} {
		found := false
		for _, e := range cfg["CustomErrorResponses"].([]any) {
			r := e.(map[string]any)
			found = found || (r["ErrorCode"] == code && r["ResponseCode"] == float64(200) && r["ResponsePagePath"] == "/index.html")
		}
		if !found {
			t.Errorf("a %v is not answered with /index.html", code)
		}
	}

	behaviors := cfg["CacheBehaviors"].([]any)
	if len(behaviors) != 1 {
		t.Fatalf("%d cache behaviours, want /api/* only", len(behaviors))
	}
	api := behaviors[0].(map[string]any)
	if api["PathPattern"] != "/api/*" || api["CachePolicyId"] != cachingDisabled || api["OriginRequestPolicyId"] != allViewerButHost ||
		api["ViewerProtocolPolicy"] != "https-only" {
		t.Errorf("/api/* behaviour %v", api)
	}
	if got, want := sorted(strs(api["AllowedMethods"])), sorted([]string{"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"}); !reflect.DeepEqual(got, want) {
		t.Errorf("/api/* methods %v, want %v", got, want)
	}
	fnOrigin := origins[render(api["TargetOriginId"])]
	// The URL's host: https://<host>/ split on "/".
	host := map[string]any{"Fn::Select": []any{float64(2), map[string]any{"Fn::Split": []any{"/", map[string]any{"Fn::GetAtt": []any{apiURL, "FunctionUrl"}}}}}}
	if got := fnOrigin["DomainName"]; !reflect.DeepEqual(got, host) {
		t.Errorf("/api/* origin %s, want the api function's URL's host", render(got))
	}
	if c, _ := fnOrigin["CustomOriginConfig"].(map[string]any); c["OriginProtocolPolicy"] != "https-only" {
		t.Errorf("/api/* origin config %v, want HTTPS only", c)
	}

	// CloudFront, for this distribution only, reads the console's files.
	check(t, "console bucket policy", func() {
		template.HasResourceProperties(jsii.String("AWS::S3::BucketPolicy"), map[string]any{
			"Bucket": map[string]any{"Ref": console},
			"PolicyDocument": map[string]any{"Statement": assertions.Match_ArrayWith(&[]any{
				assertions.Match_ObjectLike(&map[string]any{
					"Action": "s3:GetObject", "Effect": "Allow",
					"Principal": map[string]any{"Service": "cloudfront.amazonaws.com"},
					"Condition": map[string]any{"StringEquals": map[string]any{"AWS:SourceArn": map[string]any{"Fn::Join": []any{"", []any{
						"arn:", map[string]any{"Ref": "AWS::Partition"}, ":cloudfront::", map[string]any{"Ref": "AWS::AccountId"},
						":distribution/", map[string]any{"Ref": dist},
					}}}}},
				}),
			})},
		})
	})
	check(t, "console bucket", func() {
		template.HasResourceProperties(jsii.String("AWS::S3::Bucket"), map[string]any{
			"PublicAccessBlockConfiguration": map[string]any{
				"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true,
			},
		})
	})
}

// consoleBucketID finds the console's bucket: the one that is not the
// reports'.
func consoleBucketID(t *testing.T) string { return bucketID(t, "Console") }

// TestConsoleDomain proves that the agency's own console domain is the
// distribution's alias, with its certificate, and is where sign-in
// returns and whence the API takes cross-origin calls and the media bucket uploads.
func TestConsoleDomain(t *testing.T) {
	app := awscdk.NewApp(nil)
	stack := NewRelaisStack(app, "Relais", &RelaisStackProps{
		AssetDir:              assetDir,
		ConsoleDomain:         "relais.agency.example",
		ConsoleCertificateARN: "arn:aws:acm:us-east-1:111122223333:certificate/abc",
	})
	tmpl := assertions.Template_FromStack(stack.Stack, nil)
	check(t, "alias", func() {
		tmpl.HasResourceProperties(jsii.String("AWS::CloudFront::Distribution"), map[string]any{
			"DistributionConfig": assertions.Match_ObjectLike(&map[string]any{
				"Aliases": []any{"relais.agency.example"},
				"ViewerCertificate": assertions.Match_ObjectLike(&map[string]any{
					"AcmCertificateArn": "arn:aws:acm:us-east-1:111122223333:certificate/abc",
				}),
			}),
		})
	})
	check(t, "callbacks", func() {
		tmpl.HasResourceProperties(jsii.String("AWS::Cognito::UserPoolClient"), map[string]any{
			"CallbackURLs": []any{"https://relais.agency.example/"},
			"LogoutURLs":   []any{"https://relais.agency.example/"},
		})
	})
	check(t, "origin", func() {
		tmpl.HasResourceProperties(jsii.String("AWS::Lambda::Function"), map[string]any{
			"FunctionName": "relais-api",
			"Environment": map[string]any{"Variables": assertions.Match_ObjectLike(&map[string]any{
				"RELAIS_CONSOLE_ORIGIN": "https://relais.agency.example",
			})},
		})
	})
	check(t, "uploads", func() {
		tmpl.HasResourceProperties(jsii.String("AWS::S3::Bucket"), map[string]any{
			"CorsConfiguration": map[string]any{"CorsRules": []any{assertions.Match_ObjectLike(&map[string]any{
				"AllowedOrigins": []any{"https://relais.agency.example"},
			})}},
		})
	})
	check(t, "report links", func() {
		tmpl.HasResourceProperties(jsii.String("AWS::Lambda::Function"), map[string]any{
			"FunctionName": "relais-reporter",
			"Environment": map[string]any{"Variables": assertions.Match_ObjectLike(&map[string]any{
				"RELAIS_API_URL": "https://relais.agency.example/api",
			})},
		})
	})
	check(t, "console URL", func() {
		tmpl.HasOutput(jsii.String("ConsoleUrl"), map[string]any{"Value": "https://relais.agency.example/"})
	})
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
