package config

// Endpoints overrides where the SDK clients send requests. Empty fields
// keep AWS's own endpoints; the local stack sets them all.
type Endpoints struct {
	// DynamoDB is DynamoDB Local's URL.
	DynamoDB string `json:"dynamodb"`
	// AWS is the local emulator's URL for EventBridge, Scheduler, S3 and SSM.
	AWS string `json:"aws"`
}

// Local reports whether the endpoints point at the local stack.
func (e Endpoints) Local() bool { return e.DynamoDB != "" || e.AWS != "" }
