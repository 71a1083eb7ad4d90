package main

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/relais-dev/relais/internal/access"
	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/routing"
)

func TestResourceCounts(t *testing.T) {
	want := map[string]int{
		"AWS::DynamoDB::Table":                 1,
		"AWS::Events::EventBus":                1,
		"AWS::Events::Rule":                    len(routing.Rules),
		"AWS::S3::Bucket":                      3, // reports, media, console
		"AWS::SNS::Topic":                      1,
		"AWS::SNS::Subscription":               1,
		"AWS::Lambda::Function":                len(routing.Functions) + 1, // and the console copy's
		"AWS::Lambda::LayerVersion":            2,                          // the AWS CLI, made by each console deployment
		"Custom::CDKBucketDeployment":          2,                          // the console's assets, then its pages
		"AWS::Lambda::Url":                     2,                          // webhook, api
		"AWS::Logs::LogGroup":                  len(routing.Functions) + 2, // and events', the console copy's
		"AWS::Scheduler::ScheduleGroup":        1,
		"AWS::Scheduler::Schedule":             len(config.Routines),
		"AWS::IAM::Role":                       len(routing.Functions) + 2, // and the scheduler's, the console copy's
		"AWS::IAM::ManagedPolicy":              0,
		"AWS::SSM::Parameter":                  1,
		"AWS::Cognito::UserPool":               1,
		"AWS::Cognito::UserPoolClient":         1,
		"AWS::Cognito::UserPoolGroup":          3,
		"AWS::Cognito::UserPoolDomain":         1,
		"AWS::CloudFront::Distribution":        1,
		"AWS::CloudFront::OriginAccessControl": 1,
	}
	for typ, n := range want {
		check(t, typ, func() { template.ResourceCountIs(jsii.String(typ), jsii.Number(n)) })
	}
}

func TestTable(t *testing.T) {
	check(t, "table", func() {
		template.HasResource(jsii.String("AWS::DynamoDB::Table"), map[string]any{
			"DeletionPolicy":      "Retain",
			"UpdateReplacePolicy": "Retain",
			"Properties": map[string]any{
				"BillingMode": "PAY_PER_REQUEST",
				"KeySchema": []any{
					map[string]any{"AttributeName": "PK", "KeyType": "HASH"},
					map[string]any{"AttributeName": "SK", "KeyType": "RANGE"},
				},
				"AttributeDefinitions": assertions.Match_ArrayWith(&[]any{
					map[string]any{"AttributeName": "PK", "AttributeType": "S"},
					map[string]any{"AttributeName": "SK", "AttributeType": "S"},
					map[string]any{"AttributeName": "GSI1PK", "AttributeType": "S"},
					map[string]any{"AttributeName": "GSI1SK", "AttributeType": "S"},
				}),
				"GlobalSecondaryIndexes": []any{map[string]any{
					"IndexName": "GSI1",
					"KeySchema": []any{
						map[string]any{"AttributeName": "GSI1PK", "KeyType": "HASH"},
						map[string]any{"AttributeName": "GSI1SK", "KeyType": "RANGE"},
					},
					"Projection": map[string]any{"ProjectionType": "ALL"},
				}, map[string]any{
					"IndexName": "GSI2",
					"KeySchema": []any{
						map[string]any{"AttributeName": "GSI2PK", "KeyType": "HASH"},
						map[string]any{"AttributeName": "GSI2SK", "KeyType": "RANGE"},
					},
					"Projection": map[string]any{"ProjectionType": "ALL"},
				}},
				"TimeToLiveSpecification":          map[string]any{"AttributeName": "expiresAt", "Enabled": true},
				"PointInTimeRecoverySpecification": map[string]any{"PointInTimeRecoveryEnabled": true},
			},
		})
	})
}

func TestBus(t *testing.T) {
	check(t, "bus", func() {
		template.HasResourceProperties(jsii.String("AWS::Events::EventBus"), map[string]any{"Name": "relais"})
	})
}

