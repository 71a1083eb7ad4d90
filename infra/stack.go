package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfrontorigins"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awseventstargets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsscheduler"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssnssubscriptions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsssm"
	"github.com/aws/aws-cdk-go/awscdk/v2/interfaces/interfacesawsevents"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/relais-dev/relais/internal/access"
	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/routing"
	"github.com/relais-dev/relais/web"
)

// Names fixed by the deployment. The table's key attributes are those of
// internal/dynamo/keys.go.
const (
	busName            = "relais"
	scheduleGroupName  = "relais"
	notificationsTopic = "relais-notifications"
	archiveLogGroup    = "/relais/events"
	functionPrefix     = "relais-"
	ruleNamePrefix     = "relais-"
	reportsPrefix      = "reports/"
	// mediaPrefix holds the clients' images, media/<client>/<id>
	// (media.ObjectKey).
	mediaPrefix  = "media/"
	indexGSI1    = "GSI1"
	indexGSI2    = "GSI2"
	ttlAttribute = "expiresAt"

	// DefaultAssetDir holds build/<function>/bootstrap, relative to infra/.
	DefaultAssetDir = "../build"

	// DefaultConsoleOrigin is where the console is signed in to until the
	// agency names its console's domain: relais dev's address, so that a
	// console run there can use the deployed pool and API.
	DefaultConsoleOrigin = "http://localhost:8787"
	// customClients is the user attribute granting a person clients,
	// which the API reads as the ID token's custom:clients.
	customClients = "clients"
)

// groups are the user pool's groups, one per Relais role (auth.Roles,
// which infra does not import: it would carry the OIDC library into the
// CDK app), strongest first.
var groups = []struct{ name, description string }{
	{"admin", "Runs the agency's Relais: every client, users included."},
	{"manager", "Community manager: the clients in custom:clients."},
	{"reviewer", "Reviews the one client in custom:clients."},
}

// function is the runtime shape of one Lambda function, its memory
// size from routing.MemoryMB. It holds plain numbers: a CDK value here
// would start Node at package initialization.
type function struct {
	timeoutSeconds float64
	// reserved is the function's reserved concurrency, which is also its
	// cap; 0 leaves it in the account's shared pool.
	reserved float64
}

var functions = map[string]function{
	// The webhook's URL is public: at most 50 instances, so that a flood
	// of calls, signed or not, cannot take the account's concurrency from
	// the publisher and the moderator. A hundred times the viral burst of
	// the README needs about 20; calls over the cap get 429, which the
	// networks retry.
	routing.Webhook:   {timeoutSeconds: 10, reserved: 50},
	routing.Publisher: {timeoutSeconds: 60},
	routing.Moderator: {timeoutSeconds: 30},
	routing.Reporter:  {timeoutSeconds: 120},
	// One poll reads every account in turn, each call bounded by the
	// adapters' timeout.
	routing.Poller: {timeoutSeconds: 55},
	// The API answers people: it ends before CloudFront's 30 s origin
	// read timeout gives up on it. Its URL is public too, so it is capped
	// like the webhook's; the agency's few people need a handful.
	routing.API: {timeoutSeconds: 25, reserved: 20},
}

// RelaisStackProps configures the stack.
type RelaisStackProps struct {
	awscdk.StackProps
	// AssetDir holds one folder per function with its bootstrap binary.
	// Empty means DefaultAssetDir.
	AssetDir string
	// ConsoleDir holds the built console, deployed into the Console
	// bucket. Empty means DefaultConsoleDir.
	ConsoleDir string
	// AlertEmails are subscribed to the notifications topic.
	AlertEmails []string
	// Branding is the agency's in every report (validated at synthesis).
	Branding relais.Branding
	// ConsoleDomain is the host name the console is served on: the
	// agency's own (with ConsoleCertificateARN), or the distribution's
	// *.cloudfront.net name once a first deployment has made it. The
	// sign-in's callback URLs and the API's CORS origin name it; empty
	// means DefaultConsoleOrigin. It is a setting, not a reference to the
	// distribution: the distribution depends on the API's URL, so the
	// API and its app client cannot depend on the distribution.
	ConsoleDomain string
	// ConsoleCertificateARN is an ACM certificate in us-east-1 for a
	// ConsoleDomain of the agency's own.
	ConsoleCertificateARN string
	// SignInDomainPrefix names the user pool's hosted sign-in,
	// https://<prefix>.auth.<region>.amazoncognito.com; empty means
	// relais-<account id>, unique in the region.
	SignInDomainPrefix string
}

