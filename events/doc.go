// Package events holds samples of the events Relais functions receive, and
// the JSON Schemas of their payloads:
//
//   - testdata/bus-<detail type>.json: a whole EventBridge event from the
//     Relais bus, as a Lambda function receives it, one per detail type in
//     relais.DetailTypes;
//   - testdata/scheduler-<job>.json: the input an EventBridge Scheduler
//     schedule hands a function (relais.PublishInput, relais.ReportInput);
//   - schemas/<detail type>.schema.json and schemas/scheduler-<job>.schema.json:
//     JSON Schemas (draft 2020-12) of a bus event's detail and of a
//     scheduler input;
//   - webhooks/<network>/<kind>.json: webhook deliveries as each network
//     sends and signs them (Meta's with non-ASCII text escaped as
//     \uXXXX). They are raw network payloads, not Relais events: the
//     network packages' tests (internal/meta, x, linkedin, tiktok) parse
//     every file of their network and check its signature.
//
// The package embeds the schemas, so that tests elsewhere can validate the
// events Relais really emits (ValidateDetail). Its own tests load every file
// of testdata/ and schemas/ and check that the samples, the schemas, the Go types in
// internal/relais and the bus rules in internal/routing agree, so none of
// them can drift from the others.
package events