// TestRules proves the bus carries exactly routing.Rules: one rule per
// entry, its pattern, and a target of the right kind for each target.
func TestRules(t *testing.T) {
	bus := onlyID(t, "AWS::Events::EventBus")
	topic := onlyID(t, "AWS::SNS::Topic")
	archive := idWhere(t, "AWS::Logs::LogGroup", "LogGroupName", "/relais/events")
	rules := resources("AWS::Events::Rule")
	if len(rules) != len(routing.Rules) {
		t.Errorf("got %d rules, want %d", len(rules), len(routing.Rules))
	}
	for _, r := range routing.Rules {
		id := idWhere(t, "AWS::Events::Rule", "Name", "relais-"+r.Name)
		p := props(rules[id])
		if got := render(p["EventBusName"]); got != ref(bus) {
			t.Errorf("rule %s: bus %s, want %s", r.Name, got, ref(bus))
		}
		if got := render(p["State"]); got != "ENABLED" {
			t.Errorf("rule %s: state %s", r.Name, got)
		}
		var want any
		if err := json.Unmarshal([]byte(r.Pattern.JSON()), &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(p["EventPattern"], want) {
			t.Errorf("rule %s: pattern %v, want %v", r.Name, p["EventPattern"], want)
		}

		var wantTargets []string
		for _, target := range r.Targets {
			switch target.Kind {
			case routing.Function:
				fn := idWhere(t, "AWS::Lambda::Function", "FunctionName", "relais-"+target.Name)
				wantTargets = append(wantTargets, arn(fn))
				// EventBridge may invoke the function for this rule only.
				check(t, "permission for "+r.Name, func() {
					template.HasResourceProperties(jsii.String("AWS::Lambda::Permission"), map[string]any{
						"Action":       "lambda:InvokeFunction",
						"Principal":    "events.amazonaws.com",
						"FunctionName": map[string]any{"Fn::GetAtt": []any{fn, "Arn"}},
						"SourceArn":    map[string]any{"Fn::GetAtt": []any{id, "Arn"}},
					})
				})
			case routing.Notifications:
				wantTargets = append(wantTargets, ref(topic))
			case routing.Archive:
				wantTargets = append(wantTargets, pseudoARN("logs", "log-group:"+ref(archive)))
			default:
				t.Errorf("rule %s: unknown target kind %q", r.Name, target.Kind)
			}
		}
		var gotTargets []string
		for _, target := range p["Targets"].([]any) {
			gotTargets = append(gotTargets, render(target.(map[string]any)["Arn"]))
		}
		if !reflect.DeepEqual(sorted(gotTargets), sorted(wantTargets)) {
			t.Errorf("rule %s: targets %v, want %v", r.Name, gotTargets, wantTargets)
		}
	}
}

func TestNotificationsTopic(t *testing.T) {
	topic := onlyID(t, "AWS::SNS::Topic")
	check(t, "topic", func() {
		template.HasResourceProperties(jsii.String("AWS::SNS::Topic"), map[string]any{"TopicName": "relais-notifications"})
	})
	check(t, "email subscription", func() {
		template.HasResourceProperties(jsii.String("AWS::SNS::Subscription"), map[string]any{
			"Protocol": "email", "Endpoint": "alerts@example.com", "TopicArn": map[string]any{"Ref": topic},
		})
	})
	check(t, "events may publish", func() {
		template.HasResourceProperties(jsii.String("AWS::SNS::TopicPolicy"), map[string]any{
			"PolicyDocument": map[string]any{"Statement": assertions.Match_ArrayWith(&[]any{
				assertions.Match_ObjectLike(&map[string]any{
					"Action": "sns:Publish", "Effect": "Allow",
					"Principal": map[string]any{"Service": "events.amazonaws.com"},
					"Resource":  map[string]any{"Ref": topic},
				}),
			})},
		})
	})
}

func TestArchiveLogGroup(t *testing.T) {
	archive := idWhere(t, "AWS::Logs::LogGroup", "LogGroupName", "/relais/events")
	res := resources("AWS::Logs::LogGroup")[archive]
	if res["DeletionPolicy"] != "Retain" {
		t.Errorf("archive deletion policy %v, want Retain", res["DeletionPolicy"])
	}
	if got := props(res)["RetentionInDays"]; got != float64(365) {
		t.Errorf("archive retention %v days, want 365", got)
	}
	// EventBridge can write to the archive only through its resource policy.
	policies := resources("AWS::Logs::ResourcePolicy")
	if len(policies) != 1 {
		t.Fatalf("got %d log resource policies, want 1", len(policies))
	}
	for _, p := range policies {
		var doc struct {
			Statement []struct {
				Action    []string
				Effect    string
				Principal struct{ Service []string }
				Resource  string
			}
		}
		if err := json.Unmarshal([]byte(render(props(p)["PolicyDocument"])), &doc); err != nil {
			t.Fatalf("log resource policy: %v", err)
		}
		if len(doc.Statement) != 1 {
			t.Fatalf("log resource policy: %d statements, want 1", len(doc.Statement))
		}
		s := doc.Statement[0]
		if s.Effect != "Allow" || s.Resource != arn(archive) ||
			!reflect.DeepEqual(sorted(s.Action), []string{"logs:CreateLogStream", "logs:PutLogEvents"}) ||
			!reflect.DeepEqual(sorted(s.Principal.Service), []string{"delivery.logs.amazonaws.com", "events.amazonaws.com"}) {
			t.Errorf("log resource policy statement %+v", s)
		}
	}
}

// reportsBucketID finds the reports bucket: the one whose objects expire.
func reportsBucketID(t *testing.T) string { return bucketID(t, "Reports") }

func mediaBucketID(t *testing.T) string { return bucketID(t, "Media") }

// bucketID finds a bucket by the construct id the stack gives it, which
// starts its logical id.
func bucketID(t *testing.T, construct string) string {
	t.Helper()
	var ids []string
	for id := range resources("AWS::S3::Bucket") {
		if strings.HasPrefix(id, construct) {
			ids = append(ids, id)
		}
	}
	if len(ids) != 1 {
		t.Fatalf("buckets named %s: %v, want one", construct, ids)
	}
	return ids[0]
}

// blockAll and s3Managed are the public access block and the encryption
// of a private bucket.
var (
	blockAll = map[string]any{
		"BlockPublicAcls": true, "BlockPublicPolicy": true,
		"IgnorePublicAcls": true, "RestrictPublicBuckets": true,
	}
	s3Managed = map[string]any{"ServerSideEncryptionConfiguration": []any{
		map[string]any{"ServerSideEncryptionByDefault": map[string]any{"SSEAlgorithm": "AES256"}},
	}}
)

// TestMediaBucket: the clients' images are private, reached over TLS
// only, encrypted, and the console's origin, alone, may PUT and GET them
// from a browser with the Content-Type the upload is signed for.
func TestMediaBucket(t *testing.T) {
	check(t, "bucket", func() {
		template.HasResource(jsii.String("AWS::S3::Bucket"), map[string]any{
			"DeletionPolicy": "Retain",
			"Properties": assertions.Match_ObjectLike(&map[string]any{
				"PublicAccessBlockConfiguration": blockAll,
				"BucketEncryption":               s3Managed,
				"CorsConfiguration": map[string]any{"CorsRules": []any{map[string]any{
					"AllowedOrigins": []any{DefaultConsoleOrigin},
					"AllowedMethods": []any{"PUT", "GET"},
					"AllowedHeaders": []any{"Content-Type"},
					"ExposedHeaders": []any{"ETag"},
					"MaxAge":         600,
				}}},
			}),
		})
	})
	enforcesSSL(t, mediaBucketID(t))
}

// enforcesSSL proves that a bucket refuses every call without TLS.
func enforcesSSL(t *testing.T, bucket string) {
	t.Helper()
	check(t, "bucket enforces SSL", func() {
		template.HasResourceProperties(jsii.String("AWS::S3::BucketPolicy"), map[string]any{
			"Bucket": map[string]any{"Ref": bucket},
			"PolicyDocument": map[string]any{"Statement": assertions.Match_ArrayWith(&[]any{
				assertions.Match_ObjectLike(&map[string]any{
					"Effect":    "Deny",
					"Action":    "s3:*",
					"Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}},
					"Principal": map[string]any{"AWS": "*"},
					"Resource": []any{
						map[string]any{"Fn::GetAtt": []any{bucket, "Arn"}},
						map[string]any{"Fn::Join": []any{"", []any{map[string]any{"Fn::GetAtt": []any{bucket, "Arn"}}, "/*"}}},
					},
				}),
			})},
		})
	})
}

func TestReportsBucket(t *testing.T) {
	bucket := reportsBucketID(t)
	check(t, "bucket", func() {
		template.HasResource(jsii.String("AWS::S3::Bucket"), map[string]any{
			"DeletionPolicy":      "Retain",
			"UpdateReplacePolicy": "Retain",
			"Properties": assertions.Match_ObjectLike(&map[string]any{
				"PublicAccessBlockConfiguration": blockAll,
				"BucketEncryption":               s3Managed,
				"LifecycleConfiguration": map[string]any{"Rules": assertions.Match_ArrayWith(&[]any{
					assertions.Match_ObjectLike(&map[string]any{"ExpirationInDays": 400, "Status": "Enabled"}),
				})},
			}),
		})
	})
	enforcesSSL(t, bucket)
}

// wantFunctions is the runtime shape of each function.
var wantFunctions = map[string]struct {
	memory, timeout float64
	// bucket: reads or writes reports; schedules: creates schedules that invoke
	// the reporter and, with posts, the publisher; signIn: takes the
	// console's users' ID tokens.
	bucket, schedules, posts, signIn bool
	// media: reads the clients' images (and, for the API, writes them).
	media bool
	// threads: creates the threads' overdue checks, which invoke the
	// moderator.
	threads bool
	// reserved is the function's reserved concurrency; 0: none.
	reserved float64
}{
	// The public URLs are capped, so that a flood of calls, signed or
	// not, cannot take the account's concurrency from the others.
	"webhook":   {256, 10, false, false, false, false, false, false, 50},
	"publisher": {256, 60, false, true, false, false, true, false, 0},
	"moderator": {512, 30, false, false, false, false, false, true, 0},
	"reporter":  {512, 120, true, false, false, false, false, false, 0},
	"poller":    {256, 55, false, false, false, false, false, false, 0},
	// The API ends before CloudFront's 30 s origin timeout.
	"api": {256, 25, true, true, true, true, true, false, 20},
}

func TestFunctions(t *testing.T) {
	table := onlyID(t, "AWS::DynamoDB::Table")
	bus := onlyID(t, "AWS::Events::EventBus")
	bucket := reportsBucketID(t)
	if len(routing.Functions) != len(wantFunctions) {
		t.Errorf("routing has %d functions, want %d", len(routing.Functions), len(wantFunctions))
	}
	for _, name := range routing.Functions {
		want, ok := wantFunctions[name]
		if !ok {
			t.Errorf("function %s: no expectations", name)
			continue
		}
		id := idWhere(t, "AWS::Lambda::Function", "FunctionName", "relais-"+name)
		p := props(resources("AWS::Lambda::Function")[id])
		if p["Runtime"] != "provided.al2023" || p["Handler"] != "bootstrap" ||
			!reflect.DeepEqual(p["Architectures"], []any{"arm64"}) {
			t.Errorf("function %s: runtime %v handler %v architectures %v", name, p["Runtime"], p["Handler"], p["Architectures"])
		}
		if p["MemorySize"] != want.memory || p["Timeout"] != want.timeout {
			t.Errorf("function %s: memory %v timeout %v, want %v %v", name, p["MemorySize"], p["Timeout"], want.memory, want.timeout)
		}
		if got, _ := p["ReservedConcurrentExecutions"].(float64); got != want.reserved {
			t.Errorf("function %s: reserved concurrency %v, want %v", name, got, want.reserved)
		}

		env := map[string]string{}
		if e, ok := p["Environment"].(map[string]any); ok {
			for k, v := range e["Variables"].(map[string]any) {
				env[k] = render(v)
			}
		}
		wantEnv := map[string]string{
			config.EnvTable:           ref(table),
			config.EnvBus:             ref(bus),
			config.EnvParameterPrefix: "/relais",
		}
		if want.bucket {
			wantEnv[config.EnvBucket] = ref(bucket)
		}
		if want.media {
			wantEnv[config.EnvMediaBucket] = ref(mediaBucketID(t))
		}
		if want.schedules {
			wantEnv[config.EnvScheduleGroup] = ref(onlyID(t, "AWS::Scheduler::ScheduleGroup"))
			wantEnv[config.EnvReporterARN] = arn(idWhere(t, "AWS::Lambda::Function", "FunctionName", "relais-reporter"))
			wantEnv[config.EnvSchedulerRoleARN] = arn(schedulerRoleID(t))
		}
		if want.threads {
			wantEnv[config.EnvScheduleGroup] = ref(onlyID(t, "AWS::Scheduler::ScheduleGroup"))
			wantEnv[config.EnvSchedulerRoleARN] = arn(schedulerRoleID(t))
			// From the name: an attribute of the moderator in its own
			// settings would be a cycle.
			wantEnv[config.EnvModeratorARN] = "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:relais-moderator"
		}
		if want.posts {
			wantEnv[config.EnvPublisherARN] = arn(idWhere(t, "AWS::Lambda::Function", "FunctionName", "relais-publisher"))
		}
		if want.signIn {
			wantEnv[config.EnvIssuer] = "https://cognito-idp.${AWS::Region}.${AWS::URLSuffix}/" + ref(onlyID(t, "AWS::Cognito::UserPool"))
			wantEnv[config.EnvAppClientID] = ref(onlyID(t, "AWS::Cognito::UserPoolClient"))
			wantEnv[config.EnvConsoleOrigin] = DefaultConsoleOrigin
		}
		if !reflect.DeepEqual(env, wantEnv) {
			t.Errorf("function %s: environment %v, want %v", name, env, wantEnv)
		}

		logs := idWhere(t, "AWS::Logs::LogGroup", "LogGroupName", "/aws/lambda/relais-"+name)
		if got := render(p["LoggingConfig"].(map[string]any)["LogGroup"]); got != ref(logs) {
			t.Errorf("function %s: log group %s, want %s", name, got, ref(logs))
		}
		if props(resources("AWS::Logs::LogGroup")[logs])["RetentionInDays"] == nil {
			t.Errorf("function %s: logs kept forever", name)
		}
	}
}

func TestWebhookURL(t *testing.T) {
	functionURL(t, "webhook")
}

// functionURL proves a function has a public URL, and returns the URL's
// logical id.
func functionURL(t *testing.T, function string) string {
	t.Helper()
	fn := idWhere(t, "AWS::Lambda::Function", "FunctionName", "relais-"+function)
	id := idWhere(t, "AWS::Lambda::Url", "TargetFunctionArn", arn(fn))
	if got := props(resources("AWS::Lambda::Url")[id])["AuthType"]; got != "NONE" {
		t.Errorf("%s's URL: auth type %v, want NONE (it verifies its callers itself)", function, got)
	}
	return id
}

func TestScheduler(t *testing.T) {
	check(t, "schedule group", func() {
		template.HasResourceProperties(jsii.String("AWS::Scheduler::ScheduleGroup"), map[string]any{"Name": "relais"})
	})
	role := schedulerRoleID(t)
	doc := props(resources("AWS::IAM::Role")[role])["AssumeRolePolicyDocument"].(map[string]any)
	want := []any{map[string]any{
		"Action":    "sts:AssumeRole",
		"Effect":    "Allow",
		"Principal": map[string]any{"Service": "scheduler.amazonaws.com"},
		"Condition": map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": map[string]any{"Ref": "AWS::AccountId"}}},
	}}
	if !reflect.DeepEqual(doc["Statement"], want) {
		t.Errorf("scheduler trust policy %v, want %v", doc["Statement"], want)
	}

	publisher := idWhere(t, "AWS::Lambda::Function", "FunctionName", "relais-publisher")
	reporter := idWhere(t, "AWS::Lambda::Function", "FunctionName", "relais-reporter")
	moderator := idWhere(t, "AWS::Lambda::Function", "FunctionName", "relais-moderator")
	poller := idWhere(t, "AWS::Lambda::Function", "FunctionName", "relais-poller")
	var got []string
	for _, s := range roleStatements(t, role) {
		for _, action := range strs(s["Action"]) {
			for _, resource := range strs(s["Resource"]) {
				got = append(got, action+" on "+resource)
			}
		}
	}
	wantGrants := []string{"lambda:InvokeFunction on " + arn(publisher), "lambda:InvokeFunction on " + arn(reporter),
		"lambda:InvokeFunction on " + arn(moderator), "lambda:InvokeFunction on " + arn(poller)}
	if !reflect.DeepEqual(sorted(got), sorted(wantGrants)) {
		t.Errorf("scheduler role may %v, want %v", got, wantGrants)
	}
	for _, r := range []struct{ name, expression, target, input string }{
		{"safety-sweep", "rate(5 minutes)", publisher, `{"sweep":true}`},
		{"token-check", "rate(1 day)", publisher, `{"tokenCheck":true}`},
		{"moderation-sweep", "rate(5 minutes)", moderator, `{"sweep":true}`},
		{"poll", "rate(1 minute)", poller, `{"poll":true}`},
	} {
		check(t, r.name, func() {
			template.HasResourceProperties(jsii.String("AWS::Scheduler::Schedule"), map[string]any{
				"Name":               r.name,
				"GroupName":          map[string]any{"Ref": onlyID(t, "AWS::Scheduler::ScheduleGroup")},
				"ScheduleExpression": r.expression,
				"FlexibleTimeWindow": map[string]any{"Mode": "OFF"},
				"Target": map[string]any{
					"Arn":     map[string]any{"Fn::GetAtt": []any{r.target, "Arn"}},
					"RoleArn": map[string]any{"Fn::GetAtt": []any{role, "Arn"}},
					"Input":   r.input,
				},
			})
		})
	}
}

// schedulerRoleID finds the role EventBridge Scheduler assumes.
func schedulerRoleID(t *testing.T) string {
	t.Helper()
	var ids []string
	for id, res := range resources("AWS::IAM::Role") {
		b, _ := json.Marshal(props(res)["AssumeRolePolicyDocument"])
		var doc struct {
			Statement []struct{ Principal struct{ Service string } }
		}
		_ = json.Unmarshal(b, &doc)
		for _, s := range doc.Statement {
			if s.Principal.Service == "scheduler.amazonaws.com" {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) != 1 {
		t.Fatalf("scheduler roles: %v, want one", ids)
	}
	return ids[0]
}

func TestConfigParameter(t *testing.T) {
	id := idWhere(t, "AWS::SSM::Parameter", "Name", "/relais/config")
	p := props(resources("AWS::SSM::Parameter")[id])
	if p["Type"] != "String" {
		t.Errorf("config parameter type %v, want String", p["Type"])
	}
	var got config.Settings
	if err := json.Unmarshal([]byte(render(p["Value"])), &got); err != nil {
		t.Fatalf("config parameter value %s: %v", render(p["Value"]), err)
	}
	want := config.Settings{
		Table:            ref(onlyID(t, "AWS::DynamoDB::Table")),
		Bus:              ref(onlyID(t, "AWS::Events::EventBus")),
		Bucket:           ref(reportsBucketID(t)),
		ScheduleGroup:    ref(onlyID(t, "AWS::Scheduler::ScheduleGroup")),
		PublisherARN:     arn(idWhere(t, "AWS::Lambda::Function", "FunctionName", "relais-publisher")),
		ReporterARN:      arn(idWhere(t, "AWS::Lambda::Function", "FunctionName", "relais-reporter")),
		SchedulerRoleARN: arn(schedulerRoleID(t)),
		ParameterPrefix:  "/relais",
	}
	if got != want {
		t.Errorf("config parameter holds %+v, want %+v", got, want)
	}
	if want.ConfigParameter() != "/relais/config" {
		t.Errorf("config.Settings names its parameter %s", want.ConfigParameter())
	}
}

func TestOutputs(t *testing.T) {
	url := functionURL(t, "webhook")
	console := "https://${" + onlyID(t, "AWS::CloudFront::Distribution") + ".DomainName}/"
	want := map[string]string{
		"WebhookUrl":            "${" + url + ".FunctionUrl}",
		"ConsoleUrl":            console,
		"ApiUrl":                console + "api/",
		"UserPoolId":            ref(onlyID(t, "AWS::Cognito::UserPool")),
		"UserPoolClientId":      ref(onlyID(t, "AWS::Cognito::UserPoolClient")),
		"TableName":             ref(onlyID(t, "AWS::DynamoDB::Table")),
		"BusName":               ref(onlyID(t, "AWS::Events::EventBus")),
		"BucketName":            ref(reportsBucketID(t)),
		"SchedulerRoleArn":      arn(schedulerRoleID(t)),
		"ConfigParameterName":   ref(onlyID(t, "AWS::SSM::Parameter")),
		"NotificationsTopicArn": ref(onlyID(t, "AWS::SNS::Topic")),
	}
	got := map[string]string{}
	for name, o := range cfn["Outputs"].(map[string]any) {
		got[name] = render(o.(map[string]any)["Value"])
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("outputs %v, want %v", got, want)
	}
}

// TestPublisherOnFailure proves that an asynchronous invocation of the
// publisher that failed every retry (a timeout, a crash) is not lost: its
// record goes to the bus, whose rule hands it back to the publisher, which
// flags the post. The destination uses the publisher's own grant to put
// events on the bus, and nothing more.
func TestPublisherOnFailure(t *testing.T) {
	bus := onlyID(t, "AWS::Events::EventBus")
	publisher := idWhere(t, "AWS::Lambda::Function", "FunctionName", "relais-publisher")
	check(t, "publisher's on-failure destination", func() {
		template.HasResourceProperties(jsii.String("AWS::Lambda::EventInvokeConfig"), map[string]any{
			"FunctionName":         map[string]any{"Ref": publisher},
			"Qualifier":            "$LATEST",
			"MaximumRetryAttempts": 2,
			"DestinationConfig": map[string]any{
				"OnFailure": map[string]any{"Destination": map[string]any{"Fn::GetAtt": []any{bus, "Arn"}}},
			},
		})
	})
	check(t, "one destination", func() {
		template.ResourceCountIs(jsii.String("AWS::Lambda::EventInvokeConfig"), jsii.Number(1))
	})
	var found bool
	for _, r := range routing.Rules {
		if r.Pattern.Matches(routing.LambdaSource, routing.DetailInvocationFailure, nil) {
			found = true
			if !slices.Contains(r.Targets, routing.Target{Kind: routing.Function, Name: routing.Publisher}) {
				t.Errorf("rule %s: targets %v, want the publisher", r.Name, r.Targets)
			}
		}
	}
	if !found {
		t.Errorf("no rule takes the failed invocations' records")
	}
	if !access.Allows(routing.Publisher, "events:PutEvents", access.OnBus) {
		t.Errorf("the publisher may not put its failed invocations' records on the bus")
	}
}