// RelaisStack is one Relais deployment.
type RelaisStack struct {
	awscdk.Stack
	Table  awsdynamodb.Table
	Bus    awsevents.EventBus
	Bucket awss3.Bucket
	// Media holds the clients' uploaded images, which the console's
	// browser PUTs by pre-signed URLs: its CORS rule lets the console's
	// origin do so.
	Media         awss3.Bucket
	Notifications awssns.Topic
	Archive       awslogs.LogGroup
	Functions     map[string]awslambda.Function
	SchedulerRole awsiam.Role
	// UserPool holds the agency's people; ConsoleClient is the console's
	// app client, whose ID tokens the API takes.
	UserPool awscognito.UserPool
	// SignInDomain is the hosted sign-in's, where the console exchanges
	// its code for tokens.
	SignInDomain  awscognito.UserPoolDomain
	ConsoleClient awscognito.UserPoolClient
	// Console holds the console's files, served by Distribution, which
	// also sends /api/* to the api function's URL.
	Console      awss3.Bucket
	Distribution awscloudfront.Distribution
}

// NewRelaisStack defines every resource of a Relais deployment: the table,
// the bus and its rules (exactly routing.Rules), the reports bucket, the
// four functions with least-privilege roles, the scheduler's group and
// role, and the configuration parameter the CLI reads.
func NewRelaisStack(scope constructs.Construct, id string, props *RelaisStackProps) *RelaisStack {
	if props == nil {
		props = &RelaisStackProps{}
	}
	assetDir := props.AssetDir
	if assetDir == "" {
		assetDir = DefaultAssetDir
	}
	if err := props.Branding.Validate(); err != nil {
		panic(fmt.Sprintf("infra: agency branding: %s", relais.ErrorMessage(err)))
	}
	stack := awscdk.NewStack(scope, jsii.String(id), &props.StackProps)
	s := &RelaisStack{Stack: stack, Functions: map[string]awslambda.Function{}}

	s.Table = awsdynamodb.NewTable(stack, jsii.String("Table"), &awsdynamodb.TableProps{
		PartitionKey:        &awsdynamodb.Attribute{Name: jsii.String("PK"), Type: awsdynamodb.AttributeType_STRING},
		SortKey:             &awsdynamodb.Attribute{Name: jsii.String("SK"), Type: awsdynamodb.AttributeType_STRING},
		BillingMode:         awsdynamodb.BillingMode_PAY_PER_REQUEST,
		TimeToLiveAttribute: jsii.String(ttlAttribute),
		PointInTimeRecoverySpecification: &awsdynamodb.PointInTimeRecoverySpecification{
			PointInTimeRecoveryEnabled: jsii.Bool(true),
		},
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
	})
	s.Table.AddGlobalSecondaryIndex(&awsdynamodb.GlobalSecondaryIndexProps{
		IndexName:      jsii.String(indexGSI1),
		PartitionKey:   &awsdynamodb.Attribute{Name: jsii.String("GSI1PK"), Type: awsdynamodb.AttributeType_STRING},
		SortKey:        &awsdynamodb.Attribute{Name: jsii.String("GSI1SK"), Type: awsdynamodb.AttributeType_STRING},
		ProjectionType: awsdynamodb.ProjectionType_ALL,
	})
	// Scheduled posts only, by time: the safety sweep's view.
	s.Table.AddGlobalSecondaryIndex(&awsdynamodb.GlobalSecondaryIndexProps{
		IndexName:      jsii.String(indexGSI2),
		PartitionKey:   &awsdynamodb.Attribute{Name: jsii.String("GSI2PK"), Type: awsdynamodb.AttributeType_STRING},
		SortKey:        &awsdynamodb.Attribute{Name: jsii.String("GSI2SK"), Type: awsdynamodb.AttributeType_STRING},
		ProjectionType: awsdynamodb.ProjectionType_ALL,
	})

	s.Bus = awsevents.NewEventBus(stack, jsii.String("Bus"), &awsevents.EventBusProps{
		EventBusName: jsii.String(busName),
	})

	s.Bucket = awss3.NewBucket(stack, jsii.String("Reports"), &awss3.BucketProps{
		BlockPublicAccess: awss3.BlockPublicAccess_BLOCK_ALL(),
		EnforceSSL:        jsii.Bool(true),
		Encryption:        awss3.BucketEncryption_S3_MANAGED,
		LifecycleRules: &[]*awss3.LifecycleRule{{
			Id:                                  jsii.String("expire-reports"),
			Expiration:                          awscdk.Duration_Days(jsii.Number(400)),
			AbortIncompleteMultipartUploadAfter: awscdk.Duration_Days(jsii.Number(1)),
		}},
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
	})

	s.Media = awss3.NewBucket(stack, jsii.String("Media"), &awss3.BucketProps{
		BlockPublicAccess: awss3.BlockPublicAccess_BLOCK_ALL(),
		EnforceSSL:        jsii.Bool(true),
		Encryption:        awss3.BucketEncryption_S3_MANAGED,
		Cors: &[]*awss3.CorsRule{{
			AllowedOrigins: jsii.Strings(consoleOrigin(props)),
			AllowedMethods: &[]awss3.HttpMethods{awss3.HttpMethods_PUT, awss3.HttpMethods_GET},
			AllowedHeaders: jsii.Strings("Content-Type"),
			ExposedHeaders: jsii.Strings("ETag"),
			MaxAge:         jsii.Number(600),
		}},
		LifecycleRules: &[]*awss3.LifecycleRule{{
			Id:                                  jsii.String("abort-incomplete-uploads"),
			AbortIncompleteMultipartUploadAfter: awscdk.Duration_Days(jsii.Number(1)),
		}},
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
	})

	s.Notifications = awssns.NewTopic(stack, jsii.String("Notifications"), &awssns.TopicProps{
		TopicName:   jsii.String(notificationsTopic),
		DisplayName: jsii.String("Relais"),
		EnforceSSL:  jsii.Bool(true),
	})
	for _, email := range props.AlertEmails {
		s.Notifications.AddSubscription(awssnssubscriptions.NewEmailSubscription(jsii.String(email), nil))
	}

	s.Archive = awslogs.NewLogGroup(stack, jsii.String("Archive"), &awslogs.LogGroupProps{
		LogGroupName:  jsii.String(archiveLogGroup),
		Retention:     awslogs.RetentionDays_ONE_YEAR,
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
	})
	// EventBridge writes to a log group only if its resource policy allows
	// it. Writing the policy here keeps CDK's log group target from
	// deploying a custom resource (and its Lambda function) to do so.
	s.Archive.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions: jsii.Strings("logs:CreateLogStream", "logs:PutLogEvents"),
		Principals: &[]awsiam.IPrincipal{
			awsiam.NewServicePrincipal(jsii.String("events.amazonaws.com"), nil),
			awsiam.NewServicePrincipal(jsii.String("delivery.logs.amazonaws.com"), nil),
		},
		Resources: jsii.Strings(*s.Archive.LogGroupArn()),
	}))

	// The schedule group and Scheduler's role come before the functions,
	// whose grants and settings name them.
	scheduleGroup := awsscheduler.NewCfnScheduleGroup(stack, jsii.String("ScheduleGroup"), &awsscheduler.CfnScheduleGroupProps{
		Name: jsii.String(scheduleGroupName),
	})
	s.SchedulerRole = awsiam.NewRole(stack, jsii.String("SchedulerRole"), &awsiam.RoleProps{
		Description: jsii.String("Lets EventBridge Scheduler invoke the Relais functions it runs."),
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("scheduler.amazonaws.com"), &awsiam.ServicePrincipalOpts{
			Conditions: &map[string]interface{}{
				"StringEquals": map[string]interface{}{"aws:SourceAccount": stack.Account()},
			},
		}),
	})
	for _, name := range routing.Functions {
		s.Functions[name] = s.newFunction(name, filepath.Join(assetDir, name), props.Branding)
	}
	// A function that creates schedules names the functions they invoke,
	// known once every function exists: the reporter for engagement and
	// reports, the publisher for posts, the moderator for threads.
	for _, name := range routing.Functions {
		if !access.UsesSchedules(name) {
			continue
		}
		fn := s.Functions[name]
		fn.AddEnvironment(jsii.String(config.EnvScheduleGroup), scheduleGroup.Ref(), nil)
		fn.AddEnvironment(jsii.String(config.EnvSchedulerRoleARN), s.SchedulerRole.RoleArn(), nil)
		if access.Uses(name, access.OnMetricsSchedules) || access.Uses(name, access.OnReportSchedules) {
			fn.AddEnvironment(jsii.String(config.EnvReporterARN), s.Functions[routing.Reporter].FunctionArn(), nil)
		}
		if access.Uses(name, access.OnPostSchedules) {
			fn.AddEnvironment(jsii.String(config.EnvPublisherARN), s.Functions[routing.Publisher].FunctionArn(), nil)
		}
		if access.Uses(name, access.OnOverdueSchedules) {
			// Built from the name, not read from the function: the
			// moderator schedules checks of itself, and a function's
			// attribute in its own settings would depend on itself.
			fn.AddEnvironment(jsii.String(config.EnvModeratorARN), s.functionARN(routing.Moderator), nil)
		}
	}

	url := s.Functions[routing.Webhook].AddFunctionUrl(&awslambda.FunctionUrlOptions{
		// Every network signs its webhooks; the function verifies them.
		AuthType: awslambda.FunctionUrlAuthType_NONE,
	})
	s.addSignIn(props)
	s.addConsole(props)
	consoleDir := props.ConsoleDir
	if consoleDir == "" {
		consoleDir = DefaultConsoleDir
	}
	s.deployConsole(consoleDir)

	for _, r := range routing.Rules {
		s.addRule(r)
	}

	publisher, reporter := s.Functions[routing.Publisher], s.Functions[routing.Reporter]
	// An asynchronous invocation of the publisher that fails every retry
	// (a timeout, a crash) puts its record on the bus, with the grant the
	// publisher already holds; the publisher-failed rule hands it back to
	// the publisher, which flags the post.
	awslambda.NewCfnEventInvokeConfig(stack, jsii.String("PublisherOnFailure"), &awslambda.CfnEventInvokeConfigProps{
		FunctionName:         publisher.FunctionName(),
		Qualifier:            jsii.String("$LATEST"),
		MaximumRetryAttempts: jsii.Number(2),
		DestinationConfig: &awslambda.CfnEventInvokeConfig_DestinationConfigProperty{
			OnFailure: &awslambda.CfnEventInvokeConfig_OnFailureProperty{Destination: s.Bus.EventBusArn()},
		},
	})
	s.SchedulerRole.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions: jsii.Strings("lambda:InvokeFunction"),
		Resources: jsii.Strings(*publisher.FunctionArn(), *reporter.FunctionArn(),
			*s.Functions[routing.Moderator].FunctionArn(), *s.Functions[routing.Poller].FunctionArn()),
	}))

	// The routines: the publisher's safety sweep and token check, the
	// moderator's sweep, the poll.
	for _, r := range config.Routines {
		input, err := json.Marshal(r.Input)
		if err != nil {
			panic(fmt.Sprintf("infra: encode input of %s: %v", r.Name, err))
		}
		awsscheduler.NewCfnSchedule(stack, jsii.String(r.Name), &awsscheduler.CfnScheduleProps{
			Name:               jsii.String(r.Name),
			GroupName:          scheduleGroup.Ref(),
			ScheduleExpression: jsii.String(r.Expression),
			FlexibleTimeWindow: &awsscheduler.CfnSchedule_FlexibleTimeWindowProperty{Mode: jsii.String("OFF")},
			Target: &awsscheduler.CfnSchedule_TargetProperty{
				Arn:     s.Functions[r.Function].FunctionArn(),
				RoleArn: s.SchedulerRole.RoleArn(),
				Input:   jsii.String(string(input)),
				RetryPolicy: &awsscheduler.CfnSchedule_RetryPolicyProperty{
					MaximumRetryAttempts: jsii.Number(2), MaximumEventAgeInSeconds: jsii.Number(240),
				},
			},
		})
	}

	settings := config.Settings{
		Table:            *s.Table.TableName(),
		Bus:              *s.Bus.EventBusName(),
		Bucket:           *s.Bucket.BucketName(),
		ScheduleGroup:    *scheduleGroup.Ref(),
		PublisherARN:     *publisher.FunctionArn(),
		ReporterARN:      *reporter.FunctionArn(),
		SchedulerRoleARN: *s.SchedulerRole.RoleArn(),
		ParameterPrefix:  config.DefaultParameterPrefix,
	}
	// Tokens are plain strings here; CDK resolves those inside the JSON
	// into an Fn::Join at synthesis.
	settingsJSON, err := json.Marshal(settings)
	if err != nil {
		panic(fmt.Sprintf("infra: encode settings: %v", err))
	}
	parameter := awsssm.NewStringParameter(stack, jsii.String("ConfigParameter"), &awsssm.StringParameterProps{
		ParameterName: jsii.String(settings.ConfigParameter()),
		Description:   jsii.String("Resources of this Relais deployment, read by the relais CLI."),
		StringValue:   jsii.String(string(settingsJSON)),
		Tier:          awsssm.ParameterTier_STANDARD,
	})

	output := func(id string, value *string, description string) {
		awscdk.NewCfnOutput(stack, jsii.String(id), &awscdk.CfnOutputProps{
			Value:       value,
			Description: jsii.String(description),
		})
	}
	output("WebhookUrl", url.Url(), "URL the networks deliver webhooks to")
	output("TableName", s.Table.TableName(), "DynamoDB table")
	output("BusName", s.Bus.EventBusName(), "EventBridge bus")
	output("BucketName", s.Bucket.BucketName(), "Reports bucket")
	output("SchedulerRoleArn", s.SchedulerRole.RoleArn(), "Role EventBridge Scheduler assumes")
	output("ConfigParameterName", parameter.ParameterName(), "SSM parameter holding the deployment's settings")
	output("NotificationsTopicArn", s.Notifications.TopicArn(), "SNS topic to subscribe to for alerts and reports")
	console := "https://" + *s.Distribution.DistributionDomainName()
	if props.ConsoleDomain != "" {
		console = "https://" + props.ConsoleDomain
	}
	output("ConsoleUrl", jsii.String(console+"/"), "The console")
	output("ApiUrl", jsii.String(console+"/api/"), "The Relais API, behind the console's origin")
	output("UserPoolId", s.UserPool.UserPoolId(), "User pool of the agency's people")
	output("UserPoolClientId", s.ConsoleClient.UserPoolClientId(), "The console's app client")
	return s
}

