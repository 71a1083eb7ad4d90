// Command prepare rebuilds the training corpus, corpus.jsonl.gz, and the
// outside set, outside.jsonl.gz, from the public repositories listed in
// DATA.md, read from their fetched git snapshots at the recorded commits:
//
//	go run ./internal/score/model/prepare -mirror /work/.mirror
//
// It keeps only the text and the labels the model learns, drops
// duplicates, and writes the same bytes each time.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"html"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"archive/zip"
)

// source is one file of one repository at one commit.
type source struct {
	name, repo, commit, path string
	// zipped names the file inside path when path is a zip archive.
	zipped string
	read   func(data []byte) ([]example, error)
}

// example is one line of the corpus.
type example struct {
	Text   string   `json:"text"`
	Lang   string   `json:"lang"`
	Labels []string `json:"labels"` // none: clean
	Source string   `json:"source"`
	// Split is train, calibration (the trainer fits its calibration and
	// review points there) or heldout (never used to train or tune); the
	// outside set has none.
	Split string `json:"split,omitempty"`
	// Judged lists the categories a source's annotators judged, when not
	// all of them: a tweet FTR calls not racist may still insult.
	Judged []string `json:"judged,omitempty"`
}

var sources = []source{
	{name: "davidson2017", repo: "t-davidson/hate-speech-and-offensive-language", commit: "cb50f7e9eb855a99abc51423bf40df0e26d6fe30",
		path: "data/labeled_data.csv", read: readDavidson},
	{name: "mlma-en", repo: "HKUST-KnowComp/MLMA_hate_speech", commit: "479836984aebfbd8a0270ca92018980f745e4c44",
		path: "hate_speech_mlma.zip", zipped: "hate_speech_mlma/en_dataset_with_stop_words.csv", read: readMLMA("en")},
	{name: "mlma-fr", repo: "HKUST-KnowComp/MLMA_hate_speech", commit: "479836984aebfbd8a0270ca92018980f745e4c44",
		path: "hate_speech_mlma.zip", zipped: "hate_speech_mlma/fr_dataset.csv", read: readMLMA("fr")},
	{name: "sms-spam", repo: "KulkarniPradyumna/SMS-Spam-Classifier", commit: "ce88b5558d8d128b5728eb982af40c64f44cec74",
		path: "data/SMSSpamCollection", read: readSMS},
	{name: "youtube-spam-psy", repo: "ECE457-A/FeatureSelection", commit: "c570c1e17ca2998e690f4c0c194304ab484866c9",
		path: "Youtube01-Psy.csv", read: readYouTube},
	// Kotzias et al. (KDD 2015), "Sentiment Labelled Sentences": review
	// sentences, the negative ones legitimate complaints that must stay
	// visible.
	{name: "reviews-amazon", repo: "Rithwikksvr/Positive-Negative-Review-Classifier", commit: "7cc586d57b67dd369dcf4854a768070dc4c1a951",
		path: "amazon_cells_labelled.txt", read: readSentences},
	{name: "reviews-yelp", repo: "Rithwikksvr/Positive-Negative-Review-Classifier", commit: "7cc586d57b67dd369dcf4854a768070dc4c1a951",
		path: "yelp_labelled.txt", read: readSentences},
	{name: "reviews-imdb", repo: "Rithwikksvr/Positive-Negative-Review-Classifier", commit: "7cc586d57b67dd369dcf4854a768070dc4c1a951",
		path: "imdb_labelled.txt", read: readSentences},
}

// outside are sources measured, never learnt from nor tuned on: comments
// from elsewhere, to see how the scorer holds on what it never saw.
var outside = []source{
	// Vanetik et al., French tweets on racism: 1 racist, 0 not.
	{name: "ftr-fr", repo: "NataliaVanetik/FTR-dataset", commit: "324f4e877f9df3a24c7eb3d1e0577544020ddeb6",
		path: "FTR_new_labels.csv", read: readFTR},
}

