package localaws

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// S3 formats and limits.
const (
	s3Namespace        = "http://s3.amazonaws.com/doc/2006-03-01/"
	s3TimeLayout       = "2006-01-02T15:04:05.000Z"
	amzDateLayout      = "20060102T150405Z"
	defaultContentType = "binary/octet-stream"
	defaultMaxKeys     = 1000
	maxPresignExpiry   = 7 * 24 * time.Hour
	// maxObjectSize bounds uploads to the in-memory store; reports are far
	// smaller.
	maxObjectSize = 64 << 20
)

var bucketNamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]$`)

// storedHeaders are the object headers S3 keeps and returns on reads,
// besides user metadata (x-amz-meta-*).
var storedHeaders = []string{"Content-Type", "Content-Disposition", "Content-Encoding", "Content-Language", "Cache-Control", "Expires"}

// responseOverrides are the query parameters with which a GET, typically a
// pre-signed one, overrides stored headers.
var responseOverrides = map[string]string{
	"response-content-type":        "Content-Type",
	"response-content-disposition": "Content-Disposition",
	"response-content-encoding":    "Content-Encoding",
	"response-content-language":    "Content-Language",
	"response-cache-control":       "Cache-Control",
	"response-expires":             "Expires",
}

// presignParams are the query parameters of a pre-signed URL.
var presignParams = []string{"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature"}

type bucket struct {
	objects map[string]*object
	cors    []CORSRule
}

func newBucket() *bucket { return &bucket{objects: map[string]*object{}} }

// object is immutable once stored: a put replaces it whole.
type object struct {
	body     []byte
	header   http.Header
	etag     string
	modified time.Time
}

// serveS3 serves path-style S3 requests: /bucket and /bucket/key.
func (s *Server) serveS3(w http.ResponseWriter, r *http.Request) {
	if err := s.serveS3Operation(w, r); err != nil {
		s.writeS3Error(w, r, err)
	}
}

func (s *Server) serveS3Operation(w http.ResponseWriter, r *http.Request) error {
	rawBucket, rawKey, _ := strings.Cut(strings.TrimPrefix(r.URL.EscapedPath(), "/"), "/")
	if r.Method == http.MethodOptions && rawBucket != "" {
		return s.preflight(w, r, rawBucket)
	}
	s.corsHeaders(w, r, rawBucket)
	if err := s.authorizeS3(r); err != nil {
		return err
	}
	key, err := url.PathUnescape(rawKey)
	if err != nil {
		return newAPIError(http.StatusBadRequest, "InvalidURI", "Couldn't parse the specified URI.")
	}
	q := r.URL.Query()
	switch {
	case rawBucket != "" && key == "" && r.Method == http.MethodPut:
		return s.createBucket(w, rawBucket)
	case rawBucket != "" && key == "" && r.Method == http.MethodGet && q.Get("list-type") == "2":
		return s.listObjects(w, rawBucket, q)
	case rawBucket != "" && key != "" && r.Method == http.MethodPut:
		return s.putObject(w, r, rawBucket, key)
	case rawBucket != "" && key != "" && (r.Method == http.MethodGet || r.Method == http.MethodHead):
		return s.getObject(w, r, rawBucket, key)
	case rawBucket != "" && key != "" && r.Method == http.MethodDelete:
		return s.deleteObject(w, rawBucket, key)
	}
	return newAPIError(http.StatusNotImplemented, "NotImplemented", "%s %s is not an S3 operation served locally.", r.Method, r.URL.Path)
}

// authorizeS3 refuses anonymous requests, as a private bucket does,
// requests signed with expired credentials (ExpireAccessKey), and checks a
// pre-signed URL's expiry by the Clock and, when it knows the key, its
// signature (WithSecretKey). Signed headers of other calls are not
// verified. The SDK dates a URL by the wall clock, so a test that
// checks expiry keeps the server's Clock near time.Now.
func (s *Server) authorizeS3(r *http.Request) error {
	q := r.URL.Query()
	presigned := false
	for _, p := range presignParams {
		presigned = presigned || q.Has(p)
	}
	if !presigned && r.Header.Get("Authorization") == "" {
		return newAPIError(http.StatusForbidden, "AccessDenied", "Anonymous access is refused: sign the request or use a pre-signed URL.")
	}
	if s.accessKeyExpired(r) {
		return newAPIError(http.StatusBadRequest, "ExpiredToken", "The provided token has expired.")
	}
	if !presigned {
		return nil
	}
	for _, p := range presignParams {
		if q.Get(p) == "" {
			return newAPIError(http.StatusBadRequest, "AuthorizationQueryParametersError", "Query-string authentication requires the %s parameter.", p)
		}
	}
	signed, err := time.Parse(amzDateLayout, q.Get("X-Amz-Date"))
	if err != nil {
		return newAPIError(http.StatusBadRequest, "AuthorizationQueryParametersError", "X-Amz-Date must be in the ISO8601 basic format yyyyMMdd'T'HHmmss'Z'.")
	}
	secs, err := strconv.Atoi(q.Get("X-Amz-Expires"))
	expires := time.Duration(secs) * time.Second
	if err != nil || expires < time.Second || expires > maxPresignExpiry {
		return newAPIError(http.StatusBadRequest, "AuthorizationQueryParametersError", "X-Amz-Expires must be a number of seconds from 1 to %d.", int(maxPresignExpiry.Seconds()))
	}
	if s.clock.Now().After(signed.Add(expires)) {
		return newAPIError(http.StatusForbidden, "AccessDenied", "Request has expired")
	}
	if !s.presignedSignatureMatches(r, q, signed) {
		return newAPIError(http.StatusForbidden, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.")
	}
	return nil
}

func (s *Server) createBucket(w http.ResponseWriter, name string) error {
	if !bucketNamePattern.MatchString(name) {
		return newAPIError(http.StatusBadRequest, "InvalidBucketName", "The specified bucket is not valid.")
	}
	s.mu.Lock()
	_, exists := s.buckets[name]
	if !exists {
		s.buckets[name] = newBucket()
	}
	s.mu.Unlock()
	if exists {
		return newAPIError(http.StatusConflict, "BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.")
	}
	w.Header().Set("Location", "/"+name)
	w.WriteHeader(http.StatusOK)
	return nil
}

func (s *Server) putObject(w http.ResponseWriter, r *http.Request, bucketName, key string) error {
	if strings.Contains(r.Header.Get("Content-Encoding"), "aws-chunked") || strings.HasPrefix(r.Header.Get("X-Amz-Content-Sha256"), "STREAMING-") {
		return newAPIError(http.StatusNotImplemented, "NotImplemented", "aws-chunked uploads are not served locally; over plain HTTP the SDK sends whole bodies.")
	}
	if r.Header.Get("X-Amz-Copy-Source") != "" {
		return newAPIError(http.StatusNotImplemented, "NotImplemented", "CopyObject is not served locally.")
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxObjectSize))
	if err != nil {
		return newAPIError(http.StatusBadRequest, "EntityTooLarge", "Your proposed upload exceeds the local maximum of %d bytes.", maxObjectSize)
	}
	header := http.Header{}
	for _, h := range storedHeaders {
		if v := r.Header.Get(h); v != "" {
			header.Set(h, v)
		}
	}
	for k, v := range r.Header {
		if strings.HasPrefix(strings.ToLower(k), "x-amz-meta-") {
			header[k] = v
		}
	}
	if header.Get("Content-Type") == "" {
		header.Set("Content-Type", defaultContentType)
	}
	sum := md5.Sum(body)
	o := &object{body: body, header: header, etag: `"` + hex.EncodeToString(sum[:]) + `"`, modified: s.clock.Now().UTC()}

	s.mu.Lock()
	b, ok := s.buckets[bucketName]
	if ok {
		b.objects[key] = o
	}
	s.mu.Unlock()
	if !ok {
		return noSuchBucket()
	}
	w.Header().Set("ETag", o.etag)
	w.WriteHeader(http.StatusOK)
	return nil
}

// getObject serves GetObject and HeadObject. Range reads are refused
// rather than answered with the whole object.
func (s *Server) getObject(w http.ResponseWriter, r *http.Request, bucketName, key string) error {
	if r.Header.Get("Range") != "" {
		return newAPIError(http.StatusNotImplemented, "NotImplemented", "Range reads are not served locally.")
	}
	s.mu.Lock()
	b, ok := s.buckets[bucketName]
	var o *object
	if ok {
		o = b.objects[key]
	}
	s.mu.Unlock()
	switch {
	case !ok:
		return noSuchBucket()
	case o == nil:
		return newAPIError(http.StatusNotFound, "NoSuchKey", "The specified key does not exist.")
	}
	h := w.Header()
	for k, v := range o.header {
		h[k] = v
	}
	q := r.URL.Query()
	for param, name := range responseOverrides {
		if v := q.Get(param); v != "" {
			h.Set(name, v)
		}
	}
	h.Set("ETag", o.etag)
	h.Set("Last-Modified", o.modified.Format(http.TimeFormat))
	h.Set("Content-Length", strconv.Itoa(len(o.body)))
	h.Set("Accept-Ranges", "bytes")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		_, _ = w.Write(o.body)
	}
	return nil
}

// deleteObject serves DeleteObject: a missing key is no error, as in S3.
func (s *Server) deleteObject(w http.ResponseWriter, bucketName, key string) error {
	s.mu.Lock()
	b, ok := s.buckets[bucketName]
	if ok {
		delete(b.objects, key)
	}
	s.mu.Unlock()
	if !ok {
		return noSuchBucket()
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type listBucketResult struct {
	XMLName               xml.Name `xml:"ListBucketResult"`
	Xmlns                 string   `xml:"xmlns,attr"`
	Name                  string
	Prefix                string
	Delimiter             string `xml:",omitempty"`
	StartAfter            string `xml:",omitempty"`
	ContinuationToken     string `xml:",omitempty"`
	NextContinuationToken string `xml:",omitempty"`
	MaxKeys               int
	KeyCount              int
	IsTruncated           bool
	Contents              []listedObject
	CommonPrefixes        []commonPrefix
}

type listedObject struct {
	Key          string
	LastModified string
	ETag         string
	Size         int
	StorageClass string
}

type commonPrefix struct {
	Prefix string
}

// listObjects serves ListObjectsV2: keys in order, grouped under common
// prefixes when a delimiter is given, max-keys at a time. The continuation
// token is the last key or common prefix returned.
func (s *Server) listObjects(w http.ResponseWriter, bucketName string, q url.Values) error {
	maxKeys := defaultMaxKeys
	if v := q.Get("max-keys"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return newAPIError(http.StatusBadRequest, "InvalidArgument", "max-keys must be a non-negative integer.")
		}
		maxKeys = min(n, defaultMaxKeys)
	}
	after := q.Get("start-after")
	if token := q.Get("continuation-token"); token != "" {
		last, err := base64.RawURLEncoding.DecodeString(token)
		if err != nil {
			return newAPIError(http.StatusBadRequest, "InvalidArgument", "The continuation token provided is incorrect.")
		}
		after = string(last)
	}
	prefix, delimiter := q.Get("prefix"), q.Get("delimiter")

	s.mu.Lock()
	b, ok := s.buckets[bucketName]
	type entry struct {
		key string
		o   *object
	}
	var entries []entry
	if ok {
		for k, o := range b.objects {
			if strings.HasPrefix(k, prefix) {
				entries = append(entries, entry{k, o})
			}
		}
	}
	s.mu.Unlock()
	if !ok {
		return noSuchBucket()
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].key < entries[j].key })

	res := listBucketResult{
		Xmlns: s3Namespace, Name: bucketName, Prefix: prefix, Delimiter: delimiter,
		StartAfter: q.Get("start-after"), ContinuationToken: q.Get("continuation-token"), MaxKeys: maxKeys,
	}
	last := ""
	for _, e := range entries {
		// Skip what earlier pages returned, including every key under a
		// common prefix that ended one.
		if e.key <= after || (delimiter != "" && strings.HasSuffix(after, delimiter) && strings.HasPrefix(e.key, after)) {
			continue
		}
		item := e.key
		if delimiter != "" {
			if i := strings.Index(e.key[len(prefix):], delimiter); i >= 0 {
				item = e.key[:len(prefix)+i+len(delimiter)]
			}
		}
		if item == last {
			continue
		}
		if res.KeyCount == maxKeys {
			res.IsTruncated = true
			res.NextContinuationToken = base64.RawURLEncoding.EncodeToString([]byte(last))
			break
		}
		if item != e.key {
			res.CommonPrefixes = append(res.CommonPrefixes, commonPrefix{Prefix: item})
		} else {
			res.Contents = append(res.Contents, listedObject{
				Key: e.key, LastModified: e.o.modified.Format(s3TimeLayout), ETag: e.o.etag,
				Size: len(e.o.body), StorageClass: "STANDARD",
			})
		}
		res.KeyCount++
		last = item
	}
	return s.writeXML(w, http.StatusOK, res)
}

func (s *Server) writeXML(w http.ResponseWriter, status int, v any) error {
	body, err := xml.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("X-Amz-Request-Id", newID())
	w.WriteHeader(status)
	_, _ = w.Write([]byte(xml.Header))
	_, _ = w.Write(body)
	return nil
}

type s3ErrorBody struct {
	XMLName   xml.Name `xml:"Error"`
	Code      string
	Message   string
	Resource  string
	RequestId string
}

// writeS3Error answers an error as S3 does: an XML body with the code the
// SDK maps to a typed error, and no body for HEAD, whose errors the SDK
// reads from the status alone.
func (s *Server) writeS3Error(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		s.log.Error("internal error", "error", err)
		ae = newAPIError(http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again.")
	}
	if r.Method == http.MethodHead {
		w.WriteHeader(ae.status)
		return
	}
	body := s3ErrorBody{Code: ae.code, Message: ae.message, Resource: r.URL.Path, RequestId: newID()}
	if werr := s.writeXML(w, ae.status, body); werr != nil {
		s.log.Error("encode S3 error", "error", werr)
	}
}

func noSuchBucket() error {
	return newAPIError(http.StatusNotFound, "NoSuchBucket", "The specified bucket does not exist")
}