// addSignIn defines the user pool of the agency's people, its groups and
// the console's app client, and gives the api function their issuer, app
// client and the console's origin.
func (s *RelaisStack) addSignIn(props *RelaisStackProps) {
	origin := consoleOrigin(props)
	s.UserPool = awscognito.NewUserPool(s.Stack, jsii.String("Users"), &awscognito.UserPoolProps{
		UserPoolName: jsii.String("relais"),
		// The agency creates its people; nobody signs up.
		SelfSignUpEnabled: jsii.Bool(false),
		// The user name is what the audit trail shows (cognito:username);
		// the email signs in too.
		SignInAliases:       &awscognito.SignInAliases{Username: jsii.Bool(true), Email: jsii.Bool(true)},
		SignInCaseSensitive: jsii.Bool(false),
		AutoVerify:          &awscognito.AutoVerifiedAttrs{Email: jsii.Bool(true)},
		StandardAttributes: &awscognito.StandardAttributes{
			Email: &awscognito.StandardAttribute{Required: jsii.Bool(true), Mutable: jsii.Bool(true)},
		},
		// The clients a manager works on, or a reviewer's one client,
		// comma-separated. Only an admin of the pool changes it.
		CustomAttributes: &map[string]awscognito.ICustomAttribute{
			customClients: awscognito.NewStringAttribute(&awscognito.StringAttributeProps{Mutable: jsii.Bool(true), MaxLen: jsii.Number(2048)}),
		},
		PasswordPolicy: &awscognito.PasswordPolicy{
			MinLength: jsii.Number(12), RequireLowercase: jsii.Bool(true), RequireUppercase: jsii.Bool(true),
			RequireDigits: jsii.Bool(true), RequireSymbols: jsii.Bool(true),
			TempPasswordValidity: awscdk.Duration_Days(jsii.Number(3)),
		},
		Mfa:             awscognito.Mfa_OPTIONAL,
		MfaSecondFactor: &awscognito.MfaSecondFactor{Otp: jsii.Bool(true), Sms: jsii.Bool(false)},
		AccountRecovery: awscognito.AccountRecovery_EMAIL_ONLY,
		// The agency's people and their grants outlive a stack.
		DeletionProtection: jsii.Bool(true),
		RemovalPolicy:      awscdk.RemovalPolicy_RETAIN,
	})
	for i, g := range groups {
		s.UserPool.AddGroup(jsii.String("Group"+exportName(g.name)), &awscognito.UserPoolGroupOptions{
			GroupName: jsii.String(g.name), Description: jsii.String(g.description), Precedence: jsii.Number(float64(i)),
		})
	}
	prefix := props.SignInDomainPrefix
	if prefix == "" {
		prefix = "relais-" + *s.Stack.Account()
	}
	s.SignInDomain = s.UserPool.AddDomain(jsii.String("SignIn"), &awscognito.UserPoolDomainOptions{
		CognitoDomain: &awscognito.CognitoDomainOptions{DomainPrefix: jsii.String(prefix)},
	})

	s.ConsoleClient = s.UserPool.AddClient(jsii.String("Console"), &awscognito.UserPoolClientOptions{
		UserPoolClientName: jsii.String("relais-console"),
		// A browser keeps no secret: the code flow with PKCE instead.
		GenerateSecret: jsii.Bool(false),
		AuthFlows:      &awscognito.AuthFlow{UserSrp: jsii.Bool(true)},
		OAuth: &awscognito.OAuthSettings{
			Flows:        &awscognito.OAuthFlows{AuthorizationCodeGrant: jsii.Bool(true)},
			Scopes:       &[]awscognito.OAuthScope{awscognito.OAuthScope_OPENID(), awscognito.OAuthScope_EMAIL(), awscognito.OAuthScope_PROFILE()},
			CallbackUrls: jsii.Strings(origin + "/"),
			LogoutUrls:   jsii.Strings(origin + "/"),
		},
		SupportedIdentityProviders: &[]awscognito.UserPoolClientIdentityProvider{awscognito.UserPoolClientIdentityProvider_COGNITO()},
		IdTokenValidity:            awscdk.Duration_Hours(jsii.Number(1)),
		AccessTokenValidity:        awscdk.Duration_Hours(jsii.Number(1)),
		RefreshTokenValidity:       awscdk.Duration_Days(jsii.Number(30)),
		EnableTokenRevocation:      jsii.Bool(true),
		PreventUserExistenceErrors: jsii.Bool(true),
		// People read their grants in their tokens but cannot write them.
		ReadAttributes: awscognito.NewClientAttributes().
			WithStandardAttributes(&awscognito.StandardAttributesMask{Email: jsii.Bool(true), EmailVerified: jsii.Bool(true), Fullname: jsii.Bool(true)}).
			WithCustomAttributes(jsii.String(customClients)),
		WriteAttributes: awscognito.NewClientAttributes().
			WithStandardAttributes(&awscognito.StandardAttributesMask{Email: jsii.Bool(true), Fullname: jsii.Bool(true)}),
	})

	api := s.Functions[routing.API]
	// Cognito's issuer, as its ID tokens' iss names it.
	issuer := "https://cognito-idp." + *s.Stack.Region() + "." + *s.Stack.UrlSuffix() + "/" + *s.UserPool.UserPoolId()
	api.AddEnvironment(jsii.String(config.EnvIssuer), jsii.String(issuer), nil)
	api.AddEnvironment(jsii.String(config.EnvAppClientID), s.ConsoleClient.UserPoolClientId(), nil)
	api.AddEnvironment(jsii.String(config.EnvConsoleOrigin), jsii.String(origin), nil)
	// Report Ready carries a link the API serves, once the console has a
	// domain the agency's clients can reach; before, reports are
	// announced without one.
	if props.ConsoleDomain != "" {
		s.Functions[routing.Reporter].AddEnvironment(jsii.String(config.EnvAPIURL), jsii.String(origin+"/api"), nil)
	}
}

