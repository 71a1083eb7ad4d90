// Package tests holds end-to-end tests of Relais on the local stack: the
// four functions wired through DynamoDB Local, the AWS emulator and the
// sandbox network, driven by a clock the tests control.
package tests
