package meta

import (
	"slices"
	"strings"

	"github.com/relais-dev/relais/internal/relais"
)

// media is what a post carries, as Meta takes it: images, or one video
// alone.
type media struct {
	images []relais.Attachment
	video  *relais.Attachment
}

// sortMedia refuses, before any call, a post the network would refuse:
// text over its length, no image where one is needed, more media than it
// takes, a video with anything else, a type or size it does not take.
// Types and sizes Relais does not know (an image given by URL alone) are
// left for Meta to judge.
func sortMedia(k call, c relais.Content) (media, error) {
	s := specOf(k.network)
	att := c.Attached()
	// CheckLimits knows a post's image by its URL or its media ids; an
	// adapter is handed them as attachments, a video among them.
	probe := relais.Content{Text: c.Text, Link: c.Link}
	if len(att) > 0 {
		probe.ImageURL = att[0].URL
	}
	if err := s.CheckLimits(probe); err != nil {
		return media{}, k.nc().Refusef("%s", relais.ErrorMessage(err))
	}
	if most := max(s.Limits.MaxMedia, 1); len(att) > most {
		return media{}, k.nc().Refusef("the post carries %d images or videos; %s takes %d at most", len(att), s.Name, most)
	}
	var m media
	for i, a := range att {
		switch a.Kind {
		case relais.FormatImage:
			if a.ContentType != "" {
				if err := s.CheckImage(a.ContentType, a.Bytes); err != nil {
					return media{}, k.nc().Refusef("%s", relais.ErrorMessage(err))
				}
			}
			m.images = append(m.images, a)
		case relais.FormatVideo:
			if len(att) > 1 {
				return media{}, k.nc().Refusef("a video goes out alone on %s, not with %d other items", s.Name, len(att)-1)
			}
			if err := checkVideo(s, a); err != nil {
				return media{}, k.nc().Refusef("%s", relais.ErrorMessage(err))
			}
			m.video = &att[i]
		default:
			return media{}, k.nc().Refusef("an attachment is a %q, neither an image nor a video", a.Kind)
		}
	}
	return m, nil
}

// checkVideo refuses a video of a type or size network s does not take.
func checkVideo(s relais.Spec, a relais.Attachment) error {
	l := s.Limits
	if !slices.Contains(s.Formats, relais.FormatVideo) {
		return relais.Errorf(relais.EINVALID, "%s does not take videos from Relais", s.Name)
	}
	if a.ContentType != "" && len(l.VideoTypes) > 0 && !slices.Contains(l.VideoTypes, a.ContentType) {
		return relais.Errorf(relais.EINVALID, "%s takes %s videos, not %s", s.Name, strings.Join(l.VideoTypes, ", "), a.ContentType)
	}
	if l.MaxVideoBytes > 0 && a.Bytes > l.MaxVideoBytes {
		return relais.Errorf(relais.EINVALID, "the video is %d bytes; %s takes %d at most", a.Bytes, s.Name, l.MaxVideoBytes)
	}
	return nil
}