// consoleOrigin is the console's origin: its domain's, or
// DefaultConsoleOrigin.
func consoleOrigin(props *RelaisStackProps) string {
	d := props.ConsoleDomain
	if d == "" {
		return DefaultConsoleOrigin
	}
	if strings.ContainsAny(d, "/:") {
		panic(fmt.Sprintf("infra: console domain %q: want a host name, such as console.agency.example", d))
	}
	return "https://" + d
}

// addConsole defines the console's bucket and the distribution that
// serves it, with the API on the same origin under /api/.
func (s *RelaisStack) addConsole(props *RelaisStackProps) {
	s.Console = awss3.NewBucket(s.Stack, jsii.String("Console"), &awss3.BucketProps{
		BlockPublicAccess: awss3.BlockPublicAccess_BLOCK_ALL(),
		EnforceSSL:        jsii.Bool(true),
		Encryption:        awss3.BucketEncryption_S3_MANAGED,
		RemovalPolicy:     awscdk.RemovalPolicy_RETAIN,
	})
	apiURL := s.Functions[routing.API].AddFunctionUrl(&awslambda.FunctionUrlOptions{
		// The API verifies the caller's ID token itself.
		AuthType: awslambda.FunctionUrlAuthType_NONE,
	})

	var domains *[]*string
	var certificate awscertificatemanager.ICertificate
	if d := props.ConsoleDomain; d != "" && !strings.HasSuffix(d, ".cloudfront.net") {
		if props.ConsoleCertificateARN == "" {
			panic(fmt.Sprintf("infra: console domain %s needs a certificate in us-east-1 (consoleCertificateArn)", d))
		}
		domains = jsii.Strings(d)
		certificate = awscertificatemanager.Certificate_FromCertificateArn(s.Stack, jsii.String("ConsoleCertificate"), jsii.String(props.ConsoleCertificateARN))
	}
	// A single-page app: a path it routes itself is served its page.
	spa := func(status float64) *awscloudfront.ErrorResponse {
		return &awscloudfront.ErrorResponse{
			HttpStatus: jsii.Number(status), ResponseHttpStatus: jsii.Number(200),
			ResponsePagePath: jsii.String("/index.html"), Ttl: awscdk.Duration_Seconds(jsii.Number(0)),
		}
	}
	s.Distribution = awscloudfront.NewDistribution(s.Stack, jsii.String("Distribution"), &awscloudfront.DistributionProps{
		Comment:           jsii.String("Relais console and API"),
		DomainNames:       domains,
		Certificate:       certificate,
		DefaultRootObject: jsii.String("index.html"),
		HttpVersion:       awscloudfront.HttpVersion_HTTP2_AND_3,
		PriceClass:        awscloudfront.PriceClass_PRICE_CLASS_100,
		ErrorResponses:    &[]*awscloudfront.ErrorResponse{spa(403), spa(404)},
		DefaultBehavior: &awscloudfront.BehaviorOptions{
			Origin:                awscloudfrontorigins.S3BucketOrigin_WithOriginAccessControl(s.Console, nil),
			ViewerProtocolPolicy:  awscloudfront.ViewerProtocolPolicy_REDIRECT_TO_HTTPS,
			AllowedMethods:        awscloudfront.AllowedMethods_ALLOW_GET_HEAD(),
			CachePolicy:           awscloudfront.CachePolicy_CACHING_OPTIMIZED(),
			ResponseHeadersPolicy: s.consoleHeaders(),
		},
		AdditionalBehaviors: &map[string]*awscloudfront.BehaviorOptions{
			"/api/*": {
				Origin:               awscloudfrontorigins.NewFunctionUrlOrigin(apiURL, nil),
				ViewerProtocolPolicy: awscloudfront.ViewerProtocolPolicy_HTTPS_ONLY,
				AllowedMethods:       awscloudfront.AllowedMethods_ALLOW_ALL(),
				// Every answer is the caller's own; the API sets its own
				// security headers.
				CachePolicy: awscloudfront.CachePolicy_CACHING_DISABLED(),
				// The function URL answers to its own host name only.
				OriginRequestPolicy: awscloudfront.OriginRequestPolicy_ALL_VIEWER_EXCEPT_HOST_HEADER(),
			},
		},
	})
}

