package sandbox

// APIPath is where the network serves its authenticated API, below the
// local stack's root URL.
const APIPath = "/sandbox/api/"

// CodeDuplicate is the error code with which the network refuses content
// that an account has just posted.
const CodeDuplicate = "duplicate"

// ErrorBody is the envelope of every error answer.
type ErrorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}