func main() {
	mirror := flag.String("mirror", "/work/.mirror", "where the fetched snapshots are, one owner+name/repo git directory each")
	out := flag.String("o", "internal/score/model/corpus.jsonl.gz", "the corpus to write")
	outsideOut := flag.String("outside", "internal/score/model/outside.jsonl.gz", "the outside set to write")
	flag.Parse()
	if err := run(*mirror, *out, *outsideOut); err != nil {
		fmt.Fprintln(os.Stderr, "prepare:", err)
		os.Exit(1)
	}
}

func run(mirror, out, outsideOut string) error {
	// The outside set drops what the corpus holds: it must be unseen.
	seen := map[string]bool{}
	if err := write(mirror, sources, seen, true, out); err != nil {
		return err
	}
	return write(mirror, outside, seen, false, outsideOut)
}

// write reads sources and writes their examples not seen yet to out;
// split assigns the corpus's splits.
func write(mirror string, sources []source, seen map[string]bool, split bool, out string) error {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf) // no name, no time: the same bytes each run
	enc := json.NewEncoder(zw)
	enc.SetEscapeHTML(false)
	for _, s := range sources {
		data, err := gitShow(mirror, s)
		if err != nil {
			return err
		}
		exs, err := s.read(data)
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		kept := 0
		counts := map[string]int{}
		for _, ex := range exs {
			ex.Text = strings.Join(strings.Fields(ex.Text), " ")
			key := strings.ToLower(ex.Text)
			if ex.Text == "" || seen[key] {
				continue
			}
			seen[key] = true
			ex.Source = s.name
			if split {
				ex.Split = splitOf(key)
			}
			if err := enc.Encode(ex); err != nil {
				return err
			}
			kept++
			switch {
			case len(ex.Labels) > 0:
			case len(ex.Judged) > 0:
				counts["not "+strings.Join(ex.Judged, ",")]++
			default:
				counts["clean"]++
			}
			for _, l := range ex.Labels {
				counts[l]++
			}
		}
		fmt.Printf("%-18s %6d kept of %6d  %v\n", s.name, kept, len(exs), counts)
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

// gitShow reads a source's file from its snapshot.
func gitShow(mirror string, s source) ([]byte, error) {
	dir := filepath.Join(mirror, strings.Replace(s.repo, "/", "+", 1), "repo")
	data, err := exec.Command("git", "--git-dir", dir, "show", s.commit+":"+s.path).Output()
	if err != nil {
		return nil, fmt.Errorf("%s: git show %s:%s in %s (fetch github:%s first): %w", s.name, s.commit, s.path, dir, s.repo, err)
	}
	if s.zipped == "" {
		return data, nil
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.name, err)
	}
	f, err := zr.Open(s.zipped)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.name, err)
	}
	defer f.Close()
	return io.ReadAll(f)
}

func readCSV(data []byte) ([][]string, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	return r.ReadAll()
}

// readDavidson: class 0 hate speech, 1 offensive language, 2 neither.
func readDavidson(data []byte) ([]example, error) {
	rows, err := readCSV(data)
	if err != nil {
		return nil, err
	}
	var out []example
	for _, r := range rows[1:] {
		if len(r) != 7 {
			continue
		}
		ex := example{Text: tweet(r[6]), Lang: "en", Labels: []string{}}
		switch r[5] {
		case "0":
			ex.Labels = []string{"hate"}
		case "1":
			ex.Labels = []string{"insult"}
		}
		out = append(out, ex)
	}
	return out, nil
}