// consoleHeaders are the console pages' security headers, with the
// Content-Security-Policy relais dev sets, naming the media bucket that
// images are uploaded to and previewed from, and the user pool's issuer
// and hosted sign-in, which the console calls to sign people in.
func (s *RelaisStack) consoleHeaders() awscloudfront.ResponseHeadersPolicy {
	media := "https://" + *s.Media.BucketRegionalDomainName()
	issuer := "https://cognito-idp." + *s.Stack.Region() + "." + *s.Stack.UrlSuffix()
	return awscloudfront.NewResponseHeadersPolicy(s.Stack, jsii.String("ConsoleHeaders"), &awscloudfront.ResponseHeadersPolicyProps{
		Comment: jsii.String("Relais console: CSP and security headers"),
		SecurityHeadersBehavior: &awscloudfront.ResponseSecurityHeadersBehavior{
			ContentSecurityPolicy: &awscloudfront.ResponseHeadersContentSecurityPolicy{ContentSecurityPolicy: jsii.String(web.Policy(media, issuer, *s.SignInDomain.BaseUrl(nil))), Override: jsii.Bool(true)},
			ContentTypeOptions:    &awscloudfront.ResponseHeadersContentTypeOptions{Override: jsii.Bool(true)},
			FrameOptions:          &awscloudfront.ResponseHeadersFrameOptions{FrameOption: awscloudfront.HeadersFrameOption_DENY, Override: jsii.Bool(true)},
			ReferrerPolicy:        &awscloudfront.ResponseHeadersReferrerPolicy{ReferrerPolicy: awscloudfront.HeadersReferrerPolicy_NO_REFERRER, Override: jsii.Bool(true)},
			StrictTransportSecurity: &awscloudfront.ResponseHeadersStrictTransportSecurity{
				AccessControlMaxAge: awscdk.Duration_Days(jsii.Number(365)), IncludeSubdomains: jsii.Bool(true), Override: jsii.Bool(true),
			},
		},
	})
}

