package meta

import "github.com/relais-dev/relais/internal/relais"

// The option a post to Facebook gives (relais.Spec.Options), as the CLI
// (--option format=reel) and the API name it: how its video goes out, as
// a Page video (the default) or as a Reel.
const (
	OptionFormat = "format"
	FormatVideo  = "video"
	FormatReel   = "reel"
)

var facebookOptions = []relais.Option{
	{Name: OptionFormat, Values: []string{FormatVideo, FormatReel},
		Help: "how the post's one video goes out: a Page video (the default) or a Reel (9:16, 3 to 90 seconds)"},
}

// reelTypes are a Reel's file types: the Reels Publishing guide
// recommends .mp4, and Relais also sends QuickTime, as a Page video.
var reelTypes = []string{"video/mp4", "video/quicktime"}

// checkFacebook is FacebookSpec.CheckContent: a Reel is one video and
// nothing else, of a type a Reel takes. Its duration (3 to 90 seconds)
// and aspect ratio (9:16) are the guide's rules too, but Relais cannot
// read them without decoding the video: Meta refuses such a Reel when
// it processes it.
func checkFacebook(c relais.Content) error {
	if c.Options[OptionFormat] != FormatReel {
		return nil
	}
	att := c.Attached()
	if len(att) != 1 || att[0].Kind != relais.FormatVideo {
		return relais.Errorf(relais.EINVALID, "a Facebook Reel (option %s=%s) carries exactly one video and nothing else", OptionFormat, FormatReel)
	}
	for _, t := range reelTypes {
		if att[0].ContentType == t {
			return nil
		}
	}
	return relais.Errorf(relais.EINVALID, "a Facebook Reel is MP4 or QuickTime, not %q", att[0].ContentType)
}