// readMLMA maps the tweet's hostility labels: hateful and fearful (fear
// of a group) are hate; abusive, offensive and disrespectful are insults.
// A tweet some annotators found normal and others not is left out.
func readMLMA(lang string) func([]byte) ([]example, error) {
	return func(data []byte) ([]example, error) {
		rows, err := readCSV(data)
		if err != nil {
			return nil, err
		}
		var out []example
		for _, r := range rows[1:] {
			if len(r) < 3 {
				continue
			}
			labels := strings.Split(r[2], "_")
			if len(labels) > 1 && strings.Contains(r[2], "normal") {
				continue
			}
			ex := example{Text: tweet(r[1]), Lang: lang, Labels: []string{}}
			for _, l := range labels {
				switch l {
				case "hateful", "fearful":
					ex.Labels = appendOnce(ex.Labels, "hate")
				case "abusive", "offensive", "disrespectful":
					ex.Labels = appendOnce(ex.Labels, "insult")
				}
			}
			out = append(out, ex)
		}
		return out, nil
	}
}

// readFTR: id, tweet, then 1 (racist speech) or 0 (none). The labels
// judge racism only. A few bytes of the file are not UTF-8; they are
// dropped.
func readFTR(data []byte) ([]example, error) {
	rows, err := readCSV(bytes.ToValidUTF8(data, nil))
	if err != nil {
		return nil, err
	}
	var out []example
	for _, r := range rows[1:] {
		if len(r) != 3 || r[2] != "0" && r[2] != "1" {
			continue
		}
		ex := example{Text: tweet(r[1]), Lang: "fr", Labels: []string{}, Judged: []string{"hate"}}
		if r[2] == "1" {
			ex.Labels = []string{"hate"}
		}
		out = append(out, ex)
	}
	return out, nil
}

// readSentences: a review sentence, a tab, 1 (positive) or 0 (negative).
// A negative review is a complaint: clean for moderation, and the
// comment that must never be hidden for its tone.
func readSentences(data []byte) ([]example, error) {
	var out []example
	for _, line := range strings.Split(string(data), "\n") {
		text, score, ok := strings.Cut(strings.TrimRight(line, "\r"), "\t")
		if !ok {
			continue
		}
		ex := example{Text: text, Lang: "en", Labels: []string{}}
		switch strings.TrimSpace(score) {
		case "0":
			ex.Labels = []string{"complaint"}
		case "1":
		default:
			continue
		}
		out = append(out, ex)
	}
	return out, nil
}

// readSMS: "ham" or "spam", a tab, the message.
func readSMS(data []byte) ([]example, error) {
	var out []example
	for _, line := range strings.Split(string(data), "\n") {
		label, text, ok := strings.Cut(strings.TrimRight(line, "\r"), "\t")
		if !ok {
			continue
		}
		ex := example{Text: text, Lang: "en", Labels: []string{}}
		if label == "spam" {
			ex.Labels = []string{"spam"}
		}
		out = append(out, ex)
	}
	return out, nil
}

// readYouTube: "spam" or "ham", then the comment.
func readYouTube(data []byte) ([]example, error) {
	rows, err := readCSV(data)
	if err != nil {
		return nil, err
	}
	var out []example
	for _, r := range rows {
		if len(r) != 2 || r[0] != "spam" && r[0] != "ham" {
			continue
		}
		ex := example{Text: html.UnescapeString(r[1]), Lang: "en", Labels: []string{}}
		if r[0] == "spam" {
			ex.Labels = []string{"spam"}
		}
		out = append(out, ex)
	}
	return out, nil
}

// tweet undoes HTML entities and drops the retweet marker, which says
// nothing about the text.
func tweet(s string) string {
	s = html.UnescapeString(s)
	for {
		i := strings.Index(s, "RT @")
		if i < 0 {
			break
		}
		end := strings.IndexAny(s[i+4:], ": ")
		if end < 0 {
			s = s[:i]
			break
		}
		s = s[:i] + s[i+4+end+1:]
	}
	return strings.TrimLeft(s, "!\" ")
}

func appendOnce(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

// splitOf assigns one comment in ten to each of the held-out and the
// calibration splits, by a hash of its text: stable, and the same for
// anyone who rebuilds the corpus.
func splitOf(key string) string {
	h := fnv.New32a()
	h.Write([]byte(key))
	switch h.Sum32() % 10 {
	case 0:
		return "heldout"
	case 1:
		return "calibration"
	}
	return "train"
}