// newFunction defines one function with its own log group and a role that
// holds exactly the grants listed in access.
func (s *RelaisStack) newFunction(name, codeDir string, brand relais.Branding) awslambda.Function {
	spec, ok := functions[name]
	if !ok {
		panic(fmt.Sprintf("infra: no runtime settings for function %q", name))
	}
	id := exportName(name)
	fnName := functionPrefix + name

	logGroup := awslogs.NewLogGroup(s.Stack, jsii.String(id+"Logs"), &awslogs.LogGroupProps{
		LogGroupName:  jsii.String("/aws/lambda/" + fnName),
		Retention:     awslogs.RetentionDays_THREE_MONTHS,
		RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
	})
	role := awsiam.NewRole(s.Stack, jsii.String(id+"Role"), &awsiam.RoleProps{
		Description: jsii.String("Execution role of " + fnName),
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
	})
	for _, g := range access.Grants[name] {
		role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions:   jsii.Strings(g.Actions...),
			Resources: jsii.Strings(s.arns(g.On, logGroup)...),
		}))
	}

	env := map[string]*string{
		config.EnvTable:           s.Table.TableName(),
		config.EnvBus:             s.Bus.EventBusName(),
		config.EnvParameterPrefix: jsii.String(config.DefaultParameterPrefix),
	}
	if access.Uses(name, access.OnMedia) {
		env[config.EnvMediaBucket] = s.Media.BucketName()
	}
	if access.Uses(name, access.OnReports) {
		env[config.EnvBucket] = s.Bucket.BucketName()
		for k, v := range map[string]string{config.EnvAgencyName: brand.Name, config.EnvAgencyLogo: brand.Logo, config.EnvAgencyColor: brand.Color} {
			if v != "" {
				env[k] = jsii.String(v)
			}
		}
	}

	var reserved *float64
	if spec.reserved > 0 {
		reserved = jsii.Number(spec.reserved)
	}
	return awslambda.NewFunction(s.Stack, jsii.String(id), &awslambda.FunctionProps{
		FunctionName: jsii.String(fnName),
		Description:  jsii.String("Relais " + name),
		Runtime:      awslambda.Runtime_PROVIDED_AL2023(),
		Architecture: awslambda.Architecture_ARM_64(),
		Handler:      jsii.String("bootstrap"),
		Code:         awslambda.Code_FromAsset(jsii.String(codeDir), nil),
		MemorySize:   jsii.Number(routing.MemoryMB[name]),
		Timeout:      awscdk.Duration_Seconds(jsii.Number(spec.timeoutSeconds)),
		Role:         role,
		LogGroup:     logGroup,
		Environment:  &env,

		ReservedConcurrentExecutions: reserved,
	})
}

// arns returns the exact ARNs a grant on r covers.
func (s *RelaisStack) arns(r access.Resource, logGroup awslogs.LogGroup) []string {
	// parameters are the parameters whose names, under the prefix,
	// match pattern.
	parameters := func(pattern string) []string {
		name := strings.TrimPrefix(config.DefaultParameterPrefix, "/") + "/" + pattern
		return []string{*s.Stack.FormatArn(&awscdk.ArnComponents{
			Service:      jsii.String("ssm"),
			Resource:     jsii.String("parameter"),
			ResourceName: jsii.String(name),
			ArnFormat:    awscdk.ArnFormat_SLASH_RESOURCE_NAME,
		})}
	}
	schedules := func(name string) []string {
		return []string{*s.Stack.FormatArn(&awscdk.ArnComponents{
			Service:      jsii.String("scheduler"),
			Resource:     jsii.String("schedule"),
			ResourceName: jsii.String(scheduleGroupName + "/" + name),
			ArnFormat:    awscdk.ArnFormat_SLASH_RESOURCE_NAME,
		})}
	}
	switch r {
	case access.OnTable:
		return []string{*s.Table.TableArn()}
	case access.OnClientIndex:
		return []string{*s.Table.TableArn() + "/index/" + indexGSI1}
	case access.OnDueIndex:
		return []string{*s.Table.TableArn() + "/index/" + indexGSI2}
	case access.OnBus:
		return []string{*s.Bus.EventBusArn()}
	case access.OnSecrets:
		return parameters("secrets/*")
	case access.OnLinkKey:
		return parameters("secrets/" + config.LinksSigningKey.Name)
	case access.OnTokens:
		return parameters("tokens/*")
	case access.OnAppCredentials:
		return parameters("secrets/*/client-*")
	case access.OnReports:
		return []string{*s.Bucket.ArnForObjects(jsii.String(reportsPrefix + "*"))}
	case access.OnMedia:
		return []string{*s.Media.ArnForObjects(jsii.String(mediaPrefix + "*"))}
	case access.OnLogs:
		// A log group's ARN ends in ":*", which covers its streams.
		return []string{*logGroup.LogGroupArn()}
	case access.OnMetricsSchedules:
		return schedules("metrics-*")
	case access.OnPostSchedules:
		return schedules("post-*")
	case access.OnReportSchedules:
		return schedules("report-*")
	case access.OnOverdueSchedules:
		return schedules("overdue-*")
	case access.OnSchedulerRole:
		return []string{*s.SchedulerRole.RoleArn()}
	}
	panic(fmt.Sprintf("infra: unknown resource %q", r))
}

// functionARN is a function's ARN from its name alone.
func (s *RelaisStack) functionARN(name string) *string {
	return s.Stack.FormatArn(&awscdk.ArnComponents{
		Service: jsii.String("lambda"), Resource: jsii.String("function"),
		ResourceName: jsii.String(functionPrefix + name), ArnFormat: awscdk.ArnFormat_COLON_RESOURCE_NAME,
	})
}

// addRule deploys one routing rule on the bus.
func (s *RelaisStack) addRule(r routing.Rule) {
	rule := awsevents.NewRule(s.Stack, jsii.String("Rule"+exportName(r.Name)), &awsevents.RuleProps{
		RuleName:     jsii.String(ruleNamePrefix + r.Name),
		EventBus:     s.Bus,
		EventPattern: eventPattern(r.Pattern),
	})
	for _, t := range r.Targets {
		switch t.Kind {
		case routing.Function:
			fn, ok := s.Functions[t.Name]
			if !ok {
				panic(fmt.Sprintf("infra: rule %s targets unknown function %q", r.Name, t.Name))
			}
			rule.AddTarget(awseventstargets.NewLambdaFunction(fn, nil))
		case routing.Notifications:
			rule.AddTarget(awseventstargets.NewSnsTopic(s.Notifications, nil))
		case routing.Archive:
			rule.AddTarget(&logGroupTarget{arn: s.Stack.FormatArn(&awscdk.ArnComponents{
				Service:      jsii.String("logs"),
				Resource:     jsii.String("log-group"),
				ResourceName: s.Archive.LogGroupName(),
				ArnFormat:    awscdk.ArnFormat_COLON_RESOURCE_NAME,
			})})
		default:
			panic(fmt.Sprintf("infra: rule %s has unknown target kind %q", r.Name, t.Kind))
		}
	}
}

// logGroupTarget sends a rule's events to a log group whose resource
// policy already lets EventBridge write to it.
type logGroupTarget struct{ arn *string }

func (t *logGroupTarget) Bind(_ interfacesawsevents.IRuleRef, _ *string) *awsevents.RuleTargetConfig {
	return &awsevents.RuleTargetConfig{Arn: t.arn}
}

// exportName turns "post-needs-attention" into "PostNeedsAttention".
func exportName(s string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '_' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

// eventPattern is a routing pattern as CDK takes it.
func eventPattern(p routing.Pattern) *awsevents.EventPattern {
	out := &awsevents.EventPattern{Source: jsii.Strings(p.Source...), DetailType: jsii.Strings(p.DetailType...)}
	if p.Detail != nil {
		out.Detail = &map[string]interface{}{"labels": p.Detail.Labels}
	}
	return out
}
